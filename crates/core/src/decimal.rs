//! Numbers in messages, canonical specs and metadata, written as Rust's `{}` writes an
//! `f64` (the shortest decimal that reads back as the same number, never an exponent),
//! without the standard library's float formatting.
//!
//! Why: that formatting (Grisu with a Dragon4 fallback and their tables) is about 20 KB
//! of the wasm module, a tenth of the slim npm package, and every use of `{}` on an
//! `f64` links it. This is slower (it tries each length and reads it back), which does
//! not matter for a parameter in an error message.
//!
//! ```
//! use sigil_core::Decimal;
//! assert_eq!(Decimal(0.1).to_string(), "0.1");
//! assert_eq!(Decimal(2.0).to_string(), "2");
//! assert_eq!(Decimal(-1.5e-7).to_string(), "-0.00000015");
//! assert_eq!(Decimal(f64::INFINITY).to_string(), "inf");
//! ```

use std::fmt;

/// An `f64` that displays exactly as `format!("{}", x)` would.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal(pub f64);

/// `{}` as `f64` writes it; `{:.N}` (N places, exact half-to-even rounding) and the `+`
/// flag too. Width and alignment are not supported (pad the string instead).
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_sign_negative() {
            f.write_str("-")?;
        } else if f.sign_plus() {
            f.write_str("+")?;
        }
        let x = x.abs();
        if x.is_infinite() {
            return f.write_str("inf");
        }
        if let Some(places) = f.precision() {
            return write_fixed(f, x, places);
        }
        if x == 0.0 {
            return f.write_str("0");
        }
        // Integers below 2^53 are exact as u64: the common case (periods, counts).
        if x < 9_007_199_254_740_992.0 && x.fract() == 0.0 {
            return write!(f, "{}", x as u64);
        }
        let (digits, exponent) = shortest(x);
        write_positional(f, &digits, exponent)
    }
}

/// Finite non-negative `x` rounded to `places` decimals, half to even on its exact value.
fn write_fixed(f: &mut fmt::Formatter<'_>, x: f64, places: usize) -> fmt::Result {
    let (digits, exponent) = if x == 0.0 { (Vec::new(), 0) } else { exact_digits(x) };
    // Keep the digits down to 10^-places, padded with zeros; round on the rest.
    let kept = exponent + places as i32;
    let mut rounded: Vec<u8> = (0..kept.max(0) as usize).map(|i| digits.get(i).copied().unwrap_or(0)).collect();
    let rest = if kept >= 0 { digits.get(kept as usize..).unwrap_or(&[]) } else { &[] };
    let round_up = match rest.first() {
        Some(&d) if d > 5 => true,
        Some(&5) => rest[1..].iter().any(|&d| d != 0) || rounded.last().is_some_and(|d| d % 2 == 1),
        _ => false,
    };
    if round_up {
        let (incremented, carry) = increment(&rounded);
        // `increment` trims trailing zeros; put them back to the fixed length.
        rounded = incremented;
        rounded.resize(kept as usize + carry as usize, 0);
    }
    // `rounded` holds the digits down to 10^-places (none when `x` rounds to zero).
    let total = rounded.len();
    let fraction_start = total.saturating_sub(places);
    let whole: String = rounded[..fraction_start].iter().map(|&b| char::from(b'0' + b)).collect();
    let mut fraction: String = rounded[fraction_start..].iter().map(|&b| char::from(b'0' + b)).collect();
    while fraction.len() < places {
        fraction.insert(0, '0');
    }
    f.write_str(if whole.is_empty() { "0" } else { &whole })?;
    if places > 0 {
        f.write_str(".")?;
        f.write_str(&fraction)?;
    }
    Ok(())
}

/// `value = 0.d1 d2 d3... × 10^exponent`: writes it without an exponent.
fn write_positional(f: &mut fmt::Formatter<'_>, digits: &[u8], exponent: i32) -> fmt::Result {
    let text = |d: &[u8]| d.iter().map(|&b| char::from(b'0' + b)).collect::<String>();
    let len = digits.len() as i32;
    if exponent <= 0 {
        write!(f, "0.{}{}", "0".repeat(exponent.unsigned_abs() as usize), text(digits))
    } else if exponent >= len {
        write!(f, "{}{}", text(digits), "0".repeat((exponent - len) as usize))
    } else {
        let (whole, fraction) = digits.split_at(exponent as usize);
        write!(f, "{}.{}", text(whole), text(fraction))
    }
}

/// The fewest significant digits that read back as `x` (finite, positive), and where
/// several of that length do, the closest to `x`; with the decimal exponent.
fn shortest(x: f64) -> (Vec<u8>, i32) {
    let (exact, exponent) = exact_digits(x);
    for length in 1..exact.len() {
        let down = &exact[..length];
        let up = increment(down);
        let reads_back = |digits: &[u8], exponent: i32| read(digits, exponent) == x;
        let down_ok = reads_back(down, exponent);
        let up_ok = reads_back(&up.0, up.1 + exponent);
        // Both read back: the closer one, judged by the first digit cut off; an exact
        // tie (a cut-off 5 and nothing after it) goes up, as the standard library does.
        let up_is_closer = exact.get(length).is_some_and(|&d| d >= 5);
        match (down_ok, up_ok) {
            (true, true) if up_is_closer => return (up.0, up.1 + exponent),
            (true, _) => return (down.to_vec(), exponent),
            (false, true) => return (up.0, up.1 + exponent),
            (false, false) => {}
        }
    }
    (exact, exponent)
}

