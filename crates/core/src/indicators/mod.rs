//! The indicators, one file each. Every type offers batch (`batch`), streaming
//! (`update`), `peek` at a forming bar without changing state, and `reset`.
//! Batch runs the same arithmetic as streaming, in the same order, so the two agree
//! to the bit.

pub(crate) mod cycle;
pub(crate) mod ema;
pub(crate) mod extras;
pub(crate) mod math;
pub(crate) mod momentum;
pub(crate) mod oscillator;
pub mod overlap;
pub(crate) mod rsi;
pub(crate) mod sma;
pub(crate) mod statistic;
pub(crate) mod tradingview;
pub(crate) mod volume;
pub(crate) mod window;

use crate::registry::IndicatorDef;

/// TradingView variants, by indicator name (see [`crate::registry::Mode`]).
#[cfg(feature = "full")]
pub(crate) static TRADINGVIEW: &[(&str, &crate::registry::Variant)] = tradingview::VARIANTS;
#[cfg(not(feature = "full"))]
pub(crate) static TRADINGVIEW: &[(&str, &crate::registry::Variant)] = tradingview::SLIM_VARIANTS;

/// The slim registry (no `full` feature): the moving averages, RSI, MACD, BBANDS, ATR
/// and STOCH. Only the registry reaches the other indicators from a wasm build, so
/// leaving them out here is what lets the linker drop their code.
#[cfg(not(feature = "full"))]
pub(crate) static FAMILIES: &[&[&IndicatorDef]] = &[&[&ema::DEF, &rsi::DEF, &sma::DEF], overlap::SLIM, oscillator::SLIM, volume::SLIM];

/// The registry entries of each family; the registry sorts them by name.
#[cfg(feature = "full")]
pub(crate) static FAMILIES: &[&[&IndicatorDef]] = &[
    &[&ema::DEF, &rsi::DEF, &sma::DEF],
    overlap::DEFS,
    math::DEFS,
    volume::DEFS,
    momentum::DEFS,
    oscillator::DEFS,
    statistic::DEFS,
    cycle::DEFS,
    extras::DEFS,
];

pub use ema::Ema;
pub use rsi::Rsi;
pub use sma::Sma;

pub use cycle::{HtDcPeriod, HtDcPhase, HtPhasor, HtSine, HtTrendMode, HtTrendline};
pub use extras::{Anchor, AnchoredVwap, ChandelierExit, Ichimoku, PivotMethod, Pivots, SessionVwap, UlcerIndex};
pub use math::{
    Acos, Add, Asin, Atan, AvgPrice, Ceil, Cos, Cosh, CumSum, Div, Exp, Floor, HeikinAshi, Ln, Log10, Max, MaxIndex, MedPrice, MidPoint,
    MidPrice, Min, MinIndex, MinMax, MinMaxIndex, Mult, Sin, Sinh, Sqrt, Sub, Sum, Tan, Tanh, TypPrice, WclPrice,
};
pub use momentum::{
    Adx, Adxr, Aroon, AroonOsc, Bop, Cci, Dx, Er, Eri, Fractal, Imi, MinusDi, MinusDm, PlusDi, PlusDm, Qstick, Sar, SarExt, SarExtParams,
    UltOsc, Vhf, Vortex, Wad, Willr,
};
pub use oscillator::{
    Ac, Ao, Cmo, Cmou, Coppock, Dpo, Fosc, Macd, MacdFix, MacdValue, Mfi, Mom, Roc, Rocp, Rocr, Rocr100, Smi, SmiValue, Trix, Tsi,
};
pub use overlap::{
    Apo, Bbands, Dema, Hma, Kama, Kdj, MacdExt, Mama, Mavp, MovingAverage, Ppo, Pvo, Rma, Stoch, StochF, StochRsi, Tema, Trima, Vwma, Wma,
    Zlema, T3,
};
pub use statistic::{
    Avgdev, Beta, Correl, LinearReg, LinearRegAngle, LinearRegIntercept, LinearRegSlope, PercentRank, Percentile, StdDev, Tsf, Var,
};
pub use volume::{
    AccBands, Ad, AdOsc, Adr, Atr, Cmf, Cvi, Donchian, Efi, Keltner, MarketFi, MassIndex, Natr, Nvi, Obv, Pvi, Pvt, RelativeVolume, Rvi,
    SuperTrend, TrueRange, Vwap,
};

use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::registry::{ParamDef, ParamKind, Streaming};
use crate::Decimal;

/// Checks an integer period against its range, naming the parameter on failure.
pub(crate) fn check_period(indicator: &'static str, parameter: &'static str, value: usize, min: usize, max: usize) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter { indicator, parameter, value: value.to_string(), expected: format!("an integer in {min}..={max}") })
    }
}

