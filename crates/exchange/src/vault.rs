//! Exchange secrets at rest: envelope encryption with AES-256-GCM.
//!
//! Each stored secret gets its own data key (DEK) that encrypts it; the DEK is in turn
//! encrypted ("wrapped") by a key-encryption key (KEK) held outside the store (a Worker
//! secret). The record names its KEK by `kid`, so KEKs rotate: new records use the
//! newest KEK, older ones stay readable while their KEK is kept in the keyring. The
//! caller's context (e.g. `owner|exchange|key_id`) is bound as associated data, so a
//! record copied onto another owner's slot fails to open.
//!
//! No IO and no randomness here: the caller supplies the fresh DEK and the two 96-bit
//! IVs (from `crypto.getRandomValues` in the worker), never reusing an IV with a key.
//!
//! ```
//! use sigil_exchange::vault::{Fresh, Kek, Keyring, Sealed};
//! let kek = Kek::new("2026-11", [7u8; 32]);
//! let fresh = Fresh { dek: [1u8; 32], dek_iv: [2u8; 12], iv: [3u8; 12] };
//! let sealed = Sealed::seal(b"api secret", &kek, b"alice|binance|main", &fresh).unwrap();
//! let stored = sealed.to_json();
//! let keyring = Keyring::new(vec![kek]);
//! let opened = Sealed::from_json(&stored).unwrap().open(&keyring, b"alice|binance|main").unwrap();
//! assert_eq!(opened.expose_str(), Some("api secret"));
//! assert!(Sealed::from_json(&stored).unwrap().open(&keyring, b"mallory|binance|main").is_err());
//! ```

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use zeroize::{Zeroize, Zeroizing};

use crate::error::Error;
use crate::secret::Secret;

/// The record format's version.
const VERSION: u64 = 1;

/// A key-encryption key and its id. Zeroized on drop; `Debug` shows only the id.
pub struct Kek {
    kid: String,
    key: Zeroizing<[u8; 32]>,
}

impl Kek {
    pub fn new(kid: impl Into<String>, key: [u8; 32]) -> Kek {
        Kek { kid: kid.into(), key: Zeroizing::new(key) }
    }

    /// From the base64 text of 32 random bytes (how a Worker secret holds it).
    pub fn from_base64(kid: impl Into<String>, text: &str) -> Result<Kek, Error> {
        let mut bytes = Zeroizing::new(BASE64.decode(text.trim()).map_err(|_| vault_error("the KEK is not valid base64"))?);
        let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| vault_error("the KEK must be 32 bytes"))?;
        bytes.zeroize();
        Ok(Kek::new(kid, key))
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }
}

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kek").field("kid", &self.kid).field("key", &"***").finish()
    }
}

/// The KEKs records may name: the current one first (new records), then retired ones
/// kept to open older records.
#[derive(Debug)]
pub struct Keyring {
    keks: Vec<Kek>,
}

impl Keyring {
    pub fn new(keks: Vec<Kek>) -> Keyring {
        Keyring { keks }
    }

    /// The KEK new records are sealed with.
    pub fn current(&self) -> Option<&Kek> {
        self.keks.first()
    }

    fn find(&self, kid: &str) -> Option<&Kek> {
        self.keks.iter().find(|k| k.kid == kid)
    }
}

/// What sealing one record needs fresh from a CSPRNG.
pub struct Fresh {
    pub dek: [u8; 32],
    pub dek_iv: [u8; 12],
    pub iv: [u8; 12],
}

impl Drop for Fresh {
    fn drop(&mut self) {
        self.dek.zeroize();
    }
}

/// A sealed secret as stored: `{v, kid, wrapped_dek, dek_iv, iv, ct}` (binary fields in
/// base64; `wrapped_dek` and `ct` end with their 16-byte GCM tags).
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    pub kid: String,
    pub wrapped_dek: Vec<u8>,
    pub dek_iv: [u8; 12],
    pub iv: [u8; 12],
    pub ct: Vec<u8>,
}

impl Sealed {
    /// Encrypts `plaintext` under a fresh DEK wrapped by `kek`, binding `context`.
    pub fn seal(plaintext: &[u8], kek: &Kek, context: &[u8], fresh: &Fresh) -> Result<Sealed, Error> {
        let aad = associated_data(&kek.kid, context);
        let wrapped_dek = encrypt(&kek.key, &fresh.dek_iv, &fresh.dek, &aad)?;
        let ct = encrypt(&fresh.dek, &fresh.iv, plaintext, &aad)?;
        Ok(Sealed { kid: kek.kid.clone(), wrapped_dek, dek_iv: fresh.dek_iv, iv: fresh.iv, ct })
    }

