#!/usr/bin/env bash
# Installs everything the project's make targets need, on a fresh Debian machine as root, and
# does nothing (in seconds) when it is all there. See ../shared/reference/toolchain.md.
#
#   scripts/setup.sh [rust] [browsers] [node]   (no argument: all three)
set -euo pipefail
cd "$(dirname "$0")/.."

parts=" ${*:-rust browsers node} "
has() { [[ "$parts" == *" $1 "* ]]; }
say() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"

if has rust; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  # The standard library's sources, which every rust-analyzer user has: make pkg checks that
  # the module is the same with and without them (tests/release/reproducible.test.mjs).
  if ! rustup component list --installed | grep -qx 'rust-src'; then
    say "rustup component add rust-src"
    rustup component add rust-src
  fi
fi

if has browsers; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # Chinese and emoji glyphs, so the demo's screenshots show the titles instead of boxes.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if ! command -v geckodriver >/dev/null; then
    say "cargo install geckodriver (about 2.5 minutes)"
    cargo install geckodriver --locked
  fi
fi

if has node; then
  # binaryen (wasm-opt), typescript, playwright-core: exact versions from package-lock.json.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
