#!/usr/bin/python3
"""Outside reader: runs a small study, reads the HDF5 file with
Debian's h5py as a user would, and checks its shapes, attributes and a few
values against the TSV of `pacsim sample` for the same seed (a study's corpus
cell c draws from the engine of (seed, c, replicate), as does sample's c-th D).
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

with h5py.File(out, "r") as h:
    a = h.attrs
    expect(a["filetype"] == "pacsim-study", "filetype")
    expect(list(a["schema_version"]) == [1, 2], "schema_version")
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
                "q_mass_pop_U", "best_lk", "eps", "eq9_paper_pop_S_lhs", "pinsker_train_U_rhs"):
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
    expect(names == ["eq9_paper", "eq9_step", "pinsker", "eq13_paper", "eq13_grid"], "inequality names")
    expect(len(lhs) == len(names) and len(rhs) == len(names) and len(text_list("inequality_sources")) == len(names),
           "inequality attributes of one length")
    expect(lhs[0] == "kl" and rhs[0] == "log(k) * lk * |S|", "eq9_paper's sides")
    expect(text_list("target_scopes") == ["pop_S", "pop_U", "train_S", "train_U"], "target_scopes")
    for name in names:
        for ts in text_list("target_scopes"):
            expect(f"{name}_{ts}_lhs" in m and f"{name}_{ts}_rhs" in m, f"sides of {name} over {ts}")
    expect(np.array_equal(m["eq9_paper_pop_S_lhs"][()], m["kl_pop_S"][()], equal_nan=True), "a loss side is its loss")
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

for f_ in failures:
    print("FAIL:", f_)
print(f"h5 outside reader: {len(failures)} failures")
sys.exit(1 if failures else 0)
