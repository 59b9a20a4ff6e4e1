use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, check_real, first, int_param, on_input, single_series, timeperiod};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Tillson's T3 (TA-Lib `T3`): six chained EMAs combined as
/// `c1*e6 + c2*e5 + c3*e4 + c4*e3` with coefficients from the volume factor `v`
/// (`c1 = -v^3`, `c2 = 3v^2 + 3v^3`, `c3 = -6v^2 - 3v - 3v^3`, `c4 = 1 + 3v + v^3 + 3v^2`).
///
/// As in TA-Lib, every EMA uses `k = 2 / (period + 1)` and is seeded with the mean of its
/// first `period` inputs, so the first value is at index `6 * (period - 1)`. Period 1
/// copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::T3;
/// let mut t3 = T3::new(2, 0.7).unwrap();
/// let out: Vec<f64> = (0..8).map(|_| t3.update(4.0)).collect();
/// assert!(out[5].is_nan());
/// assert!((out[6] - 4.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct T3 {
    period: usize,
    k: f64,
    one_minus_k: f64,
    coefficients: [f64; 4],
    /// Inputs consumed, saturating once every stage is seeded.
    seen: usize,
    /// Each EMA stage: its seed sum while warming up, then its value.
    stages: [f64; 6],
}

impl T3 {
    pub const NAME: &'static str = "t3";
    pub const DEFAULT_PERIOD: usize = 5;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;
    pub const DEFAULT_VFACTOR: f64 = 0.7;

    pub fn new(period: usize, vfactor: f64) -> Result<T3, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_real(Self::NAME, "vfactor", vfactor, 0.0, 1.0)?;
        Ok(Self::with_params(period, vfactor))
    }

    pub(crate) fn with_params(period: usize, vfactor: f64) -> T3 {
        let period = period.max(1);
        let k = 2.0 / (period as f64 + 1.0);
        let square = vfactor * vfactor;
        let c1 = -(square * vfactor);
        let c2 = 3.0 * (square - c1);
        let c3 = -6.0 * square - 3.0 * (vfactor - c1);
        let c4 = 1.0 + 3.0 * vfactor - c1 + 3.0 * square;
        T3 { period, k, one_minus_k: 1.0 - k, coefficients: [c1, c2, c3, c4], seen: 0, stages: [0.0; 6] }
    }

    pub fn lookback(period: usize) -> usize {
        6 * period.saturating_sub(1)
    }

    pub fn batch(input: &[f64], period: usize, vfactor: f64) -> Result<Vec<f64>, Error> {
        let mut t3 = T3::new(period, vfactor)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        // The warm-up, where each stage starts and is seeded at a bar of its own, runs
        // through `update`; once every stage is seeded the loop is `advance`'s last
        // branch alone, on locals, with each output slot written once by `extend`.
        let seeded = (Self::lookback(period) + 1).min(input.len());
        let mut out = Vec::with_capacity(input.len());
        out.extend(input[..seeded].iter().map(|&x| t3.update(x)));
        let (k, one_minus_k) = (t3.k, t3.one_minus_k);
        let [c1, c2, c3, c4] = t3.coefficients;
        let [mut e1, mut e2, mut e3, mut e4, mut e5, mut e6] = t3.stages;
        out.extend(input[seeded..].iter().map(|&x| {
            e1 = k * x + one_minus_k * e1;
            e2 = k * e1 + one_minus_k * e2;
            e3 = k * e2 + one_minus_k * e3;
            e4 = k * e3 + one_minus_k * e4;
            e5 = k * e4 + one_minus_k * e5;
            e6 = k * e5 + one_minus_k * e6;
            c1 * e6 + c2 * e5 + c3 * e4 + c4 * e3
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let (stages, out) = self.advance(x);
        self.stages = stages;
        if self.seen <= Self::lookback(self.period) {
            self.seen += 1;
        }
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        self.advance(x).1
    }

    pub fn reset(&mut self) {
        self.seen = 0;
        self.stages = [0.0; 6];
    }

    #[inline]
    fn advance(&self, x: f64) -> ([f64; 6], f64) {
        let mut stages = self.stages;
        let warmup = self.period - 1;
        let bar = self.seen;
        let mut input = x;
        for (j, stage) in stages.iter_mut().enumerate() {
            // Stage j receives its first input at bar j * warmup and is seeded `warmup` bars later.
            let seeded_at = (j + 1) * warmup;
            if bar < seeded_at {
                if bar >= j * warmup {
                    *stage += input;
                }
                return (stages, f64::NAN);
            }
            *stage = if bar == seeded_at { (*stage + input) / self.period as f64 } else { self.k * input + self.one_minus_k * *stage };
            input = *stage;
        }
        let [c1, c2, c3, c4] = self.coefficients;
        (stages, c1 * stages[5] + c2 * stages[4] + c3 * stages[3] + c4 * stages[2])
    }
}

single_series!(T3);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: T3::NAME,
    title: "Triple Exponential Moving Average (T3)",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[
        timeperiod(T3::DEFAULT_PERIOD, T3::MIN_PERIOD, T3::MAX_PERIOD),
        ParamDef {
            name: "vfactor",
            kind: ParamKind::Real { min: 0.0, max: 1.0 },
            default: T3::DEFAULT_VFACTOR,
            description: "Volume factor",
        },
    ],
    outputs: &["real"],
    overlay: true,
    lookback: |p| T3::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![T3::batch(first(columns), int_param(p, 0), vfactor(p))?])),
    stream: |p| Ok(on_input(Input::Close, T3::new(int_param(p, 0), vfactor(p))?)),
};

fn vfactor(params: &[f64]) -> f64 {
    params.get(1).copied().unwrap_or(T3::DEFAULT_VFACTOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_warm_up_and_bounds() {
        let out = T3::batch(&[2.5; 40], 4, 0.7).unwrap();
        assert_eq!(out.iter().take_while(|v| v.is_nan()).count(), 18);
        assert!(out[18..].iter().all(|v| (v - 2.5).abs() < 1e-12));
        assert!(T3::new(3, 1.01).is_err() && T3::new(3, -0.1).is_err() && T3::new(0, 0.7).is_err());
        assert!(T3::new(3, 0.0).is_ok() && T3::new(3, 1.0).is_ok());
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        for period in 1..=6 {
            for vfactor in [0.0, 0.7, 1.0] {
                assert_batch_is_updates(
                    &format!("t3:{period}:{vfactor}"),
                    |x| T3::batch(x, period, vfactor).unwrap(),
                    |x| {
                        let mut t3 = T3::new(period, vfactor).unwrap();
                        x.iter().map(|&v| t3.update(v)).collect()
                    },
                );
            }
        }
        let extremes: Vec<f64> = (0..80).map(|i| if i % 3 == 0 { 1e-300 } else { 1e300 * f64::from(i % 7) }).collect();
        let mut t3 = T3::new(3, 0.7).unwrap();
        let updates: Vec<f64> = extremes.iter().map(|&v| t3.update(v)).collect();
        let batch = T3::batch(&extremes, 3, 0.7).unwrap();
        assert!(batch.iter().zip(&updates).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())));
    }
}
