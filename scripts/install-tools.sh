#!/usr/bin/env bash
# Installs what `make` needs on a fresh Debian 12 machine that has only rustup stable and
# Node 20. Idempotent: every step checks first and skips what is present.
#   - rustup target wasm32-unknown-unknown; components clippy and rustfmt (make lint)
#   - wasm-bindgen-cli, the exact version Cargo.toml pins (cargo install, ~5-7 min cold)
#   - worker-build 0.8.7 (cargo install, ~3 min cold)
#   - npm dev tools from package-lock.json: wrangler 4.86.0 (workerd, Miniflare), esbuild,
#     binaryen (wasm-opt), playwright-core, typescript
#   - Debian chromium + chromium-driver (only with --browser)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[ "${1:-}" = "--browser" ] && want_browser=true

log() { printf '[install] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "rustup component add $component"
    rustup component add "$component"
  fi
done

bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  log "cargo install wasm-bindgen-cli $bindgen_version (takes several minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

worker_build_version=0.8.7
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" != "$worker_build_version" ]; then
  log "cargo install worker-build $worker_build_version"
  cargo install worker-build --version "$worker_build_version"
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.sigil-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  log "npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

if $want_browser && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "apt-get install chromium chromium-driver (~1 min)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
