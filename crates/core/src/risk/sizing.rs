//! Position size from the amount at risk, and the take-profit from an R multiple.

use super::check;
use super::costs::FeeModel;
use crate::error::Error;
use crate::Decimal;

/// The direction of a position.
///
/// ```
/// use sigil_core::risk::Side;
/// assert_eq!(Side::Short.sign(), -1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Long,
    Short,
}

impl Side {
    /// +1 for long, -1 for short: profit per unit is `sign * (exit - entry)`.
    pub fn sign(self) -> f64 {
        match self {
            Side::Long => 1.0,
            Side::Short => -1.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Long => "long",
            Side::Short => "short",
        }
    }
}

/// Caps applied after the risk-based size.
///
/// ```
/// use sigil_core::risk::{FeeModel, SizingLimits};
/// let limits = SizingLimits { max_exposure: 0.5, fee: FeeModel::Percent(0.1) };
/// assert!(limits.validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizingLimits {
    /// The largest notional, as a multiple of equity (1.0 = all equity, no leverage;
    /// 0.5 = at most half). The fee of the entry fill is counted inside this cap.
    pub max_exposure: f64,
    /// The entry and exit fee, counted in the risk (a stop-out pays both fills).
    pub fee: FeeModel,
}

impl Default for SizingLimits {
    fn default() -> SizingLimits {
        SizingLimits { max_exposure: 1.0, fee: FeeModel::None }
    }
}

impl SizingLimits {
    /// Largest supported leverage.
    pub const MAX_EXPOSURE: f64 = 100.0;

    pub fn validate(&self) -> Result<(), Error> {
        let e = self.max_exposure;
        check("sizing", "max_exposure", e, e > 0.0 && e <= Self::MAX_EXPOSURE, "a multiple of equity in (0, 100]")?;
        self.fee.validate()
    }
}

/// Units to trade so that being stopped out at `stop` loses `risk_pct` percent of
/// `equity` (fees of both fills included), capped by `limits.max_exposure`.
///
/// `qty = equity · risk_pct/100 / (|entry − stop| + fee_rate · (entry + stop))`, then
/// lowered, if needed, until `qty · entry · (1 + fee_rate) + fixed_fee ≤ max_exposure · equity`.
/// Fixed fees are not part of the per-unit risk (they do not scale with size) but are
/// inside the exposure cap. Returns 0 when equity cannot pay even the fixed fee.
///
/// Errors name the parameter: non-positive equity or prices, `risk_pct` outside (0, 100],
/// a stop on the wrong side of the entry (at or above it for a long, at or below for a short).
///
/// ```
/// use sigil_core::risk::{position_size, Side, SizingLimits};
/// // risk 2 % of 1 000 = 20; short at 50, stop 52: 2 per unit -> 10 units (notional 500, under the cap)
/// assert_eq!(position_size(1_000.0, 2.0, 50.0, 52.0, Side::Short, SizingLimits::default()).unwrap(), 10.0);
/// // a stop 0.1 away would ask for 2 000 units (100 000 notional): capped at 1 000 / 50 = 20
/// assert_eq!(position_size(1_000.0, 2.0, 50.0, 50.1, Side::Short, SizingLimits::default()).unwrap(), 20.0);
/// assert!(position_size(1_000.0, 2.0, 50.0, 49.0, Side::Short, SizingLimits::default()).is_err());
/// ```
pub fn position_size(equity: f64, risk_pct: f64, entry: f64, stop: f64, side: Side, limits: SizingLimits) -> Result<f64, Error> {
    check("sizing", "equity", equity, equity > 0.0, "a positive amount")?;
    check("sizing", "risk_pct", risk_pct, risk_pct > 0.0 && risk_pct <= 100.0, "a percent in (0, 100]")?;
    check("sizing", "entry", entry, entry > 0.0, "a positive price")?;
    check("sizing", "stop", stop, stop > 0.0, "a positive price")?;
    limits.validate()?;
    let distance = side.sign() * (entry - stop);
    if distance <= 0.0 {
        return Err(Error::InvalidInput {
            context: "sizing",
            reason: format!(
                "stop {} must be {} the entry {} for a {} position",
                Decimal(stop),
                if side == Side::Long { "below" } else { "above" },
                Decimal(entry),
                side.name()
            ),
        });
    }
    let rate = limits.fee.rate();
    let per_unit_risk = distance + rate * (entry + stop);
    let by_risk = equity * risk_pct / 100.0 / per_unit_risk;
    Ok(by_risk.min(max_quantity(equity, entry, limits)))
}

/// The most units `limits` allow at `price` (0 when the fixed fee eats the budget).
pub(crate) fn max_quantity(equity: f64, price: f64, limits: SizingLimits) -> f64 {
    let budget = limits.max_exposure * equity - limits.fee.fixed();
    if budget <= 0.0 || price <= 0.0 {
        return 0.0;
    }
    budget / (price * (1.0 + limits.fee.rate()))
}

/// The take-profit `r_multiple` times the initial risk away from the entry, on the
/// profitable side: `entry + r · (entry − stop)` (for a short `entry − stop` is negative).
///
/// ```
/// use sigil_core::risk::take_profit_price;
/// assert_eq!(take_profit_price(100.0, 95.0, 2.0).unwrap(), 110.0); // long: 2R = 10 above
/// assert_eq!(take_profit_price(100.0, 104.0, 1.5).unwrap(), 94.0); // short: 1.5R = 6 below
/// ```
pub fn take_profit_price(entry: f64, stop: f64, r_multiple: f64) -> Result<f64, Error> {
    check("take_profit", "entry", entry, entry > 0.0, "a positive price")?;
    check("take_profit", "stop", stop, stop > 0.0 && stop != entry, "a positive price different from the entry")?;
    check("take_profit", "r_multiple", r_multiple, r_multiple > 0.0, "a positive multiple of the initial risk")?;
    Ok(entry + r_multiple * (entry - stop))
}
