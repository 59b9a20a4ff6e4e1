//! Bindings of the rule language, the backtester and the composite score (wrapped by
//! `js/rules.js`). Same conventions as the rest of the crate: numbers and typed columns
//! cross the boundary, errors are `CODE\u{1f}message` (`INVALID_RULE` for a rule that
//! does not parse, with the caret excerpt in the message).

use sigil_core::backtest::{self, Report, Strategy};
use sigil_core::risk::{FeeModel, Side, Slippage, StopRule};
use sigil_core::rules::{Rule, RuleError, Value, ValueKind, Values};
use sigil_core::signals::{Score, ScoreConfig};
use sigil_core::Bar;
use wasm_bindgen::prelude::*;

use super::{bad_input, bar, js_error, parse_mode, CODE_SEPARATOR};

fn rule_error(context: &str, e: RuleError) -> JsError {
    JsError::new(&format!("INVALID_RULE{CODE_SEPARATOR}{context}{e}"))
}

fn parse_rule(context: &str, text: &str, mode: &str) -> Result<Rule, JsError> {
    Rule::parse_in(text, parse_mode(mode)?).map_err(|e| rule_error(context, e))
}

/// Bars from candle columns: each empty (the caller lacks it: NaN) or `rows` long.
pub(super) fn bars_of(rows: usize, columns: [&[f64]; 6]) -> Result<Vec<Bar>, JsError> {
    const NAMES: [&str; 6] = ["time", "open", "high", "low", "close", "volume"];
    for (name, column) in NAMES.iter().zip(&columns) {
        if !column.is_empty() && column.len() != rows {
            return Err(bad_input(format!("column '{name}' has {} rows, the candles have {rows}", column.len())));
        }
    }
    let at = |c: &[f64], i: usize| c.get(i).copied().unwrap_or(f64::NAN);
    let [time, open, high, low, close, volume] = columns;
    Ok((0..rows).map(|i| bar(at(time, i), at(open, i), at(high, i), at(low, i), at(close, i), at(volume, i), f64::NAN)).collect())
}

/// A condition's value as 1/0, a number as itself.
fn value_f64(value: Value) -> f64 {
    value.as_f64()
}

/// A parsed rule evaluated bar by bar (the JS `Rule`).
#[wasm_bindgen]
pub struct RuleHandle {
    rule: Rule,
}

#[wasm_bindgen]
impl RuleHandle {
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str, mode: &str) -> Result<RuleHandle, JsError> {
        Ok(RuleHandle { rule: parse_rule("", text, mode)? })
    }

    /// Consumes a closed bar; a condition gives 1 or 0 (0 also while unknown).
    pub fn update(&mut self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        value_f64(self.rule.update(&bar(time, open, high, low, close, volume, f64::NAN)))
    }

    /// What the forming bar would give, without changing state.
    pub fn peek(&self, time: f64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        value_f64(self.rule.peek(&bar(time, open, high, low, close, volume, f64::NAN)))
    }

    pub fn reset(&mut self) {
        self.rule.reset();
    }

    pub fn lookback(&self) -> usize {
        self.rule.lookback()
    }

    pub fn is_condition(&self) -> bool {
        self.rule.kind() == ValueKind::Bool
    }

    pub fn source(&self) -> String {
        self.rule.source().to_string()
    }

    /// The rule over a block of bars from a fresh state (`batch`): 1/0 per bar for a
    /// condition, the number otherwise. The handle's streaming state is reset after.
    #[allow(clippy::too_many_arguments)]
    pub fn evaluate(
        &mut self,
        rows: usize,
        time: &[f64],
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
    ) -> Result<Vec<f64>, JsError> {
        let bars = bars_of(rows, [time, open, high, low, close, volume])?;
        let out = match self.rule.batch(&bars) {
            Values::Bools(b) => b.into_iter().map(|b| f64::from(u8::from(b))).collect(),
            Values::Numbers(n) => n,
        };
        self.rule.reset();
        Ok(out)
    }
}

/// A percent such as `1`, `1%` or `0.5 %`.
fn percent(context: &str, what: &str, text: &str) -> Result<f64, JsError> {
    let number = text.trim().trim_end_matches('%').trim();
    number.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| invalid(context, what, text, "a number such as 1 or '1%'"))
}

