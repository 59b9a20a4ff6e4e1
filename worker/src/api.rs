//! The HTTP API without the HTTP: query validation, the JSON bodies and the error
//! shape. Kept free of workers-rs types so it is unit-tested natively
//! (`cargo test -p sigil-worker`) and the handlers in `lib.rs` stay one-liners.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use sigil_core::{column_names, Input, Mode, Series, Spec};
use sigil_exchange::{replay, Candle, ExchangeId, Interval, Symbol, DEFAULT_LIMIT, MAX_LIMIT};

/// Decoded query pairs in request order.
pub type Query = [(String, String)];

/// Bounds the CPU one request can spend: every indicator is a pass over at most
/// MAX_LIMIT bars, and Workers' free plan allows 10 ms of CPU per request.
pub const MAX_INDICATORS: usize = 16;

const MARKET_PARAMS: &[&str] = &["exchange", "symbol", "interval", "limit"];
const INDICATOR_PARAMS: &[&str] = &["exchange", "symbol", "interval", "limit", "ind", "mode"];

/// An error answer: HTTP status plus the JSON `{"error":{code,parameter?,message}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<&'static str>,
    pub message: String,
}

impl ApiError {
    fn bad(code: &'static str, parameter: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status: 400, code, parameter: Some(parameter), message: message.into() }
    }

    pub fn not_found(path: &str, routes: &[&str]) -> ApiError {
        let message = format!("no route {path}; routes: {}", routes.join(", "));
        ApiError { status: 404, code: "not_found", parameter: None, message }
    }

    pub fn method_not_allowed(method: &str, path: &str) -> ApiError {
        let message = format!("method {method} is not allowed on {path}; use GET (HEAD and OPTIONS also answer)");
        ApiError { status: 405, code: "method_not_allowed", parameter: None, message }
    }

    /// Details go to the log, not to the client.
    pub fn internal() -> ApiError {
        ApiError { status: 500, code: "internal", parameter: None, message: "internal error".into() }
    }

    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a ApiError,
        }
        // Serializing these plain fields cannot fail; the fallback only keeps this total.
        serde_json::to_string(&Body { error: self })
            .unwrap_or_else(|_| r#"{"error":{"code":"internal","message":"internal error"}}"#.into())
    }
}

impl From<sigil_exchange::Error> for ApiError {
    fn from(e: sigil_exchange::Error) -> ApiError {
        use sigil_exchange::Error as E;
        let message = e.to_string();
        match e {
            E::UnknownExchange { .. } => ApiError::bad("unknown_exchange", "exchange", message),
            E::InvalidInterval { .. } | E::UnsupportedInterval { .. } => ApiError::bad("invalid_interval", "interval", message),
            E::InvalidSymbol { .. } | E::UnknownSymbol { .. } => ApiError::bad("invalid_symbol", "symbol", message),
            E::InvalidLimit { .. } => ApiError::bad("bad_parameter", "limit", message),
            E::BadData { .. } => ApiError { message, ..ApiError::internal() },
            // Upstream failures: the client did nothing wrong, so no 4xx except where
            // the exchange throttles (the client should back off too) or refuses the
            // request itself.
            E::RateLimited { .. } => ApiError { status: 429, code: "upstream_rate_limited", parameter: None, message },
            E::IpBanned { .. } => ApiError { status: 503, code: "upstream_banned", parameter: None, message },
            E::GeoBlocked { .. } => ApiError { status: 502, code: "upstream_geo_blocked", parameter: None, message },
            E::AuthFailed { .. } => ApiError { status: 502, code: "upstream_auth_failed", parameter: None, message },
            E::Rejected { .. } => ApiError { status: 422, code: "upstream_rejected", parameter: None, message },
            E::UpstreamStatus { .. } | E::MalformedResponse { .. } => {
                ApiError { status: 502, code: "upstream_error", parameter: None, message }
            }
            E::Unsupported { .. } => ApiError { status: 400, code: "unsupported", parameter: None, message },
            // A stored key that does not open is the server's problem; the message names
            // no key material, but the client gets only a generic one.
            E::Vault { .. } => {
                ApiError { status: 500, code: "internal", parameter: None, message: "stored credentials are unusable".into() }
            }
        }
    }
}

