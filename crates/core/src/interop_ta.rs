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
//! Single-series types take `f64` or anything with `ta::Close`; bar-based types (ATR,
//! ADX, Aroon, Stoch, Keltner, ...) take anything with ta-rs's OHLCV getters, such as
//! `ta::DataItem`, and return an `f64` for one output or TA-Lib's outputs in order
//! (an array or a tuple) for several. Values follow TA-Lib (NaN during the warm-up),
//! not ta-rs's own seeding.

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

/// `ta::Next<&T>` for any `T` with OHLCV getters (`ta::DataItem`) and `ta::Reset`, for a
/// bar-based type: one output gives an `f64`, several give `[f64; N]` in TA-Lib's order.
#[cfg(feature = "ta")]
macro_rules! bars_ta {
    ($($t:ty => $outputs:tt),+ $(,)?) => { $(bars_ta!(@one $t => $outputs);)+ };
    (@one $t:ty => 1) => {
        impl<T: ::ta::Open + ::ta::High + ::ta::Low + ::ta::Close + ::ta::Volume> ::ta::Next<&T> for $t {
            type Output = f64;
            fn next(&mut self, input: &T) -> f64 {
                let mut out = [f64::NAN];
                $crate::registry::Streaming::update(self, &$crate::interop_ta::bar_of(input), &mut out);
                out[0]
            }
        }
        bars_ta!(@reset $t);
    };
    (@one $t:ty => $n:literal) => {
        impl<T: ::ta::Open + ::ta::High + ::ta::Low + ::ta::Close + ::ta::Volume> ::ta::Next<&T> for $t {
            type Output = [f64; $n];
            fn next(&mut self, input: &T) -> [f64; $n] {
                let mut out = [f64::NAN; $n];
                $crate::registry::Streaming::update(self, &$crate::interop_ta::bar_of(input), &mut out);
                out
            }
        }
        bars_ta!(@reset $t);
    };
    (@reset $t:ty) => {
        impl ::ta::Reset for $t {
            fn reset(&mut self) {
                $crate::registry::Streaming::reset(self)
            }
        }
    };
}

/// `ta::Next<&T>` and `ta::Reset` for a type whose inherent `update` takes the named
/// columns; the output is what `update` returns.
#[cfg(feature = "ta")]
macro_rules! columns_ta {
    ($($t:ident($($column:ident),+) -> $out:ty),+ $(,)?) => { $(
        impl<T: ::ta::Open + ::ta::High + ::ta::Low + ::ta::Close + ::ta::Volume> ::ta::Next<&T> for $t {
            type Output = $out;
            fn next(&mut self, input: &T) -> $out {
                let bar = $crate::interop_ta::bar_of(input);
                <$t>::update(self, $(bar.$column),+)
            }
        }
        impl ::ta::Reset for $t {
            fn reset(&mut self) {
                <$t>::reset(self)
            }
        }
    )+ };
}

/// ta-rs data items carry no time; calendar-aware indicators are not offered here.
#[cfg(feature = "ta")]
pub(crate) fn bar_of<T: ta::Open + ta::High + ta::Low + ta::Close + ta::Volume>(item: &T) -> crate::bar::Bar {
    crate::bar::Bar {
        time: 0,
        open: item.open(),
        high: item.high(),
        low: item.low(),
        close: item.close(),
        volume: item.volume(),
        periods: f64::NAN,
    }
}

#[cfg(feature = "ta")]
mod bar_based {
    use crate::indicators::*;
    bars_ta! {
        AccBands => 3, Ad => 1, AdOsc => 1, Adr => 1, Adx => 1, Adxr => 1, Aroon => 2, AroonOsc => 1, Atr => 1,
        Bop => 1, Cci => 1, Cmf => 1, Cvi => 1, Donchian => 3, Dx => 1, Efi => 1, Eri => 2, Fractal => 2,
        HeikinAshi => 4, Imi => 1, Keltner => 3, MarketFi => 1, MassIndex => 1, MidPrice => 1, MinusDi => 1,
        MinusDm => 1, Natr => 1, Nvi => 1, Obv => 1, PlusDi => 1, PlusDm => 1, Pvi => 1, Pvt => 1, Qstick => 1,
        Sar => 1, SarExt => 1, SuperTrend => 2, TrueRange => 1, UltOsc => 1, Vortex => 2, Vwap => 1, Wad => 1,
        Willr => 1, Beta => 1, Correl => 1,
    }
    columns_ta! {
        Stoch(high, low, close) -> (f64, f64), StochF(high, low, close) -> (f64, f64), Kdj(high, low, close) -> (f64, f64, f64),
        Smi(high, low, close) -> SmiValue, Mfi(high, low, close, volume) -> f64, Ao(high, low) -> f64, Ac(high, low) -> f64,
        Vwma(close, volume) -> f64,
    }
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

    #[test]
    fn bar_based_types_take_data_items() {
        use crate::indicators::{Aroon, Atr};
        use crate::Spec;
        let items: Vec<DataItem> = (0..30)
            .map(|i| {
                let c = 100.0 + (i as f64 * 0.7).sin() * 5.0;
                DataItem::builder().open(c - 0.5).high(c + 1.0).low(c - 1.0).close(c).volume(10.0 + i as f64).build().unwrap()
            })
            .collect();
        let high: Vec<f64> = items.iter().map(ta::High::high).collect();
        let low: Vec<f64> = items.iter().map(ta::Low::low).collect();
        let close: Vec<f64> = items.iter().map(ta::Close::close).collect();
        let series = crate::Series { high: &high, low: &low, close: &close, ..crate::Series::default() };
        let atr_batch = Spec::parse("atr:5").unwrap().compute(&series).unwrap();
        let aroon_batch = Spec::parse("aroon:5").unwrap().compute(&series).unwrap();
        let mut atr = Atr::new(5).unwrap();
        let mut aroon = Aroon::new(5).unwrap();
        for (i, item) in items.iter().enumerate() {
            let a = atr.next(item);
            assert!(a.to_bits() == atr_batch[0][i].to_bits(), "atr at {i}");
            let [down, up] = aroon.next(item);
            assert!(down.to_bits() == aroon_batch[0][i].to_bits() && up.to_bits() == aroon_batch[1][i].to_bits(), "aroon at {i}");
        }
        Reset::reset(&mut atr);
        assert!(atr.next(&items[0]).is_nan());
        let stoch_batch = Spec::parse("stoch").unwrap().compute(&series).unwrap();
        let mut stoch = crate::indicators::Stoch::new(5, 3, 0, 3, 0).unwrap();
        for (i, item) in items.iter().enumerate() {
            let (k, d) = stoch.next(item);
            assert!(k.to_bits() == stoch_batch[0][i].to_bits() && d.to_bits() == stoch_batch[1][i].to_bits(), "stoch at {i}");
        }
    }
}
