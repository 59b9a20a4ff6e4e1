//! Readers for Coinbase Advanced Trade responses. Every shape error names the JSON path.

use serde_json::Value;

use super::advanced::ADVANCED_NAME as NAME;
use super::errors::order_rejected;
use super::{ascending, product_symbol, seconds_field_ms, time_field_ms};
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{symbol_of, Json};
use crate::symbol::Symbol;

fn root(body: &Value) -> Json<'_> {
    Json::root(NAME, body)
}

fn optional_decimal(node: &Json, name: &str) -> Result<Option<Decimal>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.decimal_or_empty()).transpose()?.flatten())
}

fn optional_bool(node: &Json, name: &str) -> Result<Option<bool>, Error> {
    node.get_opt(name)?.map(|flag| flag.value().as_bool().ok_or_else(|| flag.malformed("expected a boolean"))).transpose()
}

fn optional_str<'a>(node: &Json<'a>, name: &str) -> Result<Option<&'a str>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.non_empty_str()).transpose()?.flatten())
}

/// `{"candles":[{"start":"1639508050","low":…,"high":…,"open":…,"close":…,"volume":…}]}`,
/// all strings, newest first.
pub(crate) fn candles(body: &Value, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
    let mut rows = Vec::new();
    for row in root(body).get("candles")?.items()? {
        let candle = Candle {
            time: seconds_field_ms(&row.get("start")?)?,
            open: row.get("open")?.f64()?,
            high: row.get("high")?.f64()?,
            low: row.get("low")?.f64()?,
            close: row.get("close")?.f64()?,
            volume: row.get("volume")?.f64()?,
        };
        rows.push((candle, row));
    }
    let candles = ascending(rows)?;
    let last_forming = candles.last().is_some_and(|last| is_forming(last, interval, now_ms));
    Ok(CandleSeries { candles, last_forming })
}

/// `/market/products/{id}/ticker?limit=1`: `{"trades":[{price, time, …}], "best_bid", "best_ask"}`.
pub(crate) fn ticker(body: &Value, symbol: &Symbol) -> Result<Ticker, Error> {
    let root = root(body);
    let trades = root.get("trades")?;
    let trade = trades.at(0)?;
    let book =
        |name: &str| -> Result<Option<f64>, Error> { root.get_opt(name)?.map(|v| v.f64_or_empty()).transpose().map(Option::flatten) };
    Ok(Ticker {
        symbol: symbol.clone(),
        time: trade.get_opt("time")?.map(|t| time_field_ms(&t)).transpose()?,
        last: trade.get("price")?.f64()?,
        bid: book("best_bid")?,
        ask: book("best_ask")?,
        high_24h: None,
        low_24h: None,
        volume_24h: None,
    })
}

/// `/market/products?product_type=SPOT`: `{"products":[…],"num_products":n}`. The symbol
/// comes from `base_currency_id`/`quote_currency_id` (falling back to the id); active =
/// `status` online and neither trading nor the product disabled.
pub(crate) fn markets(body: &Value) -> Result<Vec<Market>, Error> {
    let mut markets = Vec::new();
    for product in root(body).get("products")?.items()? {
        let id = product.get("product_id")?.str()?;
        let from_currencies = match (optional_str(&product, "base_currency_id")?, optional_str(&product, "quote_currency_id")?) {
            (Some(base), Some(quote)) => symbol_of(base, quote),
            _ => None,
        };
        let Some(symbol) = from_currencies.or_else(|| product_symbol(id)) else { continue };
        let disabled =
            optional_bool(&product, "trading_disabled")?.unwrap_or(false) || optional_bool(&product, "is_disabled")?.unwrap_or(false);
        markets.push(Market {
            symbol,
            id: id.to_string(),
            active: optional_str(&product, "status")? == Some("online") && !disabled,
            price_step: match optional_decimal(&product, "price_increment")? {
                Some(step) => Some(step),
                None => optional_decimal(&product, "quote_increment")?,
            },
            quantity_step: optional_decimal(&product, "base_increment")?,
            min_quantity: optional_decimal(&product, "base_min_size")?,
        });
    }
    Ok(markets)
}

/// `/accounts`: `{"accounts":[{"currency","available_balance":{"value"},"hold":{"value"}}]}`.
pub(crate) fn balances(body: &Value) -> Result<Vec<Balance>, Error> {
    let mut balances = Vec::new();
    for account in root(body).get("accounts")?.items()? {
        let locked = match account.get_opt("hold")? {
            Some(hold) => hold.get("value")?.decimal()?,
            None => Decimal::ZERO,
        };
        balances.push(Balance {
            asset: account.get("currency")?.str()?.to_string(),
            free: account.get("available_balance")?.get("value")?.decimal()?,
            locked,
        });
    }
    Ok(balances)
}

