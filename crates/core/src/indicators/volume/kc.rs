use super::atr::Atr;
use super::{check_real, column, emit, integer_param, real_param, rows, TA_REAL_MAX};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, Ema};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Keltner channels (TA-Lib `KC`): an EMA of the typical price `(high + low + close) / 3`
/// as the middle band, plus and minus `nbdev` times the ATR of `atrperiod`.
///
/// The first value is at the later of the two lookbacks, `max(timeperiod - 1,
/// atrperiod)`. As in TA-Lib, each of the two starts only as many bars before that as
/// its own lookback needs: the faster one is seeded later than bar 0, so its values
/// differ from a plain EMA of the typical price or a plain ATR.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut kc = Spec::parse("kc:2:1:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(kc.update(&bar(11.0, 9.0, 10.0))[0].is_nan());
/// // typical prices 10 and 12 (EMA seed 11); true range 4
/// assert_eq!(kc.update(&bar(14.0, 10.0, 12.0)), [19.0, 11.0, 3.0]);
/// ```
#[derive(Debug, Clone)]
pub struct Keltner {
    ema: Ema,
    atr: Atr,
    nbdev: f64,
    lookback: usize,
    /// Bars before the ones the EMA and the ATR start at.
    ema_delay: usize,
    atr_delay: usize,
    /// Bars seen, saturating past the lookback.
    bars: usize,
}

impl Keltner {
    pub const NAME: &'static str = "kc";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const DEFAULT_ATR_PERIOD: usize = 10;
    pub const DEFAULT_NBDEV: f64 = 2.0;
    pub const MIN_PERIOD: usize = 2;
    pub const MIN_ATR_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize, atr_period: usize, nbdev: f64) -> Result<Keltner, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let atr = Atr::named(Self::NAME, "atrperiod", atr_period)?;
        check_real(Self::NAME, "nbdev", nbdev, -TA_REAL_MAX, TA_REAL_MAX)?;
        let lookback = Keltner::lookback(period, atr_period);
        Ok(Keltner {
            ema: Ema::new(period)?,
            atr,
            nbdev,
            lookback,
            ema_delay: lookback - (period - 1),
            atr_delay: lookback - atr_period,
            bars: 0,
        })
    }

    pub fn lookback(period: usize, atr_period: usize) -> usize {
        period.saturating_sub(1).max(Atr::lookback(atr_period))
    }

    /// `[upper, middle, lower]` columns.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize, atr_period: usize, nbdev: f64) -> Result<[Vec<f64>; 3], Error> {
        let mut kc = Keltner::new(period, atr_period, nbdev)?;
        let n = rows(&[high, low, close]);
        let mut out = [Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n)];
        for i in 0..n {
            for (column, value) in out.iter_mut().zip(kc.update(high[i], low[i], close[i])) {
                column.push(value);
            }
        }
        Ok(out)
    }

    /// `[upper, middle, lower]`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 3] {
        let atr = if self.bars >= self.atr_delay { self.atr.step(high, low, close) } else { None };
        let middle = if self.bars >= self.ema_delay { self.ema.update(typical(high, low, close)) } else { f64::NAN };
        self.bars = (self.bars + 1).min(self.lookback + 1);
        self.output(self.bars, middle, atr)
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> [f64; 3] {
        let atr = if self.bars >= self.atr_delay { self.atr.peek_step(high, low, close) } else { None };
        let middle = if self.bars >= self.ema_delay { self.ema.peek(typical(high, low, close)) } else { f64::NAN };
        self.output(self.bars + 1, middle, atr)
    }

    pub fn reset(&mut self) {
        self.ema.reset();
        self.atr.reset();
        self.bars = 0;
    }

    #[inline]
    fn output(&self, bars: usize, middle: f64, atr: Option<f64>) -> [f64; 3] {
        match atr {
            Some(atr) if bars > self.lookback => {
                let offset = atr * self.nbdev;
                [middle + offset, middle, middle - offset]
            }
            _ => [f64::NAN; 3],
        }
    }
}

/// TA-Lib's `TYPPRICE` arithmetic.
#[inline]
fn typical(high: f64, low: f64, close: f64) -> f64 {
    (high + low + close) / 3.0
}

