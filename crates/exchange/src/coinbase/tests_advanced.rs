//! Coinbase Advanced Trade. Fixtures follow the response examples of Coinbase's API
//! reference (docs.cdp.coinbase.com/api-reference/advanced-trade-api) and the shapes in
//! its official Python SDK; the CDP key is the SDK's test key (tests/constants.py,
//! quoted in shared/docs/exchanges-and-edge.md §2.4).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use proptest::prelude::*;
use serde_json::Value;

use super::advanced::uuid_for_tests;
use super::*;
use crate::adapter::{Adapter, Auth};
use crate::candle::Candle;
use crate::error::Error;
use crate::http::{Method, Request, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, Decimal, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::secret::Credentials;
use crate::symbol::Symbol;

const NAME: &str = ADVANCED_NAME;
const TEST_API_KEY: &str = "organizations/test-organization/apiKeys/test-api-key";
const TEST_API_SECRET: &str = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIKwf3Uox30cRWzRBOPoPOH5p0Gpb0Dt8zUKXUEM5fMkGoAoGCCqGSM49\nAwEHoUQDQgAEbAtpLlSZYVOwYICz+uEyxcS29vRIujiES/gQ1DC7FV4zK4JuYE9v\nqDyGZQYjdXHLM7I6f/QnnOITL+dXYWBHRA==\n-----END EC PRIVATE KEY-----\n";
/// The same key as PKCS#8, converted with Python `cryptography` (`private_bytes(PEM, PKCS8)`).
const TEST_API_SECRET_PKCS8: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrB/dSjHfRxFbNEE4\n+g84fmnQalvQO3zNQpdQQzl8yQahRANCAARsC2kuVJlhU7BggLP64TLFxLb29Ei6\nOIRL+BDUMLsVXjMrgm5gT2+oPIZlBiN1ccszsjp/9Cec4hMv51dhYEdE\n-----END PRIVATE KEY-----\n";
/// The key's public point (uncompressed SEC1), printed by Python `cryptography`; the
/// verification below does not go through Sigil's key loading.
const TEST_PUBLIC_KEY_HEX: &str =
    "046c0b692e54996153b06080b3fae132c5c4b6f6f448ba38844bf810d430bb155e332b826e604f6fa83c866506237571cb33b23a7ff4279ce2132fe75761604744";
const NOW_MS: i64 = 1_700_000_000_123;
const RANDOM: [u8; 16] = [0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0xff];

fn credentials(secret: &str) -> Credentials {
    Credentials { api_key: TEST_API_KEY.into(), secret: secret.into(), passphrase: None }
}

fn auth(credentials: &Credentials) -> Auth<'_> {
    Auth { credentials, now_ms: NOW_MS, nonce: 0, random: RANDOM }
}

fn btc_usd() -> Symbol {
    Symbol::parse("BTC/USD").unwrap()
}

fn ok(body: &str) -> Response {
    Response::new(200, body)
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn malformed_path(err: Error) -> String {
    match err {
        Error::MalformedResponse { exchange: NAME, path, .. } => path,
        other => panic!("expected MalformedResponse, got {other:?}"),
    }
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

/// The token of a request, split and decoded: (header, claims, signing input, signature).
fn decode_jwt(request: &Request) -> (Value, Value, String, Vec<u8>) {
    let token = request.header("Authorization").unwrap().strip_prefix("Bearer ").unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let json = |part: &str| serde_json::from_slice::<Value>(&BASE64URL.decode(part).unwrap()).unwrap();
    (json(parts[0]), json(parts[1]), format!("{}.{}", parts[0], parts[1]), BASE64URL.decode(parts[2]).unwrap())
}

fn verify(signing_input: &str, signature: &[u8]) -> bool {
    let key = VerifyingKey::from_sec1_bytes(&from_hex(TEST_PUBLIC_KEY_HEX)).unwrap();
    let Ok(signature) = Signature::from_slice(signature) else { return false };
    key.verify(signing_input.as_bytes(), &signature).is_ok()
}

const CANDLES: &str = r#"{"candles":[
    {"start":"1712192400","low":"66055.14","high":"66331.99","open":"66312.4","close":"66181.6","volume":"355.82896243"},
    {"start":"1712188800","low":"65857.35","high":"66387.77","open":"65984.18","close":"66314.59","volume":"358.74851052"}
]}"#;

const TICKER: &str = r#"{"trades":[{"trade_id":"34b080bf-fcfd-445a-832b-46b5ddc65601","product_id":"BTC-USD","price":"140.91",
    "size":"4","time":"2021-05-31T09:59:59.000Z","side":"BUY","bid":"","ask":"","exchange":"CBE"}],
    "best_bid":"140.90","best_ask":"140.92"}"#;

