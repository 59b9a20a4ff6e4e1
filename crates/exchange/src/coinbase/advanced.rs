//! The Coinbase Advanced Trade API (`api.coinbase.com/api/v3/brokerage`).
//!
//! Market data uses the public `/market/...` endpoints, which need no key; account and
//! order calls carry a fresh CDP JWT each (see `jwt.rs`).

use super::{errors, jwt, parse_advanced as parse, product_id};
use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{checked_id, order_amounts};
use crate::symbol::Symbol;

/// The exchange id (ccxt's `coinbase`).
pub const ADVANCED_NAME: &str = "coinbase";
pub const ADVANCED_BASE_URL: &str = "https://api.coinbase.com";
/// The host every JWT `uri` claim names: Coinbase checks the claim against its own
/// host, so a token is for `api.coinbase.com` whichever URL carries it (a proxy, a fake).
const JWT_HOST: &str = "api.coinbase.com";
/// The documented maximum (and default) `limit` of the candles endpoint. Coinbase also
/// rejects a start–end range spanning 350 buckets or more, which the request's range
/// (first wanted bucket to `end`) never does.
pub const ADVANCED_MAX_CANDLES: usize = 350;
const PREFIX: &str = "/api/v3/brokerage";
const MAX_CLIENT_ID_LEN: usize = 64;
const MAX_ORDER_ID_LEN: usize = 64;
/// Ranges are clamped to 1970..=9999.
const LATEST_TIME_MS: i64 = 253_402_300_799_000;

/// The public candles endpoint lists ONE_MINUTE … ONE_DAY without FOUR_HOUR (only the
/// authenticated one lists it, and candle requests carry no credentials), and no week.
const INTERVALS: &[Interval] = &[Interval::M1, Interval::M5, Interval::M15, Interval::H1, Interval::D1];

/// Advanced Trade's `granularity` for a unified interval it serves.
pub fn granularity_name(interval: Interval) -> Option<&'static str> {
    match interval {
        Interval::M1 => Some("ONE_MINUTE"),
        Interval::M5 => Some("FIVE_MINUTE"),
        Interval::M15 => Some("FIFTEEN_MINUTE"),
        Interval::H1 => Some("ONE_HOUR"),
        Interval::D1 => Some("ONE_DAY"),
        Interval::H4 | Interval::W1 => None,
    }
}

/// A UUID-shaped id from the caller's random bytes (version 4 / variant 1 bits set),
/// for orders placed without a client id: Advanced Trade requires one.
fn uuid_from(random: &[u8; 16]) -> String {
    let mut bytes = *random;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The Coinbase Advanced Trade adapter.
///
/// ```
/// use sigil_exchange::coinbase::CoinbaseAdvanced;
/// use sigil_exchange::{Adapter, Interval, Symbol};
/// let coinbase = CoinbaseAdvanced::new();
/// let btc = Symbol::parse("BTC/USD").unwrap();
/// let request = coinbase.candles_request(&btc, Interval::H1, 24, Some(1_700_000_000_000)).unwrap();
/// assert_eq!(
///     request.url,
///     "https://api.coinbase.com/api/v3/brokerage/market/products/BTC-USD/candles?start=1699916400&end=1700000000&granularity=ONE_HOUR&limit=24"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct CoinbaseAdvanced {
    base_url: String,
}

impl Default for CoinbaseAdvanced {
    fn default() -> Self {
        CoinbaseAdvanced::new()
    }
}

impl CoinbaseAdvanced {
    pub fn new() -> CoinbaseAdvanced {
        CoinbaseAdvanced::with_base_url(ADVANCED_BASE_URL)
    }

    /// Sends every request to `url` instead (a forwarding proxy, tests, the fake
    /// exchange). Only the transport moves: JWTs still name `api.coinbase.com` and the
    /// unprefixed `/api/v3/brokerage/...` path in their `uri` claim, because the token is
    /// verified by Coinbase (or by whatever stands in for it), never by the relay.
    pub fn with_base_url(url: &str) -> CoinbaseAdvanced {
        CoinbaseAdvanced { base_url: url.trim_end_matches('/').to_string() }
    }

    fn public(&self, path_and_query: &str) -> Request {
        Request::get(format!("{}{PREFIX}{path_and_query}", self.base_url))
    }

    /// A request with a JWT for `path` (under the brokerage prefix); `query` is appended
    /// to the URL but, as Coinbase specifies, not to the token's `uri`.
    fn private(&self, auth: &Auth, method: Method, path: &str, query: &str, body: Option<String>) -> Result<Request, Error> {
        let full_path = format!("{PREFIX}{path}");
        let token = jwt::token(auth, method, JWT_HOST, &full_path)?;
        let mut headers = vec![("Authorization".to_string(), format!("Bearer {token}"))];
        if body.is_some() {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
        }
        Ok(Request { method, url: format!("{}{full_path}{query}", self.base_url), headers, body })
    }
}

