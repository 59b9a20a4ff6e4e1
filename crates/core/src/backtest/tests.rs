//! Backtester, metrics and risk tests. Expected values are worked out by hand in the
//! comments; none is copied from a run of this code.

use super::*;
use crate::bar::Bar;
use crate::error::Error;
use crate::indicators::Ema;
use crate::risk::{FeeModel, Side, Slippage, StopRule};

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
        .map(|(i, &(open, high, low, close))| Bar { time: i as i64 * HOUR, open, high, low, close, volume: 1.0, periods: f64::NAN })
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
            (v.len() == 6).then(|| Bar {
                time: v[0] as i64,
                open: v[1],
                high: v[2],
                low: v[3],
                close: v[4],
                volume: v[5],
                periods: f64::NAN,
            })
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

#[test]
fn grid_bot_by_hand() {
    // lines 90, 100, 110: cells (90 → 100) and (100 → 110), 1 000 quote each
    let b = bars(&[
        (105.0, 106.0, 104.0, 105.0), // both cells armed (lines under the open 105); no fill
        (104.0, 104.0, 99.0, 101.0),  // cell 100 buys 1 000 / 100 = 10 units; cash 1 000
        (101.0, 111.0, 100.5, 108.0), // cell 100 sells 10 at 110: cash 2 100
        (108.0, 109.0, 89.0, 95.0),   // cell 100 buys 10 at 100, cell 90 buys 1 000 / 90 at 90: cash 100
    ]);
    let config = GridConfig { lower: 90.0, upper: 110.0, levels: 3, initial_equity: 2_000.0, ..GridConfig::default() };
    let r = grid_bot(&b, &config).unwrap();
    assert_eq!(r.trades.len(), 1);
    assert_eq!((r.trades[0].entry_index, r.trades[0].entry_price, r.trades[0].exit_price, r.trades[0].quantity), (1, 100.0, 110.0, 10.0));
    assert_close!(r.trades[0].pnl, 100.0);
    let equity: Vec<f64> = r.equity.iter().map(|p| p.equity).collect();
    // bar 1: 1 000 + 10 · 101; bar 3: 100 + (10 + 100/9) · 95
    assert_close!(equity[0], 2_000.0);
    assert_close!(equity[1], 2_010.0);
    assert_close!(equity[2], 2_100.0);
    assert_close!(equity[3], 100.0 + (10.0 + 100.0 / 9.0) * 95.0);
    assert_close!(r.metrics.exposure, 0.5);

    // with a 1 % fee: the first buy pays 10, the sell 11 (1 % of 1 100): pnl 100 − 21
    let r = grid_bot(&b, &GridConfig { fee: FeeModel::Percent(1.0), ..config }).unwrap();
    assert_close!(r.trades[0].pnl, 79.0);

    // geometric lines 100, 200, 400; bad settings are typed errors
    let geometric = GridConfig { lower: 100.0, upper: 400.0, levels: 3, spacing: GridSpacing::Geometric, ..GridConfig::default() };
    let lines = geometric.lines().unwrap();
    assert_close!(lines[1], 200.0);
    assert!(grid_bot(&b, &GridConfig { levels: 1, ..config }).is_err());
    assert!(grid_bot(&b, &GridConfig { upper: 80.0, ..config }).is_err());
}

#[test]
fn dca_bot_by_hand() {
    // 100 quote every 2 bars, take profit 10 % over the average cost
    let b = bars(&[
        (100.0, 105.0, 95.0, 100.0), // buy 1 @ 100; target 110, high 105: no
        (90.0, 95.0, 85.0, 90.0),    // no buy on odd bars
        (80.0, 99.0, 79.0, 95.0),    // buy 1.25 @ 80: 2.25 units for 200, average 800/9, target 880/9 ≈ 97.78: hit at high 99
        (98.0, 99.0, 97.0, 98.0),    // flat
        (99.0, 100.0, 98.0, 100.0),  // new cycle: buy 100/99 @ 99
    ]);
    let config = DcaConfig { amount: 100.0, every_bars: 2, take_profit_pct: Some(10.0), ..DcaConfig::default() };
    let r = dca_bot(&b, &config).unwrap();
    assert_eq!(r.trades.len(), 1);
    let t = &r.trades[0];
    assert_eq!((t.entry_index, t.exit_index), (0, 2));
    assert_close!(t.entry_price, 800.0 / 9.0);
    assert_close!(t.exit_price, 880.0 / 9.0);
    // sold 2.25 · 880/9 = 220 for 200 spent
    assert_close!(t.pnl, 20.0);
    assert_close!(t.quantity, 2.25);
    // end: 10 000 − 200 + 220 − 100 + (100/99) · 100
    assert_close!(r.metrics.final_equity, 9_920.0 + 10_000.0 / 99.0);
    // max_buys 1: bar 2's buy is skipped by the cap (not counted as short of cash); the
    // target stays 110 and never fills
    let capped = dca_bot(&b, &DcaConfig { max_buys: Some(1), ..config }).unwrap();
    assert!(capped.trades.is_empty());
    assert_close!(capped.equity[4].position_value, 100.0);
    // running out of cash: 150 equity pays for one buy of 100, not a second
    let poor = dca_bot(&b, &DcaConfig { initial_equity: 150.0, take_profit_pct: None, ..config }).unwrap();
    assert_eq!(poor.skipped_entries, 2);
    assert!(dca_bot(&b, &DcaConfig { every_bars: 0, ..config }).is_err());
}