/// Checks a real parameter against its range (finite values only), naming it on failure.
pub(crate) fn check_real(indicator: &'static str, parameter: &'static str, value: f64, min: f64, max: f64) -> Result<(), Error> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            indicator,
            parameter,
            value: Decimal(value).to_string(),
            expected: format!("a number in {}..={}", Decimal(min), Decimal(max)),
        })
    }
}

/// Runs a single-input streaming indicator over a whole column.
pub(crate) fn run_batch(input: &[f64], mut step: impl FnMut(f64) -> f64) -> Vec<f64> {
    input.iter().map(|&x| step(x)).collect()
}

/// A float's bits as an integer that orders like the float (−0 just below +0, NaN at
/// the ends; the order of `f64::total_cmp`): negative floats order backwards as integers, so all but their sign bit
/// is flipped.
#[inline(always)]
pub(crate) fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The inverse of [`order_key`] (which is its own inverse).
#[inline(always)]
pub(crate) fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

/// A one-input, one-output indicator, so [`OnInput`] can serve them all.
pub(crate) trait SingleSeries: Send + 'static {
    fn update(&mut self, x: f64) -> f64;
    fn peek(&self, x: f64) -> f64;
    fn reset(&mut self);
}

/// Implements [`SingleSeries`] by delegating to the inherent methods of the same names,
/// and with the `ta` feature, ta-rs's `Next<f64>`, `Next<&T: Close>` and `Reset`.
macro_rules! single_series {
    ($t:ty) => {
        impl $crate::indicators::SingleSeries for $t {
            fn update(&mut self, x: f64) -> f64 {
                <$t>::update(self, x)
            }
            fn peek(&self, x: f64) -> f64 {
                <$t>::peek(self, x)
            }
            fn reset(&mut self) {
                <$t>::reset(self)
            }
        }
        $crate::interop_ta::single_series_ta!($t);
    };
}
pub(crate) use single_series;

/// Feeds one bar column to a single-series indicator.
pub(crate) struct OnInput<T> {
    input: Input,
    inner: T,
}

impl<T: SingleSeries> Streaming for OnInput<T> {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.inner.update(bar.get(self.input));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.inner.peek(bar.get(self.input));
    }
    fn reset(&mut self) {
        self.inner.reset();
    }
}

pub(crate) fn on_input<T: SingleSeries>(input: Input, inner: T) -> Box<dyn Streaming> {
    Box::new(OnInput { input, inner })
}

/// Integer parameter `i`, already validated by the spec parser (0 if absent, which
/// the indicator's own constructor then rejects).
pub(crate) fn int_param(params: &[f64], i: usize) -> usize {
    params.get(i).map_or(0, |&v| v as usize)
}

/// First input column, or an empty one (which gives an empty output).
pub(crate) fn first<'a>(columns: &[&'a [f64]]) -> &'a [f64] {
    columns.first().copied().unwrap_or(&[])
}

/// The usual `timeperiod` parameter.
pub(crate) const fn timeperiod(default: usize, min: usize, max: usize) -> ParamDef {
    ParamDef {
        name: "timeperiod",
        kind: ParamKind::Integer { min: min as i64, max: max as i64 },
        default: default as f64,
        description: "Number of bars in the window",
    }
}

/// Batch through a streaming implementation: builds each bar from the input columns
/// (the others stay 0) and collects every output. Indicators whose batch needs no more
/// speed than streaming use this, which also makes batch and streaming agree to the bit.
pub(crate) fn run_bars<S: Streaming>(mut indicator: S, inputs: &[Input], columns: &[&[f64]], outputs: usize) -> Vec<Vec<f64>> {
    run_bars_on(&mut indicator, inputs, columns, outputs)
}

/// [`run_bars`] on a borrowed (possibly `dyn`) instance.
pub(crate) fn run_bars_on<S: Streaming + ?Sized>(indicator: &mut S, inputs: &[Input], columns: &[&[f64]], outputs: usize) -> Vec<Vec<f64>> {
    // Columns of one series have one length; the shortest bounds the loop all the same.
    let rows = columns.iter().take(inputs.len()).map(|c| c.len()).min().unwrap_or(0);
    // Not `vec![Vec::with_capacity(rows); outputs]`: cloning an empty Vec drops its
    // capacity, and every output but the last would regrow (and copy) as it fills.
    let mut result: Vec<Vec<f64>> = (0..outputs).map(|_| Vec::with_capacity(rows)).collect();
    let mut out = vec![f64::NAN; outputs];
    let mut bar = Bar::default();
    for row in 0..rows {
        for (input, column) in inputs.iter().zip(columns) {
            bar.set(*input, column.get(row).copied().unwrap_or(f64::NAN));
        }
        indicator.update(&bar, &mut out);
        for (column, value) in result.iter_mut().zip(&out) {
            column.push(*value);
        }
    }
    result
}

