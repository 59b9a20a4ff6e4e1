//! Signal and score tests: hand-worked events on small series, streaming = batch =
//! peek on the BTC fixture, no event before its confirming bar.

use super::*;
use crate::backtest::fixture_bars;
use crate::bar::Bar;
use crate::indicators::{Bbands, Keltner, Rsi};

fn times(n: usize) -> Vec<i64> {
    (0..n as i64).collect()
}

/// (index, kind, direction, strength) of each event.
fn listed(events: &[Option<SignalEvent>]) -> Vec<(usize, SignalKind, Direction, f64)> {
    events.iter().enumerate().filter_map(|(i, e)| e.map(|e| (i, e.kind, e.direction, e.strength))).collect()
}

use Direction::{Bearish, Bullish};
use SignalKind::{CrossOver, CrossUnder, Falling, SqueezeOff, SqueezeOn, ThresholdEnter, ThresholdExit};

#[test]
fn cross_events_by_hand() {
    let a = [1.0, 3.0, 3.0, 2.0, f64::NAN, 5.0, 1.0];
    let b = [2.0, 2.0, 3.0, 4.0, 1.0, 1.0, 2.0];
    // bar 1: gap −1 → +1: over, 1/(1+1) = 0.5
    // bar 2: 3 = 3, not a cross; bar 3: gap 0 → −2: under, 2/(2+0) = 1
    // bar 4 NaN; bar 5: previous is NaN, no cross; bar 6: +4 → −1: under, 1/5
    assert_eq!(
        listed(&Cross::batch(&times(7), &a, &b).unwrap()),
        vec![(1, CrossOver, Bullish, 0.5), (3, CrossUnder, Bearish, 1.0), (6, CrossUnder, Bearish, 0.2)]
    );
    // zero line: 3 → −1 (1/4), −1 → 0 (not above), 0 → 2 (over from 0: 2/2 = 1)
    let z = [3.0, -1.0, 0.0, 2.0];
    assert_eq!(
        listed(&ZeroCross::batch(&times(4), &z).unwrap()),
        vec![(1, SignalKind::ZeroCross, Bearish, 0.25), (3, SignalKind::ZeroCross, Bullish, 1.0)]
    );
    assert!(Cross::batch(&times(3), &a, &b).is_err());
}

#[test]
fn threshold_hysteresis_by_hand() {
    // oversold zone: enter at ≤ 30, leave at > 40 (band 10)
    let x = [50.0, 29.0, 35.0, 31.0, 28.0, 41.0, 45.0, 20.0];
    // bar 1 enters (1 past 30 → 0.1); bars 2-4 stay inside (never above 40); bar 5 leaves
    // (1 past 40 → 0.1), bar 7 enters again (10 past → 1)
    let events = Threshold::batch(&times(8), &x, Zone::Below, 30.0, 40.0).unwrap();
    let got = listed(&events);
    assert_eq!(got.len(), 3);
    assert_eq!((got[0].0, got[0].1, got[0].2), (1, ThresholdEnter, Bearish));
    assert!((got[0].3 - 0.1).abs() < 1e-12);
    assert_eq!((got[1].0, got[1].1, got[1].2), (5, ThresholdExit, Bullish));
    assert!((got[1].3 - 0.1).abs() < 1e-12);
    assert_eq!((got[2].0, got[2].3), (7, 1.0));
    assert!(Threshold::new(Zone::Below, 30.0, 20.0).is_err());
    assert!(Threshold::new(Zone::Above, f64::NAN, 20.0).is_err());
}

#[test]
fn runs_and_breakouts_by_hand() {
    // falls 3 times, then flat, then rises: Falling at bars 3 (run 3 → 3/6) only after run ≥ 3
    let x = [5.0, 4.0, 3.0, 2.0, 2.0, 3.0];
    assert_eq!(listed(&Run::batch(&times(6), &x, 3).unwrap()), vec![(3, Falling, Bearish, 0.5)]);
    assert!(Run::new(0).is_err());

    // channel of the 2 previous bars
    let high = [10.0, 12.0, 11.0, 11.5, 9.0];
    let low = [8.0, 9.0, 9.5, 10.0, 7.0];
    let close = [9.0, 11.0, 12.5, 10.5, 8.5];
    // bar 2: channel 8..12 (width 4), close 12.5 → 0.5/4; bar 3: channel 9..12, inside;
    // bar 4: channel 9.5..11.5 (width 2), close 8.5 is 1 below → 0.5
    let events = Breakout::batch(&times(5), &high, &low, &close, 2).unwrap();
    assert_eq!(listed(&events), vec![(2, SignalKind::Breakout, Bullish, 0.125), (4, SignalKind::Breakout, Bearish, 0.5)]);
}

