//! Indicators that are one formula of the current bar, with no state: the math
//! transforms, the arithmetic operators and the price transforms. One macro writes
//! the typed struct and the registry entry of each, so the 23 of them share one
//! implementation of the contract instead of 23 copies.

use crate::bar::Bar;
use crate::registry::Streaming;

/// The registry's streaming face of a stateless formula: `peek` and `update` are the
/// same call, and `reset` has nothing to clear.
pub(crate) struct Formula(pub(crate) fn(&Bar) -> f64);

impl Streaming for Formula {
    #[inline]
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = (self.0)(bar);
        }
    }

    #[inline]
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = (self.0)(bar);
        }
    }

    fn reset(&mut self) {}
}

/// Declares stateless indicators. Each entry:
///
/// ```text
/// /// docs
/// Type, DEF_STATIC, "name", "TA-Lib title", "TA-Lib group", overlay, (arg <- Column, ...) => expression;
/// ```
///
/// and gets `compute` (the formula), `update`/`peek`/`reset`/`lookback` like every
/// indicator, a column-wise `batch` that the compiler can vectorize, and its registry
/// entry. Batch and streaming both call `compute`, so they agree to the bit.
macro_rules! formulas {
    ($(
        $(#[$meta:meta])*
        $ty:ident, $def:ident, $name:literal, $title:literal, $group:literal, $overlay:literal,
        ($($arg:ident <- $input:ident),+) => $body:expr;
    )+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $ty;

        impl $ty {
            pub const NAME: &'static str = $name;

            pub const fn new() -> $ty {
                $ty
            }

            /// The formula itself.
            #[inline]
            pub fn compute($($arg: f64),+) -> f64 {
                $body
            }

            #[inline]
            pub fn update(&mut self, $($arg: f64),+) -> f64 {
                Self::compute($($arg),+)
            }

            #[inline]
            pub fn peek(&self, $($arg: f64),+) -> f64 {
                Self::compute($($arg),+)
            }

            pub fn reset(&mut self) {}

            /// No warm-up: every bar has a value.
            pub const fn lookback() -> usize {
                0
            }

            /// One value per row; the output is as long as the shortest input.
            pub fn batch($($arg: &[f64]),+) -> Vec<f64> {
                let rows = [$($arg.len()),+].into_iter().min().unwrap_or(0);
                // Reslicing to one length lets the compiler drop the bounds checks.
                $(let $arg = &$arg[..rows];)+
                (0..rows).map(|row| Self::compute($($arg[row]),+)).collect()
            }
        }

        pub(crate) static $def: $crate::registry::IndicatorDef = $crate::registry::IndicatorDef {
            name: $ty::NAME,
            title: $title,
            group: $group,
            inputs: &[$($crate::bar::Input::$input),+],
            params: &[],
            outputs: &["real"],
            overlay: $overlay,
            lookback: |_| $ty::lookback(),
            batch: kernel!(|_, columns| match columns {
                [$($arg),+] => Ok(vec![$ty::batch($($arg),+)]),
                _ => Ok(vec![Vec::new()]),
            }),
            stream: |_| {
                Ok(Box::new($crate::indicators::math::formula::Formula(|bar: &$crate::bar::Bar| {
                    $ty::compute($(bar.get($crate::bar::Input::$input)),+)
                })))
            },
        };
    )+};
}
pub(crate) use formulas;
