#!/usr/bin/python3
"""dnsperf against dns_server (cache off, cache on) and NSD, in one run.

The same generated zone (bench.test: hosts, MX, a wildcard, delegations
with glue) and the same query file (hits, NXDOMAIN, referrals, in the
proportions below) for every server; one server thread each (NSD
server-count 1, rate limiting off; dns_server --threads 1), the server
pinned to one CPU and dnsperf to another. Per server: queries per second
over the run (the median of ROUNDS runs, interleaved across servers),
dnsperf's average latency, latency percentiles from a second run at a fixed
rate below saturation (dnsperf -v), and the server's CPU time per query
(utime + stime from /proc/PID/stat over the throughput runs). Then
dns_server_answer_bench (built beside dns_server) times the query path
alone on the same zone and queries: the generated parse of the query, the
whole answer with the cache off and on; the rest of the server's CPU per
query is system calls and the event loop.

On a 2-CPU machine one dnsperf cannot saturate either server, so the plain
runs measure dnsperf as much as the servers. The capacity runs (unless
--cap 0) therefore limit each server in turn to the same share of one CPU
(--cap, default 0.25) with the kernel's CPU controller (a cgroup of its
own: cgroup v1 cpu.cfs_quota_us or v2 cpu.max, 10 ms period) and take the
queries per second it answers at that share, ROUNDS runs interleaved: the
server is then the bottleneck, and the ratio between servers is the ratio
of their throughput per unit of CPU.

Usage: dns_server_bench.py --server BUILD/examples/dns_server/dns_server
           [--seconds 10] [--rounds 3] [--out results.json]
Prints a Markdown table; --out writes the numbers as JSON.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "dns_server", "test"))
import e2e_util as util  # noqa: E402

HOSTS = 5000
DELEGATIONS = 200
MIX = {"hit": 0.7, "nxdomain": 0.2, "referral": 0.1}
QUERIES = 100000
LATENCY_QPS = 10000  # the fixed rate of the latency run, well below either server's peak


def write_zone(path):
    rng = random.Random(7)
    lines = ["$ORIGIN bench.test.", "$TTL 3600",
             "@ SOA ns1 hostmaster 1 7200 3600 1209600 300", "@ NS ns1", "@ NS ns2", "@ MX 10 mail",
             "ns1 A 192.0.2.1", "ns2 A 192.0.2.2", "mail A 192.0.2.3", "*.wild A 192.0.2.4"]
    for i in range(HOSTS):
        lines.append(f"host{i} A 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}")
        if rng.random() < 0.3:
            lines.append(f"host{i} AAAA 2001:db8::{i:x}")
    for i in range(DELEGATIONS):
        lines += [f"sub{i} NS ns.sub{i}", f"ns.sub{i} A 198.51.100.{i % 250 + 1}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_queries(path):
    rng = random.Random(11)
    out = []
    for _ in range(QUERIES):
        r = rng.random()
        if r < MIX["hit"]:
            kind = rng.random()
            if kind < 0.8:
                out.append(f"host{rng.randrange(HOSTS)}.bench.test {rng.choice(['A', 'A', 'AAAA'])}")
            elif kind < 0.9:
                out.append(f"x{rng.randrange(10**6)}.wild.bench.test A")
            else:
                out.append(rng.choice(["bench.test MX", "bench.test NS", "bench.test SOA"]))
        elif r < MIX["hit"] + MIX["nxdomain"]:
            out.append(f"nx{rng.randrange(10**6)}.bench.test A")
        else:
            out.append(f"www.sub{rng.randrange(DELEGATIONS)}.bench.test A")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dnsperf(port, queries, seconds, cpu, extra=()):
    cmd = ["taskset", "-c", str(cpu), "dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries,
           "-l", str(seconds), "-c", "4", "-q", "200", "-t", "2"] + list(extra)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout


def parse_summary(out):
    qps = float(re.search(r"Queries per second:\s+([\d.]+)", out).group(1))
    completed = int(re.search(r"Queries completed:\s+(\d+)", out).group(1))
    lost = int(re.search(r"Queries lost:\s+(\d+)", out).group(1))
    avg = float(re.search(r"Average Latency \(s\):\s+([\d.]+)", out).group(1))
    return {"qps": qps, "completed": completed, "lost": lost, "avg_latency_us": avg * 1e6}


def percentiles(out):
    # dnsperf -v prints one line per query ending in its latency in seconds.
    lat = sorted(float(m) for m in re.findall(r"^> \S+ .* ([\d.]+)$", out, re.M))
    if not lat:
        return {}
    pick = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1e6  # noqa: E731
    return {"p50_us": pick(50), "p90_us": pick(90), "p99_us": pick(99), "p999_us": pick(99.9), "samples": len(lat)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--client-cpu", type=int, default=1)
    ap.add_argument("--cap", type=float, default=0.25,
                    help="share of one CPU each server gets in the capacity runs (0: no capacity runs)")
    ap.add_argument("--out")
    args = ap.parse_args()
    for tool in ("dnsperf", "taskset"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed")
            return 77
    nsd = shutil.which("nsd") or "/usr/sbin/nsd"
    results = {}
    with tempfile.TemporaryDirectory(prefix="dns_server_bench.") as tmp:
        write_zone(f"{tmp}/bench.test.zone")
        write_queries(f"{tmp}/queries.txt")
        nsd_port = util.free_port()
        with open(f"{tmp}/nsd.conf", "w") as f:
            f.write(util.nsd_config(tmp, tmp, nsd_port, {"bench.test": "bench.test.zone"}))
        pin = ["taskset", "-c", str(args.server_cpu)]
        zone = ["--zone", f"bench.test={tmp}/bench.test.zone", "--threads", "1"]
        with util.started(pin + [nsd, "-d", "-c", f"{tmp}/nsd.conf"], log=f"{tmp}/nsd.out") as nsd_proc, \
                util.dns_server(args.server, zone + ["--cache", "off"], prefix=pin) as (off_proc, off_ports), \
                util.dns_server(args.server, zone + ["--cache", "on"], prefix=pin) as (on_proc, on_ports):
            util.wait_answering(nsd_port, nsd_proc, f"{tmp}/nsd.log", zone_name="bench.test")
            off_port, on_port = off_ports[0], on_ports[0]
            # NSD forks its serving process: measure the CPU of all of them.
            servers = {"NSD 4.6.1": (nsd_port, nsd_proc.pid), "dns_server, cache off": (off_port, off_proc.pid),
                       "dns_server, cache on": (on_port, on_proc.pid)}
            runs = {name: [] for name in servers}
            cpu = {name: 0.0 for name in servers}
            answered = {name: 0 for name in servers}
            for _ in range(args.rounds):
                for name, (port, pid) in servers.items():
                    before = _tree_cpu(pid)
                    r = parse_summary(dnsperf(port, f"{tmp}/queries.txt", args.seconds, args.client_cpu))
                    cpu[name] += _tree_cpu(pid) - before
                    answered[name] += r["completed"]
                    runs[name].append(r)
            capacity = {name: [] for name in servers}
            cap = CpuCap(args.cap) if args.cap > 0 else None
            capacity_error = cap.error if cap else "--cap 0"
            if cap and cap.error is None:
                try:
                    for _ in range(args.rounds):
                        for name, (port, pid) in servers.items():
                            tree = _tree_pids(pid)
                            cap.move(tree, inside=True)
                            try:
                                r = parse_summary(dnsperf(port, f"{tmp}/queries.txt", args.seconds, args.client_cpu))
                            finally:
                                cap.move(tree, inside=False)
                            capacity[name].append(r["qps"])
                finally:
                    cap.close()
            for name, (port, pid) in servers.items():
                lat = percentiles(dnsperf(port, f"{tmp}/queries.txt", 5, args.client_cpu,
                                          ["-Q", str(LATENCY_QPS), "-v"]))
                qps = [r["qps"] for r in runs[name]]
                results[name] = {
                    "qps_median": statistics.median(qps), "qps_runs": qps,
                    "avg_latency_us": statistics.median(r["avg_latency_us"] for r in runs[name]),
                    "lost": sum(r["lost"] for r in runs[name]),
                    "cpu_us_per_query": cpu[name] / max(answered[name], 1) * 1e6,
                    "latency_at_fixed_rate": lat,
                    "capped_qps_median": statistics.median(capacity[name]) if capacity[name] else None,
                    "capped_qps_runs": capacity[name],
                }
        split = None
        answer_bench = os.path.join(os.path.dirname(os.path.abspath(args.server)), "dns_server_answer_bench")
        if os.path.exists(answer_bench):
            out = subprocess.run(["taskset", "-c", str(args.server_cpu), answer_bench,
                                  f"bench.test={tmp}/bench.test.zone", f"{tmp}/queries.txt", "5"],
                                 capture_output=True, text=True, timeout=600).stdout
            split = json.loads(out)
    nsd_qps = results["NSD 4.6.1"]["qps_median"]
    print(f"| server | queries/s (median of {args.rounds} x {args.seconds} s) | vs NSD | avg latency | "
          f"p50 / p99 / p99.9 at {LATENCY_QPS} q/s | CPU per query | lost |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        lat = r["latency_at_fixed_rate"]
        pct = f"{lat['p50_us']:.0f} / {lat['p99_us']:.0f} / {lat['p999_us']:.0f} µs" if lat else "n/a"
        print(f"| {name} | {r['qps_median']:.0f} | {r['qps_median'] / nsd_qps:.2f}x | {r['avg_latency_us']:.0f} µs | "
              f"{pct} | {r['cpu_us_per_query']:.2f} µs | {r['lost']} |")
    if capacity_error is None:
        print()
        print(f"| each server capped at {args.cap:.2f} of a CPU | queries/s (median of {args.rounds}) | vs NSD |")
        print("|---|---|---|")
        nsd_capped = results["NSD 4.6.1"]["capped_qps_median"]
        for name, r in results.items():
            print(f"| {name} | {r['capped_qps_median']:.0f} | {r['capped_qps_median'] / nsd_capped:.2f}x |")
    else:
        print(f"\nNo capacity runs: {capacity_error}")
    if split:
        print()
        print("| dns_server, per query, no sockets | ns |")
        print("|---|---|")
        print(f"| generated parse of the query | {split['parse_ns']:.0f} |")
        print(f"| whole answer, cache off (parse + lookup + build) | {split['answer_cache_off_ns']:.0f} |")
        print(f"| whole answer, cache on ({split['cache_hits']} hits, {split['cache_misses']} misses) | "
              f"{split['answer_cache_on_ns']:.0f} |")
        for name in ("dns_server, cache off", "dns_server, cache on"):
            key = "answer_cache_off_ns" if name.endswith("off") else "answer_cache_on_ns"
            total = results[name]["cpu_us_per_query"] * 1000
            print(f"| {name}: rest of the CPU per query under dnsperf (system calls, event loop) | "
                  f"{total - split[key]:.0f} of {total:.0f} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"mix": MIX, "hosts": HOSTS, "delegations": DELEGATIONS, "seconds": args.seconds,
                       "rounds": args.rounds, "cap": args.cap if capacity_error is None else None,
                       "capacity_error": capacity_error, "results": results, "query_path_ns": split}, f, indent=1)
    return 0


def _tree_pids(pid):
    """A process and its descendants."""
    pids, pending = [], [pid]
    while pending:
        p = pending.pop()
        pids.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                pending += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


class CpuCap:
    """A cgroup of its own with a CPU quota (v1 cpu controller or v2
    cpu.max); processes move in and back out to the group they were in."""

    PERIOD_US = 10000

    def __init__(self, share):
        self.dir, self.procs_back = None, None
        name = f"mpl_dns_bench_{os.getpid()}"
        quota = max(1000, int(self.PERIOD_US * share))
        v1 = "/sys/fs/cgroup/cpu"
        v2 = "/sys/fs/cgroup"
        try:
            if os.path.exists(f"{v1}/cpu.cfs_quota_us"):
                self.dir, self.procs_back = f"{v1}/{name}", f"{v1}/cgroup.procs"
                os.mkdir(self.dir)
                self._write("cpu.cfs_period_us", str(self.PERIOD_US))
                self._write("cpu.cfs_quota_us", str(quota))
            elif "cpu" in open(f"{v2}/cgroup.controllers").read().split():
                self.dir, self.procs_back = f"{v2}/{name}", f"{v2}/cgroup.procs"
                os.mkdir(self.dir)
                self._write("cpu.max", f"{quota} {self.PERIOD_US}")
        except OSError as e:
            self.close()
            self.error = str(e)
            return
        self.error = None if self.dir else "no cgroup CPU controller"

    def _write(self, name, value):
        with open(f"{self.dir}/{name}", "w") as f:
            f.write(value)

    def move(self, pids, inside):
        for p in pids:
            try:
                with open(f"{self.dir}/cgroup.procs" if inside else self.procs_back, "w") as f:
                    f.write(str(p))
            except OSError:
                pass  # a process that has exited

    def close(self):
        if self.dir and os.path.isdir(self.dir):
            try:
                with open(f"{self.dir}/cgroup.procs") as f:
                    self.move([int(p) for p in f.read().split()], inside=False)
                os.rmdir(self.dir)
            except OSError:
                pass
        self.dir = None


def _tree_cpu(pid):
    """CPU seconds of a process and its children (NSD's serving process is
    a child of the one started)."""
    total = 0.0
    for p in _tree_pids(pid):
        try:
            total += cpu_seconds(p)
        except OSError:
            pass  # exited meanwhile
    return total


if __name__ == "__main__":
    sys.exit(main())
