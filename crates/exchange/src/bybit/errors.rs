//! Bybit answers `{"retCode":10001,"retMsg":"params error","result":{},"time":…}`,
//! mostly with HTTP 200. Codes from Bybit's v5 error-code table.

use serde_json::Value;

use super::NAME;
use crate::error::Error;
use crate::http::{snippet, Response};
use crate::shared::{parse_json, Json};
use crate::symbol::Symbol;

/// Timestamp/recv-window, API key, signature, permission, authentication, IP
/// allow-list and key expiry failures.
const AUTH_CODES: &[i64] = &[10002, 10003, 10004, 10005, 10007, 10010, 33004];
/// "Too many visits" (per-UID limit) and the per-IP limit.
const RATE_CODES: &[i64] = &[10006, 10018];
/// Spot trading's "Invalid symbol." (order placement on an unlisted pair).
const SPOT_INVALID_SYMBOL: i64 = 170121;
/// `retCode` 10001 is Bybit's generic parameter error; only these messages of it say
/// the symbol itself is unknown ("Not supported symbols" on /v5/market/tickers,
/// "Symbol Is Invalid" / "symbol invalid" on kline and order endpoints).
const UNKNOWN_SYMBOL_MESSAGES: &[&str] = &["not supported symbol", "symbol is invalid", "symbol invalid", "invalid symbol"];
/// Internal server error: the call's fate is unknown.
const SERVER_ERROR: i64 = 10016;
/// Bybit's per-IP block ("access too frequent") lasts at least this long.
const IP_BLOCK_MS: u64 = 10 * 60 * 1000;

/// Checks the status and `retCode`, and returns the parsed body.
pub(crate) fn checked_body(response: &Response) -> Result<Value, Error> {
    checked_body_for(response, None)
}

/// [`checked_body`] for a call about one `symbol`, where an unknown-symbol answer
/// becomes [`Error::UnknownSymbol`] rather than a generic rejection.
pub(crate) fn checked_body_for(response: &Response, symbol: Option<&Symbol>) -> Result<Value, Error> {
    let Ok(body) = parse_json(NAME, &response.body) else {
        http_status(response)?;
        return parse_json(NAME, &response.body);
    };
    let root = Json::root(NAME, &body);
    let code = match root.get("retCode").and_then(|c| c.i64()) {
        Ok(code) => code,
        Err(shape) => {
            http_status(response)?;
            return Err(shape);
        }
    };
    if code == 0 {
        http_status(response)?;
        return Ok(body);
    }
    let message = snippet(root.get_opt("retMsg").ok().flatten().and_then(|m| m.str().ok()).unwrap_or(""));
    let described = format!("{message} (retCode {code})");
    Err(if AUTH_CODES.contains(&code) {
        Error::AuthFailed { exchange: NAME, message: described }
    } else if RATE_CODES.contains(&code) {
        Error::RateLimited { exchange: NAME, retry_after_ms: retry_after_ms(response, &root), message: described }
    } else if code == SERVER_ERROR || response.status >= 500 {
        Error::UpstreamStatus { exchange: NAME, status: response.status, body: described }
    } else if let Some(symbol) = symbol.filter(|_| means_unknown_symbol(code, &message)) {
        Error::UnknownSymbol { exchange: NAME, symbol: symbol.to_string(), available: Vec::new() }
    } else {
        Error::Rejected { exchange: NAME, code: code.to_string(), message }
    })
}

fn means_unknown_symbol(code: i64, message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    code == SPOT_INVALID_SYMBOL || (code == 10001 && UNKNOWN_SYMBOL_MESSAGES.iter().any(|words| lower.contains(words)))
}

/// Bybit's 403 without a JSON body is either its per-IP rate block or CloudFront's
/// country block, not a credentials problem; everything else is the shared mapping.
fn http_status(response: &Response) -> Result<(), Error> {
    if response.status == 403 {
        let message = snippet(&response.body);
        if response.body.contains("country") || response.body.contains("CloudFront") {
            return Err(Error::GeoBlocked { exchange: NAME, message });
        }
        return Err(Error::RateLimited { exchange: NAME, retry_after_ms: Some(IP_BLOCK_MS), message });
    }
    response.check_status(NAME)
}

/// When the per-UID limit resets, from `X-Bapi-Limit-Reset-Timestamp` and the body's
/// server `time`: both are Bybit's clock, so no local clock is needed.
fn retry_after_ms(response: &Response, root: &Json) -> Option<u64> {
    let until_reset = || {
        let reset: i64 = response.header("X-Bapi-Limit-Reset-Timestamp")?.trim().parse().ok()?;
        let server_time = root.get_opt("time").ok().flatten()?.i64().ok()?;
        u64::try_from(reset.checked_sub(server_time)?).ok()
    };
    until_reset().or_else(|| response.retry_after_ms())
}
