use super::regression::regression_indicator;

regression_indicator!(
    /// Linear regression angle (TA-Lib `LINEARREG_ANGLE`): the slope of the least-squares line
/// through the last `period` inputs, as an angle in degrees (`atan(slope)`, price units
/// per bar).
    ///
    /// Streaming runs TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar, plus an
    /// O(period) rebuild from the window every `32 * period` bars and on a bar where a
    /// large value leaves, as TA-Lib does to bound rounding drift.
    ///
    /// ```
    /// use sigil_core::indicators::LinearRegAngle;
    /// let mut lr = LinearRegAngle::new(3).unwrap();
    /// lr.update(2.0);
/// lr.update(3.0);
    /// assert!((lr.update(4.0) - 45.0).abs() < 1e-12); // slope 1
    /// assert_eq!(lr.peek(9.0), lr.clone().update(9.0)); // the forming bar; state unchanged
    /// ```
    LinearRegAngle,
    "linearreg_angle",
    "Linear Regression Angle",
    false,
    |fit, _| fit.slope.atan() * (180.0 / std::f64::consts::PI)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        assert!(LinearRegAngle::batch(&[1.0; 13], 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(LinearRegAngle::new(1).unwrap_err().to_string().contains("2..=100000"));
        let flat = LinearRegAngle::batch(&[1e-12; 40], 5).unwrap();
        assert!(flat[4..].iter().all(|v| v.is_finite()));
        assert!(LinearRegAngle::batch(&[1.0, f64::NAN, f64::INFINITY, 2.0], 2).is_ok());
    }
}
