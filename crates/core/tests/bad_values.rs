//! NaN and infinity inside the data. Sigil does not clean data: a NaN or infinite value
//! flows through each indicator's arithmetic as it would in TA-Lib. What the tests pin
//! down is that batch and streaming follow that policy identically, that `peek` agrees
//! with the `update` after it even around bad values, and that nothing panics.

mod support;

use sigil_core::{registry, Bar, Mode, Series, Spec};
use support::{column, mavp_period, read_csv, repo_root, selected};

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

fn real_bars() -> Vec<Bar> {
    let (header, cols) = read_csv(&repo_root().join("tests/fixtures/data/btcusd_bitfinex_1h_2013.csv"));
    let c = |name| column(&header, &cols, name);
    (0..c("time").len().min(1500))
        .map(|i| Bar {
            time: c("time")[i] as i64,
            open: c("open")[i],
            high: c("high")[i],
            low: c("low")[i],
            close: c("close")[i],
            volume: c("volume")[i],
            periods: mavp_period(i),
        })
        .collect()
}

/// Bad values at a few places: a lone NaN in one column, a whole NaN bar, a run of
/// NaN closes, and infinities.
fn corrupt(mut bars: Vec<Bar>) -> Vec<Bar> {
    let n = bars.len();
    bars[n / 10].close = f64::NAN;
    bars[n / 5].high = f64::NAN;
    let whole = n / 3;
    bars[whole] =
        Bar { time: bars[whole].time, open: f64::NAN, high: f64::NAN, low: f64::NAN, close: f64::NAN, volume: f64::NAN, periods: f64::NAN };
    bars[n / 4].periods = f64::INFINITY;
    for bar in &mut bars[n / 2..n / 2 + 5] {
        bar.close = f64::NAN;
    }
    bars[2 * n / 3].close = f64::INFINITY;
    bars[3 * n / 4].low = f64::NEG_INFINITY;
    bars[4 * n / 5].volume = f64::INFINITY;
    bars
}

fn check(spec: &Spec, bars: &[Bar]) -> Result<(), String> {
    let col = |f: fn(&Bar) -> f64| bars.iter().map(f).collect::<Vec<f64>>();
    let (time, open, high, low, close, volume, periods) =
        (col(|b| b.time as f64), col(|b| b.open), col(|b| b.high), col(|b| b.low), col(|b| b.close), col(|b| b.volume), col(|b| b.periods));
    let series = Series { time: &time, open: &open, high: &high, low: &low, close: &close, volume: &volume, periods: &periods };
    let batch = spec.compute(&series).map_err(|e| format!("{spec}: {e}"))?;
    let mut stream = spec.stream().map_err(|e| format!("{spec}: {e}"))?;
    for (i, bar) in bars.iter().enumerate() {
        let peeked = stream.peek(bar).to_vec();
        let updated = stream.update(bar);
        for (k, column) in batch.iter().enumerate() {
            if !same(updated[k], column[i]) {
                return Err(format!("{spec}: output {k} at bar {i}: streaming {} != batch {}", updated[k], column[i]));
            }
            if !same(peeked[k], updated[k]) {
                return Err(format!("{spec}: output {k} at bar {i}: peek {} != update {}", peeked[k], updated[k]));
            }
        }
    }
    Ok(())
}

#[test]
fn bad_values_follow_one_policy_in_batch_and_streaming() {
    let bars = corrupt(real_bars());
    let mut failures = Vec::new();
    for def in registry::all().iter().filter(|d| selected(d.name)) {
        for mode in [Mode::Talib, Mode::TradingView] {
            let spec = Spec::parse_in(def.name, mode).unwrap();
            if let Err(failure) = check(&spec, &bars) {
                failures.push(failure);
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
