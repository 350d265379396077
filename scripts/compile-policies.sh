#!/usr/bin/env bash
# Compiles every seed policy for the widget, as the README says integrators do:
#   triage compile public/policies/NAME.json > DIST/policies/NAME.compiled.json
# The widget reads only compiled policies; the sources stay beside them for `triage check` and editors.
# Usage: scripts/compile-policies.sh [DIST (default dist)] ; TRIAGE_BIN overrides target/debug/triage.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist=${1:-dist}
bin=${TRIAGE_BIN:-target/debug/triage}
mkdir -p "$dist/policies"
for src in public/policies/*.json; do
  name=$(basename "$src" .json)
  "$bin" compile "$src" > "$dist/policies/$name.compiled.json.tmp"
  mv "$dist/policies/$name.compiled.json.tmp" "$dist/policies/$name.compiled.json"
  echo "compiled $src -> $dist/policies/$name.compiled.json ($(stat -c %s "$dist/policies/$name.compiled.json") bytes)"
done
