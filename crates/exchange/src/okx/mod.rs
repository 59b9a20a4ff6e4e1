//! OKX v5 spot: request builders and response parsers for the [`Adapter`]
//! operations, plus the WebSocket candle push parser ([`parse_candle_push`]).
//!
//! Instrument ids are `BASE-QUOTE` (`BTC-USDT`). Private calls carry the
//! `OK-ACCESS-*` headers (see `sign.rs`) and need the key's passphrase
//! ([`Credentials::passphrase`](crate::Credentials)); orders are spot (`tdMode=cash`).
//!
//! Daily and weekly candles use OKX's UTC-aligned bars (`1Dutc`, `1Wutc`): the plain
//! `1D`/`1W` bars start at 00:00 Hong Kong time (UTC+8) and would not line up with
//! every other exchange's candles or with [`Interval::bucket_start`]. Minute and hour
//! bars up to 4H are UTC-aligned already.

mod errors;
mod parse;
mod sign;
mod ws;

#[cfg(test)]
mod tests;

pub use ws::{candle_channel, candle_subscribe_message, parse_candle_push, WS_BUSINESS_URL};

use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{checked_id, json_object, order_amounts, symbol_of};
use crate::symbol::Symbol;

/// The exchange id, as in queries and error messages.
pub const NAME: &str = "okx";
pub const BASE_URL: &str = "https://www.okx.com";
/// `/api/v5/market/candles` returns at most this many rows per request (and serves
/// only the latest 1,440; older ones are on `history-candles`).
pub const MAX_CANDLES: usize = 300;
/// OKX's `clOrdId`: up to 32 letters and digits.
const MAX_CLIENT_ID_LEN: usize = 32;

const INTERVALS: &[Interval] = Interval::ALL;

/// OKX's `bar` for a unified interval.
pub fn bar_name(interval: Interval) -> &'static str {
    match interval {
        Interval::M1 => "1m",
        Interval::M5 => "5m",
        Interval::M15 => "15m",
        Interval::H1 => "1H",
        Interval::H4 => "4H",
        Interval::D1 => "1Dutc",
        Interval::W1 => "1Wutc",
    }
}

/// The unified interval of an OKX `bar`, for the bars Sigil requests.
pub fn bar_interval(bar: &str) -> Option<Interval> {
    Interval::ALL.iter().copied().find(|i| bar_name(*i) == bar)
}

/// `BTC/USDT` → `BTC-USDT`.
pub fn inst_id(symbol: &Symbol) -> String {
    format!("{}-{}", symbol.base(), symbol.quote())
}

/// `BTC-USDT` → `BTC/USDT`; `None` for ids with more parts (swaps, futures, options).
pub fn inst_symbol(inst_id: &str) -> Option<Symbol> {
    let (base, quote) = inst_id.split_once('-')?;
    symbol_of(base, quote)
}

#[derive(Debug, Clone)]
pub struct Okx {
    base_url: String,
}

impl Default for Okx {
    fn default() -> Self {
        Okx::new()
    }
}

impl Okx {
    pub fn new() -> Okx {
        Okx { base_url: BASE_URL.to_string() }
    }

    /// Sends every request to `url` instead (tests, the fake exchange).
    pub fn with_base_url(url: &str) -> Okx {
        Okx { base_url: url.trim_end_matches('/').to_string() }
    }

    fn public(&self, path_and_query: String) -> Request {
        Request::get(format!("{}{path_and_query}", self.base_url))
    }

    fn post(&self, auth: &Auth, path: &str, fields: &[(&str, String)]) -> Result<Request, Error> {
        sign::signed_request(&self.base_url, Method::Post, path, Some(json_object(fields)), auth)
    }

