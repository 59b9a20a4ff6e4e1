//! Bybit v5, spot category: request builders and response parsers for the
//! [`Adapter`] operations.
//!
//! Market ids are `BASEQUOTE` (`BTCUSDT`), always sent with `category=spot`. Private
//! calls carry the `X-BAPI-*` headers (see `sign.rs`); balances are read from the
//! unified trading account (`accountType=UNIFIED`), which is what Bybit opens today.

mod errors;
mod parse;
mod sign;

#[cfg(test)]
mod tests;

use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{checked_id, json_object, order_amounts, split_market_id};
use crate::symbol::Symbol;
use sign::Payload;

/// The exchange id, as in queries and error messages.
pub const NAME: &str = "bybit";
pub const BASE_URL: &str = "https://api.bybit.com";
/// `/v5/market/kline` returns at most this many rows.
pub const MAX_CANDLES: usize = 1000;
/// Bybit's default receive window for signed calls.
pub const RECV_WINDOW_MS: u32 = 5000;
/// `/v5/order/realtime` page size for spot (Bybit's maximum).
const OPEN_ORDERS_PAGE: u32 = 50;
/// `orderLinkId`: up to 36 letters, digits, `-` and `_`.
const MAX_CLIENT_ID_LEN: usize = 36;

const INTERVALS: &[Interval] = Interval::ALL;

/// Quote coins, longest first, to split market ids when no loaded market has them
/// (`BTCFDUSD` is BTC/FDUSD, not BTCF/DUSD).
const COMMON_QUOTES: &[&str] = &["FDUSD", "USDT", "USDC", "USDE", "BTC", "ETH", "EUR", "BRL", "DAI", "MNT", "TRY", "PLN"];

/// Bybit's `interval` for a unified one: minutes, or `D` / `W`.
pub fn interval_name(interval: Interval) -> &'static str {
    match interval {
        Interval::M1 => "1",
        Interval::M5 => "5",
        Interval::M15 => "15",
        Interval::H1 => "60",
        Interval::H4 => "240",
        Interval::D1 => "D",
        Interval::W1 => "W",
    }
}

/// `BTC/USDT` → `BTCUSDT`.
pub fn market_id(symbol: &Symbol) -> String {
    format!("{}{}", symbol.base(), symbol.quote())
}

#[derive(Debug, Clone)]
pub struct Bybit {
    base_url: String,
    markets: Vec<Market>,
}

impl Default for Bybit {
    fn default() -> Self {
        Bybit::new()
    }
}

impl Bybit {
    pub fn new() -> Bybit {
        Bybit { base_url: BASE_URL.to_string(), markets: Vec::new() }
    }

    /// Sends every request to `url` instead (tests, the fake exchange).
    pub fn with_base_url(url: &str) -> Bybit {
        Bybit { base_url: url.trim_end_matches('/').to_string(), ..Bybit::new() }
    }

    /// The markets from [`Adapter::parse_markets`], used to split the market ids of
    /// open orders exactly instead of by known quote coins.
    pub fn with_markets(mut self, markets: Vec<Market>) -> Bybit {
        self.markets = markets;
        self
    }

    /// `BTCUSDT` → `BTC/USDT`.
    pub fn market_symbol(&self, id: &str) -> Option<Symbol> {
        split_market_id(id, &self.markets, COMMON_QUOTES)
    }

    fn public(&self, path_and_query: String) -> Request {
        Request::get(format!("{}{path_and_query}", self.base_url))
    }

    fn signed_get(&self, auth: &Auth, path: &str, query: String) -> Request {
        sign::signed_request(&self.base_url, path, Payload::Query(query), auth, RECV_WINDOW_MS)
    }

    fn signed_post(&self, auth: &Auth, path: &str, fields: &[(&str, String)]) -> Request {
        sign::signed_request(&self.base_url, path, Payload::Json(json_object(fields)), auth, RECV_WINDOW_MS)
    }
}

