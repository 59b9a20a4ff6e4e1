use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod, Ema};
use crate::registry::IndicatorDef;

/// An EMA fed the output of another once that one has warmed up, as TA-Lib chains
/// them in DEMA, TEMA and T3: each stage is seeded with the mean of its first
/// `period` inputs, which are the previous stage's first `period` outputs.
#[derive(Debug, Clone)]
pub(crate) struct EmaStage {
    ema: Ema,
    /// Inputs consumed, saturating at the warm-up length.
    seen: usize,
    warmup: usize,
}

impl EmaStage {
    /// `period` >= 1, already validated by the caller.
    pub(crate) fn new(period: usize) -> EmaStage {
        let period = period.clamp(Ema::MIN_PERIOD, Ema::MAX_PERIOD);
        EmaStage { ema: Ema::new(period).unwrap_or_else(|_| unreachable_ema()), seen: 0, warmup: period - 1 }
    }

    /// The next value, or `None` while warming up (NaN input counts as a value).
    #[inline]
    pub(crate) fn update(&mut self, x: f64) -> Option<f64> {
        let value = self.ema.update(x);
        if self.seen < self.warmup {
            self.seen += 1;
            return None;
        }
        Some(value)
    }

    #[inline]
    pub(crate) fn peek(&self, x: f64) -> Option<f64> {
        if self.seen < self.warmup {
            return None;
        }
        Some(self.ema.peek(x))
    }

    pub(crate) fn reset(&mut self) {
        self.ema.reset();
        self.seen = 0;
    }

    /// [`Ema::pair_state`] once the stage gives values.
    fn pair_state(&self) -> Option<(f64, Option<f64>)> {
        if self.seen < self.warmup {
            return None;
        }
        self.ema.pair_state()
    }
}

/// Every stage's value after feeding `x` to the first stage and each value to the next
/// (a stage is fed only once the one before it gives values), once the last one gives
/// values.
#[inline]
pub(crate) fn update_chain<const N: usize>(stages: &mut [EmaStage; N], x: f64) -> Option<[f64; N]> {
    let mut values = [f64::NAN; N];
    let mut value = x;
    for (stage, slot) in stages.iter_mut().zip(&mut values) {
        value = stage.update(value)?;
        *slot = value;
    }
    Some(values)
}

/// What [`update_chain`] would give, without changing anything.
#[inline]
pub(crate) fn peek_chain<const N: usize>(stages: &[EmaStage; N], x: f64) -> Option<[f64; N]> {
    let mut values = [f64::NAN; N];
    let mut value = x;
    for (stage, slot) in stages.iter().zip(&mut values) {
        value = stage.peek(value)?;
        *slot = value;
    }
    Some(values)
}

/// `update_chain(stages, x).map_or(NaN, combine)` bar after bar over `input`, for
/// `N` fresh stages of `period` (>= 1), bit for bit.
///
/// The warm-up runs through the stages themselves, up to a bar where every stage is
/// seeded and the first one opens a pair of [`Ema`] steps. After that the stages run
/// `Ema`'s own pair steps on locals, two bars per iteration. Each stage's pairs start
/// `period - 1` bars after the previous stage's, so for an even period every other
/// stage's pairs straddle the loop's; `OPENS` (bit `s`: stage `s` opens a pair on the
/// first bar of the loop's) fixes that at compile time.
pub(crate) fn chain_batch<const N: usize>(input: &[f64], period: usize, combine: impl Fn([f64; N]) -> f64) -> Vec<f64> {
    let n = input.len();
    let mut stages: [EmaStage; N] = std::array::from_fn(|_| EmaStage::new(period));
    let mut out = Vec::with_capacity(n);
    // The last stage is seeded at bar `N * (period - 1)`.
    let seeded = (N * (period.max(1) - 1) + 1).min(n);
    out.extend(input[..seeded].iter().map(|&x| update_chain(&mut stages, x).map_or(f64::NAN, &combine)));
    let mut next = seeded;
    if stages.first().and_then(EmaStage::pair_state).is_some_and(|(_, pending)| pending.is_some()) {
        if let Some(&x) = input.get(next) {
            out.push(update_chain(&mut stages, x).map_or(f64::NAN, &combine));
            next += 1;
        }
    }
    if next >= n {
        return out;
    }
    let mut anchors = [0.0; N];
    let mut pendings = [0.0; N];
    let mut opens = 0u32;
    for (s, stage) in stages.iter().enumerate() {
        match stage.pair_state() {
            Some((anchor, pending)) => {
                anchors[s] = anchor;
                match pending {
                    Some(first) => pendings[s] = first,
                    None => opens |= 1u32.checked_shl(s as u32).unwrap_or(0),
                }
            }
            None => opens = u32::MAX,
        }
    }
    let all = 1u32.checked_shl(N as u32).map_or(u32::MAX, |bit| bit - 1);
    let rest = &input[next..];
    match stages.first() {
        Some(first) if opens == all => chain_pairs::<N, { u32::MAX }>(&mut out, rest, &first.ema, anchors, pendings, &combine),
        Some(first) if opens == 0x5555_5555 & all => chain_pairs::<N, 0x5555_5555>(&mut out, rest, &first.ema, anchors, pendings, &combine),
        _ => {
            // Not reached: seeded stages open pairs on the same bar or every other one.
            out.extend(rest.iter().map(|&x| update_chain(&mut stages, x).map_or(f64::NAN, &combine)));
        }
    }
    out
}

