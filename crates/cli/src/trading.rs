//! `sigil signals`, `sigil backtest` and `sigil score`: the rule language, the
//! backtester and the composite score over a CSV of bars.

use sigil_core::backtest::{self, Report, Strategy};
use sigil_core::risk::{FeeModel, Side, Slippage, StopRule};
use sigil_core::rules::{Rule, Value, ValueKind, Values};
use sigil_core::signals::{Score, ScoreConfig};
use sigil_core::{Bar, Mode};

use crate::{csv, write_output, Failure};

/// Reads `--input` into bars; a missing file or bad CSV is a data failure (exit 1).
fn read_bars(input: &str) -> Result<Vec<Bar>, Failure> {
    let text = std::fs::read_to_string(input).map_err(|e| Failure::data(format!("{input}: {e}")))?;
    let c = csv::parse_candles(&text).map_err(|e| Failure::data(format!("{input}:{}: {}", e.line, e.reason)))?;
    let prices = c.open.iter().zip(&c.high).zip(&c.low).zip(&c.close).zip(&c.volume);
    Ok(c.time
        .iter()
        .zip(prices)
        .map(|(&time, ((((&open, &high), &low), &close), &volume))| Bar { time, open, high, low, close, volume, periods: f64::NAN })
        .collect())
}

/// Parses a rule given with `flag`; the error keeps the rule error's caret excerpt.
fn parse_rule(flag: &str, text: &str, mode: Mode) -> Result<Rule, Failure> {
    Rule::parse_in(text, mode).map_err(|e| Failure::usage(format!("{flag}: {e}")))
}

fn parse_mode(text: &str) -> Result<Mode, Failure> {
    text.parse().map_err(|e: sigil_core::Error| Failure::usage(format!("--mode: {e}")))
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as JSON: shortest round-trip form; NaN is `null`, infinities are the
/// strings "Infinity" / "-Infinity" (`Number(s)` in JS reads them back exactly).
fn json_number(x: f64) -> String {
    if x.is_nan() {
        "null".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" }.to_string()
    } else {
        x.to_string()
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break (rules often have commas).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_number(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        x.to_string()
    }
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Bool => "condition",
        ValueKind::Number => "number",
    }
}

pub fn signals(args: &[String]) -> Result<(), Failure> {
    let mut input = None;
    let mut output = None;
    let mut mode_text = None;
    let mut texts: Vec<String> = Vec::new();
    let (mut json, mut every_bar) = (false, false);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| Failure::usage(format!("{flag} needs a value")));
        match flag.as_str() {
            "--input" | "-i" => input = Some(value()?.clone()),
            "--output" | "-o" => output = Some(value()?.clone()),
            "--rule" | "-r" => texts.push(value()?.clone()),
            "--mode" => mode_text = Some(value()?.clone()),
            "--json" => json = true,
            "--every-bar" => every_bar = true,
            other => return Err(Failure::usage(format!("signals: unknown option '{other}'"))),
        }
    }
    let input = input.ok_or_else(|| Failure::usage("signals: --input FILE.csv is required"))?;
    if texts.is_empty() {
        return Err(Failure::usage("signals: at least one --rule \"...\" is required (e.g. --rule \"crossover(ema(12), ema(26))\")"));
    }
    let mode = mode_text.as_deref().map_or(Ok(Mode::Talib), parse_mode)?;
    let mut rules = texts.iter().map(|t| parse_rule("--rule", t, mode)).collect::<Result<Vec<_>, _>>()?;
    let bars = read_bars(&input)?;

    // One column per rule, every bar: 1/0 for conditions, the number otherwise.
    let columns: Vec<Vec<f64>> = rules.iter_mut().map(|rule| as_f64(rule.batch(&bars))).collect();
    let text = if every_bar { every_bar_text(&bars, &rules, &columns, json) } else { events_text(&bars, &rules, &columns, json) };
    write_output(output.as_deref(), &text)
}

/// A batch as f64: conditions 1/0, numbers as they are.
fn as_f64(values: Values) -> Vec<f64> {
    match values {
        Values::Bools(b) => b.into_iter().map(|b| Value::Bool(b).as_f64()).collect(),
        Values::Numbers(n) => n,
    }
}

