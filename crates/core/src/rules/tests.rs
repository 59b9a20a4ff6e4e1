//! Rule tests: errors, hand-computed evaluations, parity with the registry,
//! streaming against batch and peek, and a no-panic fuzz over random input.

use proptest::prelude::*;

use super::*;
use crate::indicators::{Ema, Rsi, Sma};
use crate::{Series, Spec};

fn closes(prices: &[f64]) -> Vec<Bar> {
    prices.iter().map(|&p| Bar::from_price(p)).collect()
}

/// A reproducible random walk with distinct open/high/low/close/volume.
fn walk(len: usize, seed: u64) -> Vec<Bar> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let mut close = 100.0;
    (0..len)
        .map(|i| {
            let open = close;
            close = open * (1.0 + (next() - 0.5) * 0.04);
            let high = open.max(close) * (1.0 + next() * 0.01);
            let low = open.min(close) * (1.0 - next() * 0.01);
            Bar { time: i as i64 * 60_000, open, high, low, close, volume: 1000.0 + next() * 500.0, periods: f64::NAN }
        })
        .collect()
}

fn series_of(bars: &[Bar]) -> [Vec<f64>; 6] {
    [
        bars.iter().map(|b| b.time as f64).collect(),
        bars.iter().map(|b| b.open).collect(),
        bars.iter().map(|b| b.high).collect(),
        bars.iter().map(|b| b.low).collect(),
        bars.iter().map(|b| b.close).collect(),
        bars.iter().map(|b| b.volume).collect(),
    ]
}

/// One registry output over `bars`, computed by the spec path (batch, not streaming).
fn registry_output(spec: &str, output: usize, bars: &[Bar]) -> Vec<f64> {
    let [time, open, high, low, close, volume] = series_of(bars);
    let series = Series { time: &time, open: &open, high: &high, low: &low, close: &close, volume: &volume, periods: &[] };
    Spec::parse(spec).unwrap().compute(&series).unwrap().swap_remove(output)
}

fn numbers(source: &str, bars: &[Bar]) -> Vec<f64> {
    Rule::parse(source).unwrap_or_else(|e| panic!("{e}")).batch_f64(bars)
}

fn bools(source: &str, bars: &[Bar]) -> Vec<bool> {
    Rule::parse(source).unwrap_or_else(|e| panic!("{e}")).batch_bool(bars)
}

fn error(source: &str) -> RuleError {
    Rule::parse(source).unwrap_err()
}

/// Equal, NaN where the other is NaN.
fn assert_same(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(a == e || (a.is_nan() && e.is_nan()), "bar {i}: {a} != {e}");
    }
}

/// `leaves` joined by `op` as a balanced tree, shallow however many there are.
fn balanced(leaves: &[String], op: &str) -> String {
    match leaves {
        [] => String::new(),
        [one] => one.clone(),
        _ => format!("({} {op} {})", balanced(&leaves[..leaves.len() / 2], op), balanced(&leaves[leaves.len() / 2..], op)),
    }
}

// ---- errors ----

#[test]
fn unknown_indicator_has_a_caret_excerpt() {
    let err = error("crossover(emaa(close,12), ema(close,26))");
    assert_eq!(err.kind(), RuleErrorKind::UnknownName);
    assert_eq!(err.span(), 10..14);
    assert_eq!(
        err.to_string(),
        "unknown indicator `emaa` (did you mean `ema`?) at column 11\ncrossover(emaa(close,12), ema(close,26))\n          ^^^^"
    );
    assert_eq!(error("bogus(close)").message(), "unknown indicator `bogus`");
    assert!(error("clsoe > 1").message().starts_with("unknown name `clsoe`; expected a number, a price field (open, high"));
}

#[test]
fn mavp_is_refused_for_want_of_a_periods_column() {
    let err = error("mavp(2, 30) > close");
    assert_eq!((err.kind(), err.span()), (RuleErrorKind::Arguments, 0..11));
    assert!(err.message().contains("periods column"), "{err}");
}

