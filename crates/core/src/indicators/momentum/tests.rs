//! Edge cases for the whole family, through the registry (the path every binding takes).

use super::DEFS;
use crate::bar::{Bar, Series};
use crate::error::Error;
use crate::registry::{IndicatorDef, ParamKind};
use crate::spec::Spec;

/// A deterministic random walk with some flat bars (high == low == open == close).
fn bars(n: usize, scale: f64) -> Vec<Bar> {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut price = 100.0;
    (0..n)
        .map(|i| {
            let open = price;
            if i % 17 > 12 {
                return Bar { time: i as i64, open, high: open, low: open, close: open, volume: 1.0, periods: f64::NAN }.scaled(scale);
            }
            price += next() * 2.0 - 1.0;
            let high = open.max(price) + next();
            let low = open.min(price) - next();
            Bar { time: i as i64, open, high, low, close: price, volume: 1.0 + next(), periods: f64::NAN }.scaled(scale)
        })
        .collect()
}

trait Scaled {
    fn scaled(self, scale: f64) -> Self;
}

impl Scaled for Bar {
    fn scaled(self, scale: f64) -> Bar {
        Bar { open: self.open * scale, high: self.high * scale, low: self.low * scale, close: self.close * scale, ..self }
    }
}

fn compute(spec: &Spec, bars: &[Bar]) -> Vec<Vec<f64>> {
    let column = |f: fn(&Bar) -> f64| bars.iter().map(f).collect::<Vec<f64>>();
    let (open, high, low, close, volume) =
        (column(|b| b.open), column(|b| b.high), column(|b| b.low), column(|b| b.close), column(|b| b.volume));
    spec.compute(&Series { open: &open, high: &high, low: &low, close: &close, volume: &volume, ..Series::default() }).unwrap()
}

/// Specs at the defaults and with every parameter at its minimum and maximum.
fn specs(def: &IndicatorDef) -> Vec<Spec> {
    let bound = |pick_max: bool| {
        let args: Vec<String> = def
            .params
            .iter()
            .map(|p| match p.kind {
                ParamKind::Integer { min, max } => (if pick_max { max } else { min }).to_string(),
                ParamKind::Real { min, max } => (if pick_max { max } else { min }).to_string(),
                ParamKind::MaType => "sma".to_string(),
                ParamKind::Choice(names) => names[if pick_max { names.len() - 1 } else { 0 }].to_string(),
            })
            .collect();
        std::iter::once(def.name.to_string()).chain(args).collect::<Vec<_>>().join(":")
    };
    [def.name.to_string(), bound(false), bound(true)].iter().map(|text| Spec::parse(text).unwrap()).collect()
}

#[test]
fn lookback_is_the_leading_nan_count() {
    let bars = bars(400, 1.0);
    for def in DEFS {
        for spec in specs(def).iter().take(2) {
            let lookback = spec.lookback();
            for (k, column) in compute(spec, &bars).iter().enumerate() {
                let leading = column.iter().take_while(|v| v.is_nan()).count();
                assert_eq!(leading, lookback.min(bars.len()), "{spec} output {k}");
                assert!(column[lookback..].iter().all(|v| v.is_finite()), "{spec} output {k}: non-finite after warm-up");
            }
        }
    }
}

