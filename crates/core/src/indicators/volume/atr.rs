use super::trange::true_range;
use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Average true range (TA-Lib `ATR`), Wilder-smoothed.
///
/// Seeded like TA-Lib: the first value, at index `period`, is the plain mean of the
/// first `period` true ranges (bars 1..=period; bar 0 has no previous close); after
/// that `atr = carry * atr + weight * tr` with `carry = (period - 1) / period` and
/// `weight = 1 - carry`, derived in that order so the two sum to exactly 1.
/// TA-Lib 0.8.1 fuses that step into one fma; we round the products separately (no
/// software fma on wasm32) and take the steps two bars at a time,
/// `atr2 = carry^2 * atr0 + (carry * weight * tr1 + weight * tr2)`, which halves the
/// loop-carried dependency chain; results move by a few ulps.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut atr = Spec::parse("atr:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(atr.update(&bar(10.0, 9.0, 9.5))[0].is_nan()); // no previous close yet
/// assert!(atr.update(&bar(11.0, 10.0, 10.5))[0].is_nan()); // true range 1.5
/// assert_eq!(atr.update(&bar(11.0, 10.5, 11.0))[0], 1.0); // seed: mean of 1.5 and 0.5
/// assert_eq!(atr.peek(&bar(13.0, 11.0, 12.0)), [1.5]); // 0.5 * 1.0 + 0.5 * 2.0, state unchanged
/// ```
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    carry: f64,
    weight: f64,
    /// `carry * carry` and `carry * weight`, for two steps at once.
    carry2: f64,
    carry_weight: f64,
    prev_close: f64,
    started: bool,
    /// True ranges seen so far (saturates at `period`).
    ranges: usize,
    /// The seed sum while warming up; afterwards the ATR as of the last completed pair
    /// of steps.
    value: f64,
    /// The true range of the first step of a pair whose second step has not come yet.
    pending: Option<f64>,
}

/// Where an ATR stands after a bar.
#[derive(Clone, Copy)]
struct AtrState {
    ranges: usize,
    value: f64,
    pending: Option<f64>,
    /// The ATR this bar shows (during warm-up, meaningless).
    shown: f64,
}

impl Atr {
    pub const NAME: &'static str = "atr";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Atr, Error> {
        Atr::named(Self::NAME, "timeperiod", period)
    }

    /// An ATR inside another indicator, whose name and parameter an invalid period reports.
    pub(crate) fn named(indicator: &'static str, parameter: &'static str, period: usize) -> Result<Atr, Error> {
        check_period(indicator, parameter, period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let (carry, weight) = Atr::weights(period);
        Ok(Atr {
            period,
            carry,
            weight,
            carry2: carry * carry,
            carry_weight: carry * weight,
            prev_close: f64::NAN,
            started: false,
            ranges: 0,
            value: 0.0,
            pending: None,
        })
    }

    /// Wilder's weights as TA-Lib derives them: the weight from the carry, never the
    /// reverse, so that they sum to exactly 1 (a flat series stays flat).
    fn weights(period: usize) -> (f64, f64) {
        let carry = (period as f64 - 1.0) / period as f64;
        (carry, 1.0 - carry)
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once. Same arithmetic as [`update`](Self::update), without
    /// its per-bar warm-up branches.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Ok(Atr::new(period)?.column_with(high, low, close, |atr, _| atr))
    }

    /// [`batch`](Self::batch) with each value past the lookback passed through
    /// `shown(atr, close)` with its bar's close (NATR's normalization), in the same loop.
    #[inline(always)]
    pub(crate) fn column_with(&self, high: &[f64], low: &[f64], close: &[f64], shown: impl Fn(f64, f64) -> f64) -> Vec<f64> {
        let (atr, period) = (self, self.period);
        let n = rows(&[high, low, close]);
        if n <= period {
            return vec![f64::NAN; n];
        }
        let (high, low, close) = (&high[..n], &low[..n], &close[..n]);
        let mut sum = 0.0;
        for i in 1..=period {
            sum += true_range(high[i], low[i], close[i - 1]);
        }
        let mut value = sum / period as f64;
        // Each slot written once, by `extend` from an exact-length iterator: no zeroing
        // pass (in wasm, calloc's memset of reused memory cost a third of the kernel), and
        // no per-push capacity check. Iterators rather than indexing: no bounds checks.
        let mut out = Vec::with_capacity(n);
        out.resize(period, f64::NAN);
        out.push(shown(value, close[period]));
        let (high, low, prev_close, close) = (&high[period + 1..], &low[period + 1..], &close[period..n - 1], &close[period + 1..]);
        let pairs = high.chunks_exact(2).zip(low.chunks_exact(2)).zip(prev_close.chunks_exact(2)).zip(close.chunks_exact(2));
        out.extend(pairs.flat_map(|(((high, low), prev_close), close)| {
            let first = true_range(high[0], low[0], prev_close[0]);
            let second = true_range(high[1], low[1], prev_close[1]);
            let first_shown = atr.first_of_pair(value, first);
            value = atr.pair(value, first, second);
            [shown(first_shown, close[0]), shown(value, close[1])]
        }));
        if high.len() % 2 == 1 {
            if let (Some(&high), Some(&low), Some(&prev_close), Some(&close)) = (high.last(), low.last(), prev_close.last(), close.last()) {
                out.push(shown(atr.first_of_pair(value, true_range(high, low, prev_close)), close));
            }
        }
        out
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.step(high, low, close).unwrap_or(f64::NAN)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.peek_step(high, low, close).unwrap_or(f64::NAN)
    }

    /// Like [`update`](Self::update), `None` during warm-up (for indicators built on it,
    /// which must not mistake a NaN input for warm-up).
    #[inline]
    pub(crate) fn step(&mut self, high: f64, low: f64, close: f64) -> Option<f64> {
        let state = self.advance(high, low);
        self.started = true;
        self.prev_close = close;
        if let Some(state) = state {
            self.ranges = state.ranges;
            self.value = state.value;
            self.pending = state.pending;
        }
        self.output(state)
    }

    /// Like [`peek`](Self::peek), `None` during warm-up.
    #[inline]
    pub(crate) fn peek_step(&self, high: f64, low: f64, _close: f64) -> Option<f64> {
        self.output(self.advance(high, low))
    }

    pub fn reset(&mut self) {
        self.prev_close = f64::NAN;
        self.started = false;
        self.ranges = 0;
        self.value = 0.0;
        self.pending = None;
    }

    pub fn period(&self) -> usize {
        self.period
    }

    /// The state after a bar; `None` on the first bar.
    #[inline]
    fn advance(&self, high: f64, low: f64) -> Option<AtrState> {
        if !self.started {
            return None;
        }
        let range = true_range(high, low, self.prev_close);
        let ranges = self.ranges;
        Some(if ranges >= self.period {
            match self.pending {
                None => AtrState { ranges, value: self.value, pending: Some(range), shown: self.first_of_pair(self.value, range) },
                Some(first) => {
                    let value = self.pair(self.value, first, range);
                    AtrState { ranges, value, pending: None, shown: value }
                }
            }
        } else if ranges + 1 == self.period {
            let value = (self.value + range) / self.period as f64;
            AtrState { ranges: self.period, value, pending: None, shown: value }
        } else {
            AtrState { ranges: ranges + 1, value: self.value + range, pending: None, shown: f64::NAN }
        })
    }

    #[inline]
    fn output(&self, state: Option<AtrState>) -> Option<f64> {
        state.filter(|state| state.ranges >= self.period).map(|state| state.shown)
    }

    // Batch and streaming both run exactly these two, so they agree bit for bit.

    #[inline(always)]
    fn first_of_pair(&self, value: f64, range: f64) -> f64 {
        self.carry * value + self.weight * range
    }

    #[inline(always)]
    fn pair(&self, value: f64, first: f64, second: f64) -> f64 {
        self.carry2 * value + (self.carry_weight * first + self.weight * second)
    }
}

