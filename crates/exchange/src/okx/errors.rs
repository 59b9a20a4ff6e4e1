//! OKX answers `{"code":"51001","msg":"Instrument ID does not exist","data":[]}`; batch
//! and order calls put the real code in `data[i].sCode`/`sMsg` under a top-level
//! `"1"` (all failed) or `"2"` (some failed). Codes from OKX's v5 error-code table.

use serde_json::Value;

use super::NAME;
use crate::error::Error;
use crate::http::{snippet, Response};
use crate::shared::{parse_json, Json};
use crate::symbol::Symbol;

/// Credentials, passphrase, signature, timestamp, IP allow-list or key environment refused.
const AUTH_CODES: &[&str] =
    &["50100", "50101", "50102", "50103", "50104", "50105", "50106", "50107", "50110", "50111", "50112", "50113", "50114"];
/// "Rate limit reached" and its sub-account variant.
const RATE_CODES: &[&str] = &["50011", "50061"];
/// Service unavailable, system busy, system error: the call's fate is unknown.
const UPSTREAM_CODES: &[&str] = &["50001", "50013", "50026"];
const UNKNOWN_INSTRUMENT: &str = "51001";
/// Top-level codes that only say "see data[i].sCode".
const BATCH_FAILED: &[&str] = &["1", "2"];

/// A code field, which OKX sends as a string but a fake or proxy may send as a number.
fn code_of(node: &Json) -> Option<String> {
    match node.value() {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The per-item failure of an order call, when `item` carries one.
pub(crate) fn item_error(item: &Json, response: &Response, symbol: Option<&Symbol>) -> Result<(), Error> {
    let Ok(Some(code)) = item.get_opt("sCode").map(|c| c.as_ref().and_then(code_of)) else { return Ok(()) };
    if code == "0" {
        return Ok(());
    }
    let message = item.get_opt("sMsg").ok().flatten().and_then(|m| m.str().ok()).unwrap_or("").to_string();
    Err(classify(&code, &message, response, symbol))
}

/// Checks the status and `code`, and returns the parsed body.
pub(crate) fn checked_body(response: &Response, symbol: Option<&Symbol>) -> Result<Value, Error> {
    let Ok(body) = parse_json(NAME, &response.body) else {
        response.check_status(NAME)?;
        return parse_json(NAME, &response.body);
    };
    let root = Json::root(NAME, &body);
    let code = root.get_opt("code").ok().flatten().and_then(|c| code_of(&c));
    match code.as_deref() {
        None => {
            response.check_status(NAME)?;
            Err(root.get("code")?.malformed("expected a string code"))
        }
        Some("0") => {
            response.check_status(NAME)?;
            Ok(body)
        }
        Some(code) => {
            if BATCH_FAILED.contains(&code) {
                if let Ok(Some(items)) = root.get_opt("data").map(|d| d.and_then(|d| d.items().ok())) {
                    for item in &items {
                        item_error(item, response, symbol)?;
                    }
                }
            }
            let message = root.get_opt("msg").ok().flatten().and_then(|m| m.str().ok()).unwrap_or("").to_string();
            Err(classify(code, &message, response, symbol))
        }
    }
}

fn classify(code: &str, message: &str, response: &Response, symbol: Option<&Symbol>) -> Error {
    let message = snippet(message);
    let described = format!("{message} (code {code})");
    if AUTH_CODES.contains(&code) {
        return Error::AuthFailed { exchange: NAME, message: described };
    }
    if RATE_CODES.contains(&code) || response.status == 429 {
        return Error::RateLimited { exchange: NAME, retry_after_ms: response.retry_after_ms(), message: described };
    }
    if UPSTREAM_CODES.contains(&code) || response.status >= 500 {
        return Error::UpstreamStatus { exchange: NAME, status: response.status, body: described };
    }
    if let (UNKNOWN_INSTRUMENT, Some(symbol)) = (code, symbol) {
        return Error::UnknownSymbol { exchange: NAME, symbol: symbol.to_string(), available: Vec::new() };
    }
    if matches!(response.status, 401 | 403) {
        return Error::AuthFailed { exchange: NAME, message: described };
    }
    Error::Rejected { exchange: NAME, code: code.to_string(), message }
}
