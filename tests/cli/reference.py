#!/usr/bin/python3
"""The reference studies (tests/reference/NAME.toml) run again and compared with
the results files checked in beside them (NAME.h5), dataset by dataset and bit
for bit: every dataset of /cells, /metrics and /theory, its name, type, shape
and bytes. A change that alters results must do so on purpose: regenerate with
  tests/cli/reference.py build/bin/pacsim tests/reference WORKDIR --regenerate
and say in the commit why the results changed.
Usage: reference.py PACSIM REFDIR WORKDIR [--regenerate]"""
import glob
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

pacsim, refdir, work = sys.argv[1:4]
regenerate = "--regenerate" in sys.argv[4:]
os.makedirs(work, exist_ok=True)


def datasets(path):
    """{group/name: (dtype, shape, values)} of the groups that hold results.
    Strings are compared as text, whether stored fixed-length (schema 1.2) or
    variable-length (1.0, 1.1): the type is then "string"."""
    out = {}
    with h5py.File(path, "r") as h:
        for group in ("cells", "metrics", "theory"):
            for name, d in h[group].items():
                v = d[()]
                dtype = str(d.dtype)
                if v.dtype.kind in "OS":
                    v = np.array([x.decode() if isinstance(x, bytes) else x for x in v.ravel()], dtype=object)
                    dtype = "string"
                out[f"{group}/{name}"] = (dtype, d.shape, v)
    return out


def same(a, b):
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        return a.shape == b.shape and list(a.ravel()) == list(b.ravel())
    return a.tobytes() == b.tobytes()


failures = []
studies = sorted(glob.glob(os.path.join(refdir, "*.toml")))
if not studies:
    failures.append(f"no reference studies in {refdir}")
for study in studies:
    name = os.path.splitext(os.path.basename(study))[0]
    out, ref = os.path.join(work, name + ".h5"), os.path.join(refdir, name + ".h5")
    subprocess.run([pacsim, "run", study, "-o", out, "--quiet"], check=True)
    if regenerate:
        shutil.copyfile(out, ref)
        print(f"{name}: regenerated {ref}")
        continue
    if not os.path.exists(ref):
        failures.append(f"{name}: no reference file {ref}")
        continue
    new, old = datasets(out), datasets(ref)
    for key in sorted(set(new) | set(old)):
        if key not in new or key not in old:
            failures.append(f"{name}: {key} only in the {'new' if key in new else 'reference'} file")
            continue
        (nt, ns, nv), (ot, os_, ov) = new[key], old[key]
        if nt != ot or ns != os_:
            failures.append(f"{name}: {key} is {nt}{ns}, the reference {ot}{os_}")
        elif not same(nv, ov):
            failures.append(f"{name}: {key} differs from the reference")
    print(f"{name}: {len(new)} datasets compared with {ref}")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
