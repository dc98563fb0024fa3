"""Wall-clock timing of whole processes, shared by the bench/*.py scripts."""

import statistics
import subprocess
import time


def wall(cmd, runs, ok_codes=(0,)):
    """Median wall time in seconds of `runs` runs of cmd, whose output is
    discarded; exits when cmd ends with a status outside ok_codes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if result.returncode not in ok_codes:
            raise SystemExit(f"{' '.join(cmd)} exited {result.returncode}")
    return statistics.median(times)