const PRODUCTS: &str = r#"{"products":[
    {"product_id":"BTC-USD","price":"140.21","price_percentage_change_24h":"9.43%","volume_24h":"1908432","volume_percentage_change_24h":"9.43%",
     "base_increment":"0.00000001","quote_increment":"0.00000001","quote_min_size":"0.00000001","quote_max_size":"1000","base_min_size":"0.00000001",
     "base_max_size":"1000","base_name":"Bitcoin","quote_name":"US Dollar","watched":true,"is_disabled":false,"new":true,"status":"online",
     "cancel_only":false,"limit_only":false,"post_only":false,"trading_disabled":false,"auction_mode":false,"product_type":"SPOT",
     "quote_currency_id":"USD","base_currency_id":"BTC","mid_market_price":"140.22","alias":"","alias_to":[],"base_display_symbol":"BTC",
     "quote_display_symbol":"USD","view_only":false,"price_increment":"0.01","display_name":"BTC-USD","product_venue":"CBE"},
    {"product_id":"BTC-USDC","base_increment":"0.00000001","quote_increment":"0.01","base_min_size":"0.00000001","status":"online",
     "is_disabled":false,"trading_disabled":true,"base_currency_id":"BTC","quote_currency_id":"USDC","product_type":"SPOT"},
    {"product_id":"wrapped.token-USD","base_currency_id":"wrapped.token","quote_currency_id":"USD","status":"online"}
],"num_products":3}"#;

const ACCOUNTS: &str = r#"{"accounts":[
    {"uuid":"8bfc20d7-f7c6-4422-bf07-8243ca4169fe","name":"BTC Wallet","currency":"BTC","available_balance":{"value":"1.23","currency":"BTC"},
     "default":false,"active":true,"created_at":"2021-05-31T09:59:59.000Z","updated_at":"2021-05-31T09:59:59.000Z","deleted_at":null,
     "type":"ACCOUNT_TYPE_CRYPTO","ready":true,"hold":{"value":"0.27","currency":"BTC"},"retail_portfolio_id":"b87a2d3f-8a1e-49b3-a4ea-402d8c389aca"},
    {"uuid":"11111111-1111-1111-1111-111111111111","currency":"USD","available_balance":{"value":"0.0000000000000000","currency":"USD"}}
],"has_next":false,"cursor":"","size":2}"#;

const ORDERS: &str = r#"{"orders":[
    {"order_id":"0000-000000-000000","product_id":"BTC-USD","user_id":"2222-000000-000000","order_configuration":{"limit_limit_gtc":
     {"base_size":"0.001","limit_price":"10000.00","post_only":false}},"side":"BUY","client_order_id":"11111-000000-000000","status":"OPEN",
     "time_in_force":"GOOD_UNTIL_CANCELLED","created_time":"2021-05-31T09:59:59.000Z","completion_percentage":"50","filled_size":"0.0005",
     "average_filled_price":"10000","fee":"","number_of_fills":"2","filled_value":"5","pending_cancel":false,"size_in_quote":false,
     "total_fees":"0.05","size_inclusive_of_fees":false,"total_value_after_fees":"5.05","trigger_status":"INVALID_ORDER_TYPE",
     "order_type":"LIMIT","reject_reason":"REJECT_REASON_UNSPECIFIED","settled":false,"product_type":"SPOT","reject_message":"",
     "cancel_message":"","order_placement_source":"RETAIL_ADVANCED","outstanding_hold_amount":"5.05","is_liquidation":false},
    {"order_id":"0000-000000-000001","product_id":"ETH-USD","order_configuration":{"market_market_ioc":{"quote_size":"10.00"}},
     "side":"SELL","client_order_id":"","status":"PENDING","created_time":"2021-05-31T10:00:00Z","filled_size":"0"}
],"sequence":"0","has_next":false,"cursor":""}"#;

const PLACE_OK: &str = r#"{"success":true,"success_response":{"order_id":"11111-00000-000000","product_id":"BTC-USD","side":"BUY",
    "client_order_id":"0000-00000-000000"},"order_configuration":{"limit_limit_gtc":{"base_size":"0.001","limit_price":"10000.00","post_only":false}}}"#;