/// `GET /v1/health`
pub fn health() -> String {
    format!(r#"{{"ok":true,"version":"{}"}}"#, env!("CARGO_PKG_VERSION"))
}

/// `GET /v1/candles`: ccxt's OHLCV rows, `[[time_ms, open, high, low, close, volume], ...]`.
pub fn candles(query: &Query) -> Result<String, ApiError> {
    let market = Market::from_query(query, MARKET_PARAMS)?;
    let rows: Vec<(i64, f64, f64, f64, f64, f64)> =
        market.candles()?.iter().map(|c| (c.time, c.open, c.high, c.low, c.close, c.volume)).collect();
    to_json(&rows)
}

/// `GET /v1/indicators`: indicator columns computed over exactly the candles
/// `/v1/candles` returns for the same query, warm-up values as `null`.
pub fn indicators(query: &Query) -> Result<String, ApiError> {
    let market = Market::from_query(query, INDICATOR_PARAMS)?;
    let ind = single(query, "ind")?.ok_or_else(|| missing("ind", "an indicator list such as rsi:14,ema:20"))?;
    let mode: Mode = single(query, "mode")?
        .unwrap_or("talib")
        .parse()
        .map_err(|e: sigil_core::Error| ApiError::bad("bad_parameter", "mode", e.to_string()))?;
    let specs = Spec::parse_list_in(ind, mode).map_err(|e| ApiError::bad("invalid_indicator", "ind", e.to_string()))?;
    if specs.len() > MAX_INDICATORS {
        return Err(ApiError::bad(
            "invalid_indicator",
            "ind",
            format!("{} indicators given; at most {MAX_INDICATORS} per request", specs.len()),
        ));
    }
    if let Some(spec) = specs.iter().find(|s| s.inputs().contains(&Input::Periods)) {
        let message = format!("{} reads a per-bar periods column, which exchange candles do not have", spec.def().name);
        return Err(ApiError::bad("invalid_indicator", "ind", message));
    }
    // Spec::parse_list_in has refused the same spec twice, so the names are distinct.
    let columns = column_names(&specs);

    let candles = market.candles()?;
    let pick = |f: fn(&Candle) -> f64| candles.iter().map(f).collect::<Vec<f64>>();
    let (time, open, high, low, close, volume) =
        (pick(|c| c.time as f64), pick(|c| c.open), pick(|c| c.high), pick(|c| c.low), pick(|c| c.close), pick(|c| c.volume));
    let series = Series { time: &time, open: &open, high: &high, low: &low, close: &close, volume: &volume, periods: &[] };
    let mut values = Vec::with_capacity(columns.len());
    for spec in &specs {
        // Every column is supplied: a typed parameter error (a rule between parameters
        // that the grammar cannot check alone) is the caller's; anything else is a bug.
        values.extend(spec.compute(&series).map_err(|e| match e {
            sigil_core::Error::InvalidParameter { .. } => ApiError::bad("invalid_indicator", "ind", e.to_string()),
            _ => ApiError::internal(),
        })?);
    }
    if values.len() != columns.len() || values.iter().any(|v| v.len() != candles.len()) {
        return Err(ApiError::internal());
    }

    #[derive(Serialize)]
    struct Body<'a> {
        exchange: &'static str,
        symbol: String,
        interval: &'static str,
        time: Vec<i64>,
        columns: &'a [String],
        series: Columns<'a>,
    }
    to_json(&Body {
        exchange: market.exchange.as_str(),
        symbol: market.symbol.to_string(),
        interval: market.interval.as_str(),
        time: candles.iter().map(|c| c.time).collect(),
        columns: &columns,
        series: Columns { names: &columns, values: &values },
    })
}

/// The market a request is about, validated.
struct Market {
    exchange: ExchangeId,
    symbol: Symbol,
    interval: Interval,
    limit: usize,
}

impl Market {
    fn from_query(query: &Query, allowed: &[&str]) -> Result<Market, ApiError> {
        // Unknown names are refused rather than ignored so that a typo (`limt=10`)
        // fails loudly instead of silently serving the default.
        if let Some((name, _)) = query.iter().find(|(name, _)| !allowed.contains(&name.as_str())) {
            return Err(ApiError::bad(
                "bad_parameter",
                "query",
                format!("unknown parameter '{name}'; this route takes {}", allowed.join(", ")),
            ));
        }
        // Omitting the exchange means the offline replay data: it is the only exchange
        // that needs no network, so a bare query always works.
        let exchange = match single(query, "exchange")? {
            None => ExchangeId::Replay,
            Some(name) => ExchangeId::parse(name)?,
        };
        let symbol = single(query, "symbol")?.ok_or_else(|| missing("symbol", "a symbol such as BTC/USD"))?;
        let symbol = Symbol::parse(symbol)?;
        let interval = single(query, "interval")?.ok_or_else(|| missing("interval", "one of 1m, 5m, 15m, 1h, 4h, 1d, 1w"))?;
        let interval = Interval::parse(interval)?;
        let limit = match single(query, "limit")? {
            None => DEFAULT_LIMIT,
            Some(text) => parse_limit(text)?,
        };
        Ok(Market { exchange, symbol, interval, limit })
    }

    fn candles(&self) -> Result<Vec<Candle>, ApiError> {
        match self.exchange {
            ExchangeId::Replay => Ok(replay::candles(&self.symbol, self.interval, self.limit, None)?),
        }
    }
}

