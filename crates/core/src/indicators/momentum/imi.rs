use super::bar_streaming;
use super::window_sum::WindowSum;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Intraday Momentum Index (TA-Lib `IMI`): RSI built from each bar's own body
/// (`close - open`) over the last `period` bars: `100 * up / (up + down)`, 50 when no
/// bar has a body. First value at index `period - 1`.
///
/// TA-Lib re-adds the window every bar; this keeps running sums re-added exactly once
/// per `period` bars (amortized O(1)), so values agree to rounding and a window of
/// bodiless bars gives exactly 50.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut imi = Spec::parse("imi:2").unwrap().stream().unwrap();
/// let bar = |open, close| Bar { open, close, ..Bar::default() };
/// imi.update(&bar(10.0, 13.0));
/// assert_eq!(imi.update(&bar(13.0, 12.0)), [75.0]); // up 3, down 1
/// assert_eq!(imi.peek(&bar(12.0, 12.0)), [0.0]); // the window is now -1 and a doji
/// ```
#[derive(Debug, Clone)]
pub struct Imi {
    period: usize,
    /// Bars seen (saturating).
    bars: usize,
    up: WindowSum,
    down: WindowSum,
}

impl Imi {
    pub const NAME: &'static str = "imi";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Imi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Imi { period, bars: 0, up: WindowSum::new(period), down: WindowSum::new(period) })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(open: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut imi = Imi::new(period)?;
        Ok(open.iter().zip(close).map(|(&o, &c)| imi.update(o, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, open: f64, close: f64) -> f64 {
        let (up, down) = Self::split(open, close);
        self.bars = self.bars.saturating_add(1);
        let up = self.up.push(up);
        let down = self.down.push(down);
        self.output(self.bars, up, down)
    }

    #[inline]
    pub fn peek(&self, open: f64, close: f64) -> f64 {
        let (up, down) = Self::split(open, close);
        self.output(self.bars.saturating_add(1), self.up.with(up), self.down.with(down))
    }

    pub fn reset(&mut self) {
        self.bars = 0;
        self.up.reset();
        self.down.reset();
    }

    /// The body as (up, down) parts, TA-Lib's arithmetic.
    #[inline]
    fn split(open: f64, close: f64) -> (f64, f64) {
        let body = close - open;
        let up = (body + body.abs()) * 0.5;
        (up, up - body)
    }

    #[inline]
    fn output(&self, bars: usize, up: f64, down: f64) -> f64 {
        if bars < self.period {
            f64::NAN
        } else if up + down == 0.0 {
            50.0
        } else {
            100.0 * (up / (up + down))
        }
    }
}

bar_streaming!(Imi, open, close);

const INPUTS: &[Input] = &[Input::Open, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Imi::NAME,
    title: "Intraday Momentum Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Imi::DEFAULT_PERIOD, Imi::MIN_PERIOD, Imi::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Imi::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Imi::new(int_param(p, 0))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(Imi::new(int_param(p, 0))?)),
};
