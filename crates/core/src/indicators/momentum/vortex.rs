use super::bar_streaming;
use super::directional::true_range;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, int_param, run_bars, timeperiod};
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

    /// `(plusvi, minusvi)` columns.
    pub fn batch(high: &[f64], low: &[f64], close: &[f64], period: usize) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let mut vortex = Vortex::new(period)?;
        Ok(high.iter().zip(low).zip(close).map(|((&h, &l), &c)| vortex.update(h, l, c)).unzip())
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
        let (prev_high, prev_low, prev_close) = self.prev;
        [true_range(high, low, prev_close), (high - prev_low).abs(), (low - prev_high).abs()]
    }

    /// (sums with bar `index`'s term, flat run, output).
    #[inline]
    fn advance(&self, index: usize, term: [f64; 3]) -> ([f64; 3], usize, (f64, f64)) {
        let mut sums = self.sums;
        for (sum, t) in sums.iter_mut().zip(term) {
            *sum += t;
        }
        let mut flat_run = if term[0] <= 0.0 { self.flat_run + 1 } else { 0 };
        if index < self.period {
            return (sums, flat_run, (f64::NAN, f64::NAN));
        }
        if flat_run >= self.period {
            flat_run = self.period;
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
    batch: kernel!(|p, columns| Ok(run_bars(Vortex::new(int_param(p, 0))?, INPUTS, columns, 2))),
    stream: |p| Ok(Box::new(Vortex::new(int_param(p, 0))?)),
};
