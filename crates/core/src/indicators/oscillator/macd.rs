//! MACD and MACDFIX: one core, MACDFIX being the 12/26 MACD with TA-Lib's fixed
//! smoothing factors.

use super::ewma::Ewma;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, first, int_param};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// One bar of MACD output; all NaN during warm-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MacdValue {
    /// Fast EMA minus slow EMA.
    pub macd: f64,
    /// EMA of the MACD line.
    pub signal: f64,
    /// `macd - signal`.
    pub hist: f64,
}

impl MacdValue {
    const WARMING_UP: MacdValue = MacdValue { macd: f64::NAN, signal: f64::NAN, hist: f64::NAN };
}

/// Moving Average Convergence/Divergence (TA-Lib `MACD`).
///
/// As in TA-Lib 0.8.1 both price EMAs start at the slow EMA's first bar: the slow one
/// is seeded with the mean of the first `slow` inputs, the fast one with the mean of
/// the `fast` inputs ending at that same bar. The signal EMA is seeded with the mean
/// of the first `signal` MACD values, so all three outputs start at index
/// `slow + signal - 2`. A fast period above the slow one is swapped, as TA-Lib does,
/// and a signal period of 1 makes the signal the MACD line itself (histogram 0).
/// EMAs step `ema += (x - ema) * k`, TA-Lib 0.8.1's arithmetic.
///
/// ```
/// use sigil_core::indicators::Macd;
/// let mut macd = Macd::new(2, 3, 2).unwrap();
/// for x in [1.0, 2.0, 3.0] {
///     assert!(macd.update(x).macd.is_nan());
/// }
/// let next = macd.peek(4.0); // the forming bar; state unchanged
/// assert_eq!(next, macd.update(4.0));
/// assert!(next.macd > 0.0 && next.hist == next.macd - next.signal);
/// ```
#[derive(Debug, Clone)]
pub struct Macd {
    /// The fast EMA starts once `slow - fast` inputs have gone by.
    fast_delay: usize,
    /// Inputs seen, saturating at `fast_delay`.
    seen: usize,
    fast: Ewma,
    slow: Ewma,
    /// `None` for a signal period of 1: the signal is then the line, exactly.
    signal: Option<Ewma>,
}

impl Macd {
    pub const NAME: &'static str = "macd";
    pub const DEFAULT_FAST: usize = 12;
    pub const DEFAULT_SLOW: usize = 26;
    pub const DEFAULT_SIGNAL: usize = 9;
    /// Both price periods.
    pub const MIN_PERIOD: usize = 2;
    pub const MIN_SIGNAL: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(fast: usize, slow: usize, signal: usize) -> Result<Macd, Error> {
        check_period(Self::NAME, "fastperiod", fast, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "slowperiod", slow, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "signalperiod", signal, Self::MIN_SIGNAL, Self::MAX_PERIOD)?;
        let (fast, slow) = (fast.min(slow), fast.max(slow));
        Ok(Macd::with_emas(slow - fast, Ewma::new(fast), Ewma::new(slow), signal))
    }

    fn with_emas(fast_delay: usize, fast: Ewma, slow: Ewma, signal: usize) -> Macd {
        Macd { fast_delay, seen: 0, fast, slow, signal: (signal > 1).then(|| Ewma::new(signal)) }
    }

    pub fn lookback(fast: usize, slow: usize, signal: usize) -> usize {
        (fast.max(slow) + signal).saturating_sub(2)
    }

    /// The three outputs over a whole series: `[macd, signal, hist]`.
    pub fn batch(input: &[f64], fast: usize, slow: usize, signal: usize) -> Result<[Vec<f64>; 3], Error> {
        Ok(Macd::new(fast, slow, signal)?.run(input))
    }

