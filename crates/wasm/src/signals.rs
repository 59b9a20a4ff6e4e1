//! Bindings of the signal primitives' batch forms (wrapped by `js/signals.js`). Each
//! call returns the events as one flat Float64Array, five numbers per event:
//! `[row, time, kind, direction, strength]`, `kind` an index into [`signal_kind_names`]
//! and `direction` +1 bullish / −1 bearish. Times are integers (ms); an empty `times`
//! stands for the row index.

use sigil_core::signals::{Breakout, Cross, Divergence, Run, SignalEvent, SignalKind, Squeeze, Threshold, ZeroCross, Zone};
use wasm_bindgen::prelude::*;

use super::{bad_input, js_error, CODE_SEPARATOR};

/// Every kind, in the order `kind` indexes.
const KINDS: [SignalKind; 11] = [
    SignalKind::CrossOver,
    SignalKind::CrossUnder,
    SignalKind::ThresholdEnter,
    SignalKind::ThresholdExit,
    SignalKind::ZeroCross,
    SignalKind::Rising,
    SignalKind::Falling,
    SignalKind::Breakout,
    SignalKind::Divergence,
    SignalKind::SqueezeOn,
    SignalKind::SqueezeOff,
];

/// The kinds' names, comma-separated, in the order of the `kind` numbers.
#[wasm_bindgen]
pub fn signal_kind_names() -> String {
    KINDS.map(SignalKind::name).join(",")
}

/// A length mismatch is the caller's input; a bad parameter keeps the core's code.
fn signal_error(e: sigil_core::Error) -> JsError {
    match e {
        sigil_core::Error::InvalidInput { .. } => bad_input(e.to_string()),
        e => js_error(e),
    }
}

/// Integer times from JS numbers; none given means the row index.
fn times_of(context: &str, times: &[f64], rows: usize) -> Result<Vec<i64>, JsError> {
    if times.is_empty() {
        return Ok((0..rows).map(|i| i64::try_from(i).unwrap_or(i64::MAX)).collect());
    }
    // 2^53: beyond it a JS number no longer holds every integer.
    const SAFE: f64 = 9_007_199_254_740_992.0;
    times
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            if t.fract() == 0.0 && t.abs() <= SAFE {
                Ok(t as i64)
            } else {
                let t = sigil_core::Decimal(t);
                Err(bad_input(format!("{context}: time row {i} is {t}; expected an integer such as a ms timestamp")))
            }
        })
        .collect()
}

fn flatten(events: Vec<Option<SignalEvent>>) -> Vec<f64> {
    let mut out = Vec::new();
    for (row, event) in events.iter().enumerate() {
        if let Some(e) = event {
            let kind = KINDS.iter().position(|&k| k == e.kind).unwrap_or(KINDS.len());
            out.extend_from_slice(&[row as f64, e.time as f64, kind as f64, e.direction.sign(), e.strength]);
        }
    }
    out
}

fn zone_of(zone: &str) -> Result<Zone, JsError> {
    match zone {
        "above" => Ok(Zone::Above),
        "below" => Ok(Zone::Below),
        _ => Err(JsError::new(&format!(
            "INVALID_PARAMETER{CODE_SEPARATOR}threshold: zone = '{zone}' is invalid; expected 'above' or 'below'"
        ))),
    }
}

#[wasm_bindgen]
pub fn signal_cross(times: &[f64], a: &[f64], b: &[f64]) -> Result<Vec<f64>, JsError> {
    let times = times_of("cross", times, a.len())?;
    Ok(flatten(Cross::batch(&times, a, b).map_err(signal_error)?))
}

#[wasm_bindgen]
pub fn signal_zero_cross(times: &[f64], x: &[f64]) -> Result<Vec<f64>, JsError> {
    let times = times_of("zero_cross", times, x.len())?;
    Ok(flatten(ZeroCross::batch(&times, x).map_err(signal_error)?))
}

#[wasm_bindgen]
pub fn signal_threshold(times: &[f64], x: &[f64], zone: &str, enter: f64, exit: f64) -> Result<Vec<f64>, JsError> {
    let zone = zone_of(zone)?;
    let times = times_of("threshold", times, x.len())?;
    Ok(flatten(Threshold::batch(&times, x, zone, enter, exit).map_err(signal_error)?))
}

#[wasm_bindgen]
pub fn signal_run(times: &[f64], x: &[f64], bars: usize) -> Result<Vec<f64>, JsError> {
    let times = times_of("run", times, x.len())?;
    Ok(flatten(Run::batch(&times, x, bars).map_err(signal_error)?))
}

#[wasm_bindgen]
pub fn signal_breakout(times: &[f64], high: &[f64], low: &[f64], close: &[f64], bars: usize) -> Result<Vec<f64>, JsError> {
    let times = times_of("breakout", times, close.len())?;
    Ok(flatten(Breakout::batch(&times, high, low, close, bars).map_err(signal_error)?))
}

#[wasm_bindgen]
pub fn signal_divergence(
    times: &[f64],
    price: &[f64],
    oscillator: &[f64],
    left: usize,
    right: usize,
    max_gap: usize,
) -> Result<Vec<f64>, JsError> {
    let times = times_of("divergence", times, price.len())?;
    Ok(flatten(Divergence::batch(&times, price, oscillator, left, right, max_gap).map_err(signal_error)?))
}

#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn signal_squeeze(
    times: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    period: usize,
    bb_mult: f64,
    atr_period: usize,
    kc_mult: f64,
) -> Result<Vec<f64>, JsError> {
    let times = times_of("squeeze", times, close.len())?;
    Ok(flatten(Squeeze::batch(&times, high, low, close, period, bb_mult, atr_period, kc_mult).map_err(signal_error)?))
}
