#!/usr/bin/env bash
# Installs what running the real bk-itsm needs, and does nothing (in about a second) when it is all
# there: MariaDB and Redis from apt, the bk-itsm backend source, and a Python 3.6 virtualenv with
# its requirements. Everything heavy lives outside the repository, under $BKT_CACHE
# (default ~/.cache/bk-itsm-tickets/real-itsm), keyed by what it was built from. The recipe is
# ../shared/reference/real-itsm.md; the database, the services and the seed are real-itsm.mjs's.
#
#   scripts/real-itsm/setup.sh          prints `KEY=VALUE` lines (SRC, KEY, VENV, CACHE) on stdout
#
# Settings (environment):
#   BK_ITSM_SRC=path   a bk-itsm backend tree (the folder with manage.py, or its parent with src/)
#                      instead of the vendored tarball; copied into the cache (keyed by its git
#                      commit, or by a hash of its files), never written to
#   BK_ITSM_TARBALL    the vendored tarball (default ../shared/vendor/bk-itsm-ce32d105-backend.tar.gz)
#   BKT_PYTHON36       a Python 3.6 interpreter (default: the newest ~/.pyenv/versions/3.6.*)
#   BKT_CACHE          where the source, virtualenvs and databases are cached
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
say() { printf '[real-itsm] %s\n' "$*" >&2; }
die() { printf '[real-itsm] error: %s\n' "$*" >&2; exit 1; }

cache="${BKT_CACHE:-$HOME/.cache/bk-itsm-tickets/real-itsm}"
mkdir -p "$cache"

# ---------------------------------------------------------------- MariaDB and Redis (apt)
missing=()
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "${missing[*]} missing: run as root, or apt-get install ${missing[*]}"
  say "apt-get install ${missing[*]} (about 30 s)"
  apt-get update -qq
  # The packages' own services are never started (policy-rc.d on these machines; we run our own).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------- the source
if [ -n "${BK_ITSM_SRC:-}" ]; then
  given="$(cd "$BK_ITSM_SRC" && pwd)" || die "BK_ITSM_SRC=$BK_ITSM_SRC is not a folder"
  [ -f "$given/manage.py" ] || { [ -f "$given/src/manage.py" ] && given="$given/src"; }
  [ -f "$given/manage.py" ] || die "BK_ITSM_SRC=$BK_ITSM_SRC has no manage.py (nor src/manage.py)"
  if commit=$(git -C "$given" rev-parse HEAD 2>/dev/null); then
    key="${commit:0:8}"
    git -C "$given" diff --quiet HEAD 2>/dev/null || key="$key-dirty-$(git -C "$given" diff HEAD | sha256sum | cut -c1-8)"
  else
    # Not a git checkout: what is in it decides (the Python, the migrations' data, the settings).
    key="tree-$(cd "$given" && find . \( -name .git -o -name node_modules -o -name frontend -o -name logs -o -name __pycache__ \) -prune -o -type f \( -name '*.py' -o -name '*.txt' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.po' -o -name VERSION \) -print0 \
      | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
  fi
  # A private copy: bk-itsm writes its logs beside the source (../logs) and Python its bytecode
  # into it; the given tree is never written to.
  src="$cache/src-$key/src"
  if [ ! -f "$cache/src-$key/.extracted" ]; then
    say "copying $given"
    rm -rf "$cache/src-$key" && mkdir -p "$src"
    tar -C "$given" --exclude=./.git --exclude=./node_modules --exclude=./frontend --exclude=./logs -cf - . | tar -C "$src" -xf -
    touch "$cache/src-$key/.extracted"
  fi
else
  tarball="${BK_ITSM_TARBALL:-$(cd "$repo/.." && pwd)/shared/vendor/bk-itsm-ce32d105-backend.tar.gz}"
  [ -f "$tarball" ] || die "no bk-itsm source: $tarball is missing (set BK_ITSM_SRC=path to a checkout)"
  key="$(basename "$tarball" | sed -n 's/^bk-itsm-\([0-9a-f]\{7,40\}\)-.*/\1/p')"
  [ -n "$key" ] || key="tar-$(sha256sum "$tarball" | cut -c1-12)"
  src="$cache/src-$key/src"
  if [ ! -f "$cache/src-$key/.extracted" ]; then
    say "extracting $(basename "$tarball")"
    rm -rf "$cache/src-$key" && mkdir -p "$cache/src-$key"
    tar -xzf "$tarball" -C "$cache/src-$key"
    [ -f "$src/manage.py" ] || die "$tarball has no src/manage.py"
    touch "$cache/src-$key/.extracted"
  fi
fi

# ---------------------------------------------------------------- Python 3.6 and the virtualenv
py="${BKT_PYTHON36:-}"
if [ -z "$py" ]; then
  for cand in $(ls -d "$HOME"/.pyenv/versions/3.6.* 2>/dev/null | sort -V -r) ; do
    [ -x "$cand/bin/python3.6" ] && { py="$cand/bin/python3.6"; break; }
  done
  [ -n "$py" ] || py="$(command -v python3.6 || true)"
fi
if [ -n "${BKT_PYTHON36:-}" ] && ! "$py" -c 'import sys; assert sys.version_info[:2] == (3, 6)' 2>/dev/null; then
  die "BKT_PYTHON36=$BKT_PYTHON36 is not a Python 3.6 interpreter"
fi
if [ -z "$py" ] || ! "$py" -c 'import sys; assert sys.version_info[:2] == (3, 6)' 2>/dev/null; then
  die "bk-itsm needs Python 3.6 (its runtime.txt pins it) and none was found: looked for
  BKT_PYTHON36, ~/.pyenv/versions/3.6.*/bin/python3.6 and python3.6 on PATH.
  No package registry offers 3.6; install it with pyenv (pyenv install 3.6.15) or point
  BKT_PYTHON36 at one."
fi
req_hash="$( (cat "$src/requirements.txt"; "$py" -V 2>&1) | sha256sum | cut -c1-12)"
venv="$cache/venv-$req_hash"
if [ ! -f "$venv/.installed" ]; then
  say "virtualenv $venv: pip install -r requirements.txt (about 2-3 minutes)"
  rm -rf "$venv"
  "$py" -m venv "$venv"
  # pip's backtracking is noisy (thrift's newest sdists need a setuptools 3.6 lacks): its output
  # goes to a log, shown only when the install fails.
  log="$cache/pip-$req_hash.log"
  # The venv's pip 18 cannot backtrack past those sdists at all; -U because 18 already
  # satisfies "<22".
  if ! { "$venv/bin/pip" install --disable-pip-version-check -U "pip<22" &&
         "$venv/bin/pip" install --disable-pip-version-check -r "$src/requirements.txt"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "pip install failed (full log: $log)"
  fi
  touch "$venv/.installed"
fi

printf 'SRC=%s\nKEY=%s\nVENV=%s\nCACHE=%s\n' "$src" "$key" "$venv" "$cache"
