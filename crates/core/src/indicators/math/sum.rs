//! SUM (windowed) and CUMSUM (running) totals, accumulated exactly as TA-Lib does so
//! the rounding matches it bar for bar.

use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Sum of the last `period` inputs (TA-Lib `SUM`).
///
/// Like TA-Lib it keeps a running total of the previous `period - 1` inputs: each bar
/// adds the new input, outputs, then subtracts the input leaving the window. O(1) per
/// bar; a NaN or infinity stays in the total from then on, as in TA-Lib.
///
/// ```
/// use sigil_core::indicators::Sum;
/// let mut sum = Sum::new(3).unwrap();
/// assert!(sum.update(1.0).is_nan());
/// assert!(sum.update(2.0).is_nan());
/// assert_eq!(sum.update(3.0), 6.0);
/// assert_eq!(sum.peek(10.0), 15.0); // the forming bar; state unchanged
/// assert_eq!(sum.update(4.0), 9.0);
/// ```
#[derive(Debug, Clone)]
pub struct Sum {
    period: usize,
    /// The last `period - 1` inputs, oldest at `next_out` once full.
    window: Vec<f64>,
    next_out: usize,
    /// Total of the inputs in `window`.
    partial_sum: f64,
}

impl Sum {
    pub const NAME: &'static str = "sum";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Sum, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Sum { period, window: Vec::with_capacity(period - 1), next_out: 0, partial_sum: 0.0 })
    }

    pub fn lookback(period: usize) -> usize {
        period.max(1) - 1
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut sum = Sum::new(period)?;
        Ok(run_batch(input, |x| sum.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let keep = self.period - 1;
        if self.window.len() < keep {
            self.window.push(x);
            self.partial_sum += x;
            return f64::NAN;
        }
        let total = self.partial_sum + x;
        if let Some(leaving) = self.window.get_mut(self.next_out) {
            self.partial_sum = total - *leaving;
            *leaving = x;
            self.next_out = if self.next_out + 1 == keep { 0 } else { self.next_out + 1 };
        }
        total
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.window.len() < self.period - 1 {
            return f64::NAN;
        }
        self.partial_sum + x
    }

    pub fn reset(&mut self) {
        self.window.clear();
        self.next_out = 0;
        self.partial_sum = 0.0;
    }
}

single_series!(Sum);

pub(crate) static SUM: IndicatorDef = IndicatorDef {
    name: Sum::NAME,
    title: "Summation",
    group: "Math Operators",
    inputs: &[Input::Close],
    params: &[timeperiod(Sum::DEFAULT_PERIOD, Sum::MIN_PERIOD, Sum::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Sum::lookback(int_param(p, 0).max(Sum::MIN_PERIOD)),
    batch: kernel!(|p, columns| Ok(vec![Sum::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Sum::new(int_param(p, 0))?)),
};

/// Running total of every input since the first (TA-Lib 0.8.1 `CUMSUM`): plain
/// left-to-right addition, no compensation, as TA-Lib does. No warm-up.
///
/// ```
/// use sigil_core::indicators::CumSum;
/// assert_eq!(CumSum::batch(&[1.0, 2.0, 3.0]), [1.0, 3.0, 6.0]);
/// let mut cumsum = CumSum::new();
/// cumsum.update(1.5);
/// assert_eq!(cumsum.peek(1.0), 2.5);
/// assert_eq!(cumsum.update(2.0), 3.5);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CumSum {
    total: f64,
}

impl CumSum {
    pub const NAME: &'static str = "cumsum";

    pub const fn new() -> CumSum {
        CumSum { total: 0.0 }
    }

    pub const fn lookback() -> usize {
        0
    }

    pub fn batch(input: &[f64]) -> Vec<f64> {
        let mut cumsum = CumSum::new();
        run_batch(input, |x| cumsum.update(x))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        self.total += x;
        self.total
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.total + x
    }

    pub fn reset(&mut self) {
        self.total = 0.0;
    }
}

single_series!(CumSum);

pub(crate) static CUMSUM: IndicatorDef = IndicatorDef {
    name: CumSum::NAME,
    title: "Cumulative Sum",
    group: "Math Operators",
    inputs: &[Input::Close],
    params: &[],
    outputs: &["real"],
    overlay: false,
    lookback: |_| CumSum::lookback(),
    batch: kernel!(|_, columns| Ok(vec![CumSum::batch(first(columns))])),
    stream: |_| Ok(on_input(Input::Close, CumSum::new())),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Spec;

    #[test]
    fn sum_matches_a_fresh_sum_on_exact_inputs_and_rejects_bad_periods() {
        let input: Vec<f64> = (0..40).map(|i| f64::from(i % 7)).collect();
        let out = Sum::batch(&input, 5).unwrap();
        assert!(out[..4].iter().all(|v| v.is_nan()));
        for t in 4..40 {
            assert_eq!(out[t], input[t - 4..=t].iter().sum::<f64>());
        }
        assert!(Sum::new(1).is_err() && Sum::new(100_001).is_err());
        assert!(Spec::parse("sum:1").unwrap_err().to_string().contains("2..=100000"));
        assert!(Sum::batch(&[1.0], 2).unwrap()[0].is_nan());
    }

    #[test]
    fn tiny_and_flat_inputs() {
        let out = Sum::batch(&[1e-12; 10], 4).unwrap();
        assert!(out[3..].iter().all(|&v| (v - 4e-12).abs() < 1e-27));
        assert_eq!(CumSum::batch(&[0.0; 3]), [0.0; 3]);
        assert!(CumSum::batch(&[]).is_empty());
    }
}
