//! `sigil signals`, `sigil backtest` and `sigil score` end to end: their outputs parse and
//! agree with sigil_core called directly on the same bars, rule errors show the caret
//! excerpt with exit 2, bad CSV exits 1.

use std::path::Path;
use std::process::{Command, Output};

// serde_json's `float_roundtrip` feature (see Cargo.toml) reads numbers exactly.
use serde_json::Value as Json;
use sigil_core::backtest::{self, Strategy};
use sigil_core::risk::{FeeModel, Side, Slippage, StopRule};
use sigil_core::rules::{Rule, Values};
use sigil_core::signals::{Score, ScoreConfig};
use sigil_core::Bar;

const CROSS_UP: &str = "crossover(ema(close,12), ema(close,26))";
const CROSS_DOWN: &str = "crossunder(ema(close,12), ema(close,26))";

fn data() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/data/btcusd_bitfinex_1h_2013.csv").to_string_lossy().into_owned()
}

fn sigil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigil")).args(args).output().expect("run sigil")
}

fn ok_stdout(out: &Output) -> String {
    assert!(out.status.success(), "sigil failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The fixture's bars, read here independently of the CLI's CSV reader.
fn bars() -> Vec<Bar> {
    let text = std::fs::read_to_string(data()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("time,open,high,low,close,volume"));
    lines
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let x = |i: usize| f[i].parse::<f64>().unwrap();
            Bar { time: f[0].parse().unwrap(), open: x(1), high: x(2), low: x(3), close: x(4), volume: x(5), periods: f64::NAN }
        })
        .collect()
}

/// Splits a CSV line, honouring double quotes (rules contain commas).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn json_f64(v: &Json) -> f64 {
    match v {
        Json::Null => f64::NAN,
        Json::String(s) if s == "Infinity" => f64::INFINITY,
        Json::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => other.as_f64().unwrap_or_else(|| panic!("not a number: {other}")),
    }
}

#[test]
fn signals_events_are_the_rising_edges_of_conditions_and_every_defined_number() {
    let bars = bars();
    let out = sigil(&["signals", "--input", &data(), "--rule", CROSS_UP, "--rule", "rsi(close, 14) < 30", "--rule", "rsi(14)"]);
    let text = ok_stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("time,rule,kind,value"));
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert!(rows.iter().all(|r| r.len() == 4), "every row has 4 fields");

    for source in [CROSS_UP, "rsi(close, 14) < 30"] {
        let values = Rule::parse(source).unwrap().batch_bool(&bars);
        let expected: Vec<String> =
            (0..bars.len()).filter(|&i| values[i] && (i == 0 || !values[i - 1])).map(|i| bars[i].time.to_string()).collect();
        let got: Vec<String> = rows.iter().filter(|r| r[1] == source).map(|r| r[0].clone()).collect();
        assert!(!expected.is_empty(), "{source} never turns true on the fixture: a weak test");
        assert_eq!(got, expected, "{source}");
        assert!(rows.iter().filter(|r| r[1] == source).all(|r| r[2] == "enter" && r[3].is_empty()));
    }
    // Rising edges, not every true bar: RSI stays under 30 for several bars in a row.
    let oversold = Rule::parse("rsi(close, 14) < 30").unwrap().batch_bool(&bars);
    assert!(rows.iter().filter(|r| r[1] == "rsi(close, 14) < 30").count() < oversold.iter().filter(|&&v| v).count());
    let rsi = Rule::parse("rsi(14)").unwrap().batch_f64(&bars);
    let got: Vec<(i64, f64)> = rows.iter().filter(|r| r[1] == "rsi(14)").map(|r| (r[0].parse().unwrap(), r[3].parse().unwrap())).collect();
    let expected: Vec<(i64, f64)> = bars.iter().zip(&rsi).filter(|(_, v)| !v.is_nan()).map(|(b, &v)| (b.time, v)).collect();
    assert_eq!(got.len(), bars.len() - 14);
    assert_eq!(got, expected);
    // Time order across rules.
    let times: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));

    let json: Json = serde_json::from_str(&ok_stdout(&sigil(&["signals", "--input", &data(), "--rule", CROSS_UP, "--json"]))).unwrap();
    let events = json["events"].as_array().unwrap();
    let csv_times: Vec<String> = rows.iter().filter(|r| r[1] == CROSS_UP).map(|r| r[0].clone()).collect();
    assert_eq!(events.iter().map(|e| e["time"].to_string()).collect::<Vec<_>>(), csv_times);
    assert!(events.iter().all(|e| e["rule"] == CROSS_UP && e["kind"] == "enter"));
}

