#!/usr/bin/python3
"""Outside reader: runs a small study, reads the HDF5 file with
Debian's h5py as a user would, and checks its shapes, attributes and a few
values against the TSV of `pacsim sample` for the same seed (a study's corpus
cell c draws from the engine of (seed, c, replicate), as does sample's c-th D).
The outcome of every check, the premises and the first failing step are
recomputed here with numpy from the stored sides and losses, by the rules
sim/io/SCHEMA.md states, and must equal what pacsim stored.
Usage: h5_reader.py PACSIM WORKDIR"""
import math
import glob
import os
import subprocess
import sys

import h5py
import numpy as np

pacsim, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
study = os.path.join(work, "reader.toml")
out = os.path.join(work, "reader.h5")
with open(study, "w") as f:
    f.write('worlds = ["zm:a=1.5,M=1e5"]\nD = [100, "1e4", 1e6]\nk = [10, 100]\n'
            'class = ["all", "top"]\nN = [5]\nreps = 6\nseed = 77\n')
subprocess.run([pacsim, "run", study, "-o", out, "--quiet", "--threads", "2"], check=True)
assert not glob.glob(out + ".tmp*"), "temporary file left behind"

failures = []
def expect(cond, what):
    if not cond:
        failures.append(what)


def recompute_outcomes(m, names, target_scopes):
    """Every check's outcome, the premises and the first failing step of /metrics
    `m`, recomputed with numpy by SCHEMA.md's rules from the stored sides and
    losses, against what pacsim stored. Returns the codes seen."""
    seen = set()
    with np.errstate(invalid="ignore"):
        for ts in target_scopes:
            t_mass, q_mass = m["t_mass_" + ts][()], m["q_mass_" + ts][()]
            lk, kl = m["lk_" + ts][()], m["kl_" + ts][()]
            target_ok, q_ok = np.abs(t_mass - 1) <= 1e-6, np.abs(q_mass - 1) <= 1e-6
            premises = target_ok & q_ok
            expect(np.array_equal(m["premises_" + ts][()], premises.astype(float)), "premises_" + ts)
            first, cause = np.full(kl.shape, -1.0), np.full(kl.shape, -1.0)
            for i, name in enumerate(names):
                renormalised = name == "pinsker_norm"
                l, r = m[f"{name}_{ts}_lhs"][()], m[f"{name}_{ts}_rhs"][()]
                infinite = np.isinf(l) | np.isinf(r)
                undefined = np.isnan(l) | np.isnan(r) | (np.isinf(l) & np.isinf(r))
                violated = np.where(infinite, l > r, (l - r) > 1e-9 * np.maximum(np.abs(l), np.abs(r)))
                masses = np.ones(kl.shape, bool) if renormalised else premises
                grid_equal = (lk == 0) & (kl > 0) if name.startswith("eq9_") else np.zeros(kl.shape, bool)
                want = np.select(
                    [undefined, ~violated & ~(l > 0), ~violated & masses & ~infinite, ~violated, infinite, grid_equal,
                     ~target_ok & (not renormalised), ~q_ok & (not renormalised)],
                    [3, 1, 0, 2, 4, 5, 6, 7], default=8).astype(float)
                got = m[f"{name}_{ts}_outcome"][()]
                expect(np.array_equal(got, want), f"{name}_{ts}_outcome: {int(np.sum(got != want))} differ")
                seen |= set(got.ravel().tolist())
                if not renormalised:
                    fails = (got >= 4) & (first < 0)
                    first[fails], cause[fails] = i, got[fails]
            expect(np.array_equal(m["first_failure_" + ts][()], first), "first_failure_" + ts)
            expect(np.array_equal(m["first_failure_cause_" + ts][()], cause), "first_failure_cause_" + ts)
            expect(not np.any(m["pinsker_norm_" + ts + "_outcome"][()] >= 4), "pinsker_norm violated over " + ts)
    return seen


