//! wasm-bindgen bindings of the Sigil core, published as the npm package `sigil-ta`.
//!
//! Deliberately thin and number-only: the JS layer (`js/api.js`) turns the shapes JS
//! users have (ccxt rows, candle objects, columns) into typed arrays, so each call
//! crosses the boundary with one copy per column in and one buffer out.
//!
//! Errors cross as `JsError`s whose message is `CODE\u{1f}text`; the JS layer turns them
//! into `SigilError`s with `code` and `message` (see [`error_code`]).

use sigil_core::{column_names, registry, Bar, Input, Mode, Series, Spec, StreamingSpec};
use wasm_bindgen::prelude::*;

// The streaming fast path of sma/ema/rsi/atr/macd.
mod direct;
use direct::Direct;

// The rule language, backtester and score (js/rules.js).
#[cfg(feature = "trading")]
mod rules;
// The grid and DCA bots and walk-forward (js/bots.js).
#[cfg(feature = "trading")]
mod bots;
// The signal primitives' batch forms (js/signals.js).
#[cfg(feature = "trading")]
mod signals;

/// Separates the machine-readable code from the message in a thrown error.
const CODE_SEPARATOR: char = '\u{1f}';

/// The stable code JS users branch on; the message may change wording.
fn error_code(e: &sigil_core::Error) -> &'static str {
    use sigil_core::Error;
    #[allow(unreachable_patterns)] // the core may grow variants before this list does
    match e {
        Error::UnknownIndicator { .. } => "UNKNOWN_INDICATOR",
        Error::EmptySpec | Error::DuplicateSpec { .. } => "INVALID_SPEC",
        Error::TooManyArguments { .. } | Error::InvalidParameter { .. } => "INVALID_PARAMETER",
        Error::UnknownMode { .. } => "UNKNOWN_MODE",
        Error::MissingInput { .. } => "BAD_INPUT",
        _ => "SIGIL_ERROR",
    }
}

fn js_error(e: sigil_core::Error) -> JsError {
    JsError::new(&format!("{}{CODE_SEPARATOR}{e}", error_code(&e)))
}

