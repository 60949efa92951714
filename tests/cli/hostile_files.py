#!/usr/bin/python3
"""Damaged and foreign results files, made here from one small study, given to
`pacsim check` and `pacsim fit`. For every file each command must either give
the same output as on the intact file (exit 0: the damage touched nothing it
reads) or exit 2 with one line on stderr naming the file; never exit 1, a
signal, a hang (timeout), a different answer with exit 0, or a half-written
file. The kinds of damage: truncation, bit flips, 64-byte smashes (seeded),
and structural edits made with Debian's h5py (groups and datasets removed,
shortened, retyped or declared huge and never written; attributes gone or of
the wrong type; files holding only `filetype`; text, empty and special files).
Usage: hostile_files.py PACSIM WORKDIR [--sanitized]"""
import os
import random
import shutil
import subprocess
import sys

import h5py
import numpy as np

pacsim, work = sys.argv[1], sys.argv[2]
sanitized = "--sanitized" in sys.argv[3:]
timeout = 120 if sanitized else 30
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
study = os.path.join(work, "s.toml")
with open(study, "w") as f:
    f.write('worlds = ["zm:a=1.5,M=1e4", "zm:a=2,M=inf"]\nD = [100, 1000, 10000]\nk = [8]\n'
            'class = ["all", "top"]\nN = [3]\nmode = ["multinomial", "poisson"]\nreps = 4\nseed = 5\n')
intact = os.path.join(work, "intact.h5")
subprocess.run([pacsim, "run", study, "-o", intact, "--quiet"], check=True, timeout=timeout)


