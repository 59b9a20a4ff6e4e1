use super::regression::regression_indicator;

regression_indicator!(
    /// Time series forecast (TA-Lib `TSF`): the least-squares line through the last `period`
/// inputs, extended one bar past the newest.
    ///
    /// Streaming runs TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar, plus an
    /// O(period) rebuild from the window every `32 * period` bars and on a bar where a
    /// large value leaves, as TA-Lib does to bound rounding drift.
    ///
    /// ```
    /// use sigil_core::indicators::Tsf;
    /// let mut lr = Tsf::new(3).unwrap();
    /// lr.update(1.0);
/// lr.update(3.0);
    /// assert_eq!(lr.update(5.0), 7.0); // the next point on the line through 1, 3, 5
    /// assert_eq!(lr.peek(9.0), lr.clone().update(9.0)); // the forming bar; state unchanged
    /// ```
    Tsf,
    "tsf",
    "Time Series Forecast",
    true,
    |fit, n| fit.slope * n + fit.intercept
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(Tsf::batch(&[1.0; 13], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(Tsf::new(1).unwrap_err().to_string().contains("2..=100000"));
        let flat = Tsf::batch(&[1e-12; 40], 5).unwrap();
        assert!(flat[4..].iter().all(|v| v.is_finite()));
        assert!(Tsf::batch(&[1.0, f64::NAN, f64::INFINITY, 2.0], 2).is_ok());
    }
}
