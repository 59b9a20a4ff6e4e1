use super::bar_streaming;
use super::directional::{movement_column, Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Plus Directional Movement (TA-Lib `PLUS_DM`): Wilder-smoothed upward movement.
///
/// A bar's +DM1 is how far its high rises above the previous high, when that rise is
/// positive and larger than the fall of the low (else 0). As in TA-Lib, the first
/// value (index `period - 1`) is the plain sum of the first `period - 1` +DM1s, then
/// `dm = dm - dm / period + dm1`. With `period == 1` each bar's own +DM1 is returned.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut dm = Spec::parse("plus_dm:2").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(dm.update(&bar(10.0, 9.0))[0].is_nan());
/// assert_eq!(dm.update(&bar(11.0, 9.5)), [1.0]); // high rose 1, low rose: +DM1 = 1
/// assert_eq!(dm.peek(&bar(11.0, 8.0)), [0.5]); // the low fell further: 1 - 1/2 + 0
/// assert_eq!(dm.update(&bar(12.0, 10.0)), [1.5]); // 1 - 1/2 + 1
/// ```
#[derive(Debug, Clone)]
pub struct PlusDm {
    smoothing: Smoothing,
    state: Movement,
}

impl PlusDm {
    pub const NAME: &'static str = "plus_dm";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<PlusDm, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(PlusDm { smoothing: Smoothing::new(period), state: Movement::START })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1).max(1)
    }

    /// One value per bar of the shorter column.
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let dm = PlusDm::new(period)?;
        // `update`'s bars, close 0 (the true range it feeds is not read).
        let bars = high.iter().zip(low).map(|(&high, &low)| (high, low, 0.0));
        Ok(movement_column(dm.smoothing, Self::lookback(period), bars, |state| state.plus_dm))
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
            state.plus_dm
        } else {
            f64::NAN
        }
    }
}

bar_streaming!(PlusDm, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: PlusDm::NAME,
    title: "Plus Directional Movement",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(PlusDm::DEFAULT_PERIOD, PlusDm::MIN_PERIOD, PlusDm::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| PlusDm::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![PlusDm::batch(column(0), column(1), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(PlusDm::new(int_param(p, 0))?)),
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
                    let mut dm = PlusDm::new(period).unwrap();
                    high.iter().zip(low).map(|(&high, &low)| dm.update(high, low)).collect()
                };
                let batch = |high: &[f64], low: &[f64]| PlusDm::batch(high, low, period).unwrap();
                assert_high_low_batch_is_updates(&format!("plus_dm:{period}"), scale, batch, updates);
            }
        }
    }
}
