//! Math transforms and operators, price transforms and statistics.

pub(crate) mod block;
mod extreme;
pub(crate) mod formula;
mod ha;
mod index;
mod operator;
mod price;
mod sum;
mod transform;

use crate::registry::IndicatorDef;

pub use extreme::{Max, MidPoint, MidPrice, Min, MinMax};
pub use ha::HeikinAshi;
pub use index::{MaxIndex, MinIndex, MinMaxIndex};
pub use operator::{Add, Div, Mult, Sub};
pub use price::{AvgPrice, MedPrice, TypPrice, WclPrice};
pub use sum::{CumSum, Sum};
pub use transform::{Acos, Asin, Atan, Ceil, Cos, Cosh, Exp, Floor, Ln, Log10, Sin, Sinh, Sqrt, Tan, Tanh};

/// This family's registry entries.
pub(crate) static DEFS: &[&IndicatorDef] = &[
    // Math transforms
    &transform::ACOS,
    &transform::ASIN,
    &transform::ATAN,
    &transform::CEIL,
    &transform::COS,
    &transform::COSH,
    &transform::EXP,
    &transform::FLOOR,
    &transform::LN,
    &transform::LOG10,
    &transform::SIN,
    &transform::SINH,
    &transform::SQRT,
    &transform::TAN,
    &transform::TANH,
    // Math operators
    &operator::ADD,
    &operator::SUB,
    &operator::MULT,
    &operator::DIV,
    &extreme::MAX,
    &extreme::MIN,
    &extreme::MINMAX,
    &index::MAXINDEX,
    &index::MININDEX,
    &index::MINMAXINDEX,
    &sum::SUM,
    &sum::CUMSUM,
    // Price transforms
    &price::AVGPRICE,
    &price::MEDPRICE,
    &price::TYPPRICE,
    &price::WCLPRICE,
    &ha::HA,
    // Overlap studies over the price's extremes
    &extreme::MIDPOINT,
    &extreme::MIDPRICE,
];
