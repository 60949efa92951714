#!/usr/bin/env bash
# The plotting program (analysis/plot.py) turns a small study file into
# non-empty PNG and PDF figures.
# Usage: plot_figures.sh PACSIM PLOT.PY WORKDIR
set -euo pipefail
bin="$1" plot="$2" work="$3"
mkdir -p "$work"
printf 'worlds = ["zm:a=2,M=inf", "zm:a=5,M=inf"]\nD = [100, "1e4", "1e6"]\nk = [10]\nclass = ["all", "top"]\nN = [5]\nreps = 4\n' >"$work/plot.toml"
"$bin" run "$work/plot.toml" -o "$work/plot.h5" --quiet
rm -rf "$work/figures"
/usr/bin/python3 "$plot" "$work/plot.h5" --out "$work/figures" >/dev/null
for name in growth checks eps constants; do
  for ext in png pdf; do
    f="$work/figures/$name.$ext"
    [ -s "$f" ] || { echo "FAIL: $f missing or empty"; exit 1; }
    [ "$(stat -c %s "$f")" -gt 5000 ] || { echo "FAIL: $f is suspiciously small"; exit 1; }
  done
done
head -c 8 "$work/figures/growth.png" | od -An -tx1 | grep -q '89 50 4e 47' || { echo "FAIL: growth.png is not a PNG"; exit 1; }
head -c 4 "$work/figures/growth.pdf" | grep -q '%PDF' || { echo "FAIL: growth.pdf is not a PDF"; exit 1; }
echo "ok: 8 figures written"
