#!/usr/bin/env python3
"""The hostile-spec catalogue (issue 18, findings 3-5).

Every spec here is one that once crashed mplc, made it exit 0 with a header
that did not compile or held silently wrong values, or made it run or write
without bound. Each must now either fail with a located error (the line and
the reason are asserted) or generate a header that compiles with
g++ -Wall -Wextra -Werror. The large specs are generated here, never checked
in.

Usage: hostile_specs.py MPLC RUNTIME_INCLUDE_DIR [CXX] [--only NAME]
"""
import os
import re
import subprocess
import sys
import tempfile
import time

# Deep and wide inputs; each is far past the limit it tests, so the test
# shows the limit holds rather than that the input happened to be small.
DEEP = 50_000
WIDE_FIELDS = 100_000


def chained_packets(n):
    parts = [f"packet p{i} {{ next: packet p{i + 1}(); }}" for i in range(n)]
    parts.append(f"packet p{n} {{ x: byte; }}")
    return "\n".join(parts) + "\n"


def nested_arrays(n):
    return ("packet deep {\n" + "a: array(1) {" * n + " x: byte; " + "};" * n + "\n}\n")


def nested_classifies(n):
    body = ""
    for i in range(n):
        body += f"t{i}: byte; classify (t{i}) {{ |0:\"C{i}\" -> "
    body += "x: byte; "
    body += "};" * n
    return "packet deep {\n" + body + "\n}\n"


def many_fields(n):
    return "packet wide {\n" + "".join(f"f{i}: byte;\n" for i in range(n)) + "}\n"


def many_cases(n):
    cases = "".join(f'  |{i}..{i}:"R{i}" -> ();\n' for i in range(n))
    return "packet ranges {\n t: uint32;\n classify (t) {\n" + cases + " };\n}\n"


def many_unknown_names(n):
    return "packet p {\n" + "".join(f"f{i}: byte[missing{i}];\n" for i in range(n)) + "}\n"


