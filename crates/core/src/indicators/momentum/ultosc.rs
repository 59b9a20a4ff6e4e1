use super::bar_streaming;
use super::directional::true_range;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Ultimate Oscillator (TA-Lib `ULTOSC`): buying pressure (`close - min(low, previous
/// close)`) over true range, summed over three windows and weighted 4:2:1 from the
/// shortest window to the longest, in percent.
///
/// As in TA-Lib the three periods are sorted first (so their order does not matter),
/// the first value is at index `longest`, the window sums are running sums, and a
/// window whose true-range sum is not positive contributes nothing. When a whole
/// window has had neither range nor pressure (flat bars), its sums are reset to exactly
/// zero, as TA-Lib does, so rounding left over from earlier bars cannot turn 0/0 into
/// noise.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut osc = Spec::parse("ultosc:1:1:1").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// osc.update(&bar(10.0, 9.0, 9.5));
/// assert_eq!(osc.update(&bar(11.0, 10.0, 11.0)), [100.0]); // closed at the top of its true range
/// ```
#[derive(Debug, Clone)]
pub struct UltOsc {
    /// Shortest to longest.
    periods: [usize; 3],
    /// (buying pressure, true range) of the last `periods[2]` bars, written in turn at `next`.
    terms: Vec<(f64, f64)>,
    next: usize,
    /// Bars seen (saturating).
    bars: usize,
    prev_close: f64,
    sums: Sums,
}

/// Window sums of buying pressure and true range, shortest window first, and the
/// current run of bars with neither.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    pressure: [f64; 3],
    range: [f64; 3],
    null_run: usize,
}

const WEIGHTS: [f64; 3] = [4.0, 2.0, 1.0];

impl UltOsc {
    pub const NAME: &'static str = "ultosc";
    pub const DEFAULT_PERIODS: [usize; 3] = [7, 14, 28];
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period1: usize, period2: usize, period3: usize) -> Result<UltOsc, Error> {
        for (name, period) in [("timeperiod1", period1), ("timeperiod2", period2), ("timeperiod3", period3)] {
            check_period(Self::NAME, name, period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        }
        let mut periods = [period1, period2, period3];
        periods.sort_unstable();
        Ok(UltOsc { periods, terms: vec![(0.0, 0.0); periods[2]], next: 0, bars: 0, prev_close: f64::NAN, sums: Sums::default() })
    }

    /// Bars before the first value: the longest period.
    pub fn lookback(period1: usize, period2: usize, period3: usize) -> usize {
        period1.max(period2).max(period3)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], periods: [usize; 3]) -> Result<Vec<f64>, Error> {
        let mut osc = UltOsc::new(periods[0], periods[1], periods[2])?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| osc.update(h, l, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let index = self.bars;
        self.bars = self.bars.saturating_add(1);
        if index == 0 {
            self.prev_close = close;
            return f64::NAN;
        }
        let term = self.term(high, low, close);
        self.prev_close = close;
        let longest = self.periods[2];
        if let Some(slot) = self.terms.get_mut(self.next) {
            *slot = term;
        }
        let (sums, value) = self.advance(index, term);
        self.sums = sums;
        if index >= longest {
            // Drop from each window the term that leaves it before the next bar.
            for (k, &period) in self.periods.iter().enumerate() {
                let mut at = self.next + longest + 1 - period;
                if at >= longest {
                    at -= longest;
                }
                if let Some(&(pressure, range)) = self.terms.get(at) {
                    self.sums.pressure[k] -= pressure;
                    self.sums.range[k] -= range;
                }
            }
        }
        self.next = if self.next + 1 >= longest { 0 } else { self.next + 1 };
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        if self.bars == 0 {
            return f64::NAN;
        }
        self.advance(self.bars, self.term(high, low, close)).1
    }

    pub fn reset(&mut self) {
        self.terms.fill((0.0, 0.0));
        self.next = 0;
        self.bars = 0;
        self.prev_close = f64::NAN;
        self.sums = Sums::default();
    }

    #[inline]
    fn term(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let true_low = if low < self.prev_close { low } else { self.prev_close };
        (close - true_low, true_range(high, low, self.prev_close))
    }

    /// The sums with bar `index`'s term added, and the output (NaN while warming up).
    #[inline]
    fn advance(&self, index: usize, (pressure, range): (f64, f64)) -> (Sums, f64) {
        let mut sums = self.sums;
        let longest = self.periods[2];
        let flat = range + pressure.abs() <= 0.0;
        sums.null_run = if flat { sums.null_run + 1 } else { 0 };
        if index < longest {
            // Warm-up: a term joins only the windows that will still hold it at the
            // first output, so each seed is a plain sum as in TA-Lib.
            for (k, &period) in self.periods.iter().enumerate() {
                if index + period > longest {
                    sums.pressure[k] += pressure;
                    sums.range[k] += range;
                }
            }
            return (sums, f64::NAN);
        }
        for (sum_pressure, sum_range) in sums.pressure.iter_mut().zip(sums.range.iter_mut()) {
            *sum_pressure += pressure;
            *sum_range += range;
        }
        for (k, &period) in self.periods.iter().enumerate() {
            if sums.null_run >= period {
                sums.pressure[k] = 0.0;
                sums.range[k] = 0.0;
            }
        }
        sums.null_run = sums.null_run.min(longest);
        let mut total = 0.0;
        for ((weight, pressure), range) in WEIGHTS.iter().zip(sums.pressure).zip(sums.range) {
            if range > 0.0 {
                total += weight * (pressure / range);
            }
        }
        (sums, 100.0 * (total / 7.0))
    }
}

bar_streaming!(UltOsc, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

const fn period_param(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: UltOsc::MIN_PERIOD as i64, max: UltOsc::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: UltOsc::NAME,
    title: "Ultimate Oscillator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[
        period_param("timeperiod1", UltOsc::DEFAULT_PERIODS[0], "Number of bars for the first window"),
        period_param("timeperiod2", UltOsc::DEFAULT_PERIODS[1], "Number of bars for the second window"),
        period_param("timeperiod3", UltOsc::DEFAULT_PERIODS[2], "Number of bars for the third window"),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| UltOsc::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2)),
    batch: kernel!(|p, columns| Ok(run_bars(UltOsc::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(UltOsc::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?)),
};
