#!/usr/bin/python3
"""pacsim fit as a reader and a writer of results files, and what it prints:
 - without --write or -o it only reads: a read-only file fits, and stays
   byte-identical (cmp) with no temporary file left;
 - -o OUT writes a copy with /fits and /slopes and leaves the input untouched;
 - --write rewrites the file with them, keeping its mode;
 - the shapes: a world that saturates (zm:a=1.2,M=1e4 over D = 1e5..1e7) is
   curved and every verdict says so; zm:a=2,M=inf is straight and judged;
 - a flat |S| (zm:a=1.5,M=10: every type seen) has gamma ~0 and no doubling
   factor: an empty field in TSV, n/a in Markdown, NaN in the file;
 - --band adds a verdict column; --table slopes prints one row per (world,
   mode, D), whose E|S| is /theory/E_unique's; no format prints nan.
Usage: fit_files.py PACSIM WORKDIR"""
import filecmp
import math
import os
import shutil
import stat
import subprocess
import sys

import h5py

pacsim, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def fit(*args, code=0):
    p = subprocess.run([pacsim, "fit", *args, "--bootstrap", "200"], capture_output=True, text=True)
    expect(p.returncode == code, f"fit {' '.join(args)}: exit {p.returncode}, wanted {code}: {p.stderr.strip()}")
    return p


def rows(tsv):
    lines = tsv.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def temporaries():
    return [n for n in os.listdir(work) if ".tmp." in n]


study, base = os.path.join(work, "fit.toml"), os.path.join(work, "base.h5")
with open(study, "w") as f:
    f.write('worlds = ["zm:a=1.2,M=1e4", "zm:a=2,M=inf", "zm:a=1.5,M=10"]\n'
            'D = [100, 1000, 10000, 100000, 1000000, 10000000]\nk = [10]\nreps = 4\nseed = 3\n')
subprocess.run([pacsim, "run", study, "-o", base, "--quiet"], check=True)

# --- Read only: a file nobody may write.
ro = os.path.join(work, "ro.h5")
shutil.copyfile(base, ro)
os.chmod(ro, 0o444)
printed = fit(ro).stdout
expect(filecmp.cmp(ro, base, shallow=False), "fit changed a file it was not asked to write")
expect(stat.S_IMODE(os.stat(ro).st_mode) == 0o444, "fit changed the read-only file's mode")
expect(not temporaries(), f"fit left {temporaries()}")
with h5py.File(ro, "r") as h:
    expect("fits" not in h and "slopes" not in h, "fit without --write or -o wrote groups")
table = {(r["world"], r["mode"]): r for r in rows(printed)}
expect(len(table) == 3, f"{len(table)} rows, wanted one per world")

# --- The shapes and verdicts.
sat, inf, flat = (table[(w, "multinomial")] for w in
                  ("zm:a=1.2,b=0,M=10000", "zm:a=2,b=0,M=inf", "zm:a=1.5,b=0,M=10"))
expect(sat["shape"] == "curved", f"saturating world: shape {sat['shape']}")
expect(all(sat[k] == "curved" for k in sat if k.startswith("verdict_")), "saturating world: verdicts not curved")
expect(float(sat["slope_max"]) - float(sat["slope_min"]) > 0.1, "saturating world: slope range")
expect(inf["shape"] == "straight" and inf["slopes_from"] == "exact", f"a = 2: shape {inf['shape']}")
expect(inf["verdict_arxiv-v4"] == "inside" and inf["verdict_draft"] == "above", "a = 2: verdicts")
expect(abs(float(inf["slope_min"]) - 0.5) < 1e-3, "a = 2: exact slope near 1/a")
expect((sat["a"], sat["b"], sat["M"], inf["M"]) == ("1.2", "0", "10000", "inf"), "world columns")
expect((inf["window_lo"], inf["window_hi"], inf["points"]) == ("100000", "10000000", "3"), "window columns")
expect(abs(float(flat["gamma"])) < 1e-12, f"flat world: gamma {flat['gamma']}")
expect(flat["doubling"] == flat["doubling_lo"] == flat["doubling_hi"] == "", "flat world: doubling factor printed")
md = fit(ro, "--format", "md").stdout
flat_md = next(line for line in md.splitlines() if line.startswith("| zm:a=1.5"))
expect("n/a" in flat_md and "inf" not in flat_md.replace("M=inf", ""), f"flat world in Markdown: {flat_md}")

