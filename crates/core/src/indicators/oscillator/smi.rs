use super::ewma::Ewma;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::math::block::block_ranges;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// One bar of SMI output; both NaN during warm-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmiValue {
    pub smi: f64,
    /// EMA of the SMI line.
    pub signal: f64,
}

impl SmiValue {
    const WARMING_UP: SmiValue = SmiValue { smi: f64::NAN, signal: f64::NAN };
}

/// Stochastic Momentum Index (TA-Lib 0.8.1 `SMI`, Blau): where the close sits relative
/// to the midpoint of the `period`-bar high/low range, double-smoothed.
///
/// `close - (highest + lowest) / 2` and `highest - lowest` are each smoothed by an EMA
/// of `slow` bars then one of `fast` bars; SMI is `100 * numerator / (denominator / 2)`
/// (0 when the smoothed range is not positive, e.g. a flat market), and the signal is
/// its `signal`-bar EMA. Every EMA is seeded with the mean of its first inputs, and
/// both outputs start together at `period + slow + fast + signal - 4`.
///
/// The windowed high and low come from a monotonic deque, O(1) amortized. A NaN high
/// or low never wins, as in TA-Lib's comparisons (TA-Lib differs only on the one bar
/// where its rescan starts at the NaN bar).
///
/// ```
/// use sigil_core::indicators::Smi;
/// let mut smi = Smi::new(2, 2, 2, 2).unwrap();
/// for i in 0..4 {
///     let x = f64::from(i);
///     assert!(smi.update(x + 1.0, x, x + 1.0).smi.is_nan());
/// }
/// let next = smi.update(5.0, 4.0, 5.0);
/// assert_eq!(next.smi, 100.0); // the close always at the top of the 2-bar range
/// assert_eq!(next.signal, 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct Smi {
    period: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    /// The distance and the range each smoothed by an EMA of `slow` bars, then one of
    /// `fast` bars (the second fed only once the first is seeded).
    distance_slow: Ewma,
    distance_fast: Ewma,
    range_slow: Ewma,
    range_fast: Ewma,
    signal: Ewma,
}

