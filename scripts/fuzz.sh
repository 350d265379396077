#!/usr/bin/env bash
# Bounded fuzzing of the core's readers of untrusted text (a security issue asked for it): the policy
# loader, the compiled-policy decoder, the JSON reader, the ticket readers and the outbox entry decoder,
# each a cargo-fuzz (libFuzzer) target in fuzz/, run one after the other for a fixed time. A benchmark
# job run by hand, NOT part of the test command (scripts/test.sh): minutes per target, one core.
# What each target checks and the figures of the last long run: docs/fuzzing.md.
#
# Usage: scripts/fuzz.sh [SECONDS per target (default $FUZZ_SECONDS, else 600)] [TARGET ...]
#   FUZZ_SANITIZER=address|none (default address: the stable toolchain ships the ASan runtime)
#   FUZZ_TARGET_DIR (default target/fuzz): the instrumented build, apart from the ordinary one
# The machine's toolchain is stable; cargo-fuzz passes nightly-only flags (-Zsanitizer, sancov), which
# RUSTC_BOOTSTRAP=1 lets stable rustc accept. Corpora grow in fuzz/corpus/<target> (not in git), seeded
# from the project's own policies, compiled policies, docs examples and outbox records (fuzz-seeds);
# crashes land in fuzz/artifacts/<target>. Prints per target: runs, runs/s, coverage and features,
# corpus entries, and crash or no crash; exits non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-${FUZZ_SECONDS:-600}}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(policy_load compiled_decode json_parse ticket_read outbox_decode)
fi
sanitizer=${FUZZ_SANITIZER:-address}
target_dir=${FUZZ_TARGET_DIR:-$PWD/target/fuzz}
logs=${FUZZ_LOGS:-$PWD/fuzz/logs}
export RUSTC_BOOTSTRAP=1 CARGO_TERM_COLOR=never

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

echo "==== seeds (fuzz-seeds: the project's policies, compiled policies, docs examples, outbox records)"
cargo run -q --manifest-path fuzz/Cargo.toml -p triage-fuzz-support --bin fuzz-seeds \
  --target-dir "$target_dir/seeds" -- . fuzz/corpus

echo "==== build (release, debug assertions and overflow checks, sanitizer: $sanitizer)"
for t in "${targets[@]}"; do
  cargo fuzz build -O -a --sanitizer "$sanitizer" --target-dir "$target_dir" "$t" >/dev/null
done

mkdir -p "$logs"
summary=()
crashed=0
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  echo "==== $t: ${seconds}s (log: $log)"
  start=$SECONDS
  status=0
  # One process (-jobs/-workers unset): the machine's other core is for other work. -timeout: an input
  # taking over 10 s is reported as a hang; -rss_limit_mb: one over 2 GiB as a memory blow-up.
  cargo fuzz run -O -a --sanitizer "$sanitizer" --target-dir "$target_dir" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict=fuzz/dicts/json.dict \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1 || status=$?
  took=$((SECONDS - start))
  stat() { grep -o "^stat::$1: *[0-9]*" "$log" | tail -1 | grep -o '[0-9]*$' || echo '?'; }
  runs=$(stat number_of_executed_units)
  per_sec=$(stat average_exec_per_sec)
  # The last status line: "#N DONE cov: C ft: F corp: E/SIZE ..." (or the last pulse before a crash).
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
  if [ "$status" -eq 0 ]; then
    result="no crash"
  else
    result="CRASH (exit $status): $(grep -oE 'fuzz/artifacts/[^ ]+' "$log" | tail -1 || echo "see $log")"
    crashed=1
  fi
  line="$t: ${took}s, runs ${runs}, ${per_sec} runs/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, $result"
  echo "$line"
  summary+=("$line")
done

echo
echo "==== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(rustc --version))"
printf '%s\n' "${summary[@]}"
exit "$crashed"
