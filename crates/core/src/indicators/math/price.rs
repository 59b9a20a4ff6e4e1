//! TA-Lib's per-bar price transforms. Each formula adds the prices in the order
//! TA-Lib's C code does, so results match it to the bit, not just to rounding.

use super::formula::formulas;

formulas! {
    /// Average of the four prices (TA-Lib `AVGPRICE`).
    ///
    /// ```
    /// use sigil_core::indicators::AvgPrice;
    /// assert_eq!(AvgPrice::compute(1.0, 4.0, 0.0, 3.0), 2.0); // open, high, low, close
    /// ```
    AvgPrice, AVGPRICE, "avgprice", "Average Price", "Price Transform", true,
    (open <- Open, high <- High, low <- Low, close <- Close) => (high + low + close + open) / 4.0;

    /// Middle of the bar's range (TA-Lib `MEDPRICE`).
    ///
    /// ```
    /// use sigil_core::indicators::MedPrice;
    /// assert_eq!(MedPrice::batch(&[4.0, 6.0], &[2.0, 5.0]), [3.0, 5.5]); // high, low
    /// ```
    MedPrice, MEDPRICE, "medprice", "Median Price", "Price Transform", true,
    (high <- High, low <- Low) => (high + low) / 2.0;

    /// Typical price (TA-Lib `TYPPRICE`): the mean of high, low and close.
    ///
    /// ```
    /// use sigil_core::indicators::TypPrice;
    /// assert_eq!(TypPrice::compute(4.0, 1.0, 4.0), 3.0); // high, low, close
    /// ```
    TypPrice, TYPPRICE, "typprice", "Typical Price", "Price Transform", true,
    (high <- High, low <- Low, close <- Close) => (high + low + close) / 3.0;

    /// Weighted close (TA-Lib `WCLPRICE`): `(high + low + 2 * close) / 4`. Doubling is
    /// exact, so this equals the fused multiply-add TA-Lib's code may compile to.
    ///
    /// ```
    /// use sigil_core::indicators::WclPrice;
    /// assert_eq!(WclPrice::compute(4.0, 0.0, 2.0), 2.0); // high, low, close
    /// ```
    WclPrice, WCLPRICE, "wclprice", "Weighted Close Price", "Price Transform", true,
    (high <- High, low <- Low, close <- Close) => (high + low + close * 2.0) / 4.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_tiny_bars() {
        assert_eq!(AvgPrice::compute(1e-12, 1e-12, 1e-12, 1e-12), 1e-12);
        assert_eq!(MedPrice::compute(7.0, 7.0), 7.0);
        assert_eq!(TypPrice::compute(7.0, 7.0, 7.0), 7.0);
        assert_eq!(WclPrice::compute(7.0, 7.0, 7.0), 7.0);
        assert!(WclPrice::compute(f64::NAN, 1.0, 1.0).is_nan());
    }
}
