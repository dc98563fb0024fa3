#!/usr/bin/python3
"""Renders docs/benchmarks.md and docs/img/*.png from the results
scripts/bench.sh collected: Google Benchmark JSON (codec.json, checksum.json),
the ICMP experiment's CSV (icmp_rtt.csv) and the JSON of the other measuring
scripts (the servers' sections are in report_servers.py). The analysis written by hand
(bench/benchmarks_notes.md) is appended as it is."""

import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import sys

try:
    import matplotlib
except ImportError:
    sys.exit("report.py: matplotlib is missing: install the Debian package python3-matplotlib and run this "
             "with /usr/bin/python3 (%s ran it)" % sys.executable)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from report_servers import dns_server_section, ssh_server_section  # noqa: E402

IMPLS = ["generated", "generated_per_field", "handwritten", "libtins", "ldns"]
LABELS = {
    "generated": "generated (elided checks)",
    "generated_per_field": "generated (per-field checks)",
    "handwritten": "hand-written",
    "libtins": "libtins",
    "ldns": "ldns",
}
MODES = ["kernel", "copying", "normal", "reflecting", "reflecting_per_field"]


def medians(path):
    """{run_name: cpu_time in ns} of the median aggregates."""
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
            scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
            out[b["run_name"]] = {"ns": b["cpu_time"] * scale, "bps": b.get("bytes_per_second")}
    return out, data.get("context", {})


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine():
    model = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    cores = sh("nproc")
    kernel = platform.release()
    compiler = sh("c++ --version | head -1")
    return model, cores, kernel, compiler


