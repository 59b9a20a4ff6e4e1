//! Directional and range-based momentum: DM/DI/DX/ADX, Aroon, Williams %R, CCI, SAR and friends.

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
