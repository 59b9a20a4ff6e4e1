//! Interop with the `ta` crate (ta-rs), behind the `ta` cargo feature: Sigil's streaming
//! types implement `ta::Next` and `ta::Reset`, so code written against ta-rs switches by
//! changing the type it constructs:
//!
//! ```text
//! use ta::{Next, DataItem};
//! // let mut rsi = ta::indicators::RelativeStrengthIndex::new(14).unwrap();
//! let mut rsi = sigil_core::indicators::Rsi::new(14).unwrap();
//! let value = rsi.next(42.0);
//! ```
//!
//! Values follow TA-Lib (NaN during the warm-up), not ta-rs's own seeding.

/// `ta::Next<f64>`, `ta::Next<&T>` for any `T: ta::Close`, and `ta::Reset` for a
/// single-series type with inherent `update` and `reset`.
#[cfg(feature = "ta")]
macro_rules! single_series_ta {
    ($t:ty) => {
        impl ::ta::Next<f64> for $t {
            type Output = f64;
            fn next(&mut self, input: f64) -> f64 {
                <$t>::update(self, input)
            }
        }
        impl<T: ::ta::Close> ::ta::Next<&T> for $t {
            type Output = f64;
            fn next(&mut self, input: &T) -> f64 {
                <$t>::update(self, input.close())
            }
        }
        impl ::ta::Reset for $t {
            fn reset(&mut self) {
                <$t>::reset(self)
            }
        }
    };
}

#[cfg(not(feature = "ta"))]
macro_rules! single_series_ta {
    ($t:ty) => {};
}

pub(crate) use single_series_ta;

#[cfg(all(test, feature = "ta"))]
mod tests {
    use crate::indicators::{Ema, Rsi, Sma};
    use ta::{DataItem, Next, Reset};

    #[test]
    fn next_equals_update_for_numbers_and_data_items() {
        let closes = [10.0, 11.0, 10.5, 12.0, 12.5, 11.0, 13.0];
        let mut via_ta = Rsi::new(3).unwrap();
        let mut direct = Rsi::new(3).unwrap();
        let mut via_items = Rsi::new(3).unwrap();
        for &c in &closes {
            let item = DataItem::builder().open(c).high(c + 1.0).low(c - 1.0).close(c).volume(1.0).build().unwrap();
            let expected = direct.update(c);
            assert!(Next::<f64>::next(&mut via_ta, c).to_bits() == expected.to_bits());
            assert!(via_items.next(&item).to_bits() == expected.to_bits());
        }
        Reset::reset(&mut via_ta);
        assert!(Next::<f64>::next(&mut via_ta, 1.0).is_nan());
        let mut sma = Sma::new(2).unwrap();
        let mut ema = Ema::new(2).unwrap();
        sma.next(1.0);
        ema.next(1.0);
        assert_eq!((sma.next(3.0), ema.next(3.0)), (2.0, 2.0));
    }
}
