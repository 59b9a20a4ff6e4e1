//! End to end against the fake exchange (tests/fake-exchange/server.mjs): each
//! adapter's `Request`s are sent over real HTTP by a small blocking HTTP/1.1 client
//! written here, and the answers go through the adapter's parsers. Candles must equal
//! the in-repo fixture (hourly) or its resampling; signed calls must be accepted with
//! the stored test keys and refused, as `AuthFailed`, with a wrong secret or a stale
//! timestamp / reused nonce; the fake's misbehaviour modes must become the right typed
//! errors.
//!
//! Needs Node 20 on PATH (or `SIGIL_NODE=/path/to/node`). Without it the tests FAIL
//! with a message saying so: a skipped end-to-end test must not look like a pass.
//!
//! One exchange = one [`Case`] in the table at the bottom.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sigil_exchange::binance::Binance;
use sigil_exchange::bybit::Bybit;
use sigil_exchange::coinbase::{CoinbaseAdvanced, CoinbaseExchange};
use sigil_exchange::kraken::Kraken;
use sigil_exchange::okx::Okx;
use sigil_exchange::{
    resample, Adapter, Auth, Candle, Credentials, Decimal, Error, Interval, Method, OrderRequest, OrderStatus, OrderType, Request,
    Response, Side, Symbol,
};

const IO_TIMEOUT: Duration = Duration::from_secs(15);
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

// ---------------------------------------------------------------------------------
// The fake exchange process

/// A running `server.mjs`. Dropping it closes the server's stdin (it exits on EOF,
/// thanks to `--watch-stdin`) and then makes sure the process is gone.
struct FakeExchange {
    child: Child,
    stdin: Option<ChildStdin>,
    base_url: String,
}

impl FakeExchange {
    fn start() -> FakeExchange {
        let node = std::env::var("SIGIL_NODE").unwrap_or_else(|_| "node".to_string());
        let script = repo_root().join("tests").join("fake-exchange").join("server.mjs");
        let mut child = Command::new(&node)
            .arg(&script)
            .args(["--port", "0", "--watch-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the fake exchange: `{node}` failed to run ({e}). This test needs Node 20: install it, \
                     put it on PATH or set SIGIL_NODE=/path/to/node. It is not skipped on purpose."
                )
            });
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        // Read the port line on a helper thread so a server that never prints fails the
        // test after a while instead of hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = match receiver.recv_timeout(STARTUP_TIMEOUT) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("the fake exchange printed no port line within {STARTUP_TIMEOUT:?}");
            }
        };
        let value: serde_json::Value = serde_json::from_str(line.trim())
            .unwrap_or_else(|e| panic!("the fake exchange did not print its port as JSON ({e}): {line:?}"));
        let port = value["port"].as_u64().and_then(|p| u16::try_from(p).ok()).unwrap_or_else(|| panic!("no port in {line:?}"));
        FakeExchange { child, stdin, base_url: format!("http://127.0.0.1:{port}") }
    }

    /// Queues a misbehaviour (see server.mjs): `{"mode":"429","retryAfter":3}` …
    fn control(&self, fault: serde_json::Value) {
        let request = Request {
            method: Method::Post,
            url: format!("{}/__control", self.base_url),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(fault.to_string()),
        };
        let response = execute(&request).expect("control request");
        assert_eq!(response.status, 200, "control {fault} refused: {}", response.body);
    }
}

