use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Chande Momentum Oscillator, unsmoothed (TA-Lib 0.8.1 `CMOU`, the definition of
/// TradingView's `ta.cmo`): over the last `period` changes,
/// `100 * (up - down) / (up + down)` with plain window sums; 0 for a flat window.
///
/// The sums slide (add the newest change, drop the oldest), so a window that has
/// become entirely flat would hold rounding residue instead of zero; like TA-Lib, a
/// full period of zero changes resets both sums to exactly 0.
///
/// ```
/// use sigil_core::indicators::Cmou;
/// let out = Cmou::batch(&[1.0, 2.0, 4.0, 3.0, 3.0, 3.0], 2).unwrap();
/// assert_eq!(out[2], 100.0);
/// assert!((out[3] - 100.0 / 3.0).abs() < 1e-12); // up 2, down 1
/// assert_eq!(out[5], 0.0); // two flat bars
/// ```
#[derive(Debug, Clone)]
pub struct Cmou {
    period: usize,
    prev_input: Option<f64>,
    /// The last `period` changes.
    changes: History,
    up_sum: f64,
    down_sum: f64,
    /// Consecutive changes of exactly zero, to recognise an empty window exactly.
    flat_run: usize,
}

impl Cmou {
    pub const NAME: &'static str = "cmou";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Cmou, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Cmou { period, prev_input: None, changes: History::new(period), up_sum: 0.0, down_sum: 0.0, flat_run: 0 })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut cmou = Cmou::new(period)?;
        Ok(run_batch(input, |x| cmou.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let Some(prev) = self.prev_input.replace(x) else { return f64::NAN };
        let change = x - prev;
        let (up_sum, down_sum, flat_run) = self.add(change);
        let out = self.output(up_sum, down_sum, flat_run);
        (self.up_sum, self.down_sum, self.flat_run) =
            if flat_run >= self.period { (0.0, 0.0, self.period) } else { (up_sum, down_sum, flat_run) };
        self.changes.push(change);
        // The oldest change leaves right after the output, as in TA-Lib, so the sums
        // see the same operations in the same order.
        if let Some(oldest) = self.changes.ago(self.period) {
            let (up, down) = split(oldest);
            self.up_sum -= up;
            self.down_sum -= down;
        }
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let Some(prev) = self.prev_input else { return f64::NAN };
        let (up_sum, down_sum, flat_run) = self.add(x - prev);
        self.output(up_sum, down_sum, flat_run)
    }

    pub fn reset(&mut self) {
        self.prev_input = None;
        self.changes.reset();
        self.up_sum = 0.0;
        self.down_sum = 0.0;
        self.flat_run = 0;
    }

    /// The sums and flat run with `change` added.
    #[inline]
    fn add(&self, change: f64) -> (f64, f64, usize) {
        let (up, down) = split(change);
        let flat_run = if change == 0.0 { self.flat_run + 1 } else { 0 };
        (self.up_sum + up, self.down_sum + down, flat_run)
    }

    #[inline]
    fn output(&self, up_sum: f64, down_sum: f64, flat_run: usize) -> f64 {
        if self.changes.held() + 1 < self.period {
            return f64::NAN;
        }
        if flat_run >= self.period {
            return 0.0;
        }
        let total = up_sum + down_sum;
        if total > 0.0 {
            100.0 * (up_sum - down_sum) / total
        } else {
            0.0
        }
    }
}

/// A change as (up move, down move magnitude). A NaN change counts as neither, as in
/// TA-Lib 0.8.1, so one NaN input leaves the window with it instead of poisoning the
/// sums for good.
#[inline]
fn split(change: f64) -> (f64, f64) {
    if change > 0.0 {
        (change, 0.0)
    } else if change < 0.0 {
        (0.0, -change)
    } else {
        (0.0, 0.0)
    }
}

single_series!(Cmou);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Cmou::NAME,
    title: "Chande Momentum Oscillator (Unsmoothed)",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Cmou::DEFAULT_PERIOD, Cmou::MIN_PERIOD, Cmou::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Cmou::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Cmou::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Cmou::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_after_moves_is_exactly_zero() {
        let mut input: Vec<f64> = (0..30).map(|i| 100.0 + 0.37 * f64::from(i % 7) - 0.11 * f64::from(i)).collect();
        input.extend([input[29]; 20]);
        let out = Cmou::batch(&input, 5).unwrap();
        assert!(out[35..].iter().all(|&v| v == 0.0));
        assert!(Cmou::batch(&[1.0; 3], 3).unwrap().iter().all(|v| v.is_nan()));
        let tiny: Vec<f64> = (0..20).map(|i| 1e-12 * (2.0 + f64::from(i).sin())).collect();
        assert!(Cmou::batch(&tiny, 4).unwrap()[4..].iter().all(|v| v.abs() <= 100.0 && *v != 0.0));
    }
}
