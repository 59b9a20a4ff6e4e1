//! `sigil`: batch indicator computation over CSV files, the registry listing, and rule
//! signals, backtests and the composite score (trading.rs).

mod csv;
mod trading;

use std::io::Write;
use std::process::ExitCode;

use sigil_core::{column_names, distinct, registry, Mode, ParamKind, Series, Spec};

const USAGE: &str = "\
sigil - technical indicators with TA-Lib parity

USAGE:
    sigil compute --input FILE.csv --indicator SPEC [--indicator SPEC ...] [--output OUT.csv] [--mode talib|tradingview]
    sigil list [--json]
    sigil signals --input FILE.csv --rule RULE [--rule RULE ...] [--every-bar] [--json] [--output OUT] [--mode M]
    sigil backtest --input FILE.csv --entry RULE --exit RULE [--side long|short] [--risk 1%]
                   [--stop atr:14:3 | pct:2% | price:X | chandelier:22:3] [--take-profit 2R]
                   [--fee 0.1% | --fee 1.5] [--slippage 0.05% | --slippage ticks:2:0.5] [--equity 10000]
                   [--max-exposure 1] [--periods-per-year N] [--json] [--output OUT] [--mode M]
    sigil score --input FILE.csv [--weights trend=0.25,ema_cross=0.2,macd=0.2,rsi=0.2,bands=0.15] [--json]
    sigil --version | --help

SPEC is name[:arg[:arg...]] with TA-Lib's lowercase function name and parameter order,
e.g. rsi:14 or ema:20; a comma-separated list (rsi:14,ema:20) counts as several.
Omitted trailing arguments take TA-Lib's defaults. --mode tradingview uses TradingView's
definition and defaults where they differ from TA-Lib's (`sigil list` marks those).

