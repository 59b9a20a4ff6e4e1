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

/// What an exchange confirmed about a cancel. Exchanges answer a cancel very
/// differently: Binance returns the whole canceled order, OKX, Bybit and both Coinbase
/// APIs only echo its id, Kraken only says how many orders it canceled. Rather than
/// make up the missing side, type and size, this carries what is known for certain and
/// the full [`Order`] only when the exchange reported it.
///
/// ```
/// use sigil_exchange::kraken::Kraken;
/// use sigil_exchange::{Adapter, Response, Symbol};
///
/// let symbol = Symbol::parse("BTC/USD").unwrap();
/// // Kraken's whole answer to a successful cancel.
/// let response = Response::new(200, r#"{"error":[],"result":{"count":1}}"#);
/// let canceled = Kraken::new().parse_cancel_order(&response, &symbol, "OUF4EM-FRGI2-MQMWZD").unwrap();
/// assert_eq!(canceled.id, "OUF4EM-FRGI2-MQMWZD");
/// assert_eq!(canceled.symbol, symbol);
/// assert!(canceled.order.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CanceledOrder {
    /// The exchange's id of the canceled order, as the exchange reported it; the id
    /// the caller asked to cancel when the exchange echoes none (Kraken).
    pub id: String,
    /// The order's client id, when the exchange reported one.
    pub client_id: Option<String>,
    pub symbol: Symbol,
    /// The canceled order with its final state (side, type, size, filled part), when
    /// the exchange's answer carries it (Binance); `None` otherwise, in which case the
    /// caller can look the order up if it needs more than the id.
    pub order: Option<Order>,
}
