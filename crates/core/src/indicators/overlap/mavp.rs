use super::ma::{ma_type, ma_type_param};
use super::MovingAverage;
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::indicators::{check_period, int_param};
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// Moving average with a variable period (TA-Lib `MAVP`): each bar takes the moving
/// average of TA-Lib type `ma_type` whose period that bar's `period` input names.
///
/// As in TA-Lib, a bar's period is truncated to an integer and clamped to
/// `min_period..=max_period` (NaN and anything below the minimum give the minimum,
/// anything above the maximum gives the maximum). The first output is at
/// `MovingAverage::lookback(ma_type, max_period)`, and every period's average starts
/// its warm-up so that it is ready exactly there, as TA-Lib's `MA` calls from that
/// start index do; so a recursive type (EMA, DEMA, KAMA, ...) of period `p` is seeded
/// from the bars just before the first output, not from bar 0.
///
/// Streaming keeps one running average per period in `min_period..=max_period`, since
/// any later bar may ask for any of them: O(max - min + 1) per bar, and the averages'
/// windows in memory (the sum of the periods for window types such as SMA). Batch, like
/// TA-Lib, runs only the periods the input uses: O(bars × distinct periods). `peek`
/// reads the one average asked for and changes nothing. That per-period state is why a
/// streaming MAVP is limited to `(max - min + 1) × max ≤ 4,000,000` (batch is not).
///
/// Through the registry (`mavp:2:30:sma`) the periods are the `periods` input column
/// (`Bar::periods` when streaming), as in TA-Lib's abstract API; no exchange supplies it.
///
/// ```
/// use sigil_core::indicators::overlap::Mavp;
/// let mut mavp = Mavp::new(2, 4, 0).unwrap(); // SMA, periods 2..=4
/// assert!(mavp.update(1.0, 2.0).is_nan());
/// assert!(mavp.update(2.0, 2.0).is_nan());
/// assert!(mavp.update(3.0, 2.0).is_nan()); // the lookback is SMA(4)'s: 3 bars
/// assert_eq!(mavp.peek(4.0, 2.0), 3.5); // SMA(2) of 3, 4; state unchanged
/// assert_eq!(mavp.update(4.0, 9.0), 2.5); // 9 clamps to 4: SMA(4) of 1..=4
/// ```
#[derive(Debug, Clone)]
pub struct Mavp {
    min_period: usize,
    max_period: usize,
    ma_type: u8,
    /// Bars consumed, saturating.
    bars: usize,
    /// Bar of the first output.
    lookback: usize,
    /// The average of each period `min_period + k` at `averages[k]`.
    averages: Vec<MovingAverage>,
}

impl Mavp {
    pub const NAME: &'static str = "mavp";
    pub const DEFAULT_MIN_PERIOD: usize = 2;
    pub const DEFAULT_MAX_PERIOD: usize = 30;
    /// TA-Lib's range of both period parameters.
    pub const MIN_PERIOD: usize = 2;
    pub const MAX_PERIOD: usize = 100_000;
    /// Streaming keeps an average (and its window) for every period in range: this bounds
    /// `(max - min + 1) × max`, so that no spec can ask for gigabytes.
    pub const MAX_STREAMING_STATE: usize = 4_000_000;

    /// Periods clamped to `min_period..=max_period` (each in 1..=100000, min <= max);
    /// `ma_type` a TA-Lib MA code.
    pub fn new(min_period: usize, max_period: usize, ma_type: u8) -> Result<Mavp, Error> {
        Self::validate(min_period, max_period, ma_type)?;
        let state = (max_period - min_period + 1).saturating_mul(max_period);
        if state > Self::MAX_STREAMING_STATE {
            return Err(Error::InvalidParameter {
                indicator: Self::NAME,
                parameter: "maxperiod",
                value: max_period.to_string(),
                expected: format!(
                    "at most (maxperiod - minperiod + 1) x maxperiod = {} when streaming (one average per period is kept; batch has no such limit), got {state}",
                    Self::MAX_STREAMING_STATE
                ),
            });
        }
        let lookback = Self::lookback(min_period, max_period, ma_type);
        let averages = (min_period..=max_period)
            .map(|period| MovingAverage::checked_at(Self::NAME, "matype", ma_type, period, start_bar(lookback, ma_type, period)))
            .collect::<Result<_, _>>()?;
        Ok(Mavp { min_period, max_period, ma_type, bars: 0, lookback, averages })
    }