impl Streaming for Keltner {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Keltner::update(self, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Keltner::peek(self, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        Keltner::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Keltner::NAME,
    title: "Keltner Channels",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[
        integer_param(
            "timeperiod",
            Keltner::DEFAULT_PERIOD,
            Keltner::MIN_PERIOD,
            Keltner::MAX_PERIOD,
            "Period of the EMA of the typical price",
        ),
        integer_param(
            "atrperiod",
            Keltner::DEFAULT_ATR_PERIOD,
            Keltner::MIN_ATR_PERIOD,
            Keltner::MAX_PERIOD,
            "Period of the average true range",
        ),
        ParamDef {
            name: "nbdev",
            kind: ParamKind::Real { min: -TA_REAL_MAX, max: TA_REAL_MAX },
            default: Keltner::DEFAULT_NBDEV,
            description: "ATR multiplier of the band offset",
        },
    ],
    outputs: &["upperband", "middleband", "lowerband"],
    overlay: true,
    lookback: |p| Keltner::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, c| Ok(Keltner::batch(
        column(c, 0),
        column(c, 1),
        column(c, 2),
        int_param(p, 0),
        int_param(p, 1),
        real_param(p, 2)
    )?
    .into())),
    stream: |p| Ok(Box::new(Keltner::new(int_param(p, 0), int_param(p, 1), real_param(p, 2))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_atr_delays_the_ema_seed() {
        // ATR 4 is slower than EMA 2: the EMA is seeded on bars 3 and 4, not 0 and 1.
        let close = [1.0, 100.0, 3.0, 10.0, 20.0, 30.0];
        let [_, middle, _] = Keltner::batch(&close, &close, &close, 2, 4, 2.0).unwrap();
        assert!(middle[..4].iter().all(|v| v.is_nan()));
        assert_eq!(middle[4], 15.0);
    }

    #[test]
    fn slow_atr_matches_talib() {
        // The fixtures only cover a slower EMA; python talib 0.8.2 (TA-Lib C 0.8.1),
        // KC(high, low, close, 3, 6, 1.5) on this series.
        let close: Vec<f64> = (0..30).map(|i| 100.0 + (i as f64 * 0.7).sin() * 3.0 + i as f64 * 0.2).collect();
        let high: Vec<f64> = close.iter().enumerate().map(|(i, c)| c + 1.0 + (i as f64).cos() * 0.5).collect();
        let low: Vec<f64> = close.iter().enumerate().map(|(i, c)| c - 1.0 - (i as f64 * 1.3).sin() * 0.4).collect();
        let [upper, middle, lower] = Keltner::batch(&high, &low, &close, 3, 6, 1.5).unwrap();
        let close_to = |ours: f64, talib: f64| (ours - talib).abs() <= 1e-9 * talib.abs();
        assert!(upper[5].is_nan());
        assert!(close_to(upper[6], 103.75635913085601) && close_to(middle[6], 100.1307414783336));
        assert!(close_to(upper[29], 111.03115098010421) && close_to(middle[29], 107.31178100770799));
        assert!(close_to(lower[29], 103.59241103531177));
    }

    #[test]
    fn slow_ema_delays_the_atr_seed() {
        // EMA 4 is slower than ATR 1: the ATR starts at bar 2 (its previous close), so
        // bar 3's value is the true range of bar 3 alone.
        let (high, low, close) = ([10.0, 50.0, 10.0, 12.0], [9.0, 1.0, 9.0, 10.0], [9.5, 25.0, 9.5, 11.0]);
        let [upper, middle, _] = Keltner::batch(&high, &low, &close, 4, 1, 1.0).unwrap();
        assert_eq!(upper[3] - middle[3], 2.5);
    }

    #[test]
    fn parameters_are_checked_and_named() {
        assert!(Keltner::new(1, 10, 2.0).unwrap_err().to_string().contains("timeperiod"));
        assert!(Keltner::new(20, 0, 2.0).unwrap_err().to_string().contains("atrperiod"));
        assert!(Keltner::new(20, 10, 1e38).unwrap_err().to_string().contains("nbdev"));
        assert!(Keltner::new(20, 10, f64::NAN).is_err());
        assert!(Keltner::new(20, 10, -3e37).is_ok());
    }

    #[test]
    fn flat_bars_collapse_the_bands() {
        let [u, m, l] = Keltner::batch(&[5.0; 25], &[5.0; 25], &[5.0; 25], 20, 10, 2.0).unwrap();
        assert_eq!((u[24], m[24], l[24]), (5.0, 5.0, 5.0));
    }
}
