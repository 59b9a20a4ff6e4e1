# Sigil: `make demo` runs the whole thing on the offline replay; `make test` runs every test.
# Both install what is missing first (scripts/install-tools.sh; idempotent).

SHELL := /bin/bash
CARGO ?= cargo
PROFILE ?= release
export WRANGLER_SEND_METRICS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

.PHONY: all tools tools-browser cli npm worker build demo test test-rust test-npm test-worker test-browser clean

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

test: tools-browser build test-rust test-npm test-worker test-browser

test-rust:
	$(CARGO) test --workspace --exclude sigil-wasm

test-npm:
	node --test tests/npm/

test-worker:
	node --test tests/worker/

test-browser:
	node --test tests/browser/

clean:
	$(CARGO) clean
	rm -rf dist worker/build artifacts
