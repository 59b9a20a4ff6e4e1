use super::ma::{ma_type, ma_type_param};
use super::MovingAverage;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// MACD with controllable MA types (TA-Lib `MACDEXT`): `macd = fast MA - slow MA`,
/// `signal = MA(macd)`, `hist = macd - signal`. As in TA-Lib, a slow period shorter
/// than the fast one is swapped together with its MA type, and all three outputs start
/// at the same bar: `max(fast, slow lookback) + signal lookback`.
///
/// TA-Lib 0.8.1 starts each of the two averages as late as its own lookback allows so
/// that both have their first value on the first MACD bar: the shorter-lookback one
/// (e.g. the fast EMA) is seeded from later inputs than the series' start. Kept here;
/// it changes EMA-like values (not SMA ones).
///
/// ```
/// use sigil_core::indicators::overlap::MacdExt;
/// let mut macd = MacdExt::new(2, 0, 3, 0, 2, 0).unwrap(); // all SMA
/// let out: Vec<_> = [1.0, 2.0, 3.0, 4.0].iter().map(|&x| macd.update(x)).collect();
/// assert!(out[2].0.is_nan());
/// assert_eq!(out[3], (0.5, 0.5, 0.0));
/// ```
#[derive(Debug, Clone)]
pub struct MacdExt {
    fast: MovingAverage,
    slow: MovingAverage,
    signal: MovingAverage,
    /// Bars at which the fast and slow averages get their first input.
    fast_start: usize,
    slow_start: usize,
    /// Bar of the first MACD value (fed to the signal average from then on).
    macd_start: usize,
    lookback: usize,
    seen: usize,
    /// The fast, slow and signal periods, the first two swapped with their averages.
    periods: [usize; 3],
}

impl MacdExt {
    pub const NAME: &'static str = "macdext";

    pub fn new(
        fast_period: usize,
        fast_type: u8,
        slow_period: usize,
        slow_type: u8,
        signal_period: usize,
        signal_type: u8,
    ) -> Result<MacdExt, Error> {
        check_period(Self::NAME, "fastperiod", fast_period, 2, 100_000)?;
        check_period(Self::NAME, "slowperiod", slow_period, 2, 100_000)?;
        check_period(Self::NAME, "signalperiod", signal_period, 1, 100_000)?;
        let (fast_lookback, slow_lookback) =
            (MovingAverage::lookback(fast_type, fast_period), MovingAverage::lookback(slow_type, slow_period));
        let macd_start = fast_lookback.max(slow_lookback);
        let (fast_start, slow_start) = (macd_start - fast_lookback, macd_start - slow_lookback);
        let fast = MovingAverage::checked_at(Self::NAME, "fastmatype", fast_type, fast_period, fast_start)?;
        let slow = MovingAverage::checked_at(Self::NAME, "slowmatype", slow_type, slow_period, slow_start)?;
        let signal = MovingAverage::checked(Self::NAME, "signalmatype", signal_type, signal_period)?;
        // Which one is "fast" does not matter past this point: only the difference's sign,
        // and TA-Lib swaps the pair so that the longer period is subtracted.
        let (fast, slow, fast_start, slow_start, periods) = if slow_period < fast_period {
            (slow, fast, slow_start, fast_start, [slow_period, fast_period, signal_period])
        } else {
            (fast, slow, fast_start, slow_start, [fast_period, slow_period, signal_period])
        };
        let lookback = Self::lookback(fast_period, fast_type, slow_period, slow_type, signal_period, signal_type);
        Ok(MacdExt { fast, slow, signal, fast_start, slow_start, macd_start, lookback, seen: 0, periods })
    }

    /// `[macd, signal, hist]` over a whole series: `update`'s values bit for bit, each
    /// average a column of its own batch ([`MovingAverage::column`]) over the inputs
    /// `update` feeds it.
    #[allow(clippy::too_many_arguments)]
    pub fn batch(
        input: &[f64],
        fast_period: usize,
        fast_type: u8,
        slow_period: usize,
        slow_type: u8,
        signal_period: usize,
        signal_type: u8,
    ) -> Result<[Vec<f64>; 3], Error> {
        let macd = MacdExt::new(fast_period, fast_type, slow_period, slow_type, signal_period, signal_type)?;
        let n = input.len();
        if n <= macd.lookback {
            return Ok(std::array::from_fn(|_| vec![f64::NAN; n]));
        }
        let MacdExt {
            fast,
            slow,
            signal,
            fast_start,
            slow_start,
            macd_start,
            lookback,
            periods: [fast_period, slow_period, signal_period],
            ..
        } = macd;
        let mut fast = fast.column(&input[fast_start..], fast_period)?;
        let mut slow = slow.column(&input[slow_start..], slow_period)?;
        // The average that starts at bar 0 (the longer lookback) becomes the MACD line
        // in place, from bar `macd_start` on.
        let mut line = if slow_start == 0 {
            slow[macd_start..].iter_mut().zip(&fast[macd_start - fast_start..]).for_each(|(slow, &fast)| *slow = fast - *slow);
            slow
        } else {
            fast[macd_start..].iter_mut().zip(&slow[macd_start - slow_start..]).for_each(|(fast, &slow)| *fast -= slow);
            fast
        };
        let signal = signal.column(line.get(macd_start..).unwrap_or_default(), signal_period)?;
        let signal = signal.get(lookback - macd_start..).unwrap_or_default();
        line[..lookback].fill(f64::NAN);
        let (mut signal_column, mut hist) = (Vec::with_capacity(n), Vec::with_capacity(n));
        signal_column.resize(lookback, f64::NAN);
        signal_column.extend_from_slice(signal);
        hist.resize(lookback, f64::NAN);
        hist.extend(line[lookback..].iter().zip(signal).map(|(&macd, &signal)| macd - signal));
        Ok([line, signal_column, hist])
    }

