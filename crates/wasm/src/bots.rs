//! Bindings of the grid and DCA bots and of walk-forward optimisation over rule
//! candidates (wrapped by `js/bots.js`). The bots' reports cross exactly as the
//! backtester's do ([`rules::backtest_output`]); settings absent on the JS side cross as
//! NaN (numbers) or "" (fee) and take the core's `Default`s.

use sigil_core::backtest::{
    dca_bot, grid_bot, run_range, walk_forward, DcaConfig, GridConfig, GridSpacing, SelectionMetric, WalkForwardConfig,
};
use sigil_core::risk::FeeModel;
use wasm_bindgen::prelude::*;

use super::rules::{self, bars_of, condition, parse_fee, BacktestOutput};
use super::{js_error, CODE_SEPARATOR};

fn invalid(context: &str, what: &str, value: f64, expected: &str) -> JsError {
    let value = sigil_core::Decimal(value);
    JsError::new(&format!("INVALID_PARAMETER{CODE_SEPARATOR}{context}: {what} = {value} is invalid; expected {expected}"))
}

/// A count (NaN: `default`); a fraction or a negative number is refused here because
/// the core only sees the `usize`.
fn count(context: &str, what: &str, x: f64, default: usize) -> Result<usize, JsError> {
    if x.is_nan() {
        return Ok(default);
    }
    // 2^53: every integer below is exact in an f64.
    if x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_992.0 {
        Ok(x as usize)
    } else {
        Err(invalid(context, what, x, "a whole number"))
    }
}

fn optional_count(context: &str, what: &str, x: f64) -> Result<Option<usize>, JsError> {
    if x.is_nan() {
        Ok(None)
    } else {
        count(context, what, x, 0).map(Some)
    }
}

fn or(x: f64, default: f64) -> f64 {
    if x.is_nan() {
        default
    } else {
        x
    }
}

fn fee_or(context: &str, text: &str, default: FeeModel) -> Result<FeeModel, JsError> {
    if text.trim().is_empty() {
        Ok(default)
    } else {
        parse_fee(context, text)
    }
}

/// The grid bot over candle columns.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn grid_backtest(
    lower: f64,
    upper: f64,
    levels: f64,
    spacing: &str,
    initial_equity: f64,
    fee: &str,
    periods_per_year: f64,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<BacktestOutput, JsError> {
    let d = GridConfig::default();
    let config = GridConfig {
        lower: or(lower, d.lower),
        upper: or(upper, d.upper),
        levels: count("grid", "levels", levels, d.levels)?,
        spacing: match spacing {
            "" => d.spacing,
            "arithmetic" => GridSpacing::Arithmetic,
            "geometric" => GridSpacing::Geometric,
            other => {
                return Err(JsError::new(&format!(
                    "INVALID_PARAMETER{CODE_SEPARATOR}grid: spacing = '{other}' is invalid; expected 'arithmetic' or 'geometric'"
                )))
            }
        },
        initial_equity: or(initial_equity, d.initial_equity),
        fee: fee_or("grid", fee, d.fee)?,
        periods_per_year: if periods_per_year.is_nan() { d.periods_per_year } else { Some(periods_per_year) },
    };
    // Settings first: a bad setting is reported before any data problem.
    config.lines().map_err(js_error)?;
    let bars = bars_of(rows, [time, open, high, low, close, volume])?;
    let report = grid_bot(&bars, &config).map_err(js_error)?;
    Ok(rules::backtest_output(&report))
}

/// The DCA bot over candle columns.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn dca_backtest(
    amount: f64,
    every_bars: f64,
    take_profit_pct: f64,
    max_buys: f64,
    initial_equity: f64,
    fee: &str,
    periods_per_year: f64,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<BacktestOutput, JsError> {
    let d = DcaConfig::default();
    let config = DcaConfig {
        amount: or(amount, d.amount),
        every_bars: count("dca", "every_bars", every_bars, d.every_bars)?,
        take_profit_pct: if take_profit_pct.is_nan() { d.take_profit_pct } else { Some(take_profit_pct) },
        max_buys: match optional_count("dca", "max_buys", max_buys)? {
            None => d.max_buys,
            some => some,
        },
        initial_equity: or(initial_equity, d.initial_equity),
        fee: fee_or("dca", fee, d.fee)?,
        periods_per_year: if periods_per_year.is_nan() { d.periods_per_year } else { Some(periods_per_year) },
    };
    config.validate().map_err(js_error)?;
    let bars = bars_of(rows, [time, open, high, low, close, volume])?;
    let report = dca_bot(&bars, &config).map_err(js_error)?;
    Ok(rules::backtest_output(&report))
}

