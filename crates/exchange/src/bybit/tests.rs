//! Fixtures follow the response examples of Bybit's v5 API reference.

use proptest::prelude::*;

use super::*;
use crate::candle::Candle;
use crate::http::Method;
use crate::model::Decimal;
use crate::secret::Credentials;

/// A made-up secret (Bybit publishes none); signatures below were computed with
/// Python's hmac/hashlib over the exact prehash strings in the comments.
const TEST_SECRET: &str = "sigil-bybit-test-secret";

fn credentials() -> Credentials {
    Credentials { api_key: "XXXXXXXXXX".into(), secret: TEST_SECRET.into(), passphrase: None }
}

fn auth(credentials: &Credentials, now_ms: i64) -> Auth<'_> {
    Auth { credentials, now_ms, nonce: 0, random: [0; 16] }
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

const KLINE: &str = r#"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"spot","list":[
    ["1670608800000","17071","17073","17027","17055.5","268611","4582543.3"],
    ["1670605200000","17071.5","17071.5","17061","17071","4177","71298.1"],
    ["1670601600000","17086.5","17088","16978","17071.5","6356","108372.4"]
]},"retExtInfo":{},"time":1672025956592}"#;

const TICKERS: &str = r#"{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","bid1Price":"20517.96",
    "bid1Size":"2","ask1Price":"20527.77","ask1Size":"1.862172","lastPrice":"20533.13","prevPrice24h":"20393.48","price24hPcnt":"0.0068",
    "highPrice24h":"21128.12","lowPrice24h":"20318.89","turnover24h":"243765620.65899866","volume24h":"11801.27771",
    "usdIndexPrice":"20784.12009279"}]},"retExtInfo":{},"time":1673859087947}"#;

const INSTRUMENTS: &str = r#"{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[
    {"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","innovation":"0","status":"Trading","marginTrading":"both",
     "lotSizeFilter":{"basePrecision":"0.000001","quotePrecision":"0.00000001","minOrderQty":"0.000048","maxOrderQty":"71.73956243",
     "minOrderAmt":"1","maxOrderAmt":"2000000"},"priceFilter":{"tickSize":"0.01"},"riskParameters":{"limitParameter":"0.05","marketParameter":"0.05"}},
    {"symbol":"NEWUSDC","baseCoin":"NEW","quoteCoin":"USDC","status":"PreLaunch","lotSizeFilter":{"basePrecision":"0.01","minOrderQty":""},
     "priceFilter":{"tickSize":"0.0001"}}
]},"retExtInfo":{},"time":1672712468011}"#;

const WALLET: &str = r#"{"retCode":0,"retMsg":"OK","result":{"list":[{"totalEquity":"3.31216591","accountType":"UNIFIED","coin":[
    {"availableToBorrow":"","bonus":"0","accruedInterest":"0","availableToWithdraw":"","totalOrderIM":"0","equity":"0.1",
     "totalPositionMM":"0","usdValue":"2034.5","unrealisedPnl":"0","collateralSwitch":true,"spotHedgingQty":"0","borrowAmount":"0",
     "totalPositionIM":"0","walletBalance":"0.1","cumRealisedPnl":"0","locked":"0.025","marginCollateral":true,"coin":"BTC"},
    {"walletBalance":"1500","locked":"","coin":"USDT"}
]}]},"retExtInfo":{},"time":1690872862481}"#;

const REALTIME: &str = r#"{"retCode":0,"retMsg":"OK","result":{"category":"spot","nextPageCursor":"","list":[
    {"orderId":"1321052653536515584","orderLinkId":"sigil1","blockTradeId":"","symbol":"BTCUSDT","price":"28000","qty":"0.01","side":"Buy",
     "isLeverage":"0","positionIdx":0,"orderStatus":"PartiallyFilled","cancelType":"UNKNOWN","rejectReason":"EC_NoError","avgPrice":"28000",
     "leavesQty":"0.006","leavesValue":"168","cumExecQty":"0.004","cumExecValue":"112","cumExecFee":"0","timeInForce":"GTC",
     "orderType":"Limit","stopOrderType":"","orderIv":"","triggerPrice":"0.00","takeProfit":"","stopLoss":"","tpTriggerBy":"",
     "slTriggerBy":"","triggerDirection":0,"triggerBy":"","lastPriceOnCreated":"","reduceOnly":false,"closeOnTrigger":false,
     "smpType":"None","smpGroup":0,"smpOrderId":"","createdTime":"1672217748277","updatedTime":"1672217748287"},
    {"orderId":"1321052653536515585","orderLinkId":"","symbol":"ETHUSDC","price":"2100.5","qty":"1.5","side":"Sell","orderStatus":"New",
     "cumExecQty":"0","orderType":"Limit","createdTime":"1672217748300"}
]},"retExtInfo":{},"time":1672219526294}"#;

