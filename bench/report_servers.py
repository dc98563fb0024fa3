"""The servers' sections of docs/benchmarks.md: dns_server against NSD
(bench/dns_server_bench.py) and ssh_server against OpenSSH's sshd
(scripts/bench-ssh.py), each a table and a plot from the JSON those
scripts wrote. report.py calls these; matplotlib is set up there."""

import json
import os
import statistics

import matplotlib.pyplot as plt


def _load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def _percentile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * q))]


def dns_server_section(path, img):
    data = _load(path)
    title = "## dns_server against NSD under dnsperf (the paper's DNS experiment)"
    if data is None:
        return [title, "", "Not measured in this run (bench/dns_server_bench.py did not run: it needs the "
                "dns_server build, dnsperf and nsd).", ""]
    results = data["results"]
    nsd = next(r for name, r in results.items() if name.startswith("NSD"))
    lines = [title, "",
             f"One authoritative zone of {data['hosts']:,} hosts and {data['delegations']} delegations; "
             "the same 100,000 queries for every server (70% hits, 20% NXDOMAIN, 10% referrals); one server "
             f"thread each, server pinned to one CPU and dnsperf to the other; throughput is the median of "
             f"{data['rounds']} runs of {data['seconds']} s, interleaved across the servers; latency percentiles "
             "from a separate run at a fixed 10,000 queries/s; CPU per query is the server's user + system time "
             "over the throughput runs divided by the queries answered. Setup and discussion: docs/dns-server.md.",
             "", "| server | queries/s | vs NSD | runs | p50 / p99 / p99.9 at 10,000 q/s (µs) | CPU per query (µs) "
             "| lost |", "|---|---:|---:|---|---|---:|---:|"]
    for name, r in results.items():
        lat = r.get("latency_at_fixed_rate")
        pct = f"{lat['p50_us']:.0f} / {lat['p99_us']:.0f} / {lat['p999_us']:.0f}" if lat else "–"
        runs = ", ".join(f"{q:,.0f}" for q in r["qps_runs"])
        lines.append(f"| {name} | {r['qps_median']:,.0f} | {r['qps_median'] / nsd['qps_median']:.2f}x | {runs} | "
                     f"{pct} | {r['cpu_us_per_query']:.2f} | {r['lost']} |")
    if data.get("cap"):
        nsd_capped = nsd["capped_qps_median"]
        lines += ["", f"Capacity: dnsperf on one CPU cannot saturate these servers, so each server in turn is "
                  f"limited to {data['cap']:.2f} of a CPU by a cgroup CPU quota (10 ms period) and dnsperf sends "
                  f"as fast as it can: the server is the bottleneck. Median of {data['rounds']} runs of "
                  f"{data['seconds']} s, interleaved:", "",
                  "| server | queries/s at the cap | vs NSD | runs |", "|---|---:|---:|---|"]
        for name, r in results.items():
            runs = ", ".join(f"{q:,.0f}" for q in r["capped_qps_runs"])
            lines.append(f"| {name} | {r['capped_qps_median']:,.0f} | {r['capped_qps_median'] / nsd_capped:.2f}x | "
                         f"{runs} |")
    elif data.get("capacity_error"):
        lines += ["", f"No capacity runs: {data['capacity_error']}."]
    split = data.get("query_path_ns")
    if split:
        lines += ["", "Where dns_server's CPU time goes (the query path timed without sockets by "
                  "`dns_server_answer_bench` on the same queries; the rest is system calls and the event loop):",
                  "", "| part | ns per query |", "|---|---:|",
                  f"| generated parse of the query | {split['parse_ns']:.0f} |",
                  f"| whole answer, cache off (parse, lookup, build) | {split['answer_cache_off_ns']:.0f} |",
                  f"| whole answer, cache on ({split['cache_hits']:,} hits, {split['cache_misses']:,} misses) | "
                  f"{split['answer_cache_on_ns']:.0f} |"]
        for name, key in (("dns_server, cache off", "answer_cache_off_ns"),
                          ("dns_server, cache on", "answer_cache_on_ns")):
            if name in results:
                total = results[name]["cpu_us_per_query"] * 1000
                lines.append(f"| {name}: the rest of its CPU per query under dnsperf | "
                             f"{max(total - split[key], 0):.0f} of {total:.0f} |")
    lines.append("")

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    names = list(results)
    key, title = ("capped_qps", f"throughput at {data['cap']:.2f} of a CPU each") if data.get("cap") else \
        ("qps", "throughput under dnsperf")
    a1.bar(range(len(names)), [results[n][key + "_median"] for n in names],
           color=["#888888", "#3a7bd5", "#2ca02c"][:len(names)])
    for i, n in enumerate(names):
        a1.plot([i] * len(results[n][key + "_runs"]), results[n][key + "_runs"], "k.", markersize=4)
    a1.set_xticks(range(len(names)))
    a1.set_xticklabels(names, fontsize=8)
    a1.set_ylabel("queries per second (median; dots: runs)")
    a1.set_title(title)
    a1.grid(axis="y", alpha=0.3)
    a2.bar(range(len(names)), [results[n]["cpu_us_per_query"] for n in names],
           color=["#888888", "#3a7bd5", "#2ca02c"][:len(names)])
    a2.set_xticks(range(len(names)))
    a2.set_xticklabels(names, fontsize=8)
    a2.set_ylabel("server CPU per query (µs)")
    a2.set_title("CPU cost per query")
    a2.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "dns_server.png"), dpi=110)
    plt.close(fig)
    lines += ["![dns_server against NSD](img/dns_server.png)", ""]
    return lines


