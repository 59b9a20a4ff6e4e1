use super::calendar::{offset_ms, period_key, Anchor, ANCHOR_NAMES, MAX_OFFSET_MINUTES, MIN_OFFSET_MINUTES};
use super::vwap_bands::{Bands, VwapSums, BAND_PARAMS, OUTPUTS};
use super::{choice_param, collect, column, emit, integer_param, real_param, rows, signed_param, time_ms};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::registry::{IndicatorDef, ParamDef, ParamKind, Streaming, Variant};

/// Session VWAP: the volume-weighted average of the typical price `(high + low +
/// close) / 3` since the start of the bar's day, week (from Monday) or month, at a
/// fixed UTC offset, with bands at `nbdev1` and `nbdev2` volume-weighted standard
/// deviations of the typical price since that start.
///
/// A session starts at the first bar whose open time falls in a different period than
/// the previous bar's (so a bar going back in time also starts one). Bars with a
/// non-finite price or volume, or volume <= 0, add nothing; while a session has no
/// volume yet every output is NaN (as pandas-ta-classic and talipp give it).
/// Outputs: `vwap, upperband1, lowerband1, upperband2, lowerband2`.
///
/// ```
/// use sigil_core::indicators::{Anchor, SessionVwap};
/// let mut vwap = SessionVwap::new(Anchor::Day, 0, 1.0, 2.0).unwrap();
/// let hour = 3_600_000;
/// assert_eq!(vwap.update(23 * hour, 10.0, 10.0, 10.0, 1.0)[0], 10.0);
/// assert_eq!(vwap.peek(23 * hour, 13.0, 13.0, 13.0, 2.0)[0], 12.0); // same day
/// assert_eq!(vwap.update(24 * hour, 13.0, 13.0, 13.0, 2.0)[0], 13.0); // the next day starts afresh
/// assert!(SessionVwap::new(Anchor::Day, 900, 1.0, 2.0).unwrap_err().to_string().contains("offset"));
/// ```
#[derive(Debug, Clone)]
pub struct SessionVwap {
    anchor: Anchor,
    offset_ms: i64,
    bands: Bands,
    session: Option<i64>,
    sums: VwapSums,
}

impl SessionVwap {
    pub const NAME: &'static str = "svwap";

    /// `offset_minutes` in -720..=840 (UTC-12:00 to UTC+14:00); multipliers in 0..=1000.
    pub fn new(anchor: Anchor, offset_minutes: i64, nbdev1: f64, nbdev2: f64) -> Result<SessionVwap, Error> {
        Ok(SessionVwap {
            anchor,
            offset_ms: offset_ms(Self::NAME, offset_minutes)?,
            bands: Bands::new(Self::NAME, nbdev1, nbdev2)?,
            session: None,
            sums: VwapSums::default(),
        })
    }

    pub fn lookback() -> usize {
        0
    }

    /// `[vwap, upperband1, lowerband1, upperband2, lowerband2]` columns; `time` in Unix ms.
    #[allow(clippy::too_many_arguments)]
    pub fn batch(
        time: &[f64],
        high: &[f64],
        low: &[f64],
        close: &[f64],
        volume: &[f64],
        anchor: Anchor,
        offset_minutes: i64,
        nbdev1: f64,
        nbdev2: f64,
    ) -> Result<Vec<Vec<f64>>, Error> {
        let mut vwap = SessionVwap::new(anchor, offset_minutes, nbdev1, nbdev2)?;
        let n = rows(&[time, high, low, close, volume]);
        Ok(collect(n, |i| vwap.update(time_ms(time[i]), high[i], low[i], close[i], volume[i])))
    }

    /// `[vwap, upperband1, lowerband1, upperband2, lowerband2]` after this bar.
    #[inline]
    pub fn update(&mut self, time: i64, high: f64, low: f64, close: f64, volume: f64) -> [f64; 5] {
        let (session, sums) = self.advance(time, high, low, close, volume);
        self.session = Some(session);
        self.sums = sums;
        sums.output(&self.bands)
    }

    #[inline]
    pub fn peek(&self, time: i64, high: f64, low: f64, close: f64, volume: f64) -> [f64; 5] {
        self.advance(time, high, low, close, volume).1.output(&self.bands)
    }

    pub fn reset(&mut self) {
        self.session = None;
        self.sums = VwapSums::default();
    }

    #[inline]
    fn advance(&self, time: i64, high: f64, low: f64, close: f64, volume: f64) -> (i64, VwapSums) {
        let session = period_key(self.anchor, time, self.offset_ms);
        let mut sums = if self.session == Some(session) { self.sums } else { VwapSums::default() };
        sums.add(high, low, close, volume);
        (session, sums)
    }
}

