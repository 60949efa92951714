#!/usr/bin/python3
"""Paper-ready figures of a pacsim results file (sim/io/SCHEMA.md), each as PNG
(300 dpi) and PDF (TrueType fonts, Type 42), at a paper's column (3.3 in) or
page (6.9 in) width, without titles (captions belong to the paper). Uses
Debian's python3-matplotlib, python3-h5py and python3-numpy only.

  growth         |S| against D per world (markers: mean over replicates with
                 the 2.5-97.5% range of the replicates; lines: exact E|S|), and
                 below it the local slope d log|S| / d log D between consecutive
                 D (mean +- 2 s.e.; lines: exact), with the paper's bands;
  gamma          the fitted gamma against a (95% bootstrap interval, and the
                 range of local slopes over the fit window), beside every band
                 of /fits (printed, computed from beta, the user's); needs /fits;
  checks         each check's two sides against each other, one panel per
                 check, every replicate coloured by its outcome; infinite,
                 zero and negative sides drawn in strips at the axes' edges;
  first_failure  per world, the share of replicates whose first failing
                 proof step is each step, and the cause of that failure;
  eps            Theorem 1's eps against D, one panel per configuration
                 (k, rounding, class, N, ...): its (1-delta) quantile over
                 replicates and the 2.5-97.5% range of the replicates;
  constants      eq. (11)'s C3 and eq. (15)'s C5 against D (a constant is
                 flat): mean over replicates and their 2.5-97.5% range.

A figure whose data the file lacks, or whose slice is empty, is skipped with
one line on stderr. Bad options exit 2 with one line naming the bad value.

Usage: plot.py OUT.h5 [--out DIR] [--figures growth,gamma,...]
               [--width auto|column|page] [--where k=10,class=top,scope=pop_S]
               [--beta 0.28] [--B 410.7] [--delta 0.1] [--paper]
"""
import argparse
import math
import os
import re
import sys
import textwrap

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

PROG = "plot.py"
FIGURES = ("growth", "gamma", "checks", "first_failure", "eps", "constants")
WIDTHS = {"column": 3.3, "page": 6.9}  # inches
DEFAULT_WIDTH = {"growth": "column", "gamma": "column", "checks": "page", "first_failure": "page",
                 "eps": "page", "constants": "page"}
TARGET_SCOPES = ("pop_S", "pop_U", "train_S", "train_U")

# Okabe & Ito's colour-blind-safe palette without its yellow (too pale for
# lines on white). A world's style is colour i mod 7, marker i mod 10 and line
# style (i div 7) mod 3: colour and line style together differ for 21 worlds,
# colour and marker for 70.
OKABE_ITO = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h"]
LINESTYLES = ["-", "--", ":"]

# Outcome of a check on a replicate (schema 1.3 /metrics attribute
# `outcomes`, by code): colour, marker, filled. Violations are filled.
OUTCOME_STYLE = {
    "holds": ("#A0A0A0", "o", False),
    "vacuous": ("#56B4E9", "v", False),
    "unfounded": ("#009E73", "s", False),
    "undefined": ("#000000", "x", True),
    "infinite_side": ("#CC79A7", "^", True),
    "grid_equal": ("#E69F00", "D", True),
    "premise_target": ("#0072B2", "P", True),
    "premise_q": ("#F0E442", "X", True),
    "genuine": ("#D55E00", "o", True),
    "violated": ("#D55E00", "o", True),  # files before 1.3: causes not recorded
}
# Proof steps in the first-failure figure: Tol's muted palette in proof order; no failure is light grey.
STEP_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#DDCC77", "#CC6677", "#882255", "#999933"]  # Tol's muted
NONE_COLOUR = "#DDDDDD"
DARK = ("#332288", "#882255", "#0072B2", "#D55E00", "#000000", "#CC79A7", "#009E73", "#44AA99")  # white text on these

# Proposition 1's exponent ranges as the paper prints them (growth figure).
PRINTED_BANDS = [("draft", 0.14, 0.24), ("arXiv v4", 0.44, 0.72)]

PAPER_STYLE = {
    "pdf.fonttype": 42, "ps.fonttype": 42,  # TrueType (Type 42), not Type 3, fonts in PDF and PS
    "font.size": 8, "axes.labelsize": 8, "axes.titlesize": 8, "legend.fontsize": 6.5,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "lines.linewidth": 1.0, "lines.markersize": 3.5,
    "axes.linewidth": 0.6, "grid.linewidth": 0.3, "grid.color": "#D0D0D0",
    "legend.frameon": False, "legend.handlelength": 2.2, "savefig.dpi": 300,
    "figure.constrained_layout.use": True,
}


class InputError(Exception):
    """A bad option or file: one line on stderr, exit 2."""


class Skip(Exception):
    """A figure with nothing to draw: one line on stderr, the others go on."""


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


# --- reading the file -------------------------------------------------------

class Study:
    """What the figures read of a results file: /cells as arrays, /metrics on
    demand, /fits when present, and the checks' names and outcomes."""

    def __init__(self, h5):
        self.h5 = h5
        self.cells = {key: self._column(h5["cells"][key]) for key in h5["cells"]}
        self.n = len(self.cells["world"])
        self.metrics = h5["metrics"]
        self.worlds = list(dict.fromkeys(self.cells["world"]))  # file order: a world keeps its style
        self.title = text(h5.attrs.get("title", ""))
        attrs = self.metrics.attrs
        self.outcomes = [text(x) for x in attrs["outcomes"]] if "outcomes" in attrs else None
        self.proof_steps = [text(x) for x in attrs["proof_steps"]] if "proof_steps" in attrs else None
        self.checks = inequalities(self.metrics)

    @staticmethod
    def _column(ds):
        v = ds[()]
        if v.dtype.kind in "SOU":
            return np.array([text(x) for x in v], dtype=object)
        return v.astype(float)

    def metric(self, name):
        if name not in self.metrics:
            raise Skip(f"the file has no /metrics/{name}")
        return self.metrics[name][()]

    def world_params(self, w):
        i = int(np.flatnonzero(self.cells["world"] == w)[0])
        return tuple(float(self.cells[key][i]) for key in ("a", "b", "M"))


def inequalities(metrics):
    """[(name, lhs, rhs, source)] of the checks a results file recorded:
    /metrics' attributes (schema 1.1 on), or the lines "name: lhs <= rhs" of
    its "checks" attribute (schema 1.0, which names no sources)."""
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


