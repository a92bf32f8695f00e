#!/usr/bin/env bash
# Runs every wasm-bindgen-test suite in tests/*.rs in headless browsers (chrome, firefox)
# against a fresh local ITSM server, and fails when a browser ran no test at all (a suite
# configured for another environment is skipped with exit code 0, which must not pass).
#
#   tests/browser.sh chrome firefox
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

log=$(mktemp)
node tests/server/server.mjs --port 0 --host 127.0.0.1 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url=$(sed -n 's/^listening //p' "$log" | head -1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { cat "$log"; echo "the local server did not start" >&2; exit 1; }
# Read at compile time by the suites (option_env!).
export ITSM_TEST_SERVER="$url"
echo "local ITSM server: $url"

for browser in "$@"; do
  out=$(mktemp)
  echo "== wasm-bindgen-test in headless $browser"
  if ! wasm-pack test --headless "--$browser" --mode no-install -- --test '*' 2>&1 | tee "$out"; then
    rm -f "$out"; exit 1
  fi
  passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$out" | awk '{s += $4} END {print s + 0}')
  failed=$(grep -Eo '[0-9]+ failed' "$out" | awk '{s += $1} END {print s + 0}')
  rm -f "$out"
  if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then
    echo "$browser: $passed passed, $failed failed: not a pass" >&2
    exit 1
  fi
  echo "$browser: $passed tests passed"
done