#[test]
fn short_input_is_all_warm_up_and_huge_periods_do_not_panic() {
    for def in DEFS {
        for spec in specs(def) {
            for n in [0, 1, 2, 3] {
                let out = compute(&spec, &bars(n, 1.0));
                for column in out {
                    assert_eq!(column.len(), n);
                    if spec.lookback() >= n {
                        assert!(column.iter().all(|v| v.is_nan()), "{spec} on {n} bars: {column:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn flat_bars_follow_talib_and_never_divide_by_zero() {
    let flat: Vec<Bar> = (0..120).map(|_| Bar::from_price(42.0)).collect();
    for def in DEFS {
        let spec = Spec::parse(def.name).unwrap();
        for column in compute(&spec, &flat) {
            assert!(column[spec.lookback()..].iter().all(|v| v.is_finite()), "{spec}: {column:?}");
        }
    }
    let value = |text: &str| compute(&Spec::parse(text).unwrap(), &flat)[0][119];
    // TA-Lib 0.8.1's answers on a flat series.
    for text in ["dx", "adx", "adxr", "plus_di", "minus_di", "willr", "cci", "ultosc", "bop", "vhf", "qstick", "wad"] {
        assert_eq!(value(text), 0.0, "{text}");
    }
    assert_eq!(value("imi"), 50.0);
    assert_eq!(value("er"), 1.0);
    assert_eq!(value("aroon"), 100.0);
}

#[test]
fn tiny_prices_scale_like_large_ones() {
    // No absolute epsilon anywhere: a series scaled by 1e-12 gives the same ratios, and
    // price-valued outputs scaled by the same factor.
    let unit = bars(300, 1.0);
    let tiny = bars(300, 1e-12);
    let priced = ["plus_dm", "minus_dm", "qstick", "wad", "sar", "sarext", "eri"];
    for def in DEFS {
        let spec = Spec::parse(def.name).unwrap();
        let factor = if priced.contains(&def.name) { 1e-12 } else { 1.0 };
        for (a, b) in compute(&spec, &unit).iter().zip(compute(&spec, &tiny)) {
            for (i, (&x, &y)) in a.iter().zip(&b).enumerate() {
                let expected = x * factor;
                let ok = (x.is_nan() && y.is_nan()) || (y - expected).abs() <= 1e-9 * expected.abs().max(factor);
                assert!(ok, "{spec} bar {i}: {y} at 1e-12 scale, {expected} expected");
            }
        }
    }
}

#[test]
fn non_finite_input_does_not_panic() {
    let mut bars = bars(200, 1.0);
    for (i, bar) in bars.iter_mut().enumerate().skip(40).step_by(23) {
        let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY][i % 3];
        bar.high = bad;
        bar.close = bad;
    }
    for def in DEFS {
        for spec in specs(def) {
            let _ = compute(&spec, &bars);
            let mut stream = spec.stream().unwrap();
            for bar in &bars {
                let _ = stream.peek(bar);
                let _ = stream.update(bar);
            }
        }
    }
}

#[test]
fn invalid_parameters_name_the_parameter_and_range() {
    let message = |r: Result<(), Error>| r.unwrap_err().to_string();
    let cases = [
        (message(super::Adx::new(1).map(drop)), "timeperiod", "2..=100000"),
        (message(super::PlusDm::new(0).map(drop)), "timeperiod", "1..=100000"),
        (message(super::Aroon::new(100_001).map(drop)), "timeperiod", "2..=100000"),
        (message(super::UltOsc::new(7, 0, 28).map(drop)), "timeperiod2", "1..=100000"),
        (message(super::Fractal::new(2, 0).map(drop)), "rightbars", "1..=100000"),
        (message(super::Sar::new(-0.01, 0.2).map(drop)), "acceleration", "0..=30000000000000000000000000000000000000"),
        (message(super::Sar::new(0.02, f64::NAN).map(drop)), "maximum", "0..="),
        (
            message(super::SarExt::new(super::SarExtParams { start_value: 4e37, ..Default::default() }).map(drop)),
            "startvalue",
            "-30000000000000000000000000000000000000..=",
        ),
        (
            message(super::SarExt::new(super::SarExtParams { acceleration_short: -1.0, ..Default::default() }).map(drop)),
            "accelerationshort",
            "0..=",
        ),
    ];
    for (text, parameter, range) in cases {
        assert!(text.contains(parameter) && text.contains(range), "{text}");
    }
    assert!(Spec::parse("sar:-0.1").is_err());
    assert!(Spec::parse("sarext:-3e37").is_ok());
    assert!(Spec::parse("ultosc:1:1:1").is_ok());
}

#[test]
fn registry_entries_match_talib_metadata() {
    let find = |name: &str| DEFS.iter().find(|d| d.name == name).unwrap();
    assert_eq!(find("aroon").outputs, ["aroondown", "aroonup"]);
    assert_eq!(find("eri").outputs, ["bullpower", "bearpower"]);
    assert_eq!(find("fractal").outputs, ["swinghigh", "swinglow"]);
    assert!(find("sar").overlay && find("sarext").overlay);
    assert!(DEFS.iter().filter(|d| d.overlay).count() == 2);
    let lookback = |text: &str| Spec::parse(text).unwrap().lookback();
    // TA-Lib 0.8.1's lookbacks at the defaults (FRACTAL: 0 leading NaN, see its docs).
    for (text, expected) in [
        ("plus_dm", 13),
        ("plus_dm:1", 1),
        ("plus_di", 14),
        ("plus_di:1", 1),
        ("dx", 14),
        ("adx", 27),
        ("adxr", 40),
        ("aroon", 14),
        ("willr", 13),
        ("cci", 13),
        ("ultosc", 28),
        ("ultosc:28:7:14", 28),
        ("bop", 0),
        ("sar", 1),
        ("sarext", 1),
        ("vortex", 14),
        ("vhf", 28),
        ("imi", 13),
        ("qstick", 9),
        ("wad", 0),
        ("er", 10),
        ("eri", 12),
        ("fractal", 4),
    ] {
        assert_eq!(lookback(text), expected, "{text}");
    }
}

#[test]
fn ultosc_period_order_does_not_matter() {
    let bars = bars(200, 1.0);
    let a = compute(&Spec::parse("ultosc:3:9:5").unwrap(), &bars);
    let b = compute(&Spec::parse("ultosc:9:5:3").unwrap(), &bars);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

#[test]
fn fractal_reports_on_the_confirming_bar_and_never_revises() {
    // The streaming value of a bar is final: TA-Lib's verdict at bar i uses bars <= i.
    let bars = bars(300, 1.0);
    let spec = Spec::parse("fractal:2:3").unwrap();
    let whole = compute(&spec, &bars);
    for cut in [10, 57, 200] {
        let prefix = compute(&spec, &bars[..cut]);
        for k in 0..2 {
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&prefix[k]), bits(&whole[k][..cut]));
        }
    }
}
