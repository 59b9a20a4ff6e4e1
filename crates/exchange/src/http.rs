//! Requests and responses as plain values: adapters build a [`Request`], the caller
//! (worker, CLI, tests) performs it and hands back a [`Response`] to parse. No IO here.

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// An HTTP request to send. `url` is absolute and already carries the query string;
/// `headers` may hold an API key and signature, so never log a request whole.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl std::fmt::Debug for Request {
    /// Header values and signature query parameters are hidden: logs must not carry
    /// keys or signatures (a signature replays until its timestamp expires).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &redact_signature(&self.url))
            .field("headers", &names)
            .finish_non_exhaustive()
    }
}

/// The URL with the value of any `signature` query parameter replaced by `***`.
fn redact_signature(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else { return url.to_string() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("signature") => format!("{name}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

impl Request {
    pub fn get(url: impl Into<String>) -> Request {
        Request { method: Method::Get, url: url.into(), headers: Vec::new(), body: None }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What came back. Header names are matched case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn new(status: u16, body: impl Into<String>) -> Response {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// `Retry-After` in milliseconds (the header is in seconds; HTTP dates are not
    /// used by the exchanges Sigil talks to and read as absent).
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.saturating_mul(1000))
    }

    /// The HTTP-level failures every exchange shares: 429, 418, 451, 401/403, 5xx.
    /// Adapters call this first, then read their own error bodies.
    pub fn check_status(&self, exchange: &'static str) -> Result<(), Error> {
        let message = || snippet(&self.body);
        match self.status {
            200..=299 => Ok(()),
            429 => Err(Error::RateLimited { exchange, retry_after_ms: self.retry_after_ms(), message: message() }),
            418 => Err(Error::IpBanned { exchange, retry_after_ms: self.retry_after_ms(), message: message() }),
            451 => Err(Error::GeoBlocked { exchange, message: message() }),
            401 | 403 => Err(Error::AuthFailed { exchange, message: message() }),
            status => Err(Error::UpstreamStatus { exchange, status, body: message() }),
        }
    }
}

/// The start of a body for an error message: bodies can be large HTML pages.
pub fn snippet(body: &str) -> String {
    const MAX: usize = 300;
    match body.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_statuses_become_typed_errors() {
        let mut r = Response::new(429, "slow down");
        r.headers.push(("Retry-After".into(), "7".into()));
        assert_eq!(r.check_status("x"), Err(Error::RateLimited { exchange: "x", retry_after_ms: Some(7000), message: "slow down".into() }));
        assert!(matches!(Response::new(418, "").check_status("x"), Err(Error::IpBanned { .. })));
        assert!(matches!(Response::new(451, "").check_status("x"), Err(Error::GeoBlocked { .. })));
        assert!(matches!(Response::new(401, "").check_status("x"), Err(Error::AuthFailed { .. })));
        assert!(matches!(Response::new(502, "").check_status("x"), Err(Error::UpstreamStatus { status: 502, .. })));
        assert!(Response::new(200, "").check_status("x").is_ok());
    }

    #[test]
    fn debug_hides_header_values() {
        let mut r = Request::get("https://example.test/x");
        r.headers.push(("X-MBX-APIKEY".into(), "very-secret".into()));
        assert!(!format!("{r:?}").contains("very-secret"));
        let signed = Request::get("https://x.test/api?symbol=BTCUSDT&timestamp=1&signature=abcdef0123");
        let shown = format!("{signed:?}");
        assert!(!shown.contains("abcdef0123") && shown.contains("symbol=BTCUSDT&timestamp=1&signature=***"), "{shown}");
    }
}
