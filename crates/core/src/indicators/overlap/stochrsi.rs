use super::ma::{ma_type, ma_type_param};
use super::stoch::Chain;
use super::MovingAverage;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, timeperiod, Rsi};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Stochastic RSI (TA-Lib `STOCHRSI`): the fast stochastic (STOCHF) of the RSI series,
/// the RSI standing for high, low and close. Outputs fastk and fastd, from the same bar.
///
/// ```
/// use sigil_core::indicators::overlap::StochRsi;
/// let mut stoch_rsi = StochRsi::new(2, 2, 1, 0).unwrap();
/// let out: Vec<_> = [1.0, 2.0, 1.0, 3.0, 2.0].iter().map(|&x| stoch_rsi.update(x)).collect();
/// assert!(out[2].0.is_nan());
/// assert!(out[3].0 >= 0.0 && out[3].0 <= 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct StochRsi {
    rsi: Rsi,
    stoch: Chain,
    rsi_lookback: usize,
    /// Bars consumed, saturating at the RSI lookback.
    seen: usize,
}

impl StochRsi {
    pub const NAME: &'static str = "stochrsi";

    pub fn new(period: usize, fastk_period: usize, fastd_period: usize, fastd_type: u8) -> Result<StochRsi, Error> {
        check_period(Self::NAME, "timeperiod", period, Rsi::MIN_PERIOD, Rsi::MAX_PERIOD)?;
        let stoch = Chain::new(Self::NAME, fastk_period, ("fastd_period", "fastd_matype", fastd_period, fastd_type), None)?;
        Ok(StochRsi { rsi: Rsi::new(period)?, stoch, rsi_lookback: Rsi::lookback(period), seen: 0 })
    }

    pub fn lookback(period: usize, fastk_period: usize, fastd_period: usize, fastd_type: u8) -> usize {
        Rsi::lookback(period) + fastk_period.saturating_sub(1) + MovingAverage::lookback(fastd_type, fastd_period)
    }

    /// (fastk, fastd) columns of the whole series at once: RSI's batch kernel, then the
    /// STOCHF chain's column kernels over the RSI from its first value on (RSI standing
    /// for high, low and close). The same values as `update` bar after bar (RSI is never
    /// -0, so even the zeros' signs agree).
    pub fn batch(
        input: &[f64],
        period: usize,
        fastk_period: usize,
        fastd_period: usize,
        fastd_type: u8,
    ) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let StochRsi { stoch, rsi_lookback, .. } = StochRsi::new(period, fastk_period, fastd_period, fastd_type)?;
        let rsi = Rsi::batch(input, period)?;
        let (fastd, fastk) = stoch.batch_after(rsi_lookback, &rsi, &rsi, &rsi);
        Ok((fastk, fastd))
    }

    /// (fastk, fastd) after `x`.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64) {
        let rsi = self.rsi.update(x);
        if self.seen < self.rsi_lookback {
            self.seen += 1;
            return (f64::NAN, f64::NAN);
        }
        let (k, d, _) = self.stoch.update(rsi, rsi, rsi);
        (k, d)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64) {
        if self.seen < self.rsi_lookback {
            return (f64::NAN, f64::NAN);
        }
        let rsi = self.rsi.peek(x);
        let (k, d, _) = self.stoch.peek(rsi, rsi, rsi);
        (k, d)
    }

    pub fn reset(&mut self) {
        self.rsi.reset();
        self.stoch.reset();
        self.seen = 0;
    }
}

fn build(p: &[f64]) -> Result<StochRsi, Error> {
    StochRsi::new(int_param(p, 0), int_param(p, 1), int_param(p, 2), ma_type_param(p, 3))
}

struct OnClose(StochRsi);

impl Streaming for OnClose {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.update(bar.close);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.peek(bar.close);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: 1, max: 100_000 }, default: default as f64, description }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: StochRsi::NAME,
    title: "Stochastic Relative Strength Index",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[
        timeperiod(Rsi::DEFAULT_PERIOD, Rsi::MIN_PERIOD, Rsi::MAX_PERIOD),
        period("fastk_period", 5, "Bars of the RSI's high-low range"),
        period("fastd_period", 3, "Smoothing of %D"),
        ma_type("fastd_matype", 0),
    ],
    outputs: &["fastk", "fastd"],
    overlay: false,
    lookback: |p| StochRsi::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2), ma_type_param(p, 3)),
    batch: kernel!(|p, columns| {
        let (fastk, fastd) = StochRsi::batch(first(columns), int_param(p, 0), int_param(p, 1), int_param(p, 2), ma_type_param(p, 3))?;
        Ok(vec![fastk, fastd])
    }),
    stream: |p| Ok(Box::new(OnClose(build(p)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookback_and_errors() {
        assert_eq!(StochRsi::lookback(14, 5, 3, 0), 14 + 4 + 2);
        let x: Vec<f64> = (0..40).map(|i| ((i * 7) % 5) as f64 + 10.0).collect();
        let mut s = StochRsi::new(14, 5, 3, 0).unwrap();
        let out: Vec<_> = x.iter().map(|&v| s.update(v)).collect();
        assert_eq!(out.iter().take_while(|v| v.0.is_nan()).count(), 20);
        assert!(StochRsi::new(1, 5, 3, 0).unwrap_err().to_string().contains("timeperiod"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        // Short and long %K windows (rescanned, block extremes), SMA %D (its column
        // kernel) and other averages, the minimum periods.
        for (period, fastk, fastd, fastd_type) in
            [(2, 1, 1, 0), (2, 2, 2, 0), (3, 4, 3, 0), (14, 5, 3, 0), (5, 9, 3, 1), (4, 14, 4, 2), (14, 3, 1, 0)]
        {
            for output in 0..2 {
                assert_scaled_paused_batch_is_updates(
                    &format!("stochrsi:{period}:{fastk}:{fastd}:{fastd_type} output {output}"),
                    |x| {
                        let (k, d) = StochRsi::batch(x, period, fastk, fastd, fastd_type).unwrap();
                        if output == 0 {
                            k
                        } else {
                            d
                        }
                    },
                    |x| {
                        let mut stoch_rsi = StochRsi::new(period, fastk, fastd, fastd_type).unwrap();
                        x.iter().map(|&v| if output == 0 { stoch_rsi.update(v).0 } else { stoch_rsi.update(v).1 }).collect()
                    },
                );
            }
        }
    }
}
