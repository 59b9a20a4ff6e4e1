//! The Coinbase Exchange API (`api.exchange.coinbase.com`).

use super::{errors, parse_exchange as parse, product_id, sign, time};
use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, OrderType, Side, Ticker};
use crate::shared::{checked_id, json_object, order_amounts};
use crate::symbol::Symbol;

/// The exchange id (ccxt's `coinbaseexchange`).
pub const EXCHANGE_NAME: &str = "coinbaseexchange";
pub const EXCHANGE_BASE_URL: &str = "https://api.exchange.coinbase.com";
/// Most candles one request may cover; a longer range is rejected by Coinbase.
pub const EXCHANGE_MAX_CANDLES: usize = 300;
/// Order ids are UUIDs; the bound leaves room for other formats without allowing junk.
const MAX_ORDER_ID_LEN: usize = 64;
/// Ranges are clamped to 1970..=9999 so the ISO timestamps stay four-digit years.
const LATEST_TIME_MS: i64 = 253_402_300_799_000;

/// Granularities 60, 300, 900, 3600, 21600 and 86400 s exist; 6 h has no unified
/// interval, and there are no 4 h or weekly candles.
const INTERVALS: &[Interval] = &[Interval::M1, Interval::M5, Interval::M15, Interval::H1, Interval::D1];

/// Coinbase Exchange's `granularity` (seconds) for a unified interval it serves.
pub fn granularity_seconds(interval: Interval) -> Option<u32> {
    match interval {
        Interval::M1 => Some(60),
        Interval::M5 => Some(300),
        Interval::M15 => Some(900),
        Interval::H1 => Some(3600),
        Interval::D1 => Some(86_400),
        Interval::H4 | Interval::W1 => None,
    }
}

/// `client_oid` must be a lowercase UUID (8-4-4-4-12 hex); Coinbase accepts other
/// strings over REST but then silently ignores them.
fn checked_client_oid(id: &str) -> Result<&str, Error> {
    let groups: Vec<&str> = id.split('-').collect();
    let shaped = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    if shaped {
        Ok(id)
    } else {
        Err(Error::Unsupported {
            exchange: EXCHANGE_NAME,
            what: format!("client order id {id:?}; Coinbase Exchange needs a lowercase UUID such as 1985ca2d-61ef-49f1-bfce-6c39d8462914"),
        })
    }
}

/// The Coinbase Exchange adapter.
///
/// ```
/// use sigil_exchange::coinbase::CoinbaseExchange;
/// use sigil_exchange::{Adapter, Interval, Symbol};
/// let coinbase = CoinbaseExchange::new();
/// let btc = Symbol::parse("BTC/USD").unwrap();
/// let request = coinbase.candles_request(&btc, Interval::M1, 2, Some(1_571_304_600_000)).unwrap();
/// assert_eq!(
///     request.url,
///     "https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=60&start=2019-10-17T09:29:00Z&end=2019-10-17T09:30:00Z"
/// );
/// assert!(coinbase.candles_request(&btc, Interval::H4, 2, None).is_err());
/// ```
#[derive(Debug, Clone)]
pub struct CoinbaseExchange {
    base_url: String,
}

impl Default for CoinbaseExchange {
    fn default() -> Self {
        CoinbaseExchange::new()
    }
}

impl CoinbaseExchange {
    pub fn new() -> CoinbaseExchange {
        CoinbaseExchange { base_url: EXCHANGE_BASE_URL.to_string() }
    }

    /// Sends every request to `url` instead (the sandbox, tests, the fake exchange).
    pub fn with_base_url(url: &str) -> CoinbaseExchange {
        CoinbaseExchange { base_url: url.trim_end_matches('/').to_string() }
    }

    fn public(&self, path_and_query: &str) -> Request {
        Request::get(format!("{}{path_and_query}", self.base_url))
    }
}

