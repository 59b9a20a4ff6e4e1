//! Coinbase Exchange. Fixtures follow the response examples of Coinbase's Exchange API
//! reference (docs.cdp.coinbase.com/api-reference/exchange-api). Signatures use the
//! made-up secret of shared/docs/exchanges-and-edge.md §2.2; expected values were
//! computed with Python's hmac/hashlib/base64 over the prehash strings shown.

use proptest::prelude::*;

use super::*;
use crate::adapter::{Adapter, Auth};
use crate::candle::Candle;
use crate::error::Error;
use crate::http::{Method, Response};
use crate::interval::Interval;
use crate::model::{Balance, CanceledOrder, Decimal, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
use crate::secret::Credentials;
use crate::symbol::Symbol;

const NAME: &str = EXCHANGE_NAME;
const SECRET: &str = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==";
/// 2023-11-14T22:13:20.123Z: the docs fixtures' timestamp 1700000000, plus ms that
/// whole-second timestamps drop.
const NOW_MS: i64 = 1_700_000_000_123;

fn credentials() -> Credentials {
    Credentials { api_key: "test-key".into(), secret: SECRET.into(), passphrase: Some("test-pass".into()) }
}

fn auth(credentials: &Credentials) -> Auth<'_> {
    Auth { credentials, now_ms: NOW_MS, nonce: 0, random: [0; 16] }
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

/// Newest first, numbers, `[time, low, high, open, close, volume]`.
const CANDLES: &str = r#"[
    [1591514160,0.02507,0.02507,0.02507,0.02507,0.02816506],
    [1591514100,0.02505,0.02507,0.02506,0.02507,1.63830323],
    [1591514040,0.025,0.02506,0.02501,0.02505,0.5]
]"#;

const TICKER: &str = r#"{"ask":"6267.71","bid":"6265.15","volume":"53602.03940154","trade_id":86326522,"price":"6268.48","size":"0.00698254",
    "time":"2020-03-20T00:22:57.833897Z","rfq_volume":"123.122"}"#;

const PRODUCTS: &str = r#"[
    {"id":"BTC-USD","base_currency":"BTC","quote_currency":"USD","quote_increment":"0.01000000","base_increment":"0.00000001",
     "display_name":"BTC/USD","min_market_funds":"1","margin_enabled":false,"post_only":false,"limit_only":false,"cancel_only":false,
     "status":"online","status_message":"","auction_mode":false,"trading_disabled":false,"fx_stablecoin":false,"max_slippage_percentage":"0.02000000"},
    {"id":"BTCAUCTION-USD","base_currency":"BTC","quote_currency":"USD","base_min_size":"0.000016","quote_increment":"0.01","base_increment":"0.00000001",
     "status":"online","trading_disabled":true},
    {"id":"ETH-EUR","base_currency":"ETH","quote_currency":"EUR","quote_increment":"0.01","base_increment":"0.00000001","status":"delisted"}
]"#;

const ACCOUNTS: &str = r#"[
    {"id":"71452118-efc7-4cc4-8780-a5e22d4baa53","currency":"BTC","balance":"1.5000000000000000","available":"1.2","hold":"0.3000000000000000",
     "profile_id":"75da88c5-05bf-4f54-bc85-5c775bd68254","trading_enabled":true},
    {"id":"e316cb9a-0808-4fd7-8914-97829c1925de","currency":"USD","balance":"80.2301373066930000","available":"79.2266348066930000",
     "hold":"1.0035025000000000","profile_id":"75da88c5-05bf-4f54-bc85-5c775bd68254","trading_enabled":true}
]"#;

