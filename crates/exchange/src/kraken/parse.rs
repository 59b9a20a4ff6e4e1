//! Readers for Kraken's `result` objects. Every shape error names the JSON path.

use serde_json::Value;

use super::{unified_asset, Kraken, NAME};
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderStatus, OrderType, Side, Ticker};
use crate::shared::{seconds_to_ms, symbol_of, Json};
use crate::symbol::Symbol;

/// Candles of one OHLC response and Kraken's `last`.
#[derive(Debug, Clone, PartialEq)]
pub struct OhlcPage {
    pub series: CandleSeries,
    /// Kraken's `last` (Unix seconds): pass it as `since` to poll only newer rows.
    pub last: Option<i64>,
}

fn result(body: &Value) -> Result<Json<'_>, Error> {
    Json::root(NAME, body).get("result")
}

/// `{"XXBTZUSD":[[time_s,"open","high","low","close","vwap","volume",count],…],"last":…}`.
/// The pair key is whatever Kraken calls the pair, so it is found as the one member
/// that is not `last`.
pub(crate) fn ohlc(body: &Value, interval: Interval, now_ms: i64) -> Result<OhlcPage, Error> {
    let result = result(body)?;
    let last = result.get_opt("last")?.map(|n| n.i64()).transpose()?;
    let pairs: Vec<_> = result.entries()?.into_iter().filter(|(name, _)| *name != "last").collect();
    let [(_, rows)] = &pairs[..] else {
        return Err(result.malformed(format!("expected one pair besides 'last', found {}", pairs.len())));
    };
    let mut candles: Vec<Candle> = Vec::new();
    for row in rows.items()? {
        let time_node = row.at(0)?;
        let time = time_node.i64()?.checked_mul(1000).ok_or_else(|| time_node.malformed("time out of range"))?;
        let candle = Candle {
            time,
            open: row.at(1)?.f64()?,
            high: row.at(2)?.f64()?,
            low: row.at(3)?.f64()?,
            close: row.at(4)?.f64()?,
            volume: row.at(6)?.f64()?,
        };
        if candles.last().is_some_and(|previous| previous.time >= time) {
            return Err(row.malformed("rows are not in ascending time order"));
        }
        candles.push(candle);
    }
    // Kraken's last row is the uncommitted one; `last` (when it is older than that row)
    // and the clock both say so, and either suffices.
    let last_forming = candles.last().is_some_and(|c| is_forming(c, interval, now_ms) || last.is_some_and(|l| c.time / 1000 > l));
    Ok(OhlcPage { series: CandleSeries { candles, last_forming }, last })
}

/// `{"XXBTZUSD":{"a":[ask,…],"b":[bid,…],"c":[last,lot],"v":[today,24h],"h":[today,24h],"l":[…],…}}`.
pub(crate) fn ticker(kraken: &Kraken, body: &Value, symbol: &Symbol) -> Result<Ticker, Error> {
    let result = result(body)?;
    let entries = result.entries()?;
    let ticker = match &entries[..] {
        [(_, only)] => only.clone(),
        _ => entries
            .iter()
            .find(|(pair, _)| kraken.pair_symbol(pair).as_ref() == Some(symbol))
            .map(|(_, t)| t.clone())
            .ok_or_else(|| result.malformed(format!("expected the pair {symbol}, found {} pairs", entries.len())))?,
    };
    Ok(Ticker {
        symbol: symbol.clone(),
        time: None,
        last: ticker.get("c")?.at(0)?.f64()?,
        bid: Some(ticker.get("b")?.at(0)?.f64()?),
        ask: Some(ticker.get("a")?.at(0)?.f64()?),
        high_24h: Some(ticker.get("h")?.at(1)?.f64()?),
        low_24h: Some(ticker.get("l")?.at(1)?.f64()?),
        volume_24h: Some(ticker.get("v")?.at(1)?.f64()?),
    })
}

/// One unit in the `digits`-th decimal place, as AssetPairs gives steps by digit count.
fn step_from_decimals(node: &Json) -> Result<Decimal, Error> {
    let digits = node.i64()?;
    u32::try_from(digits)
        .ok()
        .filter(|d| *d <= 28)
        .map(|d| Decimal::new(1, d))
        .ok_or_else(|| node.malformed(format!("decimals {digits} out of range 0..=28")))
}

/// AssetPairs. Dark-pool duplicates (`….d`) are skipped, as are pairs whose codes are
/// not unified symbols (tokenized stocks such as `AAPLx`); `status` other than
/// `online` (`cancel_only`, `post_only`, `limit_only`, `reduce_only`) is inactive.
pub(crate) fn markets(body: &Value) -> Result<Vec<Market>, Error> {
    let mut markets = Vec::new();
    for (id, pair) in result(body)?.entries()? {
        if id.ends_with(".d") {
            continue;
        }
        let symbol = match pair.get_opt("wsname")? {
            Some(wsname) => match wsname.str()?.split_once('/') {
                Some((base, quote)) => symbol_of(&unified_asset(base), &unified_asset(quote)),
                None => return Err(wsname.malformed("expected BASE/QUOTE")),
            },
            None => symbol_of(&unified_asset(pair.get("base")?.str()?), &unified_asset(pair.get("quote")?.str()?)),
        };
        let Some(symbol) = symbol else { continue };
        let price_step = match pair.get_opt("tick_size")? {
            Some(tick) => Some(tick.decimal()?),
            None => pair.get_opt("pair_decimals")?.map(|d| step_from_decimals(&d)).transpose()?,
        };
        markets.push(Market {
            symbol,
            id: id.to_string(),
            active: pair.get_opt("status")?.map(|s| s.str()).transpose()?.is_none_or(|s| s == "online"),
            price_step,
            quantity_step: pair.get_opt("lot_decimals")?.map(|d| step_from_decimals(&d)).transpose()?,
            min_quantity: pair.get_opt("ordermin")?.map(|m| m.decimal()).transpose()?,
        });
    }
    Ok(markets)
}

