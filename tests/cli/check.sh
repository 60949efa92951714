#!/usr/bin/env bash
# pacsim check end to end, on the reference study's results file:
#  - a read-only copy (chmod 444) is checked in every mode and left byte-identical;
#  - the table: one row per (check, target/scope), pinsker_norm never violated,
#    no field "nan" or "inf", and the worst columns empty exactly where no
#    replicate is violated by a finite amount (violated = infinite_side);
#  - --first-failure: per group the counts add up to the group's replicates and
#    the shares to 1, for --by world and every other swept parameter;
#  - the schema 1.0 file of the same study (outcomes computed from its sides)
#    gives the same table but pinsker_norm's rows, and the same first failures.
# Usage: check.sh PACSIM REFERENCE_DIR WORKDIR
set -euo pipefail
bin="$1" ref="$2" work="$3"
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$work"
file="$work/finite.h5"
rm -f "$file"
cp "$ref/finite.h5" "$file"
chmod 444 "$file"
before=$(sha256sum <"$file")

"$bin" check "$file" >"$work/table.tsv" || fail "check on a read-only file"
"$bin" check "$file" --scope train_U --format latex >/dev/null || fail "check --scope --format latex"
"$bin" check "$file" --first-failure >"$work/first.tsv" || fail "check --first-failure"
for by in D mode k rounding min_one_over_k class N estimator beta; do
  "$bin" check "$file" --first-failure --by "$by" >"$work/first_$by.tsv" || fail "check --first-failure --by $by"
done
[ "$(sha256sum <"$file")" = "$before" ] || fail "check changed the file"
[ "$(stat -c %a "$file")" = 444 ] || fail "check changed the file's mode"

# The table: 6 checks x 4 target/scopes and a header.
[ "$(wc -l <"$work/table.tsv")" -eq 25 ] || fail "table has $(wc -l <"$work/table.tsv") lines, want 25"
awk -F'\t' '
  NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
  { for (i = 1; i <= NF; ++i) if ($i == "nan" || $i == "inf" || $i == "-inf") { print "a field is " $i ": " $0; bad = 1 } }
  $1 == "pinsker_norm" && $col["violated"] != 0 { print "pinsker_norm violated: " $0; bad = 1 }
  {
    finite = $col["violated"] - $col["infinite_side"]
    empty = ($col["worst_slack"] == "" && $col["worst_cause"] == "" && $col["worst_cell"] == "" &&
             $col["worst_rep"] == "" && $col["worst_cell_params"] == "")
    if ((finite == 0) != empty) { print "worst columns do not match " finite " finite violations: " $0; bad = 1 }
    if ($col["checked"] != $col["support"] + $col["vacuous"] + $col["unfounded"] + $col["violated"]) {
      print "checked is not the sum of the outcomes: " $0; bad = 1 }
    causes = $col["infinite_side"] + $col["grid_equal"] + $col["premise_target"] + $col["premise_q"] + $col["genuine"]
    if ($col["violated"] != causes) { print "violated is not the sum of its causes: " $0; bad = 1 }
  }
  END { exit bad }' "$work/table.tsv" || fail "the table's columns"

# First failures: counts add up per group, shares to 1.
for f in "$work"/first*.tsv; do
  awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; ++i) col[$i] = i; next }
    { key = $1; n[key] += $col["count"]; share[key] += $col["share"]; reps[key] = $col["replicates"] }
    END {
      for (k in n) {
        if (n[k] != reps[k]) { print k ": counts " n[k] " of " reps[k] " replicates"; bad = 1 }
        if (share[k] < 0.9999 || share[k] > 1.0001) { print k ": shares add up to " share[k]; bad = 1 }
      }
      exit bad
    }' "$f" || fail "$(basename "$f"): counts and shares"
done

# The schema 1.0 file of the same study.
"$bin" check "$ref/schema_1_0/finite.h5" >"$work/old.tsv" || fail "check on a schema 1.0 file"
grep -v '^pinsker_norm' "$work/table.tsv" | cmp -s - "$work/old.tsv" || fail "the schema 1.0 file gives another table"
"$bin" check "$ref/schema_1_0/finite.h5" --first-failure >"$work/old_first.tsv" || fail "--first-failure on 1.0"
cmp -s "$work/first.tsv" "$work/old_first.tsv" || fail "the schema 1.0 file gives other first failures"
echo "ok: check read a read-only file without changing it; table, first failures and the 1.0 file agree"
