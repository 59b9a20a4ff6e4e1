//! Property tests against the official `ta-lib` crate (0.8.3) as an oracle: every registry
//! function on random OHLCV walks with random valid parameters, each output compared after
//! spreading the crate's (begIdx, count) to full length: NaN exactly where the crate has
//! no value (or a NaN), |Δ| ≤ 1e-9·max(1,|ref|) elsewhere.
//!
//! The crate is TA-Lib 0.8.3; Sigil follows 0.8.1 (checked against real 0.8.1 outputs in
//! `talib_cases.rs` and `golden.rs`). Where the two versions differ, only the affected
//! condition is left out, function by function, in [`quirks`]; cases hit by a reported,
//! not yet fixed Sigil bug are left out in [`known_sigil_bug`] and counted in the output.
//!
//! `SIGIL_ONLY=rsi,cmo` limits the run to some functions; `ORACLE_CASES=500` changes the
//! number of random cases per function (default [`DEFAULT_CASES`]); `ORACLE_NO_QUIRKS=1`
//! drops both kinds of exclusion (to see whether they are still needed);
//! `ORACLE_SHIFT_ONLY=1` gives every walk a jump of its price level.

mod support;
#[path = "oracle/table.rs"]
mod table;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use sigil_core::registry::{self, IndicatorDef};
use sigil_core::{ParamDef, ParamKind, Series, Spec, MA_TYPES};
use ta_lib::Core;
use table::{Call, Oracle, TABLE};

const DEFAULT_CASES: u32 = 64;
const MAX_BARS: usize = 400;
/// Upper bound of generated periods: long enough for multi-stage warm-ups, short
/// enough that the warm-up fits in [`MAX_BARS`].
const MAX_PERIOD: i64 = 40;

/// Registry functions not compared with the crate, each with the reason: the indicators
/// beyond TA-Lib, which the crate does not have (they are checked against
/// pandas-ta-classic, talipp and hand-computed values in their own tests).
const BEYOND_TALIB: &str = "not a TA-Lib function; see its own reference tests";
const EXCLUDED: &[(&str, &str)] = &[
    ("avwap", BEYOND_TALIB),
    ("chandelier", BEYOND_TALIB),
    ("ichimoku", BEYOND_TALIB),
    ("pivots", BEYOND_TALIB),
    ("svwap", BEYOND_TALIB),
    ("ulcer", BEYOND_TALIB),
];

/// Which values the close column takes (other columns are always an OHLCV walk).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Domain {
    /// Positive prices around 50.
    Prices,
    /// In [-1, 1] (ACOS, ASIN).
    Unit,
    /// Around 0, both signs, up to about ±15: the math transforms see negative input
    /// (NaN from LN, SQRT, ...), overflow (EXP, COSH, SINH of large values are finite
    /// here, both signs) and non-integers for CEIL/FLOOR.
    Signed,
}

/// Per-function adjustments of the generated input, each a difference between TA-Lib
/// 0.8.1 and the crate (0.8.3) or a mathematical domain.
struct Quirks {
    domain: Domain,
    /// Leave out series whose first closes, this many of them (given the parameters),
    /// are all equal.
    no_flat_start: Option<fn(&[f64]) -> usize>,
    /// Whether the walk has flat bars (equal consecutive prices) at all.
    flat_bars: bool,
    /// Whether the price level may jump up (×1000) as well as down.
    up_shifts: bool,
    /// Leave out the cases whose parameters this says yes to.
    skip_params: Option<fn(&[f64]) -> bool>,
}

fn no_quirks() -> bool {
    std::env::var_os("ORACLE_NO_QUIRKS").is_some()
}

