//! Helpers the adapters share: a JSON reader that reports the path of a bad field,
//! order validation, and splitting concatenated market ids.

use std::str::FromStr;

use serde_json::Value;

use crate::error::Error;
use crate::model::{Decimal, Market, OrderRequest, OrderType};
use crate::symbol::Symbol;

/// Parses a response body; anything that is not JSON is malformed at the root.
pub(crate) fn parse_json(exchange: &'static str, body: &str) -> Result<Value, Error> {
    serde_json::from_str(body).map_err(|e| Error::MalformedResponse { exchange, path: "$".into(), reason: format!("invalid JSON: {e}") })
}

/// A JSON value and its location in the response (`$.result.list[0].price`), so every
/// shape error names the field. Paths are built eagerly: responses are at most a few
/// thousand values, and the simplicity is worth the small allocations.
#[derive(Clone)]
pub(crate) struct Json<'a> {
    exchange: &'static str,
    value: &'a Value,
    path: String,
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `.name` for plain keys, `["OQCLML-BW3P3"]` for keys a dotted path would garble.
fn member_path(parent: &str, name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{parent}.{name}")
    } else {
        format!("{parent}[{}]", Value::String(name.to_string()))
    }
}

impl<'a> Json<'a> {
    pub(crate) fn root(exchange: &'static str, value: &'a Value) -> Json<'a> {
        Json { exchange, value, path: "$".to_string() }
    }

    pub(crate) fn value(&self) -> &'a Value {
        self.value
    }

    pub(crate) fn malformed(&self, reason: impl Into<String>) -> Error {
        Error::MalformedResponse { exchange: self.exchange, path: self.path.clone(), reason: reason.into() }
    }

    fn expected(&self, what: &str) -> Error {
        self.malformed(format!("expected {what}, found {}", describe(self.value)))
    }

    /// Member `name`, which must be present and not null.
    pub(crate) fn get(&self, name: &str) -> Result<Json<'a>, Error> {
        self.get_opt(name)?.ok_or_else(|| self.malformed(format!("missing field '{name}'")))
    }

    /// Member `name` when present; `null` counts as absent.
    pub(crate) fn get_opt(&self, name: &str) -> Result<Option<Json<'a>>, Error> {
        let object = self.value.as_object().ok_or_else(|| self.expected("an object"))?;
        Ok(match object.get(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some(Json { exchange: self.exchange, value, path: member_path(&self.path, name) }),
        })
    }

    /// Element `index` of an array.
    pub(crate) fn at(&self, index: usize) -> Result<Json<'a>, Error> {
        let items = self.value.as_array().ok_or_else(|| self.expected("an array"))?;
        match items.get(index) {
            Some(value) => Ok(Json { exchange: self.exchange, value, path: format!("{}[{index}]", self.path) }),
            None => Err(self.malformed(format!("expected at least {} elements, found {}", index + 1, items.len()))),
        }
    }

    pub(crate) fn items(&self) -> Result<Vec<Json<'a>>, Error> {
        let items = self.value.as_array().ok_or_else(|| self.expected("an array"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| Json { exchange: self.exchange, value, path: format!("{}[{i}]", self.path) })
            .collect())
    }

    /// Members of an object, in the response's key order (serde_json sorts them).
    pub(crate) fn entries(&self) -> Result<Vec<(&'a str, Json<'a>)>, Error> {
        let object = self.value.as_object().ok_or_else(|| self.expected("an object"))?;
        Ok(object
            .iter()
            .map(|(name, value)| (name.as_str(), Json { exchange: self.exchange, value, path: member_path(&self.path, name) }))
            .collect())
    }

    pub(crate) fn str(&self) -> Result<&'a str, Error> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    /// A string that may be empty, with the empty string read as absent (OKX and Bybit
    /// send `""` for "not applicable").
    pub(crate) fn non_empty_str(&self) -> Result<Option<&'a str>, Error> {
        self.str().map(|s| if s.is_empty() { None } else { Some(s) })
    }

    /// An order id the exchange echoes in a cancel answer, which must be `requested`.
    /// Another id means the answer is not about the order asked for (a mixed-up
    /// response, a bug on either side), so it is refused as malformed at this field
    /// instead of reporting the wrong order as canceled.
    pub(crate) fn echoed_id(&self, requested: &str) -> Result<&'a str, Error> {
        self.echoed_id_where(requested, |echoed, requested| echoed == requested)
    }

    /// Like [`Json::echoed_id`] for UUID order ids (Coinbase), which compare without
    /// regard to ASCII case (RFC 4122: hex digits are case-insensitive on input), so a
    /// caller may pass one in either case.
    pub(crate) fn echoed_uuid(&self, requested: &str) -> Result<&'a str, Error> {
        self.echoed_id_where(requested, |echoed, requested| echoed.eq_ignore_ascii_case(requested))
    }

    fn echoed_id_where(&self, requested: &str, same: fn(&str, &str) -> bool) -> Result<&'a str, Error> {
        let echoed = self.str()?;
        if same(echoed, requested) {
            Ok(echoed)
        } else {
            Err(self.malformed(echoed_id_mismatch(echoed, requested)))
        }
    }

    /// An integer, as a JSON number or a decimal string of one.
    pub(crate) fn i64(&self) -> Result<i64, Error> {
        match self.value {
            Value::Number(n) => n.as_i64().ok_or_else(|| self.malformed(format!("expected an integer, found {n}"))),
            Value::String(s) => s.parse::<i64>().map_err(|_| self.malformed(format!("expected an integer, found {s:?}"))),
            _ => Err(self.expected("an integer")),
        }
    }

    /// A finite number, from a decimal string or a JSON number. Rust's float parser
    /// accepts "NaN" and "inf"; they are refused because they would poison indicators.
    pub(crate) fn f64(&self) -> Result<f64, Error> {
        let number = match self.value {
            Value::String(s) => s.parse::<f64>().map_err(|_| self.malformed(format!("expected a number, found {s:?}")))?,
            Value::Number(n) => n.as_f64().ok_or_else(|| self.expected("a number"))?,
            _ => return Err(self.expected("a number")),
        };
        if number.is_finite() {
            Ok(number)
        } else {
            Err(self.malformed(format!("expected a finite number, found {number}")))
        }
    }

    /// Like [`Json::f64`], with `""` read as absent.
    pub(crate) fn f64_or_empty(&self) -> Result<Option<f64>, Error> {
        match self.value {
            Value::String(s) if s.is_empty() => Ok(None),
            _ => self.f64().map(Some),
        }
    }

    /// An exact decimal from a string (or a JSON number, which the fake exchange may
    /// send). Trailing zeros are dropped so `"0.01000000"` and `"0.01"` compare equal.
    pub(crate) fn decimal(&self) -> Result<Decimal, Error> {
        let text = match self.value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return Err(self.expected("a decimal string")),
        };
        let parsed = Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text));
        parsed.map(|d| d.normalize()).map_err(|e| self.malformed(format!("expected a decimal, found {text:?} ({e})")))
    }

    /// Like [`Json::decimal`], with `""` read as absent.
    pub(crate) fn decimal_or_empty(&self) -> Result<Option<Decimal>, Error> {
        match self.value {
            Value::String(s) if s.is_empty() => Ok(None),
            _ => self.decimal().map(Some),
        }
    }
}