const ORDERS: &str = r#"[
    {"id":"d0c5340b-6d6c-49d9-b567-48c4bfca13d2","price":"0.10000000","size":"0.01000000","product_id":"BTC-USD","profile_id":"8058d771-2d88-4f0f-ab6e-299c153d4308",
     "side":"buy","type":"limit","time_in_force":"GTC","post_only":false,"created_at":"2016-12-08T20:02:28.53864Z","fill_fees":"0.0000000000000000",
     "filled_size":"0.00000000","executed_value":"0.0000000000000000","status":"open","settled":false},
    {"id":"b227e691-365c-470f-a860-a9b4a37dd1d8","price":"1.00000000","size":"1.00000000","product_id":"ETH-USD","side":"sell","type":"limit",
     "created_at":"2016-12-08T20:01:19.038644Z","filled_size":"0.25","status":"open","client_oid":"1985ca2d-61ef-49f1-bfce-6c39d8462914"},
    {"id":"b24327e7-0c36-4bc8-b6fd-4a09fbf5a4ea","product_id":"BTC-USD","side":"buy","type":"market","funds":"9.9750623400000000",
     "specified_funds":"10.0000000000000000","created_at":"2016-12-08T20:01:19.038644Z","filled_size":"0.001","status":"done","done_reason":"filled"}
]"#;

const PLACED: &str = r#"{"id":"d0c5340b-6d6c-49d9-b567-48c4bfca13d2","price":"30000.00000000","size":"0.01000000","product_id":"BTC-USD",
    "side":"buy","stp":"dc","type":"limit","time_in_force":"GTC","post_only":false,"created_at":"2016-12-08T20:02:28.53864Z",
    "fill_fees":"0.0000000000000000","filled_size":"0.00000000","executed_value":"0.0000000000000000","status":"pending","settled":false}"#;

const CANCELED: &str = r#""d0c5340b-6d6c-49d9-b567-48c4bfca13d2""#;

#[test]
fn mapping_tables() {
    let seconds: Vec<Option<u32>> = Interval::ALL.iter().map(|i| granularity_seconds(*i)).collect();
    assert_eq!(seconds, [Some(60), Some(300), Some(900), Some(3600), None, Some(86_400), None]);
    for &interval in Interval::ALL {
        if let Some(s) = granularity_seconds(interval) {
            assert_eq!(i64::from(s) * 1000, interval.duration_ms());
        }
    }
    let coinbase = CoinbaseExchange::new();
    assert_eq!((coinbase.name(), coinbase.max_candles()), ("coinbaseexchange", 300));
    assert_eq!(product_id(&btc_usd()), "BTC-USD");
    assert_eq!(product_symbol("BTC-USD"), Some(btc_usd()));
    assert_eq!(product_symbol("BIP-20DEC30-CDE"), None);
    assert_eq!(product_symbol("BTCUSD"), None);
}

#[test]
fn public_requests() {
    let coinbase = CoinbaseExchange::new();
    let request = coinbase.candles_request(&btc_usd(), Interval::M5, 300, None).unwrap();
    assert_eq!(request.url, "https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=300");
    assert!(request.headers.is_empty() && request.body.is_none() && request.method == Method::Get);
    // 300 daily candles ending 2023-11-14: 299 days before that day's bucket.
    let request = coinbase.candles_request(&btc_usd(), Interval::D1, 300, Some(NOW_MS)).unwrap();
    assert_eq!(
        request.url,
        "https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=86400&start=2023-01-19T00:00:00Z&end=2023-11-14T22:13:20Z"
    );
    assert_eq!(coinbase.candles_request(&btc_usd(), Interval::M1, 301, None).unwrap_err(), Error::InvalidLimit { given: 301, max: 300 });
    assert_eq!(coinbase.candles_request(&btc_usd(), Interval::M1, 0, None).unwrap_err(), Error::InvalidLimit { given: 0, max: 300 });
    for interval in [Interval::H4, Interval::W1] {
        let err = coinbase.candles_request(&btc_usd(), interval, 10, None).unwrap_err();
        assert!(matches!(err, Error::UnsupportedInterval { exchange: NAME, interval: i, .. } if i == interval), "{err:?}");
    }
    let local = CoinbaseExchange::with_base_url("http://127.0.0.1:9000/");
    assert_eq!(local.ticker_request(&btc_usd()).unwrap().url, "http://127.0.0.1:9000/products/BTC-USD/ticker");
    assert_eq!(local.markets_request().unwrap().url, "http://127.0.0.1:9000/products");
}

