#!/usr/bin/python3
"""Figures of a pacsim results file (sim/io/SCHEMA.md), as PNG and PDF, sized
for a paper column. Uses Debian's python3-matplotlib and python3-h5py only.

  growth:   |S| against D (log-log), per world, with each preset's envelope
            C D^lo .. C D^hi anchored at the world's first point;
  checks:   each inequality's two sides against each other, with the line of
            equality (points below it hold), for the pop_S target/scope; the
            inequalities, their sides and sources are read from the file;
  eps:      Theorem 1's eps, its (1-delta) quantile over replicates, against D;
  constants: eq. (11)'s C3 and eq. (15)'s C5 against D (a constant is flat).

Usage: plot.py OUT.h5 [--out DIR] [--beta 0.28] [--B 410.7] [--delta 0.1]
"""
import argparse
import math
import os
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PRESETS = {  # name: (lo(beta), hi(beta)), as theory/bounds.cpp
    "draft": (lambda b: (1 - 2 * b) / 3, lambda b: (1 - b) / 3),
    "arxiv-v4": (lambda b: 1 - 2 * b, lambda b: 1 - b),
}


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def inequalities(metrics):
    """[(name, lhs, rhs, source)] of the inequalities a results file recorded:
    /metrics' attributes (schema 1.1), or the lines "name: lhs <= rhs" of its
    "checks" attribute (schema 1.0, which names no sources)."""
    a = metrics.attrs
    if "inequalities" in a:
        cols = [[text(x) for x in a[key]] for key in
                ("inequalities", "inequality_lhs", "inequality_rhs", "inequality_sources")]
        return list(zip(*cols))
    out = []
    for line in text(a["checks"]).splitlines():
        name, sep, formula = line.partition(": ")
        lhs, le, rhs = formula.partition(" <= ")
        if sep and le:
            out.append((name, lhs, rhs, ""))
    return out