/// The reason of the `MalformedResponse` for a cancel answer about another order.
pub(crate) fn echoed_id_mismatch(echoed: &str, requested: &str) -> String {
    format!("the exchange reports order {echoed:?} canceled, but order {requested:?} was asked to be canceled")
}

/// A JSON object of string fields with keys in sorted order whatever serde_json's
/// features are, so a signed body is reproducible byte for byte in tests.
pub(crate) fn json_object(fields: &[(&str, String)]) -> String {
    let sorted: std::collections::BTreeMap<&str, &str> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    serde_json::to_string(&sorted).unwrap_or_default()
}

/// The checked parts of an order every adapter sends: a positive quantity and, for
/// limit orders, a positive price, as plain decimal strings (`"37500"`, `"1.25"`).
pub(crate) struct OrderAmounts {
    pub(crate) quantity: String,
    /// Present exactly for limit orders.
    pub(crate) price: Option<String>,
}

/// Validates an order's amounts. Decimals are normalized so `37500.00` is sent as
/// `37500`: exchanges reject more decimals than the market's step, and the value is
/// the same.
pub(crate) fn order_amounts(exchange: &'static str, order: &OrderRequest) -> Result<OrderAmounts, Error> {
    let positive = |value: Decimal, what: &str| {
        if value > Decimal::ZERO {
            Ok(value.normalize().to_string())
        } else {
            Err(Error::Unsupported { exchange, what: format!("{what} {value}; it must be positive") })
        }
    };
    let quantity = positive(order.quantity, "quantity")?;
    let price = match order.kind {
        OrderType::Limit => {
            let price = order.price.ok_or_else(|| Error::Unsupported { exchange, what: "a limit order without a price".into() })?;
            Some(positive(price, "price")?)
        }
        OrderType::Market => None,
    };
    Ok(OrderAmounts { quantity, price })
}

