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
# presets: the draft's band as printed, [0.14, 0.24], and as computed at
# Chinchilla's beta, [0.1467, 0.24]; arXiv v4's [0.44, 0.72] both ways.
near() { awk -v x="$1" -v y="$2" 'BEGIN { exit !((x - y) ^ 2 < 1e-24) }'; }
p=$("$bin" presets)
[ "$(printf '%s\n' "$p" | head -1)" = $'preset\tsource\tbeta\tgamma_lo\tgamma_hi\tdoubling_from\tdoubling_to\tarithmetic' ] || fail "presets header"
band() { printf '%s\n' "$p" | awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}'; }
[ "$(band draft 2)" = printed ] && near "$(band draft 4)" 0.14 && near "$(band draft 5)" 0.24 || fail "presets: printed draft"
[ "$(band draft@beta 2)" = computed ] && near "$(band draft@beta 4)" 0.146666666666667 && near "$(band draft@beta 5)" 0.24 || fail "presets: computed draft"
near "$(band arxiv-v4 4)" 0.44 && near "$(band arxiv-v4 5)" 0.72 && near "$(band arxiv-v4@beta 4)" 0.44 && near "$(band arxiv-v4@beta 5)" 0.72 || fail "presets: arxiv-v4"
# At another beta the computed arithmetic shows that beta's numbers, the printed rows stay.
p=$("$bin" presets --beta 0.3658)
band arxiv-v1@beta 8 | grep -qF '= 0.4513 at b = 0.3658' || fail "presets --beta: v1 arithmetic: $(band arxiv-v1@beta 8)"
printf '%s\n' "$p" | awk -F'\t' '$2 == "computed"' | grep -qE 'D\^0\.(58|44)|0\.1467|= 0\.58|= 0\.44' && fail "presets --beta 0.3658 prints beta 0.28's numbers"
near "$(band draft 4)" 0.14 || fail "presets --beta moved the printed draft"
# A world of one type: every corpus sees it, exactly.
"$bin" expect --world zm:a=1,M=1 --D 5 | awk -F'\t' 'NR==2 && ($3 != 1 || $4 != 0) {exit 1}' || fail "M=1 expectation"
"$bin" sample --world zm:a=1,M=1 --D 5 | awk -F'\t' 'NR==2 && ($4 != 1 || $8 != 0) {exit 1}' || fail "M=1 sample"
"$bin" --help >/dev/null || fail "--help"
"$bin" sample --help | grep -q -- '--world' || fail "sample --help"
"$bin" expect --help | grep -q 'pairs-first-order' || fail "expect --help states the variance method"
"$bin" --version | grep -q '^pacsim ' || fail "--version"
echo "ok: table shapes, help and version"
