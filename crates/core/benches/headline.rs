//! `make bench`, part 1: the seven headline indicators on 1M bars, Sigil batch and
//! streaming next to the `ta-lib` crate's batch, measured by criterion in the same run.
//! scripts/bench-report.mjs turns criterion's estimates into the ns/bar and ratio table.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sigil_core::{Bar, Series, Spec};
use std::hint::black_box;
use ta_lib::{Core, MAType};

mod series;

/// The `ta-lib` crate's batch call with the same parameters as the Sigil spec.
type TalibCall = fn(&Core, &series::Columns, &mut [Vec<f64>]);

/// (name, Sigil spec, TA-Lib call). Each side allocates its outputs, as a caller would.
fn headline() -> Vec<(&'static str, &'static str, TalibCall)> {
    vec![
        ("SMA", "sma:30", |core, c, out| {
            core.sma(0, c.close.len() - 1, &c.close, 30, &mut out[0]).unwrap();
        }),
        ("EMA", "ema:30", |core, c, out| {
            core.ema(0, c.close.len() - 1, &c.close, 30, &mut out[0]).unwrap();
        }),
        ("RSI", "rsi:14", |core, c, out| {
            core.rsi(0, c.close.len() - 1, &c.close, 14, &mut out[0]).unwrap();
        }),
        ("MACD", "macd:12:26:9", |core, c, out| {
            let [a, b, d] = out else { return };
            core.macd(0, c.close.len() - 1, &c.close, 12, 26, 9, a, b, d).unwrap();
        }),
        ("BBANDS", "bbands:20:2:2:sma", |core, c, out| {
            let [a, b, d] = out else { return };
            core.bbands(0, c.close.len() - 1, &c.close, 20, 2.0, 2.0, MAType::SMA, a, b, d).unwrap();
        }),
        ("ATR", "atr:14", |core, c, out| {
            core.atr(0, c.close.len() - 1, &c.high, &c.low, &c.close, 14, &mut out[0]).unwrap();
        }),
        ("STOCH", "stoch:5:3:sma:3:sma", |core, c, out| {
            let [a, b, ..] = out else { return };
            core.stoch(0, c.close.len() - 1, &c.high, &c.low, &c.close, 5, 3, MAType::SMA, 3, MAType::SMA, a, b).unwrap();
        }),
    ]
}

fn bench(c: &mut Criterion) {
    let count = series::bars();
    let data = series::generate(count);
    let series =
        Series { open: &data.open, high: &data.high, low: &data.low, close: &data.close, volume: &data.volume, ..Series::default() };
    let bars: Vec<Bar> = (0..count)
        .map(|i| Bar {
            time: i as i64,
            open: data.open[i],
            high: data.high[i],
            low: data.low[i],
            close: data.close[i],
            volume: data.volume[i],
            periods: f64::NAN,
        })
        .collect();
    let core = Core::new();
    for (name, spec_text, talib) in headline() {
        // Indicators not in the registry yet are reported by bench-report, not faked.
        let Ok(spec) = Spec::parse(spec_text) else { continue };
        let mut group = c.benchmark_group(name);
        group.sample_size(10).throughput(Throughput::Elements(count as u64));
        group.bench_function(BenchmarkId::new("sigil_batch", spec_text), |b| {
            b.iter(|| black_box(spec.compute(black_box(&series)).unwrap()))
        });
        group.bench_function(BenchmarkId::new("sigil_stream", spec_text), |b| {
            b.iter(|| {
                let mut stream = spec.stream().unwrap();
                let mut out = [0.0; 4];
                for bar in &bars {
                    stream.update_into(bar, &mut out);
                }
                black_box(out)
            })
        });
        group.bench_function(BenchmarkId::new("talib_batch", spec_text), |b| {
            b.iter(|| {
                let mut out = vec![vec![0.0; count]; spec.def().outputs.len()];
                talib(&core, &data, &mut out);
                black_box(out)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
