//! Test helpers: locating fixtures and reading the fixture CSV format.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// `../shared` beside the repository, when present (CI and developer machines have it).
pub fn shared_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    dir.join("golden").is_dir().then_some(dir)
}

/// A CSV of numbers with a header: (header, columns). Empty fields are NaN.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().expect("header").split(',').map(str::to_string).collect();
    let mut columns = vec![Vec::new(); header.len()];
    for (n, line) in lines.enumerate() {
        for (column, field) in columns.iter_mut().zip(line.trim_end_matches('\r').split(',')) {
            column.push(if field.is_empty() {
                f64::NAN
            } else {
                field.parse().unwrap_or_else(|_| panic!("{}:{}: bad number '{field}'", path.display(), n + 2))
            });
        }
    }
    (header, columns)
}

/// The named column of a CSV read by [`read_csv`].
pub fn column<'a>(header: &[String], columns: &'a [Vec<f64>], name: &str) -> &'a [f64] {
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    &columns[i]
}

/// TA-Lib parity: NaN exactly where the reference has NaN, else
/// |actual - reference| <= 1e-9 * max(1, |reference|). Returns a description of the
/// first mismatch.
pub fn compare(actual: &[f64], reference: &[f64]) -> Result<(), String> {
    if actual.len() != reference.len() {
        return Err(format!("length {} != reference length {}", actual.len(), reference.len()));
    }
    for (i, (&a, &r)) in actual.iter().zip(reference).enumerate() {
        // `a == r` also admits equal infinities (EXP, COSH, SINH overflow), whose difference is NaN.
        let ok = if r.is_nan() { a.is_nan() } else { a == r || (a - r).abs() <= 1e-9 * r.abs().max(1.0) };
        if !ok {
            return Err(format!("row {i}: got {a}, TA-Lib has {r}"));
        }
    }
    Ok(())
}

/// While several indicators are being written at once, `SIGIL_ONLY=wma,dema` limits the
/// registry-wide tests to those names. Unset (CI), every indicator is tested.
pub fn selected(name: &str) -> bool {
    match std::env::var("SIGIL_ONLY") {
        Ok(list) if !list.trim().is_empty() => list.split(',').any(|n| n.trim().eq_ignore_ascii_case(name)),
        _ => true,
    }
}

/// A per-bar period for MAVP's `periods` column at bar `i`: it wanders over 0..45 with
/// fractions, so it goes below and above any tested range, with a NaN now and then.
pub fn mavp_period(i: usize) -> f64 {
    if i % 29 == 7 {
        f64::NAN
    } else {
        ((i * 13) % 45) as f64 + (i % 4) as f64 * 0.25
    }
}
