use super::ring::Ring;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::{IndicatorDef, Streaming};

/// Volume-weighted moving average (TA-Lib `VWMA`):
/// `(sum(close * volume) / period) / (sum(volume) / period)` over the last `period` bars,
/// running sums as in TA-Lib. A window whose volumes are all zero gives NaN (0/0), and
/// its sums restart from exactly zero rather than from rounding residue. Period 1 copies
/// the close.
///
/// ```
/// use sigil_core::indicators::overlap::Vwma;
/// let mut vwma = Vwma::new(2).unwrap();
/// assert!(vwma.update(10.0, 1.0).is_nan());
/// assert_eq!(vwma.update(20.0, 3.0), 17.5);
/// assert!(vwma.peek(5.0, 0.0) == 20.0); // (60 + 0) / 3
/// ```
#[derive(Debug, Clone)]
pub struct Vwma {
    period: usize,
    /// (close, volume) of the previous `period - 1` bars.
    previous: Ring<(f64, f64)>,
    sum_price_volume: f64,
    sum_volume: f64,
    /// Bars with exactly zero volume among `previous`.
    zero_volumes: usize,
}

impl Vwma {
    pub const NAME: &'static str = "vwma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Vwma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Vwma { period, previous: Ring::new(period - 1), sum_price_volume: 0.0, sum_volume: 0.0, zero_volumes: 0 })
    }

    pub fn lookback(period: usize) -> usize {
        period.saturating_sub(1)
    }

    pub fn batch(close: &[f64], volume: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut vwma = Vwma::new(period)?;
        let rows = close.len().min(volume.len());
        let (close, volume) = (&close[..rows], &volume[..rows]);
        if period == 1 {
            return Ok(close.to_vec());
        }
        // `update` with the window read back from the columns instead of a ring: the
        // warm-up goes through `update` itself, then the sums run on locals and each
        // output slot is written once by `extend`.
        let keep = period - 1;
        let warm_up = keep.min(rows);
        let mut out = Vec::with_capacity(rows);
        out.extend(close[..warm_up].iter().zip(&volume[..warm_up]).map(|(&close, &volume)| vwma.update(close, volume)));
        let n = period as f64;
        let (mut sum_price_volume, mut sum_volume, mut zero_volumes) = (vwma.sum_price_volume, vwma.sum_volume, vwma.zero_volumes);
        let entering = close[warm_up..].iter().zip(&volume[warm_up..]);
        out.extend(entering.zip(close.iter().zip(volume)).map(|((&close, &volume), (&old_close, &old_volume))| {
            let zero = usize::from(volume.abs() <= 0.0);
            // A dead window restarts from exact zero, as in `advance`.
            let (total_price_volume, total_volume) =
                if zero_volumes + zero >= period { (0.0, 0.0) } else { (sum_price_volume + close * volume, sum_volume + volume) };
            sum_price_volume = total_price_volume - old_close * old_volume;
            sum_volume = total_volume - old_volume;
            zero_volumes = zero_volumes + zero - usize::from(old_volume.abs() <= 0.0);
            total_price_volume / n / (total_volume / n)
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, close: f64, volume: f64) -> f64 {
        if self.period == 1 {
            return close;
        }
        let zero = usize::from(volume.abs() <= 0.0);
        if !self.previous.is_full() {
            self.sum_price_volume += close * volume;
            self.sum_volume += volume;
            self.zero_volumes += zero;
            self.previous.push((close, volume));
            return f64::NAN;
        }
        let (sum_price_volume, sum_volume, value) = self.advance(close, volume);
        let (old_close, old_volume) = self.previous.oldest().unwrap_or((0.0, 0.0));
        let leaving = old_close * old_volume;
        if self.zero_volumes + zero >= self.period {
            // A dead window: restart the sums from exact zero, less the departing bar
            // (a non-finite close times zero volume stays NaN, as in TA-Lib).
            self.sum_price_volume = 0.0 - leaving;
            self.sum_volume = 0.0 - old_volume;
        } else {
            self.sum_price_volume = sum_price_volume - leaving;
            self.sum_volume = sum_volume - old_volume;
        }
        self.zero_volumes = self.zero_volumes + zero - usize::from(old_volume.abs() <= 0.0);
        self.previous.push((close, volume));
        value
    }

    #[inline]
    pub fn peek(&self, close: f64, volume: f64) -> f64 {
        if self.period == 1 {
            return close;
        }
        if !self.previous.is_full() {
            return f64::NAN;
        }
        self.advance(close, volume).2
    }

    pub fn reset(&mut self) {
        self.previous.clear();
        self.sum_price_volume = 0.0;
        self.sum_volume = 0.0;
        self.zero_volumes = 0;
    }

    #[inline]
    fn advance(&self, close: f64, volume: f64) -> (f64, f64, f64) {
        let n = self.period as f64;
        let zero = usize::from(volume.abs() <= 0.0);
        let (sum_price_volume, sum_volume) = if self.zero_volumes + zero >= self.period {
            (0.0, 0.0)
        } else {
            (self.sum_price_volume + close * volume, self.sum_volume + volume)
        };
        (sum_price_volume, sum_volume, sum_price_volume / n / (sum_volume / n))
    }
}

struct OnBars(Vwma);

impl Streaming for OnBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.update(bar.close, bar.volume);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        out[0] = self.0.peek(bar.close, bar.volume);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Vwma::NAME,
    title: "Volume Weighted Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close, Input::Volume],
    params: &[timeperiod(Vwma::DEFAULT_PERIOD, Vwma::MIN_PERIOD, Vwma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Vwma::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        Ok(vec![Vwma::batch(column(0), column(1), int_param(p, 0))?])
    }),
    stream: |p| Ok(Box::new(OnBars(Vwma::new(int_param(p, 0))?))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_volume_windows() {
        let close: Vec<f64> = (1..=10).map(f64::from).collect();
        let volume = [0.0, 0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        let out = Vwma::batch(&close, &volume, 3).unwrap();
        assert!(out[2].is_nan() && out[7].is_nan() && out[8].is_nan());
        assert_eq!(out[3], 4.0);
        assert_eq!(out[9], 10.0);
        assert_eq!(Vwma::batch(&close, &volume, 1).unwrap(), close);
    }

    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::{assert_batch_is_updates, awkward_series, walk_series};
        // Volumes with dead stretches, NaN, infinities, signed zeros and extreme scales.
        let volume: Vec<f64> = awkward_series(90)
            .iter()
            .enumerate()
            .map(|(i, &v)| match i % 13 {
                0..=4 if i < 60 => 0.0,
                6 => -0.0,
                8 => 1e-300,
                9 => 1e300,
                _ => v,
            })
            .collect();
        let closes = [walk_series(90), awkward_series(90)];
        for period in 1..=7 {
            for (c, close) in closes.iter().enumerate() {
                // The series under test drives the volume; the close is a fixed column.
                let batch = |x: &[f64]| Vwma::batch(&close[..x.len()], x, period).unwrap();
                let updates = |x: &[f64]| {
                    let mut vwma = Vwma::new(period).unwrap();
                    x.iter().zip(close).map(|(&v, &c)| vwma.update(c, v)).collect()
                };
                assert_batch_is_updates(&format!("vwma:{period} close {c}"), batch, updates);
                let (got, expected) = (batch(&volume), updates(&volume));
                assert!(got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())), "{period} {c}");
            }
        }
        // Columns of unequal length: the shorter bounds the output.
        assert_eq!(Vwma::batch(&[1.0, 2.0, 3.0], &[1.0, 1.0], 2).unwrap().len(), 2);
    }
}
