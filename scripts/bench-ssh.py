#!/usr/bin/python3
"""ssh_server against OpenSSH's sshd with the same OpenSSH client, in one run.

  scripts/bench-ssh.py BUILD_DIR [--bytes N] [--setups N] [--rounds N]
                      [--echoes N] [--out FILE.json]

Starts both servers on free loopback ports as separate processes (sshd from
Debian's openssh-server with its own config file in a temporary directory,
not the system's service), then measures, alternating between the two so
that machine load hits both alike:

* bulk throughput: N bytes through `cat` on an exec channel (stdin to the
  server and back), for each cipher, best of --rounds, timed from the
  first byte back to the last (connection setup is measured apart);
* session setup: connect, key exchange, publickey authentication, `true`,
  exit, --setups times each: min / median / p90 / max;
* interactive latency: one byte written to `cat` on a raw pty (`ssh -tt`)
  and read back, --echoes times, 2 ms apart, first on an idle server and then
  while a second connection to the same server streams bulk data through
  `cat` (the paper's jitter experiment): percentiles of the round trip.

Prints Markdown tables; --out also writes them as JSON (bench/report.py
renders that into docs/benchmarks.md). Stops both servers by PID.
Loopback only."""
import argparse
import json
import os
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

CIPHERS = ["chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
           "aes128-ctr"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def echo_latencies(command, count):
    """Round-trip times in microseconds of single keystrokes in an
    interactive session: a pty in raw mode running `cat` (the command
    prints `ready` once the pty is raw), one byte written, wait for it to
    come back, 2 ms pause."""
    p = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    times = []
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"ready" not in seen:
            ready, _, _ = select.select([p.stdout], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(p.stdout.fileno(), 256) if ready else b""
            if not chunk:
                raise RuntimeError("the interactive session did not start")
            seen += chunk
        if not seen.endswith(b"ready\n"):
            os.read(p.stdout.fileno(), 1)  # the newline after ready
        for i in range(count):
            t0 = time.perf_counter_ns()
            os.write(p.stdin.fileno(), b"x")
            ready, _, _ = select.select([p.stdout], [], [], 10)
            if not ready or os.read(p.stdout.fileno(), 1) != b"x":
                raise RuntimeError(f"echo {i} did not come back within 10 s")
            times.append((time.perf_counter_ns() - t0) / 1000)
            time.sleep(0.002)
    finally:
        # A raw pty has no end-of-file character: end the client.
        p.terminate()
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return times


def stream_rate(command, stdin):
    """Runs command with stdin from a file and reads its output; returns
    (MB/s from the first output byte to the last, bytes read, exit code)."""
    p = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, bufsize=0)
    got, first_len, t_first = 0, 0, None
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            chunk = os.read(p.stdout.fileno(), 1 << 20)
            if not chunk:
                break
            if t_first is None:
                t_first, first_len = time.perf_counter(), len(chunk)
            got += len(chunk)
        t_last = time.perf_counter()
        code = p.wait(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if t_first is None or t_last <= t_first:
        return 0.0, got, code
    return (got - first_len) / (t_last - t_first) / 1e6, got, code


def summary(values):
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(len(v) * q))]  # noqa: E731
    return {"min": v[0], "median": statistics.median(v), "p90": pick(0.9), "p99": pick(0.99), "max": v[-1],
            "samples": len(v)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--bytes", type=int, default=256 << 20)
    ap.add_argument("--setups", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--echoes", type=int, default=2000)
    ap.add_argument("--out")
    args = ap.parse_args()
    server_bin = os.path.join(args.build_dir, "examples", "ssh_server", "ssh_server")
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    for tool in (server_bin, sshd, shutil.which("ssh") or ""):
        if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
            print(f"bench-ssh: {tool or 'ssh'} is missing (build ssh_server; apt-get install openssh-server openssh-client)")
            return 77
    d = tempfile.mkdtemp(prefix="bench-ssh-")
    procs = []
    try:
        for name in ("host", "client"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{d}/{name}"], check=True)
        shutil.copy(f"{d}/client.pub", f"{d}/authorized_keys")
        os.chmod(d, 0o700)
        ours_port, sshd_port = free_port(), free_port()
        ours = subprocess.Popen([server_bin, "--listen", f"127.0.0.1:{ours_port}", "--host-key", f"{d}/host",
                                 "--authorized-keys", f"{d}/authorized_keys"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ours)
        os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege separation directory
        with open(f"{d}/sshd_config", "w") as f:
            f.write(f"""ListenAddress 127.0.0.1:{sshd_port}
HostKey {d}/host
AuthorizedKeysFile {d}/authorized_keys
PidFile none
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
Subsystem sftp /usr/lib/openssh/sftp-server
""")
        sshd_proc = subprocess.Popen([sshd, "-D", "-e", "-f", f"{d}/sshd_config"],
                                     stdout=subprocess.DEVNULL, stderr=open(f"{d}/sshd.log", "w"))
        procs.append(sshd_proc)
        if not wait_port(ours_port, ours) or not wait_port(sshd_port, sshd_proc):
            print("bench-ssh: a server did not start; sshd log:\n" + open(f"{d}/sshd.log").read())
            return 1
        user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        servers = [("ssh_server", ours_port), ("sshd", sshd_port)]

        def ssh(port, command, *options):
            return ["ssh", "-p", str(port), "-i", f"{d}/client", "-F", "/dev/null", "-o", "BatchMode=yes",
                    "-o", "IdentitiesOnly=yes", "-o", f"UserKnownHostsFile={d}/known_hosts",
                    "-o", "StrictHostKeyChecking=accept-new", *options, f"{user}@127.0.0.1", command]

        for _, port in servers:
            subprocess.run(ssh(port, "true"), check=True, timeout=60)

        # Throughput: the client's stdin from a file of zeros; the rate is
        # timed from the first byte back to the last, so connection setup
        # (measured on its own below) is not in it.
        blob = f"{d}/blob"
        with open(blob, "wb") as f:
            f.truncate(args.bytes)
        results = {}
        for cipher in CIPHERS:
            for r in range(args.rounds):
                for name, port in servers:
                    with open(blob, "rb") as src:
                        # The same MAC on both (sshd would pick umac-64-etm, which ssh_server lacks).
                        rate, got, code = stream_rate(
                            ssh(port, "cat", "-c", cipher, "-m", "hmac-sha2-256-etm@openssh.com"), src)
                    if code != 0 or got != args.bytes:
                        print(f"bench-ssh: {name} {cipher}: exit {code}, {got} bytes back")
                        return 1
                    results.setdefault((name, cipher), []).append(rate)
        setups = {name: [] for name, _ in servers}
        for _ in range(args.setups):
            for name, port in servers:
                t0 = time.monotonic()
                subprocess.run(ssh(port, "true"), check=True, timeout=60)
                setups[name].append((time.monotonic() - t0) * 1000)

        # Interactive latency, idle and beside a bulk stream on another connection.
        latency = {}
        for name, port in servers:
            interactive = ssh(port, "stty raw -echo && echo ready && exec cat", "-tt")
            latency[(name, "idle")] = echo_latencies(interactive, args.echoes)
            with open("/dev/zero", "rb") as zeros:
                load = subprocess.Popen(ssh(port, "cat"), stdin=zeros, stdout=subprocess.DEVNULL)
                try:
                    time.sleep(1)  # the bulk stream past its key exchange
                    latency[(name, "loaded")] = echo_latencies(interactive, args.echoes)
                finally:
                    load.terminate()
                    load.wait(timeout=30)

        print(f"Bulk: {args.bytes >> 20} MiB through `cat` (client -> server -> client), MB/s from the first byte "
              f"back to the last, best of {args.rounds}\n")
        print("| cipher | ssh_server | sshd | ratio |")
        print("|---|---|---|---|")
        for cipher in CIPHERS:
            a, b = max(results[("ssh_server", cipher)]), max(results[("sshd", cipher)])
            print(f"| {cipher} | {a:.0f} | {b:.0f} | {a / b:.2f} |")
        print(f"\nSession setup (connect, curve25519 KEX, publickey auth, `true`, exit), ms, {args.setups} runs\n")
        print("| server | min | median | p90 | max |")
        print("|---|---|---|---|---|")
        for name, _ in servers:
            s = summary(setups[name])
            print(f"| {name} | {s['min']:.1f} | {s['median']:.1f} | {s['p90']:.1f} | {s['max']:.1f} |")
        print(f"\nInteractive latency: 1 byte through `cat` and back, µs, {args.echoes} echoes\n")
        print("| server | condition | min | median | p90 | p99 | max |")
        print("|---|---|---|---|---|---|---|")
        for (name, condition), values in latency.items():
            s = summary(values)
            print(f"| {name} | {condition} | {s['min']:.0f} | {s['median']:.0f} | {s['p90']:.0f} | "
                  f"{s['p99']:.0f} | {s['max']:.0f} |")
        if args.out:
            with open(args.out, "w") as f:
                json.dump({"bytes": args.bytes, "rounds": args.rounds, "setups": args.setups,
                           "echoes": args.echoes,
                           "throughput_mb_s": [{"server": n, "cipher": c, "runs": v}
                                               for (n, c), v in results.items()],
                           "setup_ms": {n: v for n, v in setups.items()},
                           "echo_us": [{"server": n, "condition": c, "values": v}
                                       for (n, c), v in latency.items()]}, f)
        return 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
