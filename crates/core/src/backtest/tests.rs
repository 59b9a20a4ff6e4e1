//! Backtester, metrics and risk tests. Expected values are worked out by hand in the
//! comments; none is copied from a run of this code.

use super::*;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::Ema;
use crate::risk::{position_size, take_profit_price, FeeModel, Side, SizingLimits, Slippage, StopRule};

const HOUR: i64 = 3_600_000;

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(close_to(a, b), "{} = {a}, expected {b}", stringify!($a));
    }};
}

/// Hourly bars from (open, high, low, close).
fn bars(ohlc: &[(f64, f64, f64, f64)]) -> Vec<Bar> {
    ohlc.iter()
        .enumerate()
        .map(|(i, &(open, high, low, close))| Bar { time: i as i64 * HOUR, open, high, low, close, volume: 1.0 })
        .collect()
}

fn flags(n: usize, on: &[usize]) -> Vec<bool> {
    (0..n).map(|i| on.contains(&i)).collect()
}

/// The in-repo BTC/USD 1h fixture (733 bars).
pub(crate) fn fixture_bars() -> Vec<Bar> {
    let text = include_str!("../../../../tests/fixtures/data/btcusd_bitfinex_1h_2013.csv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let v: Vec<f64> = line.split(',').map(|f| f.trim().parse::<f64>().unwrap_or(f64::NAN)).collect();
            (v.len() == 6).then(|| Bar { time: v[0] as i64, open: v[1], high: v[2], low: v[3], close: v[4], volume: v[5] })
        })
        .collect()
}

fn trade(pnl: f64) -> Trade {
    Trade {
        side: Side::Long,
        entry_index: 0,
        entry_time: 0,
        entry_price: 1.0,
        exit_index: 0,
        exit_time: 0,
        exit_price: 1.0,
        quantity: 1.0,
        fees: 0.0,
        pnl,
        return_pct: 0.0,
        r_multiple: None,
        exit_reason: ExitReason::Signal,
    }
}

#[test]
fn metrics_by_hand() {
    // Four bars a quarter of a 365.25-day year apart: the run spans exactly one year
    // (3 gaps + 1 bar interval), and there are 4 bars per year.
    let quarter = (YEAR_MS / 4.0) as i64;
    let bars: Vec<Bar> = (0..4).map(|i| Bar { time: i * quarter, ..Bar::from_price(1.0) }).collect();
    let equity = [110.0, 99.0, 99.0, 121.0];
    let trades = [trade(30.0), trade(-10.0), trade(5.0)];
    let m = Metrics::compute(&bars, 100.0, &equity, &trades, 3, None).unwrap();
    // 121 / 100 - 1
    assert_close!(m.total_return, 0.21);
    // one year: CAGR = total return
    assert_close!(m.cagr.unwrap(), 0.21);
    // peak 110, trough 99 after it: 11 / 110
    assert_close!(m.max_drawdown, 0.1);
    assert_close!(m.periods_per_year.unwrap(), 4.0);
    // returns 0.1, -0.1, 0, 22/99 = 2/9; mean = (2/9)/4 = 1/18.
    // deviations from the mean, in 45ths: 2, -7, -2.5, 7.5; squares sum 115.5/2025;
    // sample variance 38.5/2025, sd = sqrt(38.5)/45.
    // Sharpe = (1/18) / (sqrt(38.5)/45) * sqrt(4) = 5 / sqrt(38.5)
    assert_close!(m.sharpe.unwrap(), 5.0 / 38.5f64.sqrt());
    // downside deviation sqrt((0.1^2)/4) = 0.05; Sortino = (1/18)/0.05*2 = 20/9
    assert_close!(m.sortino.unwrap(), 20.0 / 9.0);
    // 2 winners of 3; profit factor (30 + 5) / 10
    assert_close!(m.win_rate.unwrap(), 2.0 / 3.0);
    assert_close!(m.profit_factor.unwrap(), 3.5);
    assert_close!(m.exposure, 0.75);
    assert_eq!(m.trades, 3);
}

