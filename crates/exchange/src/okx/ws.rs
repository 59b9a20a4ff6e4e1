//! OKX's public WebSocket candle stream: subscription messages and the push parser.
//!
//! Candle channels live on the "business" endpoint. A push looks like
//! `{"arg":{"channel":"candle1H","instId":"BTC-USDT"},"data":[["1597026383085","8533.02",…,"0"]]}`
//! with the same row layout as REST, `confirm` last.

use super::{bar_interval, bar_name, inst_id, parse::candle_row, NAME};
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::shared::{parse_json, Json};
use crate::symbol::Symbol;

/// Where candle channels are served (public; no login needed).
pub const WS_BUSINESS_URL: &str = "wss://ws.okx.com:8443/ws/v5/business";

/// `candle1H`, `candle1Dutc`: the channel carrying `interval` candles.
pub fn candle_channel(interval: Interval) -> String {
    format!("candle{}", bar_name(interval))
}

/// The message subscribing to candles of each (symbol, interval).
pub fn candle_subscribe_message(subscriptions: &[(Symbol, Interval)]) -> String {
    let args: Vec<serde_json::Value> = subscriptions
        .iter()
        .map(|(symbol, interval)| serde_json::json!({ "channel": candle_channel(*interval), "instId": inst_id(symbol) }))
        .collect();
    serde_json::json!({ "op": "subscribe", "args": args }).to_string()
}

/// Reads one WebSocket text message into `(instId, interval, candle, closed)` per row,
/// `closed` being OKX's `confirm == "1"`. Messages that carry no candles (`pong`,
/// subscription acknowledgements, other channels) give an empty list; an `error`
/// event becomes [`Error::Rejected`] with OKX's code.
pub fn parse_candle_push(message: &str) -> Result<Vec<(String, Interval, Candle, bool)>, Error> {
    if message == "pong" {
        return Ok(Vec::new());
    }
    let value = parse_json(NAME, message)?;
    let root = Json::root(NAME, &value);
    if let Some(event) = root.get_opt("event")? {
        if event.str()? == "error" {
            let text = |name: &str| root.get_opt(name).ok().flatten().and_then(|n| n.str().ok().map(str::to_string)).unwrap_or_default();
            return Err(Error::Rejected { exchange: NAME, code: text("code"), message: text("msg") });
        }
        return Ok(Vec::new());
    }
    let Some(arg) = root.get_opt("arg")? else { return Ok(Vec::new()) };
    let channel = arg.get("channel")?;
    let Some(bar) = channel.str()?.strip_prefix("candle") else { return Ok(Vec::new()) };
    let interval = bar_interval(bar)
        .ok_or_else(|| channel.malformed(format!("bar {bar:?} is not one Sigil serves (UTC-aligned 1m 5m 15m 1H 4H 1Dutc 1Wutc)")))?;
    let inst_id = arg.get("instId")?.str()?.to_string();
    let Some(rows) = root.get_opt("data")? else { return Ok(Vec::new()) };
    rows.items()?
        .iter()
        .map(|row| {
            let (candle, closed) = candle_row(row)?;
            let closed = closed.ok_or_else(|| row.malformed("expected 9 fields, with confirm last"))?;
            Ok((inst_id.clone(), interval, candle, closed))
        })
        .collect()
}