fn quirks(name: &str) -> Quirks {
    let mut q = Quirks { domain: Domain::Prices, no_flat_start: None, flat_bars: true, up_shifts: true, skip_params: None };
    match name {
        "acos" | "asin" => q.domain = Domain::Unit,
        "atan" | "ceil" | "cos" | "cosh" | "exp" | "floor" | "ln" | "log10" | "sin" | "sinh" | "sqrt" | "tan" | "tanh" => {
            q.domain = Domain::Signed
        }
        // `ORACLE_NO_QUIRKS=1` shows that the version differences below are still there.
        _ if no_quirks() => {}
        // Where the average gain and loss are both 0, TA-Lib 0.8.1 gives 0 and the crate
        // 50 (`indicators::Rsi`). Once any change has entered, Wilder's averages stay
        // above 0 (they only decay), so that happens only while every close since the
        // first is the same: a flat start of at least `period + 1` closes.
        // STOCHRSI reads that RSI: the same condition.
        "rsi" | "stochrsi" => q.no_flat_start = Some(|p| p[0] as usize + 1),
        // Ties (equal values in one window) name the earliest or latest bar depending on
        // how TA-Lib 0.8.1 reached it (`indicators::math::index`); the crate names the
        // newest from any start (its changelog: "A tie names the newest bar from any
        // start (#503)"). Without flat bars the walk has no ties.
        "maxindex" | "minindex" | "minmaxindex" => q.flat_bars = false,
        // The running sums hold deviations from a shift, rebuilt when the variance is
        // small against them; the crate's rule changed ("#434 rebuild against the peak
        // sum of squares", var.rs history). After a jump to a level of ~5e4, squared
        // deviations of ~1e9 leave TA-Lib 0.8.1 a residue of a few 1e-9 in a small
        // variance, which Sigil reproduces bit for bit (checked with `talib.VAR` of
        // PyPI ta-lib 0.8.2) and the crate does not have. Jumps down are fine.
        "var" | "stddev" => q.up_shifts = false,
        // KAMA and MAMA are not linear: KAMA divides by the sum of absolute changes,
        // MAMA picks its speed from a phase, so fed an already smoothed line (STOCH and
        // KDJ's %D of %K, MACDEXT's signal of a difference of two MAs) near a constant,
        // they turn last-bit differences of the first MA into differences far above
        // 1e-9. The EMA family's last bits differ between 0.8.1 and the crate (0.8.1's
        // `prev + k·(x − prev)` against the crate's fused multiply-add, docs/indicators.md);
        // Sigil agrees with 0.8.1 on such a case (stoch:1:3:12:2:6 checked with
        // `talib.STOCH` of PyPI ta-lib 0.8.2) where the crate is 1e-8 away.
        "stoch" | "kdj" => q.skip_params = Some(|p| matches!(p[4] as i64, 6 | 7)),
        "macdext" => q.skip_params = Some(|p| matches!(p[5] as i64, 6 | 7)),
        _ => {}
    }
    q
}

/// One generated bar before it becomes prices: the walk's step, the open's gap, the wick
/// sizes, the volume and a kind (flat bar, wickless high or low, or ordinary).
#[derive(Debug, Clone)]
struct RawBar {
    step: f64,
    gap: f64,
    up: f64,
    down: f64,
    volume: f64,
    kind: u8,
}

fn raw_bar() -> impl Strategy<Value = RawBar> {
    (-1.0f64..1.0, -1.0f64..1.0, 0.0f64..1.0, 0.0f64..1.0, 1u32..1000, 0u8..32).prop_map(|(step, gap, up, down, volume, kind)| RawBar {
        step,
        gap,
        up,
        down,
        volume: f64::from(volume),
        kind,
    })
}

struct Columns {
    time: Vec<f64>,
    open: Vec<f64>,
    high: Vec<f64>,
    low: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
    /// MAVP's per-bar periods: fractions, values below and above any generated range, NaN.
    periods: Vec<f64>,
}

