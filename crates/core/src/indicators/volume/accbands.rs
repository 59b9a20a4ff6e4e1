use super::{column, emit, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod, Sma};
use crate::registry::{IndicatorDef, Streaming};

/// Acceleration bands (TA-Lib `ACCBANDS`, Headley): simple moving averages of
/// `high * (1 + w)`, of the close, and of `low * (1 - w)`, with the bar's relative
/// width `w = 4 * (high - low) / (high + low)`.
///
/// As in TA-Lib 0.8.1, a bar whose `high + low` is zero relative to the prices
/// (`|high + low| <= 1e-14 * (|high| + |low|)`) contributes its plain high and low.
/// Each band is TA-Lib's SMA running sum over those per-bar values.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut bands = Spec::parse("accbands:2").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// assert!(bands.update(&bar(11.0, 9.0, 10.0))[0].is_nan());
/// // w = 0.4 for an 11/9 bar: upper 11 * 1.4, lower 9 * 0.6 (both bars alike)
/// let [upper, middle, lower] = <[f64; 3]>::try_from(bands.update(&bar(11.0, 9.0, 12.0))).unwrap();
/// assert!((upper - 15.4).abs() < 1e-12 && middle == 11.0 && (lower - 5.4).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct AccBands {
    upper: Sma,
    middle: Sma,
    lower: Sma,
}

/// One bar's contributions to the upper and lower band sums, in TA-Lib's arithmetic.
#[inline]
fn widened(high: f64, low: f64) -> (f64, f64) {
    let sum = high + low;
    if sum.abs() <= 1e-14 * (high.abs() + low.abs()) {
        return (high, low);
    }
    let width = 4.0 * (high - low) / sum;
    (high * (1.0 + width), low * (1.0 - width))
}

impl AccBands {
    pub const NAME: &'static str = "accbands";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<AccBands, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(AccBands { upper: Sma::new(period)?, middle: Sma::new(period)?, lower: Sma::new(period)? })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// `[upper, middle, lower]` columns: the widened high and low of every bar, then
    /// the SMA batch kernel over each band's column. The same values through the same
    /// SMA arithmetic as `update`, so the same bits.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<[Vec<f64>; 3], Error> {
        AccBands::new(period)?;
        let n = rows(&[high, low, close]);
        let (upper, lower): (Vec<f64>, Vec<f64>) = high[..n].iter().zip(&low[..n]).map(|(&high, &low)| widened(high, low)).unzip();
        Ok([Sma::column(&upper, period), Sma::column(&close[..n], period), Sma::column(&lower, period)])
    }

    /// `[upper, middle, lower]`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 3] {
        let (upper, lower) = widened(high, low);
        [self.upper.update(upper), self.middle.update(close), self.lower.update(lower)]
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> [f64; 3] {
        let (upper, lower) = widened(high, low);
        [self.upper.peek(upper), self.middle.peek(close), self.lower.peek(lower)]
    }

    pub fn reset(&mut self) {
        self.upper.reset();
        self.middle.reset();
        self.lower.reset();
    }
}

impl Streaming for AccBands {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &AccBands::update(self, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &AccBands::peek(self, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        AccBands::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: AccBands::NAME,
    title: "Acceleration Bands",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[timeperiod(AccBands::DEFAULT_PERIOD, AccBands::MIN_PERIOD, AccBands::MAX_PERIOD)],
    outputs: &["upperband", "middleband", "lowerband"],
    overlay: true,
    lookback: |p| AccBands::lookback(int_param(p, 0)),
    batch: kernel!(|p, c| Ok(AccBands::batch(column(c, 0), column(c, 1), column(c, 2), int_param(p, 0))?.into())),
    stream: |p| Ok(Box::new(AccBands::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_sum_bars_contribute_plain_prices() {
        assert_eq!(widened(1.0, -1.0), (1.0, -1.0));
        assert_eq!(widened(0.0, 0.0), (0.0, 0.0));
        assert_eq!(widened(5.0, 5.0), (5.0, 5.0));
        let (up, low) = widened(2e-12, 1e-12);
        assert!(up > 2e-12 && low < 1e-12);
    }

    #[test]
    fn short_input_and_invalid_period() {
        let [u, m, l] = AccBands::batch(&[1.0], &[1.0], &[1.0], 2).unwrap();
        assert!(u[0].is_nan() && m[0].is_nan() && l[0].is_nan());
        assert!(AccBands::new(1).unwrap_err().to_string().contains("2..=100000"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::{assert_batch_is_updates, paused_index};

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [2, 3, 20] {
            for scale in [1.0, 1e-12, 1e300] {
                for pause in [0, 8] {
                    // The high from the test series (NaN, infinities, -0 included), the low
                    // 0, 1 or 2 below it (zero-width bars) or its negative (a zero high +
                    // low), the close between them; one column per output.
                    let columns = |x: &[f64]| -> [Vec<f64>; 3] {
                        let high: Vec<f64> = (0..x.len()).map(|i| x[paused_index(i, pause)] * scale).collect();
                        let low: Vec<f64> =
                            high.iter().enumerate().map(|(i, &h)| if i % 5 == 0 { -h } else { h - scale * (i % 3) as f64 }).collect();
                        let close = high.iter().zip(&low).map(|(h, l)| (h + l) * 0.5).collect();
                        [high, low, close]
                    };
                    for output in 0..3 {
                        assert_batch_is_updates(
                            &format!("accbands:{period} x{scale} pause {pause} output {output}"),
                            |x| {
                                let [high, low, close] = columns(x);
                                AccBands::batch(&high, &low, &close, period).unwrap().into_iter().nth(output).unwrap_or_default()
                            },
                            |x| {
                                let [high, low, close] = columns(x);
                                let mut bands = AccBands::new(period).unwrap();
                                (0..high.len()).map(|i| bands.update(high[i], low[i], close[i])[output]).collect()
                            },
                        );
                    }
                }
            }
        }
    }
}
