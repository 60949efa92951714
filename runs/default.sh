#!/usr/bin/env bash
# What `./pacsim run` runs with no arguments, until the study runner exists: the
# growth of |S| with D in one Zipfian world (D over 11 decades, exact values
# beside the sampled ones), then `pacsim validate` on the built-in grid.
# Usage: runs/default.sh PATH/TO/pacsim
set -euo pipefail
bin="${1:?usage: default.sh PATH/TO/pacsim}"
world="zm:a=1.2,M=1e6"
D="1e2,1e3,1e4,1e5,1e6,1e7,1e8,1e9,1e10,1e11,1e12"
echo "# |S| against D in $world: sampled (3 replicates), then exact" >&2
"$bin" sample --world "$world" --D "$D" --reps 3
"$bin" expect --world "$world" --D "$D"
echo "# pacsim validate: sampled means against exact values, per cell" >&2
"$bin" validate