#[test]
fn every_bar_json_equals_the_rule_evaluated_natively_bit_for_bit() {
    let bars = bars();
    let rules = [
        CROSS_UP,
        "close / prev(close, 1) - 1",
        "macd(close).hist",
        "bbands(close, 20).upper - close",
        "rising(close, 3) or volume > 2 * sma(volume, 20)",
    ];
    let mut args = vec!["signals", "--input", data().leak(), "--every-bar", "--json"];
    for r in rules {
        args.extend(["--rule", r]);
    }
    let json: Json = serde_json::from_str(&ok_stdout(&sigil(&args))).unwrap();
    let time: Vec<i64> = json["time"].as_array().unwrap().iter().map(|t| t.as_i64().unwrap()).collect();
    assert_eq!(time, bars.iter().map(|b| b.time).collect::<Vec<_>>());
    for (item, source) in json["rules"].as_array().unwrap().iter().zip(rules) {
        let mut rule = Rule::parse(source).unwrap();
        assert_eq!(item["rule"], source);
        assert_eq!(item["lookback"].as_u64().unwrap() as usize, rule.lookback());
        let values = item["values"].as_array().unwrap();
        match rule.batch(&bars) {
            Values::Bools(expected) => {
                assert_eq!(item["kind"], "condition");
                assert_eq!(values.iter().map(|v| v.as_bool().unwrap()).collect::<Vec<_>>(), expected, "{source}");
            }
            Values::Numbers(expected) => {
                assert_eq!(item["kind"], "number");
                let got: Vec<u64> = values.iter().map(|v| json_f64(v).to_bits()).collect();
                let nan = f64::NAN.to_bits();
                let want: Vec<u64> = expected.iter().map(|x| if x.is_nan() { nan } else { x.to_bits() }).collect();
                assert_eq!(got, want, "{source}");
            }
        }
    }

    // The CSV form: one quoted column per rule.
    let text = ok_stdout(&sigil(&["signals", "--input", &data(), "--every-bar", "--rule", CROSS_UP, "--rule", "rsi(14)"]));
    let mut lines = text.lines();
    assert_eq!(csv_fields(lines.next().unwrap()), ["time", CROSS_UP, "rsi(14)"]);
    assert_eq!(lines.count(), bars.len());
}

