use super::{collect, column, emit, integer_param, rows};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::window::{Extreme, RollingExtreme, Ties};
use crate::indicators::{check_period, int_param};
use crate::registry::{IndicatorDef, Streaming};
use std::collections::VecDeque;

/// Ichimoku Kinko Hyo: `tenkan`, `kijun`, `senkou_a`, `senkou_b`, `chikou`, each as
/// the value that belongs to bar `t` when the series is drawn without offsets, so
/// that it streams (nothing reads a later bar):
///
/// - `tenkan[t]` = (highest high + lowest low) / 2 over the `tenkan` bars ending at t;
///   `kijun[t]` the same over `kijun` bars.
/// - `senkou_a[t]` = (tenkan + kijun) / 2 computed at `t - displacement`, and
///   `senkou_b[t]` = the `senkou`-bar midpoint ending at `t - displacement`: the cloud
///   in force at bar t (pandas-ta-classic's alignment; talipp's span B is one bar later,
///   TradingView draws the spans `displacement - 1` bars ahead).
/// - `chikou[t]` = `close[t]`, defined from bar `displacement - 1` on: the lagging line
///   is this column drawn `displacement - 1` bars back (talipp's column; pandas-ta-classic
///   stores the same line already shifted, `close[t + displacement]`, which needs the future).
///
/// NaN until each window is full (tenkan from bar `tenkan - 1`, span B from
/// `senkou - 1 + displacement`). A NaN high or low makes the midpoints of the windows
/// holding it NaN until it leaves them (the crate's rolling max/min policy).
///
/// ```
/// use sigil_core::indicators::Ichimoku;
/// let mut ichimoku = Ichimoku::new(1, 2, 3, 1).unwrap();
/// ichimoku.update(10.0, 8.0, 9.0); // tenkan 9
/// ichimoku.update(12.0, 9.0, 11.0); // tenkan 10.5, kijun (12 + 8) / 2 = 10
/// // Bar 2: senkou_a is bar 1's (10.5 + 10) / 2; span B waits for bar 3.
/// let [tenkan, kijun, senkou_a, senkou_b, chikou] = ichimoku.update(11.0, 10.0, 10.5);
/// assert_eq!((tenkan, kijun, senkou_a, chikou), (10.5, 10.5, 10.25, 10.5));
/// assert!(senkou_b.is_nan());
/// ```
#[derive(Debug, Clone)]
pub struct Ichimoku {
    displacement: usize,
    tenkan: Midpoint,
    kijun: Midpoint,
    senkou: Midpoint,
    /// The unshifted spans (a, b) of the last `displacement` bars, oldest first.
    spans: VecDeque<(f64, f64)>,
    /// Bars seen, saturating at `displacement`.
    bars: usize,
}

/// The midpoint of the highest high and lowest low of a window.
#[derive(Debug, Clone)]
struct Midpoint {
    period: usize,
    highest: RollingExtreme,
    lowest: RollingExtreme,
}

impl Midpoint {
    fn new(period: usize) -> Midpoint {
        Midpoint {
            period,
            highest: RollingExtreme::new(period, Extreme::Max, Ties::Latest),
            lowest: RollingExtreme::new(period, Extreme::Min, Ties::Latest),
        }
    }

    fn push(&mut self, high: f64, low: f64) -> f64 {
        let (highest, _) = self.highest.push(high);
        let (lowest, _) = self.lowest.push(low);
        self.value(self.highest.pushed(), highest, lowest)
    }

    fn peek(&self, high: f64, low: f64) -> f64 {
        let (highest, _) = self.highest.peek(high);
        let (lowest, _) = self.lowest.peek(low);
        self.value(self.highest.pushed() + 1, highest, lowest)
    }

    fn value(&self, bars: usize, highest: f64, lowest: f64) -> f64 {
        if bars < self.period {
            f64::NAN
        } else {
            (highest + lowest) / 2.0
        }
    }

    fn reset(&mut self) {
        self.highest.reset();
        self.lowest.reset();
    }
}

