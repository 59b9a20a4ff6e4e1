//! The EMA recursion TA-Lib 0.8.1 runs inside MACD, MACDFIX, TRIX, TSI and SMI.

/// An exponential moving average seeded with the mean of its first `period` inputs,
/// then `ema += (x - ema) * k`.
///
/// This is the arithmetic TA-Lib 0.8.1's internal EMA uses (difference form, and for
/// MACDFIX a fixed `k`); the paired `beta * ema + k * x` form of
/// [`crate::indicators::Ema`] lands within a few ulps of it but not on it, and MACD and
/// TRIX are bit-exact with this one. A period of 1 runs the same recursion (TRIX does so in TA-Lib: after
/// a NaN it stays NaN, and `1e20` then `1` smooths to 0, not 1).
#[derive(Debug, Clone)]
pub(crate) struct Ewma {
    period: usize,
    k: f64,
    /// Inputs seen, saturating at `period`.
    seen: usize,
    /// The seed sum while warming up, the average afterwards.
    value: f64,
}

impl Ewma {
    /// The usual smoothing factor `2 / (period + 1)`; `period` must be at least 1.
    pub(crate) fn new(period: usize) -> Ewma {
        Ewma::with_factor(period, 2.0 / (period as f64 + 1.0))
    }

    /// An explicit smoothing factor (MACDFIX's fixed 0.15 and 0.075).
    pub(crate) fn with_factor(period: usize, k: f64) -> Ewma {
        Ewma { period: period.max(1), k, seen: 0, value: 0.0 }
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> Option<f64> {
        let (seen, value) = self.advance(x);
        self.seen = seen;
        self.value = value;
        (seen >= self.period).then_some(value)
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> Option<f64> {
        let (seen, value) = self.advance(x);
        (seen >= self.period).then_some(value)
    }

    pub(crate) fn reset(&mut self) {
        self.seen = 0;
        self.value = 0.0;
    }

    /// (average, k) once seeded, for batch loops that run the recursion themselves
    /// through [`Ewma::smooth`], bit for bit what [`update`](Self::update) would give.
    #[inline]
    pub(crate) fn seeded(&self) -> Option<(f64, f64)> {
        (self.seen >= self.period).then_some((self.value, self.k))
    }

    /// One step of the recursion after the seed.
    #[inline(always)]
    pub(crate) fn smooth(average: f64, k: f64, x: f64) -> f64 {
        (x - average) * k + average
    }

    #[inline]
    fn advance(&self, x: f64) -> (usize, f64) {
        if self.seen >= self.period {
            (self.seen, Ewma::smooth(self.value, self.k, x))
        } else if self.seen + 1 == self.period {
            (self.period, (self.value + x) / self.period as f64)
        } else {
            (self.seen + 1, self.value + x)
        }
    }
}

/// Two EMAs in sequence, the second fed only once the first has a value: the double
/// smoothing of TSI and SMI.
#[derive(Debug, Clone)]
pub(crate) struct DoubleEwma {
    first: Ewma,
    second: Ewma,
}

impl DoubleEwma {
    pub(crate) fn new(first: usize, second: usize) -> DoubleEwma {
        DoubleEwma { first: Ewma::new(first), second: Ewma::new(second) }
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> Option<f64> {
        let smoothed = self.first.update(x)?;
        self.second.update(smoothed)
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> Option<f64> {
        let smoothed = self.first.peek(x)?;
        self.second.peek(smoothed)
    }

    pub(crate) fn reset(&mut self) {
        self.first.reset();
        self.second.reset();
    }

    /// Both EMAs' [`Ewma::seeded`] state once the second one is seeded.
    #[inline]
    pub(crate) fn seeded(&self) -> Option<((f64, f64), (f64, f64))> {
        Some((self.first.seeded()?, self.second.seeded()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_with_the_mean_then_smooths() {
        let mut ema = Ewma::new(3);
        assert_eq!(ema.update(1.0), None);
        assert_eq!(ema.peek(2.0), None);
        assert_eq!(ema.update(2.0), None);
        assert_eq!(ema.update(3.0), Some(2.0));
        assert_eq!(ema.peek(4.0), Some(3.0));
        assert_eq!(ema.update(4.0), Some(3.0));
    }

    #[test]
    fn period_one_still_runs_the_recursion() {
        let mut ema = Ewma::new(1);
        assert_eq!(ema.update(1e20), Some(1e20));
        assert_eq!(ema.update(1.0), Some(0.0));
        assert_eq!(ema.update(2.0), Some(2.0));
    }
}