#[test]
fn multi_line_rules_report_line_and_column() {
    let err = error("rsi(close, 14) < 70\n  and close > opn");
    assert_eq!((err.line(), err.column()), (2, 15));
    assert!(err.to_string().ends_with("at line 2, column 15\n  and close > opn\n              ^^^"), "{err}");
}

#[test]
fn long_lines_are_cut_around_the_error() {
    let source = format!("{} and bogus > 1", vec!["close > 1"; 30].join(" and "));
    let err = error(&source);
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("...") && lines[1].chars().count() <= 86, "{}", lines[1]);
    let caret = lines[2].find('^').unwrap();
    assert_eq!(&lines[1][caret..caret + 5], "bogus");
}

#[test]
fn argument_errors() {
    let e = error("rsi(close, 14, 3)");
    assert_eq!((e.kind(), e.message()), (RuleErrorKind::Arguments, "`rsi` takes at most 2 arguments: rsi([series], timeperiod)"));
    assert_eq!(e.column(), 16);
    assert_eq!(error("rsi(14, 3)").message(), "`rsi` takes at most 2 arguments: rsi([series], timeperiod)");
    assert_eq!(error("rsi(close, period=14)").message(), "`rsi` has no parameter `period`; its parameters: timeperiod");
    assert_eq!(error("rsi(close, 14, timeperiod=3)").message(), "parameter `timeperiod` of `rsi` is given twice");
    assert_eq!(error("rsi(close, timeperiod=3, 4)").message(), "a positional argument after a named one in `rsi`");
    let e = error("atr(close, 14)");
    assert_eq!(e.message(), "`atr` reads high, low, close from each bar and takes only parameters: atr(timeperiod)");
    assert_eq!(e.column(), 5);
    assert_eq!(error("prev(close)").message(), "`prev` takes 2 arguments, 1 given: prev(x, n)");
    assert_eq!(error("bars_since(close > 1, 2)").message(), "`bars_since` takes 1 argument, 2 given: bars_since(condition)");
    assert_eq!(error("prev(close, n=2)").message(), "`prev` takes positional arguments only: prev(x, n)");
    assert_eq!(error("crossover > 1").message(), "`crossover` is a function: crossover(a, b)");
}

#[test]
fn parameter_errors_reuse_the_registry_messages() {
    let e = error("rsi(close, 1) < 30");
    assert_eq!(e.kind(), RuleErrorKind::Parameter);
    assert_eq!(e.message(), "rsi: parameter timeperiod = '1' is invalid; expected an integer in 2..=100000");
    assert_eq!((e.column(), e.span()), (12, 11..12));
    assert!(error("rsi(close, 14.5)").message().contains("timeperiod = '14.5' is invalid; expected an integer"));
    assert!(error("sma(close, -3)").message().contains("timeperiod = '-3' is invalid"));
    assert!(error("ma(close, 10, matype=foo)").message().contains("expected an MA type: sma (0)"));
    assert_eq!(error("rsi(close, close)").message(), "parameter `timeperiod` of `rsi` must be a constant (a number), not `close`");
    assert_eq!(error("rsi(close, 2 + 3)").message(), "parameter `timeperiod` of `rsi` must be a constant (a number), not `2 + 3`");
    let e = error("prev(close, 0.5)");
    assert_eq!(e.message(), "`prev`: the bar count `0.5` is invalid; expected an integer in 0..=100000");
    assert!(error("highest(close, 0)").message().contains("expected an integer in 1..=100000"));
    assert!(error("rising(close, 100001)").message().contains("1..=100000"));
}