#[test]
fn metrics_undefined_cases_are_none() {
    let bars = vec![Bar::from_price(1.0)];
    let m = Metrics::compute(&bars, 100.0, &[100.0], &[], 0, None).unwrap();
    assert_eq!((m.cagr, m.sharpe, m.sortino, m.win_rate, m.profit_factor), (None, None, None, None, None));
    assert_eq!(m.total_return, 0.0);
    // an empty run does not panic either
    let empty = Metrics::compute(&[], 100.0, &[], &[], 0, None).unwrap();
    assert_eq!((empty.final_equity, empty.exposure), (100.0, 0.0));
    assert!(Metrics::compute(&bars, 100.0, &[], &[], 0, None).is_err());
    // median gap: gaps 1h, 1h, 5h -> 1h
    let uneven: Vec<Bar> = [0, 1, 2, 7].iter().map(|&h| Bar { time: h * HOUR, ..Bar::default() }).collect();
    assert_eq!(bar_interval_ms(&uneven), Some(HOUR as f64));
}

/// Long with 1 % risk, a 10 % stop, a 2R target, a fixed fee of 5 per fill and one tick
/// (1.0) of slippage. Entry signal at bar 0's close; bar 1 opens at 99: buy at 99 + 1 = 100.
/// Stop 100 · 0.9 = 90, risk per unit 10, 1 % of 10 000 = 100 -> 10 units; target 100 + 2·10 = 120.
/// Cash after entry: 10 000 − 10·100 − 5 = 8 995.
fn bracket_strategy() -> Strategy {
    Strategy {
        risk_pct: Some(1.0),
        stop: Some(StopRule::Percent(10.0)),
        take_profit_r: Some(2.0),
        fee: FeeModel::Fixed(5.0),
        slippage: Slippage::Ticks { ticks: 1.0, tick_size: 1.0 },
        ..Strategy::default()
    }
}

#[test]
fn take_profit_with_fees_and_slippage() {
    let b = bars(&[(100.0, 100.0, 100.0, 99.0), (99.0, 105.0, 98.0, 104.0), (104.0, 121.0, 103.0, 118.0), (118.0, 119.0, 117.0, 118.0)]);
    let r = run(&b, &flags(4, &[0]), &flags(4, &[]), &bracket_strategy()).unwrap();
    assert_eq!(r.trades.len(), 1);
    let t = &r.trades[0];
    assert_eq!((t.entry_index, t.entry_price, t.quantity), (1, 100.0, 10.0));
    // bar 2 reaches 120 (high 121) after opening at 104: sold at 120, no slippage on a limit
    assert_eq!((t.exit_index, t.exit_price, t.exit_reason), (2, 120.0, ExitReason::TakeProfit));
    // 10 · (120 − 100) − 2 · 5 = 190; R = 190 / (10 · 10) = 1.9; return 190 / 1000 = 19 %
    assert_close!(t.pnl, 190.0);
    assert_close!(t.r_multiple.unwrap(), 1.9);
    assert_close!(t.return_pct, 19.0);
    // equity: flat 10 000; 8 995 + 10 · 104 = 10 035; 8 995 + 1 200 − 5 = 10 190; flat
    let equity: Vec<f64> = r.equity.iter().map(|p| p.equity).collect();
    assert_eq!(equity, vec![10_000.0, 10_035.0, 10_190.0, 10_190.0]);
    assert_close!(r.metrics.total_return, 0.019);
    // in the market at the close of bar 1 only
    assert_close!(r.metrics.exposure, 0.25);
}

#[test]
fn stop_first_when_a_bar_reaches_stop_and_target() {
    // bar 2 spans 89..121: both the stop (90) and the target (120) are in range
    let b = bars(&[(100.0, 100.0, 100.0, 99.0), (99.0, 105.0, 98.0, 104.0), (104.0, 121.0, 89.0, 118.0)]);
    let r = run(&b, &flags(3, &[0]), &flags(3, &[]), &bracket_strategy()).unwrap();
    let t = &r.trades[0];
    // stop at 90, slipped one tick to 89; 10 · (89 − 100) − 10 = −120; R = −1.2
    assert_eq!((t.exit_price, t.exit_reason), (89.0, ExitReason::StopLoss));
    assert_close!(t.pnl, -120.0);
    assert_close!(t.r_multiple.unwrap(), -1.2);
    // 8 995 + 890 − 5
    assert_close!(r.metrics.final_equity, 9_880.0);
    // peak 10 035 at bar 1's close, then 9 880: (10 035 − 9 880) / 10 035
    assert_close!(r.metrics.max_drawdown, 155.0 / 10_035.0);
}

