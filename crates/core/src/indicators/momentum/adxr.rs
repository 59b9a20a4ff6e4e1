use super::adx::Adx;
use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Average Directional Movement Index Rating (TA-Lib `ADXR`): the mean of today's ADX
/// and the ADX of `period - 1` bars ago. First value at index `3 * period - 2`.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut adxr = Spec::parse("adxr:2").unwrap().stream().unwrap();
/// let rising = |i: f64| Bar { high: 10.0 + i, low: 9.0 + i, close: 9.5 + i, ..Bar::default() };
/// for i in 0..4 {
///     assert!(adxr.update(&rising(i as f64))[0].is_nan());
/// }
/// assert_eq!(adxr.update(&rising(4.0)), [100.0]);
/// ```
#[derive(Debug, Clone)]
pub struct Adxr {
    adx: Adx,
    /// The last `period - 1` ADX values (NaN before ADX starts), oldest at `next`.
    history: Vec<f64>,
    next: usize,
}

impl Adxr {
    pub const NAME: &'static str = "adxr";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Adxr, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Adxr { adx: Adx::new(period)?, history: vec![f64::NAN; period - 1], next: 0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        (3 * period).saturating_sub(2)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Adxr::new(period)?;
        // `update`'s history is the ADX column itself, `period - 1` bars back (NaN
        // before the column starts, as the history starts).
        let adx = Adx::batch(high, low, close, period)?;
        let lag = period - 1;
        let mut out = Vec::with_capacity(adx.len());
        out.resize(lag.min(adx.len()), f64::NAN);
        out.extend(adx.get(lag..).unwrap_or_default().iter().zip(&adx).map(|(&now, &earlier)| (now + earlier) / 2.0));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        let adx = self.adx.update(high, low, close);
        let Some(slot) = self.history.get_mut(self.next) else { return f64::NAN };
        let earlier = std::mem::replace(slot, adx);
        self.next = if self.next + 1 == self.history.len() { 0 } else { self.next + 1 };
        (adx + earlier) / 2.0
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        let adx = self.adx.peek(high, low, close);
        self.history.get(self.next).map_or(f64::NAN, |&earlier| (adx + earlier) / 2.0)
    }

    pub fn reset(&mut self) {
        self.adx.reset();
        self.history.fill(f64::NAN);
        self.next = 0;
    }
}

bar_streaming!(Adxr, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Adxr::NAME,
    title: "Average Directional Movement Index Rating",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Adxr::DEFAULT_PERIOD, Adxr::MIN_PERIOD, Adxr::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Adxr::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Adxr::batch(column(0), column(1), column(2), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(Adxr::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::momentum::adx::tests::assert_hlc_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_hlc_batch_is_updates("adxr", Adxr::batch, Adxr::new, Adxr::update);
    }
}
