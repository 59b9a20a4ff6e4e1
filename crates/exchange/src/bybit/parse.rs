//! Readers for Bybit v5 `result` objects. Every shape error names the JSON path.

use serde_json::Value;

use super::{Bybit, NAME};
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{symbol_of, Json};
use crate::symbol::Symbol;

fn list(body: &Value) -> Result<Json<'_>, Error> {
    Json::root(NAME, body).get("result")?.get("list")
}

fn optional_decimal(node: &Json, name: &str) -> Result<Option<Decimal>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.decimal_or_empty()).transpose()?.flatten())
}

fn optional_f64(node: &Json, name: &str) -> Result<Option<f64>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.f64_or_empty()).transpose()?.flatten())
}

/// `result.list` rows `[startTime, open, high, low, close, volume, turnover]`, newest
/// first. Bybit has no closed flag: the clock decides about the newest candle.
pub(crate) fn candles(body: &Value, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
    let rows = list(body)?.items()?;
    let mut candles: Vec<Candle> = Vec::with_capacity(rows.len());
    for row in rows.iter().rev() {
        let candle = Candle {
            time: row.at(0)?.i64()?,
            open: row.at(1)?.f64()?,
            high: row.at(2)?.f64()?,
            low: row.at(3)?.f64()?,
            close: row.at(4)?.f64()?,
            volume: row.at(5)?.f64()?,
        };
        if candles.last().is_some_and(|older| older.time >= candle.time) {
            return Err(row.malformed("rows are not in descending time order"));
        }
        candles.push(candle);
    }
    let last_forming = candles.last().is_some_and(|c| is_forming(c, interval, now_ms));
    Ok(CandleSeries { candles, last_forming })
}

/// `result.list[0]` of `/v5/market/tickers`; `time` is the response's server time.
pub(crate) fn ticker(body: &Value, symbol: &Symbol) -> Result<Ticker, Error> {
    let ticker = list(body)?.at(0)?;
    Ok(Ticker {
        symbol: symbol.clone(),
        time: Json::root(NAME, body).get_opt("time")?.map(|t| t.i64()).transpose()?,
        last: ticker.get("lastPrice")?.f64()?,
        bid: optional_f64(&ticker, "bid1Price")?,
        ask: optional_f64(&ticker, "ask1Price")?,
        high_24h: optional_f64(&ticker, "highPrice24h")?,
        low_24h: optional_f64(&ticker, "lowPrice24h")?,
        volume_24h: optional_f64(&ticker, "volume24h")?,
    })
}

/// `/v5/market/instruments-info?category=spot` (spot is served in one page).
/// `status` other than `Trading` (`PreLaunch`, `Delivering`, `Closed`) is inactive.
pub(crate) fn markets(body: &Value) -> Result<Vec<Market>, Error> {
    let mut markets = Vec::new();
    for instrument in list(body)?.items()? {
        let id = instrument.get("symbol")?.str()?;
        let Some(symbol) = symbol_of(instrument.get("baseCoin")?.str()?, instrument.get("quoteCoin")?.str()?) else { continue };
        let lot_size = instrument.get_opt("lotSizeFilter")?;
        let lot = |name: &str| lot_size.as_ref().map(|l| optional_decimal(l, name)).transpose().map(Option::flatten);
        let price_filter = instrument.get_opt("priceFilter")?;
        markets.push(Market {
            symbol,
            id: id.to_string(),
            active: instrument.get("status")?.str()? == "Trading",
            price_step: price_filter.map(|p| optional_decimal(&p, "tickSize")).transpose()?.flatten(),
            quantity_step: lot("basePrecision")?,
            min_quantity: lot("minOrderQty")?,
        });
    }
    Ok(markets)
}

/// `/v5/account/wallet-balance`: `result.list[0].coin[]`; `locked` is what open spot
/// orders hold, so free = `walletBalance` − `locked`.
pub(crate) fn balances(body: &Value) -> Result<Vec<Balance>, Error> {
    let mut balances = Vec::new();
    for coin in list(body)?.at(0)?.get("coin")?.items()? {
        let total = optional_decimal(&coin, "walletBalance")?.unwrap_or_default();
        let locked = optional_decimal(&coin, "locked")?.unwrap_or_default();
        let free = total.checked_sub(locked).ok_or_else(|| coin.malformed("walletBalance minus locked overflows"))?;
        balances.push(Balance { asset: coin.get("coin")?.str()?.to_string(), free, locked });
    }
    Ok(balances)
}

fn order(bybit: &Bybit, node: &Json) -> Result<Order, Error> {
    let market_id = node.get("symbol")?;
    let symbol = bybit.market_symbol(market_id.str()?).ok_or_else(|| {
        market_id.malformed(format!(
            "cannot split {:?} into BASE/QUOTE; load markets with Bybit::with_markets",
            market_id.str().unwrap_or_default()
        ))
    })?;
    let side_node = node.get("side")?;
    let side = match side_node.str()? {
        "Buy" => Side::Buy,
        "Sell" => Side::Sell,
        other => return Err(side_node.malformed(format!("unknown side {other:?}"))),
    };
    let kind_node = node.get("orderType")?;
    let kind = match kind_node.str()? {
        "Limit" => OrderType::Limit,
        "Market" => OrderType::Market,
        other => return Err(kind_node.malformed(format!("unknown order type {other:?}"))),
    };
    let filled = optional_decimal(node, "cumExecQty")?.unwrap_or_default();
    let status_node = node.get("orderStatus")?;
    let status = match status_node.str()? {
        "New" | "Created" | "Untriggered" | "Triggered" if filled.is_zero() => OrderStatus::Open,
        "New" | "Created" | "Untriggered" | "Triggered" | "PartiallyFilled" => OrderStatus::PartiallyFilled,
        "Filled" => OrderStatus::Filled,
        "Cancelled" | "PartiallyFilledCanceled" | "Deactivated" => OrderStatus::Canceled,
        "Rejected" => OrderStatus::Rejected,
        other => return Err(status_node.malformed(format!("unknown order status {other:?}"))),
    };
    Ok(Order {
        id: node.get("orderId")?.str()?.to_string(),
        client_id: node.get_opt("orderLinkId")?.map(|c| c.non_empty_str()).transpose()?.flatten().map(str::to_string),
        symbol,
        side,
        kind,
        // Market orders report price "0".
        price: optional_decimal(node, "price")?.filter(|p| !p.is_zero()),
        quantity: node.get("qty")?.decimal()?,
        filled,
        status,
        time: node.get_opt("createdTime")?.map(|t| t.i64()).transpose()?,
    })
}

pub(crate) fn open_orders(bybit: &Bybit, body: &Value) -> Result<Vec<Order>, Error> {
    list(body)?.items()?.iter().map(|node| order(bybit, node)).collect()
}

/// `result` of `/v5/order/create` and `/v5/order/cancel`: `(orderId, orderLinkId)`.
/// A cancel passes the id it asked for (`requested`), which `orderId` must be.
pub(crate) fn acknowledged(body: &Value, requested: Option<&str>) -> Result<(String, Option<String>), Error> {
    let result = Json::root(NAME, body).get("result")?;
    let id = result.get("orderId")?;
    let id = match requested {
        Some(requested) => id.echoed_id(requested)?,
        None => id.str()?,
    }
    .to_string();
    let client_id = result.get_opt("orderLinkId")?.map(|c| c.non_empty_str()).transpose()?.flatten().map(str::to_string);
    Ok((id, client_id))
}
