#!/usr/bin/env bash
# End-to-end limits of the mathematics: worlds of huge a answer at once (expect,
# sample, run; ctest's TIMEOUT bounds the time), expectations whose true value
# lies at a bound stay within it, and natarajan's search stays within its work.
# Usage: theory_limits.sh PACSIM WORKDIR
set -euo pipefail
bin="$1" work="$2"
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

# Worlds with all their mass on rank 1: |S| = 1 (0 for an empty Poisson corpus),
# nothing missing, for any D.
for w in zm:a=1e19,M=inf zm:a=1e19,M=1000 zm:a=1e300,M=inf zm:a=1e8,M=2^62; do
  "$bin" expect --world "$w" --D 1,1e6,2^62 | awk -F'\t' 'NR > 1 && ($3 != 1 || $9 != 0) {bad = 1} END {exit bad}' ||
    fail "expect --world $w"
  for mode in multinomial poisson draws; do
    "$bin" sample --world "$w" --D 1,1e6 --mode "$mode" |
      awk -F'\t' 'NR > 1 && $4 != ($3 > 0 ? 1 : 0) {bad = 1} END {exit bad}' ||
      fail "sample --world $w --mode $mode"
  done
done
printf 'worlds = ["zm:a=1e19,M=inf", "zm:a=1e300,M=1000"]\nD = [10, "1e6"]\nmode = ["multinomial", "draws"]\nk = [7]\nreps = 2\n' \
  >"$work/huge_a.toml"
"$bin" run "$work/huge_a.toml" -o "$work/huge_a.h5" --quiet || fail "run of huge-a worlds"

# The true values lie at (or within rounding of) their bounds: E|S| = D, missing
# mass just below 1; E|S| = M = 65537 with every type seen.
"$bin" expect --world 'zm:a=1.0000001,b=1e300,M=inf' --D 2^62 |
  awk -F'\t' 'NR == 2 && ($3 > 4611686018427387904 || $6 > 4611686018427387904 || $9 > 1) {bad = 1} END {exit bad}' ||
  fail "expect past its bounds at a flat world"
"$bin" expect --world 'zm:a=0.5,M=65537' --D 2^62 --mode poisson |
  awk -F'\t' 'NR == 2 && ($3 > 65537 || $9 != 0) {bad = 1} END {exit bad}' || fail "E_unique past M"

# 64 functions over 64 points: no set of more than log2 64 = 6 points is tried.
"$bin" natarajan --class top --X 64 --k 1 --N 5 | awk -F'\t' 'NR == 2 && $6 != 6 {bad = 1} END {exit bad}' ||
  fail "natarajan top X=64"
echo "ok: huge a, bounds of expect, natarajan's search"
