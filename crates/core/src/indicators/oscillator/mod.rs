//! Oscillators: momentum and rate-of-change families, MACD, TRIX and friends.

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