#[test]
fn gap_through_the_stop_fills_at_the_open() {
    let b = bars(&[(100.0, 100.0, 100.0, 99.0), (99.0, 105.0, 98.0, 104.0), (85.0, 86.0, 80.0, 82.0)]);
    let r = run(&b, &flags(3, &[0]), &flags(3, &[]), &bracket_strategy()).unwrap();
    // opened at 85, under the stop at 90: sold at the open, minus a tick
    assert_eq!(r.trades[0].exit_price, 84.0);
}

#[test]
fn short_round_trip_and_equity_identity() {
    // short 10 000 / 100 = 100 units at bar 1's open; cash 20 000
    let b = bars(&[(100.0, 100.0, 100.0, 100.0), (100.0, 101.0, 89.0, 90.0), (80.0, 81.0, 79.0, 80.0), (80.0, 80.0, 80.0, 80.0)]);
    let s = Strategy { side: Side::Short, ..Strategy::default() };
    let r = run(&b, &flags(4, &[0]), &flags(4, &[1]), &s).unwrap();
    let t = &r.trades[0];
    assert_eq!((t.side, t.quantity, t.entry_price, t.exit_index, t.exit_price), (Side::Short, 100.0, 100.0, 2, 80.0));
    // 100 · (100 − 80)
    assert_close!(t.pnl, 2_000.0);
    // bar 1 close: 20 000 − 100 · 90 = 11 000
    assert_eq!(r.equity[1], EquityPoint { time: HOUR, equity: 11_000.0, cash: 20_000.0, position_value: -9_000.0 });
    assert_close!(r.metrics.final_equity, 12_000.0);
}

#[test]
fn limit_and_stop_entries() {
    // limit 2 % under the signal close 100 = 98
    let limit = Strategy { entry_order: EntryOrder::Limit { offset_pct: 2.0 }, slippage: Slippage::Percent(1.0), ..Strategy::default() };
    let fill = |ohlc: &[(f64, f64, f64, f64)], s: &Strategy| {
        let b = bars(ohlc);
        run(&b, &flags(b.len(), &[0]), &flags(b.len(), &[]), s).unwrap().trades.first().map(|t| (t.entry_index, t.entry_price))
    };
    let signal = (100.0, 100.0, 100.0, 100.0);
    // trades through 98 after opening at 99: fills at 98 (no slippage on limits)
    assert_eq!(fill(&[signal, (99.0, 99.5, 97.0, 98.5)], &limit), Some((1, 98.0)));
    // opens at 96, below the limit: the better price, 96
    assert_eq!(fill(&[signal, (96.0, 97.0, 95.0, 96.5)], &limit), Some((1, 96.0)));
    // low 98.5 never reaches 98: cancelled at the close, so bar 2 (low 90) does not fill it
    assert_eq!(fill(&[signal, (99.0, 99.5, 98.5, 99.0), (95.0, 96.0, 90.0, 95.0)], &limit), None);

    // stop 1 % above 100 = 101, plus 1 % slippage
    let stop = Strategy { entry_order: EntryOrder::Stop { offset_pct: 1.0 }, ..limit };
    // reached intrabar: 101 · 1.01 = 102.01
    assert_eq!(fill(&[signal, (100.0, 102.0, 99.0, 101.5)], &stop), Some((1, 101.0 * 1.01)));
    // gapped over to 103: 103 · 1.01
    assert_eq!(fill(&[signal, (103.0, 104.0, 102.0, 103.0)], &stop), Some((1, 103.0 * 1.01)));
    assert_eq!(fill(&[signal, (100.0, 100.9, 99.0, 100.0)], &stop), None);
}