def fit(xs, ys):
    """Least-squares line: (slope, intercept)."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx if sxx else 0.0
    return slope, my - slope * mx


# The order of the table: link layers first, then each application
# protocol; the JSON lists cases in the benchmark's random interleaved order.
INPUT_ORDER = ["eth_ipv4_udp", "eth_ipv4_icmp_echo", "eth_ipv4_icmp_echo_reply", "ipv4_ttl",
               "eth_ipv4_udp_dns_query", "dns_response", "dns_response_compressed", "bgp_update",
               "dhcp_ack", "9p_rread", "ssh_kexinit"]
OP_ORDER = ["parse", "parse_as", "build", "mutate"]


def case_key(case):
    op, inp = case
    rank = INPUT_ORDER.index(inp) if inp in INPUT_ORDER else len(INPUT_ORDER)
    return (rank, inp, OP_ORDER.index(op) if op in OP_ORDER else len(OP_ORDER))


def codec_section(codec, img):
    cases = []
    for name in codec:
        op, inp, impl = name.split("/")
        if (op, inp) not in cases:
            cases.append((op, inp))
    cases.sort(key=case_key)
    lines = ["## Codecs: parse, build, mutate", ""]
    lines.append("Median CPU time per operation (ns), and ratios. *ours* is the generated code with "
                 "elided bounds checks (mplc's default).")
    lines.append("")
    lines.append("| case | generated | per-field | hand-written | libtins | ldns | ours / hand-written "
                 "| per-field / ours | libtins / ours | ldns / ours |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for op, inp in cases:
        t = {i: codec.get(f"{op}/{inp}/{i}", {}).get("ns") for i in IMPLS}

        def cell(v):
            return f"{v:.1f}" if v else "–"

        def ratio(a, b):
            return f"{a / b:.2f}x" if a and b else "–"

        lines.append(f"| {op} {inp} | {cell(t['generated'])} | {cell(t['generated_per_field'])} | "
                     f"{cell(t['handwritten'])} | {cell(t['libtins'])} | {cell(t['ldns'])} | "
                     f"{ratio(t['generated'], t['handwritten'])} | {ratio(t['generated_per_field'], t['generated'])} | "
                     f"{ratio(t['libtins'], t['generated'])} | {ratio(t['ldns'], t['generated'])} |")
        ratios.append((f"{op} {inp}", t))
    lines.append("")

    # Targets from issue 9, checked against the numbers above.
    lines.append("Targets (issue 9): ours <= 1.0x hand-written; libtins and ldns >= 10x ours; elided within 5% "
                 "of hand-written.")
    lines.append("")
    for op, inp in cases:
        t = {i: codec.get(f"{op}/{inp}/{i}", {}).get("ns") for i in IMPLS}
        if t["generated"] and t["handwritten"]:
            r = t["generated"] / t["handwritten"]
            verdict = "met" if r <= 1.0 else f"**missed**: {r:.2f}x, {100 * (r - 1):.0f}% slower"
            line = f"- {op} {inp}: ours/hand-written {r:.2f}x ({verdict})"
            for other in ("libtins", "ldns"):
                if t[other]:
                    lr = t[other] / t["generated"]
                    line += f"; {other}/ours {lr:.1f}x ({'met' if lr >= 10 else '**missed**'})"
            lines.append(line)
    lines.append("")

    # Figure: time per implementation per case.
    fig, ax = plt.subplots(figsize=(max(9, 1.1 * len(ratios)), 4.5))
    width = 0.8 / len(IMPLS)
    for k, impl in enumerate(IMPLS):
        xs = [i + (k - (len(IMPLS) - 1) / 2) * width for i in range(len(ratios))]
        ys = [t[impl] or 0 for _, t in ratios]
        ax.bar(xs, ys, width, label=LABELS[impl])
    ax.set_xticks(range(len(ratios)))
    ax.set_xticklabels([n for n, _ in ratios], fontsize=7, rotation=35, ha="right")
    ax.set_ylabel("median CPU time (ns, log scale)")
    ax.set_yscale("log")
    ax.set_title("Parse / build / mutate: time per operation")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "codec_times.png"), dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(max(9, 1.1 * len(ratios)), 4))
    names = [n for n, _ in ratios]

    def ratios_of(a, b):
        return [(t[a] / t[b]) if t[a] and t[b] else 0 for _, t in ratios]

    xs = range(len(names))
    ax.bar([x - 0.27 for x in xs], ratios_of("generated", "handwritten"), 0.27, label="ours / hand-written (target <= 1)")
    ax.bar(list(xs), ratios_of("libtins", "generated"), 0.27, label="libtins / ours (target >= 10)")
    ax.bar([x + 0.27 for x in xs], ratios_of("ldns", "generated"), 0.27, label="ldns / ours (target >= 10)")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(list(xs))
    ax.set_xticklabels(names, fontsize=7, rotation=35, ha="right")
    ax.set_ylabel("ratio of median times")
    ax.set_title("Parse and build ratios")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "codec_ratios.png"), dpi=110)
    plt.close(fig)
    lines.append("![time per operation](img/codec_times.png)")
    lines.append("")
    lines.append("![ratios](img/codec_ratios.png)")
    lines.append("")
    return lines, ratios


def checksum_section(checksum):
    lines = ["## Internet checksum", "", "Median throughput (GB/s, 10^9 bytes per second).", "",
             "| bytes | mpl::internet_checksum | simple 16-bit loop | AVX2 kernel |", "|---:|---:|---:|---:|"]
    for size in (20, 40, 576, 1500, 9000):
        def gbs(name):
            b = checksum.get(f"{name}/{size}")
            return f"{b['bps'] / 1e9:.1f}" if b and b.get("bps") else "–"
        lines.append(f"| {size} | {gbs('BM_MplInternetChecksum')} | {gbs('BM_Simple16BitLoop')} | "
                     f"{gbs('BM_MplAvx2Kernel')} |")
    b = checksum.get("BM_MplInternetChecksum/1500")
    if b and b.get("bps"):
        v = b["bps"] / 1e9
        lines.append("")
        lines.append(f"Target: >= 20 GB/s at 1500 bytes: {v:.1f} GB/s ({'met' if v >= 20 else '**missed**'}).")
    lines.append("")
    return lines


def icmp_section(path, img, ratios):
    lines = ["## ICMP echo over a TAP device (the paper's Figures 4 and 5)", ""]
    if not os.path.exists(path):
        lines += ["Not run on this machine (needs root, /dev/net/tun and the examples in the build).", ""]
        return lines
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            if r["median_us"]:
                rows.setdefault(r["mode"], []).append((int(r["size"]), float(r["median_us"]), int(r["received"]),
                                                       int(r["sent"])))
    lines.append("Median round-trip time of one echo request at a time, per ICMP payload size; the gradient is "
                 "the least-squares slope of the medians over all sizes.")
    lines.append("")
    lines.append("| mode | gradient (ns/byte) | vs kernel | intercept (us) | RTT at smallest / largest (us) | "
                 "replies |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    fits = {}
    for mode in MODES:
        if mode not in rows:
            continue
        pts = sorted(rows[mode])
        slope, icept = fit([p[0] for p in pts], [p[1] for p in pts])
        fits[mode] = (slope, icept)
    ks = fits.get("kernel", (None,))[0]
    for mode in MODES:
        if mode not in fits:
            continue
        slope, icept = fits[mode]
        pts = sorted(rows[mode])
        rel = f"{slope / ks:.2f}x" if ks else "–"
        got = sum(p[2] for p in pts)
        sent = sum(p[3] for p in pts)
        lines.append(f"| {mode} | {slope * 1000:.3f} | {rel} | {icept:.2f} | {pts[0][1]:.2f} / {pts[-1][1]:.2f} | "
                     f"{got}/{sent} |")
    lines.append("")

    fig, ax = plt.subplots(figsize=(8, 5))
    for mode in MODES:
        if mode not in rows:
            continue
        pts = sorted(rows[mode])
        xs = [p[0] for p in pts]
        ax.plot(xs, [p[1] for p in pts], marker="o", markersize=3, label=mode)
    ax.set_xlabel("ICMP payload size (bytes)")
    ax.set_ylabel("median round-trip time (us)")
    ax.set_title("Figure 4: echo RTT per payload size (TAP modes, kernel over veth)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "icmp_rtt.png"), dpi=110)
    plt.close(fig)
    lines += ["![RTT per payload size](img/icmp_rtt.png)", ""]

    # Figure 5: elided vs per-field, in the server and in the parse benchmarks.
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.5))
    for mode in ("reflecting", "reflecting_per_field"):
        if mode in rows:
            pts = sorted(rows[mode])
            a1.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=3, label=mode)
    a1.set_xlabel("ICMP payload size (bytes)")
    a1.set_ylabel("median RTT (us)")
    a1.set_title("reflecting server: elided vs per-field checks")
    a1.legend(fontsize=8)
    a1.grid(alpha=0.3)
    # Only the cases generated in both modes (the link and network layers).
    both = [(n, t) for n, t in ratios if t["generated_per_field"]]
    names = [n for n, _ in both]
    xs = range(len(names))
    for k, impl in enumerate(("generated", "generated_per_field", "handwritten")):
        a2.bar([x + (k - 1) * 0.27 for x in xs], [t[impl] or 0 for _, t in both], 0.27, label=LABELS[impl])
    a2.set_xticks(list(xs))
    a2.set_xticklabels(names, fontsize=7, rotation=35, ha="right")
    a2.set_ylabel("median CPU time (ns)")
    a2.set_title("codec_bench: elided vs per-field vs hand-written")
    a2.legend(fontsize=7)
    fig.suptitle("Figure 5: what eliding bounds checks buys")
    fig.tight_layout()
    fig.savefig(os.path.join(img, "bounds_checks.png"), dpi=110)
    plt.close(fig)
    lines += ["![elided vs per-field](img/bounds_checks.png)", ""]
    return lines


def load_optional(path):
    """The JSON a measuring script wrote, or None when it did not run."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def not_measured(title, script):
    return [f"## {title}", "", f"Not measured in this run ({script} did not run).", ""]


