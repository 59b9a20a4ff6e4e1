use super::{column, emit, integer_param, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, Ema};
use crate::registry::{IndicatorDef, Streaming};

/// Chaikin volatility (TA-Lib `CVI`): the percentage change, over `rocperiod` bars, of
/// an EMA of `high - low`.
///
/// The EMA is TA-Lib's (seeded with the mean of the first `timeperiod` ranges), so the
/// first value is at index `timeperiod - 1 + rocperiod`. A zero lagged average gives 0,
/// as in TA-Lib 0.8.1 (tested exactly, no epsilon band, so tiny prices work).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut cvi = Spec::parse("cvi:2:1").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(cvi.update(&bar(10.0, 9.0))[0].is_nan());
/// assert!(cvi.update(&bar(10.0, 7.0))[0].is_nan()); // EMA seed 2
/// let value = cvi.update(&bar(10.0, 6.0))[0]; // EMA 2 / 3 * 4 + 1 / 3 * 2 = 10 / 3
/// assert!((value - 100.0 * (10.0 / 3.0 - 2.0) / 2.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone)]
pub struct Cvi {
    ema: Ema,
    period: usize,
    /// Bars seen, saturating at `period` (the EMA's first value).
    seen: usize,
    roc_period: usize,
    /// The last `roc_period` EMA values, oldest at `oldest` once full.
    lagged: Vec<f64>,
    oldest: usize,
}

impl Cvi {
    pub const NAME: &'static str = "cvi";
    pub const DEFAULT_PERIOD: usize = 10;
    pub const DEFAULT_ROC_PERIOD: usize = 10;
    pub const MIN_PERIOD: usize = 2;
    pub const MIN_ROC_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, roc_period: usize) -> Result<Cvi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "rocperiod", roc_period, Self::MIN_ROC_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cvi { ema: Ema::new(period)?, period, seen: 0, roc_period, lagged: Vec::with_capacity(roc_period), oldest: 0 })
    }

    pub fn lookback(period: usize, roc_period: usize) -> usize {
        period.saturating_sub(1) + roc_period
    }

    /// `update`'s values bit for bit: the EMA of the ranges by [`Ema::extend_of_pairs`]
    /// (no column of ranges), then each value against the one `roc_period` bars back.
    pub fn batch(high: &[f64], low: &[f64], period: usize, roc_period: usize) -> Result<Vec<f64>, Error> {
        let cvi = Cvi::new(period, roc_period)?;
        let n = rows(&[high, low]);
        let lookback = Self::lookback(period, roc_period);
        if n <= lookback {
            return Ok(vec![f64::NAN; n]);
        }
        let mut averages = Vec::with_capacity(n);
        cvi.ema.extend_of_pairs(&mut averages, high, low, |high, low| high - low);
        let mut out = Vec::with_capacity(n);
        out.resize(lookback, f64::NAN);
        out.extend(
            averages[lookback..].iter().zip(&averages[lookback - roc_period..]).map(|(&average, &lagged)| percent_change(average, lagged)),
        );
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let average = self.ema.update(high - low);
        self.seen = (self.seen + 1).min(self.period);
        if self.seen < self.period {
            return f64::NAN;
        }
        let value = self.output(average);
        if self.lagged.len() < self.roc_period {
            self.lagged.push(average);
        } else {
            self.lagged[self.oldest] = average;
            self.oldest = if self.oldest + 1 == self.roc_period { 0 } else { self.oldest + 1 };
        }
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        self.output(self.ema.peek(high - low))
    }

    pub fn reset(&mut self) {
        self.ema.reset();
        self.seen = 0;
        self.lagged.clear();
        self.oldest = 0;
    }

    /// The value for a new EMA value, against the one `roc_period` bars back.
    #[inline]
    fn output(&self, average: f64) -> f64 {
        if self.lagged.len() < self.roc_period {
            return f64::NAN;
        }
        percent_change(average, self.lagged[self.oldest])
    }
}

/// The change from `lagged` to `average` in percent; 0 from exactly 0.
#[inline(always)]
fn percent_change(average: f64, lagged: f64) -> f64 {
    if lagged != 0.0 {
        100.0 * ((average - lagged) / lagged)
    } else {
        0.0
    }
}

impl Streaming for Cvi {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Cvi::update(self, bar.high, bar.low)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Cvi::peek(self, bar.high, bar.low)]);
    }
    fn reset(&mut self) {
        Cvi::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cvi::NAME,
    title: "Chaikin's Volatility",
    group: "Volatility Indicators",
    inputs: &[Input::High, Input::Low],
    params: &[
        integer_param("timeperiod", Cvi::DEFAULT_PERIOD, Cvi::MIN_PERIOD, Cvi::MAX_PERIOD, "Period of the EMA of the high-low range"),
        integer_param(
            "rocperiod",
            Cvi::DEFAULT_ROC_PERIOD,
            Cvi::MIN_ROC_PERIOD,
            Cvi::MAX_PERIOD,
            "Bars over which the EMA's change is measured",
        ),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cvi::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, c| Ok(vec![Cvi::batch(column(c, 0), column(c, 1), int_param(p, 0), int_param(p, 1))?])),
    stream: |p| Ok(Box::new(Cvi::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_bars_give_zero_not_nan() {
        let out = Cvi::batch(&[5.0; 6], &[5.0; 6], 2, 2).unwrap();
        assert!(out[..3].iter().all(|v| v.is_nan()));
        assert_eq!(out[3..], [0.0; 3]);
    }

    #[test]
    fn tiny_ranges_are_not_treated_as_zero() {
        let high = [2e-12, 3e-12, 4e-12, 6e-12];
        let out = Cvi::batch(&high, &[1e-12; 4], 2, 1).unwrap();
        assert!(out[2] > 0.0 && out[3] > 0.0);
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;
        for (period, roc_period) in [(2, 1), (2, 2), (3, 1), (4, 3), (5, 8), (10, 10)] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("cvi:{period}:{roc_period}"),
                    scale,
                    |high, low| Cvi::batch(high, low, period, roc_period).unwrap(),
                    |high, low| {
                        let mut cvi = Cvi::new(period, roc_period).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| cvi.update(h, l)).collect()
                    },
                );
            }
        }
    }

    #[test]
    fn invalid_periods_are_named() {
        assert!(Cvi::new(1, 10).unwrap_err().to_string().contains("timeperiod"));
        assert!(Cvi::new(10, 0).unwrap_err().to_string().contains("rocperiod"));
    }
}
