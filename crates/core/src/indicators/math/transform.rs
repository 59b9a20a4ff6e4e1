//! TA-Lib's 15 math transforms: one function of the close per bar, plain IEEE
//! arithmetic. Inputs outside a function's domain give NaN (ACOS(2), LN(-1),
//! SQRT(-1)) or an infinity (LN(0), EXP(1000)) exactly as TA-Lib's C library does.

use super::formula::formulas;

formulas! {
    /// Arc cosine of the input (TA-Lib `ACOS`), in radians; NaN outside [-1, 1].
    ///
    /// ```
    /// use sigil_core::indicators::Acos;
    /// assert_eq!(Acos::compute(1.0), 0.0);
    /// assert!(Acos::compute(2.0).is_nan());
    /// ```
    Acos, ACOS, "acos", "Vector Trigonometric ACos", "Math Transform", false, (x <- Close) => x.acos();

    /// Arc sine of the input (TA-Lib `ASIN`), in radians; NaN outside [-1, 1].
    ///
    /// ```
    /// use sigil_core::indicators::Asin;
    /// assert_eq!(Asin::compute(0.0), 0.0);
    /// assert!(Asin::compute(-1.5).is_nan());
    /// ```
    Asin, ASIN, "asin", "Vector Trigonometric ASin", "Math Transform", false, (x <- Close) => x.asin();

    /// Arc tangent of the input (TA-Lib `ATAN`), in radians.
    ///
    /// ```
    /// use sigil_core::indicators::Atan;
    /// assert_eq!(Atan::compute(f64::INFINITY), std::f64::consts::FRAC_PI_2);
    /// ```
    Atan, ATAN, "atan", "Vector Trigonometric ATan", "Math Transform", false, (x <- Close) => x.atan();

    /// Smallest integer not below the input (TA-Lib `CEIL`).
    ///
    /// ```
    /// use sigil_core::indicators::Ceil;
    /// assert_eq!(Ceil::batch(&[1.2, -1.2]), [2.0, -1.0]);
    /// ```
    Ceil, CEIL, "ceil", "Vector Ceil", "Math Transform", false, (x <- Close) => x.ceil();

    /// Cosine of the input in radians (TA-Lib `COS`).
    ///
    /// ```
    /// use sigil_core::indicators::Cos;
    /// assert_eq!(Cos::compute(0.0), 1.0);
    /// ```
    Cos, COS, "cos", "Vector Trigonometric Cos", "Math Transform", false, (x <- Close) => x.cos();

    /// Hyperbolic cosine of the input (TA-Lib `COSH`); overflows to infinity past ~710.
    ///
    /// ```
    /// use sigil_core::indicators::Cosh;
    /// assert_eq!(Cosh::compute(0.0), 1.0);
    /// assert_eq!(Cosh::compute(1000.0), f64::INFINITY);
    /// ```
    Cosh, COSH, "cosh", "Vector Trigonometric Cosh", "Math Transform", false, (x <- Close) => x.cosh();

    /// e raised to the input (TA-Lib `EXP`); overflows to infinity past ~709.
    ///
    /// ```
    /// use sigil_core::indicators::Exp;
    /// assert_eq!(Exp::compute(0.0), 1.0);
    /// assert_eq!(Exp::compute(1000.0), f64::INFINITY);
    /// ```
    Exp, EXP, "exp", "Vector Arithmetic Exp", "Math Transform", false, (x <- Close) => x.exp();

    /// Largest integer not above the input (TA-Lib `FLOOR`).
    ///
    /// ```
    /// use sigil_core::indicators::Floor;
    /// assert_eq!(Floor::batch(&[1.8, -1.2]), [1.0, -2.0]);
    /// ```
    Floor, FLOOR, "floor", "Vector Floor", "Math Transform", false, (x <- Close) => x.floor();

    /// Natural logarithm of the input (TA-Lib `LN`): -inf at 0, NaN below.
    ///
    /// ```
    /// use sigil_core::indicators::Ln;
    /// assert_eq!(Ln::compute(1.0), 0.0);
    /// assert_eq!(Ln::compute(0.0), f64::NEG_INFINITY);
    /// assert!(Ln::compute(-1.0).is_nan());
    /// ```
    Ln, LN, "ln", "Vector Log Natural", "Math Transform", false, (x <- Close) => x.ln();

    /// Base-10 logarithm of the input (TA-Lib `LOG10`): -inf at 0, NaN below.
    ///
    /// ```
    /// use sigil_core::indicators::Log10;
    /// assert_eq!(Log10::compute(1000.0), 3.0);
    /// assert!(Log10::compute(-1.0).is_nan());
    /// ```
    Log10, LOG10, "log10", "Vector Log10", "Math Transform", false, (x <- Close) => x.log10();

    /// Sine of the input in radians (TA-Lib `SIN`).
    ///
    /// ```
    /// use sigil_core::indicators::Sin;
    /// assert_eq!(Sin::compute(0.0), 0.0);
    /// ```
    Sin, SIN, "sin", "Vector Trigonometric Sin", "Math Transform", false, (x <- Close) => x.sin();

    /// Hyperbolic sine of the input (TA-Lib `SINH`); overflows to ±infinity past ~710.
    ///
    /// ```
    /// use sigil_core::indicators::Sinh;
    /// assert_eq!(Sinh::compute(0.0), 0.0);
    /// ```
    Sinh, SINH, "sinh", "Vector Trigonometric Sinh", "Math Transform", false, (x <- Close) => x.sinh();

    /// Square root of the input (TA-Lib `SQRT`); NaN for negative inputs.
    ///
    /// ```
    /// use sigil_core::indicators::Sqrt;
    /// let mut sqrt = Sqrt::new();
    /// assert_eq!(sqrt.peek(9.0), 3.0);
    /// assert_eq!(sqrt.update(16.0), 4.0);
    /// assert!(sqrt.update(-1.0).is_nan());
    /// ```
    Sqrt, SQRT, "sqrt", "Vector Square Root", "Math Transform", false, (x <- Close) => x.sqrt();

    /// Tangent of the input in radians (TA-Lib `TAN`).
    ///
    /// ```
    /// use sigil_core::indicators::Tan;
    /// assert_eq!(Tan::compute(0.0), 0.0);
    /// ```
    Tan, TAN, "tan", "Vector Trigonometric Tan", "Math Transform", false, (x <- Close) => x.tan();

    /// Hyperbolic tangent of the input (TA-Lib `TANH`), in (-1, 1).
    ///
    /// ```
    /// use sigil_core::indicators::Tanh;
    /// assert_eq!(Tanh::compute(0.0), 0.0);
    /// assert_eq!(Tanh::compute(50.0), 1.0);
    /// ```
    Tanh, TANH, "tanh", "Vector Trigonometric Tanh", "Math Transform", false, (x <- Close) => x.tanh();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::Series;
    use crate::spec::Spec;

    #[test]
    fn out_of_domain_inputs_give_nan_or_infinity_like_talib() {
        let input = [-2.0, -1.0, 0.0, 0.5, 2.0, f64::NAN, f64::INFINITY];
        let nan_at = |out: Vec<f64>| -> Vec<bool> { out.iter().map(|v| v.is_nan()).collect() };
        assert_eq!(nan_at(Acos::batch(&input)), [true, false, false, false, true, true, true]);
        assert_eq!(nan_at(Asin::batch(&input)), [true, false, false, false, true, true, true]);
        assert_eq!(nan_at(Sqrt::batch(&input)), [true, true, false, false, false, true, false]);
        assert_eq!(nan_at(Ln::batch(&input)), [true, true, false, false, false, true, false]);
        assert_eq!(Ln::compute(0.0), f64::NEG_INFINITY);
        assert_eq!(Log10::compute(0.0), f64::NEG_INFINITY);
        assert_eq!(Exp::compute(-1000.0), 0.0);
        assert_eq!(Sinh::compute(-1000.0), f64::NEG_INFINITY);
        assert!(Tan::compute(f64::INFINITY).is_nan());
    }

    #[test]
    fn tiny_prices_and_empty_input() {
        assert_eq!(Sqrt::compute(1e-12), 1e-6);
        assert_eq!(Floor::compute(1e-12), 0.0);
        assert_eq!(Ceil::compute(1e-12), 1.0);
        assert!(Exp::batch(&[]).is_empty());
    }

    #[test]
    fn registry_entries_read_the_close() {
        let close = [0.25, 0.5];
        for name in ["acos", "asin", "atan", "ceil", "cos", "cosh", "exp", "floor", "ln", "log10", "sin", "sinh", "sqrt", "tan", "tanh"] {
            let spec = Spec::parse(name).unwrap();
            assert_eq!(spec.lookback(), 0);
            let out = spec.compute(&Series::from_close(&close)).unwrap();
            assert_eq!(out[0].len(), 2, "{name}");
            let mut stream = spec.stream().unwrap();
            let streamed = stream.update(&crate::bar::Bar::from_price(0.5));
            assert_eq!(streamed[0].to_bits(), out[0][1].to_bits(), "{name}");
        }
    }
}
