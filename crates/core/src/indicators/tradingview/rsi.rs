use crate::bar::Input;
use crate::error::Error;
use crate::indicators::{check_period, first, int_param, on_input, run_batch, single_series, timeperiod, Rma, Rsi};
use crate::registry::Variant;

/// Pine's `ta.rsi` as TradingView's built-in RSI computes it: `up = ta.rma(max(change, 0))`,
/// `down = ta.rma(max(-change, 0))`, then `down == 0 ? 100 : up == 0 ? 0 :
/// 100 - 100 / (1 + up / down)`.
///
/// `ta.rma` is TA-Lib's Wilder average (SMA seed), and the first change is at bar 1, so
/// the first value is at index `period` and equals TA-Lib's wherever the price moved.
/// The difference is a flat stretch (both averages 0): 100 here (the `down == 0` test
/// comes first), 0 in TA-Lib 0.8.1.
///
/// ```
/// use sigil_core::{Mode, Series, Spec};
/// let spec = Spec::parse_in("rsi:2", Mode::TradingView).unwrap();
/// let out = spec.compute(&Series::from_close(&[5.0, 5.0, 5.0, 6.0, 5.0])).unwrap();
/// assert!(out[0][1].is_nan());
/// assert_eq!(out[0][2], 100.0); // flat: TA-Lib 0.8.1 gives 0
/// assert_eq!(out[0][3], 100.0); // no loss yet
/// assert!((out[0][4] - 100.0 / 3.0).abs() < 1e-12); // up 0.25, down 0.5
/// ```
#[derive(Debug, Clone)]
struct TvRsi {
    up: Rma,
    down: Rma,
    /// The previous input; NaN before the first.
    prev: f64,
    started: bool,
}

impl TvRsi {
    fn new(period: usize) -> Result<TvRsi, Error> {
        check_period(Rsi::NAME, "timeperiod", period, Rsi::MIN_PERIOD, Rsi::MAX_PERIOD)?;
        Ok(TvRsi { up: Rma::with_period(period), down: Rma::with_period(period), prev: f64::NAN, started: false })
    }

    #[inline]
    fn update(&mut self, x: f64) -> f64 {
        let was_started = self.started;
        self.started = true;
        let prev = std::mem::replace(&mut self.prev, x);
        if !was_started {
            return f64::NAN;
        }
        let (up, down) = moves(x - prev);
        rsi(self.up.update(up), self.down.update(down))
    }

    #[inline]
    fn peek(&self, x: f64) -> f64 {
        if !self.started {
            return f64::NAN;
        }
        let (up, down) = moves(x - self.prev);
        rsi(self.up.peek(up), self.down.peek(down))
    }

    fn reset(&mut self) {
        self.up.reset();
        self.down.reset();
        self.prev = f64::NAN;
        self.started = false;
    }
}

single_series!(TvRsi);

/// (upward, downward) move; a NaN change stays NaN in both (Pine's `math.max` of `na`
/// is `na`, where `f64::max` would answer 0).
#[inline]
fn moves(change: f64) -> (f64, f64) {
    if change.is_nan() {
        (f64::NAN, f64::NAN)
    } else if change > 0.0 {
        (change, 0.0)
    } else {
        (0.0, -change)
    }
}

/// Warm-up NaNs fall through both tests to the NaN of the last branch.
#[inline]
fn rsi(up: f64, down: f64) -> f64 {
    if down == 0.0 {
        100.0
    } else if up == 0.0 {
        0.0
    } else {
        100.0 - 100.0 / (1.0 + up / down)
    }
}

pub(crate) static VARIANT: Variant = Variant {
    params: &[timeperiod(Rsi::DEFAULT_PERIOD, Rsi::MIN_PERIOD, Rsi::MAX_PERIOD)],
    note: "Pine ta.rsi (rma of up/down moves): same values as TA-Lib except where both averages are 0 (a flat stretch), which gives \
           100 (down == 0 is tested first) instead of TA-Lib 0.8.1's 0.",
    inputs: None,
    lookback: |p| int_param(p, 0).max(Rsi::MIN_PERIOD),
    batch: kernel!(|p, columns| {
        let mut rsi = TvRsi::new(int_param(p, 0))?;
        Ok(vec![run_batch(first(columns), |x| rsi.update(x))])
    }),
    stream: |p| Ok(on_input(Input::Close, TvRsi::new(int_param(p, 0))?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mode, Series, Spec};

    fn tv(spec: &str, close: &[f64]) -> Vec<f64> {
        Spec::parse_in(spec, Mode::TradingView).unwrap().compute(&Series::from_close(close)).unwrap().remove(0)
    }

    #[test]
    fn hand_computed_values() {
        // period 3. Changes: +2, -1, +3, -2, 0.
        // Seed (bar 3): up = (2 + 0 + 3) / 3 = 5/3, down = (0 + 1 + 0) / 3 = 1/3, rs = 5: 100 - 100/6.
        // Bar 4: up = 5/3 * 2/3 = 10/9, down = 1/3 * 2/3 + 2/3 = 8/9: rs = 1.25, 100 - 100/2.25.
        // Bar 5: up = 20/27, down = 16/27: rs = 1.25 again.
        let out = tv("rsi:3", &[10.0, 12.0, 11.0, 14.0, 12.0, 12.0]);
        assert!(out[..3].iter().all(|v| v.is_nan()));
        let expected = [100.0 - 100.0 / 6.0, 100.0 - 100.0 / 2.25, 100.0 - 100.0 / 2.25];
        for (a, e) in out[3..].iter().zip(expected) {
            assert!((a - e).abs() < 1e-12, "{out:?}");
        }
    }

    #[test]
    fn equals_talib_except_flat() {
        let close: Vec<f64> = (0..400).map(|i| 100.0 + (i as f64 * 0.31).sin() * 4.0 + (i as f64 * 0.05).cos()).collect();
        let (a, b) = (tv("rsi:14", &close), Rsi::batch(&close, 14).unwrap());
        for (x, y) in a.iter().zip(&b) {
            assert!((x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-9, "{x} vs {y}");
        }
        let flat = tv("rsi:5", &[3.0; 12]);
        assert!(flat[..5].iter().all(|v| v.is_nan()));
        assert_eq!(flat[5..], [100.0; 7]);
        assert_eq!(Rsi::batch(&[3.0; 12], 5).unwrap()[5], 0.0);
        let falling: Vec<f64> = (0..10).map(|i| 50.0 - f64::from(i)).collect();
        assert_eq!(tv("rsi:3", &falling)[3..], [0.0; 7]);
    }

    #[test]
    fn nan_input_propagates_without_panic() {
        let out = tv("rsi:2", &[1.0, f64::NAN, 2.0, 3.0, 4.0]);
        assert!(out.iter().all(|v| v.is_nan()), "{out:?}");
    }
}
