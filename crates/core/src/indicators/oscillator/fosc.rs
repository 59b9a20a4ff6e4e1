use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Forecast Oscillator (TA-Lib 0.8.1 `FOSC`): how far, in percent of the input, the
/// input lies from the time-series forecast (TSF) made one bar earlier:
/// `100 * (x - forecast) / x`, 0 where `x` is exactly 0.
///
/// The forecast is the least-squares line over the last `period` inputs, extended one
/// bar. As in TA-Lib its sums slide in O(1) and are rebuilt from the window every
/// `32 * period` bars, and also whenever the value leaving the window outweighs the
/// whole window a hundredfold (a crash or a spike would otherwise leave cancellation
/// error behind). Streaming cost: amortized O(1), but O(period) on a bar that triggers
/// that magnitude rebuild, which a pathological series could do on every bar. `peek`
/// is always O(1).
///
/// ```
/// use sigil_core::indicators::Fosc;
/// let mut fosc = Fosc::new(3).unwrap();
/// for x in [1.0, 2.0, 3.0] {
///     assert!(fosc.update(x).is_nan());
/// }
/// assert_eq!(fosc.peek(4.0), 0.0); // on the line 1, 2, 3 forecast
/// assert_eq!(fosc.update(5.0), 20.0); // 100 * (5 - 4) / 5
/// ```
#[derive(Debug, Clone)]
pub struct Fosc {
    period: usize,
    window: History,
    /// Sum of the window, and of each input times its age in bars (0 = newest).
    sum: f64,
    sum_by_age: f64,
    sum_magnitude: f64,
    bars_to_rebuild: usize,
    /// The forecast for the next bar, once the window is full.
    forecast: Option<f64>,
    sum_ages: f64,
    divisor: f64,
}

impl Fosc {
    pub const NAME: &'static str = "fosc";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;
    const REBUILD_EVERY_PERIODS: usize = 32;
    /// A leaving value this many times the window's total magnitude forces a rebuild.
    const REBUILD_RATIO: f64 = 100.0;

    pub fn new(period: usize) -> Result<Fosc, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let n = period as f64;
        let sum_ages = n * (n - 1.0) * 0.5;
        let sum_squared_ages = n * (n - 1.0) * (2.0 * n - 1.0) / 6.0;
        Ok(Fosc {
            period,
            window: History::new(period),
            sum: 0.0,
            sum_by_age: 0.0,
            sum_magnitude: 0.0,
            bars_to_rebuild: 0,
            forecast: None,
            sum_ages,
            divisor: sum_ages * sum_ages - n * sum_squared_ages,
        })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut fosc = Fosc::new(period)?;
        Ok(run_batch(input, |x| fosc.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let out = self.peek(x);
        if self.window.is_full() {
            let leaving = self.window.ago(self.period).unwrap_or(0.0);
            self.window.push(x);
            let weighted_leaving = self.period as f64 * leaving;
            self.sum_by_age = self.sum_by_age + self.sum - weighted_leaving;
            self.sum = self.sum - leaving + x;
            self.sum_magnitude = self.sum_magnitude - leaving.abs() + x.abs();
            self.bars_to_rebuild -= 1;
            if self.bars_to_rebuild == 0 || weighted_leaving.abs() > Self::REBUILD_RATIO * self.sum_magnitude {
                self.rebuild();
            }
        } else {
            self.window.push(x);
            if !self.window.is_full() {
                return out;
            }
            self.rebuild();
        }
        let n = self.period as f64;
        let slope = (n * self.sum_by_age - self.sum_ages * self.sum) / self.divisor;
        let intercept = (self.sum - slope * self.sum_ages) / n;
        self.forecast = Some(intercept + slope * n);
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        match self.forecast {
            None => f64::NAN,
            Some(forecast) if x != 0.0 => 100.0 * (x - forecast) / x,
            Some(_) => 0.0,
        }
    }

    pub fn reset(&mut self) {
        self.window.reset();
        self.sum = 0.0;
        self.sum_by_age = 0.0;
        self.sum_magnitude = 0.0;
        self.bars_to_rebuild = 0;
        self.forecast = None;
    }

    /// The sums afresh from the window, oldest first as TA-Lib adds them.
    fn rebuild(&mut self) {
        let (mut sum, mut sum_by_age, mut sum_magnitude) = (0.0, 0.0, 0.0);
        let mut age = (self.period - 1) as f64;
        for value in self.window.oldest_first() {
            sum += value;
            sum_by_age += age * value;
            sum_magnitude += value.abs();
            age -= 1.0;
        }
        (self.sum, self.sum_by_age, self.sum_magnitude) = (sum, sum_by_age, sum_magnitude);
        self.bars_to_rebuild = Self::REBUILD_EVERY_PERIODS * self.period;
    }
}

single_series!(Fosc);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Fosc::NAME,
    title: "Forecast Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Fosc::DEFAULT_PERIOD, Fosc::MIN_PERIOD, Fosc::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Fosc::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Fosc::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Fosc::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_input_crash_and_short_input() {
        let out = Fosc::batch(&[1.0, 2.0, 3.0, 0.0, 5.0], 3).unwrap();
        assert_eq!(out[3], 0.0);
        let mut crash = vec![1e6; 10];
        crash.extend((0..40).map(|i| 1.0 + f64::from(i)));
        let out = Fosc::batch(&crash, 4).unwrap();
        // After the crash has left the window the line is exact again.
        assert!(out[20..].iter().all(|v| v.abs() < 1e-9), "{out:?}");
        assert!(Fosc::batch(&[1.0; 5], 5).unwrap().iter().all(|v| v.is_nan()));
    }
}
