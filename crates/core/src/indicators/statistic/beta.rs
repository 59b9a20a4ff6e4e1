use super::ring::Ring;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Beta (TA-Lib `BETA`): the least-squares slope of one series' returns (`y`, TA-Lib's
/// second input) on another's (`x`, the first input, the market) over the last `period`
/// returns. The registry reads high as x and low as y, TA-Lib's abstract-API default.
///
/// As in TA-Lib 0.8.1 the returns are summed as deviations from a shift near their mean,
/// so a drifting series does not cancel the denominator away. The sums are rebuilt from
/// the window, O(period), when the denominator falls below 1e-6 of its scale, when a
/// departing return's square exceeds 1000 times what remains, and at least every
/// `32 * period` bars; otherwise a bar costs O(1). A return whose base price is exactly 0
/// counts as "no return" (minus the shift), and a denominator at rounding level (below
/// 1e-14 of its scale) gives 0.
///
/// ```
/// use sigil_core::indicators::Beta;
/// let mut beta = Beta::new(2).unwrap();
/// let market = [100.0, 101.0, 99.0, 102.0];
/// let stock: Vec<f64> = market.iter().map(|m| 2.0 * m - 100.0).collect(); // moves twice as much
/// let out: Vec<f64> = market.iter().zip(&stock).map(|(&m, &s)| beta.update(m, s)).collect();
/// assert!(out[1].is_nan());
/// assert!(out[2] > 1.9 && out[2] < 2.1);
/// assert_eq!(beta.peek(100.0, 100.0), beta.clone().update(100.0, 100.0));
/// ```
#[derive(Debug, Clone)]
pub struct Beta {
    period: usize,
    n: f64,
    /// The previous `period` prices of each series, oldest first.
    market: Ring,
    security: Ring,
    state: State,
}

#[derive(Debug, Clone, Copy)]
struct State {
    shift_x: f64,
    shift_y: f64,
    sum_xx: f64,
    sum_yy: f64,
    sum_xy: f64,
    sum_x: f64,
    sum_y: f64,
    leaving_xx: f64,
    leaving_yy: f64,
    bars_until_rebuild: usize,
}

impl State {
    /// One pair of (shifted) returns into the running sums.
    #[inline(always)]
    fn add(&mut self, x: f64, y: f64) {
        self.sum_xx += x * x;
        self.sum_yy += y * y;
        self.sum_xy += x * y;
        self.sum_x += x;
        self.sum_y += y;
    }

    fn fresh(period: usize) -> State {
        State {
            shift_x: 0.0,
            shift_y: 0.0,
            sum_xx: 0.0,
            sum_yy: 0.0,
            sum_xy: 0.0,
            sum_x: 0.0,
            sum_y: 0.0,
            leaving_xx: 0.0,
            leaving_yy: 0.0,
            bars_until_rebuild: 32 * period,
        }
    }
}

const REBUILD_BELOW: f64 = 1e-6;
const OUTLIER_RATIO: f64 = 1000.0;
const ZERO_BELOW: f64 = 1e-14;

/// The return from `base` to `price` measured from `shift`; a zero base has no return.
#[inline]
fn shifted_return(price: f64, base: f64, shift: f64) -> f64 {
    if base != 0.0 {
        (price - base) / base - shift
    } else {
        -shift
    }
}

