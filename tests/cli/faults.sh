#!/usr/bin/env bash
# Faults around the files pacsim writes: output targets that are not regular
# files, a full disk (a file-size limit: the same write error without root),
# SIGINT/SIGTERM during a run, stale temporary files, and `fit --write` killed
# or failing part way. Whatever happens, a file at the final path is the old one
# or a complete new one, and no temporary file is left but by SIGKILL (which
# the next run names).
# Usage: faults.sh PACSIM WORKDIR
set -euo pipefail
bin="$1" work="$2"
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work" && cd "$work"
printf 'worlds = ["zm:a=1.5,M=1e4"]\nD = [100, 1000, 10000]\nk = [8, 16]\nreps = 300\nseed = 3\n' >s.toml
printf 'worlds = ["zm:a=1.5,M=1e6"]\nD = ["1e7"]\nk = [8]\nreps = 2000\n' >slow.toml
no_temporaries() { ! ls ./*.tmp.* >/dev/null 2>&1 || fail "$1: left $(ls ./*.tmp.*)"; }
# Exit 2, one line on stderr containing $1; the rest is the command.
refused() {
  local needle="$1"; shift
  local rc=0; "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" = 2 ] || fail "$*: exit $rc, want 2: $(cat err.txt)"
  [ "$(wc -l <err.txt)" = 1 ] || fail "$*: not one line: $(cat err.txt)"
  grep -qF -- "$needle" err.txt || fail "$*: no '$needle' in: $(cat err.txt)"
}

# --- Output targets: only a regular file is replaced; anything else is refused
# before any work, and left as it was.
mkfifo fifo.h5
refused "not a regular file" "$bin" run s.toml -o fifo.h5 --quiet
[ -p fifo.h5 ] || fail "the FIFO was replaced"
echo keep >target.txt && ln -s target.txt link.h5
refused "symbolic link" "$bin" run s.toml -o link.h5 --quiet
[ -L link.h5 ] && [ "$(cat target.txt)" = keep ] || fail "the symbolic link or its target changed"
mkdir dir.h5
refused "is a directory" "$bin" run s.toml -o dir.h5 --quiet
refused "empty" "$bin" run s.toml -o '' --quiet
if [ -w /dev/null ] && [ "$(id -u)" = 0 ]; then
  refused "not a regular file" "$bin" run s.toml -o /dev/null --quiet
  [ -c /dev/null ] || fail "/dev/null is no longer a device"
fi
no_temporaries "refused targets"

# --- A name at the file system's limit (255 bytes): the temporary name is shortened.
long=$(printf 'n%.0s' $(seq 1 252)).h5
"$bin" run s.toml -o "$long" --quiet || fail "a 255-byte output name was refused"
"$bin" check "$long" >/dev/null || fail "the 255-byte output does not read"
no_temporaries "long name"

# --- A full disk: exit 1 naming the reason; the old output stays, no temporary file.
"$bin" run s.toml -o keep.h5 --quiet
cp keep.h5 keep.orig
rc=0; (ulimit -f 64; trap '' XFSZ; exec "$bin" run s.toml -o keep.h5 --quiet) 2>err.txt || rc=$?
[ "$rc" = 1 ] || fail "run on a full disk: exit $rc: $(cat err.txt)"
[ "$(wc -l <err.txt)" = 1 ] && grep -q "cannot write keep.h5: .*File too large" err.txt || fail "run on a full disk said: $(cat err.txt)"
cmp -s keep.h5 keep.orig || fail "run on a full disk changed the old output"
no_temporaries "run on a full disk"
rc=0; (ulimit -f 64; trap '' XFSZ; exec "$bin" fit keep.h5 --write --bootstrap 100) >/dev/null 2>err.txt || rc=$?
[ "$rc" = 1 ] && grep -q "cannot write /fits into keep.h5: .*File too large" err.txt || fail "fit on a full disk: exit $rc: $(cat err.txt)"
cmp -s keep.h5 keep.orig || fail "fit on a full disk changed the file"
no_temporaries "fit on a full disk"

# --- SIGINT and SIGTERM during a run: the temporary file is removed, the old
# output stays, and the process dies of the signal. (Job control on: without
# it the shell starts background commands with SIGINT ignored.)
set -m
for sig in INT TERM HUP; do
  "$bin" run slow.toml -o slow.h5 --quiet & pid=$!
  for _ in $(seq 1 100); do ls slow.h5.tmp.* >/dev/null 2>&1 && break; sleep 0.05; done
  sleep 0.3
  kill -s "$sig" "$pid"
  rc=0; wait "$pid" || rc=$?
  [ "$rc" -ge 128 ] || fail "SIG$sig: exit $rc (the run finished before the signal?)"
  [ ! -e slow.h5 ] || fail "SIG$sig left an output"
  no_temporaries "SIG$sig"
done

# --- SIGKILL leaves a temporary file; the next run to that output names it.
"$bin" run slow.toml -o slow.h5 --quiet & pid=$!
for _ in $(seq 1 100); do ls slow.h5.tmp.* >/dev/null 2>&1 && break; sleep 0.05; done
kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
stale=$(ls slow.h5.tmp.*)
"$bin" run s.toml -o slow.h5 --quiet 2>err.txt
grep -qF "$stale" err.txt && grep -q "rm --" err.txt || fail "the stale $stale was not named: $(cat err.txt)"
rm -f slow.h5.tmp.*

# --- fit killed at any moment leaves the file readable, old or new.
cp keep.orig fitme.h5
for delay in 0.01 0.03 0.05 0.08 0.12 0.2 0.3; do
  "$bin" fit fitme.h5 --write --bootstrap 10000 >/dev/null & pid=$!
  sleep "$delay"; kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  "$bin" check fitme.h5 >/dev/null 2>err.txt || fail "fit killed after ${delay}s broke the file: $(cat err.txt)"
  rm -f fitme.h5.tmp.*
done
"$bin" fit fitme.h5 --write --bootstrap 100 >/dev/null || fail "fit after kills failed"

# --- fit --write on a read-only file is refused, naming it; a symbolic link is followed.
cp keep.orig ro.h5 && chmod 444 ro.h5
refused "read-only" "$bin" fit ro.h5 --write --bootstrap 100
cp keep.orig real.h5 && chmod 640 real.h5 && ln -s real.h5 alias.h5
"$bin" fit alias.h5 --write --bootstrap 100 >/dev/null || fail "fit through a symbolic link failed"
[ -L alias.h5 ] || fail "fit replaced the symbolic link"
[ "$(stat -c %a real.h5)" = 640 ] || fail "fit changed the file's mode to $(stat -c %a real.h5)"
"$bin" check real.h5 >/dev/null || fail "fit through a link broke its target"
no_temporaries "fit"
echo "ok: targets refused, long names, full disk, signals, stale files and fit kills"
