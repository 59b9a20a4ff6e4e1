//! TradingView's definitions where they differ from TA-Lib's (Pine's built-ins):
//! seeding, defaults and flip rules. Selected with [`crate::Mode::TradingView`].

use crate::registry::Variant;

/// (indicator name, its TradingView variant).
pub(crate) static VARIANTS: &[(&str, &Variant)] = &[];
