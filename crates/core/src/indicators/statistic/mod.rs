//! Statistics: deviation, variance, linear regression, correlation, percentiles.

use crate::registry::IndicatorDef;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[];
