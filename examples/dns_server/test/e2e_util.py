"""What the dns_server end-to-end tests share: free ports, processes
started and stopped by PID, dns_server started on port 0 with the ports it
printed, waiting until a server answers. Every wait is bounded."""
import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import time

last_exit_status = None  # dns_server's exit status after the SIGTERM


def free_port():
    """A port free for UDP and TCP on 127.0.0.1 (for NSD, which cannot be
    told to pick one)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                    u.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port")


def loopbacks():
    """The listen addresses for dns_server: 127.0.0.1, and ::1 where the
    machine has IPv6 on loopback."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return ("127.0.0.1:0", "[::1]:0")
    except OSError:
        print("note: no IPv6 on loopback; IPv6 not tested")
        return ("127.0.0.1:0",)


def stop(proc, timeout=10):
    """SIGTERM to this PID, then SIGKILL if it does not exit in time."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
    return proc.returncode


@contextlib.contextmanager
def started(cmd, log):
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        stop(proc)


@contextlib.contextmanager
def dns_server(binary, args, listen=("127.0.0.1:0",), timeout=30, prefix=()):
    """dns_server on port 0 of each address; yields (process, [ports]).
    `prefix` runs it through another command (taskset -c 0)."""
    global last_exit_status
    cmd = list(prefix) + [binary] + [a for at in listen for a in ("--listen", at)] + list(args)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ports = []
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        # Raw reads: a buffered readline() could hold the second line where
        # select() does not see it.
        while len(ports) < len(listen):
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                why = proc.stderr.read().decode() if proc.poll() is not None else "timeout"
                raise RuntimeError(f"dns_server did not start: {why}")
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if ready:
                seen += os.read(proc.stdout.fileno(), 4096)
                ports = [int(p) for p in re.findall(rb"listening on \S+:(\d+)\n", seen)]
        yield proc, ports
    finally:
        last_exit_status = stop(proc)


def wait_answering(port, proc, log, timeout=60, zone_name="example.test"):
    """Until the server on 127.0.0.1:port answers a query for the SOA of
    `zone_name` (NSD loads its zones after it starts listening)."""
    qname = b"".join(bytes([len(label)]) + label.encode() for label in zone_name.split(".")) + b"\0"
    query = bytes.fromhex("beef00000001000000000000") + qname + b"\x00\x06\x00\x01"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {open(log).read()}")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.5)
            try:
                s.sendto(query, ("127.0.0.1", port))
                if s.recv(4096)[:2] == b"\xbe\xef":
                    return
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer on port {port} within {timeout} s")


def nsd_config(tmp, zones_dir, port, zones):
    """An NSD configuration serving `zones` ({origin: file in zones_dir}) on
    127.0.0.1@port, every file it writes in `tmp`, one server process,
    response rate limiting off."""
    zone_lines = "".join(f"zone:\n  name: {o}\n  zonefile: \"{zones_dir}/{f}\"\n" for o, f in zones.items())
    return f"""server:
  ip-address: 127.0.0.1@{port}
  zonesdir: "{zones_dir}"
  pidfile: "{tmp}/nsd.pid"
  username: ""
  database: ""
  chroot: ""
  zonelistfile: "{tmp}/zone.list"
  xfrdfile: "{tmp}/xfrd.state"
  xfrdir: "{tmp}"
  logfile: "{tmp}/nsd.log"
  server-count: 1
  hide-version: yes
  verbosity: 0
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
{zone_lines}"""
