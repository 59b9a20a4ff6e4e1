//! A JSON reader that remembers where it is, so a response of the wrong shape is
//! reported as `MalformedResponse { path: "$[3][4]", .. }` rather than a panic or a
//! bare "invalid JSON".

use std::str::FromStr;

use serde_json::Value;

use super::NAME;
use crate::error::Error;
use crate::model::Decimal;

/// The location of a value, as a list linked through the caller's stack frames: a
/// path costs nothing to build and is only rendered when an error needs it (a
/// exchangeInfo response has tens of thousands of values).
enum PathSegment<'p> {
    Root,
    Field(&'p PathSegment<'p>, &'p str),
    Index(&'p PathSegment<'p>, usize),
}

impl PathSegment<'_> {
    fn render(&self) -> String {
        match self {
            PathSegment::Root => "$".to_string(),
            PathSegment::Field(parent, name) => format!("{}.{name}", parent.render()),
            PathSegment::Index(parent, index) => format!("{}[{index}]", parent.render()),
        }
    }
}

/// A JSON value (borrowed for `'v`) and where it sits in the response. Children are
/// visited through closures ([`Node::at`], [`Node::items`]) because their path lives
/// in the visiting frame.
#[derive(Clone, Copy)]
pub(crate) struct Node<'v, 'p> {
    value: &'v Value,
    path: &'p PathSegment<'p>,
}

pub(crate) fn malformed(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::MalformedResponse { exchange: NAME, path: path.into(), reason: reason.into() }
}

/// Parses `body` and hands its root to `read`.
pub(crate) fn read_body<T>(body: &str, read: impl for<'v, 'p> FnOnce(Node<'v, 'p>) -> Result<T, Error>) -> Result<T, Error> {
    let value: Value = serde_json::from_str(body).map_err(|e| malformed("$", format!("invalid JSON: {e}")))?;
    read(Node { value: &value, path: &PathSegment::Root })
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

impl<'v, 'p> Node<'v, 'p> {
    pub(crate) fn path(&self) -> String {
        self.path.render()
    }

    pub(crate) fn error(&self, reason: impl Into<String>) -> Error {
        malformed(self.path(), reason)
    }

    fn expected(&self, what: &str) -> Error {
        self.error(format!("expected {what}, found {}", describe(self.value)))
    }

    pub(crate) fn is_object(&self) -> bool {
        self.value.is_object()
    }

    /// Reads member `name`, which must be present and not null.
    pub(crate) fn at<T>(&self, name: &str, read: impl for<'q> FnOnce(Node<'v, 'q>) -> Result<T, Error>) -> Result<T, Error> {
        self.optional_at(name, read)?.ok_or_else(|| self.error(format!("missing field '{name}'")))
    }

    /// Reads member `name` when present; `null` counts as absent, as Binance uses both.
    pub(crate) fn optional_at<T>(
        &self,
        name: &str,
        read: impl for<'q> FnOnce(Node<'v, 'q>) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        let object = self.value.as_object().ok_or_else(|| self.expected("an object"))?;
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read(Node { value, path: &PathSegment::Field(self.path, name) }).map(Some),
        }
    }

    /// Reads element `index` of an array.
    pub(crate) fn index<T>(&self, index: usize, read: impl for<'q> FnOnce(Node<'v, 'q>) -> Result<T, Error>) -> Result<T, Error> {
        let items = self.array()?;
        match items.get(index) {
            Some(value) => read(Node { value, path: &PathSegment::Index(self.path, index) }),
            None => Err(self.error(format!("expected at least {} elements, found {}", index + 1, items.len()))),
        }
    }

    /// Reads every element of an array, in order.
    pub(crate) fn items<T>(&self, mut read: impl for<'q> FnMut(Node<'v, 'q>) -> Result<T, Error>) -> Result<Vec<T>, Error> {
        let items = self.array()?;
        let mut out = Vec::with_capacity(items.len());
        for (index, value) in items.iter().enumerate() {
            out.push(read(Node { value, path: &PathSegment::Index(self.path, index) })?);
        }
        Ok(out)
    }

    pub(crate) fn array(&self) -> Result<&'v [Value], Error> {
        self.value.as_array().map(Vec::as_slice).ok_or_else(|| self.expected("an array"))
    }

    pub(crate) fn str(&self) -> Result<&'v str, Error> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    pub(crate) fn bool(&self) -> Result<bool, Error> {
        self.value.as_bool().ok_or_else(|| self.expected("a boolean"))
    }

    pub(crate) fn i64(&self) -> Result<i64, Error> {
        self.value.as_i64().ok_or_else(|| self.expected("an integer"))
    }

    /// Binance sends prices and quantities as decimal strings; a bare number is
    /// accepted as well (the fake exchange may send them) when it converts exactly.
    pub(crate) fn decimal(&self) -> Result<Decimal, Error> {
        let text = match self.value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return Err(self.expected("a decimal string")),
        };
        let parsed = Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text));
        parsed.map(|d| d.normalize()).map_err(|e| self.error(format!("not a decimal ({text:?}): {e}")))
    }

    /// A finite, non-negative number from a decimal string (or a bare number). Rust's
    /// float parser accepts "NaN" and "inf", so those are refused here explicitly.
    pub(crate) fn non_negative_f64(&self) -> Result<f64, Error> {
        let number = match self.value {
            Value::String(s) => s.parse::<f64>().map_err(|_| self.error(format!("not a number: {s:?}")))?,
            Value::Number(n) => n.as_f64().ok_or_else(|| self.expected("a number"))?,
            _ => return Err(self.expected("a decimal string")),
        };
        if !number.is_finite() || number < 0.0 {
            return Err(self.error(format!("expected a finite non-negative number, found {number}")));
        }
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_path() {
        let err = read_body(r#"{"a":[1,{"b":"x"}]}"#, |root| root.at("a", |a| a.index(1, |item| item.at("b", |b| b.i64())))).unwrap_err();
        assert_eq!(err, malformed("$.a[1].b", "expected an integer, found a string"));
        let err = read_body("[[1,2],[3]]", |root| root.items(|row| row.index(1, |n| n.i64()))).unwrap_err();
        assert_eq!(err, malformed("$[1]", "expected at least 2 elements, found 1"));
        let err = read_body(r#"{"a":null}"#, |root| root.at("a", |a| a.i64())).unwrap_err();
        assert_eq!(err, malformed("$", "missing field 'a'"));
    }

    #[test]
    fn numbers_are_checked() {
        let read = |body: &str| read_body(body, |n| n.non_negative_f64());
        assert_eq!(read(r#""1.5""#).unwrap(), 1.5);
        assert_eq!(read("2").unwrap(), 2.0);
        for bad in [r#""NaN""#, r#""inf""#, r#""-1""#, r#""""#, r#"" 1""#, "true"] {
            assert!(matches!(read(bad), Err(Error::MalformedResponse { .. })), "{bad}");
        }
        let dec = |body: &str| read_body(body, |n| n.decimal());
        assert_eq!(dec(r#""0.01000000""#).unwrap().to_string(), "0.01");
        assert_eq!(dec(r#""1e-3""#).unwrap().to_string(), "0.001");
        assert!(dec(r#""1e999""#).is_err());
        assert!(dec(r#""abc""#).is_err());
    }
}
