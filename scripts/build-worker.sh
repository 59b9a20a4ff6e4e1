#!/usr/bin/env bash
# Builds the edge worker (crate sigil-worker) into worker/build/ with worker-build, release
# profile. Idempotent: cargo and worker-build redo only what changed.
#
# worker-build downloads wasm-bindgen, wasm-opt and esbuild from GitHub/npm unless
# {WASM_BINDGEN,WASM_OPT,ESBUILD}_BIN point at local binaries, and it silently falls back
# to downloading when such a path does not resolve. So every tool is checked here first
# and the build stops with a clear message instead of reaching for the network.
#
# Workspace note: worker-build asks `cargo metadata` for the target directory, so it finds
# the wasm in the workspace's target/ (or $CARGO_TARGET_DIR) and reads the workspace
# Cargo.lock for its version checks; nothing needs patching for the worker to be a member.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() {
  printf '[build-worker] error: %s\n' "$*" >&2
  printf '[build-worker] run scripts/install-tools.sh (or `make tools`) to install what is missing.\n' >&2
  exit 1
}

want_worker_build=0.8.7
want_bindgen=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$want_bindgen" ] || die "cannot read the wasm-bindgen pin from Cargo.toml"

command -v worker-build >/dev/null || die "worker-build is not on PATH"
# `worker-build --version` prints the bare version ("0.8.7").
have_worker_build=$(worker-build --version 2>/dev/null | awk '{print $NF}')
[ "$have_worker_build" = "$want_worker_build" ] ||
  die "worker-build $want_worker_build required, found '${have_worker_build:-none}'"

bindgen=${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen || true)}
[ -n "$bindgen" ] && [ -x "$bindgen" ] || die "wasm-bindgen CLI not found"
have_bindgen=$("$bindgen" --version 2>/dev/null | awk '{print $2}')
# The CLI refuses a module made by a different wasm-bindgen library version.
[ "$have_bindgen" = "$want_bindgen" ] ||
  die "wasm-bindgen CLI $want_bindgen required (Cargo.toml pin), found '${have_bindgen:-none}' at $bindgen"

wasm_opt=${WASM_OPT_BIN:-$root/node_modules/.bin/wasm-opt}
esbuild=${ESBUILD_BIN:-$root/node_modules/.bin/esbuild}
[ -x "$wasm_opt" ] || die "wasm-opt not found at $wasm_opt (npm package binaryen)"
[ -x "$esbuild" ] || die "esbuild not found at $esbuild (npm package esbuild)"
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
  die "rustup target wasm32-unknown-unknown is not installed"

export WASM_BINDGEN_BIN=$bindgen WASM_OPT_BIN=$wasm_opt ESBUILD_BIN=$esbuild

start=$SECONDS
(cd worker && worker-build --release)

out=worker/build
for f in index.js index_bg.wasm; do
  [ -s "$out/$f" ] || { printf '[build-worker] error: %s/%s was not produced\n' "$out" "$f" >&2; exit 1; }
done
wasm_bytes=$(wc -c <"$out/index_bg.wasm")
wasm_gz=$(gzip -9c "$out/index_bg.wasm" | wc -c)
js_bytes=$(wc -c <"$out/index.js")
printf '[build-worker] %s/index_bg.wasm: %d bytes (%d KiB; gzip -9: %d KiB); index.js: %d bytes; %ds\n' \
  "$out" "$wasm_bytes" $((wasm_bytes / 1024)) $((wasm_gz / 1024)) "$js_bytes" $((SECONDS - start))
