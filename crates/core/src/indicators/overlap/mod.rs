//! Overlap studies: moving averages of every TA-Lib type, bands, SAR.

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
