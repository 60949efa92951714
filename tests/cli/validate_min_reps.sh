#!/usr/bin/env bash
# A correct build passes validate at the fewest replicates it accepts, whatever
# the seed: the verdict's false-alarm rate is controlled over the whole grid.
# Usage: validate_min_reps.sh PACSIM
set -uo pipefail
bin="$1"
min=$("$bin" validate --help | sed -n 's/.*Replicates per cell (>= \([0-9]*\)).*/\1/p')
[ -n "$min" ] || { echo "FAIL: validate --help names no least --reps"; exit 1; }
for seed in 1 2 3 4 5; do
  "$bin" validate --reps "$min" --seed "$seed" >/dev/null || { echo "FAIL: validate --reps $min --seed $seed"; exit 1; }
done
echo "ok: validate --reps $min passes with seeds 1 to 5"
