//! Windowed extremes: MAX, MIN, MINMAX, MIDPOINT and MIDPRICE. All five run TA-Lib
//! 0.8.1's block scan ([`BlockExtreme`]), so they agree with it on NaN inputs too;
//! streaming is amortized O(1) per bar (O(period) on the bar that completes each block
//! of `period` bars), `peek` is O(1).

use super::block::{BlockExtreme, Extreme};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_bars, run_batch, single_series, timeperiod};
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
                let mut indicator = $ty::new(period)?;
                Ok(run_batch(input, |x| indicator.update(x)))
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
            batch: kernel!(|p, columns| Ok(vec![$ty::batch(first(columns), int_param(p, 0))?])),
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
        let mut indicator = MinMax::new(period)?;
        let (mut lowest, mut highest) = (Vec::with_capacity(input.len()), Vec::with_capacity(input.len()));
        for &x in input {
            let (low, high) = indicator.update(x);
            lowest.push(low);
            highest.push(high);
        }
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
    batch: kernel!(|p, columns| Ok(MinMax::batch(first(columns), int_param(p, 0))?.into())),
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
        let mut indicator = MidPoint::new(period)?;
        Ok(run_batch(input, |x| indicator.update(x)))
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
    batch: kernel!(|p, columns| Ok(vec![MidPoint::batch(first(columns), int_param(p, 0))?])),
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
        let mut indicator = MidPrice::new(period)?;
        Ok(high.iter().zip(low).map(|(&h, &l)| indicator.update(h, l)).collect())
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
    batch: kernel!(|p, columns| Ok(run_bars(MidPrice::new(int_param(p, 0))?, &[Input::High, Input::Low], columns, 1))),
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

    /// TA-Lib 0.8.1 (Python talib 0.8.2) on a NaN-laden input: the block scan's
    /// placement of NaN outputs, reproduced.
    #[test]
    fn nan_inputs_follow_talib() {
        let x = [3.0, 4.0, 0.0, 0.0, 4.0, f64::NAN, 1.0, 1.0, 4.0, 2.0, 1.0, 4.0];
        let min = Min::batch(&x, 5).unwrap();
        assert_eq!(&min[4..12], [0.0, 0.0, 0.0, 0.0, 4.0, 1.0, 1.0, 1.0]);
    }
}
