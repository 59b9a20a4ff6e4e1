use super::bar_streaming;
use super::directional::true_range;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, timeperiod};
use crate::registry::IndicatorDef;

/// Vortex Indicator (TA-Lib `VORTEX`): `(plusvi, minusvi)` = the sums over `period` bars
/// of `|high - previous low|` and of `|low - previous high|`, each over the sum of the
/// true range. First value at index `period`; (0, 0) while the true-range sum is not
/// positive.
///
/// As in TA-Lib the sums are running sums, and after `period` bars without any true
/// range the true-range sum is reset to exactly 0, so rounding left from earlier bars
/// cannot make a flat window divide by noise.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut vortex = Spec::parse("vortex:1").unwrap().stream().unwrap();
/// let bar = |high, low, close| Bar { high, low, close, ..Bar::default() };
/// vortex.update(&bar(10.0, 9.0, 9.5));
/// assert_eq!(vortex.update(&bar(11.0, 10.0, 10.5)), [2.0 / 1.5, 0.0]); // |11 - 9|, |10 - 10|, TR 1.5
/// ```
#[derive(Debug, Clone)]
pub struct Vortex {
    period: usize,
    /// (true range, +VM, -VM) of the last `period` bars, written in turn at `next`.
    terms: Vec<[f64; 3]>,
    next: usize,
    /// Bars seen (saturating).
    bars: usize,
    prev: (f64, f64, f64),
    sums: [f64; 3],
    /// Consecutive bars without true range (capped at `period`).
    flat_run: usize,
}

impl Vortex {
    pub const NAME: &'static str = "vortex";
    pub const DEFAULT_PERIOD: usize = 14;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Vortex, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Vortex {
            period,
            terms: vec![[0.0; 3]; period],
            next: 0,
            bars: 0,
            prev: (f64::NAN, f64::NAN, f64::NAN),
            sums: [0.0; 3],
            flat_run: 0,
        })
    }

    /// Bars before the first value.
    pub fn lookback(period: usize) -> usize {
        period
    }

    /// `(plusvi, minusvi)` columns, one value per bar of the shortest input.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut vortex = Vortex::new(period)?;
        let rows = high.len().min(low.len()).min(close.len());
        let (high, low, close) = (&high[..rows], &low[..rows], &close[..rows]);
        // The warm-up, to the first value at bar `period`, runs through `update`, the rest
        // through `settled_run`.
        let warm = period.min(rows);
        let mut plus = Vec::with_capacity(rows);
        let mut minus = Vec::with_capacity(rows);
        for ((&high, &low), &close) in high[..warm].iter().zip(&low[..warm]).zip(&close[..warm]) {
            let (p, m) = vortex.update(high, low, close);
            plus.push(p);
            minus.push(m);
        }
        plus.resize(rows, f64::NAN);
        minus.resize(rows, f64::NAN);
        if rows > period {
            vortex.settled_run(&mut plus[period..], &mut minus[period..], high, low, close);
        }
        Ok((plus, minus))
    }

    /// The bars from `period` on, into the slots: `advance`'s last steps and the
    /// subtraction of the term leaving the window, the state in locals. Bar
    /// `i = period + t` goes into slot `t`; its term comes from bars `i - 1` and `i`, and
    /// the leaving one (bar `t + 1`) from bars `t` and `t + 1`, read from the columns
    /// themselves. A function of its own over slots filled beforehand for the reason
    /// given at `Adx::smoothed_run`.
    #[inline(never)]
    fn settled_run(&self, plus: &mut [f64], minus: &mut [f64], high: &[f64], low: &[f64], close: &[f64]) {
        let period = self.period;
        let bars = plus.len().min(minus.len());
        // Each `bars + 1` long: one index into six columns keeps every base in a register.
        let entering = period.checked_sub(1).map(|from| from..from + bars + 1);
        let Some(entering) = entering else { return };
        let leaving = 0..bars + 1;
        let (Some(high_in), Some(low_in), Some(close_in), Some(high_out), Some(low_out), Some(close_out)) = (
            high.get(entering.clone()),
            low.get(entering.clone()),
            close.get(entering),
            high.get(leaving.clone()),
            low.get(leaving.clone()),
            close.get(leaving),
        ) else {
            return;
        };
        let (mut sums, mut flat_run) = (self.sums, self.flat_run);
        for t in 0..bars {
            let term = Self::term_of(high_in[t + 1], low_in[t + 1], (high_in[t], low_in[t], close_in[t]));
            let value;
            (sums, flat_run, value) = Self::settled(period, sums, flat_run, term);
            (plus[t], minus[t]) = value;
            let leaving = Self::term_of(high_out[t + 1], low_out[t + 1], (high_out[t], low_out[t], close_out[t]));
            for (sum, term) in sums.iter_mut().zip(leaving) {
                *sum -= term;
            }
        }
    }

    /// `(plusvi, minusvi)`.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> (f64, f64) {
        let index = self.bars;
        self.bars = self.bars.saturating_add(1);
        if index == 0 {
            self.prev = (high, low, close);
            return (f64::NAN, f64::NAN);
        }
        let term = self.term(high, low);
        self.prev = (high, low, close);
        if let Some(slot) = self.terms.get_mut(self.next) {
            *slot = term;
        }
        let (sums, flat_run, value) = self.advance(index, term);
        self.sums = sums;
        self.flat_run = flat_run;
        if index >= self.period {
            // The bar leaving the window before the next one: `period - 1` bars back.
            let mut at = self.next + 1;
            if at >= self.period {
                at -= self.period;
            }
            if let Some(leaving) = self.terms.get(at) {
                for (sum, term) in self.sums.iter_mut().zip(leaving) {
                    *sum -= term;
                }
            }
        }
        self.next = if self.next + 1 >= self.period { 0 } else { self.next + 1 };
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, _close: f64) -> (f64, f64) {
        if self.bars == 0 {
            return (f64::NAN, f64::NAN);
        }
        self.advance(self.bars, self.term(high, low)).2
    }

    pub fn reset(&mut self) {
        self.terms.fill([0.0; 3]);
        self.next = 0;
        self.bars = 0;
        self.prev = (f64::NAN, f64::NAN, f64::NAN);
        self.sums = [0.0; 3];
        self.flat_run = 0;
    }

    #[inline]
    fn term(&self, high: f64, low: f64) -> [f64; 3] {
        Self::term_of(high, low, self.prev)
    }

    /// (true range, +VM, -VM) of a bar after the bar `(high, low, close)` = `prev`.
    #[inline(always)]
    fn term_of(high: f64, low: f64, (prev_high, prev_low, prev_close): (f64, f64, f64)) -> [f64; 3] {
        [true_range(high, low, prev_close), (high - prev_low).abs(), (low - prev_high).abs()]
    }

    /// (sums with bar `index`'s term, flat run, output).
    #[inline]
    fn advance(&self, index: usize, term: [f64; 3]) -> ([f64; 3], usize, (f64, f64)) {
        if index < self.period {
            let (sums, flat_run) = Self::add(self.sums, self.flat_run, term);
            return (sums, flat_run, (f64::NAN, f64::NAN));
        }
        Self::settled(self.period, self.sums, self.flat_run, term)
    }

    /// The sums and flat run with a term added.
    #[inline(always)]
    fn add(mut sums: [f64; 3], flat_run: usize, term: [f64; 3]) -> ([f64; 3], usize) {
        for (sum, t) in sums.iter_mut().zip(term) {
            *sum += t;
        }
        (sums, if term[0] <= 0.0 { flat_run + 1 } else { 0 })
    }

    /// [`advance`](Self::advance) from bar `period` on.
    #[inline(always)]
    fn settled(period: usize, sums: [f64; 3], flat_run: usize, term: [f64; 3]) -> ([f64; 3], usize, (f64, f64)) {
        let (mut sums, mut flat_run) = Self::add(sums, flat_run, term);
        if flat_run >= period {
            flat_run = period;
            sums[0] = 0.0;
        }
        let value = if sums[0] > 0.0 { (sums[1] / sums[0], sums[2] / sums[0]) } else { (0.0, 0.0) };
        (sums, flat_run, value)
    }
}

