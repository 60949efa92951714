#!/usr/bin/python3
"""Every table in every --format: TSV and CSV hold the same fields (CSV read
by Python's csv module), no field is "nan", Markdown is a pipe table whose
rows have the header's width, LaTeX is a booktabs table whose environments
balance and whose rows have the header's width; when pdflatex is installed
(Debian's texlive), every LaTeX table is compiled into one document. A bad
--format exits 2 with one line naming it.

Usage: formats.py PACSIM WORKDIR
"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys

pacsim, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(args, code=0):
    p = subprocess.run([pacsim] + args, capture_output=True, text=True)
    if p.returncode != code:
        fail(f"{' '.join(args)}: exit {p.returncode}, wanted {code}: {p.stderr.strip()}")
    return p


study = os.path.join(work, "formats.toml")
with open(study, "w") as f:
    f.write('worlds = ["zm:a=1.2,M=1e3", "zm:a=3,M=inf"]\nD = [100, 1000, 10000]\nk = [10]\n'
            'class = ["all", "top"]\nN = [5]\nreps = 3\nseed = 5\n')
results = os.path.join(work, "formats.h5")
run(["run", study, "-o", results, "--quiet"])

# Each table-printing command, as a user would type it (without --format).
commands = {
    "sample": ["sample", "--world", "zm:a=1.2,M=1e6", "--D", "1e3,1e4", "--reps", "2"],
    "expect": ["expect", "--world", "zm:a=1.2,b=0.5,M=1e6", "--D", "1e3,1e4"],
    "expect_karlin": ["expect", "--world", "zm:a=2.5,M=inf", "--D", "1e3"],
    "natarajan": ["natarajan", "--class", "top", "--X", "4", "--k", "2", "--N", "1"],
    "presets": ["presets"],
    "fit": ["fit", results, "--bootstrap", "100", "--band", "0.2,0.3"],
    "fit_slopes": ["fit", results, "--bootstrap", "100", "--table", "slopes"],
}


def latex_rows(tex):
    body = tex.split("\\midrule\n", 1)[1].split("\\bottomrule", 1)[0]
    return [line for line in body.splitlines() if line.strip()]


tables = []
for name, args in commands.items():
    tsv = run(args).stdout
    tsv_rows = [line.split("\t") for line in tsv.splitlines()]
    if any(field in ("nan", "-nan", "NaN") for row in tsv_rows for field in row):
        fail(f"{name}: TSV prints nan")
    width = len(tsv_rows[0])
    if any(len(row) != width for row in tsv_rows):
        fail(f"{name}: TSV rows of unequal width")
    csv_rows = list(csv.reader(io.StringIO(run(args + ["--format", "csv"]).stdout)))
    if "seconds" in tsv_rows[0]:  # a timing differs from run to run
        drop = tsv_rows[0].index("seconds")
        tsv_rows, csv_rows = ([r[:drop] + r[drop + 1:] for r in rows] for rows in (tsv_rows, csv_rows))
    if csv_rows != tsv_rows:
        fail(f"{name}: CSV and TSV disagree")
    md = run(args + ["--format", "md"]).stdout.splitlines()
    md = [line for line in md if line.startswith("|")]
    cells = [len(re.split(r"(?<!\\)\|", line)) for line in md]
    if len(md) != len(tsv_rows) + 1 or len(set(cells)) != 1:
        fail(f"{name}: Markdown is not a pipe table of {len(tsv_rows) - 1} rows")
    tex = run(args + ["--format", "latex"]).stdout
    if tex.count("\\begin{") != tex.count("\\end{") or "\\toprule" not in tex or "\\bottomrule" not in tex:
        fail(f"{name}: LaTeX environments do not balance")
    header = tex.split("\\toprule\n", 1)[1].split("\\midrule", 1)[0]
    amps = header.count("&") - header.count("\\&")
    for row in latex_rows(tex):
        if row.count("&") - row.count("\\&") != amps:
            fail(f"{name}: a LaTeX row has not the header's width: {row}")
    if "nan" in tex.replace("\\nan", ""):
        fail(f"{name}: LaTeX prints nan")
    tables.append(tex)
    bad = run(args + ["--format", "xls"], code=2)
    if len(bad.stderr.strip().splitlines()) != 1 or "'xls'" not in bad.stderr:
        fail(f"{name}: bad --format gives: {bad.stderr!r}")

if shutil.which("pdflatex"):
    doc = os.path.join(work, "tables.tex")
    with open(doc, "w") as f:
        f.write("\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage[landscape,margin=1cm]{geometry}\n"
                "\\begin{document}\n\\tiny\n" + "\n".join(tables) + "\\end{document}\n")
    p = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "tables.tex"], cwd=work,
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail("pdflatex could not compile the tables:\n" + p.stdout[-2000:])
    else:
        print(f"ok: pdflatex compiled {len(tables)} tables")
else:
    print("pdflatex is not installed (Debian's texlive): LaTeX checked for balance and row widths only")

if failures:
    sys.exit(1)
print(f"ok: {len(commands)} tables in tsv, csv, md and latex")
