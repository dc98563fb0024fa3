#!/usr/bin/python3
"""mpldump writes JSON keys (field names) without escaping them (values.h,
append_key), which is right only if every name is an identifier or an array
index. This checks the names at their sources and in the output:

  * every name the generated visit() functions of mpldump's codecs pass is a
    string literal that is an identifier, and the only call with another
    first argument is begin_element(index);
  * every name mpldump's decoder gives its own fields (decode.cc) is one;
  * every key of "fields" in mpldump --json on the repository's captures is
    an identifier or digits.

  keys_test.py CODEC_HEADER_DIR MPLDUMP_SOURCE_DIR MPLDUMP CAPTURES_DIR
"""

import glob
import json
import os
import re
import subprocess
import sys

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
INDEX = re.compile(r"[0-9]+\Z")
CALL = re.compile(r"\bvisitor\.(\w+)\(([^,)]*)")
NAMELESS = {"begin_element", "end_element", "end_array", "end_packet", "end_case"}


def check_generated(header_dir):
    names = 0
    headers = glob.glob(os.path.join(header_dir, "*.h"))
    if not headers:
        sys.exit(f"keys_test: no generated headers in {header_dir}")
    for path in headers:
        with open(path) as f:
            text = f.read()
        for method, first in CALL.findall(text):
            first = first.strip()
            if method in NAMELESS:
                continue
            if not (first.startswith('"') and first.endswith('"') and IDENTIFIER.match(first[1:-1])):
                sys.exit(f"keys_test: {os.path.basename(path)}: visitor.{method}({first}, ...): not an identifier")
            names += 1
    return names


def check_decoder(source_dir):
    with open(os.path.join(source_dir, "decode.cc")) as f:
        text = f.read()
    names = re.findall(r"\.(?:text|integer)\(\"([^\"]*)\"", text)
    if len(names) < 4:
        sys.exit(f"keys_test: found only {names} in decode.cc; did the way it names fields change?")
    for name in names:
        if not IDENTIFIER.match(name):
            sys.exit(f"keys_test: decode.cc names a field {name!r}, not an identifier")
    return len(names)


def walk_keys(value, seen):
    if isinstance(value, dict):
        for key, inner in value.items():
            if not (IDENTIFIER.match(key) or INDEX.match(key)):
                sys.exit(f"keys_test: mpldump --json wrote the key {key!r}")
            seen.append(key)
            walk_keys(inner, seen)
    elif isinstance(value, list):
        for inner in value:
            walk_keys(inner, seen)


def check_output(mpldump, captures):
    seen = []
    for path in sorted(glob.glob(os.path.join(captures, "*.pcap*"))):
        out = subprocess.run([mpldump, "--json", path], capture_output=True, text=True, timeout=120)
        for line in out.stdout.splitlines():
            for layer in json.loads(line)["layers"]:
                walk_keys(layer["fields"], seen)
    if not seen:
        sys.exit(f"keys_test: no fields decoded from {captures}")
    return len(seen)


def main():
    header_dir, source_dir, mpldump, captures = sys.argv[1:5]
    generated = check_generated(header_dir)
    own = check_decoder(source_dir)
    keys = check_output(mpldump, captures)
    print(f"keys_test: {generated} names in generated visit(), {own} in decode.cc, {keys} keys in the output: "
          "all identifiers or indices")


if __name__ == "__main__":
    main()