#[test]
fn type_errors_name_both_sides() {
    let e = error("close and 3");
    assert_eq!(e.kind(), RuleErrorKind::Type);
    assert_eq!(e.message(), "`and` needs a condition (true/false), but `close` is a number");
    assert_eq!(e.to_string(), "`and` needs a condition (true/false), but `close` is a number at column 1\nclose and 3\n^^^^^");
    assert_eq!(error("close > 1 or 3").message(), "`or` needs a condition (true/false), but `3` is a number");
    assert_eq!(error("not close").message(), "`not` needs a condition (true/false), but `close` is a number");
    assert_eq!(error("(close > 1) + 2").message(), "`+` needs a number, but `(close > 1)` is a condition (true/false)");
    assert_eq!(error("-(close > 1)").message(), "unary `-` needs a number, but `(close > 1)` is a condition (true/false)");
    assert_eq!(error("close > (open > 1)").message(), "`>` needs a number, but `(open > 1)` is a condition (true/false)");
    assert_eq!(error("(close > 1) == 1").message(), "`==` needs a condition (true/false), but `1` is a number");
    assert_eq!(
        error("crossover(close > 1, 2)").message(),
        "argument 1 of `crossover` needs a number, but `close > 1` is a condition (true/false)"
    );
    assert_eq!(error("bars_since(close)").message(), "argument 1 of `bars_since` needs a condition (true/false), but `close` is a number");
    assert_eq!(error("sma(close > 1, 3)").message(), "the series of `sma` needs a number, but `close > 1` is a condition (true/false)");
    assert_eq!(error("rising(close > 1, 3)").kind(), RuleErrorKind::Type);
}

#[test]
fn output_errors_list_the_outputs() {
    let e = error("macd(close).foo > 0");
    assert_eq!(e.kind(), RuleErrorKind::UnknownOutput);
    assert_eq!(e.message(), "`macd` has no output `foo`; its outputs: macd, macdsignal, macdhist");
    assert_eq!(e.column(), 13);
    assert_eq!(
        error("bbands(close).band").message(),
        "`bbands` has an ambiguous output `band`; its outputs: upperband, middleband, lowerband"
    );
    assert_eq!(error("close.hist").message(), "`.hist` selects an output of an indicator, but `close` is not an indicator call");
    assert_eq!(error("(macd(close) + 1).hist").kind(), RuleErrorKind::UnknownOutput);
}

