//! The spec grammar shared by every binding: `name[:arg[:arg...]]`, lists joined by
//! commas. Names are TA-Lib function names in lowercase, arguments follow TA-Lib's
//! parameter order, omitted trailing arguments take TA-Lib's defaults, and MA types
//! are given by name (`sma`, `ema`, ...) or TA-Lib code.

use std::fmt;

use crate::bar::{Bar, Input, Series};
use crate::error::Error;
use crate::registry::{self, IndicatorDef, Mode, ParamKind, Streaming, Variant};
use crate::Decimal;

/// TA-Lib 0.8.1 MA-type codes and the names the grammar accepts for them. Codes 10
/// and 11 are not averages in TA-Lib (pass-through and "the parameter's default")
/// and are not accepted.
pub const MA_TYPES: &[(u8, &str)] = &[
    (0, "sma"),
    (1, "ema"),
    (2, "wma"),
    (3, "dema"),
    (4, "tema"),
    (5, "trima"),
    (6, "kama"),
    (7, "mama"),
    (8, "t3"),
    (9, "hma"),
    (12, "zlema"),
    (13, "rma"),
];

/// A parsed, validated indicator spec: the indicator and every parameter value
/// (defaults filled in).
///
/// ```
/// use sigil_core::Spec;
/// let spec = Spec::parse("rsi").unwrap();
/// assert_eq!(spec.to_string(), "rsi:14"); // TA-Lib's default period
/// assert!(Spec::parse("rsi:1").unwrap_err().to_string().contains("2..=100000"));
/// ```
#[derive(Debug, Clone)]
pub struct Spec {
    def: &'static IndicatorDef,
    /// The TradingView definition, when asked for and different from TA-Lib's.
    variant: Option<&'static Variant>,
    params: Vec<f64>,
}

impl Spec {
    /// Parses one spec such as `ema:20` (TA-Lib definitions).
    pub fn parse(text: &str) -> Result<Spec, Error> {
        Spec::parse_in(text, Mode::Talib)
    }

    /// Parses one spec in a mode: in [`Mode::TradingView`], indicators TradingView
    /// defines differently use its definition and defaults.
    pub fn parse_in(text: &str, mode: Mode) -> Result<Spec, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::EmptySpec);
        }
        let mut parts = text.split(':');
        let name = parts.next().unwrap_or_default().trim();
        let def =
            registry::find(name).ok_or_else(|| Error::UnknownIndicator { name: name.to_string(), suggestion: registry::suggest(name) })?;
        let variant = match mode {
            Mode::TradingView => registry::tradingview_variant(def.name),
            Mode::Talib => None,
        };
        let param_defs = variant.map_or(def.params, |v| v.params);
        let args: Vec<&str> = parts.map(str::trim).collect();
        if args.len() > param_defs.len() {
            return Err(Error::TooManyArguments { indicator: def.name, given: args.len(), max: param_defs.len() });
        }
        let params = param_defs
            .iter()
            .enumerate()
            .map(|(i, param)| match args.get(i) {
                Some(arg) => parse_arg(def.name, param.name, param.kind, arg),
                None => Ok(param.default),
            })
            .collect::<Result<Vec<f64>, Error>>()?;
        Ok(Spec { def, variant, params })
    }

    /// Parses a comma-separated list such as `rsi:14,ema:20`.
    pub fn parse_list(text: &str) -> Result<Vec<Spec>, Error> {
        Spec::parse_list_in(text, Mode::Talib)
    }

    /// [`parse_list`](Self::parse_list) in a mode.
    /// The same spec twice (after defaults: `ema,ema:30`) is a [`Error::DuplicateSpec`].
    pub fn parse_list_in(text: &str, mode: Mode) -> Result<Vec<Spec>, Error> {
        let specs = text.split(',').map(|s| Spec::parse_in(s, mode)).collect::<Result<Vec<Spec>, Error>>()?;
        distinct(&specs)?;
        Ok(specs)
    }

    /// The mode this spec computes in (TradingView only if the indicator differs there).
    pub fn mode(&self) -> Mode {
        if self.variant.is_some() {
            Mode::TradingView
        } else {
            Mode::Talib
        }
    }

    pub fn def(&self) -> &'static IndicatorDef {
        self.def
    }

    /// Every parameter value, in TA-Lib's order (MA types as their codes).
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// Leading NaN bars of the output.
    pub fn lookback(&self) -> usize {
        match self.variant {
            Some(v) => (v.lookback)(&self.params),
            None => (self.def.lookback)(&self.params),
        }
    }

    /// Output column names: `<name>` for one output, `<name>_<output>` for several.
    pub fn output_names(&self) -> Vec<String> {
        output_names_with_prefix(self, self.def.name)
    }

    /// The columns this spec reads, in order (a TradingView variant may read others
    /// than the TA-Lib entry).
    pub fn inputs(&self) -> &'static [Input] {
        self.variant.and_then(|v| v.inputs).unwrap_or(self.def.inputs)
    }

    /// Computes every output over a whole series (same length as the series,
    /// NaN for the lookback). Input shorter than the lookback gives all NaN.
    pub fn compute(&self, series: &Series) -> Result<Vec<Vec<f64>>, Error> {
        let columns = series.columns(self.def.name, self.inputs())?;
        let (batch, stream) = match self.variant {
            Some(v) => (v.batch, v.stream),
            None => (self.def.batch, self.def.stream),
        };
        crate::registry::run_batch(batch, stream, self.inputs(), self.def.outputs.len(), &self.params, &columns)
    }

    /// A fresh streaming instance.
    pub fn stream(&self) -> Result<StreamingSpec, Error> {
        let inner = match self.variant {
            Some(v) => (v.stream)(&self.params)?,
            None => (self.def.stream)(&self.params)?,
        };
        Ok(StreamingSpec { inner, outputs: self.def.outputs.len() })
    }
}