    /// Decrypts with the KEK the record names. Any tampering, a wrong context or a
    /// KEK that is not in the keyring is an error (the secret never leaves as text).
    pub fn open(&self, keyring: &Keyring, context: &[u8]) -> Result<Secret, Error> {
        let kek = keyring.find(&self.kid).ok_or_else(|| vault_error(format!("no KEK with id '{}' in the keyring", self.kid)))?;
        let aad = associated_data(&self.kid, context);
        let dek = Zeroizing::new(decrypt(&kek.key, &self.dek_iv, &self.wrapped_dek, &aad)?);
        let dek: &[u8; 32] = dek.as_slice().try_into().map_err(|_| vault_error("the wrapped data key is not 32 bytes"))?;
        let plaintext = Zeroizing::new(decrypt(dek, &self.iv, &self.ct, &aad)?);
        Ok(Secret::new(plaintext.to_vec()))
    }

    /// Re-wraps the data key under `kek` (rotation), leaving the ciphertext as is.
    pub fn rewrap(&self, keyring: &Keyring, kek: &Kek, context: &[u8], dek_iv: [u8; 12]) -> Result<Sealed, Error> {
        let old = keyring.find(&self.kid).ok_or_else(|| vault_error(format!("no KEK with id '{}' in the keyring", self.kid)))?;
        let dek = Zeroizing::new(decrypt(&old.key, &self.dek_iv, &self.wrapped_dek, &associated_data(&self.kid, context))?);
        let dek: &[u8; 32] = dek.as_slice().try_into().map_err(|_| vault_error("the wrapped data key is not 32 bytes"))?;
        // The ciphertext's AAD names the KEK id it was sealed under, so re-encrypt it too.
        let plaintext = Zeroizing::new(decrypt(dek, &self.iv, &self.ct, &associated_data(&self.kid, context))?);
        let aad = associated_data(&kek.kid, context);
        let wrapped_dek = encrypt(&kek.key, &dek_iv, dek, &aad)?;
        let ct = encrypt(dek, &self.iv, &plaintext, &aad)?;
        Ok(Sealed { kid: kek.kid.clone(), wrapped_dek, dek_iv, iv: self.iv, ct })
    }

    pub fn to_json(&self) -> String {
        serde_json::json!({
            "v": VERSION,
            "kid": self.kid,
            "wrapped_dek": BASE64.encode(&self.wrapped_dek),
            "dek_iv": BASE64.encode(self.dek_iv),
            "iv": BASE64.encode(self.iv),
            "ct": BASE64.encode(&self.ct),
        })
        .to_string()
    }

    pub fn from_json(text: &str) -> Result<Sealed, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|_| vault_error("a sealed secret is a JSON object"))?;
        if value.get("v").and_then(|v| v.as_u64()) != Some(VERSION) {
            return Err(vault_error(format!("unsupported sealed-secret version (expected {VERSION})")));
        }
        let field = |name: &'static str| -> Result<Vec<u8>, Error> {
            let text = value.get(name).and_then(|v| v.as_str()).ok_or_else(|| vault_error(format!("field '{name}' is missing")))?;
            BASE64.decode(text).map_err(|_| vault_error(format!("field '{name}' is not base64")))
        };
        let iv = |name: &'static str| -> Result<[u8; 12], Error> {
            field(name)?.as_slice().try_into().map_err(|_| vault_error(format!("field '{name}' must be 12 bytes")))
        };
        let kid = value.get("kid").and_then(|v| v.as_str()).ok_or_else(|| vault_error("field 'kid' is missing"))?.to_string();
        Ok(Sealed { kid, wrapped_dek: field("wrapped_dek")?, dek_iv: iv("dek_iv")?, iv: iv("iv")?, ct: field("ct")? })
    }
}

/// The KEK id and the caller's context, length-prefixed so no two pairs collide.
fn associated_data(kid: &str, context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(8 + kid.len() + context.len());
    aad.extend_from_slice(&(kid.len() as u64).to_be_bytes());
    aad.extend_from_slice(kid.as_bytes());
    aad.extend_from_slice(context);
    aad
}

/// AES-256-GCM: ciphertext followed by the 16-byte tag.
fn encrypt(key: &[u8; 32], iv: &[u8; 12], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
        .encrypt(Nonce::from_slice(iv), Payload { msg: plaintext, aad })
        .map_err(|_| vault_error("encryption failed"))
}