with h5py.File(out, "r") as h:
    a = h.attrs
    expect(a["filetype"] == "pacsim-study", "filetype")
    expect(list(a["schema_version"]) == [1, 3], "schema_version")
    for key in ("pacsim_version", "git_commit", "created", "study_toml", "seed", "reps", "threads"):
        expect(key in a, "root attribute " + key)
    expect(int(a["seed"]) == 77 and int(a["reps"]) == 6, "seed and reps")
    expect("zm:a=1.5,M=1e5" in a["study_toml"], "study_toml holds the study text")
    n_cells = 3 * 2 * 2  # D x k x class (N applies to top only)
    expect(int(a["n_cells"]) == n_cells, "n_cells")
    cells = h["cells"]
    for key in ("world", "a", "b", "M", "D", "mode", "k", "rounding", "min_one_over_k", "class", "N",
                "estimator", "beta", "corpus_cell"):
        expect(key in cells and cells[key].shape == (n_cells,), "cells/" + key)
    expect(sorted(set(cells["D"][:].tolist())) == [100, 10000, 1000000], "cells/D values")
    expect(np.all(cells["a"][:] == 1.5) and np.all(cells["M"][:] == 1e5), "cells/a and M")
    classes = [c.decode() if isinstance(c, bytes) else c for c in cells["class"][:]]
    expect(sorted(set(classes)) == ["all", "top"], "cells/class values")
    m = h["metrics"]
    for key in ("unique", "hapax", "missing_mass", "kl_pop_S", "lk_pop_U", "tv_train_S", "mismatch_pop_S",
                "q_mass_pop_U", "t_mass_pop_S", "kl_norm_pop_U", "tv_norm_train_S", "best_lk", "eps",
                "eq9_paper_pop_S_lhs", "pinsker_train_U_rhs", "pinsker_norm_pop_S_lhs", "eq9_step_pop_S_outcome",
                "pinsker_norm_train_U_outcome", "premises_pop_S", "first_failure_pop_U", "first_failure_cause_train_U"):
        expect(key in m and m[key].shape == (n_cells, 6) and m[key].dtype == np.float64, "metrics/" + key)
    expect(m["unique"].chunks is not None and m["unique"].compression == "gzip", "chunked and compressed")
    # Every dataset carries the Fletcher32 checksum (schema 1.2): h5py checks it.
    unchecked = []
    h.visititems(lambda name, d: unchecked.append(name) if isinstance(d, h5py.Dataset) and not d.fletcher32 else None)
    expect(not unchecked, "datasets without a checksum: " + ", ".join(unchecked))
    expect(cells["world"].dtype.kind == "S" and cells["world"][0].decode() == "zm:a=1.5,b=0,M=100000",
           "cells/world: fixed-length UTF-8")
    expect("check" in m["pinsker_pop_S_lhs"].attrs, "check datasets carry their inequality")
    # The inequalities and target/scopes are described by /metrics' attributes,
    # and every side they name is a dataset (a side that is a loss is a hard link).
    text_list = lambda key: [x.decode() if isinstance(x, bytes) else x for x in m.attrs[key]]
    names, lhs, rhs = text_list("inequalities"), text_list("inequality_lhs"), text_list("inequality_rhs")
    expect(names == ["eq9_step", "eq9_paper", "pinsker", "eq13_grid", "eq13_paper", "pinsker_norm"],
           "inequality names")
    expect(text_list("proof_steps") == names[:5], "proof_steps")
    outcomes = text_list("outcomes")
    expect(outcomes == ["holds", "vacuous", "unfounded", "undefined", "infinite_side", "grid_equal",
                        "premise_target", "premise_q", "genuine"], "outcome names")
    expect(len(lhs) == len(names) and len(rhs) == len(names) and len(text_list("inequality_sources")) == len(names),
           "inequality attributes of one length")
    expect(lhs[1] == "kl" and rhs[1] == "log(k) * lk * |S|", "eq9_paper's sides")
    expect(text_list("target_scopes") == ["pop_S", "pop_U", "train_S", "train_U"], "target_scopes")
    for name in names:
        for ts in text_list("target_scopes"):
            expect(f"{name}_{ts}_lhs" in m and f"{name}_{ts}_rhs" in m, f"sides of {name} over {ts}")
    expect(np.array_equal(m["eq9_paper_pop_S_lhs"][()], m["kl_pop_S"][()], equal_nan=True), "a loss side is its loss")
    expect(m["eq9_step_pop_S_outcome"].attrs["unit"] == "outcome code", "outcome unit")

    recompute_outcomes(m, names, text_list("target_scopes"))
    th = h["theory"]
    expect(th["E_unique"].shape == (n_cells,), "theory/E_unique")

    # The corpus statistics against `pacsim sample` with the same seed.
    tsv = subprocess.run([pacsim, "sample", "--world", "zm:a=1.5,M=1e5", "--D", "100,1e4,1e6", "--reps", "6",
                          "--seed", "77"], check=True, capture_output=True, text=True).stdout.splitlines()
    header = tsv[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in tsv[1:]]
    corpus_cell = cells["corpus_cell"][:]
    for i in range(n_cells):
        c = int(corpus_cell[i])
        for rep in range(6):
            row = rows[c * 6 + rep]
            expect(int(row["D"]) == int(cells["D"][i]), f"cell {i} D")
            expect(int(row["unique"]) == m["unique"][i, rep], f"cell {i} rep {rep} unique")
            expect(int(row["hapax"]) == m["hapax"][i, rep], f"cell {i} rep {rep} hapax")
            expect(math.isclose(float(row["missing_mass"]), m["missing_mass"][i, rep], rel_tol=1e-15, abs_tol=0),
                   f"cell {i} rep {rep} missing_mass")
    # The exact E|S| against `pacsim expect`.
    ex = subprocess.run([pacsim, "expect", "--world", "zm:a=1.5,M=1e5", "--D", "100,1e4,1e6"], check=True,
                        capture_output=True, text=True).stdout.splitlines()[1:]
    e_unique = {int(l.split("\t")[0]): float(l.split("\t")[2]) for l in ex}
    for i in range(n_cells):
        expect(math.isclose(th["E_unique"][i], e_unique[int(cells["D"][i])], rel_tol=1e-15), f"cell {i} E_unique")

