//! Fixtures are the documented response shapes of Binance's `rest-api.md` and
//! `web-socket-streams.md`, trimmed to what the parsers read plus some neighbours.

use super::*;
use crate::candle::Candle;
use crate::model::{CanceledOrder, OrderStatus};
use crate::secret::Credentials;
use std::str::FromStr;

const H: i64 = 3_600_000;
// The example keys of Binance's rest-api.md (illustrative, not live keys).
const DOC_API_KEY: &str = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
const DOC_SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
const DOC_TIMESTAMP: i64 = 1_499_827_319_559;
/// RFC 8032 TEST 1 key as PKCS#8 (see `sign.rs`).
const TEST_ED25519_PEM: &str =
    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n";

const KLINES: &str = r#"[
  [1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499043599999,"2434.19055334",308,"1756.87402397","28.46694368","0"],
  [1499043600000,"0.01577100","0.01600000","0.01500000","0.01590000","1000.5",1499047199999,"15.9",12,"500.1","7.9","0"]
]"#;

const TICKER: &str = r#"{"symbol":"BNBBTC","priceChange":"-94.99999800","priceChangePercent":"-95.960","weightedAvgPrice":"0.29628482",
"prevClosePrice":"0.10002000","lastPrice":"4.00000200","lastQty":"200.00000000","bidPrice":"4.00000000","bidQty":"100.00000000",
"askPrice":"4.00000200","askQty":"100.00000000","openPrice":"99.00000000","highPrice":"100.00000000","lowPrice":"0.10000000",
"volume":"8913.30000000","quoteVolume":"15.30000000","openTime":1499783499040,"closeTime":1499869899040,"firstId":28385,"lastId":28460,"count":76}"#;

const EXCHANGE_INFO: &str = r#"{"timezone":"UTC","serverTime":1565246363776,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],
"exchangeFilters":[],"symbols":[
 {"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,
  "orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"isSpotTradingAllowed":true,
  "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.00001000","maxPrice":"922327.00000000","tickSize":"0.00001000"},
             {"filterType":"LOT_SIZE","minQty":"0.00010000","maxQty":"100000.00000000","stepSize":"0.00010000"},
             {"filterType":"NOTIONAL","minNotional":"0.00010000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}],
  "permissions":[],"permissionSets":[["SPOT","MARGIN"]],"defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":["NONE"]},
 {"symbol":"LUNABUSD","status":"BREAK","baseAsset":"LUNA","quoteAsset":"BUSD",
  "filters":[{"filterType":"PRICE_FILTER","minPrice":"0","maxPrice":"0","tickSize":"0.00000000"},{"filterType":"LOT_SIZE","minQty":"0.01000000","maxQty":"9000","stepSize":"0.01000000"}]},
 {"symbol":"币安人生USDT","status":"TRADING","baseAsset":"币安人生","quoteAsset":"USDT","filters":[]},
 {"symbol":"BTCFDUSD","status":"TRADING","baseAsset":"BTC","quoteAsset":"FDUSD"}
]}"#;

const ACCOUNT: &str = r#"{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,
"commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000","seller":"0.00000000"},
"canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,"requireSelfTradePrevention":false,"preventSor":false,
"updateTime":123456789,"accountType":"SPOT","balances":[
 {"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"},
 {"asset":"LTC","free":"0.00000000","locked":"0.00000000"},
 {"asset":"USDT","free":"0.00000000","locked":"12.50000000"}],
"permissions":["SPOT"],"uid":354937868}"#;

const OPEN_ORDERS: &str = r#"[{"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"0.1","origQty":"1.0",
"executedQty":"0.0","cummulativeQuoteQty":"0.0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","stopPrice":"0.0",
"icebergQty":"0.0","time":1499827319559,"updateTime":1499827319559,"isWorking":true,"workingTime":1499827319559,
"origQuoteOrderQty":"0.000000","selfTradePreventionMode":"NONE"},
{"symbol":"BTCUSDT","orderId":9007199254740993,"orderListId":-1,"clientOrderId":"","price":"0.00000000","origQty":"0.50000000",
"executedQty":"0.20000000","status":"PARTIALLY_FILLED","timeInForce":"GTC","type":"STOP_LOSS","side":"SELL","time":1700000000000}]"#;

const PLACED_ORDER: &str = r#"{"symbol":"LTCBTC","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP",
"transactTime":1507725176595,"price":"0.10000000","origQty":"1.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.000000",
"cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","workingTime":1507725176595,
"selfTradePreventionMode":"NONE","fills":[]}"#;

const CANCELED_ORDER: &str = r#"{"symbol":"LTCBTC","origClientOrderId":"myOrder1","orderId":4,"orderListId":-1,
"clientOrderId":"cancelMyOrder1","transactTime":1684804350068,"price":"2.00000000","origQty":"1.00000000","executedQty":"0.00000000",
"origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY",
"selfTradePreventionMode":"NONE"}"#;

