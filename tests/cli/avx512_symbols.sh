#!/usr/bin/env bash
# Checks that lanes_avx512.cpp's object in the static library defines only its
# pacsim::detail::*_avx512 entry points (plus local symbols): any other global,
# weak or COMDAT definition would be AVX-512 code the linker could pick for
# callers on processors without AVX-512.
# Usage: avx512_symbols.sh PATH/TO/libpacsim_kernels.a
set -euo pipefail
lib="${1:?usage: avx512_symbols.sh libpacsim_kernels.a}"
defs="$(nm -C --defined-only -A "$lib" | grep 'lanes_avx512\.cpp\.o:' || true)"
if [[ -z "$defs" ]]; then
  echo "no lanes_avx512.cpp.o in $lib" >&2
  exit 1
fi
# Global symbols have an upper-case type letter (T, W, V, D, B, R, ...).
extra="$(printf '%s\n' "$defs" | awk '$2 ~ /^[A-Z]$/' | grep -v ' T pacsim::detail::[a-z_]*_avx512(' || true)"
entries="$(printf '%s\n' "$defs" | grep -c ' T pacsim::detail::[a-z_]*_avx512(' || true)"
if [[ -n "$extra" || "$entries" -lt 1 ]]; then
  echo "lanes_avx512.cpp.o defines more than its entry points:" >&2
  printf '%s\n' "$extra" >&2
  exit 1
fi
echo "lanes_avx512.cpp.o: $entries entry points, nothing else global"
