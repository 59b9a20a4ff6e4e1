//! Typed errors. Messages are written for the person who typed the request: they
//! name the offending value and what would have been accepted, because the worker
//! forwards them verbatim in its HTTP 400 bodies.

use std::fmt;

use crate::interval::Interval;

// Deliberately not `#[non_exhaustive]`: the worker maps every variant to an HTTP
// status and error code, and a new variant (upstream failures, rate limits) should
// break that match at compile time rather than fall into a wildcard arm.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// An exchange name Sigil does not serve (yet).
    UnknownExchange { given: String },
    /// Not one of the unified intervals.
    InvalidInterval { given: String },
    /// A unified interval this exchange cannot serve.
    UnsupportedInterval { exchange: &'static str, interval: Interval, supported: &'static [Interval] },
    /// Not a well-formed `BASE/QUOTE` symbol.
    InvalidSymbol { given: String, reason: String },
    /// A well-formed symbol this exchange does not list.
    UnknownSymbol { exchange: &'static str, symbol: String, available: Vec<String> },
    /// A candle count outside `1..=max`.
    InvalidLimit { given: usize, max: usize },
    /// Embedded or upstream data that does not parse; a bug or a corrupt build, not
    /// a caller mistake.
    BadData { source: &'static str, line: usize, reason: String },
    /// The exchange throttled us (HTTP 429 or its own code). `retry_after_ms` comes
    /// from Retry-After or the exchange's equivalent when it gives one.
    RateLimited { exchange: &'static str, retry_after_ms: Option<u64>, message: String },
    /// The exchange banned this IP for a while (Binance answers 418 after ignored 429s).
    IpBanned { exchange: &'static str, retry_after_ms: Option<u64>, message: String },
    /// HTTP 451: the exchange refuses this location.
    GeoBlocked { exchange: &'static str, message: String },
    /// Missing, wrong, expired or insufficiently privileged credentials, or a rejected
    /// signature / timestamp.
    AuthFailed { exchange: &'static str, message: String },
    /// The exchange rejected the request for another reason (its own code and text).
    Rejected { exchange: &'static str, code: String, message: String },
    /// Any other non-success HTTP status.
    UpstreamStatus { exchange: &'static str, status: u16, body: String },
    /// A response that does not have the documented shape. `path` locates the bad
    /// field, JSONPath-like (`$[3][4]`, `$.result.list[0].price`).
    MalformedResponse { exchange: &'static str, path: String, reason: String },
    /// A request Sigil cannot express for this exchange (e.g. a market order quantity
    /// in quote currency where only base is supported).
    Unsupported { exchange: &'static str, what: String },
    /// A sealed secret that does not open or parse (see [`crate::vault`]); the reason
    /// never quotes key material.
    Vault { reason: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownExchange { given } => {
                if crate::exchange::PLANNED_EXCHANGES.contains(&given.as_str()) {
                    write!(f, "exchange '{given}': adapters are not available yet; ")?;
                } else {
                    write!(f, "unknown exchange '{given}'; ")?;
                }
                write!(f, "available: {}", crate::exchange::ExchangeId::names().join(", "))
            }
            Error::InvalidInterval { given } => {
                write!(f, "invalid interval '{given}'; expected one of {}", join(Interval::ALL))
            }
            Error::UnsupportedInterval { exchange, interval, supported } => {
                write!(f, "interval {interval} is not available on {exchange}; supported: {}", join(supported))
            }
            Error::InvalidSymbol { given, reason } => write!(f, "invalid symbol '{given}': {reason}"),
            Error::UnknownSymbol { exchange, symbol, available } => {
                write!(f, "symbol {symbol} is not listed on {exchange}; available: {}", available.join(", "))
            }
            Error::InvalidLimit { given, max } => write!(f, "limit {given} is out of range; expected 1..={max}"),
            Error::BadData { source, line, reason } => write!(f, "{source}, line {line}: {reason}"),
            Error::RateLimited { exchange, retry_after_ms, message } => {
                write!(f, "{exchange}: rate limited")?;
                if let Some(ms) = retry_after_ms {
                    write!(f, "; retry after {ms} ms")?;
                }
                write!(f, ": {message}")
            }
            Error::IpBanned { exchange, retry_after_ms, message } => {
                write!(f, "{exchange}: this IP is banned")?;
                if let Some(ms) = retry_after_ms {
                    write!(f, " for {ms} ms")?;
                }
                write!(f, ": {message}")
            }
            Error::GeoBlocked { exchange, message } => write!(f, "{exchange}: unavailable from this location (HTTP 451): {message}"),
            Error::AuthFailed { exchange, message } => write!(f, "{exchange}: authentication failed: {message}"),
            Error::Rejected { exchange, code, message } => write!(f, "{exchange}: rejected ({code}): {message}"),
            Error::UpstreamStatus { exchange, status, body } => write!(f, "{exchange}: HTTP {status}: {body}"),
            Error::MalformedResponse { exchange, path, reason } => write!(f, "{exchange}: malformed response at {path}: {reason}"),
            Error::Unsupported { exchange, what } => write!(f, "{exchange}: not supported: {what}"),
            Error::Vault { reason } => write!(f, "sealed secret: {reason}"),
        }
    }
}

impl std::error::Error for Error {}

fn join(intervals: &[Interval]) -> String {
    intervals.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
}
