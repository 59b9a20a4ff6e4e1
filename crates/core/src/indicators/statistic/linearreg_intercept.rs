use super::regression::regression_indicator;

regression_indicator!(
    /// Linear regression intercept (TA-Lib `LINEARREG_INTERCEPT`): the least-squares line
/// through the last `period` inputs, evaluated at the oldest bar of the window.
    ///
    /// Streaming runs TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar, plus an
    /// O(period) rebuild from the window every `32 * period` bars and on a bar where a
    /// large value leaves, as TA-Lib does to bound rounding drift.
    ///
    /// ```
    /// use sigil_core::indicators::LinearRegIntercept;
    /// let mut lr = LinearRegIntercept::new(3).unwrap();
    /// lr.update(1.0);
/// lr.update(3.0);
    /// assert_eq!(lr.update(5.0), 1.0);
    /// assert_eq!(lr.peek(9.0), lr.clone().update(9.0)); // the forming bar; state unchanged
    /// ```
    LinearRegIntercept,
    "linearreg_intercept",
    "Linear Regression Intercept",
    true,
    |fit, _| fit.intercept
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(LinearRegIntercept::batch(&[1.0; 13], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(LinearRegIntercept::new(1).unwrap_err().to_string().contains("2..=100000"));
        let flat = LinearRegIntercept::batch(&[1e-12; 40], 5).unwrap();
        assert!(flat[4..].iter().all(|v| v.is_finite()));
        assert!(LinearRegIntercept::batch(&[1.0, f64::NAN, f64::INFINITY, 2.0], 2).is_ok());
    }
}
