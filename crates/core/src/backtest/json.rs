//! A minimal JSON writer for reports (the core has no serde): numbers in Rust's
//! shortest round-trip form, non-finite numbers and `None` as `null`.

use std::fmt::Write;

pub(crate) struct JsonObject {
    out: String,
    first: bool,
}

impl JsonObject {
    pub(crate) fn new() -> JsonObject {
        JsonObject { out: String::from("{"), first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(&mut self.out, key);
        self.out.push(':');
    }

    pub(crate) fn num(mut self, key: &str, value: f64) -> JsonObject {
        self.key(key);
        number(&mut self.out, value);
        self
    }

    pub(crate) fn opt(self, key: &str, value: Option<f64>) -> JsonObject {
        self.num(key, value.unwrap_or(f64::NAN))
    }

    pub(crate) fn int(mut self, key: &str, value: i64) -> JsonObject {
        self.key(key);
        let _ = write!(self.out, "{value}");
        self
    }

    pub(crate) fn str(mut self, key: &str, value: &str) -> JsonObject {
        self.key(key);
        string(&mut self.out, value);
        self
    }

    /// A value already in JSON form.
    pub(crate) fn raw(mut self, key: &str, json: &str) -> JsonObject {
        self.key(key);
        self.out.push_str(json);
        self
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

pub(crate) fn array(items: impl Iterator<Item = String>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

fn number(out: &mut String, value: f64) {
    if value.is_finite() {
        let _ = write!(out, "{}", crate::Decimal(value));
    } else {
        out.push_str("null");
    }
}

fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