const KLINE_EVENT: &str = r#"{"e":"kline","E":1672515782136,"s":"BNBBTC","k":{"t":1672515780000,"T":1672515839999,"s":"BNBBTC",
"i":"1m","f":100,"L":200,"o":"0.0010","c":"0.0020","h":"0.0025","l":"0.0015","v":"1000","n":100,"x":false,"q":"1.0000",
"V":"500","Q":"0.500","B":"123456"}}"#;

fn sym(text: &str) -> Symbol {
    Symbol::parse(text).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn ok(body: &str) -> Response {
    Response::new(200, body)
}

fn doc_credentials() -> Credentials {
    Credentials { api_key: DOC_API_KEY.into(), secret: DOC_SECRET.into(), passphrase: None }
}

fn auth(credentials: &Credentials, now_ms: i64) -> Auth<'_> {
    Auth { credentials, now_ms, nonce: 0, random: [0; 16] }
}

fn limit_order(symbol: &str, side: Side, quantity: &str, price: &str) -> OrderRequest {
    OrderRequest { symbol: sym(symbol), side, kind: OrderType::Limit, quantity: dec(quantity), price: Some(dec(price)), client_id: None }
}

// ---- candles ----

#[test]
fn candles_request_is_exact() {
    let binance = Binance::new();
    let request = binance.candles_request(&sym("BTC/USDT"), Interval::H1, 500, None).unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.url, "https://data-api.binance.vision/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=500");
    assert!(request.headers.is_empty() && request.body.is_none());

    let request = Binance::with_base_url("http://127.0.0.1:9000/")
        .candles_request(&sym("ETH/BTC"), Interval::W1, 1000, Some(1_700_000_000_000))
        .unwrap();
    assert_eq!(request.url, "http://127.0.0.1:9000/api/v3/klines?symbol=ETHBTC&interval=1w&limit=1000&endTime=1700000000000");

    let request = Binance::new()
        .with_market_data_base_url("https://api.binance.com")
        .candles_request(&sym("BTC/USDT"), Interval::M1, 1, None)
        .unwrap();
    assert_eq!(request.url, "https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1");
}

#[test]
fn every_unified_interval_is_spelled_as_binance_does() {
    let binance = Binance::new();
    assert_eq!(binance.intervals(), Interval::ALL);
    assert_eq!(binance.max_candles(), 1000);
    assert_eq!(binance.name(), "binance");
    for (interval, spelled) in [
        (Interval::M1, "1m"),
        (Interval::M5, "5m"),
        (Interval::M15, "15m"),
        (Interval::H1, "1h"),
        (Interval::H4, "4h"),
        (Interval::D1, "1d"),
        (Interval::W1, "1w"),
    ] {
        let url = binance.candles_request(&sym("BTC/USDT"), interval, 10, None).unwrap().url;
        assert!(url.contains(&format!("&interval={spelled}&")), "{url}");
    }
}

#[test]
fn candle_limits_outside_1_to_1000_are_refused() {
    let binance = Binance::new();
    for limit in [0, 1001, usize::MAX] {
        assert_eq!(
            binance.candles_request(&sym("BTC/USDT"), Interval::H1, limit, None),
            Err(Error::InvalidLimit { given: limit, max: 1000 })
        );
    }
}

#[test]
fn candles_parse_strings_to_numbers_and_flag_the_forming_one() {
    let binance = Binance::new();
    let t0 = 1_499_040_000_000;
    let series = binance.parse_candles(&ok(KLINES), Interval::H1, t0 + H + 1).unwrap();
    assert_eq!(
        series.candles,
        [
            Candle { time: t0, open: 0.0163479, high: 0.8, low: 0.015758, close: 0.015771, volume: 148976.11427815 },
            Candle { time: t0 + H, open: 0.015771, high: 0.016, low: 0.015, close: 0.0159, volume: 1000.5 },
        ]
    );
    assert!(series.last_forming);
    // The instant the second candle's hour ends, it is final.
    assert!(!binance.parse_candles(&ok(KLINES), Interval::H1, t0 + 2 * H).unwrap().last_forming);
    let empty = binance.parse_candles(&ok("[]"), Interval::H1, 0).unwrap();
    assert!(empty.candles.is_empty() && !empty.last_forming);
}

#[test]
fn candles_come_back_ascending_even_if_sent_out_of_order() {
    let body = r#"[[7200000,"1","1","1","1","1"],[0,"2","2","2","2","2"],[3600000,"3","3","3","3","3"]]"#;
    let series = Binance::new().parse_candles(&ok(body), Interval::H1, i64::MAX).unwrap();
    assert_eq!(series.candles.iter().map(|c| c.time).collect::<Vec<_>>(), [0, H, 2 * H]);
}

