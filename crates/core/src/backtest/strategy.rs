//! What a strategy is, apart from its conditions: direction, order type, sizing, costs.

use crate::error::Error;
use crate::risk::{check, FeeModel, Side, SizingLimits, Slippage, StopRule};
use crate::Decimal;

/// How the entry order is placed at the signal bar's close (it lives for the next bar only).
///
/// ```
/// use sigil_core::backtest::EntryOrder;
/// // a long buys at most 0.5 % under the signal bar's close
/// let order = EntryOrder::Limit { offset_pct: 0.5 };
/// # let _ = order;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum EntryOrder {
    /// Fills at the next bar's open, plus slippage.
    #[default]
    Market,
    /// A long buys at `close · (1 − offset/100)` or better, a short sells at
    /// `close · (1 + offset/100)` or better.
    Limit { offset_pct: f64 },
    /// A long buys once price reaches `close · (1 + offset/100)`, a short sells once it
    /// falls to `close · (1 − offset/100)` (breakout entries).
    Stop { offset_pct: f64 },
}

/// A strategy's settings other than its entry and exit conditions.
///
/// ```
/// use sigil_core::backtest::Strategy;
/// use sigil_core::risk::{FeeModel, StopRule};
/// let s = Strategy { risk_pct: Some(1.0), stop: Some(StopRule::Percent(2.0)), take_profit_r: Some(3.0),
///                    fee: FeeModel::Percent(0.1), ..Strategy::default() };
/// assert!(s.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strategy {
    pub side: Side,
    pub entry_order: EntryOrder,
    /// Starting cash, in quote currency.
    pub initial_equity: f64,
    /// Percent of equity lost if the stop is hit; needs `stop`. `None` sizes every
    /// entry at `max_exposure` (all equity by default).
    pub risk_pct: Option<f64>,
    pub stop: Option<StopRule>,
    /// Take-profit at this many times the initial risk (needs `stop`).
    pub take_profit_r: Option<f64>,
    /// Largest notional as a multiple of equity (1.0 = no leverage).
    pub max_exposure: f64,
    pub fee: FeeModel,
    pub slippage: Slippage,
    /// Bars per year for annualizing Sharpe and Sortino; `None` infers it from the bar
    /// times over a 365.25-day year (right for crypto, which trades every day; pass 252
    /// for daily stock bars).
    pub periods_per_year: Option<f64>,
}

impl Default for Strategy {
    fn default() -> Strategy {
        Strategy {
            side: Side::Long,
            entry_order: EntryOrder::Market,
            initial_equity: 10_000.0,
            risk_pct: None,
            stop: None,
            take_profit_r: None,
            max_exposure: 1.0,
            fee: FeeModel::None,
            slippage: Slippage::None,
            periods_per_year: None,
        }
    }
}

impl Strategy {
    pub fn validate(&self) -> Result<(), Error> {
        let e = self.initial_equity;
        check("strategy", "initial_equity", e, e > 0.0, "a positive amount")?;
        self.limits().validate()?;
        self.slippage.validate()?;
        match self.entry_order {
            EntryOrder::Market => {}
            EntryOrder::Limit { offset_pct: o } | EntryOrder::Stop { offset_pct: o } => {
                check("strategy", "offset_pct", o, (0.0..100.0).contains(&o), "a percent in [0, 100)")?
            }
        }
        if let Some(stop) = self.stop {
            stop.validate()?;
        }
        let needs_stop = |parameter: &'static str, value: f64| -> Result<(), Error> {
            if self.stop.is_none() {
                return Err(Error::InvalidParameter {
                    indicator: "strategy",
                    parameter,
                    value: Decimal(value).to_string(),
                    expected: "a stop rule as well (it is measured from the stop)".to_string(),
                });
            }
            Ok(())
        };
        if let Some(r) = self.risk_pct {
            check("strategy", "risk_pct", r, r > 0.0 && r <= 100.0, "a percent in (0, 100]")?;
            needs_stop("risk_pct", r)?;
        }
        if let Some(r) = self.take_profit_r {
            check("strategy", "take_profit_r", r, r > 0.0, "a positive multiple of the initial risk")?;
            needs_stop("take_profit_r", r)?;
        }
        if let Some(p) = self.periods_per_year {
            check("strategy", "periods_per_year", p, p > 0.0, "a positive number of bars per year")?;
        }
        Ok(())
    }

    pub(crate) fn limits(&self) -> SizingLimits {
        SizingLimits { max_exposure: self.max_exposure, fee: self.fee }
    }
}