impl Streaming for SessionVwap {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &SessionVwap::update(self, bar.time, bar.high, bar.low, bar.close, bar.volume));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &SessionVwap::peek(self, bar.time, bar.high, bar.low, bar.close, bar.volume));
    }
    fn reset(&mut self) {
        SessionVwap::reset(self);
    }
}

fn build(p: &[f64]) -> Result<SessionVwap, Error> {
    let anchor = Anchor::from_index(choice_param(p, 0)).unwrap_or_default();
    SessionVwap::new(anchor, signed_param(p, 1), real_param(p, 2), real_param(p, 3))
}

/// The session parameters, shared with TradingView-mode `vwap`.
const SESSION_PARAMS: [ParamDef; 2] = [
    ParamDef {
        name: "anchor",
        kind: ParamKind::Choice(ANCHOR_NAMES),
        default: 0.0,
        description: "Session length: day, week (from Monday) or month",
    },
    integer_param(
        "offset",
        0,
        MIN_OFFSET_MINUTES,
        MAX_OFFSET_MINUTES,
        "UTC offset of the session clock in minutes (e.g. -300 = New York winter)",
    ),
];

const INPUTS: &[Input] = &[Input::Time, Input::High, Input::Low, Input::Close, Input::Volume];

/// `vwap` in TradingView mode: TradingView's VWAP restarts every session (by default
/// each UTC day), where TA-Lib's runs from the first bar. The line is this session
/// VWAP's; the bands stay with `svwap`.
pub(crate) static TRADINGVIEW_VWAP: Variant = Variant {
    params: &SESSION_PARAMS,
    note: "TradingView's VWAP (anchor 'Session'): restarts each session, by default every UTC day (parameters anchor =            day|week|month and offset = UTC offset in minutes), so it also reads the time column; TA-Lib's VWAP runs from the            first bar and takes no parameters. The same line as svwap (which adds the bands).",
    inputs: Some(INPUTS),
    lookback: |_| SessionVwap::lookback(),
    batch: kernel!(|p, c| {
        let anchor = Anchor::from_index(choice_param(p, 0)).unwrap_or_default();
        let mut vwap = SessionVwap::new(anchor, signed_param(p, 1), 1.0, 2.0)?;
        let (time, high, low, close, volume) = (column(c, 0), column(c, 1), column(c, 2), column(c, 3), column(c, 4));
        let n = rows(&[time, high, low, close, volume]);
        Ok(collect(n, |i| [vwap.update(time_ms(time[i]), high[i], low[i], close[i], volume[i])[0]]))
    }),
    stream: |p| {
        let anchor = Anchor::from_index(choice_param(p, 0)).unwrap_or_default();
        // Streaming fills only the caller's one output slot: the VWAP line.
        Ok(Box::new(SessionVwap::new(anchor, signed_param(p, 1), 1.0, 2.0)?))
    },
};

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: SessionVwap::NAME,
    title: "Session VWAP with standard-deviation bands",
    group: "Volume Indicators",
    inputs: INPUTS,
    params: &[SESSION_PARAMS[0], SESSION_PARAMS[1], BAND_PARAMS[0], BAND_PARAMS[1]],
    outputs: OUTPUTS,
    overlay: true,
    lookback: |_| SessionVwap::lookback(),
    batch: kernel!(|p, c| {
        let mut vwap = build(p)?;
        let (time, high, low, close, volume) = (column(c, 0), column(c, 1), column(c, 2), column(c, 3), column(c, 4));
        let n = rows(&[time, high, low, close, volume]);
        Ok(collect(n, |i| vwap.update(time_ms(time[i]), high[i], low[i], close[i], volume[i])))
    }),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn tradingview_vwap_is_the_session_line() {
        use crate::{Mode, Series, Spec};
        let start = 1_381_096_800_000.0;
        let time: Vec<f64> = (0..4).map(|i| start + i as f64 * HOUR).collect();
        let price = [10.0, 20.0, 30.0, 40.0];
        let volume = [1.0; 4];
        let series = Series { time: &time, high: &price, low: &price, close: &price, volume: &volume, ..Series::default() };
        let tv = Spec::parse_in("vwap", Mode::TradingView).unwrap();
        assert_eq!(tv.to_string(), "vwap:day:0");
        assert_eq!(tv.compute(&series).unwrap(), vec![vec![10.0, 15.0, 30.0, 35.0]]); // restarts at UTC midnight
        assert_eq!(Spec::parse_in("vwap:week", Mode::TradingView).unwrap().compute(&series).unwrap()[0], [10.0, 15.0, 30.0, 35.0]);
        assert_eq!(Spec::parse("vwap").unwrap().compute(&series).unwrap()[0], [10.0, 15.0, 20.0, 25.0]); // TA-Lib: from bar 0
                                                                                                         // Without a time column the TradingView variant reports the missing input.
        let no_time = Series { high: &price, low: &price, close: &price, volume: &volume, ..Series::default() };
        assert!(tv.compute(&no_time).unwrap_err().to_string().contains("time"));
        let mut stream = tv.stream().unwrap();
        let bars: Vec<f64> = time
            .iter()
            .zip(price)
            .map(|(&t, p)| {
                let bar = crate::Bar { time: t as i64, open: p, high: p, low: p, close: p, volume: 1.0, periods: f64::NAN };
                stream.update(&bar)[0]
            })
            .collect();
        assert_eq!(bars, [10.0, 15.0, 30.0, 35.0]);
    }

    #[test]
    fn resets_by_day_week_and_month_at_the_offset() {
        // 2013-10-06 22:00 UTC (Sunday), then hourly to Monday 01:00 UTC.
        let start = 1_381_096_800_000.0;
        let time: Vec<f64> = (0..4).map(|i| start + i as f64 * HOUR).collect();
        let price = [10.0, 20.0, 30.0, 40.0];
        let volume = [1.0; 4];
        let vwap =
            |anchor, offset| SessionVwap::batch(&time, &price, &price, &price, &volume, anchor, offset, 1.0, 2.0).unwrap()[0].clone();
        assert_eq!(vwap(Anchor::Day, 0), [10.0, 15.0, 30.0, 35.0]); // UTC midnight before bar 2
        assert_eq!(vwap(Anchor::Week, 0), [10.0, 15.0, 30.0, 35.0]); // it is also Monday
        assert_eq!(vwap(Anchor::Month, 0), [10.0, 15.0, 20.0, 25.0]);
        assert_eq!(vwap(Anchor::Day, 60), [10.0, 20.0, 25.0, 30.0]); // UTC+1: midnight before bar 1
        assert_eq!(vwap(Anchor::Day, -120), [10.0, 15.0, 20.0, 25.0]); // UTC-2: still Sunday
    }

    #[test]
    fn bands_are_the_session_weighted_deviation() {
        let time = [0.0, HOUR, 2.0 * HOUR];
        let price = [10.0, 13.0, 7.0];
        let [vwap, upper1, lower1, upper2, lower2]: [Vec<f64>; 5] =
            SessionVwap::batch(&time, &price, &price, &price, &[1.0, 2.0, 3.0], Anchor::Day, 0, 1.0, 3.0).unwrap().try_into().unwrap();
        // Bar 2: mean (10 + 26 + 21) / 6 = 9.5; variance (0.25 + 2 * 12.25 + 3 * 6.25) / 6 = 43.5 / 6.
        let sigma = (43.5f64 / 6.0).sqrt();
        assert_eq!(vwap[2], 9.5);
        assert!((upper1[2] - (9.5 + sigma)).abs() < 1e-12 && (lower1[2] - (9.5 - sigma)).abs() < 1e-12);
        assert!((upper2[2] - (9.5 + 3.0 * sigma)).abs() < 1e-12 && (lower2[2] - (9.5 - 3.0 * sigma)).abs() < 1e-12);
        assert_eq!((upper1[0], lower1[0]), (10.0, 10.0));
    }

    #[test]
    fn zero_volume_nan_inputs_and_short_input() {
        let time = [0.0, HOUR, 2.0 * HOUR, 25.0 * HOUR];
        let price = [10.0, f64::NAN, 12.0, 11.0];
        let out = SessionVwap::batch(&time, &price, &price, &price, &[0.0, 5.0, 1.0, 0.0], Anchor::Day, 0, 1.0, 2.0).unwrap();
        assert!(out[0][0].is_nan() && out[0][1].is_nan()); // no volume yet, the NaN bar skipped
        assert_eq!(out[0][2], 12.0);
        assert!(out.iter().all(|c| c[3].is_nan())); // a new day without volume
        assert!(SessionVwap::batch(&[], &[], &[], &[], &[], Anchor::Day, 0, 1.0, 2.0).unwrap().iter().all(Vec::is_empty));
    }

    #[test]
    fn parameters_are_named_in_errors() {
        assert!(SessionVwap::new(Anchor::Day, -721, 1.0, 2.0).unwrap_err().to_string().contains("-720..=840"));
        assert!(SessionVwap::new(Anchor::Day, 0, 1001.0, 2.0).unwrap_err().to_string().contains("nbdev1"));
        let message = crate::Spec::parse("svwap:year").unwrap_err().to_string();
        assert!(message.contains("anchor") && message.contains("day, week, month"), "{message}");
    }

    /// `time,<output>` reference CSV rows: (time, value) with NaN for empty fields.
    fn read_reference(path: &Path) -> Vec<(f64, f64)> {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines()
            .skip(1)
            .map(|line| {
                let mut fields = line.split(',');
                let number = |f: Option<&str>| f.filter(|s| !s.is_empty()).map_or(f64::NAN, |s| s.parse().unwrap());
                (number(fields.next()), number(fields.next()))
            })
            .collect()
    }

    /// The data CSV's (time, high, low, close, volume) columns.
    fn read_data(path: &Path) -> [Vec<f64>; 5] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let index = |name| header.iter().position(|h| *h == name).unwrap();
        let wanted = [index("time"), index("high"), index("low"), index("close"), index("volume")];
        let mut columns: [Vec<f64>; 5] = Default::default();
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            for (column, &i) in columns.iter_mut().zip(&wanted) {
                column.push(fields[i].parse().unwrap_or(f64::NAN));
            }
        }
        columns
    }

    fn check_against(data: &Path, reference: &Path) -> usize {
        let [time, high, low, close, volume] = read_data(data);
        let expected = read_reference(reference);
        assert_eq!(expected.len(), time.len(), "{}", reference.display());
        let out = &SessionVwap::batch(&time, &high, &low, &close, &volume, Anchor::Day, 0, 1.0, 2.0).unwrap()[0];
        for (i, ((t, want), got)) in expected.iter().zip(out).enumerate() {
            assert_eq!(*t, time[i], "{}: row {i} time", reference.display());
            let ok = if want.is_nan() { got.is_nan() } else { (got - want).abs() <= 1e-12 * want.abs() };
            assert!(ok, "{}: row {i}: {got} vs {want}", reference.display());
        }
        expected.len()
    }

    #[test]
    fn matches_the_reference_libraries_on_the_fixture() {
        // An hourly slice with a zero-volume outage inside a day, and daily bars with
        // zero-volume days (NaN in both libraries).
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reference");
        for series in ["btcusd_coinbase_1h_2018-08", "btcusd_coinbase_1d_head"] {
            for library in ["pandas_ta_classic", "talipp"] {
                let rows = check_against(&root.join(series).join("data.csv"), &root.join(series).join(library).join("VWAP.csv"));
                assert_eq!(rows, if series.ends_with("head") { 200 } else { 288 });
            }
        }
    }

    #[test]
    fn bands_match_a_two_pass_deviation_on_real_bars() {
        // The references have no bands: recompute each bar's session deviation from
        // scratch (mean first, then the weighted squared deviations around it).
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reference/btcusd_coinbase_1h_2018-08");
        let [time, high, low, close, volume] = read_data(&root.join("data.csv"));
        let out = SessionVwap::batch(&time, &high, &low, &close, &volume, Anchor::Day, 0, 1.5, 2.5).unwrap();
        let day = |i: usize| (time[i] / 86_400_000.0).floor();
        // `i` names a bar across five columns and the session filter, not one slice.
        #[allow(clippy::needless_range_loop)]
        for i in 0..time.len() {
            let session: Vec<usize> = (0..=i).filter(|&j| day(j) == day(i) && volume[j] > 0.0).collect();
            let typical = |j: usize| (high[j] + low[j] + close[j]) / 3.0;
            let weight: f64 = session.iter().map(|&j| volume[j]).sum();
            if weight == 0.0 {
                assert!(out[0][i].is_nan());
                continue;
            }
            let mean = session.iter().map(|&j| typical(j) * volume[j]).sum::<f64>() / weight;
            let sigma = (session.iter().map(|&j| volume[j] * (typical(j) - mean).powi(2)).sum::<f64>() / weight).sqrt();
            let expected = [mean, mean + 1.5 * sigma, mean - 1.5 * sigma, mean + 2.5 * sigma, mean - 2.5 * sigma];
            for (k, e) in expected.iter().enumerate() {
                assert!((out[k][i] - e).abs() <= 1e-12 * e.abs(), "bar {i} output {k}: {} vs {e}", out[k][i]);
            }
            // The half-width alone, which the price level would hide.
            let width = (out[3][i] - out[4][i]) / 5.0;
            assert!((width - sigma).abs() <= 1e-9 * sigma + 1e-10, "bar {i}: σ {width} vs {sigma}");
        }
    }

    /// Every series of `../shared` when it is present (the extended run).
    #[test]
    fn matches_the_reference_libraries_on_shared_series() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
        let Ok(series) = std::fs::read_dir(shared.join("reference/talipp")) else { return };
        let mut checked = 0;
        for entry in series.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let data = shared.join("data").join(format!("{name}.csv"));
            for library in ["pandas_ta_classic", "talipp"] {
                let reference = shared.join("reference").join(library).join(&name).join("VWAP.csv");
                if data.is_file() && reference.is_file() {
                    check_against(&data, &reference);
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "../shared/reference is present but no VWAP.csv was checked");
    }
}
