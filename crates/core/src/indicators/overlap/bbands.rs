use super::ma::{ma_type, ma_type_param};
use super::rolling_std::RollingStd;
use super::MovingAverage;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, check_real, int_param, timeperiod};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Bollinger Bands (TA-Lib `BBANDS`): a moving average of any TA-Lib type as the middle
/// band, and the middle plus `nbdevup` / minus `nbdevdn` population standard deviations
/// of the last `period` inputs (about their own mean, whatever the MA type, as TA-Lib).
///
/// The deviation is TA-Lib 0.8.1's accurate one (see its running sums in the source):
/// O(1) per bar except an O(period) rebuild every `32 * period` bars or when the
/// variance collapses. Outputs upper, middle, lower.
///
/// ```
/// use sigil_core::indicators::overlap::Bbands;
/// let mut bands = Bbands::new(2, 2.0, 2.0, 0).unwrap();
/// assert!(bands.update(1.0).1.is_nan());
/// assert_eq!(bands.update(3.0), (4.0, 2.0, 0.0)); // mean 2, deviation 1
/// ```
#[derive(Debug, Clone)]
pub struct Bbands {
    middle: MovingAverage,
    deviation: RollingStd,
    dev_up: f64,
    dev_down: f64,
    lookback: usize,
    /// TA-Lib's MA type code of the middle band.
    ma_type: u8,
    /// Inputs consumed, saturating at the lookback.
    seen: usize,
}

impl Bbands {
    pub const NAME: &'static str = "bbands";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;
    pub const DEFAULT_DEV: f64 = 2.0;
    /// TA-Lib's real-parameter bounds.
    pub const MAX_DEV: f64 = 3e37;

    pub fn new(period: usize, dev_up: f64, dev_down: f64, ma_type: u8) -> Result<Bbands, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        for (parameter, value) in [("nbdevup", dev_up), ("nbdevdn", dev_down)] {
            check_real(Self::NAME, parameter, value, -Self::MAX_DEV, Self::MAX_DEV)?;
        }
        let middle = MovingAverage::checked(Self::NAME, "matype", ma_type, period)?;
        Ok(Bbands {
            middle,
            deviation: RollingStd::new(period),
            dev_up,
            dev_down,
            lookback: Self::lookback(period, ma_type),
            ma_type,
            seen: 0,
        })
    }

    pub fn lookback(period: usize, ma_type: u8) -> usize {
        MovingAverage::lookback(ma_type, period).max(period.saturating_sub(1))
    }

    /// (upper, middle, lower) over a whole series.
    pub fn batch(input: &[f64], period: usize, dev_up: f64, dev_down: f64, ma_type: u8) -> Result<[Vec<f64>; 3], Error> {
        Ok(Bbands::new(period, dev_up, dev_down, ma_type)?.run(input))
    }

    /// Bit for bit the streaming outputs, column by column: the deviation (in the lower
    /// band's column), the middle band, then both bands from them. Each pass is a tight
    /// loop of its own; the deviation reads its window straight from `input`. (One pass
    /// writing all three columns measured 40 % slower in wasm: three pushes per bar.)
    fn run(mut self, input: &[f64]) -> [Vec<f64>; 3] {
        let n = input.len();
        let period = self.deviation.period();
        // Each slot is written once (zeroed allocations would first be cleared by a pass
        // of their own whenever the allocator reuses memory). The lower band, the column
        // a caller drops last, is allocated first, lowest in the heap: with glibc it then
        // survives the frees and serves the next call's first column without page faults
        // (as MACD's histogram).
        let mut lower = Vec::with_capacity(n);
        lower.resize((period - 1).min(n), f64::NAN);
        lower.extend(RollingStd::deviations(period, input));
        let mut middle = if self.ma_type == 0 {
            // The default SMA middle band: `Sma::update`'s arithmetic over the slice.
            crate::indicators::Sma::column(input, period)
        } else {
            input.iter().map(|&x| self.middle.update(x)).collect()
        };
        let ready = self.lookback.min(n);
        let mut upper = Vec::with_capacity(n);
        upper.resize(ready, f64::NAN);
        upper.extend(middle[ready..].iter().zip(&lower[ready..]).map(|(&m, &deviation)| self.bands(true, m, deviation).0));
        for (slot, &m) in lower[ready..].iter_mut().zip(&middle[ready..]) {
            *slot = self.bands(true, m, *slot).2;
        }
        middle[..ready].fill(f64::NAN);
        lower[..ready].fill(f64::NAN);
        [upper, middle, lower]
    }

    /// (upper, middle, lower) after `x`.
    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64, f64) {
        let middle = self.middle.update(x);
        let deviation = self.deviation.update(x);
        let ready = self.seen >= self.lookback;
        if !ready {
            self.seen += 1;
        }
        self.bands(ready, middle, deviation)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64, f64) {
        self.bands(self.seen >= self.lookback, self.middle.peek(x), self.deviation.peek(x))
    }

    pub fn reset(&mut self) {
        self.middle.reset();
        self.deviation.reset();
        self.seen = 0;
    }

    #[inline]
    fn bands(&self, ready: bool, middle: f64, deviation: f64) -> (f64, f64, f64) {
        if !ready {
            return (f64::NAN, f64::NAN, f64::NAN);
        }
        if self.dev_up == self.dev_down {
            let width = deviation * self.dev_up;
            (middle + width, middle, middle - width)
        } else {
            (middle + deviation * self.dev_up, middle, middle - deviation * self.dev_down)
        }
    }
}

