//! Binance Spot: request builders and response parsers for the [`Adapter`]
//! operations, plus the WebSocket kline message parser ([`parse_kline_message`]).
//!
//! Public market data goes to `https://data-api.binance.vision` (Binance's
//! market-data-only mirror, whose traffic does not touch the account's API hosts) and
//! SIGNED calls to `https://api.binance.com`; [`Binance::with_base_url`] points both
//! at one host (tests, the fake exchange).
//!
//! SIGNED requests carry every parameter in the query string, in the order they are
//! signed, ending `…&recvWindow=5000&timestamp=<now_ms>&signature=<sig>`; the API key
//! goes in `X-MBX-APIKEY`, the body stays empty. The signing algorithm follows from
//! [`Credentials::secret`](crate::Credentials):
//! - an unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) holding an Ed25519 key →
//!   Ed25519, the signature base64 then percent-encoded;
//! - any other PEM (RSA, encrypted keys) → [`Error::AuthFailed`] before any request;
//! - anything else is an HMAC secret, as Binance issued it (surrounding whitespace
//!   ignored) → HMAC-SHA256, lowercase hex.
//!
//! Market ids are `BASEQUOTE` (`BTCUSDT`). Building a request only concatenates; a
//! response that names a market by id (open orders) is split using the markets given
//! to [`Binance::with_markets`], falling back to a list of common quote assets.

mod errors;
mod json;
mod parse;
mod sign;
mod ws;

#[cfg(test)]
mod tests;

pub use ws::{kline_stream_name, parse_kline_message, KlineUpdate, WS_BASE_URL};

use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Decimal, Market, Order, OrderRequest, OrderType, Side, Ticker};
use crate::symbol::Symbol;

use sign::{query_string, SigningKey};

/// The exchange id, as in queries and error messages.
pub const NAME: &str = "binance";
/// Host for SIGNED (account and trading) endpoints.
pub const API_BASE_URL: &str = "https://api.binance.com";
/// Binance's public-market-data-only host.
pub const MARKET_DATA_BASE_URL: &str = "https://data-api.binance.vision";
/// Binance's default `recvWindow`, and the most it accepts.
pub const DEFAULT_RECV_WINDOW_MS: u32 = 5_000;
pub const MAX_RECV_WINDOW_MS: u32 = 60_000;
/// `GET /api/v3/klines` returns at most this many candles.
pub const MAX_CANDLES: usize = 1_000;

/// Binance names every unified interval the same way, so all of them are served.
const INTERVALS: &[Interval] = Interval::ALL;

/// Quote assets tried, longest first, when a market id must be split without a
/// markets list. Longest first so `BTCFDUSD` is BTC/FDUSD, not BTCF/DUSD.
const COMMON_QUOTES: &[&str] = &[
    "FDUSD", "USDT", "USDC", "TUSD", "BUSD", "USDP", "EURI", "BIDR", "USD1", "DOGE", "DAI", "BTC", "ETH", "BNB", "EUR", "TRY", "BRL",
    "JPY", "MXN", "ARS", "PLN", "RON", "ZAR", "UAH", "IDR", "COP", "CZK", "GBP", "AUD", "XRP", "TRX", "SOL",
];

/// Longest client order id Binance accepts (`newClientOrderId`: `^[.A-Z:/a-z0-9_-]{1,36}$`).
const MAX_CLIENT_ID_LEN: usize = 36;

#[derive(Debug, Clone)]
pub struct Binance {
    api_base_url: String,
    market_data_base_url: String,
    recv_window_ms: u32,
    markets: Vec<Market>,
}

impl Default for Binance {
    fn default() -> Self {
        Binance::new()
    }
}

impl Binance {
    pub fn new() -> Binance {
        Binance {
            api_base_url: API_BASE_URL.to_string(),
            market_data_base_url: MARKET_DATA_BASE_URL.to_string(),
            recv_window_ms: DEFAULT_RECV_WINDOW_MS,
            markets: Vec::new(),
        }
    }

    /// Sends every request, public and signed, to `url` (e.g. `http://127.0.0.1:8080`).
    pub fn with_base_url(url: &str) -> Binance {
        let url = url.trim_end_matches('/').to_string();
        Binance { api_base_url: url.clone(), market_data_base_url: url, ..Binance::new() }
    }

    /// Sends public market-data requests to `url` instead (e.g. `https://api.binance.com`
    /// where the market-data mirror is unwanted).
    pub fn with_market_data_base_url(mut self, url: &str) -> Binance {
        self.market_data_base_url = url.trim_end_matches('/').to_string();
        self
    }

