//! TradingView's definitions where they differ from TA-Lib's (Pine's built-ins):
//! seeding, defaults and flip rules. Selected with [`crate::Mode::TradingView`].
//!
//! Each variant keeps the TA-Lib entry's parameter names, order and output names, so a
//! spec means the same positions in both modes; only the defaults and the arithmetic
//! change. (VWAP, parameterless in TA-Lib, gains TradingView's session parameters
//! after them, and reads the `time` column.) Variants that change only a default delegate to the TA-Lib entry itself
//! ([`same_formula!`]), so the two can never drift apart.

use crate::error::Error;
use crate::registry::{self, IndicatorDef, Variant};

mod atr;
mod cci;
mod ema;
mod hma;
mod linearreg;
mod macd;
mod rma;
mod rsi;
mod stoch;
mod supertrend;
mod trix;
mod vwma;

/// (indicator name, its TradingView variant).
pub(crate) static VARIANTS: &[(&str, &Variant)] = &[
    ("atr", &atr::VARIANT),
    ("cci", &cci::VARIANT),
    ("ema", &ema::VARIANT),
    ("hma", &hma::VARIANT),
    ("linearreg", &linearreg::VARIANT),
    ("macd", &macd::VARIANT),
    ("rma", &rma::VARIANT),
    ("rsi", &rsi::VARIANT),
    ("stoch", &stoch::VARIANT),
    ("supertrend", &supertrend::VARIANT),
    ("trix", &trix::VARIANT),
    ("vwap", &crate::indicators::extras::TRADINGVIEW_VWAP),
    ("vwma", &vwma::VARIANT),
];

/// The variants of the slim registry's indicators (see `indicators::FAMILIES`).
#[cfg(not(feature = "full"))]
pub(crate) static SLIM_VARIANTS: &[(&str, &Variant)] = &[
    ("atr", &atr::VARIANT),
    ("ema", &ema::VARIANT),
    ("hma", &hma::VARIANT),
    ("macd", &macd::VARIANT),
    ("rma", &rma::VARIANT),
    ("rsi", &rsi::VARIANT),
    ("stoch", &stoch::VARIANT),
];

/// The TA-Lib entry a defaults-only variant computes with. Registered names always
/// resolve; the error only keeps a typo in a variant from becoming a panic.
pub(crate) fn talib(name: &'static str) -> Result<&'static IndicatorDef, Error> {
    registry::find(name).ok_or(Error::UnknownIndicator { name: name.to_string(), suggestion: None })
}

/// A variant whose formula is TA-Lib's and whose defaults are TradingView's: the
/// computation is the TA-Lib entry's, called with the variant's parameter values.
macro_rules! same_formula {
    ($name:literal, $params:expr, $note:literal) => {
        $crate::registry::Variant {
            params: $params,
            note: $note,
            inputs: None,
            lookback: |p| $crate::registry::find($name).map_or(0, |def| (def.lookback)(p)),
            batch: kernel!(|p, columns| {
                let def = $crate::indicators::tradingview::talib($name)?;
                $crate::registry::run_batch(def.batch, def.stream, def.inputs, def.outputs.len(), p, columns)
            }),
            stream: |p| ($crate::indicators::tradingview::talib($name)?.stream)(p),
        }
    };
}
pub(crate) use same_formula;

/// Input column `i` of a batch call, or an empty one (which gives an empty output).
fn column<'a>(columns: &[&'a [f64]], i: usize) -> &'a [f64] {
    columns.get(i).copied().unwrap_or(&[])
}

/// Real parameter `i`, already validated by the spec parser.
fn real_param(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(f64::NAN)
}

