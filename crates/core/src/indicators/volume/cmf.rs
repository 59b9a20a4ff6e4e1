use super::ad::money_flow_volume;
use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Chaikin money flow (TA-Lib `CMF`): the sum of the money flow volume of the last
/// `period` bars over the sum of their volume.
///
/// TA-Lib 0.8.1's conventions: a bar without range has no money flow, and a window
/// whose volume total is not positive gives 0. Both totals are running sums (drop the
/// oldest bar, add the newest), so a window of zero volumes can hold a rounding residue
/// of the bars that left and give a value from it, as TA-Lib 0.8.1 does; the `ta-lib`
/// crate 0.8.3 resets the totals there instead.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut cmf = Spec::parse("cmf:2").unwrap().stream().unwrap();
/// let bar = |close, volume| Bar { high: 10.0, low: 8.0, close, volume, ..Bar::default() };
/// assert!(cmf.update(&bar(10.0, 30.0))[0].is_nan()); // flow +30
/// assert_eq!(cmf.update(&bar(8.0, 10.0)), [0.5]); // (30 - 10) / (30 + 10)
/// assert_eq!(cmf.peek(&bar(9.0, 10.0)), [-0.5]); // (-10 + 0) / 20
/// ```
#[derive(Debug, Clone)]
pub struct Cmf {
    period: usize,
    /// Money flow volume and volume of the last `period` bars, oldest at `oldest` once full.
    flows: Vec<f64>,
    volumes: Vec<f64>,
    oldest: usize,
    flow_total: f64,
    volume_total: f64,
}

/// The state a bar leads to, before it is stored.
struct Step {
    flow: f64,
    flow_total: f64,
    volume_total: f64,
    value: f64,
}

impl Cmf {
    pub const NAME: &'static str = "cmf";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Cmf, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cmf {
            period,
            flows: Vec::with_capacity(period),
            volumes: Vec::with_capacity(period),
            oldest: 0,
            flow_total: 0.0,
            volume_total: 0.0,
        })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut cmf = Cmf::new(period)?;
        let n = rows(&[high, low, close, volume]);
        Ok((0..n).map(|i| cmf.update(high[i], low[i], close[i], volume[i])).collect())
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        let step = self.advance(high, low, close, volume);
        self.flow_total = step.flow_total;
        self.volume_total = step.volume_total;
        if self.flows.len() < self.period {
            self.flows.push(step.flow);
            self.volumes.push(volume);
        } else {
            self.flows[self.oldest] = step.flow;
            self.volumes[self.oldest] = volume;
            self.oldest = if self.oldest + 1 == self.period { 0 } else { self.oldest + 1 };
        }
        step.value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64, volume: f64) -> f64 {
        self.advance(high, low, close, volume).value
    }

    pub fn reset(&mut self) {
        self.flows.clear();
        self.volumes.clear();
        self.oldest = 0;
        self.flow_total = 0.0;
        self.volume_total = 0.0;
    }

    /// TA-Lib's order once the window is full: drop the oldest bar, then add this one.
    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64, volume: f64) -> Step {
        let flow = money_flow_volume(high, low, close, volume);
        let full = self.flows.len() == self.period;
        let (mut flow_total, mut volume_total) = (self.flow_total, self.volume_total);
        if full {
            flow_total -= self.flows[self.oldest];
            volume_total -= self.volumes[self.oldest];
        }
        flow_total += flow;
        volume_total += volume;
        let value = if self.flows.len() + 1 < self.period {
            f64::NAN
        } else if volume_total > 0.0 {
            flow_total / volume_total
        } else {
            0.0
        };
        Step { flow, flow_total, volume_total, value }
    }
}

impl Streaming for Cmf {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Cmf::update(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &[Cmf::peek(self, bar.high, bar.low, bar.close, bar.volume)]);
    }
    fn reset(&mut self) {
        Cmf::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cmf::NAME,
    title: "Chaikin Money Flow",
    group: "Volume Indicators",
    inputs: &[Input::High, Input::Low, Input::Close, Input::Volume],
    params: &[timeperiod(Cmf::DEFAULT_PERIOD, Cmf::MIN_PERIOD, Cmf::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cmf::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(vec![Cmf::batch(column(c, 0), column(c, 1), column(c, 2), column(c, 3), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(Cmf::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_volume_windows_give_zero() {
        let v = [0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 50.0];
        let out = Cmf::batch(&[10.0; 7], &[9.0; 7], &[9.5; 7], &v, 2).unwrap();
        assert!(out[0].is_nan());
        assert!(out[1..].iter().all(|&x| x == 0.0));
    }

    #[test]
    fn a_dead_window_keeps_the_residue_like_talib_0_8_1() {
        let (h, l, c) = ([10.0; 12], [9.0; 12], [9.9; 12]);
        let v = [1e12, 0.3, 0.0, 0.0, 0.0, 7.0, 7.0, 7.0, 0.0, 0.0, 0.0, 1.0];
        let out = Cmf::batch(&h, &l, &c, &v, 3).unwrap();
        // Python talib 0.8.2 (TA-Lib C 0.8.1) on the same input.
        let talib = [0.8, 0.79983727, -0.2, 0.79999302, 0.79999651, 0.79999767, 0.79999651, 0.79999302, -0.2, 0.79995117];
        for (ours, theirs) in out[2..].iter().zip(talib) {
            assert!((ours - theirs).abs() < 1e-8, "{ours} vs {theirs}");
        }
    }

    #[test]
    fn flat_bars_and_short_input() {
        let out = Cmf::batch(&[5.0; 3], &[5.0; 3], &[5.0; 3], &[1e12; 3], 2).unwrap();
        assert_eq!(out[1..], [0.0, 0.0]);
        assert!(Cmf::batch(&[5.0], &[5.0], &[5.0], &[1.0], 2).unwrap()[0].is_nan());
        assert!(Cmf::new(1).unwrap_err().to_string().contains("2..=100000"));
    }
}
