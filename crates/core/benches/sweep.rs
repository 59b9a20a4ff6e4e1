//! `make bench`, part 2: batch and streaming ns/bar of every registry indicator at its
//! default parameters on the 1M-bar series, and the `ta-lib` crate's batch call of the
//! same function with the same parameters where the crate has it (best of 3 runs each;
//! a sweep, not criterion's statistics). Prints JSON lines read by
//! scripts/bench-report.mjs.
//!
//! Arguments (after cargo's own `--bench`) are specs to run instead of the whole
//! registry: `sma:30 bbands:20:2:2:sma`, or a bare name for its defaults.
//! scripts/bench-resident.mjs passes the headline specs, so that its native and wasm
//! rounds time exactly the same computations, with `SIGIL_SWEEP_RUNS=7` (runs per
//! measurement; default 3): on a shared machine the best of three still varies by a
//! third between processes.

use sigil_core::{registry, Bar, Series, Spec};
use std::hint::black_box;
use std::time::Instant;

mod series;

/// Registry name -> `ta-lib` crate call: the table the oracle tests compare against.
#[path = "../tests/oracle/table.rs"]
#[allow(dead_code)]
mod table;

fn best_of<F: FnMut()>(runs: usize, mut f: F) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    // `cargo bench` passes --bench; every other argument is a spec.
    let requested: Vec<Spec> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(|text| Spec::parse(&text).unwrap_or_else(|e| panic!("bad spec '{text}': {e}")))
        .collect();
    let specs: Vec<Spec> = if requested.is_empty() {
        registry::all().iter().map(|def| Spec::parse(def.name).expect("defaults are valid")).collect()
    } else {
        requested
    };
    let runs = std::env::var("SIGIL_SWEEP_RUNS").ok().and_then(|v| v.parse().ok()).filter(|&n: &usize| n > 0).unwrap_or(3);
    let count = series::bars();
    let data = series::generate(count);
    // One-minute bars, for the indicators that read the time (session VWAP, pivots).
    let time: Vec<f64> = (0..count).map(|i| i as f64 * 60_000.0).collect();
    // MAVP's per-bar periods, cycling through its default range 2..=30.
    let periods: Vec<f64> = (0..count).map(|i| (2 + i * 7 % 29) as f64).collect();
    let series = Series {
        time: &time,
        open: &data.open,
        high: &data.high,
        low: &data.low,
        close: &data.close,
        volume: &data.volume,
        periods: &periods,
    };
    let bars: Vec<Bar> = (0..count)
        .map(|i| Bar {
            time: i as i64 * 60_000,
            open: data.open[i],
            high: data.high[i],
            low: data.low[i],
            close: data.close[i],
            volume: data.volume[i],
            periods: periods[i],
        })
        .collect();
    let core = ta_lib::Core::new();
    for spec in specs {
        let batch = best_of(runs, || {
            black_box(spec.compute(black_box(&series)).unwrap());
        });
        let stream = best_of(runs, || {
            let mut s = spec.stream().unwrap();
            let mut out = [0.0; 16]; // at least every indicator's output count (update_into skips a short buffer)
            for bar in &bars {
                s.update_into(bar, &mut out);
            }
            black_box(out);
        });
        // The crate fills buffers it is handed; the table allocates them per call (as
        // Sigil's batch allocates its outputs) and keeps them as they come back. Integer
        // outputs (MINMAXINDEX, SUPERTREND's direction, ...) pay one conversion pass.
        let talib = table::TABLE.iter().find(|(name, _)| *name == spec.def().name).map(|(_, oracle)| {
            let call = table::Call {
                core: &core,
                open: &data.open,
                high: &data.high,
                low: &data.low,
                close: &data.close,
                volume: &data.volume,
                periods: &periods,
                params: spec.params(),
                last: count - 1,
                spread: false,
            };
            best_of(runs, || {
                black_box(oracle(black_box(&call)).ok());
            })
        });
        let per_bar = |seconds: f64| seconds * 1e9 / count as f64;
        let talib = talib.map_or("null".to_string(), |seconds| format!("{:.3}", per_bar(seconds)));
        println!(
            r#"{{"name":"{}","spec":"{}","batch_ns":{:.3},"stream_ns":{:.3},"talib_ns":{talib}}}"#,
            spec.def().name,
            spec,
            per_bar(batch),
            per_bar(stream)
        );
    }
}