/// Checks shared by the dedicated batch kernels' unit tests.
#[cfg(test)]
pub(crate) mod kernel_checks {
    /// `len` inputs mixing a random walk with the values a kernel must carry exactly as
    /// `update` does: NaN, infinities, signed zeros, ties.
    pub(crate) fn awkward_series(len: usize) -> Vec<f64> {
        (0..len as u64)
            .map(|i| match i % 23 {
                5 => f64::NAN,
                11 if i > 40 => f64::INFINITY,
                13 => -0.0,
                17 => 7.0,
                _ => 100.0 + ((i * 2_654_435_761) % 1000) as f64 / 10.0,
            })
            .collect()
    }

    /// `len` inputs of a deterministic price walk.
    pub(crate) fn walk_series(len: usize) -> Vec<f64> {
        (0..len as u64).map(|i| 50.0 + ((i * 7919) % 97) as f64 * 0.37).collect()
    }

    /// A batch kernel against `update` on every prefix of a walk, of an awkward series
    /// and of a flat one: the same bits (NaN for NaN) and the same length.
    pub(crate) fn assert_batch_is_updates(name: &str, batch: impl Fn(&[f64]) -> Vec<f64>, mut updates: impl FnMut(&[f64]) -> Vec<f64>) {
        for (kind, series) in [("walk", walk_series(90)), ("awkward", awkward_series(90)), ("flat", vec![3.5; 90])] {
            for len in 0..=series.len() {
                let (got, expected) = (batch(&series[..len]), updates(&series[..len]));
                assert_eq!(got.len(), len, "{name} {kind}: length");
                for (i, (a, b)) in got.iter().zip(&expected).enumerate() {
                    assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{name} {kind} len {len} bar {i}: {a} vs {b}");
                }
            }
        }
    }

    /// The bar whose value bar `i` repeats in a series with pauses: `pause` moving bars
    /// alternate with `pause` unmoving ones (0: no pause). Flat runs longer than short
    /// periods reach the branches where running sums are reset to exactly zero.
    pub(crate) fn paused_index(i: usize, pause: usize) -> usize {
        if pause == 0 || i % (2 * pause) < pause {
            i
        } else {
            i - i % (2 * pause) + pause - 1
        }
    }

    /// [`assert_batch_is_updates`] for a single-series kernel on the test series scaled
    /// by 1, 1e-12 and 1e300 (tiny and huge magnitudes, overflowing sums), each with and
    /// without pauses ([`paused_index`]). `updates` starts a fresh indicator.
    pub(crate) fn assert_scaled_paused_batch_is_updates(
        name: &str,
        batch: impl Fn(&[f64]) -> Vec<f64>,
        updates: impl Fn(&[f64]) -> Vec<f64>,
    ) {
        for scale in [1.0, 1e-12, 1e300] {
            for pause in [0, 8] {
                let scaled = |x: &[f64]| (0..x.len()).map(|i| x[paused_index(i, pause)] * scale).collect::<Vec<f64>>();
                assert_batch_is_updates(&format!("{name} x{scale} pause {pause}"), |x| batch(&scaled(x)), |x| updates(&scaled(x)));
            }
        }
    }

    /// [`assert_scaled_paused_batch_is_updates`] for a single-series indicator whose one
    /// parameter is its period, at each of `periods`: `batch` against a fresh `new(period)`
    /// fed bar by bar.
    pub(crate) fn assert_period_batch_is_updates<T: super::SingleSeries>(
        name: &str,
        periods: &[usize],
        new: fn(usize) -> Result<T, crate::Error>,
        batch: fn(&[f64], usize) -> Result<Vec<f64>, crate::Error>,
    ) {
        for &period in periods {
            assert_scaled_paused_batch_is_updates(
                &format!("{name}:{period}"),
                |x| batch(x, period).unwrap_or_else(|e| panic!("{name}:{period}: {e}")),
                |x| {
                    let mut indicator = new(period).unwrap_or_else(|e| panic!("{name}:{period}: {e}"));
                    x.iter().map(|&v| indicator.update(v)).collect()
                },
            );
        }
    }