const METRICS: [SelectionMetric; 7] = [
    SelectionMetric::TotalReturn,
    SelectionMetric::Cagr,
    SelectionMetric::Sharpe,
    SelectionMetric::Sortino,
    SelectionMetric::ProfitFactor,
    SelectionMetric::WinRate,
    SelectionMetric::MaxDrawdown,
];

fn selection_metric(name: &str) -> Result<SelectionMetric, JsError> {
    if name.is_empty() {
        return Ok(SelectionMetric::default());
    }
    METRICS.into_iter().find(|m| m.name() == name).ok_or_else(|| {
        let names: Vec<&str> = METRICS.iter().map(|m| m.name()).collect();
        JsError::new(&format!(
            "INVALID_PARAMETER{CODE_SEPARATOR}walk_forward: metric = '{name}' is invalid; expected one of {}",
            names.join(", ")
        ))
    })
}

/// Walk-forward over rule candidates (`entries[k]`/`exits[k]` is candidate k): each
/// candidate's conditions are computed once over the whole series (a rule at bar i reads
/// nothing after i) and traded only inside each window by [`run_range`]. Strategy settings
/// as in [`rules::strategy_of`]. Returns the report as JSON.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn walk_forward_rules(
    entries: Vec<String>,
    exits: Vec<String>,
    in_sample: f64,
    out_of_sample: f64,
    metric: &str,
    mode: &str,
    side: &str,
    risk_pct: f64,
    stop: &str,
    take_profit_r: f64,
    fee: &str,
    slippage: &str,
    initial_equity: f64,
    max_exposure: f64,
    periods_per_year: f64,
    rows: usize,
    time: &[f64],
    open: &[f64],
    high: &[f64],
    low: &[f64],
    close: &[f64],
    volume: &[f64],
) -> Result<String, JsError> {
    let strategy = rules::strategy_of(side, risk_pct, stop, take_profit_r, fee, slippage, initial_equity, max_exposure, periods_per_year)?;
    let config = WalkForwardConfig {
        in_sample: count("walk_forward", "in_sample", in_sample, 0)?,
        out_of_sample: count("walk_forward", "out_of_sample", out_of_sample, 0)?,
        metric: selection_metric(metric)?,
    };
    if entries.is_empty() {
        return Err(JsError::new(&format!(
            "INVALID_PARAMETER{CODE_SEPARATOR}walk_forward: candidates is empty; give at least one {{ entry, exit }}"
        )));
    }
    if entries.len() != exits.len() {
        return Err(JsError::new(&format!(
            "INVALID_PARAMETER{CODE_SEPARATOR}walk_forward: {} entry rules but {} exit rules",
            entries.len(),
            exits.len()
        )));
    }
    strategy.validate().map_err(js_error)?;
    let bars = bars_of(rows, [time, open, high, low, close, volume])?;
    if config.windows(bars.len()).is_empty() {
        // The core's InvalidInput would cross as SIGIL_ERROR; this is a setting that does not fit the data.
        return Err(JsError::new(&format!(
            "INVALID_PARAMETER{CODE_SEPARATOR}walk_forward: {} bars cannot hold an in-sample window of {} plus an out-of-sample window of {} (both must be at least 1)",
            bars.len(),
            config.in_sample,
            config.out_of_sample
        )));
    }
    let mut candidates = Vec::with_capacity(entries.len());
    for (k, (entry, exit)) in entries.iter().zip(&exits).enumerate() {
        let entry = condition(&format!("candidate {k} entry: "), entry, mode, &bars)?;
        let exit = condition(&format!("candidate {k} exit: "), exit, mode, &bars)?;
        candidates.push((entry, exit));
    }
    let report =
        walk_forward(&bars, &candidates, &config, |(entry, exit), history, range| run_range(history, entry, exit, range, &strategy))
            .map_err(js_error)?;
    Ok(report.to_json())
}