const PLACE_FAILED: &str = r#"{"success":false,"failure_reason":"UNKNOWN_FAILURE_REASON","order_id":"","error_response":{"error":"INSUFFICIENT_FUND",
    "message":"Insufficient balance in source account","error_details":"","preview_failure_reason":"PREVIEW_INSUFFICIENT_FUND",
    "new_order_failure_reason":"UNKNOWN_FAILURE_REASON"}}"#;

const CANCEL_OK: &str = r#"{"results":[{"success":true,"failure_reason":"UNKNOWN_CANCEL_FAILURE_REASON","order_id":"0000-00000"}]}"#;

#[test]
fn mapping_tables() {
    let names: Vec<Option<&str>> = Interval::ALL.iter().map(|i| granularity_name(*i)).collect();
    assert_eq!(names, [Some("ONE_MINUTE"), Some("FIVE_MINUTE"), Some("FIFTEEN_MINUTE"), Some("ONE_HOUR"), None, Some("ONE_DAY"), None]);
    let coinbase = CoinbaseAdvanced::new();
    assert_eq!((coinbase.name(), coinbase.max_candles()), ("coinbase", 350));
    assert!(coinbase.intervals().iter().all(|i| granularity_name(*i).is_some()));
    assert_eq!(uuid_for_tests(&RANDOM), "deadbeef-0001-4203-8405-06070809 0aff".replace(' ', ""));
}

#[test]
fn public_requests() {
    let coinbase = CoinbaseAdvanced::new();
    // 2023-11-14T22:13:20Z; the hour bucket opened at 22:00 (1699999200), 349 buckets earlier is the start.
    let request = coinbase.candles_request(&btc_usd(), Interval::H1, 350, Some(1_700_000_000_000)).unwrap();
    assert_eq!(
        request.url,
        "https://api.coinbase.com/api/v3/brokerage/market/products/BTC-USD/candles?start=1698742800&end=1700000000&granularity=ONE_HOUR&limit=350"
    );
    assert!(request.headers.is_empty() && request.body.is_none() && request.method == Method::Get);
    assert_eq!(coinbase.candles_request(&btc_usd(), Interval::M1, 351, Some(0)).unwrap_err(), Error::InvalidLimit { given: 351, max: 350 });
    assert!(matches!(coinbase.candles_request(&btc_usd(), Interval::M1, 10, None), Err(Error::Unsupported { .. })));
    for interval in [Interval::H4, Interval::W1] {
        let err = coinbase.candles_request(&btc_usd(), interval, 10, Some(0)).unwrap_err();
        assert!(matches!(err, Error::UnsupportedInterval { exchange: NAME, interval: i, .. } if i == interval), "{err:?}");
        assert!(err.to_string().contains("1m, 5m, 15m, 1h, 1d"), "{err}");
    }
    // Clamped to the epoch rather than asking for negative times.
    let early = coinbase.candles_request(&btc_usd(), Interval::D1, 10, Some(86_400_000)).unwrap();
    assert!(early.url.contains("start=0&end=86400&"), "{}", early.url);
    let local = CoinbaseAdvanced::with_base_url("http://127.0.0.1:9000/");
    assert_eq!(
        local.ticker_request(&btc_usd()).unwrap().url,
        "http://127.0.0.1:9000/api/v3/brokerage/market/products/BTC-USD/ticker?limit=1"
    );
    assert_eq!(local.markets_request().unwrap().url, "http://127.0.0.1:9000/api/v3/brokerage/market/products?product_type=SPOT");
}

