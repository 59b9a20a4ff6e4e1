use super::vwap_bands::{Bands, VwapSums, BAND_PARAMS, OUTPUTS};
use super::{check_signed, collect, column, emit, integer_param, real_param, rows, signed_param, time_ms};
use crate::bar::{Bar, Input};
use crate::error::Error;
use crate::registry::{IndicatorDef, Streaming};

/// Anchored VWAP: the volume-weighted average of the typical price `(high + low +
/// close) / 3` over every bar whose open time is at or after `anchor` (Unix ms), with
/// bands at `nbdev1` and `nbdev2` volume-weighted standard deviations of the typical
/// price over the same bars.
///
/// Bars that open before the anchor give NaN and add nothing (a bar that merely
/// contains the anchor instant also opens before it). Bars with a non-finite price or
/// volume, or volume <= 0, add nothing; until some volume is added the outputs are NaN.
/// Outputs: `vwap, upperband1, lowerband1, upperband2, lowerband2`.
///
/// ```
/// use sigil_core::indicators::AnchoredVwap;
/// let mut vwap = AnchoredVwap::new(1_000, 1.0, 2.0).unwrap();
/// assert!(vwap.update(0, 50.0, 50.0, 50.0, 9.0)[0].is_nan()); // before the anchor
/// assert_eq!(vwap.update(1_000, 10.0, 10.0, 10.0, 1.0)[0], 10.0);
/// assert_eq!(vwap.peek(2_000, 13.0, 13.0, 13.0, 2.0), [12.0, 12.0 + 2f64.sqrt(), 12.0 - 2f64.sqrt(), 12.0 + 2.0 * 2f64.sqrt(), 12.0 - 2.0 * 2f64.sqrt()]);
/// ```
#[derive(Debug, Clone)]
pub struct AnchoredVwap {
    anchor: i64,
    bands: Bands,
    sums: VwapSums,
}

impl AnchoredVwap {
    pub const NAME: &'static str = "avwap";
    /// The anchor range: ±8.64e15 ms, the range of a JavaScript `Date` (years -271821 to
    /// 275760), and exact as an f64.
    pub const MIN_ANCHOR: i64 = -8_640_000_000_000_000;
    pub const MAX_ANCHOR: i64 = 8_640_000_000_000_000;

    /// `anchor` in Unix ms, in `MIN_ANCHOR..=MAX_ANCHOR`; multipliers in 0..=1000.
    pub fn new(anchor: i64, nbdev1: f64, nbdev2: f64) -> Result<AnchoredVwap, Error> {
        check_signed(Self::NAME, "anchor", anchor, Self::MIN_ANCHOR, Self::MAX_ANCHOR)?;
        Ok(AnchoredVwap { anchor, bands: Bands::new(Self::NAME, nbdev1, nbdev2)?, sums: VwapSums::default() })
    }

    /// No fixed warm-up: the leading NaN bars are those before the anchor.
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
        anchor: i64,
        nbdev1: f64,
        nbdev2: f64,
    ) -> Result<Vec<Vec<f64>>, Error> {
        let mut vwap = AnchoredVwap::new(anchor, nbdev1, nbdev2)?;
        Ok(run(&mut vwap, time, high, low, close, volume))
    }

    #[inline]
    pub fn update(&mut self, time: i64, high: f64, low: f64, close: f64, volume: f64) -> [f64; 5] {
        if time < self.anchor {
            return [f64::NAN; 5];
        }
        self.sums.add(high, low, close, volume);
        self.sums.output(&self.bands)
    }

    #[inline]
    pub fn peek(&self, time: i64, high: f64, low: f64, close: f64, volume: f64) -> [f64; 5] {
        if time < self.anchor {
            return [f64::NAN; 5];
        }
        let mut sums = self.sums;
        sums.add(high, low, close, volume);
        sums.output(&self.bands)
    }

    pub fn reset(&mut self) {
        self.sums = VwapSums::default();
    }
}

fn run(vwap: &mut AnchoredVwap, time: &[f64], high: &[f64], low: &[f64], close: &[f64], volume: &[f64]) -> Vec<Vec<f64>> {
    let n = rows(&[time, high, low, close, volume]);
    collect(n, |i| vwap.update(time_ms(time[i]), high[i], low[i], close[i], volume[i]))
}

