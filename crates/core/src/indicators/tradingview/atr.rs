use super::column;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::momentum::bar_streaming;
use crate::indicators::{check_period, int_param, run_bars, timeperiod, Atr, Rma, TrueRange};
use crate::registry::Variant;

/// Pine's `ta.atr(n) = ta.rma(ta.tr(true), n)`: `ta.tr(true)` falls back to
/// `high - low` when there is no previous close, so bar 0 has a true range and the
/// first ATR is at index `n - 1`, the mean of the true ranges of bars 0..n-1 (TA-Lib
/// starts the true range at bar 1 and the ATR at index `n`). Wilder smoothing after.
///
/// ```
/// use sigil_core::{Bar, Mode, Spec};
/// let mut atr = Spec::parse_in("atr:2", Mode::TradingView).unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(atr.update(&bar(10.0, 9.0, 9.5))[0].is_nan()); // true range 1 (high - low)
/// assert_eq!(atr.update(&bar(11.0, 10.0, 10.5))[0], 1.25); // true range 1.5: mean of 1 and 1.5
/// assert_eq!(atr.peek(&bar(11.0, 10.5, 11.0)), [0.875]); // 0.5 * 1.25 + 0.5 * 0.5
/// ```
#[derive(Debug, Clone)]
pub(crate) struct TvAtr {
    range: TrueRange,
    rma: Rma,
}

impl TvAtr {
    /// `period` at least 1, checked by the caller (which names its parameter).
    pub(crate) fn new(period: usize) -> TvAtr {
        TvAtr { range: TrueRange::new(), rma: Rma::with_period(period) }
    }

    /// `ta.tr(true)`: TA-Lib's true range is NaN exactly when there is no previous close
    /// or `high - low` itself is NaN; in both cases Pine's value is `high - low`.
    #[inline]
    fn true_range(&self, high: f64, low: f64, close: f64) -> f64 {
        let range = self.range.peek(high, low, close);
        if range.is_nan() {
            high - low
        } else {
            range
        }
    }

    /// The ATR after this bar; NaN during the warm-up.
    #[inline]
    pub(crate) fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let range = self.true_range(high, low, close);
        self.range.update(high, low, close);
        self.rma.update(range)
    }

    #[inline]
    pub(crate) fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.rma.peek(self.true_range(high, low, close))
    }

    pub(crate) fn reset(&mut self) {
        self.range.reset();
        self.rma.reset();
    }
}

bar_streaming!(TvAtr, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

fn build(p: &[f64]) -> Result<TvAtr, Error> {
    let period = int_param(p, 0);
    check_period(Atr::NAME, "timeperiod", period, Atr::MIN_PERIOD, Atr::MAX_PERIOD)?;
    Ok(TvAtr::new(period))
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[timeperiod(Atr::DEFAULT_PERIOD, Atr::MIN_PERIOD, Atr::MAX_PERIOD)],
    note: "Pine ta.atr = rma(tr(true)): bar 0's true range is high - low, so the first value is at index n-1 = mean(TR[0..n-1]) \
           (TA-Lib: index n, from bar 1's TR); Wilder smoothing after, so the two converge.",
    inputs: None,
    lookback: |p| int_param(p, 0).saturating_sub(1),
    batch: kernel!(|p, c| Ok(run_bars(build(p)?, INPUTS, &[column(c, 0), column(c, 1), column(c, 2)], 1))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{ohlcv, run};
    use crate::{Mode, Spec};

    #[test]
    fn hand_computed_values() {
        // Bars (h, l, c): (10, 8, 9), (11, 9.5, 10.5), (12, 11, 11.5), (11, 9, 10).
        // TR: 2 (h - l on bar 0), max(1.5, 2, 0.5) = 2, max(1, 1.5, 0.5) = 1.5, max(2, 0.5, 2.5) = 2.5.
        // ATR(3): NaN, NaN, (2 + 2 + 1.5) / 3 = 11/6, 11/6 * 2/3 + 2.5/3 = 22/18 + 15/18 = 37/18.
        let cols = [vec![0.0; 4], vec![10.0, 11.0, 12.0, 11.0], vec![8.0, 9.5, 11.0, 9.0], vec![9.0, 10.5, 11.5, 10.0], vec![0.0; 4]];
        let out = run("atr:3", Mode::TradingView, &cols).remove(0);
        assert!(out[0].is_nan() && out[1].is_nan());
        assert!((out[2] - 11.0 / 6.0).abs() < 1e-12 && (out[3] - 37.0 / 18.0).abs() < 1e-12, "{out:?}");
        assert_eq!(Spec::parse_in("atr:3", Mode::TradingView).unwrap().lookback(), 2);
    }

    #[test]
    fn brute_force_and_convergence_with_talib() {
        let cols = ohlcv(400);
        let (high, low, close) = (&cols[1], &cols[2], &cols[3]);
        let n = 14;
        let tr: Vec<f64> = (0..400)
            .map(|i| {
                let hl = high[i] - low[i];
                if i == 0 {
                    hl
                } else {
                    hl.max((high[i] - close[i - 1]).abs()).max((low[i] - close[i - 1]).abs())
                }
            })
            .collect();
        let mut expected = vec![f64::NAN; 400];
        expected[n - 1] = tr[..n].iter().sum::<f64>() / n as f64;
        for i in n..400 {
            expected[i] = (expected[i - 1] * (n - 1) as f64 + tr[i]) / n as f64;
        }
        let tv = run("atr", Mode::TradingView, &cols).remove(0);
        let ta = run("atr", Mode::Talib, &cols).remove(0);
        for i in 0..400 {
            let e = expected[i];
            assert!((e.is_nan() && tv[i].is_nan()) || (tv[i] - e).abs() < 1e-12 * e, "bar {i}: {} vs {e}", tv[i]);
        }
        assert!(ta[13].is_nan() && tv[13].is_finite());
        assert!((tv[399] - ta[399]).abs() < 1e-9 * ta[399]);
    }

    #[test]
    fn period_one_is_the_true_range_from_bar_zero() {
        let cols = [vec![0.0; 3], vec![10.0, 13.0, 9.0], vec![9.0, 12.0, 8.0], vec![9.5, 12.5, 8.5], vec![0.0; 3]];
        assert_eq!(run("atr:1", Mode::TradingView, &cols)[0], [1.0, 3.5, 4.5]);
    }
}