#[test]
fn jwt_matches_the_sdk_and_verifies_with_the_public_key() {
    let coinbase = CoinbaseAdvanced::new();
    let credentials = credentials(TEST_API_SECRET);
    let request = coinbase.balances_request(&auth(&credentials)).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Get, "https://api.coinbase.com/api/v3/brokerage/accounts?limit=250"));
    let (header, claims, signing_input, signature) = decode_jwt(&request);
    // What the SDK's tests assert, plus the nonce and lifetime.
    assert_eq!(header, serde_json::json!({"alg": "ES256", "kid": TEST_API_KEY, "nonce": "deadbeef000102030405060708090aff", "typ": "JWT"}));
    assert_eq!(
        claims,
        serde_json::json!({
            "sub": TEST_API_KEY, "iss": "cdp", "nbf": 1_700_000_000, "exp": 1_700_000_120,
            "uri": "GET api.coinbase.com/api/v3/brokerage/accounts"
        })
    );
    assert_eq!(signature.len(), 64, "raw r||s, not DER");
    assert!(verify(&signing_input, &signature));
    let mut tampered = signing_input.clone();
    tampered.push('x');
    assert!(!verify(&tampered, &signature));

    // RFC 6979 makes the token reproducible: OpenSSL's deterministic ECDSA (Python
    // `cryptography`, `ECDSA(SHA256(), deterministic_signing=True)`) over the same header
    // and claims, serialized compactly with sorted keys, gives exactly this token.
    assert_eq!(request.header("Authorization"), Some(concat!(
        "Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6Im9yZ2FuaXphdGlvbnMvdGVzdC1vcmdhbml6YXRpb24vYXBpS2V5cy90ZXN0LWFwaS1rZXkiLCJub25jZSI6ImRlYWRiZWVm",
        "MDAwMTAyMDMwNDA1MDYwNzA4MDkwYWZmIiwidHlwIjoiSldUIn0.eyJleHAiOjE3MDAwMDAxMjAsImlzcyI6ImNkcCIsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoib3JnYW5p",
        "emF0aW9ucy90ZXN0LW9yZ2FuaXphdGlvbi9hcGlLZXlzL3Rlc3QtYXBpLWtleSIsInVyaSI6IkdFVCBhcGkuY29pbmJhc2UuY29tL2FwaS92My9icm9rZXJhZ2UvYWNjb3Vu",
        "dHMifQ.vHzlZ6vhcXif-2pRonmmyvoUIc1EW2GfMIXUdhjlpGDgXCimXgmg0YXwi7byq0txa3O3FkeyShNQOrEyEv-Jgw"
    )));

    // RFC 6979: the same input signs identically; PKCS#8 and SEC1 PEM are the same key,
    // and a key pasted with literal "\n" sequences reads the same.
    assert_eq!(coinbase.balances_request(&auth(&credentials)).unwrap(), request);
    for secret in [TEST_API_SECRET_PKCS8.to_string(), TEST_API_SECRET.replace('\n', "\\n"), format!("\n  {TEST_API_SECRET}  ")] {
        let other = credentials_with(&secret);
        assert_eq!(coinbase.balances_request(&auth(&other)).unwrap(), request, "{secret}");
    }
    let fresh = Auth { random: [7; 16], ..auth(&credentials) };
    let (header, _, signing_input, signature) = decode_jwt(&coinbase.balances_request(&fresh).unwrap());
    assert_eq!(header["nonce"], "07070707070707070707070707070707");
    assert!(verify(&signing_input, &signature));

    // The token never appears in Debug output.
    let token = request.header("Authorization").unwrap();
    let debug = format!("{request:?} {credentials:?}");
    assert!(!debug.contains(&token[7..40]) && !debug.contains("MHcCAQEE"), "{debug}");
}

fn credentials_with(secret: &str) -> Credentials {
    credentials(secret)
}

/// The SDK's Ed25519 test key in its three documented forms (64-byte base64, seed-only
/// base64, PKCS#8 PEM; shared/docs/exchanges-and-edge.md §2.4).
const TEST_ED25519_SECRETS: [&str; 3] = [
    "k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputDOKsRAwgyrpEQLeBtS1znTmzPX6Xr2eOWpzx6nW8knkA==",
    "k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputA=",
    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJNAVJ4tKdL2RtQXaVY0uqIASe5MZut9ACdnTfrbqbrQ\n-----END PRIVATE KEY-----\n",
];

#[test]
fn ed25519_keys_sign_eddsa_tokens() {
    let coinbase = CoinbaseAdvanced::new();
    // Python `cryptography`: Ed25519PrivateKey.from_private_bytes(raw[:32]).sign() over the
    // compact, key-sorted header and claims below (Ed25519 is deterministic).
    let expected = concat!(
        "Bearer eyJhbGciOiJFZERTQSIsImtpZCI6Im9yZ2FuaXphdGlvbnMvdGVzdC1vcmdhbml6YXRpb24vYXBpS2V5cy90ZXN0LWFwaS1rZXkiLCJub25jZSI6ImRlYWRiZWVm",
        "MDAwMTAyMDMwNDA1MDYwNzA4MDkwYWZmIiwidHlwIjoiSldUIn0.eyJleHAiOjE3MDAwMDAxMjAsImlzcyI6ImNkcCIsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoib3JnYW5p",
        "emF0aW9ucy90ZXN0LW9yZ2FuaXphdGlvbi9hcGlLZXlzL3Rlc3QtYXBpLWtleSIsInVyaSI6IkdFVCBhcGkuY29pbmJhc2UuY29tL2FwaS92My9icm9rZXJhZ2UvYWNjb3Vu",
        "dHMifQ.BNxDPfsnlVSQ8ZXhLPzn50Mw_CRtmbRSyr6rnbmrcH65oH6GK174ssPX6zRsi5WWDUbJSqfGRhxWcnqrtUurCg"
    );
    for secret in TEST_ED25519_SECRETS {
        let credentials = credentials(secret);
        let request = coinbase.balances_request(&auth(&credentials)).unwrap();
        assert_eq!(request.header("Authorization"), Some(expected), "{secret}");
        let (header, claims, signing_input, signature) = decode_jwt(&request);
        assert_eq!((header["alg"].as_str(), claims["iss"].as_str()), (Some("EdDSA"), Some("cdp")));
        // The public half of the 64-byte secret.
        let public: [u8; 32] = from_hex("ce2ac440c20caba4440b781b52d739d39b33d7e97af678e5a9cf1ea75bc92790").try_into().unwrap();
        let key = ed25519_dalek::VerifyingKey::from_bytes(&public).unwrap();
        let signature = ed25519_dalek::Signature::from_slice(&signature).unwrap();
        assert!(key.verify_strict(signing_input.as_bytes(), &signature).is_ok());
    }
}

