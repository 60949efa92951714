#!/usr/bin/env bash
# A bad study file: `pacsim run` exits 2 with one line naming the file, the key
# and the line, and leaves no output file (nor its temporary).
# Usage: bad_study.sh PACSIM WORKDIR NAME KEY LINE 'TOML TEXT'
# (LINE "-": a missing key, which has no line; the file and key are named.)
set -u
bin="$1" work="$2" name="$3" key="$4" line="$5" text="$6"
mkdir -p "$work"
study="$work/$name.toml" out="$work/$name.h5"
printf '%b' "$text" >"$study"
rm -f "$out" "$out".tmp*
err=$("$bin" run "$study" -o "$out" --quiet 2>&1 >/dev/null)
code=$?
fail() { echo "FAIL: $name: $*"; echo "stderr: $err"; exit 1; }
[ "$code" -eq 2 ] || fail "exit $code, want 2"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "want one line on stderr"
if [ "$line" = "-" ]; then
  printf '%s' "$err" | grep -qF "$study: " || fail "does not name $study"
else
  printf '%s' "$err" | grep -qF "$study:$line:" || fail "does not name $study:$line"
fi
printf '%s' "$err" | grep -qF "$key" || fail "does not name the key $key"
leftover=$(ls "$out" "$out".tmp* 2>/dev/null)
[ -z "$leftover" ] || fail "left an output file: $leftover"
echo "ok: $err"
