use super::bar_streaming;
use super::directional::{Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Average Directional Movement Index (TA-Lib `ADX`): Wilder-smoothed DX.
///
/// As in TA-Lib: DX starts at index `period`; the first ADX (index `2 * period - 1`)
/// is the sum of the first `period` DX values over `period`, then
/// `adx = (adx * (period - 1) + dx) / period`. Bars where DX is undefined (a flat stretch) add
/// nothing to the seed and leave ADX unchanged.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut adx = Spec::parse("adx:2").unwrap().stream().unwrap();
/// let rising = |i: f64| Bar { high: 10.0 + i, low: 9.0 + i, close: 9.5 + i, ..Bar::default() };
/// for i in 0..3 {
///     assert!(adx.update(&rising(i as f64))[0].is_nan());
/// }
/// assert_eq!(adx.update(&rising(3.0)), [100.0]); // (100 + 100) / 2: a steady rise
/// ```
#[derive(Debug, Clone)]
pub struct Adx {
    smoothing: Smoothing,
    state: Movement,
    /// The sum of DX while seeding, ADX afterwards.
    value: f64,
}

impl Adx {
    pub const NAME: &'static str = "adx";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Adx, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Adx { smoothing: Smoothing::new(period), state: Movement::START, value: 0.0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        (2 * period).saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut adx = Adx::new(period)?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| adx.update(h, l, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        (self.state, self.value) = self.advance(high, low, close);
        self.output(&self.state, self.value)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        let (state, value) = self.advance(high, low, close);
        self.output(&state, value)
    }

    pub fn reset(&mut self) {
        self.state = Movement::START;
        self.value = 0.0;
    }

    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64) -> (Movement, f64) {
        let state = self.smoothing.next(&self.state, high, low, close);
        let period = self.smoothing.period;
        // Bars consumed before this one, i.e. this bar's index.
        let index = self.state.bars;
        if index < period {
            return (state, self.value);
        }
        let Some(dx) = state.dx() else {
            let value = if index + 1 == 2 * period { self.value / period as f64 } else { self.value };
            return (state, value);
        };
        let value = if index + 1 < 2 * period {
            self.value + dx
        } else if index + 1 == 2 * period {
            (self.value + dx) / period as f64
        } else {
            (self.value * (period - 1) as f64 + dx) / period as f64
        };
        (state, value)
    }

    #[inline]
    fn output(&self, state: &Movement, value: f64) -> f64 {
        if state.bars > Self::lookback(self.smoothing.period) {
            value
        } else {
            f64::NAN
        }
    }
}

bar_streaming!(Adx, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Adx::NAME,
    title: "Average Directional Movement Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Adx::DEFAULT_PERIOD, Adx::MIN_PERIOD, Adx::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Adx::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Adx::new(int_param(p, 0))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(Adx::new(int_param(p, 0))?)),
};
