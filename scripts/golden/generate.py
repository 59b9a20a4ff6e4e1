#!/usr/bin/env python3
"""Regenerates TA-Lib reference outputs for every non-pattern TA-Lib function.

Needs PyPI `ta-lib==0.8.2` (its wheel bundles TA-Lib C 0.8.1) and numpy:
    pip install ta-lib==0.8.2
    python3 scripts/golden/generate.py                      # in-repo fixtures (small series)
    python3 scripts/golden/generate.py --all --out target/talib-golden   # every ../shared series

For each series it writes one CSV per (function, parameter set), one row per bar of the
series and one column per TA-Lib output (empty = NaN, numbers as Python repr), and a
manifest.json:
    {"talib": "<version>", "series": "...", "cases": [
        {"spec": "bbands:20:2:2:sma", "function": "BBANDS", "params": {...},
         "inputs": [...], "outputs": [...], "file": "BBANDS.0.csv"}, ...]}
`spec` is the Sigil spec of the same call, so the parity tests need no table of their own.
Parameter sets: TA-Lib's defaults; every period scaled by 0.7 (MA types -> ema); and for
MA and MAVP, each MA type. MAVP's `periods` input is generated (see mavp_periods) and
written as `<FUNCTION>.periods.csv`, named by the case's `periods_file`. The in-repo fixture keeps the first --rows bars (400) to stay
small; --all writes whole series.
"""
import argparse
import csv
import json
import math
import pathlib
import sys

import numpy as np
import talib
from talib import abstract

ROOT = pathlib.Path(__file__).resolve().parents[2]
MA_NAMES = {0: "sma", 1: "ema", 2: "wma", 3: "dema", 4: "tema", 5: "trima", 6: "kama", 7: "mama",
            8: "t3", 9: "hma", 12: "zlema", 13: "rma"}
# Functions left out, with the reason (none today).
SKIPPED = {}


def mavp_periods(rows):
    """MAVP's per-bar `periods` input, which no candle file has: it wanders over 0..44
    with fractions (below the minimum, above the maximum, truncation) and a NaN every
    29 bars. Written beside the case (`periods_file`), so the parity test reads the very
    values TA-Lib was given."""
    return np.array([math.nan if i % 29 == 7 else float((i * 13) % 45) + (i % 4) * 0.25 for i in range(rows)])


def read_series(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {k: np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close", "volume")}
    times = [r["time"] for r in rows]
    return times, cols


def is_matype(name):
    return "matype" in name


def spec_of(function, params):
    parts = [function.lower()]
    for name, value in params.items():
        if is_matype(name):
            parts.append(MA_NAMES[int(value)])
        elif isinstance(value, float):
            parts.append(repr(value).removesuffix(".0") if value.is_integer() else repr(value))
        else:
            parts.append(str(value))
    return ":".join(parts)


def parameter_sets(function):
    defaults = dict(abstract.Function(function).parameters)
    sets = [defaults]
    scaled = {}
    for name, value in defaults.items():
        if is_matype(name):
            scaled[name] = 1
        elif isinstance(value, int) and "period" in name:
            scaled[name] = max(2, round(value * 0.7))
        else:
            scaled[name] = value
    if scaled != defaults:
        sets.append(scaled)
    for name in [n for n in defaults if is_matype(n) and function in ("MA", "MAVP")]:
        for code in MA_NAMES:
            variant = dict(defaults, **{name: code})
            if variant not in sets:
                sets.append(variant)
    return sets


def fmt(value):
    value = float(value)
    return "" if math.isnan(value) else repr(value)


def generate(series_path, out_dir, rows):
    times, cols = read_series(series_path)
    if rows:
        times = times[:rows]
        cols = {k: v[:rows] for k, v in cols.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = []
    functions = [f for f in talib.get_functions() if not f.startswith("CDL")]
    for function in functions:
        if function in SKIPPED:
            continue
        info = abstract.Function(function)
        inputs = []
        for value in dict(info.input_names).values():
            inputs.extend(value if isinstance(value, list) else [value])
        extra = {}
        if "periods" in inputs:
            extra["periods"] = mavp_periods(len(times))
        for n, params in enumerate(parameter_sets(function)):
            fn = abstract.Function(function)
            try:
                result = fn(dict(cols, **extra), **params)
            except Exception as error:  # a parameter set TA-Lib rejects is simply not a case
                print(f"{function} {params}: {error}", file=sys.stderr)
                continue
            outputs = list(fn.output_names)
            columns = result if isinstance(result, list) else [result]
            file = f"{function}.{n}.csv"
            with open(out_dir / file, "w", newline="") as f:
                # No time column: row i is bar i of the series (the manifest names it).
                f.write(",".join(outputs) + "\n")
                for i in range(len(times)):
                    f.write(",".join(fmt(c[i]) for c in columns) + "\n")
            # TA-Lib's integer outputs (MAXINDEX, HT_TRENDMODE, ...) have no NaN: their
            # unwritten lookback cells read as 0. The parity test expects NaN there.
            integer_outputs = [name for name, c in zip(outputs, columns) if np.issubdtype(np.asarray(c).dtype, np.integer)]
            case = {"spec": spec_of(function, params), "function": function, "params": params,
                    "inputs": inputs, "outputs": outputs, "integer_outputs": integer_outputs, "file": file}
            if "periods" in extra:
                case["periods_file"] = f"{function}.periods.csv"
                with open(out_dir / case["periods_file"], "w", newline="") as f:
                    f.write("periods\n" + "".join(fmt(v) + "\n" for v in extra["periods"]))
            cases.append(case)
    manifest = {"talib_python": talib.__version__, "talib_c": talib.__ta_version__.decode() if isinstance(talib.__ta_version__, bytes) else str(talib.__ta_version__),
                "numpy": np.__version__, "series": series_path.name, "rows": len(times), "skipped": SKIPPED, "cases": cases}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{series_path.name}: {len(cases)} cases in {out_dir}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="every series in ../shared/data instead of the in-repo fixture")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "tests/fixtures/talib")
    parser.add_argument("--rows", type=int, default=400, help="bars per in-repo fixture (ignored with --all)")
    args = parser.parse_args()
    if talib.__version__ != "0.8.2":
        sys.exit(f"needs PyPI ta-lib 0.8.2 (TA-Lib C 0.8.1), found {talib.__version__}")
    if args.all:
        series = sorted((ROOT.parent / "shared/data").glob("*.csv"))
    else:
        series = [ROOT / "tests/fixtures/data/btcusd_bitfinex_1h_2013.csv"]
    for path in series:
        generate(path, args.out / path.stem, None if args.all else args.rows)


if __name__ == "__main__":
    main()