#[test]
fn a_rule_error_shows_the_caret_excerpt_and_exits_2() {
    let out = sigil(&["signals", "--input", &data(), "--rule", "crossover(emaa(close,12), ema(close,26))"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown indicator `emaa` (did you mean `ema`?) at column 11"), "{err}");
    assert!(err.contains("\ncrossover(emaa(close,12), ema(close,26))\n          ^^^^"), "{err}");
    assert!(out.stdout.is_empty());

    let out = sigil(&["backtest", "--input", &data(), "--entry", CROSS_UP, "--exit", "close and 3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--exit: `and` needs a condition"), "{}", stderr(&out));
    assert!(stderr(&out).contains("column 1\nclose and 3\n^^^^^"), "{}", stderr(&out));

    // A number where a condition is needed.
    let out = sigil(&["backtest", "--input", &data(), "--entry", "rsi(14)", "--exit", CROSS_DOWN]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--entry: `rsi(14)` is a number"), "{}", stderr(&out));
}

#[test]
fn bad_csv_exits_1_and_bad_settings_exit_2() {
    let bad = std::env::temp_dir().join(format!("sigil-signals-bad-{}.csv", std::process::id()));
    std::fs::write(&bad, "time,open,high,low,close,volume\n1,1,1,x,1,1\n").unwrap();
    let bad_path = bad.to_string_lossy().into_owned();
    for args in [
        vec!["backtest", "--input", &bad_path, "--entry", CROSS_UP, "--exit", CROSS_DOWN],
        vec!["signals", "--input", &bad_path, "--rule", CROSS_UP],
        vec!["score", "--input", &bad_path],
    ] {
        let out = sigil(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(":2: low is 'x'"), "{}", stderr(&out));
    }
    std::fs::remove_file(&bad).unwrap();

    let d = data();
    for (args, message) in [
        (vec!["--risk", "1%"], "a stop rule as well"),
        (vec!["--stop", "atr:14"], "--stop: 'atr:14' is not a stop"),
        (vec!["--side", "sideways"], "neither long nor short"),
        (vec!["--fee", "lots"], "--fee: 'lots' is not a number"),
    ] {
        let mut full = vec!["backtest", "--input", &d, "--entry", CROSS_UP, "--exit", CROSS_DOWN];
        full.extend(args);
        let out = sigil(&full);
        assert_eq!(out.status.code(), Some(2), "{full:?}");
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
}

#[test]
fn backtest_json_equals_the_core_backtester_with_the_same_settings() {
    let bars = bars();
    let entry = Rule::parse(CROSS_UP).unwrap().batch_bool(&bars);
    let exit = Rule::parse(CROSS_DOWN).unwrap().batch_bool(&bars);
    let cases: [(Vec<&str>, Strategy); 3] = [
        (vec![], Strategy::default()),
        (
            vec!["--risk", "1%", "--stop", "atr:14:3", "--take-profit", "2R", "--fee", "0.1%", "--slippage", "0.05%", "--equity", "25000"],
            Strategy {
                risk_pct: Some(1.0),
                stop: Some(StopRule::Atr { period: 14, multiple: 3.0 }),
                take_profit_r: Some(2.0),
                fee: FeeModel::Percent(0.1),
                slippage: Slippage::Percent(0.05),
                initial_equity: 25_000.0,
                ..Strategy::default()
            },
        ),
        (
            vec!["--side", "short", "--stop", "chandelier:22:3", "--fee", "1.5", "--slippage", "ticks:2:0.01"],
            Strategy {
                side: Side::Short,
                stop: Some(StopRule::Chandelier { period: 22, multiple: 3.0 }),
                fee: FeeModel::Fixed(1.5),
                slippage: Slippage::Ticks { ticks: 2.0, tick_size: 0.01 },
                ..Strategy::default()
            },
        ),
    ];
    for (flags, strategy) in cases {
        let d = data();
        let mut args = vec!["backtest", "--input", &d, "--entry", CROSS_UP, "--exit", CROSS_DOWN, "--json"];
        args.extend(&flags);
        let got: Json = serde_json::from_str(&ok_stdout(&sigil(&args))).unwrap();
        let report = backtest::run(&bars, &entry, &exit, &strategy).unwrap();
        assert!(report.metrics.trades > 0, "{flags:?}: no trades makes a weak test");
        let expected: Json = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(got["metrics"], expected["metrics"], "{flags:?}");
        assert_eq!(got["trades"], expected["trades"], "{flags:?}");
        assert_eq!(got, expected, "{flags:?}");
        assert_eq!(got["metrics"]["trades"].as_u64().unwrap() as usize, report.trades.len());

        // The human-readable form: the metrics block and one table row per trade.
        args.retain(|a| *a != "--json");
        let text = ok_stdout(&sigil(&args));
        assert!(text.contains(&format!("trades           {}\n", report.trades.len())), "{text}");
        assert!(text.contains(&format!("final equity     {:.2}\n", report.metrics.final_equity)), "{text}");
        let side = strategy.side.name();
        assert_eq!(text.lines().filter(|l| l.split_whitespace().nth(1) == Some(side)).count(), report.trades.len(), "{text}");
    }
}

#[test]
fn score_prints_the_last_bar_score_and_its_components() {
    let bars = bars();
    let mut score = Score::new(ScoreConfig::default()).unwrap();
    let expected = bars.iter().map(|b| score.update(b)).last().unwrap();
    let got: Json = serde_json::from_str(&ok_stdout(&sigil(&["score", "--input", &data(), "--json"]))).unwrap();
    assert_eq!(got, serde_json::from_str::<Json>(&expected.to_json()).unwrap());
    assert_eq!(got["components"].as_array().unwrap().len(), 5);

    let text = ok_stdout(&sigil(&["score", "--input", &data()]));
    assert!(text.contains(&format!("score {:.1} / 100", expected.score.unwrap())), "{text}");

    let trend_only = ScoreConfig { ema_cross: 0.0, macd: 0.0, rsi: 0.0, bands: 0.0, ..ScoreConfig::default() };
    let mut score = Score::new(trend_only).unwrap();
    let expected = bars.iter().map(|b| score.update(b)).last().unwrap();
    let got: Json =
        serde_json::from_str(&ok_stdout(&sigil(&["score", "--input", &data(), "--json", "--weights", "ema_cross=0,macd=0,rsi=0,bands=0"])))
            .unwrap();
    assert_eq!(got["score"].as_f64(), expected.score);
    let out = sigil(&["score", "--input", &data(), "--weights", "trend=0,ema_cross=0,macd=0,rsi=0,bands=0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_lists_the_new_commands() {
    let text = ok_stdout(&sigil(&["--help"]));
    for needle in ["sigil signals", "sigil backtest", "sigil score", "--every-bar", "rising edges", "chandelier:22:3"] {
        assert!(text.contains(needle), "--help lacks {needle}");
    }
}
