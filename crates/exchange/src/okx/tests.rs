//! Fixtures follow the response examples of OKX's v5 API reference.

use proptest::prelude::*;

use super::*;
use crate::candle::Candle;
use crate::http::Method;
use crate::model::Decimal;
use crate::secret::Credentials;

/// The secret of OKX's documentation example; signatures below were computed with
/// Python's hmac/hashlib/base64 over the exact prehash strings shown.
const DOC_SECRET: &str = "22582BD0CFF14C41EDBF1AB98506286D";
/// 2020-12-08T09:08:57.715Z, the documentation's example timestamp.
const DOC_NOW_MS: i64 = 1_607_418_537_715;

fn credentials() -> Credentials {
    Credentials { api_key: "doc-key".into(), secret: DOC_SECRET.into(), passphrase: Some("doc-pass".into()) }
}

fn auth(credentials: &Credentials) -> Auth<'_> {
    Auth { credentials, now_ms: DOC_NOW_MS, nonce: 0, random: [0; 16] }
}

fn btc_usdt() -> Symbol {
    Symbol::parse("BTC/USDT").unwrap()
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

const CANDLES: &str = r#"{"code":"0","msg":"","data":[
    ["1597026600000","3.722","3.744","3.716","3.738","9000","33500","33500","0"],
    ["1597026540000","3.721","3.743","3.677","3.708","8422410","22698348.04828491","12698348.04828491","1"],
    ["1597026480000","3.731","3.799","3.494","3.72","24912403","67632347.24399722","37632347.24399722","1"]
]}"#;

const TICKER: &str = r#"{"code":"0","msg":"","data":[{"instType":"SPOT","instId":"BTC-USDT","last":"9999.99","lastSz":"0.1",
    "askPx":"9999.99","askSz":"11","bidPx":"8888.88","bidSz":"5","open24h":"9000","high24h":"10000","low24h":"8888.88",
    "volCcy24h":"2222","vol24h":"2222","sodUtc0":"0.1","sodUtc8":"0.1","ts":"1597026383085"}]}"#;

const INSTRUMENTS: &str = r#"{"code":"0","msg":"","data":[
    {"instType":"SPOT","instId":"BTC-USDT","uly":"","instFamily":"","baseCcy":"BTC","quoteCcy":"USDT","settleCcy":"","ctVal":"","ctMult":"",
     "ctValCcy":"","optType":"","stk":"","listTime":"1606468572000","expTime":"","lever":"10","tickSz":"0.1","lotSz":"0.00000001",
     "minSz":"0.00001","ctType":"","alias":"","state":"live","maxLmtSz":"9999999999","maxMktSz":""},
    {"instType":"SPOT","instId":"NEW-USDT","baseCcy":"NEW","quoteCcy":"USDT","tickSz":"0.0001","lotSz":"1","minSz":"","state":"preopen"}
]}"#;

const BALANCE: &str = r#"{"code":"0","msg":"","data":[{"adjEq":"","imr":"","isoEq":"0","mgnRatio":"","mmr":"","notionalUsd":"",
    "ordFroz":"","totalEq":"41624.32","uTime":"1614846244194","details":[
      {"availBal":"1.2","availEq":"","cashBal":"1.5","ccy":"BTC","crossLiab":"","disEq":"0","eq":"1.5","frozenBal":"0.3","ordFrozen":"0.3","uTime":"1614846244194"},
      {"availBal":"","cashBal":"1000","ccy":"USDT","frozenBal":"250","eq":"1000"}
    ]}]}"#;

const ORDERS_PENDING: &str = r#"{"code":"0","msg":"","data":[
    {"accFillSz":"0.002","avgPx":"30000","cTime":"1618235248028","category":"normal","ccy":"","clOrdId":"sigil1","fee":"0","feeCcy":"BTC",
     "fillPx":"","fillSz":"0","fillTime":"","instId":"BTC-USDT","instType":"SPOT","lever":"","ordId":"301835739059335168","ordType":"limit",
     "pnl":"0","posSide":"","px":"30000","rebate":"0","rebateCcy":"USDT","side":"buy","slOrdPx":"","slTriggerPx":"","state":"partially_filled",
     "sz":"0.01","tag":"","tdMode":"cash","tgtCcy":"","tpOrdPx":"","tpTriggerPx":"","tradeId":"","uTime":"1618235248028"},
    {"accFillSz":"0","cTime":"1618235248029","clOrdId":"","instId":"ETH-USDT","ordId":"301835739059335169","ordType":"post_only",
     "px":"2000.5","side":"sell","state":"live","sz":"1"}
]}"#;

