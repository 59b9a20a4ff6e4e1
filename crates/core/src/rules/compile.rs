//! Syntax tree to evaluation nodes: resolves names (price fields, built-ins, registry
//! indicators), checks types (number vs condition), validates parameters with the
//! registry's own rules, instantiates each indicator once and shares identical
//! sub-expressions (`ema(close,12)` written twice is computed once).

use std::collections::HashMap;
use std::ops::Range;

use super::error::{RuleError, RuleErrorKind};
use super::eval::{Arith, Compare, Field, History, IndicatorNode, Node, Op, FALSE, TRUE};
use super::parser::{Arg, BinaryOp, Expr, ExprKind};
use super::ValueKind;
use crate::bar::Input;
use crate::registry::{self, IndicatorDef, Mode, ParamDef, ParamKind};

/// Longest window of `prev`, `rising`, `falling`, `highest` and `lowest`.
pub const MAX_WINDOW: usize = 100_000;
/// Most indicator instances and stateful built-ins in one rule (after sharing).
pub const MAX_STATEFUL: usize = 256;
/// Most bars all windows of a rule may add up to (indicators' integer parameters and
/// built-ins' bar counts), since indicators allocate their windows up front: this keeps
/// a rule from a user under a few tens of MB.
pub const MAX_TOTAL_WINDOW: usize = 1_000_000;

pub(crate) struct Program {
    pub nodes: Vec<Node>,
    pub slot_count: usize,
    pub result: usize,
    pub kind: ValueKind,
    pub lookback: usize,
}

pub(crate) fn compile(source: &str, mode: Mode, expr: &Expr<'_>) -> Result<Program, RuleError> {
    let mut compiler = Compiler { source, mode, nodes: Vec::new(), slot_count: 0, shared: HashMap::new(), stateful: 0, total_window: 0 };
    let top = compiler.lower(expr)?;
    Ok(Program { nodes: compiler.nodes, slot_count: compiler.slot_count, result: top.slot, kind: top.kind, lookback: top.lookback })
}

#[derive(Debug, Clone, Copy)]
struct Lowered {
    slot: usize,
    kind: ValueKind,
    lookback: usize,
    /// Set on an indicator call, whose outputs `.name` can select.
    indicator: Option<&'static IndicatorDef>,
}

#[derive(Debug, Clone, Copy)]
enum Builtin {
    Prev,
    BarsSince,
    Cross { up: bool },
    Trend { up: bool },
    Extreme { max: bool },
}

const BUILTINS: &[(&str, Builtin, &str)] = &[
    ("prev", Builtin::Prev, "prev(x, n)"),
    ("bars_since", Builtin::BarsSince, "bars_since(condition)"),
    ("crossover", Builtin::Cross { up: true }, "crossover(a, b)"),
    ("crossunder", Builtin::Cross { up: false }, "crossunder(a, b)"),
    ("rising", Builtin::Trend { up: true }, "rising(x, n)"),
    ("falling", Builtin::Trend { up: false }, "falling(x, n)"),
    ("highest", Builtin::Extreme { max: true }, "highest(x, n)"),
    ("lowest", Builtin::Extreme { max: false }, "lowest(x, n)"),
];

/// The built-in functions' names, which take precedence over registry names.
#[cfg(test)]
pub(crate) fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(name, _, _)| *name)
}

struct Compiler<'s> {
    source: &'s str,
    mode: Mode,
    nodes: Vec<Node>,
    slot_count: usize,
    /// Canonical key (operation and operand slots) of every node emitted so far.
    shared: HashMap<String, Lowered>,
    stateful: usize,
    total_window: usize,
}

fn describe(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Number => "a number",
        ValueKind::Bool => "a condition (true/false)",
    }
}

impl<'s> Compiler<'s> {
    fn error(&self, kind: RuleErrorKind, message: String, span: Range<usize>) -> RuleError {
        RuleError::new(kind, message, self.source, span)
    }

    /// The source of `expr`, shortened for messages.
    fn text(&self, expr: &Expr<'_>) -> String {
        let text = self.source.get(expr.span.clone()).unwrap_or_default();
        if text.chars().count() > 40 {
            format!("{}...", text.chars().take(37).collect::<String>())
        } else {
            text.to_string()
        }
    }

