//! Hilbert-transform cycle indicators (HT_*): TA-Lib's implementation of Ehlers' dominant
//! cycle measurement, its phase, phasor and sine wave, the instantaneous trendline and
//! the trend/cycle mode. The shared machinery (also MAMA's) is in [`hilbert`].

pub(crate) mod hilbert;
mod ht_dcperiod;
mod ht_dcphase;
mod ht_phasor;
mod ht_sine;
mod ht_trendline;
mod ht_trendmode;

pub use ht_dcperiod::HtDcPeriod;
pub use ht_dcphase::HtDcPhase;
pub use ht_phasor::HtPhasor;
pub use ht_sine::HtSine;
pub use ht_trendline::HtTrendline;
pub use ht_trendmode::HtTrendMode;

use crate::bar::Bar;
use crate::registry::{IndicatorDef, Streaming};

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] =
    &[&ht_dcperiod::DEF, &ht_dcphase::DEF, &ht_phasor::DEF, &ht_sine::DEF, &ht_trendline::DEF, &ht_trendmode::DEF];

/// A one-input, two-output indicator, so [`OnClosePair`] can serve HT_PHASOR and HT_SINE.
trait PairSeries: Send + 'static {
    fn update(&mut self, x: f64) -> (f64, f64);
    fn peek(&self, x: f64) -> (f64, f64);
    fn reset(&mut self);
}

/// Feeds the close to a two-output indicator.
struct OnClosePair<T>(T);

impl<T: PairSeries> Streaming for OnClosePair<T> {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.update(bar.close);
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        (out[0], out[1]) = self.0.peek(bar.close);
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

fn on_close_pair<T: PairSeries>(inner: T) -> Box<dyn Streaming> {
    Box::new(OnClosePair(inner))
}