fn decrypt(key: &[u8; 32], iv: &[u8; 12], ciphertext: &[u8], aad: &[u8]) -> Result<Vec<u8>, Error> {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
        .decrypt(Nonce::from_slice(iv), Payload { msg: ciphertext, aad })
        .map_err(|_| vault_error("the record does not authenticate (wrong key or context, or tampered)"))
}

fn vault_error(reason: impl Into<String>) -> Error {
    Error::Vault { reason: reason.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    /// McGrew–Viega GCM test cases 13, 14 and 16 (AES-256), as listed in
    /// ../shared/docs/exchanges-and-edge.md §8 item 3.
    #[test]
    fn aes_256_gcm_matches_the_published_vectors() {
        let zero_key = [0u8; 32];
        let zero_iv = [0u8; 12];
        assert_eq!(encrypt(&zero_key, &zero_iv, b"", b"").unwrap(), hex("530f8afbc74536b9a963b4f1c4cb738b"));
        assert_eq!(
            encrypt(&zero_key, &zero_iv, &[0u8; 16], b"").unwrap(),
            hex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
        );
        let key: [u8; 32] = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308").try_into().unwrap();
        let iv: [u8; 12] = hex("cafebabefacedbaddecaf888").try_into().unwrap();
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let plaintext =
            hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        let expected = hex(concat!(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"
        ));
        assert_eq!(encrypt(&key, &iv, &plaintext, &aad).unwrap(), expected);
        assert_eq!(decrypt(&key, &iv, &expected, &aad).unwrap(), plaintext);
    }

    fn fresh(seed: u8) -> Fresh {
        Fresh { dek: [seed; 32], dek_iv: [seed.wrapping_add(1); 12], iv: [seed.wrapping_add(2); 12] }
    }

    #[test]
    fn seal_open_and_every_way_to_fail() {
        let kek = Kek::new("k1", [9; 32]);
        let sealed = Sealed::seal(b"s3cret", &kek, b"alice|kraken|1", &fresh(1)).unwrap();
        assert!(!sealed.to_json().contains("s3cret"));
        let ring = Keyring::new(vec![Kek::new("k1", [9; 32])]);
        assert_eq!(sealed.open(&ring, b"alice|kraken|1").unwrap().expose_str(), Some("s3cret"));
        // Another owner's context, a wrong KEK, an unknown kid, a flipped bit: all refused.
        assert!(sealed.open(&ring, b"bob|kraken|1").is_err());
        assert!(sealed.open(&Keyring::new(vec![Kek::new("k1", [8; 32])]), b"alice|kraken|1").is_err());
        assert!(sealed.open(&Keyring::new(vec![Kek::new("k2", [9; 32])]), b"alice|kraken|1").unwrap_err().to_string().contains("k1"));
        for field in 0..2 {
            let mut tampered = sealed.clone();
            let bytes = if field == 0 { &mut tampered.ct } else { &mut tampered.wrapped_dek };
            bytes[0] ^= 1;
            assert!(tampered.open(&ring, b"alice|kraken|1").is_err());
        }
        // The kid is authenticated too: relabelling a record to another KEK fails.
        let mut relabelled = sealed.clone();
        relabelled.kid = "k2".into();
        assert!(relabelled.open(&Keyring::new(vec![Kek::new("k2", [9; 32])]), b"alice|kraken|1").is_err());
    }

    #[test]
    fn json_round_trip_and_rotation() {
        let old = Kek::new("2026-01", [1; 32]);
        let new = Kek::from_base64("2026-11", &BASE64.encode([2u8; 32])).unwrap();
        let sealed = Sealed::seal(b"key", &old, b"ctx", &fresh(5)).unwrap();
        let parsed = Sealed::from_json(&sealed.to_json()).unwrap();
        assert_eq!(parsed, sealed);
        let ring = Keyring::new(vec![Kek::new("2026-11", [2; 32]), Kek::new("2026-01", [1; 32])]);
        let rotated = parsed.rewrap(&ring, &new, b"ctx", [7; 12]).unwrap();
        assert_eq!(rotated.kid, "2026-11");
        assert_eq!(rotated.open(&Keyring::new(vec![Kek::new("2026-11", [2; 32])]), b"ctx").unwrap().expose_str(), Some("key"));
        assert!(format!("{new:?}").contains("***") && !format!("{new:?}").contains("2, 2"));
        for bad in ["", "{}", r#"{"v":2}"#, r#"{"v":1,"kid":"k","wrapped_dek":"!","dek_iv":"","iv":"","ct":""}"#] {
            assert!(Sealed::from_json(bad).is_err(), "{bad}");
        }
        assert!(Kek::from_base64("k", "c2hvcnQ=").is_err());
    }
}
