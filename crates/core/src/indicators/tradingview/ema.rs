use super::ema_weights;
use crate::bar::Input;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod, Ema};
use crate::registry::Variant;

/// Pine's `ta.ema`: `ema = k * x + (1 - k) * ema[1]` with `k = 2 / (period + 1)`, seeded
/// with the first input itself (Pine: `na(sum[1]) ? src : ...`), so there is a value
/// from bar 0 and no warm-up. A NaN input gives NaN and the next input seeds afresh,
/// which is what that `na(sum[1])` test does.
///
/// ```
/// use sigil_core::{Mode, Series, Spec};
/// let spec = Spec::parse_in("ema:3", Mode::TradingView).unwrap();
/// let out = spec.compute(&Series::from_close(&[1.0, 3.0, 5.0])).unwrap();
/// assert_eq!(out[0], [1.0, 2.0, 3.5]); // k = 0.5: 1, then 0.5 * 1 + 0.5 * 3, ...
/// ```
#[derive(Debug, Clone)]
pub(crate) struct FirstValueEma {
    k: f64,
    beta: f64,
    /// NaN until the first (non-NaN) input.
    value: f64,
}

impl FirstValueEma {
    /// `period` at least 1 (checked by the callers, which name their own parameter).
    pub(crate) fn new(period: usize) -> FirstValueEma {
        let (k, beta) = ema_weights(period);
        FirstValueEma { k, beta, value: f64::NAN }
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> f64 {
        self.value = self.peek(x);
        self.value
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> f64 {
        if self.value.is_nan() {
            x
        } else {
            self.beta * self.value + self.k * x
        }
    }

    pub(crate) fn reset(&mut self) {
        self.value = f64::NAN;
    }
}

single_series!(FirstValueEma);

/// TradingView's "Moving Average Exponential" defaults to a length of 9.
const DEFAULT_PERIOD: usize = 9;

fn checked(period: usize) -> Result<FirstValueEma, crate::Error> {
    check_period(Ema::NAME, "timeperiod", period, Ema::MIN_PERIOD, Ema::MAX_PERIOD)?;
    Ok(FirstValueEma::new(period))
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[timeperiod(DEFAULT_PERIOD, Ema::MIN_PERIOD, Ema::MAX_PERIOD)],
    note: "Pine ta.ema: seeded with the first value, so output starts at bar 0 (TA-Lib seeds with the SMA of the first n and \
           starts at n-1); default period 9 (TA-Lib 30).",
    inputs: None,
    lookback: |_| 0,
    batch: kernel!(|p, columns| {
        let mut ema = checked(int_param(p, 0))?;
        Ok(vec![run_batch(first(columns), |x| ema.update(x))])
    }),
    stream: |p| Ok(on_input(Input::Close, checked(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mode, Series, Spec};

    /// The textbook recursion, written independently of the type under test.
    fn reference(input: &[f64], period: usize) -> Vec<f64> {
        let alpha = 2.0 / (period as f64 + 1.0);
        let mut out: Vec<f64> = Vec::new();
        for &x in input {
            let next = match out.last() {
                None => x,
                Some(&prev) => alpha * x + (1.0 - alpha) * prev,
            };
            out.push(next);
        }
        out
    }

    fn tv(spec: &str, close: &[f64]) -> Vec<f64> {
        Spec::parse_in(spec, Mode::TradingView).unwrap().compute(&Series::from_close(close)).unwrap().remove(0)
    }

    #[test]
    fn hand_computed_values() {
        // period 4: k = 0.4. 10; 0.6*10 + 0.4*20 = 14; 0.6*14 + 0.4*15 = 14.4; 0.6*14.4 + 0.4*5 = 10.64
        let out = tv("ema:4", &[10.0, 20.0, 15.0, 5.0]);
        let expected = [10.0, 14.0, 14.4, 10.64];
        for (a, e) in out.iter().zip(expected) {
            assert!((a - e).abs() < 1e-12, "{out:?}");
        }
        assert_eq!(Spec::parse_in("ema", Mode::TradingView).unwrap().to_string(), "ema:9");
    }

    #[test]
    fn matches_the_textbook_recursion_and_differs_from_talib_early() {
        let close: Vec<f64> = (0..300).map(|i| 100.0 + (i as f64 * 0.37).sin() * 3.0 + i as f64 * 0.01).collect();
        let out = tv("ema:10", &close);
        for (a, r) in out.iter().zip(reference(&close, 10)) {
            assert!((a - r).abs() <= 1e-12 * r.abs(), "{a} vs {r}");
        }
        let talib = Ema::batch(&close, 10).unwrap();
        assert!(talib[8].is_nan() && !out[8].is_nan());
        assert!((talib[20] - out[20]).abs() > 1e-6, "the seeds differ early");
        assert!((talib[299] - out[299]).abs() < 1e-9, "and converge");
    }

    #[test]
    fn flat_nan_and_period_one() {
        assert_eq!(tv("ema:7", &[1e-12; 50]), vec![1e-12; 50]);
        assert_eq!(tv("ema:1", &[3.0, -1.0, 2.5]), [3.0, -1.0, 2.5]);
        let out = tv("ema:3", &[f64::NAN, 2.0, 4.0, f64::NAN, 6.0]);
        assert!(out[0].is_nan() && out[3].is_nan());
        assert_eq!(out[1..3], [2.0, 3.0]);
        assert_eq!(out[4], 6.0, "a NaN restarts the seed, as Pine's na(sum[1]) does");
        assert!(Spec::parse_in("ema:0", Mode::TradingView).is_err());
    }
}
