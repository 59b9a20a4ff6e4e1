use super::history::History;
use super::keep_if;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Money Flow Index (TA-Lib `MFI`): `100 * positive / (positive + negative)` money
/// flow over the last `period` bars, money flow being typical price
/// `(high + low + close) / 3` times volume, positive when the typical price rose.
///
/// TA-Lib 0.8.1's details, kept bit for bit: a typical price that moved by no more
/// than `1e-14` of the two prices compared counts as unchanged (no flow); a window
/// with no flow at all (flat prices or zero volume) gives 0, tested exactly rather
/// than against a fixed threshold so tiny prices work; the running sums are reset to
/// exactly 0 after a full period without flow, and the positive sum is clamped into
/// `[0, total]` against rounding drift.
///
/// ```
/// use sigil_core::indicators::Mfi;
/// let mut mfi = Mfi::new(2).unwrap();
/// assert!(mfi.update(10.0, 8.0, 9.0, 100.0).is_nan());
/// assert!(mfi.update(11.0, 9.0, 10.0, 100.0).is_nan());
/// assert_eq!(mfi.update(12.0, 10.0, 11.0, 100.0), 100.0); // two up bars
/// assert!(mfi.peek(11.0, 9.0, 10.0, 100.0) < 100.0); // one up, one down
/// ```
#[derive(Debug, Clone)]
pub struct Mfi {
    period: usize,
    prev_typical: Option<f64>,
    /// The flows in the window, as (positive, negative) pairs: two rings.
    positive: History,
    negative: History,
    positive_sum: f64,
    negative_sum: f64,
    /// Consecutive bars without money flow.
    flowless_run: usize,
}

/// The window after one more bar: (positive flow, negative flow, sums, flowless run).
struct Step {
    positive: f64,
    negative: f64,
    sums: Sums,
}

/// The window's running sums and its run of bars without flow.
#[derive(Clone, Copy)]
struct Sums {
    positive: f64,
    negative: f64,
    flowless_run: usize,
}

/// One bar's money flow as (positive, negative, whether there is none at all): no
/// flow when the typical price moved by no more than the dead zone.
#[inline(always)]
fn money_flow(prev: f64, typical: f64, volume: f64) -> (f64, f64, bool) {
    let change = typical - prev;
    // Selected by bit mask rather than by branch: on a noisy series the direction is a
    // coin toss, which a branch would mispredict every other bar. A masked-off value is
    // +0, as a literal 0 would be. The positive flow is what the negative one leaves of
    // `flow` (an XOR, as in TA-Lib): from `flow & !falling` LLVM rebuilt that branch.
    let unchanged = change.abs() <= Mfi::DEAD_ZONE * (typical.abs() + prev.abs());
    let flow = (typical * volume).to_bits() & !keep_if(unchanged);
    let negative = flow & keep_if(change < 0.0);
    (f64::from_bits(flow ^ negative), f64::from_bits(negative), f64::from_bits(flow) == 0.0)
}

impl Sums {
    /// The sums once `leaving` (the flows a full window ago, `(0, 0)` while the window
    /// fills: subtracting +0 changes no bits) leaves and `entering` enters. Shared by
    /// `update` and `batch`, so both round alike.
    #[inline(always)]
    fn slide(self, period: usize, leaving: (f64, f64), entering: (f64, f64, bool)) -> Sums {
        // The oldest bar leaves before the newest enters, as in TA-Lib.
        let positive = self.positive - leaving.0 + entering.0;
        let negative = self.negative - leaving.1 + entering.1;
        let flowless_run = if entering.2 { self.flowless_run + 1 } else { 0 };
        if flowless_run >= period {
            // Every slot is 0 now, so the sums are exactly 0, whatever rounding residue
            // the sliding left in them.
            return Sums::flowless(period);
        }
        Sums { positive, negative, flowless_run }
    }

    /// A window without flow. Out of line and cold, so that the compiler branches to it
    /// (rarely taken) instead of masking the sums on every bar, which put two more
    /// operations on the bar-to-bar dependency chain.
    #[cold]
    #[inline(never)]
    fn flowless(period: usize) -> Sums {
        Sums { positive: 0.0, negative: 0.0, flowless_run: period }
    }

