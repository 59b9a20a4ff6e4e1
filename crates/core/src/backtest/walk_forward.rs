//! Walk-forward optimisation: choose parameters on a window, judge them on the next.

use std::ops::Range;

use super::engine::run;
use super::json::{array, JsonObject};
use super::metrics::Metrics;
use super::report::Report;
use super::strategy::Strategy;
use crate::bar::Bar;
use crate::error::Error;

/// The metric parameters are chosen by (higher is better; for `MaxDrawdown`, lower).
///
/// ```
/// use sigil_core::backtest::SelectionMetric;
/// assert_eq!(SelectionMetric::Sharpe.name(), "sharpe");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SelectionMetric {
    TotalReturn,
    Cagr,
    #[default]
    Sharpe,
    Sortino,
    ProfitFactor,
    WinRate,
    MaxDrawdown,
}

impl SelectionMetric {
    pub fn name(self) -> &'static str {
        match self {
            SelectionMetric::TotalReturn => "total_return",
            SelectionMetric::Cagr => "cagr",
            SelectionMetric::Sharpe => "sharpe",
            SelectionMetric::Sortino => "sortino",
            SelectionMetric::ProfitFactor => "profit_factor",
            SelectionMetric::WinRate => "win_rate",
            SelectionMetric::MaxDrawdown => "max_drawdown",
        }
    }

    /// The metric's value in `m` (`None` when undefined there).
    pub fn value(self, m: &Metrics) -> Option<f64> {
        match self {
            SelectionMetric::TotalReturn => Some(m.total_return),
            SelectionMetric::Cagr => m.cagr,
            SelectionMetric::Sharpe => m.sharpe,
            SelectionMetric::Sortino => m.sortino,
            SelectionMetric::ProfitFactor => m.profit_factor,
            SelectionMetric::WinRate => m.win_rate,
            SelectionMetric::MaxDrawdown => Some(m.max_drawdown),
        }
        .filter(|v| !v.is_nan())
    }

    /// Whether `a` beats `b`; an undefined value loses to any defined one.
    pub(crate) fn better(self, a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) if self == SelectionMetric::MaxDrawdown => a < b,
            (Some(a), Some(b)) => a > b,
            (Some(_), None) => true,
            _ => false,
        }
    }
}

/// Window sizes in bars. Windows roll forward by `out_of_sample` bars, so the
/// out-of-sample windows tile the series without overlap:
/// in-sample `[s, s + in_sample)`, out-of-sample `[s + in_sample, s + in_sample + out_of_sample)`,
/// for s = 0, out_of_sample, 2·out_of_sample, … while the out-of-sample window fits.
///
/// ```
/// use sigil_core::backtest::{WalkForwardConfig, SelectionMetric};
/// let c = WalkForwardConfig { in_sample: 4, out_of_sample: 3, metric: SelectionMetric::TotalReturn };
/// assert_eq!(c.windows(10), vec![(0..4, 4..7), (3..7, 7..10)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WalkForwardConfig {
    pub in_sample: usize,
    pub out_of_sample: usize,
    pub metric: SelectionMetric,
}

impl WalkForwardConfig {
    /// The (in-sample, out-of-sample) ranges over `bars` bars.
    pub fn windows(&self, bars: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::new();
        if self.in_sample == 0 || self.out_of_sample == 0 {
            return out;
        }
        let mut start = 0usize;
        while let Some(end) = start.checked_add(self.in_sample).and_then(|m| m.checked_add(self.out_of_sample)) {
            if end > bars {
                break;
            }
            let middle = start + self.in_sample;
            out.push((start..middle, middle..end));
            start += self.out_of_sample;
        }
        out
    }
}

/// One walk-forward step (see [`walk_forward`]).
///
/// ```
/// use sigil_core::backtest::{run_range, walk_forward, SelectionMetric, Strategy, WalkForwardConfig};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = (0..30).map(|i| Bar { time: i, ..Bar::from_price(10.0 + (i % 5) as f64) }).collect();
/// let config = WalkForwardConfig { in_sample: 10, out_of_sample: 10, metric: SelectionMetric::TotalReturn };
/// let report = walk_forward(&bars, &[11.0, 13.0], &config, |level, history, range| {
///     let entry: Vec<bool> = history.iter().map(|b| b.close <= *level).collect();
///     let exit: Vec<bool> = history.iter().map(|b| b.close >= 14.0).collect();
///     run_range(history, &entry, &exit, range, &Strategy::default())
/// }).unwrap();
/// let w = &report.windows[1];
/// assert_eq!((w.in_sample.clone(), w.out_of_sample.clone()), (10..20, 20..30));
/// assert!(report.to_json().contains("\"windows\""));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WalkForwardWindow {
    pub in_sample: Range<usize>,
    pub out_of_sample: Range<usize>,
    /// Index into the parameter list of the in-sample winner.
    pub chosen: usize,
    /// The winner's in-sample metrics and its out-of-sample metrics.
    pub in_sample_metrics: Metrics,
    pub out_of_sample_metrics: Metrics,
}

/// Every window, and the out-of-sample returns chained (each window restarts from the
/// strategy's initial equity; the chain compounds their total returns). Built by
/// [`walk_forward`], whose example shows one.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkForwardReport {
    pub metric: SelectionMetric,
    pub windows: Vec<WalkForwardWindow>,
    /// Π (1 + in-sample total return) − 1 over the windows' winners (optimistic: chosen with hindsight).
    pub in_sample_return: f64,
    /// Π (1 + out-of-sample total return) − 1: what the procedure would have earned.
    pub out_of_sample_return: f64,
}

