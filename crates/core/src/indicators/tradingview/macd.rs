use super::ema::FirstValueEma;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, Macd};
use crate::registry::{ParamDef, ParamKind, Streaming, Variant};

/// Pine's `ta.macd(close, fast, slow, signal)`: three `ta.ema`s (seeded with their first
/// input, see the EMA variant), so all three outputs start at bar 0 (MACD 0 there), and
/// the periods are used as given (a fast period above the slow one is not swapped as
/// TA-Lib does: the line changes sign).
///
/// ```
/// use sigil_core::{Mode, Series, Spec};
/// let spec = Spec::parse_in("macd:3:7:3", Mode::TradingView).unwrap();
/// let out = spec.compute(&Series::from_close(&[10.0, 18.0])).unwrap();
/// assert_eq!([out[0][0], out[1][0], out[2][0]], [0.0, 0.0, 0.0]);
/// // fast 10 + 0.5 * 8 = 14, slow 10 + 0.25 * 8 = 12: line 2, signal 0.5 * 2 = 1
/// assert_eq!([out[0][1], out[1][1], out[2][1]], [2.0, 1.0, 1.0]);
/// ```
#[derive(Debug, Clone)]
struct TvMacd {
    fast: FirstValueEma,
    slow: FirstValueEma,
    signal: FirstValueEma,
}

impl TvMacd {
    fn new(fast: usize, slow: usize, signal: usize) -> Result<TvMacd, Error> {
        check_period(Macd::NAME, "fastperiod", fast, Macd::MIN_PERIOD, Macd::MAX_PERIOD)?;
        check_period(Macd::NAME, "slowperiod", slow, Macd::MIN_PERIOD, Macd::MAX_PERIOD)?;
        check_period(Macd::NAME, "signalperiod", signal, Macd::MIN_SIGNAL, Macd::MAX_PERIOD)?;
        Ok(TvMacd { fast: FirstValueEma::new(fast), slow: FirstValueEma::new(slow), signal: FirstValueEma::new(signal) })
    }

    #[inline]
    fn update(&mut self, x: f64) -> [f64; 3] {
        let line = self.fast.update(x) - self.slow.update(x);
        let signal = self.signal.update(line);
        [line, signal, line - signal]
    }

    #[inline]
    fn peek(&self, x: f64) -> [f64; 3] {
        let line = self.fast.peek(x) - self.slow.peek(x);
        let signal = self.signal.peek(line);
        [line, signal, line - signal]
    }
}

impl Streaming for TvMacd {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        for (slot, value) in out.iter_mut().zip(TvMacd::update(self, bar.close)) {
            *slot = value;
        }
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        for (slot, value) in out.iter_mut().zip(TvMacd::peek(self, bar.close)) {
            *slot = value;
        }
    }
    fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.signal.reset();
    }
}

fn build(p: &[f64]) -> Result<TvMacd, Error> {
    TvMacd::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))
}

const fn period(name: &'static str, default: usize, min: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: min as i64, max: Macd::MAX_PERIOD as i64 }, default: default as f64, description }
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[
        period("fastperiod", Macd::DEFAULT_FAST, Macd::MIN_PERIOD, "Period of the fast EMA"),
        period("slowperiod", Macd::DEFAULT_SLOW, Macd::MIN_PERIOD, "Period of the slow EMA"),
        period("signalperiod", Macd::DEFAULT_SIGNAL, Macd::MIN_SIGNAL, "Period of the signal-line EMA"),
    ],
    note: "Pine ta.macd: all three EMAs are ta.ema (seeded with the first value), so every output starts at bar 0 (TA-Lib: SMA \
           seeds, first value at slow + signal - 2); fast > slow is not swapped. Same defaults 12/26/9.",
    inputs: None,
    lookback: |_| 0,
    batch: kernel!(|p, columns| {
        let mut macd = build(p)?;
        let input = first(columns);
        let mut out = [Vec::with_capacity(input.len()), Vec::with_capacity(input.len()), Vec::with_capacity(input.len())];
        for &x in input {
            for (column, value) in out.iter_mut().zip(macd.update(x)) {
                column.push(value);
            }
        }
        Ok(out.into())
    }),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use crate::{Mode, Series, Spec};

    fn ema(input: &[f64], period: usize) -> Vec<f64> {
        let alpha = 2.0 / (period as f64 + 1.0);
        let mut out: Vec<f64> = Vec::new();
        for &x in input {
            out.push(out.last().map_or(x, |&prev| alpha * x + (1.0 - alpha) * prev));
        }
        out
    }

    #[test]
    fn brute_force_and_convergence_with_talib() {
        let close: Vec<f64> = (0..600).map(|i| 50.0 + (i as f64 * 0.21).sin() * 5.0 + i as f64 * 0.02).collect();
        let series = Series::from_close(&close);
        let tv = Spec::parse_in("macd", Mode::TradingView).unwrap().compute(&series).unwrap();
        let line: Vec<f64> = ema(&close, 12).iter().zip(ema(&close, 26)).map(|(f, s)| f - s).collect();
        let signal = ema(&line, 9);
        for i in 0..600 {
            assert!((tv[0][i] - line[i]).abs() < 1e-9, "line bar {i}");
            assert!((tv[1][i] - signal[i]).abs() < 1e-9, "signal bar {i}");
            assert!((tv[2][i] - (line[i] - signal[i])).abs() < 1e-9, "hist bar {i}");
        }
        let ta = Spec::parse("macd").unwrap().compute(&series).unwrap();
        assert!(ta[0][32].is_nan() && ta[0][33].is_finite());
        assert!((ta[0][599] - tv[0][599]).abs() < 1e-9 && (ta[1][599] - tv[1][599]).abs() < 1e-9);
    }

    #[test]
    fn periods_are_not_swapped() {
        let close: Vec<f64> = (0..50).map(|i| f64::from(i).sqrt()).collect();
        let series = Series::from_close(&close);
        let a = Spec::parse_in("macd:12:26:9", Mode::TradingView).unwrap().compute(&series).unwrap();
        let b = Spec::parse_in("macd:26:12:9", Mode::TradingView).unwrap().compute(&series).unwrap();
        assert!(a[0].iter().zip(&b[0]).skip(1).all(|(x, y)| *x == -*y && *x != 0.0));
    }
}