    /// How long after `timestamp` Binance still accepts a signed request, 1..=60000 ms.
    pub fn with_recv_window_ms(mut self, recv_window_ms: u32) -> Result<Binance, Error> {
        if !(1..=MAX_RECV_WINDOW_MS).contains(&recv_window_ms) {
            return Err(Error::Unsupported {
                exchange: NAME,
                what: format!("recvWindow {recv_window_ms} ms; expected 1..={MAX_RECV_WINDOW_MS}"),
            });
        }
        self.recv_window_ms = recv_window_ms;
        Ok(self)
    }

    /// The markets from [`Adapter::parse_markets`], used to split market ids in responses
    /// that carry no symbol of the request (open orders).
    pub fn with_markets(mut self, markets: Vec<Market>) -> Binance {
        self.markets = markets;
        self
    }

    pub fn recv_window_ms(&self) -> u32 {
        self.recv_window_ms
    }

    /// `BTC/USDT` → `BTCUSDT`: the listed id when markets are loaded, else concatenation.
    pub fn market_id(&self, symbol: &Symbol) -> String {
        match self.markets.iter().find(|m| &m.symbol == symbol) {
            Some(market) => market.id.clone(),
            None => format!("{}{}", symbol.base(), symbol.quote()),
        }
    }

    /// `BTCUSDT` → `BTC/USDT`, from the loaded markets or else by a common quote suffix.
    pub fn symbol_for_id(&self, id: &str) -> Option<Symbol> {
        if let Some(market) = self.markets.iter().find(|m| m.id == id) {
            return Some(market.symbol.clone());
        }
        COMMON_QUOTES.iter().find_map(|quote| {
            let base = id.strip_suffix(quote).filter(|base| !base.is_empty())?;
            Symbol::parse(&format!("{base}/{quote}")).ok()
        })
    }

    fn public_request(&self, path: &str, params: &[(&str, String)]) -> Request {
        let mut url = format!("{}{path}", self.market_data_base_url);
        if !params.is_empty() {
            url.push('?');
            url.push_str(&query_string(params));
        }
        Request::get(url)
    }

    /// A SIGNED request: `params` in order, then `recvWindow`, `timestamp` and the
    /// signature over exactly that query string.
    fn signed_request(&self, method: Method, path: &str, auth: &Auth, params: &[(&str, String)]) -> Result<Request, Error> {
        let key = SigningKey::from_credentials(auth.credentials)?;
        let api_key = auth.credentials.api_key.trim();
        // The key travels in a header: a CR/LF in it would inject headers.
        if api_key.is_empty() || !api_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::AuthFailed { exchange: NAME, message: "the API key is empty or contains invalid characters".into() });
        }
        let mut all: Vec<(&str, String)> = params.to_vec();
        all.push(("recvWindow", self.recv_window_ms.to_string()));
        all.push(("timestamp", auth.now_ms.to_string()));
        let payload = query_string(&all);
        let signature = key.sign(&payload);
        Ok(Request {
            method,
            url: format!("{}{path}?{payload}&signature={signature}", self.api_base_url),
            headers: vec![("X-MBX-APIKEY".to_string(), api_key.to_string())],
            body: None,
        })
    }
}

fn side_param(side: Side) -> &'static str {
    match side {
        Side::Buy => "BUY",
        Side::Sell => "SELL",
    }
}

/// A positive decimal as Binance wants it: plain digits, no exponent.
fn positive_decimal(value: Decimal, what: &str) -> Result<String, Error> {
    if value <= Decimal::ZERO {
        return Err(Error::Unsupported { exchange: NAME, what: format!("{what} {value}; it must be positive") });
    }
    Ok(value.normalize().to_string())
}

/// How a cancel names its order: Binance's numeric `orderId`, or else the client order
/// id given at placement. Shared by the request and the parser, so the echoed field
/// checked is the one the cancel sent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CancelBy<'a> {
    OrderId(&'a str),
    ClientId(&'a str),
}

impl<'a> CancelBy<'a> {
    fn of(order_id: &'a str) -> CancelBy<'a> {
        if !order_id.is_empty() && order_id.len() <= 20 && order_id.bytes().all(|b| b.is_ascii_digit()) {
            CancelBy::OrderId(order_id)
        } else {
            CancelBy::ClientId(order_id)
        }
    }
}

/// Client order ids go into a signed query string, so they are held to Binance's own
/// pattern rather than merely escaped: anything else would be rejected upstream anyway.
fn checked_client_id(id: &str) -> Result<String, Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '/' | '_' | '-');
    if id.is_empty() || id.len() > MAX_CLIENT_ID_LEN || !id.chars().all(allowed) {
        return Err(Error::Unsupported {
            exchange: NAME,
            what: format!("client order id {id:?}; expected 1 to {MAX_CLIENT_ID_LEN} characters from A-Z a-z 0-9 . : / _ -"),
        });
    }
    Ok(id.to_string())
}

