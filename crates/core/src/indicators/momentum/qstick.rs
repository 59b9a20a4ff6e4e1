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

    /// The whole series at once: [`Sma`]'s running total over the bodies, each body
    /// recomputed from the slices as it leaves the window (so no body column is
    /// allocated), the total kept in a local and each slot written once by `extend`.
    pub fn batch(open: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Qstick::new(period)?;
        let n = open.len().min(close.len());
        let keep = period - 1;
        if n <= keep {
            return Ok(vec![f64::NAN; n]);
        }
        let divisor = period as f64;
        let bodies = |from: usize| close[from..n].iter().zip(&open[from..n]).map(|(&close, &open)| close - open);
        let mut out = Vec::with_capacity(n);
        out.resize(keep, f64::NAN);
        let mut partial = bodies(0).take(keep).fold(0.0, |sum, body| sum + body);
        if keep == 0 {
            out.extend(bodies(0).map(|body| (partial + body) / divisor));
        } else {
            out.extend(bodies(keep).zip(bodies(0)).map(|(body, leaving)| {
                let total = partial + body;
                partial = total - leaving;
                total / divisor
            }));
        }
        Ok(out)
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
    batch: kernel!(|p, columns| match columns {
        [open, close, ..] => Ok(vec![Qstick::batch(open, close, int_param(p, 0))?]),
        _ => Ok(run_bars(Qstick::new(int_param(p, 0))?, INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(Qstick::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [1, 2, 3, 10, 31] {
            for scale in [1.0, 1e-12, 1e300] {
                // The open is the previous input, so bodies are the series' moves: zero on
                // flat stretches, NaN or infinite around the awkward values.
                let columns = |x: &[f64]| -> (Vec<f64>, Vec<f64>) {
                    let close: Vec<f64> = x.iter().map(|v| v * scale).collect();
                    let open = close.iter().enumerate().map(|(i, &c)| if i == 0 { c } else { close[i - 1] }).collect();
                    (open, close)
                };
                let updates = |x: &[f64]| {
                    let (open, close) = columns(x);
                    let mut qstick = Qstick::new(period).unwrap();
                    open.iter().zip(&close).map(|(&o, &c)| qstick.update(o, c)).collect()
                };
                let batch = |x: &[f64]| {
                    let (open, close) = columns(x);
                    Qstick::batch(&open, &close, period).unwrap()
                };
                assert_batch_is_updates(&format!("qstick:{period} x{scale}"), batch, updates);
            }
        }
    }
}
