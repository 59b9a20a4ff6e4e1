use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
use crate::registry::IndicatorDef;

/// Aroon (TA-Lib `AROON`): how recently the window's high and low were set, as
/// `(aroondown, aroonup)` in percent.
///
/// The window is the last `period + 1` bars, so the first value is at index `period`;
/// `aroonup = 100 / period * (period - bars since the highest high)`. When several
/// bars share the extreme the most recent counts, as in TA-Lib. Amortized O(1) per
/// bar (monotonic deques).
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut aroon = Spec::parse("aroon:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// aroon.update(&bar(10.0, 9.0));
/// aroon.update(&bar(11.0, 8.0));
/// assert_eq!(aroon.update(&bar(10.5, 9.5)), [50.0, 50.0]); // high and low set 1 bar ago
/// assert_eq!(aroon.peek(&bar(12.0, 9.0)), [0.0, 100.0]); // a new high today; the low now 2 bars old
/// ```
#[derive(Debug, Clone)]
pub struct Aroon {
    period: usize,
    factor: f64,
    highs: RollingExtreme,
    lows: RollingExtreme,
}

impl Aroon {
    pub const NAME: &'static str = "aroon";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Aroon, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Aroon {
            period,
            factor: 100.0 / period as f64,
            highs: RollingExtreme::new(period + 1, Extreme::Max, Ties::Latest),
            lows: RollingExtreme::new(period + 1, Extreme::Min, Ties::Latest),
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// `(aroondown, aroonup)` columns.
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut aroon = Aroon::new(period)?;
        Ok(high.iter().zip(low).map(|(&h, &l)| aroon.update(h, l)).unzip())
    }

    /// `(aroondown, aroonup)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> (f64, f64) {
        let today = self.highs.pushed();
        let highest = self.highs.push(high);
        let lowest = self.lows.push(low);
        self.output(today, highest, lowest)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> (f64, f64) {
        let highest = self.highs.peek(high);
        let lowest = self.lows.peek(low);
        self.output(self.highs.pushed(), highest, lowest)
    }

    pub fn reset(&mut self) {
        self.highs.reset();
        self.lows.reset();
    }

    #[inline]
    /// From the (value, index) of the window's lowest low and highest high; a NaN in
    /// the window (the extreme's value is NaN) gives NaN.
    fn output(&self, today: usize, highest: (f64, usize), lowest: (f64, usize)) -> (f64, f64) {
        if today < self.period {
            return (f64::NAN, f64::NAN);
        }
        let recency = |(value, extreme): (f64, usize)| {
            if value.is_nan() {
                f64::NAN
            } else {
                self.factor * (self.period - (today - extreme)) as f64
            }
        };
        (recency(lowest), recency(highest))
    }
}

bar_streaming!(Aroon, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Aroon::NAME,
    title: "Aroon",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Aroon::DEFAULT_PERIOD, Aroon::MIN_PERIOD, Aroon::MAX_PERIOD)],
    outputs: &["aroondown", "aroonup"],
    overlay: false,
    lookback: |p| Aroon::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(run_bars(Aroon::new(int_param(p, 0))?, INPUTS, columns, 2))),
    stream: |p| Ok(Box::new(Aroon::new(int_param(p, 0))?)),
};
