//! Kraken reports failures as strings in `error` (`"EAPI:Invalid nonce"`), usually
//! with HTTP 200; this turns them into Sigil's typed errors.

use serde_json::Value;

use super::NAME;
use crate::error::Error;
use crate::http::{snippet, Response};
use crate::shared::{parse_json, Json};
use crate::symbol::Symbol;

/// Prefixes meaning our credentials, signature or nonce were refused. An invalid nonce
/// is a broken caller-side counter, which only fixing the key's setup cures.
const AUTH_ERRORS: &[&str] = &["EAPI:Invalid key", "EAPI:Invalid signature", "EAPI:Invalid nonce", "EGeneral:Permission denied"];
/// Prefixes meaning we were throttled; the lockout follows repeated rate-limit hits.
const RATE_ERRORS: &[&str] =
    &["EAPI:Rate limit exceeded", "EOrder:Rate limit exceeded", "EGeneral:Temporary lockout", "EGeneral:Too many requests"];
const UNKNOWN_PAIR: &str = "EQuery:Unknown asset pair";

/// Checks the status and the `error` list, and returns the parsed body. Warnings
/// (`W…` entries) do not fail a call. `symbol` turns an unknown-pair error into
/// [`Error::UnknownSymbol`].
pub(crate) fn checked_body(response: &Response, symbol: Option<&Symbol>) -> Result<Value, Error> {
    response.check_status(NAME)?;
    let body = parse_json(NAME, &response.body)?;
    let root = Json::root(NAME, &body);
    let mut errors = Vec::new();
    for entry in root.get("error")?.items()? {
        let text = entry.str()?;
        if text.starts_with('E') {
            errors.push(text);
        }
    }
    match errors.first() {
        None => Ok(body),
        Some(first) => Err(classify(first, &errors.join("; "), response, symbol)),
    }
}

fn classify(first: &str, all: &str, response: &Response, symbol: Option<&Symbol>) -> Error {
    let message = snippet(all);
    if AUTH_ERRORS.iter().any(|prefix| first.starts_with(prefix)) {
        return Error::AuthFailed { exchange: NAME, message };
    }
    if RATE_ERRORS.iter().any(|prefix| first.starts_with(prefix)) {
        return Error::RateLimited { exchange: NAME, retry_after_ms: response.retry_after_ms(), message };
    }
    if let (true, Some(symbol)) = (first.starts_with(UNKNOWN_PAIR), symbol) {
        return Error::UnknownSymbol { exchange: NAME, symbol: symbol.to_string(), available: Vec::new() };
    }
    // "EGeneral:Invalid arguments:volume" → code "EGeneral:Invalid arguments".
    let code = first.splitn(3, ':').take(2).collect::<Vec<_>>().join(":");
    Error::Rejected { exchange: NAME, code, message }
}