/// BalanceEx: `{"ZUSD":{"balance":"…","hold_trade":"…"}}`; plain `Balance` answers
/// (`{"ZUSD":"…"}`) are read too, as wholly free.
pub(crate) fn balances(body: &Value) -> Result<Vec<Balance>, Error> {
    let mut balances = Vec::new();
    for (asset, entry) in result(body)?.entries()? {
        let (total, locked) = if entry.value().is_object() {
            let held = entry.get_opt("hold_trade")?.map(|h| h.decimal()).transpose()?.unwrap_or_default();
            (entry.get("balance")?.decimal()?, held)
        } else {
            (entry.decimal()?, Decimal::ZERO)
        };
        let free = total.checked_sub(locked).ok_or_else(|| entry.malformed("balance minus hold_trade overflows"))?;
        balances.push(Balance { asset: unified_asset(asset), free, locked });
    }
    Ok(balances)
}

/// Kraken's order types folded onto Sigil's two: those resting at a limit price are
/// `Limit`, those executing at market once triggered are `Market`. The trigger itself
/// is not represented.
fn order_kind(node: &Json) -> Result<OrderType, Error> {
    match node.str()? {
        "limit" | "iceberg" | "stop-loss-limit" | "take-profit-limit" | "trailing-stop-limit" => Ok(OrderType::Limit),
        "market" | "stop-loss" | "take-profit" | "trailing-stop" | "settle-position" => Ok(OrderType::Market),
        other => Err(node.malformed(format!("unknown order type {other:?}"))),
    }
}

fn side(node: &Json) -> Result<Side, Error> {
    match node.str()? {
        "buy" => Ok(Side::Buy),
        "sell" => Ok(Side::Sell),
        other => Err(node.malformed(format!("unknown side {other:?}"))),
    }
}

fn order(kraken: &Kraken, id: &str, node: &Json) -> Result<Order, Error> {
    let descr = node.get("descr")?;
    let pair = descr.get("pair")?;
    let symbol = kraken.pair_symbol(pair.str()?).ok_or_else(|| {
        pair.malformed(format!("unknown pair {:?}; load markets with Kraken::with_markets", pair.str().unwrap_or_default()))
    })?;
    let order_type = descr.get("ordertype")?;
    let kind = order_kind(&order_type)?;
    // The limit price of a triggered limit order is `price2`; `price` is its trigger.
    let price = match order_type.str()? {
        "stop-loss-limit" | "take-profit-limit" | "trailing-stop-limit" => descr.get_opt("price2")?,
        _ if kind == OrderType::Limit => descr.get_opt("price")?,
        _ => None,
    };
    let price = price.map(|p| p.decimal()).transpose()?.filter(|p| !p.is_zero());
    let quantity = node.get("vol")?.decimal()?;
    let filled = node.get_opt("vol_exec")?.map(|v| v.decimal()).transpose()?.unwrap_or_default();
    let status_node = node.get("status")?;
    let status = match status_node.str()? {
        "pending" | "open" if filled.is_zero() => OrderStatus::Open,
        "pending" | "open" => OrderStatus::PartiallyFilled,
        "closed" => OrderStatus::Filled,
        "canceled" => OrderStatus::Canceled,
        "expired" => OrderStatus::Expired,
        other => return Err(status_node.malformed(format!("unknown order status {other:?}"))),
    };
    let client_id = match node.get_opt("cl_ord_id")?.map(|c| c.str()).transpose()? {
        Some(text) if !text.is_empty() => Some(text.to_string()),
        _ => node.get_opt("userref")?.map(|u| u.i64()).transpose()?.filter(|u| *u != 0).map(|u| u.to_string()),
    };
    let time = match node.get_opt("opentm")? {
        Some(t) => Some(seconds_to_ms(t.f64()?).ok_or_else(|| t.malformed("time out of range"))?),
        None => None,
    };
    Ok(Order { id: id.to_string(), client_id, symbol, side: side(&descr.get("type")?)?, kind, price, quantity, filled, status, time })
}

/// `{"open":{"<txid>":{…}}}`.
pub(crate) fn open_orders(kraken: &Kraken, body: &Value) -> Result<Vec<Order>, Error> {
    result(body)?.get("open")?.entries()?.iter().map(|(id, node)| order(kraken, id, node)).collect()
}

/// AddOrder: `{"descr":{"order":"…"},"txid":["OUF4EM-FRGI2-MQMWZD"]}`.
pub(crate) fn placed_order_id(body: &Value) -> Result<String, Error> {
    Ok(result(body)?.get("txid")?.at(0)?.str()?.to_string())
}

/// CancelOrder: `{"count":1}`. Kraken reports an unknown txid as `EOrder:Unknown
/// order`; a zero count (nothing was canceled: the order is unknown or already
/// closed) is read the same way, as `Rejected`, the variant the caller already
/// handles for an order that cannot be canceled.
pub(crate) fn cancel_count(body: &Value) -> Result<i64, Error> {
    let count = result(body)?.get("count")?.i64()?;
    if count < 1 {
        return Err(Error::Rejected { exchange: NAME, code: "EOrder:Unknown order".into(), message: "Kraken canceled no order".into() });
    }
    Ok(count)
}
