#!/usr/bin/python3
"""Checks every MPL example in the user documentation with the real mplc.

A block fenced as ```mpl is a complete spec and must check clean (no
errors, no warnings). A block fenced as ```mpl-fragment is a piece of a
spec shown for illustration and is wrapped in `packet example { ... }`
before checking, unless it already declares packets. A block fenced as
```mpl-error shows a mistake: mplc must reject it (it is wrapped like a
fragment when it declares no packet), and every diagnostic line
(`file:line:col: severity: message`) of a ```text block that follows it
right after must be printed by mplc, at the same line and column.

Blocks may import the stub specs in STUBS (the file names the docs use);
a wrapped block imports all of them, so it may embed their packets.

Usage: check_mpl_examples.py MPLC FILE.md...
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(mpl(?:-fragment|-error)?|text)\s*$")
DIAGNOSTIC = re.compile(r"^\S+:(\d+):(\d+): ((?:error|warning|note): .*)$")

# Stand-ins for the specs the examples import; packet names are unique
# across them, so a block may import any of them together.
STUBS = {
    "other.mpl": "packet other_header { tag: uint16; }\n"
                 "packet dns_rr { rr_type: uint16; }\n"
                 "packet other (int n, bool flag) { data: byte[n]; }\n",
    "ethernet.mpl": "packet ethernet { destination: byte[6]; source: byte[6]; ethertype: uint16; }\n",
    "ipv4.mpl": "packet ipv4 { version_ihl: uint8; rest: byte[remaining()]; }\n",
    "lib/tcp_options.mpl": "packet tcp_option { kind: uint8; rest: byte[remaining()]; }\n",
}
WRAP_HEAD = "".join(f'import "{name}";\n' for name in STUBS) + "packet example {\n"


def blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        kind, start = m.group(1), i + 1
        j = start
        while j < len(lines) and lines[j] != "```":
            j += 1
        # kind, first line of the text, line of the closing fence (1-based)
        yield kind, start + 1, "\n".join(lines[start:j]) + "\n", j + 1
        i = j + 1


def check(mplc, doc, line, kind, text, expected, scratch):
    spec = os.path.join(scratch, "example.mpl")
    shift = 0
    if kind in ("mpl-fragment", "mpl-error") and not re.search(r"^\s*packet\s", text, re.M):
        text = WRAP_HEAD + text + "}\n"
        shift = WRAP_HEAD.count("\n")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(text)
    run = subprocess.run([mplc, "--check", spec], capture_output=True, text=True, timeout=30)
    output = run.stdout + run.stderr
    where = f"{doc}:{line}"
    if kind == "mpl-error":
        if run.returncode == 0:
            return f"{where}: the example meant to fail was accepted"
        missing = []
        for diag in expected:
            m = DIAGNOSTIC.match(diag)
            printed = f":{int(m.group(1)) + shift}:{m.group(2)}: {m.group(3)}"
            if not any(out.endswith(printed) for out in output.split("\n")):
                missing.append(diag)
        if missing:
            return (f"{where}: mplc does not print the diagnostics shown after the example:\n"
                    + "\n".join(missing) + f"\nmplc printed:\n{output}")
        return None
    if run.returncode != 0 or output.strip():
        return f"{where}: the example does not check clean:\n{output}"
    return None


def main():
    mplc, docs = sys.argv[1], sys.argv[2:]
    failures, count = [], 0
    with tempfile.TemporaryDirectory() as scratch:
        for name, stub in STUBS.items():
            os.makedirs(os.path.dirname(os.path.join(scratch, name)), exist_ok=True)
            with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
                f.write(stub)
        for doc in docs:
            found = list(blocks(doc))
            for n, (kind, line, text, end) in enumerate(found):
                if kind == "text":
                    continue
                expected = []
                if kind == "mpl-error" and n + 1 < len(found):
                    nkind, nline, ntext, _ = found[n + 1]
                    if nkind == "text" and nline - end in (2, 3):  # at most one blank line between
                        expected = [l for l in ntext.split("\n") if DIAGNOSTIC.match(l)]
                count += 1
                problem = check(mplc, doc, line, kind, text, expected, scratch)
                if problem:
                    failures.append(problem)
    for problem in failures:
        print(problem)
    print(f"{count - len(failures)} passed, {len(failures)} failed")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
