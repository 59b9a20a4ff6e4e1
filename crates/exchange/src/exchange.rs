//! Which exchanges exist, and the request limits every adapter shares.

use crate::error::Error;

/// The candle count asked for when the caller gives none (Binance's default).
pub const DEFAULT_LIMIT: usize = 500;
/// The most candles one request returns (Binance's maximum; adapters for exchanges
/// with smaller pages will paginate up to it).
pub const MAX_LIMIT: usize = 1000;

/// Exchanges that have an adapter planned but not written. Named separately so a
/// request for one gets "not available yet" rather than "unknown".
pub const PLANNED_EXCHANGES: &[&str] = &["binance", "coinbase", "kraken", "okx", "bybit"];

/// An exchange Sigil can serve candles from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExchangeId {
    /// Offline, embedded real candles: see [`crate::replay`].
    Replay,
}

impl ExchangeId {
    pub const ALL: &'static [ExchangeId] = &[ExchangeId::Replay];

    /// The lowercase id used in queries and JSON (ccxt's exchange ids are lowercase too).
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeId::Replay => crate::replay::NAME,
        }
    }

    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|e| e.as_str()).collect()
    }

    /// Exact, lowercase match: ids end up in cache keys and URLs, where two
    /// spellings of one exchange would split caches.
    pub fn parse(text: &str) -> Result<ExchangeId, Error> {
        Self::ALL.iter().copied().find(|e| e.as_str() == text).ok_or_else(|| Error::UnknownExchange { given: text.to_string() })
    }
}

impl std::fmt::Display for ExchangeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ExchangeId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExchangeId::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_and_explains_unknown() {
        assert_eq!(ExchangeId::parse("replay").unwrap(), ExchangeId::Replay);
        let planned = ExchangeId::parse("binance").unwrap_err().to_string();
        assert!(planned.contains("not available yet") && planned.contains("available: replay"), "{planned}");
        let unknown = ExchangeId::parse("mtgox").unwrap_err().to_string();
        assert!(unknown.contains("unknown exchange 'mtgox'") && unknown.contains("replay"), "{unknown}");
        assert!(ExchangeId::parse("Replay").is_err());
        assert!(ExchangeId::parse("").is_err());
    }
}
