#!/usr/bin/python3
"""ssh_server against OpenSSH's sshd with the same OpenSSH client, in one run.

  scripts/bench-ssh.py BUILD_DIR [--bytes N] [--setups N] [--rounds N]

Starts both servers on free loopback ports as separate processes (sshd from
Debian's openssh-server with its own config file in a temporary directory,
not the system's service), then measures, alternating between the two so
that machine load hits both alike:

* bulk throughput: N bytes through `cat` on an exec channel (stdin to the
  server and back), for each cipher, best of --rounds;
* session setup: connect, key exchange, publickey authentication, `true`,
  exit, --setups times each: min / median / p90 / max.

Prints a Markdown table. Stops both servers by PID. Loopback only."""
import argparse
import os
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--bytes", type=int, default=256 << 20)
    ap.add_argument("--setups", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    server_bin = os.path.join(args.build_dir, "examples", "ssh_server")
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    for tool in (server_bin, sshd, shutil.which("ssh") or ""):
        if not os.path.exists(tool):
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

        # Throughput: the client's stdin from a file of zeros, stdout counted.
        blob = f"{d}/blob"
        with open(blob, "wb") as f:
            f.truncate(args.bytes)
        results = {}
        for cipher in CIPHERS:
            for r in range(args.rounds):
                for name, port in servers:
                    t0 = time.monotonic()
                    with open(blob, "rb") as src:
                        # The same MAC on both (sshd would pick umac-64-etm, which ssh_server lacks).
                        p = subprocess.run(ssh(port, "cat", "-c", cipher, "-m", "hmac-sha2-256-etm@openssh.com"),
                                           stdin=src, stdout=subprocess.PIPE,
                                           timeout=600)
                    dt = time.monotonic() - t0
                    if p.returncode != 0 or len(p.stdout) != args.bytes:
                        print(f"bench-ssh: {name} {cipher}: exit {p.returncode}, {len(p.stdout)} bytes back")
                        return 1
                    results.setdefault((name, cipher), []).append(args.bytes / dt / 1e6)
        setups = {name: [] for name, _ in servers}
        for _ in range(args.setups):
            for name, port in servers:
                t0 = time.monotonic()
                subprocess.run(ssh(port, "true"), check=True, timeout=60)
                setups[name].append((time.monotonic() - t0) * 1000)

        print(f"Bulk: {args.bytes >> 20} MiB through `cat` (client -> server -> client), MB/s, best of {args.rounds}\n")
        print("| cipher | ssh_server | sshd | ratio |")
        print("|---|---|---|---|")
        for cipher in CIPHERS:
            a, b = max(results[("ssh_server", cipher)]), max(results[("sshd", cipher)])
            print(f"| {cipher} | {a:.0f} | {b:.0f} | {a / b:.2f} |")
        print(f"\nSession setup (connect, curve25519 KEX, publickey auth, `true`, exit), ms, {args.setups} runs\n")
        print("| server | min | median | p90 | max |")
        print("|---|---|---|---|---|")
        for name, _ in servers:
            v = sorted(setups[name])
            p90 = v[min(len(v) - 1, int(len(v) * 0.9))]
            print(f"| {name} | {v[0]:.1f} | {statistics.median(v):.1f} | {p90:.1f} | {v[-1]:.1f} |")
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