def save(fig, out, name):
    paths = []
    for ext in ("png", "pdf"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, dpi=200 if ext == "png" else None, bbox_inches="tight")
        paths.append(path)
    plt.close(fig)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("study", help="a results file of pacsim run (HDF5)")
    ap.add_argument("--out", default=None, help="folder for the figures (default: the file's name + _figures)")
    ap.add_argument("--beta", type=float, default=0.28, help="Chinchilla's data exponent (0.28; refit 0.3658)")
    ap.add_argument("--B", type=float, default=410.7, help="Chinchilla's B (410.7; refit 2085.43)")
    ap.add_argument("--delta", type=float, default=0.1, help="Theorem 1's delta")
    args = ap.parse_args()
    out = args.out or os.path.splitext(args.study)[0] + "_figures"
    os.makedirs(out, exist_ok=True)
    plt.rcParams.update({"font.size": 9, "axes.titlesize": 9, "legend.fontsize": 7, "figure.figsize": (6.5, 4.2)})

    with h5py.File(args.study, "r") as h:
        if text(h.attrs.get("filetype", "")) != "pacsim-study" or int(h.attrs["schema_version"][0]) != 1:
            sys.exit(f"plot.py: {args.study} is not a pacsim results file of schema 1.x")
        cells = {k: h["cells"][k][()] for k in h["cells"]}
        world = [text(w) for w in cells["world"]]
        cls = [text(c) for c in cells["class"]]
        mode = [text(m) for m in cells["mode"]]
        rounding = [text(r) for r in cells["rounding"]]
        estimator = [text(e) for e in cells["estimator"]]
        Ncol = cells["N"].astype(float)
        beta_col = cells["beta"].astype(float)
        D = cells["D"].astype(float)
        k = cells["k"].astype(float)
        minq = cells["min_one_over_k"].astype(int)
        m = h["metrics"]
        unique = m["unique"][()]
        eps = m["eps"][()]
        checks = inequalities(m)
        sides = {c: (m[f"{c}_pop_S_lhs"][()], m[f"{c}_pop_S_rhs"][()]) for c, *_ in checks}
        title = text(h.attrs.get("title", ""))
    worlds = list(dict.fromkeys(world))
    # The growth, eps and constants figures draw one configuration per world and
    # class: the study's first mode, rounding, estimator, beta and top N (|S| and
    # the constants depend on the corpus cell only, eps on every parameter).
    first_top_N = next((Ncol[c] for c in range(len(cls)) if cls[c] == "top"), 0.0)
    reference = [mode[c] == mode[0] and rounding[c] == rounding[0] and estimator[c] == estimator[0]
                 and beta_col[c] == beta_col[0] and (cls[c] != "top" or Ncol[c] == first_top_N)
                 for c in range(len(world))]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    written = []

    # |S| against D with the presets' envelopes.
    fig, ax = plt.subplots()
    for i, w in enumerate(worlds):
        idx = [c for c in range(len(world)) if world[c] == w and reference[c]]
        by_D = {}
        for c in idx:
            by_D.setdefault(D[c], c)
        Ds = np.array(sorted(by_D))
        S = np.array([unique[by_D[d]].mean() for d in Ds])
        col = colors[i % len(colors)]
        ax.loglog(Ds, S, "o-", color=col, ms=3, lw=1, label=w)
        for j, (name, (lo, hi)) in enumerate(PRESETS.items()):
            env_lo = S[0] * (Ds / Ds[0]) ** lo(args.beta)
            env_hi = S[0] * (Ds / Ds[0]) ** hi(args.beta)
            ax.fill_between(Ds, env_lo, env_hi, color=col, alpha=0.10 if j == 0 else 0.04, lw=0)
    ax.set_xlabel(r"corpus size $D$")
    ax.set_ylabel(r"unique sequences $|S|$")
    lo0, hi0 = PRESETS["draft"][0](args.beta), PRESETS["draft"][1](args.beta)
    lo4, hi4 = PRESETS["arxiv-v4"][0](args.beta), PRESETS["arxiv-v4"][1](args.beta)
    ax.set_title((title + "\n" if title else "") +
                 rf"shaded: Proposition 1's envelopes from each world's first point, draft "
                 rf"$D^{{{lo0:.2f}}}$..$D^{{{hi0:.2f}}}$ (darker), arXiv v4 $D^{{{lo4:.2f}}}$..$D^{{{hi4:.2f}}}$")
    ax.legend(loc="upper left", frameon=False)
    ax.grid(True, which="major", lw=0.3)
    written += save(fig, out, "growth")

    # Each inequality's two sides, one panel each, and a panel of notes.
    rows = math.ceil((len(checks) + 1) / 3)
    fig, axes = plt.subplots(rows, 3, figsize=(7.0, 2.4 * rows), squeeze=False)
    for ax, (name, lhs_label, rhs_label, source) in zip(axes.flat, checks):
        lhs, rhs = sides[name]
        ok = np.isfinite(lhs) & np.isfinite(rhs) & (lhs > 0) & (rhs > 0)
        x, y = rhs[ok].ravel(), lhs[ok].ravel()
        if x.size:
            ax.loglog(x, y, ".", ms=1.5, alpha=0.4, color=colors[0])
            lo, hi = min(x.min(), y.min()), max(x.max(), y.max())
            ax.loglog([lo, hi], [lo, hi], "k-", lw=0.8, label="equality")
        held = np.sum(lhs <= rhs)
        ax.set_title(f"{name}" + (f": {source}" if source else "") + f"\n{held} of {lhs.size} hold", fontsize=7)
        ax.set_xlabel(rhs_label + " (bound)")
        ax.set_ylabel(lhs_label)
    for ax in axes.flat[len(checks):]:
        ax.axis("off")
    axes.flat[len(checks)].text(0, 0.5, "target p, scope S;\npoints below the line hold;\n"
                       "infinite, zero and negative\nsides are not drawn\n(kl < 0 when q is not\nnormalised)", fontsize=7, va="center")
    fig.tight_layout()
    written += save(fig, out, "checks")

    # eps against D.
    fig, ax = plt.subplots()
    for i, w in enumerate(worlds):
        for j, c_name in enumerate(sorted(set(cls))):
            pts = {}
            for c in range(len(world)):
                if world[c] != w or cls[c] != c_name or minq[c] or k[c] != k.min() or not reference[c]:
                    continue
                e = eps[c][np.isfinite(eps[c])]
                if e.size:
                    pts[D[c]] = np.quantile(e, 1 - args.delta)
            if not pts:
                continue
            Ds = np.array(sorted(pts))
            q = np.array([pts[d] for d in Ds])
            pos = q > 0
            if pos.any():
                label = f"{w}, {c_name}" + (f" N={first_top_N:.0f}" if c_name == "top" else "")
                ax.loglog(Ds[pos], q[pos], "o-" if j == 0 else "s--", color=colors[i % len(colors)], ms=3, lw=1,
                          label=label)
    if ax.lines:
        x0 = ax.get_xlim()
        ref = np.array(x0)
        ax.loglog(ref, 0.5 * (ref / ref[0]) ** -0.5, "k:", lw=0.8, label=r"slope $-1/2$ (Theorem 1)")
        ax.set_xlim(x0)
    ax.set_xlabel(r"corpus size $D$")
    ax.set_ylabel(rf"$\epsilon = L_k(\mathrm{{ERM}}) - \min_h L_k(h)$, ${1 - args.delta:.2f}$ quantile")
    ax.set_title(rf"Theorem 1's $\epsilon$ against $D$ (k = {k.min():.0g}, no rounding up, "
                 f"{mode[0]}, {rounding[0]}, {estimator[0]})")
    ax.legend(frameon=False, ncol=2)
    ax.grid(True, lw=0.3)
    written += save(fig, out, "eps")

    # C3 and C5 against D.
    fig, (a3, a5) = plt.subplots(1, 2, figsize=(7.0, 3.2))
    kk = k[k > 1].min() if (k > 1).any() else None
    for i, w in enumerate(worlds):
        by_D = {}
        for c in range(len(world)):
            if world[c] == w and reference[c]:
                by_D.setdefault(D[c], c)
        Ds = np.array(sorted(by_D))
        S = np.array([unique[by_D[d]].mean() for d in Ds])
        col = colors[i % len(colors)]
        if kk:
            a3.loglog(Ds, args.B * Ds ** (0.5 - args.beta) / (math.log(kk) * S ** 1.5), "o-", ms=3, lw=1, color=col,
                      label=w)
        a5.loglog(Ds, args.B * Ds ** (1 - args.beta) / S ** 3, "o-", ms=3, lw=1, color=col, label=w)
    a3.set_title(rf"eq. (11): $C_3 = B D^{{0.5-\beta}} / (\log k\, |S|^{{1.5}})$, k = {kk:.0g}" if kk else "eq. (11)")
    a5.set_title(r"eq. (15): $C_5 = B D^{1-\beta} / |S|^3$")
    for ax in (a3, a5):
        ax.set_xlabel(r"corpus size $D$")
        ax.grid(True, lw=0.3)
    a3.set_ylabel("implied constant (flat if constant)")
    a5.legend(frameon=False, fontsize=6)
    fig.tight_layout()
    written += save(fig, out, "constants")

    for p in written:
        print(p)


if __name__ == "__main__":
    main()
