#!/usr/bin/env bash
# Two runs given the same -o at once (an HPC array job with one output name, say):
# each writes its own temporary file, both finish with exit 0, the output is one
# complete study file with the usual permissions, and no temporary file is left.
# Usage: same_output.sh PACSIM WORKDIR
set -euo pipefail
bin="$1" work="$2"
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$work"
study="$work/same.toml" out="$work/same.h5"
rm -f "$out" "$out".tmp*
printf 'worlds = ["zm:a=1.5,M=1e5"]\nD = [1e3, 1e5]\nk = [10]\nreps = 40\n' >"$study"
"$bin" run "$study" -o "$out" --quiet & a=$!
"$bin" run "$study" -o "$out" --quiet & b=$!
wait "$a" || fail "first run failed"
wait "$b" || fail "second run failed"
[ -s "$out" ] || fail "no output"
"$bin" check "$out" >/dev/null || fail "the output does not read back"
leftover=$(ls "$out".tmp* 2>/dev/null || true)
[ -z "$leftover" ] || fail "left a temporary file: $leftover"
want=$(printf '%o' $(( 0666 & ~$(umask) )))
have=$(stat -c '%a' "$out")
[ "$have" = "$want" ] || fail "mode $have, want $want"
echo "ok: two runs, one output, no temporary file, mode $have"
