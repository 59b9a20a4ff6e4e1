//! Directional and range-based momentum: DM/DI/DX/ADX, Aroon, Williams %R, CCI, SAR and friends.

use crate::registry::IndicatorDef;

mod directional;
mod parabolic;
mod window_sum;

mod adx;
mod adxr;
mod aroon;
mod aroonosc;
mod bop;
mod cci;
mod dx;
mod er;
mod eri;
mod fractal;
mod imi;
mod minus_di;
mod minus_dm;
mod plus_di;
mod plus_dm;
mod qstick;
mod sar;
mod sarext;
mod ultosc;
mod vhf;
mod vortex;
mod wad;
mod willr;

pub use adx::Adx;
pub use adxr::Adxr;
pub use aroon::Aroon;
pub use aroonosc::AroonOsc;
pub use bop::Bop;
pub use cci::Cci;
pub use dx::Dx;
pub use er::Er;
pub use eri::Eri;
pub use fractal::Fractal;
pub use imi::Imi;
pub use minus_di::MinusDi;
pub use minus_dm::MinusDm;
pub use plus_di::PlusDi;
pub use plus_dm::PlusDm;
pub use qstick::Qstick;
pub use sar::Sar;
pub use sarext::{SarExt, SarExtParams};
pub use ultosc::UltOsc;
pub use vhf::Vhf;
pub use vortex::Vortex;
pub use wad::Wad;
pub use willr::Willr;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[
    &adx::DEF,
    &adxr::DEF,
    &aroon::DEF,
    &aroonosc::DEF,
    &bop::DEF,
    &cci::DEF,
    &dx::DEF,
    &er::DEF,
    &eri::DEF,
    &fractal::DEF,
    &imi::DEF,
    &minus_di::DEF,
    &minus_dm::DEF,
    &plus_di::DEF,
    &plus_dm::DEF,
    &qstick::DEF,
    &sar::DEF,
    &sarext::DEF,
    &ultosc::DEF,
    &vhf::DEF,
    &vortex::DEF,
    &wad::DEF,
    &willr::DEF,
];

/// What one bar gives: one value, or several in the registry's output order.
pub(crate) trait BarOutputs {
    fn write_to(self, out: &mut [f64]);
}

impl BarOutputs for f64 {
    #[inline]
    fn write_to(self, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = self;
        }
    }
}

impl BarOutputs for (f64, f64) {
    #[inline]
    fn write_to(self, out: &mut [f64]) {
        for (slot, value) in out.iter_mut().zip([self.0, self.1]) {
            *slot = value;
        }
    }
}

/// Implements the registry's [`Streaming`](crate::registry::Streaming) for a typed
/// indicator whose `update`/`peek` take the named bar columns in order.
macro_rules! bar_streaming {
    ($t:ty, $($column:ident),+) => {
        impl $crate::registry::Streaming for $t {
            fn update(&mut self, bar: &$crate::bar::Bar, out: &mut [f64]) {
                $crate::indicators::momentum::BarOutputs::write_to(<$t>::update(self, $(bar.$column),+), out);
            }
            fn peek(&self, bar: &$crate::bar::Bar, out: &mut [f64]) {
                $crate::indicators::momentum::BarOutputs::write_to(<$t>::peek(self, $(bar.$column),+), out);
            }
            fn reset(&mut self) {
                <$t>::reset(self);
            }
        }
    };
}
pub(crate) use bar_streaming;

#[cfg(test)]
mod tests;