impl Drop for FakeExchange {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------
// A tiny HTTP/1.1 client: one request per connection (`Connection: close`), a
// Content-Length framed answer. It refuses anything else rather than guess.

fn execute(request: &Request) -> Result<Response, String> {
    let rest = request.url.strip_prefix("http://").ok_or_else(|| format!("not an http:// URL: {}", request.url))?;
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut stream = TcpStream::connect(authority).map_err(|e| format!("connect {authority}: {e}"))?;
    stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(|e| e.to_string())?;

    let mut head = format!("{} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n", request.method.as_str());
    for (name, value) in &request.headers {
        if name.contains(['\r', '\n']) || value.contains(['\r', '\n']) {
            return Err(format!("header {name} contains CR/LF"));
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = request.body.as_deref().unwrap_or("");
    if request.body.is_some() || request.method != Method::Get {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).map_err(|e| format!("send: {e}"))?;

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| format!("receive: {e}"))?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of headers in the answer")?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| "headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 =
        status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let response = Response { status, headers, body: String::new() };
    if response.header("transfer-encoding").is_some() {
        return Err("chunked answers are not supported by this test client".into());
    }
    let length: usize = response.header("content-length").and_then(|v| v.parse().ok()).ok_or("no Content-Length")?;
    let body = &raw[split + 4..];
    if body.len() < length {
        return Err(format!("connection closed after {} of {length} body bytes", body.len()));
    }
    let body = String::from_utf8(body[..length].to_vec()).map_err(|_| "body is not UTF-8")?;
    Ok(Response { body, ..response })
}

fn send(request: Result<Request, Error>) -> Response {
    let request = request.unwrap_or_else(|e| panic!("building the request failed: {e}"));
    execute(&request).unwrap_or_else(|e| panic!("{} {}: {e}", request.method.as_str(), request.url))
}

// ---------------------------------------------------------------------------------
// Expected data

/// The fixture the fake serves, parsed here independently of the fake.
fn fixture_hours() -> Vec<Candle> {
    let path = repo_root().join("tests").join("fixtures").join("data").join("btcusd_bitfinex_1h_2013.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .map(|line| {
            let v: Vec<f64> = line.split(',').map(|f| f.parse().unwrap_or_else(|_| panic!("bad fixture line {line}"))).collect();
            Candle { time: v[0] as i64, open: v[1], high: v[2], low: v[3], close: v[4], volume: v[5] }
        })
        .collect()
}

fn expected_series(interval: Interval) -> Vec<Candle> {
    let hours = fixture_hours();
    if interval == Interval::H1 {
        hours
    } else {
        resample(&hours, interval)
    }
}

/// Prices must be bit-equal (they pass through as decimal text); volumes of resampled
/// candles are sums the exchanges round to 8 decimals.
fn assert_candles_equal(actual: &[Candle], expected: &[Candle], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: candle count");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(
            (a.time, a.open, a.high, a.low, a.close),
            (e.time, e.open, e.high, e.low, e.close),
            "{what}: candle {i} (time {})",
            e.time
        );
        assert!((a.volume - e.volume).abs() <= 1e-8 * e.volume.abs().max(1.0), "{what}: candle {i} volume {} vs {}", a.volume, e.volume);
    }
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_else(|_| panic!("bad decimal {text}"))
}

// ---------------------------------------------------------------------------------
// One exchange's case

struct Case {
    /// The adapter, sending every request to the given base URL.
    connect: fn(&str) -> Box<dyn Adapter>,
    /// The fake's fault scope for this exchange.
    fake_name: &'static str,
    symbol: Symbol,
    /// Valid credentials, labelled (Binance has an HMAC and an Ed25519 key).
    credentials: Vec<(&'static str, Credentials)>,
    /// The same key with a different secret of the right format.
    wrong_secret: Credentials,
    /// How this exchange's fake refuses replays: a stale timestamp, or a reused nonce.
    replay: Replay,
    /// Whether the exchange itself cuts the answer to `limit` candles ending at
    /// `end_ms` (Kraken returns everything since, and the caller trims).
    exact_window: bool,
    /// Whether candle requests need an end time (Coinbase Advanced: the crate has no
    /// clock, so the caller passes "now", here the fixture's last hour).
    needs_end_time: bool,
    /// Whether the ticker carries a 24 h high and low (Coinbase's tickers do not).
    ticker_24h_range: bool,
    quote: &'static str,
    /// The client order id to place with (Coinbase Exchange takes UUIDs only).
    client_id: &'static str,
    /// Whether the exchange answers a cancel with the whole order (Binance) rather than
    /// with ids or a count.
    cancel_returns_order: bool,
    /// A well-formed symbol the fake does not list, and the error its ticker must give.
    unlisted: (&'static str, fn(&Error) -> bool),
}

#[derive(Clone, Copy)]
enum Replay {
    /// Signed `age_ms` in the past: beyond the exchange's receive window (or, for a
    /// JWT, beyond its lifetime).
    StaleTimestamp {
        age_ms: i64,
    },
    ReusedNonce,
}

/// Auth values for one call; nonces increase across calls.
struct Signer {
    next_nonce: u64,
}

impl Signer {
    fn new() -> Signer {
        Signer { next_nonce: (now_ms() as u64) * 1000 }
    }

    fn auth<'a>(&mut self, credentials: &'a Credentials) -> Auth<'a> {
        self.next_nonce += 1;
        Auth { credentials, now_ms: now_ms(), nonce: self.next_nonce, random: [7; 16] }
    }
}