pub(super) fn number(context: &str, what: &str, text: &str) -> Result<f64, JsError> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| invalid(context, what, text, "a number"))
}

/// `context`: the call whose setting it is (`backtest`, `grid`, `dca`).
pub(super) fn invalid(context: &str, what: &str, text: &str, expected: &str) -> JsError {
    JsError::new(&format!("INVALID_PARAMETER{CODE_SEPARATOR}{context}: {what} = '{text}' is invalid; expected {expected}"))
}

/// `atr:14:3`, `pct:2`, `price:95.5`, `chandelier:22:3` (as the CLI's `--stop`).
fn parse_stop(text: &str) -> Result<StopRule, JsError> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let expected = "'atr:PERIOD:MULTIPLE', 'pct:PERCENT', 'price:X' or 'chandelier:PERIOD:MULTIPLE'";
    let period = |s: &str| s.parse::<usize>().map_err(|_| invalid("backtest", "stop", text, expected));
    match parts.as_slice() {
        ["atr", p, m] => Ok(StopRule::Atr { period: period(p)?, multiple: number("backtest", "stop", m)? }),
        ["chandelier", p, m] => Ok(StopRule::Chandelier { period: period(p)?, multiple: number("backtest", "stop", m)? }),
        ["pct" | "percent", x] => Ok(StopRule::Percent(percent("backtest", "stop", x)?)),
        ["price", x] => Ok(StopRule::FixedPrice(number("backtest", "stop", x)?)),
        _ => Err(invalid("backtest", "stop", text, expected)),
    }
}

/// `0.1` or `0.1%` (percent of notional) or `fixed:1.5` (per fill); empty is none.
pub(super) fn parse_fee(context: &str, text: &str) -> Result<FeeModel, JsError> {
    match text.trim() {
        "" => Ok(FeeModel::None),
        t => match t.strip_prefix("fixed:") {
            Some(amount) => Ok(FeeModel::Fixed(number(context, "fee", amount)?)),
            None => Ok(FeeModel::Percent(percent(context, "fee", t)?)),
        },
    }
}

/// `0.05` or `0.05%` (percent of price) or `ticks:2:0.5`; empty is none.
fn parse_slippage(text: &str) -> Result<Slippage, JsError> {
    match text.trim().split(':').collect::<Vec<_>>().as_slice() {
        [""] => Ok(Slippage::None),
        ["ticks", n, size] => {
            Ok(Slippage::Ticks { ticks: number("backtest", "slippage", n)?, tick_size: number("backtest", "slippage", size)? })
        }
        [x] => Ok(Slippage::Percent(percent("backtest", "slippage", x)?)),
        _ => Err(invalid("backtest", "slippage", text, "a percent such as 0.05 or 'ticks:COUNT:TICK_SIZE'")),
    }
}

/// A backtest's results: the summary as JSON (metrics, trades, skipped entries) and the
/// equity curve as columns.
#[wasm_bindgen]
pub struct BacktestOutput {
    summary: String,
    equity: Vec<f64>,
    cash: Vec<f64>,
}

#[wasm_bindgen]
impl BacktestOutput {
    pub fn summary(&self) -> String {
        self.summary.clone()
    }

    pub fn take_equity(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.equity)
    }

    pub fn take_cash(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.cash)
    }
}

pub(super) fn condition(context: &str, text: &str, mode: &str, bars: &[Bar]) -> Result<Vec<bool>, JsError> {
    let mut rule = parse_rule(context, text, mode)?;
    if rule.kind() != ValueKind::Bool {
        return Err(JsError::new(&format!(
            "INVALID_RULE{CODE_SEPARATOR}{context}`{text}` is a number; a condition (true/false) is needed, e.g. `{text} > 0`"
        )));
    }
    Ok(rule.batch_bool(bars))
}

