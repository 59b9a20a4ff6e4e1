//! The one indicator registry: names, inputs, parameters, outputs and constructors.
//! The CLI, the npm package, the worker and the chart all read it, so an indicator
//! added here appears everywhere with the same spec and metadata.

use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::Decimal;
use std::sync::OnceLock;

use crate::indicators;

/// A streaming indicator behind the registry: reads the bar columns it needs and
/// writes one value per output (NaN during warm-up).
pub trait Streaming: Send {
    /// Consumes a closed bar.
    fn update(&mut self, bar: &Bar, out: &mut [f64]);
    /// The values the still-forming `bar` would give, without changing any state.
    fn peek(&self, bar: &Bar, out: &mut [f64]);
    /// Back to the state of a fresh instance.
    fn reset(&mut self);
}

/// The type and range of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamKind {
    Integer {
        min: i64,
        max: i64,
    },
    Real {
        min: f64,
        max: f64,
    },
    /// A moving-average type: a name (`sma`, `ema`, ...) or a TA-Lib code.
    MaType,
    /// One of a fixed set of names (e.g. a pivot method or a session anchor); the value
    /// is the index in the list, and the spec accepts the name or the index.
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamDef {
    /// TA-Lib's parameter name (`timeperiod`, `fastperiod`, ...).
    pub name: &'static str,
    pub kind: ParamKind,
    /// TA-Lib's default (an MA type's code for [`ParamKind::MaType`]).
    pub default: f64,
    pub description: &'static str,
}

/// Which convention to follow where TA-Lib and TradingView define an indicator
/// differently (seeding, defaults, flip rules). TA-Lib is the default; indicators
/// without a TradingView variant are the same in both modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Talib,
    TradingView,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Talib => "talib",
            Mode::TradingView => "tradingview",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = Error;
    fn from_str(text: &str) -> Result<Mode, Error> {
        match text.trim().to_ascii_lowercase().as_str() {
            "talib" | "ta-lib" | "" => Ok(Mode::Talib),
            "tradingview" | "tv" => Ok(Mode::TradingView),
            _ => Err(Error::UnknownMode { mode: text.to_string() }),
        }
    }
}

/// TradingView's definition of an indicator whose TA-Lib definition differs. Same
/// parameter names and order as the TA-Lib entry, TradingView's defaults (VWAP, which
/// TA-Lib runs from the first bar with no parameters, takes TradingView's session
/// parameters instead).
pub struct Variant {
    pub params: &'static [ParamDef],
    /// What differs from TA-Lib, in a sentence or two (shown by `sigil list`).
    pub note: &'static str,
    /// The columns this variant reads, where they differ from the TA-Lib entry's
    /// (TradingView's VWAP also reads `time` to find its sessions).
    pub inputs: Option<&'static [Input]>,
    pub(crate) lookback: fn(&[f64]) -> usize,
    /// The dedicated kernel; `None` computes batch through `stream` (see `run_batch`).
    pub(crate) batch: Option<BatchFn>,
    pub(crate) stream: StreamFn,
}

impl std::fmt::Debug for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Variant").field("note", &self.note).finish_non_exhaustive()
    }
}

/// The TradingView variant of the indicator called `name`, if it has one.
pub fn tradingview_variant(name: &str) -> Option<&'static Variant> {
    indicators::TRADINGVIEW.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, v)| v)
}

/// Whole-series computation from validated parameters: one column per input in, one
/// per output out.
pub(crate) type BatchFn = fn(&[f64], &[&[f64]]) -> Result<Vec<Vec<f64>>, Error>;
/// A fresh streaming instance from validated parameters.
pub(crate) type StreamFn = fn(&[f64]) -> Result<Box<dyn Streaming>, Error>;