fn run(case: Case) {
    let fake = FakeExchange::start();
    let adapter = (case.connect)(&fake.base_url);
    let adapter = adapter.as_ref();
    let symbol = &case.symbol;
    let mut signer = Signer::new();
    let name = adapter.name();

    let hours = fixture_hours();
    // "Now" for exchanges that need an end time: the fixture's last hour.
    let latest_end = if case.needs_end_time { hours.last().map(|c| c.time) } else { None };

    // Candles: every interval the fixture can feed, most recent page and an end time.
    for interval in [Interval::H1, Interval::H4, Interval::D1, Interval::W1] {
        if !adapter.intervals().contains(&interval) {
            let refused = adapter.candles_request(symbol, interval, 10, latest_end.or(Some(0)));
            assert!(matches!(refused, Err(Error::UnsupportedInterval { .. })), "{name} {interval}: {refused:?}");
            continue;
        }
        let expected = expected_series(interval);
        let limit = adapter.max_candles();
        let response = send(adapter.candles_request(symbol, interval, limit, latest_end));
        let series = adapter.parse_candles(&response, interval, now_ms()).unwrap_or_else(|e| panic!("{name} {interval}: {e}"));
        let newest = match latest_end {
            // A time range: `limit` buckets ending at the end time, fewer candles where
            // the fixture has gaps (hours without trades have no candle).
            Some(end) => {
                let duration = interval.duration_ms();
                let first = end.div_euclid(duration) * duration - (limit as i64 - 1) * duration;
                let from = expected.iter().position(|c| c.time >= first).unwrap_or(expected.len());
                &expected[from..]
            }
            None => &expected[expected.len().saturating_sub(limit)..],
        };
        assert_candles_equal(&series.candles, newest, &format!("{name} {interval} latest"));
        assert!(!series.last_forming, "{name} {interval}: 2013 candles are not forming");
    }
    let end_ms = hours[400].time;
    let response = send(adapter.candles_request(symbol, Interval::H1, 50, Some(end_ms)));
    let series = adapter.parse_candles(&response, Interval::H1, now_ms()).unwrap_or_else(|e| panic!("{name} end_ms: {e}"));
    let mut got: Vec<Candle> = series.candles.into_iter().filter(|c| c.time <= end_ms).collect();
    if case.exact_window {
        assert_eq!(got.len(), 50, "{name}: the exchange itself returns `limit` candles ending at end_ms");
    }
    got.drain(..got.len().saturating_sub(50));
    assert_candles_equal(&got, &hours[351..=400], &format!("{name} end_ms"));

    // Ticker, markets.
    let ticker = adapter.parse_ticker(&send(adapter.ticker_request(symbol)), symbol).unwrap_or_else(|e| panic!("{name} ticker: {e}"));
    let last_day = &hours[hours.len() - 24..];
    assert_eq!(ticker.last, hours[hours.len() - 1].close, "{name} ticker last");
    if case.ticker_24h_range {
        assert_eq!(ticker.high_24h, Some(last_day.iter().map(|c| c.high).fold(f64::MIN, f64::max)), "{name} 24h high");
        assert_eq!(ticker.low_24h, Some(last_day.iter().map(|c| c.low).fold(f64::MAX, f64::min)), "{name} 24h low");
    } else {
        assert_eq!((ticker.high_24h, ticker.low_24h), (None, None), "{name}: no 24h range in this ticker");
    }
    assert!(ticker.bid.zip(ticker.ask).is_some_and(|(bid, ask)| bid < ticker.last && ticker.last < ask), "{name}: {ticker:?}");
    let (unlisted, expected_error) = case.unlisted;
    let unlisted = sym(unlisted);
    let refused = adapter.parse_ticker(&send(adapter.ticker_request(&unlisted)), &unlisted);
    assert!(refused.as_ref().is_err_and(expected_error), "{name} ticker of {unlisted}: {refused:?}");
    let markets = adapter.parse_markets(&send(adapter.markets_request())).unwrap_or_else(|e| panic!("{name} markets: {e}"));
    let market = markets.iter().find(|m| &m.symbol == symbol).unwrap_or_else(|| panic!("{name}: {symbol} not in {markets:?}"));
    assert!(market.active, "{name}: {market:?}");

    // Balances with every valid key; a wrong secret and a replay are AuthFailed.
    for (label, credentials) in &case.credentials {
        let balances = adapter
            .parse_balances(&send(adapter.balances_request(&signer.auth(credentials))))
            .unwrap_or_else(|e| panic!("{name} balances ({label}): {e}"));
        let find = |asset: &str| balances.iter().find(|b| b.asset == asset).unwrap_or_else(|| panic!("{name}: no {asset} in {balances:?}"));
        assert_eq!((find("BTC").free, find("BTC").locked), (dec("1.25"), dec("0")), "{name} BTC ({label})");
        assert_eq!((find(case.quote).free, find(case.quote).locked), (dec("20000"), dec("75")), "{name} {} ({label})", case.quote);
    }
    let wrong = adapter.parse_balances(&send(adapter.balances_request(&signer.auth(&case.wrong_secret))));
    assert!(matches!(wrong, Err(Error::AuthFailed { .. })), "{name} wrong secret: {wrong:?}");
    let (_, good) = &case.credentials[0];
    let replayed = match case.replay {
        Replay::StaleTimestamp { age_ms } => {
            let stale = Auth { now_ms: now_ms() - age_ms, ..signer.auth(good) };
            adapter.parse_balances(&send(adapter.balances_request(&stale)))
        }
        Replay::ReusedNonce => {
            let auth = signer.auth(good);
            let request = adapter.balances_request(&auth);
            adapter.parse_balances(&send(request.clone())).unwrap_or_else(|e| panic!("{name} first use of a nonce: {e}"));
            adapter.parse_balances(&send(request))
        }
    };
    assert!(matches!(replayed, Err(Error::AuthFailed { .. })), "{name} replay: {replayed:?}");

    // Orders: the fake's seeded order, then place, see, cancel, gone.
    let open_orders = |signer: &mut Signer| {
        adapter
            .parse_open_orders(&send(adapter.open_orders_request(&signer.auth(good), Some(symbol))))
            .unwrap_or_else(|e| panic!("{name} open orders: {e}"))
    };
    let before = open_orders(&mut signer);
    let seeded = before.iter().find(|o| o.price == Some(dec("150"))).unwrap_or_else(|| panic!("{name}: no seeded order in {before:?}"));
    assert_eq!((seeded.side, seeded.kind, seeded.quantity, seeded.status), (Side::Buy, OrderType::Limit, dec("0.5"), OrderStatus::Open));
    assert_eq!(&seeded.symbol, symbol);
    let order = OrderRequest {
        symbol: symbol.clone(),
        side: Side::Buy,
        kind: OrderType::Limit,
        quantity: dec("0.01"),
        price: Some(dec("100")),
        client_id: Some(case.client_id.into()),
    };
    let placed = adapter
        .parse_place_order(&send(adapter.place_order_request(&signer.auth(good), &order)), &order)
        .unwrap_or_else(|e| panic!("{name} place: {e}"));
    assert_eq!((placed.status, placed.price, placed.quantity), (OrderStatus::Open, Some(dec("100")), dec("0.01")), "{name}: {placed:?}");
    assert!(!placed.id.is_empty());
    let listed = open_orders(&mut signer);
    let mine = listed.iter().find(|o| o.id == placed.id).unwrap_or_else(|| panic!("{name}: {} not in {listed:?}", placed.id));
    assert_eq!((mine.client_id.as_deref(), mine.price, mine.side), (Some(case.client_id), Some(dec("100")), Side::Buy));
    let canceled = adapter
        .parse_cancel_order(&send(adapter.cancel_order_request(&signer.auth(good), symbol, &placed.id)), symbol, &placed.id)
        .unwrap_or_else(|e| panic!("{name} cancel: {e}"));
    assert_eq!((&canceled.id, &canceled.symbol), (&placed.id, symbol), "{name}: {canceled:?}");
    // Only Binance answers a cancel with the order itself; the others echo ids (or,
    // Kraken, a count), and the result must not pretend to know more.
    match (case.cancel_returns_order, &canceled.order) {
        (true, Some(order)) => {
            assert_eq!(
                (&order.id, order.client_id.as_deref(), order.status, order.side, order.kind, order.price, order.quantity),
                (&placed.id, Some(case.client_id), OrderStatus::Canceled, Side::Buy, OrderType::Limit, Some(dec("100")), dec("0.01")),
                "{name}: {order:?}"
            );
            assert_eq!(canceled.client_id.as_deref(), Some(case.client_id), "{name}");
        }
        (false, None) => {}
        (expected, got) => panic!("{name}: cancel should report the order: {expected}, got {got:?}"),
    }
    // A client id, where the answer carries one, is the one the order was placed with.
    if let Some(client_id) = &canceled.client_id {
        assert_eq!(client_id, case.client_id, "{name}");
    }
    assert!(!open_orders(&mut signer).iter().any(|o| o.id == placed.id), "{name}: canceled order still open");
    let again = adapter.parse_cancel_order(&send(adapter.cancel_order_request(&signer.auth(good), symbol, &placed.id)), symbol, &placed.id);
    assert!(matches!(again, Err(Error::Rejected { .. })), "{name} cancel twice: {again:?}");

    // Misbehaviour: each mode, on the candles call, becomes its typed error.
    let candles = || {
        let started = Instant::now();
        let response = execute(&adapter.candles_request(symbol, Interval::H1, 5, latest_end).expect("request"));
        (response, started.elapsed())
    };
    let fault = |mode: serde_json::Value| {
        let mut fault = mode;
        fault["exchange"] = serde_json::Value::from(case.fake_name);
        fake.control(fault);
        let (response, _) = candles();
        let response = response.unwrap_or_else(|e| panic!("{name}: {e}"));
        adapter.parse_candles(&response, Interval::H1, now_ms())
    };
    let got = fault(serde_json::json!({"mode": "429", "retryAfter": 3}));
    assert!(matches!(got, Err(Error::RateLimited { retry_after_ms: Some(3000), .. })), "{name} 429: {got:?}");
    let got = fault(serde_json::json!({"mode": "418", "retryAfter": 120}));
    assert!(matches!(got, Err(Error::IpBanned { retry_after_ms: Some(120_000), .. })), "{name} 418: {got:?}");
    let got = fault(serde_json::json!({"mode": "451"}));
    assert!(matches!(got, Err(Error::GeoBlocked { .. })), "{name} 451: {got:?}");
    for status in [500u16, 502, 503, 504] {
        let got = fault(serde_json::json!({"mode": status.to_string()}));
        assert!(matches!(got, Err(Error::UpstreamStatus { status: s, .. }) if s == status), "{name} {status}: {got:?}");
    }
    for mode in ["truncated", "malformed"] {
        let got = fault(serde_json::json!({ "mode": mode }));
        assert!(matches!(got, Err(Error::MalformedResponse { .. })), "{name} {mode}: {got:?}");
    }
    fake.control(serde_json::json!({"mode": "slow", "ms": 300, "exchange": case.fake_name}));
    let (response, elapsed) = candles();
    assert!(elapsed >= Duration::from_millis(300), "{name}: slow answered after {elapsed:?}");
    let series = adapter.parse_candles(&response.expect("slow answer"), Interval::H1, now_ms()).expect("slow answer parses");
    assert_eq!(series.candles.last(), hours.last(), "{name}: slow answer");
    fake.control(serde_json::json!({"mode": "truncated", "abort": true, "exchange": case.fake_name}));
    let (response, _) = candles();
    assert!(response.is_err(), "{name}: a connection dropped mid-body must be a transport error, got {response:?}");
    // And the exchange is healthy again afterwards.
    let response = send(adapter.candles_request(symbol, Interval::H1, 5, latest_end));
    let series = adapter.parse_candles(&response, Interval::H1, now_ms()).unwrap_or_else(|e| panic!("{name} after faults: {e}"));
    assert_eq!(series.candles.last(), hours.last(), "{name}: healthy after the faults");
}