    /// The order id and client id of a successful order or cancel call; a cancel
    /// passes the id it asked for (`requested`), which the echoed `ordId` must be.
    fn acknowledged_order_id(
        &self,
        response: &Response,
        symbol: &Symbol,
        requested: Option<&str>,
    ) -> Result<(String, Option<String>), Error> {
        let body = errors::checked_body(response, Some(symbol))?;
        let item = parse::first_item(&body)?;
        errors::item_error(&item, response, Some(symbol))?;
        let id = item.get("ordId")?;
        let id = match requested {
            Some(requested) => id.echoed_id(requested)?,
            None => id.str()?,
        }
        .to_string();
        let client_id = item.get_opt("clOrdId")?.map(|c| c.non_empty_str()).transpose()?.flatten().map(str::to_string);
        Ok((id, client_id))
    }
}

impl Adapter for Okx {
    fn name(&self) -> &'static str {
        NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        MAX_CANDLES
    }

    /// `after` is exclusive ("records earlier than ts"), so it is one ms past `end_ms`.
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        if !(1..=MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: MAX_CANDLES });
        }
        let mut query = format!("/api/v5/market/candles?instId={}&bar={}", inst_id(symbol), bar_name(interval));
        if let Some(end_ms) = end_ms {
            query.push_str(&format!("&after={}", end_ms.saturating_add(1)));
        }
        query.push_str(&format!("&limit={limit}"));
        Ok(self.public(query))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        parse::candles(&errors::checked_body(response, None)?, interval, now_ms)
    }

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(self.public(format!("/api/v5/market/ticker?instId={}", inst_id(symbol))))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        parse::ticker(&errors::checked_body(response, Some(symbol))?, symbol)
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(self.public("/api/v5/public/instruments?instType=SPOT".to_string()))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        parse::markets(&errors::checked_body(response, None)?)
    }

    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        sign::signed_request(&self.base_url, Method::Get, "/api/v5/account/balance", None, auth)
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        parse::balances(&errors::checked_body(response, None)?)
    }

    /// Returns up to 100 orders (OKX's page size); older pages need `after=<ordId>`.
    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error> {
        let mut path = "/api/v5/trade/orders-pending?instType=SPOT".to_string();
        if let Some(symbol) = symbol {
            path.push_str(&format!("&instId={}", inst_id(symbol)));
        }
        sign::signed_request(&self.base_url, Method::Get, &path, None, auth)
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        parse::open_orders(&errors::checked_body(response, None)?)
    }

    /// Market orders set `tgtCcy=base_ccy`: OKX otherwise reads a market buy's `sz`
    /// as an amount of the quote currency, and Sigil's quantity is always base.
    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let amounts = order_amounts(NAME, order)?;
        let side = match order.side {
            Side::Buy => "buy",
            Side::Sell => "sell",
        };
        let order_type = match order.kind {
            OrderType::Limit => "limit",
            OrderType::Market => "market",
        };
        let mut fields = vec![
            ("instId", inst_id(&order.symbol)),
            ("tdMode", "cash".to_string()),
            ("side", side.to_string()),
            ("ordType", order_type.to_string()),
            ("sz", amounts.quantity),
        ];
        if let Some(price) = amounts.price {
            fields.push(("px", price));
        }
        if order.kind == OrderType::Market {
            fields.push(("tgtCcy", "base_ccy".to_string()));
        }
        if let Some(id) = &order.client_id {
            fields.push(("clOrdId", checked_id(NAME, "client order id", id, MAX_CLIENT_ID_LEN, &[])?.to_string()));
        }
        self.post(auth, "/api/v5/trade/order", &fields)
    }

    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        let (id, client_id) = self.acknowledged_order_id(response, &order.symbol, None)?;
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
        let order_id = checked_id(NAME, "order id", order_id, 64, &[])?;
        self.post(auth, "/api/v5/trade/cancel-order", &[("instId", inst_id(symbol)), ("ordId", order_id.to_string())])
    }

    /// OKX acknowledges a cancel with the ids only (`ordId`, `clOrdId`), so the result
    /// carries no [`Order`].
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        let (id, client_id) = self.acknowledged_order_id(response, symbol, Some(order_id))?;
        Ok(CanceledOrder { id, client_id, symbol: symbol.clone(), order: None })
    }
}
