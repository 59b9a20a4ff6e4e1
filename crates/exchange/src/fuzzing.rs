//! One entry point that drives every response and stream parser with arbitrary bytes,
//! shared by the cargo-fuzz targets (`crates/exchange/fuzz`) and the always-on property
//! test, so the fuzzed surface and the tested surface cannot drift apart.
//!
//! Not part of the stable API.

use crate::adapter::Adapter;
use crate::http::Response;
use crate::interval::Interval;
use crate::model::{Decimal, OrderRequest, OrderType, Side};
use crate::symbol::Symbol;

/// Interprets `data` as `[selector, status_hi, status_lo, body...]` and feeds the body
/// to the parsers the selector picks; every result is discarded. The only failure this
/// can show is a panic (or, under a sanitizer, a memory error).
pub fn parse_everything(data: &[u8]) {
    let (selector, status, body) = match data {
        [selector, hi, lo, body @ ..] => (*selector, u16::from_be_bytes([*hi, *lo]), body),
        _ => return,
    };
    let body = String::from_utf8_lossy(body);
    let response = Response::new(status, body.as_ref());
    let interval = Interval::ALL[usize::from(selector >> 4) % Interval::ALL.len()];
    let Ok(symbol) = Symbol::parse("BTC/USDT") else { return };
    let order = OrderRequest {
        symbol: symbol.clone(),
        side: if selector & 1 == 0 { Side::Buy } else { Side::Sell },
        kind: if selector & 2 == 0 { OrderType::Market } else { OrderType::Limit },
        quantity: Decimal::ONE,
        price: (selector & 2 != 0).then_some(Decimal::ONE),
        client_id: None,
    };
    let now_ms = if selector & 4 == 0 { i64::MAX } else { 0 };
    for adapter in adapters() {
        let adapter = adapter.as_ref();
        let _ = adapter.parse_candles(&response, interval, now_ms);
        let _ = adapter.parse_ticker(&response, &symbol);
        let _ = adapter.parse_markets(&response);
        let _ = adapter.parse_balances(&response);
        let _ = adapter.parse_open_orders(&response);
        let _ = adapter.parse_place_order(&response, &order);
        // Both kinds of id a cancel can name (Binance: a numeric orderId, else a client id).
        let _ = adapter.parse_cancel_order(&response, &symbol, "1");
        let _ = adapter.parse_cancel_order(&response, &symbol, "a");
    }
    let _ = crate::binance::parse_kline_message(&body);
    let _ = crate::okx::parse_candle_push(&body);
}

fn adapters() -> Vec<Box<dyn Adapter>> {
    vec![
        Box::new(crate::binance::Binance::new()),
        Box::new(crate::kraken::Kraken::new()),
        Box::new(crate::okx::Okx::new()),
        Box::new(crate::bybit::Bybit::new()),
        Box::new(crate::coinbase::CoinbaseExchange::new()),
        Box::new(crate::coinbase::CoinbaseAdvanced::new()),
    ]
}

#[cfg(test)]
mod tests {
    use super::parse_everything;
    use proptest::prelude::*;

    /// Bodies that look like exchange JSON, so the parsers get past the first brace.
    fn jsonish() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            Just("0".to_string()),
            Just("\"1\"".to_string()),
            Just("-1e400".to_string()),
            Just("null".to_string()),
            Just("\"BTCUSDT\"".to_string()),
            Just("\"BTC-USDT\"".to_string()),
            "[a-z]{0,6}".prop_map(|s| format!("\"{s}\"")),
            any::<i64>().prop_map(|n| n.to_string()),
        ];
        atom.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec(("[a-zA-Z]{1,8}", inner), 0..6)
                    .prop_map(|kv| format!("{{{}}}", kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","))),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn no_parser_panics_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..512)) {
            parse_everything(&data);
        }

        #[test]
        fn no_parser_panics_on_json_shaped_bodies(selector in any::<u8>(), status in prop_oneof![Just(200u16), any::<u16>()], body in jsonish()) {
            let mut data = vec![selector];
            data.extend_from_slice(&status.to_be_bytes());
            data.extend_from_slice(body.as_bytes());
            parse_everything(&data);
        }
    }
}
