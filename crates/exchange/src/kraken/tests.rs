//! Fixtures follow the shapes in Kraken's REST reference (docs.kraken.com/api).

use proptest::prelude::*;

use super::*;
use crate::candle::Candle;
use crate::http::Method;
use crate::model::{CanceledOrder, Decimal};
use crate::secret::Credentials;

/// Kraken's published example key (shared/docs/exchanges-and-edge.md §3.3).
const EXAMPLE_SECRET: &str = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

fn credentials() -> Credentials {
    Credentials { api_key: "example-key".into(), secret: EXAMPLE_SECRET.into(), passphrase: None }
}

fn auth(credentials: &Credentials, nonce: u64) -> Auth<'_> {
    Auth { credentials, now_ms: 1_616_492_376_594, nonce, random: [0; 16] }
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

const OHLC: &str = r#"{"error":[],"result":{"XXBTZUSD":[
    [1688671200,"30306.1","30306.2","30305.7","30305.7","30306.1","3.39243896",23],
    [1688671260,"30305.7","30305.7","30300.0","30300.1","30302.5","0.50000000",5],
    [1688671320,"30300.1","30301.0","30299.0","30301.0","30300.2","1.25000000",9]
],"last":1688671260}}"#;

const TICKER: &str = r#"{"error":[],"result":{"XXBTZUSD":{
    "a":["30300.10000","1","1.000"],"b":["30300.00000","1","1.000"],"c":["30303.20000","0.00067643"],
    "v":["4083.67001100","4412.73601799"],"p":["30706.77771","30689.13205"],"t":[34619,38907],
    "l":["29868.30000","29868.30000"],"h":["31631.00000","31631.00000"],"o":"30502.80000"}}}"#;

const ASSET_PAIRS: &str = r#"{"error":[],"result":{
    "XXBTZUSD":{"altname":"XBTUSD","wsname":"XBT/USD","aclass_base":"currency","base":"XXBT","aclass_quote":"currency","quote":"ZUSD",
        "lot":"unit","cost_decimals":5,"pair_decimals":1,"lot_decimals":8,"lot_multiplier":1,"fee_volume_currency":"ZUSD",
        "ordermin":"0.0001","costmin":"0.5","tick_size":"0.1","status":"online"},
    "XXBTZUSD.d":{"altname":"XBTUSD.d","base":"XXBT","quote":"ZUSD","pair_decimals":1,"lot_decimals":8},
    "XDGUSD":{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD","pair_decimals":7,"lot_decimals":8,
        "ordermin":"50","status":"cancel_only"},
    "DOTUSDT":{"altname":"DOTUSDT","base":"DOT","quote":"USDT","pair_decimals":4,"lot_decimals":8,"ordermin":"2.5"},
    "AAPLxUSD":{"altname":"AAPLxUSD","wsname":"AAPLx/USD","base":"AAPLx","quote":"ZUSD","pair_decimals":2,"lot_decimals":8}
}}"#;

const BALANCE_EX: &str = r#"{"error":[],"result":{
    "ZUSD":{"balance":"25435.21","hold_trade":"8249.76"},
    "XXBT":{"balance":"1.2435","hold_trade":"0.8423"},
    "XBT.M":{"balance":"0.5"}
}}"#;

const OPEN_ORDERS: &str = r#"{"error":[],"result":{"open":{
    "OQCLML-BW3P3-BUCMWZ":{"refid":null,"userref":0,"cl_ord_id":"sigil-1","status":"open","opentm":1688666559.8974,"starttm":0,"expiretm":0,
        "descr":{"pair":"XBTUSD","type":"buy","ordertype":"limit","price":"30010.0","price2":"0","leverage":"none",
            "order":"buy 1.25000000 XBTUSD @ limit 30010.0","close":""},
        "vol":"1.25000000","vol_exec":"0.37500000","cost":"11253.7","fee":"0.00000","price":"30010.0","stopprice":"0.00000",
        "limitprice":"0.00000","misc":"","oflags":"fciq"},
    "OB5VMB-B4U2U-DK2WRW":{"refid":null,"userref":120,"status":"pending","opentm":1688665899.5699,
        "descr":{"pair":"ETHUSDT","type":"sell","ordertype":"stop-loss-limit","price":"1700.00","price2":"1690.00"},
        "vol":"2.00000000","vol_exec":"0.00000000"}
}}}"#;

