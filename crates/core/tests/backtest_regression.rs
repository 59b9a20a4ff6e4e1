//! Regression runs of the rule language and the backtester over every real series of
//! `../shared/data` (when present; the in-repo fixture always): a rule-driven EMA-cross
//! strategy with ATR stops, risk sizing, fees and slippage must keep the backtester's
//! accounting invariants on hourly, daily and minute data, gaps and 60 years of S&P 500.

mod support;

use sigil_core::backtest::{run, Strategy};
use sigil_core::risk::{FeeModel, Side, Slippage, StopRule};
use sigil_core::rules::Rule;
use sigil_core::Bar;
use support::{column, read_csv, repo_root, shared_dir};

fn series() -> Vec<(String, Vec<Bar>)> {
    let mut files = vec![repo_root().join("tests/fixtures/data/btcusd_bitfinex_1h_2013.csv")];
    if let Some(shared) = shared_dir() {
        let mut found: Vec<_> = std::fs::read_dir(shared.join("data"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
        .into_iter()
        .map(|path| {
            let (header, cols) = read_csv(&path);
            let c = |name| column(&header, &cols, name);
            let bars = (0..c("time").len())
                .map(|i| Bar {
                    time: c("time")[i] as i64,
                    open: c("open")[i],
                    high: c("high")[i],
                    low: c("low")[i],
                    close: c("close")[i],
                    volume: c("volume")[i],
                    periods: f64::NAN,
                })
                .collect();
            (path.file_name().unwrap().to_string_lossy().into_owned(), bars)
        })
        .collect()
}

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn rule_driven_backtests_keep_their_accounting_on_every_series() {
    let mut entry = Rule::parse("crossover(ema(close, 12), ema(close, 26)) and rsi(close, 14) < 70").unwrap();
    let mut exit = Rule::parse("crossunder(ema(close, 12), ema(close, 26))").unwrap();
    for (name, bars) in series() {
        let (entries, exits) = (entry.batch_bool(&bars), exit.batch_bool(&bars));
        // Streaming the rule over the series gives the same conditions as batch.
        entry.reset();
        let streamed: Vec<bool> = bars.iter().map(|b| entry.update(b).as_bool()).collect();
        assert_eq!(streamed, entries, "{name}: streaming rule");
        for side in [Side::Long, Side::Short] {
            let strategy = Strategy {
                side,
                risk_pct: Some(1.0),
                stop: Some(StopRule::Atr { period: 14, multiple: 3.0 }),
                take_profit_r: Some(2.0),
                fee: FeeModel::Percent(0.1),
                slippage: Slippage::Percent(0.02),
                ..Strategy::default()
            };
            let report = run(&bars, &entries, &exits, &strategy).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(report.equity.len(), bars.len(), "{name}");
            assert!(!report.trades.is_empty(), "{name}: no trades");
            for point in &report.equity {
                assert!(point.equity.is_finite() && close_to(point.equity, point.cash + point.position_value), "{name}: {point:?}");
            }
            let pnl: f64 = report.trades.iter().map(|t| t.pnl).sum();
            assert!(close_to(report.metrics.final_equity, strategy.initial_equity + pnl), "{name}: final equity vs trades");
            for trade in &report.trades {
                // The signal is on the bar before the fill: no trade on the bar it saw.
                assert!(trade.entry_index >= 1 && entries[trade.entry_index - 1], "{name}: {trade:?}");
                assert!(trade.exit_index >= trade.entry_index, "{name}: {trade:?}");
                assert!(trade.fees > 0.0, "{name}: fees charged");
            }
            let m = &report.metrics;
            assert!((0.0..=1.0).contains(&m.max_drawdown) && (0.0..=1.0).contains(&m.exposure), "{name}: {m:?}");
        }
    }
}
