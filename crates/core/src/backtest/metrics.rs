//! Performance metrics from an equity curve and a trade list.

use super::json::JsonObject;
use super::report::Trade;
use crate::bar::Bar;
use crate::error::Error;

/// Milliseconds in the year used for CAGR and for inferring bars per year: 365.25 days.
pub const YEAR_MS: f64 = 365.25 * 86_400_000.0;

/// Summary statistics of one run. Ratios are fractions (0.1 = 10 %). `None` where the
/// value is undefined (no trades, no losing trade, a flat equity curve, fewer than two bars).
///
/// Definitions (E₋₁ = initial equity, Eₖ = equity at the close of bar k, n bars):
/// - `total_return` = E_{n−1} / E₋₁ − 1.
/// - `cagr` = (E_{n−1} / E₋₁)^(1/years) − 1, years = (last bar time − first bar time +
///   one bar interval) / 365.25 days: from the first bar's open to the last bar's close.
/// - `max_drawdown` = max over k of (peak − Eₖ) / peak, peak = highest equity so far
///   (E₋₁ included).
/// - per-bar returns rₖ = Eₖ / Eₖ₋₁ − 1 (k = 0..n−1, all bars, flat ones included).
///   `sharpe` = mean(r) / sd(r) · √P with the sample sd (n − 1), risk-free rate 0;
///   `sortino` = mean(r) / dd · √P with the downside deviation dd = √(Σ min(rₖ, 0)² / n).
///   P = bars per year = 365.25 days / bar interval, the interval being the median gap
///   between consecutive bar times (robust to missing bars), unless given.
/// - `win_rate` = trades with net P&L > 0 / trades; `profit_factor` = Σ winning P&L /
///   |Σ losing P&L| (net of fees).
/// - `exposure` = bars that close with a position open / n.
///
/// ```
/// use sigil_core::backtest::{run, Strategy};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = [10.0, 11.0, 12.0].iter().enumerate()
///     .map(|(i, &p)| Bar { time: i as i64 * 3_600_000, ..Bar::from_price(p) }).collect();
/// let report = run(&bars, &[true, false, false], &[false; 3], &Strategy::default()).unwrap();
/// // buys at bar 1's open (11), holds to the end (12): 10 000 → 10 909.09...
/// assert!((report.metrics.total_return - (12.0 / 11.0 - 1.0)).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub initial_equity: f64,
    pub final_equity: f64,
    pub total_return: f64,
    pub cagr: Option<f64>,
    pub max_drawdown: f64,
    pub sharpe: Option<f64>,
    pub sortino: Option<f64>,
    pub trades: usize,
    pub win_rate: Option<f64>,
    pub profit_factor: Option<f64>,
    pub exposure: f64,
    /// The bar interval used, in milliseconds.
    pub bar_interval_ms: Option<f64>,
    pub periods_per_year: Option<f64>,
}

impl Metrics {
    /// `equity[k]` is the equity at the close of `bars[k]`; `in_market` counts the bars
    /// that closed with a position.
    pub fn compute(
        bars: &[Bar],
        initial_equity: f64,
        equity: &[f64],
        trades: &[Trade],
        in_market: usize,
        periods_per_year: Option<f64>,
    ) -> Result<Metrics, Error> {
        if equity.len() != bars.len() {
            return Err(Error::InvalidInput {
                context: "metrics",
                reason: format!("{} equity values for {} bars", equity.len(), bars.len()),
            });
        }
        let n = equity.len();
        let final_equity = equity.last().copied().unwrap_or(initial_equity);
        let growth = final_equity / initial_equity;
        let total_return = growth - 1.0;
        let interval = bar_interval_ms(bars);
        let cagr = match (interval, bars.first(), bars.last()) {
            (Some(step), Some(first), Some(last)) if growth > 0.0 => {
                let years = ((last.time - first.time) as f64 + step) / YEAR_MS;
                Some(growth.powf(1.0 / years) - 1.0)
            }
            (Some(_), Some(_), Some(_)) => Some(-1.0),
            _ => None,
        };

        let mut peak = initial_equity;
        let mut max_drawdown = 0.0f64;
        for &e in equity {
            peak = peak.max(e);
            if peak > 0.0 {
                max_drawdown = max_drawdown.max((peak - e) / peak);
            }
        }

        let periods = periods_per_year.or_else(|| interval.map(|step| YEAR_MS / step));
        let mut returns = Vec::with_capacity(n);
        let mut previous = initial_equity;
        for &e in equity {
            returns.push(if previous != 0.0 { e / previous - 1.0 } else { 0.0 });
            previous = e;
        }
        let (sharpe, sortino) = match periods {
            Some(p) if n >= 2 => ratios(&returns, p),
            _ => (None, None),
        };

        let wins: f64 = trades.iter().map(|t| t.pnl).filter(|&p| p > 0.0).sum();
        let losses: f64 = -trades.iter().map(|t| t.pnl).filter(|&p| p < 0.0).sum::<f64>();
        let winners = trades.iter().filter(|t| t.pnl > 0.0).count();
        Ok(Metrics {
            initial_equity,
            final_equity,
            total_return,
            cagr,
            max_drawdown,
            sharpe,
            sortino,
            trades: trades.len(),
            win_rate: if trades.is_empty() { None } else { Some(winners as f64 / trades.len() as f64) },
            profit_factor: if losses > 0.0 { Some(wins / losses) } else { None },
            exposure: if n == 0 { 0.0 } else { in_market as f64 / n as f64 },
            bar_interval_ms: interval,
            periods_per_year: periods,
        })
    }

    pub fn to_json(&self) -> String {
        JsonObject::new()
            .num("initial_equity", self.initial_equity)
            .num("final_equity", self.final_equity)
            .num("total_return", self.total_return)
            .opt("cagr", self.cagr)
            .num("max_drawdown", self.max_drawdown)
            .opt("sharpe", self.sharpe)
            .opt("sortino", self.sortino)
            .int("trades", self.trades as i64)
            .opt("win_rate", self.win_rate)
            .opt("profit_factor", self.profit_factor)
            .num("exposure", self.exposure)
            .opt("bar_interval_ms", self.bar_interval_ms)
            .opt("periods_per_year", self.periods_per_year)
            .finish()
    }
}

fn ratios(returns: &[f64], periods_per_year: f64) -> (Option<f64>, Option<f64>) {
    let n = returns.len() as f64;
    let mean = returns.iter().sum::<f64>() / n;
    let variance = returns.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1.0);
    let downside = (returns.iter().map(|r| r.min(0.0) * r.min(0.0)).sum::<f64>() / n).sqrt();
    let scale = periods_per_year.sqrt();
    let sd = variance.sqrt();
    let sharpe = if sd > 0.0 { Some(mean / sd * scale) } else { None };
    let sortino = if downside > 0.0 { Some(mean / downside * scale) } else { None };
    (sharpe, sortino)
}

/// The median gap between consecutive bar times, in milliseconds (`None` for fewer
/// than two bars or no positive gap).
pub fn bar_interval_ms(bars: &[Bar]) -> Option<f64> {
    let mut gaps: Vec<i64> = bars.windows(2).map(|w| w[1].time - w[0].time).filter(|&g| g > 0).collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let median = if gaps.len() % 2 == 1 { gaps[mid] as f64 } else { (gaps[mid - 1] as f64 + gaps[mid] as f64) / 2.0 };
    Some(median)
}
