//! The benchmark series: a seeded random walk of OHLCV bars, generated identically by
//! scripts/bench-wasm.mjs (mulberry32 + the same arithmetic), so native and wasm runs
//! measure the same data.

pub const BARS: usize = 1_000_000;

/// The bars to run: [`BARS`], or `SIGIL_BENCH_BARS` (make test runs the sweep on a few
/// thousand bars so a bench that no longer runs is caught, not timed).
pub fn bars() -> usize {
    std::env::var("SIGIL_BENCH_BARS").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(BARS)
}
const SEED: u32 = 0x5167_11a5;

struct Mulberry32(u32);

impl Mulberry32 {
    /// A uniform number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
}

pub struct Columns {
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
}

pub fn generate(bars: usize) -> Columns {
    let mut rng = Mulberry32(SEED);
    let mut c = Columns { open: vec![], high: vec![], low: vec![], close: vec![], volume: vec![] };
    let mut price = 100.0;
    for _ in 0..bars {
        let open = price;
        price *= 1.0 + (rng.next() - 0.5) * 0.02;
        c.open.push(open);
        c.high.push(open.max(price) * (1.0 + rng.next() * 0.005));
        c.low.push(open.min(price) * (1.0 - rng.next() * 0.005));
        c.close.push(price);
        c.volume.push(1.0 + rng.next() * 1000.0);
    }
    c
}
