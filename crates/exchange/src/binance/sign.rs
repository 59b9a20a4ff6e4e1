//! SIGNED-endpoint authentication: the query string is built once, percent-encoded,
//! and exactly those bytes are signed and sent (Binance verifies the string it
//! receives, so any re-encoding between signing and sending breaks the signature).
//!
//! Which algorithm signs is decided by the secret itself:
//! - a PEM block (`-----BEGIN PRIVATE KEY-----`, PKCS#8) holding an Ed25519 key →
//!   Ed25519, signature base64 then percent-encoded;
//! - any other PEM (RSA, encrypted PKCS#8) → refused, Sigil does not sign with those;
//! - anything else is an HMAC secret, used as given (surrounding whitespace removed,
//!   since Binance secrets never contain any and a stray newline from a secrets file
//!   would otherwise fail every request) → HMAC-SHA256, lowercase hex.

use base64::Engine as _;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use ed25519_dalek::Signer as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::NAME;
use crate::error::Error;
use crate::secret::Credentials;

/// The key material a request is signed with, chosen from the credentials' secret.
pub(crate) enum SigningKey<'a> {
    Hmac(&'a [u8]),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

impl<'a> SigningKey<'a> {
    pub(crate) fn from_credentials(credentials: &'a Credentials) -> Result<SigningKey<'a>, Error> {
        let secret = credentials.secret.expose();
        let trimmed = secret.trim_ascii();
        if trimmed.is_empty() {
            return Err(Error::AuthFailed { exchange: NAME, message: "the API secret is empty".into() });
        }
        if !trimmed.starts_with(b"-----BEGIN") {
            return Ok(SigningKey::Hmac(trimmed));
        }
        let refuse = |what: &str| Error::AuthFailed {
            exchange: NAME,
            message: format!("{what}; Binance keys for Sigil must be Ed25519 (unencrypted PKCS#8 PEM) or HMAC"),
        };
        let pem = std::str::from_utf8(trimmed).map_err(|_| refuse("the PEM private key is not valid text"))?;
        if !pem.starts_with("-----BEGIN PRIVATE KEY-----") {
            return Err(refuse("only unencrypted PKCS#8 private keys ('BEGIN PRIVATE KEY') are supported, RSA is not"));
        }
        // The parse error is deliberately not passed on: it could quote key bytes.
        let key = ed25519_dalek::SigningKey::from_pkcs8_pem(pem).map_err(|_| refuse("the PEM private key is not an Ed25519 key"))?;
        Ok(SigningKey::Ed25519(Box::new(key)))
    }

    /// The `signature` parameter value, ready to append to a query string.
    pub(crate) fn sign(&self, payload: &str) -> String {
        match self {
            SigningKey::Hmac(secret) => hmac_sha256_hex(secret, payload.as_bytes()),
            SigningKey::Ed25519(key) => {
                let signature = key.sign(payload.as_bytes());
                percent_encode(&base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()))
            }
        }
    }
}

pub(crate) fn hmac_sha256_hex(secret: &[u8], payload: &[u8]) -> String {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(payload);
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters, UTF-8 first; the
/// strict set keeps the signed string identical to what any HTTP client sends.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// Joins `key=value` pairs in the given order, values percent-encoded. Keys are
/// Binance's own parameter names and need no encoding.
pub(crate) fn query_string(params: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (key, value) in params {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The example keys of Binance's rest-api.md (illustrative, not live keys).
    const DOC_API_KEY: &str = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    const DOC_SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    fn doc_credentials() -> Credentials {
        Credentials { api_key: DOC_API_KEY.into(), secret: DOC_SECRET.into(), passphrase: None }
    }

    fn sign_hmac(payload: &str) -> String {
        let credentials = doc_credentials();
        let key = SigningKey::from_credentials(&credentials).unwrap();
        assert!(matches!(key, SigningKey::Hmac(_)));
        key.sign(payload)
    }

    #[test]
    fn official_vector_b1_ascii_query() {
        assert_eq!(
            sign_hmac("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"),
            "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
        );
    }

    #[test]
    fn official_vector_b2_non_ascii_symbol_is_encoded_before_signing() {
        let params = [
            ("symbol", "１２３４５６".to_string()),
            ("side", "BUY".into()),
            ("type", "LIMIT".into()),
            ("timeInForce", "GTC".into()),
            ("quantity", "1".into()),
            ("price", "0.1".into()),
            ("recvWindow", "5000".into()),
            ("timestamp", "1499827319559".into()),
        ];
        let payload = query_string(&params);
        assert_eq!(
            payload,
            "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        );
        assert_eq!(sign_hmac(&payload), "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    #[test]
    fn official_vector_b3_query_and_body_concatenated_without_separator() {
        let query = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
        let body = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assert_eq!(sign_hmac(&format!("{query}{body}")), "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77");
    }

    #[test]
    fn hmac_primitive_matches_rfc4231_case_2() {
        assert_eq!(
            hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_secret_is_trimmed_of_surrounding_whitespace() {
        let credentials = Credentials { api_key: "k".into(), secret: format!("{DOC_SECRET}\n").into(), passphrase: None };
        let key = SigningKey::from_credentials(&credentials).unwrap();
        assert_eq!(key.sign("a=1"), sign_hmac("a=1"));
    }

    /// RFC 8032 §7.1 TEST 1 private key (seed 9d61b1…7f60) wrapped in PKCS#8. The
    /// expected signatures were computed independently with OpenSSL 3.0
    /// (`openssl pkeyutl -sign -rawin`) and Python `cryptography` 48 (identical
    /// bytes); the empty-message one is RFC 8032's published TEST 1 signature.
    const TEST_ED25519_PEM: &str =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n";

    #[test]
    fn ed25519_matches_rfc8032_test_1() {
        let credentials = Credentials { api_key: "k".into(), secret: TEST_ED25519_PEM.into(), passphrase: None };
        let SigningKey::Ed25519(key) = SigningKey::from_credentials(&credentials).unwrap() else { panic!("expected Ed25519") };
        let signature = key.sign(b"");
        assert_eq!(
            hex(&signature.to_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn ed25519_signature_over_an_order_payload_is_base64_then_percent_encoded() {
        let credentials = Credentials { api_key: "k".into(), secret: TEST_ED25519_PEM.into(), passphrase: None };
        let key = SigningKey::from_credentials(&credentials).unwrap();
        let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
        assert_eq!(key.sign(payload), ED25519_B1_SIGNATURE_ENCODED);
    }

    /// See `TEST_ED25519_PEM` for how this was computed.
    const ED25519_B1_SIGNATURE_ENCODED: &str =
        "3fhuDZ9nYMviDQ5OEtJBJS11jUZDTRzRQ%2BTQMarm%2BLErFiJvUiVPQjTzDoWZQe4miPX%2ByHk1v%2FZ7TWLYjIbmCA%3D%3D";

    #[test]
    fn other_pem_keys_are_refused_without_echoing_them() {
        for pem in [
            "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----",
        ] {
            let credentials = Credentials { api_key: "k".into(), secret: pem.into(), passphrase: None };
            let Err(err) = SigningKey::from_credentials(&credentials) else { panic!("accepted {pem}") };
            assert!(matches!(err, Error::AuthFailed { .. }), "{err:?}");
            let text = err.to_string();
            assert!(!text.contains("MII") && !text.contains("not base64"), "{text}");
        }
        let empty = Credentials { api_key: "k".into(), secret: " \n".into(), passphrase: None };
        assert!(matches!(SigningKey::from_credentials(&empty), Err(Error::AuthFailed { .. })));
    }

    #[test]
    fn percent_encoding_leaves_only_unreserved_characters() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(percent_encode("a b&c=d+e/f:g%"), "a%20b%26c%3Dd%2Be%2Ff%3Ag%25");
        assert_eq!(query_string(&[("a", "1".into()), ("b", "x y".into())]), "a=1&b=x%20y");
    }
}
