//! Exchange credentials. Secrets are zeroized when dropped and never printed.

use zeroize::Zeroizing;

/// A secret (API secret, passphrase, private key). `Debug` and `Display` print `***`;
/// the bytes are wiped from memory on drop.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(Zeroizing::new(bytes.into()))
    }

    /// The secret bytes, for signing. Keep the borrow short.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as text (secrets are usually ASCII: base64, hex or PEM).
    pub fn expose_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Secret {
        Secret::new(s.as_bytes().to_vec())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Secret::new(s.into_bytes())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// What an exchange needs to sign private calls. The API key itself is an identifier,
/// not a secret, but it is still kept out of logs by [`crate::Request`]'s `Debug`.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub api_key: String,
    /// HMAC secret (as the exchange issued it: Binance raw, Coinbase/Kraken base64) or
    /// a private key (Binance Ed25519 PEM, Coinbase CDP EC PEM).
    pub secret: Secret,
    /// Coinbase Exchange and OKX passphrases.
    pub passphrase: Option<Secret>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let c = Credentials { api_key: "key".into(), secret: "s3cr3t".into(), passphrase: Some("p4ss".into()) };
        let shown = format!("{c:?} {} {:?}", c.secret, c.passphrase);
        assert!(!shown.contains("s3cr3t") && !shown.contains("p4ss"), "{shown}");
        assert_eq!(c.secret.expose(), b"s3cr3t");
    }
}
