use super::bar_streaming;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod, Ema};
use crate::registry::IndicatorDef;

/// Elder Ray Index (TA-Lib `ERI`): `(bullpower, bearpower)` = `(high - ema, low - ema)`
/// with the EMA of the close over `period` bars (TA-Lib's EMA: seeded with the SMA of the
/// first `period` closes). First value at index `period - 1`.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut eri = Spec::parse("eri:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// eri.update(&bar(11.0, 9.0, 10.0));
/// assert_eq!(eri.update(&bar(13.0, 11.0, 12.0)), [2.0, 0.0]); // EMA seed 11
/// ```
#[derive(Debug, Clone)]
pub struct Eri {
    ema: Ema,
}

impl Eri {
    pub const NAME: &'static str = "eri";
    pub const DEFAULT_PERIOD: usize = 13;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Eri, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Eri { ema: Ema::new(period)? })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// `(bullpower, bearpower)` columns.
    /// `(bullpower, bearpower)` columns, as many rows as the shortest input: `update`'s
    /// values bit for bit, from [`Ema::batch`] of the close (which becomes the
    /// bull-power column in place).
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        Eri::new(period)?;
        let rows = high.len().min(low.len()).min(close.len());
        let mut bull = Ema::batch(&close[..rows], period)?;
        let bear = low.iter().zip(&bull).map(|(&low, &ema)| low - ema).collect();
        bull.iter_mut().zip(high).for_each(|(ema, &high)| *ema = high - *ema);
        Ok((bull, bear))
    }

    /// `(bullpower, bearpower)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let ema = self.ema.update(close);
        (high - ema, low - ema)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let ema = self.ema.peek(close);
        (high - ema, low - ema)
    }

    pub fn reset(&mut self) {
        self.ema.reset();
    }
}

bar_streaming!(Eri, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Eri::NAME,
    title: "Elder Ray Index (Bull Power / Bear Power)",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Eri::DEFAULT_PERIOD, Eri::MIN_PERIOD, Eri::MAX_PERIOD)],
    outputs: &["bullpower", "bearpower"],
    overlay: false,
    lookback: |p| Eri::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| match columns {
        [high, low, close, ..] => {
            let (bull, bear) = Eri::batch(high, low, close, int_param(p, 0))?;
            Ok(vec![bull, bear])
        }
        _ => Ok(run_bars(Eri::new(int_param(p, 0))?, INPUTS, columns, 2)),
    }),
    stream: |p| Ok(Box::new(Eri::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_bars_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in 1..=8 {
            for (side, pick) in [("bull", 0), ("bear", 1)] {
                assert_bars_batch_is_updates(
                    &format!("eri:{period} {side}"),
                    |high, low, close| {
                        let (bull, bear) = Eri::batch(high, low, close, period).unwrap();
                        if pick == 0 {
                            bull
                        } else {
                            bear
                        }
                    },
                    |high, low, close| {
                        let mut eri = Eri::new(period).unwrap();
                        (0..close.len()).map(|i| <[f64; 2]>::from(eri.update(high[i], low[i], close[i]))[pick]).collect()
                    },
                );
            }
        }
        let (bull, bear) = Eri::batch(&[3.0; 5], &[1.0; 4], &[2.0; 6], 2).unwrap();
        assert_eq!((bull.len(), bear.len()), (4, 4));
    }
}
