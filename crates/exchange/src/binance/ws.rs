//! The WebSocket kline stream (`<symbol>@kline_<interval>`): stream names and the
//! parser for its messages. Connecting, ping/pong and reconnecting are the caller's.

use super::json::{read_body, Node};
use crate::candle::Candle;
use crate::error::Error;
use crate::interval::Interval;
use crate::symbol::Symbol;

/// Market-data-only WebSocket host (no user data streams needed for klines).
pub const WS_BASE_URL: &str = "wss://data-stream.binance.vision";

/// One kline update. Binance pushes the forming candle every 2 s; `closed` is the
/// payload's `x` flag, and only a closed candle is final.
#[derive(Debug, Clone, PartialEq)]
pub struct KlineUpdate {
    /// The market id as Binance sends it (`BTCUSDT`); map it back with
    /// [`super::Binance::symbol_for_id`].
    pub market_id: String,
    pub interval: Interval,
    pub candle: Candle,
    pub closed: bool,
}

/// `btcusdt@kline_1h`: stream names use the lowercase market id.
pub fn kline_stream_name(symbol: &Symbol, interval: Interval) -> String {
    format!("{}{}@kline_{}", symbol.base(), symbol.quote(), interval.as_str()).to_ascii_lowercase()
}

/// Parses a kline event, raw (`{"e":"kline",…}`) or wrapped by a combined stream
/// (`{"stream":"…","data":{…}}`). Other messages (subscription replies, other event
/// types) are `MalformedResponse` errors naming what was found, so a caller can skip them.
pub fn parse_kline_message(message: &str) -> Result<KlineUpdate, Error> {
    read_body(message, |root| match root.optional_at("data", |data| Ok(data.is_object()))? {
        Some(true) => root.at("data", |data| kline_event(&data)),
        _ => kline_event(&root),
    })
}

fn kline_event(event: &Node) -> Result<KlineUpdate, Error> {
    event.at("e", |n| match n.str()? {
        "kline" => Ok(()),
        other => Err(n.error(format!("not a kline event: {other:?}"))),
    })?;
    event.at("k", |k| {
        let interval = k.at("i", |n| {
            let text = n.str()?;
            Interval::parse(text).map_err(|_| n.error(format!("interval {text:?} is not one of Sigil's intervals")))
        })?;
        Ok(KlineUpdate {
            market_id: k.at("s", |n| n.str())?.to_string(),
            interval,
            candle: Candle {
                time: k.at("t", |n| n.i64())?,
                open: k.at("o", |n| n.non_negative_f64())?,
                high: k.at("h", |n| n.non_negative_f64())?,
                low: k.at("l", |n| n.non_negative_f64())?,
                close: k.at("c", |n| n.non_negative_f64())?,
                volume: k.at("v", |n| n.non_negative_f64())?,
            },
            closed: k.at("x", |n| n.bool())?,
        })
    })
}