    pub fn lookback(fast_period: usize, fast_type: u8, slow_period: usize, slow_type: u8, signal_period: usize, signal_type: u8) -> usize {
        MovingAverage::lookback(fast_type, fast_period).max(MovingAverage::lookback(slow_type, slow_period))
            + MovingAverage::lookback(signal_type, signal_period)
    }

    /// (macd, signal, hist) after `x`.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64, f64) {
        let fast = if self.seen >= self.fast_start { self.fast.update(x) } else { f64::NAN };
        let slow = if self.seen >= self.slow_start { self.slow.update(x) } else { f64::NAN };
        let macd = fast - slow;
        let signal = if self.seen >= self.macd_start { self.signal.update(macd) } else { f64::NAN };
        let ready = self.seen >= self.lookback;
        if !ready {
            self.seen += 1;
        }
        Self::output(ready, macd, signal)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64, f64) {
        let fast = if self.seen >= self.fast_start { self.fast.peek(x) } else { f64::NAN };
        let slow = if self.seen >= self.slow_start { self.slow.peek(x) } else { f64::NAN };
        let macd = fast - slow;
        let signal = if self.seen >= self.macd_start { self.signal.peek(macd) } else { f64::NAN };
        Self::output(self.seen >= self.lookback, macd, signal)
    }

    pub fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.signal.reset();
        self.seen = 0;
    }

    #[inline]
    fn output(ready: bool, macd: f64, signal: f64) -> (f64, f64, f64) {
        if ready {
            (macd, signal, macd - signal)
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        }
    }
}

struct OnClose(MacdExt);

impl Streaming for OnClose {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1], out[2]) = self.0.update(bar.close);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1], out[2]) = self.0.peek(bar.close);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

const fn period(name: &'static str, default: usize, min: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: min as i64, max: 100_000 }, default: default as f64, description }
}

fn build(p: &[f64]) -> Result<MacdExt, Error> {
    MacdExt::new(int_param(p, 0), ma_type_param(p, 1), int_param(p, 2), ma_type_param(p, 3), int_param(p, 4), ma_type_param(p, 5))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: MacdExt::NAME,
    title: "MACD with controllable MA type",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[
        period("fastperiod", 12, 2, "Number of bars of the fast average"),
        ma_type("fastmatype", 0),
        period("slowperiod", 26, 2, "Number of bars of the slow average"),
        ma_type("slowmatype", 0),
        period("signalperiod", 9, 1, "Smoothing of the signal line"),
        ma_type("signalmatype", 0),
    ],
    outputs: &["macd", "macdsignal", "macdhist"],
    overlay: false,
    lookback: |p| {
        MacdExt::lookback(int_param(p, 0), ma_type_param(p, 1), int_param(p, 2), ma_type_param(p, 3), int_param(p, 4), ma_type_param(p, 5))
    },
    batch: kernel!(|p, columns| match columns {
        [close, ..] => Ok(MacdExt::batch(
            close,
            int_param(p, 0),
            ma_type_param(p, 1),
            int_param(p, 2),
            ma_type_param(p, 3),
            int_param(p, 4),
            ma_type_param(p, 5),
        )?
        .into()),
        [] => Ok(run_bars(OnClose(build(p)?), &[Input::Close], columns, 3)),
    }),
    stream: |p| Ok(Box::new(OnClose(build(p)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookback_swap_and_errors() {
        assert_eq!(MacdExt::lookback(12, 0, 26, 0, 9, 0), 33);
        assert!(MacdExt::new(12, 0, 26, 0, 0, 0).unwrap_err().to_string().contains("signalperiod"));
        assert!(MacdExt::new(12, 0, 26, 10, 9, 0).unwrap_err().to_string().contains("slowmatype"));
        let x: Vec<f64> = (0..60).map(|i| ((i * 7) % 13) as f64).collect();
        let run = |a, b, c, d| {
            let mut m = MacdExt::new(a, b, c, d, 3, 1).unwrap();
            x.iter().map(|&v| m.update(v).0).collect::<Vec<_>>()
        };
        let (swapped, plain) = (run(20, 2, 5, 1), run(5, 1, 20, 2));
        assert!(swapped.iter().zip(&plain).all(|(a, b)| a.to_bits() == b.to_bits()));
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        use crate::spec::MA_TYPES;
        let mut cases = vec![(12, 0, 26, 0, 9, 0), (2, 0, 2, 0, 1, 0), (3, 1, 2, 0, 2, 1), (5, 7, 9, 7, 3, 7), (26, 1, 12, 2, 9, 3)];
        // Every type in every slot, with even and odd periods and a swapped pair.
        cases.extend(MA_TYPES.iter().enumerate().map(|(i, &(code, _))| {
            let other = MA_TYPES[(i + 3) % MA_TYPES.len()].0;
            (2 + i % 4, code, 3 + i % 3, other, 1 + i % 3, MA_TYPES[(i + 5) % MA_TYPES.len()].0)
        }));
        for (fp, ft, sp, st, gp, gt) in cases {
            for output in 0..3 {
                assert_batch_is_updates(
                    &format!("macdext:{fp}:{ft}:{sp}:{st}:{gp}:{gt} output {output}"),
                    |x| MacdExt::batch(x, fp, ft, sp, st, gp, gt).unwrap()[output].clone(),
                    |x| {
                        let mut macd = MacdExt::new(fp, ft, sp, st, gp, gt).unwrap();
                        x.iter().map(|&v| <[f64; 3]>::from(macd.update(v))[output]).collect()
                    },
                );
            }
        }
    }
}