    /// The index over a filled window.
    #[inline(always)]
    fn index(self) -> f64 {
        let total = self.positive + self.negative;
        let positive = if self.positive < 0.0 {
            0.0
        } else if self.positive > total {
            total
        } else {
            self.positive
        };
        if total <= 0.0 {
            0.0
        } else {
            100.0 * (positive / total)
        }
    }
}

impl Mfi {
    pub const NAME: &'static str = "mfi";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;
    /// Relative size under which a typical-price move counts as none (TA-Lib's).
    const DEAD_ZONE: f64 = 1e-14;

    pub fn new(period: usize) -> Result<Mfi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Mfi {
            period,
            prev_typical: None,
            positive: History::new(period),
            negative: History::new(period),
            positive_sum: 0.0,
            negative_sum: 0.0,
            flowless_run: 0,
        })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: `update`'s sliding sums in locals and its ring of
    /// flows as a local slice (so each bar's flow is computed once, as TA-Lib does).
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Mfi::new(period)?;
        let n = high.len().min(low.len()).min(close.len()).min(volume.len());
        if n <= period {
            return Ok(vec![f64::NAN; n]);
        }
        let typical = |from: usize| {
            let prices = high[from..n].iter().zip(&low[from..n]).zip(&close[from..n]);
            prices.map(|((&high, &low), &close)| (high + low + close) / 3.0)
        };
        let volume = &volume[..n];
        // The output and the ring are allocated (the output filled) before the warm-up so
        // that no call separates the sums from the loop: across one, they were kept on the
        // stack for the whole loop, a store and reload on the bar-to-bar chain.
        let mut out = vec![f64::NAN; n];
        // The flows of the last `period` bars, oldest at `oldest`.
        let mut window = vec![(0.0, 0.0); period];
        let mut prev = typical(0).next().unwrap_or(f64::NAN);
        let mut sums = Sums { positive: 0.0, negative: 0.0, flowless_run: 0 };
        for ((typical, &volume), slot) in typical(1).zip(&volume[1..]).zip(window.iter_mut()) {
            let flow = money_flow(prev, typical, volume);
            prev = typical;
            *slot = (flow.0, flow.1);
            sums = sums.slide(period, (0.0, 0.0), flow);
        }
        let Some((first, rest)) = out[period..].split_first_mut() else { return Ok(out) };
        *first = sums.index();
        let mut oldest = 0;
        for (slot, (typical, &volume)) in rest.iter_mut().zip(typical(period + 1).zip(&volume[period + 1..])) {
            let flow = money_flow(prev, typical, volume);
            prev = typical;
            let leaving = window.get_mut(oldest).map_or((0.0, 0.0), |slot| std::mem::replace(slot, (flow.0, flow.1)));
            oldest = if oldest + 1 == period { 0 } else { oldest + 1 };
            sums = sums.slide(period, leaving, flow);
            *slot = sums.index();
        }
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let typical = (high + low + close) / 3.0;
        let Some(prev) = self.prev_typical.replace(typical) else { return f64::NAN };
        let step = self.advance(prev, typical, volume);
        let out = self.output(&step);
        self.positive.push(step.positive);
        self.negative.push(step.negative);
        (self.positive_sum, self.negative_sum, self.flowless_run) = (step.sums.positive, step.sums.negative, step.sums.flowless_run);
        out
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let typical = (high + low + close) / 3.0;
        self.prev_typical.map_or(f64::NAN, |prev| self.output(&self.advance(prev, typical, volume)))
    }

    pub fn reset(&mut self) {
        self.prev_typical = None;
        self.positive.reset();
        self.negative.reset();
        self.positive_sum = 0.0;
        self.negative_sum = 0.0;
        self.flowless_run = 0;
    }

    #[inline]
    fn advance(&self, prev: f64, typical: f64, volume: f64) -> Step {
        let flow = money_flow(prev, typical, volume);
        let leaving = if self.positive.is_full() {
            (self.positive.ago(self.period).unwrap_or(0.0), self.negative.ago(self.period).unwrap_or(0.0))
        } else {
            (0.0, 0.0)
        };
        let sums = Sums { positive: self.positive_sum, negative: self.negative_sum, flowless_run: self.flowless_run };
        Step { positive: flow.0, negative: flow.1, sums: sums.slide(self.period, leaving, flow) }
    }

    #[inline]
    fn output(&self, step: &Step) -> f64 {
        if self.positive.held() + 1 < self.period {
            return f64::NAN;
        }
        step.sums.index()
    }
}

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close, Input::Volume];

