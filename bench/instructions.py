#!/usr/bin/env python3
"""Instructions per call of codec_bench's case functions, counted by
callgrind: a measure that other work on the machine does not disturb, for
comparing two builds of the generated code when timings are too noisy.

  bench/instructions.py build/bench/codec_bench '/generated|/handwritten' 'bench::'

runs codec_bench (--benchmark_filter=FILTER) twice under callgrind, for two
run lengths, and prints for every function whose demangled name contains one
of the given substrings its instructions per call: the growth of its
inclusive cost divided by the growth of its calls between the two runs. The
self-checks that codec_bench runs first call the same functions on other
inputs (mutated, truncated packets); taking the difference leaves only the
benchmark's own calls on its one input.

Needs valgrind and c++filt (binutils)."""

import argparse
import os
import re
import subprocess
import tempfile

NAME = re.compile(r"\((\d+)\)(?: (.*))?")


def called_costs(path):
    """{function name: [calls, inclusive Ir]} summed over every call site in
    the callgrind output file `path` (names compressed as "(id) name" the
    first time and "(id)" after)."""
    names = {}

    def name_of(token):
        m = NAME.match(token)
        if not m:
            return token
        if m.group(2):
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), token)

    costs = {}
    callee = None
    calls = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                name_of(line[3:])
                callee = None
            elif line.startswith("cfn="):
                callee = name_of(line[4:])
            elif line.startswith("calls="):
                calls = int(line[6:].split()[0])
            elif calls is not None:
                # The line after calls=: the call's position and its inclusive cost.
                fields = line.split()
                entry = costs.setdefault(callee, [0, 0])
                entry[0] += calls
                entry[1] += int(fields[1]) if len(fields) > 1 else 0
                calls = None
    return costs


def profile(binary, benchmark_filter, min_time):
    fd, path = tempfile.mkstemp(prefix="callgrind.")
    os.close(fd)
    try:
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={path}", binary,
                        f"--benchmark_filter={benchmark_filter}", f"--benchmark_min_time={min_time}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return called_costs(path)
    finally:
        os.unlink(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", help="codec_bench (or another Google Benchmark program)")
    ap.add_argument("filter", help="--benchmark_filter regular expression")
    ap.add_argument("substrings", nargs="+", help="print functions whose name contains one of these")
    ap.add_argument("--min-calls", type=int, default=1000,
                    help="leave out functions called fewer times more in the longer run")
    args = ap.parse_args()

    short = profile(args.binary, args.filter, "0.02")
    long = profile(args.binary, args.filter, "0.1")
    grown = {}
    for name, (calls, cost) in long.items():
        before = short.get(name, [0, 0])
        grown[name] = (calls - before[0], cost - before[1])
    names = list(grown)
    demangled = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True,
                               check=True).stdout.split("\n")
    rows = []
    for name, pretty in zip(names, demangled):
        calls, cost = grown[name]
        if calls >= args.min_calls and any(s in pretty for s in args.substrings):
            rows.append((pretty, cost / calls, calls))
    for pretty, per_call, calls in sorted(rows):
        print(f"{per_call:9.1f} instructions/call  {calls:9d} calls  {pretty[:160]}")


if __name__ == "__main__":
    main()