impl Streaming for Atr {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Atr::update(self, bar.high, bar.low, bar.close)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Atr::peek(self, bar.high, bar.low, bar.close)]);
    }
    fn reset(&mut self) {
        Atr::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Atr::NAME,
    title: "Average True Range",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[timeperiod(Atr::DEFAULT_PERIOD, Atr::MIN_PERIOD, Atr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Atr::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Atr::batch(column(columns, 0), column(columns, 1), column(columns, 2), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(Atr::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Vec<f64> {
        let mut atr = Atr::new(period).unwrap();
        (0..high.len()).map(|i| atr.update(high[i], low[i], close[i])).collect()
    }

    #[test]
    fn period_one_is_the_true_range() {
        let (h, l, c) = ([10.0, 12.0, 11.0, 11.5], [9.0, 10.0, 10.5, 11.0], [9.5, 11.0, 11.0, 11.2]);
        let atr = Atr::batch(&h, &l, &c, 1).unwrap();
        let tr = super::super::TrueRange::batch(&h, &l, &c);
        assert!(atr[0].is_nan());
        assert_eq!(&atr[1..], &tr[1..]);
        assert_eq!(streamed(&h, &l, &c, 1)[1..], atr[1..]);
    }

    #[test]
    fn invalid_period_names_the_parameter() {
        let msg = Atr::new(0).unwrap_err().to_string();
        assert!(msg.contains("timeperiod") && msg.contains("1..=100000"), "{msg}");
        assert!(Atr::new(100_001).is_err());
    }

    #[test]
    fn flat_tiny_and_short_inputs() {
        let flat = [1e-12; 30];
        let out = Atr::batch(&flat, &flat, &flat, 14).unwrap();
        assert!(out[..14].iter().all(|v| v.is_nan()));
        assert!(out[14..].iter().all(|&v| v == 0.0));
        assert!(Atr::batch(&[1.0; 14], &[1.0; 14], &[1.0; 14], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(Atr::batch(&[], &[], &[], 14).unwrap().is_empty());
        let nan = Atr::batch(&[f64::NAN; 20], &[1.0; 20], &[f64::INFINITY; 20], 3).unwrap();
        assert_eq!(nan.len(), 20);
    }
}