#[test]
fn private_requests_are_signed_exactly() {
    let coinbase = CoinbaseExchange::new();
    let credentials = credentials();
    let request = coinbase.balances_request(&auth(&credentials)).unwrap();
    assert_eq!(
        (request.method, request.url.as_str(), request.body.as_deref()),
        (Method::Get, "https://api.exchange.coinbase.com/accounts", None)
    );
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        headers,
        [
            ("CB-ACCESS-KEY", "test-key"),
            // The docs' [DERIVED] vector for "1700000000GET/accounts".
            ("CB-ACCESS-SIGN", "JI0lcy+HLYIhOac+7WNpIvoNvdVuAdRUH/HMqUx0Kso="),
            ("CB-ACCESS-TIMESTAMP", "1700000000"),
            ("CB-ACCESS-PASSPHRASE", "test-pass"),
        ]
    );

    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.0100"),
        price: Some(dec("30000.00")),
        client_id: Some("1985ca2d-61ef-49f1-bfce-6c39d8462914".into()),
    };
    let request = coinbase.place_order_request(&auth(&credentials), &order).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://api.exchange.coinbase.com/orders"));
    let body = r#"{"client_oid":"1985ca2d-61ef-49f1-bfce-6c39d8462914","price":"30000","product_id":"BTC-USD","side":"buy","size":"0.01","type":"limit"}"#;
    assert_eq!(request.body.as_deref(), Some(body));
    // Python: base64(hmac(b64decode(secret), "1700000000POST/orders" + body, sha256))
    assert_eq!(request.header("CB-ACCESS-SIGN"), Some("Sw8jXTZ+RUDxqYmrhsmoNDIJqoSkeL5gtlhM0vHFP/E="));
    assert_eq!(request.header("Content-Type"), Some("application/json"));

    let market = OrderRequest { kind: OrderType::Market, side: Side::Sell, client_id: None, price: None, ..order.clone() };
    let request = coinbase.place_order_request(&auth(&credentials), &market).unwrap();
    assert_eq!(request.body.as_deref(), Some(r#"{"product_id":"BTC-USD","side":"sell","size":"0.01","type":"market"}"#));

    let request = coinbase.open_orders_request(&auth(&credentials), Some(&btc_usd())).unwrap();
    assert_eq!(request.url, "https://api.exchange.coinbase.com/orders?product_id=BTC-USD");
    // Python over "1700000000GET/orders?product_id=BTC-USD": the query is signed.
    assert_eq!(request.header("CB-ACCESS-SIGN"), Some("hCTmc9nQq2+/vvsqSzjaollf9Dv2p5MaCkvQIDmPY6A="));
    assert_eq!(coinbase.open_orders_request(&auth(&credentials), None).unwrap().url, "https://api.exchange.coinbase.com/orders");

    let request = coinbase.cancel_order_request(&auth(&credentials), &btc_usd(), "d0c5340b-6d6c-49d9-b567-48c4bfca13d2").unwrap();
    assert_eq!(
        (request.method, request.url.as_str(), request.body.as_deref()),
        (Method::Delete, "https://api.exchange.coinbase.com/orders/d0c5340b-6d6c-49d9-b567-48c4bfca13d2?product_id=BTC-USD", None)
    );
    // Python over "1700000000DELETE/orders/d0c5340b-…?product_id=BTC-USD".
    assert_eq!(request.header("CB-ACCESS-SIGN"), Some("MyjNH5+Qi4eq3xLrHYGpE4Wb+9U06DcWy2SWUMGEIPE="));

    let no_passphrase = Credentials { passphrase: None, ..credentials.clone() };
    assert!(matches!(coinbase.balances_request(&auth(&no_passphrase)), Err(Error::AuthFailed { .. })));
    let bad_secret = Credentials { secret: "not base64!".into(), ..credentials.clone() };
    assert!(matches!(coinbase.balances_request(&auth(&bad_secret)), Err(Error::AuthFailed { .. })));
    for bad_id in
        ["sigil1", "1985CA2D-61EF-49F1-BFCE-6C39D8462914", "1985ca2d61ef49f1bfce6c39d8462914", "1985ca2d-61ef-49f1-bfce-6c39d846291g", ""]
    {
        let order = OrderRequest { client_id: Some(bad_id.to_string()), ..order.clone() };
        assert!(matches!(coinbase.place_order_request(&auth(&credentials), &order), Err(Error::Unsupported { .. })), "{bad_id}");
    }
    assert!(coinbase.cancel_order_request(&auth(&credentials), &btc_usd(), "../accounts").is_err());
    let debug = format!("{request:?} {credentials:?}");
    assert!(!debug.contains(SECRET) && !debug.contains("test-pass") && !debug.contains("MyjNH5"), "{debug}");
}

#[test]
fn parses_candles_ascending_with_forming_flag() {
    let coinbase = CoinbaseExchange::new();
    let series = coinbase.parse_candles(&ok(CANDLES), Interval::M1, 1_591_514_219_999).unwrap();
    let times: Vec<i64> = series.candles.iter().map(|c| c.time).collect();
    assert_eq!(times, [1_591_514_040_000, 1_591_514_100_000, 1_591_514_160_000]);
    // The L-H-O-C order of the row, read into O-H-L-C.
    assert_eq!(
        series.candles[1],
        Candle { time: 1_591_514_100_000, open: 0.02506, high: 0.02507, low: 0.02505, close: 0.02507, volume: 1.63830323 }
    );
    assert!(series.last_forming);
    assert!(!coinbase.parse_candles(&ok(CANDLES), Interval::M1, 1_591_514_220_000).unwrap().last_forming);
    // Strings parse too (a proxy may re-encode); order does not matter.
    let ascending = r#"[["60","1","2","1.5","1.8","3"],[120,1,2,1.5,1.8,3]]"#;
    assert_eq!(coinbase.parse_candles(&ok(ascending), Interval::M1, 0).unwrap().candles.len(), 2);
    assert!(coinbase.parse_candles(&ok("[]"), Interval::M1, 0).unwrap().candles.is_empty());
    let duplicate = CANDLES.replace("1591514100", "1591514160");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&duplicate), Interval::M1, 0).unwrap_err()), "$[1]");
    let short = CANDLES.replace(",0.5]", "]");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&short), Interval::M1, 0).unwrap_err()), "$[2]");
    let bad = CANDLES.replace("1.63830323", "\"x\"");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&bad), Interval::M1, 0).unwrap_err()), "$[1][5]");
    let huge = CANDLES.replace("1591514040", "9223372036854775807");
    assert_eq!(malformed_path(coinbase.parse_candles(&ok(&huge), Interval::M1, 0).unwrap_err()), "$[2][0]");
}

