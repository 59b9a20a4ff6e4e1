//! Kraken's private-call signature:
//! `API-Sign = base64(HMAC-SHA512(base64decode(secret), uri_path ‖ SHA256(nonce ‖ post_data)))`,
//! where the SHA-256 is the raw 32-byte digest and `post_data` is the exact body sent.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroizing;

use super::NAME;
use crate::adapter::Auth;
use crate::error::Error;
use crate::http::{Method, Request};

/// The `API-Sign` value. `secret` is the key as Kraken issues it (base64 text).
pub(crate) fn api_sign(secret: &[u8], uri_path: &str, nonce: u64, post_data: &str) -> Result<String, Error> {
    let key = Zeroizing::new(BASE64.decode(secret).map_err(|_| Error::AuthFailed {
        exchange: NAME,
        message: "the API secret is not base64 (Kraken issues it base64-encoded)".into(),
    })?);
    let mut inner = Sha256::new();
    inner.update(nonce.to_string().as_bytes());
    inner.update(post_data.as_bytes());
    let mut mac = Hmac::<Sha512>::new_from_slice(&key).expect("HMAC accepts keys of any length");
    mac.update(uri_path.as_bytes());
    mac.update(&inner.finalize());
    Ok(BASE64.encode(mac.finalize().into_bytes()))
}

/// Form-encodes one value. The adapter only sends values it has validated, so this is
/// a safety net against body injection (`&`, `=`) rather than a general encoder.
fn form_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `nonce=<nonce>&k=v…` in the order given: the nonce leads, as in Kraken's examples.
pub(crate) fn form_body(nonce: u64, params: &[(&str, String)]) -> String {
    let mut body = format!("nonce={nonce}");
    for (name, value) in params {
        body.push('&');
        body.push_str(name);
        body.push('=');
        body.push_str(&form_value(value));
    }
    body
}

/// A signed `POST {base_url}{uri_path}` carrying `params` after the caller's nonce.
pub(crate) fn signed_post(base_url: &str, uri_path: &str, auth: &Auth, params: &[(&str, String)]) -> Result<Request, Error> {
    let body = form_body(auth.nonce, params);
    let signature = api_sign(auth.credentials.secret.expose(), uri_path, auth.nonce, &body)?;
    Ok(Request {
        method: Method::Post,
        url: format!("{base_url}{uri_path}"),
        headers: vec![
            ("API-Key".into(), auth.credentials.api_key.clone()),
            ("API-Sign".into(), signature),
            ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
        ],
        body: Some(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs.kraken.com's published example (shared/docs/exchanges-and-edge.md §3.3),
    /// recomputed there with OpenSSL and Python.
    #[test]
    fn official_vector() {
        let secret = b"kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
        let body = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25";
        assert_eq!(
            api_sign(secret, "/0/private/AddOrder", 1616492376594, body).unwrap(),
            "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
        );
    }

    #[test]
    fn bad_secret_is_an_auth_error_that_does_not_echo_it() {
        let err = api_sign(b"not base64!!", "/0/private/Balance", 1, "nonce=1").unwrap_err();
        assert!(matches!(err, Error::AuthFailed { .. }) && !err.to_string().contains("not base64!!"), "{err}");
    }

    #[test]
    fn form_values_cannot_inject_fields() {
        assert_eq!(form_body(7, &[("txid", "A-1&x=y".into())]), "nonce=7&txid=A-1%26x%3Dy");
    }
}
