use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Williams' %R (TA-Lib `WILLR`): where the close sits in the range of the last
/// `period` bars, from 0 (at the highest high) to -100 (at the lowest low).
///
/// First value at index `period - 1`. As in TA-Lib, a range that is zero relative to
/// the prices (`|high - low| <= 1e-14 * (|high| + |low|)`, so any price scale works)
/// gives 0, and a close outside the range is clamped to 0..=-100. Amortized O(1) per
/// bar (monotonic deques).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut willr = Spec::parse("willr:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// willr.update(&bar(10.0, 8.0, 9.0));
/// assert_eq!(willr.update(&bar(12.0, 9.0, 11.0)), [-25.0]); // 1 below the high of a 4 range
/// assert_eq!(willr.peek(&bar(12.0, 12.0, 12.0)), [0.0]); // closing at the window high
/// ```
#[derive(Debug, Clone)]
pub struct Willr {
    period: usize,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl Willr {
    pub const NAME: &'static str = "willr";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Willr, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Willr {
            period,
            highs: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut willr = Willr::new(period)?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| willr.update(h, l, c)).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let today = self.highs.pushed();
        let (highest, _) = self.highs.push(high);
        let (lowest, _) = self.lows.push(low);
        self.output(today, highest, lowest, close)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        let (highest, _) = self.highs.peek(high);
        let (lowest, _) = self.lows.peek(low);
        self.output(self.highs.pushed(), highest, lowest, close)
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
    }

    #[inline]
    fn output(&self, today: usize, highest: f64, lowest: f64, close: f64) -> f64 {
        if today + 1 < self.period {
            return f64::NAN;
        }
        let range = highest - lowest;
        if range.abs() <= 1e-14 * (highest.abs() + lowest.abs()) {
            return 0.0;
        }
        ((highest - close) / range * -100.0).clamp(-100.0, 0.0)
    }
}

bar_streaming!(Willr, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Willr::NAME,
    title: "Williams' %R",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Willr::DEFAULT_PERIOD, Willr::MIN_PERIOD, Willr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Willr::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Willr::new(int_param(p, 0))?, INPUTS, columns, 1))),
    stream: |p| Ok(Box::new(Willr::new(int_param(p, 0))?)),
};