impl Beta {
    pub const NAME: &'static str = "beta";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Beta, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Beta { period, n: period as f64, market: Ring::new(period), security: Ring::new(period), state: State::fresh(period) })
    }

    /// A return needs a previous price, so the first value is at index `period`.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: the warm-up through `update`, then the steady state
    /// on locals, the previous and departing prices (and, for a rebuild, the window)
    /// read from the slices instead of rings, each output slot written once. The same
    /// steps as `update` in the same order, so the same bits.
    pub fn batch(market: &[f64], security: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut beta = Beta::new(period)?;
        let len = market.len().min(security.len());
        let (market, security) = (&market[..len], &security[..len]);
        if len <= period + 1 {
            return Ok(market.iter().zip(security).map(|(&x, &y)| beta.update(x, y)).collect());
        }
        let mut out = Vec::with_capacity(len);
        out.extend(market[..=period].iter().zip(security).map(|(&x, &y)| beta.update(x, y)));
        let mut s = beta.state;
        // Bar i (from period + 1 on): the window holds the returns of prices i - period
        // to i; the first of them, from i - period to i - period + 1, leaves.
        let bars = market[period + 1..].iter().zip(&security[period + 1..]).zip(market[period..].iter().zip(&security[period..]));
        let departing = market[1..].iter().zip(&market[2..]).zip(security[1..].iter().zip(&security[2..]));
        out.extend(bars.zip(departing).enumerate().map(|(start, (((&x, &y), (&last_x, &last_y)), ((&mx0, &mx1), (&sy0, &sy1))))| {
            let x = shifted_return(x, last_x, s.shift_x);
            let y = shifted_return(y, last_y, s.shift_y);
            s.add(x, y);
            let window = start + 1..=start + period + 1;
            let returns = || slice_returns(&market[window.clone()]).zip(slice_returns(&security[window.clone()]));
            beta.full_window(&mut s, ((mx0, mx1), (sy0, sy1)), returns)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, market: f64, security: f64) -> f64 {
        let (value, state) = self.advance(market, security);
        self.state = state;
        self.market.push(market);
        self.security.push(security);
        value
    }

    #[inline]
    pub fn peek(&self, market: f64, security: f64) -> f64 {
        self.advance(market, security).0
    }

    pub fn reset(&mut self) {
        self.market.clear();
        self.security.clear();
        self.state = State::fresh(self.period);
    }

    #[inline]
    fn advance(&self, market: f64, security: f64) -> (f64, State) {
        let mut s = self.state;
        let seen = self.market.len();
        let (Some(last_x), Some(last_y)) = (self.newest(&self.market), self.newest(&self.security)) else {
            return (f64::NAN, s);
        };
        if seen == 1 {
            // TA-Lib anchors the first shift on the first return.
            if last_x != 0.0 {
                s.shift_x = (market - last_x) / last_x;
            }
            if last_y != 0.0 {
                s.shift_y = (security - last_y) / last_y;
            }
        }
        let x = shifted_return(market, last_x, s.shift_x);
        let y = shifted_return(security, last_y, s.shift_y);
        s.add(x, y);
        if seen < self.period {
            return (f64::NAN, s);
        }
        let returns = || prices(&self.market, market).zip(prices(&self.security, security));
        let value = self.full_window(&mut s, self.departing(market, security), returns);
        (value, s)
    }

    /// The value over a full window whose returns are already in the sums, then the
    /// departing return (its (base, price) pairs in the market and the security) taken
    /// out. `returns` yields the window's return pairs, oldest first, for a rebuild.
    /// Shared by `update` and `batch`.
    #[inline(always)]
    fn full_window<I: Iterator<Item = Returns>>(&self, s: &mut State, departing: Returns, returns: impl Fn() -> I) -> f64 {
        let n = self.n;
        let mut denom_scale = n * s.sum_xx;
        let mut denom = denom_scale - s.sum_x * s.sum_x;
        s.bars_until_rebuild -= 1;
        if denom < REBUILD_BELOW * denom_scale
            || s.leaving_xx > OUTLIER_RATIO * s.sum_xx
            || s.leaving_yy > OUTLIER_RATIO * s.sum_yy
            || s.bars_until_rebuild == 0
        {
            // Assigned field by field from the rebuild's values: passing the state itself
            // to the out-of-line rebuild would keep it in memory on every bar.
            (s.shift_x, s.shift_y, s.sum_xx, s.sum_yy, s.sum_xy, s.sum_x, s.sum_y) = self.rebuilt(returns);
            s.bars_until_rebuild = 32 * self.period;
            denom_scale = n * s.sum_xx;
            denom = denom_scale - s.sum_x * s.sum_x;
            if denom < 0.0 {
                denom = 0.0;
            }
        }
        // The return that leaves: from the oldest held price to the one after it.
        let (trailing_x, trailing_y) = departing;
        let x = shifted_return(trailing_x.1, trailing_x.0, s.shift_x);
        let y = shifted_return(trailing_y.1, trailing_y.0, s.shift_y);
        let value = if denom > ZERO_BELOW * denom_scale { (n * s.sum_xy - s.sum_x * s.sum_y) / denom } else { 0.0 };
        s.leaving_xx = x * x;
        s.leaving_yy = y * y;
        s.sum_xx -= x * x;
        s.sum_yy -= y * y;
        s.sum_xy -= x * y;
        s.sum_x -= x;
        s.sum_y -= y;
        value
    }

    fn newest(&self, ring: &Ring) -> Option<f64> {
        ring.iter_newest_first().next()
    }

    /// (base, price) of the oldest return in the window ending at the current bar.
    fn departing(&self, market: f64, security: f64) -> ((f64, f64), (f64, f64)) {
        let pair = |ring: &Ring, current: f64| {
            let mut prices = ring.iter().chain(std::iter::once(current));
            let base = prices.next().unwrap_or(current);
            (base, prices.next().unwrap_or(current))
        };
        (pair(&self.market, market), pair(&self.security, security))
    }

    /// The shifts re-centred on the window's mean returns and the sums taken afresh:
    /// (shift_x, shift_y, sum_xx, sum_yy, sum_xy, sum_x, sum_y). `returns` yields the
    /// window's return pairs, oldest first. Cold: on ordinary data once per
    /// `32 * period` bars, kept out of line so the per-bar loop stays small.
    #[cold]
    #[inline(never)]
    fn rebuilt<I: Iterator<Item = Returns>>(&self, returns: impl Fn() -> I) -> (f64, f64, f64, f64, f64, f64, f64) {
        let mut s = State::fresh(self.period);
        let mut total_x = 0.0;
        let mut total_y = 0.0;
        for ((base_x, x), (base_y, y)) in returns() {
            if base_x != 0.0 {
                total_x += (x - base_x) / base_x;
            }
            if base_y != 0.0 {
                total_y += (y - base_y) / base_y;
            }
        }
        s.shift_x = total_x / self.n;
        s.shift_y = total_y / self.n;
        s.sum_xx = 0.0;
        s.sum_yy = 0.0;
        s.sum_xy = 0.0;
        s.sum_x = 0.0;
        s.sum_y = 0.0;
        for ((base_x, x), (base_y, y)) in returns() {
            let x = shifted_return(x, base_x, s.shift_x);
            let y = shifted_return(y, base_y, s.shift_y);
            s.add(x, y);
        }
        (s.shift_x, s.shift_y, s.sum_xx, s.sum_yy, s.sum_xy, s.sum_x, s.sum_y)
    }
}

/// One bar's return in the market and in the security, each as (base, price).
type Returns = ((f64, f64), (f64, f64));

/// The (base, price) pairs of the returns in a ring's prices followed by `current`.
fn prices(ring: &Ring, current: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
    let mut base = ring.oldest().unwrap_or(current);
    ring.iter().skip(1).chain(std::iter::once(current)).map(move |price| {
        let pair = (base, price);
        base = price;
        pair
    })
}

/// The (base, price) pairs of the returns in a slice of prices.
fn slice_returns(prices: &[f64]) -> impl Iterator<Item = (f64, f64)> + '_ {
    prices.iter().zip(prices.get(1..).unwrap_or(&[])).map(|(&base, &price)| (base, price))
}

impl Streaming for Beta {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = Beta::update(self, bar.high, bar.low);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = Beta::peek(self, bar.high, bar.low);
    }
    fn reset(&mut self) {
        Beta::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Beta::NAME,
    title: "Beta",
    group: "Statistic Functions",
    inputs: &[Input::High, Input::Low],
    params: &[timeperiod(Beta::DEFAULT_PERIOD, Beta::MIN_PERIOD, Beta::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Beta::lookback(int_param(p, 0).max(Beta::MIN_PERIOD)),
    batch: kernel!(|p, columns| match columns {
        [market, security, ..] => Ok(vec![Beta::batch(market, security, int_param(p, 0))?]),
        _ => Ok(vec![Vec::new()]),
    }),
    stream: |p| Ok(Box::new(Beta::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        let flat = Beta::batch(&[5.0; 20], &[7.0; 20], 5).unwrap();
        assert!(flat[..5].iter().all(|v| v.is_nan()) && flat[5..].iter().all(|&v| v == 0.0));
        assert!(Beta::batch(&[1.0; 5], &[1.0; 5], 5).unwrap().iter().all(|v| v.is_nan()));
        let tiny: Vec<f64> = (0..30).map(|i| 1e-12 * (1.0 + 0.1 * ((i * 7) % 5) as f64)).collect();
        let same = Beta::batch(&tiny, &tiny, 5).unwrap();
        assert!(same[5..].iter().all(|v| (v - 1.0).abs() < 1e-9), "{same:?}");
        let zeros = Beta::batch(&[0.0, 1.0, 0.0, 2.0, f64::NAN, 3.0], &[1.0; 6], 1).unwrap();
        assert_eq!(zeros.len(), 6);
        assert!(Beta::new(0).is_err());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [1, 2, 3, 5, 14] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("beta:{period}"),
                    scale,
                    |market, security| Beta::batch(market, security, period).unwrap(),
                    |market, security| {
                        let mut beta = Beta::new(period).unwrap();
                        market.iter().zip(security).map(|(&x, &y)| beta.update(x, y)).collect()
                    },
                );
            }
        }
        // Long enough to reach the scheduled rebuilds, with spikes and zeros.
        let market = crate::indicators::statistic::regression::tests::awkward_series(3000);
        let security: Vec<f64> = market.iter().enumerate().map(|(i, &m)| if i % 11 == 0 { 0.0 } else { 2.0 * m - 50.0 }).collect();
        for period in [2, 5, 14] {
            let mut beta = Beta::new(period).unwrap();
            let expected: Vec<f64> = market.iter().zip(&security).map(|(&x, &y)| beta.update(x, y)).collect();
            let got = Beta::batch(&market, &security, period).unwrap();
            assert!(got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())), "beta:{period} long");
        }
    }
}
