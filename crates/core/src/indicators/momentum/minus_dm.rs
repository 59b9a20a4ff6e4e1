use super::bar_streaming;
use super::directional::{movement_column, Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Minus Directional Movement (TA-Lib `MINUS_DM`): Wilder-smoothed downward movement.
///
/// A bar's -DM1 is how far its low falls below the previous low, when that fall is
/// positive and larger than the rise of the high (else 0). As in TA-Lib, the first
/// value (index `period - 1`) is the plain sum of the first `period - 1` -DM1s, then
/// `dm = dm - dm / period + dm1`. With `period == 1` each bar's own -DM1 is returned.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut dm = Spec::parse("minus_dm:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(dm.update(&bar(10.0, 9.0))[0].is_nan());
/// assert_eq!(dm.update(&bar(9.5, 8.0)), [1.0]); // low fell 1, high fell: -DM1 = 1
/// assert_eq!(dm.peek(&bar(11.0, 8.0)), [0.5]); // the high rose instead: 1 - 1/2 + 0
/// assert_eq!(dm.update(&bar(9.0, 7.0)), [1.5]); // 1 - 1/2 + 1
/// ```
#[derive(Debug, Clone)]
pub struct MinusDm {
    smoothing: Smoothing,
    state: Movement,
}

impl MinusDm {
    pub const NAME: &'static str = "minus_dm";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<MinusDm, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(MinusDm { smoothing: Smoothing::new(period), state: Movement::START })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1).max(1)
    }

    /// One value per bar of the shorter column.
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let dm = MinusDm::new(period)?;
        // `update`'s bars, close 0 (the true range it feeds is not read).
        let bars = high.iter().zip(low).map(|(&high, &low)| (high, low, 0.0));
        Ok(movement_column(dm.smoothing, Self::lookback(period), bars, |state| state.minus_dm))
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        self.state = self.smoothing.next(&self.state, high, low, 0.0);
        self.output(&self.state)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        self.output(&self.smoothing.next(&self.state, high, low, 0.0))
    }

    pub fn reset(&mut self) {
        self.state = Movement::START;
    }

    #[inline]
    fn output(&self, state: &Movement) -> f64 {
        if state.bars > Self::lookback(self.smoothing.period) {
            state.minus_dm
        } else {
            f64::NAN
        }
    }
}

bar_streaming!(MinusDm, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: MinusDm::NAME,
    title: "Minus Directional Movement",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(MinusDm::DEFAULT_PERIOD, MinusDm::MIN_PERIOD, MinusDm::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| MinusDm::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![MinusDm::batch(column(0), column(1), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(MinusDm::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in 1..=7 {
            for scale in [1.0, 1e-12, 1e300] {
                let updates = |high: &[f64], low: &[f64]| {
                    let mut dm = MinusDm::new(period).unwrap();
                    high.iter().zip(low).map(|(&high, &low)| dm.update(high, low)).collect()
                };
                let batch = |high: &[f64], low: &[f64]| MinusDm::batch(high, low, period).unwrap();
                assert_high_low_batch_is_updates(&format!("minus_dm:{period}"), scale, batch, updates);
            }
        }
    }
}
