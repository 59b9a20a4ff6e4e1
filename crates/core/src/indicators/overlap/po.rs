//! APO, PPO and PVO: the difference of a fast and a slow moving average of one input.

use super::ma::{ma_type, ma_type_param};
use super::MovingAverage;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

const MIN_PERIOD: usize = 2;
const MAX_PERIOD: usize = 100_000;

/// Fast and slow averages of one type. As in TA-Lib, a "slow" period shorter than the
/// "fast" one is swapped, and both averages run from the first input.
#[derive(Debug, Clone)]
struct Oscillator {
    fast: MovingAverage,
    slow: MovingAverage,
    percent: bool,
    lookback: usize,
    seen: usize,
}

impl Oscillator {
    fn new(indicator: &'static str, fast: usize, slow: usize, ma_type: u8, percent: bool) -> Result<Oscillator, Error> {
        check_period(indicator, "fastperiod", fast, MIN_PERIOD, MAX_PERIOD)?;
        check_period(indicator, "slowperiod", slow, MIN_PERIOD, MAX_PERIOD)?;
        let (fast, slow) = (fast.min(slow), fast.max(slow));
        Ok(Oscillator {
            fast: MovingAverage::checked(indicator, "matype", ma_type, fast)?,
            slow: MovingAverage::checked(indicator, "matype", ma_type, slow)?,
            percent,
            lookback: lookback(fast, slow, ma_type),
            seen: 0,
        })
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        let fast = self.fast.update(x);
        let slow = self.slow.update(x);
        let ready = self.seen >= self.lookback;
        if !ready {
            self.seen += 1;
        }
        self.output(ready, fast, slow)
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        self.output(self.seen >= self.lookback, self.fast.peek(x), self.slow.peek(x))
    }

    fn reset(&mut self) {
        self.fast.reset();
        self.slow.reset();
        self.seen = 0;
    }

    #[inline]
    fn output(&self, ready: bool, fast: f64, slow: f64) -> f64 {
        if !ready {
            f64::NAN
        } else if !self.percent {
            fast - slow
        } else if slow.abs() < 1e-14 {
            // TA-Lib answers 0 rather than dividing by a (near-)zero slow average.
            0.0
        } else {
            (fast - slow) / slow * 100.0
        }
    }
}

fn lookback(fast: usize, slow: usize, ma_type: u8) -> usize {
    MovingAverage::lookback(ma_type, fast.max(slow))
}

const fn period_param(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Integer { min: MIN_PERIOD as i64, max: MAX_PERIOD as i64 }, default: default as f64, description }
}

const PARAMS: &[ParamDef] = &[
    period_param("fastperiod", 12, "Number of bars of the fast average"),
    period_param("slowperiod", 26, "Number of bars of the slow average"),
    ma_type("matype", 1),
];

macro_rules! oscillator {
    ($(#[$doc:meta])* $name:ident, $code:literal, $percent:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(Oscillator);

        impl $name {
            pub const NAME: &'static str = $code;

            pub fn new(fast_period: usize, slow_period: usize, ma_type: u8) -> Result<$name, Error> {
                Ok($name(Oscillator::new(Self::NAME, fast_period, slow_period, ma_type, $percent)?))
            }

            pub fn lookback(fast_period: usize, slow_period: usize, ma_type: u8) -> usize {
                lookback(fast_period, slow_period, ma_type)
            }

            pub fn batch(input: &[f64], fast_period: usize, slow_period: usize, ma_type: u8) -> Result<Vec<f64>, Error> {
                let mut oscillator = $name::new(fast_period, slow_period, ma_type)?;
                Ok(run_batch(input, |x| oscillator.update(x)))
            }

            #[inline]
            pub fn update(&mut self, x: f64) -> f64 {
                self.0.update(x)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> f64 {
                self.0.peek(x)
            }

            pub fn reset(&mut self) {
                self.0.reset();
            }
        }

        single_series!($name);
    };
}

oscillator!(
    /// Absolute price oscillator (TA-Lib `APO`): fast MA minus slow MA, of any TA-Lib MA
    /// type (default EMA).
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Apo;
    /// let out = Apo::batch(&[1.0, 2.0, 3.0, 4.0], 2, 3, 0).unwrap(); // SMA
    /// assert!(out[1].is_nan());
    /// assert_eq!(out[2], 2.5 - 2.0);
    /// ```
    Apo,
    "apo",
    false
);

oscillator!(
    /// Percentage price oscillator (TA-Lib `PPO`): `(fast MA - slow MA) / slow MA * 100`,
    /// 0 where the slow MA is (within 1e-14 of) zero.
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Ppo;
    /// let out = Ppo::batch(&[1.0, 2.0, 3.0, 4.0], 2, 3, 0).unwrap();
    /// assert_eq!(out[2], 25.0);
    /// ```
    Ppo,
    "ppo",
    true
);

oscillator!(
    /// Percentage volume oscillator (TA-Lib `PVO`): PPO of the volume.
    ///
    /// ```
    /// use sigil_core::indicators::overlap::Pvo;
    /// let out = Pvo::batch(&[0.0, 0.0, 0.0, 8.0], 2, 3, 0).unwrap();
    /// assert_eq!(out[2], 0.0); // zero slow average: 0, not a division by zero
    /// assert_eq!(out[3], (4.0 - 8.0 / 3.0) / (8.0 / 3.0) * 100.0);
    /// ```
    Pvo,
    "pvo",
    true
);

pub(crate) static APO_DEF: IndicatorDef = IndicatorDef {
    name: Apo::NAME,
    title: "Absolute Price Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Apo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Close, Apo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

pub(crate) static PPO_DEF: IndicatorDef = IndicatorDef {
    name: Ppo::NAME,
    title: "Percentage Price Oscillator",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Ppo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Close, Ppo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

pub(crate) static PVO_DEF: IndicatorDef = IndicatorDef {
    name: Pvo::NAME,
    title: "Percentage Volume Oscillator",
    group: "Volume Indicators",
    inputs: &[Input::Volume],
    params: PARAMS,
    outputs: &["real"],
    overlay: false,
    lookback: |p| lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Pvo::batch(first(columns), int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Volume, Pvo::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_periods_and_checks_bounds() {
        let x: Vec<f64> = (0..80).map(|i| 100.0 + ((i * 11) % 9) as f64).collect();
        assert_eq!(
            Apo::batch(&x, 26, 12, 1).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            Apo::batch(&x, 12, 26, 1).unwrap().iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
        assert!(Apo::new(1, 26, 1).unwrap_err().to_string().contains("fastperiod"));
        assert!(Ppo::new(12, 26, 11).unwrap_err().to_string().contains("matype"));
        assert_eq!(Ppo::lookback(12, 26, 1), 25);
    }
}
