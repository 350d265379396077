#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh machine, and nothing when all is present
# (about 2 s then). Versions are pinned; the comment beside each step says why its pin exists.
# Source it (`. scripts/install.sh`) to also get node_modules/.bin and ~/.cargo/bin on PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
say() { printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Rust's wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the release build rebuilds std for size (scripts/release-env.sh).
if ! rustup component list --installed | grep -qx rust-src; then
  say "adding rust component rust-src"
  rustup component add rust-src
fi

# Debian packages: Chromium + driver for the browser tests, brotli for size figures, tzdata for native zones.
apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
command -v brotli >/dev/null || apt_missing+=(brotli)
[ -f /usr/share/zoneinfo/Europe/Berlin ] || apt_missing+=(tzdata)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "apt-get install ${apt_missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# trunk, pinned: a plain --locked install picks 0.22.x, which needs a newer rustc.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "cargo install trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, and Trunk.toml must name the same version.
wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
[ -n "$wb" ] || die "no wasm-bindgen in Cargo.lock"
grep -qx "wasm_bindgen = \"$wb\"" Trunk.toml \
  || die "Trunk.toml [tools] wasm_bindgen must be \"$wb\" (the version in Cargo.lock)"
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
  say "cargo install wasm-bindgen-cli $wb (about 4 minutes)"
  # --locked fails for some releases (their lockfile pins a yanked crate): fall back to unlocked.
  cargo install wasm-bindgen-cli --version "$wb" --locked || cargo install wasm-bindgen-cli --version "$wb" --force
fi
wasm-bindgen --version | grep -qx "wasm-bindgen $wb" || die "wasm-bindgen-cli is not $wb after installing"

# Node packages (playwright-core, binaryen's wasm-opt) exactly as locked; reinstalled when the lock changes.
stamp=node_modules/.lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
wo=$(wasm-opt --version | awk '{ print $3 }')
grep -qx "wasm_opt = \"version_$wo\"" Trunk.toml \
  || die "Trunk.toml [tools] wasm_opt must be \"version_$wo\" (node_modules/.bin/wasm-opt)"
[ "$(command -v wasm-opt)" = "$PWD/node_modules/.bin/wasm-opt" ] \
  || die "wasm-opt resolves to $(command -v wasm-opt), not binaryen from npm (Debian's breaks the app)"

# trunk runs cargo --offline: make sure every crate is already downloaded.
cargo fetch --locked -q
# ...and the standard library's own dependencies, which the release build compiles (scripts/release-env.sh).
(. scripts/release-env.sh && cargo fetch --locked -q --target wasm32-unknown-unknown)
say "toolchain ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $wo, $(chromium --version 2>/dev/null | head -1)"
