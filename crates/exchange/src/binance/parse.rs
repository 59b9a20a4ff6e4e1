//! Response bodies (documented shapes from Binance's `rest-api.md`) into unified types.
//! Every function takes the raw body and fails with the JSON path of the first field
//! that does not have the documented shape.

use super::json::{read_body, Node};
use super::CancelBy;
use crate::adapter::is_forming;
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::model::{Balance, CandleSeries, Decimal, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::shared::echoed_id_mismatch;
use crate::symbol::Symbol;

/// `GET /api/v3/klines`: `[[openTime, "open", "high", "low", "close", "volume", closeTime, …], …]`.
pub(crate) fn candles(body: &str, interval: Interval, now_ms: i64) -> Result<CandleSeries, Error> {
    let mut candles = read_body(body, |root| {
        root.items(|row| {
            Ok(Candle {
                time: row.index(0, |n| n.i64())?,
                open: row.index(1, |n| n.non_negative_f64())?,
                high: row.index(2, |n| n.non_negative_f64())?,
                low: row.index(3, |n| n.non_negative_f64())?,
                close: row.index(4, |n| n.non_negative_f64())?,
                volume: row.index(5, |n| n.non_negative_f64())?,
            })
        })
    })?;
    // Binance documents ascending order; sorting costs nothing when it holds and keeps
    // the unified promise when a proxy or cache reorders.
    candles.sort_by_key(|c| c.time);
    let last_forming = candles.last().is_some_and(|last| is_forming(last, interval, now_ms));
    Ok(CandleSeries { candles, last_forming })
}

/// `GET /api/v3/ticker/24hr?symbol=…`: one object of decimal strings.
pub(crate) fn ticker(body: &str, symbol: &Symbol, market_id: &str) -> Result<Ticker, Error> {
    read_body(body, |root| {
        expect_market(&root, market_id)?;
        let optional_price = |name: &str| root.optional_at(name, |n| n.non_negative_f64());
        Ok(Ticker {
            symbol: symbol.clone(),
            time: root.optional_at("closeTime", |n| n.i64())?,
            last: root.at("lastPrice", |n| n.non_negative_f64())?,
            bid: optional_price("bidPrice")?,
            ask: optional_price("askPrice")?,
            high_24h: optional_price("highPrice")?,
            low_24h: optional_price("lowPrice")?,
            volume_24h: optional_price("volume")?,
        })
    })
}

/// `GET /api/v3/exchangeInfo`: `symbols[]` with `status`, assets and `filters[]`.
///
/// Markets whose assets are not plain `A-Z0-9` codes (Binance lists a few, e.g. with
/// Chinese names) cannot be a unified [`Symbol`] and are left out rather than failing
/// the whole list.
pub(crate) fn markets(body: &str) -> Result<Vec<Market>, Error> {
    let markets = read_body(body, |root| {
        root.at("symbols", |symbols| {
            symbols.items(|entry| {
                let id = entry.at("symbol", |n| n.str())?;
                let base = entry.at("baseAsset", |n| n.str())?;
                let quote = entry.at("quoteAsset", |n| n.str())?;
                let Ok(symbol) = Symbol::parse(&format!("{base}/{quote}")) else { return Ok(None) };
                let mut market = Market {
                    symbol,
                    id: id.to_string(),
                    active: entry.at("status", |n| n.str())? == "TRADING",
                    price_step: None,
                    quantity_step: None,
                    min_quantity: None,
                };
                entry.optional_at("filters", |filters| {
                    filters.items(|filter| {
                        match filter.at("filterType", |n| n.str())? {
                            "PRICE_FILTER" => market.price_step = filter.optional_at("tickSize", |n| n.decimal())?.and_then(enabled),
                            "LOT_SIZE" => {
                                market.quantity_step = filter.optional_at("stepSize", |n| n.decimal())?.and_then(enabled);
                                market.min_quantity = filter.optional_at("minQty", |n| n.decimal())?.and_then(enabled);
                            }
                            _ => {}
                        }
                        Ok(())
                    })
                })?;
                Ok(Some(market))
            })
        })
    })?;
    Ok(markets.into_iter().flatten().collect())
}

/// Binance disables a filter rule by setting it to zero.
fn enabled(value: Decimal) -> Option<Decimal> {
    (!value.is_zero()).then_some(value)
}

/// `GET /api/v3/account`: `balances[{asset, free, locked}]`; zero balances are left out.
pub(crate) fn balances(body: &str) -> Result<Vec<Balance>, Error> {
    let balances = read_body(body, |root| {
        root.at("balances", |list| {
            list.items(|entry| {
                Ok(Balance {
                    asset: entry.at("asset", |n| n.str())?.to_string(),
                    free: entry.at("free", |n| n.decimal())?,
                    locked: entry.at("locked", |n| n.decimal())?,
                })
            })
        })
    })?;
    Ok(balances.into_iter().filter(|b| !(b.free.is_zero() && b.locked.is_zero())).collect())
}

/// `GET /api/v3/openOrders`: an array of orders; each names its market by id only.
pub(crate) fn open_orders(body: &str, symbol_for_id: impl Fn(&str) -> Option<Symbol>) -> Result<Vec<Order>, Error> {
    read_body(body, |root| {
        root.items(|entry| {
            let symbol = entry.at("symbol", |n| {
                let id = n.str()?;
                symbol_for_id(id).ok_or_else(|| n.error(format!("market id {id:?} is not in the loaded markets")))
            })?;
            order(&entry, symbol, OrderTime::Created("time"), "clientOrderId")
        })
    })
}

/// `POST /api/v3/order` (RESULT or FULL response; ACK lacks the order state and is
/// never asked for).
pub(crate) fn placed_order(body: &str, request: &OrderRequest, market_id: &str) -> Result<Order, Error> {
    read_body(body, |root| {
        expect_market(&root, market_id)?;
        order(&root, request.symbol.clone(), OrderTime::Created("transactTime"), "clientOrderId")
    })
}

/// `DELETE /api/v3/order`: the canceled order. Its `clientOrderId` is the id of the
/// cancel request itself; the order's own is `origClientOrderId`, and `transactTime`
/// is the cancel's time, not the order's. The id the cancel named (`requested`) must be
/// the one echoed: `orderId` compared as a number (`"004"` names order 4), or
/// `origClientOrderId` exactly.
pub(crate) fn canceled_order(body: &str, symbol: &Symbol, market_id: &str, requested: CancelBy) -> Result<Order, Error> {
    read_body(body, |root| {
        expect_market(&root, market_id)?;
        match requested {
            CancelBy::OrderId(requested) => root.at("orderId", |n| {
                let echoed = n.i64()?;
                if requested.parse::<i64>().ok() == Some(echoed) {
                    Ok(())
                } else {
                    Err(n.error(echoed_id_mismatch(&echoed.to_string(), requested)))
                }
            })?,
            CancelBy::ClientId(requested) => root.at("origClientOrderId", |n| {
                let echoed = n.str()?;
                if echoed == requested {
                    Ok(())
                } else {
                    Err(n.error(echoed_id_mismatch(echoed, requested)))
                }
            })?,
        }
        order(&root, symbol.clone(), OrderTime::Unknown, "origClientOrderId")
    })
}

enum OrderTime {
    /// The order's creation time is in this field.
    Created(&'static str),
    Unknown,
}

fn order(node: &Node, symbol: Symbol, time: OrderTime, client_id_field: &str) -> Result<Order, Error> {
    let kind = node.at("type", |n| order_type(&n))?;
    // Market orders report price "0.00000000".
    let price = node.optional_at("price", |n| n.decimal())?.filter(|p| !p.is_zero());
    Ok(Order {
        id: node.at("orderId", |n| n.i64())?.to_string(),
        client_id: node.optional_at(client_id_field, |n| n.str().map(str::to_string))?.filter(|id| !id.is_empty()),
        symbol,
        side: node.at("side", |n| side(&n))?,
        kind,
        price,
        quantity: node.at("origQty", |n| n.decimal())?,
        filled: node.at("executedQty", |n| n.decimal())?,
        status: node.at("status", |n| status(&n))?,
        time: match time {
            OrderTime::Created(field) => node.optional_at(field, |n| n.i64())?,
            OrderTime::Unknown => None,
        },
    })
}

fn side(node: &Node) -> Result<Side, Error> {
    match node.str()? {
        "BUY" => Ok(Side::Buy),
        "SELL" => Ok(Side::Sell),
        other => Err(node.error(format!("unknown side {other:?}"))),
    }
}

/// Orders placed elsewhere (the Binance app, other bots) can be of types Sigil does not
/// place; they are reported by how they execute once triggered rather than refused, so
/// one stop order does not hide every other open order.
fn order_type(node: &Node) -> Result<OrderType, Error> {
    match node.str()? {
        "LIMIT" | "LIMIT_MAKER" | "STOP_LOSS_LIMIT" | "TAKE_PROFIT_LIMIT" => Ok(OrderType::Limit),
        "MARKET" | "STOP_LOSS" | "TAKE_PROFIT" => Ok(OrderType::Market),
        other => Err(node.error(format!("unknown order type {other:?}"))),
    }
}

fn status(node: &Node) -> Result<OrderStatus, Error> {
    match node.str()? {
        // PENDING_NEW (order lists) and PENDING_CANCEL are still on the book.
        "NEW" | "PENDING_NEW" | "PENDING_CANCEL" => Ok(OrderStatus::Open),
        "PARTIALLY_FILLED" => Ok(OrderStatus::PartiallyFilled),
        "FILLED" => Ok(OrderStatus::Filled),
        "CANCELED" => Ok(OrderStatus::Canceled),
        "REJECTED" => Ok(OrderStatus::Rejected),
        "EXPIRED" | "EXPIRED_IN_MATCH" => Ok(OrderStatus::Expired),
        other => Err(node.error(format!("unknown order status {other:?}"))),
    }
}

/// A response about one market must be about the one asked for.
fn expect_market(root: &Node, market_id: &str) -> Result<(), Error> {
    root.at("symbol", |n| {
        let id = n.str()?;
        if id == market_id {
            Ok(())
        } else {
            Err(n.error(format!("expected market {market_id:?}, found {id:?}")))
        }
    })
}
