use super::ewma::{DoubleEwma, Ewma};
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series};
use crate::registry::{IndicatorDef, ParamDef, ParamKind};

/// True Strength Index (TA-Lib 0.8.1 `TSI`, Blau): the one-bar momentum and its
/// magnitude, each smoothed by an EMA of `first` then one of `second` bars;
/// `100 * smoothed momentum / smoothed magnitude`, 0 when the magnitude is exactly 0
/// (a flat stretch).
///
/// Each EMA is seeded with the mean of its first inputs, so the lookback is
/// `first + second - 1`.
///
/// ```
/// use sigil_core::indicators::Tsi;
/// let out = Tsi::batch(&[1.0, 2.0, 3.0, 4.0, 5.0, 4.0], 2, 2).unwrap();
/// assert!(out[2].is_nan());
/// assert_eq!(out[3], 100.0); // only rises so far
/// assert!(out[5] < 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct Tsi {
    prev_input: Option<f64>,
    momentum: DoubleEwma,
    magnitude: DoubleEwma,
}

impl Tsi {
    pub const NAME: &'static str = "tsi";
    pub const DEFAULT_FIRST: usize = 25;
    pub const DEFAULT_SECOND: usize = 13;
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(first: usize, second: usize) -> Result<Tsi, Error> {
        check_period(Self::NAME, "firstperiod", first, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "secondperiod", second, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Tsi { prev_input: None, momentum: DoubleEwma::new(first, second), magnitude: DoubleEwma::new(first, second) })
    }

    pub fn lookback(first: usize, second: usize) -> usize {
        (first + second).saturating_sub(1)
    }

    /// The values of [`update`](Self::update) bar after bar, bit for bit: the warm-up
    /// through `update`, then the four EMAs in locals, the previous input read from the
    /// slice.
    pub fn batch(input: &[f64], first: usize, second: usize) -> Result<Vec<f64>, Error> {
        let mut tsi = Tsi::new(first, second)?;
        let warm = (Self::lookback(first, second) + 1).min(input.len());
        let mut out = Vec::with_capacity(input.len());
        out.extend(input[..warm].iter().map(|&x| tsi.update(x)));
        let (Some(((mut m1, k1), (mut m2, k2))), Some(((mut a1, j1), (mut a2, j2)))) = (tsi.momentum.seeded(), tsi.magnitude.seeded())
        else {
            return Ok(out);
        };
        out.extend(input[warm..].iter().zip(&input[warm - 1..]).map(|(&x, &prev)| {
            let change = x - prev;
            m1 = Ewma::smooth(m1, k1, change);
            m2 = Ewma::smooth(m2, k2, m1);
            a1 = Ewma::smooth(a1, j1, change.abs());
            a2 = Ewma::smooth(a2, j2, a1);
            Self::ratio(Some(m2), Some(a2))
        }));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let Some(prev) = self.prev_input.replace(x) else { return f64::NAN };
        let change = x - prev;
        let momentum = self.momentum.update(change);
        let magnitude = self.magnitude.update(change.abs());
        Self::ratio(momentum, magnitude)
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        let Some(prev) = self.prev_input else { return f64::NAN };
        let change = x - prev;
        Self::ratio(self.momentum.peek(change), self.magnitude.peek(change.abs()))
    }

    pub fn reset(&mut self) {
        self.prev_input = None;
        self.momentum.reset();
        self.magnitude.reset();
    }

    #[inline]
    fn ratio(momentum: Option<f64>, magnitude: Option<f64>) -> f64 {
        // A NaN magnitude also gives 0, as TA-Lib's `> 0` test does.
        match (momentum, magnitude) {
            (Some(momentum), Some(magnitude)) if magnitude > 0.0 => 100.0 * momentum / magnitude,
            (Some(_), Some(_)) => 0.0,
            _ => f64::NAN,
        }
    }
}

single_series!(Tsi);

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Tsi::MIN_PERIOD as i64, max: Tsi::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Tsi::NAME,
    title: "True Strength Index",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[
        period("firstperiod", Tsi::DEFAULT_FIRST, "Period of the first EMA of the momentum"),
        period("secondperiod", Tsi::DEFAULT_SECOND, "Period of the second EMA of the momentum"),
    ],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Tsi::lookback(int_param(p, 0), int_param(p, 1)),
    batch: kernel!(|p, columns| Ok(vec![Tsi::batch(first(columns), int_param(p, 0), int_param(p, 1))?])),
    stream: |p| Ok(on_input(Input::Close, Tsi::new(int_param(p, 0), int_param(p, 1))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_tiny_and_short_input() {
        assert!(Tsi::batch(&[3.0; 50], 25, 13).unwrap()[37..].iter().all(|&v| v == 0.0));
        let tiny: Vec<f64> = (0..60).map(|i| 1e-12 * (2.0 + (f64::from(i) * 0.5).sin())).collect();
        assert!(Tsi::batch(&tiny, 5, 3).unwrap()[7..].iter().all(|v| v.abs() <= 100.0 && *v != 0.0));
        assert!(Tsi::batch(&[1.0; 37], 25, 13).unwrap().iter().all(|v| v.is_nan()));
        assert!(Tsi::new(25, 1).unwrap_err().to_string().contains("secondperiod"));
    }
}

#[cfg(test)]
mod kernel_tests {
    use super::*;
    use crate::indicators::kernel_checks::assert_scaled_paused_batch_is_updates;

    #[test]
    fn batch_is_updates_bit_for_bit() {
        for (first, second) in [(2, 2), (2, 3), (3, 2), (5, 7), (25, 13)] {
            assert_scaled_paused_batch_is_updates(
                &format!("tsi:{first}:{second}"),
                |x| Tsi::batch(x, first, second).unwrap(),
                |x| {
                    let mut tsi = Tsi::new(first, second).unwrap();
                    x.iter().map(|&v| tsi.update(v)).collect()
                },
            );
        }
    }
}
