//! What TA-Lib 0.8.1 and the JS peers lack as first-class indicators: session and
//! anchored VWAP with bands, pivot points, Chandelier Exit, full Ichimoku, Ulcer Index.
//!
//! Every indicator here implements [`Streaming`](crate::registry::Streaming) itself,
//! and its batch function runs the very `update` streaming runs, bar by bar, so the
//! two agree to the bit. The calendar-aware ones (session VWAP, anchored VWAP, pivots)
//! read the `time` column (bar open time, Unix ms, as in [`Bar::time`](crate::Bar));
//! batch converts each time the way [`Bar::set`](crate::Bar::set) does (`as i64`,
//! so NaN is 0 and out-of-range values saturate), which keeps batch and streaming
//! identical even on malformed times.

use crate::error::Error;
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

mod avwap;
mod calendar;
mod chandelier;
mod ichimoku;
mod pivots;
mod svwap;
mod ulcer;
mod vwap_bands;

// The typed indicators, for Rust users; `indicators` re-exports them publicly.
pub use self::{
    avwap::AnchoredVwap,
    calendar::Anchor,
    chandelier::ChandelierExit,
    ichimoku::Ichimoku,
    pivots::{PivotMethod, Pivots},
    svwap::SessionVwap,
    ulcer::UlcerIndex,
};

pub(crate) use svwap::TRADINGVIEW_VWAP;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[&avwap::DEF, &chandelier::DEF, &ichimoku::DEF, &pivots::DEF, &svwap::DEF, &ulcer::DEF];

/// Input column `i` of a registry batch call, or an empty column (empty output).
fn column<'a>(columns: &[&'a [f64]], i: usize) -> &'a [f64] {
    columns.get(i).copied().unwrap_or(&[])
}

/// The row count a batch over these columns produces: the shortest column's.
fn rows(columns: &[&[f64]]) -> usize {
    columns.iter().map(|c| c.len()).min().unwrap_or(0)
}

/// A time column value as [`Bar::set`](crate::Bar::set) stores it.
#[inline]
fn time_ms(value: f64) -> i64 {
    value as i64
}

/// Copies one bar's outputs into the caller's slots (a short slot slice gets the
/// leading outputs rather than a panic).
#[inline]
fn emit(out: &mut [f64], values: &[f64]) {
    for (slot, value) in out.iter_mut().zip(values) {
        *slot = *value;
    }
}

/// Collects per-bar output arrays into output columns.
fn collect<const N: usize>(n: usize, mut step: impl FnMut(usize) -> [f64; N]) -> Vec<Vec<f64>> {
    // Not `vec![..; N]`: a cloned empty Vec loses its capacity.
    let mut out: Vec<Vec<f64>> = (0..N).map(|_| Vec::with_capacity(n)).collect();
    for i in 0..n {
        for (column, value) in out.iter_mut().zip(step(i)) {
            column.push(value);
        }
    }
    out
}

/// Integer parameter `i` as a signed value, already validated by the spec parser.
fn signed_param(params: &[f64], i: usize) -> i64 {
    params.get(i).map_or(0, |&v| v as i64)
}

/// Real parameter `i`, already validated by the spec parser.
fn real_param(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(f64::NAN)
}

/// Choice parameter `i` as its index, already validated by the spec parser.
fn choice_param(params: &[f64], i: usize) -> usize {
    params.get(i).map_or(0, |&v| v as usize)
}

/// An integer parameter declared with its name, default and range.
const fn integer_param(name: &'static str, default: i64, min: i64, max: i64, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min, max }, default: default as f64, description }
}

/// A real parameter declared with its name, default and range.
const fn real_param_def(name: &'static str, default: f64, min: f64, max: f64, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Real { min, max }, default, description }
}

use crate::indicators::check_real;

/// Checks a signed integer parameter against its range, naming it on failure.
fn check_signed(indicator: &'static str, parameter: &'static str, value: i64, min: i64, max: i64) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter { indicator, parameter, value: value.to_string(), expected: format!("an integer in {min}..={max}") })
    }
}

/// The largest σ-band multiplier accepted.
const MAX_BAND_MULTIPLIER: f64 = 1000.0;