#[test]
fn bad_keys_are_auth_errors() {
    let coinbase = CoinbaseAdvanced::new();
    for secret in [
        "",
        "not a pem",
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
        // Base64 of 33 bytes, and the SDK's Ed25519 key with the last byte of its public half changed.
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "k0BUni0p0vZG1BdpVjS6ogBJ7kxm630AJ2dN+tuputDOKsRAwgyrpEQLeBtS1znTmzPX6Xr2eOWpzx6nW8knkQ==",
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    ] {
        let credentials = credentials(secret);
        let err = coinbase.balances_request(&auth(&credentials)).unwrap_err();
        assert!(matches!(err, Error::AuthFailed { exchange: NAME, .. }), "{secret}: {err:?}");
        assert!(!err.to_string().contains("MC4CAQAw"), "{err}");
    }
    let no_name = Credentials { api_key: String::new(), ..credentials(TEST_API_SECRET) };
    assert!(matches!(coinbase.balances_request(&auth(&no_name)), Err(Error::AuthFailed { .. })));
    let binary = Credentials { secret: crate::secret::Secret::new(vec![0xff, 0xfe]), ..credentials(TEST_API_SECRET) };
    assert!(matches!(coinbase.balances_request(&auth(&binary)), Err(Error::AuthFailed { .. })));
}

