//! Trading costs: exchange fees and slippage.

use super::check;
use super::sizing::Side;
use crate::error::Error;

/// The fee charged on one fill.
///
/// ```
/// use sigil_core::risk::FeeModel;
/// // 0.1 % of a 2 500 notional
/// assert_eq!(FeeModel::Percent(0.1).fee(25.0, 100.0), 2.5);
/// assert_eq!(FeeModel::Fixed(1.5).fee(25.0, 100.0), 1.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum FeeModel {
    #[default]
    None,
    /// Percent of the fill's notional (`0.1` = 0.1 %, a common taker fee).
    Percent(f64),
    /// A fixed amount in quote currency per fill.
    Fixed(f64),
}

impl FeeModel {
    /// The fee for filling `quantity` at `price` (never negative).
    pub fn fee(&self, quantity: f64, price: f64) -> f64 {
        match *self {
            FeeModel::None => 0.0,
            FeeModel::Percent(pct) => (quantity * price).abs() * pct / 100.0,
            FeeModel::Fixed(amount) => amount,
        }
    }

    /// Fraction of notional charged (0 for fixed fees), used when sizing to leave room for the fee.
    pub(crate) fn rate(&self) -> f64 {
        match *self {
            FeeModel::Percent(pct) => pct / 100.0,
            _ => 0.0,
        }
    }

    /// Fixed part of the fee (0 for percent fees).
    pub(crate) fn fixed(&self) -> f64 {
        match *self {
            FeeModel::Fixed(amount) => amount,
            _ => 0.0,
        }
    }

    pub fn validate(&self) -> Result<(), Error> {
        match *self {
            FeeModel::None => Ok(()),
            FeeModel::Percent(p) => check("fee", "percent", p, (0.0..100.0).contains(&p), "a percent in [0, 100)"),
            FeeModel::Fixed(a) => check("fee", "fixed", a, a >= 0.0, "a non-negative amount"),
        }
    }
}

/// How far a market or stop fill lands from the price that triggered it, always
/// against the trader (buys fill higher, sells lower). Limit fills get no slippage:
/// a limit order never fills worse than its price.
///
/// ```
/// use sigil_core::risk::{Side, Slippage};
/// assert_eq!(Slippage::Percent(1.0).apply(200.0, Side::Long, true), 202.0); // buying
/// assert_eq!(Slippage::Ticks { ticks: 2.0, tick_size: 0.5 }.apply(200.0, Side::Long, false), 199.0); // selling
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Slippage {
    #[default]
    None,
    /// Percent of the price (`0.05` = 0.05 %).
    Percent(f64),
    /// A whole number of ticks of `tick_size`.
    Ticks { ticks: f64, tick_size: f64 },
}

impl Slippage {
    /// The fill price after slippage, for a fill that opens (`opening`) or closes a
    /// position on `side`. Opening a long and closing a short are buys.
    pub fn apply(&self, price: f64, side: Side, opening: bool) -> f64 {
        let buying = (side == Side::Long) == opening;
        let offset = match *self {
            Slippage::None => 0.0,
            Slippage::Percent(pct) => price * pct / 100.0,
            Slippage::Ticks { ticks, tick_size } => ticks * tick_size,
        };
        if buying {
            price + offset
        } else {
            price - offset
        }
    }

    pub fn validate(&self) -> Result<(), Error> {
        match *self {
            Slippage::None => Ok(()),
            Slippage::Percent(p) => check("slippage", "percent", p, (0.0..100.0).contains(&p), "a percent in [0, 100)"),
            Slippage::Ticks { ticks, tick_size } => {
                check("slippage", "ticks", ticks, ticks >= 0.0, "a non-negative number of ticks")?;
                check("slippage", "tick_size", tick_size, tick_size > 0.0, "a positive tick size")
            }
        }
    }
}