    fn validate(min_period: usize, max_period: usize, ma_type: u8) -> Result<(), Error> {
        check_period(Self::NAME, "minperiod", min_period, Self::MIN_PERIOD, Self::MAX_PERIOD)?;
        check_period(Self::NAME, "maxperiod", max_period, min_period, Self::MAX_PERIOD)?;
        // Rejects an unknown type with the same message as every MA-type parameter.
        MovingAverage::checked(Self::NAME, "matype", ma_type, 1).map(drop)
    }

    /// Leading NaN bars: the lookback of the longest period's average.
    pub fn lookback(_min_period: usize, max_period: usize, ma_type: u8) -> usize {
        MovingAverage::lookback(ma_type, max_period)
    }

    /// Over a whole series; `periods` gives each bar's period and must be as long as `input`.
    pub fn batch(input: &[f64], periods: &[f64], min_period: usize, max_period: usize, ma_type: u8) -> Result<Vec<f64>, Error> {
        Self::validate(min_period, max_period, ma_type)?;
        if periods.len() != input.len() {
            return Err(Error::MissingInput {
                indicator: Self::NAME,
                input: "periods",
                expected_len: input.len(),
                found_len: periods.len(),
            });
        }
        let lookback = Self::lookback(min_period, max_period, ma_type);
        let n = input.len();
        let mut output = vec![f64::NAN; n];
        let first = lookback.min(n);
        let bar_periods: Vec<usize> = periods[first..].iter().map(|&p| clamp_period(p, min_period, max_period) - min_period).collect();
        // The output bars grouped by period (a counting sort, as TA-Lib does), so that each
        // period's values are copied to its own bars only: `order[bucket[k]..bucket[k + 1]]`
        // are the bars of period `min_period + k`, in order.
        let mut bucket = vec![0; max_period - min_period + 2];
        for &k in &bar_periods {
            bucket[k + 1] += 1;
        }
        for k in 1..bucket.len() {
            bucket[k] += bucket[k - 1];
        }
        let mut next = bucket.clone();
        let mut order = vec![0; bar_periods.len()];
        for (bar, &k) in (first..).zip(&bar_periods) {
            if let Some(slot) = order.get_mut(next[k]) {
                *slot = bar;
            }
            next[k] += 1;
        }
        for ((period, bars), end) in (min_period..).zip(&bucket).zip(&bucket[1..]) {
            let Some(bars) = order.get(*bars..*end).filter(|bars| !bars.is_empty()) else { continue };
            let start = start_bar(lookback, ma_type, period).min(n);
            let values = if ma_type == MAMA {
                // MAMA alternates on the absolute bar index, which its batch does not take.
                let mut average = MovingAverage::checked_at(Self::NAME, "matype", ma_type, period, start)?;
                input[start..].iter().map(|&x| average.update(x)).collect()
            } else {
                // The type's batch kernel: the same bits as a fresh average's `update`
                // from `start` on, which is what streaming runs.
                MovingAverage::batch(&input[start..], ma_type, period)?
            };
            // `values[k]` is bar `start + k`, and every bar here is past `lookback >= start`.
            for &bar in bars {
                if let (Some(slot), Some(&value)) = (output.get_mut(bar), values.get(bar - start)) {
                    *slot = value;
                }
            }
        }
        Ok(output)
    }

