use super::bar_streaming;
use super::directional::{Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Directional Movement Index (TA-Lib `DX`): `100 * |+DI - -DI| / (+DI + -DI)`.
///
/// First value at index `period`. Where DX is undefined (a flat stretch: no true
/// range, or both DIs zero) TA-Lib repeats the previous DX, or gives 0 if there is
/// none yet; so does this.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut dx = Spec::parse("dx:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// dx.update(&bar(10.0, 9.0, 9.5));
/// dx.update(&bar(11.0, 10.0, 10.5));
/// assert_eq!(dx.update(&bar(12.0, 11.0, 11.5)), [100.0]); // only upward movement
/// assert_eq!(dx.peek(&bar(12.0, 12.0, 12.0)), [100.0]); // still no -DM
/// ```
#[derive(Debug, Clone)]
pub struct Dx {
    smoothing: Smoothing,
    state: Movement,
    /// The last defined DX (TA-Lib's stand-in for an undefined one).
    last: f64,
}

impl Dx {
    pub const NAME: &'static str = "dx";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Dx, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Dx { smoothing: Smoothing::new(period), state: Movement::START, last: 0.0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut dx = Dx::new(period)?;
        let rows = high.len().min(low.len()).min(close.len());
        let (high, low, close) = (&high[..rows], &low[..rows], &close[..rows]);
        // The warm-up, to the first DX at bar `period`, runs through `update`, the rest
        // through `smoothed_run`.
        let seeded = (period + 1).min(rows);
        let mut out = Vec::with_capacity(rows);
        out.extend(
            high[..seeded].iter().zip(&low[..seeded]).zip(&close[..seeded]).map(|((&high, &low), &close)| dx.update(high, low, close)),
        );
        out.resize(rows, f64::NAN);
        dx.smoothed_run(&mut out[seeded..], &high[seeded..], &low[seeded..], &close[seeded..]);
        Ok(out)
    }

    /// The bars after the first DX, into `slots`: Wilder's smoothing alone. A function
    /// of its own over slots filled beforehand for the reason given at `Adx::smoothed_run`.
    #[inline(never)]
    fn smoothed_run(&self, slots: &mut [f64], high: &[f64], low: &[f64], close: &[f64]) {
        let inv_period = self.smoothing.inv_period;
        let (mut state, mut last) = (self.state, self.last);
        for (slot, ((&high, &low), &close)) in slots.iter_mut().zip(high.iter().zip(low).zip(close)) {
            state = state.smoothed(inv_period, high, low, close);
            last = state.dx().unwrap_or(last);
            *slot = last;
        }
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.state = self.smoothing.next(&self.state, high, low, close);
        let value = self.output(&self.state);
        if self.state.bars > self.smoothing.period {
            self.last = value;
        }
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        self.output(&self.smoothing.next(&self.state, high, low, close))
    }

    pub fn reset(&mut self) {
        self.state = Movement::START;
        self.last = 0.0;
    }

    #[inline]
    fn output(&self, state: &Movement) -> f64 {
        if state.bars <= self.smoothing.period {
            f64::NAN
        } else {
            state.dx().unwrap_or(self.last)
        }
    }
}

bar_streaming!(Dx, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Dx::NAME,
    title: "Directional Movement Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Dx::DEFAULT_PERIOD, Dx::MIN_PERIOD, Dx::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Dx::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Dx::batch(column(0), column(1), column(2), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(Dx::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::momentum::adx::tests::assert_hlc_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_hlc_batch_is_updates("dx", Dx::batch, Dx::new, Dx::update);
    }
}
