use super::{Dema, Hma, Kama, Mama, Rma, Tema, Trima, Wma, Zlema, T3};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod, Ema, Sma};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};
use crate::spec::MA_TYPES;

/// Any TA-Lib moving-average type behind one streaming type (TA-Lib `MA`), for every
/// indicator with an MA-type parameter.
///
/// Types are TA-Lib's codes (0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA, 5 TRIMA, 6 KAMA,
/// 7 MAMA, 8 T3, 9 HMA, 12 ZLEMA, 13 RMA). As in TA-Lib's `MA`: period 1 copies the
/// input whatever the type; MAMA ignores the period and uses TA-Lib's fixed limits
/// (0.5, 0.05), giving its MAMA line; T3 uses TA-Lib's default volume factor 0.7.
/// Every type streams in O(1) per bar (TRIMA's one-time first window aside).
///
/// ```
/// use sigil_core::indicators::overlap::MovingAverage;
/// let mut wma = MovingAverage::new(2, 3).unwrap(); // TA-Lib code 2: WMA
/// assert_eq!(MovingAverage::lookback(2, 3), 2);
/// wma.update(1.0);
/// wma.update(2.0);
/// assert_eq!(wma.peek(3.0), 14.0 / 6.0);
/// assert_eq!(wma.update(3.0), 14.0 / 6.0);
/// assert!(MovingAverage::new(10, 3).unwrap_err().to_string().contains("matype"));
/// ```
#[derive(Debug, Clone)]
pub struct MovingAverage {
    average: Average,
}

#[derive(Debug, Clone)]
enum Average {
    Copy,
    Sma(Sma),
    Ema(Ema),
    Wma(Wma),
    Dema(Dema),
    Tema(Tema),
    Trima(Trima),
    Kama(Kama),
    Mama(Box<MamaLine>),
    T3(T3),
    Hma(Hma),
    Zlema(Zlema),
    Rma(Rma),
}

/// Dispatches one method call to whichever average is inside.
macro_rules! each_average {
    ($average:expr, $inner:ident => $call:expr, $copy:expr) => {
        match $average {
            Average::Copy => $copy,
            Average::Sma($inner) => $call,
            Average::Ema($inner) => $call,
            Average::Wma($inner) => $call,
            Average::Dema($inner) => $call,
            Average::Tema($inner) => $call,
            Average::Trima($inner) => $call,
            Average::Kama($inner) => $call,
            Average::T3($inner) => $call,
            Average::Hma($inner) => $call,
            Average::Zlema($inner) => $call,
            Average::Rma($inner) => $call,
            Average::Mama($inner) => $call,
        }
    };
}

impl MovingAverage {
    pub const NAME: &'static str = "ma";
    pub const DEFAULT_PERIOD: usize = 30;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;
    /// TA-Lib's limits for MAMA used as an MA type.
    const MAMA_LIMITS: (f64, f64) = (0.5, 0.05);
    /// TA-Lib's volume factor for T3 used as an MA type.
    const T3_VFACTOR: f64 = 0.7;