#[test]
fn malformed_candles_name_the_bad_field() {
    let parse = |body: &str| Binance::new().parse_candles(&ok(body), Interval::H1, 0).unwrap_err();
    let path = |err: Error| match err {
        Error::MalformedResponse { exchange: "binance", path, .. } => path,
        other => panic!("{other:?}"),
    };
    assert_eq!(path(parse(r#"[[0,"1","1","1","1","1"],[1,"1","1","1","x","1"]]"#)), "$[1][4]");
    assert_eq!(
        path(parse(r#"[[0,"1","1","1","1","1"],[1,"1","1","1","1","1"],[2,"1","1","1","1","1"],[3,"1","1","1","1",null]]"#)),
        "$[3][5]"
    );
    assert_eq!(path(parse(r#"[["0","1","1","1","1","1"]]"#)), "$[0][0]");
    assert_eq!(path(parse(r#"[[0,"1","1","1","1"]]"#)), "$[0]");
    assert_eq!(path(parse(r#"[[0,"NaN","1","1","1","1"]]"#)), "$[0][1]");
    assert_eq!(path(parse(r#"[[0,"-1","1","1","1","1"]]"#)), "$[0][1]");
    assert_eq!(path(parse(r#"{"not":"an array"}"#)), "$");
    assert_eq!(path(parse(r#"[[0,"1""#)), "$");
    assert_eq!(path(parse("")), "$");
    let reason = match parse("[1]") {
        Error::MalformedResponse { reason, .. } => reason,
        other => panic!("{other:?}"),
    };
    assert_eq!(reason, "expected an array, found a number");
}

// ---- ticker, markets ----

#[test]
fn ticker_request_and_parse() {
    let binance = Binance::new();
    let request = binance.ticker_request(&sym("BNB/BTC")).unwrap();
    assert_eq!(request.url, "https://data-api.binance.vision/api/v3/ticker/24hr?symbol=BNBBTC");
    let ticker = binance.parse_ticker(&ok(TICKER), &sym("BNB/BTC")).unwrap();
    assert_eq!(
        ticker,
        Ticker {
            symbol: sym("BNB/BTC"),
            time: Some(1_499_869_899_040),
            last: 4.000002,
            bid: Some(4.0),
            ask: Some(4.000002),
            high_24h: Some(100.0),
            low_24h: Some(0.1),
            volume_24h: Some(8913.3),
        }
    );
}

#[test]
fn a_ticker_for_another_market_is_refused() {
    let err = Binance::new().parse_ticker(&ok(TICKER), &sym("ETH/BTC")).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$.symbol"), "{err:?}");
}

#[test]
fn markets_from_exchange_info() {
    let binance = Binance::new();
    assert_eq!(binance.markets_request().unwrap().url, "https://data-api.binance.vision/api/v3/exchangeInfo");
    let markets = binance.parse_markets(&ok(EXCHANGE_INFO)).unwrap();
    assert_eq!(
        markets,
        [
            Market {
                symbol: sym("ETH/BTC"),
                id: "ETHBTC".into(),
                active: true,
                price_step: Some(dec("0.00001")),
                quantity_step: Some(dec("0.0001")),
                min_quantity: Some(dec("0.0001")),
            },
            // A disabled PRICE_FILTER (tickSize 0) is no step at all.
            Market {
                symbol: sym("LUNA/BUSD"),
                id: "LUNABUSD".into(),
                active: false,
                price_step: None,
                quantity_step: Some(dec("0.01")),
                min_quantity: Some(dec("0.01")),
            },
            Market {
                symbol: sym("BTC/FDUSD"),
                id: "BTCFDUSD".into(),
                active: true,
                price_step: None,
                quantity_step: None,
                min_quantity: None
            },
        ]
    );
    // Exact decimals, printed without Binance's padding.
    assert_eq!(markets[0].price_step.unwrap().to_string(), "0.00001");
}

#[test]
fn malformed_markets_name_the_bad_field() {
    let body = r#"{"symbols":[{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC",
        "filters":[{"filterType":"PRICE_FILTER","tickSize":"0.01"},{"filterType":"LOT_SIZE","stepSize":"lots"}]}]}"#;
    let err = Binance::new().parse_markets(&ok(body)).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$.symbols[0].filters[1].stepSize"), "{err:?}");
    let err = Binance::new().parse_markets(&ok(r#"{"symbols":{}}"#)).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$.symbols"), "{err:?}");
}

#[test]
fn symbols_map_to_market_ids_and_back() {
    let plain = Binance::new();
    assert_eq!(plain.market_id(&sym("BTC/USDT")), "BTCUSDT");
    assert_eq!(plain.market_id(&sym("1INCH/USDT")), "1INCHUSDT");
    // Without markets: split by the longest common quote that fits.
    assert_eq!(plain.symbol_for_id("BTCUSDT"), Some(sym("BTC/USDT")));
    assert_eq!(plain.symbol_for_id("BTCFDUSD"), Some(sym("BTC/FDUSD")));
    assert_eq!(plain.symbol_for_id("ETHBTC"), Some(sym("ETH/BTC")));
    assert_eq!(plain.symbol_for_id("USDT"), None);
    assert!(COMMON_QUOTES.windows(2).all(|w| w[0].len() >= w[1].len()), "longest first, or a short quote shadows a long one");
    assert_eq!(plain.symbol_for_id("FOOBAR"), None);
    // With markets the listing decides, whatever the suffix suggests.
    let markets = plain.parse_markets(&ok(EXCHANGE_INFO)).unwrap();
    let odd = Market { symbol: sym("AUSD/T"), id: "AUSDT".into(), active: true, price_step: None, quantity_step: None, min_quantity: None };
    let loaded = Binance::new().with_markets(markets.into_iter().chain([odd]).collect());
    assert_eq!(loaded.symbol_for_id("AUSDT"), Some(sym("AUSD/T")));
    assert_eq!(loaded.market_id(&sym("AUSD/T")), "AUSDT");
    assert_eq!(loaded.symbol_for_id("LUNABUSD"), Some(sym("LUNA/BUSD")));
}

// ---- signed requests ----

#[test]
fn limit_order_request_reproduces_the_official_hmac_example_exactly() {
    let credentials = doc_credentials();
    let request =
        Binance::new().place_order_request(&auth(&credentials, DOC_TIMESTAMP), &limit_order("LTC/BTC", Side::Buy, "1", "0.1")).unwrap();
    assert_eq!(request.method, Method::Post);
    assert_eq!(
        request.url,
        "https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1\
         &recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
    );
    assert_eq!(request.headers, [("X-MBX-APIKEY".to_string(), DOC_API_KEY.to_string())]);
    assert_eq!(request.body, None);
}

#[test]
fn ed25519_credentials_sign_the_same_payload_with_base64_url_encoded_signatures() {
    let credentials = Credentials { api_key: "ed-key".into(), secret: TEST_ED25519_PEM.into(), passphrase: None };
    let request =
        Binance::new().place_order_request(&auth(&credentials, DOC_TIMESTAMP), &limit_order("LTC/BTC", Side::Buy, "1", "0.1")).unwrap();
    // Signature computed independently with OpenSSL and Python `cryptography` (see sign.rs).
    assert_eq!(
        request.url,
        "https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1\
         &recvWindow=5000&timestamp=1499827319559\
         &signature=3fhuDZ9nYMviDQ5OEtJBJS11jUZDTRzRQ%2BTQMarm%2BLErFiJvUiVPQjTzDoWZQe4miPX%2ByHk1v%2FZ7TWLYjIbmCA%3D%3D"
    );
    assert_eq!(request.header("x-mbx-apikey"), Some("ed-key"));
}

#[test]
fn market_order_with_client_id_and_custom_recv_window() {
    let credentials = doc_credentials();
    let binance = Binance::with_base_url("http://fake.test").with_recv_window_ms(10_000).unwrap();
    let order = OrderRequest {
        symbol: sym("BTC/USDT"),
        side: Side::Sell,
        kind: OrderType::Market,
        quantity: dec("0.00100000"),
        price: Some(dec("123")), // ignored for market orders
        client_id: Some("sigil:run/7_a-b.c".into()),
    };
    let request = binance.place_order_request(&auth(&credentials, 1_700_000_000_000), &order).unwrap();
    let payload = "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001&newClientOrderId=sigil%3Arun%2F7_a-b.c\
                   &recvWindow=10000&timestamp=1700000000000";
    let signature = sign::hmac_sha256_hex(DOC_SECRET.as_bytes(), payload.as_bytes());
    assert_eq!(request.url, format!("http://fake.test/api/v3/order?{payload}&signature={signature}"));
}

#[test]
fn order_requests_binance_would_reject_are_refused_before_signing() {
    let credentials = doc_credentials();
    let a = auth(&credentials, 1);
    let binance = Binance::new();
    let unsupported = |order: OrderRequest| matches!(binance.place_order_request(&a, &order), Err(Error::Unsupported { .. }));
    assert!(unsupported(OrderRequest { price: None, ..limit_order("BTC/USDT", Side::Buy, "1", "1") }));
    assert!(unsupported(limit_order("BTC/USDT", Side::Buy, "0", "1")));
    assert!(unsupported(limit_order("BTC/USDT", Side::Buy, "1", "-1")));
    for bad_id in ["", "a&b=c", "has space", "ünï", &"x".repeat(37)] {
        assert!(
            unsupported(OrderRequest { client_id: Some(bad_id.to_string()), ..limit_order("BTC/USDT", Side::Buy, "1", "1") }),
            "{bad_id}"
        );
    }
    assert!(binance.clone().with_recv_window_ms(0).is_err());
    assert!(binance.clone().with_recv_window_ms(60_001).is_err());
    assert_eq!(binance.with_recv_window_ms(60_000).unwrap().recv_window_ms(), 60_000);
}

#[test]
fn bad_credentials_fail_before_any_request() {
    let binance = Binance::new();
    for credentials in [
        Credentials { api_key: "".into(), secret: DOC_SECRET.into(), passphrase: None },
        Credentials { api_key: "key\r\nX-Injected: 1".into(), secret: DOC_SECRET.into(), passphrase: None },
        Credentials { api_key: "key".into(), secret: "".into(), passphrase: None },
        Credentials {
            api_key: "key".into(),
            secret: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----".into(),
            passphrase: None,
        },
    ] {
        assert!(matches!(binance.balances_request(&auth(&credentials, 1)), Err(Error::AuthFailed { .. })), "{credentials:?}");
    }
}

#[test]
fn account_and_open_orders_requests_are_exact() {
    let credentials = doc_credentials();
    let a = auth(&credentials, DOC_TIMESTAMP);
    let binance = Binance::new();
    let signed = |payload: &str| format!("{payload}&signature={}", sign::hmac_sha256_hex(DOC_SECRET.as_bytes(), payload.as_bytes()));

    let request = binance.balances_request(&a).unwrap();
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.url,
        format!("https://api.binance.com/api/v3/account?{}", signed("omitZeroBalances=true&recvWindow=5000&timestamp=1499827319559"))
    );
    assert_eq!(request.header("X-MBX-APIKEY"), Some(DOC_API_KEY));

    let request = binance.open_orders_request(&a, Some(&sym("LTC/BTC"))).unwrap();
    assert_eq!(
        request.url,
        format!("https://api.binance.com/api/v3/openOrders?{}", signed("symbol=LTCBTC&recvWindow=5000&timestamp=1499827319559"))
    );
    let request = binance.open_orders_request(&a, None).unwrap();
    assert_eq!(request.url, format!("https://api.binance.com/api/v3/openOrders?{}", signed("recvWindow=5000&timestamp=1499827319559")));
}

#[test]
fn cancel_by_order_id_or_client_id() {
    let credentials = doc_credentials();
    let a = auth(&credentials, DOC_TIMESTAMP);
    let binance = Binance::new();
    let signed = |payload: &str| format!("{payload}&signature={}", sign::hmac_sha256_hex(DOC_SECRET.as_bytes(), payload.as_bytes()));
    let request = binance.cancel_order_request(&a, &sym("LTC/BTC"), "4").unwrap();
    assert_eq!(request.method, Method::Delete);
    assert_eq!(
        request.url,
        format!("https://api.binance.com/api/v3/order?{}", signed("symbol=LTCBTC&orderId=4&recvWindow=5000&timestamp=1499827319559"))
    );
    let request = binance.cancel_order_request(&a, &sym("LTC/BTC"), "myOrder1").unwrap();
    assert_eq!(
        request.url,
        format!(
            "https://api.binance.com/api/v3/order?{}",
            signed("symbol=LTCBTC&origClientOrderId=myOrder1&recvWindow=5000&timestamp=1499827319559")
        )
    );
    assert!(matches!(binance.cancel_order_request(&a, &sym("LTC/BTC"), "1&orderId=2"), Err(Error::Unsupported { .. })));
    assert!(matches!(binance.cancel_order_request(&a, &sym("LTC/BTC"), ""), Err(Error::Unsupported { .. })));
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let pem_credentials = Credentials { api_key: "ed-key-id".into(), secret: TEST_ED25519_PEM.into(), passphrase: None };
    for credentials in [doc_credentials(), pem_credentials] {
        let secret = credentials.secret.expose_str().unwrap().to_string();
        let a = auth(&credentials, DOC_TIMESTAMP);
        let binance = Binance::new();
        let requests = [
            binance.balances_request(&a).unwrap(),
            binance.open_orders_request(&a, None).unwrap(),
            binance.place_order_request(&a, &limit_order("LTC/BTC", Side::Buy, "1", "0.1")).unwrap(),
            binance.cancel_order_request(&a, &sym("LTC/BTC"), "1").unwrap(),
        ];
        for request in &requests {
            let shown = format!("{request:?} {credentials:?} {a:?} {binance:?}");
            assert!(!shown.contains(&secret) && !shown.contains("MC4CAQAw"), "{shown}");
            // The API key is an identifier (Credentials' Debug shows it) but still stays out of
            // a logged request, which may reach shared logs.
            assert!(!format!("{request:?}").contains(&credentials.api_key), "{request:?}");
            assert!(!request.url.contains(&secret));
        }
    }
}

// ---- private responses ----

#[test]
fn balances_are_exact_and_zero_ones_omitted() {
    let balances = Binance::new().parse_balances(&ok(ACCOUNT)).unwrap();
    assert_eq!(
        balances,
        [
            Balance { asset: "BTC".into(), free: dec("4723846.89208129"), locked: Decimal::ZERO },
            Balance { asset: "USDT".into(), free: Decimal::ZERO, locked: dec("12.5") },
        ]
    );
    let err = Binance::new().parse_balances(&ok(r#"{"balances":[{"asset":"BTC","free":"1","locked":1e400}]}"#)).unwrap_err();
    assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    let err = Binance::new().parse_balances(&ok(r#"{"balances":[{"asset":"BTC","free":"one","locked":"0"}]}"#)).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$.balances[0].free"), "{err:?}");
}

#[test]
fn open_orders_parse_with_symbols_recovered_from_ids() {
    let orders = Binance::new().parse_open_orders(&ok(OPEN_ORDERS)).unwrap();
    assert_eq!(
        orders,
        [
            Order {
                id: "1".into(),
                client_id: Some("myOrder1".into()),
                symbol: sym("LTC/BTC"),
                side: Side::Buy,
                kind: OrderType::Limit,
                price: Some(dec("0.1")),
                quantity: dec("1"),
                filled: Decimal::ZERO,
                status: OrderStatus::Open,
                time: Some(1_499_827_319_559),
            },
            // A stop order placed elsewhere: reported, as the market order it becomes.
            Order {
                id: "9007199254740993".into(),
                client_id: None,
                symbol: sym("BTC/USDT"),
                side: Side::Sell,
                kind: OrderType::Market,
                price: None,
                quantity: dec("0.5"),
                filled: dec("0.2"),
                status: OrderStatus::PartiallyFilled,
                time: Some(1_700_000_000_000),
            },
        ]
    );
    let unknown =
        r#"[{"symbol":"FOOBAR","orderId":1,"price":"1","origQty":"1","executedQty":"0","status":"NEW","type":"LIMIT","side":"BUY"}]"#;
    let err = Binance::new().parse_open_orders(&ok(unknown)).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$[0].symbol"), "{err:?}");
    let bad_status = OPEN_ORDERS.replace("\"PARTIALLY_FILLED\"", "\"HALF_DONE\"");
    let err = Binance::new().parse_open_orders(&ok(&bad_status)).unwrap_err();
    assert!(matches!(&err, Error::MalformedResponse { path, .. } if path == "$[1].status"), "{err:?}");
}

#[test]
fn placed_order_parses() {
    let request = limit_order("LTC/BTC", Side::Buy, "1", "0.1");
    let order = Binance::new().parse_place_order(&ok(PLACED_ORDER), &request).unwrap();
    assert_eq!(
        order,
        Order {
            id: "28".into(),
            client_id: Some("6gCrw2kRUAF9CvJDGP16IP".into()),
            symbol: sym("LTC/BTC"),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("0.1")),
            quantity: dec("1"),
            filled: Decimal::ZERO,
            status: OrderStatus::Open,
            time: Some(1_507_725_176_595),
        }
    );
    let filled_market =
        PLACED_ORDER.replace("\"LIMIT\"", "\"MARKET\"").replace("\"NEW\"", "\"FILLED\"").replace("\"0.10000000\"", "\"0.00000000\"");
    let order = Binance::new().parse_place_order(&ok(&filled_market), &request).unwrap();
    assert_eq!((order.kind, order.status, order.price), (OrderType::Market, OrderStatus::Filled, None));
}

#[test]
fn canceled_order_carries_the_order_and_keeps_the_original_client_id() {
    let expected_order = Order {
        id: "4".into(),
        client_id: Some("myOrder1".into()),
        symbol: sym("LTC/BTC"),
        side: Side::Buy,
        kind: OrderType::Limit,
        price: Some(dec("2")),
        quantity: dec("1"),
        filled: Decimal::ZERO,
        status: OrderStatus::Canceled,
        time: None,
    };
    let expected =
        CanceledOrder { id: "4".into(), client_id: Some("myOrder1".into()), symbol: sym("LTC/BTC"), order: Some(expected_order) };
    // Canceled by orderId (also with leading zeros, which Binance reads as the same
    // number) or by the client id given at placement: the same answer either way.
    for requested in ["4", "004", "myOrder1"] {
        let canceled = Binance::new().parse_cancel_order(&ok(CANCELED_ORDER), &sym("LTC/BTC"), requested).unwrap();
        assert_eq!(canceled, expected, "{requested}");
    }
}

#[test]
fn canceled_order_about_another_order_is_malformed() {
    let binance = Binance::new();
    let path_of = |body: &str, requested: &str| match binance.parse_cancel_order(&ok(body), &sym("LTC/BTC"), requested) {
        Err(Error::MalformedResponse { path, .. }) => path,
        other => panic!("{requested}: expected MalformedResponse, got {other:?}"),
    };
    assert_eq!(path_of(CANCELED_ORDER, "5"), "$.orderId");
    assert_eq!(path_of(CANCELED_ORDER, "myOrder2"), "$.origClientOrderId");
    // The echo of the request's own client id is not the order's.
    assert_eq!(path_of(CANCELED_ORDER, "cancelMyOrder1"), "$.origClientOrderId");
    let without_client_id = CANCELED_ORDER.replace(r#""origClientOrderId":"myOrder1","#, "");
    // A missing field is reported at the object that lacks it.
    assert_eq!(path_of(&without_client_id, "myOrder1"), "$");
    assert!(binance.parse_cancel_order(&ok(&without_client_id), &sym("LTC/BTC"), "4").is_ok());
}

// ---- errors ----

fn with_retry_after(status: u16, body: &str, seconds: &str) -> Response {
    let mut response = Response::new(status, body);
    response.headers.push(("Retry-After".into(), seconds.into()));
    response
}

#[test]
fn binance_error_bodies_become_typed_errors() {
    let binance = Binance::new();
    let candles = |response: Response| binance.parse_candles(&response, Interval::H1, 0).unwrap_err();

    assert_eq!(
        candles(Response::new(400, r#"{"code":-1121,"msg":"Invalid symbol."}"#)),
        Error::Rejected { exchange: "binance", code: "-1121".into(), message: "Invalid symbol.".into() }
    );
    // Where the operation knows its symbol, "Invalid symbol." says which.
    assert_eq!(
        binance.parse_ticker(&Response::new(400, r#"{"code":-1121,"msg":"Invalid symbol."}"#), &sym("FOO/BAR")).unwrap_err(),
        Error::UnknownSymbol { exchange: "binance", symbol: "FOO/BAR".into(), available: vec![] }
    );
    for (status, code) in [(401, -2015), (400, -2014), (400, -1022), (400, -1021), (401, -1002)] {
        let err = binance.parse_balances(&Response::new(status, format!(r#"{{"code":{code},"msg":"no"}}"#))).unwrap_err();
        assert!(matches!(&err, Error::AuthFailed { message, .. } if message.contains(&code.to_string())), "{code}: {err:?}");
    }
    assert_eq!(
        candles(with_retry_after(
            429,
            r#"{"code":-1003,"msg":"Too many requests; current limit is 6000 request weight per 1 MINUTE."}"#,
            "7"
        )),
        Error::RateLimited {
            exchange: "binance",
            retry_after_ms: Some(7000),
            message: "Too many requests; current limit is 6000 request weight per 1 MINUTE.".into()
        }
    );
    // -1003 is a rate limit whatever the status; so is the order-rate code -1015.
    assert!(matches!(candles(Response::new(400, r#"{"code":-1003,"msg":"x"}"#)), Error::RateLimited { retry_after_ms: None, .. }));
    assert!(matches!(candles(Response::new(400, r#"{"code":-1015,"msg":"x"}"#)), Error::RateLimited { .. }));
    assert_eq!(
        candles(with_retry_after(418, r#"{"code":-1003,"msg":"Way too many requests; IP banned until 1700000000000."}"#, "120")),
        Error::IpBanned {
            exchange: "binance",
            retry_after_ms: Some(120_000),
            message: "Way too many requests; IP banned until 1700000000000.".into()
        }
    );
    assert!(matches!(candles(with_retry_after(418, "", "60")), Error::IpBanned { retry_after_ms: Some(60_000), .. }));
    let geo = r#"{"code":0,"msg":"Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms."}"#;
    assert!(matches!(candles(Response::new(451, geo)), Error::GeoBlocked { message, .. } if message.starts_with("Service unavailable")));
    assert_eq!(
        candles(Response::new(400, r#"{"code":-1013,"msg":"Filter failure: LOT_SIZE"}"#)),
        Error::Rejected { exchange: "binance", code: "-1013".into(), message: "Filter failure: LOT_SIZE".into() }
    );
    assert!(matches!(candles(Response::new(403, "<html>WAF</html>")), Error::AuthFailed { .. }));
    assert!(matches!(candles(Response::new(503, "<html>busy</html>")), Error::UpstreamStatus { status: 503, .. }));
    assert!(matches!(
        candles(Response::new(
            500,
            r#"{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}"#
        )),
        Error::UpstreamStatus { status: 500, .. }
    ));
    // An error object under a 200 is still an error, not a shape mismatch.
    assert!(matches!(candles(ok(r#"{"code":-1100,"msg":"Illegal characters found in parameter 'symbol'."}"#)), Error::Rejected { .. }));
}

#[test]
fn long_error_messages_are_cut() {
    let long = "x".repeat(5000);
    let err =
        Binance::new().parse_candles(&Response::new(400, format!(r#"{{"code":-1100,"msg":"{long}"}}"#)), Interval::H1, 0).unwrap_err();
    assert!(err.to_string().len() < 400, "{}", err.to_string().len());
}

// ---- WebSocket ----

#[test]
fn kline_messages_parse_raw_and_combined() {
    let expected = KlineUpdate {
        market_id: "BNBBTC".into(),
        interval: Interval::M1,
        candle: Candle { time: 1_672_515_780_000, open: 0.001, high: 0.0025, low: 0.0015, close: 0.002, volume: 1000.0 },
        closed: false,
    };
    assert_eq!(parse_kline_message(KLINE_EVENT).unwrap(), expected);
    let combined = format!(r#"{{"stream":"bnbbtc@kline_1m","data":{}}}"#, KLINE_EVENT.replace("\"x\":false", "\"x\":true"));
    assert_eq!(parse_kline_message(&combined).unwrap(), KlineUpdate { closed: true, ..expected.clone() });
    assert_eq!(Binance::new().symbol_for_id(&expected.market_id), Some(sym("BNB/BTC")));
    assert_eq!(kline_stream_name(&sym("BTC/USDT"), Interval::H4), "btcusdt@kline_4h");
}

#[test]
fn non_kline_messages_are_reported_not_panicked_on() {
    let path = |message: &str| match parse_kline_message(message).unwrap_err() {
        Error::MalformedResponse { path, .. } => path,
        other => panic!("{other:?}"),
    };
    assert_eq!(path(r#"{"result":null,"id":1}"#), "$");
    assert_eq!(path(r#"{"e":"trade","s":"BNBBTC"}"#), "$.e");
    assert_eq!(path(&KLINE_EVENT.replace("\"1m\"", "\"3m\"")), "$.k.i");
    assert_eq!(path(&KLINE_EVENT.replace("\"x\":false", "\"x\":\"no\"")), "$.k.x");
    assert_eq!(path(&format!(r#"{{"stream":"s","data":{}}}"#, KLINE_EVENT.replace("\"c\":\"0.0020\"", "\"c\":[]"))), "$.data.k.c");
    assert_eq!(path("[]"), "$");
}

// ---- never panic ----

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const FIXTURES: &[&str] = &[KLINES, TICKER, EXCHANGE_INFO, ACCOUNT, OPEN_ORDERS, PLACED_ORDER, CANCELED_ORDER, KLINE_EVENT];

    /// Feeds one body to every parser; all that matters is that each returns.
    fn parse_everything(status: u16, body: &str) {
        let binance = Binance::new();
        let response = Response::new(status, body);
        let request = limit_order("LTC/BTC", Side::Buy, "1", "0.1");
        let _ = binance.parse_candles(&response, Interval::H1, 1_700_000_000_000);
        let _ = binance.parse_candles(&response, Interval::W1, i64::MIN);
        let _ = binance.parse_ticker(&response, &sym("BNB/BTC"));
        let _ = binance.parse_markets(&response);
        let _ = binance.parse_balances(&response);
        let _ = binance.parse_open_orders(&response);
        let _ = binance.parse_place_order(&response, &request);
        let _ = binance.parse_cancel_order(&response, &sym("LTC/BTC"), "4");
        let _ = binance.parse_cancel_order(&response, &sym("LTC/BTC"), "myOrder1");
        let _ = parse_kline_message(body);
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            "[-+0-9.eE]{0,12}".prop_map(serde_json::Value::from),
            prop_oneof![Just("NEW"), Just("LIMIT"), Just("BUY"), Just("kline"), Just("1h"), Just("TRADING"), Just("LTCBTC")]
                .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            let keys = prop_oneof![
                Just("symbol"),
                Just("orderId"),
                Just("price"),
                Just("origQty"),
                Just("executedQty"),
                Just("status"),
                Just("type"),
                Just("side"),
                Just("balances"),
                Just("symbols"),
                Just("filters"),
                Just("filterType"),
                Just("e"),
                Just("k"),
                Just("data"),
                Just("code"),
                Just("msg"),
                Just("lastPrice")
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
                prop::collection::vec((keys.prop_map(str::to_string), inner), 0..8)
                    .prop_map(|entries| serde_json::Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

        #[test]
        fn arbitrary_text(body in any::<String>(), status in prop_oneof![Just(200u16), Just(400), Just(429), any::<u16>()]) {
            parse_everything(status, &body);
        }

        #[test]
        fn truncated_fixtures(index in 0..FIXTURES.len(), cut in any::<prop::sample::Index>()) {
            let fixture = FIXTURES[index];
            let end = cut.index(fixture.len() + 1);
            if let Some(prefix) = fixture.get(..end) {
                parse_everything(200, prefix);
            }
        }

        #[test]
        fn mutated_fixtures(index in 0..FIXTURES.len(), at in any::<prop::sample::Index>(), replacement in "[\\[\\]{}\",:0-9a-z.\\-e ]{0,3}") {
            let fixture = FIXTURES[index];
            let at = at.index(fixture.len());
            if fixture.is_char_boundary(at) {
                let end = fixture[at..].char_indices().nth(1).map_or(fixture.len(), |(i, _)| at + i);
                parse_everything(200, &format!("{}{}{}", &fixture[..at], replacement, &fixture[end..]));
            }
        }

        #[test]
        fn arbitrary_json(value in json_value()) {
            let body = value.to_string();
            parse_everything(200, &body);
            parse_everything(400, &body);
        }
    }

    #[test]
    fn pathological_bodies() {
        for body in [
            "[".repeat(100_000),
            format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
            r#"[[9223372036854775807,"1","1","1","1","1"]]"#.to_string(),
            r#"[[-9223372036854775808,"1e308","1e309","1","1","1"]]"#.to_string(),
            r#"{"balances":[{"asset":"X","free":"79228162514264337593543950336","locked":"1e-40"}]}"#.to_string(),
            r#"{"symbols":[{"symbol":"A","status":"TRADING","baseAsset":"","quoteAsset":"/","filters":[{"filterType":"LOT_SIZE","stepSize":"1e99999999"}]}]}"#.to_string(),
            "\u{feff}[]".to_string(),
        ] {
            parse_everything(200, &body);
        }
    }
}