impl Adapter for CoinbaseAdvanced {
    fn name(&self) -> &'static str {
        ADVANCED_NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        ADVANCED_MAX_CANDLES
    }

    /// Coinbase requires both `start` and `end`, and this crate has no clock, so `end_ms`
    /// is required here: callers pass the current time for the latest candles.
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        let granularity =
            granularity_name(interval).ok_or(Error::UnsupportedInterval { exchange: ADVANCED_NAME, interval, supported: INTERVALS })?;
        if !(1..=ADVANCED_MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: ADVANCED_MAX_CANDLES });
        }
        let end_ms = end_ms.ok_or_else(|| Error::Unsupported {
            exchange: ADVANCED_NAME,
            what: "candles without an end time; Coinbase Advanced Trade needs a start and an end, so pass the current time".into(),
        })?;
        let end_ms = end_ms.clamp(0, LATEST_TIME_MS);
        let first_ms = interval.bucket_start(end_ms).saturating_sub((limit as i64 - 1) * interval.duration_ms()).max(0);
        Ok(self.public(&format!(
            "/market/products/{}/candles?start={}&end={}&granularity={granularity}&limit={limit}",
            product_id(symbol),
            first_ms.div_euclid(1000),
            end_ms.div_euclid(1000)
        )))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        parse::candles(&errors::advanced_checked(ADVANCED_NAME, response, None)?, interval, now_ms)
    }

    /// The latest trade and the best bid and ask.
    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(self.public(&format!("/market/products/{}/ticker?limit=1", product_id(symbol))))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        parse::ticker(&errors::advanced_checked(ADVANCED_NAME, response, Some(symbol))?, symbol)
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(self.public("/market/products?product_type=SPOT"))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        parse::markets(&errors::advanced_checked(ADVANCED_NAME, response, None)?)
    }

    /// Up to 250 accounts (the page maximum); more need the `cursor`.
    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        self.private(auth, Method::Get, "/accounts", "?limit=250", None)
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        parse::balances(&errors::advanced_checked(ADVANCED_NAME, response, None)?)
    }

    fn open_orders_request(&self, auth: &Auth, symbol: Option<&Symbol>) -> Result<Request, Error> {
        let mut query = "?order_status=OPEN".to_string();
        if let Some(symbol) = symbol {
            query.push_str(&format!("&product_ids={}", product_id(symbol)));
        }
        self.private(auth, Method::Get, "/orders/historical/batch", &query, None)
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        parse::orders(&errors::advanced_checked(ADVANCED_NAME, response, None)?)
    }

    /// Limit orders are good-till-cancelled (`limit_limit_gtc`), market orders
    /// `market_market_ioc`, both sized in the base currency (`base_size`). Without a
    /// client id one is made from `auth.random`, since Coinbase requires it.
    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let amounts = order_amounts(ADVANCED_NAME, order)?;
        let side = match order.side {
            Side::Buy => "BUY",
            Side::Sell => "SELL",
        };
        let configuration = match amounts.price {
            Some(price) => {
                serde_json::json!({ "limit_limit_gtc": { "base_size": amounts.quantity, "limit_price": price, "post_only": false } })
            }
            None => serde_json::json!({ "market_market_ioc": { "base_size": amounts.quantity } }),
        };
        let client_id = match &order.client_id {
            Some(id) => checked_id(ADVANCED_NAME, "client order id", id, MAX_CLIENT_ID_LEN, &['-', '_'])?.to_string(),
            None => uuid_from(&auth.random),
        };
        let body = serde_json::json!({
            "client_order_id": client_id,
            "order_configuration": configuration,
            "product_id": product_id(&order.symbol),
            "side": side,
        });
        self.private(auth, Method::Post, "/orders", "", Some(body.to_string()))
    }

    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        let body = errors::advanced_checked(ADVANCED_NAME, response, Some(&order.symbol))?;
        let (id, client_id) = parse::placed_order_ids(&body)?;
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

    /// Through `batch_cancel` with one id (Advanced Trade has no single-order cancel).
    fn cancel_order_request(&self, auth: &Auth, _symbol: &Symbol, order_id: &str) -> Result<Request, Error> {
        let order_id = checked_id(ADVANCED_NAME, "order id", order_id, MAX_ORDER_ID_LEN, &['-'])?;
        let body = serde_json::json!({ "order_ids": [order_id] });
        self.private(auth, Method::Post, "/orders/batch_cancel", "", Some(body.to_string()))
    }

    /// Coinbase acknowledges a cancel with the order id only, so the result carries no
    /// [`Order`].
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        let id = parse::canceled_id(&errors::advanced_checked(ADVANCED_NAME, response, None)?, order_id)?;
        Ok(CanceledOrder { id, client_id: None, symbol: symbol.clone(), order: None })
    }
}

#[cfg(test)]
pub(crate) fn uuid_for_tests(random: &[u8; 16]) -> String {
    uuid_from(random)
}
