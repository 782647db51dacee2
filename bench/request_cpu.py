#!/usr/bin/python3
"""Daemon CPU per `transcript` request: a private alfabravod (--audio none) answers closed-loop transcript
requests from bench/loadgen.c (C, epoll) on 100 connections; CPU = utime + stime of the daemon's thread group
over the run, divided by the requests answered. Repeated; medians. With --perf, also records the daemon with
`perf record -g` during one more run and prints the share of the top symbols (where the time goes).

  bench/request_cpu.py [--build build] [--runs 5] [--requests 100] [--text TEXT] [--perf]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
from daemon import Daemon  # noqa: E402
from measure import load  # noqa: E402

REQUEST = {"op": "transcript", "text": "Ab3/x-Kilo 42?"}


def runtime_ns(pid: int) -> int:
    """Time on CPU of every thread of the process, in ns (/proc's utime and stime count 10 ms ticks: 1 µs per
    request at 10000 requests). Threads that ended meanwhile are not counted; the daemon keeps its own."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def build_loadgen(out: Path) -> Path:
    binary = out / "loadgen"
    subprocess.run(["cc", "-O2", "-o", str(binary), str(Path(__file__).resolve().parent / "loadgen.c"), "-lm"],
                   check=True)
    return binary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=Path(os.environ.get("ALFABRAVO_BUILD_DIR", "build")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100, help="per connection")
    parser.add_argument("--text", default=REQUEST["text"],
                        help="the request's text (bench/run's load rows use https://Example.com/x?k=Ab3)")
    parser.add_argument("--perf", action="store_true")
    parser.add_argument("--perf-data", type=Path, help="keep perf's recording here (for perf report -g)")
    args = parser.parse_args()
    request = {**REQUEST, "text": args.text}
    with tempfile.TemporaryDirectory(prefix="request-cpu-") as tmp:
        loadgen = build_loadgen(Path(tmp))
        daemon = Daemon(args.build.resolve() / "daemon" / "alfabravod", Path(tmp) / "d", {}, audio="none")
        daemon.start()
        try:
            load(loadgen, daemon, args.connections, 10, 0, request)  # warm-up
            print(f"load average at start: {os.getloadavg()}")
            per_request = []
            precise = []
            for _ in range(args.runs):
                started = runtime_ns(daemon.pid)
                r = load(loadgen, daemon, args.connections, args.requests, 0, request)
                answered = args.connections * args.requests - r.get("errors", 0)
                per_request.append(r["daemon_cpu_s"] / answered * 1e6)
                precise.append((runtime_ns(daemon.pid) - started) / answered / 1e3)
                print(f"  {answered} requests, daemon CPU {r['daemon_cpu_s']:.2f} s: {per_request[-1]:.1f} µs/request "
                      f"(schedstat {precise[-1]:.2f} µs; p50 {r.get('p50_ms')} ms, p99 {r.get('p99_ms')} ms, "
                      f"errors {r.get('errors')})")
            print(f"median daemon CPU per transcript request: {statistics.median(per_request):.1f} µs "
                  f"(schedstat {statistics.median(precise):.2f} µs, {1e6 / statistics.median(precise):.0f} requests/s "
                  f"per core; {args.runs} runs); load average at end: {os.getloadavg()}")
            if args.perf:
                data = args.perf_data.resolve() if args.perf_data else Path(tmp) / "perf.data"
                perf = subprocess.Popen(["perf", "record", "-q", "-g", "-F", "4999", "-p", str(daemon.pid), "-o",
                                         str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1.0)  # perf attaches slowly on a loaded machine: without this it recorded nothing
                load(loadgen, daemon, args.connections, args.requests, 0, request)
                perf.send_signal(signal.SIGINT)
                perf.wait()
                report = subprocess.run(["perf", "report", "-i", str(data), "--no-children", "--sort", "sym",
                                         "-g", "none", "-q", "--percent-limit", "1"],
                                        capture_output=True, text=True)
                print(report.stdout or report.stderr)
        finally:
            daemon.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