#[test]
fn walk_forward_chooses_in_sample_and_reports_out_of_sample() {
    let b = fixture_bars();
    let params = [(5usize, 20usize), (12, 26), (20, 50)];
    let config = WalkForwardConfig { in_sample: 300, out_of_sample: 100, metric: SelectionMetric::TotalReturn };
    // 733 bars: windows start at 0, 100, 200, 300 (the next would end at 800)
    assert_eq!(config.windows(b.len()).len(), 4);
    let mut calls = Vec::new();
    let evaluate = |&(fast, slow): &(usize, usize), history: &[Bar], range: std::ops::Range<usize>| {
        let (up, down) = ema_cross(history, fast, slow);
        run_range(history, &up, &down, range, &Strategy::default())
    };
    let report = walk_forward(&b, &params, &config, |p, history, range| {
        // never more history than the range being evaluated needs
        assert_eq!(history.len(), range.end);
        calls.push(range.clone());
        evaluate(p, history, range)
    })
    .unwrap();
    assert_eq!(report.windows.len(), 4);
    // 3 in-sample runs + 1 out-of-sample run per window
    assert_eq!(calls.len(), 16);
    let mut chained = 1.0;
    for w in &report.windows {
        assert_eq!(w.in_sample.end, w.out_of_sample.start);
        // the winner really is the best in-sample total return, recomputed here
        let returns: Vec<f64> =
            params.iter().map(|p| evaluate(p, &b[..w.in_sample.end], w.in_sample.clone()).unwrap().metrics.total_return).collect();
        let best = returns.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(returns[w.chosen], best);
        assert_eq!(returns.iter().position(|&r| r == best), Some(w.chosen));
        let oos = evaluate(&params[w.chosen], &b[..w.out_of_sample.end], w.out_of_sample.clone()).unwrap();
        assert_eq!(oos.metrics, w.out_of_sample_metrics);
        chained *= 1.0 + oos.metrics.total_return;
    }
    assert_close!(report.out_of_sample_return, chained - 1.0);
    assert!(report.to_json().contains("\"out_of_sample_return\""));
    // max drawdown picks the smallest
    assert!(SelectionMetric::MaxDrawdown.better(Some(0.1), Some(0.2)));
    assert!(SelectionMetric::Sharpe.better(Some(-5.0), None));
    assert!(walk_forward(&b, &params, &WalkForwardConfig { in_sample: 700, ..config }, evaluate).is_err());
    assert!(walk_forward::<(usize, usize)>(&b, &[], &config, evaluate).is_err());
    assert!(run_range(&b, &[], &[], 0..10, &Strategy::default()).is_err());
}