# The same study with one thread: identical data, bit for bit.
out1 = os.path.join(work, "reader_1thread.h5")
subprocess.run([pacsim, "run", study, "-o", out1, "--quiet", "--threads", "1"], check=True)
with h5py.File(out, "r") as h2, h5py.File(out1, "r") as h1:
    expect(int(h2.attrs["threads"]) == 2 and int(h1.attrs["threads"]) == 1, "threads attribute")
    for group in ("cells", "metrics", "theory"):
        for name in h2[group]:
            a2, a1 = h2[group][name][()], h1[group][name][()]
            if a2.dtype.kind == "f":
                same = a2.shape == a1.shape and np.array_equal(a2, a1, equal_nan=True)
            else:
                same = a2.shape == a1.shape and np.array_equal(a2, a1)
            expect(same, f"{group}/{name} differs between 1 and 2 threads")

# A study that produces every outcome code (a steep infinite world and a uniform
# one, tiny to large D, coarse and fine grids): the recomputation must agree on
# each, so each rule of SCHEMA.md is exercised.
varied = os.path.join(work, "varied.toml")
with open(varied, "w") as f:
    f.write('worlds = ["zm:a=6,M=inf", "zm:a=0,M=8"]\nD = [5, 1000, "1e5"]\nk = [4, 1000]\n'
            'rounding = ["nearest", "ceil"]\nmin_one_over_k = [false, true]\nclass = ["all", "top"]\nN = [2]\n'
            'reps = 4\nseed = 3\n')
subprocess.run([pacsim, "run", varied, "-o", out + ".varied.h5", "--quiet"], check=True)
with h5py.File(out + ".varied.h5", "r") as h:
    m = h["metrics"]
    as_text = lambda key: [x.decode() if isinstance(x, bytes) else x for x in m.attrs[key]]
    seen = recompute_outcomes(m, as_text("inequalities"), as_text("target_scopes"))
    expect(seen == set(range(9)), f"the varied study shows outcome codes {sorted(seen)}, not all of 0..8")

for f_ in failures:
    print("FAIL:", f_)
print(f"h5 outside reader: {len(failures)} failures")
sys.exit(1 if failures else 0)