fn every_bar_text(bars: &[Bar], rules: &[Rule], columns: &[Vec<f64>], json: bool) -> String {
    if json {
        let time: Vec<String> = bars.iter().map(|b| b.time.to_string()).collect();
        let items: Vec<String> = rules
            .iter()
            .zip(columns)
            .map(|(rule, column)| {
                let values: Vec<String> = match rule.kind() {
                    ValueKind::Bool => column.iter().map(|&v| (v != 0.0).to_string()).collect(),
                    ValueKind::Number => column.iter().map(|&v| json_number(v)).collect(),
                };
                format!(
                    "{{\"rule\":{},\"kind\":\"{}\",\"lookback\":{},\"values\":[{}]}}",
                    json_string(rule.source()),
                    kind_name(rule.kind()),
                    rule.lookback(),
                    values.join(",")
                )
            })
            .collect();
        return format!("{{\"time\":[{}],\"rules\":[{}]}}\n", time.join(","), items.join(","));
    }
    let mut out = String::from("time");
    for rule in rules {
        out.push(',');
        out.push_str(&csv_field(rule.source()));
    }
    out.push('\n');
    for (i, bar) in bars.iter().enumerate() {
        out.push_str(&bar.time.to_string());
        for (rule, column) in rules.iter().zip(columns) {
            out.push(',');
            let v = column.get(i).copied().unwrap_or(f64::NAN);
            match rule.kind() {
                ValueKind::Bool => out.push_str(if v != 0.0 { "true" } else { "false" }),
                ValueKind::Number => out.push_str(&csv_number(v)),
            }
        }
        out.push('\n');
    }
    out
}

/// Events in time order: a condition gives `enter` on each bar where it turns true
/// (false or unknown on the bar before, true now; on the first bar, true is an edge);
/// a number gives `value` on every bar where it is defined.
fn events_text(bars: &[Bar], rules: &[Rule], columns: &[Vec<f64>], json: bool) -> String {
    let mut rows: Vec<String> = Vec::new();
    for (i, bar) in bars.iter().enumerate() {
        for (rule, column) in rules.iter().zip(columns) {
            let v = column.get(i).copied().unwrap_or(f64::NAN);
            let (kind, value) = match rule.kind() {
                ValueKind::Bool => {
                    let before = i.checked_sub(1).and_then(|j| column.get(j)).copied().unwrap_or(0.0);
                    if v == 0.0 || before != 0.0 {
                        continue;
                    }
                    ("enter", None)
                }
                ValueKind::Number if v.is_nan() => continue,
                ValueKind::Number => ("value", Some(v)),
            };
            rows.push(if json {
                let value = value.map_or(String::new(), |v| format!(",\"value\":{}", json_number(v)));
                format!("{{\"time\":{},\"rule\":{},\"kind\":\"{kind}\"{value}}}", bar.time, json_string(rule.source()))
            } else {
                format!("{},{},{kind},{}", bar.time, csv_field(rule.source()), value.map_or(String::new(), csv_number))
            });
        }
    }
    if json {
        format!("{{\"events\":[{}]}}\n", rows.join(","))
    } else {
        let mut out = String::from("time,rule,kind,value\n");
        for row in rows {
            out.push_str(&row);
            out.push('\n');
        }
        out
    }
}

/// `12`, `1%` or `1.5 %` → the number (the percent sign is optional where the unit is known).
fn percent(flag: &str, text: &str) -> Result<f64, Failure> {
    let number = text.trim().trim_end_matches('%').trim();
    number
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Failure::usage(format!("{flag}: '{text}' is not a number such as 1 or 1%")))
}

fn number(flag: &str, text: &str) -> Result<f64, Failure> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| Failure::usage(format!("{flag}: '{text}' is not a number")))
}

/// `atr:14:3`, `pct:2%`, `price:95.5`, `chandelier:22:3`.
fn parse_stop(text: &str) -> Result<StopRule, Failure> {
    let parts: Vec<&str> = text.split(':').collect();
    let period =
        |s: &str| s.trim().parse::<usize>().map_err(|_| Failure::usage(format!("--stop {text}: period '{s}' is not a whole number")));
    match parts.as_slice() {
        ["atr", p, m] => Ok(StopRule::Atr { period: period(p)?, multiple: number("--stop", m)? }),
        ["chandelier", p, m] => Ok(StopRule::Chandelier { period: period(p)?, multiple: number("--stop", m)? }),
        ["pct" | "percent", x] => Ok(StopRule::Percent(percent("--stop", x)?)),
        ["price", x] => Ok(StopRule::FixedPrice(number("--stop", x)?)),
        _ => Err(Failure::usage(format!(
            "--stop: '{text}' is not a stop; use atr:PERIOD:MULTIPLE, pct:2%, price:X or chandelier:PERIOD:MULTIPLE"
        ))),
    }
}

