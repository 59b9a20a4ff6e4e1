use super::ring::Ring;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Pearson's correlation coefficient (TA-Lib `CORREL`) of two series over the last
/// `period` bars. The registry reads high and low, TA-Lib's abstract-API default.
///
/// As in TA-Lib 0.8.1 the values are summed as deviations from a shift near the window
/// (so price-squared sums do not cancel), and the sums are rebuilt from the window,
/// O(period), when either sum of squares collapses below 1e-6 of the largest it held
/// since the last rebuild, and at least every `32 * period` bars; otherwise a bar costs
/// O(1). A window where either side is flat (to within 1e-14 of its scale) gives 0; the
/// result is clamped to [-1, 1].
///
/// ```
/// use sigil_core::indicators::Correl;
/// let mut correl = Correl::new(3).unwrap();
/// correl.update(1.0, 10.0);
/// correl.update(2.0, 8.0);
/// assert!((correl.update(3.0, 6.0) + 1.0).abs() < 1e-12); // perfectly opposed
/// assert_eq!(correl.peek(4.0, 4.0), correl.clone().update(4.0, 4.0));
/// ```
#[derive(Debug, Clone)]
pub struct Correl {
    period: usize,
    inv_period: f64,
    /// The last `period - 1` values of each series.
    window_x: Ring,
    window_y: Ring,
    started: bool,
    sums: Sums,
}

#[derive(Debug, Clone, Copy)]
struct Sums {
    shift_x: f64,
    shift_y: f64,
    x: f64,
    y: f64,
    xx: f64,
    yy: f64,
    xy: f64,
    peak_xx: f64,
    peak_yy: f64,
    bars_until_rebuild: usize,
}

const REBUILD_BELOW: f64 = 1e-6;
const FLAT_BELOW: f64 = 1e-14;

impl Sums {
    fn fresh(period: usize) -> Sums {
        Sums {
            shift_x: 0.0,
            shift_y: 0.0,
            x: 0.0,
            y: 0.0,
            xx: 0.0,
            yy: 0.0,
            xy: 0.0,
            peak_xx: 0.0,
            peak_yy: 0.0,
            bars_until_rebuild: 32 * period,
        }
    }

    #[inline]
    fn add(&mut self, x: f64, y: f64) {
        let x = x - self.shift_x;
        self.x += x;
        self.xx += x * x;
        let y = y - self.shift_y;
        self.xy += x * y;
        self.y += y;
        self.yy += y * y;
    }

    /// Sums of squares and of products about the window means.
    #[inline]
    fn spreads(&self, inv_period: f64) -> (f64, f64, f64) {
        (self.xx - self.x * self.x * inv_period, self.yy - self.y * self.y * inv_period, self.xy - self.x * self.y * inv_period)
    }
}