impl Adapter for Bybit {
    fn name(&self) -> &'static str {
        NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        MAX_CANDLES
    }

    /// `end` is inclusive on the candle's start time.
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        if !(1..=MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: MAX_CANDLES });
        }
        let mut query = format!("/v5/market/kline?category=spot&symbol={}&interval={}", market_id(symbol), interval_name(interval));
        if let Some(end_ms) = end_ms {
            query.push_str(&format!("&end={end_ms}"));
        }
        query.push_str(&format!("&limit={limit}"));
        Ok(self.public(query))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        parse::candles(&errors::checked_body(response)?, interval, now_ms)
    }

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(self.public(format!("/v5/market/tickers?category=spot&symbol={}", market_id(symbol))))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        parse::ticker(&errors::checked_body_for(response, Some(symbol))?, symbol)
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(self.public("/v5/market/instruments-info?category=spot".to_string()))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        parse::markets(&errors::checked_body(response)?)
    }

    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        Ok(self.signed_get(auth, "/v5/account/wallet-balance", "accountType=UNIFIED".to_string()))
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        parse::balances(&errors::checked_body(response)?)
    }

    /// Up to 50 orders (Bybit's spot page size); further pages need `cursor`.
    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error> {
        let mut query = "category=spot".to_string();
        if let Some(symbol) = symbol {
            query.push_str(&format!("&symbol={}", market_id(symbol)));
        }
        query.push_str(&format!("&limit={OPEN_ORDERS_PAGE}"));
        Ok(self.signed_get(auth, "/v5/order/realtime", query))
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        parse::open_orders(self, &errors::checked_body(response)?)
    }

    /// Market orders set `marketUnit=baseCoin`: Bybit otherwise reads a spot market
    /// buy's `qty` in the quote coin, and Sigil's quantity is always base.
    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let amounts = order_amounts(NAME, order)?;
        let side = match order.side {
            Side::Buy => "Buy",
            Side::Sell => "Sell",
        };
        let order_type = match order.kind {
            OrderType::Limit => "Limit",
            OrderType::Market => "Market",
        };
        let mut fields = vec![
            ("category", "spot".to_string()),
            ("symbol", market_id(&order.symbol)),
            ("side", side.to_string()),
            ("orderType", order_type.to_string()),
            ("qty", amounts.quantity),
        ];
        if let Some(price) = amounts.price {
            fields.push(("price", price));
        }
        if order.kind == OrderType::Market {
            fields.push(("marketUnit", "baseCoin".to_string()));
        }
        if let Some(id) = &order.client_id {
            fields.push(("orderLinkId", checked_id(NAME, "client order id", id, MAX_CLIENT_ID_LEN, &['-', '_'])?.to_string()));
        }
        Ok(self.signed_post(auth, "/v5/order/create", &fields))
    }

    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        let (id, client_id) = parse::acknowledged(&errors::checked_body_for(response, Some(&order.symbol))?, None)?;
        Ok(Order {
            id,
            client_id: client_id.or_else(|| order.client_id.clone()),
            symbol: order.symbol.clone(),
            side: order.side,
            kind: order.kind,
            price: if order.kind == OrderType::Limit { order.price.map(|p| p.normalize()) } else { None },
            quantity: order.quantity,
            filled: Default::default(),
            status: OrderStatus::Open,
            time: None,
        })
    }

    fn cancel_order_request(&self, auth: &Auth, symbol: &Symbol, order_id: &str) -> Result<Request, Error> {
        let order_id = checked_id(NAME, "order id", order_id, 64, &['-'])?;
        Ok(self.signed_post(
            auth,
            "/v5/order/cancel",
            &[("category", "spot".to_string()), ("symbol", market_id(symbol)), ("orderId", order_id.to_string())],
        ))
    }

    /// Bybit acknowledges a cancel with the ids only (`orderId`, `orderLinkId`), so the
    /// result carries no [`Order`].
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        let (id, client_id) = parse::acknowledged(&errors::checked_body(response)?, Some(order_id))?;
        Ok(CanceledOrder { id, client_id, symbol: symbol.clone(), order: None })
    }
}