    fn expect(&self, lowered: Lowered, want: ValueKind, expr: &Expr<'_>, role: &str) -> Result<usize, RuleError> {
        if lowered.kind == want {
            return Ok(lowered.slot);
        }
        let message = format!("{role} needs {}, but `{}` is {}", describe(want), self.text(expr), describe(lowered.kind));
        Err(self.error(RuleErrorKind::Type, message, expr.span.clone()))
    }

    /// The node for `key` if an identical one exists, else `make()` emitted as a new
    /// node of `width` slots.
    fn emit(
        &mut self,
        key: String,
        width: usize,
        kind: ValueKind,
        lookback: usize,
        indicator: Option<&'static IndicatorDef>,
        make: impl FnOnce() -> Result<Op, RuleError>,
    ) -> Result<Lowered, RuleError> {
        if let Some(&existing) = self.shared.get(&key) {
            return Ok(existing);
        }
        let op = make()?;
        let lowered = Lowered { slot: self.slot_count, kind, lookback, indicator };
        self.nodes.push(Node { op, out: self.slot_count });
        self.slot_count += width.max(1);
        self.shared.insert(key, lowered);
        Ok(lowered)
    }

    /// Counts one more stateful node holding `window` bars against the limits.
    fn count_stateful(&mut self, window: usize, span: Range<usize>) -> Result<(), RuleError> {
        self.stateful += 1;
        if self.stateful > MAX_STATEFUL {
            let message = format!("more than {MAX_STATEFUL} indicator and window calls in one rule");
            return Err(self.error(RuleErrorKind::Limit, message, span));
        }
        self.total_window = self.total_window.saturating_add(window);
        if self.total_window > MAX_TOTAL_WINDOW {
            let message = format!("the rule's windows add up to more than {MAX_TOTAL_WINDOW} bars");
            return Err(self.error(RuleErrorKind::Limit, message, span));
        }
        Ok(())
    }

