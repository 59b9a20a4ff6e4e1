//! Binance's error bodies (`{"code":-1121,"msg":"Invalid symbol."}`) and HTTP
//! statuses mapped to Sigil's typed errors. Codes from Binance's `errors.md`.

use serde_json::Value;

use super::NAME;
use crate::error::Error;
use crate::http::{snippet, Response};

/// `-1003 TOO_MANY_REQUESTS`: request weight exceeded (normally with HTTP 429).
const TOO_MANY_REQUESTS: i64 = -1003;
/// `-1015 TOO_MANY_ORDERS`: the per-account order rate limit.
const TOO_MANY_ORDERS: i64 = -1015;
/// `-1002 UNAUTHORIZED`.
const UNAUTHORIZED: i64 = -1002;
/// `-1021 INVALID_TIMESTAMP`: outside recvWindow, i.e. our clock is off.
const INVALID_TIMESTAMP: i64 = -1021;
/// `-1022 INVALID_SIGNATURE`.
const INVALID_SIGNATURE: i64 = -1022;
/// `-1121 BAD_SYMBOL`: "Invalid symbol."
const BAD_SYMBOL: i64 = -1121;
/// `-2014 BAD_API_KEY_FMT`.
const BAD_API_KEY_FORMAT: i64 = -2014;
/// `-2015 REJECTED_MBX_KEY`: "Invalid API-key, IP, or permissions for action."
const REJECTED_API_KEY: i64 = -2015;

/// Longer successful bodies are not checked for an error object.
const MAX_ERROR_BODY_LEN: usize = 4096;

/// A Binance error body, when the body is one.
fn error_body(body: &str) -> Option<(i64, String)> {
    let value: Value = serde_json::from_str(body).ok()?;
    let object = value.as_object()?;
    let code = object.get("code")?.as_i64()?;
    let message = object.get("msg")?.as_str()?;
    Some((code, snippet(message)))
}

/// Passes a successful response through; turns anything else into a typed error.
/// `symbol` is the unified symbol the request was about, when the operation has one,
/// so that "Invalid symbol." can become [`Error::UnknownSymbol`].
pub(crate) fn check(response: &Response, symbol: Option<&str>) -> Result<(), Error> {
    let success = (200..300).contains(&response.status);
    // A 2xx carrying an error object is not documented for Binance, but a proxy or the
    // fake exchange may produce one; reading it as data would fail less clearly. Error
    // bodies are tiny, so large successes (exchangeInfo runs to megabytes) are not
    // parsed twice to find out.
    if success && (response.body.len() > MAX_ERROR_BODY_LEN || !response.body.trim_start().starts_with('{')) {
        return Ok(());
    }
    let body = error_body(&response.body);
    if success && body.as_ref().is_none_or(|(code, _)| *code == 0) {
        return Ok(());
    }
    let Some((code, message)) = body else { return response.check_status(NAME) };
    let retry_after_ms = response.retry_after_ms();
    match (response.status, code, symbol) {
        (418, _, _) => Err(Error::IpBanned { exchange: NAME, retry_after_ms, message }),
        (429, _, _) | (_, TOO_MANY_REQUESTS | TOO_MANY_ORDERS, _) => Err(Error::RateLimited { exchange: NAME, retry_after_ms, message }),
        (451, _, _) => Err(Error::GeoBlocked { exchange: NAME, message }),
        (_, UNAUTHORIZED | INVALID_TIMESTAMP | INVALID_SIGNATURE | BAD_API_KEY_FORMAT | REJECTED_API_KEY, _) => {
            Err(Error::AuthFailed { exchange: NAME, message: format!("{message} (code {code})") })
        }
        (_, BAD_SYMBOL, Some(symbol)) => Err(Error::UnknownSymbol { exchange: NAME, symbol: symbol.to_string(), available: Vec::new() }),
        // 5xx: the request's fate is unknown (an order may have been placed), so it is
        // reported as an upstream failure, not as a rejection.
        (500..=599, _, _) => {
            Err(Error::UpstreamStatus { exchange: NAME, status: response.status, body: format!("{message} (code {code})") })
        }
        (401 | 403, _, _) => Err(Error::AuthFailed { exchange: NAME, message: format!("{message} (code {code})") }),
        _ => Err(Error::Rejected { exchange: NAME, code: code.to_string(), message }),
    }
}