/// `0.1%` is a percent of the notional; a bare number is a fixed amount per fill.
fn parse_fee(text: &str) -> Result<FeeModel, Failure> {
    if text.trim().ends_with('%') {
        Ok(FeeModel::Percent(percent("--fee", text)?))
    } else {
        Ok(FeeModel::Fixed(number("--fee", text)?))
    }
}

/// `0.05%` is a percent of the price; `ticks:2:0.5` is 2 ticks of 0.5.
fn parse_slippage(text: &str) -> Result<Slippage, Failure> {
    match text.split(':').collect::<Vec<_>>().as_slice() {
        ["ticks", n, size] => Ok(Slippage::Ticks { ticks: number("--slippage", n)?, tick_size: number("--slippage", size)? }),
        [x] if x.trim().ends_with('%') => Ok(Slippage::Percent(percent("--slippage", x)?)),
        _ => Err(Failure::usage(format!("--slippage: '{text}' is not a slippage; use a percent (0.05%) or ticks:COUNT:TICK_SIZE"))),
    }
}

/// The settings of `sigil backtest`, parsed.
struct BacktestArgs {
    input: String,
    entry: String,
    exit: String,
    mode: Mode,
    strategy: Strategy,
    json: bool,
    output: Option<String>,
}

fn parse_backtest_args(args: &[String]) -> Result<BacktestArgs, Failure> {
    let (mut input, mut entry, mut exit, mut output) = (None, None, None, None);
    let mut mode = Mode::Talib;
    let mut json = false;
    let mut strategy = Strategy::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| Failure::usage(format!("{flag} needs a value")));
        match flag.as_str() {
            "--input" | "-i" => input = Some(value()?.clone()),
            "--output" | "-o" => output = Some(value()?.clone()),
            "--entry" => entry = Some(value()?.clone()),
            "--exit" => exit = Some(value()?.clone()),
            "--mode" => mode = parse_mode(value()?)?,
            "--json" => json = true,
            "--side" => {
                strategy.side = match value()?.as_str() {
                    "long" => Side::Long,
                    "short" => Side::Short,
                    other => return Err(Failure::usage(format!("--side: '{other}' is neither long nor short"))),
                }
            }
            "--risk" => strategy.risk_pct = Some(percent("--risk", value()?)?),
            "--stop" => strategy.stop = Some(parse_stop(value()?)?),
            "--take-profit" | "--tp" => {
                let text = value()?;
                let r = text.trim().trim_end_matches(['R', 'r']);
                strategy.take_profit_r = Some(number("--take-profit", r)?);
            }
            "--fee" => strategy.fee = parse_fee(value()?)?,
            "--slippage" => strategy.slippage = parse_slippage(value()?)?,
            "--equity" => strategy.initial_equity = number("--equity", value()?)?,
            "--max-exposure" => strategy.max_exposure = number("--max-exposure", value()?)?,
            "--periods-per-year" => strategy.periods_per_year = Some(number("--periods-per-year", value()?)?),
            other => return Err(Failure::usage(format!("backtest: unknown option '{other}'"))),
        }
    }
    let input = input.ok_or_else(|| Failure::usage("backtest: --input FILE.csv is required"))?;
    let entry = entry.ok_or_else(|| Failure::usage("backtest: --entry \"RULE\" is required"))?;
    let exit = exit.ok_or_else(|| Failure::usage("backtest: --exit \"RULE\" is required"))?;
    strategy.validate().map_err(|e| Failure::usage(format!("backtest: {e}")))?;
    Ok(BacktestArgs { input, entry, exit, mode, strategy, json, output })
}

/// A condition rule's value on every bar; a number rule is refused (it has no edge).
fn condition(flag: &str, text: &str, mode: Mode, bars: &[Bar]) -> Result<Vec<bool>, Failure> {
    let mut rule = parse_rule(flag, text, mode)?;
    if rule.kind() != ValueKind::Bool {
        return Err(Failure::usage(format!("{flag}: `{text}` is a number; a condition (true/false) is needed, e.g. `{text} > 0`")));
    }
    Ok(rule.batch_bool(bars))
}

