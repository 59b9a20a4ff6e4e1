use super::ring::Ring;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod, Ema};
use crate::registry::IndicatorDef;

/// Zero-lag exponential moving average (TA-Lib `ZLEMA`): an EMA of the de-lagged series
/// `2 * x - x[lag]`, `lag = (period - 1) / 2`, seeded like TA-Lib's EMA with the mean of
/// its first `period` values. First value at index `lag + period - 1`; period 1 copies
/// the input.
///
/// ```
/// use sigil_core::indicators::overlap::Zlema;
/// let out = Zlema::batch(&[1.0, 2.0, 3.0, 4.0, 5.0], 3).unwrap();
/// assert!(out[2].is_nan());
/// assert_eq!(out[3], 4.0); // mean of 2*2-1, 2*3-2, 2*4-3
/// ```
#[derive(Debug, Clone)]
pub struct Zlema {
    period: usize,
    /// The last `lag` inputs.
    lagged: Ring<f64>,
    ema: Ema,
}

impl Zlema {
    pub const NAME: &'static str = "zlema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Zlema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let ema = Ema::new(period)?;
        Ok(Zlema { period, lagged: Ring::new((period - 1) / 2), ema })
    }

    pub fn lookback(period: usize) -> usize {
        let period = period.max(1);
        (period - 1) / 2 + (period - 1)
    }

    /// The values of [`update`](Self::update) bar after bar, bit for bit: the EMA of
    /// the de-lagged inputs, which `update` feeds it from bar `lag` on, by
    /// [`Ema::extend_of_pairs`] (lagged inputs read from the slice).
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let zlema = Zlema::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        let lag = (period - 1) / 2;
        let Some(current) = input.get(lag..) else {
            return Ok(vec![f64::NAN; input.len()]);
        };
        let mut out = Vec::with_capacity(input.len());
        out.resize(lag, f64::NAN);
        zlema.ema.extend_of_pairs(&mut out, current, input, |x, lagged| 2.0 * x - lagged);
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let Some(lagged) = self.lagged_input(x) else {
            self.lagged.push(x);
            return f64::NAN;
        };
        self.lagged.push(x);
        self.ema.update(2.0 * x - lagged)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        match self.lagged_input(x) {
            Some(lagged) => self.ema.peek(2.0 * x - lagged),
            None => f64::NAN,
        }
    }

    pub fn reset(&mut self) {
        self.lagged.clear();
        self.ema.reset();
    }

    /// The input `lag` bars before `x`, once there is one.
    #[inline]
    fn lagged_input(&self, x: f64) -> Option<f64> {
        self.lagged.oldest().or(if self.period <= 2 { Some(x) } else { None })
    }
}

single_series!(Zlema);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Zlema::NAME,
    title: "Zero-Lag Exponential Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Zlema::DEFAULT_PERIOD, Zlema::MIN_PERIOD, Zlema::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Zlema::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Zlema::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Zlema::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookback_and_period_two_is_ema() {
        let x: Vec<f64> = (0..30).map(|i| ((i * 5) % 7) as f64).collect();
        let bits = |v: Vec<f64>| v.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(Zlema::batch(&x, 2).unwrap()), bits(Ema::batch(&x, 2).unwrap()));
        let out = Zlema::batch(&x, 10).unwrap();
        assert_eq!(out.iter().take_while(|v| v.is_nan()).count(), Zlema::lookback(10));
        assert_eq!(Zlema::batch(&x, 1).unwrap(), x);
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("zlema", &[1, 2, 3, 4, 5, 6, 9, 30], Zlema::new, Zlema::batch);
    }
}
