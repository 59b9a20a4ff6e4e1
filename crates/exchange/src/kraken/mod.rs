//! Kraken Spot: request builders and response parsers for the [`Adapter`] operations.
//!
//! Public data is `GET /0/public/*`; private calls are `POST /0/private/*` with a
//! form body that starts with the caller's strictly increasing `nonce` ([`Auth::nonce`])
//! and headers `API-Key` / `API-Sign` (see `sign.rs`).
//!
//! Currency codes: Kraken says `XBT` and `XDG` where ccxt says `BTC` and `DOGE`, and its
//! older assets carry an `X` (crypto) or `Z` (fiat) prefix in ids (`XXBT`, `ZUSD`,
//! `XXBTZUSD`). Requests use the short alternative pair name (`XBTUSD`), which Kraken
//! accepts for every pair; responses are mapped back to unified codes.
//!
//! Kraken's OHLC has no `limit` or end-time parameter: it returns up to the 720 most
//! recent rows (older history is not served at all), the last of which is the still
//! forming candle. Callers take the last `limit` candles at or before their end time
//! from [`Adapter::parse_candles`]'s result; `candles_request` only narrows the
//! response with `since` when an end time is given.

mod errors;
mod parse;
mod sign;

#[cfg(test)]
mod tests;

pub use parse::OhlcPage;

