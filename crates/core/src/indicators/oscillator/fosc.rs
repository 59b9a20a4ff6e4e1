use crate::bar::Input;
use crate::error::Error;
use crate::indicators::statistic::regression::{Fit, RollingRegression};
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
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
    /// The least-squares line over the last `period` inputs, as TSF keeps it.
    regression: RollingRegression,
    /// The forecast for the next bar, once the window is full.
    forecast: Option<f64>,
}

impl Fosc {
    pub const NAME: &'static str = "fosc";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Fosc, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Fosc { regression: RollingRegression::new(period), forecast: None })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// The whole series at once: TSF's batch fits (the regression read straight from
    /// the slice), each paired with the input after its window. The same fits and the
    /// same arithmetic as `update`, so the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Fosc::new(period)?;
        let n = period as f64;
        let mut out = Vec::with_capacity(input.len());
        out.resize(period.min(input.len()), f64::NAN);
        let (first, sliding) = RollingRegression::fits(period, input);
        // Each fit forecasts the input after its window.
        out.extend(first.zip(input.get(period)).map(|(fit, &x)| Fosc::oscillator(x, Fosc::forecast(fit, n))));
        let next = input.get(period + 1..).unwrap_or(&[]);
        out.extend(sliding.zip(next).map(|(fit, &x)| Fosc::oscillator(x, Fosc::forecast(fit, n))));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let out = self.peek(x);
        let n = self.regression.period() as f64;
        self.forecast = self.regression.update(x).map(|fit| Fosc::forecast(fit, n));
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.forecast.map_or(f64::NAN, |forecast| Fosc::oscillator(x, forecast))
    }

    pub fn reset(&mut self) {
        self.regression.reset();
        self.forecast = None;
    }

    /// The line extended one bar past the window.
    #[inline(always)]
    fn forecast(fit: Fit, n: f64) -> f64 {
        fit.intercept + fit.slope * n
    }

    #[inline(always)]
    fn oscillator(x: f64, forecast: f64) -> f64 {
        if x != 0.0 {
            100.0 * (x - forecast) / x
        } else {
            0.0
        }
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

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        // The regression tests' series too: long enough to cross scheduled rebuilds, with
        // spikes whose departure forces one.
        let long = crate::indicators::statistic::regression::tests::awkward_series(3000);
        for period in [2, 3, 5, 14, 30] {
            let updates = |x: &[f64]| {
                let mut fosc = Fosc::new(period).unwrap();
                x.iter().map(|&v| fosc.update(v)).collect::<Vec<f64>>()
            };
            assert_scaled_paused_batch_is_updates(&format!("fosc:{period}"), |x| Fosc::batch(x, period).unwrap(), updates);
            let (got, expected) = (Fosc::batch(&long, period).unwrap(), updates(&long));
            assert!(
                got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())),
                "fosc:{period} long series"
            );
        }
    }
}