#[test]
fn private_requests() {
    let coinbase = CoinbaseAdvanced::new();
    let credentials = credentials(TEST_API_SECRET);
    let request = coinbase.open_orders_request(&auth(&credentials), Some(&btc_usd())).unwrap();
    assert_eq!(request.url, "https://api.coinbase.com/api/v3/brokerage/orders/historical/batch?order_status=OPEN&product_ids=BTC-USD");
    let (_, claims, signing_input, signature) = decode_jwt(&request);
    assert_eq!(claims["uri"], "GET api.coinbase.com/api/v3/brokerage/orders/historical/batch", "no query string in the uri claim");
    assert!(verify(&signing_input, &signature));
    assert_eq!(
        coinbase.open_orders_request(&auth(&credentials), None).unwrap().url,
        "https://api.coinbase.com/api/v3/brokerage/orders/historical/batch?order_status=OPEN"
    );

    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.0010"),
        price: Some(dec("10000.00")),
        client_id: Some("sigil-1".into()),
    };
    let request = coinbase.place_order_request(&auth(&credentials), &order).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://api.coinbase.com/api/v3/brokerage/orders"));
    assert_eq!(
        request.body.as_deref(),
        Some(
            r#"{"client_order_id":"sigil-1","order_configuration":{"limit_limit_gtc":{"base_size":"0.001","limit_price":"10000","post_only":false}},"product_id":"BTC-USD","side":"BUY"}"#
        )
    );
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(decode_jwt(&request).1["uri"], "POST api.coinbase.com/api/v3/brokerage/orders");

    let market = OrderRequest { kind: OrderType::Market, side: Side::Sell, client_id: None, price: None, ..order.clone() };
    let request = coinbase.place_order_request(&auth(&credentials), &market).unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(
            r#"{"client_order_id":"deadbeef-0001-4203-8405-060708090aff","order_configuration":{"market_market_ioc":{"base_size":"0.001"}},"product_id":"BTC-USD","side":"SELL"}"#
        )
    );

    let request = coinbase.cancel_order_request(&auth(&credentials), &btc_usd(), "0000-00000").unwrap();
    assert_eq!(request.url, "https://api.coinbase.com/api/v3/brokerage/orders/batch_cancel");
    assert_eq!(request.body.as_deref(), Some(r#"{"order_ids":["0000-00000"]}"#));
    assert_eq!(decode_jwt(&request).1["uri"], "POST api.coinbase.com/api/v3/brokerage/orders/batch_cancel");

    for bad_id in ["has space", &"a".repeat(65), "", "a\"b"] {
        let order = OrderRequest { client_id: Some(bad_id.to_string()), ..order.clone() };
        assert!(matches!(coinbase.place_order_request(&auth(&credentials), &order), Err(Error::Unsupported { .. })), "{bad_id}");
    }
    assert!(coinbase.cancel_order_request(&auth(&credentials), &btc_usd(), "1\",\"x").is_err());

    // A redirected base URL moves the transport only: the token still names Coinbase's
    // host and path, which is what Coinbase (or a stand-in for it) verifies.
    let local = CoinbaseAdvanced::with_base_url("http://127.0.0.1:9000/relay");
    let request = local.balances_request(&auth(&credentials)).unwrap();
    assert_eq!(request.url, "http://127.0.0.1:9000/relay/api/v3/brokerage/accounts?limit=250");
    assert_eq!(decode_jwt(&request).1["uri"], "GET api.coinbase.com/api/v3/brokerage/accounts");
}

#[test]
fn parses_candles_ascending_with_forming_flag() {
    let coinbase = CoinbaseAdvanced::new();
    let series = coinbase.parse_candles(&ok(CANDLES), Interval::H1, 1_712_196_000_000).unwrap();
    assert_eq!(
        series.candles,
        [
            Candle { time: 1_712_188_800_000, open: 65984.18, high: 66387.77, low: 65857.35, close: 66314.59, volume: 358.74851052 },
            Candle { time: 1_712_192_400_000, open: 66312.4, high: 66331.99, low: 66055.14, close: 66181.6, volume: 355.82896243 },
        ]
    );
    assert!(!series.last_forming, "the 15:00 candle closed at 16:00");
    assert!(coinbase.parse_candles(&ok(CANDLES), Interval::H1, 1_712_195_999_999).unwrap().last_forming);
    assert_eq!(coinbase.parse_candles(&ok(r#"{"candles":[]}"#), Interval::H1, 0).unwrap().candles, []);
    let duplicate = CANDLES.replace("1712188800", "1712192400");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&duplicate), Interval::H1, 0).unwrap_err()), "$.candles[1]");
    let bad = CANDLES.replace(r#""high":"66387.77""#, r#""high":"x""#);
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&bad), Interval::H1, 0).unwrap_err()), "$.candles[1].high");
    let missing = CANDLES.replace(r#""volume":"355.82896243""#, r#""vol":"1""#);
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&missing), Interval::H1, 0).unwrap_err()), "$.candles[0]");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok("[]"), Interval::H1, 0).unwrap_err()), "$");
}