    /// An average of TA-Lib type `ma_type` over `period` (1..=100000) inputs.
    pub fn new(ma_type: u8, period: usize) -> Result<MovingAverage, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Self::checked(Self::NAME, "matype", ma_type, period)
    }

    /// For indicators with MA-type parameters: `period` already validated by the caller
    /// (>= 1); an unknown type is an error naming `indicator` and `parameter`.
    pub(crate) fn checked(indicator: &'static str, parameter: &'static str, ma_type: u8, period: usize) -> Result<MovingAverage, Error> {
        Self::checked_at(indicator, parameter, ma_type, period, 0)
    }

    /// Like [`checked`](Self::checked) for an average whose first input is bar
    /// `first_index` of the caller's series (MAMA alternates its delay lines on the
    /// absolute bar index, as TA-Lib does).
    pub(crate) fn checked_at(
        indicator: &'static str,
        parameter: &'static str,
        ma_type: u8,
        period: usize,
        first_index: usize,
    ) -> Result<MovingAverage, Error> {
        let period = period.clamp(Self::MIN_PERIOD, Self::MAX_PERIOD);
        if !is_known(ma_type) {
            let names: Vec<String> = MA_TYPES.iter().map(|(code, name)| format!("{name} ({code})")).collect();
            return Err(Error::InvalidParameter {
                indicator,
                parameter,
                value: ma_type.to_string(),
                expected: format!("an MA type: {}", names.join(", ")),
            });
        }
        let average = if period == 1 {
            Average::Copy
        } else {
            match ma_type {
                0 => Average::Sma(Sma::new(period)?),
                1 => Average::Ema(Ema::new(period)?),
                2 => Average::Wma(Wma::with_period(period)),
                3 => Average::Dema(Dema::new(period)?),
                4 => Average::Tema(Tema::new(period)?),
                5 => Average::Trima(Trima::with_period(period)),
                6 => Average::Kama(Kama::with_period(period)),
                7 => Average::Mama(Box::new(MamaLine(Mama::starting_at(Self::MAMA_LIMITS.0, Self::MAMA_LIMITS.1, first_index)))),
                8 => Average::T3(T3::with_params(period, Self::T3_VFACTOR)),
                9 => Average::Hma(Hma::with_period(period)),
                12 => Average::Zlema(Zlema::new(period)?),
                _ => Average::Rma(Rma::with_period(period)),
            }
        };
        Ok(MovingAverage { average })
    }

    /// Leading NaN outputs for this type and period (0 for an unknown type).
    pub fn lookback(ma_type: u8, period: usize) -> usize {
        if period <= 1 {
            return 0;
        }
        match ma_type {
            0 => Sma::lookback(period),
            1 => Ema::lookback(period),
            2 => Wma::lookback(period),
            3 => Dema::lookback(period),
            4 => Tema::lookback(period),
            5 => Trima::lookback(period),
            6 => Kama::lookback(period),
            7 => Mama::lookback(),
            8 => T3::lookback(period),
            9 => Hma::lookback(period),
            12 => Zlema::lookback(period),
            13 => Rma::lookback(period),
            _ => 0,
        }
    }

    pub fn batch(input: &[f64], ma_type: u8, period: usize) -> Result<Vec<f64>, Error> {
        MovingAverage::new(ma_type, period)?.column(input, period)
    }

    /// [`batch`](Self::batch) for this average as built (unused so far) over `period`
    /// inputs: what its `update` gives bar after bar over `input`.
    pub(crate) fn column(self, input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        let average = self;
        // Each type's own batch, so MA reaches the dedicated kernels (SMA, EMA, and any
        // added later) and the others loop on their concrete type: stepping the enum
        // would re-dispatch on the type at every bar and keep the compiler from
        // specializing the loop. The period and parameters are the ones `new` checked.
        match average.average {
            Average::Copy => Ok(input.to_vec()),
            Average::Sma(_) => Sma::batch(input, period),
            Average::Ema(_) => Ema::batch(input, period),
            Average::Wma(_) => Wma::batch(input, period),
            Average::Dema(_) => Dema::batch(input, period),
            Average::Tema(_) => Tema::batch(input, period),
            Average::Trima(_) => Trima::batch(input, period),
            Average::Kama(_) => Kama::batch(input, period),
            Average::T3(_) => T3::batch(input, period, Self::T3_VFACTOR),
            Average::Hma(_) => Hma::batch(input, period),
            Average::Zlema(_) => Zlema::batch(input, period),
            Average::Rma(_) => Rma::batch(input, period),
            // MAMA's own batch builds its second line too; only the first is wanted.
            Average::Mama(mut mama) => Ok(run_batch(input, |x| mama.update(x))),
        }
    }

    /// The average after `x`; NaN during warm-up.
    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        each_average!(&mut self.average, average => average.update(x), x)
    }

    /// What [`update`](Self::update) would return for `x`, without changing anything.
    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        each_average!(&self.average, average => average.peek(x), x)
    }

    pub fn reset(&mut self) {
        each_average!(&mut self.average, average => average.reset(), ())
    }
}

