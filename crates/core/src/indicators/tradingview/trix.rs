use super::ema::FirstValueEma;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod, Trix};
use crate::registry::Variant;

/// TradingView's built-in TRIX: `10000 * ta.change(ta.ema(ta.ema(ta.ema(math.log(close),
/// n), n), n))`. Against TA-Lib's TRIX (one-bar percent change of a triple SMA-seeded
/// EMA of the close) three things differ: the EMAs run on the log of the close, they are
/// `ta.ema`s seeded with their first input (so the first value is at bar 1), and the
/// change is a log difference scaled by 10000, i.e. in basis points rather than percent.
///
/// ```
/// use sigil_core::{Mode, Series, Spec};
/// let spec = Spec::parse_in("trix:1", Mode::TradingView).unwrap();
/// let out = spec.compute(&Series::from_close(&[100.0, 101.0])).unwrap();
/// assert!(out[0][0].is_nan());
/// assert!((out[0][1] - 10000.0 * (101.0f64 / 100.0).ln()).abs() < 1e-9); // ~99.5 bp
/// ```
#[derive(Debug, Clone)]
struct TvTrix {
    emas: [FirstValueEma; 3],
    /// The previous triple EMA; NaN before the first.
    prev: f64,
}

impl TvTrix {
    fn new(period: usize) -> Result<TvTrix, Error> {
        check_period(Trix::NAME, "timeperiod", period, Trix::MIN_PERIOD, Trix::MAX_PERIOD)?;
        Ok(TvTrix { emas: [FirstValueEma::new(period), FirstValueEma::new(period), FirstValueEma::new(period)], prev: f64::NAN })
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        let [a, b, c] = &mut self.emas;
        let triple = c.update(b.update(a.update(x.ln())));
        10000.0 * (triple - std::mem::replace(&mut self.prev, triple))
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        let [a, b, c] = &self.emas;
        10000.0 * (c.peek(b.peek(a.peek(x.ln()))) - self.prev)
    }

    fn reset(&mut self) {
        self.emas.iter_mut().for_each(FirstValueEma::reset);
        self.prev = f64::NAN;
    }
}

single_series!(TvTrix);

pub(crate) static VARIANT: Variant = Variant {
    params: &[timeperiod(18, Trix::MIN_PERIOD, Trix::MAX_PERIOD)],
    note: "TradingView's TRIX: 10000 * change of a triple ta.ema (first-value seed) of ln(close), i.e. basis points of a log change, \
           first value at bar 1 (TA-Lib: percent change of a triple SMA-seeded EMA of close, first value at 3(n-1)+1); default 18 \
           (TA-Lib 30).",
    inputs: None,
    lookback: |_| 1,
    batch: kernel!(|p, columns| {
        let mut trix = TvTrix::new(int_param(p, 0))?;
        Ok(vec![run_batch(first(columns), |x| trix.update(x))])
    }),
    stream: |p| Ok(on_input(Input::Close, TvTrix::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use crate::{Mode, Series, Spec};

    #[test]
    fn brute_force() {
        let close: Vec<f64> = (0..200).map(|i| 100.0 * (1.0 + 0.03 * (i as f64 * 0.17).sin()) + i as f64 * 0.1).collect();
        let ema = |input: &[f64], n: usize| -> Vec<f64> {
            let alpha = 2.0 / (n as f64 + 1.0);
            let mut out: Vec<f64> = Vec::new();
            for &x in input {
                out.push(out.last().map_or(x, |&prev| alpha * x + (1.0 - alpha) * prev));
            }
            out
        };
        let logs: Vec<f64> = close.iter().map(|c| c.ln()).collect();
        let triple = ema(&ema(&ema(&logs, 18), 18), 18);
        let out = Spec::parse_in("trix", Mode::TradingView).unwrap().compute(&Series::from_close(&close)).unwrap().remove(0);
        assert!(out[0].is_nan());
        for i in 1..200 {
            let expected = 10000.0 * (triple[i] - triple[i - 1]);
            assert!((out[i] - expected).abs() < 1e-7, "bar {i}: {} vs {expected}", out[i]);
        }
        assert_eq!(Spec::parse_in("trix", Mode::TradingView).unwrap().to_string(), "trix:18");
    }

    #[test]
    fn flat_and_non_positive_prices() {
        let out = Spec::parse_in("trix:3", Mode::TradingView).unwrap().compute(&Series::from_close(&[5.0; 6])).unwrap().remove(0);
        assert_eq!(out[1..], [0.0; 5]);
        let out = Spec::parse_in("trix:3", Mode::TradingView).unwrap().compute(&Series::from_close(&[1.0, 0.0, -1.0, 2.0])).unwrap();
        assert_eq!(out[0].len(), 4);
    }
}
