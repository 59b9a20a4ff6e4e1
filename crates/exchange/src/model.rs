//! The unified shapes adapters parse into, as ccxt users expect them: symbols
//! `BASE/QUOTE`, times in Unix ms, exact decimals for money and quantities.

pub use rust_decimal::Decimal;

use crate::candle::Candle;
use crate::symbol::Symbol;

/// Candles of one request, ascending. `last_forming` says the last candle's period has
/// not ended yet (its values still change), so charts can draw it as live and
/// indicators can `peek` it instead of `update`.
#[derive(Debug, Clone, PartialEq)]
pub struct CandleSeries {
    pub candles: Vec<Candle>,
    pub last_forming: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ticker {
    pub symbol: Symbol,
    /// Exchange time of the snapshot, Unix ms (None when the exchange gives none).
    pub time: Option<i64>,
    pub last: f64,
    pub bid: Option<f64>,
    pub ask: Option<f64>,
    pub high_24h: Option<f64>,
    pub low_24h: Option<f64>,
    /// 24 h volume in the base currency.
    pub volume_24h: Option<f64>,
}

/// A tradable pair as listed by the exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    pub symbol: Symbol,
    /// The exchange's own id (`BTCUSDT`, `BTC-USD`, `XXBTZUSD`).
    pub id: String,
    pub active: bool,
    /// Smallest price step and quantity step, when listed.
    pub price_step: Option<Decimal>,
    pub quantity_step: Option<Decimal>,
    pub min_quantity: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// Unified asset code (`BTC`, not `XBT`/`XXBT`).
    pub asset: String,
    pub free: Decimal,
    pub locked: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Buy,
    Sell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    Limit,
    Market,
}

/// A spot order to place. `price` is required for limit orders and ignored otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRequest {
    pub symbol: Symbol,
    pub side: Side,
    pub kind: OrderType,
    /// In the base currency.
    pub quantity: Decimal,
    pub price: Option<Decimal>,
    /// Idempotency key passed to the exchange where it supports one.
    pub client_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Open,
    PartiallyFilled,
    Filled,
    Canceled,
    Rejected,
    Expired,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    pub client_id: Option<String>,
    pub symbol: Symbol,
    pub side: Side,
    pub kind: OrderType,
    pub price: Option<Decimal>,
    pub quantity: Decimal,
    pub filled: Decimal,
    pub status: OrderStatus,
    /// Creation time, Unix ms, when given.
    pub time: Option<i64>,
}
