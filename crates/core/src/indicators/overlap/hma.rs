use super::wma::{append_wma_column, Wma};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Hull moving average (TA-Lib `HMA`):
/// `WMA(2 * WMA(x, period / 2) - WMA(x, period), floor(sqrt(period)))`, periods truncated
/// as Hull and TA-Lib do. Three running WMAs, O(1) per bar. First value at index
/// `(period - 1) + (floor(sqrt(period)) - 1)`; period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Hma;
/// let line: Vec<f64> = (0..12).map(f64::from).collect();
/// let out = Hma::batch(&line, 4).unwrap();
/// assert!(out[3].is_nan());
/// assert!((out[4] - 4.0).abs() < 1e-12); // tracks a straight line with no lag
/// ```
#[derive(Debug, Clone)]
pub struct Hma {
    period: usize,
    full: Wma,
    half: Wma,
    outer: Wma,
    /// Inputs consumed, saturating once the full-period WMA has values.
    seen: usize,
}

impl Hma {
    pub const NAME: &'static str = "hma";
    pub const DEFAULT_PERIOD: usize = 20;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Hma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Self::with_period(period))
    }

    pub(crate) fn with_period(period: usize) -> Hma {
        let period = period.max(1);
        Hma {
            period,
            full: Wma::with_period(period),
            half: Wma::with_period((period / 2).max(1)),
            outer: Wma::with_period(sqrt_period(period)),
            seen: 0,
        }
    }

    pub fn lookback(period: usize) -> usize {
        if period <= 1 {
            0
        } else {
            (period - 1) + (sqrt_period(period) - 1)
        }
    }

    /// The whole series at once, a column at a time: each WMA by [`append_wma_column`]
    /// (`Wma::update`'s arithmetic and rebuild schedule over a slice), fed from the
    /// bar `update` starts feeding it, so the values are the same bits.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Hma::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        let n = input.len();
        if n <= Hma::lookback(period) {
            return Ok(vec![f64::NAN; n]);
        }
        let half_period = (period / 2).max(1);
        let mut full = Vec::with_capacity(n);
        append_wma_column(&mut full, input, period);
        // The half WMA starts `half_period` bars before the full one's first value.
        let mut half = Vec::with_capacity(n - (period - half_period));
        append_wma_column(&mut half, &input[period - half_period..], half_period);
        // From the full WMA's first value on, its slots become the outer WMA's input.
        let inner = &mut full[period - 1..];
        for (full, &half) in inner.iter_mut().zip(&half[half_period - 1..]) {
            *full = 2.0 * half - *full;
        }
        let mut out = Vec::with_capacity(n);
        out.resize(period - 1, f64::NAN);
        append_wma_column(&mut out, inner, sqrt_period(period));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        let full = self.full.update(x);
        // As TA-Lib 0.8.1, the half-period WMA starts on the last `period / 2` bars of
        // the first full window, so its first value, its running sums and its rebuild
        // schedule line up with the full-period one's (the bits of every later value
        // depend on where those sums began).
        let half = if self.feeds_half() { self.half.update(x) } else { f64::NAN };
        if self.seen + 1 < self.period {
            self.seen += 1;
            return f64::NAN;
        }
        self.outer.update(2.0 * half - full)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        if self.seen + 1 < self.period {
            return f64::NAN;
        }
        self.outer.peek(2.0 * self.half.peek(x) - self.full.peek(x))
    }

    /// Whether the bar being added reaches the half-period WMA.
    #[inline]
    fn feeds_half(&self) -> bool {
        self.seen + (self.period / 2).max(1) >= self.period
    }

    pub fn reset(&mut self) {
        self.full.reset();
        self.half.reset();
        self.outer.reset();
        self.seen = 0;
    }
}

/// Hull's `Integer(SquareRoot(period))`.
fn sqrt_period(period: usize) -> usize {
    ((period as f64).sqrt() as usize).max(1)
}

single_series!(Hma);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Hma::NAME,
    title: "Hull Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Hma::DEFAULT_PERIOD, Hma::MIN_PERIOD, Hma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Hma::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Hma::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Hma::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_periods_and_lookback() {
        // Periods 2 and 3: half and sqrt windows are 1, so HMA = 2x - WMA(x, period).
        let x = [1.0, 2.0, 3.0, 2.0, 5.0];
        let out = Hma::batch(&x, 2).unwrap();
        assert!(out[0].is_nan());
        assert!((out[1] - (4.0 - 5.0 / 3.0)).abs() < 1e-12);
        assert_eq!(Hma::lookback(20), 19 + 3);
        let long = Hma::batch(&[7.0; 40], 20).unwrap();
        assert_eq!(long.iter().take_while(|v| v.is_nan()).count(), 22);
        assert!(long[22..].iter().all(|v| (v - 7.0).abs() < 1e-12));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        // Periods 2 and 3 have one-bar inner WMAs; the long inputs below reach the
        // WMAs' rebuilds (every 8 periods) for the short periods.
        for period in [1, 2, 3, 4, 5, 9, 20] {
            for scale in [1.0, 1e-12, 1e300] {
                let scaled = |x: &[f64]| x.iter().map(|v| v * scale).collect::<Vec<f64>>();
                let updates = |x: &[f64]| {
                    let mut hma = Hma::new(period).unwrap();
                    scaled(x).into_iter().map(|v| hma.update(v)).collect()
                };
                assert_batch_is_updates(&format!("hma:{period} x{scale}"), |x| Hma::batch(&scaled(x), period).unwrap(), updates);
            }
        }
    }
}
