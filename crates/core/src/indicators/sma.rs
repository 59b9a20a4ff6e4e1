use super::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::bar::Input;
use crate::error::Error;
use crate::registry::IndicatorDef;

/// Simple moving average (TA-Lib `SMA`): the mean of the last `period` inputs.
///
/// Like TA-Lib it keeps a running total (add the new input, subtract the one leaving),
/// so results match TA-Lib's to the last bit rather than a fresh sum's.
///
/// ```
/// use sigil_core::indicators::Sma;
/// let mut sma = Sma::new(3).unwrap();
/// assert!(sma.update(1.0).is_nan());
/// assert!(sma.update(2.0).is_nan());
/// assert_eq!(sma.update(3.0), 2.0);
/// assert_eq!(sma.peek(6.0), (2.0 + 3.0 + 6.0) / 3.0); // the forming bar; state unchanged
/// assert_eq!(sma.update(4.0), 3.0);
/// ```
#[derive(Debug, Clone)]
pub struct Sma {
    period: usize,
    /// The last `period - 1` inputs, oldest at `next_out` once full.
    window: Vec<f64>,
    next_out: usize,
    /// Sum of the inputs in `window`.
    partial_sum: f64,
}

impl Sma {
    pub const NAME: &'static str = "sma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Sma, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Sma { period, window: Vec::with_capacity(period - 1), next_out: 0, partial_sum: 0.0 })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period - 1
    }

    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Sma::new(period)?;
        Ok(Sma::column(input, period))
    }

    /// [`batch`](Self::batch) for a period already checked (0 reads as 1).
    pub(crate) fn column(input: &[f64], period: usize) -> Vec<f64> {
        Sma::column_of(input.iter().copied(), period)
    }

    /// [`column`](Self::column) of inputs computed on the fly (ADR's ranges): the
    /// iterator is walked twice, for the input entering the window and the one leaving.
    pub(crate) fn column_of<I>(input: I, period: usize) -> Vec<f64>
    where
        I: ExactSizeIterator<Item = f64> + Clone,
    {
        let keep = period.max(1) - 1;
        let len = input.len();
        if len <= keep {
            return vec![f64::NAN; len];
        }
        let divisor = (keep + 1) as f64;
        // The streaming arithmetic without its ring buffer: the input leaving the window
        // is read from the series itself. Each slot is written once, by `extend` (a zeroed
        // allocation would first be cleared by a pass of its own when the allocator
        // reuses memory, as it does for a caller computing again).
        let mut out = Vec::with_capacity(len);
        if keep == 0 {
            out.extend(input.map(|x| (0.0 + x) / divisor));
            return out;
        }
        out.resize(keep, f64::NAN);
        let mut entering = input.clone();
        let mut partial = entering.by_ref().take(keep).fold(0.0, |sum, x| sum + x);
        out.extend(entering.zip(input).map(|(x, leaving)| Sma::step(&mut partial, x, leaving, divisor)));
        out
    }

    /// The running total `update` holds after the first `period - 1` inputs.
    #[inline]
    pub(crate) fn partial(first: &[f64]) -> f64 {
        first.iter().fold(0.0, |sum, &x| sum + x)
    }

    /// One steady step of `update` with its state in locals: the mean with `x` added
    /// to the running total, which then drops `leaving`.
    #[inline(always)]
    pub(crate) fn step(partial: &mut f64, x: f64, leaving: f64, divisor: f64) -> f64 {
        let total = *partial + x;
        *partial = total - leaving;
        total / divisor
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let keep = self.period - 1;
        if self.window.len() < keep {
            self.window.push(x);
            self.partial_sum += x;
            return f64::NAN;
        }
        let total = self.partial_sum + x;
        if keep > 0 {
            self.partial_sum = total - self.window[self.next_out];
            self.window[self.next_out] = x;
            self.next_out = if self.next_out + 1 == keep { 0 } else { self.next_out + 1 };
        }
        total / self.period as f64
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.window.len() < self.period - 1 {
            return f64::NAN;
        }
        (self.partial_sum + x) / self.period as f64
    }

    pub fn reset(&mut self) {
        self.window.clear();
        self.next_out = 0;
        self.partial_sum = 0.0;
    }
}

single_series!(Sma);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Sma::NAME,
    title: "Simple Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Sma::DEFAULT_PERIOD, Sma::MIN_PERIOD, Sma::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Sma::lookback(int_param(p, 0).max(Sma::MIN_PERIOD)),
    batch: Some(|p, columns| Ok(vec![Sma::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Sma::new(int_param(p, 0))?)),
};
