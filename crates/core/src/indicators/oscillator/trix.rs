use super::ewma::Ewma;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// TRIX (TA-Lib `TRIX`): the one-bar rate of change, in percent, of a triple EMA.
///
/// Each EMA is seeded with the mean of its first `period` inputs (so the three
/// warm-ups stack: lookback `3 * (period - 1) + 1`), with TA-Lib 0.8.1's
/// `ema += (x - ema) * k` arithmetic. A previous triple EMA of exactly 0 gives 0, as
/// TA-Lib's ROC does.
///
/// ```
/// use sigil_core::indicators::Trix;
/// let input: Vec<f64> = (1..=20).map(f64::from).collect();
/// let out = Trix::batch(&input, 3).unwrap();
/// assert!(out[6].is_nan());
/// assert!(out[7] > 0.0); // a rising line
/// ```
#[derive(Debug, Clone)]
pub struct Trix {
    emas: [Ewma; 3],
    prev_triple: Option<f64>,
}

impl Trix {
    pub const NAME: &'static str = "trix";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Trix, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Trix { emas: [Ewma::new(period), Ewma::new(period), Ewma::new(period)], prev_triple: None })
    }

    pub fn lookback(period: usize) -> usize {
        3 * period.saturating_sub(1) + 1
    }

    /// The values of [`update`](Self::update) bar after bar, bit for bit: the warm-up
    /// through `update`, then the three EMAs side by side in locals (one loop, so the
    /// three recursions overlap instead of running one pass each).
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut trix = Trix::new(period)?;
        let warm = Self::lookback(period).min(input.len());
        let mut out = Vec::with_capacity(input.len());
        out.extend(input[..warm].iter().map(|&x| trix.update(x)));
        let [first, second, third] = trix.emas.each_ref().map(Ewma::seeded);
        let (Some((mut e1, k1)), Some((mut e2, k2)), Some((mut e3, k3)), Some(mut prev)) = (first, second, third, trix.prev_triple) else {
            return Ok(out);
        };
        out.extend(input[warm..].iter().map(|&x| {
            e1 = Ewma::smooth(e1, k1, x);
            e2 = Ewma::smooth(e2, k2, e1);
            e3 = Ewma::smooth(e3, k3, e2);
            let value = Self::rate_of_change(Some(prev), e3);
            prev = e3;
            value
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let [first, second, third] = &mut self.emas;
        let Some(triple) = first.update(x).and_then(|v| second.update(v)).and_then(|v| third.update(v)) else { return f64::NAN };
        Self::rate_of_change(self.prev_triple.replace(triple), triple)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let [first, second, third] = &self.emas;
        let Some(triple) = first.peek(x).and_then(|v| second.peek(v)).and_then(|v| third.peek(v)) else { return f64::NAN };
        Self::rate_of_change(self.prev_triple, triple)
    }

    pub fn reset(&mut self) {
        self.emas.iter_mut().for_each(Ewma::reset);
        self.prev_triple = None;
    }

    #[inline]
    fn rate_of_change(prev: Option<f64>, triple: f64) -> f64 {
        match prev {
            None => f64::NAN,
            Some(prev) if prev != 0.0 => (triple / prev - 1.0) * 100.0,
            Some(_) => 0.0,
        }
    }
}

single_series!(Trix);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Trix::NAME,
    title: "1-day Rate-Of-Change (ROC) of a Triple Smooth EMA",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Trix::DEFAULT_PERIOD, Trix::MIN_PERIOD, Trix::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Trix::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Trix::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Trix::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_period_one_and_short_input() {
        assert!(Trix::batch(&[3.0; 20], 4).unwrap()[10..].iter().all(|&v| v == 0.0));
        assert_eq!(Trix::batch(&[2.0, 3.0, 0.0, 1.0], 1).unwrap()[1..], [50.0, -100.0, 0.0]);
        // Period 1 still smooths, as in TA-Lib: 1e20 then 1 gives an EMA of 0.
        assert_eq!(Trix::batch(&[1e20, 1.0, 2.0], 1).unwrap()[1..], [-100.0, 0.0]);
        assert!(Trix::batch(&[1.0; 9], 4).unwrap().iter().all(|v| v.is_nan()));
        assert_eq!(Trix::lookback(30), 88);
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("trix", &[1, 2, 3, 4, 7, 30], Trix::new, Trix::batch);
    }
}
