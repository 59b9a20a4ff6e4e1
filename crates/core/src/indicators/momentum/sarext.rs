use super::bar_streaming;
use super::parabolic::{check_real, Acceleration, Config, State, REAL_MAX};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::run_bars;
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Parabolic SAR - Extended (TA-Lib `SAREXT`): [`Sar`](super::Sar) with a start
/// value and side, an offset applied on each reversal, and separate acceleration
/// schedules for the long and the short side. The output is negative while short,
/// as in TA-Lib (its absolute value is the stop level).
///
/// `startvalue` 0 picks the side from the first two bars as SAR does; > 0 starts long
/// with that SAR, < 0 starts short with SAR `|startvalue|`. `offsetonreverse` pushes
/// the SAR away from price by that fraction when the side flips. An initial factor or
/// step above its side's maximum is lowered to it.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut sar = Spec::parse("sarext:-12").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// sar.update(&bar(10.0, 9.0));
/// assert_eq!(sar.update(&bar(11.0, 10.0)), [-12.0]); // short from 12, as asked
/// ```
#[derive(Debug, Clone)]
pub struct SarExt {
    config: Config,
    state: State,
}

/// SAREXT's parameters, in TA-Lib's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SarExtParams {
    pub start_value: f64,
    pub offset_on_reverse: f64,
    pub acceleration_init_long: f64,
    pub acceleration_long: f64,
    pub acceleration_max_long: f64,
    pub acceleration_init_short: f64,
    pub acceleration_short: f64,
    pub acceleration_max_short: f64,
}

impl Default for SarExtParams {
    /// TA-Lib's defaults.
    fn default() -> SarExtParams {
        SarExtParams {
            start_value: 0.0,
            offset_on_reverse: 0.0,
            acceleration_init_long: 0.02,
            acceleration_long: 0.02,
            acceleration_max_long: 0.2,
            acceleration_init_short: 0.02,
            acceleration_short: 0.02,
            acceleration_max_short: 0.2,
        }
    }
}

impl SarExtParams {
    fn from_slice(p: &[f64]) -> SarExtParams {
        let get = |i: usize| p.get(i).copied().unwrap_or(f64::NAN);
        SarExtParams {
            start_value: get(0),
            offset_on_reverse: get(1),
            acceleration_init_long: get(2),
            acceleration_long: get(3),
            acceleration_max_long: get(4),
            acceleration_init_short: get(5),
            acceleration_short: get(6),
            acceleration_max_short: get(7),
        }
    }
}

impl SarExt {
    pub const NAME: &'static str = "sarext";

    pub fn new(params: SarExtParams) -> Result<SarExt, Error> {
        let p = params;
        check_real(Self::NAME, "startvalue", p.start_value, -REAL_MAX, REAL_MAX)?;
        for (name, value) in [
            ("offsetonreverse", p.offset_on_reverse),
            ("accelerationinitlong", p.acceleration_init_long),
            ("accelerationlong", p.acceleration_long),
            ("accelerationmaxlong", p.acceleration_max_long),
            ("accelerationinitshort", p.acceleration_init_short),
            ("accelerationshort", p.acceleration_short),
            ("accelerationmaxshort", p.acceleration_max_short),
        ] {
            check_real(Self::NAME, name, value, 0.0, REAL_MAX)?;
        }
        let config = Config {
            start: p.start_value,
            offset_on_reverse: p.offset_on_reverse,
            long: Acceleration { init: p.acceleration_init_long, step: p.acceleration_long, max: p.acceleration_max_long }.coherent(),
            short: Acceleration { init: p.acceleration_init_short, step: p.acceleration_short, max: p.acceleration_max_short }.coherent(),
        };
        Ok(SarExt { config, state: State::start(&config) })
    }

    /// Bars before the first value: the first bar only seeds.
    pub fn lookback() -> usize {
        1
    }

    pub fn batch(high: &[f64], low: &[f64], params: SarExtParams) -> Result<Vec<f64>, Error> {
        let sar = SarExt::new(params)?;
        Ok(State::series(&sar.config, high, low, |signed| signed))
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let (state, value) = self.state.next(&self.config, high, low);
        self.state = state;
        value
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        self.state.next(&self.config, high, low).1
    }

    pub fn reset(&mut self) {
        self.state = State::start(&self.config);
    }
}

bar_streaming!(SarExt, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

const fn factor(name: &'static str, default: f64, description: &'static str) -> ParamDef {
    ParamDef { name, kind: ParamKind::Real { min: 0.0, max: REAL_MAX }, default, description }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: SarExt::NAME,
    title: "Parabolic SAR - Extended",
    group: "Overlap Studies",
    inputs: INPUTS,
    params: &[
        ParamDef {
            name: "startvalue",
            kind: ParamKind::Real { min: -REAL_MAX, max: REAL_MAX },
            default: 0.0,
            description: "Start SAR and side: 0 automatic, > 0 long, < 0 short",
        },
        factor("offsetonreverse", 0.0, "Fraction the SAR is moved away from price on a reversal"),
        factor("accelerationinitlong", 0.02, "Initial acceleration factor, long side"),
        factor("accelerationlong", 0.02, "Acceleration factor step, long side"),
        factor("accelerationmaxlong", 0.2, "Acceleration factor ceiling, long side"),
        factor("accelerationinitshort", 0.02, "Initial acceleration factor, short side"),
        factor("accelerationshort", 0.02, "Acceleration factor step, short side"),
        factor("accelerationmaxshort", 0.2, "Acceleration factor ceiling, short side"),
    ],
    outputs: &["real"],
    overlay: true,
    lookback: |_| SarExt::lookback(),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => Ok(vec![SarExt::batch(high, low, SarExtParams::from_slice(p))?]),
        _ => Ok(run_bars(SarExt::new(SarExtParams::from_slice(p))?, INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(SarExt::new(SarExtParams::from_slice(p))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        let defaults = SarExtParams::default();
        let variants = [
            defaults,
            SarExtParams { start_value: 60.0, offset_on_reverse: 0.01, ..defaults },
            SarExtParams { start_value: -60.0, acceleration_init_short: 0.1, acceleration_short: 0.05, ..defaults },
            SarExtParams { acceleration_init_long: 0.5, acceleration_long: 0.3, acceleration_max_long: 0.25, ..defaults },
        ];
        for params in variants {
            for scale in [1.0, 1e-12] {
                assert_high_low_batch_is_updates(
                    &format!("sarext {params:?}"),
                    scale,
                    |high, low| SarExt::batch(high, low, params).unwrap(),
                    |high, low| {
                        let mut indicator = SarExt::new(params).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| indicator.update(h, l)).collect()
                    },
                );
            }
        }
    }
}