# --- Formats and tables: no nan anywhere.
for args in (["--format", "csv"], ["--format", "latex"], ["--format", "md"], ["--table", "slopes"],
             ["--table", "slopes", "--format", "latex"]):
    out = fit(ro, *args).stdout
    expect("nan" not in out.lower().replace("nanc", ""), f"fit {' '.join(args)} prints nan")
slopes = rows(fit(ro, "--table", "slopes").stdout)
expect(len(slopes) == 3 * 6, f"{len(slopes)} slope rows, wanted 18")
expect(sum(r["in_window"] == "yes" for r in slopes) == 9, "slopes: in_window")
expect(all(r["slope_sampled"] == "" for r in slopes if r["D"] == "10000000"), "slopes: none after the largest D")

# --- User bands.
banded = rows(fit(ro, "--band", "0.45,0.55", "--band", "0,0.1").stdout)
a2 = next(r for r in banded if r["world"] == "zm:a=2,b=0,M=inf")
expect(a2.get("verdict_band_0.45_0.55") == "inside", f"--band: {a2.get('verdict_band_0.45_0.55')}")
expect(a2.get("verdict_band_0_0.1") == "above", f"--band: {a2.get('verdict_band_0_0.1')}")

# --- -o: a copy with the groups; the input untouched.
copy = os.path.join(work, "copy.h5")
expect(fit(ro, "-o", copy).stdout == printed, "-o printed another table")
expect(filecmp.cmp(ro, base, shallow=False), "-o changed its input")
with h5py.File(copy, "r") as h:
    expect("fits" in h and "slopes" in h, "-o: no /fits or /slopes in the copy")
    fits = h["fits"]
    worlds = [text(w) for w in fits["world"][:]]
    i = worlds.index("zm:a=1.5,b=0,M=10")
    expect(math.isnan(fits["doubling"][i]), "the file's doubling is not NaN for a flat world")
    expect(list(fits["M"][:]) == [1e4, math.inf, 10], f"/fits M: {list(fits['M'][:])}")
    expect(text(fits["shape"][worlds.index("zm:a=1.2,b=0,M=10000")]) == "curved", "/fits shape")
    expect(h["slopes"]["D"].dtype.kind == "u" and len(h["slopes"]["D"]) == 18, "/slopes D")
    expect(fits.attrs["tolerance"] == 0.01, "/fits tolerance attribute")
    # /slopes' E|S| is /theory/E_unique of the same (world, D, mode), bit for bit.
    cells, theory = h["cells"], h["theory"]["E_unique"][:]
    exact = {(text(w), int(d), text(m)): e for w, d, m, e in
             zip(cells["world"][:], cells["D"][:], cells["mode"][:], theory)}
    sl = h["slopes"]
    for w, d, m, e in zip(sl["world"][:], sl["D"][:], sl["mode"][:], sl["E_unique"][:]):
        expect(exact[(text(w), int(d), text(m))] == e, f"/slopes E_unique differs from /theory at {text(w)} D={d}")
    for name in ("cells", "metrics", "theory"):
        expect(name in h, f"-o: the copy has no /{name}")

# --- --write: the file itself, its mode kept.
rw = os.path.join(work, "rw.h5")
shutil.copyfile(base, rw)
os.chmod(rw, 0o640)
fit(rw, "--write")
expect(not filecmp.cmp(rw, base, shallow=False), "--write did not change the file")
expect(stat.S_IMODE(os.stat(rw).st_mode) == 0o640, "--write changed the file's mode")
with h5py.File(rw, "r") as h:
    expect("fits" in h and "slopes" in h, "--write: no /fits or /slopes")
fit(rw, "--write", "--from-D", "1e6")  # a second write replaces the groups
with h5py.File(rw, "r") as h:
    expect(list(h["fits"]["points"][:]) == [2, 2, 2], "--write did not replace /fits")
expect(not temporaries(), f"fit left {temporaries()}")

# --- Refusals: --write on a read-only file, --write with -o; nothing changes.
refused = fit(ro, "--write", code=2)
expect("read-only" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1, refused.stderr)
both = fit(rw, "--write", "-o", copy, code=2)
expect("--write and -o" in both.stderr, both.stderr)
expect(filecmp.cmp(ro, base, shallow=False), "a refused fit changed the file")

for f_ in failures:
    print("FAIL:", f_)
print(f"fit files: {len(failures)} failures")
sys.exit(1 if failures else 0)
