#!/usr/bin/env bash
# Prints the SPEC §5 figures: the whole-process time of one `pacsim sample`
# (median of 21 runs, single thread), then pacsim_bench's library figures.
# Usage: runs/bench/bench.sh PATH/TO/pacsim
set -euo pipefail
bin="${1:?usage: bench.sh PATH/TO/pacsim}"
bench="$(dirname "$bin")/pacsim_bench"
times=()
for _ in $(seq 21); do
  t0=$(date +%s%N)
  "$bin" sample --world zm:a=1.2,M=1e6 --D 1e5,1e6,1e7 --threads 1 >/dev/null
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 11p)
"$bench" | awk -v m="$median" 'NR==1{print; printf "process_sample_zm1.2_M1e6_D1e5,1e6,1e7\t%.3f\tms\t< 50\n", m/1000; next} {print}'