#[test]
fn divergence_by_hand_and_without_lookahead() {
    // swing lows (left 2, right 2) at bar 2 (price 8, osc 20) and bar 7 (price 7, osc 30):
    // a lower low in price, a higher low in the oscillator: bullish, confirmed at bar 9.
    let price = [10.0, 9.0, 8.0, 9.0, 10.0, 9.5, 8.5, 7.0, 7.5, 8.0, 9.0];
    let osc = [40.0, 30.0, 20.0, 35.0, 45.0, 40.0, 35.0, 30.0, 38.0, 42.0, 50.0];
    let events = Divergence::batch(&times(11), &price, &osc, 2, 2, 20).unwrap();
    // strength 2·|30 − 20| / (30 + 20) = 0.4
    let got = listed(&events);
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1, got[0].2), (9, SignalKind::Divergence, Bullish));
    assert!((got[0].3 - 0.4).abs() < 1e-12);
    // too far apart for max_gap 4 (5 bars between the swings)
    assert!(listed(&Divergence::batch(&times(11), &price, &osc, 2, 2, 4).unwrap()).is_empty());
    // cut the series at bar 8: the second swing is not confirmed yet, so no event
    assert!(listed(&Divergence::batch(&times(9), &price[..9], &osc[..9], 2, 2, 20).unwrap()).is_empty());

    // On real data: the events over any prefix are exactly the full run's events over that
    // prefix (nothing emitted early and revised later).
    let bars = fixture_bars();
    let close: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let rsi = Rsi::batch(&close, 14).unwrap();
    let t: Vec<i64> = bars.iter().map(|b| b.time).collect();
    let full = Divergence::batch(&t, &close, &rsi, 5, 5, 60).unwrap();
    assert!(full.iter().flatten().count() > 0);
    for cut in [100, 333, 500, 700] {
        let part = Divergence::batch(&t[..cut], &close[..cut], &rsi[..cut], 5, 5, 60).unwrap();
        assert_eq!(part[..], full[..cut]);
    }
}

#[test]
fn squeeze_matches_bbands_inside_keltner() {
    let bars = fixture_bars();
    let (t, h, l, c): (Vec<i64>, Vec<f64>, Vec<f64>, Vec<f64>) = (
        bars.iter().map(|b| b.time).collect(),
        bars.iter().map(|b| b.high).collect(),
        bars.iter().map(|b| b.low).collect(),
        bars.iter().map(|b| b.close).collect(),
    );
    let events = Squeeze::batch(&t, &h, &l, &c, 20, 2.0, 10, 1.5).unwrap();
    let [bb_up, _, bb_low] = Bbands::batch(&c, 20, 2.0, 2.0, 0).unwrap();
    let [kc_up, _, kc_low] = Keltner::batch(&h, &l, &c, 20, 10, 1.5).unwrap();
    let mut on = false;
    let mut count = 0;
    for i in 0..bars.len() {
        if bb_up[i].is_nan() || kc_up[i].is_nan() {
            assert!(events[i].is_none());
            continue;
        }
        let now = bb_up[i] < kc_up[i] && bb_low[i] > kc_low[i];
        let expected = match (on, now) {
            (false, true) => Some(SqueezeOn),
            (true, false) => Some(SqueezeOff),
            _ => None,
        };
        assert_eq!(events[i].map(|e| e.kind), expected, "bar {i}");
        count += expected.is_some() as usize;
        on = now;
    }
    assert!(count >= 2, "{count} squeeze events");
}

