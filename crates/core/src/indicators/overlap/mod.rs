//! Overlap studies: moving averages of every TA-Lib type, bands, SAR; and the
//! oscillators built on an MA-type parameter (APO, PPO, PVO, MACDEXT, the stochastics).

mod bbands;
mod dema;
mod hma;
mod kama;
/// Also for other families' MA-type parameters: `ma::ma_type` (the `ParamDef`) and
/// `ma::ma_type_param` (the code back from the parameters).
pub(crate) mod ma;
mod macdext;
mod mama;
mod mavp;
mod po;
mod ring;
mod rma;
mod rolling_std;
mod stoch;
mod stochrsi;
mod t3;
mod tema;
mod trima;
mod vwma;
mod wma;
mod zlema;

pub use bbands::Bbands;
pub use dema::Dema;
pub use hma::Hma;
pub use kama::Kama;
pub use ma::MovingAverage;
pub use macdext::MacdExt;
pub use mama::Mama;
pub use mavp::Mavp;
pub use po::{Apo, Ppo, Pvo};
pub use rma::Rma;
pub use stoch::{Kdj, Stoch, StochF};
pub use stochrsi::StochRsi;
pub use t3::T3;
pub use tema::Tema;
pub use trima::Trima;
pub use vwma::Vwma;
pub(crate) use wma::append_wma_column;
pub use wma::Wma;
pub use zlema::Zlema;

use crate::registry::IndicatorDef;

/// This family's entries in the slim registry (see `indicators::FAMILIES`).
#[cfg(not(feature = "full"))]
pub(crate) static SLIM: &[&IndicatorDef] = &[
    &bbands::DEF,
    &dema::DEF,
    &hma::DEF,
    &kama::DEF,
    &ma::DEF,
    &mama::DEF,
    &rma::DEF,
    &stoch::STOCH_DEF,
    &t3::DEF,
    &tema::DEF,
    &trima::DEF,
    &wma::DEF,
    &zlema::DEF,
];

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[
    &po::APO_DEF,
    &bbands::DEF,
    &dema::DEF,
    &hma::DEF,
    &kama::DEF,
    &stoch::KDJ_DEF,
    &ma::DEF,
    &macdext::DEF,
    &mavp::DEF,
    &mama::DEF,
    &po::PPO_DEF,
    &po::PVO_DEF,
    &rma::DEF,
    &stoch::STOCH_DEF,
    &stoch::STOCHF_DEF,
    &stochrsi::DEF,
    &t3::DEF,
    &tema::DEF,
    &trima::DEF,
    &vwma::DEF,
    &wma::DEF,
    &zlema::DEF,
];