impl fmt::Display for Spec {
    /// The canonical form, every parameter written out (`ema:20`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.def.name)?;
        for (param, value) in self.variant.map_or(self.def.params, |v| v.params).iter().zip(&self.params) {
            write!(f, ":{}", param.format_value(*value))?;
        }
        Ok(())
    }
}

/// A streaming indicator made from a spec, with output buffers sized for it.
pub struct StreamingSpec {
    inner: Box<dyn Streaming>,
    outputs: usize,
}

impl StreamingSpec {
    /// Consumes a closed bar and returns one value per output.
    pub fn update(&mut self, bar: &Bar) -> Vec<f64> {
        let mut out = vec![f64::NAN; self.outputs];
        self.inner.update(bar, &mut out);
        out
    }

    /// The values the forming `bar` would give; state unchanged.
    pub fn peek(&self, bar: &Bar) -> Vec<f64> {
        let mut out = vec![f64::NAN; self.outputs];
        self.inner.peek(bar, &mut out);
        out
    }

    /// Like [`update`](Self::update) without allocating.
    pub fn update_into(&mut self, bar: &Bar, out: &mut [f64]) {
        if out.len() >= self.outputs {
            self.inner.update(bar, out);
        }
    }

    pub fn reset(&mut self) {
        self.inner.reset();
    }
}

/// Refuses a list holding the same spec twice (same indicator and parameters),
/// whose columns [`column_names`] could not tell apart. Lists assembled from several
/// parts (the CLI's repeated `--indicator`) check the whole with this.
pub fn distinct(specs: &[Spec]) -> Result<(), Error> {
    for (i, spec) in specs.iter().enumerate() {
        if specs[..i].iter().any(|earlier| earlier.to_string() == spec.to_string()) {
            return Err(Error::DuplicateSpec { spec: spec.to_string() });
        }
    }
    Ok(())
}

/// Column names for a list of specs, in order. A spec whose indicator appears more
/// than once in the list is named by its canonical spec instead (`ema:20`,
/// `ema:50`), so every name is unique.
pub fn column_names(specs: &[Spec]) -> Vec<String> {
    specs
        .iter()
        .flat_map(|spec| {
            let repeated = specs.iter().filter(|s| s.def.name == spec.def.name).count() > 1;
            if repeated {
                output_names_with_prefix(spec, &spec.to_string())
            } else {
                spec.output_names()
            }
        })
        .collect()
}

fn output_names_with_prefix(spec: &Spec, prefix: &str) -> Vec<String> {
    match spec.def.outputs {
        [_] => vec![prefix.to_string()],
        outputs => outputs.iter().map(|o| format!("{prefix}_{o}")).collect(),
    }
}