def mpldump_section(path):
    """Whole-process decode times of one synthetic capture."""
    data = load_optional(path)
    if data is None:
        return not_measured("mpldump throughput", "bench/mpldump_throughput.py")
    lines = ["## mpldump throughput", "",
             f"One pcap of {data['frames']:,} Ethernet frames ({data['bytes'] / 1e6:.1f} MB): the "
             f"{data['distinct_frames']:,} frames of the corpus's valid Ethernet pcap files, repeated "
             "(bench/mpldump_throughput.py). Each decoder reads it whole with its output sent to /dev/null; "
             f"wall-clock time of the whole process, median of {data['runs']} runs, pinned to one CPU.", "",
             "| decoder | seconds | frames/s | vs mpldump |", "|---|---:|---:|---:|"]
    base = next((r["seconds"] for r in data["decoders"] if r["decoder"] == "mpldump"), None)
    for r in data["decoders"]:
        ratio = f"{r['seconds'] / base:.2f}x" if base else "–"
        lines.append(f"| {r['decoder']} | {r['seconds']:.2f} | {r['frames_per_second']:,.0f} | {ratio} |")
    lines.append("")
    return lines


def compiler_section(path):
    """mplc's time per spec and the C++ compile time of each generated header."""
    data = load_optional(path)
    if data is None:
        return not_measured("Compiler", "bench/compiler_times.py")
    lines = ["## Compiler", "",
             "Wall-clock medians, one process at a time: `mplc` on each spec of `specs/` (writing its header), "
             "and `" + data["cxx"] + "` at -O2 on a translation unit that only includes the generated header "
             "with the runtime and standard headers it includes (parsing and checking it; inline functions a "
             "program does not use generate no code). An empty unit takes "
             f"{data['baseline_seconds']:.2f} s (bench/compiler_times.py).", "",
             "| spec | spec lines | header lines | mplc (ms) | c++ (s) |",
             "|---|---:|---:|---:|---:|"]
    total_mplc = 0.0
    for row in data["specs"]:
        total_mplc += row["mplc_seconds"]
        lines.append(f"| {row['spec']} | {row['spec_lines']} | {row['header_lines']} | "
                     f"{row['mplc_seconds'] * 1000:.1f} | {row['cxx_seconds']:.2f} |")
    lines += ["", f"All {len(data['specs'])} specs: {total_mplc * 1000:.0f} ms of mplc in total.", ""]
    return lines