const ADD_ORDER: &str =
    r#"{"error":[],"result":{"descr":{"order":"buy 1.25000000 XBTUSD @ limit 37500.0"},"txid":["OUF4EM-FRGI2-MQMWZD"]}}"#;

const CANCEL_ORDER: &str = r#"{"error":[],"result":{"count":1}}"#;

fn malformed_path(err: Error) -> String {
    match err {
        Error::MalformedResponse { exchange: NAME, path, .. } => path,
        other => panic!("expected MalformedResponse, got {other:?}"),
    }
}

#[test]
fn asset_and_pair_mapping() {
    for (kraken, unified) in
        [("XXBT", "BTC"), ("XBT", "BTC"), ("XXDG", "DOGE"), ("ZUSD", "USD"), ("ZEUR", "EUR"), ("DOT", "DOT"), ("XBT.M", "BTC.M")]
    {
        assert_eq!(unified_asset(kraken), unified, "{kraken}");
    }
    assert_eq!((kraken_asset("BTC"), kraken_asset("DOGE"), kraken_asset("ETH")), ("XBT", "XDG", "ETH"));
    let kraken = Kraken::new();
    assert_eq!(kraken.pair_id(&btc_usd()), "XBTUSD");
    assert_eq!(kraken.pair_id(&Symbol::parse("DOGE/EUR").unwrap()), "XDGEUR");
    for (id, symbol) in [
        ("XXBTZUSD", "BTC/USD"),
        ("XBTUSD", "BTC/USD"),
        ("XBT/USD", "BTC/USD"),
        ("XETHXXBT", "ETH/BTC"),
        ("XDGUSD", "DOGE/USD"),
        ("ETHUSDT", "ETH/USDT"),
        ("USDTZUSD", "USDT/USD"),
        ("DOTUSD", "DOT/USD"),
    ] {
        assert_eq!(kraken.pair_symbol(id).map(|s| s.to_string()).as_deref(), Some(symbol), "{id}");
    }
    assert_eq!(kraken.pair_symbol("USD"), None);
    let markets = kraken.parse_markets(&ok(ASSET_PAIRS)).unwrap();
    let loaded = Kraken::new().with_markets(markets);
    assert_eq!(loaded.pair_id(&btc_usd()), "XXBTZUSD");
    assert_eq!(loaded.pair_symbol("DOTUSDT").unwrap().to_string(), "DOT/USDT");
    let minutes: Vec<u32> = Interval::ALL.iter().map(|i| interval_minutes(*i)).collect();
    assert_eq!(minutes, [1, 5, 15, 60, 240, 1440, 10080]);
}

#[test]
fn candles_request_and_limits() {
    let kraken = Kraken::new();
    let request = kraken.candles_request(&btc_usd(), Interval::H1, 720, None).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Get, "https://api.kraken.com/0/public/OHLC?pair=XBTUSD&interval=60"));
    assert!(request.headers.is_empty() && request.body.is_none());
    // End 2023-07-06 19:30 UTC, 3 hourly candles: the first wanted opens 17:00 = 1688662800 s.
    let request = kraken.candles_request(&btc_usd(), Interval::H1, 3, Some(1_688_671_800_000)).unwrap();
    assert_eq!(request.url, "https://api.kraken.com/0/public/OHLC?pair=XBTUSD&interval=60&since=1688662799");
    for extreme in [i64::MIN, -1, i64::MAX] {
        for &interval in Interval::ALL {
            assert!(kraken.candles_request(&btc_usd(), interval, 720, Some(extreme)).is_ok());
        }
    }
    assert_eq!(kraken.candles_request(&btc_usd(), Interval::H1, 721, None).unwrap_err(), Error::InvalidLimit { given: 721, max: 720 });
    assert!(kraken.candles_request(&btc_usd(), Interval::H1, 0, None).is_err());
    let local = Kraken::with_base_url("http://127.0.0.1:9000/");
    assert_eq!(local.ticker_request(&btc_usd()).unwrap().url, "http://127.0.0.1:9000/0/public/Ticker?pair=XBTUSD");
    assert_eq!(local.markets_request().unwrap().url, "http://127.0.0.1:9000/0/public/AssetPairs");
    assert_eq!((kraken.name(), kraken.max_candles(), kraken.intervals()), ("kraken", 720, Interval::ALL));
}