    /// The streaming recursion over a whole series, bit for bit: warm-up through
    /// [`update`](Self::update), then one loop running the three EMAs side by side
    /// (independent chains, so they overlap) and writing straight into the outputs.
    fn run(mut self, input: &[f64]) -> [Vec<f64>; 3] {
        let n = input.len();
        // Zeroed allocations come from calloc: no fill pass before the loop writes.
        // The histogram, the column a caller drops last, is allocated first, lowest in
        // the heap: with glibc, freeing the two above it returns them to the OS, but the
        // lowest stays and serves the next call's first column, which then takes no page
        // faults (measured: 2/3 of the faults, a quarter of the time on 1M bars).
        let hist = vec![0.0; n];
        let (macd, signal) = (vec![0.0; n], vec![0.0; n]);
        let mut columns = [macd, signal, hist];
        let [macd, signal, hist] = &mut columns;
        let mut rest = 0;
        for (i, &x) in input.iter().enumerate() {
            let value = self.update(x);
            (macd[i], signal[i], hist[i]) = (value.macd, value.signal, value.hist);
            rest = i + 1;
            if self.steady().is_some() {
                break;
            }
        }
        let Some(((mut fast, kf), (mut slow, ks))) = self.steady() else {
            return columns;
        };
        let outputs = macd[rest..].iter_mut().zip(&mut signal[rest..]).zip(&mut hist[rest..]);
        match self.signal.as_ref().and_then(Ewma::seeded) {
            Some((mut average, kg)) => {
                for (&x, ((m, s), h)) in input[rest..].iter().zip(outputs) {
                    slow = Ewma::smooth(slow, ks, x);
                    fast = Ewma::smooth(fast, kf, x);
                    let line = fast - slow;
                    average = Ewma::smooth(average, kg, line);
                    (*m, *s, *h) = (line, average, line - average);
                }
            }
            None if self.signal.is_none() => {
                for (&x, ((m, s), h)) in input[rest..].iter().zip(outputs) {
                    slow = Ewma::smooth(slow, ks, x);
                    fast = Ewma::smooth(fast, kf, x);
                    let line = fast - slow;
                    // The signal is the line itself; the histogram still subtracts, as
                    // streaming does (NaN for an infinite line, not 0).
                    let signal = line;
                    (*m, *s, *h) = (line, signal, line - signal);
                }
            }
            // Not reached: `steady` waits for a seeded signal EMA.
            None => {}
        }
        columns
    }

    /// Both price EMAs' (average, k) once every EMA, the signal's included, is seeded.
    fn steady(&self) -> Option<((f64, f64), (f64, f64))> {
        if self.signal.as_ref().is_some_and(|ema| ema.seeded().is_none()) {
            return None;
        }
        Some((self.fast.seeded()?, self.slow.seeded()?))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> MacdValue {
        let slow = self.slow.update(x);
        let fast = if self.seen >= self.fast_delay { self.fast.update(x) } else { None };
        if self.seen < self.fast_delay {
            self.seen += 1;
        }
        let (Some(fast), Some(slow)) = (fast, slow) else { return MacdValue::WARMING_UP };
        let line = fast - slow;
        let signal = match &mut self.signal {
            Some(ema) => ema.update(line),
            None => Some(line),
        };
        signal.map_or(MacdValue::WARMING_UP, |signal| MacdValue { macd: line, signal, hist: line - signal })
    }

    #[inline]
    pub fn peek(&self, x: f64) -> MacdValue {
        let slow = self.slow.peek(x);
        let fast = if self.seen >= self.fast_delay { self.fast.peek(x) } else { None };
        let (Some(fast), Some(slow)) = (fast, slow) else { return MacdValue::WARMING_UP };
        let line = fast - slow;
        let signal = match &self.signal {
            Some(ema) => ema.peek(line),
            None => Some(line),
        };
        signal.map_or(MacdValue::WARMING_UP, |signal| MacdValue { macd: line, signal, hist: line - signal })
    }

    pub fn reset(&mut self) {
        self.seen = 0;
        self.fast.reset();
        self.slow.reset();
        if let Some(ema) = &mut self.signal {
            ema.reset();
        }
    }
}

/// MACD fixed at 12/26 (TA-Lib `MACDFIX`): the price EMAs use TA-Lib's fixed smoothing
/// factors 0.15 and 0.075 instead of `2 / (period + 1)`; otherwise exactly [`Macd`].
///
/// TA-Lib 0.8.1's own rounding of those factors was not recovered bit for bit: this
/// lands within about 1e-13 (relative) of it.
///
/// ```
/// use sigil_core::indicators::MacdFix;
/// let input: Vec<f64> = (0..40).map(|i| 100.0 + f64::from(i)).collect();
/// let [macd, signal, hist] = MacdFix::batch(&input, 9).unwrap();
/// assert!(macd[32].is_nan() && !macd[33].is_nan());
/// assert!((hist[39] - (macd[39] - signal[39])).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct MacdFix {
    inner: Macd,
}

impl MacdFix {
    pub const NAME: &'static str = "macdfix";
    pub const DEFAULT_SIGNAL: usize = 9;
    pub const MIN_SIGNAL: usize = 1;
    pub const MAX_SIGNAL: usize = 100_000;
    const FAST: usize = 12;
    const SLOW: usize = 26;
    /// TA-Lib's fixed factors, taken as the complement of the complement so that each
    /// pairs with its `1 - k` exactly.
    const FAST_K: f64 = 1.0 - (1.0 - 0.15);
    const SLOW_K: f64 = 1.0 - (1.0 - 0.075);