# (name, spec text, expectation). An expectation is "compiles" (the header
# must compile), "generates" (mplc must succeed; for headers too large to
# compile in a test), or (line, regex): mplc must exit non-zero and print
# `file:line:col: error:` (any line when None) followed by text matching the
# regex.
CASES = [
    # ---- finding 3: deep nesting is refused at a named limit, no crash
    ("chained_embedded_packets", chained_packets(DEEP), (None, r"packets embedded more than \d+ deep")),
    ("nested_arrays", nested_arrays(DEEP), (2, r"nested more than \d+ levels deep")),
    ("nested_classifies", nested_classifies(20_000), (2, r"nested more than \d+ levels deep")),
    ("nested_arrays_at_limit", nested_arrays(32), "compiles"),
    # ---- finding 4: refused at the spec
    ("empty_classify", "packet p {\n t: byte;\n classify (t) { };\n}\n",
     (3, r"classify .* has no cases")),
    ("negative_size", "packet p {\n x: byte[-1];\n}\n", (2, r"size .* is negative")),
    ("size_2_pow_63", "packet p {\n x: byte[9223372036854775808];\n}\n", (2, r"size .* more than the limit of \d+")),
    ("size_2_pow_64_minus_1", "packet p {\n x: byte[18446744073709551615];\n}\n",
     (2, r"size .* more than the limit of \d+")),
    ("size_product_overflow", "packet p {\n x: byte[4294967296 * 4294967296];\n}\n", (2, r"overflow")),
    ("size_sum_overflow", "packet p {\n x: byte[18446744073709551615 + 1];\n}\n", (2, r"overflow")),
    ("size_minus_2_pow_63", "packet p {\n x: byte[0 - 9223372036854775807 - 1];\n}\n",
     (2, r"negative")),
    ("division_overflow", "packet p {\n x: byte[(0 - 9223372036854775807 - 1) / (0 - 1)];\n}\n",
     (2, r"size .* is 9223372036854775808 bytes, more than the limit")),
    ("division_wraps", "packet p {\n x: uint64 const((0 - 9223372036854775807 - 1) / (0 - 1));\n}\n", "compiles"),
    # Bitwise operators (issue 14): shifts and % that have no single meaning.
    ("shift_by_200", "packet p {\n x: uint64 const(1 << 200);\n}\n", (2, r"shift by 200: a shift amount")),
    ("shift_overflow", "packet p {\n x: byte[1 << 64];\n}\n", (2, r"overflows")),
    ("remainder_by_zero", "packet p {\n n: byte;\n x: byte[n % 0];\n}\n", (3, r"remainder by zero")),
    ("remainder_by_zero_constant", "packet p {\n x: byte[7 % 0];\n}\n", (2, r"remainder by zero")),
    ("shift_by_field_127", "packet p {\n n: uint8;\n x: uint64 value(n << 127 >> 127);\n}\n", "compiles"),
    ("negative_literal", "packet p {\n x: uint64 const(-18446744073709551615);\n}\n", (2, r"overflows")),
    ("negative_count", "packet p {\n a: array(-1) { x: byte; };\n}\n", (2, r"negative")),
    ("negative_byte_bound", "packet p {\n a: array bytes(-1) { x: byte; };\n}\n", (2, r"negative")),
    ("self_through_array", "packet p {\n n: byte;\n a: array(n) { x: packet p(); };\n}\n",
     (3, r"contains itself .* through array 'a'")),
    ("self_through_every_case",
     "packet p {\n t: byte;\n classify (t) {\n |0:\"A\" -> a: packet p();\n |_:\"B\" -> b: packet p();\n };\n}\n",
     (4, r"contains itself")),
    # Sized regions (size(...) on an embedded packet): refused at the spec, or
    # generated when only the input can make them wrong.
    ("sized_negative", "packet q { x: byte; }\npacket p {\n b: packet q() size(0 - 1);\n}\n",
     (3, r"size of embedded packet 'b' is negative")),
    ("sized_2_pow_32", "packet q { x: byte; }\npacket p {\n b: packet q() size(4294967296);\n}\n",
     (3, r"size of embedded packet 'b' is 4294967296 bytes, more than the limit")),
    ("sized_remaining", "packet q { x: byte; }\npacket p {\n b: packet q() size(remaining());\n}\n",
     (3, r"size\(\.\.\.\) cannot use remaining\(\)")),
    ("sized_zero", "packet q { rest: byte[remaining()]; }\npacket p {\n b: packet q() size(0);\n}\n", "compiles"),
    ("sized_wrapping_expression",
     "packet q { x: byte; }\npacket p {\n n: uint64;\n b: packet q() size(n * 18446744073709551615 + 3);\n}\n",
     "compiles"),
    ("sized_divided_by_field",
     "packet q { x: byte; }\npacket p {\n n: uint8;\n m: uint8;\n b: packet q() size(m / n);\n}\n", "compiles"),
    ("sized_from_outside_element",
     "packet q { x: byte; }\npacket p (int k) {\n n: uint8;\n a: array(2) { b: packet q() size(n + k); };\n}\n",
     "compiles"),
    ("sized_signed_length",
     "packet q { x: byte; }\npacket p {\n n: int8;\n b: packet q() size(n);\n}\n", "compiles"),
    ("keyword_packet", "packet class {\n x: byte;\n}\n", (1, r"'class' .* C\+\+")),
    ("keyword_case",
     "packet p {\n t: byte;\n classify (t) {\n |0:\"int\" -> x: byte;\n |_:\"B\" -> ();\n };\n}\n",
     (4, r"'int' .* C\+\+")),
    ("keyword_variant", "packet p {\n t: byte variant { |0 -> delete |1 -> ok };\n}\n",
     (2, r"'delete' .* C\+\+")),
    ("packet_named_std", "packet std {\n x: byte;\n}\n", (1, r"'std'")),
    ("packet_named_mpl", "packet mpl {\n x: byte;\n}\n", (1, r"'mpl'")),
    ("field_named_view", "packet p {\n view: byte;\n}\n", "compiles"),
    ("field_named_builder", "packet p {\n builder: byte;\n}\n", "compiles"),
    ("field_as_case",
     "packet p {\n t: byte;\n as_A: byte;\n classify (t) {\n |0:\"A\" -> x: byte;\n |_:\"B\" -> ();\n };\n}\n",
     (3, r"field 'as_A' collides with the C\+\+ accessor as_A\(\) generated for classify case 'A'; rename")),
    ("field_as_subject_case",
     "packet p {\n t: byte;\n t_case: byte;\n classify (t) {\n |0:\"A\" -> x: byte;\n |_:\"B\" -> ();\n };\n}\n",
     "compiles"),
    ("field_as_branch_view",
     "packet p {\n t: byte;\n classify (t) {\n |0:\"A\" -> A_view: byte;\n |_:\"B\" -> B: byte;\n };\n}\n",
     "compiles"),
    ("field_as_element_class",
     "packet p {\n n: byte;\n a: array(n) { a_element: byte; a_range: byte; };\n}\n", "compiles"),
    ("field_as_setter", "packet p {\n t: byte;\n set_t: byte;\n}\n", "compiles"),
    ("generated_members",
     "packet p {\n parse: byte;\n frame: byte;\n mutable_view: byte;\n begin: byte;\n end: byte;\n}\n",
     "compiles"),
    ("keyword_field", "packet p {\n class: byte;\n new: byte;\n}\n", "compiles"),
    # ---- finding 5: linear in the number of fields, bounded output, capped errors
    ("fields_50k", many_fields(50_000), "generates"),
    ("many_fields", many_fields(WIDE_FIELDS), (65538, r"more than 65536 items in one block")),
    ("output_size_limit", many_fields(65_000), (1, r"generated output would be \d+ bytes, more than the limit "
                                                   r"of 33554432")),
    ("many_cases", many_cases(5_000), (4100, r"more than 4096 cases in one classify")),
    ("many_errors", many_unknown_names(10_000),
     (None, r"unknown field 'missing\d+'[\s\S]*\nmplc: note: 9900 more errors not shown")),
]