    /// The average of the period `period` names (truncated and clamped) after `x`; NaN
    /// during the warm-up.
    pub fn update(&mut self, x: f64, period: f64) -> f64 {
        let bar = self.bars;
        self.bars = bar.saturating_add(1);
        let wanted = clamp_period(period, self.min_period, self.max_period);
        let mut result = f64::NAN;
        for (average_period, average) in (self.min_period..).zip(self.averages.iter_mut()) {
            if bar >= start_bar(self.lookback, self.ma_type, average_period) {
                let value = average.update(x);
                if average_period == wanted && bar >= self.lookback {
                    result = value;
                }
            }
        }
        result
    }

    pub fn peek(&self, x: f64, period: f64) -> f64 {
        if self.bars < self.lookback {
            return f64::NAN;
        }
        let wanted = clamp_period(period, self.min_period, self.max_period);
        self.averages[wanted - self.min_period].peek(x)
    }

    pub fn reset(&mut self) {
        self.bars = 0;
        self.averages.iter_mut().for_each(MovingAverage::reset);
    }
}

/// The registry's streaming MAVP: the price from `close`, the period from `periods`.
struct MavpBars(Mavp);

impl Streaming for MavpBars {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = self.0.update(bar.close, bar.periods);
        }
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        if let Some(slot) = out.first_mut() {
            *slot = self.0.peek(bar.close, bar.periods);
        }
    }
    fn reset(&mut self) {
        self.0.reset();
    }
}

const fn period(name: &'static str, default: usize, description: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind: ParamKind::Integer { min: Mavp::MIN_PERIOD as i64, max: Mavp::MAX_PERIOD as i64 },
        default: default as f64,
        description,
    }
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Mavp::NAME,
    title: "Moving average with variable period",
    group: "Overlap Studies",
    inputs: &[Input::Close, Input::Periods],
    params: &[
        period("minperiod", Mavp::DEFAULT_MIN_PERIOD, "Shortest period; smaller per-bar periods use it"),
        period("maxperiod", Mavp::DEFAULT_MAX_PERIOD, "Longest period; larger per-bar periods use it"),
        ma_type("matype", 0),
    ],
    outputs: &["real"],
    overlay: true,
    lookback: |p| Mavp::lookback(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2)),
    batch: kernel!(|p, columns| match columns {
        [close, periods] => Ok(vec![Mavp::batch(close, periods, int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?]),
        _ => Ok(vec![Vec::new()]),
    }),
    stream: |p| Ok(Box::new(MavpBars(Mavp::new(int_param(p, 0), int_param(p, 1), ma_type_param(p, 2))?))),
};

/// TA-Lib's MA-type code of MAMA.
const MAMA: u8 = 7;

/// The bar at which the average of `period` starts, so that it gives its first value at
/// MAVP's first output, as TA-Lib's `MA` called from that start index does.
fn start_bar(lookback: usize, ma_type: u8, period: usize) -> usize {
    lookback.saturating_sub(MovingAverage::lookback(ma_type, period))
}