/// [`chain_batch`]'s steady loop: `input` starts on a bar where stage `s` opens a pair
/// iff bit `s` of `OPENS` is set; `anchors` and `pendings` are the stages' pair states.
#[inline(always)]
fn chain_pairs<const N: usize, const OPENS: u32>(
    out: &mut Vec<f64>,
    input: &[f64],
    steps: &Ema,
    mut anchors: [f64; N],
    mut pendings: [f64; N],
    combine: impl Fn([f64; N]) -> f64,
) {
    // One bar: stage `s` opens a pair iff bit `s` of `OPENS` differs from `second`.
    let mut bar = |x: f64, second: bool| {
        let mut values = [0.0; N];
        let mut value = x;
        for (s, slot) in values.iter_mut().enumerate() {
            value = if ((OPENS >> s) & 1 == 1) != second {
                pendings[s] = value;
                steps.first_of_pair(anchors[s], value)
            } else {
                anchors[s] = steps.pair(anchors[s], pendings[s], value);
                anchors[s]
            };
            *slot = value;
        }
        combine(values)
    };
    let mut pairs = input.chunks_exact(2);
    out.extend((&mut pairs).flat_map(|pair| [bar(pair[0], false), bar(pair[1], true)]));
    if let Some(&x) = pairs.remainder().first() {
        out.push(bar(x, false));
    }
}

/// `EmaStage::new` clamps the period into EMA's range, so this is never called; it
/// keeps an `unwrap` off the path.
#[cold]
fn unreachable_ema() -> Ema {
    Ema::new(1).unwrap_or_else(|_| unreachable!("period 1 is valid for EMA"))
}

/// Double exponential moving average (TA-Lib `DEMA`): `2 * EMA(x) - EMA(EMA(x))`,
/// both with the same period, each EMA seeded with the mean of its first `period`
/// inputs (so the first value is at index `2 * (period - 1)`). Period 1 copies the input.
///
/// ```
/// use sigil_core::indicators::overlap::Dema;
/// let out = Dema::batch(&[1.0, 2.0, 3.0, 4.0, 5.0], 2).unwrap();
/// assert!(out[1].is_nan());
/// assert!((out[2] - 3.0).abs() < 1e-12); // a straight line has no lag
/// ```
#[derive(Debug, Clone)]
pub struct Dema {
    period: usize,
    stages: [EmaStage; 2],
}

impl Dema {
    pub const NAME: &'static str = "dema";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Dema, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Dema { period, stages: [EmaStage::new(period), EmaStage::new(period)] })
    }

    pub fn lookback(period: usize) -> usize {
        2 * period.saturating_sub(1)
    }

    /// The values of [`update`](Self::update) bar after bar, bit for bit (see
    /// [`chain_batch`]).
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Dema::new(period)?;
        if period == 1 {
            return Ok(input.to_vec());
        }
        Ok(chain_batch(input, period, combine))
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        update_chain(&mut self.stages, x).map_or(f64::NAN, combine)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        if self.period == 1 {
            return x;
        }
        peek_chain(&self.stages, x).map_or(f64::NAN, combine)
    }

    pub fn reset(&mut self) {
        self.stages.iter_mut().for_each(EmaStage::reset);
    }
}

#[inline(always)]
fn combine([e1, e2]: [f64; 2]) -> f64 {
    2.0 * e1 - e2
}

single_series!(Dema);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Dema::NAME,
    title: "Double Exponential Moving Average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(Dema::DEFAULT_PERIOD, Dema::MIN_PERIOD, Dema::MAX_PERIOD)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Dema::lookback(int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![Dema::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Dema::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_and_bounds() {
        let x: Vec<f64> = (0..40).map(|i| 100.0 + ((i * 7) % 5) as f64).collect();
        let out = Dema::batch(&x, 5).unwrap();
        assert_eq!(out.iter().take_while(|v| v.is_nan()).count(), Dema::lookback(5));
        assert_eq!(Dema::batch(&x, 1).unwrap(), x);
        let flat = Dema::batch(&[1e-12; 20], 3).unwrap();
        assert!(flat[4..].iter().all(|v| (v - 1e-12).abs() < 1e-24));
        assert!(Dema::new(0).is_err());
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_period_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        assert_period_batch_is_updates("dema", &[1, 2, 3, 4, 5, 8, 13], Dema::new, Dema::batch);
    }
}
