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
        if self.window.len() + 1 < self.period {
            return (None, self.sums);
        }
        let sums = if self.window.is_full() {
            let trailing = self.window.oldest().unwrap_or(x);
            let (sums, stale) = self.slide(self.sums, trailing, x);
            if stale {
                self.rebuilt(self.window.iter().skip(1).chain(std::iter::once(x)))
            } else {
                sums
            }
        } else {
            self.rebuilt(self.window.iter().chain(std::iter::once(x)))
        };
        (Some(self.fit(&sums)), sums)
    }

    /// The whole series at once: `project` of the fit over every complete window (the
    /// first ends at index `period - 1`), NaN before. The values of [`fits`](Self::fits).
    pub(crate) fn batch(period: usize, input: &[f64], project: impl Fn(Fit) -> f64) -> Vec<f64> {
        let mut out = Vec::with_capacity(input.len());
        out.resize((period.max(2) - 1).min(input.len()), f64::NAN);
        // Each slot written once, by `extend` from an exact-length iterator: no zeroing
        // pass and no per-push capacity check.
        let (first, sliding) = RollingRegression::fits(period, input);
        out.extend(first.map(&project));
        out.extend(sliding.map(project));
        out
    }

    /// The fit over every complete window of `input` in order: the first window's
    /// (ending at index `period - 1`; none for a shorter input), then an exact-length
    /// iterator over the windows that slide from it. The same steps as
    /// [`update`](Self::update) in the same order, so bit for bit its fits, but read
    /// straight from `input`: no ring, no warm-up branch per bar. (Two parts rather than
    /// one chained iterator: a zip with a chain steps it through a branch per bar.)
    pub(crate) fn fits(period: usize, input: &[f64]) -> (Option<Fit>, impl Iterator<Item = Fit> + '_) {
        let regression = RollingRegression::new(period);
        let period = regression.period;
        let first = input.get(..period).map(|window| regression.rebuilt(window.iter().copied()));
        let first_fit = first.map(|sums| regression.fit(&sums));
        // The sums are carried as separate scalars, never as one struct assigned from
        // the rebuild's return slot: that merged the struct into memory and put a stalled
        // store-to-load forward on every bar's dependency chain (5-8x slower).
        let Sums { mut y, mut weighted, mut magnitude, mut bars_until_rebuild } = first.unwrap_or(regression.sums);
        // The rebuild's window is sliced only on the rare bar that needs it, so the hot
        // path has no bounds checks.
        let departing = input.iter().zip(input.get(period..).unwrap_or(&[])).enumerate();
        let sliding = departing.map(move |(start, (&trailing, &x))| {
            let stale;
            (Sums { y, weighted, magnitude, bars_until_rebuild }, stale) =
                regression.slide(Sums { y, weighted, magnitude, bars_until_rebuild }, trailing, x);
            if stale {
                Sums { y, weighted, magnitude, bars_until_rebuild } = regression.rebuilt(input[start + 1..=start + period].iter().copied());
            }
            regression.fit(&Sums { y, weighted, magnitude, bars_until_rebuild })
        });
        (first_fit, sliding)
    }

    /// The window advances one bar: `trailing` leaves, `x` joins. Also whether the sums
    /// must be rebuilt instead (scheduled, or a departing outlier whose rounding would
    /// linger in them).
    #[inline(always)]
    fn slide(&self, mut sums: Sums, trailing: f64, x: f64) -> (Sums, bool) {
        let weighted_trailing = self.n * trailing;
        sums.weighted = sums.weighted + sums.y - weighted_trailing;
        sums.y = sums.y - trailing + x;
        sums.magnitude = sums.magnitude - trailing.abs() + x.abs();
        sums.bars_until_rebuild -= 1;
        let stale = sums.bars_until_rebuild == 0 || weighted_trailing.abs() > OUTLIER_RATIO * sums.magnitude;
        (sums, stale)
    }

    #[inline(always)]
    fn fit(&self, sums: &Sums) -> Fit {
        let slope = (self.n * sums.weighted - self.sum_x * sums.y) / self.divisor;
        let intercept = (sums.y - slope * self.sum_x) / self.n;
        Fit { slope, intercept }
    }

    /// Fresh sums over `window` (the `period` values ending at the newest), oldest first
    /// as TA-Lib scans it. Cold: at most once per `32 * period` bars on ordinary data,
    /// and kept out of line so the per-bar loop stays small.
    #[cold]
    #[inline(never)]
    fn rebuilt(&self, window: impl Iterator<Item = f64>) -> Sums {
        let mut sums = Sums { y: 0.0, weighted: 0.0, magnitude: 0.0, bars_until_rebuild: 32 * self.period };
        let mut weight = (self.period - 1) as f64;
        for v in window {
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

            /// The whole series at once, bit for bit what [`update`](Self::update) gives
            /// bar by bar.
            pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, $crate::error::Error> {
                let indicator = $name::new(period)?;
                let n = indicator.core.period() as f64;
                Ok($crate::indicators::statistic::regression::RollingRegression::batch(period, input, |fit| {
                    Self::project_fit(fit, n)
                }))
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
                fit.map_or(f64::NAN, |fit| Self::project_fit(fit, self.core.period() as f64))
            }

            #[inline(always)]
            fn project_fit(fit: $crate::indicators::statistic::regression::Fit, n: f64) -> f64 {
                let project: fn($crate::indicators::statistic::regression::Fit, f64) -> f64 = $project;
                project(fit, n)
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
pub(crate) mod tests {
    use super::*;
    use crate::indicators::{LinearReg, LinearRegAngle, LinearRegIntercept, LinearRegSlope, Tsf};

    /// A random walk broken by the cases a kernel can get wrong: NaN and infinities
    /// entering and leaving, flat runs, tiny and huge magnitudes, signed zeros, and
    /// spikes whose departure forces a rebuild; long enough to cross several scheduled
    /// rebuilds at every period tested.
    pub(crate) fn awkward_series(len: usize) -> Vec<f64> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut price = 100.0;
        (0..len)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let step = (state % 2001) as f64 / 1000.0 - 1.0;
                price += step;
                match i % 997 {
                    50 => f64::NAN,
                    120 => f64::INFINITY,
                    121 => f64::NEG_INFINITY,
                    200..=260 => 42.0,
                    300..=340 => 1e-300 * step,
                    400..=420 => 1e300 * step,
                    500 => -0.0,
                    600 | 610 => 1e12,
                    700..=760 => 1e9 + step * 1e-6,
                    _ => price,
                }
            })
            .collect()
    }

    fn assert_same(batch: &[f64], streamed: &[f64], context: &str) {
        assert_eq!(batch.len(), streamed.len(), "{context}");
        for (i, (b, s)) in batch.iter().zip(streamed).enumerate() {
            assert!(b.to_bits() == s.to_bits() || (b.is_nan() && s.is_nan()), "{context} bar {i}: batch {b} streaming {s}");
        }
    }

    #[test]
    fn batch_fits_equal_streaming_bit_for_bit() {
        let input = awkward_series(5000);
        for period in [2, 3, 5, 14, 30] {
            for len in [0, 1, period - 1, period, period + 1, input.len()] {
                let input = &input[..len];
                let mut regression = RollingRegression::new(period);
                let streamed: Vec<Option<Fit>> = input.iter().map(|&x| regression.update(x)).collect();
                let slopes: Vec<f64> = streamed.iter().map(|fit| fit.map_or(f64::NAN, |fit| fit.slope)).collect();
                let intercepts: Vec<f64> = streamed.iter().map(|fit| fit.map_or(f64::NAN, |fit| fit.intercept)).collect();
                let context = format!("period {period} len {len}");
                assert_same(&RollingRegression::batch(period, input, |fit| fit.slope), &slopes, &context);
                assert_same(&RollingRegression::batch(period, input, |fit| fit.intercept), &intercepts, &context);
            }
        }
    }

    #[test]
    fn every_regression_indicator_batch_equals_its_updates() {
        let input = awkward_series(3000);
        for period in [2, 7, 14] {
            macro_rules! check {
                ($t:ty) => {
                    let mut indicator = <$t>::new(period).unwrap();
                    let streamed: Vec<f64> = input.iter().map(|&x| indicator.update(x)).collect();
                    assert_same(&<$t>::batch(&input, period).unwrap(), &streamed, &format!("{} {period}", <$t>::NAME));
                };
            }
            check!(LinearReg);
            check!(LinearRegSlope);
            check!(LinearRegIntercept);
            check!(LinearRegAngle);
            check!(Tsf);
        }
    }

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