pub fn backtest(args: &[String]) -> Result<(), Failure> {
    let a = parse_backtest_args(args)?;
    // Rules are checked before the file is read, so a typo fails fast with exit 2.
    parse_rule("--entry", &a.entry, a.mode)?;
    parse_rule("--exit", &a.exit, a.mode)?;
    let bars = read_bars(&a.input)?;
    let entry = condition("--entry", &a.entry, a.mode, &bars)?;
    let exit = condition("--exit", &a.exit, a.mode, &bars)?;
    let report = backtest::run(&bars, &entry, &exit, &a.strategy).map_err(|e| Failure::usage(format!("backtest: {e}")))?;
    let text = if a.json { format!("{}\n", report.to_json()) } else { report_text(&report) };
    write_output(a.output.as_deref(), &text)
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("n/a".to_string(), |x| format!("{x:.digits$}"))
}

fn report_text(report: &Report) -> String {
    let m = &report.metrics;
    let mut out = String::new();
    let pct = |x: f64| format!("{:.2} %", x * 100.0);
    let lines = [
        ("initial equity", format!("{:.2}", m.initial_equity)),
        ("final equity", format!("{:.2}", m.final_equity)),
        ("total return", pct(m.total_return)),
        ("CAGR", m.cagr.map_or("n/a".into(), pct)),
        ("max drawdown", pct(m.max_drawdown)),
        ("Sharpe", opt(m.sharpe, 2)),
        ("Sortino", opt(m.sortino, 2)),
        ("trades", m.trades.to_string()),
        ("win rate", m.win_rate.map_or("n/a".into(), pct)),
        ("profit factor", opt(m.profit_factor, 2)),
        ("exposure", pct(m.exposure)),
        ("skipped entries", report.skipped_entries.to_string()),
    ];
    for (name, value) in lines {
        out.push_str(&format!("{name:<16} {value}\n"));
    }
    if report.trades.is_empty() {
        out.push_str("\nno trades\n");
        return out;
    }
    out.push_str(&format!(
        "\n{:>4} {:<5} {:>14} {:>12} {:>14} {:>12} {:>12} {:>12} {:>8} {:>6}  exit\n",
        "#", "side", "entry time", "entry", "exit time", "exit", "quantity", "pnl", "return", "R"
    ));
    for (i, t) in report.trades.iter().enumerate() {
        out.push_str(&format!(
            "{:>4} {:<5} {:>14} {:>12.4} {:>14} {:>12.4} {:>12.6} {:>12.2} {:>7.2}% {:>6}  {}\n",
            i + 1,
            t.side.name(),
            t.entry_time,
            t.entry_price,
            t.exit_time,
            t.exit_price,
            t.quantity,
            t.pnl,
            t.return_pct,
            opt(t.r_multiple, 2),
            t.exit_reason.name()
        ));
    }
    out
}

/// `trend=0.3,rsi=0` → weights over the defaults.
fn parse_weights(text: &str) -> Result<ScoreConfig, Failure> {
    let mut config = ScoreConfig::default();
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (name, value) =
            part.split_once('=').ok_or_else(|| Failure::usage(format!("--weights: '{part}' is not name=weight (e.g. trend=0.3)")))?;
        let w = number("--weights", value)?;
        match name.trim() {
            "trend" => config.trend = w,
            "ema_cross" => config.ema_cross = w,
            "macd" => config.macd = w,
            "rsi" => config.rsi = w,
            "bands" => config.bands = w,
            other => {
                return Err(Failure::usage(format!("--weights: no component '{other}'; components: trend, ema_cross, macd, rsi, bands")))
            }
        }
    }
    Ok(config)
}

pub fn score(args: &[String]) -> Result<(), Failure> {
    let (mut input, mut output, mut weights) = (None, None, None);
    let mut json = false;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| Failure::usage(format!("{flag} needs a value")));
        match flag.as_str() {
            "--input" | "-i" => input = Some(value()?.clone()),
            "--output" | "-o" => output = Some(value()?.clone()),
            "--weights" => weights = Some(value()?.clone()),
            "--json" => json = true,
            other => return Err(Failure::usage(format!("score: unknown option '{other}'"))),
        }
    }
    let input = input.ok_or_else(|| Failure::usage("score: --input FILE.csv is required"))?;
    let config = weights.as_deref().map_or(Ok(ScoreConfig::default()), parse_weights)?;
    let mut score = Score::new(config).map_err(|e| Failure::usage(format!("--weights: {e}")))?;
    let bars = read_bars(&input)?;
    let report = bars.iter().map(|bar| score.update(bar)).last().ok_or_else(|| Failure::data(format!("{input}: no bars")))?;
    let text = if json { format!("{}\n", report.to_json()) } else { format!("score at time {}\n{}\n", report.time, report.explain()) };
    write_output(output.as_deref(), &text)
}
