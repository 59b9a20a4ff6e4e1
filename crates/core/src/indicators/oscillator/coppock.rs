use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Coppock Curve (TA-Lib 0.8.1 `COPPOCK`): a `wma`-bar weighted moving average of the
/// sum of two rates of change, `ROC(roc1) + ROC(roc2)` (each 0 where its earlier price
/// is exactly 0, as TA-Lib's ROC). Lookback `max(roc1, roc2) + wma - 1`.
///
/// The weighted average is TA-Lib's WMA: running totals rebuilt from the window every
/// `8 * wma` bars, so streaming is amortized O(1) (O(wma) on a rebuild bar, `peek`
/// included). It is a small private WMA; the overlap family's WMA can replace it.
///
/// ```
/// use sigil_core::indicators::Coppock;
/// let mut coppock = Coppock::new(2, 1, 2).unwrap();
/// for x in [100.0, 100.0, 100.0] {
///     assert!(coppock.update(x).is_nan());
/// }
/// // ROC(1) + ROC(2) is 0, then 10 + 10; weights 1 and 2 over 3.
/// assert!((coppock.update(110.0) - 40.0 / 3.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct Coppock {
    roc_periods: [usize; 2],
    prices: History,
    average: Wma,
}

impl Coppock {
    pub const NAME: &'static str = "coppock";
    pub const DEFAULT_WMA: usize = 10;
    pub const DEFAULT_ROC1: usize = 11;
    pub const DEFAULT_ROC2: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(wma: usize, roc1: usize, roc2: usize) -> Result<Coppock, Error> {
        for (name, value) in [("wmaperiod", wma), ("roc1period", roc1), ("roc2period", roc2)] {
            check_period(Self::NAME, name, value, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        }
        Ok(Coppock { roc_periods: [roc1, roc2], prices: History::new(roc1.max(roc2)), average: Wma::new(wma) })
    }

    pub fn lookback(wma: usize, roc1: usize, roc2: usize) -> usize {
        (roc1.max(roc2) + wma).saturating_sub(1)
    }

    pub fn batch(input: &[f64], wma: usize, roc1: usize, roc2: usize) -> Result<Vec<f64>, Error> {
        let mut coppock = Coppock::new(wma, roc1, roc2)?;
        Ok(run_batch(input, |x| coppock.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let summed = self.summed_change(x);
        self.prices.push(x);
        summed.map_or(f64::NAN, |s| self.average.update(s))
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.summed_change(x).map_or(f64::NAN, |s| self.average.peek(s))
    }

    pub fn reset(&mut self) {
        self.prices.reset();
        self.average.reset();
    }

    /// `ROC(roc1) + ROC(roc2)` at input `x`, once both earlier prices exist.
    #[inline]
    fn summed_change(&self, x: f64) -> Option<f64> {
        let [first, second] = self.roc_periods.map(|period| self.prices.ago(period).map(|earlier| rate_of_change(x, earlier)));
        Some(first? + second?)
    }
}

#[inline]
fn rate_of_change(x: f64, earlier: f64) -> f64 {
    if earlier != 0.0 {
        (x / earlier - 1.0) * 100.0
    } else {
        0.0
    }
}

/// TA-Lib's WMA (weights 1 for the oldest up to `period` for the newest), with its
/// running totals: `weighted` gains `period * x` and loses the plain `total` each bar.
#[derive(Debug, Clone)]
struct Wma {
    period: usize,
    divider: f64,
    /// The `period - 1` inputs before the next one.
    earlier: History,
    total: f64,
    weighted: f64,
    /// The input that leaves the plain total on the next bar.
    leaving: f64,
    bars_to_rebuild: usize,
}

/// The totals after one more input, and the output.
struct WmaStep {
    total: f64,
    weighted: f64,
    rebuilt: bool,
    out: f64,
}

impl Wma {
    const REBUILD_EVERY_PERIODS: usize = 8;

    fn new(period: usize) -> Wma {
        let period = period.max(1);
        Wma {
            period,
            divider: period as f64 * (period + 1) as f64 / 2.0,
            earlier: History::new(period - 1),
            total: 0.0,
            weighted: 0.0,
            leaving: 0.0,
            bars_to_rebuild: Self::REBUILD_EVERY_PERIODS * period,
        }
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if !self.earlier.is_full() {
            self.total += x;
            self.weighted += x * (self.earlier.held() + 1) as f64;
            self.earlier.push(x);
            return f64::NAN;
        }
        let step = self.step(x);
        self.total = step.total;
        self.weighted = step.weighted - step.total;
        self.bars_to_rebuild = if step.rebuilt { Self::REBUILD_EVERY_PERIODS * self.period } else { self.bars_to_rebuild - 1 };
        self.leaving = self.earlier.ago(self.period - 1).unwrap_or(0.0);
        self.earlier.push(x);
        step.out
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if !self.earlier.is_full() {
            return f64::NAN;
        }
        self.step(x).out
    }

    fn reset(&mut self) {
        *self = Wma::new(self.period);
    }

    #[inline]
    fn step(&self, x: f64) -> WmaStep {
        let period = self.period as f64;
        if self.bars_to_rebuild <= 1 {
            // Rebuilt from the window, oldest first, so rounding does not accumulate.
            let (mut total, mut weighted, mut weight) = (0.0, 0.0, 1.0);
            for value in self.earlier.oldest_first() {
                total += value;
                weighted += value * weight;
                weight += 1.0;
            }
            total += x;
            weighted += x * period;
            return WmaStep { total, weighted, rebuilt: true, out: weighted / self.divider };
        }
        let total = self.total + x - self.leaving;
        let weighted = self.weighted + x * period;
        WmaStep { total, weighted, rebuilt: false, out: weighted / self.divider }
    }
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Coppock::MIN_PERIOD as i64, max: Coppock::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

single_series!(Coppock);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Coppock::NAME,
    title: "Coppock Curve",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[
        period("wmaperiod", Coppock::DEFAULT_WMA, "Period of the WMA of the summed rates of change"),
        period("roc1period", Coppock::DEFAULT_ROC1, "Period of the first rate of change"),
        period("roc2period", Coppock::DEFAULT_ROC2, "Period of the second rate of change"),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Coppock::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2)),
    batch: kernel!(|p, columns| Ok(vec![Coppock::batch(first(columns), int_param(p, 0), int_param(p, 1), int_param(p, 2))?])),
    stream: |p| Ok(on_input(Input::Close, Coppock::new(int_param(p, 0), int_param(p, 1), int_param(p, 2))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wma_matches_a_fresh_weighted_sum_across_rebuilds() {
        let input: Vec<f64> = (0..200).map(|i| 50.0 + (f64::from(i) * 0.3).sin() * 10.0).collect();
        let mut wma = Wma::new(4);
        for (i, &x) in input.iter().enumerate() {
            let peeked = wma.peek(x);
            let out = wma.update(x);
            assert_eq!(peeked.to_bits(), out.to_bits());
            if i >= 3 {
                let fresh: f64 = (0..4).map(|k| input[i - 3 + k] * (k + 1) as f64).sum::<f64>() / 10.0;
                assert!((out - fresh).abs() < 1e-12, "bar {i}: {out} vs {fresh}");
            }
        }
    }

    #[test]
    fn zero_prices_period_one_and_short_input() {
        let out = Coppock::batch(&[0.0, 1.0, 2.0, 4.0], 1, 1, 2).unwrap();
        assert_eq!(out[2..], [100.0, 100.0 + 300.0]);
        assert!(Coppock::batch(&[1.0; 23], 10, 11, 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(Coppock::new(10, 0, 14).unwrap_err().to_string().contains("roc1period"));
    }
}