// ---------------------------------------------------------------------------------
// The table: one case per exchange, credentials from the fake's stored TEST keys.

fn keys() -> serde_json::Value {
    let path = repo_root().join("tests").join("fake-exchange").join("keys").join("test-keys.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("test-keys.json is JSON")
}

fn key_str<'a>(keys: &'a serde_json::Value, pointer: &str) -> &'a str {
    keys.pointer(pointer).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("test-keys.json has no {pointer}"))
}

fn credentials(api_key: &str, secret: &str, passphrase: Option<&str>) -> Credentials {
    Credentials { api_key: api_key.into(), secret: secret.into(), passphrase: passphrase.map(Into::into) }
}

/// A secret of the same shape as a real one (base64 where the exchange issues base64).
const WRONG_BASE64_SECRET: &str = "d3Jvbmctc2VjcmV0LWZvci10ZXN0cy1vbmx5LXdyb25nLXNlY3JldC1mb3ItdGVzdHMtb25seQ==";

fn sym(text: &str) -> Symbol {
    Symbol::parse(text).expect("symbol")
}

#[test]
fn binance() {
    let k = keys();
    let hmac_key = key_str(&k, "/binance/hmac/apiKey");
    run(Case {
        connect: |url| Box::new(Binance::with_base_url(url)),
        fake_name: "binance",
        symbol: sym("BTC/USDT"),
        credentials: vec![
            ("hmac", credentials(hmac_key, key_str(&k, "/binance/hmac/secret"), None)),
            ("ed25519", credentials(key_str(&k, "/binance/ed25519/apiKey"), key_str(&k, "/binance/ed25519/privateKeyPem"), None)),
        ],
        wrong_secret: credentials(hmac_key, "wrong-secret-for-tests-only", None),
        replay: Replay::StaleTimestamp { age_ms: 60_000 },
        exact_window: true,
        needs_end_time: false,
        ticker_24h_range: true,
        quote: "USDT",
        client_id: "sigilfx1",
        cancel_returns_order: true,
        unlisted: ("DOGE/USDT", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

#[test]
fn kraken() {
    let k = keys();
    let api_key = key_str(&k, "/kraken/apiKey");
    run(Case {
        connect: |url| Box::new(Kraken::with_base_url(url)),
        fake_name: "kraken",
        symbol: sym("BTC/USD"),
        credentials: vec![("hmac", credentials(api_key, key_str(&k, "/kraken/secret"), None))],
        wrong_secret: credentials(api_key, WRONG_BASE64_SECRET, None),
        replay: Replay::ReusedNonce,
        exact_window: false,
        needs_end_time: false,
        ticker_24h_range: true,
        quote: "USD",
        client_id: "sigilfx1",
        cancel_returns_order: false,
        unlisted: ("DOGE/USD", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

#[test]
fn okx() {
    let k = keys();
    let (api_key, passphrase) = (key_str(&k, "/okx/apiKey"), key_str(&k, "/okx/passphrase"));
    run(Case {
        connect: |url| Box::new(Okx::with_base_url(url)),
        fake_name: "okx",
        symbol: sym("BTC/USDT"),
        credentials: vec![("hmac", credentials(api_key, key_str(&k, "/okx/secret"), Some(passphrase)))],
        wrong_secret: credentials(api_key, "00000000000000000000000000000000", Some(passphrase)),
        replay: Replay::StaleTimestamp { age_ms: 60_000 },
        exact_window: true,
        needs_end_time: false,
        ticker_24h_range: true,
        quote: "USDT",
        client_id: "sigilfx1",
        cancel_returns_order: false,
        unlisted: ("DOGE/USDT", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

#[test]
fn bybit() {
    let k = keys();
    let api_key = key_str(&k, "/bybit/apiKey");
    run(Case {
        connect: |url| Box::new(Bybit::with_base_url(url)),
        fake_name: "bybit",
        symbol: sym("BTC/USDT"),
        credentials: vec![("hmac", credentials(api_key, key_str(&k, "/bybit/secret"), None))],
        wrong_secret: credentials(api_key, "wrong-secret-for-tests-only", None),
        replay: Replay::StaleTimestamp { age_ms: 60_000 },
        exact_window: true,
        needs_end_time: false,
        ticker_24h_range: true,
        quote: "USDT",
        client_id: "sigilfx1",
        cancel_returns_order: false,
        // retCode 10001 "Not supported symbols": the generic parameter error, read as an
        // unknown symbol by its message.
        unlisted: ("DOGE/USDT", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

#[test]
fn coinbase_exchange() {
    let k = keys();
    let (api_key, passphrase) = (key_str(&k, "/coinbaseExchange/apiKey"), key_str(&k, "/coinbaseExchange/passphrase"));
    run(Case {
        connect: |url| Box::new(CoinbaseExchange::with_base_url(url)),
        fake_name: "coinbase",
        symbol: sym("BTC/USD"),
        credentials: vec![("hmac", credentials(api_key, key_str(&k, "/coinbaseExchange/secret"), Some(passphrase)))],
        wrong_secret: credentials(api_key, WRONG_BASE64_SECRET, Some(passphrase)),
        // Coinbase allows 30 s of clock difference.
        replay: Replay::StaleTimestamp { age_ms: 60_000 },
        exact_window: true,
        needs_end_time: false,
        ticker_24h_range: false,
        quote: "USD",
        client_id: "0b5c3a1e-7d2f-4e6a-9c81-5f2d3b4a6c7e",
        cancel_returns_order: false,
        unlisted: ("DOGE/USD", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

/// The fake serves on 127.0.0.1 but checks each JWT's `uri` claim against
/// `api.coinbase.com` plus the method and path it received: the adapter's base URL only
/// redirects the transport, the token still names Coinbase (see `with_base_url`).
#[test]
fn coinbase_advanced() {
    let k = keys();
    let es256 = key_str(&k, "/coinbaseAdvanced/es256/keyName");
    run(Case {
        connect: |url| Box::new(CoinbaseAdvanced::with_base_url(url)),
        fake_name: "coinbase",
        symbol: sym("BTC/USD"),
        credentials: vec![
            ("es256", credentials(es256, key_str(&k, "/coinbaseAdvanced/es256/privateKeyPem"), None)),
            (
                "ed25519",
                credentials(key_str(&k, "/coinbaseAdvanced/ed25519/keyName"), key_str(&k, "/coinbaseAdvanced/ed25519/privateKeyPem"), None),
            ),
        ],
        wrong_secret: credentials(es256, key_str(&k, "/coinbaseAdvanced/unregisteredEs256/privateKeyPem"), None),
        // A JWT lives 120 s from its `nbf`: one signed 5 minutes ago has expired.
        replay: Replay::StaleTimestamp { age_ms: 300_000 },
        exact_window: true,
        needs_end_time: true,
        ticker_24h_range: false,
        quote: "USD",
        client_id: "sigilfx1",
        cancel_returns_order: false,
        unlisted: ("DOGE/USD", |e| matches!(e, Error::UnknownSymbol { .. })),
    });
}

/// The client itself: a request it cannot frame is an error, not a guess.
#[test]
fn client_refuses_non_http_urls() {
    assert!(execute(&Request::get("https://127.0.0.1:1/x")).is_err());
}