impl Smi {
    pub const NAME: &'static str = "smi";
    pub const DEFAULT_PERIOD: usize = 13;
    pub const DEFAULT_FAST: usize = 2;
    pub const DEFAULT_SLOW: usize = 25;
    pub const DEFAULT_SIGNAL: usize = 9;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, fast: usize, slow: usize, signal: usize) -> Result<Smi, Error> {
        for (name, value) in [("timeperiod", period), ("fastperiod", fast), ("slowperiod", slow), ("signalperiod", signal)] {
            check_period(Self::NAME, name, value, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        }
        Ok(Smi {
            period,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
            distance_slow: Ewma::new(slow),
            distance_fast: Ewma::new(fast),
            range_slow: Ewma::new(slow),
            range_fast: Ewma::new(fast),
            signal: Ewma::new(signal),
        })
    }

    pub fn lookback(period: usize, fast: usize, slow: usize, signal: usize) -> usize {
        (period + fast + slow + signal).saturating_sub(4)
    }

    /// Both outputs over a whole series: `[smi, signal]`.
    pub fn batch(
        high: &[f64],
        low: &[f64],
        close: &[f64],
        period: usize,
        fast: usize,
        slow: usize,
        signal: usize,
    ) -> Result<[Vec<f64>; 2], Error> {
        let mut smi = Smi::new(period, fast, slow, signal)?;
        let rows = high.len().min(low.len()).min(close.len());
        let highs: Vec<f64> = high[..rows].iter().map(|&high| never_highest(high)).collect();
        let lows: Vec<f64> = low[..rows].iter().map(|&low| never_lowest(low)).collect();
        let mut outputs = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        // The windows' extremes by TA-Lib's block scan rather than `update`'s deque: with
        // NaN mapped away a window's extreme is one value either way, up to the sign of a
        // tied zero, which cannot reach the output (every average starts from +0 and
        // steps `(x - avg) * k + avg`, never giving -0). Then `update`'s own smoothing.
        let mut closes = close[..rows].iter();
        block_ranges(&highs, &lows, period, |highest, lowest| {
            outputs.extend(highest.iter().zip(lowest).zip(&mut closes).map(|((&highest, &lowest), &close)| {
                if highest.is_nan() {
                    // Only before the first full window (the mapped inputs hold no NaN).
                    return (f64::NAN, f64::NAN);
                }
                let value = smi.smooth(highest, lowest, close);
                (value.smi, value.signal)
            }));
        });
        Ok([outputs.0, outputs.1])
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> SmiValue {
        let window_full = self.highest.pushed() + 1 >= self.period;
        let (highest, _) = self.highest.push(never_highest(high));
        let (lowest, _) = self.lowest.push(never_lowest(low));
        if !window_full {
            return SmiValue::WARMING_UP;
        }
        self.smooth(highest, lowest, close)
    }

    /// A bar with a full window, from its extremes on; shared by `update` and `batch`.
    #[inline(always)]
    fn smooth(&mut self, highest: f64, lowest: f64, close: f64) -> SmiValue {
        let distance = self.distance_slow.update(close - (highest + lowest) * 0.5).and_then(|x| self.distance_fast.update(x));
        let range = self.range_slow.update(highest - lowest).and_then(|x| self.range_fast.update(x));
        let (Some(distance), Some(range)) = (distance, range) else { return SmiValue::WARMING_UP };
        let smi = Self::index(distance, range);
        self.signal.update(smi).map_or(SmiValue::WARMING_UP, |signal| SmiValue { smi, signal })
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> SmiValue {
        if self.highest.pushed() + 1 < self.period {
            return SmiValue::WARMING_UP;
        }
        let (highest, _) = self.highest.peek(never_highest(high));
        let (lowest, _) = self.lowest.peek(never_lowest(low));
        let distance = self.distance_slow.peek(close - (highest + lowest) * 0.5).and_then(|x| self.distance_fast.peek(x));
        let range = self.range_slow.peek(highest - lowest).and_then(|x| self.range_fast.peek(x));
        let (Some(distance), Some(range)) = (distance, range) else { return SmiValue::WARMING_UP };
        let smi = Self::index(distance, range);
        self.signal.peek(smi).map_or(SmiValue::WARMING_UP, |signal| SmiValue { smi, signal })
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
        self.distance_slow.reset();
        self.distance_fast.reset();
        self.range_slow.reset();
        self.range_fast.reset();
        self.signal.reset();
    }

    #[inline]
    fn index(distance: f64, range: f64) -> f64 {
        let half_range = 0.5 * range;
        if half_range > 0.0 {
            100.0 * distance / half_range
        } else {
            0.0
        }
    }
}

/// A NaN high as the value that loses every comparison for the highest.
#[inline]
fn never_highest(high: f64) -> f64 {
    if high.is_nan() {
        f64::NEG_INFINITY
    } else {
        high
    }
}

#[inline]
fn never_lowest(low: f64) -> f64 {
    if low.is_nan() {
        f64::INFINITY
    } else {
        low
    }
}

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

struct OnBars(Smi);

impl Streaming for OnBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        let value = self.0.update(bar.high, bar.low, bar.close);
        out[..2].copy_from_slice(&[value.smi, value.signal]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        let value = self.0.peek(bar.high, bar.low, bar.close);
        out[..2].copy_from_slice(&[value.smi, value.signal]);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Smi::MIN_PERIOD as i64, max: Smi::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

fn from_params(p: &[f64]) -> Result<Smi, Error> {
    Smi::new(int_param(p, 0), int_param(p, 1), int_param(p, 2), int_param(p, 3))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Smi::NAME,
    title: "Stochastic Momentum Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        period("timeperiod", Smi::DEFAULT_PERIOD, "Number of bars in the high/low range"),
        period("fastperiod", Smi::DEFAULT_FAST, "Period of the second (fast) EMA"),
        period("slowperiod", Smi::DEFAULT_SLOW, "Period of the first (slow) EMA"),
        period("signalperiod", Smi::DEFAULT_SIGNAL, "Period of the signal-line EMA"),
    ],
    outputs: &["smi", "smisignal"],
    overlay: false,
    lookback: |p| Smi::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2), int_param(p, 3)),
    batch: kernel!(|p, columns| match columns {
        [high, low, close, ..] =>
            Ok(Vec::from(Smi::batch(high, low, close, int_param(p, 0), int_param(p, 1), int_param(p, 2), int_param(p, 3))?)),
        _ => Ok(run_bars(OnBars(from_params(p)?), INPUTS, columns, 2)),
    }),
    stream: |p| Ok(Box::new(OnBars(from_params(p)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_market_short_input_and_lookback() {
        let flat = [4.0; 60];
        let [smi, signal] = Smi::batch(&flat, &flat, &flat, 13, 2, 25, 9).unwrap();
        assert!(smi[44].is_nan() && signal[44].is_nan());
        assert!(smi[45..].iter().chain(&signal[45..]).all(|&v| v == 0.0));
        assert!(Smi::batch(&flat[..45], &flat[..45], &flat[..45], 13, 2, 25, 9).unwrap().iter().flatten().all(|v| v.is_nan()));
        assert!(Smi::new(13, 2, 25, 1).unwrap_err().to_string().contains("signalperiod"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::{awkward_series, walk_series};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (period, fast, slow, signal) in [(2, 2, 2, 2), (3, 2, 5, 3), (13, 2, 25, 9)] {
            // Zeros of both signs, often tied for a window's extreme.
            let zeros: Vec<f64> = (0..120u64).map(|i| [0.0, -0.0, -0.0, 1.0, 0.0][(i * i % 7 % 5) as usize]).collect();
            for series in [walk_series(120), awkward_series(120), vec![3.5; 120], zeros] {
                for scale in [1.0, 1e-12, 1e300] {
                    let close: Vec<f64> = series.iter().map(|v| v * scale).collect();
                    let high: Vec<f64> = close.iter().enumerate().map(|(i, &c)| c + scale * (i % 3) as f64).collect();
                    let low: Vec<f64> = close.iter().enumerate().map(|(i, &c)| c - scale * (i % 2) as f64).collect();
                    let [smi, signal_line] = Smi::batch(&high, &low, &close, period, fast, slow, signal).unwrap();
                    let mut streamed = Smi::new(period, fast, slow, signal).unwrap();
                    assert_eq!((smi.len(), signal_line.len()), (close.len(), close.len()));
                    for i in 0..close.len() {
                        let expected = streamed.update(high[i], low[i], close[i]);
                        for (got, want) in [(smi[i], expected.smi), (signal_line[i], expected.signal)] {
                            assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "smi bar {i}: {got} vs {want}");
                        }
                    }
                }
            }
        }
    }
}