impl Ichimoku {
    pub const NAME: &'static str = "ichimoku";
    pub const DEFAULT_TENKAN: usize = 9;
    pub const DEFAULT_KIJUN: usize = 26;
    pub const DEFAULT_SENKOU: usize = 52;
    pub const DEFAULT_DISPLACEMENT: usize = 26;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    /// Every parameter in 1..=100000.
    pub fn new(tenkan: usize, kijun: usize, senkou: usize, displacement: usize) -> Result<Ichimoku, Error> {
        for (name, value) in [("tenkan", tenkan), ("kijun", kijun), ("senkou", senkou), ("displacement", displacement)] {
            check_period(Self::NAME, name, value, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        }
        Ok(Ichimoku {
            displacement,
            tenkan: Midpoint::new(tenkan),
            kijun: Midpoint::new(kijun),
            senkou: Midpoint::new(senkou),
            spans: VecDeque::new(),
            bars: 0,
        })
    }

    /// Bars before every output is defined (span B's start).
    pub fn lookback(tenkan: usize, kijun: usize, senkou: usize, displacement: usize) -> usize {
        tenkan.max(kijun).max(senkou).saturating_sub(1) + displacement
    }

    /// `[tenkan, kijun, senkou_a, senkou_b, chikou]` columns.
    pub fn batch(
        high: &[f64],
        low: &[f64],
        close: &[f64],
        tenkan: usize,
        kijun: usize,
        senkou: usize,
        displacement: usize,
    ) -> Result<Vec<Vec<f64>>, Error> {
        let mut ichimoku = Ichimoku::new(tenkan, kijun, senkou, displacement)?;
        Ok(run(&mut ichimoku, high, low, close))
    }

    /// `[tenkan, kijun, senkou_a, senkou_b, chikou]` for this bar.
    #[inline]
    pub fn update(&mut self, high: f64, low: f64, close: f64) -> [f64; 5] {
        let tenkan = self.tenkan.push(high, low);
        let kijun = self.kijun.push(high, low);
        let senkou = self.senkou.push(high, low);
        let (senkou_a, senkou_b) = self.displaced();
        if self.spans.len() == self.displacement {
            self.spans.pop_front();
        }
        self.spans.push_back(((tenkan + kijun) / 2.0, senkou));
        self.bars = (self.bars + 1).min(self.displacement);
        [tenkan, kijun, senkou_a, senkou_b, self.chikou(self.bars, close)]
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64, close: f64) -> [f64; 5] {
        let (senkou_a, senkou_b) = self.displaced();
        [self.tenkan.peek(high, low), self.kijun.peek(high, low), senkou_a, senkou_b, self.chikou(self.bars + 1, close)]
    }

    pub fn reset(&mut self) {
        self.tenkan.reset();
        self.kijun.reset();
        self.senkou.reset();
        self.spans.clear();
        self.bars = 0;
    }

    /// The spans computed `displacement` bars before the bar being added.
    #[inline]
    fn displaced(&self) -> (f64, f64) {
        match self.spans.front() {
            Some(&spans) if self.spans.len() == self.displacement => spans,
            _ => (f64::NAN, f64::NAN),
        }
    }

    #[inline]
    fn chikou(&self, bars: usize, close: f64) -> f64 {
        if bars >= self.displacement {
            close
        } else {
            f64::NAN
        }
    }
}

fn run(ichimoku: &mut Ichimoku, high: &[f64], low: &[f64], close: &[f64]) -> Vec<Vec<f64>> {
    let n = rows(&[high, low, close]);
    collect(n, |i| ichimoku.update(high[i], low[i], close[i]))
}

impl Streaming for Ichimoku {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Ichimoku::update(self, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Ichimoku::peek(self, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        Ichimoku::reset(self);
    }
}

fn build(p: &[f64]) -> Result<Ichimoku, Error> {
    Ichimoku::new(int_param(p, 0), int_param(p, 1), int_param(p, 2), int_param(p, 3))
}

const fn period_param(name: &'static str, default: usize, description: &'static str) -> crate::registry::ParamDef {
    integer_param(name, default as i64, Ichimoku::MIN_PERIOD as i64, Ichimoku::MAX_PERIOD as i64, description)
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Ichimoku::NAME,
    title: "Ichimoku Kinko Hyo",
    group: "Overlap Studies",
    inputs: &[Input::High, Input::Low, Input::Close],
    params: &[
        period_param("tenkan", Ichimoku::DEFAULT_TENKAN, "Conversion line window"),
        period_param("kijun", Ichimoku::DEFAULT_KIJUN, "Base line window"),
        period_param("senkou", Ichimoku::DEFAULT_SENKOU, "Leading span B window"),
        period_param("displacement", Ichimoku::DEFAULT_DISPLACEMENT, "Bars the spans lead and the lagging line lags"),
    ],
    outputs: &["tenkan", "kijun", "senkou_a", "senkou_b", "chikou"],
    overlay: true,
    lookback: |p| Ichimoku::lookback(int_param(p, 0), int_param(p, 1), int_param(p, 2), int_param(p, 3)),
    batch: kernel!(|p, c| Ok(run(&mut build(p)?, column(c, 0), column(c, 1), column(c, 2)))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn hand_computed_small_windows() {
        // tenkan 2, kijun 3, senkou 4, displacement 2.
        let high = [10.0, 12.0, 11.0, 14.0, 13.0, 12.0];
        let low = [8.0, 9.0, 7.0, 10.0, 11.0, 9.0];
        let close = [9.0, 11.0, 8.0, 13.0, 12.0, 10.0];
        let [tenkan, kijun, a, b, chikou]: [Vec<f64>; 5] = Ichimoku::batch(&high, &low, &close, 2, 3, 4, 2).unwrap().try_into().unwrap();
        let nan_then =
            |column: &[f64], first: usize| column[..first].iter().all(|v| v.is_nan()) && column[first..].iter().all(|v| v.is_finite());
        assert_eq!(tenkan[1..], [10.0, 9.5, 10.5, 12.0, 11.0]);
        assert_eq!(kijun[2..], [9.5, 10.5, 10.5, 11.5]);
        // raw a from bar 2: (9.5 + 9.5) / 2 = 9.5, (10.5 + 10.5) / 2 = 10.5, 11.5; shown 2 bars later.
        assert!(nan_then(&a, 4) && a[4..] == [9.5, 10.5]);
        // raw b from bar 3: (14 + 7) / 2 = 10.5, (14 + 7) / 2 = 10.5; shown 2 bars later.
        assert!(nan_then(&b, 5) && b[5] == 10.5);
        assert!(nan_then(&chikou, 1) && chikou[1..] == close[1..]);
        assert_eq!(Ichimoku::lookback(2, 3, 4, 2), 5);
        assert_eq!(Ichimoku::lookback(9, 26, 52, 26), 77);
    }

    #[test]
    fn errors_and_short_input() {
        assert!(Ichimoku::new(9, 0, 52, 26).unwrap_err().to_string().contains("kijun"));
        assert!(Ichimoku::new(9, 26, 52, 100_001).unwrap_err().to_string().contains("displacement"));
        assert_eq!(crate::Spec::parse("ichimoku").unwrap().to_string(), "ichimoku:9:26:52:26");
        let out = Ichimoku::batch(&[1.0; 8], &[1.0; 8], &[1.0; 8], 9, 26, 52, 26).unwrap();
        assert!(out.iter().flatten().all(|v| v.is_nan()));
    }

    /// (header, columns) of a reference or data CSV; empty fields NaN.
    fn read(path: &Path) -> (Vec<String>, Vec<Vec<f64>>) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
        let mut columns = vec![Vec::new(); header.len()];
        for line in lines {
            for (column, field) in columns.iter_mut().zip(line.split(',')) {
                column.push(if field.is_empty() { f64::NAN } else { field.parse().unwrap() });
            }
        }
        (header, columns)
    }

    fn get<'a>(table: &'a (Vec<String>, Vec<Vec<f64>>), name: &str) -> &'a [f64] {
        let i = table.0.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        &table.1[i]
    }