/// Streaming, peek and reset agree with batch for every primitive on the fixture.
#[test]
fn streaming_peek_reset_agree_with_batch() {
    let bars = fixture_bars();
    let t: Vec<i64> = bars.iter().map(|b| b.time).collect();
    let c: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let rsi = Rsi::batch(&c, 14).unwrap();
    let ema = crate::indicators::Ema::batch(&c, 20).unwrap();
    let batches = [
        Cross::batch(&t, &c, &ema).unwrap(),
        Threshold::batch(&t, &rsi, Zone::Above, 70.0, 65.0).unwrap(),
        Run::batch(&t, &c, 3).unwrap(),
        Divergence::batch(&t, &c, &rsi, 3, 3, 50).unwrap(),
    ];
    for events in &batches {
        assert!(events.iter().flatten().all(|e| (0.0..=1.0).contains(&e.strength)));
        assert!(events.iter().flatten().count() > 0);
    }
    let mut cross = Cross::new();
    let mut threshold = Threshold::new(Zone::Above, 70.0, 65.0).unwrap();
    let mut run = Run::new(3).unwrap();
    let mut divergence = Divergence::new(3, 3, 50).unwrap();
    let mut breakout = Breakout::new(20).unwrap();
    let mut squeeze = Squeeze::new(20, 2.0, 10, 1.5).unwrap();
    let mut score = Score::new(ScoreConfig::default()).unwrap();
    for pass in 0..2 {
        let mut breakouts = Vec::new();
        let mut squeezes = Vec::new();
        for (i, bar) in bars.iter().enumerate() {
            let streamed = [
                (cross.peek(t[i], c[i], ema[i]), cross.update(t[i], c[i], ema[i])),
                (threshold.peek(t[i], rsi[i]), threshold.update(t[i], rsi[i])),
                (run.peek(t[i], c[i]), run.update(t[i], c[i])),
                (divergence.peek(t[i], c[i], rsi[i]), divergence.update(t[i], c[i], rsi[i])),
            ];
            for (k, (peeked, updated)) in streamed.iter().enumerate() {
                assert_eq!(peeked, updated, "primitive {k} bar {i}");
                assert_eq!(*updated, batches[k][i], "primitive {k} bar {i}");
            }
            let p = breakout.peek(bar.time, bar.high, bar.low, bar.close);
            breakouts.push(breakout.update(bar.time, bar.high, bar.low, bar.close));
            assert_eq!(Some(&p), breakouts.last());
            let p = squeeze.peek(bar.time, bar.high, bar.low, bar.close);
            squeezes.push(squeeze.update(bar.time, bar.high, bar.low, bar.close));
            assert_eq!(Some(&p), squeezes.last());
            let p = score.peek(bar);
            assert_eq!(p, score.update(bar));
        }
        let h: Vec<f64> = bars.iter().map(|b| b.high).collect();
        let l: Vec<f64> = bars.iter().map(|b| b.low).collect();
        assert_eq!(breakouts, Breakout::batch(&t, &h, &l, &c, 20).unwrap());
        assert_eq!(squeezes, Squeeze::batch(&t, &h, &l, &c, 20, 2.0, 10, 1.5).unwrap());
        assert!(pass == 1 || breakouts.iter().flatten().count() > 0, "pass {pass}");
        cross.reset();
        threshold.reset();
        run.reset();
        divergence.reset();
        breakout.reset();
        squeeze.reset();
        score.reset();
    }
}

#[test]
fn score_by_hand_and_explained() {
    // A steady 1 % rise per bar: close above EMA(200) and EMA(12) above EMA(26) once warm;
    // the MACD line grows with the price, so it stays above its lagging signal line
    // (histogram > 0); RSI of a series that only rises is 100 → +1. Only the bands
    // component can be below 1.
    let bars: Vec<Bar> = (0..260)
        .map(|i| {
            let p = 100.0 * 1.01f64.powi(i as i32);
            Bar { time: i, open: p * 0.995, high: p * 1.01, low: p * 0.99, close: p, volume: 1.0, periods: f64::NAN }
        })
        .collect();
    let mut score = Score::new(ScoreConfig::default()).unwrap();
    let reports: Vec<ScoreReport> = bars.iter().map(|b| score.update(b)).collect();
    // bar 0: nothing warmed up
    assert_eq!(reports[0].score, None);
    let last = reports.last().unwrap();
    for c in &last.components[..4] {
        assert_eq!(c.value, Some(1.0), "{}", c.name);
    }
    // all weights count (sum 1.0): points = 50 · w · v
    let bands = last.components[4].value.unwrap();
    let expected = 50.0 + 50.0 * (0.25 + 0.20 + 0.20 + 0.20 + 0.15 * bands);
    assert!((last.score.unwrap() - expected).abs() < 1e-9);
    let points: f64 = last.components.iter().map(|c| c.points).sum();
    assert!((points - (last.score.unwrap() - 50.0)).abs() < 1e-9);
    assert_eq!(last.direction(), Some(Bullish));
    let text = last.explain();
    assert!(text.contains("trend") && text.contains("EMA(200)") && text.contains("+12.5 points"), "{text}");
    assert!(last.to_json().contains("\"name\":\"rsi\""));

    // Before EMA(200) is ready (bar 100) the trend component is left out and the others
    // share the whole scale: weights 0.2 + 0.2 + 0.2 + 0.15 = 0.75.
    let early = &reports[100];
    assert_eq!(early.components[0].value, None);
    assert!((early.components[1].points - 50.0 * 0.2 / 0.75).abs() < 1e-9);

    // user weights: trend only, contrarian
    let contrarian = ScoreConfig { trend: -1.0, ema_cross: 0.0, macd: 0.0, rsi: 0.0, bands: 0.0 };
    let s = Score::batch(&bars, contrarian).unwrap();
    assert_eq!(*s.last().unwrap(), 0.0);
    assert!(s[100].is_nan());
    assert!(Score::new(ScoreConfig { trend: 0.0, ema_cross: 0.0, macd: 0.0, rsi: 0.0, bands: 0.0 }).is_err());
    assert!(Score::new(ScoreConfig { rsi: f64::NAN, ..ScoreConfig::default() }).is_err());
}

