#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/fuzz_targets/*.rs) for a bounded time and prints what it
# did: executions, corpus size, findings. Exits non-zero when a target found a crash (the
# input is kept in fuzz/artifacts/<target>/; replay it with `cargo fuzz run <target> <file>`).
#
#   scripts/fuzz.sh                 # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh answer
#   PROPTEST_CASES=5000 scripts/fuzz.sh   # also tests/properties.rs with 5000 cases a property
#
# Targets: `answer` (a server's answer through settle, every endpoint), `params` (the page's
# values through client, prepare, validate, poll, validate_fields), `snapshot` (the snapshot
# reader and the walk's step). They share tests/support/mod.rs with tests/properties.rs.
#
# Environment: FUZZ_SECONDS (per target), FUZZ_SANITIZER (none by default: the crate is safe
# Rust and panics are what we look for; `address` works too, about half as fast),
# PROPTEST_CASES (when set, the property tests run first with that many cases, natively: the
# same properties, longer).
#
# cargo-fuzz needs nightly-only compiler flags (-Z sanitizer, -Z ...); the project's toolchain
# is stable, so RUSTC_BOOTSTRAP=1 unlocks them for this build only (the fuzz crate has its own
# workspace and target directory, so the crate's normal builds are untouched).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-none}
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

if [ -n "${PROPTEST_CASES:-}" ]; then
  # The crate's own build (before RUSTC_BOOTSTRAP, which would rebuild it).
  echo "== tests/properties.rs with PROPTEST_CASES=$PROPTEST_CASES"
  cargo test --test properties
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz (about 2 minutes)"
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

mkdir -p tests/artifacts
summary=tests/artifacts/fuzz-summary.txt
: >"$summary"
failed=0
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  artifacts=fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  log=tests/artifacts/fuzz-$target.log
  echo "== fuzzing $target for ${seconds}s (sanitizer: $sanitizer; log: $log)"
  # -a: debug assertions, so integer overflow panics here as it would in a debug wasm build.
  # Seeds from fuzz/seeds/ are read, new inputs go to the (git-ignored) corpus.
  status=0
  cargo fuzz run --sanitizer "$sanitizer" -a "$target" "$corpus" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -dict="fuzz/dict/$target.dict" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  found=$(($(find "$artifacts" -type f | wc -l) - before))
  line="$target: ${runs:-0} executions in ${seconds}s, coverage ${cov:-?} edges, corpus $(find "$corpus" -type f | wc -l) inputs, $found new finding(s)"
  echo "$line" | tee -a "$summary"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    grep -E "panicked|ERROR|Test unit written|SUMMARY" "$log" | head -20 || tail -30 "$log"
  fi
done
echo "summary in $summary"
exit "$failed"