#[test]
fn risk_sizing_with_percent_fee_and_cap() {
    // per-unit risk 5 + 0.001 · (100 + 95) = 5.195; 1 % of 10 000 = 100 -> 100 / 5.195
    let limits = SizingLimits { max_exposure: 1.0, fee: FeeModel::Percent(0.1) };
    assert_close!(position_size(10_000.0, 1.0, 100.0, 95.0, Side::Long, limits).unwrap(), 100.0 / 5.195);
    // a 0.01 stop would allow 100 / (0.01 + 0.19999) ≈ 476 units; the cap is 10 000 / (100 · 1.001)
    assert_close!(position_size(10_000.0, 1.0, 100.0, 99.99, Side::Long, limits).unwrap(), 10_000.0 / 100.1);
    // half exposure, fixed fee 10: (5 000 − 10) / 100
    let half = SizingLimits { max_exposure: 0.5, fee: FeeModel::Fixed(10.0) };
    assert_close!(position_size(10_000.0, 100.0, 100.0, 50.0, Side::Long, half).unwrap(), 49.9);
    // typed errors, no panics
    for bad in [
        position_size(0.0, 1.0, 100.0, 95.0, Side::Long, limits),
        position_size(1.0, 0.0, 100.0, 95.0, Side::Long, limits),
        position_size(1.0, 1.0, f64::NAN, 95.0, Side::Long, limits),
        position_size(1.0, 1.0, 100.0, 105.0, Side::Long, limits),
        position_size(1.0, 1.0, 100.0, 95.0, Side::Short, limits),
        position_size(1.0, 1.0, 100.0, 95.0, Side::Long, SizingLimits { max_exposure: 0.0, ..limits }),
    ] {
        assert!(bad.is_err());
    }
    assert_close!(take_profit_price(50.0, 48.0, 3.0).unwrap(), 56.0);
    assert!(take_profit_price(50.0, 50.0, 3.0).is_err());
    assert_close!(FeeModel::Percent(0.2).fee(3.0, 50.0), 0.3);
    // a short closes by buying: slippage raises the price
    assert_close!(Slippage::Percent(0.5).apply(200.0, Side::Short, false), 201.0);
    assert_close!(Slippage::Percent(0.5).apply(200.0, Side::Short, true), 199.0);
}

#[test]
fn atr_and_chandelier_stops() {
    // ATR(1) from bar 1 on is the true range; the stop is set from the signal bar's ATR.
    let b = bars(&[
        (100.0, 101.0, 99.0, 100.0),  // ATR NaN
        (100.0, 102.0, 98.0, 100.0),  // TR 4: signal here; stop = 100 − 2·4 = 92 at the fill
        (100.0, 110.0, 99.0, 109.0),  // fill at 100; TR 11
        (109.0, 112.0, 107.0, 111.0), // TR 5
        (111.0, 111.0, 100.0, 101.0), // TR 11
    ]);
    let atr = Strategy { stop: Some(StopRule::Atr { period: 1, multiple: 2.0 }), ..Strategy::default() };
    let r = run(&b, &flags(5, &[1]), &flags(5, &[]), &atr).unwrap();
    // a fixed ATR stop at 92 is never hit: held to the end, closed at 101
    assert_eq!((r.trades[0].entry_price, r.trades[0].exit_reason), (100.0, ExitReason::EndOfData));

    // Chandelier(1, 2): after bar 2, highest high of the last bar 110 − 2·11 = 88 < 92 (stays 92 at the
    // entry: highest high of bar 1, 102 − 2·4 = 94); after bar 3: 112 − 2·5 = 102 > 94 -> 102.
    // Bar 4 falls to 100: stopped at 102.
    let chandelier = Strategy { stop: Some(StopRule::Chandelier { period: 1, multiple: 2.0 }), ..Strategy::default() };
    let r = run(&b, &flags(5, &[1]), &flags(5, &[]), &chandelier).unwrap();
    assert_eq!((r.trades[0].exit_index, r.trades[0].exit_price, r.trades[0].exit_reason), (4, 102.0, ExitReason::StopLoss));
    // signal on bar 0 (ATR still NaN): the entry is skipped, not sized on a NaN stop
    let r = run(&b, &flags(5, &[0]), &flags(5, &[]), &atr).unwrap();
    assert_eq!((r.trades.len(), r.skipped_entries), (0, 1));
}

