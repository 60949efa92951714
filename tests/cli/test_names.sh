#!/usr/bin/env bash
# No unit test's name holds a character that would hide it from ctest: ';'
# (CMake's list separator) or '[' and ']' (CMake's list brackets, and Catch's
# tags when ctest passes the name back as a filter). catch_discover_tests turns
# each name into one ctest test; a bad name merges or drops the tests after it,
# silently.
# Usage: test_names.sh PATH/TO/pacsim_tests
set -euo pipefail
bad=$("$1" --list-test-names-only | grep -E '[][;]' || true)
if [ -n "$bad" ]; then
  echo "FAIL: test names ctest cannot hold:"
  printf '%s\n' "$bad"
  exit 1
fi
echo "ok: $("$1" --list-test-names-only | grep -c .) test names, none with ; [ or ]"
