#!/usr/bin/env bash
# `cmake --install` gives a working pacsim: installed into a fresh prefix, the
# binary runs a small study and tabulates it, and the figure script and the
# schema are installed beside it.
# Usage: install.sh CMAKE BUILD_DIR WORKDIR
set -euo pipefail
cmake="$1" build="$2" work="$3"
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
bin="$work/prefix/bin/pacsim"
[ -x "$bin" ] || fail "no $bin"
"$bin" --version | grep -q '^pacsim ' || fail "--version"
[ -x "$work/prefix/share/pacsim/plot.py" ] || fail "plot.py not installed"
[ -s "$work/prefix/share/doc/pacsim/SCHEMA.md" ] || fail "SCHEMA.md not installed"
printf 'worlds = ["zm:a=2,M=inf"]\nD = [100, 1000]\nreps = 2\n' >"$work/s.toml"
(cd "$work" && "$bin" run s.toml --quiet) || fail "run"
"$bin" check "$work/s.h5" | grep -q '^eq9_paper' || fail "check"
echo "ok: installed pacsim runs and checks a study"