fn bad_input(message: String) -> JsError {
    JsError::new(&format!("BAD_INPUT{CODE_SEPARATOR}{message}"))
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

/// Checks that every column the specs read has `rows` rows, so a column the spec needs
/// but the caller lacks is reported as missing rather than read as an empty series.
fn check_inputs(specs: &[Spec], series: &Series, rows: usize) -> Result<(), JsError> {
    for spec in specs {
        for &input in spec.inputs() {
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
    Ok(())
}

fn compute_specs(specs: &[Spec], series: &Series) -> Result<Vec<Vec<f64>>, JsError> {
    let mut columns = Vec::new();
    for spec in specs {
        columns.extend(spec.compute(series).map_err(js_error)?);
    }
    Ok(columns)
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
    periods: &[f64],
) -> Result<Computed, JsError> {
    let specs = Spec::parse_list_in(spec, parse_mode(mode)?).map_err(js_error)?;
    let series = Series { time, open, high, low, close, volume, periods };
    check_inputs(&specs, &series, rows)?;
    Ok(Computed { names: column_names(&specs), columns: compute_specs(&specs, &series)? })
}

fn input_bit(input: Input) -> u32 {
    match input {
        Input::Open => 1,
        Input::High => 2,
        Input::Low => 4,
        Input::Close => 8,
        Input::Volume => 16,
        Input::Time => 32,
        Input::Periods => 64,
    }
}

fn mask_of(specs: &[Spec]) -> u32 {
    specs.iter().flat_map(|s| s.inputs().iter()).fold(0, |mask, &input| mask | input_bit(input))
}

/// Which candle columns a spec list reads, as bits (open 1, high 2, low 4, close 8,
/// volume 16, time 32, MAVP's periods 64), so JS copies only those into wasm memory.
#[wasm_bindgen]
pub fn input_mask(spec: &str, mode: &str) -> Result<u32, JsError> {
    Ok(mask_of(&Spec::parse_list_in(spec, parse_mode(mode)?).map_err(js_error)?))
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

/// Leading NaN bars of one spec in a mode.
#[wasm_bindgen]
pub fn spec_lookback(spec: &str, mode: &str) -> Result<usize, JsError> {
    Ok(Spec::parse_in(spec, parse_mode(mode)?).map_err(js_error)?.lookback())
}

/// The registry metadata as JSON (see `sigil_core::registry::metadata_json`).
#[wasm_bindgen]
pub fn indicators_json() -> String {
    registry::metadata_json()
}

fn bar(time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) -> Bar {
    // `as` saturates (NaN → 0), so no time value can trap.
    Bar { time: time as i64, open, high, low, close, volume, periods }
}

/// Candle columns of a block of bars passed to `update_many`: each either empty (the
/// caller lacks it: NaN) or `rows` long; the ones the specs read must be present.
struct Block<'a> {
    rows: usize,
    columns: [&'a [f64]; 7],
}

impl<'a> Block<'a> {
    const ORDER: [Input; 7] = [Input::Time, Input::Open, Input::High, Input::Low, Input::Close, Input::Volume, Input::Periods];

    fn new(specs: &[Spec], rows: usize, columns: [&'a [f64]; 7]) -> Result<Block<'a>, JsError> {
        for (input, column) in Self::ORDER.iter().zip(&columns) {
            if !column.is_empty() && column.len() != rows {
                return Err(bad_input(format!("column '{}' has {} rows, the block has {rows}", input.name(), column.len())));
            }
        }
        let [time, open, high, low, close, volume, periods] = columns;
        check_inputs(specs, &Series { time, open, high, low, close, volume, periods }, rows)?;
        Ok(Block { rows, columns })
    }

    fn bar(&self, i: usize) -> Bar {
        let at = |c: &[f64]| c.get(i).copied().unwrap_or(f64::NAN);
        let [time, open, high, low, close, volume, periods] = self.columns;
        bar(at(time), at(open), at(high), at(low), at(close), at(volume), at(periods))
    }
}

/// Streams of several specs fed the same bars, writing every output of a bar into one
/// buffer (`values`), so JS crosses into wasm once per bar whatever the spec count.
struct Streams {
    specs: Vec<Spec>,
    streams: Vec<StreamingSpec>,
    /// Start of each stream's outputs in `values`.
    offsets: Vec<usize>,
    names: Vec<String>,
    values: Vec<f64>,
}

impl Streams {
    fn new(spec: &str, mode: &str) -> Result<Streams, JsError> {
        let specs = Spec::parse_list_in(spec, parse_mode(mode)?).map_err(js_error)?;
        let names = column_names(&specs);
        let mut streams = Vec::with_capacity(specs.len());
        let mut offsets = Vec::with_capacity(specs.len());
        let mut offset = 0;
        for spec in &specs {
            streams.push(spec.stream().map_err(js_error)?);
            offsets.push(offset);
            offset += spec.def().outputs.len();
        }
        Ok(Streams { specs, streams, offsets, values: vec![f64::NAN; names.len()], names })
    }

    fn update(&mut self, bar: &Bar) {
        // Each stream gets exactly its own slots: an indicator may write its whole slice.
        for ((stream, &offset), spec) in self.streams.iter_mut().zip(&self.offsets).zip(&self.specs) {
            if let Some(out) = self.values.get_mut(offset..offset + spec.def().outputs.len()) {
                stream.update_into(bar, out);
            }
        }
    }

    fn peek(&mut self, bar: &Bar) {
        for (stream, &offset) in self.streams.iter().zip(&self.offsets) {
            let values = stream.peek(bar);
            if let Some(out) = self.values.get_mut(offset..offset + values.len()) {
                out.copy_from_slice(&values);
            }
        }
    }

    fn reset(&mut self) {
        self.streams.iter_mut().for_each(StreamingSpec::reset);
        self.values.fill(f64::NAN);
    }

    /// Feeds `rows` bars; returns every output column, each `rows` long, one after the other.
    fn update_many(&mut self, rows: usize, columns: [&[f64]; 7]) -> Result<Vec<f64>, JsError> {
        let block = Block::new(&self.specs, rows, columns)?;
        let size = self.values.len().checked_mul(block.rows).ok_or_else(|| bad_input(format!("{} rows are too many", block.rows)))?;
        let mut out = vec![f64::NAN; size];
        for i in 0..block.rows {
            self.update(&block.bar(i));
            for (k, &value) in self.values.iter().enumerate() {
                if let Some(slot) = out.get_mut(k * block.rows + i) {
                    *slot = value;
                }
            }
        }
        Ok(out)
    }
}

/// One streaming spec. `update`/`peek` return the first output and leave every output
/// in `values_ptr()` (read as a Float64Array view), so single-output use allocates
/// nothing and multi-output use needs no further call.
#[wasm_bindgen]
pub struct StreamingIndicator {
    streams: Streams,
    /// The direct kernel of the hot specs (see `direct.rs`); when set, `streams` is not
    /// fed and the kernel's slot holds the last value.
    direct: Option<direct::Handle>,
    lookback: usize,
    input_mask: u32,
}

#[wasm_bindgen]
impl StreamingIndicator {
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, mode: &str) -> Result<StreamingIndicator, JsError> {
        let parsed_mode = parse_mode(mode)?;
        let parsed = Spec::parse_in(spec, parsed_mode).map_err(js_error)?;
        let canonical = parsed.to_string();
        let streams = Streams::new(&canonical, mode)?;
        let direct = Direct::of(&parsed).and_then(direct::Handle::new);
        Ok(StreamingIndicator { lookback: parsed.lookback(), input_mask: mask_of(&streams.specs), direct, streams })
    }

    /// `periods` is MAVP's per-bar period (NaN for everything else).
    #[allow(clippy::too_many_arguments)]
    pub fn update(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) -> f64 {
        if let Some(direct) = &self.direct {
            return direct.with(f64::NAN, |slot| slot.update(high, low, close));
        }
        self.streams.update(&bar(time, open, high, low, close, volume, periods));
        self.output(0)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn peek(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) -> f64 {
        if let Some(direct) = &self.direct {
            return direct.with(f64::NAN, |slot| slot.peek(high, low, close));
        }
        self.streams.peek(&bar(time, open, high, low, close, volume, periods));
        self.output(0)
    }

    /// `update` of a bar whose every field but time is `price` (what JS makes of a bare
    /// number for a one-column indicator): one f64 across the boundary, one back.
    pub fn update_price(&mut self, price: f64) -> f64 {
        self.update(f64::NAN, price, price, price, price, price, f64::NAN)
    }

    pub fn peek_price(&mut self, price: f64) -> f64 {
        self.peek(f64::NAN, price, price, price, price, price, f64::NAN)
    }

    /// The handle `direct_update`/`direct_peek` take, if this spec has a direct kernel
    /// (see `direct.rs`); valid until this object is freed.
    pub fn direct_handle(&self) -> Option<u32> {
        self.direct.as_ref().map(direct::Handle::id)
    }

    /// Output `i` of the last `update` or `peek` (NaN for an unknown index).
    pub fn output(&self, i: usize) -> f64 {
        match &self.direct {
            Some(direct) => direct.with(f64::NAN, |slot| slot.last.get(i).copied().unwrap_or(f64::NAN)),
            _ => self.streams.values.get(i).copied().unwrap_or(f64::NAN),
        }
    }

    /// Address of the outputs of the last `update`/`peek` in wasm memory (stable for the
    /// life of the object; the JS view over it must be remade when the memory grows).
    pub fn values_ptr(&self) -> usize {
        match &self.direct {
            Some(direct) => direct.with(0, |slot| slot.last.as_ptr() as usize),
            None => self.streams.values.as_ptr() as usize,
        }
    }

    pub fn output_names(&self) -> Vec<String> {
        self.streams.names.clone()
    }

    pub fn lookback(&self) -> usize {
        self.lookback
    }

    /// The candle columns the spec reads (bits as in [`input_mask`]).
    pub fn input_mask(&self) -> u32 {
        self.input_mask
    }

    /// Consumes a block of closed bars given as columns (empty = absent); returns the
    /// outputs of every bar, output-major (`out[k * rows + i]`).
    #[allow(clippy::too_many_arguments)]
    pub fn update_many(
        &mut self,
        rows: usize,
        time: &[f64],
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        periods: &[f64],
    ) -> Result<Vec<f64>, JsError> {
        let columns = [time, open, high, low, close, volume, periods];
        match &self.direct {
            Some(direct) => {
                let block = Block::new(&self.streams.specs, rows, columns)?;
                let outputs = self.streams.values.len();
                Ok(direct.with(Vec::new(), |slot| direct_many(slot, &block, outputs)))
            }
            None => self.streams.update_many(rows, columns),
        }
    }

    pub fn reset(&mut self) {
        self.streams.reset();
        if let Some(direct) = &self.direct {
            direct.with((), direct::Slot::reset);
        }
    }
}

/// `update_many` through a direct kernel (its state is the one `update` feeds): every
/// output per bar, output-major as [`Streams::update_many`] returns them.
fn direct_many(slot: &mut direct::Slot, block: &Block, outputs: usize) -> Vec<f64> {
    let rows = block.rows;
    let mut out = vec![f64::NAN; outputs.min(direct::MAX_OUTPUTS) * rows];
    for i in 0..rows {
        let bar = block.bar(i);
        slot.update(bar.high, bar.low, bar.close);
        for (k, &value) in slot.last.iter().enumerate().take(outputs) {
            if let Some(cell) = out.get_mut(k * rows + i) {
                *cell = value;
            }
        }
    }
    out
}

/// Many specs over one candle stream: one call per bar updates all of them and leaves
/// every output in one buffer.
#[wasm_bindgen]
pub struct StreamingPipeline {
    streams: Streams,
    lookbacks: Vec<usize>,
    input_mask: u32,
}

#[wasm_bindgen]
impl StreamingPipeline {
    /// `spec` is a comma-separated list, as for [`compute_columns`].
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str, mode: &str) -> Result<StreamingPipeline, JsError> {
        let streams = Streams::new(spec, mode)?;
        let lookbacks = streams.specs.iter().map(Spec::lookback).collect();
        Ok(StreamingPipeline { input_mask: mask_of(&streams.specs), lookbacks, streams })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn update(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) {
        self.streams.update(&bar(time, open, high, low, close, volume, periods));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn peek(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) {
        self.streams.peek(&bar(time, open, high, low, close, volume, periods));
    }

    pub fn values_ptr(&self) -> usize {
        self.streams.values.as_ptr() as usize
    }

    pub fn output_names(&self) -> Vec<String> {
        self.streams.names.clone()
    }

    /// The canonical spec of each entry, in order.
    pub fn specs(&self) -> Vec<String> {
        self.streams.specs.iter().map(Spec::to_string).collect()
    }

    pub fn lookbacks(&self) -> Vec<usize> {
        self.lookbacks.clone()
    }

    pub fn input_mask(&self) -> u32 {
        self.input_mask
    }

    #[allow(clippy::too_many_arguments)]
    pub fn update_many(
        &mut self,
        rows: usize,
        time: &[f64],
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        periods: &[f64],
    ) -> Result<Vec<f64>, JsError> {
        self.streams.update_many(rows, [time, open, high, low, close, volume, periods])
    }

    pub fn reset(&mut self) {
        self.streams.reset();
    }
}

/// Candle columns resident in wasm memory, for apps (charts) that compute many specs
/// over the same series: the candles cross into wasm once, and results can be read as
/// views without a copy.
#[wasm_bindgen]
pub struct Dataset {
    /// time, open, high, low, close, volume, periods (MAVP's).
    columns: [Vec<f64>; 7],
    /// Bits (as in [`input_mask`]) of the columns the owner supplied; the others hold NaN
    /// and are reported missing to indicators that read them.
    present: u32,
    names: Vec<String>,
    results: Vec<Vec<f64>>,
}

const COLUMN_BITS: [u32; 7] = [32, 1, 2, 4, 8, 16, 64];

#[wasm_bindgen]
impl Dataset {
    #[wasm_bindgen(constructor)]
    pub fn new(present: u32) -> Dataset {
        Dataset { columns: Default::default(), present: present & 127, names: Vec::new(), results: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.columns[0].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn present(&self) -> u32 {
        self.present
    }

    /// Appends `rows` bars given as columns (empty = NaN for that column). The columns
    /// are moved in: a column into an empty dataset is kept as is, without a copy.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        rows: usize,
        time: Vec<f64>,
        open: Vec<f64>,
        high: Vec<f64>,
        low: Vec<f64>,
        close: Vec<f64>,
        volume: Vec<f64>,
        periods: Vec<f64>,
    ) -> Result<(), JsError> {
        let given = [time, open, high, low, close, volume, periods];
        for (input, column) in Block::ORDER.iter().zip(&given) {
            if !column.is_empty() && column.len() != rows {
                return Err(bad_input(format!("column '{}' has {} rows, the others have {rows}", input.name(), column.len())));
            }
        }
        for (stored, column) in self.columns.iter_mut().zip(given) {
            if column.is_empty() {
                stored.resize(stored.len() + rows, f64::NAN);
            } else if stored.is_empty() {
                *stored = column;
            } else {
                stored.extend_from_slice(&column);
            }
        }
        Ok(())
    }

    /// Appends one bar.
    #[allow(clippy::too_many_arguments)]
    pub fn push(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) {
        for (stored, value) in self.columns.iter_mut().zip([time, open, high, low, close, volume, periods]) {
            stored.push(value);
        }
    }

    /// Replaces the last bar (a forming bar that changed); appends if empty.
    #[allow(clippy::too_many_arguments)]
    pub fn set_last(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64, periods: f64) {
        for (stored, value) in self.columns.iter_mut().zip([time, open, high, low, close, volume, periods]) {
            match stored.last_mut() {
                Some(last) => *last = value,
                None => stored.push(value),
            }
        }
    }

    /// Keeps the first `rows` bars.
    pub fn truncate(&mut self, rows: usize) {
        self.columns.iter_mut().for_each(|c| c.truncate(rows));
    }

    /// Address of input column `i` (time, open, high, low, close, volume, periods) in wasm memory.
    pub fn column_ptr(&self, i: usize) -> usize {
        self.columns.get(i).map_or(0, |c| c.as_ptr() as usize)
    }

    /// Computes a spec list over the resident columns; the results stay here until the
    /// next `compute` (read them with `result_ptr` or `take_result`). Returns the count.
    pub fn compute(&mut self, spec: &str, mode: &str) -> Result<usize, JsError> {
        let specs = Spec::parse_list_in(spec, parse_mode(mode)?).map_err(js_error)?;
        let column = |i: usize| -> &[f64] {
            match (self.columns.get(i), COLUMN_BITS.get(i)) {
                (Some(c), Some(bit)) if self.present & bit != 0 => c,
                _ => &[],
            }
        };
        let series = Series {
            time: column(0),
            open: column(1),
            high: column(2),
            low: column(3),
            close: column(4),
            volume: column(5),
            periods: column(6),
        };
        check_inputs(&specs, &series, self.len())?;
        let results = compute_specs(&specs, &series)?;
        self.names = column_names(&specs);
        self.results = results;
        Ok(self.results.len())
    }

    pub fn result_names(&self) -> Vec<String> {
        self.names.clone()
    }

    pub fn result_ptr(&self, i: usize) -> usize {
        self.results.get(i).map_or(0, |c| c.as_ptr() as usize)
    }

    pub fn result_len(&self, i: usize) -> usize {
        self.results.get(i).map_or(0, Vec::len)
    }

    /// Moves result column `i` out to JS (one copy, into a Float64Array); empty once taken.
    pub fn take_result(&mut self, i: usize) -> Vec<f64> {
        self.results.get_mut(i).map(std::mem::take).unwrap_or_default()
    }
}
