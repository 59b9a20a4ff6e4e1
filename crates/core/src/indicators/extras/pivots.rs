use super::calendar::{offset_ms, period_key, Anchor, ANCHOR_NAMES, MAX_OFFSET_MINUTES, MIN_OFFSET_MINUTES};
use super::{choice_param, collect, column, emit, integer_param, rows, signed_param, time_ms};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming};

/// The names of [`PivotMethod`] as the spec grammar writes them.
const METHOD_NAMES: &[&str] = &["classic", "fibonacci", "camarilla", "woodie", "demark"];

/// How the levels are derived from the previous period's open `O`, high `H`, low `L`,
/// close `C` and range `R = H - L`.
///
/// | method | pp | r1 / s1 | r2 / s2 | r3 / s3 | r4 / s4 |
/// | --- | --- | --- | --- | --- | --- |
/// | classic | (H+L+C)/3 | 2pp-L / 2pp-H | pp±R | pp±2R | pp±3R |
/// | fibonacci | (H+L+C)/3 | pp±0.382R | pp±0.618R | pp±R | NaN |
/// | camarilla | (H+L+C)/3 | C±1.1R/12 | C±1.1R/6 | C±1.1R/4 | C±1.1R/2 |
/// | woodie | (H+L+2C)/4 | 2pp-L / 2pp-H | pp±R | H+2(pp-L) / L-2(H-pp) | r3+R / s3-R |
/// | demark | X/4 | X/2-L / X/2-H | NaN | NaN | NaN |
///
/// DeMark's `X` is `H+2L+C` when `C < O`, `2H+L+C` when `C > O`, `H+L+2C` when equal.
/// Woodie's pivot here uses the previous period's close (many platforms, TradingView
/// among them, use the current period's open instead).
///
/// ```
/// use sigil_core::indicators::PivotMethod;
/// assert_eq!(PivotMethod::from_index(4), Some(PivotMethod::Demark));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PivotMethod {
    #[default]
    Classic,
    Fibonacci,
    Camarilla,
    Woodie,
    Demark,
}

impl PivotMethod {
    /// By the index of its name in `classic, fibonacci, camarilla, woodie, demark`.
    pub fn from_index(index: usize) -> Option<PivotMethod> {
        [PivotMethod::Classic, PivotMethod::Fibonacci, PivotMethod::Camarilla, PivotMethod::Woodie, PivotMethod::Demark].get(index).copied()
    }

    /// `[pp, r1, r2, r3, r4, s1, s2, s3, s4]` from one period's OHLC.
    fn levels(self, ohlc: Ohlc) -> [f64; 9] {
        let Ohlc { open, high, low, close } = ohlc;
        let range = high - low;
        let nan = f64::NAN;
        match self {
            PivotMethod::Classic => {
                let pp = (high + low + close) / 3.0;
                [
                    pp,
                    2.0 * pp - low,
                    pp + range,
                    pp + 2.0 * range,
                    pp + 3.0 * range,
                    2.0 * pp - high,
                    pp - range,
                    pp - 2.0 * range,
                    pp - 3.0 * range,
                ]
            }
            PivotMethod::Fibonacci => {
                let pp = (high + low + close) / 3.0;
                [pp, pp + 0.382 * range, pp + 0.618 * range, pp + range, nan, pp - 0.382 * range, pp - 0.618 * range, pp - range, nan]
            }
            PivotMethod::Camarilla => {
                let pp = (high + low + close) / 3.0;
                let step = 1.1 * range;
                let (r1, r2, r3, r4) = (close + step / 12.0, close + step / 6.0, close + step / 4.0, close + step / 2.0);
                [pp, r1, r2, r3, r4, close - step / 12.0, close - step / 6.0, close - step / 4.0, close - step / 2.0]
            }
            PivotMethod::Woodie => {
                let pp = (high + low + 2.0 * close) / 4.0;
                let (r3, s3) = (high + 2.0 * (pp - low), low - 2.0 * (high - pp));
                [pp, 2.0 * pp - low, pp + range, r3, r3 + range, 2.0 * pp - high, pp - range, s3, s3 - range]
            }
            PivotMethod::Demark => {
                let x = if close < open {
                    high + 2.0 * low + close
                } else if close > open {
                    2.0 * high + low + close
                } else {
                    high + low + 2.0 * close
                };
                [x / 4.0, x / 2.0 - low, nan, nan, nan, x / 2.0 - high, nan, nan, nan]
            }
        }
    }
}