/// A positive OHLCV walk: high ≥ max(open, close), low ≤ min(open, close), volume > 0,
/// with occasional runs of flat bars (open = high = low = close = previous close) and
/// bars without an upper or lower wick.
fn columns(raw: &[RawBar], shift: Shift, q: &Quirks) -> Columns {
    let n = raw.len();
    let mut c = Columns {
        time: (0..n).map(|i| i as f64 * 60_000.0).collect(),
        open: Vec::with_capacity(n),
        high: Vec::with_capacity(n),
        low: Vec::with_capacity(n),
        close: Vec::with_capacity(n),
        volume: Vec::with_capacity(n),
        periods: raw.iter().map(|b| if b.kind == 3 { f64::NAN } else { (b.volume % 45.0) + b.up }).collect(),
    };
    let mut previous = 50.0;
    let mut flat_run = false;
    let shift_at = shift.map(|(at, factor)| ((at * n as f64) as usize, factor));
    for (i, bar) in raw.iter().enumerate() {
        if let Some((at, factor)) = shift_at {
            if i == at {
                previous *= factor;
            }
        }
        // A flat bar starts a run now and then, which goes on with probability 0.8, so
        // whole windows without change (zero ranges, zero sums of changes) do occur.
        flat_run = q.flat_bars && (bar.kind == 0 || (flat_run && bar.gap < 0.6));
        let (open, high, low, close) = if flat_run {
            (previous, previous, previous, previous)
        } else {
            let close = previous * (1.0 + 0.03 * bar.step);
            let open = previous * (1.0 + 0.005 * bar.gap);
            let high = open.max(close) * if bar.kind == 1 { 1.0 } else { 1.0 + 0.02 * bar.up };
            let low = open.min(close) * if bar.kind == 2 { 1.0 } else { 1.0 - 0.02 * bar.down };
            (open, high, low, close)
        };
        c.open.push(open);
        c.high.push(high);
        c.low.push(low);
        c.close.push(close);
        c.volume.push(bar.volume);
        previous = close;
    }
    match q.domain {
        Domain::Prices => {}
        Domain::Unit => c.close.iter_mut().for_each(|x| *x = (*x * 7.0).sin()),
        Domain::Signed => c.close.iter_mut().for_each(|x| *x = (*x - 50.0) / 3.0),
    }
    c
}

/// Random valid values for one parameter: small periods (where edge cases live), periods
/// up to [`MAX_PERIOD`] and the default; real parameters over ranges that matter.
fn param_strategy(function: &str, param: &ParamDef) -> BoxedStrategy<f64> {
    match param.kind {
        ParamKind::Integer { min, max } => {
            let hi = max.min(MAX_PERIOD.max(min));
            // TA-Lib's default too, which may be above MAX_PERIOD (PERCENTRANK's 100).
            let default = param.default as i64;
            prop_oneof![3 => min..=hi.min(min + 4), 3 => min..=hi, 1 => Just(default)].prop_map(|v| v as f64).boxed()
        }
        ParamKind::MaType => prop::sample::select(MA_TYPES.iter().map(|&(code, _)| f64::from(code)).collect::<Vec<_>>()).boxed(),
        ParamKind::Choice(names) => (0..names.len()).prop_map(|v| v as f64).boxed(),
        ParamKind::Real { min, max } => {
            let range = |lo: f64, hi: f64| (lo.max(min)..=hi.min(max)).boxed();
            match param.name {
                "nbdev" | "nbdevup" | "nbdevdn" => range(-3.0, 3.0),
                "multiplier" => range(0.0, 5.0),
                "percentile" => prop_oneof![Just(0.0), Just(50.0), Just(100.0), range(0.0, 100.0)].boxed(),
                "vfactor" => range(0.0, 1.0),
                "fastlimit" | "slowlimit" => range(0.01, 0.99),
                // SAR, SAREXT: 0 start = automatic direction, else the sign picks it.
                "startvalue" => prop_oneof![Just(0.0), range(-80.0, 80.0)].boxed(),
                "offsetonreverse" => range(0.0, 0.1),
                "acceleration" | "accelerationinitlong" | "accelerationlong" | "accelerationinitshort" | "accelerationshort" => {
                    range(0.0, 0.3)
                }
                "maximum" | "accelerationmaxlong" | "accelerationmaxshort" => range(0.0, 0.6),
                other => panic!("{function}: give the real parameter '{other}' a range in param_strategy"),
            }
        }
    }
}

/// `name:p1:p2...` with every parameter written out.
fn spec_text(def: &IndicatorDef, params: &[f64]) -> String {
    let mut text = def.name.to_string();
    for p in params {
        text.push_str(&format!(":{p}"));
    }
    text
}

/// A jump of the whole price level at some point of the walk: (where, as a fraction of
/// the length; factor).
type Shift = Option<(f64, f64)>;

