//! Unified exchange types for Sigil, and the offline `replay` exchange.
//!
//! This crate does no IO: it parses and validates what callers ask for (intervals,
//! symbols, limits), describes candles in one shape, and serves the embedded replay
//! data. Exchange adapters (Binance, Coinbase, Kraken, OKX, Bybit) will build requests
//! and parse responses here, while the worker or CLI performs the actual fetch; keeping
//! IO out is what lets the same code run natively, in tests and on wasm32.
//!
//! Conventions follow ccxt so clients can switch between Sigil and ccxt without
//! reshaping: symbols are `BASE/QUOTE` in uppercase, candle times are the bar's open
//! time in Unix milliseconds (UTC), candle lists are ascending.
//!
//! ```
//! use sigil_exchange::{replay, Interval, Symbol};
//! let symbol = Symbol::parse("BTC/USD").unwrap();
//! let bars = replay::candles(&symbol, Interval::parse("4h").unwrap(), 10, None).unwrap();
//! assert_eq!(bars.len(), 10);
//! assert!(bars.windows(2).all(|w| w[1].time - w[0].time == 4 * 3_600_000));
//! ```

pub mod adapter;
pub mod binance;
pub mod bybit;
pub mod candle;
pub mod coinbase;
pub mod error;
pub mod exchange;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod interval;
pub mod kraken;
pub mod model;
pub mod okx;
pub mod replay;
pub mod secret;
/// JSON reading with error paths, id checks and order validation shared by the adapters.
pub(crate) mod shared;
pub mod symbol;
pub mod vault;

pub use adapter::{Adapter, Auth};
pub use candle::{resample, Candle};
pub use error::Error;
pub use exchange::{ExchangeId, DEFAULT_LIMIT, MAX_LIMIT, PLANNED_EXCHANGES};
pub use http::{Method, Request, Response};
pub use interval::Interval;
pub use model::{Balance, CanceledOrder, CandleSeries, Decimal, Market, Order, OrderRequest, OrderStatus, OrderType, Side, Ticker};
pub use secret::{Credentials, Secret};
pub use symbol::Symbol;
