use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::overlap::{append_wma_column, Wma};
use crate::indicators::{check_period, first, int_param, on_input, single_series};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Coppock Curve (TA-Lib 0.8.1 `COPPOCK`): a `wma`-bar weighted moving average of the
/// sum of two rates of change, `ROC(roc1) + ROC(roc2)` (each 0 where its earlier price
/// is exactly 0, as TA-Lib's ROC). Lookback `max(roc1, roc2) + wma - 1`.
///
/// The weighted average is TA-Lib's WMA ([`Wma`]): running totals rebuilt from the
/// window every `8 * wma` bars, so streaming is amortized O(1) (O(wma) on a rebuild
/// bar, `peek` included).
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
        Ok(Coppock { roc_periods: [roc1, roc2], prices: History::new(roc1.max(roc2)), average: Wma::with_period(wma) })
    }

    pub fn lookback(wma: usize, roc1: usize, roc2: usize) -> usize {
        (roc1.max(roc2) + wma).saturating_sub(1)
    }

    /// `update`'s values bit for bit: the summed rates of change as a column (earlier
    /// prices read from the slice), then [`append_wma_column`] over it.
    pub fn batch(input: &[f64], wma: usize, roc1: usize, roc2: usize) -> Result<Vec<f64>, Error> {
        Coppock::new(wma, roc1, roc2)?;
        let longest = roc1.max(roc2);
        let Some(current) = input.get(longest..) else {
            return Ok(vec![f64::NAN; input.len()]);
        };
        let summed: Vec<f64> = current
            .iter()
            .zip(&input[longest - roc1..])
            .zip(&input[longest - roc2..])
            .map(|((&x, &first), &second)| rate_of_change(x, first) + rate_of_change(x, second))
            .collect();
        let mut out = Vec::with_capacity(input.len());
        out.resize(longest, f64::NAN);
        append_wma_column(&mut out, &summed, wma);
        Ok(out)
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
    fn zero_prices_period_one_and_short_input() {
        let out = Coppock::batch(&[0.0, 1.0, 2.0, 4.0], 1, 1, 2).unwrap();
        assert_eq!(out[2..], [100.0, 100.0 + 300.0]);
        assert!(Coppock::batch(&[1.0; 23], 10, 11, 14).unwrap().iter().all(|v| v.is_nan()));
        assert!(Coppock::new(10, 0, 14).unwrap_err().to_string().contains("roc1period"));
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;
        // Long enough for WMA rebuilds (every 8 * wma bars) inside the 90-bar series.
        for (wma, roc1, roc2) in [(1, 1, 1), (1, 1, 2), (2, 3, 1), (3, 2, 2), (4, 1, 5), (10, 11, 14)] {
            assert_scaled_paused_batch_is_updates(
                &format!("coppock:{wma}:{roc1}:{roc2}"),
                |x| Coppock::batch(x, wma, roc1, roc2).unwrap(),
                |x| {
                    let mut coppock = Coppock::new(wma, roc1, roc2).unwrap();
                    x.iter().map(|&v| coppock.update(v)).collect()
                },
            );
        }
    }
}
