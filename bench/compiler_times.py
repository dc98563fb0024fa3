#!/usr/bin/python3
"""Times the compiler side of mplc for docs/benchmarks.md: how long mplc
takes on each spec in specs/, and how long a C++ compiler takes on each
generated header (a translation unit that only includes it, at -O2; an
empty unit's time is recorded as the compiler's fixed cost). Medians of
repeated runs, wall-clock, one process at a time. Writes JSON for
bench/report.py.

  compiler_times.py --mplc BUILD/compiler/mplc --source REPO --out compiler.json
"""

import argparse
import glob
import json
import os
import subprocess
import tempfile

from timing import wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mplc", required=True)
    ap.add_argument("--source", required=True, help="the mplc checkout (specs/, runtime/include/)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--mplc-runs", type=int, default=5)
    ap.add_argument("--cxx-runs", type=int, default=3)
    args = ap.parse_args()

    specs_dir = os.path.join(args.source, "specs")
    runtime = os.path.join(args.source, "runtime", "include")
    specs = sorted(glob.glob(os.path.join(specs_dir, "*.mpl")))
    results = {"cxx": subprocess.run([args.cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0],
               "specs": []}
    with tempfile.TemporaryDirectory() as work:
        gen = os.path.join(work, "gen")
        os.makedirs(gen)
        compile_cmd = [args.cxx, "-std=c++20", "-O2", "-I", gen, "-I", runtime, "-c", "-o", os.devnull]

        # The compiler's fixed cost: an empty unit.
        baseline_tu = os.path.join(work, "baseline.cc")
        with open(baseline_tu, "w") as f:
            f.write("int main() { return 0; }\n")
        baseline = wall(compile_cmd + [baseline_tu], args.cxx_runs)
        results["baseline_seconds"] = baseline

        for spec in specs:
            stem = os.path.splitext(os.path.basename(spec))[0]
            mplc_cmd = [args.mplc, "-o", gen, "-I", specs_dir, spec]
            mplc_s = wall(mplc_cmd, args.mplc_runs)
            header = os.path.join(gen, stem + ".h")
            with open(header) as f:
                lines = sum(1 for _ in f)
            tu = os.path.join(work, stem + "_tu.cc")
            with open(tu, "w") as f:
                f.write(f'#include "{stem}.h"\nint main() {{ return 0; }}\n')
            cxx_s = wall(compile_cmd + [tu], args.cxx_runs)
            with open(spec) as f:
                spec_lines = sum(1 for _ in f)
            results["specs"].append({"spec": stem, "spec_lines": spec_lines, "header_lines": lines,
                                     "mplc_seconds": mplc_s, "cxx_seconds": cxx_s})
            print(f"compiler_times: {stem}: mplc {mplc_s * 1000:.1f} ms, c++ {cxx_s:.2f} s", flush=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
