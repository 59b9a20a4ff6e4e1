//! Windowed extremes: MAX, MIN, MINMAX, MIDPOINT and MIDPRICE. All five run TA-Lib
//! 0.8.1's block scan ([`BlockExtreme`]), so they agree with it on NaN inputs too;
//! streaming is amortized O(1) per bar (O(period) on the bar that completes each block
//! of `period` bars), `peek` is O(1). Batch runs the same scan block by block
//! ([`block_extremes`], [`block_ranges`]): the same values, bit for bit.

use super::block::{block_extremes, block_ranges, BlockExtreme, Extreme};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

const MIN_PERIOD: usize = 2;
const MAX_PERIOD: usize = 100_000;
/// TA-Lib's default for MAX, MIN and MINMAX.
const EXTREME_DEFAULT_PERIOD: usize = 30;
/// TA-Lib's default for MIDPOINT and MIDPRICE.
const MID_DEFAULT_PERIOD: usize = 14;

fn lookback(params: &[f64]) -> usize {
    int_param(params, 0).max(MIN_PERIOD) - 1
}

/// MAX and MIN differ only in the extreme they track.
macro_rules! single_extreme {
    ($(#[$meta:meta])* $ty:ident, $def:ident, $name:literal, $title:literal, $extreme:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            scan: BlockExtreme,
        }

        impl $ty {
            pub const NAME: &'static str = $name;
            pub const DEFAULT_PERIOD: usize = EXTREME_DEFAULT_PERIOD;
            pub const MIN_PERIOD: usize = MIN_PERIOD;
            pub const MAX_PERIOD: usize = MAX_PERIOD;

            pub fn new(period: usize) -> Result<$ty, Error> {
                check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
                Ok($ty { scan: BlockExtreme::new(period, $extreme) })
            }

            pub fn lookback(period: usize) -> usize {
                period.max(1) - 1
            }

            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
                check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
                let mut out = Vec::with_capacity(input.len());
                block_extremes(input, period, $extreme, |extremes| out.extend_from_slice(extremes));
                Ok(out)
            }

            #[inline]
            pub fn update(&mut self, x: f64) -> f64 {
                self.scan.push(x)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> f64 {
                self.scan.peek(x)
            }

            pub fn reset(&mut self) {
                self.scan.reset();
            }
        }

        single_series!($ty);

        pub(crate) static $def: IndicatorDef = IndicatorDef {
            name: $ty::NAME,
            title: $title,
            group: "Math Operators",
            inputs: &[Input::Close],
            params: &[timeperiod(EXTREME_DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
            outputs: &["real"],
            overlay: true,
            lookback,
            batch: Some(|p, columns| Ok(vec![$ty::batch(first(columns), int_param(p, 0))?])),
            stream: |p| Ok(on_input(Input::Close, $ty::new(int_param(p, 0))?)),
        };
    };
}

single_extreme! {
    /// Highest input of the last `period` bars (TA-Lib `MAX`).
    ///
    /// ```
    /// use sigil_core::indicators::Max;
    /// let out = Max::batch(&[1.0, 3.0, 2.0, 0.0], 2).unwrap();
    /// assert!(out[0].is_nan());
    /// assert_eq!(&out[1..], [3.0, 3.0, 2.0]);
    /// ```
    Max, MAX, "max", "Highest value over a specified period", Extreme::Max
}

single_extreme! {
    /// Lowest input of the last `period` bars (TA-Lib `MIN`).
    ///
    /// ```
    /// use sigil_core::indicators::Min;
    /// let mut min = Min::new(2).unwrap();
    /// assert!(min.update(3.0).is_nan());
    /// assert_eq!(min.update(1.0), 1.0);
    /// assert_eq!(min.peek(5.0), 1.0); // the forming bar; state unchanged
    /// assert_eq!(min.update(2.0), 1.0);
    /// assert_eq!(min.update(4.0), 2.0);
    /// ```
    Min, MIN, "min", "Lowest value over a specified period", Extreme::Min
}

/// Lowest and highest input of the last `period` bars (TA-Lib `MINMAX`), as `(min, max)`.
///
/// ```
/// use sigil_core::indicators::MinMax;
/// let mut minmax = MinMax::new(3).unwrap();
/// minmax.update(2.0);
/// minmax.update(5.0);
/// assert_eq!(minmax.update(1.0), (1.0, 5.0));
/// assert_eq!(minmax.update(3.0), (1.0, 5.0));
/// ```
#[derive(Debug, Clone)]
pub struct MinMax {
    lowest: BlockExtreme,
    highest: BlockExtreme,
}

impl MinMax {
    pub const NAME: &'static str = "minmax";
    pub const DEFAULT_PERIOD: usize = EXTREME_DEFAULT_PERIOD;
    pub const MIN_PERIOD: usize = MIN_PERIOD;
    pub const MAX_PERIOD: usize = MAX_PERIOD;

    pub fn new(period: usize) -> Result<MinMax, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        Ok(MinMax { lowest: BlockExtreme::new(period, Extreme::Min), highest: BlockExtreme::new(period, Extreme::Max) })
    }

    pub fn lookback(period: usize) -> usize {
        period.max(1) - 1
    }

    /// `[min, max]` columns.
    pub fn batch(input: &[f64], period: usize) -> Result<[Vec<f64>; 2], Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        let (mut lowest, mut highest) = (Vec::with_capacity(input.len()), Vec::with_capacity(input.len()));
        block_ranges(input, input, period, |high, low| {
            lowest.extend_from_slice(low);
            highest.extend_from_slice(high);
        });
        Ok([lowest, highest])
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> (f64, f64) {
        (self.lowest.push(x), self.highest.push(x))
    }

    #[inline]
    pub fn peek(&self, x: f64) -> (f64, f64) {
        (self.lowest.peek(x), self.highest.peek(x))
    }

    pub fn reset(&mut self) {
        self.lowest.reset();
        self.highest.reset();
    }
}

impl Streaming for MinMax {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        write_pair(out, MinMax::update(self, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        write_pair(out, MinMax::peek(self, bar.close));
    }
    fn reset(&mut self) {
        MinMax::reset(self);
    }
}

/// Writes a two-output indicator's values into the registry's output slots.
#[inline]
pub(crate) fn write_pair(out: &mut [f64], (a, b): (f64, f64)) {
    if let [first, second, ..] = out {
        *first = a;
        *second = b;
    }
}

pub(crate) static MINMAX: IndicatorDef = IndicatorDef {
    name: MinMax::NAME,
    title: "Lowest and highest values over a specified period",
    group: "Math Operators",
    inputs: &[Input::Close],
    params: &[timeperiod(EXTREME_DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
    outputs: &["min", "max"],
    overlay: true,
    lookback,
    batch: Some(|p, columns| Ok(MinMax::batch(first(columns), int_param(p, 0))?.into())),
    stream: |p| Ok(Box::new(MinMax::new(int_param(p, 0))?)),
};

/// Middle of the highest and lowest input of the last `period` bars (TA-Lib
/// `MIDPOINT`): `(max + min) / 2`.
///
/// ```
/// use sigil_core::indicators::MidPoint;
/// let out = MidPoint::batch(&[1.0, 5.0, 3.0], 2).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], [3.0, 4.0]);
/// ```
#[derive(Debug, Clone)]
pub struct MidPoint {
    extremes: MinMax,
}

impl MidPoint {
    pub const NAME: &'static str = "midpoint";
    pub const DEFAULT_PERIOD: usize = MID_DEFAULT_PERIOD;
    pub const MIN_PERIOD: usize = MIN_PERIOD;
    pub const MAX_PERIOD: usize = MAX_PERIOD;

    pub fn new(period: usize) -> Result<MidPoint, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        Ok(MidPoint { extremes: MinMax::new(period)? })
    }

    pub fn lookback(period: usize) -> usize {
        period.max(1) - 1
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        let mut out = Vec::with_capacity(input.len());
        block_ranges(input, input, period, |highest, lowest| out.extend(highest.iter().zip(lowest).map(|(h, l)| (h + l) / 2.0)));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let (lowest, highest) = self.extremes.update(x);
        (highest + lowest) / 2.0
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let (lowest, highest) = self.extremes.peek(x);
        (highest + lowest) / 2.0
    }

    pub fn reset(&mut self) {
        self.extremes.reset();
    }
}

single_series!(MidPoint);

pub(crate) static MIDPOINT: IndicatorDef = IndicatorDef {
    name: MidPoint::NAME,
    title: "MidPoint over period",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(MID_DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback,
    batch: Some(|p, columns| Ok(vec![MidPoint::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, MidPoint::new(int_param(p, 0))?)),
};

/// Middle of the highest high and the lowest low of the last `period` bars (TA-Lib
/// `MIDPRICE`): `(max(high) + min(low)) / 2`.
///
/// ```
/// use sigil_core::indicators::MidPrice;
/// let mut mid = MidPrice::new(2).unwrap();
/// assert!(mid.update(10.0, 8.0).is_nan()); // high, low
/// assert_eq!(mid.peek(12.0, 9.0), 10.0);
/// assert_eq!(mid.update(11.0, 9.0), 9.5);
/// ```
#[derive(Debug, Clone)]
pub struct MidPrice {
    highest: BlockExtreme,
    lowest: BlockExtreme,
}

impl MidPrice {
    pub const NAME: &'static str = "midprice";
    pub const DEFAULT_PERIOD: usize = MID_DEFAULT_PERIOD;
    pub const MIN_PERIOD: usize = MIN_PERIOD;
    pub const MAX_PERIOD: usize = MAX_PERIOD;

    pub fn new(period: usize) -> Result<MidPrice, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        Ok(MidPrice { highest: BlockExtreme::new(period, Extreme::Max), lowest: BlockExtreme::new(period, Extreme::Min) })
    }

    pub fn lookback(period: usize) -> usize {
        period.max(1) - 1
    }

    /// One value per row; the output is as long as the shorter input.
    pub fn batch(high: &[f64], low: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        check_period(Self::NAME, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        let mut out = Vec::with_capacity(high.len().min(low.len()));
        block_ranges(high, low, period, |highest, lowest| out.extend(highest.iter().zip(lowest).map(|(h, l)| (h + l) / 2.0)));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        (self.highest.push(high) + self.lowest.push(low)) / 2.0
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        (self.highest.peek(high) + self.lowest.peek(low)) / 2.0
    }

    pub fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
    }
}

impl Streaming for MidPrice {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = MidPrice::update(self, bar.high, bar.low);
        }
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = MidPrice::peek(self, bar.high, bar.low);
        }
    }
    fn reset(&mut self) {
        MidPrice::reset(self);
    }
}

pub(crate) static MIDPRICE: IndicatorDef = IndicatorDef {
    name: MidPrice::NAME,
    title: "Midpoint Price over period",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low],
    params: &[timeperiod(MID_DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback,
    batch: Some(|p, columns| Ok(vec![MidPrice::batch(first(columns), columns.get(1).copied().unwrap_or_default(), int_param(p, 0))?])),
    stream: |p| Ok(Box::new(MidPrice::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bar::Series;
    use crate::spec::Spec;

    #[test]
    fn periods_outside_talib_range_are_rejected() {
        for name in ["max", "min", "minmax", "midpoint", "midprice"] {
            for bad in ["0", "1", "100001"] {
                let err = Spec::parse(&format!("{name}:{bad}")).unwrap_err().to_string();
                assert!(err.contains("timeperiod") && err.contains("2..=100000"), "{name}:{bad}: {err}");
            }
        }
        assert!(Max::new(1).is_err() && MinMax::new(0).is_err() && MidPrice::new(100_001).is_err());
    }

    #[test]
    fn short_input_is_all_nan_and_flat_input_is_flat() {
        assert!(Max::batch(&[1.0, 2.0], 3).unwrap().iter().all(|v| v.is_nan()));
        assert!(MidPrice::batch(&[], &[], 3).unwrap().is_empty());
        let flat = [1e-12; 50];
        let out = MidPoint::batch(&flat, 7).unwrap();
        assert!(out[..6].iter().all(|v| v.is_nan()) && out[6..].iter().all(|&v| v == 1e-12));
    }

    #[test]
    fn midprice_reads_high_and_low() {
        let (high, low) = ([3.0, 6.0, 4.0], [1.0, 2.0, 0.0]);
        let out = Spec::parse("midprice:2").unwrap().compute(&Series { high: &high, low: &low, ..Series::default() }).unwrap();
        assert!(out[0][0].is_nan());
        assert_eq!(&out[0][1..], [3.5, 3.0]);
    }

    /// Each batch kernel gives the bits of its bar-by-bar updates on every length of
    /// awkward series (NaN, infinities, signed zeros, ties, flat).
    #[test]
    fn batch_equals_updates_bit_for_bit() {
        use super::super::block::tests::{awkward_series, test_series, PERIODS};
        let same = |name: &str, got: &[f64], expected: &[f64]| {
            assert_eq!(got.len(), expected.len(), "{name}: length");
            for (i, (a, b)) in got.iter().zip(expected).enumerate() {
                assert_eq!(a.to_bits(), b.to_bits(), "{name} bar {i}: {a} vs {b}");
            }
        };
        for period in PERIODS.into_iter().filter(|&p| p >= MIN_PERIOD) {
            for (kind, values) in test_series(2 * period + 25, 3 + period as u64) {
                let lows = awkward_series(values.len(), period as u64);
                for len in 0..=values.len() {
                    let (x, low) = (&values[..len], &lows[..len]);
                    let name = format!("{kind} period {period} len {len}");
                    let mut max = Max::new(period).unwrap();
                    same(&format!("max {name}"), &Max::batch(x, period).unwrap(), &x.iter().map(|&v| max.update(v)).collect::<Vec<_>>());
                    let mut min = Min::new(period).unwrap();
                    same(&format!("min {name}"), &Min::batch(x, period).unwrap(), &x.iter().map(|&v| min.update(v)).collect::<Vec<_>>());
                    let mut minmax = MinMax::new(period).unwrap();
                    let (lowest, highest): (Vec<f64>, Vec<f64>) = x.iter().map(|&v| minmax.update(v)).unzip();
                    let [batch_lowest, batch_highest] = MinMax::batch(x, period).unwrap();
                    same(&format!("minmax min {name}"), &batch_lowest, &lowest);
                    same(&format!("minmax max {name}"), &batch_highest, &highest);
                    let mut midpoint = MidPoint::new(period).unwrap();
                    let expected: Vec<f64> = x.iter().map(|&v| midpoint.update(v)).collect();
                    same(&format!("midpoint {name}"), &MidPoint::batch(x, period).unwrap(), &expected);
                    let mut midprice = MidPrice::new(period).unwrap();
                    let expected: Vec<f64> = x.iter().zip(low).map(|(&h, &l)| midprice.update(h, l)).collect();
                    same(&format!("midprice {name}"), &MidPrice::batch(x, low, period).unwrap(), &expected);
                }
            }
        }
        // MIDPRICE reads as many rows as the shorter column has.
        assert_eq!(MidPrice::batch(&[1.0; 5], &[0.0; 3], 2).unwrap().len(), 3);
    }

    /// TA-Lib 0.8.1 (Python talib 0.8.2) on a NaN-laden input: the block scan's
    /// placement of NaN outputs, reproduced.
    #[test]
    fn nan_inputs_follow_talib() {
        let x = [3.0, 4.0, 0.0, 0.0, 4.0, f64::NAN, 1.0, 1.0, 4.0, 2.0, 1.0, 4.0];
        let min = Min::batch(&x, 5).unwrap();
        assert_eq!(&min[4..12], [0.0, 0.0, 0.0, 0.0, 4.0, 1.0, 1.0, 1.0]);
    }
}
