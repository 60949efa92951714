#!/usr/bin/python3
"""Every #include of pacsim's libraries and executable stays within what its
target links: a file of theory/ includes only theory/, one of sim/study/ only
sim/study/ and the libraries pacsim::study links (directly or through them),
and so on. The link graph is read from the CMakeLists.txt files themselves
(add_library / add_executable and target_link_libraries with pacsim::NAME),
so the rule and its check cannot drift apart. sim/input/errors.hpp is its own
target (pacsim::errors); the generated sim/version.hpp may be included by
sim/io and sim/cli, which name the version in files and --version.
Usage: layers.py SOURCE_DIR"""
import glob
import os
import re
import sys

top = sys.argv[1]
folder_of, links = {}, {}
for cm in glob.glob(os.path.join(top, "**", "CMakeLists.txt"), recursive=True):
    rel = os.path.relpath(os.path.dirname(cm), top)
    if rel.startswith(("tests", "runs", "build")):
        continue
    text = open(cm).read()
    for name in re.findall(r"add_library\(pacsim_(\w+)\s+(?!INTERFACE)", text):
        folder_of[name] = rel + "/"
    if re.search(r"add_executable\(pacsim\s", text):
        folder_of["cli"] = rel + "/"
    for name, args in re.findall(r"target_link_libraries\(pacsim(?:_(\w+))?\s([^)]*)\)", text):
        links.setdefault(name or "cli", set()).update(re.findall(r"pacsim::(\w+)", args))
folder_of["errors"] = "sim/input/errors.hpp"
links.setdefault("errors", set())


def module(path):
    """The target a repository path belongs to: the longest folder that holds it."""
    best = None
    for name, where in folder_of.items():
        if path == where or (where.endswith("/") and path.startswith(where)):
            if best is None or len(where) > len(folder_of[best]):
                best = name
    return best


def reach(name, seen=None):
    seen = set() if seen is None else seen
    for dep in links.get(name, ()):
        if dep not in seen:
            seen.add(dep)
            reach(dep, seen)
    return seen


failures, files = [], 0
for where in sorted(set(folder_of.values())):
    for path in glob.glob(os.path.join(top, where, "*.[ch]pp")) if where.endswith("/") else []:
        rel = os.path.relpath(path, top)
        own = module(rel)
        allowed = reach(own) | {own}
        files += 1
        for line_no, line in enumerate(open(path), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            inc = m.group(1)
            if inc == "sim/version.hpp":
                ok = own in ("io", "cli")
            else:
                target = module(inc)
                ok = target is not None and target in allowed
            if not ok:
                failures.append(f"{rel}:{line_no}: {own} includes {inc} ({module(inc) or 'unknown'}), "
                                f"outside what it links: {', '.join(sorted(allowed))}")
for f in failures:
    print("FAIL:", f)
print(f"layers: {files} files of {len(folder_of)} targets, {len(failures)} includes outside their links")
sys.exit(1 if failures or files == 0 else 0)
