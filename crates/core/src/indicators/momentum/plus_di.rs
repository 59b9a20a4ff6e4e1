use super::bar_streaming;
use super::directional::{movement_column, Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Plus Directional Indicator (TA-Lib `PLUS_DI`): smoothed +DM as a percentage of the
/// smoothed true range.
///
/// Both are seeded with the sum of the first `period - 1` bars and Wilder-smoothed from
/// there, so the first value is at index `period`. A flat stretch (smoothed true range
/// not positive) gives 0, as in TA-Lib. With `period == 1` TA-Lib returns each bar's
/// +DM1 over its true range as a fraction, not a percentage; so does this.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut di = Spec::parse("plus_di:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// di.update(&bar(10.0, 9.0, 9.5));
/// di.update(&bar(11.0, 10.0, 10.5)); // seed: +DM 1, TR 1.5
/// assert_eq!(di.update(&bar(12.0, 11.0, 11.5)), [100.0 * (1.5 / 2.25)]); // +DM 1/2 + 1, TR 1.5/2 + 1.5
/// ```
#[derive(Debug, Clone)]
pub struct PlusDi {
    smoothing: Smoothing,
    state: Movement,
}

impl PlusDi {
    pub const NAME: &'static str = "plus_di";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<PlusDi, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(PlusDi { smoothing: Smoothing::new(period), state: Movement::START })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.max(1)
    }

    /// One value per bar of the shortest column.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let di = PlusDi::new(period)?;
        let bars = high.iter().zip(low).zip(close).map(|((&high, &low), &close)| (high, low, close));
        let lookback = Self::lookback(period);
        Ok(if period == 1 {
            movement_column(di.smoothing, lookback, bars, |state| Self::value(1, state))
        } else {
            movement_column(di.smoothing, lookback, bars, Self::smoothed_value)
        })
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.state = self.smoothing.next(&self.state, high, low, close);
        self.output(&self.state)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.output(&self.smoothing.next(&self.state, high, low, close))
    }

    pub fn reset(&mut self) {
        self.state = Movement::START;
    }

    #[inline]
    fn output(&self, state: &Movement) -> f64 {
        if state.bars <= Self::lookback(self.smoothing.period) {
            f64::NAN
        } else {
            Self::value(self.smoothing.period, state)
        }
    }

    /// The output once past the lookback.
    #[inline(always)]
    fn value(period: usize, state: &Movement) -> f64 {
        if period == 1 {
            Movement::one_bar_indicator(state.plus_dm1, state.true_range)
        } else {
            Self::smoothed_value(state)
        }
    }

    /// [`value`](Self::value) for `period > 1`.
    #[inline(always)]
    fn smoothed_value(state: &Movement) -> f64 {
        state.indicators().map_or(0.0, |(plus, _)| plus)
    }
}

bar_streaming!(PlusDi, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: PlusDi::NAME,
    title: "Plus Directional Indicator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(PlusDi::DEFAULT_PERIOD, PlusDi::MIN_PERIOD, PlusDi::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| PlusDi::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![PlusDi::batch(column(0), column(1), column(2), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(PlusDi::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::momentum::adx::tests::assert_hlc_periods_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_hlc_periods_batch_is_updates("plus_di", 1..=7, PlusDi::batch, PlusDi::new, PlusDi::update);
    }
}