impl WalkForwardReport {
    pub fn to_json(&self) -> String {
        let windows = array(self.windows.iter().map(|w| {
            JsonObject::new()
                .int("in_sample_start", w.in_sample.start as i64)
                .int("in_sample_end", w.in_sample.end as i64)
                .int("out_of_sample_start", w.out_of_sample.start as i64)
                .int("out_of_sample_end", w.out_of_sample.end as i64)
                .int("chosen", w.chosen as i64)
                .raw("in_sample", &w.in_sample_metrics.to_json())
                .raw("out_of_sample", &w.out_of_sample_metrics.to_json())
                .finish()
        }));
        JsonObject::new()
            .str("metric", self.metric.name())
            .num("in_sample_return", self.in_sample_return)
            .num("out_of_sample_return", self.out_of_sample_return)
            .raw("windows", &windows)
            .finish()
    }
}

/// Walk-forward over `bars`: in each window, `evaluate` runs every parameter set on
/// the in-sample range, the best by `config.metric` (the first on ties) is run on the
/// out-of-sample range, and both results are kept.
///
/// `evaluate(params, history, range)` gets `history = &bars[..range.end]` (everything up
/// to the range's end and nothing after, so indicators can warm up on earlier bars without
/// seeing the future) and must trade only inside `range`; [`run_range`] does that for
/// precomputed conditions.
///
/// ```
/// use sigil_core::backtest::{run_range, walk_forward, SelectionMetric, Strategy, WalkForwardConfig};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = (0..40).map(|i| Bar { time: i, ..Bar::from_price(100.0 + (i % 7) as f64) }).collect();
/// // parameter = "buy when the close is below this"
/// let config = WalkForwardConfig { in_sample: 20, out_of_sample: 10, metric: SelectionMetric::TotalReturn };
/// let report = walk_forward(&bars, &[101.0, 103.0, 105.0], &config, |level, history, range| {
///     let entry: Vec<bool> = history.iter().map(|b| b.close < *level).collect();
///     let exit: Vec<bool> = history.iter().map(|b| b.close >= 105.0).collect();
///     run_range(history, &entry, &exit, range, &Strategy::default())
/// }).unwrap();
/// assert_eq!(report.windows.len(), 2);
/// ```
pub fn walk_forward<P>(
    bars: &[Bar],
    params: &[P],
    config: &WalkForwardConfig,
    mut evaluate: impl FnMut(&P, &[Bar], Range<usize>) -> Result<Report, Error>,
) -> Result<WalkForwardReport, Error> {
    if params.is_empty() {
        return Err(Error::InvalidInput { context: "walk_forward", reason: "no parameter sets to choose from".to_string() });
    }
    let windows = config.windows(bars.len());
    if windows.is_empty() {
        return Err(Error::InvalidInput {
            context: "walk_forward",
            reason: format!(
                "{} bars cannot hold an in-sample window of {} plus an out-of-sample window of {} (both must be at least 1)",
                bars.len(),
                config.in_sample,
                config.out_of_sample
            ),
        });
    }
    let mut out = Vec::with_capacity(windows.len());
    let (mut in_growth, mut out_growth) = (1.0, 1.0);
    for (is_range, oos_range) in windows {
        let history = bars.get(..is_range.end).unwrap_or(bars);
        let mut best: Option<(usize, Metrics)> = None;
        for (k, p) in params.iter().enumerate() {
            let metrics = evaluate(p, history, is_range.clone())?.metrics;
            let beats = match &best {
                None => true,
                Some((_, m)) => config.metric.better(config.metric.value(&metrics), config.metric.value(m)),
            };
            if beats {
                best = Some((k, metrics));
            }
        }
        let Some((chosen, in_sample_metrics)) = best else { continue };
        let Some(param) = params.get(chosen) else { continue };
        let history = bars.get(..oos_range.end).unwrap_or(bars);
        let out_of_sample_metrics = evaluate(param, history, oos_range.clone())?.metrics;
        in_growth *= 1.0 + in_sample_metrics.total_return;
        out_growth *= 1.0 + out_of_sample_metrics.total_return;
        out.push(WalkForwardWindow { in_sample: is_range, out_of_sample: oos_range, chosen, in_sample_metrics, out_of_sample_metrics });
    }
    Ok(WalkForwardReport { metric: config.metric, windows: out, in_sample_return: in_growth - 1.0, out_of_sample_return: out_growth - 1.0 })
}

/// [`run`] on `bars[range]` with `entry[range]` and `exit[range]`: conditions computed
/// over a longer history, traded only inside `range`.
pub fn run_range(bars: &[Bar], entry: &[bool], exit: &[bool], range: Range<usize>, strategy: &Strategy) -> Result<Report, Error> {
    let slice = |name: &str, len: usize| Error::InvalidInput {
        context: "backtest",
        reason: format!("range {}..{} is outside the {name} ({len} values)", range.start, range.end),
    };
    let b = bars.get(range.clone()).ok_or_else(|| slice("bars", bars.len()))?;
    let e = entry.get(range.clone()).ok_or_else(|| slice("entry condition", entry.len()))?;
    let x = exit.get(range.clone()).ok_or_else(|| slice("exit condition", exit.len()))?;
    run(b, e, x, strategy)
}
