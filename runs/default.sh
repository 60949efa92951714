#!/usr/bin/env bash
# What `./pacsim run` runs with no arguments: the default study
# (runs/default.toml) into build/default.h5, then its check table, its fits
# (written into the file's /fits and /slopes) and its figures
# (build/default_figures/, PNG and PDF; analysis/plot.py).
# Usage: runs/default.sh PATH/TO/pacsim [OUT.h5]
set -euo pipefail
bin="${1:?usage: default.sh PATH/TO/pacsim [OUT.h5]}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${2:-$(dirname "$(dirname "$bin")")/default.h5}"
"$bin" run "$here/default.toml" -o "$out"
echo "# the proof's checks in $out (lhs <= rhs holds; violations are findings)" >&2
"$bin" check "$out"
echo "# which step of the proof fails first in each replicate, and why (the paper's own sums, pop_S)" >&2
"$bin" check "$out" --first-failure
echo "# what the study implies about Proposition 1 (also written to /fits and /slopes of $out)" >&2
"$bin" fit "$out" --write
echo "# figures" >&2
/usr/bin/python3 "$here/../analysis/plot.py" "$out" --out "${out%.h5}_figures"
