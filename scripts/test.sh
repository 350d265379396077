#!/usr/bin/env bash
# THE test command (README, .ci/run): installs what is missing, then runs every check and test and
# stops at the first failure. Each stage prints its runner's own summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/install.sh
export CARGO_TERM_COLOR=never
started=$SECONDS
stage() { printf '\n==== %s (%ss) ====\n' "$*" "$((SECONDS - started))"; }

stage "doc links (every path README.md, SECURITY.md and docs/ name exists)"
node scripts/check-doc-links.mjs

stage "rustfmt"
cargo fmt --all --check && echo "rustfmt: all files formatted"

stage "clippy (native workspace)"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "clippy (widget on wasm32)"
cargo clippy -p severity-triage --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

stage "cargo test (native)"
cargo test --workspace --locked

stage "wasm-bindgen tests (headless Chromium)"
cargo test -p severity-triage --target wasm32-unknown-unknown --locked

stage "release build (scripts/build.sh: trunk build --release), compiled policies"
scripts/build.sh
cargo build -p triage-cli --locked -q
scripts/compile-policies.sh dist

stage "size check (budgets: docs/performance.md)"
scripts/sizes.sh dist

stage "e2e (playwright-core + Chromium against triage serve)"
TRIAGE_BIN="$PWD/target/debug/triage" TRIAGE_DIST="$PWD/dist" npm run -s e2e

stage "all stages passed in $((SECONDS - started)) s"
