#!/usr/bin/env bash
# Prints the performance figures of README's table: the whole-process time of
# one `pacsim sample` (median of 21 runs, single thread; no target, it includes
# loading HDF5's shared libraries), pacsim_bench's library figures, then the
# HDF5 write of a 10,000-cell x 100-replicate study.
# Usage: runs/bench/bench.sh PATH/TO/pacsim
set -euo pipefail
bin="${1:?usage: bench.sh PATH/TO/pacsim}"
bench="$(dirname "$bin")/pacsim_bench"
# Timed with bash's own clock ($EPOCHREALTIME, no fork): `date` before and after
# would add the end of one process start and the start of another (several
# ms) to the figure.
times=()
for _ in $(seq 21); do
  t0=${EPOCHREALTIME/[.,]/}
  "$bin" sample --world zm:a=1.2,M=1e6 --D 1e5,1e6,1e7 --threads 1 >/dev/null
  t1=${EPOCHREALTIME/[.,]/}
  times+=($(( t1 - t0 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 11p)
"$bench" | awk -v m="$median" 'NR==1{print; printf "process_sample_zm1.2_M1e6_D1e5,1e6,1e7\t%.3f\tms\t\n", m/1000; next} {print}'
# The HDF5 write of a 10,000-cell x 100-replicate study (tiny corpora, so the
# write is not hidden behind sampling): `pacsim run` reports its write time.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
{
  echo 'worlds = ["zm:a=2,M=inf"]'
  printf 'D = ['; seq -s, 10 109; echo ']'
  printf 'k = ['; seq -s, 2 101; echo ']'
  echo 'reps = 100'
} >"$work/big.toml"
"$bin" run "$work/big.toml" -o "$work/big.h5" 2>&1 | tail -1 |
  sed -n 's/.*writing \([0-9.]*\) s.*/hdf5_write_10000_cells_x_100_reps\t\1\ts\t< 1/p'
