//! The interface every exchange adapter implements: each operation is a request
//! builder and a response parser, so the same adapter runs in the worker (which does
//! the fetch), natively in tests, and against the fake exchange.

use crate::candle::Candle;
use crate::error::Error;
use crate::http::{Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, Ticker};
use crate::secret::Credentials;
use crate::symbol::Symbol;

/// What signing a private call needs besides the credentials; the caller supplies it
/// so this crate stays free of clocks and randomness.
#[derive(Debug, Clone, Copy)]
pub struct Auth<'a> {
    pub credentials: &'a Credentials,
    /// Current time, Unix ms (timestamps and JWT lifetimes).
    pub now_ms: i64,
    /// Strictly increasing per API key (Kraken); the caller persists it.
    pub nonce: u64,
    /// Fresh random bytes per request (JWT `nonce` header).
    pub random: [u8; 16],
}

pub trait Adapter {
    /// Lowercase exchange id, as in queries (`binance`).
    fn name(&self) -> &'static str;
    /// The unified intervals this exchange serves.
    fn intervals(&self) -> &'static [Interval];
    /// Most candles one request returns.
    fn max_candles(&self) -> usize;

    /// The most recent `limit` candles ending at or before `end_ms` (now when None).
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error>;
    /// Ascending candles; `now_ms` decides whether the last one is still forming.
    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error>;

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error>;
    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error>;

    fn markets_request(&self) -> Result<Request, Error>;
    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error>;

    fn balances_request(&self, auth: &Auth) -> Result<Request, Error>;
    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error>;

    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error>;
    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error>;

    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error>;
    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error>;

    fn cancel_order_request(&self, auth: &Auth, symbol: &Symbol, order_id: &str) -> Result<Request, Error>;
    /// `order_id` is the id given to [`Adapter::cancel_order_request`]. It is needed
    /// because not every exchange echoes it (Kraken answers `{"count":1}`); where one
    /// does, an echoed id other than `order_id` is a `MalformedResponse` naming the
    /// field, since the answer is then not about this cancel.
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error>;
}

/// Whether the candle opened at `open_ms` is still forming at `now_ms`.
pub fn is_forming(candle: &Candle, interval: Interval, now_ms: i64) -> bool {
    candle.time.saturating_add(interval.duration_ms()) > now_ms
}