/// Whole-series computation through the dedicated kernel where the build has one, else
/// through a fresh streaming instance run over every bar: the same numbers (streaming
/// equals batch within 1e-12, a tested property), at streaming's speed plus one dynamic
/// call per bar.
pub(crate) fn run_batch(
    batch: Option<BatchFn>,
    stream: StreamFn,
    inputs: &[Input],
    outputs: usize,
    params: &[f64],
    columns: &[&[f64]],
) -> Result<Vec<Vec<f64>>, Error> {
    match batch {
        Some(kernel) => kernel(params, columns),
        None => Ok(indicators::run_bars_on(stream(params)?.as_mut(), inputs, columns, outputs)),
    }
}

impl ParamDef {
    /// A value of this parameter as the spec grammar writes it: names for MA types and
    /// choices, numbers otherwise.
    pub fn format_value(&self, value: f64) -> String {
        match self.kind {
            ParamKind::MaType => {
                crate::spec::MA_TYPES.iter().find(|(code, _)| f64::from(*code) == value).map_or("?", |(_, n)| n).to_string()
            }
            ParamKind::Choice(names) => names.get(value as usize).copied().unwrap_or("?").to_string(),
            ParamKind::Integer { .. } | ParamKind::Real { .. } => Decimal(value).to_string(),
        }
    }
}

/// Everything a binding needs to know about one indicator.
pub struct IndicatorDef {
    /// TA-Lib's function name in lowercase.
    pub name: &'static str,
    pub title: &'static str,
    /// TA-Lib's function group.
    pub group: &'static str,
    /// The columns read, in TA-Lib's abstract-API order.
    pub inputs: &'static [Input],
    /// In TA-Lib's order.
    pub params: &'static [ParamDef],
    /// TA-Lib's output names, in TA-Lib's order.
    pub outputs: &'static [&'static str],
    /// Drawn over the price (true) or in a pane of its own.
    pub overlay: bool,
    /// Leading NaN bars for valid parameters.
    pub(crate) lookback: fn(&[f64]) -> usize,
    /// Whole-series computation: one column per input in, one per output out. `None`
    /// where the build leaves the kernel out (feature `compact`): see `run_batch`.
    pub(crate) batch: Option<BatchFn>,
    pub(crate) stream: StreamFn,
}

impl std::fmt::Debug for IndicatorDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndicatorDef").field("name", &self.name).finish_non_exhaustive()
    }
}

/// All registered indicators, alphabetical.
pub fn all() -> &'static [&'static IndicatorDef] {
    registered()
}

/// The indicator called `name` (case-insensitive).
pub fn find(name: &str) -> Option<&'static IndicatorDef> {
    registered().iter().copied().find(|d| d.name.eq_ignore_ascii_case(name))
}