/// Pseudo-random bars and settings (valid and not): every run returns Ok or a typed
/// error, and every Ok run keeps equity = cash + position value and finite numbers.
#[test]
fn random_runs_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut ok_runs, mut traded) = (0, 0);
    for case in 0..300 {
        let n = (next() * 60.0) as usize;
        let mut price = 100.0;
        let mut ohlc = Vec::new();
        for _ in 0..n {
            let open = price * (0.9 + 0.2 * next());
            let close = open * (0.9 + 0.2 * next());
            let high = open.max(close) * (1.0 + 0.05 * next());
            let low = open.min(close) * (1.0 - 0.05 * next());
            ohlc.push((open, high, low, close));
            price = close;
        }
        let b = bars(&ohlc);
        let entry: Vec<bool> = (0..n).map(|_| next() < 0.3).collect();
        let exit: Vec<bool> = (0..n).map(|_| next() < 0.2).collect();
        let pick = |x: f64, options: &[f64]| options[((x * options.len() as f64) as usize).min(options.len() - 1)];
        let strategy = Strategy {
            side: if next() < 0.5 { Side::Long } else { Side::Short },
            entry_order: match (next() * 3.0) as usize {
                0 => EntryOrder::Market,
                1 => EntryOrder::Limit { offset_pct: pick(next(), &[0.0, 1.0, 5.0, -1.0]) },
                _ => EntryOrder::Stop { offset_pct: pick(next(), &[0.0, 1.0, 5.0, f64::NAN]) },
            },
            risk_pct: if next() < 0.5 { Some(pick(next(), &[0.5, 2.0, 100.0, 0.0])) } else { None },
            stop: match (next() * 5.0) as usize {
                0 => None,
                1 => Some(StopRule::Percent(pick(next(), &[1.0, 5.0, 99.0]))),
                2 => Some(StopRule::Atr { period: pick(next(), &[1.0, 3.0, 14.0]) as usize, multiple: 2.0 }),
                3 => Some(StopRule::Chandelier { period: pick(next(), &[1.0, 5.0, 22.0]) as usize, multiple: 3.0 }),
                _ => Some(StopRule::FixedPrice(pick(next(), &[50.0, 100.0, 150.0]))),
            },
            take_profit_r: if next() < 0.5 { Some(pick(next(), &[0.5, 2.0, 10.0])) } else { None },
            max_exposure: pick(next(), &[0.5, 1.0, 3.0]),
            fee: if next() < 0.5 {
                FeeModel::Percent(pick(next(), &[0.0, 0.1, 1.0]))
            } else {
                FeeModel::Fixed(pick(next(), &[0.0, 1.0, 1e6]))
            },
            slippage: if next() < 0.5 { Slippage::Percent(0.1) } else { Slippage::Ticks { ticks: 2.0, tick_size: 0.01 } },
            ..Strategy::default()
        };
        match run(&b, &entry, &exit, &strategy) {
            Ok(r) => {
                ok_runs += 1;
                traded += !r.trades.is_empty() as usize;
                assert_eq!(r.equity.len(), n);
                for p in &r.equity {
                    assert!(p.equity.is_finite(), "case {case}");
                    assert!(close_to(p.equity, p.cash + p.position_value), "case {case}");
                }
                let pnl: f64 = r.trades.iter().map(|t| t.pnl).sum();
                assert!(close_to(r.metrics.final_equity, 10_000.0 + pnl), "case {case}");
                assert!(!r.to_json().contains("NaN") && !r.to_json().contains("inf"));
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        let _ = grid_bot(&b, &GridConfig { lower: 80.0, upper: 120.0, levels: 1 + (next() * 10.0) as usize, ..GridConfig::default() });
        let _ = dca_bot(&b, &DcaConfig { every_bars: (next() * 5.0) as usize, take_profit_pct: Some(3.0), ..DcaConfig::default() });
    }
    // the settings mix must exercise real runs, not only rejections
    assert!(ok_runs >= 50 && traded >= 30, "{ok_runs} ok runs, {traded} with trades");
}

/// The hand-written JSON parses (serde_json is a dev-dependency only) and carries the numbers.
#[test]
fn json_is_valid() {
    let b = fixture_bars();
    let (up, down) = ema_cross(&b, 12, 26);
    let strategy = Strategy { stop: Some(StopRule::Percent(3.0)), take_profit_r: Some(2.0), ..Strategy::default() };
    let r = run(&b, &up, &down, &strategy).unwrap();
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["trades"].as_array().unwrap().len(), r.trades.len());
    assert_eq!(v["equity"].as_array().unwrap().len(), b.len());
    assert_eq!(v["metrics"]["final_equity"].as_f64().unwrap(), r.metrics.final_equity);
    assert_eq!(v["trades"][0]["exit_reason"].as_str().unwrap(), r.trades[0].exit_reason.name());
    // an undefined metric is null
    let flat = run(&b[..3], &[false; 3], &[false; 3], &Strategy::default()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&flat.to_json()).unwrap();
    assert!(v["metrics"]["sharpe"].is_null() && v["metrics"]["win_rate"].is_null());
    let close: Vec<f64> = b.iter().map(|x| x.close).collect();
    let t: Vec<i64> = b.iter().map(|x| x.time).collect();
    let events = crate::signals::Cross::batch(&t, &close, &crate::indicators::Ema::batch(&close, 20).unwrap()).unwrap();
    for e in events.iter().flatten() {
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["time"].as_i64(), Some(e.time));
    }
    let mut score = crate::signals::Score::new(crate::signals::ScoreConfig::default()).unwrap();
    let reports: Vec<_> = b.iter().map(|bar| score.update(bar)).collect();
    for r in [&reports[0], &reports[b.len() - 1]] {
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(v["components"].as_array().unwrap().len(), 5);
    }
}