struct OnClose(Bbands);

impl Streaming for OnClose {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1], out[2]) = self.0.update(bar.close);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1], out[2]) = self.0.peek(bar.close);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

const fn deviations(name: &'static str, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Real { min: -Bbands::MAX_DEV, max: Bbands::MAX_DEV }, default: Bbands::DEFAULT_DEV, description }
}

fn real(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(Bbands::DEFAULT_DEV)
}

fn build(p: &[f64]) -> Result<Bbands, Error> {
    Bbands::new(int_param(p, 0), real(p, 1), real(p, 2), ma_type_param(p, 3))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Bbands::NAME,
    title: "Bollinger Bands",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[
        timeperiod(Bbands::DEFAULT_PERIOD, Bbands::MIN_PERIOD, Bbands::MAX_PERIOD),
        deviations("nbdevup", "Deviation multiplier for the upper band"),
        deviations("nbdevdn", "Deviation multiplier for the lower band"),
        ma_type("matype", 0),
    ],
    outputs: &["upperband", "middleband", "lowerband"],
    overlay: true,
    lookback: |p| Bbands::lookback(int_param(p, 0), ma_type_param(p, 3)),
    batch: Some(|p, columns| Ok(build(p)?.run(columns.first().copied().unwrap_or(&[])).into())),
    stream: |p| Ok(Box::new(OnClose(build(p)?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_series_has_zero_width_and_params_are_checked() {
        let [upper, middle, lower] = Bbands::batch(&[5.0; 30], 20, 2.0, 2.0, 1).unwrap();
        assert!(upper[..19].iter().all(|v| v.is_nan()));
        assert!(upper[19..].iter().zip(&middle[19..]).zip(&lower[19..]).all(|((u, m), l)| *u == 5.0 && *m == 5.0 && *l == 5.0));
        assert!(Bbands::new(1, 2.0, 2.0, 0).is_err());
        assert!(Bbands::new(20, 2.0, 2.0, 10).unwrap_err().to_string().contains("matype"));
        assert_eq!(Bbands::lookback(20, 7), 32);
        assert!(Bbands::batch(&[1.0; 5], 20, 2.0, 2.0, 0).unwrap()[1].iter().all(|v| v.is_nan()));
    }

    /// The column-by-column batch gives `update`'s bits on every output, for the SMA
    /// middle band and others, with equal and unequal multipliers, and for MAMA (whose
    /// own lookback is shorter than the deviation's at period 40).
    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::{awkward_series, walk_series};
        for input in [&awkward_series(140), &walk_series(140)] {
            for (period, up, down, ma_type) in [(2, 2.0, 2.0, 0), (5, 2.0, 1.5, 0), (20, 2.0, 2.0, 1), (5, 1.0, 3.0, 3), (40, 2.0, 2.0, 7)]
            {
                for len in [0, 1, period - 1, period, 60, 140] {
                    let columns = Bbands::batch(&input[..len], period, up, down, ma_type).unwrap();
                    let mut bands = Bbands::new(period, up, down, ma_type).unwrap();
                    for (i, &x) in input[..len].iter().enumerate() {
                        let (u, m, l) = bands.update(x);
                        for (k, expected) in [u, m, l].into_iter().enumerate() {
                            let got = columns[k][i];
                            let same = got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan());
                            assert!(same, "bbands:{period}:{up}:{down}:{ma_type} len {len} bar {i} output {k}: {got} vs {expected}");
                        }
                    }
                    assert!(columns.iter().all(|c| c.len() == len));
                }
            }
        }
    }
}
