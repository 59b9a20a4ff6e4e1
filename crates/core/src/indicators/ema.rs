use super::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::bar::Input;
use crate::error::Error;
use crate::registry::IndicatorDef;

/// Exponential moving average (TA-Lib `EMA`, default compatibility mode).
///
/// Seeded like TA-Lib: the first value, at index `period - 1`, is the SMA of the first
/// `period` inputs; after that `ema = (1 - k) * ema + k * x` with `k = 2 / (period + 1)`,
/// evaluated two bars at a time (`ema2 = (1 - k)^2 * ema0 + ((1 - k) * k * x1 + k * x2)`).
/// TA-Lib 0.8.1 writes the step as `ema += (x - ema) * k`; the results agree to a few
/// ulps, well inside the 1e-9 parity tolerance. The paired form is chosen for speed:
/// its dependency chain is one multiply and one add per two bars, against three
/// operations per bar, which is what lets it match the `ta-lib` crate's hardware-fma
/// loop natively and in wasm32, where there is no fast fma.
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
    /// `1 - k`: one step is `beta * ema + k * x`.
    beta: f64,
    /// `beta * beta` and `beta * k`: two steps at once are
    /// `beta2 * ema + (beta_k * x1 + k * x2)`.
    beta2: f64,
    beta_k: f64,
    seen: usize,
    /// The seed sum while warming up; afterwards the EMA as of the last completed pair
    /// of steps.
    anchor: f64,
    /// The input of the first step of a pair whose second step has not come yet.
    pending: Option<f64>,
}

impl Ema {
    pub const NAME: &'static str = "ema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Ema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        let k = 2.0 / (period as f64 + 1.0);
        let beta = 1.0 - k;
        Ok(Ema { period, k, beta, beta2: beta * beta, beta_k: beta * k, seen: 0, anchor: 0.0, pending: None })
    }

    pub fn lookback(period: usize) -> usize {
        period - 1
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let ema = Ema::new(period)?;
        if input.len() < period {
            return Ok(vec![f64::NAN; input.len()]);
        }
        // A zeroed allocation comes from the OS untouched, so each slot is written once.
        let mut out = vec![0.0; input.len()];
        let (warmup, rest) = out.split_at_mut(period - 1);
        warmup.fill(f64::NAN);
        let mut anchor = input[..period].iter().sum::<f64>() / period as f64;
        let Some((seed_slot, rest)) = rest.split_first_mut() else { return Ok(out) };
        *seed_slot = anchor;
        let mut pairs_out = rest.chunks_exact_mut(2);
        let mut pairs_in = input[period..].chunks_exact(2);
        for (slots, pair) in (&mut pairs_out).zip(&mut pairs_in) {
            slots[0] = ema.first_of_pair(anchor, pair[0]);
            anchor = ema.pair(anchor, pair[0], pair[1]);
            slots[1] = anchor;
        }
        if let (Some(slot), Some(&x)) = (pairs_out.into_remainder().first_mut(), pairs_in.remainder().first()) {
            *slot = ema.first_of_pair(anchor, x);
        }
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.seen < self.period {
            self.seen += 1;
            self.anchor += x;
            if self.seen < self.period {
                return f64::NAN;
            }
            self.anchor /= self.period as f64;
            return self.anchor;
        }
        match self.pending.take() {
            None => {
                self.pending = Some(x);
                self.first_of_pair(self.anchor, x)
            }
            Some(x1) => {
                self.anchor = self.pair(self.anchor, x1, x);
                self.anchor
            }
        }
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.seen < self.period {
            return if self.seen + 1 == self.period { (self.anchor + x) / self.period as f64 } else { f64::NAN };
        }
        match self.pending {
            None => self.first_of_pair(self.anchor, x),
            Some(x1) => self.pair(self.anchor, x1, x),
        }
    }

    pub fn reset(&mut self) {
        self.seen = 0;
        self.anchor = 0.0;
        self.pending = None;
    }

    // Steps after the seed go in pairs. The EMA after the second step of a pair comes
    // straight from the one before the pair, so the loop-carried dependency is one
    // multiply and one add per two bars (the difference form `(x - ema) * k + ema`
    // chains three operations per bar); the first step's value is computed off that
    // chain. Batch and streaming run exactly these two functions, so they agree bit for
    // bit.

    #[inline(always)]
    fn first_of_pair(&self, anchor: f64, x: f64) -> f64 {
        self.beta * anchor + self.k * x
    }

    #[inline(always)]
    fn pair(&self, anchor: f64, x1: f64, x2: f64) -> f64 {
        self.beta2 * anchor + (self.beta_k * x1 + self.k * x2)
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
    batch: Some(|p, columns| Ok(vec![Ema::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Ema::new(int_param(p, 0))?)),
};
