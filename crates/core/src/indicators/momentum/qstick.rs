use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{int_param, run_bars, timeperiod, Sma};
use crate::registry::IndicatorDef;

/// Qstick (TA-Lib `QSTICK`): the simple moving average of the candle body
/// `close - open` over `period` bars. First value at index `period - 1`; the running
/// total is kept exactly as TA-Lib keeps it (via [`Sma`]).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut qstick = Spec::parse("qstick:2").unwrap().stream().unwrap();
/// let bar = |open, close| Bar { open, close, ..Bar::default() };
/// assert!(qstick.update(&bar(10.0, 13.0))[0].is_nan());
/// assert_eq!(qstick.update(&bar(13.0, 12.0)), [1.0]); // (3 - 1) / 2
/// ```
#[derive(Debug, Clone)]
pub struct Qstick {
    bodies: Sma,
}

impl Qstick {
    pub const NAME: &'static str = "qstick";
    pub const DEFAULT_PERIOD: usize = 10;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Qstick, Error> {
        crate::indicators::check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Qstick { bodies: Sma::new(period)? })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(open: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut qstick = Qstick::new(period)?;
        Ok(open.iter().zip(close).map(|(&o, &c)| qstick.update(o, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, open: f64, close: f64) -> f64 {
        self.bodies.update(close - open)
    }

    #[inline]
    pub fn peek(&self, open: f64, close: f64) -> f64 {
        self.bodies.peek(close - open)
    }

    pub fn reset(&mut self) {
        self.bodies.reset();
    }
}

bar_streaming!(Qstick, open, close);

const INPUTS: &[Input] = &[Input::Open, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Qstick::NAME,
    title: "Qstick",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Qstick::DEFAULT_PERIOD, Qstick::MIN_PERIOD, Qstick::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Qstick::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Qstick::new(int_param(p, 0))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(Qstick::new(int_param(p, 0))?)),
};