const CREATE: &str =
    r#"{"retCode":0,"retMsg":"OK","result":{"orderId":"1321003749386327552","orderLinkId":"sigil1"},"retExtInfo":{},"time":1672211918471}"#;

const CANCEL: &str =
    r#"{"retCode":0,"retMsg":"OK","result":{"orderId":"1321003749386327552","orderLinkId":""},"retExtInfo":{},"time":1672217377164}"#;

#[test]
fn mapping_tables() {
    let names: Vec<&str> = Interval::ALL.iter().map(|i| interval_name(*i)).collect();
    assert_eq!(names, ["1", "5", "15", "60", "240", "D", "W"]);
    assert_eq!(market_id(&btc_usdt()), "BTCUSDT");
    let bybit = Bybit::new();
    for (id, symbol) in
        [("BTCUSDT", "BTC/USDT"), ("ETHUSDC", "ETH/USDC"), ("BTCFDUSD", "BTC/FDUSD"), ("ETHBTC", "ETH/BTC"), ("USDCUSDT", "USDC/USDT")]
    {
        assert_eq!(bybit.market_symbol(id).map(|s| s.to_string()).as_deref(), Some(symbol), "{id}");
    }
    assert_eq!(bybit.market_symbol("XYZABC"), None);
    let odd = Market {
        symbol: Symbol::parse("XYZ/ABC").unwrap(),
        id: "XYZABC".into(),
        active: true,
        price_step: None,
        quantity_step: None,
        min_quantity: None,
    };
    assert_eq!(bybit.with_markets(vec![odd]).market_symbol("XYZABC").unwrap().to_string(), "XYZ/ABC");
}

#[test]
fn public_requests() {
    let bybit = Bybit::new();
    let request = bybit.candles_request(&btc_usdt(), Interval::H1, 1000, None).unwrap();
    assert_eq!(
        (request.method, request.url.as_str()),
        (Method::Get, "https://api.bybit.com/v5/market/kline?category=spot&symbol=BTCUSDT&interval=60&limit=1000")
    );
    assert!(request.headers.is_empty() && request.body.is_none());
    let request = bybit.candles_request(&btc_usdt(), Interval::W1, 3, Some(1_670_608_800_000)).unwrap();
    assert_eq!(request.url, "https://api.bybit.com/v5/market/kline?category=spot&symbol=BTCUSDT&interval=W&end=1670608800000&limit=3");
    assert_eq!(bybit.candles_request(&btc_usdt(), Interval::H1, 1001, None).unwrap_err(), Error::InvalidLimit { given: 1001, max: 1000 });
    let local = Bybit::with_base_url("http://127.0.0.1:9000/");
    assert_eq!(local.ticker_request(&btc_usdt()).unwrap().url, "http://127.0.0.1:9000/v5/market/tickers?category=spot&symbol=BTCUSDT");
    assert_eq!(local.markets_request().unwrap().url, "http://127.0.0.1:9000/v5/market/instruments-info?category=spot");
    assert_eq!((bybit.name(), bybit.max_candles()), ("bybit", 1000));
}

