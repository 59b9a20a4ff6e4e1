use super::history::History;
use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, single_series, timeperiod};
use crate::registry::IndicatorDef;

/// Momentum (TA-Lib `MOM`): the input minus the input `period` bars earlier.
///
/// ```
/// use sigil_core::indicators::Mom;
/// let mut mom = Mom::new(2).unwrap();
/// assert!(mom.update(10.0).is_nan());
/// assert!(mom.update(11.0).is_nan());
/// assert_eq!(mom.update(13.0), 3.0);
/// assert_eq!(mom.peek(10.0), -1.0); // the forming bar; state unchanged
/// assert_eq!(mom.update(12.0), 1.0);
/// ```
#[derive(Debug, Clone)]
pub struct Mom {
    period: usize,
    history: History,
}

impl Mom {
    pub const NAME: &'static str = "mom";
    pub const DEFAULT_PERIOD: usize = 10;
    pub const MIN_PERIOD: usize = 1;
    pub const MAX_PERIOD: usize = 100_000;

    pub fn new(period: usize) -> Result<Mom, Error> {
        check_period(Self::NAME, "timeperiod", period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        Ok(Mom { period, history: History::new(period) })
    }

    pub fn lookback(period: usize) -> usize {
        period
    }

    /// Same subtraction as `update`, read straight from the slice.
    pub fn batch(input: &[f64], period: usize) -> Result<Vec<f64>, Error> {
        Mom::new(period)?;
        let warm_up = period.min(input.len());
        let mut out = vec![f64::NAN; warm_up];
        out.extend(input.iter().zip(&input[warm_up..]).map(|(earlier, x)| x - earlier));
        Ok(out)
    }

    #[inline]
    pub fn update(&mut self, x: f64) -> f64 {
        let out = self.peek(x);
        self.history.push(x);
        out
    }

    #[inline]
    pub fn peek(&self, x: f64) -> f64 {
        self.history.ago(self.period).map_or(f64::NAN, |earlier| x - earlier)
    }

    pub fn reset(&mut self) {
        self.history.reset();
    }
}

single_series!(Mom);

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Mom::NAME,
    title: "Momentum",
    group: "Momentum Indicators",
    inputs: &[Input::Close],
    params: &[timeperiod(Mom::DEFAULT_PERIOD, Mom::MIN_PERIOD, Mom::MAX_PERIOD)],
    outputs: &["real"],
    overlay: false,
    lookback: |p| Mom::lookback(int_param(p, 0)),
    batch: kernel!(|p, columns| Ok(vec![Mom::batch(first(columns), int_param(p, 0))?])),
    stream: |p| Ok(on_input(Input::Close, Mom::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_one_and_short_input() {
        assert_eq!(Mom::batch(&[1.0, 4.0, 2.0], 1).unwrap()[1..], [3.0, -2.0]);
        assert!(Mom::batch(&[1.0, 2.0], 5).unwrap().iter().all(|v| v.is_nan()));
        assert!(Mom::new(0).unwrap_err().to_string().contains("timeperiod"));
    }
}