/// EMA weights `(k, beta)` with `k = 2 / (period + 1)`, derived so that `k + beta` is
/// exactly 1 (otherwise a flat input drifts): the subtraction is exact only from the
/// operand in [0.5, 1).
fn ema_weights(period: usize) -> (f64, f64) {
    let period = period.max(1) as f64;
    let mut beta = (period - 1.0) / (period + 1.0);
    let k = 1.0 - beta;
    if beta < 0.5 {
        beta = 1.0 - k;
    }
    (k, beta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::ParamKind;
    use crate::{Mode, Spec};

    #[test]
    fn every_variant_mirrors_its_talib_entry() {
        let names: Vec<&str> = VARIANTS.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "VARIANTS is kept sorted and unique");
        for (name, variant) in VARIANTS {
            let def = talib(name).unwrap();
            let talib_names: Vec<&str> = def.params.iter().map(|p| p.name).collect();
            let tv_names: Vec<&str> = variant.params.iter().map(|p| p.name).collect();
            // TA-Lib's parameters come first, in order; a variant may only add after them
            // (VWAP: TA-Lib has none, TradingView has its session).
            assert_eq!(&tv_names[..talib_names.len().min(tv_names.len())], &talib_names[..], "{name}: parameter names and order");
            for (tv, ta) in variant.params.iter().zip(def.params) {
                assert_eq!(std::mem::discriminant(&tv.kind), std::mem::discriminant(&ta.kind), "{name}.{}", tv.name);
                if let ParamKind::Integer { min, max } = tv.kind {
                    assert!((min..=max).contains(&(tv.default as i64)), "{name}.{}: default in range", tv.name);
                }
            }
            assert!(!variant.note.is_empty());
            let spec = Spec::parse_in(name, Mode::TradingView).unwrap();
            assert_eq!(spec.mode(), Mode::TradingView);
            assert_eq!(spec.params().len(), variant.params.len());
        }
    }

    #[test]
    fn ema_weights_sum_to_one() {
        for period in 1..200 {
            let (k, beta) = ema_weights(period);
            assert_eq!(k + beta, 1.0, "period {period}");
            assert!((k - 2.0 / (period as f64 + 1.0)).abs() < 1e-15);
        }
    }
}

/// Deterministic bars and spec helpers for the variants' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::{Mode, Series, Spec};

    /// OHLCV columns of a wavy, trending series with a flat stretch (bars 40..46).
    pub(crate) fn ohlcv(n: usize) -> [Vec<f64>; 5] {
        let mut cols: [Vec<f64>; 5] = Default::default();
        let mut close = 100.0;
        for i in 0..n {
            let open = close;
            if !(40..46).contains(&i) {
                close = open + (i as f64 * 0.7).sin() * 2.0 + (i as f64 * 0.13).cos();
            }
            let flat = (40..46).contains(&i);
            let high = if flat { open } else { open.max(close) + 0.5 + (i % 3) as f64 * 0.25 };
            let low = if flat { open } else { open.min(close) - 0.4 - (i % 4) as f64 * 0.2 };
            for (col, v) in cols.iter_mut().zip([open, high, low, close, 1.0 + (i % 7) as f64]) {
                col.push(v);
            }
        }
        cols
    }

    /// Every output of `spec` (in `mode`) over the bars.
    pub(crate) fn run(spec: &str, mode: Mode, cols: &[Vec<f64>; 5]) -> Vec<Vec<f64>> {
        let [open, high, low, close, volume] = cols;
        let series = Series { open, high, low, close, volume, ..Series::default() };
        Spec::parse_in(spec, mode).unwrap().compute(&series).unwrap()
    }

    /// A defaults-only variant: its canonical spec, and values equal to TA-Lib's at the
    /// same parameters, bit for bit.
    pub(crate) fn assert_defaults_only(name: &str, canonical: &str) {
        let tv = Spec::parse_in(name, Mode::TradingView).unwrap();
        assert_eq!(tv.to_string(), canonical);
        assert_ne!(Spec::parse(name).unwrap().to_string(), canonical, "{name}: the default differs from TA-Lib's");
        assert_eq!(tv.lookback(), Spec::parse(canonical).unwrap().lookback());
        let cols = ohlcv(200);
        let (a, b) = (run(name, Mode::TradingView, &cols), run(canonical, Mode::Talib, &cols));
        for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
            assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{name}: {x} vs {y}");
        }
    }
}