#[test]
fn private_requests_are_signed_exactly() {
    let bybit = Bybit::new();
    let credentials = credentials();
    let request = bybit.balances_request(&auth(&credentials, 1_658_384_314_791)).unwrap();
    assert_eq!(
        (request.method, request.url.as_str(), request.body.as_deref()),
        (Method::Get, "https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED", None)
    );
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        headers,
        [
            ("X-BAPI-API-KEY", "XXXXXXXXXX"),
            ("X-BAPI-TIMESTAMP", "1658384314791"),
            ("X-BAPI-RECV-WINDOW", "5000"),
            // hmac("1658384314791XXXXXXXXXX5000accountType=UNIFIED")
            ("X-BAPI-SIGN", "2e4f87d8e9c6baa400ad64e96efa2de362773f11766128ef72bae42d1e8bfbff"),
        ]
    );

    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.010"),
        price: Some(dec("30000.0")),
        client_id: Some("sigil1".into()),
    };
    let request = bybit.place_order_request(&auth(&credentials, 1_658_385_579_423), &order).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://api.bybit.com/v5/order/create"));
    let body =
        r#"{"category":"spot","orderLinkId":"sigil1","orderType":"Limit","price":"30000","qty":"0.01","side":"Buy","symbol":"BTCUSDT"}"#;
    assert_eq!(request.body.as_deref(), Some(body));
    // hmac("1658385579423XXXXXXXXXX5000" + body)
    assert_eq!(request.header("X-BAPI-SIGN"), Some("ce674d90603bd4903a68f5e61110f1b148424b208a3f005995cde07719cad876"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));

    let market = OrderRequest { kind: OrderType::Market, side: Side::Sell, client_id: None, ..order.clone() };
    let request = bybit.place_order_request(&auth(&credentials, 1), &market).unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"category":"spot","marketUnit":"baseCoin","orderType":"Market","qty":"0.01","side":"Sell","symbol":"BTCUSDT"}"#)
    );

    let request = bybit.open_orders_request(&auth(&credentials, 2), Some(&btc_usdt())).unwrap();
    assert_eq!(request.url, "https://api.bybit.com/v5/order/realtime?category=spot&symbol=BTCUSDT&limit=50");
    let expected = sign::signature(TEST_SECRET.as_bytes(), "2XXXXXXXXXX5000category=spot&symbol=BTCUSDT&limit=50");
    assert_eq!(request.header("X-BAPI-SIGN"), Some(expected.as_str()));
    assert_eq!(
        bybit.open_orders_request(&auth(&credentials, 2), None).unwrap().url,
        "https://api.bybit.com/v5/order/realtime?category=spot&limit=50"
    );

    let request = bybit.cancel_order_request(&auth(&credentials, 3), &btc_usdt(), "1321003749386327552").unwrap();
    assert_eq!(request.url, "https://api.bybit.com/v5/order/cancel");
    assert_eq!(request.body.as_deref(), Some(r#"{"category":"spot","orderId":"1321003749386327552","symbol":"BTCUSDT"}"#));

    for bad_id in ["a b", &"a".repeat(37), "x\"y"] {
        let order = OrderRequest { client_id: Some(bad_id.to_string()), ..order.clone() };
        assert!(matches!(bybit.place_order_request(&auth(&credentials, 1), &order), Err(Error::Unsupported { .. })), "{bad_id}");
    }
    let debug = format!("{request:?} {credentials:?}");
    assert!(!debug.contains(TEST_SECRET), "{debug}");
}

#[test]
fn parses_kline_newest_first() {
    let bybit = Bybit::new();
    let series = bybit.parse_candles(&ok(KLINE), Interval::H1, 1_670_608_800_000 + 1_000).unwrap();
    let times: Vec<i64> = series.candles.iter().map(|c| c.time).collect();
    assert_eq!(times, [1_670_601_600_000, 1_670_605_200_000, 1_670_608_800_000]);
    assert_eq!(
        series.candles[2],
        Candle { time: 1_670_608_800_000, open: 17071.0, high: 17073.0, low: 17027.0, close: 17055.5, volume: 268611.0 }
    );
    assert!(series.last_forming);
    assert!(!bybit.parse_candles(&ok(KLINE), Interval::H1, 1_670_612_400_000).unwrap().last_forming);
    let shuffled = KLINE.replacen("1670605200000", "1670612400000", 1);
    assert_eq!(malformed_path(bybit.parse_candles(&ok(&shuffled), Interval::H1, 0).unwrap_err()), "$.result.list[0]");
    let bad = KLINE.replacen("17055.5", "abc", 1);
    assert_eq!(malformed_path(bybit.parse_candles(&ok(&bad), Interval::H1, 0).unwrap_err()), "$.result.list[0][4]");
}

#[test]
fn parses_ticker_markets_balances() {
    let bybit = Bybit::new();
    assert_eq!(
        bybit.parse_ticker(&ok(TICKERS), &btc_usdt()).unwrap(),
        Ticker {
            symbol: btc_usdt(),
            time: Some(1_673_859_087_947),
            last: 20533.13,
            bid: Some(20517.96),
            ask: Some(20527.77),
            high_24h: Some(21128.12),
            low_24h: Some(20318.89),
            volume_24h: Some(11801.27771),
        }
    );
    let markets = bybit.parse_markets(&ok(INSTRUMENTS)).unwrap();
    assert_eq!(
        markets[0],
        Market {
            symbol: btc_usdt(),
            id: "BTCUSDT".into(),
            active: true,
            price_step: Some(dec("0.01")),
            quantity_step: Some(dec("0.000001")),
            min_quantity: Some(dec("0.000048")),
        }
    );
    assert_eq!((markets[1].symbol.to_string(), markets[1].active, markets[1].min_quantity), ("NEW/USDC".into(), false, None));
    assert_eq!(
        bybit.parse_balances(&ok(WALLET)).unwrap(),
        [
            Balance { asset: "BTC".into(), free: dec("0.075"), locked: dec("0.025") },
            Balance { asset: "USDT".into(), free: dec("1500"), locked: Decimal::ZERO }
        ]
    );
}

#[test]
fn parses_orders() {
    let bybit = Bybit::new();
    let orders = bybit.parse_open_orders(&ok(REALTIME)).unwrap();
    assert_eq!(
        orders[0],
        Order {
            id: "1321052653536515584".into(),
            client_id: Some("sigil1".into()),
            symbol: btc_usdt(),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("28000")),
            quantity: dec("0.01"),
            filled: dec("0.004"),
            status: OrderStatus::PartiallyFilled,
            time: Some(1_672_217_748_277),
        }
    );
    assert_eq!(
        (orders[1].symbol.to_string(), orders[1].side, orders[1].status, orders[1].client_id.clone()),
        ("ETH/USDC".into(), Side::Sell, OrderStatus::Open, None)
    );
    let unknown = REALTIME.replace("\"ETHUSDC\"", "\"ETHXYZ\"");
    assert_eq!(malformed_path(bybit.parse_open_orders(&ok(&unknown)).unwrap_err()), "$.result.list[1].symbol");

    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Buy,
        kind: OrderType::Market,
        quantity: dec("0.01"),
        price: Some(dec("1")),
        client_id: None,
    };
    let placed = bybit.parse_place_order(&ok(CREATE), &order).unwrap();
    assert_eq!(
        (placed.id.as_str(), placed.client_id.as_deref(), placed.price, placed.status),
        ("1321003749386327552", Some("sigil1"), None, OrderStatus::Open)
    );
    let canceled = bybit.parse_cancel_order(&ok(CANCEL), &btc_usdt(), "1321003749386327552").unwrap();
    assert_eq!(canceled, CanceledOrder { id: "1321003749386327552".into(), client_id: None, symbol: btc_usdt(), order: None });
    let with_client_id = CANCEL.replace(r#""orderLinkId":"""#, r#""orderLinkId":"sigil1""#);
    let canceled = bybit.parse_cancel_order(&ok(&with_client_id), &btc_usdt(), "1321003749386327552").unwrap();
    assert_eq!(canceled.client_id.as_deref(), Some("sigil1"));
    // An answer about another order is not a successful cancel of this one.
    let err = bybit.parse_cancel_order(&ok(CANCEL), &btc_usdt(), "1321003749386327553").unwrap_err();
    assert_eq!(malformed_path(err), "$.result.orderId");
}

