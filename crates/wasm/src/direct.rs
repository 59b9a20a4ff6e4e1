//! The streaming fast path of the hot specs (`sma`, `ema`, `rsi`, `atr`, `macd` in
//! TA-Lib mode): the core's own kernel types, reached from JS through two small exports.
//!
//! Why not a method of `StreamingIndicator`: a wasm-bindgen method checks the object's
//! borrow flag and Rc count, and one export covering every kind carries a large stack
//! frame. In Node 20 that is ~12 ns of a ~17 ns `update` (measured with perf on the
//! TurboFan code). Both exports serve every kind (a match inside wasm), so a JS call
//! site always reaches the same wasm function: per-kind exports made it polymorphic
//! as soon as a page used two kinds, and cost 2x.
//!
//! Kernels live in a table indexed by handle, not behind raw pointers handed to JS: a
//! stale or wrong handle reads NaN instead of corrupting memory. Each kernel is boxed so
//! the address of its last values (the JS `values` view) stays put as the table grows.

use std::cell::RefCell;

use sigil_core::indicators::{Atr, Ema, Macd, MacdValue, Rsi, Sma};
use sigil_core::{Mode, Spec};
use wasm_bindgen::prelude::*;

pub(crate) enum Direct {
    Sma(Sma),
    Ema(Ema),
    Rsi(Rsi),
    Atr(Atr),
    Macd(Macd),
}

/// The most outputs a direct kernel has (MACD's three).
pub(crate) const MAX_OUTPUTS: usize = 3;

/// A single output in the first slot, the rest NaN.
#[inline(always)]
fn one(x: f64) -> [f64; MAX_OUTPUTS] {
    [x, f64::NAN, f64::NAN]
}

#[inline(never)]
fn macd_update(macd: &mut Macd, close: f64, last: &mut [f64; MAX_OUTPUTS]) {
    let v: MacdValue = macd.update(close);
    *last = [v.macd, v.signal, v.hist];
}

#[inline(never)]
fn macd_peek(macd: &Macd, close: f64, last: &mut [f64; MAX_OUTPUTS]) {
    let v: MacdValue = macd.peek(close);
    *last = [v.macd, v.signal, v.hist];
}

impl Direct {
    /// The direct form of a parsed TA-Lib-mode spec (`ema:20`, `macd:12:26:9`), if it has
    /// one. Built from the constructor and (validated, defaulted) parameters the registry
    /// uses for that mode: bit-identical values.
    pub(crate) fn of(spec: &Spec) -> Option<Direct> {
        if spec.mode() != Mode::Talib {
            return None;
        }
        let arg = |i: usize| spec.params().get(i).map(|&p| p as usize);
        match spec.def().name {
            "sma" => Sma::new(arg(0)?).ok().map(Direct::Sma),
            "ema" => Ema::new(arg(0)?).ok().map(Direct::Ema),
            "rsi" => Rsi::new(arg(0)?).ok().map(Direct::Rsi),
            "atr" => Atr::new(arg(0)?).ok().map(Direct::Atr),
            "macd" => Macd::new(arg(0)?, arg(1)?, arg(2)?).ok().map(Direct::Macd),
            _ => None,
        }
    }

    // Inlined into the exports: a call of its own costs ~1 ns of an update from JS. Each
    // arm writes `last` itself, and MACD's through a function of its own: a
    // three-value result returned through the match makes the export reserve a frame on
    // wasm's shadow stack on every call, whichever kernel it serves (~1 ns per update).
    #[inline(always)]
    fn update(&mut self, high: f64, low: f64, close: f64, last: &mut [f64; MAX_OUTPUTS]) {
        match self {
            Direct::Sma(x) => *last = one(x.update(close)),
            Direct::Ema(x) => *last = one(x.update(close)),
            Direct::Rsi(x) => *last = one(x.update(close)),
            Direct::Atr(x) => *last = one(x.update(high, low, close)),
            Direct::Macd(x) => macd_update(x, close, last),
        }
    }

