#!/usr/bin/python3
"""The figures of analysis/plot.py, built from a quick study of 14 worlds
(tests/cli/figures.toml: more worlds than the palette has colours, only the
"rounded up" rule). Checks that every figure builds as PNG and PDF at the
column (3.3 in) and page (6.9 in) widths, that the PDFs embed no Type 3 font
and carry no title (pdffonts, pdftotext: poppler-utils; skipped with a
message when absent), that 20 worlds get distinct styles, that the checks
figure draws every replicate (infinite and non-positive sides included),
that the eps figure is not empty for a study with only min_one_over_k = true,
that a figure whose data a file lacks is skipped with one line, and that a
bad --where, --width or --figures exits 2 with one line naming the value.
Usage: figures.py PACSIM PLOT.PY STUDY.TOML WORKDIR"""
import argparse
import importlib.util
import os
import shutil
import struct
import subprocess
import sys

import h5py
import numpy as np

pacsim, plot_py, study_toml, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
FIGURES = ["growth", "gamma", "checks", "first_failure", "eps", "constants"]
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def plot(*args):
    return subprocess.run(["/usr/bin/python3", plot_py, *args], capture_output=True, text=True)


# One study, fitted into a copy of its results file.
results = os.path.join(work, "figures.h5")
subprocess.run([pacsim, "run", study_toml, "-o", results, "--quiet"], check=True)
fitted = os.path.join(work, "fitted.h5")
subprocess.run([pacsim, "fit", results, "-o", fitted], check=True, stdout=subprocess.DEVNULL)


def png_size(path):
    """(width, height) in pixels from a PNG's IHDR chunk."""
    with open(path, "rb") as f:
        head = f.read(24)
    expect(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def pdf_width_points(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("Page size:")), "")
    return float(line.split()[2]) if line else float("nan")


# 1. Every figure, at both widths.
have_poppler = all(shutil.which(t) for t in ("pdffonts", "pdfinfo", "pdftotext"))
if not have_poppler:
    print("skip: pdffonts, pdfinfo or pdftotext absent (Debian's poppler-utils): fonts, PDF widths and titles "
          "not checked")
for width, inches in (("column", 3.3), ("page", 6.9)):
    out = os.path.join(work, f"figures_{width}")
    shutil.rmtree(out, ignore_errors=True)
    r = plot(fitted, "--out", out, "--width", width)
    expect(r.returncode == 0, f"plot.py --width {width} exits 0, not {r.returncode}: {r.stderr.strip()}")
    expect(r.stderr == "", f"plot.py --width {width} skips nothing on a complete file: {r.stderr.strip()}")
    for name in FIGURES:
        png, pdf = (os.path.join(out, f"{name}.{ext}") for ext in ("png", "pdf"))
        if not (os.path.exists(png) and os.path.exists(pdf)):
            expect(False, f"{name} ({width}) written as PNG and PDF")
            continue
        expect(png_size(png)[0] == round(inches * 300), f"{name}.png ({width}) is {inches} in at 300 dpi: "
                                                        f"{png_size(png)[0]} px")
        with open(pdf, "rb") as f:
            expect(f.read(4) == b"%PDF", f"{name}.pdf is a PDF")
        if not have_poppler:
            continue
        expect(abs(pdf_width_points(pdf) - inches * 72) < 0.01,
               f"{name}.pdf ({width}) is {inches} in wide: {pdf_width_points(pdf) / 72:.3f} in")
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
        expect("Type 3" not in fonts, f"{name}.pdf ({width}) embeds a Type 3 font:\n{fonts}")
        expect("TrueType" in fonts, f"{name}.pdf ({width}) embeds its TrueType (Type 42) fonts")
        words = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        expect("figures test" not in words, f"{name}.pdf ({width}) carries the study's title")

# 2. A slice: --where k=10,class=top.
r = plot(fitted, "--out", os.path.join(work, "slice"), "--where", "k=10,class=top,scope=train_U",
         "--figures", "checks,eps,first_failure")
expect(r.returncode == 0 and r.stdout.count(".pdf") == 3, f"--where k=10,class=top draws 3 figures: {r.stderr}")

# 3. Bad options: exit 2, one line, naming the value.
for args, needle in ((["--where", "kk=10"], "kk"), (["--where", "k=7"], "'7'"), (["--where", "class"], "class"),
                     (["--where", "scope=pop_X"], "pop_X"), (["--where", "k=10,k=10"], "twice"),
                     (["--width", "wide"], "wide"), (["--figures", "growth,pie"], "pie"),
                     (["--delta", "1.5"], "1.5")):
    r = plot(fitted, "--out", os.path.join(work, "bad"), *args)
    lines = r.stderr.strip().splitlines()
    expect(r.returncode == 2 and len(lines) == 1 and needle in r.stderr and r.stdout == "",
           f"{' '.join(args)}: exit 2 with one line naming {needle}, got {r.returncode}: {r.stderr!r}")
r = plot(os.path.join(work, "missing.h5"))
expect(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "missing.h5" in r.stderr,
       f"a missing file: exit 2 with one line, got {r.returncode}: {r.stderr!r}")