/// One case in eight has a jump (a split, a bad tick, a rebased feed): running sums then
/// carry the old level's rounding, which is where TA-Lib's re-anchoring rules show.
fn shift_strategy(q: &Quirks) -> impl Strategy<Value = Shift> {
    let always = std::env::var_os("ORACLE_SHIFT_ONLY").is_some();
    let factors = if q.up_shifts { vec![1e-3, 1e3] } else { vec![1e-3] };
    let shift = (0.0f64..1.0, prop::sample::select(factors)).prop_map(Some);
    if always {
        shift.boxed()
    } else {
        prop_oneof![7 => Just(None), 1 => shift].boxed()
    }
}

fn case_strategy(def: &'static IndicatorDef) -> impl Strategy<Value = (Vec<f64>, Vec<RawBar>, Shift)> {
    let params: Vec<BoxedStrategy<f64>> = def.params.iter().map(|p| param_strategy(def.name, p)).collect();
    params.prop_flat_map(move |params| {
        // The length keeps the warm-up inside the series, and now and then leaves it
        // just outside (all-NaN output on both sides).
        let lookback = Spec::parse(&spec_text(def, &params)).map(|s| s.lookback()).unwrap_or(0);
        let shortest = lookback.saturating_sub(4).clamp(1, MAX_BARS);
        let longest = (lookback + 160).clamp(shortest, MAX_BARS);
        (Just(params), prop::collection::vec(raw_bar(), shortest..=longest), shift_strategy(&quirks(def.name)))
    })
}

fn describe_series(c: &Columns) -> String {
    if c.close.len() > 100 {
        return String::new();
    }
    let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(",");
    format!(
        "\n  open=[{}]\n  high=[{}]\n  low=[{}]\n  close=[{}]\n  volume=[{}]",
        fmt(&c.open),
        fmt(&c.high),
        fmt(&c.low),
        fmt(&c.close),
        fmt(&c.volume)
    )
}

/// Cases left out because of a Sigil bug that is reported and awaiting a fix, with the
/// bug. Remove an entry with its fix; `ORACLE_NO_QUIRKS=1` runs these cases too.
fn known_sigil_bug(def: &IndicatorDef, params: &[f64], shift: Shift) -> Option<&'static str> {
    if no_quirks() {
        return None;
    }
    // None known today (WMA's periodic rebuild of its totals, once missing, is in).
    let _ = (def, params, shift);
    None
}

/// Compares one case; returns the number of non-NaN values compared.
fn check_case(def: &IndicatorDef, oracle: Oracle, params: &[f64], raw: &[RawBar], shift: Shift) -> Result<usize, TestCaseError> {
    let q = quirks(def.name);
    let c = columns(raw, shift, &q);
    if q.skip_params.is_some_and(|skip| skip(params)) {
        return Err(TestCaseError::reject("KAMA or MAMA of a smoothed line (a known 0.8.1 vs 0.8.3 difference)"));
    }
    if let Some(window) = q.no_flat_start {
        if c.close.len() >= window(params) && c.close[..window(params)].iter().all(|&x| x == c.close[0]) {
            return Err(TestCaseError::reject("flat start (a known 0.8.1 vs 0.8.3 difference)"));
        }
    }
    if def.name == "mavp" && params.first() > params.get(1) {
        return Err(TestCaseError::reject("MAVP with minperiod above maxperiod (both reject it)"));
    }
    let text = spec_text(def, params);
    let series =
        Series { time: &c.time, open: &c.open, high: &c.high, low: &c.low, close: &c.close, volume: &c.volume, periods: &c.periods };
    let ours = Spec::parse(&text).and_then(|s| s.compute(&series));
    let core = Core::new();
    let call = Call {
        core: &core,
        open: &c.open,
        high: &c.high,
        low: &c.low,
        close: &c.close,
        volume: &c.volume,
        periods: &c.periods,
        params,
        last: c.close.len() - 1,
        spread: true,
    };
    let theirs = oracle(&call);
    let fail = |what: String| TestCaseError::fail(format!("{text} on {} bars: {what}{}", c.close.len(), describe_series(&c)));
    let (ours, theirs) = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => (ours, theirs),
        (Err(e), Ok(_)) => return Err(fail(format!("Sigil rejects what the crate accepts: {e}"))),
        (Ok(_), Err(e)) => return Err(fail(format!("the crate rejects ({e:?}) what Sigil accepts"))),
        (Err(e), Err(r)) => return Err(fail(format!("both reject: Sigil {e}, crate {r:?} (generator out of range)"))),
    };
    if ours.len() != def.outputs.len() || theirs.len() != def.outputs.len() {
        return Err(fail(format!("{} outputs, crate {}, registry {}", ours.len(), theirs.len(), def.outputs.len())));
    }
    let mut compared = 0;
    for ((output, a), r) in def.outputs.iter().zip(&ours).zip(&theirs) {
        support::compare(a, r).map_err(|e| fail(format!("output {output}: {e}")))?;
        compared += r.iter().filter(|v| !v.is_nan()).count();
    }
    Ok(compared)
}

