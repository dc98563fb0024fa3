#!/usr/bin/python3
"""mpldump's throughput against tshark and tcpdump on one large capture, for
docs/benchmarks.md. The capture is synthesised from the shared corpus: the
frames of every valid Ethernet pcap file (link type 1) under the corpus's
protocol folders, concatenated and repeated until it holds --frames frames.
Each decoder reads it start to finish with its output sent to /dev/null;
whole-process wall-clock times, median of --runs runs, one at a time.

  mpldump_throughput.py --mpldump BUILD/tools/mpldump/mpldump --corpus CORPUS --out mpldump.json
"""

import argparse
import glob
import json
import os
import shutil
import struct
import tempfile

from timing import wall

PCAP_MAGIC_LE = 0xA1B2C3D4
PCAP_MAGIC_NS_LE = 0xA1B23C4D


def ethernet_frames(path):
    """The frames of a classic pcap file with link type 1, or [] for anything else."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    for order in ("<", ">"):
        magic, _, _, _, _, snaplen, linktype = struct.unpack(order + "IHHiIII", data[:24])
        if magic in (PCAP_MAGIC_LE, PCAP_MAGIC_NS_LE):
            break
    else:
        return []
    if linktype != 1:
        return []
    frames, at = [], 24
    while at + 16 <= len(data):
        _, _, incl, orig = struct.unpack(order + "IIII", data[at:at + 16])
        if incl > snaplen or at + 16 + incl > len(data):
            break
        frames.append((data[at + 16:at + 16 + incl], orig))
        at += 16 + incl
    return frames


def synthesise(corpus, out, target_frames):
    frames = []
    for path in sorted(glob.glob(os.path.join(corpus, "*", "*.pcap"))):
        frames += ethernet_frames(path)
    if not frames:
        raise SystemExit(f"mpldump_throughput: no Ethernet pcap frames under {corpus}")
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", PCAP_MAGIC_LE, 2, 4, 0, 0, 262144, 1))
        written = 0
        while written < target_frames:
            for data, orig in frames:
                f.write(struct.pack("<IIII", written // 1000, (written % 1000) * 1000, len(data), orig))
                f.write(data)
                written += 1
                if written == target_frames:
                    break
    return len(frames), written, os.path.getsize(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mpldump", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--frames", type=int, default=100000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as work:
        capture = os.path.join(work, "synthetic.pcap")
        distinct, frames, size = synthesise(args.corpus, capture, args.frames)
        decoders = [("mpldump", [args.mpldump, capture]),
                    ("mpldump --json", [args.mpldump, "--json", capture]),
                    ("mpldump -v (every field)", [args.mpldump, "-v", capture])]
        if shutil.which("tshark"):
            # -n: no name resolution, as mpldump does none.
            decoders += [("tshark -r (summary lines)", ["tshark", "-n", "-r", capture]),
                         ("tshark -r -V (every field)", ["tshark", "-n", "-V", "-r", capture])]
        if shutil.which("tcpdump"):
            decoders += [("tcpdump -r -vv", ["tcpdump", "-n", "-vv", "-r", capture])]
        rows = []
        for name, cmd in decoders:
            # mpldump exits 1 when some frame did not decode.
            seconds = wall(cmd, args.runs, ok_codes=(0, 1))
            rows.append({"decoder": name, "seconds": seconds, "frames_per_second": frames / seconds})
            print(f"mpldump_throughput: {name}: {seconds:.2f} s", flush=True)
    with open(args.out, "w") as f:
        json.dump({"distinct_frames": distinct, "frames": frames, "bytes": size, "runs": args.runs,
                   "decoders": rows}, f, indent=1)


if __name__ == "__main__":
    main()
