#!/usr/bin/env bash
# End-to-end shape of the tables: headers, column counts, help and version exit 0.
# Usage: outputs.sh PACSIM
set -euo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
hdr=$("$bin" sample --world zm:a=1.2,M=1e6 --D 1e3 | head -1)
[ "$hdr" = $'D\trep\tsize\tunique\thapax\tV2\tV3\tmissing_mass\tgt_missing\tseconds' ] || fail "sample header: $hdr"
rows=$("$bin" sample --world zm:a=1.2,M=1e6 --D 1e3,2^10,1e4 --reps 3 | tail -n +2 | awk -F'\t' 'NF==10' | wc -l)
[ "$rows" -eq 9 ] || fail "sample rows: $rows"
"$bin" sample --world zm:a=1.2,M=1e6 --D 2^10 | awk -F'\t' 'NR==2 && $1 != 1024 {exit 1}' || fail "2^10 not read as 1024"
hdr=$("$bin" expect --world zm:a=2.5,M=inf --D 1e3 | head -1)
[ "$hdr" = $'D\tmode\tE_unique\tVar_unique\tvar_method\tE_hapax\tE_V2\tE_V3\tE_missing_mass\tentropy\tkarlin_unique' ] || fail "expect header: $hdr"
# presets at Chinchilla's beta: the draft's 0.24 and arXiv v4's [0.44, 0.72].
"$bin" presets | awk -F'\t' '$1=="draft" && $4 != 0.24 {exit 1} $1=="arxiv-v4" && ($3 != 0.44 || $4 != 0.72) {exit 1}' || fail "presets"
# A world of one type: every corpus sees it, exactly.
"$bin" expect --world zm:a=1,M=1 --D 5 | awk -F'\t' 'NR==2 && ($3 != 1 || $4 != 0) {exit 1}' || fail "M=1 expectation"
"$bin" sample --world zm:a=1,M=1 --D 5 | awk -F'\t' 'NR==2 && ($4 != 1 || $8 != 0) {exit 1}' || fail "M=1 sample"
"$bin" --help >/dev/null || fail "--help"
"$bin" sample --help | grep -q -- '--world' || fail "sample --help"
"$bin" expect --help | grep -q 'pairs-first-order' || fail "expect --help states the variance method"
"$bin" --version | grep -q '^pacsim ' || fail "--version"
echo "ok: table shapes, help and version"
