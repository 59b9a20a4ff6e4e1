//! The CSV subset the CLI reads and writes: a header line, comma-separated fields,
//! optional double quotes, LF or CRLF line ends.

/// Candle columns read from a file.
#[derive(Debug, Default)]
pub struct Candles {
    pub time: Vec<i64>,
    pub open: Vec<f64>,
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    pub volume: Vec<f64>,
    /// MAVP's per-bar periods, from an optional `periods` column (an empty field is NaN,
    /// which MAVP reads as its minimum period); empty when the file has no such column.
    pub periods: Vec<f64>,
}

#[derive(Debug)]
pub struct ParseError {
    /// 1-based line number in the file.
    pub line: usize,
    pub reason: String,
}

const REQUIRED: [&str; 6] = ["time", "open", "high", "low", "close", "volume"];

pub fn parse_candles(text: &str) -> Result<Candles, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line.trim_end_matches('\r')));
    let (_, header) =
        lines.next().ok_or(ParseError { line: 1, reason: "empty file: expected a header with time,open,high,low,close,volume".into() })?;
    let names: Vec<String> = split(header).map(|f| f.trim().to_ascii_lowercase()).collect();
    let mut index = [0usize; 6];
    for (slot, wanted) in index.iter_mut().zip(REQUIRED) {
        *slot = names.iter().position(|n| n == wanted).ok_or_else(|| ParseError {
            line: 1,
            reason: format!("header has no '{wanted}' column (needs time,open,high,low,close,volume; found {})", names.join(",")),
        })?;
    }

    let periods_index = names.iter().position(|n| n == "periods");

    let mut candles = Candles::default();
    for (line, row) in lines {
        if row.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = split(row).collect();
        if fields.len() != names.len() {
            return Err(ParseError { line, reason: format!("{} fields, the header has {}", fields.len(), names.len()) });
        }
        let number = |column: usize| -> Result<f64, ParseError> {
            let field = fields[index[column]].trim();
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(ParseError { line, reason: format!("{} is '{field}', not a finite number", REQUIRED[column]) }),
            }
        };
        let time_field = fields[index[0]].trim();
        let time = time_field
            .parse::<i64>()
            .map_err(|_| ParseError { line, reason: format!("time is '{time_field}', not an integer of Unix milliseconds") })?;
        if let Some(&previous) = candles.time.last() {
            if time <= previous {
                return Err(ParseError {
                    line,
                    reason: format!("time {time} does not come after the previous row's {previous}; rows must be in ascending time"),
                });
            }
        }
        candles.time.push(time);
        candles.open.push(number(1)?);
        candles.high.push(number(2)?);
        candles.low.push(number(3)?);
        candles.close.push(number(4)?);
        candles.volume.push(number(5)?);
        if let Some(column) = periods_index {
            let field = fields[column].trim();
            candles.periods.push(match field.parse::<f64>() {
                _ if field.is_empty() => f64::NAN,
                Ok(v) if !v.is_nan() => v,
                _ => return Err(ParseError { line, reason: format!("periods is '{field}', not a number") }),
            });
        }
    }
    Ok(candles)
}

/// Splits one line on commas outside double quotes, unquoting the fields.
fn split(line: &str) -> impl Iterator<Item = &str> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(&line[start..]);
    fields.into_iter().map(|f| {
        let t = f.trim();
        t.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(f)
    })
}

/// `time,<names>` then one row per time; NaN as an empty field, numbers in Rust's
/// shortest round-trip form.
pub fn write_table(time: &[i64], names: &[String], columns: &[Vec<f64>]) -> String {
    let mut out = String::with_capacity(time.len() * (12 + 20 * columns.len()));
    out.push_str("time");
    for name in names {
        out.push(',');
        out.push_str(name);
    }
    out.push('\n');
    for (row, t) in time.iter().enumerate() {
        out.push_str(&t.to_string());
        for column in columns {
            out.push(',');
            let v = column[row];
            if !v.is_nan() {
                out.push_str(&v.to_string());
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_optional_periods_column() {
        let c = parse_candles("time,open,high,low,close,volume,periods\n1,1,1,1,1,1,5\n2,1,1,1,1,1,\n3,1,1,1,1,1,7.5\n").unwrap();
        assert_eq!((c.periods.len(), c.periods[0], c.periods[2]), (3, 5.0, 7.5));
        assert!(c.periods[1].is_nan());
        assert!(parse_candles("time,open,high,low,close,volume\n1,1,1,1,1,1\n").unwrap().periods.is_empty());
        let err = parse_candles("time,open,high,low,close,volume,periods\n1,1,1,1,1,1,x\n").unwrap_err();
        assert!(err.reason.contains("periods is 'x'"), "{}", err.reason);
    }

    #[test]
    fn reads_any_column_order_and_extra_columns() {
        let c = parse_candles("close,time,volume,open,low,high,note\n2,1000,5,1,0.5,3,x\n").unwrap();
        assert_eq!((c.time[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0]), (1000, 1.0, 3.0, 0.5, 2.0, 5.0));
    }

    #[test]
    fn reports_line_and_reason() {
        let err = parse_candles("time,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1,x,1,1\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("low is 'x'"));
        let err = parse_candles("time,open,high,close,volume\n").unwrap_err();
        assert!(err.reason.contains("no 'low' column"));
        let err = parse_candles("time,open,high,low,close,volume\n1,1,1,1,1\n").unwrap_err();
        assert!(err.reason.contains("5 fields"));
        let err = parse_candles("time,open,high,low,close,volume\n2,1,1,1,1,1\n1,1,1,1,1,1\n").unwrap_err();
        assert!(err.reason.contains("ascending"));
    }

    #[test]
    fn handles_crlf_bom_and_quotes() {
        let c = parse_candles("\u{feff}time,open,high,low,close,volume\r\n\"1\",1,2,0.5,\"1.5\",3\r\n\r\n").unwrap();
        assert_eq!(c.close, [1.5]);
    }

    #[test]
    fn writes_nan_as_empty_and_shortest_numbers() {
        let table = write_table(&[1, 2], &["sma".into()], &[vec![f64::NAN, 0.1 + 0.2]]);
        assert_eq!(table, "time,sma\n1,\n2,0.30000000000000004\n");
    }
}
