//! The least-squares line shared by LINEARREG, LINEARREG_SLOPE, LINEARREG_INTERCEPT,
//! LINEARREG_ANGLE and TSF.

use super::ring::Ring;

/// The fitted line over one window, `y = intercept + slope * x`, with x counting bars
/// from the oldest (x = 0) to the newest (x = period - 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fit {
    pub(crate) slope: f64,
    pub(crate) intercept: f64,
}

/// TA-Lib 0.8.1's sliding least-squares sums: O(1) per bar (advancing the window raises
/// every retained value's weight by one), rebuilt from the window, O(period), every
/// `32 * period` bars and on the bar a value leaves that outweighs 100 times the sum of
/// magnitudes still in the window, so rounding drift stays bounded. Same rules as
/// TA-Lib, so the sums (and outputs) agree with it to rounding.
#[derive(Debug, Clone)]
pub(crate) struct RollingRegression {
    period: usize,
    n: f64,
    sum_x: f64,
    divisor: f64,
    /// The last `period` inputs: the previous window, whose oldest value leaves next.
    window: Ring,
    sums: Sums,
}

#[derive(Debug, Clone, Copy)]
struct Sums {
    /// Sum of the window's values.
    y: f64,
    /// Sum of value times weight, the newest value weighing 0 and the oldest period - 1:
    /// TA-Lib counts x backwards so that advancing the window is one add of `y`; the
    /// negative `divisor` turns the slope back to forward time.
    weighted: f64,
    /// Sum of magnitudes, the scale of a rebuild's own rounding.
    magnitude: f64,
    bars_until_rebuild: usize,
}

const OUTLIER_RATIO: f64 = 100.0;

impl RollingRegression {
    pub(crate) fn new(period: usize) -> RollingRegression {
        let period = period.max(2);
        let n = period as f64;
        let sum_x = n * (n - 1.0) * 0.5;
        let sum_x_squared = n * (n - 1.0) * (2.0 * n - 1.0) / 6.0;
        RollingRegression {
            period,
            n,
            sum_x,
            divisor: sum_x * sum_x - n * sum_x_squared,
            window: Ring::new(period),
            sums: Sums { y: 0.0, weighted: 0.0, magnitude: 0.0, bars_until_rebuild: 32 * period },
        }
    }

    pub(crate) fn period(&self) -> usize {
        self.period
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> Option<Fit> {
        let (fit, sums) = self.advance(x);
        self.sums = sums;
        self.window.push(x);
        fit
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> Option<Fit> {
        self.advance(x).0
    }

    pub(crate) fn reset(&mut self) {
        *self = RollingRegression::new(self.period);
    }

    #[inline]
    fn advance(&self, x: f64) -> (Option<Fit>, Sums) {
        let mut sums = self.sums;
        if self.window.len() + 1 < self.period {
            return (None, sums);
        }
        if self.window.is_full() {
            let trailing = self.window.oldest().unwrap_or(x);
            let weighted_trailing = self.n * trailing;
            sums.weighted = sums.weighted + sums.y - weighted_trailing;
            sums.y = sums.y - trailing + x;
            sums.magnitude = sums.magnitude - trailing.abs() + x.abs();
            sums.bars_until_rebuild -= 1;
            if sums.bars_until_rebuild == 0 || weighted_trailing.abs() > OUTLIER_RATIO * sums.magnitude {
                sums = self.rebuild(x);
            }
        } else {
            sums = self.rebuild(x);
        }
        let slope = (self.n * sums.weighted - self.sum_x * sums.y) / self.divisor;
        let intercept = (sums.y - slope * self.sum_x) / self.n;
        (Some(Fit { slope, intercept }), sums)
    }

    /// Fresh sums over the window ending at `x`, oldest first as TA-Lib scans it.
    fn rebuild(&self, x: f64) -> Sums {
        let retained = self.window.iter().skip(usize::from(self.window.is_full()));
        let mut sums = Sums { y: 0.0, weighted: 0.0, magnitude: 0.0, bars_until_rebuild: 32 * self.period };
        let mut weight = (self.period - 1) as f64;
        for v in retained.chain(std::iter::once(x)) {
            sums.y += v;
            sums.weighted += weight * v;
            sums.magnitude += v.abs();
            weight -= 1.0;
        }
        sums
    }
}

/// Declares one regression-based indicator: the typed struct around [`RollingRegression`]
/// and its registry entry; `$project` maps the fit and the period to the output.
macro_rules! regression_indicator {
    ($(#[$doc:meta])* $name:ident, $spec:literal, $title:literal, $overlay:literal, $project:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name {
            core: $crate::indicators::statistic::regression::RollingRegression,
        }

        impl $name {
            pub const NAME: &'static str = $spec;
            pub const DEFAULT_PERIOD: usize = 14;
            pub const MIN_PERIOD: usize = 2;
            pub const MAX_PERIOD: usize = 100_000;

            pub fn new(period: usize) -> Result<$name, $crate::error::Error> {
                $crate::indicators::check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
                Ok($name { core: $crate::indicators::statistic::regression::RollingRegression::new(period) })
            }

            pub fn lookback(period: usize) -> usize {
                period.saturating_sub(1)
            }

            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, $crate::error::Error> {
                let mut indicator = $name::new(period)?;
                Ok($crate::indicators::run_batch(input, |x| indicator.update(x)))
            }

            #[inline]
            pub fn update(&mut self, x: f64) -> f64 {
                let fit = self.core.update(x);
                self.project(fit)
            }

            #[inline]
            pub fn peek(&self, x: f64) -> f64 {
                self.project(self.core.peek(x))
            }

            pub fn reset(&mut self) {
                self.core.reset();
            }

            #[inline]
            fn project(&self, fit: Option<$crate::indicators::statistic::regression::Fit>) -> f64 {
                let project: fn($crate::indicators::statistic::regression::Fit, f64) -> f64 = $project;
                fit.map_or(f64::NAN, |fit| project(fit, self.core.period() as f64))
            }
        }

        $crate::indicators::single_series!($name);

        pub(crate) static DEF: $crate::registry::IndicatorDef = $crate::registry::IndicatorDef {
            name: $name::NAME,
            title: $title,
            group: "Statistic Functions",
            inputs: &[$crate::bar::Input::Close],
            params: &[$crate::indicators::timeperiod($name::DEFAULT_PERIOD, $name::MIN_PERIOD, $name::MAX_PERIOD)],
            outputs: &["real"],
            overlay: $overlay,
            lookback: |p| $name::lookback($crate::indicators::int_param(p, 0).max($name::MIN_PERIOD)),
            batch: kernel!(|p, columns| Ok(vec![$name::batch($crate::indicators::first(columns), $crate::indicators::int_param(p, 0))?])),
            stream: |p| Ok($crate::indicators::on_input($crate::bar::Input::Close, $name::new($crate::indicators::int_param(p, 0))?)),
        };
    };
}
pub(crate) use regression_indicator;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_line_is_recovered() {
        let mut regression = RollingRegression::new(4);
        let mut last = None;
        for i in 0..200 {
            last = regression.update(3.0 + 0.5 * i as f64);
        }
        let fit = last.unwrap();
        assert!((fit.slope - 0.5).abs() < 1e-12, "{fit:?}");
        assert!((fit.intercept - (3.0 + 0.5 * 196.0)).abs() < 1e-9, "{fit:?}");
    }
}
