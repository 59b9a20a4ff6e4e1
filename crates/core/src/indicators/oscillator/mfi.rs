use super::history::History;
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
    positive_sum: f64,
    negative_sum: f64,
    flowless_run: usize,
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

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut mfi = Mfi::new(period)?;
        let bars = high.iter().zip(low).zip(close).zip(volume);
        Ok(bars.map(|(((&high, &low), &close), &volume)| mfi.update(high, low, close, volume)).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let typical = (high + low + close) / 3.0;
        let Some(prev) = self.prev_typical.replace(typical) else { return f64::NAN };
        let step = self.advance(prev, typical, volume);
        let out = self.output(&step);
        self.positive.push(step.positive);
        self.negative.push(step.negative);
        (self.positive_sum, self.negative_sum, self.flowless_run) = (step.positive_sum, step.negative_sum, step.flowless_run);
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
        let change = typical - prev;
        let flow = if change.abs() <= Self::DEAD_ZONE * (typical.abs() + prev.abs()) { 0.0 } else { typical * volume };
        let (positive, negative) = if change < 0.0 { (0.0, flow) } else { (flow, 0.0) };
        // The oldest bar leaves before the newest enters, as in TA-Lib.
        let (mut positive_sum, mut negative_sum) = (self.positive_sum, self.negative_sum);
        if self.positive.is_full() {
            positive_sum -= self.positive.ago(self.period).unwrap_or(0.0);
            negative_sum -= self.negative.ago(self.period).unwrap_or(0.0);
        }
        positive_sum += positive;
        negative_sum += negative;
        let mut flowless_run = if flow == 0.0 { self.flowless_run + 1 } else { 0 };
        if flowless_run >= self.period {
            // Every slot is 0 now, so the sums are exactly 0, whatever rounding residue
            // the sliding left in them.
            flowless_run = self.period;
            positive_sum = 0.0;
            negative_sum = 0.0;
        }
        Step { positive, negative, positive_sum, negative_sum, flowless_run }
    }

    #[inline]
    fn output(&self, step: &Step) -> f64 {
        if self.positive.held() + 1 < self.period {
            return f64::NAN;
        }
        let total = step.positive_sum + step.negative_sum;
        let positive = if step.positive_sum < 0.0 {
            0.0
        } else if step.positive_sum > total {
            total
        } else {
            step.positive_sum
        };
        if total <= 0.0 {
            0.0
        } else {
            100.0 * (positive / total)
        }
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
