use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod, Ema};
use crate::registry::IndicatorDef;

/// Elder Ray Index (TA-Lib `ERI`): `(bullpower, bearpower)` = `(high - ema, low - ema)`
/// with the EMA of the close over `period` bars (TA-Lib's EMA: seeded with the SMA of the
/// first `period` closes). First value at index `period - 1`.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut eri = Spec::parse("eri:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// eri.update(&bar(11.0, 9.0, 10.0));
/// assert_eq!(eri.update(&bar(13.0, 11.0, 12.0)), [2.0, 0.0]); // EMA seed 11
/// ```
#[derive(Debug, Clone)]
pub struct Eri {
    ema: Ema,
}

impl Eri {
    pub const NAME: &'static str = "eri";
    pub const DEFAULT_PERIOD: usize = 13;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Eri, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Eri { ema: Ema::new(period)? })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// `(bullpower, bearpower)` columns.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut eri = Eri::new(period)?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| eri.update(h, l, c)).unzip())
    }

    /// `(bullpower, bearpower)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let ema = self.ema.update(close);
        (high - ema, low - ema)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let ema = self.ema.peek(close);
        (high - ema, low - ema)
    }

    pub fn reset(&mut self) {
        self.ema.reset();
    }
}

bar_streaming!(Eri, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Eri::NAME,
    title: "Elder Ray Index (Bull Power / Bear Power)",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Eri::DEFAULT_PERIOD, Eri::MIN_PERIOD, Eri::MAX_PERIOD)],
    outputs: &["bullpower", "bearpower"],
    overlay: false,
    lookback: |p| Eri::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Eri::new(int_param(p, 0))?, INPUTS, columns, 2))),
    stream: |p| Ok(Box::new(Eri::new(int_param(p, 0))?)),
};