#[test]
fn parses_ohlc_with_forming_last_row() {
    let kraken = Kraken::new();
    let now = 1_688_671_330_000; // 10 s into the 1688671320 candle
    let page = kraken.parse_ohlc(&ok(OHLC), Interval::M1, now).unwrap();
    assert_eq!(page.last, Some(1_688_671_260));
    let candles = &page.series.candles;
    assert_eq!(candles.len(), 3);
    assert_eq!(
        candles[0],
        Candle { time: 1_688_671_200_000, open: 30306.1, high: 30306.2, low: 30305.7, close: 30305.7, volume: 3.39243896 }
    );
    assert!(page.series.last_forming);
    // `last` alone marks the final row forming, even with a clock far ahead.
    assert!(kraken.parse_candles(&ok(OHLC), Interval::M1, now + 3_600_000).unwrap().last_forming);
    // With `last` at the final row and the clock past it, the row is closed.
    let closed = OHLC.replace("\"last\":1688671260", "\"last\":1688671320");
    assert!(!kraken.parse_candles(&ok(&closed), Interval::M1, now + 3_600_000).unwrap().last_forming);
    let empty = kraken.parse_candles(&ok(r#"{"error":[],"result":{"XXBTZUSD":[],"last":0}}"#), Interval::M1, now).unwrap();
    assert!(empty.candles.is_empty() && !empty.last_forming);
}

#[test]
fn ohlc_shape_errors_name_the_field() {
    let kraken = Kraken::new();
    let parse = |body: &str| malformed_path(kraken.parse_candles(&ok(body), Interval::M1, 0).unwrap_err());
    assert_eq!(parse(r#"{"error":[],"result":{"X":[[1,"1","1","1","x","1","1",1]],"last":1}}"#), "$.result.X[0][4]");
    assert_eq!(parse(r#"{"error":[],"result":{"X":[[1,"1","1","1","1","1"]]}}"#), "$.result.X[0]");
    assert_eq!(parse(r#"{"error":[],"result":{"last":1}}"#), "$.result");
    assert_eq!(parse(r#"{"error":[],"result":{"X":[[2,"1","1","1","1","1","1",1],[1,"1","1","1","1","1","1",1]]}}"#), "$.result.X[1]");
    assert_eq!(parse(r#"{"error":[],"result":{"X":[[1.5,"1","1","1","1","1","1",1]]}}"#), "$.result.X[0][0]");
    assert_eq!(parse(r#"{"result":{}}"#), "$");
    assert_eq!(parse("<html>"), "$");
}

#[test]
fn parses_ticker() {
    let ticker = Kraken::new().parse_ticker(&ok(TICKER), &btc_usd()).unwrap();
    assert_eq!(
        ticker,
        Ticker {
            symbol: btc_usd(),
            time: None,
            last: 30303.2,
            bid: Some(30300.0),
            ask: Some(30300.1),
            high_24h: Some(31631.0),
            low_24h: Some(29868.3),
            volume_24h: Some(4412.73601799),
        }
    );
}

#[test]
fn parses_markets() {
    let markets = Kraken::new().parse_markets(&ok(ASSET_PAIRS)).unwrap();
    let ids: Vec<&str> = markets.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["DOTUSDT", "XDGUSD", "XXBTZUSD"]);
    let btc = &markets[2];
    assert_eq!(
        btc,
        &Market {
            symbol: btc_usd(),
            id: "XXBTZUSD".into(),
            active: true,
            price_step: Some(dec("0.1")),
            quantity_step: Some(dec("0.00000001")),
            min_quantity: Some(dec("0.0001")),
        }
    );
    assert_eq!(
        (markets[1].symbol.to_string(), markets[1].active, markets[1].price_step),
        ("DOGE/USD".into(), false, Some(dec("0.0000001")))
    );
    assert_eq!((markets[0].symbol.to_string(), markets[0].active), ("DOT/USDT".into(), true));
}

#[test]
fn private_requests_are_signed_exactly() {
    let kraken = Kraken::new();
    let credentials = credentials();
    // Kraken's own example (§3.3): the same order, nonce and key give its API-Sign.
    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("1.25"),
        price: Some(dec("37500")),
        client_id: None,
    };
    let request = kraken.place_order_request(&auth(&credentials, 1_616_492_376_594), &order).unwrap();
    assert_eq!((request.method, request.url.as_str()), (Method::Post, "https://api.kraken.com/0/private/AddOrder"));
    assert_eq!(request.body.as_deref(), Some("nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"));
    assert_eq!(request.header("API-Key"), Some("example-key"));
    assert_eq!(
        request.header("API-Sign"),
        Some("4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==")
    );
    assert_eq!(request.header("Content-Type"), Some("application/x-www-form-urlencoded"));

    // Computed independently with Python's hmac/hashlib/base64 from the same key and nonce.
    let request = kraken.balances_request(&auth(&credentials, 1_616_492_376_594)).unwrap();
    assert_eq!(request.url, "https://api.kraken.com/0/private/BalanceEx");
    assert_eq!(request.body.as_deref(), Some("nonce=1616492376594"));
    assert_eq!(
        request.header("API-Sign"),
        Some("1j2wTVcCjQvueYQKkvwE3KMKUKZ2X44OnlJOYr2nPt3WwRIl69rXv3dyHxdoxHIc88DGbIR+WwRtR0qudfAL+w==")
    );

    let market_sell = OrderRequest {
        symbol: Symbol::parse("DOGE/EUR").unwrap(),
        side: Side::Sell,
        kind: OrderType::Market,
        quantity: dec("100.000"),
        price: Some(dec("1")),
        client_id: Some("6d1b345e-2821-40e2-ad83-4ecb18a06876".into()),
    };
    let request = kraken.place_order_request(&auth(&credentials, 5), &market_sell).unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some("nonce=5&ordertype=market&pair=XDGEUR&type=sell&volume=100&cl_ord_id=6d1b345e-2821-40e2-ad83-4ecb18a06876")
    );

    let request = kraken.open_orders_request(&auth(&credentials, 6), Some(&btc_usd())).unwrap();
    assert_eq!((request.url.as_str(), request.body.as_deref()), ("https://api.kraken.com/0/private/OpenOrders", Some("nonce=6")));
    let request = kraken.cancel_order_request(&auth(&credentials, 7), &btc_usd(), "OUF4EM-FRGI2-MQMWZD").unwrap();
    assert_eq!(
        (request.url.as_str(), request.body.as_deref()),
        ("https://api.kraken.com/0/private/CancelOrder", Some("nonce=7&txid=OUF4EM-FRGI2-MQMWZD"))
    );

    for bad_id in ["this-is-longer-than-18", "a b", "x&y"] {
        let order = OrderRequest { client_id: Some(bad_id.into()), ..order.clone() };
        assert!(matches!(kraken.place_order_request(&auth(&credentials, 8), &order), Err(Error::Unsupported { .. })), "{bad_id}");
    }
    assert!(kraken.cancel_order_request(&auth(&credentials, 8), &btc_usd(), "O&txid=X").is_err());
    let debug = format!("{:?} {:?}", request, credentials);
    let signature = request.header("API-Sign").unwrap();
    assert!(!debug.contains(EXAMPLE_SECRET) && !debug.contains(signature), "{debug}");
}

#[test]
fn parses_balances() {
    let balances = Kraken::new().parse_balances(&ok(BALANCE_EX)).unwrap();
    let read: Vec<(String, String, String)> =
        balances.iter().map(|b| (b.asset.clone(), b.free.to_string(), b.locked.to_string())).collect();
    let expected = [("BTC.M", "0.5", "0"), ("BTC", "0.4012", "0.8423"), ("USD", "17185.45", "8249.76")];
    assert_eq!(read, expected.map(|(a, f, l)| (a.to_string(), f.to_string(), l.to_string())));
    let plain = Kraken::new().parse_balances(&ok(r#"{"error":[],"result":{"ZUSD":"171288.6158"}}"#)).unwrap();
    assert_eq!(plain, [Balance { asset: "USD".into(), free: dec("171288.6158"), locked: Decimal::ZERO }]);
}

#[test]
fn parses_orders() {
    let orders = Kraken::new().parse_open_orders(&ok(OPEN_ORDERS)).unwrap();
    assert_eq!(orders.len(), 2);
    let limit = orders.iter().find(|o| o.id == "OQCLML-BW3P3-BUCMWZ").unwrap();
    assert_eq!(
        limit,
        &Order {
            id: "OQCLML-BW3P3-BUCMWZ".into(),
            client_id: Some("sigil-1".into()),
            symbol: btc_usd(),
            side: Side::Buy,
            kind: OrderType::Limit,
            price: Some(dec("30010")),
            quantity: dec("1.25"),
            filled: dec("0.375"),
            status: OrderStatus::PartiallyFilled,
            time: Some(1_688_666_559_897),
        }
    );
    let stop = orders.iter().find(|o| o.id == "OB5VMB-B4U2U-DK2WRW").unwrap();
    assert_eq!(
        (stop.symbol.to_string(), stop.side, stop.kind, stop.price),
        ("ETH/USDT".into(), Side::Sell, OrderType::Limit, Some(dec("1690")))
    );
    assert_eq!((stop.status, stop.client_id.as_deref()), (OrderStatus::Open, Some("120")));

    let unknown = OPEN_ORDERS.replace("\"XBTUSD\"", "\"QQQQ\"");
    assert_eq!(
        malformed_path(Kraken::new().parse_open_orders(&ok(&unknown)).unwrap_err()),
        r#"$.result.open["OQCLML-BW3P3-BUCMWZ"].descr.pair"#
    );

    let order = OrderRequest {
        symbol: btc_usd(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("1.25"),
        price: Some(dec("37500.0")),
        client_id: None,
    };
    let placed = Kraken::new().parse_place_order(&ok(ADD_ORDER), &order).unwrap();
    assert_eq!((placed.id.as_str(), placed.status, placed.price), ("OUF4EM-FRGI2-MQMWZD", OrderStatus::Open, Some(dec("37500"))));
}

#[test]
fn cancel_reports_the_requested_id_and_no_order() {
    let kraken = Kraken::new();
    // `{"count":1}` says nothing about the order: the id is the one asked for, and no
    // side, type or size is made up.
    let canceled = kraken.parse_cancel_order(&ok(CANCEL_ORDER), &btc_usd(), "OUF4EM-FRGI2-MQMWZD").unwrap();
    assert_eq!(canceled, CanceledOrder { id: "OUF4EM-FRGI2-MQMWZD".into(), client_id: None, symbol: btc_usd(), order: None });
    let other = kraken.parse_cancel_order(&ok(CANCEL_ORDER), &btc_usd(), "OB5VMB-B4U2U-DK2WRW").unwrap();
    assert_eq!(other.id, "OB5VMB-B4U2U-DK2WRW");

    // Nothing canceled: reported as Kraken reports an unknown order.
    assert_eq!(
        kraken.parse_cancel_order(&ok(r#"{"error":[],"result":{"count":0}}"#), &btc_usd(), "OUF4EM-FRGI2-MQMWZD").unwrap_err(),
        Error::Rejected { exchange: NAME, code: "EOrder:Unknown order".into(), message: "Kraken canceled no order".into() }
    );
    assert!(matches!(
        kraken.parse_cancel_order(&ok(r#"{"error":[],"result":{"count":-1}}"#), &btc_usd(), "OUF4EM-FRGI2-MQMWZD"),
        Err(Error::Rejected { .. })
    ));
    assert_eq!(malformed_path(kraken.parse_cancel_order(&ok(r#"{"error":[],"result":{}}"#), &btc_usd(), "O").unwrap_err()), "$.result");
}

#[test]
fn errors_are_typed() {
    let kraken = Kraken::new();
    let error = |messages: &str| ok(&format!(r#"{{"error":[{messages}],"result":{{}}}}"#));
    for auth_error in ["EAPI:Invalid key", "EAPI:Invalid signature", "EAPI:Invalid nonce", "EGeneral:Permission denied"] {
        let err = kraken.parse_balances(&error(&format!("\"{auth_error}\""))).unwrap_err();
        assert_eq!(err, Error::AuthFailed { exchange: NAME, message: auth_error.into() });
    }
    let err = kraken.parse_balances(&error(r#""EAPI:Rate limit exceeded""#)).unwrap_err();
    assert!(matches!(err, Error::RateLimited { exchange: NAME, retry_after_ms: None, .. }), "{err:?}");
    let err = kraken.parse_ticker(&error(r#""EQuery:Unknown asset pair""#), &btc_usd()).unwrap_err();
    assert_eq!(err, Error::UnknownSymbol { exchange: NAME, symbol: "BTC/USD".into(), available: vec![] });
    let err = kraken.parse_markets(&error(r#""EQuery:Unknown asset pair""#)).unwrap_err();
    assert!(matches!(err, Error::Rejected { ref code, .. } if code == "EQuery:Unknown asset pair"), "{err:?}");
    let err = kraken.parse_balances(&error(r#""EGeneral:Invalid arguments:volume", "EOrder:Insufficient funds""#)).unwrap_err();
    assert_eq!(
        err,
        Error::Rejected {
            exchange: NAME,
            code: "EGeneral:Invalid arguments".into(),
            message: "EGeneral:Invalid arguments:volume; EOrder:Insufficient funds".into()
        }
    );
    // Warnings alone do not fail a call.
    let warned = kraken.parse_balances(&ok(r#"{"error":["WGeneral:Deprecated"],"result":{"ZUSD":"1"}}"#)).unwrap();
    assert_eq!(warned.len(), 1);
    let mut throttled = Response::new(429, "Too many requests");
    throttled.headers.push(("Retry-After".into(), "2".into()));
    assert!(matches!(kraken.parse_balances(&throttled), Err(Error::RateLimited { retry_after_ms: Some(2000), .. })));
    assert!(matches!(kraken.parse_balances(&Response::new(503, "<html>")), Err(Error::UpstreamStatus { status: 503, .. })));
    assert_eq!(malformed_path(kraken.parse_balances(&ok(r#"{"error":[1],"result":{}}"#)).unwrap_err()), "$.error[0]");
}

const FIXTURES: &[&str] = &[OHLC, TICKER, ASSET_PAIRS, BALANCE_EX, OPEN_ORDERS, ADD_ORDER, CANCEL_ORDER];

/// Every parser over one body; only the absence of a panic matters.
fn parse_everything(body: &str, status: u16) {
    let kraken = Kraken::new();
    let response = Response::new(status, body);
    let order =
        OrderRequest { symbol: btc_usd(), side: Side::Sell, kind: OrderType::Market, quantity: Decimal::ONE, price: None, client_id: None };
    let _ = kraken.parse_candles(&response, Interval::W1, i64::MAX);
    let _ = kraken.parse_candles(&response, Interval::M1, i64::MIN);
    let _ = kraken.parse_ticker(&response, &btc_usd());
    let _ = kraken.parse_markets(&response);
    let _ = kraken.parse_balances(&response);
    let _ = kraken.parse_open_orders(&response);
    let _ = kraken.parse_place_order(&response, &order);
    let _ = kraken.parse_cancel_order(&response, &btc_usd(), "OUF4EM-FRGI2-MQMWZD");
}

#[test]
fn fixtures_with_hostile_values_do_not_panic() {
    for fixture in FIXTURES {
        for replacement in ["1e400", "-9223372036854775808", "18446744073709551616", "\"\"", "null", "[]", "{}", "\"NaN\""] {
            parse_everything(&fixture.replace("1688671200", replacement).replace("\"1.25000000\"", replacement), 200);
            parse_everything(&fixture.replace("\"30300.10000\"", replacement).replace("1688666559.8974", replacement), 200);
            parse_everything(&fixture.replace("8", replacement), 200);
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
    fn requests_never_panic(limit in 0usize..2000, end in any::<Option<i64>>(), nonce in any::<u64>(), id in "\\PC{0,40}") {
        let kraken = Kraken::new();
        let credentials = credentials();
        for &interval in Interval::ALL {
            let _ = kraken.candles_request(&btc_usd(), interval, limit, end);
        }
        let _ = kraken.cancel_order_request(&auth(&credentials, nonce), &btc_usd(), &id);
        let order = OrderRequest { symbol: btc_usd(), side: Side::Buy, kind: OrderType::Limit, quantity: Decimal::ONE, price: Some(Decimal::TEN), client_id: Some(id) };
        let _ = kraken.place_order_request(&auth(&credentials, nonce), &order);
    }
}