/// A bar's period as TA-Lib takes it: clamped in the real domain (so NaN and -inf go to
/// the minimum and huge values to the maximum), then truncated.
fn clamp_period(period: f64, min_period: usize, max_period: usize) -> usize {
    if period.is_nan() || period < min_period as f64 {
        min_period
    } else if period > max_period as f64 {
        max_period
    } else {
        // In range, so the truncation cannot leave it.
        (period as usize).clamp(min_period, max_period)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic price series and a period series that wanders over and past the
    /// range, with NaN, infinities and fractions (the same formulas generated the
    /// TA-Lib reference values below).
    fn series(n: usize) -> (Vec<f64>, Vec<f64>) {
        let prices = (0..n).map(|i| 100.0 + 10.0 * (i as f64 * 0.3).sin() + (i as f64 * 0.071).cos() * 3.0 + i as f64 * 0.05).collect();
        let periods = (0..n)
            .map(|i| match i % 17 {
                3 => f64::NAN,
                5 => f64::INFINITY,
                7 => -4.0,
                11 => 1e12,
                _ => 1.5 + (i * 7 % 33) as f64 * 0.9,
            })
            .collect();
        (prices, periods)
    }

    fn assert_close(ours: &[f64], reference: &[(usize, f64)]) {
        for &(i, expected) in reference {
            let got = ours[i];
            assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0), "bar {i}: got {got}, TA-Lib has {expected}");
        }
    }

    #[test]
    fn matches_talib_spot_values() {
        // talib.MAVP(prices, periods, 2, 30, matype) from TA-Lib 0.8.1 (Python talib 0.8.2).
        let (prices, periods) = series(200);
        let sma = Mavp::batch(&prices, &periods, 2, 30, 0).unwrap();
        assert!(sma[..29].iter().all(|v| v.is_nan()));
        assert_close(&sma, SMA_REFERENCE);
        let ema = Mavp::batch(&prices, &periods, 2, 30, 1).unwrap();
        assert!(ema[..29].iter().all(|v| v.is_nan()));
        assert_close(&ema, EMA_REFERENCE);
        let kama = Mavp::batch(&prices, &periods, 2, 30, 6).unwrap();
        assert_close(&kama, KAMA_REFERENCE);
    }

    #[test]
    fn streaming_equals_batch_and_peek_changes_nothing() {
        let (prices, periods) = series(300);
        for ma_type in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13] {
            for (min, max) in [(2, 30), (2, 2), (5, 9), (3, 40)] {
                let batch = Mavp::batch(&prices, &periods, min, max, ma_type).unwrap();
                let mut mavp = Mavp::new(min, max, ma_type).unwrap();
                for (i, (&x, &p)) in prices.iter().zip(&periods).enumerate() {
                    let peeked = mavp.peek(x, p);
                    let updated = mavp.update(x, p);
                    let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                    assert!(same(peeked, updated) && same(updated, batch[i]), "type {ma_type} {min}..{max} bar {i}");
                }
                mavp.reset();
                assert!(mavp.update(prices[0], periods[0]).is_nan() || Mavp::lookback(min, max, ma_type) == 0);
            }
        }
    }

    /// Batch against a fresh instance's `update` on every prefix of the test series
    /// (NaN, infinities, signed zeros), bit for bit, for every MA type and ranges from
    /// the minimum; the periods wander over and past the range.
    #[test]
    fn batch_is_updates_bit_for_bit() {
        use crate::indicators::kernel_checks::assert_batch_is_updates;
        let periods = |len: usize| -> Vec<f64> { series(len).1 };
        for ma_type in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13] {
            for (min, max) in [(2, 2), (2, 5), (3, 9)] {
                let batch = |x: &[f64]| Mavp::batch(x, &periods(x.len()), min, max, ma_type).unwrap();
                let updates = |x: &[f64]| {
                    let mut mavp = Mavp::new(min, max, ma_type).unwrap();
                    x.iter().zip(periods(x.len())).map(|(&x, p)| mavp.update(x, p)).collect()
                };
                assert_batch_is_updates(&format!("mavp:{min}:{max}:{ma_type}"), batch, updates);
            }
        }
    }

    /// Every TA-Lib MA type on a real series against a CSV Python talib wrote (columns
    /// `close`, `periods`, then `{matype}_{min}_{max}`), when SIGIL_MAVP_REFERENCE names one.
    #[test]
    fn matches_talib_reference_file() {
        let Ok(path) = std::env::var("SIGIL_MAVP_REFERENCE") else { return };
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mut columns = vec![Vec::new(); header.len()];
        for line in lines {
            for (column, field) in columns.iter_mut().zip(line.split(',')) {
                column.push(if field.is_empty() { f64::NAN } else { field.parse::<f64>().unwrap() });
            }
        }
        for (name, reference) in header.iter().zip(&columns).skip(2) {
            let spec: Vec<usize> = name.split('_').map(|v| v.parse().unwrap()).collect();
            let ours = Mavp::batch(&columns[0], &columns[1], spec[1], spec[2], spec[0] as u8).unwrap();
            for (i, (&got, &expected)) in ours.iter().zip(reference).enumerate() {
                let ok = if expected.is_nan() { got.is_nan() } else { (got - expected).abs() <= 1e-9 * expected.abs().max(1.0) };
                assert!(ok, "{name} bar {i}: got {got}, TA-Lib has {expected}");
            }
        }
    }

    #[test]
    fn edge_cases() {
        assert!(Mavp::new(1, 30, 0).is_err() && Mavp::new(10, 5, 0).is_err() && Mavp::new(2, 100_001, 0).is_err());
        assert!(Mavp::new(2, 2000, 0).is_ok() && Mavp::new(2, 3000, 0).unwrap_err().to_string().contains("maxperiod"));
        assert_eq!(Mavp::batch(&[1.0; 5], &[2.0; 5], 2, 100_000, 0).unwrap().len(), 5);
        assert!(Mavp::new(2, 30, 10).is_err());
        assert!(Mavp::batch(&[1.0; 5], &[2.0; 4], 2, 30, 0).is_err());
        assert!(Mavp::batch(&[1.0; 29], &[5.0; 29], 2, 30, 0).unwrap().iter().all(|v| v.is_nan()));
        assert!(Mavp::batch(&[1e-12; 60], &[5.0; 60], 2, 30, 1).unwrap()[29..].iter().all(|v| v.is_finite()));
        let wild = [f64::NAN, f64::INFINITY, -1.0, 0.0, f64::MAX];
        let prices: Vec<f64> = (0..100).map(|i| wild[i % 5]).collect();
        let periods: Vec<f64> = (0..100).map(|i| wild[(i / 5) % 5]).collect();
        for ma_type in [0, 1, 6, 7, 8] {
            assert_eq!(Mavp::batch(&prices, &periods, 2, 30, ma_type).unwrap().len(), 100);
        }
        assert_eq!(clamp_period(2.99, 2, 30), 2);
        assert_eq!(clamp_period(1.9, 2, 30), 2);
        assert_eq!(clamp_period(f64::NAN, 2, 30), 2);
        assert_eq!(clamp_period(3e9, 2, 30), 30);
    }

    const SMA_REFERENCE: &[(usize, f64)] = &[
        (29, 109.11065751270564),
        (30, 105.49168267122779),
        (31, 101.76527174661857),
        (33, 96.45140648307132),
        (35, 103.33217619925189),
        (40, 98.06580659419234),
        (47, 100.665781071221),
        (50, 99.07879055045656),
        (61, 97.74342742333043),
        (77, 107.05000623965356),
        (99, 97.73782862579887),
        (128, 103.25333040355423),
        (150, 105.27030196949065),
        (199, 116.89650945077581),
    ];
    const EMA_REFERENCE: &[(usize, f64)] = &[
        (29, 109.11065751270564),
        (30, 104.56223264028414),
        (31, 101.39717326479625),
        (33, 96.46302345183543),
        (35, 98.76031382274046),
        (40, 94.98778799519846),
        (47, 100.82224777775441),
        (50, 102.47543217375447),
        (61, 98.29936621098),
        (77, 103.54782183120838),
        (99, 97.91460527405361),
        (128, 104.56903785350535),
        (150, 104.59619837709506),
        (199, 114.65073273254941),
    ];
    const KAMA_REFERENCE: &[(usize, f64)] = &[
        (30, 106.38900907929322),
        (31, 106.42831157449545),
        (33, 98.33984317222354),
        (35, 104.03326497011153),
        (40, 96.51517774685183),
        (47, 101.18458029859441),
        (50, 104.11681052265723),
        (61, 99.03627124583313),
        (77, 105.45211869820795),
        (99, 99.31981470584307),
        (128, 106.45831575597882),
        (150, 105.0132768503664),
        (199, 115.8116161708955),
    ];
}