/// The backtester's settings from the flat arguments the JS layer passes: `risk_pct`,
/// `take_profit_r` and `periods_per_year` NaN for none; `stop`, `fee`, `slippage` empty
/// for none; `side` "long" or "short". Validated.
#[allow(clippy::too_many_arguments)]
pub(super) fn strategy_of(
    side: &str,
    risk_pct: f64,
    stop: &str,
    take_profit_r: f64,
    fee: &str,
    slippage: &str,
    initial_equity: f64,
    max_exposure: f64,
    periods_per_year: f64,
) -> Result<Strategy, JsError> {
    let some = |x: f64| if x.is_nan() { None } else { Some(x) };
    Ok(Strategy {
        side: match side {
            "long" => Side::Long,
            "short" => Side::Short,
            other => return Err(invalid("backtest", "side", other, "'long' or 'short'")),
        },
        risk_pct: some(risk_pct),
        stop: if stop.trim().is_empty() { None } else { Some(parse_stop(stop)?) },
        take_profit_r: some(take_profit_r),
        fee: parse_fee("backtest", fee)?,
        slippage: parse_slippage(slippage)?,
        initial_equity,
        max_exposure,
        periods_per_year: some(periods_per_year),
        ..Strategy::default()
    })
}

/// A report as the JS `BacktestResult` takes it (shared by the backtester and the bots).
pub(super) fn backtest_output(report: &Report) -> BacktestOutput {
    let trades: Vec<String> = report.trades.iter().map(|t| t.to_json()).collect();
    let summary = format!(
        "{{\"metrics\":{},\"trades\":[{}],\"skipped_entries\":{}}}",
        report.metrics.to_json(),
        trades.join(","),
        report.skipped_entries
    );
    BacktestOutput {
        summary,
        equity: report.equity.iter().map(|p| p.equity).collect(),
        cash: report.equity.iter().map(|p| p.cash).collect(),
    }
}

/// Runs entry/exit rules through the backtester; settings as in [`strategy_of`].
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn backtest_rules(
    entry: &str,
    exit: &str,
    mode: &str,
    side: &str,
    risk_pct: f64,
    stop: &str,
    take_profit_r: f64,
    fee: &str,
    slippage: &str,
    initial_equity: f64,
    max_exposure: f64,
    periods_per_year: f64,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<BacktestOutput, JsError> {
    let strategy = strategy_of(side, risk_pct, stop, take_profit_r, fee, slippage, initial_equity, max_exposure, periods_per_year)?;
    // Rules first: a typo is reported before any data problem.
    parse_rule("entry: ", entry, mode)?;
    parse_rule("exit: ", exit, mode)?;
    strategy.validate().map_err(js_error)?;
    let bars = bars_of(rows, [time, open, high, low, close, volume])?;
    let entry = condition("entry: ", entry, mode, &bars)?;
    let exit = condition("exit: ", exit, mode, &bars)?;
    let report = backtest::run(&bars, &entry, &exit, &strategy).map_err(js_error)?;
    Ok(backtest_output(&report))
}

/// The composite score per bar and the last bar's report.
#[wasm_bindgen]
pub struct ScoreOutput {
    scores: Vec<f64>,
    last: String,
}

#[wasm_bindgen]
impl ScoreOutput {
    pub fn take_scores(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.scores)
    }

    /// The last bar's report as JSON (`null` without bars).
    pub fn last(&self) -> String {
        self.last.clone()
    }
}

/// The score over candle columns; weights NaN take the defaults.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn score_series(
    trend: f64,
    ema_cross: f64,
    macd: f64,
    rsi: f64,
    bands: f64,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<ScoreOutput, JsError> {
    let d = ScoreConfig::default();
    let or = |w: f64, default: f64| if w.is_nan() { default } else { w };
    let config = ScoreConfig {
        trend: or(trend, d.trend),
        ema_cross: or(ema_cross, d.ema_cross),
        macd: or(macd, d.macd),
        rsi: or(rsi, d.rsi),
        bands: or(bands, d.bands),
    };
    let mut score = Score::new(config).map_err(js_error)?;
    let bars = bars_of(rows, [time, open, high, low, close, volume])?;
    let mut scores = Vec::with_capacity(bars.len());
    let mut last = None;
    for b in &bars {
        let report = score.update(b);
        scores.push(report.score.unwrap_or(f64::NAN));
        last = Some(report);
    }
    Ok(ScoreOutput { scores, last: last.map_or("null".to_string(), |r| r.to_json()) })
}
