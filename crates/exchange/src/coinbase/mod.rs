//! Coinbase's two spot APIs, as two adapters:
//!
//! - [`CoinbaseExchange`] (`coinbaseexchange`): the Exchange API at
//!   `api.exchange.coinbase.com` (formerly Coinbase Pro), HMAC-signed with a key,
//!   base64 secret and passphrase;
//! - [`CoinbaseAdvanced`] (`coinbase`): the Advanced Trade API at
//!   `api.coinbase.com/api/v3/brokerage`, authenticated with CDP API keys (JWTs, ES256 for
//!   P-256 keys, EdDSA for Ed25519 keys).
//!
//! Both name markets `BASE-QUOTE` (`BTC-USD`). The ids follow ccxt's.
//!
//! ```
//! use sigil_exchange::coinbase::{CoinbaseAdvanced, CoinbaseExchange};
//! use sigil_exchange::{Adapter, Interval, Symbol};
//! let btc = Symbol::parse("BTC/USD").unwrap();
//! let request = CoinbaseExchange::new().candles_request(&btc, Interval::H1, 300, None).unwrap();
//! assert_eq!(request.url, "https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=3600");
//! // Advanced Trade needs an explicit range; 4h and 1w are not served by either API.
//! assert!(CoinbaseAdvanced::new().candles_request(&btc, Interval::H4, 10, Some(0)).is_err());
//! ```

mod advanced;
mod errors;
mod exchange;
mod jwt;
mod parse_advanced;
mod parse_exchange;
mod sign;
mod time;

#[cfg(test)]
mod tests_advanced;
#[cfg(test)]
mod tests_exchange;

pub use advanced::{granularity_name, CoinbaseAdvanced, ADVANCED_BASE_URL, ADVANCED_MAX_CANDLES, ADVANCED_NAME};
pub use exchange::{granularity_seconds, CoinbaseExchange, EXCHANGE_BASE_URL, EXCHANGE_MAX_CANDLES, EXCHANGE_NAME};

use crate::candle::Candle;
use crate::error::Error;
use crate::shared::{symbol_of, Json};
use crate::symbol::Symbol;

/// `BTC/USD` → `BTC-USD`.
pub fn product_id(symbol: &Symbol) -> String {
    format!("{}-{}", symbol.base(), symbol.quote())
}

/// `BTC-USD` → `BTC/USD`; `None` for ids with more parts (`BIP-20DEC30-CDE` futures).
pub fn product_symbol(id: &str) -> Option<Symbol> {
    let (base, quote) = id.split_once('-')?;
    symbol_of(base, quote)
}

/// Both APIs return candles newest first (the Exchange API does not promise an order),
/// so rows are sorted by time; two rows for one bucket are a malformed response.
fn ascending(mut rows: Vec<(Candle, Json)>) -> Result<Vec<Candle>, Error> {
    rows.sort_by_key(|(candle, _)| candle.time);
    for pair in rows.windows(2) {
        if let [(older, _), (newer, row)] = pair {
            if older.time == newer.time {
                return Err(row.malformed(format!("two candles for time {}", newer.time)));
            }
        }
    }
    Ok(rows.into_iter().map(|(candle, _)| candle).collect())
}

/// Unix seconds (a JSON number or a string of one) as ms.
fn seconds_field_ms(node: &Json) -> Result<i64, Error> {
    let seconds = node.i64()?;
    seconds.checked_mul(1000).ok_or_else(|| node.malformed(format!("time {seconds} s is out of range")))
}

/// An RFC 3339 time field as Unix ms.
fn time_field_ms(node: &Json) -> Result<i64, Error> {
    let text = node.str()?;
    time::parse_rfc3339_ms(text).ok_or_else(|| node.malformed(format!("expected an RFC 3339 time, found {text:?}")))
}