def run_date(context):
    """When codec_bench ran (its JSON context), not when the report is
    rendered: report.py can be run again on the same results."""
    try:
        return datetime.datetime.fromisoformat(context["date"]).strftime('%Y-%m-%d %H:%M')
    except (KeyError, ValueError):
        return datetime.datetime.now().strftime('%Y-%m-%d %H:%M')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--pinned-cpu", default="")
    ap.add_argument("--repetitions", default="5")
    ap.add_argument("--pings", default="2000")
    args = ap.parse_args()
    img = os.path.join(args.docs, "img")
    os.makedirs(img, exist_ok=True)

    codec, ctx = medians(os.path.join(args.results, "codec.json"))
    checksum, _ = medians(os.path.join(args.results, "checksum.json"))
    model, cores, kernel, compiler = machine()

    out = ["# Benchmarks", "",
           "Generated by `scripts/bench.sh` (do not edit by hand: edit bench/benchmarks_notes.md or the "
           "script and run it again).", "",
           "## Machine", "",
           f"- CPU: {model}, {cores} cores online; kernel {kernel}",
           f"- compiler: {compiler}; Release build (-O3)",
           f"- Google Benchmark {ctx.get('library_version', '?')}, "
           f"{'pinned to CPU ' + args.pinned_cpu if args.pinned_cpu else 'not pinned'}",
           f"- run: {run_date(ctx)}", "",
           "## Method", "",
           f"- codec_bench and checksum_bench: every case in one binary run, {args.repetitions} repetitions "
           "in random interleaved order (`--benchmark_enable_random_interleaving`); tables show the median "
           "of the repetitions' CPU times. Before timing, codec_bench checks that every implementation reads "
           "the same field values from the inputs, refuses every truncation of them, builds the captured "
           "reply byte for byte and keeps the checksum right while mutating.",
           "- Inputs are real messages from the captures this project made itself from real peers "
           "(tests/captures/README.md), carried as arrays in bench/*_packets.h; `bench/capture_packets.py "
           "--check` compares every array with its frame (ctest bench.packets_from_captures). From "
           "link.pcap: a UDP datagram of 14 bytes (frame 16) and a Linux ping with the kernel's reply, 40 "
           "data bytes (frames 6 and 7); from dns.pcap (NSD, dig): dig's AAAA query with EDNS (frame 5) and "
           "NSD's response with one answer, one authority and two additional records, names compressed "
           "(frame 6; no response of that capture has more answers); from bgp.pcap (BIRD 2): an UPDATE with "
           "4-byte AS numbers, MED, COMMUNITIES and one prefix (frame 13); from dhcp.pcap: dnsmasq's DHCP "
           "ACK to udhcpc with 12 options (frame 4); from ssh.pcap (OpenSSH 9.2): the server's KEXINIT "
           "(frame 12); and a 9P2000.L Rread of 30 bytes from the diod capture made by "
           "tests/app_protocols/make_9p_capture.sh (frame 141).",
           "- Every parse implementation of a case fills the same result struct, and the self-checks hold the "
           "hand-written parsers to the generated parsers' rules: both must accept and refuse the same inputs "
           "when any single byte of the message is changed. libtins and ldns check fewer rules (see the "
           "comments in bench/*_tins.h, bench/dns_ldns.h).",
           "- ICMP: `examples/icmp_echo` answers on a TAP device in a private network namespace; "
           f"`icmp_ping_driver` sends {args.pings} requests per size (after 50 warm-up ones), one in flight, "
           "timing each with a nanosecond clock; the kernel reference answers over a veth pair into a "
           "second namespace. MTU 9000. Server and driver pinned to the same CPU.",
           ""]
    lines, ratios = codec_section(codec, img)
    out += lines
    out += checksum_section(checksum)
    out += icmp_section(os.path.join(args.results, "icmp_rtt.csv"), img, ratios)
    out += dns_server_section(os.path.join(args.results, "dns_server.json"), img)
    out += ssh_server_section(os.path.join(args.results, "ssh_server.json"), img)
    out += mpldump_section(os.path.join(args.results, "mpldump.json"))
    out += compiler_section(os.path.join(args.results, "compiler.json"))
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "benchmarks_notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            out += [f.read().rstrip(), ""]
    with open(os.path.join(args.docs, "benchmarks.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