def read_fits(h5):
    """/fits as {column: array} with its `range` attributes, or None."""
    if "fits" not in h5:
        return None
    g = h5["fits"]
    cols = {key: Study._column(g[key]) for key in g}
    ranges = {key: parse_range(g[key].attrs["range"]) for key in g if "range" in g[key].attrs}
    return cols, ranges


def parse_range(v):
    """A band's [lo, hi] from a `range` attribute: two numbers, or a text that
    starts with "[lo, hi]"."""
    if isinstance(v, (bytes, str)):
        m = re.match(r"\s*\[\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\]", text(v))
        return (float(m.group(1)), float(m.group(2))) if m else None
    v = np.asarray(v, dtype=float).ravel()
    return (float(v[0]), float(v[1])) if v.size == 2 else None


# --- --where: the slice -----------------------------------------------------

WHERE_KEYS = ("world", "a", "b", "M", "D", "mode", "k", "rounding", "min_one_over_k", "class", "N",
              "estimator", "beta", "scope")


def parse_where(spec):
    """[(key, value)] of "k=10,class=top"; a world's own commas stay in its
    value (world=zm:a=2,M=inf)."""
    pairs = []
    for token in spec.split(","):
        key, eq, value = token.partition("=")
        key = key.strip()
        if pairs and pairs[-1][0] == "world" and key in ("a", "b", "M") and eq:
            pairs[-1] = ("world", pairs[-1][1] + "," + token.strip())
            continue
        if not eq or not value.strip():
            raise InputError(f"--where: '{token}' is not KEY=VALUE")
        if key not in WHERE_KEYS:
            raise InputError(f"--where: unknown key '{key}' (keys: {', '.join(WHERE_KEYS)})")
        if any(k == key for k, _ in pairs):
            raise InputError(f"--where: key '{key}' given twice")
        pairs.append((key, value.strip()))
    return pairs


def world_key(name):
    """(a, b, M) of a world name such as zm:a=2,M=inf; None if it is not one."""
    if not name.startswith("zm:"):
        return None
    params = {"b": 0.0}
    for part in name[3:].split(","):
        k, _, v = part.partition("=")
        try:
            params[k.strip()] = float(v)
        except ValueError:
            return None
    if set(params) != {"a", "b", "M"}:
        return None
    return params["a"], params["b"], params["M"]


def select(study, pairs):
    """The cells' mask and the target/scope that --where chooses."""
    mask = np.ones(study.n, dtype=bool)
    scope = "pop_S"
    for key, value in pairs:
        if key == "scope":
            if value not in TARGET_SCOPES:
                raise InputError(f"--where: scope '{value}' is not one of {', '.join(TARGET_SCOPES)}")
            scope = value
            continue
        column = study.cells[key]
        mask &= matches(column, key, value)
        if not matches(column, key, value).any():
            have = ", ".join(sorted({fmt_value(x) for x in column}, key=natural))
            raise InputError(f"--where: no cell has {key} = '{value}' (the file has {have})")
    if not mask.any():
        raise InputError(f"--where: no cell has all of {', '.join(k + '=' + v for k, v in pairs)}")
    return mask, scope


def matches(column, key, value):
    if key == "world":
        want = world_key(value)
        return np.array([x == value or (want is not None and world_key(x) == want) for x in column])
    if column.dtype == object:
        return column == value
    v = {"true": 1.0, "false": 0.0}.get(value.lower()) if key == "min_one_over_k" else None
    if v is None:
        try:
            v = float(value)
        except ValueError:
            raise InputError(f"--where: {key} = '{value}' is not a number") from None
    return column == v


def fmt_value(x):
    if isinstance(x, str):
        return x
    return "inf" if math.isinf(x) else f"{x:g}"


def natural(s):
    try:
        return (0, float(s), "")
    except ValueError:
        return (1, 0.0, s)


# --- styles and labels ------------------------------------------------------