/// One period's open (first bar's), high, low and close (last bar's).
#[derive(Debug, Clone, Copy)]
struct Ohlc {
    open: f64,
    high: f64,
    low: f64,
    close: f64,
}

/// Pivot points: support and resistance levels for each day, week (from Monday) or
/// month at a fixed UTC offset, computed from the previous completed period's open,
/// high, low and close, by one of the methods of [`PivotMethod`].
///
/// Periods follow the `time` column: the levels change at the first bar of a new
/// period (a bar whose open time is in another period than the previous bar's, going
/// back in time included) and hold for every bar of it, so the first period is all NaN.
/// "Previous" is the last period that had bars: after a weekend gap Monday's daily
/// levels come from Friday. Bars with a non-finite open, high, low or close are left
/// out of their period; a period without any valid bar gives NaN levels to the next.
/// Outputs: `pp, r1, r2, r3, r4, s1, s2, s3, s4` (NaN for the levels a method lacks).
///
/// ```
/// use sigil_core::indicators::{Anchor, PivotMethod, Pivots};
/// let mut pivots = Pivots::new(PivotMethod::Classic, Anchor::Day, 0).unwrap();
/// let day = 86_400_000;
/// assert!(pivots.update(0, 10.0, 12.0, 8.0, 10.0)[0].is_nan()); // no completed day yet
/// assert!(pivots.update(3_600_000, 10.0, 13.0, 9.0, 11.0)[0].is_nan());
/// // Day 0: H 13, L 8, C 11: pp = 32 / 3, r1 = 2 pp - 8.
/// let levels = pivots.update(day, 11.0, 11.0, 11.0, 11.0);
/// assert_eq!(levels[0], 32.0 / 3.0);
/// assert_eq!(levels[1], 2.0 * (32.0 / 3.0) - 8.0);
/// ```
#[derive(Debug, Clone)]
pub struct Pivots {
    method: PivotMethod,
    anchor: Anchor,
    offset_ms: i64,
    state: PivotState,
}

#[derive(Debug, Clone, Copy)]
struct PivotState {
    period: Option<i64>,
    /// The current period so far (None until a valid bar).
    current: Option<Ohlc>,
    levels: [f64; 9],
}

const NO_LEVELS: [f64; 9] = [f64::NAN; 9];

impl Default for PivotState {
    fn default() -> PivotState {
        PivotState { period: None, current: None, levels: NO_LEVELS }
    }
}

impl Pivots {
    pub const NAME: &'static str = "pivots";

    /// `offset_minutes` in -720..=840 (UTC-12:00 to UTC+14:00).
    pub fn new(method: PivotMethod, anchor: Anchor, offset_minutes: i64) -> Result<Pivots, Error> {
        Ok(Pivots { method, anchor, offset_ms: offset_ms(Self::NAME, offset_minutes)?, state: PivotState::default() })
    }

    /// No fixed warm-up: the first period (however many bars) is NaN.
    pub fn lookback() -> usize {
        0
    }

    /// `[pp, r1, r2, r3, r4, s1, s2, s3, s4]` columns; `time` in Unix ms.
    #[allow(clippy::too_many_arguments)]
    pub fn batch(
        time: &[f64],
        open: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        method: PivotMethod,
        anchor: Anchor,
        offset_minutes: i64,
    ) -> Result<Vec<Vec<f64>>, Error> {
        let mut pivots = Pivots::new(method, anchor, offset_minutes)?;
        Ok(run(&mut pivots, time, open, high, low, close))
    }

    /// `[pp, r1, r2, r3, r4, s1, s2, s3, s4]` for this bar.
    #[inline]
    pub fn update(&mut self, time: i64, open: f64, high: f64, low: f64, close: f64) -> [f64; 9] {
        self.state = self.advance(time, open, high, low, close);
        self.state.levels
    }

    #[inline]
    pub fn peek(&self, time: i64, open: f64, high: f64, low: f64, close: f64) -> [f64; 9] {
        self.advance(time, open, high, low, close).levels
    }