impl Adapter for Binance {
    fn name(&self) -> &'static str {
        NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        MAX_CANDLES
    }

    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        if !(1..=MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: MAX_CANDLES });
        }
        let mut params =
            vec![("symbol", self.market_id(symbol)), ("interval", interval.as_str().to_string()), ("limit", limit.to_string())];
        // With only endTime, Binance returns the `limit` klines opening at or before it.
        if let Some(end_ms) = end_ms {
            params.push(("endTime", end_ms.to_string()));
        }
        Ok(self.public_request("/api/v3/klines", &params))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        errors::check(response, None)?;
        parse::candles(&response.body, interval, now_ms)
    }

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(self.public_request("/api/v3/ticker/24hr", &[("symbol", self.market_id(symbol))]))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        errors::check(response, Some(&symbol.to_string()))?;
        parse::ticker(&response.body, symbol, &self.market_id(symbol))
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(self.public_request("/api/v3/exchangeInfo", &[]))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        errors::check(response, None)?;
        parse::markets(&response.body)
    }

    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        self.signed_request(Method::Get, "/api/v3/account", auth, &[("omitZeroBalances", "true".into())])
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        errors::check(response, None)?;
        parse::balances(&response.body)
    }

    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error> {
        let params: Vec<(&str, String)> = symbol.map(|s| ("symbol", self.market_id(s))).into_iter().collect();
        self.signed_request(Method::Get, "/api/v3/openOrders", auth, &params)
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        errors::check(response, None)?;
        parse::open_orders(&response.body, |id| self.symbol_for_id(id))
    }

    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let mut params = vec![("symbol", self.market_id(&order.symbol)), ("side", side_param(order.side).to_string())];
        match order.kind {
            OrderType::Limit => {
                let Some(price) = order.price else {
                    return Err(Error::Unsupported { exchange: NAME, what: "a limit order without a price".into() });
                };
                params.push(("type", "LIMIT".into()));
                params.push(("timeInForce", "GTC".into()));
                params.push(("quantity", positive_decimal(order.quantity, "quantity")?));
                params.push(("price", positive_decimal(price, "price")?));
            }
            OrderType::Market => {
                params.push(("type", "MARKET".into()));
                params.push(("quantity", positive_decimal(order.quantity, "quantity")?));
            }
        }
        if let Some(client_id) = &order.client_id {
            params.push(("newClientOrderId", checked_client_id(client_id)?));
        }
        self.signed_request(Method::Post, "/api/v3/order", auth, &params)
    }

    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        errors::check(response, Some(&order.symbol.to_string()))?;
        parse::placed_order(&response.body, order, &self.market_id(&order.symbol))
    }

    /// `order_id` is Binance's numeric `orderId`; anything else is taken as the
    /// client order id given at placement (`origClientOrderId`).
    fn cancel_order_request(&self, auth: &Auth, symbol: &Symbol, order_id: &str) -> Result<Request, Error> {
        let mut params = vec![("symbol", self.market_id(symbol))];
        match CancelBy::of(order_id) {
            CancelBy::OrderId(id) => params.push(("orderId", id.to_string())),
            CancelBy::ClientId(id) => params.push(("origClientOrderId", checked_client_id(id)?)),
        }
        self.signed_request(Method::Delete, "/api/v3/order", auth, &params)
    }

    /// Binance answers a cancel with the whole canceled order, so the result carries
    /// it; the id the cancel named (`orderId` or `origClientOrderId`, as in
    /// [`Adapter::cancel_order_request`]) must be the one echoed.
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        errors::check(response, Some(&symbol.to_string()))?;
        let order = parse::canceled_order(&response.body, symbol, &self.market_id(symbol), CancelBy::of(order_id))?;
        Ok(CanceledOrder { id: order.id.clone(), client_id: order.client_id.clone(), symbol: symbol.clone(), order: Some(order) })
    }
}