#[test]
fn mask_feeds_the_backtester() {
    let bars = fixture_bars();
    let t: Vec<i64> = bars.iter().map(|b| b.time).collect();
    let c: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let fast = crate::indicators::Ema::batch(&c, 12).unwrap();
    let slow = crate::indicators::Ema::batch(&c, 26).unwrap();
    let events = Cross::batch(&t, &fast, &slow).unwrap();
    let entry = mask(&events, Some(CrossOver), None);
    let exit = mask(&events, Some(CrossUnder), None);
    let report = crate::backtest::run(&bars, &entry, &exit, &crate::backtest::Strategy::default()).unwrap();
    assert!(!report.trades.is_empty());
    assert!(report.trades.iter().all(|tr| entry[tr.entry_index - 1]));
}

#[test]
fn score_on_the_fixture_stays_in_range() {
    let bars = fixture_bars();
    let mut score = Score::new(ScoreConfig::default()).unwrap();
    let mut last = None;
    for bar in &bars {
        let r = score.update(bar);
        if let Some(s) = r.score {
            assert!((0.0..=100.0).contains(&s));
            let points: f64 = r.components.iter().map(|c| c.points).sum();
            assert!((points - (s - 50.0)).abs() < 1e-9);
        }
        last = Some(r);
    }
    let last = last.unwrap();
    // by the end every component is warmed up (EMA(200) from bar 199)
    assert!(last.components.iter().all(|c| c.value.is_some()));
    println!("{}", last.explain());
}

/// The streaming path (conditions fed bar by bar) trades exactly like the batch path
/// (masks from batch events), and a second run after the conditions' reset is identical.
#[test]
fn streaming_conditions_match_batch_masks() {
    let bars = fixture_bars();
    let t: Vec<i64> = bars.iter().map(|b| b.time).collect();
    let c: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let fast = crate::indicators::Ema::batch(&c, 12).unwrap();
    let slow = crate::indicators::Ema::batch(&c, 26).unwrap();
    let events = Cross::batch(&t, &fast, &slow).unwrap();
    let strategy = crate::backtest::Strategy::default();
    let batch = crate::backtest::run(&bars, &mask(&events, None, Some(Bullish)), &mask(&events, None, Some(Bearish)), &strategy).unwrap();
    let mut entry = SignalCondition::new(EmaCross::new(12, 26).unwrap(), None, Some(Bullish));
    let mut exit = SignalCondition::new(EmaCross::new(12, 26).unwrap(), Some(CrossUnder), None);
    let streamed = crate::backtest::run_conditions(&bars, &mut entry, &mut exit, &strategy).unwrap();
    assert_eq!(streamed, batch);
    let again = crate::backtest::run_conditions(&bars, &mut entry, &mut exit, &strategy).unwrap();
    assert_eq!(again, batch);

    // breakout entries, squeeze-release exits
    let h: Vec<f64> = bars.iter().map(|b| b.high).collect();
    let l: Vec<f64> = bars.iter().map(|b| b.low).collect();
    let up = mask(&Breakout::batch(&t, &h, &l, &c, 24).unwrap(), None, Some(Bullish));
    let off = mask(&Squeeze::batch(&t, &h, &l, &c, 20, 2.0, 10, 1.5).unwrap(), Some(SqueezeOff), None);
    let batch = crate::backtest::run(&bars, &up, &off, &strategy).unwrap();
    let mut entry = SignalCondition::new(Breakout::new(24).unwrap(), None, Some(Bullish));
    let mut exit = SignalCondition::new(Squeeze::new(20, 2.0, 10, 1.5).unwrap(), Some(SqueezeOff), None);
    assert_eq!(crate::backtest::run_conditions(&bars, &mut entry, &mut exit, &strategy).unwrap(), batch);
    assert!(!batch.trades.is_empty());
}