/// `digits` + one unit in the last place; the exponent grows by one on a carry out
/// (999 -> 1000 is written 1 with one more place).
fn increment(digits: &[u8]) -> (Vec<u8>, i32) {
    let mut out = digits.to_vec();
    for d in out.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return (trim(out), 0);
        }
    }
    (vec![1], 1)
}

fn trim(mut digits: Vec<u8>) -> Vec<u8> {
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits
}

/// Reads `0.digits × 10^exponent` with the standard (correctly rounded) parser.
fn read(digits: &[u8], exponent: i32) -> f64 {
    let mut text: String = digits.iter().map(|&b| char::from(b'0' + b)).collect();
    text.insert_str(0, "0.");
    text.push('e');
    text.push_str(&exponent.to_string());
    text.parse().unwrap_or(f64::NAN)
}

/// Every decimal digit of finite positive `x` (no trailing zeros) and the exponent
/// with `x = 0.digits × 10^exponent`. `x = m × 2^e` is the integer `m × 2^e` for
/// `e ≥ 0` and `m × 5^-e × 10^e` otherwise, so one big integer holds it exactly.
fn exact_digits(x: f64) -> (Vec<u8>, i32) {
    let bits = x.to_bits();
    let stored_exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, binary_exponent) = if stored_exponent == 0 { (fraction, -1074) } else { (fraction | (1 << 52), stored_exponent - 1075) };
    let mut number = BigUint::from(mantissa);
    let mut decimal_shift = 0;
    if binary_exponent >= 0 {
        for _ in 0..binary_exponent {
            number.multiply(2);
        }
    } else {
        for _ in 0..-binary_exponent {
            number.multiply(5);
        }
        decimal_shift = binary_exponent;
    }
    let digits = number.decimal_digits();
    let exponent = digits.len() as i32 + decimal_shift;
    (trim(digits), exponent)
}

/// Just enough of an unsigned big integer: little-endian base-2^32 limbs.
struct BigUint {
    limbs: Vec<u32>,
}

impl BigUint {
    fn from(value: u64) -> BigUint {
        BigUint { limbs: vec![value as u32, (value >> 32) as u32] }
    }

    fn multiply(&mut self, factor: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
    }

    /// Divides in place; returns the remainder.
    fn divide(&mut self, divisor: u32) -> u32 {
        let mut remainder = 0u64;
        for limb in self.limbs.iter_mut().rev() {
            let current = (remainder << 32) | u64::from(*limb);
            *limb = (current / u64::from(divisor)) as u32;
            remainder = current % u64::from(divisor);
        }
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
        remainder as u32
    }

    /// Most significant first; empty for zero.
    fn decimal_digits(mut self) -> Vec<u8> {
        let mut reversed = Vec::new();
        while !self.limbs.is_empty() {
            let mut chunk = self.divide(1_000_000_000);
            let last = self.limbs.is_empty();
            for _ in 0..9 {
                if last && chunk == 0 {
                    break;
                }
                reversed.push((chunk % 10) as u8);
                chunk /= 10;
            }
        }
        reversed.reverse();
        reversed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn writes_what_the_standard_library_writes() {
        let cases = [
            0.1,
            0.2 + 0.1,
            1.0 / 3.0,
            2.5,
            1e-7,
            1e21,
            1e300,
            123456789.125,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            2f64.powi(-1022) * 3.0,
            2f64.powi(60),
            9_007_199_254_740_993.0,
            0.015,
            -0.0,
            -2.0,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in cases {
            assert_eq!(Decimal(x).to_string(), format!("{x}"), "{x:e}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn any_bit_pattern_matches(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(Decimal(x).to_string(), format!("{}", x));
        }

        #[test]
        fn fixed_places_match(bits in any::<u64>(), places in 0usize..25) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(format!("{:.*}", places, Decimal(x)), format!("{:.*}", places, x));
            prop_assert_eq!(format!("{:+.*}", places, Decimal(x)), format!("{:+.*}", places, x));
        }

        #[test]
        fn fixed_places_of_short_decimals_match(mantissa in -100_000_000i64..100_000_000, scale in -12i32..8, places in 0usize..8) {
            let x = mantissa as f64 * 10f64.powi(scale);
            prop_assert_eq!(format!("{:.*}", places, Decimal(x)), format!("{:.*}", places, x));
        }

        #[test]
        fn short_decimals_match(mantissa in 0i64..100_000_000, scale in -20i32..20) {
            let x = mantissa as f64 * 10f64.powi(scale);
            prop_assert_eq!(Decimal(x).to_string(), format!("{}", x));
        }
    }
}
