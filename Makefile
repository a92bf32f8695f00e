# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing
# first (scripts/setup.sh: seconds when everything is there, about 7 minutes on a fresh machine).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8000

.PHONY: all setup pkg demo test lint test-native test-server test-proxy test-browser test-release \
        test-types test-consumers test-e2e test-recorded test-real record-real bench fuzz clean

all: pkg

setup:
	scripts/setup.sh

# The release npm package in pkg/ (cargo for wasm32, wasm-opt -Oz, the generated API and
# declarations, pkg-template/ merged in).
pkg:
	scripts/setup.sh rust node
	node scripts/build-pkg.mjs

# The demo portal on http://127.0.0.1:$(PORT)/ against the bundled local ITSM server.
demo: pkg
	@echo "Demo: open http://127.0.0.1:$(PORT)/ and sign in with any user name (Ctrl-C stops)."
	node tests/server/server.mjs --port $(PORT) --static www --mount /pkg=pkg --proxy-app

test: setup lint test-native test-server pkg test-proxy test-recorded test-release test-types test-browser test-consumers test-e2e
	@echo "make test: every suite passed"

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	# The module as shipped (its unit tests run natively: wasm32 has no test runner here).
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

# The engine natively: every rule, the request writer, the answer's classification, walks,
# retries (unit tests and tests/properties.rs).
test-native:
	cargo test

# The local ITSM-compatible server's own tests.
test-server:
	node --test tests/server/

# bk-itsm-tickets/proxy from `make pkg` in front of the local server: identity, cross-site
# requests, routing, the login, the body cap, secrets, forwarding, mounting (Node, Express, Koa,
# fetch), the demo's --proxy-app, its types and its entry (tests/proxy/*.test.mjs).
test-proxy:
	node --test tests/proxy/

# The real bk-itsm's recorded answers (tests/real/recorded/, make record-real), without a real
# server: the local server checked against them, and replayed through the package.
test-recorded:
	node --test tests/real/

# The package against the real bk-itsm (its Django views from the vendored source, or
# BK_ITSM_SRC=path) behind the local server's doors: Node, headless Chromium and Firefox. Sets up
# MariaDB, Redis and a Python 3.6 virtualenv on first use (cached under ~/.cache/bk-itsm-tickets).
test-real: pkg
	scripts/setup.sh browsers
	node tests/real/run.mjs

# Record the real bk-itsm's answers for every call of tests/real/calls.mjs into tests/real/recorded/.
record-real:
	scripts/setup.sh node browsers
	node tests/real/record.mjs

# The release package from `make pkg` in headless Chromium and Firefox against the local server:
# tests/browser/*.test.js through WebDriver (tests/browser/README.md).
test-browser:
	node tests/browser/run.mjs chrome firefox

# The release package from `make pkg` (optimised module) in Node and in Chromium.
test-release:
	node --test tests/release/

# tsc --strict over a consumer that uses the types well (must pass) and one that misuses them
# (must fail).
test-types:
	node --test tests/types/

# A consumer project for every stack in the npm README's "Works with" table, installed from the
# `npm pack` tarball. Only the *.test.mjs drivers: the apps' own test files (Jest, Vitest) are
# run by their runners, inside those drivers.
test-consumers:
	node --test tests/consumers/*.test.mjs

test-e2e:
	@if [ -d tests/e2e ]; then node --test tests/e2e/; fi

# BENCHMARKS.md's figures: what one more endpoint costs (two builds from copies of the tree),
# then the package against fetch + response.json() in headless Chromium, its size, import, cold
# start and memory, and where its bytes go (tests/bench/run.mjs writes the results).
bench: pkg
	node scripts/size/extra-endpoint.mjs --json target/bench/extra-endpoint.json
	node tests/bench/run.mjs

fuzz:
	scripts/fuzz.sh

clean:
	rm -rf target pkg node_modules tests/artifacts
