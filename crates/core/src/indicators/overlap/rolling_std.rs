use super::ring::Ring;

/// Rolling population standard deviation of the last `period` inputs, accurate at any
/// price level: sums of deviations from a shift value inside the window (not raw
/// squares, which cancel catastrophically at large prices), as TA-Lib 0.8.1 computes
/// BBANDS' width. The sums are rebuilt from the window, centred on its mean, every
/// `32 * period` bars and whenever the variance falls below a millionth of the largest
/// sum of squares seen since the last rebuild (the running sums would otherwise keep
/// rounding residue of values that have left). A rebuild costs O(period); between
/// rebuilds each bar is O(1). A flat window gives exactly 0.
#[derive(Debug, Clone)]
pub(crate) struct RollingStd {
    period: usize,
    inv_period: f64,
    /// The previous `period - 1` inputs.
    previous: Ring<f64>,
    shift: f64,
    sum: f64,
    sum_squares: f64,
    peak_squares: f64,
    bars_to_rebuild: usize,
}

#[derive(Clone, Copy)]
struct Sums {
    shift: f64,
    sum: f64,
    sum_squares: f64,
    peak_squares: f64,
    bars_to_rebuild: usize,
}

impl RollingStd {
    /// `period` >= 1.
    pub(crate) fn new(period: usize) -> RollingStd {
        let period = period.max(1);
        RollingStd {
            period,
            inv_period: 1.0 / period as f64,
            previous: Ring::new(period - 1),
            shift: 0.0,
            sum: 0.0,
            sum_squares: 0.0,
            peak_squares: 0.0,
            bars_to_rebuild: 32 * period,
        }
    }

    pub(crate) fn period(&self) -> usize {
        self.period
    }

    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> f64 {
        if !self.previous.is_full() {
            if self.previous.len() == 0 {
                self.shift = x;
            }
            let deviation = x - self.shift;
            self.sum += deviation;
            self.sum_squares += deviation * deviation;
            self.peak_squares = self.sum_squares;
            self.previous.push(x);
            return f64::NAN;
        }
        let (sums, std) = self.advance(x);
        self.shift = sums.shift;
        self.sum = sums.sum;
        self.sum_squares = sums.sum_squares;
        self.peak_squares = sums.peak_squares;
        self.bars_to_rebuild = sums.bars_to_rebuild;
        self.previous.push(x);
        std
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> f64 {
        if !self.previous.is_full() {
            return f64::NAN;
        }
        self.advance(x).1
    }

    pub(crate) fn reset(&mut self) {
        *self = RollingStd::new(self.period);
    }

    /// The sums after `x` joins and the oldest input leaves, and the window's deviation.
    #[inline]
    fn advance(&self, x: f64) -> (Sums, f64) {
        let sums = Sums {
            shift: self.shift,
            sum: self.sum,
            sum_squares: self.sum_squares,
            peak_squares: self.peak_squares,
            bars_to_rebuild: self.bars_to_rebuild,
        };
        let leaving = self.previous.oldest().unwrap_or(x);
        self.step(sums, x, leaving, || self.previous.iter().chain(std::iter::once(x)))
    }

    /// The deviation of every complete window of `input` (the first ends at index
    /// `period - 1`), bit for bit what [`update`](Self::update) returns there. The window
    /// is read from `input`, so no ring is kept.
    #[inline]
    pub(crate) fn deviations(period: usize, input: &[f64]) -> impl Iterator<Item = f64> + '_ {
        let std = RollingStd::new(period);
        let keep = std.period - 1;
        let mut sums = Sums { shift: 0.0, sum: 0.0, sum_squares: 0.0, peak_squares: 0.0, bars_to_rebuild: std.bars_to_rebuild };
        for (i, &x) in input.iter().enumerate().take(keep) {
            if i == 0 {
                sums.shift = x;
            }
            let deviation = x - sums.shift;
            sums.sum += deviation;
            sums.sum_squares += deviation * deviation;
            sums.peak_squares = sums.sum_squares;
        }
        input.windows(std.period).map(move |window| {
            let (leaving, x) = (window[0], window[window.len() - 1]);
            let (next, deviation) = std.step(sums, x, leaving, || window.iter().copied());
            sums = next;
            deviation
        })
    }

