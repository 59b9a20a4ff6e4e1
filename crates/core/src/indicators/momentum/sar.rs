use super::bar_streaming;
use super::parabolic::{check_real, Acceleration, Config, State, REAL_MAX};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::run_bars;
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// Parabolic SAR (TA-Lib `SAR`): Wilder's trailing stop that accelerates towards price
/// and flips side when price crosses it.
///
/// As in TA-Lib: the first bar is consumed (first value at index 1); the side for the
/// second bar comes from the directional movement between the first two (short only if
/// -DM wins), and the first bar's low (long) or high (short) is the first SAR. The
/// acceleration factor starts at `acceleration`, grows by it at each new extreme, and
/// stops at `maximum` (an `acceleration` above `maximum` is lowered to it). A SAR is
/// never moved inside the current or previous bar's range.
///
/// ```
/// use sigil_core::{Bar, Spec};
/// let mut sar = Spec::parse("sar").unwrap().stream().unwrap();
/// let bar = |high, low| Bar { high, low, ..Bar::default() };
/// assert!(sar.update(&bar(10.0, 9.0))[0].is_nan());
/// assert_eq!(sar.update(&bar(11.0, 10.0)), [9.0]); // long, below the first bar
/// assert_eq!(sar.update(&bar(12.0, 11.0)), [9.0 + 0.02 * (11.0 - 9.0)]);
/// ```
#[derive(Debug, Clone)]
pub struct Sar {
    config: Config,
    state: State,
}

impl Sar {
    pub const NAME: &'static str = "sar";
    pub const DEFAULT_ACCELERATION: f64 = 0.02;
    pub const DEFAULT_MAXIMUM: f64 = 0.2;

    pub fn new(acceleration: f64, maximum: f64) -> Result<Sar, Error> {
        check_real(Self::NAME, "acceleration", acceleration, 0.0, REAL_MAX)?;
        check_real(Self::NAME, "maximum", maximum, 0.0, REAL_MAX)?;
        let side = Acceleration { init: acceleration, step: acceleration, max: maximum }.coherent();
        let config = Config { start: 0.0, offset_on_reverse: 0.0, long: side, short: side };
        Ok(Sar { config, state: State::start(&config) })
    }

    /// Bars before the first value: the first bar only seeds.
    pub fn lookback() -> usize {
        1
    }

    pub fn batch(high: &[f64], low: &[f64], acceleration: f64, maximum: f64) -> Result<Vec<f64>, Error> {
        let sar = Sar::new(acceleration, maximum)?;
        Ok(State::series(&sar.config, high, low, f64::abs))
    }

    #[inline]
    pub fn update(&mut self, high: f64, low: f64) -> f64 {
        let (state, value) = self.state.next(&self.config, high, low);
        self.state = state;
        value.abs()
    }

    #[inline]
    pub fn peek(&self, high: f64, low: f64) -> f64 {
        self.state.next(&self.config, high, low).1.abs()
    }

    pub fn reset(&mut self) {
        self.state = State::start(&self.config);
    }
}

bar_streaming!(Sar, high, low);

const INPUTS: &[Input] = &[Input::High, Input::Low];

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Sar::NAME,
    title: "Parabolic SAR",
    group: "Overlap Studies",
    inputs: INPUTS,
    params: &[
        ParamDef {
            name: "acceleration",
            kind: ParamKind::Real { min: 0.0, max: REAL_MAX },
            default: Sar::DEFAULT_ACCELERATION,
            description: "Acceleration factor step, added at each new extreme",
        },
        ParamDef {
            name: "maximum",
            kind: ParamKind::Real { min: 0.0, max: REAL_MAX },
            default: Sar::DEFAULT_MAXIMUM,
            description: "Acceleration factor ceiling",
        },
    ],
    outputs: &["real"],
    overlay: true,
    lookback: |_| Sar::lookback(),
    batch: kernel!(|p, columns| match columns {
        [high, low, ..] => Ok(vec![Sar::batch(high, low, real(p, 0), real(p, 1))?]),
        _ => Ok(run_bars(Sar::new(real(p, 0), real(p, 1))?, INPUTS, columns, 1)),
    }),
    stream: |p| Ok(Box::new(Sar::new(real(p, 0), real(p, 1))?)),
};

/// Real parameter `i` (NaN if absent, which the constructor rejects).
fn real(params: &[f64], i: usize) -> f64 {
    params.get(i).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_high_low_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (acceleration, maximum) in [(0.02, 0.2), (0.0, 0.0), (0.5, 0.1), (0.3, 1.5)] {
            for scale in [1.0, 1e-12, 1e300] {
                assert_high_low_batch_is_updates(
                    &format!("sar:{acceleration}:{maximum}"),
                    scale,
                    |high, low| Sar::batch(high, low, acceleration, maximum).unwrap(),
                    |high, low| {
                        let mut indicator = Sar::new(acceleration, maximum).unwrap();
                        high.iter().zip(low).map(|(&h, &l)| indicator.update(h, l)).collect()
                    },
                );
            }
        }
    }
}