#[test]
fn chandelier_stop_streams_like_brute_force() {
    let b = fixture_bars();
    let (period, k) = (22, 3.0);
    let mut ch = crate::risk::ChandelierStop::new(period, k).unwrap();
    let high: Vec<f64> = b.iter().map(|x| x.high).collect();
    let low: Vec<f64> = b.iter().map(|x| x.low).collect();
    let close: Vec<f64> = b.iter().map(|x| x.close).collect();
    let atr = crate::indicators::Atr::batch(&high, &low, &close, period).unwrap();
    for (i, bar) in b.iter().enumerate() {
        let peeked = ch.peek(bar);
        let (long, short) = ch.update(bar);
        assert_eq!(peeked.0.to_bits(), long.to_bits());
        let start = (i + 1).saturating_sub(period);
        let hh = high[start..=i].iter().cloned().fold(f64::MIN, f64::max);
        let ll = low[start..=i].iter().cloned().fold(f64::MAX, f64::min);
        if atr[i].is_nan() {
            assert!(long.is_nan() && short.is_nan());
        } else {
            assert_close!(long, hh - k * atr[i]);
            assert_close!(short, ll + k * atr[i]);
        }
    }
}

/// The engine cannot trade on the bar whose close produced the signal. Every bar rises
/// from open to close (+10) but the next bar opens 20 lower. A condition that sees a
/// bar's close and could fill at that same close (or that bar's open) would catch the
/// rise; filled at the next open, each trade is bought after the gap down and sold at the
/// open after, after another gap down.
#[test]
fn no_lookahead_fills_on_the_next_bar() {
    let mut ohlc = Vec::new();
    let mut open = 1_000.0;
    for _ in 0..20 {
        ohlc.push((open, open + 10.0, open, open + 10.0));
        open -= 10.0; // next open = this close − 20
    }
    let b = bars(&ohlc);
    // "green bar" is true on every bar; enter on even bars, exit on odd ones, so each
    // trade lasts one bar
    let green: Vec<bool> = b.iter().map(|x| x.close > x.open).collect();
    let entry: Vec<bool> = green.iter().enumerate().map(|(i, &g)| g && i % 2 == 0 && i + 2 < b.len()).collect();
    let exit: Vec<bool> = (0..b.len()).map(|i| i % 2 == 1).collect();
    let r = run(&b, &entry, &exit, &Strategy::default()).unwrap();
    assert!(!r.trades.is_empty());
    for t in &r.trades {
        // signal at bar e−1's close, filled at bar e's open; not at bar e−1's close
        let signal = t.entry_index - 1;
        assert!(entry[signal]);
        assert_eq!(t.entry_price, b[t.entry_index].open);
        assert_ne!(t.entry_price, b[signal].close);
        // exit signal at the entry bar's close, filled at the next open
        assert_eq!((t.exit_index, t.exit_price), (t.entry_index + 1, b[t.entry_index + 1].open));
        assert!(t.pnl < 0.0);
    }
    // Acting on each signal bar's own open-to-close would have made +10 per unit per trade.
    let same_bar: f64 = r.trades.iter().map(|t| b[t.entry_index - 1].close - b[t.entry_index - 1].open).sum();
    assert!(same_bar > 0.0 && r.metrics.total_return < 0.0);

    // A condition only ever sees bars up to the one being decided: it records the
    // number of bars it has seen when each fill happens.
    struct Counter(std::rc::Rc<std::cell::Cell<usize>>);
    impl Condition for Counter {
        fn update(&mut self, _bar: &Bar) -> bool {
            self.0.set(self.0.get() + 1);
            self.0.get() == 3 // true at the close of bar 2 (the third bar seen)
        }
        fn reset(&mut self) {
            self.0.set(0);
        }
    }
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let r = run_conditions(&b, &mut Counter(seen.clone()), &mut Never, &Strategy::default()).unwrap();
    assert_eq!(r.trades[0].entry_index, 3);
}

fn ema_cross(bars: &[Bar], fast: usize, slow: usize) -> (Vec<bool>, Vec<bool>) {
    let close: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let f = Ema::batch(&close, fast).unwrap_or_default();
    let s = Ema::batch(&close, slow).unwrap_or_default();
    let mut up = vec![false; bars.len()];
    let mut down = vec![false; bars.len()];
    for i in 1..bars.len() {
        let (pf, ps, cf, cs) = (f[i - 1], s[i - 1], f[i], s[i]);
        up[i] = pf <= ps && cf > cs;
        down[i] = pf >= ps && cf < cs;
    }
    (up, down)
}