    pub fn reset(&mut self) {
        self.state = PivotState::default();
    }

    #[inline]
    fn advance(&self, time: i64, open: f64, high: f64, low: f64, close: f64) -> PivotState {
        let period = period_key(self.anchor, time, self.offset_ms);
        let mut next = self.state;
        if next.period != Some(period) {
            if next.period.is_some() {
                next.levels = next.current.map_or(NO_LEVELS, |ohlc| self.method.levels(ohlc));
            }
            next.period = Some(period);
            next.current = None;
        }
        if [open, high, low, close].iter().all(|v| v.is_finite()) {
            next.current = Some(match next.current {
                None => Ohlc { open, high, low, close },
                Some(so_far) => Ohlc { open: so_far.open, high: so_far.high.max(high), low: so_far.low.min(low), close },
            });
        }
        next
    }
}

fn run(pivots: &mut Pivots, time: &[f64], open: &[f64], high: &[f64], low: &[f64], close: &[f64]) -> Vec<Vec<f64>> {
    let n = rows(&[time, open, high, low, close]);
    collect(n, |i| pivots.update(time_ms(time[i]), open[i], high[i], low[i], close[i]))
}

impl Streaming for Pivots {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Pivots::update(self, bar.time, bar.open, bar.high, bar.low, bar.close));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &Pivots::peek(self, bar.time, bar.open, bar.high, bar.low, bar.close));
    }
    fn reset(&mut self) {
        Pivots::reset(self);
    }
}