    pub fn new(signal: usize) -> Result<MacdFix, Error> {
        check_period(Self::NAME, "signalperiod", signal, Self::MIN_SIGNAL, Self::MAX_SIGNAL)?;
        let fast = Ewma::with_factor(Self::FAST, Self::FAST_K);
        let slow = Ewma::with_factor(Self::SLOW, Self::SLOW_K);
        Ok(MacdFix { inner: Macd::with_emas(Self::SLOW - Self::FAST, fast, slow, signal) })
    }

    pub fn lookback(signal: usize) -> usize {
        Macd::lookback(Self::FAST, Self::SLOW, signal)
    }

    /// The three outputs over a whole series: `[macd, signal, hist]`.
    pub fn batch(input: &[f64], signal: usize) -> Result<[Vec<f64>; 3], Error> {
        Ok(MacdFix::new(signal)?.inner.run(input))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> MacdValue {
        self.inner.update(x)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> MacdValue {
        self.inner.peek(x)
    }

    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

/// Either MACD on the close, for the registry.
struct OnClose(Macd);

impl Streaming for OnClose {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        write(self.0.update(bar.close), out);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        write(self.0.peek(bar.close), out);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

fn write(value: MacdValue, out: &mut [f64]) {
    for (slot, v) in out.iter_mut().zip([value.macd, value.signal, value.hist]) {
        *slot = v;
    }
}

const fn period(name: &'static str, default: usize, min: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: min as i64, max: Macd::MAX_PERIOD as i64 }, default: default as f64, description }
}

const SIGNAL_PARAM: ParamDef = period("signalperiod", Macd::DEFAULT_SIGNAL, Macd::MIN_SIGNAL, "Period of the signal-line EMA");

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Macd::NAME,
    title: "Moving Average Convergence/Divergence",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[
        period("fastperiod", Macd::DEFAULT_FAST, Macd::MIN_PERIOD, "Period of the fast EMA"),
        period("slowperiod", Macd::DEFAULT_SLOW, Macd::MIN_PERIOD, "Period of the slow EMA"),
        SIGNAL_PARAM,
    ],
    outputs: &["macd", "macdsignal", "macdhist"],
    overlay: false,
    lookback: |p| Macd::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2)),
    batch: Some(|p, columns| Ok(Macd::batch(first(columns), int_param(p, 0), int_param(p, 1), int_param(p, 2))?.into())),
    stream: |p| Ok(Box::new(OnClose(Macd::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?))),
};

pub(crate) static FIX_DEF: IndicatorDef = IndicatorDef {
    name: MacdFix::NAME,
    title: "Moving Average Convergence/Divergence Fix 12/26",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[SIGNAL_PARAM],
    outputs: &["macd", "macdsignal", "macdhist"],
    overlay: false,
    lookback: |p| MacdFix::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(MacdFix::batch(first(columns), int_param(p, 0))?.into())),
    stream: |p| Ok(Box::new(OnClose(MacdFix::new(int_param(p, 0))?.inner))),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: usize) -> Vec<f64> {
        (0..n).map(|i| 100.0 + (i as f64 * 0.3).sin() * 5.0 + i as f64 * 0.1).collect()
    }

    #[test]
    fn swapped_periods_match_and_signal_one_is_the_line() {
        let input = wave(80);
        assert_eq!(Macd::batch(&input, 26, 12, 9).unwrap()[0][40..], Macd::batch(&input, 12, 26, 9).unwrap()[0][40..]);
        let [macd, signal, hist] = Macd::batch(&input, 12, 26, 1).unwrap();
        assert!(macd[24].is_nan() && !macd[25].is_nan());
        assert_eq!(macd[30..], signal[30..]);
        assert!(hist[25..].iter().all(|&h| h == 0.0));
    }

    #[test]
    fn flat_and_short_input() {
        let [macd, _, hist] = Macd::batch(&[7.0; 40], 12, 26, 9).unwrap();
        assert!(macd[33..].iter().chain(&hist[33..]).all(|&v| v == 0.0));
        assert!(Macd::batch(&wave(33), 12, 26, 9).unwrap().iter().flatten().all(|v| v.is_nan()));
        assert!(Macd::new(1, 26, 9).unwrap_err().to_string().contains("fastperiod"));
        assert!(MacdFix::new(0).unwrap_err().to_string().contains("signalperiod"));
    }
}
