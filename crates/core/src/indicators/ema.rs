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
        // `update`'s pairs: the first bar of a pair is read off the anchor, the second
        // moves the anchor two bars at once (half the dependency chain of bar by bar).
        // The output is built as aligned pairs of slots so that `extend` writes each slot
        // once from an exact-length iterator (a zeroed allocation would first be cleared
        // by a pass of its own whenever the allocator reuses memory).
        let n = input.len();
        // Summed from 0.0 as `update` does: `Sum` starts from -0.0, which keeps the sign
        // of an all -0.0 window that `update` (and TA-Lib) turn into 0.0.
        let mut anchor = input[..period].iter().fold(0.0, |sum, &x| sum + x) / period as f64;
        let mut slots: Vec<[f64; 2]> = Vec::with_capacity(n.div_ceil(2));
        slots.resize((period - 1) / 2, [f64::NAN; 2]);
        let mut chunks = input[period..].chunks_exact(2);
        if period % 2 == 0 {
            // The seed closes a slot pair; each bar pair fills one.
            slots.push([f64::NAN, anchor]);
            slots.extend((&mut chunks).map(|pair| {
                let first = ema.first_of_pair(anchor, pair[0]);
                anchor = ema.pair(anchor, pair[0], pair[1]);
                [first, anchor]
            }));
            if let Some(&x) = chunks.remainder().first() {
                slots.push([ema.first_of_pair(anchor, x), f64::NAN]);
            }
        } else {
            // The seed opens a slot pair: each slot pair holds the end of one bar pair
            // and the start of the next.
            let after_seed = input.get(period).map_or(f64::NAN, |&x| ema.first_of_pair(anchor, x));
            slots.push([anchor, after_seed]);
            slots.extend(chunks.enumerate().map(|(k, pair)| {
                anchor = ema.pair(anchor, pair[0], pair[1]);
                let next = input.get(period + 2 * k + 2).map_or(f64::NAN, |&x| ema.first_of_pair(anchor, x));
                [anchor, next]
            }));
        }
        let mut out = slots.into_flattened();
        out.truncate(n);
        Ok(out)
    }

    /// Appends to `out` what a fresh EMA's `update` gives fed `input(a[i], b[i])` bar
    /// after bar (as many bars as the shorter slice), bit for bit: the same seed sum,
    /// then the same pair steps, each output slot written once by `extend`. For kernels
    /// whose EMA input is built from two columns (ZLEMA's de-lagged input, CVI's range).
    #[inline(always)]
    pub(crate) fn extend_of_pairs(&self, out: &mut Vec<f64>, a: &[f64], b: &[f64], input: impl Fn(f64, f64) -> f64) {
        let n = a.len().min(b.len());
        let (a, b) = (&a[..n], &b[..n]);
        let keep = self.period - 1;
        if n <= keep {
            out.resize(out.len() + n, f64::NAN);
            return;
        }
        let mut anchor = a[..keep].iter().zip(&b[..keep]).fold(0.0, |sum, (&a, &b)| sum + input(a, b));
        anchor = (anchor + input(a[keep], b[keep])) / self.period as f64;
        out.resize(out.len() + keep, f64::NAN);
        out.push(anchor);
        let (mut a_pairs, mut b_pairs) = (a[keep + 1..].chunks_exact(2), b[keep + 1..].chunks_exact(2));
        out.extend((&mut a_pairs).zip(&mut b_pairs).flat_map(|(a, b)| {
            let (x1, x2) = (input(a[0], b[0]), input(a[1], b[1]));
            let first = self.first_of_pair(anchor, x1);
            anchor = self.pair(anchor, x1, x2);
            [first, anchor]
        }));
        if let (&[a], &[b]) = (a_pairs.remainder(), b_pairs.remainder()) {
            out.push(self.first_of_pair(anchor, input(a, b)));
        }
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

    /// Once seeded: the EMA as of the last completed pair of steps, and the input
    /// waiting as the first of an open pair (`None` when the next input opens one), for
    /// batch loops that go on with [`first_of_pair`](Self::first_of_pair) and
    /// [`pair`](Self::pair) where `update` left off.
    #[inline]
    pub(crate) fn pair_state(&self) -> Option<(f64, Option<f64>)> {
        (self.seen >= self.period).then_some((self.anchor, self.pending))
    }

    // Steps after the seed go in pairs. The EMA after the second step of a pair comes
    // straight from the one before the pair, so the loop-carried dependency is one
    // multiply and one add per two bars (the difference form `(x - ema) * k + ema`
    // chains three operations per bar); the first step's value is computed off that
    // chain. Batch and streaming run exactly these two functions, so they agree bit for
    // bit.

    #[inline(always)]
    pub(crate) fn first_of_pair(&self, anchor: f64, x: f64) -> f64 {
        self.beta * anchor + self.k * x
    }

    #[inline(always)]
    pub(crate) fn pair(&self, anchor: f64, x1: f64, x2: f64) -> f64 {
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
