#!/usr/bin/python3
"""Conformance run: mpldump against tshark over the capture corpus.

For every capture under the corpus (or the folders given with --dirs):
  * decode it with `mpldump --json --check` (fields, plus each message
    rebuilt with the generated builders and cut at every shorter length)
    and with `tshark -T json`;
  * compare, frame by frame, every field both decode, through the
    per-protocol rules of mapping.py;
  * match every disagreement (a value, a count, a message one side decodes
    and the other rejects, a rebuild that differs) against explanations.py.

Exit status 1 if any disagreement is unexplained, any message fails a
truncation check, or mpldump crashes. With --report, writes the Markdown
report (docs/conformance.md); with --summary-json, the raw figures.

tshark's output depends only on the capture, the tshark version and the
options below, so it is cached (--cache DIR) by content hash.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "mpldump"))
import explanations  # noqa: E402
import mpldump_json  # noqa: E402
import mapping  # noqa: E402

# Relative sequence numbers off: mpldump shows the wire's. Checksum
# validation on: explanations ask tshark whether a wire checksum is wrong.
TSHARK_OPTIONS = [
    "-o", "tcp.relative_sequence_numbers:FALSE",
    "-o", "ip.check_checksum:TRUE",
    "-o", "udp.check_checksum:TRUE",
    "-o", "tcp.check_checksum:TRUE",
]

CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")


def find_captures(corpus, dirs):
    out = []
    for d in dirs:
        for root, _, files in os.walk(os.path.join(corpus, d)):
            for f in files:
                if f.endswith(CAPTURE_SUFFIXES):
                    out.append(os.path.relpath(os.path.join(root, f), corpus))
    return sorted(out)


def tshark_version():
    try:
        out = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return None
    return out.splitlines()[0] if out else None


def run_tshark(path, cache_dir, version):
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    key = hashlib.sha256((digest + version + " ".join(TSHARK_OPTIONS)).encode()).hexdigest()
    cached = os.path.join(cache_dir, key + ".json") if cache_dir else None
    if cached and os.path.exists(cached):
        with open(cached, "rb") as f:
            text = f.read()
    else:
        proc = subprocess.run(["tshark", "-r", path, "-T", "json", *TSHARK_OPTIONS],
                              capture_output=True, check=False)
        text = proc.stdout
        if cached:
            os.makedirs(cache_dir, exist_ok=True)
            tmp = cached + ".%d" % os.getpid()
            with open(tmp, "wb") as f:
                f.write(text)
            os.replace(tmp, cached)
    try:
        # Pairs, not dicts: tshark repeats keys (one per option, per answer...).
        return json.loads(text or b"[]", object_pairs_hook=lambda pairs: pairs)
    except json.JSONDecodeError:
        return []


def run_mpldump(mpldump, path):
    proc = subprocess.run([mpldump, "--json", "--check", path], capture_output=True, check=False)
    frames = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        try:
            frame = json.loads(line)
        except json.JSONDecodeError:
            continue
        # The mapping and the explanations name fields by the flat dotted
        # paths (answers.0.rr.type); mpldump's JSON nests them.
        for layer in frame.get("layers", []):
            layer["fields"] = mpldump_json.flatten(layer["fields"])
        frames.append(frame)
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), frames


# ---------------------------------------------------------------- tshark side

def tshark_frames(packets):
    """Per frame: {tshark protocol: [TsLayer, ...]} in document order."""
    out = []
    for packet in packets:
        source = dict(packet).get("_source", [])
        layers = dict(source).get("layers", [])
        frame = collections.defaultdict(list)
        for proto, value in layers:
            if isinstance(value, list):
                frame[proto].append(TsLayer(value))
        out.append(frame)
    return out


class TsLayer:
    """One tshark protocol subtree, flattened in document order into
    (object, depth, field name, value) entries, where object numbers the
    JSON object holding the value. Subtrees of other protocols nested inside
    it (the IP header an ICMP error quotes) are not descended into."""

    def __init__(self, pairs):
        self.entries = []
        self._objects = 0
        self._walk(pairs, 0)

    def _walk(self, pairs, depth):
        self._objects += 1
        obj = self._objects
        for key, value in pairs:
            if isinstance(value, list):
                if key in mapping.TSHARK_PROTOCOLS:
                    continue
                if value and isinstance(value[0], tuple):
                    # The subtree's own key ("SSH Version 1") says what it is.
                    self.entries.append((obj, depth, key, None))
                    self._walk(value, depth + 1)
                else:
                    for v in value:
                        if isinstance(v, list):
                            self._walk(v, depth + 1)
                        else:
                            self.entries.append((obj, depth, key, v))
            else:
                self.entries.append((obj, depth, key, value))


class TsFields(dict):
    """field name -> values in document order, over all of a frame's
    subtrees of one protocol; `entries` keeps the structure for rules that
    need it (mapping.ts_first, mapping.ts_top)."""

    def __init__(self, layers):
        super().__init__()
        self.entries = []
        for n, layer in enumerate(layers):
            for obj, depth, key, value in layer.entries:
                self.entries.append(((n, obj), depth, key, value))
                if value is not None:
                    self.setdefault(key, []).append(value)


def merged_fields(layers):
    return TsFields(layers)


# ---------------------------------------------------------------- comparison

class Stats:
    def __init__(self):
        self.seen = 0
        self.decoded = 0
        self.failed = 0
        self.fields_compared = 0
        self.fields_agree = 0
        self.rebuild = collections.Counter()
        self.by_field = collections.Counter()  # tshark field -> values compared
        self.truncations = 0
        self.truncations_clean = 0
        self.checked = 0

    def add(self, other):
        for k, v in vars(other).items():
            if isinstance(v, collections.Counter):
                getattr(self, k).update(v)
            else:
                setattr(self, k, getattr(self, k) + v)


def disagreement(kind, file, frame, protocol, field, mp=None, ts=None, index=None, context=None):
    return {"kind": kind, "file": file, "frame": frame, "protocol": protocol, "field": field,
            "mp": mp, "ts": ts, "index": index, "context": context or {}}


def generic_path(path):
    return re.sub(r"\.\d+(?=\.|$)", ".*", path)


def compare_file(rel, corpus, mpldump, cache_dir, version):
    path = os.path.join(corpus, rel)
    rc, stderr, mp_frames = run_mpldump(mpldump, path)
    ts_frames = tshark_frames(run_tshark(path, cache_dir, version))
    stats = collections.defaultdict(Stats)
    found = []
    problems = []
    if rc not in (0, 1):
        problems.append("%s: mpldump exit status %d: %s" % (rel, rc, stderr.strip()[:300]))
    elif "Sanitizer" in stderr or "runtime error:" in stderr:
        # A sanitizer build (`--mpldump` of an ASan/UBSan build) may exit 1 too.
        problems.append("%s: sanitizer report: %s" % (rel, stderr.strip()[:300]))
    malformed = "/malformed/" in "/" + rel
    rejected_before = []  # (protocol, error kind) of messages mpldump rejected earlier in the file
    for mp_frame in mp_frames:
        number = mp_frame["frame"]
        ts = ts_frames[number - 1] if number - 1 < len(ts_frames) else {}
        by_protocol = collections.defaultdict(list)
        for layer in mp_frame["layers"]:
            by_protocol[layer["protocol"]].append(layer)
        ctx_base = {"ts_frame": ts, "mp_frame": mp_frame, "malformed": malformed,
                    "rejected_before": list(rejected_before)}
        rejected_before.extend((l["protocol"], l["error"]["kind"]) for l in mp_frame["layers"] if "error" in l)
        for protocol, layers in by_protocol.items():
            st = stats[protocol]
            for layer in layers:
                st.seen += 1
                if "error" in layer:
                    st.failed += 1
                else:
                    st.decoded += 1
                check = layer.get("check")
                if check:
                    st.checked += 1
                    st.rebuild[check["rebuild"]] += 1
                    st.truncations += check["truncations"]
                    clean = check["truncations_rejected"] + check["truncations_parsed"]
                    st.truncations_clean += clean
                    if clean != check["truncations"]:
                        problems.append("%s frame %d %s: truncations not clean: %s" %
                                        (rel, number, protocol, check.get("truncation_problems")))
                    if check["rebuild"] in ("differs", "unbuildable"):
                        fields = [generic_path(p) for p in check.get("differing", [])] or [check["rebuild"]]
                        for f in sorted(set(fields)):
                            found.append(disagreement("rebuild", rel, number, protocol, f,
                                                      context=dict(ctx_base, layer=layer, check=check)))
            spec = mapping.PROTOCOLS.get(protocol)
            if spec is None:
                continue
            ts_layers = [l for name in spec.tshark for l in ts.get(name, [])]
            decoded = [l for l in layers if "error" not in l]
            for layer in layers:
                if "error" in layer and ts_layers:
                    found.append(disagreement("rejected", rel, number, protocol, layer["error"]["kind"],
                                              mp=layer["error"]["message"],
                                              context=dict(ctx_base, layer=layer, error=layer["error"])))
            if not decoded:
                continue
            if not ts_layers:
                found.append(disagreement("tshark_missing", rel, number, protocol, "-",
                                          context=dict(ctx_base, layers=decoded)))
                continue
            mp_fields = [(k, v) for l in decoded for k, v in l["fields"].items()]
            ts_fields = merged_fields(ts_layers)
            for rule in spec.rules:
                mine = rule.mp_values(mp_fields)
                theirs = rule.ts_values(ts_fields)
                n = min(len(mine), len(theirs))
                for i in range(n):
                    st.fields_compared += 1
                    st.by_field[rule.name] += 1
                    if rule.equal(mine[i], theirs[i]):
                        st.fields_agree += 1
                    else:
                        found.append(disagreement("value", rel, number, protocol, rule.name, mp=mine[i],
                                                  ts=theirs[i], index=i,
                                                  context=dict(ctx_base, mp_fields=mp_fields, ts_fields=ts_fields)))
                if len(mine) != len(theirs) and not rule.partial and mine and theirs:
                    found.append(disagreement("count", rel, number, protocol, rule.name, mp=len(mine),
                                              ts=len(theirs),
                                              context=dict(ctx_base, mp_fields=mp_fields, ts_fields=ts_fields)))
        # Protocols tshark decodes in this frame that mpldump has no layer for.
        for protocol, spec in mapping.PROTOCOLS.items():
            if protocol in by_protocol or not spec.presence:
                continue
            # A subtree counts when it holds a field some rule compares (tshark
            # opens an empty "ssh" subtree on every segment of an SSH stream).
            names = spec.ts_names()
            if any(e[2] in names for name in spec.tshark for l in ts.get(name, []) for e in l.entries):
                found.append(disagreement("mpldump_missing", rel, number, protocol, "-",
                                          context=dict(ctx_base)))
    return rel, stats, found, problems, len(mp_frames)


# ---------------------------------------------------------------- report

def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def measure_speed(mpldump, corpus, files, repeat):
    """Frames per second of `mpldump --json` (no --check) over `files`,
    output read through a pipe and discarded; the best of `repeat` passes,
    wall clock, including process start-up."""
    frames = 0
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        count = 0
        for rel in files:
            proc = subprocess.run([mpldump, "--json", os.path.join(corpus, rel)], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, check=False)
            count += proc.stdout.count(b"\n")
        elapsed = time.perf_counter() - start
        frames = count
        best = elapsed if best is None or elapsed < best else best
    return frames, best


def write_report(path, args, totals, explained, unexplained, problems, nfiles, nframes, speed, elapsed):
    order = [p for p in mapping.REPORT_ORDER if p in totals] + sorted(p for p in totals if p not in mapping.REPORT_ORDER)
    lines = []
    w = lines.append
    w("# Conformance: mpldump against tshark on the capture corpus")
    w("")
    w("Generated by `scripts/conformance.sh BUILD_DIR` (which runs "
      "`tests/conformance/conformance.py --report docs/conformance.md`); do not edit by hand.")
    w("The same comparison runs in ctest (label `conformance`, one test per corpus folder) and fails on any")
    w("unexplained disagreement. How it works: tests/conformance/README.md.")
    w("")
    w("* corpus: %d captures, %d frames (the shared corpus, `MPL_CORPUS_DIR`; malformed captures included)" %
      (nfiles, nframes))
    w("* reference decoder: %s" % (tshark_version() or "tshark"))
    w("* run time of this report: %.0f s" % elapsed)
    w("")
    w("## Running it")
    w("")
    w("```sh")
    w("ctest --test-dir BUILD -L conformance -j2     # the check: fails on any unexplained disagreement")
    w("scripts/conformance.sh BUILD                  # rewrites this file (all folders, plus speed)")
    w("tests/conformance/conformance.py --mpldump BUILD/tools/mpldump/mpldump --corpus CORPUS --dirs dns --verbose")
    w("```")
    w("")
    w("tshark's output is cached in BUILD/tshark-cache (by content hash): a cold run of the ctest costs about")
    w("two minutes on two cores, a warm one seconds. The per-protocol field mapping is")
    w("tests/conformance/mapping.py, the explanations tests/conformance/explanations.py.")
    w("")
    w("## Per protocol")
    w("")
    w("Messages: layers mpldump reports (seen) and those that parse (decoded). Fields: values both decoders")
    w("give, paired through tests/conformance/mapping.py. Rebuilt: each decoded message rebuilt from its view")
    w("with `builder::from(view)` and written (`mpldump --check`): byte-identical, or equivalent (other bytes")
    w("that parse back to the same fields: DNS names compressed differently), or different (every case")
    w("explained below). Truncations: the message parsed cut at every shorter length; clean = an error")
    w("within the given bytes, or a shorter valid message; never a crash.")
    w("")
    w("| protocol | messages seen | decoded | fields compared | agreeing | rebuilt identical | equivalent | differs | truncations clean |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for p in order:
        s = totals[p]
        w("| %s | %d | %d | %d | %d (%s) | %d | %d | %d | %d / %d |" % (
            p, s.seen, s.decoded, s.fields_compared, s.fields_agree, pct(s.fields_agree, s.fields_compared),
            s.rebuild["identical"], s.rebuild["equivalent"], s.rebuild["differs"] + s.rebuild["unbuildable"],
            s.truncations_clean, s.truncations))
    w("")
    w("## Disagreements and their causes")
    w("")
    w("Every disagreement found, grouped by the explanation that covers it (tests/conformance/explanations.py).")
    w("Kinds: `value` a field both decode differs; `count` one side has more values of a field;")
    w("`rejected` mpldump rejects a message tshark decodes; `tshark_missing` / `mpldump_missing` only one side")
    w("decodes the protocol in that frame; `rebuild` the rebuilt message differs in the fields named.")
    w("")
    if explained:
        w("| protocol | kind | field | count | cause |")
        w("|---|---|---|---:|---|")
        for (rule, protocol, kind, field), n in sorted(explained.items(),
                                                        key=lambda kv: (kv[0][1], kv[0][2], kv[0][3])):
            w("| %s | %s | `%s` | %d | %s |" % (protocol, kind, field, n, rule.cause))
    else:
        w("None.")
    w("")
    w("Unexplained: %d." % len(unexplained))
    for d in unexplained[:50]:
        w("* %s frame %s %s %s `%s`: mpldump %r, tshark %r" % (d["file"], d["frame"], d["protocol"], d["kind"],
                                                              d["field"], d["mp"], d["ts"]))
    if problems:
        w("")
        w("Problems (crashes, unclean truncations): %d." % len(problems))
        for p in problems[:50]:
            w("* " + p)
    w("")
    w("## Fields compared, by tshark field")
    w("")
    w("How many values of each mapped field both decoders gave in this run (fields of rules that found")
    w("nothing in the corpus are left out).")
    w("")
    for p in order:
        if totals[p].by_field:
            w("* %s: %s" % (p, ", ".join("`%s` %d" % (f, n) for f, n in sorted(totals[p].by_field.items()))))
    w("")
    w("## Speed")
    w("")
    if speed:
        frames, seconds, big_frames, big_seconds, big_name = speed
        w("`mpldump --json` (without `--check`), its output read through a pipe and discarded, wall clock, best")
        w("of 3 passes (`time.perf_counter()` around `subprocess.run`), on this")
        w("machine (2 cores shared with other work, so these are lower bounds):")
        w("")
        w("* whole corpus, one process per capture (%d captures, start-up included): %d frames in %.2f s = "
          "**%.0f frames/s**" % (nfiles, frames, seconds, frames / seconds))
        w("* largest capture `%s`: %d frames in %.3f s = **%.0f frames/s**" % (big_name, big_frames, big_seconds,
                                                                             big_frames / big_seconds))
    else:
        w("Not measured in this run (`--speed` not given).")
    w("")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mpldump", required=True)
    ap.add_argument("--corpus", default=os.environ.get("MPL_CORPUS_DIR", ""),
                    help="the capture corpus (default: $MPL_CORPUS_DIR)")
    ap.add_argument("--dirs", nargs="*", help="corpus folders (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", help="directory for tshark's output, keyed by content hash")
    ap.add_argument("--report", help="write the Markdown report here")
    ap.add_argument("--speed", action="store_true", help="measure mpldump's frames per second for the report")
    ap.add_argument("--verbose", action="store_true", help="list every disagreement with its explanation")
    ap.add_argument("--list", help="write every unexplained disagreement here, one JSON object a line")
    args = ap.parse_args()

    version = tshark_version()
    if version is None:
        print("conformance: tshark not found (scripts/install-deps.sh installs it)", file=sys.stderr)
        return 77
    if not args.corpus:
        print("conformance: skipped: needs the shared capture corpus: set MPL_CORPUS_DIR to its folder "
              "(README.md, \"Tests\")")
        return 77
    if not os.path.isdir(args.corpus):
        print("conformance: no corpus at %s" % args.corpus, file=sys.stderr)
        return 77
    dirs = args.dirs or sorted(d for d in os.listdir(args.corpus) if os.path.isdir(os.path.join(args.corpus, d)))
    files = find_captures(args.corpus, dirs)
    start = time.perf_counter()
    totals = collections.defaultdict(Stats)
    explained = collections.Counter()
    unexplained = []
    problems = []
    nframes = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(compare_file, rel, args.corpus, args.mpldump, args.cache, version) for rel in files]
        for fut in futures:
            rel, stats, found, file_problems, n = fut.result()
            nframes += n
            problems.extend(file_problems)
            for p, s in stats.items():
                totals[p].add(s)
            for d in found:
                rule = explanations.explain(d)
                if rule is None:
                    unexplained.append(d)
                else:
                    explained[(rule, d["protocol"], d["kind"], d["field"])] += 1
                    if args.verbose:
                        print("explained: %s frame %s %s %s %s: %r vs %r -- %s" % (
                            d["file"], d["frame"], d["protocol"], d["kind"], d["field"], d["mp"], d["ts"],
                            rule.cause))
    elapsed = time.perf_counter() - start

    for p in sorted(totals):
        s = totals[p]
        print("%-15s seen %6d decoded %6d fields %7d agree %7d rebuild %s truncations %d/%d" % (
            p, s.seen, s.decoded, s.fields_compared, s.fields_agree, dict(s.rebuild), s.truncations_clean,
            s.truncations))
    print("%d captures, %d frames, %d disagreements explained, %d unexplained, %d problems, %.1f s" % (
        len(files), nframes, sum(explained.values()), len(unexplained), len(problems), elapsed))
    if args.list:
        with open(args.list, "w") as f:
            for d in unexplained:
                f.write(json.dumps({k: v for k, v in d.items() if k != "context"}, default=str) + "\n")
    for d in unexplained[:200]:
        print("UNEXPLAINED %s frame %s %s %s %s: mpldump %r, tshark %r" % (
            d["file"], d["frame"], d["protocol"], d["kind"], d["field"], d["mp"], d["ts"]))
    for p in problems:
        print("PROBLEM " + p)

    if args.report:
        speed = None
        if args.speed:
            frames, seconds = measure_speed(args.mpldump, args.corpus, files, 3)
            sizes = [(os.path.getsize(os.path.join(args.corpus, f)), f) for f in files]
            big = max(sizes)[1]
            big_frames, big_seconds = measure_speed(args.mpldump, args.corpus, [big], 3)
            speed = (frames, seconds, big_frames, big_seconds, big)
        write_report(args.report, args, totals, explained, unexplained, problems, len(files), nframes, speed,
                     elapsed)
    return 1 if unexplained or problems else 0


if __name__ == "__main__":
    sys.exit(main())