struct Tally {
    cases: u32,
    values: usize,
    /// Cases not compared because of a known Sigil bug.
    left_out: u32,
}

/// Runs the random cases of one function.
fn check_function(def: &'static IndicatorDef, oracle: Oracle, cases: u32) -> Result<Tally, String> {
    let config = Config { cases, failure_persistence: None, max_global_rejects: cases * 20, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let tally = std::cell::RefCell::new(Tally { cases: 0, values: 0, left_out: 0 });
    let result = runner.run(&case_strategy(def), |(params, raw, shift)| {
        if let Some(bug) = known_sigil_bug(def, &params, shift) {
            tally.borrow_mut().left_out += 1;
            return Err(TestCaseError::reject(bug));
        }
        let values = check_case(def, oracle, &params, &raw, shift)?;
        let mut tally = tally.borrow_mut();
        tally.cases += 1;
        tally.values += values;
        Ok(())
    });
    match result {
        Ok(()) => Ok(tally.into_inner()),
        Err(TestError::Fail(reason, _)) => Err(format!("{}: {reason}", def.name)),
        Err(TestError::Abort(reason)) => Err(format!("{}: aborted: {reason}", def.name)),
    }
}

#[test]
fn every_function_matches_the_ta_lib_crate() {
    let cases = std::env::var("ORACLE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    let mut failures = Vec::new();
    let (mut functions, mut total) = (0, Tally { cases: 0, values: 0, left_out: 0 });
    for &(name, oracle) in TABLE {
        if !support::selected(name) {
            continue;
        }
        let def = registry::find(name).unwrap_or_else(|| panic!("{name} is in the oracle table but not in the registry"));
        match check_function(def, oracle, cases) {
            Ok(tally) => {
                let left_out = match tally.left_out {
                    0 => String::new(),
                    n => format!(" ({n} cases left out: known Sigil bug)"),
                };
                eprintln!("{name}: {} cases, {} values match the crate{left_out}", tally.cases, tally.values);
                functions += 1;
                total.cases += tally.cases;
                total.values += tally.values;
                total.left_out += tally.left_out;
            }
            Err(e) => failures.push(e),
        }
    }
    eprintln!(
        "{functions} functions, {} cases, {} values match the ta-lib crate; {} cases left out for known Sigil bugs",
        total.cases, total.values, total.left_out
    );
    assert!(failures.is_empty(), "{} function(s) differ from the ta-lib crate:\n{}", failures.len(), failures.join("\n\n"));
}

/// A function added to the registry must be added to the table (or excluded with a
/// reason), so it cannot go unchecked by accident.
#[test]
fn every_registry_function_is_compared_or_excluded() {
    let in_table = |name: &str| TABLE.iter().any(|&(n, _)| n == name);
    let excluded = |name: &str| EXCLUDED.iter().any(|&(n, _)| n == name);
    let missing: Vec<&str> = registry::all().iter().map(|d| d.name).filter(|n| !in_table(n) && !excluded(n)).collect();
    assert!(missing.is_empty(), "registry functions neither in the oracle table nor excluded: {missing:?}");
    let both: Vec<&str> = TABLE.iter().map(|&(n, _)| n).filter(|n| excluded(n)).collect();
    assert!(both.is_empty(), "both in the table and excluded: {both:?}");
    let unknown: Vec<&str> =
        TABLE.iter().map(|&(n, _)| n).chain(EXCLUDED.iter().map(|&(n, _)| n)).filter(|n| registry::find(n).is_none()).collect();
    assert!(unknown.is_empty(), "not in the registry: {unknown:?}");
    let mut names: Vec<&str> = TABLE.iter().map(|&(n, _)| n).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), TABLE.len(), "a function is in the table twice");
}
