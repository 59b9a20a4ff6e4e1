//! Unified spot symbols, `BASE/QUOTE` as in ccxt.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Longest currency code accepted; generous (real codes are ≤ 10 or so) but bounded,
/// since symbols end up in upstream URLs and cache keys.
const MAX_CODE_LEN: usize = 20;

/// A spot market in ccxt's unified form: uppercase base and quote currency codes.
/// Exchange-specific market ids (`BTCUSDT`, `XXBTZUSD`, `BTC-USD`) are the adapters'
/// business; this type is what callers speak.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol {
    base: String,
    quote: String,
}

impl Symbol {
    /// Parses `BASE/QUOTE`. Strict about case rather than normalizing, so one market
    /// has exactly one spelling in URLs and caches; the error suggests the fix.
    pub fn parse(text: &str) -> Result<Symbol, Error> {
        let invalid = |reason: String| Error::InvalidSymbol { given: text.to_string(), reason };
        if text.contains(':') {
            return Err(invalid("contract symbols (BASE/QUOTE:SETTLE) are not supported; use a spot symbol such as BTC/USD".into()));
        }
        let Some((base, quote)) = text.split_once('/') else {
            return Err(invalid("expected BASE/QUOTE, e.g. BTC/USD".into()));
        };
        for code in [base, quote] {
            if code.is_empty() || code.len() > MAX_CODE_LEN || code.contains('/') {
                return Err(invalid(format!("expected BASE/QUOTE with 1 to {MAX_CODE_LEN} letters or digits on each side, e.g. BTC/USD")));
            }
        }
        let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
        if !text.chars().all(|c| allowed(c) || c == '/') {
            let upper = text.to_ascii_uppercase();
            if upper.chars().all(|c| allowed(c) || c == '/') {
                return Err(invalid(format!("currency codes are uppercase (did you mean {upper}?)")));
            }
            return Err(invalid("currency codes may contain only A-Z and 0-9".into()));
        }
        Ok(Symbol { base: base.to_string(), quote: quote.to_string() })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn quote(&self) -> &str {
        &self.quote
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.quote)
    }
}

impl FromStr for Symbol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let s = Symbol::parse("BTC/USD").unwrap();
        assert_eq!((s.base(), s.quote()), ("BTC", "USD"));
        assert_eq!(s.to_string(), "BTC/USD");
        assert_eq!("1INCH/USDT".parse::<Symbol>().unwrap().base(), "1INCH");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let msg = |s: &str| Symbol::parse(s).unwrap_err().to_string();
        assert!(msg("btc/usd").contains("did you mean BTC/USD?"), "{}", msg("btc/usd"));
        assert!(msg("BTCUSD").contains("expected BASE/QUOTE"));
        assert!(msg("BTC-USD").contains("expected BASE/QUOTE"));
        assert!(msg("/USD").contains("1 to 20"));
        assert!(msg("BTC/").contains("1 to 20"));
        assert!(msg("BTC/USD/EUR").contains("1 to 20"));
        assert!(msg("BTC/USDT:USDT").contains("contract symbols"));
        assert!(msg("BTC/US D").contains("only A-Z and 0-9"));
        assert!(msg("BTC/ÜSD").contains("only A-Z and 0-9"));
        assert!(msg(&format!("{}/USD", "A".repeat(21))).contains("1 to 20"));
        assert!(msg("").starts_with("invalid symbol ''"));
    }
}
