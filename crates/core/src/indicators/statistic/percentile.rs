use super::sorted::{replace_sorted, SortedWindow};
use super::{check_real, real_param};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, from_order_key, int_param, on_input, order_key, single_series, timeperiod};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Rolling percentile by the nearest-rank method (TA-Lib `PERCENTILE`): of the last
/// `period` inputs sorted ascending, the one at 1-based rank `ceil(percentile * period /
/// 100)` (at least 1). The output is always one of the inputs.
///
/// Streaming cost: the window is also kept sorted, so a bar costs binary searches plus
/// moving up to `period` values in memory (one `memmove`, no allocation); reading the
/// rank is O(1). `peek` answers from the sorted window without touching it.
///
/// ```
/// use sigil_core::indicators::Percentile;
/// let mut median = Percentile::new(3, 50.0).unwrap();
/// median.update(5.0);
/// median.update(1.0);
/// assert_eq!(median.update(3.0), 3.0); // rank ceil(1.5) = 2 of [1, 3, 5]
/// assert_eq!(median.peek(0.0), 1.0); // window [0, 1, 3]
/// assert_eq!(median.update(9.0), 3.0); // window [1, 3, 9]
/// ```
#[derive(Debug, Clone)]
pub struct Percentile {
    /// 0-based index of the reported value in the sorted window.
    rank_index: usize,
    /// The last `period - 1` inputs: the part of the next window already known.
    window: SortedWindow,
}

impl Percentile {
    pub const NAME: &'static str = "percentile";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;
    pub const DEFAULT_PERCENTILE: f64 = 50.0;

    pub fn new(period: usize, percentile: f64) -> Result<Percentile, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_real(Self::NAME, "percentile", percentile, 0.0, 100.0)?;
        // TA-Lib's rank, in its operation order: ceil(p * n / 100), clamped to 1..=n.
        // max/min, not clamp: clamp's panic message would link float formatting (20 KB of
        // wasm) for a case the period check already rules out.
        let rank = (percentile * period as f64 / 100.0).ceil().max(1.0).min(period as f64) as usize;
        Ok(Percentile { rank_index: rank - 1, window: SortedWindow::new(period - 1) })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The whole series at once: `update`'s sorted window in a local array of
    /// [`order_key`]s (integers that order as `f64::total_cmp` orders the floats, so the
    /// same places, compared as integers), the leaving input read from the slice, and
    /// each bar's removal and insertion done as one move. The output is the input
    /// `update` picks, so the same bits.
    pub fn batch(input: &[f64], period: usize, percentile: f64) -> Result<Vec<f64>, Error> {
        let Percentile { rank_index: k, .. } = Percentile::new(period, percentile)?;
        let keep = period - 1;
        let n = input.len();
        if n < period {
            return Ok(vec![f64::NAN; n]);
        }
        let mut sorted: Vec<i64> = input[..keep].iter().map(|&x| order_key(x)).collect();
        sorted.sort_unstable();
        let mut out = Vec::with_capacity(n);
        out.resize(keep, f64::NAN);
        out.extend(input[keep..].iter().zip(input).map(|(&x, &leaving)| {
            let key = order_key(x);
            let at = sorted.partition_point(|&v| v < key);
            let value = Percentile::pick(&sorted, k, at, key);
            let leaving_key = order_key(leaving);
            let leaving_at = sorted.partition_point(|&v| v < leaving_key);
            replace_sorted(&mut sorted, leaving_at, at, key);
            value.map_or(f64::NAN, from_order_key)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let value = self.peek(x);
        self.window.push(x);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if !self.window.is_full() {
            return f64::NAN;
        }
        // The window is the sorted retained values with `x` inserted at its place.
        Percentile::pick(self.window.sorted(), self.rank_index, self.window.insertion_point(x), x).unwrap_or(f64::NAN)
    }

    /// The value at rank `k` of the window made of `sorted` (the retained values,
    /// ascending) with `x` inserted at `at`; shared by `peek` and `batch`.
    #[inline(always)]
    fn pick<T: Copy>(sorted: &[T], k: usize, at: usize, x: T) -> Option<T> {
        let value = match k.cmp(&at) {
            std::cmp::Ordering::Less => sorted.get(k),
            std::cmp::Ordering::Equal => Some(&x),
            std::cmp::Ordering::Greater => sorted.get(k.wrapping_sub(1)),
        };
        value.copied()
    }

    pub fn reset(&mut self) {
        self.window.clear();
    }
}

single_series!(Percentile);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Percentile::NAME,
    title: "Percentile (nearest rank)",
    group: "Statistic Functions",
    inputs: &[Input::Close],
    params: &[
        timeperiod(Percentile::DEFAULT_PERIOD, Percentile::MIN_PERIOD, Percentile::MAX_PERIOD),
        ParamDef {
            name: "percentile",
            kind: ParamKind::Real { min: 0.0, max: 100.0 },
            default: Percentile::DEFAULT_PERCENTILE,
            description: "Percentile to report, 0 to 100",
        },
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Percentile::lookback(int_param(p, 0).max(Percentile::MIN_PERIOD)),
    batch: kernel!(|p, columns| Ok(vec![Percentile::batch(first(columns), int_param(p, 0), real_param(p, 1))?])),
    stream: |p| Ok(on_input(Input::Close, Percentile::new(int_param(p, 0), real_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(window: &[f64], percentile: f64) -> f64 {
        let mut sorted = window.to_vec();
        sorted.sort_by(f64::total_cmp);
        let rank = (percentile * window.len() as f64 / 100.0).ceil().clamp(1.0, window.len() as f64) as usize;
        sorted[rank - 1]
    }

    #[test]
    fn matches_sorting_every_window() {
        let input: Vec<f64> = (0..300u64).map(|i| ((i * 7919) % 37) as f64 * 1e-12).collect();
        for (period, percentile) in [(2, 0.0), (3, 50.0), (10, 33.3), (21, 100.0), (30, 99.9)] {
            let out = Percentile::batch(&input, period, percentile).unwrap();
            for i in period - 1..input.len() {
                assert_eq!(out[i], brute(&input[i + 1 - period..=i], percentile), "period {period} at {i}");
            }
            assert!(out[..period - 1].iter().all(|v| v.is_nan()));
        }
    }

    #[test]
    fn rejects_bad_parameters() {
        assert!(Percentile::new(1, 50.0).unwrap_err().to_string().contains("timeperiod"));
        assert!(Percentile::new(5, 100.5).unwrap_err().to_string().contains("percentile"));
        assert!(Percentile::batch(&[f64::NAN, 1.0, f64::INFINITY, 2.0], 2, 50.0).is_ok());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (period, percentile) in [(2, 0.0), (2, 50.0), (2, 100.0), (3, 50.0), (5, 10.0), (10, 33.3), (30, 50.0), (30, 100.0)] {
            assert_scaled_paused_batch_is_updates(
                &format!("percentile:{period}:{percentile}"),
                |x| Percentile::batch(x, period, percentile).unwrap(),
                |x| {
                    let mut indicator = Percentile::new(period, percentile).unwrap();
                    x.iter().map(|&v| indicator.update(v)).collect()
                },
            );
        }
    }
}
