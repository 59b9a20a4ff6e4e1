# Sigil: `make demo` runs the whole thing on the offline replay; `make test` runs every test.
# Both install what is missing first (scripts/install-tools.sh; idempotent).

SHELL := /bin/bash
CARGO ?= cargo
PROFILE ?= release
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

.PHONY: all tools tools-browser cli npm worker build demo test lint test-rust test-bench-smoke test-npm test-worker test-browser test-fake-exchange test-extended fuzz bench bench-js clean

all: build

tools:
	@scripts/install-tools.sh

tools-browser:
	@scripts/install-tools.sh --browser

cli: tools
	$(CARGO) build --release -p sigil-cli

# dist/sigil-ta: the npm package, profile from wasm-pack.toml
npm: tools
	node scripts/build-npm.mjs $(PROFILE)

worker: tools
	scripts/build-worker.sh

build: cli npm worker

demo: build
	node scripts/demo.mjs

test: tools-browser build lint test-rust test-npm test-worker test-browser test-fake-exchange test-bench-smoke

# Formatting and clippy, warnings as errors: natively over every crate and target, and
# the core and npm bindings for wasm32 (code behind cfg(target_arch = "wasm32") is only seen there).
lint: tools
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p sigil-core -p sigil-wasm --target wasm32-unknown-unknown --release -- -D warnings

test-rust:
	$(CARGO) test --workspace --exclude sigil-wasm
	$(CARGO) test -p sigil-core --features ta --lib interop_ta
	# The npm package's core build (`compact`: batch through streaming but for the
	# headline indicators) against TA-Lib and the bad-value policy, natively.
	$(CARGO) test -p sigil-core --features compact --lib registry
	$(CARGO) test -p sigil-core --features compact --test golden --test talib_cases --test bad_values

# The benchmark programs on 3,000 bars: not a measurement, a check that `make bench` still
# runs every registry indicator natively and in wasm (it is not otherwise part of CI).
test-bench-smoke: npm
	SIGIL_BENCH_BARS=3000 $(CARGO) bench -p sigil-core --bench sweep > /dev/null
	SIGIL_BENCH_BARS=3000 node scripts/bench-wasm.mjs > /dev/null
	SIGIL_BENCH_BARS=3000 SIGIL_BENCH_ROUNDS=1 CARGO="$(CARGO)" node scripts/bench-resident.mjs > /dev/null

test-npm:
	node --test tests/npm/

test-worker:
	node --test tests/worker/

test-browser:
	node --test tests/browser/

# The fake exchange (tests/fake-exchange): its own Node tests. The adapters driven against
# it over HTTP (crates/exchange/tests/fake_exchange.rs) run with test-rust.
test-fake-exchange:
	node --test tests/fake-exchange/

# Parity on whole ../shared series for every TA-Lib function: regenerates the reference
# with PyPI ta-lib 0.8.2 (installed into the user site if missing), then compares.
test-extended:
	python3 -c 'import talib; assert talib.__version__ == "0.8.2"' 2>/dev/null || python3 -m pip install --user -q ta-lib==0.8.2
	python3 scripts/golden/generate.py --all --out target/talib-golden
	SIGIL_TALIB_GOLDEN=$(CURDIR)/target/talib-golden $(CARGO) test --release -p sigil-core --test talib_cases -- --nocapture
	$(MAKE) npm
	SIGIL_TALIB_GOLDEN=$(CURDIR)/target/talib-golden node --test tests/npm/parity.test.mjs
	$(MAKE) fuzz

# cargo-fuzz targets, FUZZ_SECONDS each (part of test-extended). libFuzzer needs a few
# unstable compiler flags; the machines reach no nightly toolchain, so the stable one
# runs with RUSTC_BOOTSTRAP=1, without a sanitizer (panics are what we look for).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = crates/exchange/fuzz:responses crates/core/fuzz:rule_parser
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --version 0.13.2
	set -e; for t in $(FUZZ_TARGETS); do \
	  dir=$${t%%:*}; name=$${t##*:}; \
	  (cd $$dir && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run $$name --sanitizer none -- -max_total_time=$(FUZZ_SECONDS)); \
	done

# Speed: native (criterion, next to the ta-lib crate), the sweep of every function (next
# to the crate where it has the function), wasm under Node, and wasm resident against
# native in alternating rounds (scripts/bench-resident.mjs); same data, same run; prints
# the ratio tables. For the sweep glibc keeps freed blocks instead of unmapping them, so
# its repeated calls (Sigil and the crate alike) time the kernels rather than page faults
# on fresh memory (bench-resident.mjs sets the same for its native rounds).
KEEP_FREED_MEMORY = glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=68719476736

bench: npm
	mkdir -p target/bench
	$(CARGO) bench -p sigil-core --bench headline
	GLIBC_TUNABLES=$(KEEP_FREED_MEMORY) $(CARGO) bench -p sigil-core --bench sweep > target/bench/native-sweep.jsonl
	node scripts/bench-wasm.mjs > target/bench/wasm.jsonl
	CARGO="$(CARGO)" node scripts/bench-resident.mjs > target/bench/resident.jsonl
	node scripts/bench-report.mjs

# Speed against the JS peers (technicalindicators, trading-signals, @ixjb94/indicators,
# indicatorts) on the same 1M-bar series, in Node and in headless Chromium; fails if
# sigil-ta disagrees with TA-Lib's golden outputs. Prints ratio tables and the issue's
# targets; writes target/bench/js-node.json and js-chromium.json.
bench-js: tools-browser npm
	node --expose-gc scripts/bench-js/node.mjs
	node scripts/bench-js/chromium.mjs

clean:
	$(CARGO) clean
	rm -rf dist worker/build artifacts