    fn lower(&mut self, expr: &Expr<'_>) -> Result<Lowered, RuleError> {
        match &expr.kind {
            ExprKind::Number(value) => self.constant(*value, ValueKind::Number),
            ExprKind::Name(name) => self.name(name, expr),
            ExprKind::Neg(operand) => {
                let x = self.lower(operand)?;
                let slot = self.expect(x, ValueKind::Number, operand, "unary `-`")?;
                self.emit(format!("neg {slot}"), 1, ValueKind::Number, x.lookback, None, || Ok(Op::Neg(slot)))
            }
            ExprKind::Not(operand) => {
                let x = self.lower(operand)?;
                let slot = self.expect(x, ValueKind::Bool, operand, "`not`")?;
                self.emit(format!("not {slot}"), 1, ValueKind::Bool, x.lookback, None, || Ok(Op::Not(slot)))
            }
            ExprKind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs),
            ExprKind::Call { name, name_span, args } => self.call(name, name_span.clone(), expr.span.clone(), args),
            ExprKind::Output { target, name, name_span } => self.output(target, name, name_span.clone()),
        }
    }

    fn constant(&mut self, value: f64, kind: ValueKind) -> Result<Lowered, RuleError> {
        self.emit(format!("const {:x} {kind:?}", value.to_bits()), 1, kind, 0, None, || Ok(Op::Const(value)))
    }

    fn name(&mut self, name: &str, expr: &Expr<'_>) -> Result<Lowered, RuleError> {
        if let Some(field) = Field::find(name) {
            return self.emit(format!("field {field:?}"), 1, ValueKind::Number, 0, None, || Ok(Op::Field(field)));
        }
        if name.eq_ignore_ascii_case("true") || name.eq_ignore_ascii_case("false") {
            let value = if name.eq_ignore_ascii_case("true") { TRUE } else { FALSE };
            return self.constant(value, ValueKind::Bool);
        }
        if let Some((_, _, signature)) = BUILTINS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) {
            let message = format!("`{name}` is a function: {signature}");
            return Err(self.error(RuleErrorKind::Arguments, message, expr.span.clone()));
        }
        if let Some(def) = registry::find(name) {
            // An indicator that reads the bar's columns may be written without parentheses (`obv`).
            return self.indicator(def, expr.span.clone(), &[]);
        }
        let fields: Vec<&str> = Field::ALL.iter().map(|(n, _)| *n).collect();
        let message = format!("unknown name `{name}`; expected a number, a price field ({}) or a function call", fields.join(", "));
        Err(self.error(RuleErrorKind::UnknownName, message, expr.span.clone()))
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr<'_>, rhs: &Expr<'_>) -> Result<Lowered, RuleError> {
        let (a, b) = (self.lower(lhs)?, self.lower(rhs)?);
        let lookback = a.lookback.max(b.lookback);
        let symbol = op.symbol();
        let (operands, result) = match op {
            BinaryOp::And | BinaryOp::Or => (ValueKind::Bool, ValueKind::Bool),
            // `==` and `!=` also compare two conditions; the other comparisons only numbers.
            BinaryOp::Eq | BinaryOp::Ne if a.kind == ValueKind::Bool => (ValueKind::Bool, ValueKind::Bool),
            op if op.is_comparison() => (ValueKind::Number, ValueKind::Bool),
            _ => (ValueKind::Number, ValueKind::Number),
        };
        let role = format!("`{symbol}`");
        let a = self.expect(a, operands, lhs, &role)?;
        let b = self.expect(b, operands, rhs, &role)?;
        let node = match op {
            BinaryOp::Add => Op::Arith(Arith::Add, a, b),
            BinaryOp::Sub => Op::Arith(Arith::Sub, a, b),
            BinaryOp::Mul => Op::Arith(Arith::Mul, a, b),
            BinaryOp::Div => Op::Arith(Arith::Div, a, b),
            BinaryOp::Lt => Op::Compare(Compare::Lt, a, b),
            BinaryOp::Le => Op::Compare(Compare::Le, a, b),
            BinaryOp::Gt => Op::Compare(Compare::Gt, a, b),
            BinaryOp::Ge => Op::Compare(Compare::Ge, a, b),
            BinaryOp::Eq => Op::Compare(Compare::Eq, a, b),
            BinaryOp::Ne => Op::Compare(Compare::Ne, a, b),
            BinaryOp::And => Op::And(a, b),
            BinaryOp::Or => Op::Or(a, b),
        };
        self.emit(format!("{symbol} {a} {b}"), 1, result, lookback, None, || Ok(node))
    }

    fn call(&mut self, name: &str, name_span: Range<usize>, span: Range<usize>, args: &[Arg<'_>]) -> Result<Lowered, RuleError> {
        if let Some(&(builtin_name, builtin, signature)) = BUILTINS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) {
            return self.builtin(builtin_name, builtin, signature, span, args);
        }
        match registry::find(name) {
            Some(def) => self.indicator(def, span, args),
            None => {
                let hint = registry::suggest(name).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                Err(self.error(RuleErrorKind::UnknownName, format!("unknown indicator `{name}`{hint}"), name_span))
            }
        }
    }

    fn builtin(
        &mut self,
        name: &str,
        builtin: Builtin,
        signature: &str,
        span: Range<usize>,
        args: &[Arg<'_>],
    ) -> Result<Lowered, RuleError> {
        if let Some((_, arg_span)) = args.iter().find_map(|a| a.name.clone()) {
            let message = format!("`{name}` takes positional arguments only: {signature}");
            return Err(self.error(RuleErrorKind::Arguments, message, arg_span));
        }
        let wanted = match builtin {
            Builtin::BarsSince => 1,
            _ => 2,
        };
        if args.len() != wanted {
            let message =
                format!("`{name}` takes {wanted} argument{}, {} given: {signature}", if wanted == 1 { "" } else { "s" }, args.len());
            let span = args.get(wanted).map_or(span, |a| a.value.span.clone());
            return Err(self.error(RuleErrorKind::Arguments, message, span));
        }
        let first = &args[0].value;
        let role = format!("argument 1 of `{name}`");
        match builtin {
            Builtin::Prev => {
                let x = self.lower(first)?;
                let n = self.window(name, &args[1].value, 0)?;
                self.count_stateful(n, span.clone())?;
                let key = format!("prev {} {n}", x.slot);
                self.emit(key, 1, x.kind, x.lookback + n, None, || Ok(Op::Prev { source: x.slot, history: History::new(n) }))
            }
            Builtin::BarsSince => {
                let lowered = self.lower(first)?;
                let condition = self.expect(lowered, ValueKind::Bool, first, &role)?;
                self.count_stateful(1, span.clone())?;
                let node = Op::BarsSince { condition, last: f64::NAN };
                self.emit(format!("bars_since {condition}"), 1, ValueKind::Number, lowered.lookback, None, || Ok(node))
            }
            Builtin::Cross { up } => {
                let (second, lhs) = (&args[1].value, self.lower(first)?);
                let rhs = self.lower(second)?;
                let a = self.expect(lhs, ValueKind::Number, first, &role)?;
                let b = self.expect(rhs, ValueKind::Number, second, &format!("argument 2 of `{name}`"))?;
                self.count_stateful(1, span.clone())?;
                let lookback = lhs.lookback.max(rhs.lookback) + 1;
                let node = Op::Cross { a, b, up, previous: (f64::NAN, f64::NAN) };
                self.emit(format!("cross {up} {a} {b}"), 1, ValueKind::Bool, lookback, None, || Ok(node))
            }
            Builtin::Trend { up } => {
                let x = self.lower(first)?;
                let source = self.expect(x, ValueKind::Number, first, &role)?;
                let n = self.window(name, &args[1].value, 1)?;
                self.count_stateful(n, span.clone())?;
                let node = Op::Trend { source, up, history: History::new(n) };
                self.emit(format!("trend {up} {source} {n}"), 1, ValueKind::Bool, x.lookback + n, None, || Ok(node))
            }
            Builtin::Extreme { max } => {
                let x = self.lower(first)?;
                let source = self.expect(x, ValueKind::Number, first, &role)?;
                let n = self.window(name, &args[1].value, 1)?;
                self.count_stateful(n, span.clone())?;
                let node = Op::Extreme { source, max, history: History::new(n - 1) };
                self.emit(format!("extreme {max} {source} {n}"), 1, ValueKind::Number, x.lookback + n - 1, None, || Ok(node))
            }
        }
    }

    /// A window length: an integer literal in `min..=MAX_WINDOW`.
    fn window(&self, function: &str, expr: &Expr<'_>, min: usize) -> Result<usize, RuleError> {
        let text = self.source.get(expr.span.clone()).unwrap_or_default();
        let value = match expr.kind {
            ExprKind::Number(_) => text.parse::<usize>().ok(),
            _ => None,
        };
        value.filter(|n| (min..=MAX_WINDOW).contains(n)).ok_or_else(|| {
            let message =
                format!("`{function}`: the bar count `{}` is invalid; expected an integer in {min}..={MAX_WINDOW}", self.text(expr));
            self.error(RuleErrorKind::Parameter, message, expr.span.clone())
        })
    }

    fn indicator(&mut self, def: &'static IndicatorDef, span: Range<usize>, args: &[Arg<'_>]) -> Result<Lowered, RuleError> {
        let variant = match self.mode {
            Mode::TradingView => registry::tradingview_variant(def.name),
            Mode::Talib => None,
        };
        let param_defs = variant.map_or(def.params, |v| v.params);
        if def.inputs.contains(&Input::Periods) {
            // A rule's bars are candles; no expression can stand in for a per-bar
            // period column, so MAVP would silently run at its minimum period.
            let message = format!("`{}` reads a per-bar periods column, which rules do not have; use `ma` with a fixed period", def.name);
            return Err(self.error(RuleErrorKind::Arguments, message, span));
        }
        let series_input = match def.inputs {
            [input] if *input != Input::Time => Some(*input),
            _ => None,
        };
        let param_names: Vec<&str> = param_defs.iter().map(|p| p.name).collect();
        let signature = match series_input {
            Some(_) => {
                format!("{}({})", def.name, std::iter::once("[series]").chain(param_names.iter().copied()).collect::<Vec<_>>().join(", "))
            }
            None => format!("{}({})", def.name, param_names.join(", ")),
        };

        if let Some(pair) = args.windows(2).find(|pair| pair[0].name.is_some() && pair[1].name.is_none()) {
            let message = format!("a positional argument after a named one in `{}`", def.name);
            return Err(self.error(RuleErrorKind::Arguments, message, pair[1].value.span.clone()));
        }
        let positional: Vec<&Expr<'_>> = args.iter().filter(|a| a.name.is_none()).map(|a| &a.value).collect();

        let (feed, input_lookback, param_args) = match series_input {
            // Without a series (no positional argument, or a number first) the indicator
            // reads its own column from the bar, as in the spec grammar: `rsi(14)` is `rsi:14`.
            Some(input) => match positional.first().filter(|e| !is_number(e)) {
                Some(series) => {
                    let lowered = self.lower(series)?;
                    let slot = self.expect(lowered, ValueKind::Number, series, &format!("the series of `{}`", def.name))?;
                    (Some((input, slot)), lowered.lookback, positional.get(1..).unwrap_or_default())
                }
                None => (None, 0, positional.as_slice()),
            },
            None => {
                if let Some(series) = positional.first().filter(|e| !is_constant(e)) {
                    let columns: Vec<&str> = def.inputs.iter().map(|i| i.name()).collect();
                    let message =
                        format!("`{}` reads {} from each bar and takes only parameters: {signature}", def.name, columns.join(", "));
                    return Err(self.error(RuleErrorKind::Arguments, message, series.span.clone()));
                }
                (None, 0, positional.as_slice())
            }
        };

        if param_args.len() > param_defs.len() {
            let message = format!(
                "`{}` takes at most {} argument{}: {signature}",
                def.name,
                signature_len(&signature),
                plural(signature_len(&signature))
            );
            let extra = param_args.get(param_defs.len()).map_or(span.clone(), |e| e.span.clone());
            return Err(self.error(RuleErrorKind::Arguments, message, extra));
        }
        let mut given: Vec<Option<&Expr<'_>>> = vec![None; param_defs.len()];
        for (slot, expr) in given.iter_mut().zip(param_args) {
            *slot = Some(expr);
        }
        for arg in args {
            let Some((arg_name, arg_span)) = &arg.name else { continue };
            let Some(index) = param_defs.iter().position(|p| p.name.eq_ignore_ascii_case(arg_name)) else {
                let message = format!("`{}` has no parameter `{arg_name}`; its parameters: {}", def.name, param_names.join(", "));
                return Err(self.error(RuleErrorKind::Arguments, message, arg_span.clone()));
            };
            match given.get_mut(index) {
                Some(Some(_)) => {
                    let message = format!("parameter `{}` of `{}` is given twice", param_names.get(index).unwrap_or(&""), def.name);
                    return Err(self.error(RuleErrorKind::Arguments, message, arg_span.clone()));
                }
                Some(slot) => *slot = Some(&arg.value),
                None => {}
            }
        }
        let params = param_defs
            .iter()
            .zip(&given)
            .map(|(param, expr)| match expr {
                Some(expr) => self.parameter(def.name, param, expr),
                None => Ok(param.default),
            })
            .collect::<Result<Vec<f64>, RuleError>>()?;

        let lookback = input_lookback + variant.map_or(def.lookback, |v| v.lookback)(&params);
        let outputs = def.outputs.len();
        // Parameters by their bits: exact, and without linking float formatting.
        let param_bits: Vec<u64> = params.iter().map(|p| p.to_bits()).collect();
        let key = format!("indicator {} {:?} {param_bits:x?} {feed:?}", def.name, variant.is_some());
        if !self.shared.contains_key(&key) {
            let window = param_defs
                .iter()
                .zip(&params)
                .filter(|(p, _)| matches!(p.kind, ParamKind::Integer { .. }))
                .fold(1usize, |sum, (_, &v)| sum.saturating_add(v.max(0.0) as usize));
            self.count_stateful(window, span.clone())?;
        }
        let source = self.source;
        self.emit(key, outputs, ValueKind::Number, lookback, Some(def), || {
            let inner = variant.map_or(def.stream, |v| v.stream)(&params)
                .map_err(|e| RuleError::new(RuleErrorKind::Parameter, e.to_string(), source, span.clone()))?;
            Ok(Op::Indicator(IndicatorNode { inner, feed, outputs }))
        })
    }

    /// A parameter value, validated by the registry's own rules and messages.
    fn parameter(&self, indicator: &'static str, param: &ParamDef, expr: &Expr<'_>) -> Result<f64, RuleError> {
        let text = match &expr.kind {
            ExprKind::Number(_) => self.source.get(expr.span.clone()).unwrap_or_default().to_string(),
            ExprKind::Neg(inner) if matches!(inner.kind, ExprKind::Number(_)) => {
                format!("-{}", self.source.get(inner.span.clone()).unwrap_or_default())
            }
            ExprKind::Name(name) if Field::find(name).is_none() => name.to_string(),
            _ => {
                let what = match param.kind {
                    ParamKind::MaType => "an MA type name such as `ema`",
                    ParamKind::Choice(_) => "one of its names",
                    ParamKind::Integer { .. } | ParamKind::Real { .. } => "a number",
                };
                let message = format!("parameter `{}` of `{indicator}` must be a constant ({what}), not `{}`", param.name, self.text(expr));
                return Err(self.error(RuleErrorKind::Parameter, message, expr.span.clone()));
            }
        };
        crate::spec::parse_arg(indicator, param.name, param.kind, &text)
            .map_err(|e| self.error(RuleErrorKind::Parameter, e.to_string(), expr.span.clone()))
    }

    fn output(&mut self, target: &Expr<'_>, name: &str, name_span: Range<usize>) -> Result<Lowered, RuleError> {
        let lowered = self.lower(target)?;
        let Some(def) = lowered.indicator else {
            let message = format!("`.{name}` selects an output of an indicator, but `{}` is not an indicator call", self.text(target));
            return Err(self.error(RuleErrorKind::UnknownOutput, message, name_span));
        };
        let index = output_index(def.outputs, name).map_err(|reason| {
            let message = format!("`{}` has {reason} output `{name}`; its outputs: {}", def.name, def.outputs.join(", "));
            self.error(RuleErrorKind::UnknownOutput, message, name_span)
        })?;
        Ok(Lowered { slot: lowered.slot + index, kind: ValueKind::Number, lookback: lowered.lookback, indicator: None })
    }
}