impl Correl {
    pub const NAME: &'static str = "correl";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Correl, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Correl {
            period,
            inv_period: 1.0 / period as f64,
            window_x: Ring::new(period - 1),
            window_y: Ring::new(period - 1),
            started: false,
            sums: Sums::fresh(period),
        })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    /// The correlation column (as long as the shorter input).
    pub fn batch(x: &[f64], y: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let correl = Correl::new(period)?;
        let rows = x.len().min(y.len());
        let (x, y) = (x.get(..rows).unwrap_or_default(), y.get(..rows).unwrap_or_default());
        let keep = period - 1;
        let (Some(&first_x), Some(&first_y)) = (x.first(), y.first()) else { return Ok(Vec::new()) };
        if rows <= keep {
            return Ok(vec![f64::NAN; rows]);
        }
        // `update`'s arithmetic with the window read from the input slices instead of the
        // rings, and the sums kept in registers; each output slot written once by `extend`.
        let mut sums = Sums::fresh(period);
        (sums.shift_x, sums.shift_y) = (first_x, first_y);
        for (&vx, &vy) in x[..keep].iter().zip(&y[..keep]) {
            sums.add(vx, vy);
        }
        let mut out = Vec::with_capacity(rows);
        out.resize(keep, f64::NAN);
        let bars = x[keep..].iter().zip(&y[keep..]).zip(x.iter().zip(y)).enumerate();
        out.extend(bars.map(|(oldest, ((&vx, &vy), (&oldest_x, &oldest_y)))| {
            sums.add(vx, vy);
            let window = || x[oldest..=oldest + keep].iter().copied().zip(y[oldest..=oldest + keep].iter().copied());
            correl.close_window(&mut sums, (vx, vy), (oldest_x, oldest_y), window)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64, y: f64) -> f64 {
        let (value, sums) = self.advance(x, y);
        self.sums = sums;
        self.started = true;
        self.window_x.push(x);
        self.window_y.push(y);
        value
    }

    #[inline]
    pub fn peek(&self, x: f64, y: f64) -> f64 {
        self.advance(x, y).0
    }

    pub fn reset(&mut self) {
        self.window_x.clear();
        self.window_y.clear();
        self.started = false;
        self.sums = Sums::fresh(self.period);
    }

    #[inline]
    fn advance(&self, x: f64, y: f64) -> (f64, Sums) {
        let mut s = self.sums;
        if !self.started {
            // TA-Lib anchors the first shifts on the first values.
            s.shift_x = x;
            s.shift_y = y;
        }
        s.add(x, y);
        if !self.window_x.is_full() {
            return (f64::NAN, s);
        }
        // The oldest pair is `(x, y)` itself when the rings hold nothing (period 1).
        let oldest = (self.window_x.oldest().unwrap_or(x), self.window_y.oldest().unwrap_or(y));
        let window = || self.window_x.iter().zip(self.window_y.iter()).chain(std::iter::once((x, y)));
        let value = self.close_window(&mut s, (x, y), oldest, window);
        (value, s)
    }

    /// The value of a full window, `(x, y)` its newest pair already added to `s`, then
    /// the window's `oldest` pair taken out of `s` for the next bar. `window` yields
    /// the window's pairs, oldest first and `(x, y)` last, for a rebuild.
    #[inline(always)]
    fn close_window<W: Iterator<Item = (f64, f64)>>(
        &self,
        s: &mut Sums,
        (x, y): (f64, f64),
        oldest: (f64, f64),
        window: impl Fn() -> W,
    ) -> f64 {
        s.peak_xx = if s.xx > s.peak_xx { s.xx } else { s.peak_xx };
        s.peak_yy = if s.yy > s.peak_yy { s.yy } else { s.peak_yy };
        let (mut ss_x, mut ss_y, mut sp_xy) = s.spreads(self.inv_period);
        s.bars_until_rebuild -= 1;
        if ss_x < REBUILD_BELOW * s.peak_xx || ss_y < REBUILD_BELOW * s.peak_yy || s.bars_until_rebuild == 0 {
            // Rebuilt in a copy: were `s` itself handed to the out-of-line rebuild, the
            // batch loop's sums would have to live in memory rather than in registers.
            let mut rebuilt = *s;
            (ss_x, ss_y, sp_xy) = self.rebuild(&mut rebuilt, x, y, window);
            *s = rebuilt;
        }
        let trailing_x = oldest.0 - s.shift_x;
        let trailing_y = oldest.1 - s.shift_y;
        let value = if ss_x > FLAT_BELOW * s.xx && ss_y > FLAT_BELOW * s.yy && ss_x * ss_y > 0.0 {
            (sp_xy / (ss_x * ss_y).sqrt()).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        s.x -= trailing_x;
        s.xx -= trailing_x * trailing_x;
        s.xy -= trailing_x * trailing_y;
        s.y -= trailing_y;
        s.yy -= trailing_y * trailing_y;
        value
    }

    /// Re-centres the shifts on the window means and sums the window afresh; a side that
    /// is still flat to rounding is re-anchored on its newest value instead.
    #[cold]
    fn rebuild<W: Iterator<Item = (f64, f64)>>(&self, s: &mut Sums, x: f64, y: f64, pairs: impl Fn() -> W) -> (f64, f64, f64) {
        let (total_x, total_y) = pairs().fold((0.0, 0.0), |(tx, ty), (vx, vy)| (tx + vx, ty + vy));
        let resum = |s: &mut Sums| {
            (s.x, s.y, s.xx, s.yy, s.xy) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for (vx, vy) in pairs() {
                s.add(vx, vy);
            }
        };
        s.shift_x = total_x * self.inv_period;
        s.shift_y = total_y * self.inv_period;
        resum(s);
        let (mut ss_x, mut ss_y, mut sp_xy) = s.spreads(self.inv_period);
        let flat_x = ss_x < REBUILD_BELOW * s.xx;
        let flat_y = ss_y < REBUILD_BELOW * s.yy;
        if flat_x || flat_y {
            if flat_x {
                s.shift_x = x;
            }
            if flat_y {
                s.shift_y = y;
            }
            resum(s);
            (ss_x, ss_y, sp_xy) = s.spreads(self.inv_period);
        }
        s.peak_xx = s.xx;
        s.peak_yy = s.yy;
        s.bars_until_rebuild = 32 * self.period;
        (ss_x.max(0.0), ss_y.max(0.0), sp_xy)
    }
}

impl Streaming for Correl {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = Correl::update(self, bar.high, bar.low);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = Correl::peek(self, bar.high, bar.low);
    }
    fn reset(&mut self) {
        Correl::reset(self);
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Correl::NAME,
    title: "Pearson's Correlation Coefficient (r)",
    group: "Statistic Functions",
    inputs: &[Input::High, Input::Low],
    params: &[timeperiod(Correl::DEFAULT_PERIOD, Correl::MIN_PERIOD, Correl::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Correl::lookback(int_param(p, 0).max(Correl::MIN_PERIOD)),
    batch: kernel!(|p, columns| match columns {
        [x, y, ..] => Ok(vec![Correl::batch(x, y, int_param(p, 0))?]),
        _ => Ok(vec![Vec::new()]),
    }),
    stream: |p| Ok(Box::new(Correl::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::math::block::tests::test_series;

    /// The batch kernel against `update` on every length: NaN, infinities, flat and
    /// collapsing windows (rebuilds), prices far from zero, tiny and huge magnitudes,
    /// and long runs (the periodic rebuild every `32 * period` bars).
    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in [1, 2, 3, 5, 8, 30] {
            let len = 3 * period + 40;
            let mut columns = test_series(len, period as u64);
            let walk = |offset: f64, scale: f64| (0..len as u64).map(|i| offset + ((i * 7919) % 13) as f64 * scale).collect::<Vec<_>>();
            columns.push(("far from zero", walk(1e6, 1e-3)));
            columns.push(("tiny", walk(0.0, 1e-300)));
            columns.push(("huge", walk(0.0, 1e300)));
            // Flat, then moving, then flat again at another level.
            columns.push((
                "steps",
                (0..len)
                    .map(|i| {
                        if i < len / 3 {
                            5.0
                        } else if i < 2 * len / 3 {
                            i as f64
                        } else {
                            9.0
                        }
                    })
                    .collect(),
            ));
            for (i, (kind_x, xs)) in columns.iter().enumerate() {
                for (kind_y, ys) in [&columns[i], &columns[(i + 1) % columns.len()]] {
                    for len in 0..=len {
                        let (xs, ys) = (&xs[..len], &ys[..len]);
                        let mut correl = Correl::new(period).unwrap();
                        let updates: Vec<f64> = xs.iter().zip(ys).map(|(&x, &y)| correl.update(x, y)).collect();
                        let batch = Correl::batch(xs, ys, period).unwrap();
                        assert_eq!(batch.len(), len);
                        for (t, (a, b)) in batch.iter().zip(&updates).enumerate() {
                            assert_eq!(a.to_bits(), b.to_bits(), "{kind_x}/{kind_y} period {period} len {len} bar {t}: {a} vs {b}");
                        }
                    }
                }
            }
        }
        // Past several periodic rebuilds.
        let xs: Vec<f64> = (0..2000u64).map(|i| 100.0 + ((i * 2_654_435_761) % 1000) as f64 / 10.0).collect();
        let ys: Vec<f64> = xs.iter().enumerate().map(|(i, x)| x * 0.5 + (i % 7) as f64).collect();
        let mut correl = Correl::new(4).unwrap();
        let updates: Vec<f64> = xs.iter().zip(&ys).map(|(&x, &y)| correl.update(x, y)).collect();
        let batch = Correl::batch(&xs, &ys, 4).unwrap();
        assert!(batch.iter().zip(&updates).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert_eq!(Correl::batch(&xs, &ys[..10], 4).unwrap().len(), 10);
    }

    #[test]
    fn edge_cases() {
        let rising: Vec<f64> = (0..40).map(|i| 1e-12 * (1.0 + i as f64)).collect();
        let out = Correl::batch(&rising, &rising, 10).unwrap();
        assert!(out[9..].iter().all(|v| (v - 1.0).abs() < 1e-9), "{out:?}");
        assert!(Correl::batch(&[3.0; 20], &rising[..20], 5).unwrap()[4..].iter().all(|&v| v == 0.0));
        assert!(Correl::batch(&[1.0; 3], &[2.0; 3], 30).unwrap().iter().all(|v| v.is_nan()));
        assert_eq!(Correl::batch(&[1.0, 2.0], &[3.0, f64::NAN], 1).unwrap()[0], 0.0);
        assert!(Correl::new(0).is_err());
    }
}