#[test]
fn errors_are_typed() {
    let bybit = Bybit::new();
    let error = |code: i64, msg: &str| {
        ok(&format!(r#"{{"retCode":{code},"retMsg":"{msg}","result":{{}},"retExtInfo":{{}},"time":1672211918471}}"#))
    };
    for code in [10002, 10003, 10004, 10005, 10010] {
        assert!(matches!(bybit.parse_balances(&error(code, "error sign!")).unwrap_err(), Error::AuthFailed { .. }), "{code}");
    }
    let mut throttled = error(10006, "Too many visits!");
    throttled.headers.push(("X-Bapi-Limit-Reset-Timestamp".into(), "1672211919471".into()));
    assert_eq!(
        bybit.parse_balances(&throttled).unwrap_err(),
        Error::RateLimited { exchange: NAME, retry_after_ms: Some(1000), message: "Too many visits! (retCode 10006)".into() }
    );
    assert!(matches!(
        bybit.parse_balances(&error(10006, "Too many visits!")).unwrap_err(),
        Error::RateLimited { retry_after_ms: None, .. }
    ));
    assert_eq!(
        bybit.parse_candles(&error(10001, "Not supported symbols"), Interval::H1, 0).unwrap_err(),
        Error::Rejected { exchange: NAME, code: "10001".into(), message: "Not supported symbols".into() }
    );
    // The same answers on calls about one symbol: an unknown symbol, not a rejection;
    // other parameter errors stay rejections.
    let symbol = btc_usdt();
    let unknown = || Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USDT".into(), available: vec![] };
    assert_eq!(bybit.parse_ticker(&error(10001, "Not supported symbols"), &symbol).unwrap_err(), unknown());
    assert_eq!(bybit.parse_ticker(&error(10001, "Symbol Is Invalid"), &symbol).unwrap_err(), unknown());
    let order = OrderRequest {
        symbol: symbol.clone(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: "1".parse().unwrap(),
        price: Some("1".parse().unwrap()),
        client_id: None,
    };
    assert_eq!(bybit.parse_place_order(&error(170121, "Invalid symbol."), &order).unwrap_err(), unknown());
    assert!(matches!(
        bybit.parse_ticker(&error(10001, "params error: category is invalid"), &symbol).unwrap_err(),
        Error::Rejected { code, .. } if code == "10001"
    ));
    assert!(matches!(bybit.parse_balances(&error(10016, "Internal server error.")).unwrap_err(), Error::UpstreamStatus { .. }));
    let blocked = Response::new(403, "<html>403 Forbidden: access too frequent</html>");
    assert!(matches!(bybit.parse_markets(&blocked).unwrap_err(), Error::RateLimited { retry_after_ms: Some(600_000), .. }));
    let geo = Response::new(403, "The Amazon CloudFront distribution is configured to block access from your country.");
    assert!(matches!(bybit.parse_markets(&geo).unwrap_err(), Error::GeoBlocked { .. }));
    assert!(matches!(bybit.parse_markets(&Response::new(502, "")).unwrap_err(), Error::UpstreamStatus { status: 502, .. }));
    assert_eq!(malformed_path(bybit.parse_markets(&ok(r#"{"retCode":"x"}"#)).unwrap_err()), "$.retCode");
    assert_eq!(malformed_path(bybit.parse_markets(&ok(r#"{"retCode":0,"result":{}}"#)).unwrap_err()), "$.result");
}

const FIXTURES: &[&str] = &[KLINE, TICKERS, INSTRUMENTS, WALLET, REALTIME, CREATE, CANCEL];

fn parse_everything(body: &str, status: u16) {
    let bybit = Bybit::new();
    let response = Response::new(status, body);
    let order = OrderRequest {
        symbol: btc_usdt(),
        side: Side::Sell,
        kind: OrderType::Market,
        quantity: Decimal::ONE,
        price: None,
        client_id: None,
    };
    let _ = bybit.parse_candles(&response, Interval::W1, i64::MAX);
    let _ = bybit.parse_candles(&response, Interval::M1, i64::MIN);
    let _ = bybit.parse_ticker(&response, &btc_usdt());
    let _ = bybit.parse_markets(&response);
    let _ = bybit.parse_balances(&response);
    let _ = bybit.parse_open_orders(&response);
    let _ = bybit.parse_place_order(&response, &order);
    let _ = bybit.parse_cancel_order(&response, &btc_usdt(), "1321003749386327552");
}

#[test]
fn fixtures_with_hostile_values_do_not_panic() {
    for fixture in FIXTURES {
        for replacement in ["1e400", "-9223372036854775808", "9223372036854775808", "\"\"", "null", "[]", "{}", "\"NaN\"", "\"-1e30\""] {
            parse_everything(&fixture.replace("\"1670608800000\"", replacement).replace("\"0.1\"", replacement), 200);
            parse_everything(&fixture.replace("\"0.01\"", replacement).replace("\"sigil1\"", replacement), 200);
            parse_everything(&fixture.replace(":0,", &format!(":{replacement},")), 200);
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
        let bybit = Bybit::new();
        let credentials = credentials();
        for &interval in Interval::ALL {
            let _ = bybit.candles_request(&btc_usdt(), interval, limit, end);
        }
        let _ = bybit.cancel_order_request(&auth(&credentials, now), &btc_usdt(), &id);
        let order = OrderRequest { symbol: btc_usdt(), side: Side::Buy, kind: OrderType::Limit, quantity: Decimal::ONE, price: Some(Decimal::TEN), client_id: Some(id) };
        let _ = bybit.place_order_request(&auth(&credentials, now), &order);
    }
}
