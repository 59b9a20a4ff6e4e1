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
    Ceil, CEIL, "ceil", "Vector Ceil", "Math Transform", false, (x <- Close) => ceil(x);

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
    Floor, FLOOR, "floor", "Vector Floor", "Math Transform", false, (x <- Close) => floor(x);

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

/// Below 2^52 in magnitude, `x` rounded to the nearest integer, ties to even (as the
/// current rounding mode does: adding 2^52 leaves no fraction bits, and subtracting it
/// again is exact); `x` itself at and above, where every double is an integer, and for
/// NaN and the infinities.
#[cfg(all(target_arch = "x86_64", not(target_feature = "sse4.1")))]
#[inline(always)]
fn round_small(x: f64) -> f64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let magnitude = x.abs();
    if magnitude < TWO_52 {
        ((magnitude + TWO_52) - TWO_52).copysign(x)
    } else {
        x
    }
}

/// `x.floor()`, to the bit. Baseline x86-64 (SSE2) has no rounding instruction, so
/// there `f64::floor` is a call into a software floor per value (TA-Lib's loop is 3x
/// faster); this is the same function in a few selects that the compiler vectorizes.
#[inline(always)]
fn floor(x: f64) -> f64 {
    #[cfg(all(target_arch = "x86_64", not(target_feature = "sse4.1")))]
    {
        let rounded = round_small(x);
        // `rounded` has the sign of `x`, and `rounded - 1.0` is +0 only for x > 0.
        if rounded > x {
            rounded - 1.0
        } else {
            rounded
        }
    }
    #[cfg(not(all(target_arch = "x86_64", not(target_feature = "sse4.1"))))]
    {
        x.floor()
    }
}

/// `x.ceil()`, to the bit; see [`floor`]. The result has the sign of `x`: ceil(-0.5)
/// is -0.0, where `rounded + 1.0` gives +0.
#[inline(always)]
fn ceil(x: f64) -> f64 {
    #[cfg(all(target_arch = "x86_64", not(target_feature = "sse4.1")))]
    {
        let rounded = round_small(x);
        (if rounded < x { rounded + 1.0 } else { rounded }).copysign(x)
    }
    #[cfg(not(all(target_arch = "x86_64", not(target_feature = "sse4.1"))))]
    {
        x.ceil()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::Series;
    use crate::indicators::kernel_checks::{self, assert_scaled_paused_batch_is_updates};
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

    /// The rounding formulas against the standard library's, bit for bit, on every
    /// kind of double: signed zeros, subnormals, halves, around 2^52 and 2^53, huge
    /// values, infinities, NaN, and a spread of random bit patterns.
    #[test]
    fn floor_and_ceil_are_the_standard_ones() {
        let two_52 = 4_503_599_627_370_496.0_f64;
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.3, -0.3, 0.7, -0.7, 1.0, -1.0];
        values.extend([f64::MIN_POSITIVE, -f64::MIN_POSITIVE, 5e-324, -5e-324, f64::EPSILON, 1.0 - f64::EPSILON / 2.0]);
        values.extend([f64::MAX, f64::MIN, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -f64::NAN]);
        for base in [two_52, 2.0 * two_52, 1e300] {
            for sign in [1.0, -1.0] {
                let x = sign * base;
                values.extend([x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits() - 1), x + 0.5, x - 0.5, x - 1.5]);
            }
        }
        values.extend(kernel_checks::awkward_series(200));
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values.push(f64::from_bits(state));
            // Mostly magnitudes where the fraction matters.
            values.push((f64::from_bits(state) % 1e6) / 7.0);
        }
        for &x in &values {
            assert_eq!(Floor::compute(x).to_bits(), x.floor().to_bits(), "floor({x:e})");
            assert_eq!(Ceil::compute(x).to_bits(), x.ceil().to_bits(), "ceil({x:e})");
        }
    }

    /// Every transform's batch against a fresh instance's `update`, bit for bit.
    #[test]
    fn batch_is_updates_bit_for_bit() {
        macro_rules! check {
            ($($ty:ident),+) => {$(
                assert_scaled_paused_batch_is_updates(
                    $ty::NAME,
                    $ty::batch,
                    |x| {
                        let mut indicator = $ty::new();
                        x.iter().map(|&v| indicator.update(v)).collect()
                    },
                );
            )+};
        }
        check!(Acos, Asin, Atan, Ceil, Cos, Cosh, Exp, Floor, Ln, Log10, Sin, Sinh, Sqrt, Tan, Tanh);
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
