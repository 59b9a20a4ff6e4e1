//! TA-Lib's element-wise arithmetic operators on two series. TA-Lib's abstract API
//! feeds them the high and the low by default, so the registry entries read those two
//! columns; the typed structs take any two values.

use super::formula::formulas;

formulas! {
    /// Sum of two series (TA-Lib `ADD`): `a + b` per bar.
    ///
    /// ```
    /// use sigil_core::indicators::Add;
    /// assert_eq!(Add::batch(&[1.0, 2.0], &[0.5, 0.25]), [1.5, 2.25]);
    /// ```
    Add, ADD, "add", "Vector Arithmetic Add", "Math Operators", false, (a <- High, b <- Low) => a + b;

    /// Difference of two series (TA-Lib `SUB`): `a - b` per bar (high minus low by default).
    ///
    /// ```
    /// use sigil_core::indicators::Sub;
    /// let mut sub = Sub::new();
    /// assert_eq!(sub.update(5.0, 3.0), 2.0);
    /// ```
    Sub, SUB, "sub", "Vector Arithmetic Subtraction", "Math Operators", false, (a <- High, b <- Low) => a - b;

    /// Product of two series (TA-Lib `MULT`): `a * b` per bar.
    ///
    /// ```
    /// use sigil_core::indicators::Mult;
    /// assert_eq!(Mult::compute(1.5, 4.0), 6.0);
    /// ```
    Mult, MULT, "mult", "Vector Arithmetic Mult", "Math Operators", false, (a <- High, b <- Low) => a * b;

    /// Quotient of two series (TA-Lib `DIV`): `a / b` per bar; a zero divisor gives
    /// ±infinity, or NaN for 0/0, as in TA-Lib.
    ///
    /// ```
    /// use sigil_core::indicators::Div;
    /// assert_eq!(Div::compute(3.0, 2.0), 1.5);
    /// assert_eq!(Div::compute(1.0, 0.0), f64::INFINITY);
    /// assert!(Div::compute(0.0, 0.0).is_nan());
    /// ```
    Div, DIV, "div", "Vector Arithmetic Div", "Math Operators", false, (a <- High, b <- Low) => a / b;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::{Bar, Series};
    use crate::spec::Spec;

    #[test]
    fn registry_reads_high_then_low() {
        let (high, low) = ([4.0, 9.0], [2.0, 3.0]);
        let series = Series { high: &high, low: &low, ..Series::default() };
        let run = |name: &str| Spec::parse(name).unwrap().compute(&series).unwrap().remove(0);
        assert_eq!(run("add"), [6.0, 12.0]);
        assert_eq!(run("sub"), [2.0, 6.0]);
        assert_eq!(run("mult"), [8.0, 27.0]);
        assert_eq!(run("div"), [2.0, 3.0]);
        let bar = Bar { high: 4.0, low: 2.0, ..Bar::default() };
        assert_eq!(Spec::parse("div").unwrap().stream().unwrap().peek(&bar), [2.0]);
    }

    #[test]
    fn mismatched_lengths_do_not_panic() {
        assert_eq!(Add::batch(&[1.0, 2.0, 3.0], &[1.0]), [2.0]);
        assert!(Div::batch(&[], &[1.0]).is_empty());
        assert_eq!(Sub::compute(1e-12, 1e-12), 0.0);
    }
}
