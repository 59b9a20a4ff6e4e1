use super::regression::regression_indicator;

regression_indicator!(
    /// Linear regression (TA-Lib `LINEARREG`): the least-squares line through the last `period`
/// inputs, evaluated at the newest bar.
    ///
    /// Streaming runs TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar, plus an
    /// O(period) rebuild from the window every `32 * period` bars and on a bar where a
    /// large value leaves, as TA-Lib does to bound rounding drift.
    ///
    /// ```
    /// use sigil_core::indicators::LinearReg;
    /// let mut lr = LinearReg::new(3).unwrap();
    /// lr.update(1.0);
/// lr.update(3.0);
    /// assert_eq!(lr.update(5.0), 5.0); // 1, 3, 5 lie on a line
    /// assert_eq!(lr.peek(9.0), lr.clone().update(9.0)); // the forming bar; state unchanged
    /// ```
    LinearReg,
    "linearreg",
    "Linear Regression",
    true,
    |fit, n| fit.slope * (n - 1.0) + fit.intercept
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(LinearReg::batch(&[1.0; 13], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(LinearReg::new(1).unwrap_err().to_string().contains("2..=100000"));
        let flat = LinearReg::batch(&[1e-12; 40], 5).unwrap();
        assert!(flat[4..].iter().all(|v| v.is_finite()));
        assert!(LinearReg::batch(&[1.0, f64::NAN, f64::INFINITY, 2.0], 2).is_ok());
    }
}
