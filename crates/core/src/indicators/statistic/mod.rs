//! Statistics: deviation, variance, linear regression, correlation, percentiles.

mod avgdev;
mod beta;
mod correl;
mod linearreg;
mod linearreg_angle;
mod linearreg_intercept;
mod linearreg_slope;
mod percentile;
mod percentrank;
pub(crate) mod regression;
mod ring;
mod sorted;
mod stddev;
mod tsf;
mod var;

use crate::registry::{IndicatorDef, ParamDef, ParamKind};

pub use avgdev::Avgdev;
pub use beta::Beta;
pub use correl::Correl;
pub use linearreg::LinearReg;
pub use linearreg_angle::LinearRegAngle;
pub use linearreg_intercept::LinearRegIntercept;
pub use linearreg_slope::LinearRegSlope;
pub use percentile::Percentile;
pub use percentrank::PercentRank;
pub use stddev::StdDev;
pub use tsf::Tsf;
pub use var::Var;

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[
    &avgdev::DEF,
    &beta::DEF,
    &correl::DEF,
    &linearreg::DEF,
    &linearreg_angle::DEF,
    &linearreg_intercept::DEF,
    &linearreg_slope::DEF,
    &percentile::DEF,
    &percentrank::DEF,
    &stddev::DEF,
    &tsf::DEF,
    &var::DEF,
];

/// TA-Lib's range for a real parameter without a narrower one of its own.
pub(crate) const REAL_MIN: f64 = -3e37;
pub(crate) const REAL_MAX: f64 = 3e37;

/// The `nbdev` parameter of STDDEV and VAR.
pub(crate) const NBDEV: ParamDef = ParamDef {
    name: "nbdev",
    kind: ParamKind::Real { min: REAL_MIN, max: REAL_MAX },
    default: 1.0,
    description: "Multiplier of the deviation",
};

pub(crate) use crate::indicators::check_real;

/// Real parameter `i` (NaN if absent, which the constructor then rejects).
pub(crate) fn real_param(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(f64::NAN)
}