def world_style(study, w):
    i = study.worlds.index(w)
    return {"color": OKABE_ITO[i % len(OKABE_ITO)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINESTYLES[(i // len(OKABE_ITO)) % len(LINESTYLES)]}


def power_of_ten(x):
    e = math.log10(x)
    return rf"10^{{{e:.0f}}}" if abs(e - round(e)) < 1e-9 and x >= 1e3 else f"{x:g}"


def world_label(study, w):
    """a, and b and M where they are not the default 0 and infinity, as math text."""
    a, b, M = study.world_params(w)
    parts = [f"a={a:g}"]
    if b != 0:
        parts.append(f"b={b:g}")
    if math.isfinite(M):
        parts.append(f"M={power_of_ten(M)}")
    return "$" + r",\ ".join(parts) + "$"


def figure_width(args, name):
    return WIDTHS[args.width if args.width != "auto" else DEFAULT_WIDTH[name]]


def new_figure(args, name, panels_height, legend_rows, ncols=1, nrows=1, sharex=False, sharey=False, **gridspec_kw):
    """A figure of the chosen width: a grid of panels `panels_height` inches
    high above a strip for a legend of `legend_rows` rows (matplotlib 3.6 has
    no legend outside the axes in its constrained layout)."""
    width = figure_width(args, name)
    legend_height = 0.13 * legend_rows + 0.06
    fig = plt.figure(figsize=(width, panels_height + legend_height))
    outer = fig.add_gridspec(2, 1, height_ratios=[panels_height, legend_height])
    axes = outer[0].subgridspec(nrows, ncols, **gridspec_kw).subplots(sharex=sharex, sharey=sharey, squeeze=False)
    legend_ax = fig.add_subplot(outer[1])
    legend_ax.axis("off")
    return fig, axes, legend_ax


def legend(ax, handles, ncol, below="", **kw):
    """The figure's legend in its strip, and a note under it (may be empty)."""
    leg = ax.legend(handles=handles, loc="upper center", ncol=ncol, borderaxespad=0, fontsize=6, columnspacing=1.2,
                    handletextpad=0.5, **kw)
    if below:
        ax.add_artist(leg)
        ax.annotate(below, (0.5, 0), xycoords=leg, xytext=(0, -2), textcoords="offset points", ha="center",
                    va="top", fontsize=6)


def legend_rows(n, ncol, title=False):
    return math.ceil(n / ncol) + (1 if title else 0)


def save(fig, out, name):
    paths = []
    for ext in ("png", "pdf"):
        path = os.path.join(out, f"{name}.{ext}")
        fig.savefig(path, metadata=None if ext == "png" else {"CreationDate": None})
        paths.append(path)
    plt.close(fig)
    return paths


def one_mode(study, mask, figure):
    """The cells of one sampling mode: the first in the slice (others need --where mode=)."""
    modes = list(dict.fromkeys(study.cells["mode"][mask]))
    if len(modes) > 1:
        note(f"{figure}: drawing mode {modes[0]} of {', '.join(modes)}; choose one with --where mode=M")
    return mask & (study.cells["mode"] == modes[0])


def note(message):
    print(f"{PROG}: {message}", file=sys.stderr)


def quantiles(x, lo=0.025, hi=0.975):
    """Mean and the [lo, hi] quantiles of the finite values along the last axis."""
    out = []
    for row in np.atleast_2d(x):
        row = row[np.isfinite(row)]
        out.append((row.mean(), np.quantile(row, lo), np.quantile(row, hi)) if row.size else (np.nan,) * 3)
    return np.array(out).T


# --- growth -----------------------------------------------------------------

def corpus_rows(study, mask, w):
    """One cell per D of world w in the slice (|S| is a property of the corpus cell)."""
    rows = {}
    for c in np.flatnonzero(mask & (study.cells["world"] == w)):
        rows.setdefault(study.cells["D"][c], c)
    Ds = np.array(sorted(rows))
    return Ds, np.array([rows[d] for d in Ds], dtype=int)


def local_slopes(Ds, S):
    """Secant slopes of log S on log D between consecutive D, at the geometric middle."""
    lD, lS = np.log(Ds), np.log(S)
    return np.sqrt(Ds[1:] * Ds[:-1]), np.diff(lS) / np.diff(lD)


def sampled_slopes(Ds, unique):
    """Local slopes of mean |S| and +- 2 s.e. (delta method: the replicates of
    different D are independent, var log mean ~ s.e.^2 / mean^2)."""
    mean = np.array([np.nanmean(u) for u in unique])
    se = np.array([np.nanstd(u, ddof=1) / math.sqrt(np.isfinite(u).sum()) if np.isfinite(u).sum() > 1 else np.nan
                   for u in unique])
    mid, slope = local_slopes(Ds, mean)
    rel = se / mean
    se_slope = np.sqrt(rel[1:] ** 2 + rel[:-1] ** 2) / np.diff(np.log(Ds))
    return mid, slope, 2 * se_slope


def growth(study, mask, scope, args):
    mask = one_mode(study, mask, "growth")
    worlds = [w for w in study.worlds if (mask & (study.cells["world"] == w)).any()]
    unique = study.metric("unique")
    exact = study.h5["theory"]["E_unique"][()] if "theory" in study.h5 and "E_unique" in study.h5["theory"] else None
    if not any(len(corpus_rows(study, mask, w)[0]) > 1 for w in worlds):
        raise Skip("the slice has fewer than two D values per world")
    page = figure_width(args, "growth") == WIDTHS["page"]
    ncol = 4 if page else 2
    fig, axes, legend_ax = new_figure(args, "growth", 2.6 if page else 4.4, legend_rows(len(worlds) + 3, ncol),
                                      ncols=2 if page else 1, nrows=1 if page else 2, sharex=True)
    top, bottom = axes.flat
    for j, w in enumerate(worlds):
        Ds, rows = corpus_rows(study, mask, w)
        draw_world_growth(top, bottom, Ds, unique[rows], exact[rows] if exact is not None else None,
                          world_style(study, w), dodge(j, len(worlds)))
    for name, lo, hi in PRINTED_BANDS:
        bottom.axhspan(lo, hi, color="#000000", alpha=0.08, lw=0, zorder=0)
        bottom.annotate(name, (1.0, (lo + hi) / 2), xycoords=("axes fraction", "data"), xytext=(2, 0),
                        textcoords="offset points", ha="left", va="center", fontsize=6, color="#555555",
                        rotation=90, annotation_clip=False)
    top.set(xscale="log", yscale="log", ylabel=r"unique sequences $|S|$")
    bottom.set(xscale="log", xlabel=r"corpus size $D$", ylabel=r"local slope $\mathrm{d}\log|S|/\mathrm{d}\log D$")
    if page:
        top.set_xlabel(r"corpus size $D$")
    else:
        top.tick_params(labelbottom=False)
    bottom.set_ylim(bottom=min(0, bottom.get_ylim()[0]))
    for ax in (top, bottom):
        ax.grid(True, which="major")
    handles = [world_handle(study, w, hollow=True) for w in worlds]
    handles += [Line2D([], [], color="#555555", marker="o", mfc="white", ls="none", ms=3,
                       label=f"mean of {unique.shape[1]} replicates"),
                Line2D([], [], color="#555555", marker="|", ls="none", ms=5,
                       label=r"bars: 2.5–97.5% ($|S|$), ±2 s.e. (slope)")]
    if exact is not None:
        handles.append(Line2D([], [], color="#555555", ls="-", label=r"lines: exact $E|S|$, its slope"))
    legend(legend_ax, handles, ncol)
    return fig


def world_handle(study, w, line=True, hollow=False):
    st = world_style(study, w)
    return Line2D([], [], color=st["color"], marker=st["marker"], ls=st["linestyle"] if line else "none",
                  ms=3, mfc="white" if hollow else st["color"], mew=0.8, label=world_label(study, w))


def dodge(j, n, decades=0.3):
    """Factor that shifts series j of n along a log axis, so that markers and
    error bars at the same D stay apart (at most `decades` in all)."""
    step = min(0.06, decades / max(n - 1, 1))
    return 10 ** (step * (j - (n - 1) / 2))


def draw_world_growth(top, bottom, Ds, unique, exact, st, shift):
    mean, lo, hi = quantiles(unique)
    ok = np.isfinite(mean) & (mean > 0)
    if exact is not None:
        top.plot(Ds, exact, color=st["color"], ls=st["linestyle"], lw=0.8)
    top.errorbar(Ds[ok], mean[ok], yerr=[mean[ok] - lo[ok], hi[ok] - mean[ok]], color=st["color"],
                 marker=st["marker"], ms=3, ls="none" if exact is not None else st["linestyle"], lw=0.8,
                 capsize=1.5, elinewidth=0.6, mfc="white", mew=0.8)
    if ok.sum() < 2:
        return
    mid, slope, err = sampled_slopes(Ds[ok], unique[ok])
    if exact is not None:
        emid, eslope = local_slopes(Ds, exact)
        bottom.plot(emid, eslope, color=st["color"], ls=st["linestyle"], lw=0.8)
    bottom.errorbar(mid * shift, slope, yerr=err, color=st["color"], marker=st["marker"], ms=3,
                    ls="none" if exact is not None else st["linestyle"], lw=0.8, capsize=1.5, elinewidth=0.6,
                    mfc="white", mew=0.8)


# --- gamma against a --------------------------------------------------------

def band_label(column, band):
    """verdict_draft -> draft; verdict_draft_beta -> draft (beta); the user's
    bands by their range."""
    name = column[len("verdict_"):]
    if computed_band(column):
        return name[:-len("_beta")] + r" ($\beta$)"
    if band_kind(column, PRINTED_PRESETS) == "user":
        return f"[{band[0]:g}, {band[1]:g}]"
    return name


def computed_band(column):
    """A band computed from the law's beta: verdict_<preset>_beta (or @beta)."""
    return column.endswith(("_beta", "@beta"))


PRINTED_PRESETS = ("draft", "arxiv-v1", "arxiv-v3", "arxiv-v4")


def band_kind(column, printed):
    if computed_band(column):
        return "computed"
    return "printed" if column[len("verdict_"):] in printed else "user"


def gamma(study, mask, scope, args):
    fits = read_fits(study.h5)
    if fits is None:
        raise Skip("the file has no /fits (run `pacsim fit --write FILE` first)")
    cols, ranges = fits
    mode = list(dict.fromkeys(study.cells["mode"][mask]))
    rows = [i for i, w in enumerate(cols["world"]) if (mask & (study.cells["world"] == w)).any()
            and cols["mode"][i] == mode[0]]
    if len(mode) > 1:
        note(f"gamma: drawing mode {mode[0]} of {', '.join(mode)}; choose one with --where mode=M")
    if not rows:
        raise Skip("no row of /fits is in the slice")
    inf_worlds = [i for i in rows if math.isinf(study.world_params(cols["world"][i])[2])]
    ncol = 3 if figure_width(args, "gamma") < 5 else 5
    fig, axes, legend_ax = new_figure(args, "gamma", 2.5 if figure_width(args, "gamma") < 5 else 3.0,
                                      legend_rows(len(rows) + 4 + bool(inf_worlds), ncol), ncols=2,
                                      width_ratios=[3, 1.15], sharey=True)
    ax, bands_ax = axes.flat
    a_all = np.array([study.world_params(cols["world"][i])[0] for i in rows])
    half = 0.01 * (np.ptp(a_all) + 1)  # half the width of a local-slope range's bar
    for i, x in zip(rows, side_by_side(a_all, 2.6 * half)):
        draw_gamma_point(ax, study, cols, i, x, half)
    pad = max(0.06 * np.ptp(a_all), 0.4)  # one world still gets an axis of a readable width
    ax.set_xlim(a_all.min() - pad, a_all.max() + pad)
    if inf_worlds:
        aa = np.linspace(max(1.05, a_all.min() - pad), a_all.max() + pad, 200)
        ax.plot(aa, 1 / aa, color="#777777", ls=":", lw=0.8, zorder=0)
    draw_bands(bands_ax, ranges)
    for c in ("verdict_draft", "verdict_arxiv-v4"):
        if c in ranges and ranges[c][1] > ranges[c][0]:
            ax.axhspan(*ranges[c], color="#000000", alpha=0.07, lw=0, zorder=0)
    ax.set(xlabel=r"Zipf exponent $a$", ylabel=r"growth exponent $\gamma$ ($|S| \sim D^\gamma$)")
    ax.grid(True)
    ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
    handles = [world_handle(study, cols["world"][i], line=False) for i in rows]
    handles += [Line2D([], [], color="#555555", marker="o", ls="none", ms=3, label=r"$\gamma$, 95% bootstrap"),
                Line2D([], [], color="#555555", marker="o", mfc="white", ls="none", ms=3, label="curved: not a line"),
                Patch(color="#555555", alpha=0.25, lw=0, label="local-slope range")]
    handles.append(Patch(color="#000000", alpha=0.07, lw=0, label="printed draft, v4"))
    if inf_worlds:
        handles.append(Line2D([], [], color="#777777", ls=":", label=r"$1/a$ ($M=\infty$)"))
    legend(legend_ax, handles, ncol)
    return fig


def side_by_side(xs, step):
    """xs with equal values spread `step` apart around their value (worlds of one a)."""
    out = np.array(xs, dtype=float)
    for x in set(xs):
        same = np.flatnonzero(xs == x)
        out[same] += step * (np.arange(same.size) - (same.size - 1) / 2)
    return out


def draw_gamma_point(ax, study, cols, i, a, half):
    w = cols["world"][i]
    st = world_style(study, w)
    g, lo, hi = cols["gamma"][i], cols["gamma_lo"][i], cols["gamma_hi"][i]
    if "slope_min" in cols and np.isfinite(cols["slope_min"][i]):
        smin, smax = cols["slope_min"][i], cols["slope_max"][i]
        ax.add_patch(matplotlib.patches.Rectangle((a - half, smin), 2 * half, max(smax - smin, 1e-3),
                                                  color=st["color"], alpha=0.25, lw=0))
    curved = "shape" in cols and cols["shape"][i] == "curved"
    if np.isfinite(g):
        yerr = [[g - lo], [hi - g]] if np.isfinite(lo) and np.isfinite(hi) else None
        ax.errorbar([a], [g], yerr=yerr, color=st["color"], marker=st["marker"], ms=4, capsize=2,
                    elinewidth=0.8, mfc="white" if curved else st["color"], mew=0.9)


def draw_bands(ax, ranges):
    """Every band of /fits as a vertical bar in its own column (printed: grey,
    computed from beta: hatched, the user's: outlined)."""
    columns = sorted(ranges, key=lambda c: (band_kind(c, PRINTED_PRESETS) == "user", c.replace("@", "_"),
                                            computed_band(c)))
    for x, c in enumerate(columns):
        lo, hi = ranges[c]
        kind = band_kind(c, PRINTED_PRESETS)
        style = {"printed": dict(facecolor="#999999", edgecolor="#999999"),
                 "computed": dict(facecolor="white", edgecolor="#555555", hatch="//////"),
                 "user": dict(facecolor="white", edgecolor="#000000", linestyle="--")}[kind]
        if hi - lo < 1e-3:
            ax.plot([x - 0.35, x + 0.35], [lo, lo], color=style["edgecolor"], lw=1.5)
        else:
            ax.add_patch(matplotlib.patches.Rectangle((x - 0.35, lo), 0.7, hi - lo, lw=0.7, **style))
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_xticks(range(len(columns)), [band_label(c, ranges[c]) for c in columns], rotation=90, fontsize=6)
    ax.tick_params(axis="y", labelleft=False, length=0)
    ax.grid(True, axis="y")


# --- checks -----------------------------------------------------------------

def outcome_codes(study, name, scope, rows, lhs, rhs):
    """Each replicate's outcome name in the cells `rows`: from
    /metrics/<check>_<TS>_outcome (schema 1.3), else holds / violated /
    undefined from the two sides."""
    ds = f"{name}_{scope}_outcome"
    if study.outcomes is not None and ds in study.metrics:
        codes = study.metrics[ds][()][rows]
        names = np.array(study.outcomes + ["undefined"], dtype=object)
        idx = np.where(np.isfinite(codes), codes, len(study.outcomes)).astype(int)
        return names[idx]
    with np.errstate(invalid="ignore"):
        undefined = np.isnan(lhs) | np.isnan(rhs) | (np.isinf(lhs) & np.isinf(rhs))
        return np.where(undefined, "undefined", np.where(lhs <= rhs, "holds", "violated")).astype(object)


GAP = 0.14  # an edge strip's distance from the finite range, as a share of that range


class EdgeAxis:
    """Positions on a log axis with strips beyond its finite range: values <= 0
    in a strip below, +inf in a strip above (jittered so every replicate shows)."""

    def __init__(self, values):
        v = values[np.isfinite(values) & (values > 0)]
        lo, hi = (np.log10(v.min()), np.log10(v.max())) if v.size else (0.0, 1.0)
        if hi - lo < 1:
            lo, hi = (lo + hi) / 2 - 0.5, (lo + hi) / 2 + 0.5
        self.lo, self.hi = lo, hi
        self.gap = GAP * (hi - lo)

    def place(self, x, rng):
        out = np.full(x.shape, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            fin = np.isfinite(x) & (x > 0)
            out[fin] = np.log10(x[fin])
            low = x <= 0
            out[low] = self.lo - 1.6 * self.gap + rng.uniform(-0.4, 0.4, low.sum()) * self.gap
            top = np.isposinf(x)
            out[top] = self.hi + 1.6 * self.gap + rng.uniform(-0.4, 0.4, top.sum()) * self.gap
        return out

    def limits(self):
        return self.lo - 2.2 * self.gap, self.hi + 2.2 * self.gap

    def decorate(self, ax, axis, most):
        """Log tick labels (at most `most` decades, none crowding the strips'
        labels), strip boundaries and the strips' labels."""
        lo, hi = self.limits()
        strips = [self.lo - 1.6 * self.gap, self.hi + 1.6 * self.gap]
        room = (0.18 if axis == "x" else 0.07) * (hi - lo)
        majors = [e for e in range(math.ceil(self.lo), math.floor(self.hi) + 1)
                  if min(abs(e - x) for x in strips) > room]
        majors = majors[::max(1, math.ceil(len(majors) / most))]
        ticks = majors + strips
        labels = [rf"$10^{{{e}}}$" for e in majors] + [r"$\leq 0$", r"$\infty$"]
        edges = (self.lo - 0.8 * self.gap, self.hi + 0.8 * self.gap)
        if axis == "x":
            ax.set_xlim(lo, hi)
            ax.set_xticks(ticks, labels)
            for e in edges:
                ax.axvline(e, color="#888888", lw=0.4, ls="--")
        else:
            ax.set_ylim(lo, hi)
            ax.set_yticks(ticks, labels)
            for e in edges:
                ax.axhline(e, color="#888888", lw=0.4, ls="--")


def checks(study, mask, scope, args):
    if not study.checks:
        raise Skip("the file names no checks")
    rows = np.flatnonzero(mask)
    data = []
    for name, lhs_label, rhs_label, _ in study.checks:
        lhs = study.metric(f"{name}_{scope}_lhs")[rows]
        rhs = study.metric(f"{name}_{scope}_rhs")[rows]
        data.append((name, lhs_label, rhs_label, lhs, rhs, outcome_codes(study, name, scope, rows, lhs, rhs)))
    seen = {o: sum(int((d[5] == o).sum()) for d in data) for o in OUTCOME_STYLE}
    handles = [outcome_handle(o, f"{o.replace('_', ' ')} ({seen[o]})") for o in OUTCOME_STYLE if seen[o]]
    handles.append(Line2D([], [], color="#000000", lw=0.7, label="lhs = rhs (below: holds)"))
    if study.outcomes is None:
        handles.append(Line2D([], [], ls="none", label="file before schema 1.3: causes not recorded"))
    if study.proof_steps is not None and any(c[0] not in study.proof_steps for c in study.checks):
        handles.append(Line2D([], [], ls="none", label="* a diagnostic, not a proof step"))
    page = figure_width(args, "checks") == WIDTHS["page"]
    ncols, ncol = (3, 4) if page else (2, 2)
    nrows = math.ceil(len(data) / ncols)
    fig, axes, legend_ax = new_figure(args, "checks", nrows * (2.0 if page else 1.65),
                                      legend_rows(len(handles), ncol, True), ncols=ncols, nrows=nrows)
    rng = np.random.default_rng(0)  # the strips' jitter: the same figure every time
    for ax, (name, lhs_label, rhs_label, lhs, rhs, outcome) in zip(axes.flat, data):
        violated = draw_check(ax, lhs, rhs, outcome, rng, 4 if page else 3)
        diagnostic = study.proof_steps is not None and name not in study.proof_steps
        ax.set_title(name + ("*" if diagnostic else "") + f"\n{violated}", loc="left", fontsize=6.5)
        ax.set_xlabel(sides_label(rhs_label), fontsize=7)
        ax.set_ylabel(sides_label(lhs_label), fontsize=7)
    for ax in axes.flat[len(data):]:
        ax.axis("off")
    legend(legend_ax, handles, ncol, title=f"target/scope {scope}: replicates by outcome, all panels",
           title_fontsize=6)
    return fig


def sides_label(side):
    """A side as printed in the file (kl, log(k) * lk * |S|), as math text."""
    s = side.replace("log(k)", r"\log k").replace(" * ", r"\,").replace("^2", "^2")
    s = re.sub(r"\blk\b", "L_k", s)
    s = re.sub(r"\b(kl|tv|mismatch)(_norm)?\b",
               lambda m: r"\mathrm{" + m.group(1) + ("_{norm}" if m.group(2) else "") + "}", s)
    return f"${s}$"


def outcome_marker(o):
    """scatter() keywords of an outcome: hollow when it holds, filled when violated."""
    colour, marker, filled = OUTCOME_STYLE[o]
    if marker == "x":  # a line marker has no face
        return {"marker": marker, "s": 8, "color": colour, "linewidths": 0.6}
    return {"marker": marker, "s": 6 if filled else 5, "facecolors": colour if filled else "none",
            "edgecolors": "#333333" if o == "premise_q" else colour, "linewidths": 0.3 if o == "premise_q" else 0.5,
            "alpha": 0.8 if filled else 0.5}


def outcome_handle(o, label):
    colour, marker, filled = OUTCOME_STYLE[o]
    return Line2D([], [], ls="none", marker=marker, ms=4, color=colour, mfc=colour if filled else "none",
                  mec="#333333" if o == "premise_q" else colour, label=label)


def draw_check(ax, lhs, rhs, outcome, rng, most_ticks):
    """One check's replicates as points (rhs, lhs) on a shared scale with edge
    strips; returns "V of N violated"."""
    scale = EdgeAxis(np.concatenate([lhs.ravel(), rhs.ravel()]))
    x, y = scale.place(rhs.ravel(), rng), scale.place(lhs.ravel(), rng)
    kinds = outcome.ravel()
    counts = {o: int((kinds == o).sum()) for o in OUTCOME_STYLE if (kinds == o).any()}
    for o in sorted(counts, key=lambda o: -counts[o]):  # the rarest on top
        sel = (kinds == o) & np.isfinite(x) & np.isfinite(y)
        ax.scatter(x[sel], y[sel], rasterized=sel.sum() > 2000, zorder=2, **outcome_marker(o))
    lo, hi = scale.lo, scale.hi
    ax.plot([lo, hi], [lo, hi], color="#000000", lw=0.7, zorder=3)
    scale.decorate(ax, "x", most_ticks)
    scale.decorate(ax, "y", 4)
    violated = sum(c for o, c in counts.items() if OUTCOME_STYLE[o][2] and o != "undefined")
    return f"{violated} of {kinds.size} violated"


# --- first failing step -----------------------------------------------------

def first_failure(study, mask, scope, args):
    step_ds, cause_ds = f"first_failure_{scope}", f"first_failure_cause_{scope}"
    if step_ds not in study.metrics or cause_ds not in study.metrics or study.outcomes is None:
        raise Skip(f"the file has no /metrics/{step_ds} (written from schema 1.3 on)")
    step = study.metrics[step_ds][()]
    cause = study.metrics[cause_ds][()]
    names = [c[0] for c in study.checks]
    steps = study.proof_steps or names
    worlds = [w for w in study.worlds if (mask & (study.cells["world"] == w)).any()]
    step_cats = [(s, STEP_COLOURS[i % len(STEP_COLOURS)]) for i, s in enumerate(steps)] + [("none", NONE_COLOUR)]
    cause_cats = [(o, OUTCOME_STYLE[o][0]) for o in study.outcomes if OUTCOME_STYLE.get(o, ("", "", False))[2]
                  and o != "undefined"] + [("none", NONE_COLOUR)]
    page = figure_width(args, "first_failure") == WIDTHS["page"]
    ncol = 3 if page else 2
    rows_needed = max(legend_rows(len(step_cats), ncol, True), legend_rows(len(cause_cats), ncol, True))
    panel = 0.45 + 0.2 * len(worlds)
    fig, axes, legend_ax = new_figure(args, "first_failure", panel if page else 2 * panel, rows_needed,
                                      ncols=2 if page else 1, nrows=1 if page else 2, sharey=True)
    first, second = axes.flat
    fig.get_layout_engine().set(wspace=0.08)  # keeps the first panel's "100%" clear of the second's "0"
    in_worlds = [mask & (study.cells["world"] == w) for w in worlds]
    step_share = shares(step, in_worlds, names, step_cats)
    cause_share = shares(cause, in_worlds, study.outcomes, cause_cats)
    stacked_bars(first, worlds, step_share, step_cats, study)
    stacked_bars(second, worlds, cause_share, cause_cats, study)
    first.set_xlabel("share of replicates by first failing step")
    second.set_xlabel("share of replicates by its cause")
    reps = study.metrics[step_ds].shape[1]
    for handles, x, title in (
            (step_cats, 0.25, f"first failing step (proof order), {scope}"),
            (cause_cats, 0.75, f"cause ({reps} replicates per cell)")):
        legend_ax.add_artist(legend_ax.legend(
            handles=[Patch(color=col, label=k.replace("_", " ")) for k, col in handles], loc="upper center",
            bbox_to_anchor=(x, 1), ncol=ncol, borderaxespad=0, fontsize=6, title=title, title_fontsize=6,
            columnspacing=1.0, handlelength=1.2))
    return fig


def shares(codes, groups, names, cats):
    """[group, category] shares of the replicates whose code (an index into
    `names`, -1: none) names each category."""
    out = []
    for cells in groups:
        c = codes[cells].ravel()
        named = np.array([names[int(i)] if i >= 0 else "none" for i in c], dtype=object)
        out.append([np.mean(named == k) for k, _ in cats])
    return np.array(out)


def stacked_bars(ax, worlds, shares, cats, study):
    y = np.arange(len(worlds))[::-1]
    left = np.zeros(len(worlds))
    for j, (name, colour) in enumerate(cats):
        ax.barh(y, shares[:, j], left=left, color=colour, height=0.7, lw=0.3, edgecolor="white")
        for yi, l, s in zip(y, left, shares[:, j]):
            if s >= 0.12:
                ax.text(l + s / 2, yi, f"{100 * s:.0f}%", ha="center", va="center", fontsize=5.5,
                        color="white" if colour in DARK else "black")
        left += shares[:, j]
    ax.set_yticks(y, [world_label(study, w) for w in worlds])
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1], ["0", "50%", "100%"])


# --- eps --------------------------------------------------------------------

CONFIG_KEYS = ("mode", "k", "rounding", "min_one_over_k", "class", "N", "estimator", "beta")
MAX_PANELS = 16


def configurations(study, mask):
    """The slice's distinct configurations (every parameter but world and D), in file order."""
    keys = [tuple(study.cells[k][c] for k in CONFIG_KEYS) for c in range(study.n)]
    return keys, [k for k in dict.fromkeys(keys[c] for c in np.flatnonzero(mask))]


def config_label(study, mask, config):
    """The parameters that vary within the slice, as a short panel label of
    at most two lines."""
    parts = config_parts(study, mask, config, varying=True)
    if len(parts) <= 2:
        return ", ".join(parts)
    half = math.ceil(len(parts) / 2)
    return ", ".join(parts[:half]) + "\n" + ", ".join(parts[half:])


def config_parts(study, mask, config, varying):
    """The configuration's parameters that vary (or, varying=False, do not)
    within the slice, as short texts."""
    parts = []
    value = dict(zip(CONFIG_KEYS, config))
    for key in CONFIG_KEYS:
        if (len(set(study.cells[key][mask])) > 1) != varying:
            continue
        if key == "min_one_over_k":
            parts.append("rounded up" if value[key] else "not rounded up")
        elif key == "class":
            parts.append(f"top N={value['N']:g}" if value[key] == "top" else "class all")
        elif key == "estimator":
            parts.append(f"add beta={value['beta']:g}" if value[key] == "add" else "ml")
        elif key not in ("N", "beta"):
            parts.append(f"{key}={fmt_value(value[key])}")
    return parts


def eps_panels(study, mask, values):
    """[(configuration, its cells)] with a finite eps to draw, at most
    MAX_PANELS; each configuration left out is named on stderr."""
    keys, configs = configurations(study, mask)
    panels = []
    for config in configs:
        in_config = mask & np.array([k == config for k in keys])
        if np.isfinite(values[in_config]).any():
            panels.append((config, in_config))
        else:
            label = config_label(study, mask, config).replace("\n", ", ") or "the slice"
            note(f"eps: skipping {label}: no finite eps")
    if not panels:
        raise Skip("no finite eps in the slice")
    if len(panels) > MAX_PANELS:
        note(f"eps: drawing {MAX_PANELS} of {len(panels)} configurations; choose with --where")
    return panels[:MAX_PANELS]


def eps(study, mask, scope, args):
    values = study.metric("eps")
    panels = eps_panels(study, mask, values)
    page = figure_width(args, "eps") == WIDTHS["page"]
    ncols = min(len(panels), 4 if page else 2)
    nrows = math.ceil(len(panels) / ncols)
    worlds = [w for w in study.worlds if (mask & (study.cells["world"] == w)).any()]
    ncol = 4 if page else 2
    fixed = config_parts(study, mask, panels[0][0], varying=False)
    fixed = textwrap.fill("all panels: " + ", ".join(fixed), 90 if page else 45) if fixed else ""
    fig, axes, legend_ax = new_figure(args, "eps", nrows * 1.6 + 0.1,
                                      legend_rows(len(worlds) + 3, ncol) + fixed.count("\n") + 1,
                                      ncols=ncols, nrows=nrows, sharex=True, sharey=True)
    q = 1 - args.delta
    finite = values[mask][np.isfinite(values[mask]) & (values[mask] > 0)]
    linthresh = 10 ** math.floor(math.log10(finite.min())) if finite.size else 1e-3
    for ax, (config, in_config) in zip(axes.flat, panels):
        for j, w in enumerate(worlds):
            draw_eps_world(ax, study, values, in_config & (study.cells["world"] == w), q, world_style(study, w),
                           dodge(j, len(worlds)))
        ax.set_title(config_label(study, mask, config), loc="left", fontsize=6.5)
        ax.set_xscale("log")
        ax.set_yscale("symlog", linthresh=linthresh, linscale=0.3)
        ax.grid(True)
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel(r"corpus size $D$")
    for ax in axes[:, 0]:
        ax.set_ylabel(rf"$\epsilon$ ({q:g} quantile)")
    add_slope_guides(axes.flat[:len(panels)])
    handles = [world_handle(study, w) for w in worlds]
    handles += [Line2D([], [], color="#555555", marker="|", ls="none", ms=5,
                       label="bars: 2.5–97.5% of the replicates"),
                Line2D([], [], color="#777777", ls=":", label=r"slope $-1/2$ (Theorem 1)"),
                Line2D([], [], ls="none", label=rf"y axis linear below ${linthresh:g}$")]
    legend(legend_ax, handles, ncol, below=fixed)
    return fig


def draw_eps_world(ax, study, values, cells, q, st, shift):
    by_D = {}
    for c in np.flatnonzero(cells):
        by_D.setdefault(study.cells["D"][c], []).append(values[c])
    Ds = np.array(sorted(by_D))
    if not Ds.size:
        return
    finite = [r[np.isfinite(r)] for r in (np.concatenate(by_D[d]) for d in Ds)]
    ok = np.array([r.size > 0 for r in finite])
    qs, lo, hi = (np.array([np.quantile(r, p) if r.size else np.nan for r in finite]) for p in (q, 0.025, 0.975))
    ax.errorbar(Ds[ok] * shift, qs[ok], yerr=[qs[ok] - lo[ok], hi[ok] - qs[ok]], color=st["color"],
                marker=st["marker"], ls=st["linestyle"], ms=2.5, lw=0.8, capsize=1.2, elinewidth=0.5)


def add_slope_guides(axes):
    """A dotted line of slope -1/2 from each panel's highest point at its smallest D."""
    for ax in axes:
        pts = [(x, y) for ln in ax.lines for x, y in zip(ln.get_xdata(), ln.get_ydata())
               if ln.get_linestyle() != "None" and np.isfinite(y) and y > 0]
        if not pts:
            continue
        x0 = min(x for x, _ in pts)
        y0 = max(y for x, y in pts if x <= x0 * 1.5)
        xs = np.array([x0, max(x for x, _ in pts)])
        ax.plot(xs, y0 * (xs / x0) ** -0.5, color="#777777", ls=":", lw=0.8)


# --- constants --------------------------------------------------------------

def constants(study, mask, scope, args):
    mask = one_mode(study, mask, "constants")
    worlds = [w for w in study.worlds if (mask & (study.cells["world"] == w)).any()]
    unique = study.metric("unique")
    ks = sorted(set(study.cells["k"][mask]))
    k = next((x for x in ks if x > 1), None)
    page = figure_width(args, "constants") == WIDTHS["page"]
    ncol = 4 if page else 2
    fig, axes, legend_ax = new_figure(args, "constants", 2.3 if page else 4.2, legend_rows(len(worlds) + 2, ncol),
                                      ncols=2 if page else 1, nrows=1 if page else 2, sharex=True)
    a3, a5 = axes.flat
    for w in worlds:
        Ds, rows = corpus_rows(study, mask, w)
        S = unique[rows]
        st = world_style(study, w)
        if k is not None:
            per_rep = args.B * Ds[:, None] ** (0.5 - args.beta) / (math.log(k) * S ** 1.5)
            draw_constant(a3, Ds, per_rep, st)
        draw_constant(a5, Ds, args.B * Ds[:, None] ** (1 - args.beta) / S ** 3, st)
    a3.set_title(rf"eq. (11): $C_3 = B D^{{0.5-\beta}} / (\log k\,|S|^{{1.5}})$, $k={k:g}$" if k else
                 r"eq. (11): no $k > 1$ in the slice", loc="left", fontsize=6.5)
    a5.set_title(r"eq. (15): $C_5 = B D^{1-\beta} / |S|^3$", loc="left", fontsize=6.5)
    a3.set_ylabel(r"implied $C_3$")
    a5.set_ylabel(r"implied $C_5$")
    for ax in (a3, a5):
        ax.set(xscale="log", yscale="log", xlabel=r"corpus size $D$")
        ax.grid(True)
    handles = [world_handle(study, w) for w in worlds]
    handles += [Line2D([], [], color="#555555", marker="o", ls="none", ms=3,
                       label=f"mean of {unique.shape[1]} reps, bars 2.5–97.5%"),
                Line2D([], [], ls="none", label=rf"$\beta={args.beta:g}$, $B={args.B:g}$")]
    legend(legend_ax, handles, ncol)
    return fig


def draw_constant(ax, Ds, per_rep, st):
    mean, lo, hi = quantiles(per_rep)
    ok = np.isfinite(mean) & (mean > 0)
    ax.errorbar(Ds[ok], mean[ok], yerr=[mean[ok] - lo[ok], hi[ok] - mean[ok]], color=st["color"],
                marker=st["marker"], ls=st["linestyle"], ms=3, lw=0.8, capsize=1.5, elinewidth=0.6)


# --- main -------------------------------------------------------------------

DRAW = {"growth": growth, "gamma": gamma, "checks": checks, "first_failure": first_failure, "eps": eps,
        "constants": constants}


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise InputError(message)


def parse_args(argv):
    ap = Parser(prog=PROG, description=__doc__.split("\n")[0],
                formatter_class=argparse.RawDescriptionHelpFormatter, epilog="\n".join(__doc__.split("\n")[5:]))
    ap.add_argument("study", help="a results file of pacsim run (HDF5)")
    ap.add_argument("--out", default=None, help="folder for the figures (default: the file's name + _figures)")
    ap.add_argument("--figures", default=",".join(FIGURES), help="which figures, comma-separated (default: all)")
    ap.add_argument("--width", default="auto", choices=("auto", "column", "page"),
                    help="column (3.3 in), page (6.9 in), or auto: each figure's own (growth and gamma column, "
                         "the others page)")
    ap.add_argument("--where", default="", help="the slice: KEY=VALUE,... over the cells' parameters "
                                                "(world, D, mode, k, rounding, min_one_over_k, class, N, estimator, "
                                                "beta, a, b, M) and scope (pop_S, pop_U, train_S, train_U: the "
                                                "target/scope of checks and first_failure; default pop_S)")
    ap.add_argument("--paper", action="store_true",
                    help="the paper style (Type 42 fonts, column or page width, no titles); always on")
    ap.add_argument("--beta", type=finite_float, default=0.28, help="Chinchilla's data exponent (0.28; refit 0.3658)")
    ap.add_argument("--B", type=finite_float, default=410.7, help="Chinchilla's B (410.7; refit 2085.43)")
    ap.add_argument("--delta", type=finite_float, default=0.1, help="Theorem 1's delta, in (0, 1)")
    args = ap.parse_args(argv)
    if not 0 < args.delta < 1:
        raise InputError(f"--delta: {args.delta:g} is not in (0, 1)")
    figures = [f.strip() for f in args.figures.split(",") if f.strip()]
    for f in figures:
        if f not in FIGURES:
            raise InputError(f"--figures: unknown figure '{f}' (figures: {', '.join(FIGURES)})")
    args.figures = figures
    args.where = parse_where(args.where) if args.where else []
    return args


def finite_float(s):
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{s}' is not a number") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"'{s}' is not finite")
    return v


def open_study(path):
    try:
        h5 = h5py.File(path, "r")
    except OSError as e:
        raise InputError(f"cannot read '{path}' as HDF5: {e.strerror or e}") from None
    if text(h5.attrs.get("filetype", "")) != "pacsim-study" or "schema_version" not in h5.attrs \
            or int(h5.attrs["schema_version"][0]) != 1:
        raise InputError(f"'{path}' is not a pacsim results file of schema 1.x")
    return h5


def main(argv):
    args = parse_args(argv)
    out = args.out or os.path.splitext(args.study)[0] + "_figures"
    with open_study(args.study) as h5:
        study = Study(h5)
        mask, scope = select(study, args.where)
        os.makedirs(out, exist_ok=True)
        plt.rcParams.update(PAPER_STYLE)
        for name in args.figures:
            try:
                fig = DRAW[name](study, mask, scope, args)
            except Skip as s:
                note(f"{name}: skipped: {s}")
                continue
            for path in save(fig, out, name):
                print(path)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except InputError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        sys.exit(2)