/// MAMA's first output line alone, which is what MAMA means as an MA type.
#[derive(Debug, Clone)]
struct MamaLine(Mama);

impl MamaLine {
    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        self.0.update(x).0
    }
    #[inline]
    fn peek(&self, x: f64) -> f64 {
        self.0.peek(x).0
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

fn is_known(ma_type: u8) -> bool {
    MA_TYPES.iter().any(|(code, _)| *code == ma_type)
}

/// The MA-type parameter `i` as a TA-Lib code (the spec parser has validated it; an
/// absent one is the unknown code 255, which constructors reject).
pub(crate) fn ma_type_param(params: &[f64], i: usize) -> u8 {
    params.get(i).map_or(u8::MAX, |&v| if (0.0..=255.0).contains(&v) { v as u8 } else { u8::MAX })
}

/// An MA-type parameter definition.
pub(crate) const fn ma_type(name: &'static str, default: u8) -> ParamDef {
    ParamDef { name, kind: ParamKind::MaType, default: default as f64, description: "Type of moving average" }
}

single_series!(MovingAverage);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: MovingAverage::NAME,
    title: "Moving average",
    group: "Overlap Studies",
    inputs: &[Input::Close],
    params: &[timeperiod(MovingAverage::DEFAULT_PERIOD, MovingAverage::MIN_PERIOD, MovingAverage::MAX_PERIOD), ma_type("matype", 0)],
    outputs: &["real"],
    overlay: true,
    lookback: |p| MovingAverage::lookback(ma_type_param(p, 1), int_param(p, 0)),
    batch: Some(|p, columns| Ok(vec![MovingAverage::batch(first(columns), ma_type_param(p, 1), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, MovingAverage::new(ma_type_param(p, 1), int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_copies_at_period_one_and_warms_up_for_its_lookback() {
        let x: Vec<f64> = (0..120).map(|i| 50.0 + ((i * 17) % 23) as f64 * 0.5).collect();
        for &(code, name) in MA_TYPES {
            assert_eq!(MovingAverage::batch(&x, code, 1).unwrap(), x, "{name}");
            let out = MovingAverage::batch(&x, code, 7).unwrap();
            let lookback = MovingAverage::lookback(code, 7);
            assert_eq!(out.iter().take_while(|v| v.is_nan()).count(), lookback, "{name}");
            assert!(out[lookback..].iter().all(|v| v.is_finite()), "{name}");
            let short = MovingAverage::batch(&x[..lookback], code, 7).unwrap();
            assert!(short.iter().all(|v| v.is_nan()), "{name}");
        }
    }

    /// `batch` dispatches to each type's own batch: it must give what the same type
    /// gives bar by bar through `update`, on every prefix of awkward series.
    #[test]
    fn batch_of_every_type_is_its_updates() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        for &(code, name) in MA_TYPES {
            for period in [1, 2, 3, 4, 7] {
                let updates = |x: &[f64]| {
                    let mut average = MovingAverage::new(code, period).unwrap();
                    x.iter().map(|&v| average.update(v)).collect()
                };
                assert_batch_is_updates(&format!("{name}:{period}"), |x| MovingAverage::batch(x, code, period).unwrap(), updates);
            }
        }
    }

    #[test]
    fn rejects_unknown_types_and_periods() {
        for code in [10, 11, 14, 255] {
            assert!(MovingAverage::new(code, 5).unwrap_err().to_string().contains("matype"));
        }
        assert!(MovingAverage::new(0, 0).unwrap_err().to_string().contains("timeperiod"));
        assert!(MovingAverage::new(0, 100_001).is_err());
    }
}
