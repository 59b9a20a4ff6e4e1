use super::ring::Ring;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Weighted moving average (TA-Lib `WMA`): the last `period` inputs weighted
/// 1, 2, ..., `period` (newest heaviest), divided by `period * (period + 1) / 2`.
///
/// Like TA-Lib it carries two running totals instead of re-weighting the window: the
/// plain sum of the window and the weighted sum, from which one plain sum is taken
/// each bar to shift every weight down by one. Every `8 * period` outputs both totals
/// are rebuilt from the window (oldest first, weights counting up), as TA-Lib 0.8.1
/// does, so rounding residue from an earlier price level cannot linger: O(period)
/// once per `8 * period` bars. Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Wma;
/// let mut wma = Wma::new(3).unwrap();
/// assert!(wma.update(1.0).is_nan());
/// assert!(wma.update(2.0).is_nan());
/// assert_eq!(wma.update(3.0), (1.0 + 4.0 + 9.0) / 6.0);
/// assert_eq!(wma.peek(6.0), (2.0 + 6.0 + 18.0) / 6.0); // the forming bar; state unchanged
/// assert_eq!(wma.update(6.0), (2.0 + 6.0 + 18.0) / 6.0);
/// ```
#[derive(Debug, Clone)]
pub struct Wma {
    period: usize,
    divider: f64,
    /// The previous `period - 1` inputs: the window minus the bar being added.
    previous: Ring<f64>,
    /// The input that left the window last bar, taken out of `plain_sum` on this one.
    trailing: f64,
    plain_sum: f64,
    /// Weighted sum of the previous inputs with weights 1..period-1 (oldest lightest).
    weighted_sum: f64,
    /// Outputs left until the totals are rebuilt from the window.
    until_rebuild: usize,
}

impl Wma {
    pub const NAME: &'static str = "wma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Wma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Self::with_period(period))
    }

    /// For composites that validated `period` (>= 1) themselves.
    pub(crate) fn with_period(period: usize) -> Wma {
        let period = period.max(1);
        let divider = period as f64 * (period + 1) as f64 / 2.0;
        Wma {
            period,
            divider,
            previous: Ring::new(period - 1),
            trailing: 0.0,
            plain_sum: 0.0,
            weighted_sum: 0.0,
            until_rebuild: Self::rebuild_every(period),
        }
    }

    fn rebuild_every(period: usize) -> usize {
        period.saturating_mul(8)
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The values of [`update`](Self::update) bar after bar, bit for bit (see
    /// [`append_wma_column`]).
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Wma::new(period)?;
        let mut out = Vec::with_capacity(input.len());
        append_wma_column(&mut out, input, period);
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if !self.previous.is_full() {
            let weight = (self.previous.len() + 1) as f64;
            self.plain_sum += x;
            self.weighted_sum += x * weight;
            self.previous.push(x);
            return f64::NAN;
        }
        let (plain_sum, weighted_sum, value) = self.advance(x);
        self.until_rebuild = match self.until_rebuild {
            0 | 1 => Self::rebuild_every(self.period),
            n => n - 1,
        };
        self.plain_sum = plain_sum;
        // Every weight drops by one for the next bar.
        self.weighted_sum = weighted_sum - plain_sum;
        self.trailing = self.previous.push(x).unwrap_or(0.0);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if !self.previous.is_full() {
            return f64::NAN;
        }
        self.advance(x).2
    }

    pub fn reset(&mut self) {
        self.previous.clear();
        self.trailing = 0.0;
        self.plain_sum = 0.0;
        self.weighted_sum = 0.0;
        self.until_rebuild = Self::rebuild_every(self.period);
    }

    /// (plain sum, weighted sum, output) with `x` added at the top weight.
    #[inline]
    fn advance(&self, x: f64) -> (f64, f64, f64) {
        let (plain_sum, weighted_sum) = if self.until_rebuild <= 1 {
            // Rebuilt from the window, oldest first, weights 1..=period.
            let mut plain_sum = 0.0;
            let mut weighted_sum = 0.0;
            for (weight, value) in self.previous.iter().chain(std::iter::once(x)).enumerate() {
                plain_sum += value;
                weighted_sum += value * (weight + 1) as f64;
            }
            (plain_sum, weighted_sum)
        } else {
            (self.plain_sum + x - self.trailing, self.weighted_sum + x * self.period as f64)
        };
        (plain_sum, weighted_sum, weighted_sum / self.divider)
    }
}