/// Checks a caller-chosen id (client order id, exchange order id) before it goes into
/// a URL or body: only characters that need no escaping, at most `max_len` of them.
pub(crate) fn checked_id<'s>(exchange: &'static str, what: &str, id: &'s str, max_len: usize, extra: &[char]) -> Result<&'s str, Error> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || extra.contains(&c);
    if id.is_empty() || id.len() > max_len || !id.chars().all(allowed) {
        let extra: String = extra.iter().map(|c| format!(" {c}")).collect();
        return Err(Error::Unsupported {
            exchange,
            what: format!("{what} {id:?}; expected 1 to {max_len} characters from A-Z a-z 0-9{extra}"),
        });
    }
    Ok(id)
}

/// Builds a unified symbol from exchange currency codes, `None` when the codes are not
/// representable (lowercase tokenized stocks, dotted staking codes).
pub(crate) fn symbol_of(base: &str, quote: &str) -> Option<Symbol> {
    Symbol::parse(&format!("{base}/{quote}")).ok()
}

/// Splits a concatenated market id (`BTCUSDT`) into a symbol: through the loaded
/// markets when one has this id, else by the longest known quote code it ends with.
/// `quotes` must be ordered longest first, so `BTCFDUSD` is BTC/FDUSD, not BTCF/DUSD.
pub(crate) fn split_market_id(id: &str, markets: &[Market], quotes: &[&str]) -> Option<Symbol> {
    if let Some(market) = markets.iter().find(|m| m.id == id) {
        return Some(market.symbol.clone());
    }
    quotes
        .iter()
        .filter(|quote| id.len() > quote.len() && id.ends_with(*quote))
        .find_map(|quote| symbol_of(&id[..id.len() - quote.len()], quote))
}