#[test]
fn limits_are_errors() {
    assert_eq!(error(&format!("{}close{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1))).kind(), RuleErrorKind::Limit);
    // A balanced `or` tree stays shallow, so only the count of calls is over a limit.
    let calls = |count: usize| (2..2 + count).map(|n| format!("sma(close,{n}) > 0")).collect::<Vec<_>>();
    assert!(Rule::parse(&balanced(&calls(MAX_STATEFUL), "or")).is_ok());
    let e = error(&balanced(&calls(MAX_STATEFUL + 1), "or"));
    assert_eq!((e.kind(), e.message()), (RuleErrorKind::Limit, "more than 256 indicator and window calls in one rule"));
    // Ten windows of 100000 bars (each indicator also counts one bar): the tenth goes over.
    let wide = ["sma", "ema", "rsi", "wma", "kama", "trima", "tema", "dema", "cmo", "mom"]
        .map(|f| format!("{f}(close, 100000) > 1"))
        .join(" and ");
    let e = error(&wide);
    assert_eq!((e.kind(), e.message()), (RuleErrorKind::Limit, "the rule's windows add up to more than 1000000 bars"));
    assert_eq!(e.span().start, wide.find("mom(").unwrap(), "at the call that goes over");
    assert!(Rule::parse(wide.rsplit_once(" and ").unwrap().0).is_ok());
    // Shared sub-expressions count once.
    let same = vec!["sma(close,5) > 0"; 80].join(" or ");
    let rule = Rule::parse(&same).unwrap();
    assert_eq!(rule.program.nodes.len(), 4 + 79, "field, sma, const, compare, then one `or` per join");
}

/// Rules at the nesting limit parse, compile and run inside a 1 MiB stack, wasm32's default.
#[test]
fn deep_rules_fit_in_a_wasm_sized_stack() {
    let run = || {
        let depth = MAX_DEPTH - 2;
        let nested_calls = format!("{}close{}", "sma(".repeat(depth), ",2)".repeat(depth));
        let nested_parens = format!("{}close > 1{}", "(".repeat(depth), ")".repeat(depth));
        let negations = format!("{}close", "-".repeat(depth));
        let nots = format!("{}close > 1", "not ".repeat(depth));
        for source in [nested_calls, nested_parens, negations, nots] {
            let mut rule = Rule::parse(&source).unwrap_or_else(|e| panic!("{e}"));
            rule.batch(&walk(300, 1));
        }
        let too_deep = format!("{}close{}", "sma(".repeat(10_000), ",2)".repeat(10_000));
        assert_eq!(Rule::parse(&too_deep).unwrap_err().kind(), RuleErrorKind::Limit);
    };
    std::thread::Builder::new().stack_size(1 << 20).spawn(run).unwrap().join().unwrap();
}

// ---- evaluation against hand-computed values ----

#[test]
fn crossover_and_crossunder_on_a_known_series() {
    let bars = closes(&[1.0, 3.0, 2.0, 2.0, 5.0, 1.0, 4.0]);
    // close against a constant 2: above on bars 1, 4, 6; at 2 on bars 2 and 3.
    assert_eq!(bools("crossover(close, 2)", &bars), [false, true, false, false, true, false, true]);
    assert_eq!(bools("crossunder(close, 2)", &bars), [false, false, false, false, false, true, false]);
    // close against its previous value: crossing needs two valid bars of both operands.
    assert_eq!(bools("crossover(close, prev(close, 1))", &bars), [false, false, false, false, true, false, true]);
    assert_eq!(bools("crossunder(close, prev(close, 1))", &bars), [false, false, true, false, false, true, false]);
}

#[test]
fn window_builtins() {
    let bars = closes(&[1.0, 3.0, 2.0, 4.0, 5.0, 1.0]);
    assert_same(&numbers("prev(close, 2)", &bars), &[f64::NAN, f64::NAN, 1.0, 3.0, 2.0, 4.0]);
    assert_same(&numbers("prev(close, 0)", &bars), &[1.0, 3.0, 2.0, 4.0, 5.0, 1.0]);
    assert_same(&numbers("highest(close, 3)", &bars), &[f64::NAN, f64::NAN, 3.0, 4.0, 5.0, 5.0]);
    assert_same(&numbers("lowest(close, 2)", &bars), &[f64::NAN, 1.0, 2.0, 2.0, 4.0, 1.0]);
    assert_eq!(bools("rising(close, 2)", &bars), [false, false, false, true, true, false]);
    assert_eq!(bools("falling(close, 1)", &bars), [false, false, true, false, false, true]);
    // bars_since: NaN until the first true, 0 when true.
    assert_same(&numbers("bars_since(close > 2.5)", &bars), &[f64::NAN, 0.0, 1.0, 0.0, 0.0, 1.0]);
    // prev of a condition stays a condition.
    assert_eq!(bools("prev(close > 2, 1)", &bars), [false, false, true, false, true, true]);
}

#[test]
fn arithmetic_fields_and_precedence() {
    let bar = Bar { time: 0, open: 1.0, high: 4.0, low: 2.0, close: 3.0, volume: 10.0, periods: f64::NAN };
    let value = |s: &str| Rule::parse(s).unwrap_or_else(|e| panic!("{e}")).update(&bar);
    assert_eq!(value("hl2"), Value::Number(3.0));
    assert_eq!(value("hlc3"), Value::Number(3.0));
    assert_eq!(value("ohlc4"), Value::Number(2.5));
    assert_eq!(value("1 + 2 * 3 - 4 / 8"), Value::Number(6.5));
    assert_eq!(value("-close * 2 + volume"), Value::Number(4.0));
    assert_eq!(value("(open - high) / (low - low)"), Value::Number(f64::NEG_INFINITY));
    assert_eq!(value("close >= 3 and not close != 3 or false"), Value::Bool(true));
    assert_eq!(value("1e1 == 10 and .5 < 1"), Value::Bool(true));
    assert_eq!(value("(close > 1) == (open > 1)"), Value::Bool(false));
    assert!(matches!(value("0 / 0"), Value::Number(x) if x.is_nan()));
}

#[test]
fn unknown_conditions_follow_three_valued_logic() {
    let bars = closes(&[1.0, 2.0, 3.0]);
    // prev(close, 2) is NaN on bars 0 and 1: the comparison is unknown there.
    assert_eq!(bools("prev(close, 2) < 10", &bars), [false, false, true]);
    assert_eq!(bools("not (prev(close, 2) < 10)", &bars), [false, false, false]);
    assert_eq!(bools("prev(close, 2) < 10 or close > 0", &bars), [true, true, true]);
    assert_eq!(bools("not (prev(close, 2) < 10 and close < 0)", &bars), [true, true, true]);
    assert_eq!(bools("prev(close, 2) != 10", &bars), [false, false, true]);
}

#[test]
fn nested_indicators_skip_their_inputs_warm_up() {
    let bars = walk(200, 7);
    let close: Vec<f64> = bars.iter().map(|b| b.close).collect();
    let rsi = Rsi::batch(&close, 14).unwrap();
    let first_valid = rsi.iter().position(|v| !v.is_nan()).unwrap();
    let mut expected = vec![f64::NAN; first_valid];
    expected.extend(Sma::batch(&rsi[first_valid..], 5).unwrap());
    let mut rule = Rule::parse("sma(rsi(close, 14), 5)").unwrap();
    assert_eq!(rule.lookback(), 14 + 4);
    assert_same(&rule.batch_f64(&bars), &expected);
    assert!(expected[18].is_finite() && expected[17].is_nan());
}

// ---- parity with the registry ----

#[test]
fn indicators_match_direct_registry_computation() {
    let bars = walk(300, 3);
    let close: Vec<f64> = bars.iter().map(|b| b.close).collect();
    assert_same(&numbers("ema(close, 12)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("ema(close, timeperiod=12)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("EMA(Close, 12)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("ema(close)", &bars), &Ema::batch(&close, 30).unwrap());
    // Without a series a single-input indicator reads its own column, like the spec grammar.
    assert_same(&numbers("ema(12)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("ema(timeperiod=12)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("rsi", &bars), &Rsi::batch(&close, 14).unwrap());
    assert_same(&numbers("rsi()", &bars), &Rsi::batch(&close, 14).unwrap());
    assert_same(&numbers("pvo(5, 10)", &bars), &registry_output("pvo:5:10", 0, &bars));
    assert_same(&numbers("pvo(volume, 5, 10)", &bars), &registry_output("pvo:5:10", 0, &bars));
    assert_same(&numbers("ma(close, 12, matype=ema)", &bars), &Ema::batch(&close, 12).unwrap());
    assert_same(&numbers("macd(close,12,26,9).macdhist", &bars), &registry_output("macd:12:26:9", 2, &bars));
    assert_same(&numbers("macd(close,12,26,9).hist", &bars), &registry_output("macd:12:26:9", 2, &bars));
    assert_same(&numbers("macd(close, signalperiod=5).signal", &bars), &registry_output("macd:12:26:5", 1, &bars));
    assert_same(&numbers("macd(close)", &bars), &registry_output("macd", 0, &bars));
    assert_same(&numbers("atr(14)", &bars), &registry_output("atr:14", 0, &bars));
    assert_same(&numbers("stoch().slowd", &bars), &registry_output("stoch", 1, &bars));
    assert_same(&numbers("bbands(close, 20, 2, 2).lower", &bars), &registry_output("bbands:20:2:2", 2, &bars));
    assert_same(&numbers("obv", &bars), &registry_output("obv", 0, &bars));
    assert_same(&numbers("adx(14)", &bars), &registry_output("adx:14", 0, &bars));
    // A series other than close is written into the indicator's input column.
    let hl2: Vec<f64> = bars.iter().map(|b| (b.high + b.low) / 2.0).collect();
    assert_same(&numbers("ema(hl2, 10)", &bars), &Ema::batch(&hl2, 10).unwrap());
    // Comparing with the registry value bar by bar.
    let ema12 = Ema::batch(&close, 12).unwrap();
    let ema26 = Ema::batch(&close, 26).unwrap();
    let rsi = Rsi::batch(&close, 14).unwrap();
    let expected: Vec<bool> =
        (0..bars.len()).map(|i| i > 0 && ema12[i] > ema26[i] && ema12[i - 1] <= ema26[i - 1] && rsi[i] < 70.0).collect();
    let crosses = bools("crossover(ema(close,12), ema(close,26)) and rsi(close,14) < 70", &bars);
    assert_eq!(crosses, expected);
    assert!(crosses.iter().any(|&c| c), "the series should cross at least once");
}

#[test]
fn tradingview_mode_uses_the_variant() {
    let bars = walk(200, 5);
    let talib = Rule::parse_in("rsi(close, 14)", Mode::Talib).unwrap().batch_f64(&bars);
    let tv = Rule::parse_in("rsi(close, 14)", Mode::TradingView).unwrap().batch_f64(&bars);
    let [time, open, high, low, close, volume] = series_of(&bars);
    let series = Series { time: &time, open: &open, high: &high, low: &low, close: &close, volume: &volume, periods: &[] };
    let expected = Spec::parse_in("rsi:14", Mode::TradingView).unwrap().compute(&series).unwrap().swap_remove(0);
    assert_same(&tv, &expected);
    assert_ne!(format!("{talib:?}"), format!("{tv:?}"));
}

#[test]
fn identical_subexpressions_are_computed_once() {
    let once = Rule::parse("ema(close, 12) > 0").unwrap().program.nodes.len();
    let twice = Rule::parse("ema(close, 12) > 0 and ema(close, timeperiod=12) > 0").unwrap().program.nodes.len();
    assert_eq!(twice, once + 1, "only the `and` is new");
    let outputs = Rule::parse("macd(close).hist > macd(close).signal").unwrap().program.nodes.len();
    assert_eq!(outputs, 3, "field, one macd instance, the comparison");
}

// ---- streaming, batch and peek ----

const RULES: &[&str] = &[
    "crossover(ema(close,12), ema(close,26)) and rsi(close,14) < 70",
    "crossunder(macd(close).macd, macd(close).signal) or bars_since(close > highest(close, 20)) < 3",
    "sma(rsi(close, 14), 5) - prev(rsi(close, 14), 3)",
    "not rising(close, 3) and falling(hlc3, 2) or atr(14) / close > 0.01",
    "stoch().slowk > stoch().slowd and adx(14) > 20",
    "lowest(low, 10) + highest(high, 10) / 2",
    "bbands(close, 20).upper - bbands(close, 20).lower",
    "prev(crossover(close, sma(close, 5)), 2)",
];

#[test]
fn streaming_equals_batch_and_peek_equals_the_next_update() {
    let bars = walk(400, 11);
    for source in RULES {
        let mut rule = Rule::parse(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let batch = rule.batch_f64(&bars);
        let mut streaming = Rule::parse(source).unwrap();
        for (i, bar) in bars.iter().enumerate() {
            let peeked = streaming.peek(bar);
            // Peeking at another forming bar must not disturb the state either.
            streaming.peek(&Bar { close: bar.close * 1.01, ..*bar });
            let updated = streaming.update(bar);
            assert!(
                peeked == updated || (peeked.as_f64().is_nan() && updated.as_f64().is_nan()),
                "{source} bar {i}: {peeked:?} {updated:?}"
            );
            let (u, b) = (updated.as_f64(), batch[i]);
            assert!(u == b || (u.is_nan() && b.is_nan()), "{source} bar {i}: stream {u} batch {b}");
        }
        assert!(batch.iter().skip(rule.lookback()).any(|v| !v.is_nan()), "{source}: never valid after its lookback");
        // batch leaves the state of the last bar; reset returns to a fresh one.
        rule.reset();
        let again = rule.batch_f64(&bars);
        assert_same(&again, &batch);
    }
}

#[test]
fn peek_on_a_rule_with_many_slots() {
    let leaves: Vec<String> = (2..42).map(|n| format!("sma(close, {n}) < close")).collect();
    let source = balanced(&leaves, "and");
    let bars = walk(120, 19);
    let mut rule = Rule::parse(&source).unwrap();
    assert!(rule.slots.len() > 64, "exercises the heap scratch of peek");
    let mut seen_true = false;
    for bar in &bars {
        let peeked = rule.peek(bar);
        assert_eq!(peeked, rule.update(bar));
        seen_true |= peeked == Value::Bool(true);
    }
    assert!(seen_true);
}

#[test]
fn lookback_is_the_first_possibly_valid_bar() {
    let bars = walk(300, 13);
    for (source, lookback) in
        [("ema(close, 12)", 11), ("prev(sma(close, 5), 3)", 7), ("crossover(ema(close,3), ema(close,5))", 5), ("highest(close, 4)", 3)]
    {
        let mut rule = Rule::parse(source).unwrap();
        assert_eq!(rule.lookback(), lookback, "{source}");
        let values = rule.batch_f64(&bars);
        if rule.kind() == ValueKind::Number {
            assert_eq!(values.iter().position(|v| !v.is_nan()), Some(lookback), "{source}");
        }
    }
}

// ---- fuzz: no panic on any input ----

const SOUP: &[&str] = &[
    "close",
    "open",
    "high",
    "low",
    "volume",
    "hl2",
    "ohlc4",
    "1",
    "0",
    "14",
    "2.5",
    "-",
    "+",
    "*",
    "/",
    "(",
    ")",
    ",",
    ".",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "and",
    "or",
    "not",
    "true",
    "false",
    "ema",
    "rsi",
    "macd",
    "atr",
    "stoch",
    "bbands",
    "obv",
    "ma",
    "prev",
    "bars_since",
    "crossover",
    "crossunder",
    "rising",
    "falling",
    "highest",
    "lowest",
    "hist",
    "signal",
    "upper",
    "timeperiod",
    "matype",
    "emaa",
    "x",
    "1e308",
    "1e999",
    "é",
    "\n",
    "\t",
    "&&",
    "#",
];

fn exercise(source: &str) {
    if let Ok(mut rule) = Rule::parse(source) {
        let bars = walk(40, source.len() as u64);
        let _ = rule.peek(&bars[0]);
        let _ = rule.batch(&bars);
        let _ = rule.peek(&bars[1]);
        rule.reset();
        for bar in &bars[..5] {
            let _ = rule.update(bar);
        }
        let _ = rule.lookback();
    } else if let Err(err) = Rule::parse(source) {
        let _ = err.to_string();
        assert!(err.span().end <= source.len() && source.is_char_boundary(err.span().start));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_strings_never_panic(source in "\\PC{0,80}") {
        exercise(&source);
    }

    #[test]
    fn token_soups_never_panic(tokens in prop::collection::vec(prop::sample::select(SOUP), 0..40), spaced in any::<bool>()) {
        exercise(&tokens.join(if spaced { " " } else { "" }));
    }

    #[test]
    fn well_formed_calls_never_panic(
        name in prop::sample::select(crate::registry::all().iter().map(|d| d.name).collect::<Vec<_>>()),
        args in prop::collection::vec(prop::sample::select(&["close", "hl2", "2", "3", "5", "0.5", "-1", "ema", "sma(close,3)", "x=2"][..]), 0..5),
    ) {
        exercise(&format!("{name}({}) > 0", args.join(", ")));
        exercise(name);
    }
}

#[test]
fn rules_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Rule>();
    assert_send::<RuleError>();
}

#[test]
fn bare_multi_column_indicators_and_outputs() {
    let bars = walk(120, 17);
    assert_same(&numbers("stoch.slowd", &bars), &registry_output("stoch", 1, &bars));
    assert_same(&numbers("aroon(14).up - aroon(14).down", &bars), &{
        let up = registry_output("aroon:14", 1, &bars);
        let down = registry_output("aroon:14", 0, &bars);
        up.iter().zip(&down).map(|(u, d)| u - d).collect::<Vec<f64>>()
    });
}