/// Appends [`Wma::update`]'s outputs over `input` to `out`, bit for bit: the same
/// running totals (kept in locals), the same rebuild from the window every
/// `8 * period` outputs, each slot written once by `extend`.
pub(crate) fn append_wma_column(out: &mut Vec<f64>, input: &[f64], period: usize) {
    if period <= 1 {
        out.extend_from_slice(input);
        return;
    }
    let keep = period - 1;
    if input.len() <= keep {
        out.extend(input.iter().map(|_| f64::NAN));
        return;
    }
    let mut plain_sum = 0.0;
    let mut weighted_sum = 0.0;
    for (weight, &x) in (1..).zip(&input[..keep]) {
        plain_sum += x;
        weighted_sum += x * f64::from(weight);
    }
    let divider = period as f64 * (period + 1) as f64 / 2.0;
    let top_weight = period as f64;
    let rebuild_every = period.saturating_mul(8);
    let mut until_rebuild = rebuild_every;
    out.extend(input[..keep].iter().map(|_| f64::NAN));
    // Output j adds input j + keep and drops input j - 1 (nothing on the first).
    let trailing = std::iter::once(0.0).chain(input.iter().copied());
    out.extend(input[keep..].iter().zip(trailing).enumerate().map(|(j, (&x, trailing))| {
        let (plain, weighted) = if until_rebuild <= 1 {
            until_rebuild = rebuild_every;
            // Rebuilt from the window, oldest first, weights 1..=period.
            let window = input.get(j..=j + keep).unwrap_or_default();
            window
                .iter()
                .zip(1..)
                .fold((0.0, 0.0), |(plain, weighted), (&value, weight)| (plain + value, weighted + value * f64::from(weight)))
        } else {
            until_rebuild -= 1;
            (plain_sum + x - trailing, weighted_sum + x * top_weight)
        };
        plain_sum = plain;
        // Every weight drops by one for the next bar.
        weighted_sum = weighted - plain;
        weighted / divider
    }));
}

single_series!(Wma);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Wma::NAME,
    title: "Weighted Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Wma::DEFAULT_PERIOD, Wma::MIN_PERIOD, Wma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Wma::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Wma::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Wma::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_direct_weighting_and_period_one_copies() {
        let x: Vec<f64> = (0..50).map(|i| ((i * 37) % 11) as f64 + 0.5).collect();
        let out = Wma::batch(&x, 4).unwrap();
        for i in 3..x.len() {
            let direct = (x[i - 3] + 2.0 * x[i - 2] + 3.0 * x[i - 1] + 4.0 * x[i]) / 10.0;
            assert!((out[i] - direct).abs() < 1e-12);
        }
        assert_eq!(Wma::batch(&x, 1).unwrap(), x);
        assert!(Wma::batch(&x[..3], 4).unwrap().iter().all(|v| v.is_nan()));
        assert!(Wma::new(0).is_err() && Wma::new(100_001).is_err());
    }

    #[test]
    fn wma_column_is_wma_updates_past_many_rebuilds() {
        let input: Vec<f64> = (0..500u32).map(|i| 1e6 + f64::from(i % 17) * 0.1 - f64::from(i / 50)).collect();
        for period in [1, 2, 3, 7, 16] {
            let mut wma = Wma::with_period(period);
            let expected: Vec<f64> = input.iter().map(|&x| wma.update(x)).collect();
            let mut got = Vec::new();
            append_wma_column(&mut got, &input, period);
            assert_eq!(got.len(), expected.len());
            for (i, (a, b)) in got.iter().zip(&expected).enumerate() {
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "wma:{period} bar {i}: {a} vs {b}");
            }
        }
    }
}
