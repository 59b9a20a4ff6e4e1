//! CDP API key JWTs for Advanced Trade (`Authorization: Bearer <jwt>`), ES256 as
//! Coinbase's SDK builds them:
//! header `{"alg":"ES256","kid":<key name>,"nonce":<random hex>,"typ":"JWT"}`, claims
//! `{"exp":now+120,"iss":"cdp","nbf":now,"sub":<key name>,"uri":"GET api.coinbase.com/api/v3/…"}`
//! (the path without its query string). The signature is the raw 64-byte `r ‖ s`
//! (RFC 7515 §3.4, not DER), base64url without padding.
//!
//! Signing is RFC 6979 deterministic, so no random number generator is needed (none
//! exists on wasm32-unknown-unknown without JS glue); the header's nonce comes from the
//! caller's [`Auth::random`].

use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use base64::Engine;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use zeroize::Zeroizing;

use super::advanced::ADVANCED_NAME as NAME;
use crate::adapter::Auth;
use crate::error::Error;
use crate::http::Method;
use crate::secret::Secret;

/// How long a token is valid; Coinbase's SDK uses two minutes.
const LIFETIME_S: i64 = 120;

fn refuse(what: &str) -> Error {
    Error::AuthFailed {
        exchange: NAME,
        message: format!(
            "{what}; Coinbase CDP API keys for Sigil are ECDSA P-256 private keys in PEM ('BEGIN EC PRIVATE KEY' or 'BEGIN PRIVATE KEY')"
        ),
    }
}

/// The key of a CDP API secret: SEC1 (`EC PRIVATE KEY`, what Coinbase hands out) or
/// PKCS#8 (`PRIVATE KEY`) PEM. Literal `\n` sequences, as left by pasting the key's JSON
/// into an environment variable, count as line breaks.
pub(crate) fn signing_key(secret: &Secret) -> Result<SigningKey, Error> {
    let text = secret.expose_str().ok_or_else(|| refuse("the API secret is not UTF-8 text"))?;
    let pem = Zeroizing::new(text.trim().replace("\\n", "\n"));
    // Parse errors are not passed on: they could quote key bytes.
    if pem.starts_with("-----BEGIN EC PRIVATE KEY-----") {
        let key = p256::SecretKey::from_sec1_pem(&pem).map_err(|_| refuse("the EC PRIVATE KEY is not a valid P-256 key"))?;
        Ok(SigningKey::from(&key))
    } else if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
        SigningKey::from_pkcs8_pem(&pem).map_err(|_| refuse("the PRIVATE KEY is not an unencrypted P-256 key"))
    } else {
        Err(refuse("the API secret is not a PEM private key"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `"<METHOD> <host><path>"`, the `uri` claim.
pub(crate) fn uri_claim(method: Method, host: &str, path: &str) -> String {
    format!("{} {host}{path}", method.as_str())
}

/// A signed JWT for one request. `host` is the API host without scheme
/// (`api.coinbase.com`), `path` the request path without its query string.
pub(crate) fn token(auth: &Auth, method: Method, host: &str, path: &str) -> Result<String, Error> {
    let key_name = auth.credentials.api_key.as_str();
    if key_name.is_empty() {
        return Err(Error::AuthFailed {
            exchange: NAME, message: "the API key name is empty (expected organizations/…/apiKeys/…)".into()
        });
    }
    let key = signing_key(&auth.credentials.secret)?;
    let now_s = auth.now_ms.div_euclid(1000);
    let header = serde_json::json!({ "alg": "ES256", "kid": key_name, "nonce": hex(&auth.random), "typ": "JWT" });
    let claims = serde_json::json!({
        "exp": now_s.saturating_add(LIFETIME_S),
        "iss": "cdp",
        "nbf": now_s,
        "sub": key_name,
        "uri": uri_claim(method, host, path),
    });
    let signing_input = format!("{}.{}", BASE64URL.encode(header.to_string()), BASE64URL.encode(claims.to_string()));
    let signature: Signature = key.sign(signing_input.as_bytes());
    Ok(format!("{signing_input}.{}", BASE64URL.encode(signature.to_bytes())))
}
