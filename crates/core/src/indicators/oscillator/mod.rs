//! Oscillators: momentum and rate-of-change families, MACD, TRIX and friends.

mod ewma;
mod history;

pub(crate) mod ac;
pub(crate) mod ao;
pub(crate) mod cmo;
pub(crate) mod cmou;
pub(crate) mod coppock;
pub(crate) mod dpo;
pub(crate) mod fosc;
pub(crate) mod macd;
pub(crate) mod mfi;
pub(crate) mod mom;
pub(crate) mod roc;
pub(crate) mod smi;
pub(crate) mod trix;
pub(crate) mod tsi;

use crate::registry::IndicatorDef;

pub use ac::Ac;
pub use ao::Ao;
pub use cmo::Cmo;
pub use cmou::Cmou;
pub use coppock::Coppock;
pub use dpo::Dpo;
pub use fosc::Fosc;
pub use macd::{Macd, MacdFix, MacdValue};
pub use mfi::Mfi;
pub use mom::Mom;
pub use roc::{Roc, Rocp, Rocr, Rocr100};
pub use smi::{Smi, SmiValue};
pub use trix::Trix;
pub use tsi::Tsi;

/// This family's registry entries.
#[cfg(not(feature = "full"))]
pub(crate) static SLIM: &[&IndicatorDef] = &[&macd::DEF];

pub(crate) static DEFS: &[&IndicatorDef] = &[
    &ac::DEF,
    &ao::DEF,
    &cmo::DEF,
    &cmou::DEF,
    &coppock::DEF,
    &dpo::DEF,
    &fosc::DEF,
    &macd::DEF,
    &macd::FIX_DEF,
    &mfi::DEF,
    &mom::DEF,
    &roc::ROC_DEF,
    &roc::ROCP_DEF,
    &roc::ROCR_DEF,
    &roc::ROCR100_DEF,
    &smi::DEF,
    &trix::DEF,
    &tsi::DEF,
];

/// `x` when positive, else +0 (also for NaN): CMO's gain and CMOU's up move, selected by
/// bit mask rather than by branch (on a noisy series the sign is a coin toss).
#[inline(always)]
pub(crate) fn positive_part(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & keep_if(x > 0.0))
}

/// Branch-free selection for CMO, CMOU and MFI: all ones when `condition` holds, else zero: ANDed with a value's bits, the value
/// or +0.
#[inline(always)]
pub(crate) fn keep_if(condition: bool) -> u64 {
    u64::from(condition).wrapping_neg()
}