impl Streaming for AnchoredVwap {
    fn update(&mut self, bar: &Bar, out: &mut [f64]) {
        emit(out, &AnchoredVwap::update(self, bar.time, bar.high, bar.low, bar.close, bar.volume));
    }
    fn peek(&self, bar: &Bar, out: &mut [f64]) {
        emit(out, &AnchoredVwap::peek(self, bar.time, bar.high, bar.low, bar.close, bar.volume));
    }
    fn reset(&mut self) {
        AnchoredVwap::reset(self);
    }
}

fn build(p: &[f64]) -> Result<AnchoredVwap, Error> {
    AnchoredVwap::new(signed_param(p, 0), real_param(p, 1), real_param(p, 2))
}

pub(crate) static DEF: IndicatorDef = IndicatorDef {
    name: AnchoredVwap::NAME,
    title: "Anchored VWAP with standard-deviation bands",
    group: "Volume Indicators",
    inputs: &[Input::Time, Input::High, Input::Low, Input::Close, Input::Volume],
    params: &[
        integer_param(
            "anchor",
            0,
            AnchoredVwap::MIN_ANCHOR,
            AnchoredVwap::MAX_ANCHOR,
            "Start time in Unix ms: bars opening before it are NaN",
        ),
        BAND_PARAMS[0],
        BAND_PARAMS[1],
    ],
    outputs: OUTPUTS,
    overlay: true,
    lookback: |_| AnchoredVwap::lookback(),
    batch: kernel!(|p, c| Ok(run(&mut build(p)?, column(c, 0), column(c, 1), column(c, 2), column(c, 3), column(c, 4)))),
    stream: |p| Ok(Box::new(build(p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Series, Spec};

    #[test]
    fn starts_at_the_anchor_and_never_resets() {
        let time = [0.0, 60_000.0, 120_000.0, 86_400_000.0 * 3.0];
        let high = [100.0, 12.0, 15.0, 9.0];
        let low = [100.0, 9.0, 12.0, 6.0];
        let close = [100.0, 9.0, 15.0, 6.0]; // typical prices 100, 10, 14, 7
        let volume = [5.0, 1.0, 3.0, 4.0];
        let out = AnchoredVwap::batch(&time, &high, &low, &close, &volume, 60_000, 1.0, 2.0).unwrap();
        assert!(out.iter().all(|c| c[0].is_nan()));
        assert_eq!(out[0][1..], [10.0, 13.0, 10.0]); // (10 + 42) / 4, (52 + 28) / 8
                                                     // Bar 3: mean 10, variance (0 + 3 * 16 + 4 * 9) / 8 = 10.5.
        let sigma = 10.5f64.sqrt();
        assert!((out[1][3] - (10.0 + sigma)).abs() < 1e-12 && (out[4][3] - (10.0 - 2.0 * sigma)).abs() < 1e-12);
    }

    #[test]
    fn through_the_registry() {
        let time = [-5.0, 5.0];
        let price = [1.0, 2.0];
        let series = Series { time: &time, high: &price, low: &price, close: &price, volume: &[1.0, 1.0], ..Series::default() };
        let out = Spec::parse("avwap:0:1:2").unwrap().compute(&series).unwrap();
        assert!(out[0][0].is_nan());
        assert_eq!(out[0][1], 2.0);
        let message = Spec::parse("avwap:9000000000000000").unwrap_err().to_string();
        assert!(message.contains("anchor"), "{message}");
        assert!(AnchoredVwap::new(0, 1.0, -2.0).unwrap_err().to_string().contains("nbdev2"));
        // Without the time column the registry asks for it.
        let missing = Spec::parse("avwap").unwrap().compute(&Series {
            high: &price,
            low: &price,
            close: &price,
            volume: &price,
            ..Series::default()
        });
        assert!(missing.unwrap_err().to_string().contains("'time'"));
    }

    #[test]
    fn non_finite_inputs_and_short_input() {
        let nan = f64::NAN;
        let out = AnchoredVwap::batch(
            &[0.0, 1.0, 2.0],
            &[nan, 4.0, 5.0],
            &[1.0, 4.0, 5.0],
            &[1.0, 4.0, 5.0],
            &[1.0, f64::INFINITY, 1.0],
            0,
            1.0,
            2.0,
        )
        .unwrap();
        assert!(out[0][0].is_nan() && out[0][1].is_nan());
        assert_eq!(out[0][2], 5.0);
        assert!(AnchoredVwap::batch(&[], &[], &[], &[], &[], 0, 1.0, 2.0).unwrap().iter().all(Vec::is_empty));
    }
}