#[test]
fn parses_ticker_markets_balances() {
    let coinbase = CoinbaseAdvanced::new();
    assert_eq!(
        coinbase.parse_ticker(&ok(TICKER), &btc_usd()).unwrap(),
        Ticker {
            symbol: btc_usd(),
            time: Some(1_622_455_199_000),
            last: 140.91,
            bid: Some(140.90),
            ask: Some(140.92),
            high_24h: None,
            low_24h: None,
            volume_24h: None,
        }
    );
    assert_eq!(malformed_path(coinbase.parse_ticker(&ok(r#"{"trades":[],"best_bid":"1"}"#), &btc_usd()).unwrap_err()), "$.trades");

    let markets = coinbase.parse_markets(&ok(PRODUCTS)).unwrap();
    assert_eq!(
        markets,
        [
            Market {
                symbol: btc_usd(),
                id: "BTC-USD".into(),
                active: true,
                price_step: Some(dec("0.01")),
                quantity_step: Some(dec("0.00000001")),
                min_quantity: Some(dec("0.00000001")),
            },
            Market {
                symbol: Symbol::parse("BTC/USDC").unwrap(),
                id: "BTC-USDC".into(),
                active: false,
                price_step: Some(dec("0.01")),
                quantity_step: Some(dec("0.00000001")),
                min_quantity: Some(dec("0.00000001")),
            },
        ]
    );

    assert_eq!(
        coinbase.parse_balances(&ok(ACCOUNTS)).unwrap(),
        [
            Balance { asset: "BTC".into(), free: dec("1.23"), locked: dec("0.27") },
            Balance { asset: "USD".into(), free: Decimal::ZERO, locked: Decimal::ZERO },
        ]
    );
    let bad = ACCOUNTS.replace(r#""value":"1.23""#, r#""value":1.2.3"#);
    assert_eq!(malformed_path(coinbase.parse_balances(&ok(&bad)).unwrap_err()), "$");
    let bad = ACCOUNTS.replace(r#""value":"1.23""#, r#""value":"one""#);
    assert_eq!(malformed_path(coinbase.parse_balances(&ok(&bad)).unwrap_err()), "$.accounts[0].available_balance.value");
}

#[test]
fn parses_orders_and_acknowledgements() {
    let coinbase = CoinbaseAdvanced::new();
    let orders = coinbase.parse_open_orders(&ok(ORDERS)).unwrap();
    assert_eq!(
        orders[0],
        Order {
            id: "0000-000000-000000".into(),
            client_id: Some("11111-000000-000000".into()),
            symbol: btc_usd(),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("10000")),
            quantity: dec("0.001"),
            filled: dec("0.0005"),
            status: OrderStatus::PartiallyFilled,
            time: Some(1_622_455_199_000),
        }
    );
    let second = &orders[1];
    assert_eq!(
        (second.symbol.to_string(), second.kind, second.side, second.status, second.client_id.clone(), second.quantity, second.price),
        ("ETH/USD".into(), OrderType::Market, Side::Sell, OrderStatus::Open, None, Decimal::ZERO, None)
    );
    let bad = ORDERS.replace(r#""status":"PENDING""#, r#""status":"SLEEPING""#);
    assert_eq!(malformed_path(coinbase.parse_open_orders(&ok(&bad)).unwrap_err()), "$.orders[1].status");

    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.001"),
        price: Some(dec("10000.00")),
        client_id: None,
    };
    let placed = coinbase.parse_place_order(&ok(PLACE_OK), &order).unwrap();
    assert_eq!(
        (placed.id.as_str(), placed.client_id.as_deref(), placed.status, placed.price),
        ("11111-00000-000000", Some("0000-00000-000000"), OrderStatus::Open, Some(dec("10000")))
    );
    assert_eq!(
        coinbase.parse_place_order(&ok(PLACE_FAILED), &order).unwrap_err(),
        Error::Rejected { exchange: NAME, code: "INSUFFICIENT_FUND".into(), message: "Insufficient balance in source account".into() }
    );
    let canceled = coinbase.parse_cancel_order(&ok(CANCEL_OK), &btc_usd(), "0000-00000").unwrap();
    assert_eq!(canceled, CanceledOrder { id: "0000-00000".into(), client_id: None, symbol: btc_usd(), order: None });
    // An answer about another order is not a successful cancel of this one.
    let other = coinbase.parse_cancel_order(&ok(CANCEL_OK), &btc_usd(), "0000-00001").unwrap_err();
    assert_eq!(malformed_path(other), "$.results[0].order_id");
    let refused = CANCEL_OK.replace(
        r#""success":true,"failure_reason":"UNKNOWN_CANCEL_FAILURE_REASON""#,
        r#""success":false,"failure_reason":"UNKNOWN_CANCEL_ORDER""#,
    );
    assert!(matches!(
        coinbase.parse_cancel_order(&ok(&refused), &btc_usd(), "0000-00000").unwrap_err(),
        Error::Rejected { ref code, .. } if code == "UNKNOWN_CANCEL_ORDER"
    ));
}

#[test]
fn errors_are_typed() {
    let coinbase = CoinbaseAdvanced::new();
    let error = |status: u16, code: &str, message: &str| {
        Response::new(status, format!(r#"{{"error":"{code}","error_details":"{message}","message":"{message}"}}"#))
    };
    let mut throttled = error(429, "RATE_LIMIT_EXCEEDED", "Too many requests");
    throttled.headers.push(("Retry-After".into(), "2".into()));
    assert!(matches!(
        coinbase.parse_balances(&throttled).unwrap_err(),
        Error::RateLimited { exchange: NAME, retry_after_ms: Some(2000), .. }
    ));
    assert!(matches!(
        coinbase.parse_balances(&Response::new(401, "Unauthorized\n")).unwrap_err(),
        Error::AuthFailed { exchange: NAME, .. }
    ));
    assert!(matches!(
        coinbase.parse_balances(&error(403, "PERMISSION_DENIED", "Missing required scopes")).unwrap_err(),
        Error::AuthFailed { .. }
    ));
    let legacy = Response::new(401, r#"{"errors":[{"id":"authentication_error","message":"request timestamp expired"}]}"#);
    assert!(matches!(coinbase.parse_balances(&legacy).unwrap_err(), Error::AuthFailed { .. }));
    assert_eq!(
        coinbase.parse_markets(&error(400, "INVALID_ARGUMENT", "invalid product_type")).unwrap_err(),
        Error::Rejected { exchange: NAME, code: "INVALID_ARGUMENT".into(), message: "invalid product_type".into() }
    );
    assert_eq!(
        coinbase.parse_ticker(&error(404, "NOT_FOUND", "ProductID is invalid"), &btc_usd()).unwrap_err(),
        Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USD".into(), available: vec![] }
    );
    assert_eq!(
        coinbase.parse_ticker(&error(400, "INVALID_ARGUMENT", "ProductID is invalid"), &btc_usd()).unwrap_err(),
        Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USD".into(), available: vec![] }
    );
    assert!(matches!(coinbase.parse_balances(&error(500, "INTERNAL", "oops")).unwrap_err(), Error::UpstreamStatus { status: 500, .. }));
    assert!(matches!(
        coinbase.parse_balances(&Response::new(502, "<html>bad gateway</html>")),
        Err(Error::UpstreamStatus { status: 502, .. })
    ));
    assert_eq!(malformed_path(coinbase.parse_balances(&ok("<html>")).unwrap_err()), "$");
}

const FIXTURES: &[&str] = &[CANDLES, TICKER, PRODUCTS, ACCOUNTS, ORDERS, PLACE_OK, PLACE_FAILED, CANCEL_OK];

fn parse_everything(body: &str, status: u16) {
    let coinbase = CoinbaseAdvanced::new();
    let response = Response::new(status, body);
    let order =
        OrderRequest { symbol: btc_usd(), side: Side::Sell, kind: OrderType::Market, quantity: Decimal::ONE, price: None, client_id: None };
    let _ = coinbase.parse_candles(&response, Interval::D1, i64::MAX);
    let _ = coinbase.parse_candles(&response, Interval::M1, i64::MIN);
    let _ = coinbase.parse_ticker(&response, &btc_usd());
    let _ = coinbase.parse_markets(&response);
    let _ = coinbase.parse_balances(&response);
    let _ = coinbase.parse_open_orders(&response);
    let _ = coinbase.parse_place_order(&response, &order);
    let _ = coinbase.parse_cancel_order(&response, &btc_usd(), "0000-00000");
}

#[test]
fn fixtures_with_hostile_values_do_not_panic() {
    for fixture in FIXTURES {
        for replacement in ["1e400", "-9223372036854775808", "\"9223372036854775807\"", "\"\"", "null", "[]", "{}", "\"NaN\"", "true"] {
            parse_everything(&fixture.replace("\"1712192400\"", replacement).replace("\"140.91\"", replacement), 200);
            parse_everything(&fixture.replace("\"0.001\"", replacement).replace("\"OPEN\"", replacement), 200);
            parse_everything(&fixture.replace("\"2021-05-31T09:59:59.000Z\"", replacement).replace("true", replacement), 200);
            parse_everything(&fixture.replace("\"BTC-USD\"", replacement), 404);
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_bodies_never_panic(body in any::<String>(), status in prop_oneof![Just(200u16), any::<u16>()]) {
        parse_everything(&body, status);
    }

    #[test]
    fn truncated_fixtures_never_panic(which in 0..FIXTURES.len(), cut in any::<prop::sample::Index>()) {
        let fixture = FIXTURES[which];
        let mut at = cut.index(fixture.len() + 1);
        while !fixture.is_char_boundary(at) {
            at -= 1;
        }
        parse_everything(&fixture[..at], 200);
    }

    #[test]
    fn requests_never_panic(limit in 0usize..2000, end in any::<Option<i64>>(), now in any::<i64>(), random in any::<[u8; 16]>(), id in "\\PC{0,70}") {
        let coinbase = CoinbaseAdvanced::new();
        let credentials = credentials(TEST_API_SECRET);
        let auth = Auth { credentials: &credentials, now_ms: now, nonce: 0, random };
        for &interval in Interval::ALL {
            let _ = coinbase.candles_request(&btc_usd(), interval, limit, end);
        }
        let _ = coinbase.cancel_order_request(&auth, &btc_usd(), &id);
        let order = OrderRequest { symbol: btc_usd(), side: Side::Buy, kind: OrderType::Limit, quantity: Decimal::ONE, price: Some(Decimal::TEN), client_id: Some(id) };
        let _ = coinbase.place_order_request(&auth, &order);
    }
}
