use super::bar_streaming;
use super::directional::{Movement, Smoothing};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Average Directional Movement Index (TA-Lib `ADX`): Wilder-smoothed DX.
///
/// As in TA-Lib: DX starts at index `period`; the first ADX (index `2 * period - 1`)
/// is the sum of the first `period` DX values over `period`, then
/// `adx = (adx * (period - 1) + dx) / period`, TA-Lib 0.8.1's arithmetic (the same bits
/// as its outputs on most bars of the golden series, where the algebraically equal
/// `adx - (adx - dx) / period` form, a shorter chain without the division, matched a
/// quarter of them). Bars where DX is undefined (a flat stretch) add nothing to the
/// seed and leave ADX unchanged.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut adx = Spec::parse("adx:2").unwrap().stream().unwrap();
/// let rising = |i: f64| Bar { high: 10.0 + i, low: 9.0 + i, close: 9.5 + i, ..Bar::default() };
/// for i in 0..3 {
///     assert!(adx.update(&rising(i as f64))[0].is_nan());
/// }
/// assert_eq!(adx.update(&rising(3.0)), [100.0]); // (100 + 100) / 2: a steady rise
/// ```
#[derive(Debug, Clone)]
pub struct Adx {
    smoothing: Smoothing,
    state: Movement,
    /// The sum of DX while seeding, ADX afterwards.
    value: f64,
}

impl Adx {
    pub const NAME: &'static str = "adx";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Adx, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Adx { smoothing: Smoothing::new(period), state: Movement::START, value: 0.0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        (2 * period).saturating_sub(1)
    }

    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut adx = Adx::new(period)?;
        let rows = high.len().min(low.len()).min(close.len());
        let (high, low, close) = (&high[..rows], &low[..rows], &close[..rows]);
        // The warm-up (sums, then the ADX seed at bar `2 * period - 1`) runs through
        // `update`, the rest through `smoothed_run`.
        let seeded = (2 * period).min(rows);
        let mut out = Vec::with_capacity(rows);
        out.extend(
            high[..seeded].iter().zip(&low[..seeded]).zip(&close[..seeded]).map(|((&high, &low), &close)| adx.update(high, low, close)),
        );
        out.resize(rows, f64::NAN);
        adx.smoothed_run(&mut out[seeded..], &high[seeded..], &low[seeded..], &close[seeded..]);
        Ok(out)
    }

    /// The bars after the ADX seed, into `slots`: `advance`'s last branch alone.
    ///
    /// A function of its own over slots filled beforehand, so that no call is made
    /// while the state is live: with one (the output's allocation, or growth through
    /// `extend` or `push`) the state went through the stack every bar, lengthening
    /// each loop-carried chain by a store and a load.
    #[inline(never)]
    fn smoothed_run(&self, slots: &mut [f64], high: &[f64], low: &[f64], close: &[f64]) {
        let inv_period = self.smoothing.inv_period;
        let period = self.smoothing.period as f64;
        let (mut state, mut value) = (self.state, self.value);
        for (slot, ((&high, &low), &close)) in slots.iter_mut().zip(high.iter().zip(low).zip(close)) {
            state = state.smoothed(inv_period, high, low, close);
            if let Some(dx) = state.dx() {
                value = Self::smooth(value, dx, period);
            }
            *slot = value;
        }
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        (self.state, self.value) = self.advance(high, low, close);
        self.output(&self.state, self.value)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> f64 {
        let (state, value) = self.advance(high, low, close);
        self.output(&state, value)
    }

    pub fn reset(&mut self) {
        self.state = Movement::START;
        self.value = 0.0;
    }

    #[inline]
    fn advance(&self, high: f64, low: f64, close: f64) -> (Movement, f64) {
        let state = self.smoothing.next(&self.state, high, low, close);
        let period = self.smoothing.period;
        // Bars consumed before this one, i.e. this bar's index.
        let index = self.state.bars;
        if index < period {
            return (state, self.value);
        }
        let Some(dx) = state.dx() else {
            let value = if index + 1 == 2 * period { self.value / period as f64 } else { self.value };
            return (state, value);
        };
        let value = if index + 1 < 2 * period {
            self.value + dx
        } else if index + 1 == 2 * period {
            (self.value + dx) / period as f64
        } else {
            Self::smooth(self.value, dx, period as f64)
        };
        (state, value)
    }

    /// Wilder's step of the ADX after its seed.
    #[inline(always)]
    fn smooth(adx: f64, dx: f64, period: f64) -> f64 {
        (adx * (period - 1.0) + dx) / period
    }

    #[inline]
    fn output(&self, state: &Movement, value: f64) -> f64 {
        if state.bars > Self::lookback(self.smoothing.period) {
            value
        } else {
            f64::NAN
        }
    }
}

bar_streaming!(Adx, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Adx::NAME,
    title: "Average Directional Movement Index",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Adx::DEFAULT_PERIOD, Adx::MIN_PERIOD, Adx::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Adx::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Adx::batch(column(0), column(1), column(2), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(Adx::new(int_param(p, 0))?)),
};

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::indicators::kernel_checks::{assert_bars_batch_is_updates, bars_around};

    type HlcBatch = fn(&[f64], &[f64], &[f64], usize) -> Result<Vec<f64>, Error>;

    /// The batch of an indicator on high, low and close (ADX, ADXR, DX) against its
    /// bar-by-bar updates, for periods 2 to 7 ([`assert_bars_batch_is_updates`]).
    pub(in crate::indicators::momentum) fn assert_hlc_batch_is_updates<T>(
        name: &str,
        batch: HlcBatch,
        new: fn(usize) -> Result<T, Error>,
        update: fn(&mut T, f64, f64, f64) -> f64,
    ) {
        assert_hlc_periods_batch_is_updates(name, 2..=7, batch, new, update);
    }

    /// [`assert_hlc_batch_is_updates`] for the given periods.
    pub(in crate::indicators::momentum) fn assert_hlc_periods_batch_is_updates<T>(
        name: &str,
        periods: std::ops::RangeInclusive<usize>,
        batch: HlcBatch,
        new: fn(usize) -> Result<T, Error>,
        update: fn(&mut T, f64, f64, f64) -> f64,
    ) {
        for period in periods {
            let updates = |high: &[f64], low: &[f64], close: &[f64]| {
                let mut indicator = new(period).unwrap();
                (0..close.len()).map(|i| update(&mut indicator, high[i], low[i], close[i])).collect()
            };
            let in_batch = |high: &[f64], low: &[f64], close: &[f64]| batch(high, low, close, period).unwrap();
            assert_bars_batch_is_updates(&format!("{name}:{period}"), in_batch, updates);
        }
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_hlc_batch_is_updates("adx", Adx::batch, Adx::new, Adx::update);
        let (high, low, close) = bars_around(&[1e-300, 1e300, 5.0, 1e300, 1e-300, 2.0, 3.0, 1e300, 4.0, 1e-300, 6.0, 7.0], 1.0);
        let mut adx = Adx::new(2).unwrap();
        let updates: Vec<f64> = (0..high.len()).map(|i| adx.update(high[i], low[i], close[i])).collect();
        let batch = Adx::batch(&high, &low, &close[..close.len() - 1], 2).unwrap();
        assert_eq!(batch.len(), close.len() - 1);
        assert!(batch.iter().zip(&updates).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())));
    }
}
