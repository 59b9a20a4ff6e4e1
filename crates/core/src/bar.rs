//! Price bars and the column view that batch computations read.

use crate::error::Error;

/// One OHLCV bar. `time` is the bar's open time in Unix milliseconds (UTC).
///
/// `periods` is not a market column: it is the per-bar period that TA-Lib's MAVP reads
/// as its second input (`talib.abstract.MAVP.input_names` has `periods`), carried here
/// so MAVP streams through the same interface as every other indicator. Everything
/// else ignores it; leave it NaN (MAVP then uses its minimum period, as TA-Lib does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub time: i64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
    pub periods: f64,
}

impl Default for Bar {
    fn default() -> Bar {
        Bar { time: 0, open: 0.0, high: 0.0, low: 0.0, close: 0.0, volume: 0.0, periods: f64::NAN }
    }
}

impl Bar {
    /// A bar whose four prices are all `price` (for feeding a single series
    /// through the bar-based interface).
    pub fn from_price(price: f64) -> Bar {
        Bar { time: 0, open: price, high: price, low: price, close: price, volume: 0.0, periods: f64::NAN }
    }

    /// An OHLCV bar (no MAVP period).
    pub fn new(time: i64, open: f64, high: f64, low: f64, close: f64, volume: f64) -> Bar {
        Bar { time, open, high, low, close, volume, periods: f64::NAN }
    }

    /// Sets one input column (`Time` from milliseconds as f64).
    pub fn set(&mut self, input: Input, value: f64) {
        match input {
            Input::Time => self.time = value as i64,
            Input::Open => self.open = value,
            Input::High => self.high = value,
            Input::Low => self.low = value,
            Input::Close => self.close = value,
            Input::Volume => self.volume = value,
            Input::Periods => self.periods = value,
        }
    }

    /// The value of one input column (`Time` as f64 milliseconds, exact below 2^53).
    pub fn get(&self, input: Input) -> f64 {
        match input {
            Input::Time => self.time as f64,
            Input::Open => self.open,
            Input::High => self.high,
            Input::Low => self.low,
            Input::Close => self.close,
            Input::Volume => self.volume,
            Input::Periods => self.periods,
        }
    }
}

/// An input column, named as in TA-Lib's abstract API (`price` there means close).
/// `Time` (bar open time, Unix ms) is read by the calendar-aware indicators TA-Lib lacks
/// (session VWAP, pivots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Time,
    Open,
    High,
    Low,
    Close,
    Volume,
    /// MAVP's per-bar period (a column the caller supplies; no exchange has it).
    Periods,
}

impl Input {
    pub fn name(self) -> &'static str {
        match self {
            Input::Time => "time",
            Input::Open => "open",
            Input::High => "high",
            Input::Low => "low",
            Input::Close => "close",
            Input::Volume => "volume",
            Input::Periods => "periods",
        }
    }
}

/// Borrowed columns of a candle series. Columns an indicator does not read may be
/// left empty; the ones it reads must all have the same length. `time` holds bar open
/// times in Unix milliseconds (as f64, which is exact for any real date).
#[derive(Debug, Clone, Copy, Default)]
pub struct Series<'a> {
    pub time: &'a [f64],
    pub open: &'a [f64],
    pub high: &'a [f64],
    pub low: &'a [f64],
    pub close: &'a [f64],
    pub volume: &'a [f64],
    /// MAVP's per-bar periods; empty unless a MAVP spec is computed.
    pub periods: &'a [f64],
}

impl<'a> Series<'a> {
    /// A series with only a close column, enough for single-input indicators.
    pub fn from_close(close: &'a [f64]) -> Series<'a> {
        Series { close, ..Series::default() }
    }

    pub fn column(&self, input: Input) -> &'a [f64] {
        match input {
            Input::Time => self.time,
            Input::Open => self.open,
            Input::High => self.high,
            Input::Low => self.low,
            Input::Close => self.close,
            Input::Volume => self.volume,
            Input::Periods => self.periods,
        }
    }

    /// The columns `inputs` names, checked to be present and of one length.
    pub(crate) fn columns(&self, indicator: &'static str, inputs: &[Input]) -> Result<Vec<&'a [f64]>, Error> {
        let columns: Vec<&[f64]> = inputs.iter().map(|&i| self.column(i)).collect();
        let len = self.len();
        for (&input, column) in inputs.iter().zip(&columns) {
            if column.len() != len {
                return Err(Error::MissingInput { indicator, input: input.name(), expected_len: len, found_len: column.len() });
            }
        }
        Ok(columns)
    }

    /// The row count: the length of the longest column.
    pub fn len(&self) -> usize {
        [self.time, self.open, self.high, self.low, self.close, self.volume, self.periods].iter().map(|c| c.len()).max().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
