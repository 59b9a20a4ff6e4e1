//! wasm-bindgen bindings of the Sigil core, published as the npm package `sigil-ta`.
//!
//! Deliberately thin and number-only: the JS layer (`js/api.js`) turns the shapes JS
//! users have (ccxt rows, candle objects, columns) into typed arrays, so each call
//! crosses the boundary with one copy per column in and one buffer out.

use sigil_core::{column_names, registry, Bar, Input, Mode, Series, Spec, StreamingSpec};
use wasm_bindgen::prelude::*;

fn js_error(e: sigil_core::Error) -> JsError {
    JsError::new(&e.to_string())
}

fn parse_mode(mode: &str) -> Result<Mode, JsError> {
    mode.parse().map_err(js_error)
}

/// The outputs of [`compute_columns`]: `names()[i]` names `take_column(i)`.
#[wasm_bindgen]
pub struct Computed {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
}

#[wasm_bindgen]
impl Computed {
    pub fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Moves column `i` out to JS (one copy, into a Float64Array); empty once taken.
    pub fn take_column(&mut self, i: usize) -> Vec<f64> {
        self.columns.get_mut(i).map(std::mem::take).unwrap_or_default()
    }
}

/// Computes a spec list (`rsi:14,ema:20`) over candle columns of `rows` rows. JS passes
/// only the columns the specs read (see [`input_mask`]); the others may be empty.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn compute_columns(
    spec: &str,
    mode: &str,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<Computed, JsError> {
    let specs = Spec::parse_list_in(spec, parse_mode(mode)?).map_err(js_error)?;
    let series = Series { time, open, high, low, close, volume };
    // The row count comes from every column the caller had, so a column the spec needs
    // but the caller lacks is reported as missing rather than as an empty series.
    for spec in &specs {
        for &input in spec.def().inputs {
            let found_len = series.column(input).len();
            if found_len != rows {
                return Err(js_error(sigil_core::Error::MissingInput {
                    indicator: spec.def().name,
                    input: input.name(),
                    expected_len: rows,
                    found_len,
                }));
            }
        }
    }
    let mut columns = Vec::new();
    for spec in &specs {
        columns.extend(spec.compute(&series).map_err(js_error)?);
    }
    Ok(Computed { names: column_names(&specs), columns })
}

/// Which candle columns a spec list reads, as bits (open 1, high 2, low 4, close 8,
/// volume 16, time 32), so JS copies only those into wasm memory.
#[wasm_bindgen]
pub fn input_mask(spec: &str) -> Result<u32, JsError> {
    let specs = Spec::parse_list(spec).map_err(js_error)?;
    Ok(specs.iter().flat_map(|s| s.def().inputs.iter()).fold(0, |mask, input| {
        mask | match input {
            Input::Open => 1,
            Input::High => 2,
            Input::Low => 4,
            Input::Close => 8,
            Input::Volume => 16,
            Input::Time => 32,
        }
    }))
}

/// Output column names of a spec list, without computing anything.
#[wasm_bindgen]
pub fn column_names_of(spec: &str) -> Result<Vec<String>, JsError> {
    Ok(column_names(&Spec::parse_list(spec).map_err(js_error)?))
}

/// The canonical form of one spec (`rsi` → `rsi:14`) in a mode (defaults differ).
#[wasm_bindgen]
pub fn canonical_spec(spec: &str, mode: &str) -> Result<String, JsError> {
    Ok(Spec::parse_in(spec, parse_mode(mode)?).map_err(js_error)?.to_string())
}

/// The registry metadata as JSON (see `sigil_core::registry::metadata_json`).
#[wasm_bindgen]
pub fn indicators_json() -> String {
    registry::metadata_json()
}

/// One streaming indicator. `update`/`peek` return the first output and leave every
/// output readable through `output(i)`, so single-output use allocates nothing.
#[wasm_bindgen]
pub struct StreamingIndicator {
    inner: StreamingSpec,
    names: Vec<String>,
    lookback: usize,
    last: Vec<f64>,
}

#[wasm_bindgen]
impl StreamingIndicator {
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, mode: &str) -> Result<StreamingIndicator, JsError> {
        let parsed = Spec::parse_in(spec, parse_mode(mode)?).map_err(js_error)?;
        let names = parsed.output_names();
        Ok(StreamingIndicator {
            inner: parsed.stream().map_err(js_error)?,
            last: vec![f64::NAN; names.len()],
            lookback: parsed.lookback(),
            names,
        })
    }

    pub fn update(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.inner.update_into(&bar(time, open, high, low, close, volume), &mut self.last);
        self.last[0]
    }

    pub fn peek(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let values = self.inner.peek(&bar(time, open, high, low, close, volume));
        self.last.copy_from_slice(&values);
        self.last[0]
    }

    /// Output `i` of the last `update` or `peek` (NaN for an unknown index).
    pub fn output(&self, i: usize) -> f64 {
        self.last.get(i).copied().unwrap_or(f64::NAN)
    }

    pub fn output_names(&self) -> Vec<String> {
        self.names.clone()
    }

    pub fn lookback(&self) -> usize {
        self.lookback
    }

    pub fn reset(&mut self) {
        self.inner.reset();
        self.last.fill(f64::NAN);
    }
}

fn bar(time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> Bar {
    Bar { time: time as i64, open, high, low, close, volume }
}
