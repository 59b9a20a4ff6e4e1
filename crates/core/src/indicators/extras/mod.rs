//! What TA-Lib 0.8.1 and the JS peers lack as first-class indicators: session and
//! anchored VWAP with bands, pivot points, Chandelier Exit, full Ichimoku, Ulcer Index.

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