# 4. A file without /fits, the outcomes and first failures (as before schema
# 1.3), and with no finite eps: those figures are skipped, one line each.
bare = os.path.join(work, "bare.h5")
shutil.copy(results, bare)
with h5py.File(bare, "r+") as h:
    m = h["metrics"]
    for name in [n for n in m if n.endswith("_outcome") or n.startswith("first_failure")]:
        del m[name]
    for key in ("outcomes", "proof_steps"):
        if key in m.attrs:
            del m.attrs[key]
    eps = m["eps"][()]
    del m["eps"]
    m["eps"] = np.full_like(eps, np.nan)
r = plot(bare, "--out", os.path.join(work, "bare"), "--figures", "gamma,checks,first_failure,eps")
skipped = sorted(line.split(":")[1].strip() for line in r.stderr.strip().splitlines() if "skipped" in line)
expect(r.returncode == 0 and skipped == ["eps", "first_failure", "gamma"],
       f"a bare file skips eps, first_failure and gamma with one line each: {r.returncode} {r.stderr!r}")
expect(os.path.exists(os.path.join(work, "bare", "checks.pdf")), "a bare file still gets checks (holds / violated)")

# A configuration without a finite eps loses its panel only, with one line.
half = os.path.join(work, "half.h5")
shutil.copy(results, half)
with h5py.File(half, "r+") as h:
    top = np.array([c.decode() == "top" for c in h["cells"]["class"][()]])
    eps = h["metrics"]["eps"][()]
    eps[top] = np.nan
    del h["metrics"]["eps"]
    h["metrics"]["eps"] = eps
r = plot(half, "--out", os.path.join(work, "half"), "--figures", "eps")
expect(r.returncode == 0 and r.stderr.strip() == "plot.py: eps: skipping top N=5: no finite eps"
       and os.path.exists(os.path.join(work, "half", "eps.pdf")),
       f"eps skips the panel of class top, one line, and draws the rest: {r.returncode} {r.stderr!r}")

# 5. Inside plot.py: styles, edge strips, every replicate drawn, eps not empty.
spec = importlib.util.spec_from_file_location("plot", plot_py)
P = importlib.util.module_from_spec(spec)
spec.loader.exec_module(P)


class Twenty:
    worlds = [f"w{i}" for i in range(20)]


styles = [P.world_style(Twenty, w) for w in Twenty.worlds]
expect(len({(s["color"], s["linestyle"]) for s in styles}) == 20, "20 worlds: colour and line style distinct")
expect(len({(s["color"], s["marker"]) for s in styles}) == 20, "20 worlds: colour and marker distinct")

edge = P.EdgeAxis(np.array([1e-3, 1e2]))
pos = edge.place(np.array([-1.0, 0.0, np.inf, 1e-3, 1e2, np.nan]), np.random.default_rng(0))
lo, hi = edge.limits()
expect(lo < pos[0] < edge.lo and lo < pos[1] < edge.lo, "sides <= 0 sit in the strip below the finite range")
expect(edge.hi < pos[2] < hi, "infinite sides sit in the strip above the finite range")
expect(pos[3] == -3 and pos[4] == 2 and np.isnan(pos[5]), "finite sides at their log10; NaN not placed")

P.plt.rcParams.update(P.PAPER_STYLE)
args = argparse.Namespace(width="page", beta=0.28, B=410.7, delta=0.1)
with h5py.File(fitted, "r") as h5:
    study = P.Study(h5)
    mask, scope = P.select(study, [])
    strips = {"infinite": 0, "non-positive": 0}
    for where in ("scope=pop_S", "scope=pop_U", "class=top,scope=pop_U"):
        cells, scope = P.select(study, P.parse_where(where))
        fig = P.checks(study, cells, scope, args)
        for ax, (name, *_) in zip(fig.axes, study.checks):
            lhs = study.metric(f"{name}_{scope}_lhs")[cells]
            rhs = study.metric(f"{name}_{scope}_rhs")[cells]
            placeable = int(np.sum(~np.isnan(lhs) & ~np.isnan(rhs)))
            drawn = sum(len(c.get_offsets()) for c in ax.collections)
            expect(drawn == placeable, f"checks, {where}: {name} draws every replicate with defined sides: "
                                       f"{drawn} of {placeable}")
            expect(placeable > 0, f"checks, {where}: {name} has replicates")
            strips["infinite"] += int(np.isinf(lhs).sum() + np.isinf(rhs).sum())
            strips["non-positive"] += int((lhs <= 0).sum() + (rhs <= 0).sum())
        P.plt.close(fig)
    for kind, n in strips.items():
        expect(n > 0, f"the study has {kind} sides for the strips to show")
    fig = P.eps(study, mask, scope, args)
    panels = [ax for ax in fig.axes if ax.lines]
    expect(len(panels) == 2, f"eps: one panel per class of a rounded-up-only study, {len(panels)} drawn")
    labels = [t.get_text() for t in fig.findobj(P.matplotlib.text.Text)]
    expect(any("all panels:" in t and "rounded up" in t and "not rounded" not in t for t in labels),
           "eps: the legend says every panel is rounded up")

if failures:
    sys.exit(f"{len(failures)} failures")
print("ok: every figure at both widths, fonts, slices, bad options, skipped figures, styles and strips")