    /// [`assert_batch_is_updates`] for a kernel on high and low (AO, SAR, SAREXT, MASSI):
    /// each test series times `scale` is the high, and the low trails it by 0, 1 or 2
    /// times `scale` (NaN or infinite where the series is), so ranges are sometimes zero.
    /// `batch` and `updates` receive the two columns; `updates` starts a fresh indicator.
    pub(crate) fn assert_high_low_batch_is_updates(
        name: &str,
        scale: f64,
        batch: impl Fn(&[f64], &[f64]) -> Vec<f64>,
        updates: impl Fn(&[f64], &[f64]) -> Vec<f64>,
    ) {
        let columns = |x: &[f64]| -> (Vec<f64>, Vec<f64>) {
            let high: Vec<f64> = x.iter().map(|v| v * scale).collect();
            let low = high.iter().enumerate().map(|(i, &h)| h - scale * (i % 3) as f64).collect();
            (high, low)
        };
        let in_batch = |x: &[f64]| {
            let (high, low) = columns(x);
            batch(&high, &low)
        };
        let bar_by_bar = |x: &[f64]| {
            let (high, low) = columns(x);
            updates(&high, &low)
        };
        assert_batch_is_updates(&format!("{name} x{scale}"), in_batch, bar_by_bar);
    }

    /// High, low and close around a close series `x` times `scale`: every ninth bar
    /// starts a run of three without range, the others reach up to `scale` on either side.
    pub(crate) fn bars_around(x: &[f64], scale: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let spread = |i: usize| if i % 9 < 3 { 0.0 } else { (i % 5) as f64 * 0.25 * scale };
        let close: Vec<f64> = x.iter().map(|&c| c * scale).collect();
        let high = close.iter().enumerate().map(|(i, &c)| c + spread(i)).collect();
        let low = close.iter().enumerate().map(|(i, &c)| c - spread(i + 1)).collect();
        (high, low, close)
    }

    /// [`assert_batch_is_updates`] for a kernel on high, low and close: [`bars_around`]
    /// each test series, and bars without range on the series with pauses (flat
    /// stretches after moving ones, [`paused_index`]), at scales 1, 1e-12 and 1e300.
    /// `batch` and `updates` receive the three columns; `updates` starts a fresh indicator.
    pub(crate) fn assert_bars_batch_is_updates(
        name: &str,
        batch: impl Fn(&[f64], &[f64], &[f64]) -> Vec<f64>,
        updates: impl Fn(&[f64], &[f64], &[f64]) -> Vec<f64>,
    ) {
        for scale in [1.0, 1e-12, 1e300] {
            for pause in [0, 8] {
                let columns = |x: &[f64]| {
                    if pause == 0 {
                        bars_around(x, scale)
                    } else {
                        let price: Vec<f64> = (0..x.len()).map(|i| x[paused_index(i, pause)] * scale).collect();
                        (price.clone(), price.clone(), price)
                    }
                };
                let in_batch = |x: &[f64]| {
                    let (high, low, close) = columns(x);
                    batch(&high, &low, &close)
                };
                let bar_by_bar = |x: &[f64]| {
                    let (high, low, close) = columns(x);
                    updates(&high, &low, &close)
                };
                assert_batch_is_updates(&format!("{name} x{scale} pause {pause}"), in_batch, bar_by_bar);
            }
        }
    }

    /// The single-series kernels with a dedicated batch: `batch` against `update`.
    #[test]
    fn single_series_batch_is_updates_bit_for_bit() {
        use crate::indicators::{Ema, Rsi, Sma};
        fn check<T: super::SingleSeries>(
            name: &str,
            periods: std::ops::RangeInclusive<usize>,
            new: fn(usize) -> Result<T, crate::Error>,
            batch: fn(&[f64], usize) -> Result<Vec<f64>, crate::Error>,
        ) {
            for period in periods {
                let (Ok(_), Ok(_)) = (new(period), batch(&[], period)) else { panic!("{name}:{period} rejected") };
                let updates = |x: &[f64]| {
                    let Ok(mut indicator) = new(period) else { return Vec::new() };
                    x.iter().map(|&v| indicator.update(v)).collect()
                };
                assert_batch_is_updates(&format!("{name}:{period}"), |x| batch(x, period).unwrap_or_default(), updates);
            }
        }
        check("sma", 1..=7, Sma::new, Sma::batch);
        // Odd and even periods: EMA's pairs start on either side of a slot pair.
        check("ema", 1..=8, Ema::new, Ema::batch);
        check("rsi", 2..=7, Rsi::new, Rsi::batch);
        // A seed window of negative zeros: `update` sums from 0.0, so the seed is +0.0.
        let zeros = [-0.0; 4];
        for period in 1..=4 {
            let mut ema = Ema::new(period).unwrap();
            let updates: Vec<u64> = zeros.iter().map(|&x| ema.update(x).to_bits()).collect();
            let batch: Vec<u64> = Ema::batch(&zeros, period).unwrap().iter().map(|v| v.to_bits()).collect();
            assert_eq!(batch[period - 1..], updates[period - 1..], "ema:{period} on -0.0");
        }
    }
}