use crate::adapter::{Adapter, Auth};
use crate::error::Error;
use crate::http::{Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, CandleSeries, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{checked_id, order_amounts};
use crate::symbol::Symbol;

/// The exchange id, as in queries and error messages.
pub const NAME: &str = "kraken";
pub const BASE_URL: &str = "https://api.kraken.com";
/// OHLC returns at most this many rows, and nothing older.
pub const MAX_CANDLES: usize = 720;

/// 9999-12-31T23:59:59.999Z.
const LATEST_TIME_MS: i64 = 253_402_300_799_999;

/// Every unified interval is a Kraken interval, given in minutes.
const INTERVALS: &[Interval] = Interval::ALL;

/// Kraken asset ids (legacy X/Z-prefixed ones and Kraken's own spellings) whose ccxt
/// code differs. Anything not listed is the same on both sides (`DOT`, `USDT`).
const ASSET_CODES: &[(&str, &str)] = &[
    ("XXBT", "BTC"),
    ("XBT", "BTC"),
    ("XXDG", "DOGE"),
    ("XDG", "DOGE"),
    ("XETH", "ETH"),
    ("XETC", "ETC"),
    ("XLTC", "LTC"),
    ("XMLN", "MLN"),
    ("XREP", "REP"),
    ("XXLM", "XLM"),
    ("XXMR", "XMR"),
    ("XXRP", "XRP"),
    ("XZEC", "ZEC"),
    ("ZUSD", "USD"),
    ("ZEUR", "EUR"),
    ("ZGBP", "GBP"),
    ("ZCAD", "CAD"),
    ("ZJPY", "JPY"),
    ("ZAUD", "AUD"),
];

/// Quote codes as they end Kraken pair ids, longest first so `ETHPYUSD` is ETH/PYUSD,
/// not ETHPY/USD. Used only when no loaded market has the id.
const PAIR_QUOTES: &[&str] = &[
    "PYUSD", "USDT", "USDC", "ZUSD", "ZEUR", "ZGBP", "ZCAD", "ZJPY", "ZAUD", "XXBT", "XETH", "USD", "EUR", "GBP", "CAD", "JPY", "AUD",
    "CHF", "XBT", "ETH", "DAI",
];

/// A Kraken asset id as a unified code: `XXBT` → `BTC`, `ZUSD` → `USD`. Suffixed
/// variants keep their suffix (`XBT.M` → `BTC.M`, staking and earn balances).
pub fn unified_asset(kraken_id: &str) -> String {
    let (code, suffix) = match kraken_id.split_once('.') {
        Some((code, suffix)) => (code, Some(suffix)),
        None => (kraken_id, None),
    };
    let unified = ASSET_CODES.iter().find(|(id, _)| *id == code).map_or(code, |(_, unified)| unified);
    match suffix {
        Some(suffix) => format!("{unified}.{suffix}"),
        None => unified.to_string(),
    }
}

/// A unified code as Kraken spells it in pair names: `BTC` → `XBT`, `DOGE` → `XDG`.
pub fn kraken_asset(unified: &str) -> &str {
    match unified {
        "BTC" => "XBT",
        "DOGE" => "XDG",
        other => other,
    }
}

/// Kraken's candle interval in minutes.
pub fn interval_minutes(interval: Interval) -> u32 {
    match interval {
        Interval::M1 => 1,
        Interval::M5 => 5,
        Interval::M15 => 15,
        Interval::H1 => 60,
        Interval::H4 => 240,
        Interval::D1 => 1440,
        Interval::W1 => 10080,
    }
}

#[derive(Debug, Clone)]
pub struct Kraken {
    base_url: String,
    markets: Vec<Market>,
}

impl Default for Kraken {
    fn default() -> Self {
        Kraken::new()
    }
}

impl Kraken {
    pub fn new() -> Kraken {
        Kraken { base_url: BASE_URL.to_string(), markets: Vec::new() }
    }

    /// Sends every request to `url` instead (tests, the fake exchange).
    pub fn with_base_url(url: &str) -> Kraken {
        Kraken { base_url: url.trim_end_matches('/').to_string(), ..Kraken::new() }
    }

    /// The markets from [`Adapter::parse_markets`]: their ids are then used in requests,
    /// and to name the pairs of open orders.
    pub fn with_markets(mut self, markets: Vec<Market>) -> Kraken {
        self.markets = markets;
        self
    }

    /// The pair name sent in requests: the loaded market's id, else the alternative
    /// name Kraken accepts for every pair (`BTC/USD` → `XBTUSD`).
    pub fn pair_id(&self, symbol: &Symbol) -> String {
        match self.markets.iter().find(|m| &m.symbol == symbol) {
            Some(market) => market.id.clone(),
            None => format!("{}{}", kraken_asset(symbol.base()), kraken_asset(symbol.quote())),
        }
    }

    /// The unified symbol of a pair id in a response: a loaded market's id, a
    /// `wsname` (`XBT/USD`), a legacy id (`XXBTZUSD`) or an alternative name (`XBTUSD`).
    pub fn pair_symbol(&self, pair: &str) -> Option<Symbol> {
        if let Some(market) = self.markets.iter().find(|m| m.id == pair) {
            return Some(market.symbol.clone());
        }
        if let Some((base, quote)) = pair.split_once('/') {
            return crate::shared::symbol_of(&unified_asset(base), &unified_asset(quote));
        }
        PAIR_QUOTES
            .iter()
            .filter(|quote| pair.len() > quote.len() && pair.ends_with(*quote))
            .find_map(|quote| crate::shared::symbol_of(&unified_asset(&pair[..pair.len() - quote.len()]), &unified_asset(quote)))
    }

    fn public_url(&self, endpoint: &str, query: &str) -> String {
        format!("{}/0/public/{endpoint}?{query}", self.base_url)
    }

    /// Like [`Adapter::parse_candles`], also returning Kraken's `last` (the `since` for
    /// polling only newer committed rows).
    pub fn parse_ohlc(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<OhlcPage, Error> {
        let body = errors::checked_body(response, None)?;
        parse::ohlc(&body, interval, now_ms)
    }
}

/// Kraken's `cl_ord_id`: a UUID (with or without dashes) or up to 18 characters of
/// free text. Free text is limited here to characters that need no escaping.
fn client_order_id(id: &str) -> Result<&str, Error> {
    let is_uuid = |text: &str| {
        let groups: Vec<&str> = text.split('-').collect();
        let hex = |g: &str| g.chars().all(|c| c.is_ascii_hexdigit());
        (groups.len() == 1 && text.len() == 32 && hex(text))
            || (groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12] && groups.iter().all(|g| hex(g)))
    };
    if is_uuid(id) {
        return Ok(id);
    }
    checked_id(NAME, "client order id (a UUID or up to 18 characters)", id, 18, &['-', '_', '.'])
}

impl Adapter for Kraken {
    fn name(&self) -> &'static str {
        NAME
    }

    fn intervals(&self) -> &'static [Interval] {
        INTERVALS
    }

    fn max_candles(&self) -> usize {
        MAX_CANDLES
    }

    /// With `end_ms`, asks only for rows from the first wanted candle on: `since` is
    /// one second before it, so that candle is included whether Kraken reads `since`
    /// inclusively or not. Kraken still returns everything up to now, and nothing
    /// older than its 720 most recent rows.
    fn candles_request(&self, symbol: &Symbol, interval: Interval, limit: usize, end_ms: Option<i64>) -> Result<Request, Error> {
        if !(1..=MAX_CANDLES).contains(&limit) {
            return Err(Error::InvalidLimit { given: limit, max: MAX_CANDLES });
        }
        let mut query = format!("pair={}&interval={}", self.pair_id(symbol), interval_minutes(interval));
        if let Some(end_ms) = end_ms {
            // Times outside 1970..10000 are no candle's; clamping keeps the arithmetic in range.
            let end_ms = end_ms.clamp(0, LATEST_TIME_MS);
            let first_wanted_ms = interval.bucket_start(end_ms).saturating_sub((limit as i64 - 1) * interval.duration_ms());
            let since = first_wanted_ms.div_euclid(1000) - 1;
            if since > 0 {
                query.push_str(&format!("&since={since}"));
            }
        }
        Ok(Request::get(self.public_url("OHLC", &query)))
    }

    fn parse_candles(&self, response: &Response, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
        self.parse_ohlc(response, interval, now_ms).map(|page| page.series)
    }

    fn ticker_request(&self, symbol: &Symbol) -> Result<Request, Error> {
        Ok(Request::get(self.public_url("Ticker", &format!("pair={}", self.pair_id(symbol)))))
    }

    fn parse_ticker(&self, response: &Response, symbol: &Symbol) -> Result<Ticker, Error> {
        let body = errors::checked_body(response, Some(symbol))?;
        parse::ticker(self, &body, symbol)
    }

    fn markets_request(&self) -> Result<Request, Error> {
        Ok(Request::get(format!("{}/0/public/AssetPairs", self.base_url)))
    }

    fn parse_markets(&self, response: &Response) -> Result<Vec<Market>, Error> {
        parse::markets(&errors::checked_body(response, None)?)
    }

    /// `BalanceEx` rather than `Balance`: only it reports the amount held by open
    /// orders, which is what makes `free` and `locked` meaningful.
    fn balances_request(&self, auth: &Auth) -> Result<Request, Error> {
        sign::signed_post(&self.base_url, "/0/private/BalanceEx", auth, &[])
    }

    fn parse_balances(&self, response: &Response) -> Result<Vec<Balance>, Error> {
        parse::balances(&errors::checked_body(response, None)?)
    }

    /// Kraken's `OpenOrders` cannot filter by pair, so `symbol` is not sent: callers
    /// wanting one pair keep the orders whose `symbol` matches.
    fn open_orders_request(&self, auth: &Auth, _symbol: Option<&Symbol>) -> Result<Request, Error> {
        sign::signed_post(&self.base_url, "/0/private/OpenOrders", auth, &[])
    }

    fn parse_open_orders(&self, response: &Response) -> Result<Vec<Order>, Error> {
        parse::open_orders(self, &errors::checked_body(response, None)?)
    }

    /// Fields in the order of Kraken's own example (nonce, ordertype, pair, price,
    /// type, volume), then `cl_ord_id`.
    fn place_order_request(&self, auth: &Auth, order: &OrderRequest) -> Result<Request, Error> {
        let amounts = order_amounts(NAME, order)?;
        let order_type = match order.kind {
            OrderType::Limit => "limit",
            OrderType::Market => "market",
        };
        let mut params = vec![("ordertype", order_type.to_string()), ("pair", self.pair_id(&order.symbol))];
        if let Some(price) = amounts.price {
            params.push(("price", price));
        }
        params.push(("type", side_name(order.side).to_string()));
        params.push(("volume", amounts.quantity));
        if let Some(id) = &order.client_id {
            params.push(("cl_ord_id", client_order_id(id)?.to_string()));
        }
        sign::signed_post(&self.base_url, "/0/private/AddOrder", auth, &params)
    }

    fn parse_place_order(&self, response: &Response, order: &OrderRequest) -> Result<Order, Error> {
        let body = errors::checked_body(response, Some(&order.symbol))?;
        let id = parse::placed_order_id(&body)?;
        Ok(Order {
            id,
            client_id: order.client_id.clone(),
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

    /// `order_id` is the order's txid (`OUF4EM-FRGI2-MQMWZD`).
    fn cancel_order_request(&self, auth: &Auth, _symbol: &Symbol, order_id: &str) -> Result<Request, Error> {
        let txid = checked_id(NAME, "order id", order_id, 64, &['-'])?;
        sign::signed_post(&self.base_url, "/0/private/CancelOrder", auth, &[("txid", txid.to_string())])
    }

    /// Kraken answers a cancel with only `{"count":1}`: no id, side, type or size, so
    /// the result carries the requested `order_id` and no [`Order`]. A count of 0
    /// means nothing was canceled; it is reported as Kraken reports an unknown txid,
    /// `Rejected` with code `EOrder:Unknown order`.
    fn parse_cancel_order(&self, response: &Response, symbol: &Symbol, order_id: &str) -> Result<CanceledOrder, Error> {
        let body = errors::checked_body(response, Some(symbol))?;
        parse::cancel_count(&body)?;
        Ok(CanceledOrder { id: order_id.to_string(), client_id: None, symbol: symbol.clone(), order: None })
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Buy => "buy",
        Side::Sell => "sell",
    }
}
