use super::window_sum::WindowSum;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Vertical Horizontal Filter (TA-Lib `VHF`): the range of the last `period` closes
/// over the sum of the last `period` absolute one-bar changes (the first of which
/// reaches back to the close before the range); 0 when nothing moved. First value at
/// index `period`.
///
/// TA-Lib rescans the window every bar; this keeps monotonic deques for the range and
/// a running sum of the changes, re-added exactly once per `period` bars (amortized
/// O(1)), so values agree with TA-Lib's to rounding and a flat window gives exactly 0.
///
/// ```
/// use sigil_core::{Series, Spec};
/// let close = [1.0, 2.0, 1.0, 3.0];
/// let out = Spec::parse("vhf:3").unwrap().compute(&Series::from_close(&close)).unwrap();
/// assert_eq!(out[0][3], 2.0 / 4.0); // range of 2, 1, 3 over |1| + |-1| + |2|
/// ```
#[derive(Debug, Clone)]
pub struct Vhf {
    period: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
    changes: WindowSum,
    prev: f64,
}

impl Vhf {
    pub const NAME: &'static str = "vhf";
    pub const DEFAULT_PERIOD: usize = 28;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Vhf, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Vhf {
            period,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
            changes: WindowSum::new(period),
            prev: f64::NAN,
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut vhf = Vhf::new(period)?;
        Ok(run_batch(close, |x| vhf.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let today = self.highest.pushed();
        let (highest, _) = self.highest.push(x);
        let (lowest, _) = self.lowest.push(x);
        if today == 0 {
            self.prev = x;
            return f64::NAN;
        }
        let sum = self.changes.push((x - self.prev).abs());
        self.prev = x;
        self.output(today, highest, lowest, sum)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let today = self.highest.pushed();
        if today == 0 {
            return f64::NAN;
        }
        let (highest, _) = self.highest.peek(x);
        let (lowest, _) = self.lowest.peek(x);
        self.output(today, highest, lowest, self.changes.with((x - self.prev).abs()))
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
        self.changes.reset();
        self.prev = f64::NAN;
    }

    #[inline]
    fn output(&self, today: usize, highest: f64, lowest: f64, sum: f64) -> f64 {
        if today < self.period {
            f64::NAN
        } else if sum > 0.0 {
            (highest - lowest) / sum
        } else {
            0.0
        }
    }
}

single_series!(Vhf);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Vhf::NAME,
    title: "Vertical Horizontal Filter",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Vhf::DEFAULT_PERIOD, Vhf::MIN_PERIOD, Vhf::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Vhf::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Vhf::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Vhf::new(int_param(p, 0))?)),
};
