//! Error bodies of both Coinbase APIs mapped to Sigil's typed errors.
//!
//! The Exchange API answers failures with an HTTP status and `{"message":"NotFound"}`
//! (no codes). Advanced Trade answers `{"error":"INVALID_ARGUMENT","error_details":…,
//! "message":…}`, its older v2 shape `{"errors":[{"id":"authentication_error",…}]}`, or a
//! bare `Unauthorized` text on 401. Order placement and cancels report per-order
//! failures inside HTTP 200 bodies; the parsers read those.

use serde_json::Value;

use crate::error::Error;
use crate::http::{snippet, Response};
use crate::shared::parse_json;
use crate::symbol::Symbol;

/// Advanced Trade codes meaning the key, token or its permissions were refused.
const ADVANCED_AUTH_CODES: &[&str] =
    &["UNAUTHENTICATED", "PERMISSION_DENIED", "authentication_error", "invalid_token", "expired_token", "revoked_token", "invalid_scope"];
const ADVANCED_RATE_CODES: &[&str] = &["RATE_LIMIT_EXCEEDED", "rate_limit_exceeded"];

fn text(object: &serde_json::Map<String, Value>, name: &str) -> Option<String> {
    object.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Whether an error message is about the signature, key, passphrase or the signing
/// clock ("request timestamp expired"); a bare "timestamp" could be a candle range.
fn mentions_auth(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    ["api key", "signature", "passphrase", "request timestamp", "invalid timestamp", "unauthorized", "permission"]
        .iter()
        .any(|words| lower.contains(words))
}

/// Whether an error message says the product itself does not exist.
fn mentions_unknown_product(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    ["product not found", "productid is invalid", "product_id is invalid", "invalid product"].iter().any(|words| lower.contains(words))
}

struct Failure {
    code: Option<String>,
    message: String,
}

/// Shared classification: throttling, auth, upstream trouble and unknown products,
/// else a rejection carrying the exchange's own code (or the HTTP status).
fn classify(
    exchange: &'static str,
    response: &Response,
    failure: Failure,
    symbol: Option<&Symbol>,
    auth_codes: &[&str],
    rate_codes: &[&str],
) -> Error {
    let code = failure.code.unwrap_or_else(|| response.status.to_string());
    let message = snippet(&failure.message);
    let described = format!("{message} ({code})");
    if response.status == 429 || rate_codes.contains(&code.as_str()) || message.to_ascii_lowercase().contains("rate limit") {
        return Error::RateLimited { exchange, retry_after_ms: response.retry_after_ms(), message: described };
    }
    if matches!(response.status, 418 | 451) {
        if let Err(err) = response.check_status(exchange) {
            return err;
        }
    }
    if matches!(response.status, 401 | 403) || auth_codes.contains(&code.as_str()) || mentions_auth(&message) {
        return Error::AuthFailed { exchange, message: described };
    }
    if response.status >= 500 {
        // The request's fate is unknown (an order may exist), so this is not a rejection.
        return Error::UpstreamStatus { exchange, status: response.status, body: described };
    }
    if let Some(symbol) = symbol {
        if response.status == 404 || mentions_unknown_product(&message) {
            return Error::UnknownSymbol { exchange, symbol: symbol.to_string(), available: Vec::new() };
        }
    }
    Error::Rejected { exchange, code, message }
}

/// The parsed body of a successful Exchange API response, or the typed error.
/// `symbol` is given for calls about one product, where 404 means the product is unknown
/// (on cancels 404 means the order is, so they pass `None`).
pub(crate) fn exchange_checked(exchange: &'static str, response: &Response, symbol: Option<&Symbol>) -> Result<Value, Error> {
    if (200..300).contains(&response.status) {
        return parse_json(exchange, &response.body);
    }
    let message = serde_json::from_str::<Value>(&response.body).ok().and_then(|v| v.as_object().and_then(|o| text(o, "message")));
    let Some(message) = message else {
        // No Coinbase error body (a proxy's HTML page, an empty 404): the status decides.
        response.check_status(exchange)?;
        return Err(Error::UpstreamStatus { exchange, status: response.status, body: snippet(&response.body) });
    };
    Err(classify(exchange, response, Failure { code: None, message }, symbol, &[], &[]))
}

/// The parsed body of a successful Advanced Trade response, or the typed error.
pub(crate) fn advanced_checked(exchange: &'static str, response: &Response, symbol: Option<&Symbol>) -> Result<Value, Error> {
    if (200..300).contains(&response.status) {
        return parse_json(exchange, &response.body);
    }
    let failure = serde_json::from_str::<Value>(&response.body).ok().and_then(|value| {
        let object = value.as_object()?;
        if let Some(code) = text(object, "error") {
            let message = text(object, "message").or_else(|| text(object, "error_details")).unwrap_or_default();
            return Some(Failure { code: Some(code), message });
        }
        let first = object.get("errors")?.as_array()?.first()?.as_object()?;
        Some(Failure { code: text(first, "id"), message: text(first, "message").unwrap_or_default() })
    });
    let Some(failure) = failure else {
        response.check_status(exchange)?;
        return Err(Error::UpstreamStatus { exchange, status: response.status, body: snippet(&response.body) });
    };
    Err(classify(exchange, response, failure, symbol, ADVANCED_AUTH_CODES, ADVANCED_RATE_CODES))
}

/// A per-order failure inside a 200 body (Advanced Trade order and cancel results).
pub(crate) fn order_rejected(exchange: &'static str, code: &str, message: &str) -> Error {
    let lower = code.to_ascii_lowercase();
    if lower.contains("rate_limit") {
        return Error::RateLimited { exchange, retry_after_ms: None, message: snippet(message) };
    }
    if lower.contains("permission") || lower.contains("unauthenticated") {
        return Error::AuthFailed { exchange, message: format!("{} ({code})", snippet(message)) };
    }
    Error::Rejected { exchange, code: code.to_string(), message: snippet(message) }
}
