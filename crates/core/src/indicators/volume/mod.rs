//! Volatility and volume indicators.
//!
//! Every indicator here reads several bar columns, so each type implements
//! [`Streaming`](crate::registry::Streaming) itself rather than going through
//! `on_input`. Batch functions take the columns as slices; columns of different
//! lengths are read up to the shortest one (the registry always passes equal ones).

use crate::registry::IndicatorDef;

mod accbands;
mod ad;
mod adosc;
mod adr;
mod atr;
mod cmf;
mod cvi;
mod donchian;
mod efi;
mod kc;
mod marketfi;
mod massi;
mod natr;
mod nvi;
mod obv;
mod pvi;
mod pvt;
mod rvi;
mod rvol;
mod supertrend;
mod trange;
mod vwap;

// The typed indicators, for Rust users; `indicators` re-exports them publicly.
pub use self::{
    accbands::AccBands, ad::Ad, adosc::AdOsc, adr::Adr, atr::Atr, cmf::Cmf, cvi::Cvi, donchian::Donchian, efi::Efi, kc::Keltner,
    marketfi::MarketFi, massi::MassIndex, natr::Natr, nvi::Nvi, obv::Obv, pvi::Pvi, pvt::Pvt, rvi::Rvi, rvol::RelativeVolume,
    supertrend::SuperTrend, trange::TrueRange, vwap::Vwap,
};

/// This family's registry entries.
#[cfg(not(feature = "full"))]
pub(crate) static SLIM: &[&IndicatorDef] = &[&atr::DEF];

pub(crate) static DEFS: &[&IndicatorDef] = &[
    &accbands::DEF,
    &ad::DEF,
    &adosc::DEF,
    &adr::DEF,
    &atr::DEF,
    &cmf::DEF,
    &cvi::DEF,
    &donchian::DEF,
    &efi::DEF,
    &kc::DEF,
    &marketfi::DEF,
    &massi::DEF,
    &natr::DEF,
    &nvi::DEF,
    &obv::DEF,
    &pvi::DEF,
    &pvt::DEF,
    &rvi::DEF,
    &rvol::DEF,
    &supertrend::DEF,
    &trange::DEF,
    &vwap::DEF,
];

/// Input column `i` of a registry batch call, or an empty column (empty output).
fn column<'a>(columns: &[&'a [f64]], i: usize) -> &'a [f64] {
    columns.get(i).copied().unwrap_or(&[])
}

/// The row count a batch over these columns produces: the shortest column's.
fn rows(columns: &[&[f64]]) -> usize {
    columns.iter().map(|c| c.len()).min().unwrap_or(0)
}

/// Copies one bar's outputs into the caller's slots (a short slot slice gets the
/// leading outputs rather than a panic).
#[inline]
fn emit(out: &mut [f64], values: &[f64]) {
    for (slot, value) in out.iter_mut().zip(values) {
        *slot = *value;
    }
}

/// An integer parameter declared with its TA-Lib name, default and range.
const fn integer_param(name: &'static str, default: usize, min: usize, max: usize, description: &'static str) -> crate::registry::ParamDef {
    crate::registry::ParamDef {
        name,
        kind: crate::registry::ParamKind::Integer { min: min as i64, max: max as i64 },
        default: default as f64,
        description,
    }
}

/// The largest magnitude TA-Lib accepts for a real parameter (`TA_REAL_MAX`).
const TA_REAL_MAX: f64 = 3e37;

/// Real parameter `i`, already validated by the spec parser.
fn real_param(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(f64::NAN)
}

use crate::indicators::check_real;

/// `a * b + c` with a single rounding, like the fused multiply-add TA-Lib 0.8.1 is
/// compiled with, built from plain f64 operations (Dekker's exact product, Knuth's
/// exact sum) because `mul_add` is a slow software routine on wasm32.
///
/// Needed where TA-Lib subtracts two nearly equal smoothed values of a large-scale
/// series (ADOSC: two EMAs of the A/D line): one extra rounding of each product there
/// shows in the difference. Correctly rounded except for rare ties; when the
/// correction term overflows (operands beyond ~1e300) the unfused value is returned.
#[inline]
fn fused_mul_add(a: f64, b: f64, c: f64) -> f64 {
    // Veltkamp's split: x == hi + lo with both halves fitting 26 bits, so products
    // of halves are exact.
    #[inline]
    fn split(x: f64) -> (f64, f64) {
        const FACTOR: f64 = 134_217_729.0; // 2^27 + 1
        let t = FACTOR * x;
        let hi = t - (t - x);
        (hi, x - hi)
    }
    let product = a * b;
    let (a_hi, a_lo) = split(a);
    let (b_hi, b_lo) = split(b);
    let product_error = ((a_hi * b_hi - product) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
    let sum = product + c;
    let c_part = sum - product;
    let sum_error = (product - (sum - c_part)) + (c - c_part);
    let correction = sum_error + product_error;
    if correction.is_finite() {
        sum + correction
    } else {
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::fused_mul_add;

    #[test]
    fn fused_mul_add_rounds_once() {
        // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60: unfused, the 2^-60 is rounded away.
        let a = 1.0 + 2f64.powi(-30);
        assert_eq!(fused_mul_add(a, a, -1.0), 2f64.powi(-29) + 2f64.powi(-60));
        assert_eq!(fused_mul_add(0.1, 10.0, -1.0), 2f64.powi(-54));
        assert_eq!(fused_mul_add(3.0, 4.0, 5.0), 17.0);
        assert!(fused_mul_add(f64::NAN, 1.0, 1.0).is_nan());
        assert_eq!(fused_mul_add(1e300, 1e10, 1.0), f64::INFINITY);
        assert_eq!(fused_mul_add(1e300, 1e-300, 0.0), 1e300 * 1e-300);
    }
}
