use super::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod};
use crate::bar::Input;
use crate::error::Error;
use crate::registry::IndicatorDef;

/// Exponential moving average (TA-Lib `EMA`, default compatibility mode).
///
/// Seeded like TA-Lib: the first value, at index `period - 1`, is the SMA of the first
/// `period` inputs; after that `ema += (x - ema) * k` with `k = 2 / (period + 1)`, the
/// arithmetic of TA-Lib 0.8.1 (bit for bit on most bars; 0.8.3 and the `ta-lib` crate
/// use `beta * ema + k * x`, an ulp or two away). Written without `mul_add` so wasm32
/// needs no software fma.
///
/// ```
/// use sigil_core::indicators::Ema;
/// let mut ema = Ema::new(3).unwrap();
/// ema.update(1.0);
/// ema.update(2.0);
/// assert_eq!(ema.update(3.0), 2.0); // seed: SMA of 1, 2, 3
/// assert_eq!(ema.update(4.0), 3.0); // 0.5 * 2 + 0.5 * 4
/// ```
#[derive(Debug, Clone)]
pub struct Ema {
    period: usize,
    k: f64,
    seen: usize,
    /// The seed sum while warming up, the EMA afterwards.
    value: f64,
}

impl Ema {
    pub const NAME: &'static str = "ema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Ema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Ema { period, k: 2.0 / (period as f64 + 1.0), seen: 0, value: 0.0 })
    }

    pub fn lookback(period: usize) -> usize {
        period - 1
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let mut ema = Ema::new(period)?;
        Ok(run_batch(input, |x| ema.update(x)))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let (seen, value) = self.advance(x);
        self.seen = seen;
        self.value = value;
        self.output(seen, value)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let (seen, value) = self.advance(x);
        self.output(seen, value)
    }

    pub fn reset(&mut self) {
        self.seen = 0;
        self.value = 0.0;
    }

    #[inline]
    fn advance(&self, x: f64) -> (usize, f64) {
        if self.seen >= self.period {
            (self.seen, (x - self.value) * self.k + self.value)
        } else if self.seen + 1 == self.period {
            (self.period, (self.value + x) / self.period as f64)
        } else {
            (self.seen + 1, self.value + x)
        }
    }

    #[inline]
    fn output(&self, seen: usize, value: f64) -> f64 {
        if seen >= self.period {
            value
        } else {
            f64::NAN
        }
    }
}

single_series!(Ema);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Ema::NAME,
    title: "Exponential Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Ema::DEFAULT_PERIOD, Ema::MIN_PERIOD, Ema::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Ema::lookback(int_param(p, 0).max(Ema::MIN_PERIOD)),
    batch: |p, columns| Ok(vec![Ema::batch(first(columns), int_param(p, 0))?]),
    stream: |p| Ok(on_input(Input::Close, Ema::new(int_param(p, 0))?)),
};
