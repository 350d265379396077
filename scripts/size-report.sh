#!/usr/bin/env bash
# Builds the release wasm as trunk does (wasm-bindgen, wasm-opt -Oz) but keeps function names, and writes
# twiggy's breakdown by crate, module and function into docs/performance.md (between the size-report markers).
# Needs twiggy (`cargo install twiggy --version 0.8.0 --locked`); not part of the test command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/install.sh >/dev/null
command -v twiggy >/dev/null || { echo "twiggy is missing: cargo install twiggy --version 0.8.0 --locked" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The shipped build's compiler settings (std rebuilt for size; see the file).
(. scripts/release-env.sh && cargo build --release --locked --target wasm32-unknown-unknown --bin severity-triage-app -q)
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/severity-triage-app.wasm
# The shipped build's short import names (the build hook's last step), so the import section counts as shipped.
node scripts/wasm-short-imports.mjs "$out"
feats="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
# shellcheck disable=SC2086
wasm-opt -Oz -g $feats "$out/severity-triage-app_bg.wasm" -o "$out/named.wasm"
report=$(python3 scripts/size-report.py "$out/named.wasm")
echo "$report"
python3 - docs/performance.md "$report" <<'PY'
import sys
path, report = sys.argv[1], sys.argv[2]
start, end = "<!-- size-report:start -->", "<!-- size-report:end -->"
text = open(path).read()
a, b = text.index(start) + len(start), text.index(end)
open(path, "w").write(text[:a] + "\n" + report + "\n" + text[b:])
PY
echo "docs/performance.md updated"