The input CSV needs a header containing time,open,high,low,close,volume (any order,
other columns ignored); time is the bar open time in Unix milliseconds. mavp also reads
a periods column (each bar's period, as in TA-Lib). The output has the header
time,<columns> and one row per input row; NaN is an empty field.

RULE is an expression of the rule language, e.g. \"crossover(ema(close,12), ema(close,26)) and
rsi(close,14) < 70\" (grammar: crates/core/src/rules/README.md). A rule is a condition or a number.
signals prints events as CSV time,rule,kind,value (or {\"events\":[...]} with --json): a condition
gives kind=enter on each bar where it turns true (false or still warming up on the bar before:
rising edges only); a number gives kind=value with its value on every bar where it is defined.
--every-bar prints instead one column per rule and one row per bar (true/false or the number;
with --json {\"time\":[...],\"rules\":[{rule,kind,lookback,values}]}, NaN as null).
backtest runs the entry/exit conditions through the backtester (conditions at a bar's close,
fills at the next open) and prints the metrics and the trades, or the full report with --json.
--risk sizes each entry to lose that percent of equity at the stop (needs --stop); --take-profit
is in multiples of the initial risk. --fee with % is a percent of the notional, without it a fixed
amount per fill. score prints the composite 0-100 score of the last bar and its components.

Exit codes: 0 success, 1 unreadable or bad CSV, 2 usage, spec or rule errors (a rule error shows
the rule with carets under the problem).";

/// A failure with the exit code it maps to: 2 for usage and spec errors, 1 for data and IO.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Failure {
        Failure { code: 2, message: message.into() }
    }
    fn data(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("sigil: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        Some("compute") => compute(&args[1..]),
        Some("list") => list(&args[1..]),
        Some("signals") => trading::signals(&args[1..]),
        Some("backtest") => trading::backtest(&args[1..]),
        Some("score") => trading::score(&args[1..]),
        Some("--version" | "-V") => {
            println!("sigil {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure::usage(format!("unknown command '{other}'\n\n{USAGE}"))),
        None => Err(Failure::usage(USAGE)),
    }
}

fn compute(args: &[String]) -> Result<(), Failure> {
    let mut input = None;
    let mut output = None;
    let mut mode = Mode::Talib;
    let mut spec_texts: Vec<&String> = Vec::new();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| Failure::usage(format!("{flag} needs a value")));
        match flag.as_str() {
            "--input" | "-i" => input = Some(value()?.clone()),
            "--output" | "-o" => output = Some(value()?.clone()),
            "--indicator" | "--ind" => spec_texts.push(value()?),
            "--mode" => mode = value()?.parse().map_err(|e: sigil_core::Error| Failure::usage(format!("--mode: {e}")))?,
            other => return Err(Failure::usage(format!("compute: unknown option '{other}'"))),
        }
    }
    let input = input.ok_or_else(|| Failure::usage("compute: --input FILE.csv is required"))?;
    // Parsed after every flag is read, so --mode may come anywhere on the line.
    let mut specs = Vec::new();
    for text in spec_texts {
        specs.extend(Spec::parse_list_in(text, mode).map_err(|e| Failure::usage(format!("--indicator {text}: {e}")))?);
    }
    if specs.is_empty() {
        return Err(Failure::usage("compute: at least one --indicator SPEC is required (e.g. --indicator rsi:14)"));
    }
    distinct(&specs).map_err(|e| Failure::usage(format!("--indicator: {e}")))?;

    let text = std::fs::read_to_string(&input).map_err(|e| Failure::data(format!("{input}: {e}")))?;
    let candles = csv::parse_candles(&text).map_err(|e| Failure::data(format!("{input}:{}: {}", e.line, e.reason)))?;
    let time: Vec<f64> = candles.time.iter().map(|&t| t as f64).collect();
    let series = Series {
        time: &time,
        open: &candles.open,
        high: &candles.high,
        low: &candles.low,
        close: &candles.close,
        volume: &candles.volume,
        periods: &candles.periods,
    };

    let mut columns = Vec::new();
    for spec in &specs {
        columns.extend(spec.compute(&series).map_err(|e| Failure::usage(e.to_string()))?);
    }
    let table = csv::write_table(&candles.time, &column_names(&specs), &columns);
    match output {
        Some(path) => std::fs::write(&path, table).map_err(|e| Failure::data(format!("{path}: {e}"))),
        None => write_stdout(table.as_bytes()),
    }
}

fn list(args: &[String]) -> Result<(), Failure> {
    match args {
        [] => write_stdout(list_text().as_bytes()),
        [flag] if flag == "--json" => write_stdout(format!("{}\n", registry::metadata_json()).as_bytes()),
        _ => Err(Failure::usage("list takes only --json")),
    }
}

fn list_text() -> String {
    let mut out = String::new();
    for def in registry::all() {
        out.push_str(&format!("{:<10} {} ({})\n", def.name, def.title, def.group));
        let inputs: Vec<&str> = def.inputs.iter().map(|i| i.name()).collect();
        out.push_str(&format!("           inputs:  {}\n", inputs.join(", ")));
        for (i, param) in def.params.iter().enumerate() {
            let range = match param.kind {
                ParamKind::Integer { min, max } => format!("integer {min}..={max}"),
                ParamKind::Real { min, max } => format!("number {}..={}", short_number(min), short_number(max)),
                ParamKind::MaType => "MA type (name or code)".to_string(),
                ParamKind::Choice(names) => format!("one of {}", names.join(", ")),
            };
            out.push_str(&format!(
                "           arg {}:   {} = {} ({range}) {}\n",
                i + 1,
                param.name,
                param.format_value(param.default),
                param.description
            ));
        }
        out.push_str(&format!("           outputs: {}\n", def.outputs.join(", ")));
        out.push_str(&format!("           draws:   {}\n", if def.overlay { "over the price" } else { "in its own pane" }));
        if let Some(variant) = registry::tradingview_variant(def.name) {
            out.push_str(&format!("           tradingview mode: {}\n", variant.note));
        }
    }
    out
}

/// TA-Lib's "any real" bound (3e37) reads better in exponent form.
fn short_number(x: f64) -> String {
    if x.abs() >= 1e9 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Writes to `path`, or stdout without one.
fn write_output(path: Option<&str>, text: &str) -> Result<(), Failure> {
    match path {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::data(format!("{path}: {e}"))),
        None => write_stdout(text.as_bytes()),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        // A closed pipe (`sigil list | head`) is not an error worth reporting.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::data(format!("stdout: {e}"))),
        _ => Ok(()),
    }
}