const PLACE_ORDER: &str = r#"{"code":"0","msg":"","data":[{"clOrdId":"sigil1","ordId":"312269865356374016","tag":"","ts":"1695190491421","sCode":"0","sMsg":""}],"inTime":"1695190491421339","outTime":"1695190491423240"}"#;

const CANCEL_ORDER: &str =
    r#"{"code":"0","msg":"","data":[{"clOrdId":"","ordId":"312269865356374016","ts":"1695190491421","sCode":"0","sMsg":""}]}"#;

const PUSH: &str = r#"{"arg":{"channel":"candle1H","instId":"BTC-USDT"},"data":[["1597026383085","8533.02","8553.74","8527.17","8548.26","45247","529.5858061","529.5858061","0"]]}"#;

#[test]
fn mapping_tables() {
    let bars: Vec<&str> = Interval::ALL.iter().map(|i| bar_name(*i)).collect();
    assert_eq!(bars, ["1m", "5m", "15m", "1H", "4H", "1Dutc", "1Wutc"]);
    for &interval in Interval::ALL {
        assert_eq!(bar_interval(bar_name(interval)), Some(interval));
        assert_eq!(candle_channel(interval), format!("candle{}", bar_name(interval)));
    }
    assert_eq!(bar_interval("1D"), None, "UTC+8 daily bars are not Sigil's days");
    assert_eq!(inst_id(&btc_usdt()), "BTC-USDT");
    assert_eq!(inst_symbol("BTC-USDT"), Some(btc_usdt()));
    assert_eq!(inst_symbol("BTC-USDT-SWAP"), None);
    assert_eq!(inst_symbol("BTCUSDT"), None);
}

#[test]
fn public_requests() {
    let okx = Okx::new();
    let request = okx.candles_request(&btc_usdt(), Interval::H1, 300, None).unwrap();
    assert_eq!(request.url, "https://www.okx.com/api/v5/market/candles?instId=BTC-USDT&bar=1H&limit=300");
    assert!(request.headers.is_empty() && request.body.is_none());
    let request = okx.candles_request(&btc_usdt(), Interval::D1, 2, Some(1_597_026_540_000)).unwrap();
    assert_eq!(request.url, "https://www.okx.com/api/v5/market/candles?instId=BTC-USDT&bar=1Dutc&after=1597026540001&limit=2");
    assert_eq!(okx.candles_request(&btc_usdt(), Interval::H1, 301, None).unwrap_err(), Error::InvalidLimit { given: 301, max: 300 });
    let local = Okx::with_base_url("http://127.0.0.1:9000/");
    assert_eq!(local.ticker_request(&btc_usdt()).unwrap().url, "http://127.0.0.1:9000/api/v5/market/ticker?instId=BTC-USDT");
    assert_eq!(local.markets_request().unwrap().url, "http://127.0.0.1:9000/api/v5/public/instruments?instType=SPOT");
    assert_eq!((okx.name(), okx.max_candles()), ("okx", 300));
}