fn build(p: &[f64]) -> Result<Pivots, Error> {
    let method = PivotMethod::from_index(choice_param(p, 0)).unwrap_or_default();
    let anchor = Anchor::from_index(choice_param(p, 1)).unwrap_or_default();
    Pivots::new(method, anchor, signed_param(p, 2))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: Pivots::NAME,
    title: "Pivot Points",
    group: "Overlap Studies",
    inputs: &[Input::Time, Input::Open, Input::High, Input::Low, Input::Close],
    params: &[
        ParamDef {
            name: "method",
            kind: ParamKind::Choice(METHOD_NAMES),
            default: 0.0,
            description: "classic, fibonacci, camarilla, woodie or demark",
        },
        ParamDef {
            name: "period",
            kind: ParamKind::Choice(ANCHOR_NAMES),
            default: 0.0,
            description: "The period whose OHLC gives the next one's levels: day, week (from Monday) or month",
        },
        integer_param(
            "offset",
            0,
            MIN_OFFSET_MINUTES,
            MAX_OFFSET_MINUTES,
            "UTC offset of the period clock in minutes (e.g. -300 = New York winter)",
        ),
    ],
    outputs: &["pp", "r1", "r2", "r3", "r4", "s1", "s2", "s3", "s4"],
    overlay: true,
    lookback: |_| Pivots::lookback(),
    batch: kernel!(|p, c| Ok(run(&mut build(p)?, column(c, 0), column(c, 1), column(c, 2), column(c, 3), column(c, 4)))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3_600_000.0;
    const DAY: f64 = 24.0 * HOUR;

    /// Two bars on day 0 (O 100, H 110, L 90, C 105 overall), one on day 1.
    fn levels(method: PivotMethod) -> Vec<f64> {
        let time = [0.0, HOUR, DAY];
        let out = Pivots::batch(
            &time,
            &[100.0, 98.0, 1.0],
            &[104.0, 110.0, 1.0],
            &[90.0, 95.0, 1.0],
            &[98.0, 105.0, 1.0],
            method,
            Anchor::Day,
            0,
        )
        .unwrap();
        assert!(out.iter().all(|c| c[0].is_nan() && c[1].is_nan()), "{method:?}: the first day has no levels");
        out.iter().map(|c| c[2]).collect()
    }

    fn assert_levels(actual: &[f64], expected: [f64; 9]) {
        for (k, (a, e)) in actual.iter().zip(expected).enumerate() {
            assert!((e.is_nan() && a.is_nan()) || (a - e).abs() < 1e-12, "level {k}: {a} vs {e}");
        }
    }

    #[test]
    fn hand_computed_levels() {
        // H 110, L 90, C 105, O 100, R 20.
        let nan = f64::NAN;
        let pp = 305.0 / 3.0; // 101.666...
        assert_levels(
            &levels(PivotMethod::Classic),
            [pp, 2.0 * pp - 90.0, pp + 20.0, pp + 40.0, pp + 60.0, 2.0 * pp - 110.0, pp - 20.0, pp - 40.0, pp - 60.0],
        );
        assert_levels(&levels(PivotMethod::Fibonacci), [pp, pp + 7.64, pp + 12.36, pp + 20.0, nan, pp - 7.64, pp - 12.36, pp - 20.0, nan]);
        // 1.1 R = 22: steps 22/12, 22/6, 5.5, 11 around C = 105.
        assert_levels(
            &levels(PivotMethod::Camarilla),
            [pp, 105.0 + 22.0 / 12.0, 105.0 + 22.0 / 6.0, 110.5, 116.0, 105.0 - 22.0 / 12.0, 105.0 - 22.0 / 6.0, 99.5, 94.0],
        );
        // Woodie pp = (110 + 90 + 210) / 4 = 102.5; r3 = 110 + 2 * 12.5 = 135, s3 = 90 - 2 * 7.5 = 75.
        assert_levels(&levels(PivotMethod::Woodie), [102.5, 115.0, 122.5, 135.0, 155.0, 95.0, 82.5, 75.0, 55.0]);
        // DeMark, C > O: X = 220 + 90 + 105 = 415.
        assert_levels(&levels(PivotMethod::Demark), [103.75, 117.5, nan, nan, nan, 97.5, nan, nan, nan]);
    }

    #[test]
    fn demark_by_open_versus_close() {
        let at = |open: f64, close: f64| PivotMethod::Demark.levels(Ohlc { open, high: 10.0, low: 2.0, close })[0];
        assert_eq!(at(8.0, 6.0), (10.0 + 4.0 + 6.0) / 4.0);
        assert_eq!(at(4.0, 6.0), (20.0 + 2.0 + 6.0) / 4.0);
        assert_eq!(at(6.0, 6.0), (10.0 + 2.0 + 12.0) / 4.0);
    }

    #[test]
    fn weekly_and_monthly_periods_and_gaps() {
        // 2013-10-04 (Friday) and 2013-10-07 (Monday) UTC noon: a weekend gap.
        let friday = 1_380_888_000_000.0;
        let monday = friday + 3.0 * DAY;
        let time = [friday, monday, monday + HOUR];
        let price = [10.0, 20.0, 30.0];
        let run = |anchor| Pivots::batch(&time, &price, &price, &price, &price, PivotMethod::Classic, anchor, 0).unwrap()[0].clone();
        let daily = run(Anchor::Day);
        assert!(daily[0].is_nan());
        assert_eq!(daily[1..], [10.0, 10.0]); // Monday's levels come from Friday
        let weekly = run(Anchor::Week);
        assert_eq!(weekly[1], 10.0);
        assert!(run(Anchor::Month).iter().all(|v| v.is_nan()));
    }

    #[test]
    fn bad_bars_and_errors() {
        let nan = f64::NAN;
        // Day 0 has only a NaN bar: day 1 gets NaN levels; day 1's valid bar gives day 2's.
        let time = [0.0, DAY, 2.0 * DAY];
        let out = Pivots::batch(
            &time,
            &[nan, 3.0, 1.0],
            &[1.0, 3.0, 1.0],
            &[1.0, 3.0, 1.0],
            &[1.0, 3.0, 1.0],
            PivotMethod::Classic,
            Anchor::Day,
            0,
        )
        .unwrap();
        assert!(out[0][1].is_nan());
        assert_eq!(out[0][2], 3.0);
        assert!(Pivots::new(PivotMethod::Classic, Anchor::Day, 1000).unwrap_err().to_string().contains("offset"));
        let message = crate::Spec::parse("pivots:floor").unwrap_err().to_string();
        assert!(message.contains("method") && message.contains("camarilla"), "{message}");
        assert!(Pivots::batch(&[], &[], &[], &[], &[], PivotMethod::Woodie, Anchor::Month, 0).unwrap().iter().all(Vec::is_empty));
    }
}