#[test]
fn parses_ticker_markets_balances() {
    let coinbase = CoinbaseExchange::new();
    assert_eq!(
        coinbase.parse_ticker(&ok(TICKER), &btc_usd()).unwrap(),
        Ticker {
            symbol: btc_usd(),
            time: Some(1_584_663_777_833),
            last: 6268.48,
            bid: Some(6265.15),
            ask: Some(6267.71),
            high_24h: None,
            low_24h: None,
            volume_24h: Some(53602.03940154),
        }
    );
    let bad_time = TICKER.replace("2020-03-20T00:22:57.833897Z", "yesterday");
    assert_eq!(malformed_path(coinbase.parse_ticker(&ok(&bad_time), &btc_usd()).unwrap_err()), "$.time");

    let markets = coinbase.parse_markets(&ok(PRODUCTS)).unwrap();
    assert_eq!(
        markets[0],
        Market {
            symbol: btc_usd(),
            id: "BTC-USD".into(),
            active: true,
            price_step: Some(dec("0.01")),
            quantity_step: Some(dec("0.00000001")),
            min_quantity: None,
        }
    );
    let rest: Vec<(String, String, bool)> = markets[1..].iter().map(|m| (m.symbol.to_string(), m.id.clone(), m.active)).collect();
    assert_eq!(rest, [("BTCAUCTION/USD".into(), "BTCAUCTION-USD".into(), false), ("ETH/EUR".into(), "ETH-EUR".into(), false)]);
    assert_eq!(markets[1].min_quantity, Some(dec("0.000016")));

    assert_eq!(
        coinbase.parse_balances(&ok(ACCOUNTS)).unwrap(),
        [
            Balance { asset: "BTC".into(), free: dec("1.2"), locked: dec("0.3") },
            Balance { asset: "USD".into(), free: dec("79.226634806693"), locked: dec("1.0035025") },
        ]
    );
    let bad = ACCOUNTS.replace(r#""hold":"0.3000000000000000""#, r#""hold":null"#);
    assert_eq!(malformed_path(coinbase.parse_balances(&ok(&bad)).unwrap_err()), "$[0]");
}

#[test]
fn parses_orders() {
    let coinbase = CoinbaseExchange::new();
    let orders = coinbase.parse_open_orders(&ok(ORDERS)).unwrap();
    assert_eq!(
        orders[0],
        Order {
            id: "d0c5340b-6d6c-49d9-b567-48c4bfca13d2".into(),
            client_id: None,
            symbol: btc_usd(),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("0.1")),
            quantity: dec("0.01"),
            filled: Decimal::ZERO,
            status: OrderStatus::Open,
            time: Some(1_481_227_348_538),
        }
    );
    assert_eq!(
        (orders[1].status, orders[1].client_id.as_deref(), orders[1].side),
        (OrderStatus::PartiallyFilled, Some("1985ca2d-61ef-49f1-bfce-6c39d8462914"), Side::Sell)
    );
    assert_eq!(
        (orders[2].kind, orders[2].status, orders[2].quantity, orders[2].price),
        (OrderType::Market, OrderStatus::Filled, dec("0.001"), None)
    );
    let canceled = ORDERS.replace(r#""done_reason":"filled""#, r#""done_reason":"canceled""#);
    assert_eq!(coinbase.parse_open_orders(&ok(&canceled)).unwrap()[2].status, OrderStatus::Canceled);
    let bad = ORDERS.replace(r#""type":"market""#, r#""type":"iceberg""#);
    assert_eq!(malformed_path(coinbase.parse_open_orders(&ok(&bad)).unwrap_err()), "$[2].type");

    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.01"),
        price: Some(dec("30000")),
        client_id: Some("1985ca2d-61ef-49f1-bfce-6c39d8462914".into()),
    };
    let placed = coinbase.parse_place_order(&ok(PLACED), &order).unwrap();
    assert_eq!(
        (placed.id.as_str(), placed.client_id.as_deref(), placed.status, placed.price, placed.quantity),
        (
            "d0c5340b-6d6c-49d9-b567-48c4bfca13d2",
            Some("1985ca2d-61ef-49f1-bfce-6c39d8462914"),
            OrderStatus::Open,
            Some(dec("30000")),
            dec("0.01")
        )
    );
    let id = "d0c5340b-6d6c-49d9-b567-48c4bfca13d2";
    let canceled = coinbase.parse_cancel_order(&ok(CANCELED), &btc_usd(), id).unwrap();
    assert_eq!(canceled, CanceledOrder { id: id.into(), client_id: None, symbol: btc_usd(), order: None });
    // UUIDs compare without regard to case; the id is reported as Coinbase spells it.
    let upper = coinbase.parse_cancel_order(&ok(CANCELED), &btc_usd(), &id.to_ascii_uppercase()).unwrap();
    assert_eq!(upper.id, id);
    assert_eq!(malformed_path(coinbase.parse_cancel_order(&ok("{}"), &btc_usd(), id).unwrap_err()), "$");
    // An answer about another order is not a successful cancel of this one.
    let other = coinbase.parse_cancel_order(&ok(CANCELED), &btc_usd(), "d0c5340b-6d6c-49d9-b567-48c4bfca13d3").unwrap_err();
    assert_eq!(malformed_path(other), "$");
}

#[test]
fn errors_are_typed() {
    let coinbase = CoinbaseExchange::new();
    let error = |status: u16, message: &str| Response::new(status, format!(r#"{{"message":"{message}"}}"#));
    assert_eq!(
        coinbase.parse_ticker(&error(404, "NotFound"), &btc_usd()).unwrap_err(),
        Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USD".into(), available: vec![] }
    );
    let order =
        OrderRequest { symbol: btc_usd(), side: Side::Buy, kind: OrderType::Market, quantity: Decimal::ONE, price: None, client_id: None };
    assert!(matches!(coinbase.parse_place_order(&error(400, "Product not found"), &order).unwrap_err(), Error::UnknownSymbol { .. }));
    assert_eq!(
        coinbase.parse_place_order(&error(400, "Insufficient funds"), &order).unwrap_err(),
        Error::Rejected { exchange: NAME, code: "400".into(), message: "Insufficient funds".into() }
    );
    // On a cancel, 404 means the order, not the product, is unknown.
    assert_eq!(
        coinbase.parse_cancel_order(&error(404, "NotFound"), &btc_usd(), "d0c5340b-6d6c-49d9-b567-48c4bfca13d2").unwrap_err(),
        Error::Rejected { exchange: NAME, code: "404".into(), message: "NotFound".into() }
    );
    for (status, message) in [
        (401, "Invalid API Key"),
        (400, "invalid signature"),
        (400, "Invalid Passphrase"),
        (400, "request timestamp expired"),
        (403, "Forbidden"),
    ] {
        assert!(
            matches!(coinbase.parse_balances(&error(status, message)).unwrap_err(), Error::AuthFailed { exchange: NAME, .. }),
            "{message}"
        );
    }
    let mut throttled = error(429, "Public rate limit exceeded");
    throttled.headers.push(("Retry-After".into(), "1".into()));
    assert!(matches!(coinbase.parse_markets(&throttled).unwrap_err(), Error::RateLimited { retry_after_ms: Some(1000), .. }));
    assert!(matches!(coinbase.parse_balances(&error(400, "Private rate limit exceeded")).unwrap_err(), Error::RateLimited { .. }));
    assert!(matches!(coinbase.parse_balances(&error(503, "under maintenance")).unwrap_err(), Error::UpstreamStatus { status: 503, .. }));
    assert!(matches!(
        coinbase.parse_balances(&Response::new(502, "<html>bad gateway</html>")),
        Err(Error::UpstreamStatus { status: 502, .. })
    ));
    assert!(matches!(coinbase.parse_balances(&Response::new(451, "")), Err(Error::GeoBlocked { .. })));
    assert!(matches!(coinbase.parse_balances(&Response::new(404, "")), Err(Error::UpstreamStatus { status: 404, .. })));
    assert_eq!(malformed_path(coinbase.parse_balances(&ok("<html>")).unwrap_err()), "$");
    assert_eq!(malformed_path(coinbase.parse_balances(&ok(r#"{"message":"x"}"#)).unwrap_err()), "$");
}

const FIXTURES: &[&str] = &[CANDLES, TICKER, PRODUCTS, ACCOUNTS, ORDERS, PLACED, CANCELED];

fn parse_everything(body: &str, status: u16) {
    let coinbase = CoinbaseExchange::new();
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
    let _ = coinbase.parse_cancel_order(&response, &btc_usd(), "d0c5340b-6d6c-49d9-b567-48c4bfca13d2");
}

#[test]
fn fixtures_with_hostile_values_do_not_panic() {
    for fixture in FIXTURES {
        for replacement in ["1e400", "-9223372036854775808", "\"9223372036854775807\"", "\"\"", "null", "[]", "{}", "\"NaN\"", "true"] {
            parse_everything(&fixture.replace("1591514160", replacement).replace("\"6268.48\"", replacement), 200);
            parse_everything(&fixture.replace("\"0.01000000\"", replacement).replace("\"open\"", replacement), 200);
            parse_everything(&fixture.replace("\"2016-12-08T20:02:28.53864Z\"", replacement).replace("false", replacement), 200);
            parse_everything(&fixture.replace("\"BTC-USD\"", replacement), 400);
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
    fn requests_never_panic(limit in 0usize..2000, end in any::<Option<i64>>(), now in any::<i64>(), id in "\\PC{0,70}") {
        let coinbase = CoinbaseExchange::new();
        let credentials = credentials();
        let auth = Auth { credentials: &credentials, now_ms: now, nonce: 0, random: [0; 16] };
        for &interval in Interval::ALL {
            let _ = coinbase.candles_request(&btc_usd(), interval, limit, end);
        }
        let _ = coinbase.cancel_order_request(&auth, &btc_usd(), &id);
        let order = OrderRequest { symbol: btc_usd(), side: Side::Buy, kind: OrderType::Limit, quantity: Decimal::ONE, price: Some(Decimal::TEN), client_id: Some(id) };
        let _ = coinbase.place_order_request(&auth, &order);
    }

    #[test]
    fn rfc3339_parser_never_panics(text in "\\PC{0,40}") {
        let _ = time::parse_rfc3339_ms(&text);
    }
}