/// Digits only: `usize::from_str` would also take `+5`, and a limit is not a place
/// for alternative spellings.
fn parse_limit(text: &str) -> Result<usize, ApiError> {
    let invalid = || ApiError::bad("bad_parameter", "limit", format!("limit '{text}' is invalid; expected an integer in 1..={MAX_LIMIT}"));
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(invalid()),
    }
}

/// The value of a parameter given at most once; a repeated parameter is ambiguous
/// (caches and proxies disagree on which copy wins), so it is refused.
fn single<'q>(query: &'q Query, name: &'static str) -> Result<Option<&'q str>, ApiError> {
    let mut values = query.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let first = values.next();
    if values.next().is_some() {
        return Err(ApiError::bad("bad_parameter", name, format!("parameter '{name}' is given more than once")));
    }
    Ok(first)
}

fn missing(name: &'static str, expected: &str) -> ApiError {
    ApiError::bad("bad_parameter", name, format!("missing parameter '{name}': expected {expected}"))
}

fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|_| ApiError::internal())
}

/// `{"name": [values...], ...}` in column order (a serde_json `Value` map would sort
/// the keys), with NaN written as `null` explicitly rather than relying on
/// serde_json's handling of non-finite floats.
struct Columns<'a> {
    names: &'a [String],
    values: &'a [Vec<f64>],
}