impl Adapter for CoinbaseExchange {
    fn name(&self) -> &'static str {
        EXCHANGE_NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        EXCHANGE_MAX_CANDLES
    }

    /// Without `end_ms` no range is sent and Coinbase returns its latest (up to 300)
    /// candles; callers keep the last `limit`. With it, the range runs from the first
    /// wanted bucket to `end_ms` (Coinbase needs both ends or ignores both), so at most
    /// `limit` candles fall inside; some may precede `start`, as Coinbase documents.
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        let granularity =
            granularity_seconds(interval).ok_or(Error::UnsupportedInterval { exchange: EXCHANGE_NAME, interval, supported: INTERVALS })?;
        if !(1..=EXCHANGE_MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: EXCHANGE_MAX_CANDLES });
        }
        let mut query = format!("/products/{}/candles?granularity={granularity}", product_id(symbol));
        if let Some(end_ms) = end_ms {
            let end_ms = end_ms.clamp(0, LATEST_TIME_MS);
            let first_ms = interval.bucket_start(end_ms).saturating_sub((limit as i64 - 1) * interval.duration_ms()).max(0);
            query.push_str(&format!("&start={}&end={}", time::iso_seconds(first_ms), time::iso_seconds(end_ms)));
        }
        Ok(self.public(&query))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        parse::candles(&errors::exchange_checked(EXCHANGE_NAME, response, None)?, interval, now_ms)
    }

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(self.public(&format!("/products/{}/ticker", product_id(symbol))))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        parse::ticker(&errors::exchange_checked(EXCHANGE_NAME, response, Some(symbol))?, symbol)
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(self.public("/products"))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        parse::markets(&errors::exchange_checked(EXCHANGE_NAME, response, None)?)
    }

    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        sign::signed_request(&self.base_url, Method::Get, "/accounts", None, auth)
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        parse::balances(&errors::exchange_checked(EXCHANGE_NAME, response, None)?)
    }

    /// Coinbase's default status filter (open, pending, active) and page size (100);
    /// older pages need the `after` cursor from the `CB-AFTER` header.
    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error> {
        let path = match symbol {
            Some(symbol) => format!("/orders?product_id={}", product_id(symbol)),
            None => "/orders".to_string(),
        };
        sign::signed_request(&self.base_url, Method::Get, &path, None, auth)
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        parse::orders(&errors::exchange_checked(EXCHANGE_NAME, response, None)?)
    }

    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let amounts = order_amounts(EXCHANGE_NAME, order)?;
        let side = match order.side {
            Side::Buy => "buy",
            Side::Sell => "sell",
        };
        let order_type = match order.kind {
            OrderType::Limit => "limit",
            OrderType::Market => "market",
        };
        let mut fields = vec![
            ("product_id", product_id(&order.symbol)),
            ("side", side.to_string()),
            ("type", order_type.to_string()),
            ("size", amounts.quantity),
        ];
        if let Some(price) = amounts.price {
            fields.push(("price", price));
        }
        if let Some(id) = &order.client_id {
            fields.push(("client_oid", checked_client_oid(id)?.to_string()));
        }
        sign::signed_request(&self.base_url, Method::Post, "/orders", Some(json_object(&fields)), auth)
    }

    /// Coinbase answers with the new order itself (status `pending`).
    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        let mut placed = parse::placed_order(&errors::exchange_checked(EXCHANGE_NAME, response, Some(&order.symbol))?)?;
        if placed.client_id.is_none() {
            placed.client_id = order.client_id.clone();
        }
        Ok(placed)
    }

    fn cancel_order_request(&self, auth: &Auth, symbol: &Symbol, order_id: &str) -> Result<Request, Error> {
        let order_id = checked_id(EXCHANGE_NAME, "order id", order_id, MAX_ORDER_ID_LEN, &['-'])?;
        let path = format!("/orders/{order_id}?product_id={}", product_id(symbol));
        sign::signed_request(&self.base_url, Method::Delete, &path, None, auth)
    }

    /// Coinbase acknowledges a cancel with the order id only, so the result carries no
    /// [`Order`].
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        let id = parse::canceled_id(&errors::exchange_checked(EXCHANGE_NAME, response, None)?, order_id)?;
        Ok(CanceledOrder { id, client_id: None, symbol: symbol.clone(), order: None })
    }
}