pub(crate) fn parse_arg(indicator: &'static str, parameter: &'static str, kind: ParamKind, arg: &str) -> Result<f64, Error> {
    let invalid = |expected: String| Error::InvalidParameter { indicator, parameter, value: arg.to_string(), expected };
    match kind {
        ParamKind::Integer { min, max } => {
            let expected = || format!("an integer in {min}..={max}");
            let value: i64 = arg.parse().map_err(|_| invalid(expected()))?;
            if (min..=max).contains(&value) {
                Ok(value as f64)
            } else {
                Err(invalid(expected()))
            }
        }
        ParamKind::Real { min, max } => {
            let expected = || format!("a number in {}..={}", Decimal(min), Decimal(max));
            let value: f64 = arg.parse().map_err(|_| invalid(expected()))?;
            if value.is_finite() && (min..=max).contains(&value) {
                Ok(value)
            } else {
                Err(invalid(expected()))
            }
        }
        ParamKind::Choice(names) => {
            let by_name = names.iter().position(|n| n.eq_ignore_ascii_case(arg));
            let by_index = arg.parse::<usize>().ok().filter(|&i| i < names.len());
            by_name.or(by_index).map(|i| i as f64).ok_or_else(|| invalid(format!("one of {}", names.join(", "))))
        }
        ParamKind::MaType => {
            let by_name = MA_TYPES.iter().find(|(_, name)| name.eq_ignore_ascii_case(arg));
            let by_code = arg.parse::<u8>().ok().and_then(|c| MA_TYPES.iter().find(|(code, _)| *code == c));
            by_name.or(by_code).map(|(code, _)| f64::from(*code)).ok_or_else(|| {
                let names: Vec<String> = MA_TYPES.iter().map(|(code, name)| format!("{name} ({code})")).collect();
                invalid(format!("an MA type: {}", names.join(", ")))
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_defaults_and_prints_canonically() {
        assert_eq!(Spec::parse("sma").unwrap().to_string(), "sma:30");
        assert_eq!(Spec::parse(" EMA:20 ").unwrap().to_string(), "ema:20");
    }

    #[test]
    fn lists_keep_order() {
        let specs = Spec::parse_list("rsi:14,ema:20").unwrap();
        assert_eq!(column_names(&specs), ["rsi", "ema"]);
    }

    #[test]
    fn repeated_indicators_get_unique_columns() {
        let specs = Spec::parse_list("ema:20,rsi,ema:50").unwrap();
        assert_eq!(column_names(&specs), ["ema:20", "rsi", "ema:50"]);
    }

    #[test]
    fn the_same_spec_twice_is_refused() {
        // `ema` takes its default period, 30: the same spec as `ema:30`.
        for list in ["ema:20,ema:20", "ema,rsi,ema:30", "macd,macd:12:26:9"] {
            let err = Spec::parse_list(list).unwrap_err();
            assert!(matches!(err, Error::DuplicateSpec { .. }), "{list}: {err:?}");
            assert!(err.to_string().contains("more than once"), "{err}");
        }
        assert_eq!(Spec::parse_list("ema:20,ema:30").unwrap().len(), 2);
        let specs = [Spec::parse("rsi:14").unwrap(), Spec::parse("rsi").unwrap()];
        assert_eq!(distinct(&specs), Err(Error::DuplicateSpec { spec: "rsi:14".to_string() }));
    }

    #[test]
    fn errors_name_the_problem() {
        let msg = |s: &str| Spec::parse_list(s).unwrap_err().to_string();
        assert!(msg("foo:3").contains("unknown indicator 'foo'"));
        assert!(msg("rsl").contains("did you mean 'rsi'"));
        assert!(msg("sma:0").contains("timeperiod") && msg("sma:0").contains("1..=100000"));
        assert!(msg("sma:2.5").contains("an integer"));
        assert!(msg("sma:20:3").contains("at most 1"));
        assert!(msg("rsi:14,").contains("empty indicator spec"));
        assert!(msg("ema:").contains("parameter timeperiod = ''"));
    }

    #[test]
    fn choices_by_name_or_index() {
        let parse = |a| parse_arg("x", "anchor", ParamKind::Choice(&["day", "week", "month"]), a);
        assert_eq!(parse("week").unwrap(), 1.0);
        assert_eq!(parse("MONTH").unwrap(), 2.0);
        assert_eq!(parse("0").unwrap(), 0.0);
        assert!(parse("3").unwrap_err().to_string().contains("one of day, week, month"));
        assert!(parse("year").is_err());
    }

    #[test]
    fn ma_types_by_name_or_code() {
        let parse = |a| parse_arg("x", "matype", ParamKind::MaType, a);
        assert_eq!(parse("ema").unwrap(), 1.0);
        assert_eq!(parse("RMA").unwrap(), 13.0);
        assert_eq!(parse("9").unwrap(), 9.0);
        assert!(parse("10").unwrap_err().to_string().contains("zlema (12)"));
        assert!(parse("foo").is_err());
    }

    #[test]
    fn short_input_is_all_nan_not_an_error() {
        let out = Spec::parse("rsi:14").unwrap().compute(&Series::from_close(&[1.0, 2.0])).unwrap();
        assert_eq!(out[0].len(), 2);
        assert!(out[0].iter().all(|v| v.is_nan()));
    }

    #[test]
    fn missing_column_is_an_error() {
        let err = Spec::parse("sma").unwrap().compute(&Series { open: &[1.0], ..Series::default() }).unwrap_err();
        assert!(err.to_string().contains("'close'"));
    }
}