/// One entry of `/orders/historical/batch`. Size and limit price live in the single
/// member of `order_configuration` (`limit_limit_gtc`, `market_market_ioc`, …); an order
/// sized in the quote currency has no base size and reports what has filled instead.
pub(crate) fn order(node: &Json) -> Result<Order, Error> {
    let product = node.get("product_id")?;
    let symbol = product_symbol(product.str()?).ok_or_else(|| product.malformed("expected a spot product id BASE-QUOTE"))?;
    let side_node = node.get("side")?;
    let side = match side_node.str()? {
        "BUY" => Side::Buy,
        "SELL" => Side::Sell,
        other => return Err(side_node.malformed(format!("unknown side {other:?}"))),
    };
    let configurations = node.get("order_configuration")?;
    let (config_name, config) =
        configurations.entries()?.into_iter().next().ok_or_else(|| configurations.malformed("expected one order configuration"))?;
    let kind = match optional_str(node, "order_type")? {
        Some("MARKET") => OrderType::Market,
        Some("LIMIT" | "STOP" | "STOP_LIMIT" | "BRACKET" | "TWAP") => OrderType::Limit,
        Some("UNKNOWN_ORDER_TYPE") | None if config_name.starts_with("market_") => OrderType::Market,
        Some("UNKNOWN_ORDER_TYPE") | None => OrderType::Limit,
        Some(other) => return Err(node.get("order_type")?.malformed(format!("unknown order type {other:?}"))),
    };
    let filled = optional_decimal(node, "filled_size")?.unwrap_or_default();
    let status_node = node.get("status")?;
    let status = match status_node.str()? {
        "OPEN" | "PENDING" | "QUEUED" | "CANCEL_QUEUED" | "EDIT_QUEUED" if filled.is_zero() => OrderStatus::Open,
        "OPEN" | "PENDING" | "QUEUED" | "CANCEL_QUEUED" | "EDIT_QUEUED" => OrderStatus::PartiallyFilled,
        "FILLED" => OrderStatus::Filled,
        "CANCELLED" => OrderStatus::Canceled,
        "EXPIRED" => OrderStatus::Expired,
        "FAILED" => OrderStatus::Rejected,
        other => return Err(status_node.malformed(format!("unknown order status {other:?}"))),
    };
    Ok(Order {
        id: node.get("order_id")?.str()?.to_string(),
        client_id: optional_str(node, "client_order_id")?.map(str::to_string),
        symbol,
        side,
        kind,
        price: optional_decimal(&config, "limit_price")?.filter(|p| !p.is_zero()),
        quantity: optional_decimal(&config, "base_size")?.unwrap_or(filled),
        filled,
        status,
        time: node.get_opt("created_time")?.map(|t| time_field_ms(&t)).transpose()?,
    })
}

pub(crate) fn orders(body: &Value) -> Result<Vec<Order>, Error> {
    root(body).get("orders")?.items()?.iter().map(order).collect()
}

/// `POST /orders`: `{"success":true,"success_response":{"order_id",…,"client_order_id"}}`
/// or `{"success":false,"error_response":{"error","message","error_details",…}}`.
pub(crate) fn placed_order_ids(body: &Value) -> Result<(String, Option<String>), Error> {
    let root = root(body);
    let success = root.get("success")?;
    if !success.value().as_bool().ok_or_else(|| success.malformed("expected a boolean"))? {
        let failure = root.get_opt("error_response")?;
        let field = |name: &str| -> Result<Option<&str>, Error> {
            match &failure {
                Some(failure) => optional_str(failure, name),
                None => optional_str(&root, name),
            }
        };
        let code = match field("error")? {
            Some(code) => code,
            None => field("new_order_failure_reason")?.or(optional_str(&root, "failure_reason")?).unwrap_or("UNKNOWN_FAILURE_REASON"),
        };
        let message = field("message")?.or(field("error_details")?).unwrap_or("order rejected");
        return Err(order_rejected(NAME, code, message));
    }
    let accepted = root.get("success_response")?;
    let id = accepted.get("order_id")?.str()?.to_string();
    Ok((id, optional_str(&accepted, "client_order_id")?.map(str::to_string)))
}

/// `POST /orders/batch_cancel` with one id: `{"results":[{"success","failure_reason","order_id"}]}`;
/// `order_id` must be the id asked for (`requested`).
pub(crate) fn canceled_id(body: &Value, requested: &str) -> Result<String, Error> {
    let result = root(body).get("results")?.at(0)?;
    let success = result.get("success")?;
    if !success.value().as_bool().ok_or_else(|| success.malformed("expected a boolean"))? {
        let reason = optional_str(&result, "failure_reason")?.unwrap_or("UNKNOWN_CANCEL_FAILURE_REASON");
        return Err(order_rejected(NAME, reason, "Coinbase refused to cancel the order"));
    }
    Ok(result.get("order_id")?.echoed_uuid(requested)?.to_string())
}
