//! The streaming contract, for every registry indicator: update-by-update equals batch,
//! `peek` never changes state, and `peek(bar)` equals the `update(bar)` that follows.

mod support;

use proptest::prelude::*;
use sigil_core::{registry, Bar, Mode, ParamDef, ParamKind, Series, Spec};
use support::{column, mavp_period, read_csv, repo_root, selected};

/// Random walk bars with occasional flat stretches, at a random bar interval from a
/// random start (before 1970 included) with occasional gaps of up to three days, so
/// that sessions, weeks and months change inside the series.
fn bars_strategy() -> impl Strategy<Value = Vec<Bar>> {
    let step =
        (-3.0f64..3.0, 0.0f64..2.0, 0.0f64..2.0, 0.0f64..100.0, prop::bool::weighted(0.1), prop::option::weighted(0.05, 0i64..259_200_000));
    let interval = prop_oneof![Just(60_000i64), Just(3_600_000), Just(14_400_000), Just(86_400_000)];
    (-1_000_000_000_000i64..2_000_000_000_000, interval, prop::collection::vec(step, 0..300)).prop_map(|(start, interval, steps)| {
        let mut price = 100.0;
        let mut time = start;
        steps
            .into_iter()
            .enumerate()
            .map(|(i, (step, up, down, volume, flat, gap))| {
                let open = price;
                if !flat {
                    price = (price + step).max(1.0);
                }
                let (high, low) = if flat { (open, open) } else { (open.max(price) + up, (open.min(price) - down).max(0.5)) };
                time += interval + gap.unwrap_or(0);
                Bar { time, open, high, low, close: price, volume, periods: mavp_period(i) }
            })
            .collect()
    })
}

/// A spec string for indicator `def` with random valid arguments (periods kept small
/// enough that warm-up ends inside the series).
/// A time parameter (`avwap`'s `anchor`) is one of the bars' times, so that both the
/// bars before it and those after it are exercised. MAVP's `maxperiod` is at least its
/// `minperiod` (the one cross-parameter rule).
fn random_spec(params: &[ParamDef], name: &str, seeds: &[u32], bars: &[Bar]) -> String {
    let mut spec = name.to_string();
    let mut min_period = 0;
    for (param, seed) in params.iter().zip(seeds) {
        let value = match param.kind {
            ParamKind::Integer { max, .. } if param.name == "maxperiod" => {
                (min_period + i64::from(*seed) % (max.min(60) - min_period + 1)).to_string()
            }
            ParamKind::Integer { min, max } if param.name == "minperiod" => {
                min_period = min + i64::from(*seed) % (max.min(60) - min + 1);
                min_period.to_string()
            }
            ParamKind::Integer { .. } if param.name == "anchor" => {
                bars.get(*seed as usize % bars.len().max(1)).map_or(0, |b| b.time).to_string()
            }
            ParamKind::Integer { min, max } => (min + i64::from(*seed) % (max.min(60) - min + 1)).to_string(),
            ParamKind::Real { min, max } => (min + (max - min) * f64::from(*seed % 1000) / 1000.0).to_string(),
            ParamKind::Choice(names) => names[*seed as usize % names.len()].to_string(),
            ParamKind::MaType => sigil_core::MA_TYPES[*seed as usize % sigil_core::MA_TYPES.len()].1.to_string(),
        };
        spec.push(':');
        spec.push_str(&value);
    }
    spec
}

fn columns(bars: &[Bar]) -> [Vec<f64>; 7] {
    [
        bars.iter().map(|b| b.time as f64).collect(),
        bars.iter().map(|b| b.open).collect(),
        bars.iter().map(|b| b.high).collect(),
        bars.iter().map(|b| b.low).collect(),
        bars.iter().map(|b| b.close).collect(),
        bars.iter().map(|b| b.volume).collect(),
        bars.iter().map(|b| b.periods).collect(),
    ]
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

fn check_contract(spec: &Spec, bars: &[Bar]) -> Result<(), TestCaseError> {
    let [time, open, high, low, close, volume, periods] = columns(bars);
    let batch = spec
        .compute(&Series { time: &time, open: &open, high: &high, low: &low, close: &close, volume: &volume, periods: &periods })
        .unwrap();
    let mut stream = spec.stream().unwrap();
    for (i, bar) in bars.iter().enumerate() {
        let peeked = stream.peek(bar);
        prop_assert!(peeked.iter().zip(&stream.peek(bar)).all(|(a, b)| same(*a, *b)), "{spec}: peek changed state at bar {i}");
        let updated = stream.update(bar);
        for (k, column) in batch.iter().enumerate() {
            prop_assert!(same(updated[k], column[i]), "{spec}: output {k} at bar {i}: streaming {} != batch {}", updated[k], column[i]);
            prop_assert!(same(peeked[k], updated[k]), "{spec}: output {k} at bar {i}: peek {} != update {}", peeked[k], updated[k]);
        }
    }
    // reset gives a fresh instance
    stream.reset();
    if let Some(first) = bars.first() {
        let mut fresh = spec.stream().unwrap();
        prop_assert!(stream.update(first).iter().zip(fresh.update(first)).all(|(a, b)| same(*a, b)), "{spec}: reset is not fresh");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn streaming_equals_batch_for_every_indicator(bars in bars_strategy(), seeds in prop::collection::vec(any::<u32>(), 8)) {
        for def in registry::all().iter().filter(|d| selected(d.name)) {
            let text = random_spec(def.params, def.name, &seeds, &bars);
            check_contract(&Spec::parse(&text).unwrap(), &bars)?;
            if let Some(variant) = registry::tradingview_variant(def.name) {
                let text = random_spec(variant.params, def.name, &seeds, &bars);
                check_contract(&Spec::parse_in(&text, Mode::TradingView).unwrap(), &bars)?;
            }
        }
    }
}

#[test]
fn streaming_equals_batch_on_real_data() {
    let (header, cols) = read_csv(&repo_root().join("tests/fixtures/data/btcusd_bitfinex_1h_2013.csv"));
    let c = |name| column(&header, &cols, name);
    let bars: Vec<Bar> = (0..c("time").len())
        .map(|i| Bar {
            time: c("time")[i] as i64,
            open: c("open")[i],
            high: c("high")[i],
            low: c("low")[i],
            close: c("close")[i],
            volume: c("volume")[i],
            periods: mavp_period(i),
        })
        .collect();
    for def in registry::all().iter().filter(|d| selected(d.name)) {
        for mode in [Mode::Talib, Mode::TradingView] {
            let spec = Spec::parse_in(def.name, mode).unwrap();
            check_contract(&spec, &bars).unwrap();
        }
    }
}
