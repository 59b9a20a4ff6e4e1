//! Hilbert-transform cycle indicators (HT_*).

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
