//! Coinbase Exchange request signing:
//! `CB-ACCESS-SIGN = base64(HMAC-SHA256(base64decode(secret), timestamp ‖ METHOD ‖ requestPath ‖ body))`,
//! where requestPath carries the query string and the timestamp is Unix seconds.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::exchange::EXCHANGE_NAME as NAME;
use crate::adapter::Auth;
use crate::error::Error;
use crate::http::{Method, Request};

/// The `CB-ACCESS-SIGN` value. `secret` is the key's secret as Coinbase issues it
/// (base64 text); surrounding whitespace from a secrets file is ignored.
pub(crate) fn access_sign(secret: &[u8], prehash: &str) -> Result<String, Error> {
    let key = Zeroizing::new(BASE64.decode(secret.trim_ascii()).map_err(|_| Error::AuthFailed {
        exchange: NAME,
        message: "the API secret is not base64 (Coinbase Exchange issues it base64-encoded)".into(),
    })?);
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC accepts keys of any length");
    mac.update(prehash.as_bytes());
    Ok(BASE64.encode(mac.finalize().into_bytes()))
}

/// A signed request to `{base_url}{path_and_query}`; `body` is sent (and signed) as is.
pub(crate) fn signed_request(
    base_url: &str,
    method: Method,
    path_and_query: &str,
    body: Option<String>,
    auth: &Auth,
) -> Result<Request, Error> {
    let passphrase = auth.credentials.passphrase.as_ref().and_then(|p| p.expose_str()).ok_or_else(|| Error::AuthFailed {
        exchange: NAME,
        message: "Coinbase Exchange API keys come with a passphrase; none (or a non-UTF-8 one) was configured".into(),
    })?;
    // Whole seconds: Coinbase accepts decimals too, but nothing is gained by them.
    let timestamp = auth.now_ms.div_euclid(1000).to_string();
    let prehash = format!("{timestamp}{}{path_and_query}{}", method.as_str(), body.as_deref().unwrap_or(""));
    let mut headers = vec![
        ("CB-ACCESS-KEY".to_string(), auth.credentials.api_key.clone()),
        ("CB-ACCESS-SIGN".to_string(), access_sign(auth.credentials.secret.expose(), &prehash)?),
        ("CB-ACCESS-TIMESTAMP".to_string(), timestamp),
        ("CB-ACCESS-PASSPHRASE".to_string(), passphrase.to_string()),
    ];
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    Ok(Request { method, url: format!("{base_url}{path_and_query}"), headers, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The [DERIVED] fixtures of shared/docs/exchanges-and-edge.md §2.2 (no vendor vector
    /// exists): a made-up secret, base64 of `secret-key-for-tests-only`.
    #[test]
    fn derived_vectors_from_the_docs() {
        let secret = b"c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==";
        assert_eq!(access_sign(secret, "1700000000GET/accounts").unwrap(), "JI0lcy+HLYIhOac+7WNpIvoNvdVuAdRUH/HMqUx0Kso=");
        assert_eq!(
            access_sign(secret, "1700000000GET/products/BTC-USD/candles?granularity=60").unwrap(),
            "efEkX4sb3T4NT3TJLDe8i7leESpFll5ew866b2zSoOo="
        );
        assert_eq!(
            access_sign(secret, r#"1700000000.123POST/orders{"price":"1.0","size":"1.0","side":"buy","product_id":"BTC-USD"}"#).unwrap(),
            "g+TNiZ+K6GU1V8gaV/8624C/oY/nTHdioovSMRDTSCE="
        );
        assert_eq!(
            access_sign(b"  c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==\n", "1700000000GET/accounts").unwrap(),
            "JI0lcy+HLYIhOac+7WNpIvoNvdVuAdRUH/HMqUx0Kso="
        );
        assert!(matches!(access_sign(b"not base64!", "x"), Err(Error::AuthFailed { .. })));
    }
}