#[test]
fn private_requests_are_signed_exactly() {
    let okx = Okx::new();
    let credentials = credentials();
    let request = okx.balances_request(&auth(&credentials)).unwrap();
    assert_eq!(
        (request.method, request.url.as_str(), request.body.as_deref()),
        (Method::Get, "https://www.okx.com/api/v5/account/balance", None)
    );
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        headers,
        [
            ("OK-ACCESS-KEY", "doc-key"),
            // Python: base64(hmac(secret, "2020-12-08T09:08:57.715ZGET/api/v5/account/balance", sha256))
            ("OK-ACCESS-SIGN", "AkD5YszBhggtIyjDlmTy/9PpNVntel+1Lff8wh0qpQw="),
            ("OK-ACCESS-TIMESTAMP", "2020-12-08T09:08:57.715Z"),
            ("OK-ACCESS-PASSPHRASE", "doc-pass"),
        ]
    );

    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.0100"),
        price: Some(dec("30000")),
        client_id: Some("sigil1".into()),
    };
    let request = okx.place_order_request(&auth(&credentials), &order).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://www.okx.com/api/v5/trade/order"));
    let body = r#"{"clOrdId":"sigil1","instId":"BTC-USDT","ordType":"limit","px":"30000","side":"buy","sz":"0.01","tdMode":"cash"}"#;
    assert_eq!(request.body.as_deref(), Some(body));
    // Python: base64(hmac(secret, "2020-12-08T09:08:57.715ZPOST/api/v5/trade/order" + body, sha256))
    assert_eq!(request.header("OK-ACCESS-SIGN"), Some("ICQjCLVlcI/AxCc60bDttsAzBJFOFJ+EEowF7HTVOtc="));
    assert_eq!(request.header("Content-Type"), Some("application/json"));

    let market = OrderRequest { kind: OrderType::Market, side: Side::Sell, client_id: None, ..order.clone() };
    let request = okx.place_order_request(&auth(&credentials), &market).unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"instId":"BTC-USDT","ordType":"market","side":"sell","sz":"0.01","tdMode":"cash","tgtCcy":"base_ccy"}"#)
    );

    let request = okx.open_orders_request(&auth(&credentials), Some(&btc_usdt())).unwrap();
    assert_eq!(request.url, "https://www.okx.com/api/v5/trade/orders-pending?instType=SPOT&instId=BTC-USDT");
    let expected =
        sign::signature(DOC_SECRET.as_bytes(), "2020-12-08T09:08:57.715ZGET/api/v5/trade/orders-pending?instType=SPOT&instId=BTC-USDT");
    assert_eq!(request.header("OK-ACCESS-SIGN"), Some(expected.as_str()));
    assert_eq!(
        okx.open_orders_request(&auth(&credentials), None).unwrap().url,
        "https://www.okx.com/api/v5/trade/orders-pending?instType=SPOT"
    );

    let request = okx.cancel_order_request(&auth(&credentials), &btc_usdt(), "312269865356374016").unwrap();
    assert_eq!(request.url, "https://www.okx.com/api/v5/trade/cancel-order");
    assert_eq!(request.body.as_deref(), Some(r#"{"instId":"BTC-USDT","ordId":"312269865356374016"}"#));

    let no_passphrase = Credentials { passphrase: None, ..credentials.clone() };
    assert!(matches!(okx.balances_request(&auth(&no_passphrase)), Err(Error::AuthFailed { .. })));
    for bad_id in ["has-dash", &"a".repeat(33), ""] {
        let order = OrderRequest { client_id: Some(bad_id.to_string()), ..order.clone() };
        assert!(matches!(okx.place_order_request(&auth(&credentials), &order), Err(Error::Unsupported { .. })), "{bad_id}");
    }
    assert!(okx.cancel_order_request(&auth(&credentials), &btc_usdt(), "1\",\"x\":\"").is_err());
    let debug = format!("{request:?} {credentials:?}");
    assert!(!debug.contains(DOC_SECRET) && !debug.contains("doc-pass"), "{debug}");
}

#[test]
fn parses_candles_newest_first_with_confirm() {
    let okx = Okx::new();
    let series = okx.parse_candles(&ok(CANDLES), Interval::M1, 0).unwrap();
    let times: Vec<i64> = series.candles.iter().map(|c| c.time).collect();
    assert_eq!(times, [1_597_026_480_000, 1_597_026_540_000, 1_597_026_600_000]);
    assert_eq!(
        series.candles[1],
        Candle { time: 1_597_026_540_000, open: 3.721, high: 3.743, low: 3.677, close: 3.708, volume: 8_422_410.0 }
    );
    assert!(series.last_forming, "confirm 0 on the newest row, whatever the clock says");
    let closed = CANDLES.replacen(r#""33500","0"]"#, r#""33500","1"]"#, 1);
    assert!(!okx.parse_candles(&ok(&closed), Interval::M1, 0).unwrap().last_forming);
    // Without confirm the clock decides.
    let short = r#"{"code":"0","msg":"","data":[["60000","1","1","1","1","1"]]}"#;
    assert!(okx.parse_candles(&ok(short), Interval::M1, 119_999).unwrap().last_forming);
    assert!(!okx.parse_candles(&ok(short), Interval::M1, 120_000).unwrap().last_forming);
    let ascending =
        r#"{"code":"0","msg":"","data":[["60000","1","1","1","1","1","1","1","1"],["120000","1","1","1","1","1","1","1","0"]]}"#;
    assert_eq!(malformed_path(okx.parse_candles(&ok(ascending), Interval::M1, 0).unwrap_err()), "$.data[0]");
    let bad_confirm = CANDLES.replacen(r#""33500","0"]"#, r#""33500","2"]"#, 1);
    assert_eq!(malformed_path(okx.parse_candles(&ok(&bad_confirm), Interval::M1, 0).unwrap_err()), "$.data[0][8]");
    let bad_price = CANDLES.replacen("3.744", "x", 1);
    assert_eq!(malformed_path(okx.parse_candles(&ok(&bad_price), Interval::M1, 0).unwrap_err()), "$.data[0][2]");
}

#[test]
fn parses_ticker_markets_balances() {
    let okx = Okx::new();
    let ticker = okx.parse_ticker(&ok(TICKER), &btc_usdt()).unwrap();
    assert_eq!(
        ticker,
        Ticker {
            symbol: btc_usdt(),
            time: Some(1_597_026_383_085),
            last: 9999.99,
            bid: Some(8888.88),
            ask: Some(9999.99),
            high_24h: Some(10000.0),
            low_24h: Some(8888.88),
            volume_24h: Some(2222.0),
        }
    );
    let no_asks = TICKER.replace(r#""askPx":"9999.99""#, r#""askPx":"""#);
    assert_eq!(okx.parse_ticker(&ok(&no_asks), &btc_usdt()).unwrap().ask, None);

    let markets = okx.parse_markets(&ok(INSTRUMENTS)).unwrap();
    assert_eq!(
        markets[0],
        Market {
            symbol: btc_usdt(),
            id: "BTC-USDT".into(),
            active: true,
            price_step: Some(dec("0.1")),
            quantity_step: Some(dec("0.00000001")),
            min_quantity: Some(dec("0.00001")),
        }
    );
    assert_eq!((markets[1].id.as_str(), markets[1].active, markets[1].min_quantity), ("NEW-USDT", false, None));

    let balances = okx.parse_balances(&ok(BALANCE)).unwrap();
    assert_eq!(
        balances,
        [
            Balance { asset: "BTC".into(), free: dec("1.2"), locked: dec("0.3") },
            Balance { asset: "USDT".into(), free: dec("750"), locked: dec("250") }
        ]
    );
}

#[test]
fn parses_orders() {
    let okx = Okx::new();
    let orders = okx.parse_open_orders(&ok(ORDERS_PENDING)).unwrap();
    assert_eq!(
        orders[0],
        Order {
            id: "301835739059335168".into(),
            client_id: Some("sigil1".into()),
            symbol: btc_usdt(),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("30000")),
            quantity: dec("0.01"),
            filled: dec("0.002"),
            status: OrderStatus::PartiallyFilled,
            time: Some(1_618_235_248_028),
        }
    );
    assert_eq!((orders[1].symbol.to_string(), orders[1].client_id.clone(), orders[1].status), ("ETH/USDT".into(), None, OrderStatus::Open));

    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.01"),
        price: Some(dec("30000")),
        client_id: None,
    };
    let placed = okx.parse_place_order(&ok(PLACE_ORDER), &order).unwrap();
    assert_eq!((placed.id.as_str(), placed.client_id.as_deref(), placed.status), ("312269865356374016", Some("sigil1"), OrderStatus::Open));
    let canceled = okx.parse_cancel_order(&ok(CANCEL_ORDER), &btc_usdt(), "312269865356374016").unwrap();
    assert_eq!(canceled, CanceledOrder { id: "312269865356374016".into(), client_id: None, symbol: btc_usdt(), order: None });
    let with_client_id = CANCEL_ORDER.replace(r#""clOrdId":"""#, r#""clOrdId":"sigil1""#);
    let canceled = okx.parse_cancel_order(&ok(&with_client_id), &btc_usdt(), "312269865356374016").unwrap();
    assert_eq!(canceled.client_id.as_deref(), Some("sigil1"));
    // An answer about another order is not a successful cancel of this one.
    let err = okx.parse_cancel_order(&ok(CANCEL_ORDER), &btc_usdt(), "312269865356374017").unwrap_err();
    assert_eq!(malformed_path(err), "$.data[0].ordId");
}

#[test]
fn errors_are_typed() {
    let okx = Okx::new();
    let error = |status: u16, code: &str, msg: &str| Response::new(status, format!(r#"{{"code":"{code}","msg":"{msg}","data":[]}}"#));
    let err = okx.parse_ticker(&error(200, "51001", "Instrument ID does not exist"), &btc_usdt()).unwrap_err();
    assert_eq!(err, Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USDT".into(), available: vec![] });
    let err = okx.parse_markets(&error(200, "51000", "Parameter instType error")).unwrap_err();
    assert_eq!(err, Error::Rejected { exchange: NAME, code: "51000".into(), message: "Parameter instType error".into() });
    for code in ["50111", "50113", "50105", "50102"] {
        assert!(matches!(okx.parse_balances(&error(401, code, "Invalid Sign")).unwrap_err(), Error::AuthFailed { .. }), "{code}");
    }
    let err = okx
        .parse_balances(&error(429, "50011", "Rate limit reached. Please refer to API documentation and throttle requests accordingly"))
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { exchange: NAME, .. }), "{err:?}");
    assert!(matches!(okx.parse_balances(&error(200, "50011", "Rate limit reached")).unwrap_err(), Error::RateLimited { .. }));
    assert!(matches!(
        okx.parse_balances(&error(503, "50001", "Service temporarily unavailable")).unwrap_err(),
        Error::UpstreamStatus { status: 503, .. }
    ));

    // A failed order: top-level "1", the reason in data[0].sCode.
    let failed = ok(
        r#"{"code":"1","msg":"All operations failed","data":[{"clOrdId":"","ordId":"","sCode":"51008","sMsg":"Order failed. Insufficient USDT balance in account.","tag":""}]}"#,
    );
    let order =
        OrderRequest { symbol: btc_usdt(), side: Side::Buy, kind: OrderType::Market, quantity: dec("1"), price: None, client_id: None };
    let err = okx.parse_place_order(&failed, &order).unwrap_err();
    assert_eq!(
        err,
        Error::Rejected { exchange: NAME, code: "51008".into(), message: "Order failed. Insufficient USDT balance in account.".into() }
    );
    let item_failed =
        CANCEL_ORDER.replace(r#""sCode":"0","sMsg":"""#, r#""sCode":"51400","sMsg":"Cancellation failed as the order does not exist.""#);
    assert!(
        matches!(okx.parse_cancel_order(&ok(&item_failed), &btc_usdt(), "312269865356374016").unwrap_err(), Error::Rejected { ref code, .. } if code == "51400")
    );

    assert!(matches!(okx.parse_balances(&Response::new(502, "<html>bad gateway</html>")), Err(Error::UpstreamStatus { status: 502, .. })));
    assert_eq!(malformed_path(okx.parse_balances(&ok("<html>")).unwrap_err()), "$");
    assert_eq!(malformed_path(okx.parse_balances(&ok(r#"{"data":[]}"#)).unwrap_err()), "$");
    assert_eq!(malformed_path(okx.parse_balances(&ok(r#"{"code":true}"#)).unwrap_err()), "$.code");
}

#[test]
fn parses_websocket_candle_pushes() {
    let pushes = parse_candle_push(PUSH).unwrap();
    assert_eq!(
        pushes,
        [(
            "BTC-USDT".to_string(),
            Interval::H1,
            Candle { time: 1_597_026_383_085, open: 8533.02, high: 8553.74, low: 8527.17, close: 8548.26, volume: 45247.0 },
            false
        )]
    );
    let closed = PUSH.replace(r#""0"]]"#, r#""1"]]"#).replace("candle1H", "candle1Dutc");
    let pushes = parse_candle_push(&closed).unwrap();
    assert_eq!((pushes[0].1, pushes[0].3), (Interval::D1, true));
    for quiet in [
        "pong",
        r#"{"event":"subscribe","arg":{"channel":"candle1H","instId":"BTC-USDT"},"connId":"a4d3ae55"}"#,
        r#"{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{}]}"#,
    ] {
        assert_eq!(parse_candle_push(quiet).unwrap(), [], "{quiet}");
    }
    let err = parse_candle_push(r#"{"event":"error","code":"60012","msg":"Invalid request","connId":"a4d3ae55"}"#).unwrap_err();
    assert_eq!(err, Error::Rejected { exchange: NAME, code: "60012".into(), message: "Invalid request".into() });
    assert_eq!(malformed_path(parse_candle_push(&PUSH.replace("candle1H", "candle1D")).unwrap_err()), "$.arg.channel");
    assert_eq!(malformed_path(parse_candle_push(&PUSH.replace(r#","0"]]"#, "]]")).unwrap_err()), "$.data[0]");
    assert_eq!(
        candle_subscribe_message(&[(btc_usdt(), Interval::H1), (btc_usdt(), Interval::W1)]),
        r#"{"args":[{"channel":"candle1H","instId":"BTC-USDT"},{"channel":"candle1Wutc","instId":"BTC-USDT"}],"op":"subscribe"}"#
    );
}

const FIXTURES: &[&str] = &[CANDLES, TICKER, INSTRUMENTS, BALANCE, ORDERS_PENDING, PLACE_ORDER, CANCEL_ORDER, PUSH];

fn parse_everything(body: &str, status: u16) {
    let okx = Okx::new();
    let response = Response::new(status, body);
    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Sell,
        kind: OrderType::Market,
        quantity: Decimal::ONE,
        price: None,
        client_id: None,
    };
    let _ = okx.parse_candles(&response, Interval::W1, i64::MAX);
    let _ = okx.parse_ticker(&response, &btc_usdt());
    let _ = okx.parse_markets(&response);
    let _ = okx.parse_balances(&response);
    let _ = okx.parse_open_orders(&response);
    let _ = okx.parse_place_order(&response, &order);
    let _ = okx.parse_cancel_order(&response, &btc_usdt(), "312269865356374016");
    let _ = parse_candle_push(body);
}

#[test]
fn fixtures_with_hostile_values_do_not_panic() {
    for fixture in FIXTURES {
        for replacement in ["1e400", "-9223372036854775808", "18446744073709551616", "\"\"", "null", "[]", "{}", "\"NaN\"", "\"1\""] {
            parse_everything(&fixture.replace("\"0\"", replacement), 200);
            parse_everything(&fixture.replace("\"1597026600000\"", replacement).replace("\"9999.99\"", replacement), 200);
            parse_everything(&fixture.replace("\"0.01\"", replacement).replace("\"sigil1\"", replacement), 400);
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
    fn requests_never_panic(limit in 0usize..2000, end in any::<Option<i64>>(), now in any::<i64>(), id in "\\PC{0,40}") {
        let okx = Okx::new();
        let credentials = credentials();
        let auth = Auth { credentials: &credentials, now_ms: now, nonce: 0, random: [0; 16] };
        for &interval in Interval::ALL {
            let _ = okx.candles_request(&btc_usdt(), interval, limit, end);
        }
        let _ = okx.cancel_order_request(&auth, &btc_usdt(), &id);
        let order = OrderRequest { symbol: btc_usdt(), side: Side::Buy, kind: OrderType::Limit, quantity: Decimal::ONE, price: Some(Decimal::TEN), client_id: Some(id) };
        let _ = okx.place_order_request(&auth, &order);
    }
}