    /// Compares with both libraries: tenkan, kijun, senkou_a with both, senkou_b with
    /// pandas-ta-classic, chikou with talipp (see the type docs). Returns rows compared.
    fn check_against(data: &Path, pandas: &Path, talipp: &Path) -> usize {
        let data = read(data);
        let ours = Ichimoku::batch(get(&data, "high"), get(&data, "low"), get(&data, "close"), 9, 26, 52, 26).unwrap();
        let (pandas, talipp) = (read(pandas), read(talipp));
        let mut compared = 0;
        for (k, name) in ["tenkan", "kijun", "senkou_a", "senkou_b", "chikou"].iter().enumerate() {
            let references: Vec<&[f64]> = match *name {
                "senkou_b" => vec![get(&pandas, name)],
                "chikou" => vec![get(&talipp, name)],
                _ => vec![get(&pandas, name), get(&talipp, name)],
            };
            for reference in references {
                assert_eq!(reference.len(), ours[k].len());
                for (i, (&want, &got)) in reference.iter().zip(&ours[k]).enumerate() {
                    let ok = if want.is_nan() { got.is_nan() } else { (got - want).abs() <= 1e-12 * want.abs() };
                    assert!(ok, "{name} row {i}: {got} vs {want}");
                    compared += usize::from(!want.is_nan());
                }
            }
        }
        compared
    }

    #[test]
    fn matches_the_reference_libraries_on_the_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reference/btcusd_coinbase_1d_head");
        let compared =
            check_against(&root.join("data.csv"), &root.join("pandas_ta_classic/ICHIMOKU.csv"), &root.join("talipp/ICHIMOKU.csv"));
        assert!(compared > 1000, "{compared}");
    }

    /// Every series of `../shared` when it is present (the extended run).
    #[test]
    fn matches_the_reference_libraries_on_shared_series() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let Ok(series) = std::fs::read_dir(shared.join("reference/talipp")) else { return };
        let mut checked = 0;
        for entry in series.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let reference = |library: &str| shared.join("reference").join(library).join(&name).join("ICHIMOKU.csv");
            let data = shared.join("data").join(format!("{name}.csv"));
            if data.is_file() && reference("talipp").is_file() && reference("pandas_ta_classic").is_file() {
                check_against(&data, &reference("pandas_ta_classic"), &reference("talipp"));
                checked += 1;
            }
        }
        assert!(checked > 0, "../shared/reference is present but no ICHIMOKU.csv was checked");
    }
}
