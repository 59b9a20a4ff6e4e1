use super::bar_streaming;
use super::directional::true_range;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param};
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

    /// One value per bar of the shortest column.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], periods: [usize; 3]) -> Result<Vec<f64>, Error> {
        let mut osc = UltOsc::new(periods[0], periods[1], periods[2])?;
        let rows = high.len().min(low.len()).min(close.len());
        let (high, low, close) = (&high[..rows], &low[..rows], &close[..rows]);
        // The warm-up, to the first value at bar `longest`, runs through `update`, the
        // rest through `settled_run`.
        let [shortest, middle, longest] = osc.periods;
        let warm = longest.min(rows);
        let mut out = Vec::with_capacity(rows);
        out.extend(high[..warm].iter().zip(&low[..warm]).zip(&close[..warm]).map(|((&high, &low), &close)| osc.update(high, low, close)));
        out.resize(rows, f64::NAN);
        if rows > longest {
            // Bar `i`'s term, and the terms leaving each window after bar `i` (bar
            // `i + 1 - period`), from the columns themselves.
            let terms = |from: usize| Self::terms(&high[from..], &low[from..], &close[from..]);
            let leaving = terms(longest - shortest).zip(terms(longest - middle)).zip(terms(0));
            osc.settled_run(&mut out[longest..], terms(longest - 1).zip(leaving));
        }
        Ok(out)
    }

    /// The terms of bars 1.. of the columns.
    fn terms<'a>(high: &'a [f64], low: &'a [f64], close: &'a [f64]) -> impl Iterator<Item = (f64, f64)> + 'a {
        let (high, low, next_close) = (high.get(1..).unwrap_or(&[]), low.get(1..).unwrap_or(&[]), close.get(1..).unwrap_or(&[]));
        high.iter()
            .zip(low)
            .zip(next_close)
            .zip(close)
            .map(|(((&high, &low), &close), &prev_close)| Self::term_of(high, low, close, prev_close))
    }

    /// The bars from the longest period on, into `slots`: `advance`'s last steps and the
    /// leaving terms' subtraction, the state in locals. A function of its own over slots
    /// filled beforehand for the reason given at `Adx::smoothed_run`.
    #[inline(never)]
    #[allow(clippy::type_complexity)]
    fn settled_run(&self, slots: &mut [f64], terms: impl Iterator<Item = ((f64, f64), (((f64, f64), (f64, f64)), (f64, f64)))>) {
        let periods = self.periods;
        let mut sums = self.sums;
        for (slot, (term, ((leaving0, leaving1), leaving2))) in slots.iter_mut().zip(terms) {
            (sums, *slot) = Self::settled(&periods, sums, term);
            for (k, (pressure, range)) in [leaving0, leaving1, leaving2].into_iter().enumerate() {
                sums.pressure[k] -= pressure;
                sums.range[k] -= range;
            }
        }
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
        Self::term_of(high, low, close, self.prev_close)
    }

    /// (buying pressure, true range) of a bar.
    #[inline(always)]
    fn term_of(high: f64, low: f64, close: f64, prev_close: f64) -> (f64, f64) {
        let true_low = if low < prev_close { low } else { prev_close };
        (close - true_low, true_range(high, low, prev_close))
    }

    /// The run of bars without range or pressure, with this one's term.
    #[inline(always)]
    fn null_run(run: usize, (pressure, range): (f64, f64)) -> usize {
        let flat = range + pressure.abs() <= 0.0;
        if flat {
            run + 1
        } else {
            0
        }
    }

    /// The sums with bar `index`'s term added, and the output (NaN while warming up).
    #[inline]
    fn advance(&self, index: usize, (pressure, range): (f64, f64)) -> (Sums, f64) {
        let longest = self.periods[2];
        if index < longest {
            let mut sums = self.sums;
            sums.null_run = Self::null_run(sums.null_run, (pressure, range));
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
        Self::settled(&self.periods, self.sums, (pressure, range))
    }

    /// [`advance`](Self::advance) from bar `longest` on.
    #[inline(always)]
    fn settled(periods: &[usize; 3], mut sums: Sums, (pressure, range): (f64, f64)) -> (Sums, f64) {
        let longest = periods[2];
        sums.null_run = Self::null_run(sums.null_run, (pressure, range));
        for (sum_pressure, sum_range) in sums.pressure.iter_mut().zip(sums.range.iter_mut()) {
            *sum_pressure += pressure;
            *sum_range += range;
        }
        for (k, &period) in periods.iter().enumerate() {
            if sums.null_run >= period {
                sums.pressure[k] = 0.0;
                sums.range[k] = 0.0;
            }
        }
        sums.null_run = sums.null_run.min(longest);
        // A window without true range adds 0, which leaves the total as it was (never
        // -0: it starts at +0), so it takes no select of the total.
        let mut total = 0.0;
        for ((weight, pressure), range) in WEIGHTS.iter().zip(sums.pressure).zip(sums.range) {
            total += if range > 0.0 { weight * (pressure / range) } else { 0.0 };
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
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![UltOsc::batch(column(0), column(1), column(2), [int_param(p, 0), int_param(p, 1), int_param(p, 2)])?])
    }),
    stream: |p| Ok(Box::new(UltOsc::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_bars_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        // Equal periods, distinct ones in any order, the minimum, the default.
        for periods in [[1, 1, 1], [1, 2, 3], [3, 1, 2], [2, 2, 5], [4, 7, 4], [5, 3, 8], [7, 14, 28]] {
            let batch = |high: &[f64], low: &[f64], close: &[f64]| UltOsc::batch(high, low, close, periods).unwrap();
            let updates = |high: &[f64], low: &[f64], close: &[f64]| {
                let mut osc = UltOsc::new(periods[0], periods[1], periods[2]).unwrap();
                (0..close.len()).map(|i| osc.update(high[i], low[i], close[i])).collect()
            };
            assert_bars_batch_is_updates(&format!("ultosc:{periods:?}"), batch, updates);
        }
    }
}