def run_mplc(mplc, spec, outdir):
    start = time.monotonic()
    try:
        proc = subprocess.run([mplc, "-o", outdir, spec], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        proc = subprocess.CompletedProcess([mplc], -1, "", "timed out")
    return proc, time.monotonic() - start


def compile_headers(cxx, include, work, headers):
    """Compiles the headers in one translation unit (each spec has its own
    namespace, its file stem); the compiler's messages name the failing
    header, or "" if all compile."""
    src = os.path.join(work, "all_headers.cc")
    with open(src, "w") as f:
        f.writelines(f'#include "{header}"\n' for _, header in headers)
        f.write("int main() { return 0; }\n")
    cc = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-I", include, src],
                        capture_output=True, text=True, timeout=300)
    return "" if cc.returncode == 0 else cc.stderr


def check_case(mplc, include, cxx, work, name, text, expect, to_compile):
    spec = os.path.join(work, name + ".mpl")
    with open(spec, "w") as f:
        f.write(text)
    outdir = os.path.join(work, name)
    os.makedirs(outdir, exist_ok=True)
    proc, seconds = run_mplc(mplc, spec, outdir)
    problems = []
    if proc.returncode < 0 or proc.returncode > 1:
        problems.append(f"mplc died with status {proc.returncode}")
    if seconds > 20:  # a hang or a quadratic pass; each case takes about a second
        problems.append(f"mplc took {seconds:.1f} s")
    if len(proc.stderr) > 64 * 1024:
        problems.append(f"mplc printed {len(proc.stderr)} bytes of diagnostics")
    if expect in ("compiles", "generates"):
        if proc.returncode != 0:
            problems.append("mplc refused a spec that must generate:\n" + proc.stderr[:2000])
        elif not os.path.exists(os.path.join(outdir, name + ".h")):
            problems.append("mplc succeeded but wrote no header")
        elif expect == "compiles":
            to_compile.append((name, os.path.join(outdir, name + ".h")))
    else:
        line, reason = expect
        if proc.returncode == 0:
            problems.append("mplc accepted a spec it must refuse")
        line_pattern = str(line) if line is not None else r"\d+"
        where = re.escape(name) + r"\.mpl:" + line_pattern + r":\d+: error: "
        if not re.search(where + r".*?" + reason, proc.stderr):
            problems.append(f"no error matching '{where}.*{reason}' in:\n" + proc.stderr[:2000])
    return problems, seconds


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
    mplc, include = args[0], args[1]
    cxx = args[2] if len(args) > 2 else "g++"
    failed = ran = 0
    to_compile = []
    with tempfile.TemporaryDirectory(prefix="mpl_hostile_") as work:
        for name, text, expect in CASES:
            if only and name != only:
                continue
            ran += 1
            problems, seconds = check_case(mplc, include, cxx, work, name, text, expect, to_compile)
            status = "ok" if not problems else "FAIL"
            print(f"{status:4} {name} ({seconds:.2f} s)")
            for p in problems:
                print("     " + p.replace("\n", "\n     "))
            failed += bool(problems)
        if to_compile:
            errors = compile_headers(cxx, include, work, to_compile)
            status = "ok" if not errors else "FAIL"
            print(f"{status:4} {len(to_compile)} generated headers compile with -Wall -Wextra -Werror")
            if errors:
                print("     " + errors[:4000].replace("\n", "\n     "))
                failed += 1
    print(f"{ran - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