def ssh_server_section(path, img):
    data = _load(path)
    title = "## ssh_server against OpenSSH's sshd (the paper's Figures 8-10)"
    if data is None:
        return [title, "", "Not measured in this run (scripts/bench-ssh.py did not run: it needs the "
                "ssh_server build and openssh-server).", ""]
    lines = [title, "",
             "The same OpenSSH client against `ssh_server` and Debian's `sshd` (own config, loopback), "
             "alternating between them (scripts/bench-ssh.py; docs/ssh-server.md). Not pinned: each server "
             "and the client use both CPUs.", "",
             f"Bulk: {data['bytes'] >> 20} MiB through `cat` on an exec channel and back, MB/s timed from the "
             f"first byte back to the last (so without connection setup), best of {data['rounds']} "
             "(MAC hmac-sha2-256-etm where the cipher needs one):", "",
             "| cipher | ssh_server | sshd | ssh_server / sshd |", "|---|---:|---:|---:|"]
    tp = {(r["server"], r["cipher"]): max(r["runs"]) for r in data["throughput_mb_s"]}
    ciphers = list(dict.fromkeys(r["cipher"] for r in data["throughput_mb_s"]))
    for c in ciphers:
        a, b = tp[("ssh_server", c)], tp[("sshd", c)]
        lines.append(f"| {c} | {a:.0f} | {b:.0f} | {a / b:.2f} |")
    lines += ["", f"Session setup (connect, curve25519 key exchange, publickey authentication, `true`, exit), ms, "
              f"{data['setups']} each:", "", "| server | min | median | p90 | max |", "|---|---:|---:|---:|---:|"]
    for name, v in data["setup_ms"].items():
        lines.append(f"| {name} | {min(v):.1f} | {statistics.median(v):.1f} | {_percentile(v, 0.9):.1f} | "
                     f"{max(v):.1f} |")
    lines += ["", f"Interactive latency: one byte through `cat` on a raw pty (`ssh -tt`) and back, µs, "
              f"{data['echoes']} keystrokes 2 ms apart; idle, and while a second connection to the same server "
              "streams data through `cat`:", "",
              "| server | condition | min | median | p90 | p99 | max |", "|---|---|---:|---:|---:|---:|---:|"]
    for r in data["echo_us"]:
        v = r["values"]
        lines.append(f"| {r['server']} | {r['condition']} | {min(v):.0f} | {statistics.median(v):.0f} | "
                     f"{_percentile(v, 0.9):.0f} | {_percentile(v, 0.99):.0f} | {max(v):.0f} |")
    lines.append("")

    fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(15, 4.2))
    xs = range(len(ciphers))
    for k, server in enumerate(("ssh_server", "sshd")):
        a1.bar([x + (k - 0.5) * 0.4 for x in xs], [tp[(server, c)] for c in ciphers], 0.4, label=server)
    a1.set_xticks(list(xs))
    a1.set_xticklabels([c.split("@")[0] for c in ciphers], fontsize=8, rotation=20, ha="right")
    a1.set_ylabel("MB/s")
    a1.set_title("Figure 8: bulk throughput per cipher")
    a1.legend(fontsize=8)
    a1.grid(axis="y", alpha=0.3)
    for name, v in data["setup_ms"].items():
        v = sorted(v)
        a2.plot(v, [(i + 1) / len(v) for i in range(len(v))], drawstyle="steps-post", label=name)
    a2.set_xlabel("session setup (ms)")
    a2.set_ylabel("fraction of sessions")
    a2.set_title("Figure 9: session setup time (CDF)")
    a2.legend(fontsize=8)
    a2.grid(alpha=0.3)
    for r in data["echo_us"]:
        v = sorted(r["values"])
        a3.plot(v, [(i + 1) / len(v) for i in range(len(v))], drawstyle="steps-post",
                label=f"{r['server']}, {r['condition']}")
    a3.set_xscale("log")
    a3.set_xlabel("keystroke round trip (µs, log scale)")
    a3.set_ylabel("fraction of keystrokes")
    a3.set_title("Figure 10: interactive latency and jitter (CDF)")
    a3.legend(fontsize=8)
    a3.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(img, "ssh_server.png"), dpi=110)
    plt.close(fig)
    lines += ["![ssh_server against sshd](img/ssh_server.png)", ""]
    return lines
