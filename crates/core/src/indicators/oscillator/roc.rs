//! The rate-of-change family: ROC, ROCP, ROCR and ROCR100 differ only in how they
//! compare the input with the one `period` bars earlier, so they share one core.

use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

const MIN_PERIOD: usize = 1;
const MAX_PERIOD: usize = 100_000;
const DEFAULT_PERIOD: usize = 10;

/// The input `period` bars back, and a comparison with it.
#[derive(Debug, Clone)]
struct Lagged {
    period: usize,
    history: History,
}

impl Lagged {
    fn new(indicator: &'static str, period: usize) -> Result<Lagged, Error> {
        check_period(indicator, "timeperiod", period, MIN_PERIOD, MAX_PERIOD)?;
        Ok(Lagged { period, history: History::new(period) })
    }

    /// The whole series, reading the earlier input straight from the slice.
    fn batch(input: &[f64], period: usize, compare: fn(f64, f64) -> f64) -> Vec<f64> {
        let warm_up = period.min(input.len());
        let mut out = vec![f64::NAN; warm_up];
        out.extend(input.iter().zip(&input[warm_up..]).map(|(&earlier, &x)| if earlier != 0.0 { compare(x, earlier) } else { 0.0 }));
        out
    }

    /// `compare(x, earlier)`, or 0 where the earlier input is exactly zero (TA-Lib's
    /// convention, rather than an infinity), NaN during warm-up.
    #[inline]
    fn peek(&self, x: f64, compare: fn(f64, f64) -> f64) -> f64 {
        match self.history.ago(self.period) {
            None => f64::NAN,
            Some(earlier) if earlier != 0.0 => compare(x, earlier),
            Some(_) => 0.0,
        }
    }

    #[inline]
    fn update(&mut self, x: f64, compare: fn(f64, f64) -> f64) -> f64 {
        let out = self.peek(x, compare);
        self.history.push(x);
        out
    }
}

macro_rules! rate_of_change {
    ($(#[$doc:meta])* $name:ident, $key:literal, $title:literal, $def:ident, $compare:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            core: Lagged,
        }

        impl $name {
            pub const NAME: &'static str = $key;
            pub const DEFAULT_PERIOD: usize = DEFAULT_PERIOD;
            pub const MIN_PERIOD: usize = MIN_PERIOD;
            pub const MAX_PERIOD: usize = MAX_PERIOD;
            const COMPARE: fn(f64, f64) -> f64 = $compare;

            pub fn new(period: usize) -> Result<$name, Error> {
                Ok($name { core: Lagged::new(Self::NAME, period)? })
            }

            pub fn lookback(period: usize) -> usize {
                period
            }

            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
                $name::new(period)?;
                Ok(Lagged::batch(input, period, Self::COMPARE))
            }

            #[inline]
            pub fn update(&mut self, x: f64) -> f64 {
                self.core.update(x, Self::COMPARE)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> f64 {
                self.core.peek(x, Self::COMPARE)
            }

            pub fn reset(&mut self) {
                self.core.history.reset();
            }
        }

        single_series!($name);

        pub(crate) static $def: IndicatorDef = IndicatorDef {
            name: $name::NAME,
            title: $title,
            group: "Momentum Indicators",
            inputs: &[Input::Close],
            params: &[timeperiod(DEFAULT_PERIOD, MIN_PERIOD, MAX_PERIOD)],
            outputs: &["real"],
            overlay: false,
            lookback: |p| $name::lookback(int_param(p, 0)),
            batch: kernel!(|p, columns| Ok(vec![$name::batch(first(columns), int_param(p, 0))?])),
            stream: |p| Ok(on_input(Input::Close, $name::new(int_param(p, 0))?)),
        };
    };
}

rate_of_change!(
    /// Rate of change in percent (TA-Lib `ROC`): `(x / earlier - 1) * 100`, with
    /// `earlier` the input `period` bars back; 0 where `earlier` is exactly 0.
    ///
    /// ```
    /// use sigil_core::indicators::Roc;
    /// let out = Roc::batch(&[100.0, 0.0, 110.0, 5.0], 2).unwrap();
    /// assert!(out[1].is_nan());
    /// assert!((out[2] - 10.0).abs() < 1e-12);
    /// assert_eq!(out[3], 0.0); // the price two bars back was 0
    /// ```
    Roc,
    "roc",
    "Rate of change : ((price/prevPrice)-1)*100",
    ROC_DEF,
    |x, earlier| (x / earlier - 1.0) * 100.0
);

rate_of_change!(
    /// Rate of change as a fraction (TA-Lib `ROCP`): `(x - earlier) / earlier`; 0
    /// where `earlier`, the input `period` bars back, is exactly 0.
    ///
    /// ```
    /// use sigil_core::indicators::Rocp;
    /// let mut rocp = Rocp::new(1).unwrap();
    /// rocp.update(4.0);
    /// assert_eq!(rocp.peek(5.0), 0.25);
    /// assert_eq!(rocp.update(3.0), -0.25);
    /// ```
    Rocp,
    "rocp",
    "Rate of change Percentage: (price-prevPrice)/prevPrice",
    ROCP_DEF,
    |x, earlier| (x - earlier) / earlier
);

rate_of_change!(
    /// Rate-of-change ratio (TA-Lib `ROCR`): `x / earlier`; 0 where `earlier`, the
    /// input `period` bars back, is exactly 0.
    ///
    /// ```
    /// use sigil_core::indicators::Rocr;
    /// assert_eq!(Rocr::batch(&[4.0, 5.0, 6.0], 1).unwrap()[1..], [1.25, 1.2]);
    /// ```
    Rocr,
    "rocr",
    "Rate of change ratio: (price/prevPrice)",
    ROCR_DEF,
    |x, earlier| x / earlier
);

rate_of_change!(
    /// Rate-of-change ratio on a 100 scale (TA-Lib `ROCR100`): `x / earlier * 100`;
    /// 0 where `earlier`, the input `period` bars back, is exactly 0.
    ///
    /// ```
    /// use sigil_core::indicators::Rocr100;
    /// assert_eq!(Rocr100::batch(&[4.0, 5.0], 1).unwrap()[1], 125.0);
    /// ```
    Rocr100,
    "rocr100",
    "Rate of change ratio 100 scale: (price/prevPrice)*100",
    ROCR100_DEF,
    |x, earlier| x / earlier * 100.0
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_base_gives_zero_and_nan_propagates() {
        let input = [0.0, 1.0, 2.0, 0.0, 3.0, f64::NAN, 5.0];
        let roc = Roc::batch(&input, 1).unwrap();
        assert_eq!(roc[1], 0.0);
        assert_eq!(roc[2], 100.0);
        assert_eq!(roc[4], 0.0);
        assert!(roc[5].is_nan() && roc[6].is_nan());
        assert_eq!(Rocr::batch(&input, 1).unwrap()[3], 0.0);
        assert_eq!(Rocp::batch(&input, 1).unwrap()[3], -1.0);
    }

    #[test]
    fn tiny_prices_and_short_input() {
        let out = Rocr100::batch(&[1e-12, 2e-12, 3e-12], 2).unwrap();
        assert!((out[2] - 300.0).abs() < 1e-9);
        assert!(Roc::batch(&[1.0; 5], 5).unwrap().iter().all(|v| v.is_nan()));
        assert!(Rocp::new(100_001).is_err());
    }
}