    /// One bar: `x` joins the sums of the previous `period - 1` inputs, `leaving` (the
    /// oldest of them) leaves; `window` yields the `period` inputs ending at `x`, oldest
    /// first, for a rebuild. Shared by streaming and batch so both round alike.
    #[inline(always)]
    fn step<W: Iterator<Item = f64>>(&self, mut s: Sums, x: f64, leaving: f64, window: impl Fn() -> W) -> (Sums, f64) {
        let deviation = x - s.shift;
        s.sum += deviation;
        s.sum_squares += deviation * deviation;
        if s.sum_squares > s.peak_squares {
            s.peak_squares = s.sum_squares;
        }
        let mut variance = self.variance(s.sum, s.sum_squares);
        let remove = |s: &mut Sums| {
            let deviation = leaving - s.shift;
            s.sum -= deviation;
            s.sum_squares -= deviation * deviation;
        };
        remove(&mut s);
        s.bars_to_rebuild = s.bars_to_rebuild.saturating_sub(1);
        if variance < 1e-6 * (s.peak_squares * self.inv_period) || s.bars_to_rebuild == 0 {
            (s, variance) = self.rebuild(s, x, window);
            remove(&mut s);
        }
        (s, if variance != 0.0 { variance.sqrt() } else { 0.0 })
    }

    /// The sums recomputed from the window, centred on its mean (or on `x` if the mean
    /// rounded badly), before the oldest input leaves; and the window's variance.
    #[cold]
    #[inline(never)]
    fn rebuild<W: Iterator<Item = f64>>(&self, mut s: Sums, x: f64, window: impl Fn() -> W) -> (Sums, f64) {
        s.bars_to_rebuild = 32 * self.period;
        s.shift = window().sum::<f64>() * self.inv_period;
        (s.sum, s.sum_squares) = self.deviation_sums(window(), s.shift);
        let mut variance = self.variance(s.sum, s.sum_squares);
        if variance < 1e-6 * (s.sum_squares * self.inv_period) {
            // The mean itself rounded badly; centre on the newest input instead.
            s.shift = x;
            (s.sum, s.sum_squares) = self.deviation_sums(window(), s.shift);
            variance = self.variance(s.sum, s.sum_squares);
        }
        s.peak_squares = s.sum_squares;
        if variance < 1e-12 * (s.sum_squares * self.inv_period) {
            variance = 0.0;
        }
        (s, variance)
    }

    #[inline]
    fn variance(&self, sum: f64, sum_squares: f64) -> f64 {
        let mean = sum * self.inv_period;
        sum_squares * self.inv_period - mean * mean
    }

    fn deviation_sums(&self, window: impl Iterator<Item = f64>, shift: f64) -> (f64, f64) {
        window.fold((0.0, 0.0), |(sum, squares), v| {
            let deviation = v - shift;
            (sum + deviation, squares + deviation * deviation)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accurate_at_large_prices_and_zero_when_flat() {
        let x: Vec<f64> = (0..400).map(|i| 1e6 + if (100..140).contains(&i) { 0.0 } else { ((i * 37) % 11) as f64 * 1e-3 }).collect();
        let mut std = RollingStd::new(20);
        for (i, &v) in x.iter().enumerate() {
            let peeked = std.peek(v);
            let got = std.update(v);
            assert!(peeked == got || (peeked.is_nan() && got.is_nan()));
            if i >= 19 {
                let window = &x[i - 19..=i];
                let mean = window.iter().sum::<f64>() / 20.0;
                let exact = (window.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 20.0).sqrt();
                assert!((got - exact).abs() < 1e-9, "{i}: {got} vs {exact}");
            } else {
                assert!(got.is_nan());
            }
        }
        let mut flat = RollingStd::new(5);
        let out: Vec<f64> = (0..10).map(|_| flat.update(3.0)).collect();
        assert!(out[4..].iter().all(|&v| v == 0.0));
    }
}
