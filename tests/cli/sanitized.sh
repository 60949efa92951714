#!/usr/bin/env bash
# The sanitizer pass: pacsim and its unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer (Debian's gcc, -O1) into BUILD, then run over the
# unit tests, the hostile results files (hostile_files.py) and the hostile
# command lines and study files (hostile_input.sh). The unit tests tagged
# [slow] are left out: statistical tests of sample volume (minutes under the
# sanitizers) whose code the other tests run on smaller samples. Any sanitizer report ends
# its process with an error, which fails the pass. The build folder is kept, so
# a second `./pacsim test` rebuilds only what changed.
# Usage: sanitized.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
here="$(cd "$(dirname "$0")" && pwd)"
jobs="$(nproc 2>/dev/null || echo 2)"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS=-O1 -DPACSIM_SANITIZE=ON >/dev/null
fi
cmake --build "$build" -j "$jobs" --target pacsim pacsim_tests >/dev/null
# Leaks inside HDF5 when it gives up on a damaged file are HDF5's (sanitizer.supp).
export LSAN_OPTIONS="suppressions=$here/sanitizer.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1"
echo "unit tests:"
"$build/bin/pacsim_tests" --warn NoTests "~[slow]" | tail -2
echo "hostile results files:"
/usr/bin/python3 "$here/hostile_files.py" "$build/bin/pacsim" "$build/hostile_files" --sanitized | tail -1
echo "hostile command lines and study files:"
"$here/hostile_input.sh" "$build/bin/pacsim" "$build/hostile_input" | tail -1
