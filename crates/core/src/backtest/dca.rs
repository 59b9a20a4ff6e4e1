//! A dollar-cost-averaging bot: buy a fixed amount on a schedule, take profit on the
//! average cost.

use super::engine::check_bars;
use super::metrics::Metrics;
use super::report::{EquityPoint, ExitReason, Report, Trade};
use crate::bar::Bar;
use crate::error::Error;
use crate::risk::{check, FeeModel, Side};

/// DCA bot settings.
///
/// ```
/// use sigil_core::backtest::DcaConfig;
/// let weekly_on_hourly = DcaConfig { amount: 100.0, every_bars: 168, take_profit_pct: Some(10.0), ..DcaConfig::default() };
/// assert!(weekly_on_hourly.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DcaConfig {
    /// Quote currency spent per buy (the fee on top).
    pub amount: f64,
    /// A buy at the open of every bar whose index is a multiple of this.
    pub every_bars: usize,
    /// Sell the whole holding once price reaches average cost · (1 + pct/100).
    pub take_profit_pct: Option<f64>,
    /// Most buys in one cycle (from the first buy to the take-profit); `None`: no limit.
    pub max_buys: Option<usize>,
    pub initial_equity: f64,
    pub fee: FeeModel,
    pub periods_per_year: Option<f64>,
}

impl Default for DcaConfig {
    fn default() -> DcaConfig {
        DcaConfig {
            amount: 100.0,
            every_bars: 24,
            take_profit_pct: None,
            max_buys: None,
            initial_equity: 10_000.0,
            fee: FeeModel::None,
            periods_per_year: None,
        }
    }
}

impl DcaConfig {
    pub fn validate(&self) -> Result<(), Error> {
        check("dca", "amount", self.amount, self.amount > 0.0, "a positive amount")?;
        crate::indicators::check_period("dca", "every_bars", self.every_bars, 1, usize::MAX)?;
        if let Some(tp) = self.take_profit_pct {
            check("dca", "take_profit_pct", tp, tp > 0.0, "a positive percent")?;
        }
        if let Some(m) = self.max_buys {
            crate::indicators::check_period("dca", "max_buys", m, 1, usize::MAX)?;
        }
        check("dca", "initial_equity", self.initial_equity, self.initial_equity > 0.0, "a positive amount")?;
        self.fee.validate()
    }
}

/// Simulates a DCA bot over `bars`.
///
/// Rules, per bar i:
/// 1. If i is a multiple of `every_bars`, fewer than `max_buys` buys are in the current
///    cycle and cash covers `amount` plus its fee: buy `amount / open` units at the open.
///    The schedule is fixed in advance, so buying at the open sees nothing of the bar.
/// 2. With a take-profit, a resting sell at average cost · (1 + pct/100) (average cost =
///    quote spent / units, fees excluded) fills when the bar's high reaches it, at that
///    price or at the open if the bar opened above; everything is sold, the cycle is one
///    trade (entry price = average cost, entry bar = the cycle's first buy) and a new
///    cycle starts.
/// 3. Equity at the close = cash + units · close. A cycle still open after the last bar
///    is marked at the last close, not sold.
///
/// ```
/// use sigil_core::backtest::{dca_bot, DcaConfig};
/// use sigil_core::Bar;
/// let bars: Vec<Bar> = [100.0, 50.0].iter().enumerate().map(|(i, &p)| Bar { time: i as i64, ..Bar::from_price(p) }).collect();
/// let r = dca_bot(&bars, &DcaConfig { amount: 100.0, every_bars: 1, ..DcaConfig::default() }).unwrap();
/// // 1 unit at 100 + 2 units at 50, worth 150 at the end: 10 000 − 200 + 150
/// assert_eq!(r.metrics.final_equity, 9_950.0);
/// ```
pub fn dca_bot(bars: &[Bar], config: &DcaConfig) -> Result<Report, Error> {
    config.validate()?;
    check_bars(bars)?;
    let mut cash = config.initial_equity;
    let (mut units, mut spent, mut fees, mut buys) = (0.0, 0.0, 0.0, 0usize);
    let mut cycle_start: Option<(usize, i64)> = None;
    let mut trades = Vec::new();
    let mut equity = Vec::with_capacity(bars.len());
    let (mut in_market, mut skipped) = (0, 0);
    for (i, bar) in bars.iter().enumerate() {
        if i % config.every_bars == 0 && config.max_buys.is_none_or(|m| buys < m) {
            let quantity = config.amount / bar.open;
            let fee = config.fee.fee(quantity, bar.open);
            if config.amount + fee <= cash {
                cash -= config.amount + fee;
                units += quantity;
                spent += config.amount;
                fees += fee;
                buys += 1;
                cycle_start.get_or_insert((i, bar.time));
            } else {
                skipped += 1;
            }
        }
        if let (Some(tp), Some((start, start_time))) = (config.take_profit_pct, cycle_start) {
            let average = spent / units;
            let target = average * (1.0 + tp / 100.0);
            if bar.high >= target {
                let price = bar.open.max(target);
                let exit_fee = config.fee.fee(units, price);
                cash += units * price - exit_fee;
                let pnl = units * price - spent - fees - exit_fee;
                trades.push(Trade {
                    side: Side::Long,
                    entry_index: start,
                    entry_time: start_time,
                    entry_price: average,
                    exit_index: i,
                    exit_time: bar.time,
                    exit_price: price,
                    quantity: units,
                    fees: fees + exit_fee,
                    pnl,
                    return_pct: pnl / spent * 100.0,
                    r_multiple: None,
                    exit_reason: ExitReason::Target,
                });
                (units, spent, fees, buys) = (0.0, 0.0, 0.0, 0);
                cycle_start = None;
            }
        }
        if units > 0.0 {
            in_market += 1;
        }
        let position_value = units * bar.close;
        equity.push(EquityPoint { time: bar.time, equity: cash + position_value, cash, position_value });
    }
    let curve: Vec<f64> = equity.iter().map(|p| p.equity).collect();
    let metrics = Metrics::compute(bars, config.initial_equity, &curve, &trades, in_market, config.periods_per_year)?;
    Ok(Report { metrics, trades, equity, skipped_entries: skipped })
}
