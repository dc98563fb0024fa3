#!/usr/bin/env python3
"""Every spec that `mplc --check` accepts generates a header that compiles.

`--check` runs the same stages as code generation up to the C++ text (the
plan included), so a spec it accepts must also generate, and the header must
compile with every compiler given at -Wall -Wextra -Werror. This walks every
spec of the repository: specs/, the test specs and the diagnostics catalogue
(whose cases that only warn are accepted specs too). A spec whose custom C++
type exists only as a name (SYNTAX_ONLY below) is generated but not compiled.

Usage: generate_all.py MPLC RUNTIME_INCLUDE_DIR SOURCE_DIR CXX [CXX...]
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

# Specs whose custom types name C++ classes that exist nowhere, on purpose.
SYNTAX_ONLY = {
    "tests/wireshark/opaque.mpl": "its custom type example::opaque_blob is a name only (a Wireshark test)",
}
# Directories searched for imports besides the importing spec's own.
IMPORT_DIRS = ["tests/e2e/consumer/specs/lib"]
# Fewer accepted specs than this means the walk went wrong, not that all is well.
MIN_ACCEPTED = 30

IMPORT = re.compile(r'^\s*import\s+"([^"]+)"\s*;', re.M)


def spec_files(source):
    found = []
    for top in ("specs", "tests"):
        for root, _, files in os.walk(os.path.join(source, top)):
            found += [os.path.relpath(os.path.join(root, f), source) for f in files if f.endswith(".mpl")]
    return sorted(found)


def import_closure(source, spec):
    """The spec and every spec it imports, transitively, as paths under source."""
    seen, todo = [], [spec]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.append(path)
        with open(os.path.join(source, path), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for name in IMPORT.findall(text):
            for d in [os.path.dirname(path)] + IMPORT_DIRS:
                candidate = os.path.normpath(os.path.join(d, name))
                if os.path.isfile(os.path.join(source, candidate)):
                    todo.append(candidate)
                    break
    return seen


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


def check_one(mplc, runtime, source, compilers, spec):
    """None when the spec is refused by --check or passes; else a failure text."""
    includes = []
    for d in [os.path.dirname(spec)] + IMPORT_DIRS:
        if os.path.isdir(os.path.join(source, d)):
            includes += ["-I", d]
    if run([mplc, "--check"] + includes + [spec], source).returncode != 0:
        return "refused", None
    with tempfile.TemporaryDirectory() as out:
        for path in import_closure(source, spec):
            r = run([mplc, "-o", out] + includes + [path], source)
            if r.returncode != 0:
                return "accepted", f"{spec}: --check accepts it but generating {path} fails:\n{r.stderr}"
        if spec in SYNTAX_ONLY:
            return "accepted", None
        header = os.path.join(out, os.path.splitext(os.path.basename(spec))[0] + ".h")
        for cxx in compilers:
            r = run([cxx, "-std=c++20", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", runtime, "-I", out,
                     "-I", os.path.dirname(spec), "-include", header, "-x", "c++", "/dev/null"], source)
            if r.returncode != 0:
                return "accepted", f"{spec}: the header does not compile with {cxx}:\n{r.stderr[:3000]}"
    return "accepted", None


def main():
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    mplc, runtime, source = (os.path.abspath(a) for a in sys.argv[1:4])
    compilers = sys.argv[4:]
    specs = spec_files(source)
    accepted, failures = 0, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for spec, (verdict, failure) in zip(
                specs, pool.map(lambda s: check_one(mplc, runtime, source, compilers, s), specs)):
            accepted += verdict == "accepted"
            if failure:
                failures.append(failure)
    print(f"{len(specs)} specs, {accepted} accepted by --check, {len(failures)} failing "
          f"(compiled with {', '.join(compilers)})")
    for f in failures:
        print("FAIL " + f)
    if accepted < MIN_ACCEPTED:
        print(f"FAIL only {accepted} specs accepted; expected at least {MIN_ACCEPTED}")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
