#!/usr/bin/env bash
# End-to-end check of one bad invocation: exit code 2, nothing on stdout, exactly
# one line on stderr, and that line names the bad value.
# Usage: bad_input.sh PACSIM NEEDLE ARGS...
set -u
bin="$1" needle="$2"
shift 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$bin" "$@" >"$out" 2>"$err"
code=$?
fail() { echo "FAIL: pacsim $*" >&2; echo "--- stderr:" >&2; cat "$err" >&2; exit 1; }
[ "$code" -eq 2 ] || fail "$@" "(exit $code, want 2)"
[ ! -s "$out" ] || fail "$@" "(wrote to stdout)"
[ "$(wc -l <"$err")" -eq 1 ] || fail "$@" "(stderr has $(wc -l <"$err") lines, want 1)"
grep -qF -- "$needle" "$err" || fail "$@" "(stderr does not name '$needle')"
echo "ok: exit 2, one line naming '$needle': $(cat "$err")"