struct OnBars(Mfi);

impl Streaming for OnBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.update(bar.high, bar.low, bar.close, bar.volume);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.peek(bar.high, bar.low, bar.close, bar.volume);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Mfi::NAME,
    title: "Money Flow Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Mfi::DEFAULT_PERIOD, Mfi::MIN_PERIOD, Mfi::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Mfi::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| match columns {
        [high, low, close, volume] => Ok(vec![Mfi::batch(high, low, close, volume, int_param(p, 0))?]),
        _ => Ok(vec![Vec::new()]),
    }),
    stream: |p| Ok(Box::new(OnBars(Mfi::new(int_param(p, 0))?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: usize, scale: f64) -> Vec<f64> {
        (0..n).map(|i| scale * (100.0 + (i as f64 * 0.7).sin() * 3.0)).collect()
    }

    #[test]
    fn zero_volume_and_flat_prices_give_zero() {
        let close = wave(40, 1.0);
        let out = Mfi::batch(&close, &close, &close, &[0.0; 40], 5).unwrap();
        assert!(out[5..].iter().all(|&v| v == 0.0));
        let mut flat = close.clone();
        flat.extend([close[39]; 10]);
        let volume = vec![3.0; 50];
        let out = Mfi::batch(&flat, &flat, &flat, &volume, 5).unwrap();
        assert!(out[45..].iter().all(|&v| v == 0.0));
    }

    #[test]
    fn tiny_prices_and_short_input() {
        let tiny = wave(30, 1e-12);
        let out = Mfi::batch(&tiny, &tiny, &tiny, &[1.0; 30], 5).unwrap();
        assert!(out[5..].iter().all(|&v| (0.0..=100.0).contains(&v)));
        assert!(out[5..].iter().any(|&v| v > 0.0 && v < 100.0));
        let short = wave(5, 1.0);
        assert!(Mfi::batch(&short, &short, &short, &short, 5).unwrap().iter().all(|v| v.is_nan()));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::{assert_batch_is_updates, paused_index};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 4, 14, 30] {
            for scale in [1.0, 1e-12, 1e300] {
                for pause in [0, 8] {
                    // Typical prices from the series, volumes that are sometimes zero; with a
                    // pause, `pause` moving bars alternate with `pause` unmoving ones: flowless
                    // runs, where the sums are reset to exactly zero.
                    let columns = |x: &[f64]| -> [Vec<f64>; 4] {
                        let held = |i: usize| paused_index(i, pause);
                        let close: Vec<f64> = (0..x.len()).map(|i| x[held(i)] * scale).collect();
                        let high = close.iter().enumerate().map(|(i, &c)| c + scale * (held(i) % 3) as f64).collect();
                        let low = close.iter().enumerate().map(|(i, &c)| c - scale * (held(i) % 2) as f64).collect();
                        let volume = (0..x.len()).map(|i| ((i * 7) % 5) as f64 * 1e3).collect();
                        [high, low, close, volume]
                    };
                    let updates = |x: &[f64]| {
                        let [high, low, close, volume] = columns(x);
                        let mut mfi = Mfi::new(period).unwrap();
                        (0..x.len()).map(|i| mfi.update(high[i], low[i], close[i], volume[i])).collect()
                    };
                    let batch = |x: &[f64]| {
                        let [high, low, close, volume] = columns(x);
                        Mfi::batch(&high, &low, &close, &volume, period).unwrap()
                    };
                    assert_batch_is_updates(&format!("mfi:{period} x{scale} pause {pause}"), batch, updates);
                }
            }
        }
    }
}