/// The output called `name`, or the only one that starts or ends with it (`hist` for
/// `macdhist`, `upper` for `upperband`); Err says why not ("no" or "an ambiguous").
fn output_index(outputs: &[&str], name: &str) -> Result<usize, &'static str> {
    if let Some(i) = outputs.iter().position(|o| o.eq_ignore_ascii_case(name)) {
        return Ok(i);
    }
    let name = name.to_ascii_lowercase();
    let matching: Vec<usize> =
        outputs.iter().enumerate().filter(|(_, o)| o.starts_with(&name) || o.ends_with(&name)).map(|(i, _)| i).collect();
    match matching.as_slice() {
        [only] => Ok(*only),
        [] => Err("no"),
        _ => Err("an ambiguous"),
    }
}

/// A number literal, possibly negated.
fn is_number(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::Number(_) => true,
        ExprKind::Neg(inner) => matches!(inner.kind, ExprKind::Number(_)),
        _ => false,
    }
}

/// Written as a parameter value rather than a series: a number, `-number` or a bare
/// name that is not a price field.
fn is_constant(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::Name(name) => Field::find(name).is_none(),
        _ => is_number(expr),
    }
}

/// The argument count of a `name(a, b, c)` signature.
fn signature_len(signature: &str) -> usize {
    let inner = signature.split_once('(').map_or("", |(_, rest)| rest.trim_end_matches(')'));
    if inner.is_empty() {
        0
    } else {
        inner.split(',').count()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_and_aliases() {
        let macd = ["macd", "macdsignal", "macdhist"];
        assert_eq!(output_index(&macd, "macdhist"), Ok(2));
        assert_eq!(output_index(&macd, "hist"), Ok(2));
        assert_eq!(output_index(&macd, "SIGNAL"), Ok(1));
        assert_eq!(output_index(&macd, "macd"), Ok(0));
        assert_eq!(output_index(&macd, "foo"), Err("no"));
        assert_eq!(output_index(&["upperband", "middleband", "lowerband"], "band"), Err("an ambiguous"));
        assert_eq!(output_index(&["upperband", "middleband", "lowerband"], "lower"), Ok(2));
    }

    #[test]
    fn builtins_do_not_shadow_registry_names() {
        for name in builtin_names() {
            assert!(registry::find(name).is_none(), "`{name}` is both a built-in and a registry indicator");
        }
        for (name, _) in Field::ALL {
            assert!(registry::find(name).is_none(), "`{name}` is both a price field and a registry indicator");
        }
    }
}
