use super::regression::regression_indicator;

regression_indicator!(
    /// Linear regression slope (TA-Lib `LINEARREG_SLOPE`): the slope, per bar, of the
/// least-squares line through the last `period` inputs.
    ///
    /// Streaming runs TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar, plus an
    /// O(period) rebuild from the window every `32 * period` bars and on a bar where a
    /// large value leaves, as TA-Lib does to bound rounding drift.
    ///
    /// ```
    /// use sigil_core::indicators::LinearRegSlope;
    /// let mut lr = LinearRegSlope::new(3).unwrap();
    /// lr.update(1.0);
/// lr.update(3.0);
    /// assert_eq!(lr.update(5.0), 2.0);
    /// assert_eq!(lr.peek(9.0), lr.clone().update(9.0)); // the forming bar; state unchanged
    /// ```
    LinearRegSlope,
    "linearreg_slope",
    "Linear Regression Slope",
    false,
    |fit, _| fit.slope
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(LinearRegSlope::batch(&[1.0; 13], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(LinearRegSlope::new(1).unwrap_err().to_string().contains("2..=100000"));
        let flat = LinearRegSlope::batch(&[1e-12; 40], 5).unwrap();
        assert!(flat[4..].iter().all(|v| v.is_finite()));
        assert!(LinearRegSlope::batch(&[1.0, f64::NAN, f64::INFINITY, 2.0], 2).is_ok());
    }
}