/// The registered name closest to a misspelt one, if any is close.
pub fn suggest(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    registered()
        .iter()
        .map(|d| (edit_distance(&name, d.name), d.name))
        .filter(|&(distance, candidate)| distance <= 2.max(candidate.len() / 3))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The registry as JSON, for `sigil list --json`, the npm package and the worker:
/// `[{"name","title","group","inputs","params":[...],"outputs","overlay","lookback"}]`,
/// `lookback` being the one at the default parameters.
pub fn metadata_json() -> String {
    let entries: Vec<String> = registered().iter().map(|d| def_json(d)).collect();
    format!("[{}]", entries.join(","))
}

fn def_json(def: &IndicatorDef) -> String {
    let strings = |items: &mut dyn Iterator<Item = &str>| items.map(json_string).collect::<Vec<_>>().join(",");
    let params: Vec<String> = def.params.iter().map(param_json).collect();
    let defaults: Vec<f64> = def.params.iter().map(|p| p.default).collect();
    let tradingview = match tradingview_variant(def.name) {
        Some(variant) => {
            let params: Vec<String> = variant.params.iter().map(param_json).collect();
            let inputs = variant.inputs.unwrap_or(def.inputs);
            format!(
                r#"{{"note":{},"inputs":[{}],"params":[{}]}}"#,
                json_string(variant.note),
                strings(&mut inputs.iter().map(|i| i.name())),
                params.join(",")
            )
        }
        None => "null".to_string(),
    };
    format!(
        r#"{{"name":{},"title":{},"group":{},"inputs":[{}],"params":[{}],"outputs":[{}],"overlay":{},"lookback":{},"tradingview":{}}}"#,
        json_string(def.name),
        json_string(def.title),
        json_string(def.group),
        strings(&mut def.inputs.iter().map(|i| i.name())),
        params.join(","),
        strings(&mut def.outputs.iter().copied()),
        def.overlay,
        (def.lookback)(&defaults),
        tradingview,
    )
}

fn param_json(param: &ParamDef) -> String {
    let head = format!(r#"{{"name":{},"description":{}"#, json_string(param.name), json_string(param.description));
    match param.kind {
        ParamKind::Integer { min, max } => {
            format!(r#"{head},"type":"integer","default":{},"min":{min},"max":{max}}}"#, Decimal(param.default))
        }
        ParamKind::Real { min, max } => {
            format!(r#"{head},"type":"real","default":{},"min":{},"max":{}}}"#, Decimal(param.default), Decimal(min), Decimal(max))
        }
        ParamKind::Choice(names) => {
            let values: Vec<String> = names.iter().map(|n| json_string(n)).collect();
            let default = names.get(param.default as usize).copied().unwrap_or_default();
            format!(r#"{head},"type":"choice","default":{},"values":[{}]}}"#, json_string(default), values.join(","))
        }
        ParamKind::MaType => {
            let names: Vec<String> = crate::spec::MA_TYPES.iter().map(|(_, n)| json_string(n)).collect();
            let default = crate::spec::MA_TYPES.iter().find(|(c, _)| f64::from(*c) == param.default).map_or("sma", |(_, n)| n);
            format!(r#"{head},"type":"matype","default":{},"values":[{}]}}"#, json_string(default), names.join(","))
        }
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every registered indicator, alphabetical by name. Each entry lives in its
/// indicator's file; each family module lists its own (`indicators::*::DEFS`).
fn registered() -> &'static [&'static IndicatorDef] {
    static SORTED: OnceLock<Vec<&'static IndicatorDef>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut defs: Vec<&'static IndicatorDef> = indicators::FAMILIES.iter().flat_map(|family| family.iter().copied()).collect();
        // Insertion sort, once over ~150 entries: the standard library's sort would add
        // about 5 KB to the wasm module for this one call.
        for i in 1..defs.len() {
            let mut j = i;
            while j > 0 && defs[j - 1].name > defs[j].name {
                defs.swap(j - 1, j);
                j -= 1;
            }
        }
        defs
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_compact_builds_leave_out_kernels_and_never_the_headline_ones() {
        // The headline indicators, every MA type, and the windowed extremes on the shared
        // block scan (see `kernel!` in lib.rs).
        const KEPT: &[&str] = &[
            "atr", "bbands", "dema", "donchian", "ema", "hma", "kama", "ma", "macd", "mama", "max", "midpoint", "midprice", "min",
            "minmax", "rma", "rsi", "sma", "stoch", "t3", "tema", "trima", "willr", "wma", "zlema",
        ];
        for def in all() {
            let kept = KEPT.contains(&def.name) || !cfg!(feature = "compact");
            assert_eq!(def.batch.is_some(), kept, "{}", def.name);
        }
    }

    #[test]
    fn names_are_lowercase_sorted_and_unique() {
        let names: Vec<&str> = all().iter().map(|d| d.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "a name is registered twice");
        assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')));
    }

    #[test]
    fn metadata_json_describes_every_indicator() {
        let json = metadata_json();
        assert!(json.starts_with("[{") && json.ends_with("}]"));
        assert_eq!(json.matches(r#""overlay":"#).count(), all().len());
        assert!(json.contains(r#""name":"rsi","title":"Relative Strength Index""#));
        assert!(json.contains(r#""type":"integer","default":14,"min":2,"max":100000}"#));
        assert!(json.contains(r#""overlay":false,"lookback":14,"tradingview":"#));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("rsl"), Some("rsi"));
        assert_eq!(suggest("EMAA"), Some("ema"));
        assert_eq!(suggest("bollinger"), None);
    }
}
