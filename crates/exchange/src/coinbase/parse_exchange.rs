//! Readers for Coinbase Exchange responses. Every shape error names the JSON path.

use serde_json::Value;

use super::exchange::EXCHANGE_NAME as NAME;
use super::{ascending, product_symbol, seconds_field_ms, time_field_ms};
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderStatus, OrderType, Side, Ticker};
use crate::shared::Json;
use crate::symbol::Symbol;

fn optional_decimal(node: &Json, name: &str) -> Result<Option<Decimal>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.decimal_or_empty()).transpose()?.flatten())
}

/// Rows `[time_s, low, high, open, close, volume]` (note the L-H-O-C order), numbers.
pub(crate) fn candles(body: &Value, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
    let mut rows = Vec::new();
    for row in Json::root(NAME, body).items()? {
        let candle = Candle {
            time: seconds_field_ms(&row.at(0)?)?,
            low: row.at(1)?.f64()?,
            high: row.at(2)?.f64()?,
            open: row.at(3)?.f64()?,
            close: row.at(4)?.f64()?,
            volume: row.at(5)?.f64()?,
        };
        rows.push((candle, row));
    }
    let candles = ascending(rows)?;
    let last_forming = candles.last().is_some_and(|last| is_forming(last, interval, now_ms));
    Ok(CandleSeries { candles, last_forming })
}

/// `/products/{id}/ticker`: `{trade_id, price, size, time, bid, ask, volume}`; volume is
/// the 24 h volume in the base currency. The 24 h high and low are on `/stats`.
pub(crate) fn ticker(body: &Value, symbol: &Symbol) -> Result<Ticker, Error> {
    let ticker = Json::root(NAME, body);
    let optional =
        |name: &str| -> Result<Option<f64>, Error> { ticker.get_opt(name)?.map(|v| v.f64_or_empty()).transpose().map(Option::flatten) };
    Ok(Ticker {
        symbol: symbol.clone(),
        time: ticker.get_opt("time")?.map(|t| time_field_ms(&t)).transpose()?,
        last: ticker.get("price")?.f64()?,
        bid: optional("bid")?,
        ask: optional("ask")?,
        high_24h: None,
        low_24h: None,
        volume_24h: optional("volume")?,
    })
}

/// `/products`. The symbol comes from the id, not `base_currency`: auction books such as
/// `BTCAUCTION-USD` report `base_currency` BTC and would collide with BTC-USD. Ids that
/// are not unified symbols are skipped. Active = `status` online and trading enabled.
pub(crate) fn markets(body: &Value) -> Result<Vec<Market>, Error> {
    let mut markets = Vec::new();
    for product in Json::root(NAME, body).items()? {
        let id = product.get("id")?.str()?;
        let Some(symbol) = product_symbol(id) else { continue };
        let trading_disabled = match product.get_opt("trading_disabled")? {
            Some(flag) => flag.value().as_bool().ok_or_else(|| flag.malformed("expected a boolean"))?,
            None => false,
        };
        markets.push(Market {
            symbol,
            id: id.to_string(),
            active: product.get("status")?.str()? == "online" && !trading_disabled,
            price_step: optional_decimal(&product, "quote_increment")?,
            quantity_step: optional_decimal(&product, "base_increment")?,
            min_quantity: optional_decimal(&product, "base_min_size")?,
        });
    }
    Ok(markets)
}

/// `/accounts`: free = `available`, locked = `hold`.
pub(crate) fn balances(body: &Value) -> Result<Vec<Balance>, Error> {
    Json::root(NAME, body)
        .items()?
        .iter()
        .map(|account| {
            Ok(Balance {
                asset: account.get("currency")?.str()?.to_string(),
                free: account.get("available")?.decimal()?,
                locked: account.get("hold")?.decimal()?,
            })
        })
        .collect()
}

/// One order object of `/orders` (and of the order placement answer).
pub(crate) fn order(node: &Json) -> Result<Order, Error> {
    let product = node.get("product_id")?;
    let symbol = product_symbol(product.str()?).ok_or_else(|| product.malformed("expected a product id BASE-QUOTE"))?;
    let side_node = node.get("side")?;
    let side = match side_node.str()? {
        "buy" => Side::Buy,
        "sell" => Side::Sell,
        other => return Err(side_node.malformed(format!("unknown side {other:?}"))),
    };
    let type_node = node.get("type")?;
    let kind = match type_node.str()? {
        "limit" => OrderType::Limit,
        "market" => OrderType::Market,
        other => return Err(type_node.malformed(format!("unknown order type {other:?}"))),
    };
    let filled = optional_decimal(node, "filled_size")?.unwrap_or_default();
    let status_node = node.get("status")?;
    let status = match status_node.str()? {
        "open" | "pending" | "active" | "received" if filled.is_zero() => OrderStatus::Open,
        "open" | "pending" | "active" | "received" => OrderStatus::PartiallyFilled,
        "done" => match node.get_opt("done_reason")?.map(|r| r.str()).transpose()? {
            Some("canceled") => OrderStatus::Canceled,
            _ => OrderStatus::Filled,
        },
        "rejected" => OrderStatus::Rejected,
        other => return Err(status_node.malformed(format!("unknown order status {other:?}"))),
    };
    Ok(Order {
        id: node.get("id")?.str()?.to_string(),
        client_id: node.get_opt("client_oid")?.map(|c| c.non_empty_str()).transpose()?.flatten().map(str::to_string),
        symbol,
        side,
        kind,
        price: optional_decimal(node, "price")?.filter(|p| !p.is_zero()),
        // Market orders sized in quote funds have no `size`; what filled is the quantity.
        quantity: optional_decimal(node, "size")?.unwrap_or(filled),
        filled,
        status,
        time: node.get_opt("created_at")?.map(|t| time_field_ms(&t)).transpose()?,
    })
}

pub(crate) fn orders(body: &Value) -> Result<Vec<Order>, Error> {
    Json::root(NAME, body).items()?.iter().map(order).collect()
}

pub(crate) fn placed_order(body: &Value) -> Result<Order, Error> {
    order(&Json::root(NAME, body))
}

/// A cancel answers with the canceled order's id as a JSON string, which must be the
/// id asked for (`requested`).
pub(crate) fn canceled_id(body: &Value, requested: &str) -> Result<String, Error> {
    Ok(Json::root(NAME, body).echoed_uuid(requested)?.to_string())
}