    #[inline(always)]
    fn peek(&self, high: f64, low: f64, close: f64, last: &mut [f64; MAX_OUTPUTS]) {
        match self {
            Direct::Sma(x) => *last = one(x.peek(close)),
            Direct::Ema(x) => *last = one(x.peek(close)),
            Direct::Rsi(x) => *last = one(x.peek(close)),
            Direct::Atr(x) => *last = one(x.peek(high, low, close)),
            Direct::Macd(x) => macd_peek(x, close, last),
        }
    }

    fn reset(&mut self) {
        match self {
            Direct::Sma(x) => x.reset(),
            Direct::Ema(x) => x.reset(),
            Direct::Rsi(x) => x.reset(),
            Direct::Atr(x) => x.reset(),
            Direct::Macd(x) => x.reset(),
        }
    }
}

/// A kernel and its last results (what the JS `values` view shows; the first of them is
/// what `update`/`peek` return).
pub(crate) struct Slot {
    pub(crate) kernel: Direct,
    pub(crate) last: [f64; MAX_OUTPUTS],
}

impl Slot {
    pub(crate) fn reset(&mut self) {
        self.kernel.reset();
        self.last = [f64::NAN; MAX_OUTPUTS];
    }

    #[inline(always)]
    pub(crate) fn update(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.kernel.update(high, low, close, &mut self.last);
        self.last[0]
    }

    #[inline(always)]
    pub(crate) fn peek(&mut self, high: f64, low: f64, close: f64) -> f64 {
        self.kernel.peek(high, low, close, &mut self.last);
        self.last[0]
    }
}

struct Table {
    slots: Vec<Option<Box<Slot>>>,
    /// Indices of empty slots, reused before the table grows.
    vacant: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Table> = const { RefCell::new(Table { slots: Vec::new(), vacant: Vec::new() }) };
}

/// Runs `f` on the slot of `handle`; `missing` if there is none (freed, or never made).
#[inline(always)]
fn with_slot<R>(handle: u32, missing: R, f: impl FnOnce(&mut Slot) -> R) -> R {
    TABLE.with(|table| match table.try_borrow_mut() {
        Ok(mut table) => match table.slots.get_mut(handle as usize) {
            Some(Some(slot)) => f(slot),
            _ => missing,
        },
        Err(_) => missing,
    })
}

/// Owns one slot of the table; dropping it (with its `StreamingIndicator`) empties it.
pub(crate) struct Handle(u32);

impl Handle {
    /// `None` only if the table is full (2^32 live kernels).
    pub(crate) fn new(kernel: Direct) -> Option<Handle> {
        let slot = Some(Box::new(Slot { kernel, last: [f64::NAN; MAX_OUTPUTS] }));
        TABLE.with(|table| {
            let mut table = table.try_borrow_mut().ok()?;
            if let Some(index) = table.vacant.pop() {
                if let Some(place) = table.slots.get_mut(index as usize) {
                    *place = slot;
                    return Some(Handle(index));
                }
            }
            let index = u32::try_from(table.slots.len()).ok()?;
            table.slots.push(slot);
            Some(Handle(index))
        })
    }

    pub(crate) fn id(&self) -> u32 {
        self.0
    }

    pub(crate) fn with<R>(&self, missing: R, f: impl FnOnce(&mut Slot) -> R) -> R {
        with_slot(self.0, missing, f)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        TABLE.with(|table| {
            if let Ok(mut table) = table.try_borrow_mut() {
                if let Some(place) = table.slots.get_mut(self.0 as usize) {
                    *place = None;
                    table.vacant.push(self.0);
                }
            }
        });
    }
}

// Two exports for every kind: one JS call site then always reaches the same wasm
// function, which V8 calls through its fast path (per-kind exports made the site
// polymorphic as soon as a page used two kinds, and cost 2x). A bare price is passed as
// high, low and close alike.

/// `update` of the kernel behind `handle`; NaN for a freed handle.
#[wasm_bindgen]
pub fn direct_update(handle: u32, high: f64, low: f64, close: f64) -> f64 {
    with_slot(handle, f64::NAN, |slot| slot.update(high, low, close))
}

/// `peek` of the kernel behind `handle`; NaN for a freed handle.
#[wasm_bindgen]
pub fn direct_peek(handle: u32, high: f64, low: f64, close: f64) -> f64 {
    with_slot(handle, f64::NAN, |slot| slot.peek(high, low, close))
}
