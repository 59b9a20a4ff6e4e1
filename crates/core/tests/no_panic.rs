//! No input may panic: a panic in wasm aborts the whole module in the user's page or
//! worker. Every registry indicator is driven with random valid and invalid parameters
//! and random data, extremes included (1e-12 prices, 1e12 volumes, flat bars, NaN, inf,
//! zeros, negative values), through batch, streaming and peek.

mod support;

use proptest::prelude::*;
use sigil_core::{registry, Bar, Error, Mode, ParamKind, Series, Spec};
use support::selected;

fn extreme_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 1e-12f64..1e-9,
        4 => 0.5f64..2e5,
        2 => 1e9f64..1e12,
        1 => Just(0.0),
        1 => Just(-1.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(f64::MAX),
    ]
}

/// How a bar's open time follows the previous one's.
#[derive(Debug, Clone, Copy)]
enum Clock {
    /// The previous time plus this (saturating): regular, irregular, repeated or going back.
    After(i64),
    /// This time, whatever came before: negative, far future, the ends of `i64`.
    At(i64),
}

fn clock() -> impl Strategy<Value = Clock> {
    const DAY: i64 = 86_400_000;
    prop_oneof![
        6 => prop_oneof![Just(60_000i64), Just(3_600_000), Just(DAY)].prop_map(Clock::After),
        2 => (0i64..40 * DAY).prop_map(Clock::After),
        1 => (-7 * DAY..0).prop_map(Clock::After),
        1 => Just(Clock::After(0)),
        1 => prop_oneof![Just(i64::MIN), Just(i64::MAX), Just(0i64), Just(-1i64), -10_000_000_000_000i64..10_000_000_000_000]
            .prop_map(Clock::At),
    ]
}

fn bars() -> impl Strategy<Value = Vec<Bar>> {
    let values = (extreme_value(), extreme_value(), extreme_value(), extreme_value(), extreme_value(), extreme_value());
    let bar = (values, prop::bool::ANY, clock()).prop_map(|((open, high, low, close, volume, periods), flat, clock)| {
        let bar = if flat {
            Bar { time: 0, open, high: open, low: open, close: open, volume, periods }
        } else {
            Bar { time: 0, open, high, low, close, volume, periods }
        };
        (bar, clock)
    });
    (-10_000_000_000_000i64..10_000_000_000_000, prop::collection::vec(bar, 0..120)).prop_map(|(start, bars)| {
        let mut time = start;
        bars.into_iter()
            .map(|(bar, clock)| {
                time = match clock {
                    Clock::After(step) => time.saturating_add(step),
                    Clock::At(at) => at,
                };
                Bar { time, ..bar }
            })
            .collect()
    })
}

/// Argument text for a parameter: in range, at the bounds, or out of range / malformed.
fn argument(kind: ParamKind, pick: u32) -> String {
    match kind {
        ParamKind::Integer { min, max } => match pick % 6 {
            0 => min.to_string(),
            1 => (min + 1).to_string(),
            2 => max.to_string(),
            3 => (min + i64::from(pick % 50)).min(max).to_string(),
            4 => (min - 1).to_string(),
            _ => "1e3".to_string(),
        },
        ParamKind::Real { min, max } => match pick % 6 {
            0 => min.to_string(),
            1 => max.to_string(),
            2 => ((min + max) / 2.0).to_string(),
            3 => "nan".to_string(),
            4 => "-1e308".to_string(),
            _ => (f64::from(pick % 100) / 10.0).to_string(),
        },
        ParamKind::Choice(names) => match pick % 4 {
            3 => "nope".to_string(),
            _ => names[pick as usize % names.len()].to_string(),
        },
        ParamKind::MaType => match pick % 4 {
            3 => "11".to_string(),
            n => sigil_core::MA_TYPES[(pick as usize / 4 + n as usize) % sigil_core::MA_TYPES.len()].1.to_string(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn no_indicator_panics(bars in bars(), picks in prop::collection::vec(any::<u32>(), 10)) {
        let time: Vec<f64> = bars.iter().map(|b| b.time as f64).collect();
        // The time column of a batch call can also hold what no `Bar` can: NaN, infinities,
        // fractions and values beyond i64.
        let odd_times = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.5, -1e300, 1e300];
        let odd_time: Vec<f64> = time.iter().enumerate().map(|(i, &t)| if i % 3 == 1 { odd_times[(i / 3) % odd_times.len()] } else { t }).collect();
        let columns: [Vec<f64>; 6] = [
            bars.iter().map(|b| b.open).collect(),
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
            bars.iter().map(|b| b.volume).collect(),
            bars.iter().map(|b| b.periods).collect(),
        ];
        let series = Series { time: &time, open: &columns[0], high: &columns[1], low: &columns[2], close: &columns[3], volume: &columns[4], periods: &columns[5] };
        let odd_series = Series { time: &odd_time, ..series };
        let modes = [Mode::Talib, Mode::TradingView];
        for (def, mode) in registry::all().iter().filter(|d| selected(d.name)).flat_map(|d| modes.map(|m| (d, m))) {
            let params = match mode {
                Mode::TradingView => match registry::tradingview_variant(def.name) {
                    Some(variant) => variant.params,
                    None => continue,
                },
                Mode::Talib => def.params,
            };
            let mut text = def.name.to_string();
            for (param, pick) in params.iter().zip(&picks) {
                text.push(':');
                text.push_str(&argument(param.kind, *pick));
            }
            // Rejected parameters are fine (a typed error); what must not happen is a panic.
            let Ok(spec) = Spec::parse_in(&text, mode) else { continue };
            // Huge periods make the test slow without exercising anything new.
            if spec.lookback() > 10_000 {
                continue;
            }
            // The one parameter rule the spec grammar cannot check alone (MAVP's
            // minperiod <= maxperiod, and its streaming state bound) is a typed error too.
            let batch = match spec.compute(&series) {
                Err(Error::InvalidParameter { indicator: "mavp", .. }) => continue,
                other => other.unwrap(),
            };
            prop_assert!(batch.iter().all(|c| c.len() == bars.len()), "{text}: output length");
            let odd = spec.compute(&odd_series).unwrap();
            prop_assert!(odd.iter().all(|c| c.len() == bars.len()), "{text}: output length with odd times");
            let mut stream = match spec.stream() {
                Err(Error::InvalidParameter { indicator: "mavp", .. }) => continue,
                other => other.unwrap(),
            };
            for bar in &bars {
                stream.peek(bar);
                stream.update(bar);
            }
        }
    }
}