def run(args):
    p = subprocess.run([pacsim] + args, capture_output=True, text=True, errors="replace", timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def fit(path):
    """`fit --write` on a copy (it writes /fits); returns its result and the copy's fate."""
    copy = path + ".fit"
    if os.path.isfile(path) and not os.path.islink(path):
        shutil.copyfile(path, copy)
    else:
        copy = path
    before = open(copy, "rb").read() if os.path.isfile(copy) else None
    rc, out, err = run(["fit", copy, "--write", "--bootstrap", "100"])
    after = open(copy, "rb").read() if os.path.isfile(copy) else None
    leftovers = [n for n in os.listdir(os.path.dirname(copy)) if ".tmp" in n]
    return rc, out, err, before, after, leftovers


baseline = {"check": run(["check", intact]), "fit": fit(intact)[:3]}
assert baseline["check"][0] == 0 and baseline["fit"][0] == 0, baseline
failures = []


def judge(name, command, rc, out, err, expected_out, path):
    lines = err.strip("\n").split("\n") if err.strip() else []
    if rc == 0:
        if out != expected_out:
            failures.append(f"{name}: {command} exit 0 with a different answer")
    elif rc == 2:
        if len(lines) != 1:
            failures.append(f"{name}: {command} exit 2 with {len(lines)} lines on stderr: {err[:300]!r}")
        elif os.path.basename(path) not in lines[0]:
            failures.append(f"{name}: {command} exit 2 without naming the file: {lines[0]!r}")
    else:
        failures.append(f"{name}: {command} exit {rc}: {err[-300:]!r}")


def try_file(name, path):
    try:
        rc, out, err = run(["check", path])
        judge(name, "check", rc, out, err, baseline["check"][1], path)
        rc, out, err, before, after, leftovers = fit(path)
        judge(name, "fit", rc, out, err, baseline["fit"][1], path)
        if rc != 0 and before != after:
            failures.append(f"{name}: fit failed and changed the file")
        if leftovers:
            failures.append(f"{name}: fit left {leftovers}")
    except subprocess.TimeoutExpired as e:
        failures.append(f"{name}: timeout in {' '.join(e.cmd[1:2])}")


data = open(intact, "rb").read()
rng = random.Random(20261202)


def write(name, content):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(content)
    return path


# --- Bytes: truncation, flipped bits and smashed blocks.
for cut in sorted({0, 1, 7, 8, 96, 512, 2048} | {rng.randrange(len(data)) for _ in range(8)}):
    try_file(f"truncated_{cut}", write(f"truncated_{cut}.h5", data[:cut]))
for i in range(60 if not sanitized else 30):
    b = bytearray(data)
    at = rng.randrange(len(b))
    b[at] ^= 1 << rng.randrange(8)
    try_file(f"flip_{i}_at_{at}", write(f"flip_{i}.h5", bytes(b)))
for i in range(30 if not sanitized else 15):
    b = bytearray(data)
    at = rng.randrange(len(b) - 64)
    b[at:at + 64] = bytes(rng.randrange(256) for _ in range(64))
    try_file(f"smash_{i}_at_{at}", write(f"smash_{i}.h5", bytes(b)))


# --- Structure, edited with h5py on copies of the intact file.
def edited(name, edit):
    path = os.path.join(work, name + ".h5")
    shutil.copyfile(intact, path)
    with h5py.File(path, "r+") as h:
        edit(h)
    try_file(name, path)


def replace(h, key, values, **kw):
    del h[key]
    h.create_dataset(key, data=values, **kw)


def huge_unwritten(h):
    del h["metrics/unique"]
    h.create_dataset("metrics/unique", shape=(2**27, 4), dtype="f8", chunks=(8192, 4))


def strings(h, key, values):
    replace(h, key, np.array(values, dtype=h5py.string_dtype()))


n_cells = int(h5py.File(intact, "r").attrs["n_cells"])
structural = {
    "no_cells": lambda h: h.__delitem__("cells"),
    "no_metrics": lambda h: h.__delitem__("metrics"),
    "no_theory": lambda h: h.__delitem__("theory"),
    "no_cells_world": lambda h: h.__delitem__("cells/world"),
    "no_cells_D": lambda h: h.__delitem__("cells/D"),
    "no_metrics_unique": lambda h: h.__delitem__("metrics/unique"),
    "no_metrics_eps": lambda h: h.__delitem__("metrics/eps"),
    "short_world": lambda h: strings(h, "cells/world", ["zm:a=2,M=inf"] * (n_cells - 3)),
    "short_cells": lambda h: [replace(h, f"cells/{k}", h[f"cells/{k}"][:-1]) for k in list(h["cells"])],
    "short_metrics": lambda h: replace(h, "metrics/unique", h["metrics/unique"][:-2]),
    "narrow_metrics": lambda h: replace(h, "metrics/unique", h["metrics/unique"][:, :-1]),
    "metrics_1d": lambda h: replace(h, "metrics/unique", h["metrics/unique"][:, 0]),
    "metrics_int": lambda h: replace(h, "metrics/unique", h["metrics/unique"][()].astype("i4")),
    "metrics_string": lambda h: strings(h, "metrics/unique", ["x"] * n_cells),
    "D_float": lambda h: replace(h, "cells/D", h["cells/D"][()].astype("f8")),
    "D_2d": lambda h: replace(h, "cells/D", np.stack([h["cells/D"][()]] * 2, axis=1)),
    "D_zero": lambda h: replace(h, "cells/D", np.zeros(n_cells, dtype="u8")),
    "world_garbage": lambda h: strings(h, "cells/world", ["mtltinomial"] * n_cells),
    "world_empty": lambda h: strings(h, "cells/world", [""] * n_cells),
    "mode_garbage": lambda h: strings(h, "cells/mode", ["mtltinomial"] * n_cells),
    "class_garbage": lambda h: strings(h, "cells/class", ["some"] * n_cells),
    "world_bad_utf8": lambda h: replace(h, "cells/world", np.array([b"\xff\xfe"] * n_cells, dtype="S2")),
    "huge_unwritten": huge_unwritten,
    "reps_zero": lambda h: h.attrs.__setitem__("reps", np.uint64(0)),
    "reps_huge": lambda h: h.attrs.__setitem__("reps", np.uint64(2**62)),
    "reps_string": lambda h: h.attrs.__setitem__("reps", "four"),
    "seed_string": lambda h: h.attrs.__setitem__("seed", "five"),
    "n_cells_wrong": lambda h: h.attrs.__setitem__("n_cells", np.uint64(n_cells + 1)),
    "no_schema": lambda h: h.attrs.__delitem__("schema_version"),
    "schema_2": lambda h: h.attrs.__setitem__("schema_version", np.array([2, 0])),
    "schema_string": lambda h: h.attrs.__setitem__("schema_version", "1.1"),
    "filetype_other": lambda h: h.attrs.__setitem__("filetype", "other"),
    "filetype_list": lambda h: h.attrs.__setitem__("filetype", ["pacsim-study", "x"]),
    "threads_string": lambda h: h.attrs.__setitem__("threads", "two"),
    "inequalities_short": lambda h: h["metrics"].attrs.__setitem__("inequalities", ["pinsker"]),
    "inequality_renamed": lambda h: h["metrics"].attrs.__setitem__(
        "inequalities", ["pinskxr"] + list(h["metrics"].attrs["inequalities"])[1:]),
    "target_scopes_bad": lambda h: h["metrics"].attrs.__setitem__(
        "target_scopes", ["pop_X"] + list(h["metrics"].attrs["target_scopes"])[1:]),
    "no_target_scopes": lambda h: h["metrics"].attrs.__delitem__("target_scopes"),
    "fits_is_dataset": lambda h: h.create_dataset("fits", data=[1, 2, 3]),
    "cells_is_dataset": lambda h: (h.__delitem__("cells"), h.create_dataset("cells", data=[1])),
}
for name, edit in structural.items():
    edited(name, edit)

# Values changed on purpose, the file kept well-formed: a different answer is
# right, but still no crash, hang or internal error.
value_edits = {
    "unique_nan": lambda h: h["metrics/unique"].__setitem__((0, 0), np.nan),
    "unique_negative": lambda h: h["metrics/unique"].__setitem__((0, 0), -5.0),
    "unique_inf": lambda h: h["metrics/unique"].__setitem__(slice(None), np.inf),
    "eps_nan": lambda h: h["metrics/eps"].__setitem__(slice(None), np.nan),
    "D_equal": lambda h: h["cells/D"].__setitem__(slice(None), 100),
}
for name, edit in value_edits.items():
    path = os.path.join(work, name + ".h5")
    shutil.copyfile(intact, path)
    with h5py.File(path, "r+") as h:
        edit(h)
    for command, args in (("check", ["check", path]), ("fit", ["fit", path, "--bootstrap", "100"])):
        rc, out, err = run(args)
        if rc not in (0, 2) or (rc == 2 and len(err.strip().split("\n")) != 1):
            failures.append(f"{name}: {command} exit {rc}: {err[-300:]!r}")

# --- Foreign and special files.
with h5py.File(os.path.join(work, "filetype_only.h5"), "w") as h:
    h.attrs["filetype"] = "pacsim-study"
try_file("filetype_only", os.path.join(work, "filetype_only.h5"))
with h5py.File(os.path.join(work, "schema_only.h5"), "w") as h:
    h.attrs["filetype"] = "pacsim-study"
    h.attrs["schema_version"] = np.array([1, 1])
try_file("schema_only", os.path.join(work, "schema_only.h5"))
with h5py.File(os.path.join(work, "foreign.h5"), "w") as h:
    h.create_dataset("x", data=np.arange(10))
try_file("foreign", os.path.join(work, "foreign.h5"))
try_file("text", write("text.h5", b"worlds = []\n"))
try_file("empty", write("empty.h5", b""))
try_file("missing", os.path.join(work, "missing.h5"))
os.makedirs(os.path.join(work, "dir.h5"), exist_ok=True)
try_file("directory", os.path.join(work, "dir.h5"))
fifo = os.path.join(work, "fifo.h5")
os.mkfifo(fifo)
try_file("fifo", fifo)

for f in failures:
    print(f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