#[test]
fn fixture_ema_cross_invariants() {
    let b = fixture_bars();
    assert_eq!(b.len(), 733);
    let (up, down) = ema_cross(&b, 12, 26);
    let plain = run(&b, &up, &down, &Strategy::default()).unwrap();
    let costly = Strategy { fee: FeeModel::Percent(0.2), slippage: Slippage::Percent(0.05), ..Strategy::default() };
    let with_costs = run(&b, &up, &down, &costly).unwrap();
    assert!(plain.trades.len() >= 5, "{} trades", plain.trades.len());
    assert_eq!(plain.trades.len(), with_costs.trades.len());
    // costs only ever take money away
    assert!(with_costs.metrics.final_equity < plain.metrics.final_equity);
    for (a, c) in plain.trades.iter().zip(&with_costs.trades) {
        assert!(c.pnl < a.pnl);
    }
    for report in [&plain, &with_costs] {
        assert_eq!(report.equity.len(), b.len());
        for p in &report.equity {
            assert_close!(p.equity, p.cash + p.position_value);
        }
        // EMA(26) has its first value at bar 25; a cross needs the bar before: first signal
        // at bar 26 at the earliest, first fill at bar 27.
        assert!(report.trades[0].entry_index >= 27);
        for t in &report.trades {
            assert!(up[t.entry_index - 1]);
            assert!(t.exit_index > t.entry_index);
        }
        // final equity = initial + the trades' P&L
        let pnl: f64 = report.trades.iter().map(|t| t.pnl).sum();
        assert_close!(report.metrics.final_equity, 10_000.0 + pnl);
        let m = &report.metrics;
        assert!(m.max_drawdown >= 0.0 && m.max_drawdown < 1.0);
        assert!(m.exposure > 0.0 && m.exposure < 1.0);
        assert_eq!(m.bar_interval_ms, Some(HOUR as f64));
        assert!(m.sharpe.is_some() && m.sortino.is_some() && m.cagr.is_some());
        let json = report.to_json();
        assert!(json.starts_with("{\"metrics\":{") && json.ends_with('}'));
        assert_eq!(json.matches("\"exit_reason\"").count(), report.trades.len());
    }
    // shorts mirror: same signals, opposite sign of each trade's gross move
    let short = run(&b, &up, &down, &Strategy { side: Side::Short, ..Strategy::default() }).unwrap();
    assert_eq!(short.trades.len(), plain.trades.len());
    for (l, s) in plain.trades.iter().zip(&short.trades) {
        assert_eq!((l.entry_index, l.exit_index), (s.entry_index, s.exit_index));
        assert!(s.pnl * (l.exit_price - l.entry_price) <= 0.0);
    }
}

#[test]
fn bad_input_is_a_typed_error() {
    let b = bars(&[(1.0, 1.0, 1.0, 1.0), (1.0, 1.0, 1.0, 1.0)]);
    let ok = flags(2, &[]);
    assert!(matches!(run(&b, &[true], &ok, &Strategy::default()), Err(Error::InvalidInput { .. })));
    let mut unsorted = b.clone();
    unsorted[1].time = 0;
    assert!(matches!(run(&unsorted, &ok, &ok, &Strategy::default()), Err(Error::InvalidInput { .. })));
    let mut nan = b.clone();
    nan[1].close = f64::NAN;
    assert!(run(&nan, &ok, &ok, &Strategy::default()).is_err());
    for bad in [
        Strategy { risk_pct: Some(1.0), ..Strategy::default() },
        Strategy { take_profit_r: Some(1.0), ..Strategy::default() },
        Strategy { initial_equity: -1.0, ..Strategy::default() },
        Strategy { max_exposure: f64::INFINITY, ..Strategy::default() },
        Strategy { fee: FeeModel::Percent(-1.0), ..Strategy::default() },
        Strategy { stop: Some(StopRule::Atr { period: 0, multiple: 1.0 }), ..Strategy::default() },
        Strategy { entry_order: EntryOrder::Limit { offset_pct: f64::NAN }, ..Strategy::default() },
    ] {
        assert!(matches!(run(&b, &ok, &ok, &bad), Err(Error::InvalidParameter { .. })), "{bad:?}");
    }
    let empty = run(&[], &[], &[], &Strategy::default()).unwrap();
    assert_eq!((empty.trades.len(), empty.metrics.final_equity), (0, 10_000.0));
}