/// Kraken gives order times as fractional seconds (`1688666559.8974`); this turns them
/// into ms, refusing values a caller could not mean (infinite, beyond year 287,000).
pub(crate) fn seconds_to_ms(seconds: f64) -> Option<i64> {
    let ms = (seconds * 1000.0).round();
    (ms.is_finite() && ms.abs() < 9.0e15).then_some(ms as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;

    fn read<T>(body: &str, f: impl FnOnce(Json) -> Result<T, Error>) -> Result<T, Error> {
        let value = parse_json("t", body)?;
        f(Json::root("t", &value))
    }

    fn path_of(err: Error) -> String {
        match err {
            Error::MalformedResponse { path, .. } => path,
            other => panic!("expected MalformedResponse, got {other:?}"),
        }
    }

    #[test]
    fn errors_carry_the_path() {
        let err = read(r#"{"a":[1,{"b":"x"}]}"#, |root| root.get("a")?.at(1)?.get("b")?.i64()).unwrap_err();
        assert_eq!(path_of(err), "$.a[1].b");
        let err = read(r#"{"OQCLML-BW3P3":{"vol":true}}"#, |root| root.get("OQCLML-BW3P3")?.get("vol")?.decimal()).unwrap_err();
        assert_eq!(path_of(err), r#"$["OQCLML-BW3P3"].vol"#);
        let err = read(r#"{"a":null}"#, |root| root.get("a").map(|_| ())).unwrap_err();
        assert_eq!(err.to_string(), "t: malformed response at $: missing field 'a'");
        assert_eq!(path_of(read("[1]", |root| root.at(1).map(|_| ())).unwrap_err()), "$");
        assert_eq!(path_of(read("{", |_| Ok(())).unwrap_err()), "$");
    }

    #[test]
    fn numbers_are_checked() {
        let f = |body: &str| read(body, |n| n.f64());
        assert_eq!(f(r#""1.5""#).unwrap(), 1.5);
        assert_eq!(f("2").unwrap(), 2.0);
        for bad in [r#""NaN""#, r#""inf""#, r#""""#, r#"" 1""#, "true", "null"] {
            assert!(matches!(f(bad), Err(Error::MalformedResponse { .. })), "{bad}");
        }
        let dec = |body: &str| read(body, |n| n.decimal());
        assert_eq!(dec(r#""0.01000000""#).unwrap().to_string(), "0.01");
        assert_eq!(dec(r#""1e-3""#).unwrap().to_string(), "0.001");
        assert!(dec(r#""1e999""#).is_err() && dec(r#""abc""#).is_err() && dec(r#""""#).is_err());
        assert_eq!(read(r#""""#, |n| n.decimal_or_empty()).unwrap(), None);
        assert_eq!(read(r#""42""#, |n| n.i64()).unwrap(), 42);
        assert!(read(r#""4.2""#, |n| n.i64()).is_err());
    }

    #[test]
    fn order_amounts_are_exact_and_checked() {
        let order = |kind, quantity: &str, price: Option<&str>| OrderRequest {
            symbol: Symbol::parse("BTC/USD").unwrap(),
            side: Side::Buy,
            kind,
            quantity: quantity.parse().unwrap(),
            price: price.map(|p| p.parse().unwrap()),
            client_id: None,
        };
        let amounts = order_amounts("t", &order(OrderType::Limit, "1.2500", Some("37500.00"))).unwrap();
        assert_eq!((amounts.quantity.as_str(), amounts.price.as_deref()), ("1.25", Some("37500")));
        let amounts = order_amounts("t", &order(OrderType::Market, "0.00000001", Some("1"))).unwrap();
        assert_eq!((amounts.quantity.as_str(), amounts.price), ("0.00000001", None));
        for bad in [order(OrderType::Limit, "1", None), order(OrderType::Limit, "0", Some("1")), order(OrderType::Limit, "1", Some("-1"))] {
            assert!(matches!(order_amounts("t", &bad), Err(Error::Unsupported { .. })));
        }
    }

    #[test]
    fn ids_and_market_ids() {
        assert!(checked_id("t", "order id", "OUF4EM-FRGI2-MQMWZD", 40, &['-']).is_ok());
        for bad in ["", "a&b=c", "a b", "ü"] {
            assert!(checked_id("t", "order id", bad, 40, &['-']).is_err(), "{bad}");
        }
        assert!(checked_id("t", "id", &"a".repeat(41), 40, &[]).is_err());
        let quotes = ["FDUSD", "USDT", "USD"];
        assert_eq!(split_market_id("BTCFDUSD", &[], &quotes).unwrap().to_string(), "BTC/FDUSD");
        assert_eq!(split_market_id("ETHUSDT", &[], &quotes).unwrap().to_string(), "ETH/USDT");
        assert_eq!(split_market_id("USDT", &[], &quotes), None);
        assert_eq!(seconds_to_ms(1688666559.8974), Some(1_688_666_559_897));
        assert_eq!(seconds_to_ms(f64::INFINITY), None);
    }
}
