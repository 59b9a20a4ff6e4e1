//! Readers for OKX v5 `data` arrays. Every shape error names the JSON path.

use serde_json::Value;

use super::{inst_symbol, NAME};
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{symbol_of, Json};
use crate::symbol::Symbol;

fn data(body: &Value) -> Result<Json<'_>, Error> {
    Json::root(NAME, body).get("data")
}

/// One `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]` row (REST and WebSocket
/// share it). For spot, `vol` is in the base currency. `confirm` is `None` when a
/// shorter row omits it.
pub(crate) fn candle_row(row: &Json) -> Result<(Candle, Option<bool>), Error> {
    let candle = Candle {
        time: row.at(0)?.i64()?,
        open: row.at(1)?.f64()?,
        high: row.at(2)?.f64()?,
        low: row.at(3)?.f64()?,
        close: row.at(4)?.f64()?,
        volume: row.at(5)?.f64()?,
    };
    let length = row.items()?.len();
    let closed = if length > 8 {
        let confirm = row.at(8)?;
        match confirm.str()? {
            "0" => Some(false),
            "1" => Some(true),
            other => return Err(confirm.malformed(format!("expected \"0\" or \"1\", found {other:?}"))),
        }
    } else {
        None
    };
    Ok((candle, closed))
}

/// Candles arrive newest first; the newest row's `confirm` says whether it is still
/// forming (the clock decides only when the flag is missing).
pub(crate) fn candles(body: &Value, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
    let rows = data(body)?.items()?;
    let mut candles: Vec<Candle> = Vec::with_capacity(rows.len());
    let mut newest_closed = None;
    for (index, row) in rows.iter().enumerate().rev() {
        let (candle, closed) = candle_row(row)?;
        if candles.last().is_some_and(|older| older.time >= candle.time) {
            return Err(row.malformed("rows are not in descending time order"));
        }
        if index == 0 {
            newest_closed = closed;
        }
        candles.push(candle);
    }
    let last_forming = match (candles.last(), newest_closed) {
        (None, _) => false,
        (Some(_), Some(closed)) => !closed,
        (Some(last), None) => is_forming(last, interval, now_ms),
    };
    Ok(CandleSeries { candles, last_forming })
}

/// `data[0]` of `/market/ticker`; for spot `vol24h` is in the base currency. Absent
/// sides of the book come as `""`.
pub(crate) fn ticker(body: &Value, symbol: &Symbol) -> Result<Ticker, Error> {
    let ticker = data(body)?.at(0)?;
    let optional =
        |name: &str| -> Result<Option<f64>, Error> { ticker.get_opt(name)?.map(|v| v.f64_or_empty()).transpose().map(Option::flatten) };
    Ok(Ticker {
        symbol: symbol.clone(),
        time: ticker.get_opt("ts")?.map(|t| t.i64()).transpose()?,
        last: ticker.get("last")?.f64()?,
        bid: optional("bidPx")?,
        ask: optional("askPx")?,
        high_24h: optional("high24h")?,
        low_24h: optional("low24h")?,
        volume_24h: optional("vol24h")?,
    })
}

fn optional_decimal(node: &Json, name: &str) -> Result<Option<Decimal>, Error> {
    Ok(node.get_opt(name)?.map(|v| v.decimal_or_empty()).transpose()?.flatten())
}

/// `/public/instruments?instType=SPOT`. `state` other than `live` (`suspend`,
/// `preopen`, `test`) is inactive; codes that are not unified symbols are skipped.
pub(crate) fn markets(body: &Value) -> Result<Vec<Market>, Error> {
    let mut markets = Vec::new();
    for instrument in data(body)?.items()? {
        let id = instrument.get("instId")?.str()?;
        let Some(symbol) = symbol_of(instrument.get("baseCcy")?.str()?, instrument.get("quoteCcy")?.str()?) else { continue };
        markets.push(Market {
            symbol,
            id: id.to_string(),
            active: instrument.get("state")?.str()? == "live",
            price_step: optional_decimal(&instrument, "tickSz")?,
            quantity_step: optional_decimal(&instrument, "lotSz")?,
            min_quantity: optional_decimal(&instrument, "minSz")?,
        });
    }
    Ok(markets)
}

/// `/account/balance`: `data[0].details[]`, free = `availBal`, locked = `frozenBal`.
pub(crate) fn balances(body: &Value) -> Result<Vec<Balance>, Error> {
    let mut balances = Vec::new();
    for detail in data(body)?.at(0)?.get("details")?.items()? {
        let locked = optional_decimal(&detail, "frozenBal")?.unwrap_or_default();
        let free = match optional_decimal(&detail, "availBal")? {
            Some(available) => available,
            None => {
                let cash = optional_decimal(&detail, "cashBal")?.unwrap_or_default();
                cash.checked_sub(locked).ok_or_else(|| detail.malformed("cashBal minus frozenBal overflows"))?
            }
        };
        balances.push(Balance { asset: detail.get("ccy")?.str()?.to_string(), free, locked });
    }
    Ok(balances)
}

/// OKX order types on Sigil's two: everything with a limit price is `Limit`;
/// `optimal_limit_ioc` executes like a market order.
fn order_kind(node: &Json) -> Result<OrderType, Error> {
    match node.str()? {
        "limit" | "post_only" | "fok" | "ioc" | "mmp" | "mmp_and_post_only" => Ok(OrderType::Limit),
        "market" | "optimal_limit_ioc" => Ok(OrderType::Market),
        other => Err(node.malformed(format!("unknown order type {other:?}"))),
    }
}

/// One entry of `/trade/orders-pending` (and `/trade/order`).
pub(crate) fn order(node: &Json) -> Result<Order, Error> {
    let inst_id = node.get("instId")?;
    let symbol = inst_symbol(inst_id.str()?).ok_or_else(|| inst_id.malformed("expected a spot instrument id BASE-QUOTE"))?;
    let side_node = node.get("side")?;
    let side = match side_node.str()? {
        "buy" => Side::Buy,
        "sell" => Side::Sell,
        other => return Err(side_node.malformed(format!("unknown side {other:?}"))),
    };
    let state = node.get("state")?;
    let status = match state.str()? {
        "live" => OrderStatus::Open,
        "partially_filled" => OrderStatus::PartiallyFilled,
        "filled" => OrderStatus::Filled,
        "canceled" | "mmp_canceled" => OrderStatus::Canceled,
        other => return Err(state.malformed(format!("unknown order state {other:?}"))),
    };
    Ok(Order {
        id: node.get("ordId")?.str()?.to_string(),
        client_id: node.get_opt("clOrdId")?.map(|c| c.non_empty_str()).transpose()?.flatten().map(str::to_string),
        symbol,
        side,
        kind: order_kind(&node.get("ordType")?)?,
        price: optional_decimal(node, "px")?.filter(|p| !p.is_zero()),
        quantity: node.get("sz")?.decimal()?,
        filled: optional_decimal(node, "accFillSz")?.unwrap_or_default(),
        status,
        time: node.get_opt("cTime")?.map(|t| t.i64()).transpose()?,
    })
}

pub(crate) fn open_orders(body: &Value) -> Result<Vec<Order>, Error> {
    data(body)?.items()?.iter().map(order).collect()
}

/// `data[0]` of an order or cancel call, after its `sCode` was checked.
pub(crate) fn first_item(body: &Value) -> Result<Json<'_>, Error> {
    data(body)?.at(0)
}