impl Serialize for Columns<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Nullable<'a>(&'a [f64]);
        impl Serialize for Nullable<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(|v| v.is_finite().then_some(*v)))
            }
        }
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, values) in self.names.iter().zip(self.values) {
            map.serialize_entry(name, &Nullable(values))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn q(text: &str) -> Vec<(String, String)> {
        text.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    fn err(result: Result<String, ApiError>) -> ApiError {
        result.expect_err("expected an error")
    }

    #[test]
    fn candles_are_ccxt_rows() {
        let body: Value = serde_json::from_str(&candles(&q("symbol=BTC/USD&interval=1h&limit=3")).unwrap()).unwrap();
        let rows = body.as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], serde_json::json!([1_571_302_800_000_i64, 8051.0, 8056.83, 8021.23, 8035.88, 61.25]));
        let default_limit: Value = serde_json::from_str(&candles(&q("exchange=replay&symbol=BTC/USD&interval=1h")).unwrap()).unwrap();
        assert_eq!(default_limit.as_array().unwrap().len(), DEFAULT_LIMIT);
    }

    #[test]
    fn indicators_keep_column_order_and_null_warm_up() {
        let text = indicators(&q("symbol=BTC/USD&interval=4h&limit=40&ind=sma:3,ema:2")).unwrap();
        assert!(text.contains(r#""series":{"sma":[null,null,"#), "{text}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["exchange"], "replay");
        assert_eq!(body["symbol"], "BTC/USD");
        assert_eq!(body["interval"], "4h");
        assert_eq!(body["columns"], serde_json::json!(["sma", "ema"]));
        let closes: Vec<f64> = serde_json::from_str::<Vec<Vec<f64>>>(&candles(&q("symbol=BTC/USD&interval=4h&limit=40")).unwrap())
            .unwrap()
            .iter()
            .map(|r| r[4])
            .collect();
        let sma = body["series"]["sma"].as_array().unwrap();
        assert_eq!(sma.len(), 40);
        let want = (closes[37] + closes[38] + closes[39]) / 3.0;
        assert!((sma[39].as_f64().unwrap() - want).abs() < 1e-9);
        assert!(body["series"]["ema"][0].is_null() && !body["series"]["ema"][1].is_null());
    }

    #[test]
    fn errors_have_codes_parameters_and_messages() {
        let cases = [
            ("symbol=BTC/USD&interval=1h&exchange=binance", "unknown_exchange", "exchange", "not available yet"),
            ("symbol=BTC/USD&interval=1h&exchange=foo", "unknown_exchange", "exchange", "unknown exchange 'foo'"),
            ("symbol=btc/usd&interval=1h", "invalid_symbol", "symbol", "did you mean BTC/USD?"),
            ("symbol=ETH/USD&interval=1h", "invalid_symbol", "symbol", "available: BTC/USD"),
            ("symbol=BTC/USD&interval=1M", "invalid_interval", "interval", "1m, 5m, 15m, 1h, 4h, 1d, 1w"),
            ("symbol=BTC/USD&interval=5m", "invalid_interval", "interval", "supported: 1h, 4h, 1d, 1w"),
            ("symbol=BTC/USD&interval=1h&limit=0", "bad_parameter", "limit", "1..=1000"),
            ("symbol=BTC/USD&interval=1h&limit=1001", "bad_parameter", "limit", "1..=1000"),
            ("symbol=BTC/USD&interval=1h&limit=+5", "bad_parameter", "limit", "'+5'"),
            ("symbol=BTC/USD&interval=1h&limit=2.5", "bad_parameter", "limit", "'2.5'"),
            ("symbol=BTC/USD&interval=1h&limit=", "bad_parameter", "limit", "''"),
            ("symbol=BTC/USD&interval=1h&limit=99999999999999999999999", "bad_parameter", "limit", "1..=1000"),
            ("interval=1h", "bad_parameter", "symbol", "missing parameter 'symbol'"),
            ("symbol=BTC/USD", "bad_parameter", "interval", "missing parameter 'interval'"),
            ("symbol=BTC/USD&interval=1h&limt=5", "bad_parameter", "query", "unknown parameter 'limt'"),
            ("symbol=BTC/USD&interval=1h&interval=4h", "bad_parameter", "interval", "more than once"),
        ];
        for (query, code, parameter, needle) in cases {
            let e = err(candles(&q(query)));
            assert_eq!((e.status, e.code, e.parameter), (400, code, Some(parameter)), "{query}");
            assert!(e.message.contains(needle), "{query}: {}", e.message);
            // The indicators route validates the market the same way.
            assert_eq!(err(indicators(&q(&format!("{query}&ind=rsi")))).code, code, "{query}");
        }
    }

    #[test]
    fn indicator_errors_use_the_core_messages() {
        let e = err(indicators(&q("symbol=BTC/USD&interval=1h&ind=rsl:14")));
        assert_eq!((e.code, e.parameter), ("invalid_indicator", Some("ind")));
        assert!(e.message.contains("did you mean 'rsi'"), "{}", e.message);
        assert!(err(indicators(&q("symbol=BTC/USD&interval=1h&ind=sma:0"))).message.contains("1..=100000"));
        assert!(err(indicators(&q("symbol=BTC/USD&interval=1h&ind="))).message.contains("empty indicator spec"));
        assert!(err(indicators(&q("symbol=BTC/USD&interval=1h&ind=ema:20,ema:20"))).message.contains("more than once"));
        assert_eq!(err(indicators(&q("symbol=BTC/USD&interval=1h"))).parameter, Some("ind"));
        let many = (0..=MAX_INDICATORS).map(|i| format!("sma:{}", i + 2)).collect::<Vec<_>>().join(",");
        assert!(err(indicators(&q(&format!("symbol=BTC/USD&interval=1h&ind={many}")))).message.contains("at most 16"));
    }

    /// A panic would abort the isolate, so every registered indicator is run at both
    /// ends of every parameter's range over the largest request.
    #[test]
    fn every_indicator_at_its_parameter_bounds_answers() {
        use sigil_core::ParamKind;
        for def in sigil_core::registry::all() {
            for use_max in [false, true] {
                let mut spec = def.name.to_string();
                for p in def.params {
                    let arg = match p.kind {
                        ParamKind::Integer { min, max } => (if use_max { max } else { min }).to_string(),
                        ParamKind::Real { min, max } => (if use_max { max } else { min }).to_string(),
                        ParamKind::MaType | ParamKind::Choice(_) => p.default.to_string(),
                    };
                    spec = format!("{spec}:{arg}");
                }
                let answer = indicators(&q(&format!("symbol=BTC/USD&interval=1h&limit=1000&ind={spec}")));
                if def.inputs.contains(&Input::Periods) {
                    // MAVP needs a column no exchange has: a 400 naming it, whatever the parameters.
                    assert!(answer.is_err_and(|e| e.status == 400 && e.message.contains("periods column")), "{spec}");
                    continue;
                }
                let text = answer.unwrap_or_else(|e| panic!("{spec}: {e:?}"));
                let body: Value = serde_json::from_str(&text).unwrap();
                for column in body["series"].as_object().unwrap().values() {
                    assert_eq!(column.as_array().unwrap().len(), 1000, "{spec}");
                }
            }
        }
    }

    #[test]
    fn error_json_shape() {
        let e = err(candles(&q("symbol=BTC/USD&interval=2h")));
        let body: Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(body["error"]["code"], "invalid_interval");
        assert_eq!(body["error"]["parameter"], "interval");
        assert!(body["error"]["message"].as_str().unwrap().contains("'2h'"));
        let nf: Value = serde_json::from_str(&ApiError::not_found("/x", &["/v1/health"]).to_json()).unwrap();
        assert_eq!(nf, serde_json::json!({"error": {"code": "not_found", "message": "no route /x; routes: /v1/health"}}));
    }

    #[test]
    fn health_is_json() {
        let body: Value = serde_json::from_str(&health()).unwrap();
        assert_eq!(body, serde_json::json!({"ok": true, "version": env!("CARGO_PKG_VERSION")}));
    }
}