bar_streaming!(Vortex, high, low, close);

const INPUTS: &[Input] = &[Input::High, Input::Low, Input::Close];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Vortex::NAME,
    title: "Vortex Indicator",
    group: "Momentum Indicators",
    inputs: INPUTS,
    params: &[timeperiod(Vortex::DEFAULT_PERIOD, Vortex::MIN_PERIOD, Vortex::MAX_PERIOD)],
    outputs: &["plusvi", "minusvi"],
    overlay: false,
    lookback: |p| Vortex::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| {
        let column = |i: usize| columns.get(i).copied().unwrap_or(&[]);
        let (plus, minus) = Vortex::batch(column(0), column(1), column(2), int_param(p, 0))?;
        Ok(vec![plus, minus])
    }),
    stream: |p| Ok(Box::new(Vortex::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_bars_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for period in 1..=7 {
            for output in 0..2 {
                let pick = |(plus, minus): (f64, f64)| if output == 0 { plus } else { minus };
                let batch = |high: &[f64], low: &[f64], close: &[f64]| {
                    let (plus, minus) = Vortex::batch(high, low, close, period).unwrap();
                    assert_eq!(plus.len(), minus.len());
                    if output == 0 {
                        plus
                    } else {
                        minus
                    }
                };
                let updates = |high: &[f64], low: &[f64], close: &[f64]| {
                    let mut vortex = Vortex::new(period).unwrap();
                    (0..close.len()).map(|i| pick(vortex.update(high[i], low[i], close[i]))).collect()
                };
                assert_bars_batch_is_updates(&format!("vortex:{period} output {output}"), batch, updates);
            }
        }
    }
}
