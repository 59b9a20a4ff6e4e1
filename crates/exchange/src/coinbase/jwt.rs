//! CDP API key JWTs for Advanced Trade (`Authorization: Bearer <jwt>`), as Coinbase's
//! SDK builds them: ES256 for ECDSA P-256 keys, EdDSA for Ed25519 keys (which CDP now
//! issues by default);
//! header `{"alg":"ES256","kid":<key name>,"nonce":<random hex>,"typ":"JWT"}`, claims
//! `{"exp":now+120,"iss":"cdp","nbf":now,"sub":<key name>,"uri":"GET api.coinbase.com/api/v3/…"}`
//! (the path without its query string). The signature is the raw 64-byte `r ‖ s`
//! (RFC 7515 §3.4, not DER), base64url without padding; an Ed25519 signature is 64
//! bytes as well.
//!
//! ECDSA signing is RFC 6979 deterministic (Ed25519 is deterministic by design), so no random number generator is needed (none
//! exists on wasm32-unknown-unknown without JS glue); the header's nonce comes from the
//! caller's [`Auth::random`].

use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD as BASE64URL};
use base64::Engine;
use p256::ecdsa::signature::Signer;
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
            "{what}; Coinbase CDP API secrets are an ECDSA P-256 PEM key ('BEGIN EC PRIVATE KEY' or 'BEGIN PRIVATE KEY') \
             or a base64 Ed25519 key"
        ),
    }
}

/// The private key of a CDP API secret. Both are wiped from memory on drop.
pub(crate) enum CdpKey {
    Es256(p256::ecdsa::SigningKey),
    EdDsa(Box<ed25519_dalek::SigningKey>),
}

impl CdpKey {
    fn algorithm(&self) -> &'static str {
        match self {
            CdpKey::Es256(_) => "ES256",
            CdpKey::EdDsa(_) => "EdDSA",
        }
    }

    fn sign(&self, message: &[u8]) -> [u8; 64] {
        match self {
            CdpKey::Es256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_bytes().into()
            }
            CdpKey::EdDsa(key) => key.sign(message).to_bytes(),
        }
    }
}

/// Reads a CDP API secret the way Coinbase's SDK does:
/// - PEM: SEC1 `EC PRIVATE KEY` (P-256, what Coinbase handed out first) or PKCS#8
///   `PRIVATE KEY` holding a P-256 or an Ed25519 key. Literal `\n` sequences, as left by
///   pasting the key's JSON into an environment variable, count as line breaks;
/// - otherwise base64 (whitespace ignored) of an Ed25519 key: the 32-byte seed, or the
///   64 bytes seed ‖ public key that CDP issues, whose public half must match the seed.
pub(crate) fn signing_key(secret: &Secret) -> Result<CdpKey, Error> {
    let text = secret.expose_str().ok_or_else(|| refuse("the API secret is not UTF-8 text"))?;
    let trimmed = text.trim();
    // Parse errors are never passed on: they could quote key bytes.
    if trimmed.starts_with("-----BEGIN") {
        let pem = Zeroizing::new(trimmed.replace("\\n", "\n"));
        if pem.starts_with("-----BEGIN EC PRIVATE KEY-----") {
            let key = p256::SecretKey::from_sec1_pem(&pem).map_err(|_| refuse("the EC PRIVATE KEY is not a valid P-256 key"))?;
            return Ok(CdpKey::Es256(p256::ecdsa::SigningKey::from(&key)));
        }
        if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
            if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(&pem) {
                return Ok(CdpKey::Es256(key));
            }
            let key = ed25519_dalek::SigningKey::from_pkcs8_pem(&pem)
                .map_err(|_| refuse("the PRIVATE KEY is neither an unencrypted P-256 nor an Ed25519 key"))?;
            return Ok(CdpKey::EdDsa(Box::new(key)));
        }
        return Err(refuse("this kind of PEM key is not supported"));
    }
    let compact: Zeroizing<String> = Zeroizing::new(trimmed.chars().filter(|c| !c.is_whitespace()).collect());
    let raw = Zeroizing::new(BASE64.decode(compact.as_bytes()).map_err(|_| refuse("the API secret is neither PEM nor base64"))?);
    let mut seed = Zeroizing::new([0u8; 32]);
    match raw.len() {
        32 | 64 => seed.copy_from_slice(raw.get(..32).unwrap_or_default()),
        length => return Err(refuse(&format!("a base64 Ed25519 secret decodes to 32 or 64 bytes, this one to {length}"))),
    }
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    if raw.len() == 64 && raw.get(32..) != Some(key.verifying_key().as_bytes().as_slice()) {
        return Err(refuse("the Ed25519 secret's public half does not match its private half"));
    }
    Ok(CdpKey::EdDsa(Box::new(key)))
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
    let header = serde_json::json!({ "alg": key.algorithm(), "kid": key_name, "nonce": hex(&auth.random), "typ": "JWT" });
    let claims = serde_json::json!({
        "exp": now_s.saturating_add(LIFETIME_S),
        "iss": "cdp",
        "nbf": now_s,
        "sub": key_name,
        "uri": uri_claim(method, host, path),
    });
    let signing_input = format!("{}.{}", BASE64URL.encode(header.to_string()), BASE64URL.encode(claims.to_string()));
    Ok(format!("{signing_input}.{}", BASE64URL.encode(key.sign(signing_input.as_bytes()))))
}
