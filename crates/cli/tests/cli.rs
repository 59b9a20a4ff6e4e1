//! The `sigil` binary's contract, end to end: output layout, TA-Lib parity through the
//! CLI, and the error messages and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(path: &str) -> String {
    repo().join("tests/fixtures").join(path).to_string_lossy().into_owned()
}

fn sigil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigil")).args(args).output().expect("run sigil")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn golden_column(file: &str) -> Vec<Option<f64>> {
    let text = std::fs::read_to_string(fixture(&format!("golden/btcusd_bitfinex_1h_2013/{file}.csv"))).unwrap();
    text.lines().skip(1).map(|l| l.split(',').nth(1).filter(|f| !f.is_empty()).map(|f| f.parse().unwrap())).collect()
}

#[test]
fn compute_writes_time_and_columns_matching_talib() {
    let data = fixture("data/btcusd_bitfinex_1h_2013.csv");
    let out = sigil(&["compute", "--input", &data, "--indicator", "rsi:14,ema:20", "--indicator", "sma:20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("time,rsi,ema,sma"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let input_rows = std::fs::read_to_string(&data).unwrap().lines().count() - 1;
    assert_eq!(rows.len(), input_rows);

    for (column, file) in [(1, "RSI"), (2, "EMA"), (3, "SMA")] {
        for (row, (fields, reference)) in rows.iter().zip(golden_column(file)).enumerate() {
            let ours = Some(fields[column]).filter(|f| !f.is_empty()).map(|f| f.parse::<f64>().unwrap());
            match (ours, reference) {
                (None, None) => {}
                (Some(a), Some(r)) => assert!((a - r).abs() <= 1e-9 * r.abs().max(1.0), "{file} row {row}: {a} vs {r}"),
                _ => panic!("{file} row {row}: NaN placement differs: {ours:?} vs {reference:?}"),
            }
        }
    }
    // Numbers are written in shortest round-trip form: re-printing changes nothing.
    for field in rows.iter().flat_map(|r| r[1..].iter()).filter(|f| !f.is_empty()) {
        assert_eq!(field.parse::<f64>().unwrap().to_string(), *field);
    }
}

#[test]
fn output_file_equals_stdout() {
    let data = fixture("data/btcusd_bitfinex_1h_2013.csv");
    let target = std::env::temp_dir().join(format!("sigil-cli-test-{}.csv", std::process::id()));
    let to_file = sigil(&["compute", "--input", &data, "--indicator", "ema:5", "--output", target.to_str().unwrap()]);
    assert!(to_file.status.success(), "{}", stderr(&to_file));
    assert!(to_file.stdout.is_empty());
    let to_stdout = sigil(&["compute", "--input", &data, "--indicator", "ema:5"]);
    assert_eq!(std::fs::read(&target).unwrap(), to_stdout.stdout);
    std::fs::remove_file(target).ok();
}

#[test]
fn malformed_csv_names_file_line_and_reason() {
    let path = std::env::temp_dir().join(format!("sigil-bad-{}.csv", std::process::id()));
    std::fs::write(&path, "time,open,high,low,close,volume\n1000,1,2,0.5,1.5,10\n2000,1,2,oops,1.5,10\n").unwrap();
    let out = sigil(&["compute", "--input", path.to_str().unwrap(), "--indicator", "sma:2"]);
    std::fs::remove_file(&path).ok();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:", path.display())), "{err}");
    assert!(err.contains("low is 'oops'"), "{err}");
}

#[test]
fn unknown_indicator_and_bad_argument_are_named() {
    let data = fixture("data/btcusd_bitfinex_1h_2013.csv");
    let out = sigil(&["compute", "--input", &data, "--indicator", "bollinger:20"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("unknown indicator 'bollinger'"), "{}", stderr(&out));

    let out = sigil(&["compute", "--input", &data, "--indicator", "rsi:1"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("rsi") && err.contains("timeperiod") && err.contains("2..=100000"), "{err}");
}

#[test]
fn the_same_indicator_twice_is_refused_even_across_flags() {
    let data = fixture("data/btcusd_bitfinex_1h_2013.csv");
    for args in [&["--indicator", "ema:20,ema:20"][..], &["--indicator", "ema:30", "--indicator", "ema"]] {
        let out = sigil(&[&["compute", "--input", &data][..], args].concat());
        assert!(!out.status.success());
        assert!(stderr(&out).contains("more than once"), "{}", stderr(&out));
    }
    assert!(sigil(&["compute", "--input", &data, "--indicator", "ema:20", "--indicator", "ema:30"]).status.success());
}

#[test]
fn mode_flag_selects_the_convention_and_rejects_unknown_ones() {
    let data = fixture("data/btcusd_bitfinex_1h_2013.csv");
    let talib = sigil(&["compute", "--input", &data, "--indicator", "sma:20"]);
    let tradingview = sigil(&["compute", "--mode", "tradingview", "--input", &data, "--indicator", "sma:20"]);
    assert!(tradingview.status.success(), "{}", stderr(&tradingview));
    assert_eq!(talib.stdout, tradingview.stdout, "SMA is the same in both conventions");
    let bad = sigil(&["compute", "--input", &data, "--indicator", "sma:20", "--mode", "pine"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("unknown mode 'pine'"), "{}", stderr(&bad));
}

#[test]
fn missing_input_file_fails_cleanly() {
    let out = sigil(&["compute", "--input", "/nonexistent/x.csv", "--indicator", "rsi"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("/nonexistent/x.csv"));
}

#[test]
fn list_shows_names_inputs_params_and_outputs() {
    let out = sigil(&["list"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for needle in ["rsi", "Relative Strength Index", "timeperiod = 14", "2..=100000", "inputs:  close", "outputs: real"] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_slice(&sigil(&["list", "--json"]).stdout).unwrap();
    let entries = json.as_array().unwrap();
    let names: Vec<&str> = entries.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
    for name in ["ema", "rsi", "sma", "macd", "bbands", "stoch", "atr"] {
        assert!(names.contains(&name), "{name} missing from sigil list --json");
    }
    let rsi = entries.iter().find(|d| d["name"] == "rsi").unwrap();
    assert_eq!(rsi["params"][0]["default"], 14);
    assert_eq!(rsi["inputs"], serde_json::json!(["close"]));
}

/// MAVP reads its per-bar periods from a `periods` column of the input; with the periods
/// TA-Lib was given (tests/fixtures/talib), the CLI reproduces TA-Lib's MAVP.
#[test]
fn mavp_reads_a_periods_column_and_matches_talib() {
    let talib_dir = repo().join("tests/fixtures/talib/btcusd_bitfinex_1h_2013");
    let periods: Vec<String> =
        std::fs::read_to_string(talib_dir.join("MAVP.periods.csv")).unwrap().lines().skip(1).map(String::from).collect();
    let data = std::fs::read_to_string(fixture("data/btcusd_bitfinex_1h_2013.csv")).unwrap();
    let mut csv = String::from("time,open,high,low,close,volume,periods\n");
    for (row, p) in data.lines().skip(1).zip(&periods) {
        csv.push_str(&format!("{row},{p}\n"));
    }
    let path = std::env::temp_dir().join(format!("sigil-mavp-{}.csv", std::process::id()));
    std::fs::write(&path, csv).unwrap();
    let input = path.to_string_lossy().into_owned();

    let out = sigil(&["compute", "--input", &input, "--indicator", "mavp:2:21:ema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ours: Vec<Option<f64>> =
        stdout(&out).lines().skip(1).map(|l| l.split(',').nth(1).filter(|f| !f.is_empty()).map(|f| f.parse().unwrap())).collect();
    let reference = std::fs::read_to_string(talib_dir.join("MAVP.1.csv")).unwrap();
    let reference: Vec<Option<f64>> =
        reference.lines().skip(1).map(|f| Some(f).filter(|f| !f.is_empty()).map(|f| f.parse().unwrap())).collect();
    assert_eq!(ours.len(), periods.len());
    assert!(reference.iter().filter(|v| v.is_some()).count() > 300);
    for (row, (a, r)) in ours.iter().zip(&reference).enumerate() {
        match (a, r) {
            (None, None) => {}
            (Some(a), Some(r)) => assert!((a - r).abs() <= 1e-9 * r.abs().max(1.0), "row {row}: {a} vs {r}"),
            _ => panic!("row {row}: NaN placement differs: {a:?} vs {r:?}"),
        }
    }

    // Without the column: a clear error naming it.
    let out = sigil(&["compute", "--input", &fixture("data/btcusd_bitfinex_1h_2013.csv"), "--indicator", "mavp"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("needs the 'periods' column"), "{}", stderr(&out));
    let _ = std::fs::remove_file(path);
}
