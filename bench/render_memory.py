#!/usr/bin/python3
"""The daemon's memory while it renders long texts: one 4096-character render, then eight at once (the most the
daemon allows in all; one connection each), each read to its end by a client that keeps only a SHA-256 of
the file. Peak RSS is the kernel's VmHWM of alfabravod, reset (/proc/PID/clear_refs) after a warm-up render so
that it covers the renders alone, and VmRSS sampled every 10 ms as a cross-check. "extra" = peak − the RSS
before the renders.

The digests of the rendered files are printed: the same build tree gives the same bytes, so two builds (say,
before and after a change of the encoder) can be compared file for file.

  bench/render_memory.py [--build build] [--format wav48k] [--chars 4096] [--concurrent 8] [--runs 3]
  bench/render_memory.py --digests        # one shorter render per format, digests only
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
from daemon import Client, Daemon  # noqa: E402

FORMATS = ("wav8k", "wav16k", "wav22k", "wav48k", "ulaw", "alaw")
WIDEST_FORMAT = "wav48k"  # the most bytes per second of speech: the most a render can hold
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/?=&#%!@$*+"
MIB = 1024 * 1024


def text_of(chars: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(ALPHABET) for _ in range(chars))


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, all threads


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS


def render(socket_path: Path, text: str, fmt: str, rid: str = "r") -> dict:
    """Reads one render to its end without keeping the file: its size, digest and the events' check."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(300)
    sock.connect(str(socket_path))
    sock.sendall((json.dumps({"op": "render", "id": rid, "text": text, "format": fmt}) + "\n").encode())
    digest = hashlib.sha256()
    buffer = b""
    header = None
    received = 0
    seq = 0
    t0 = time.monotonic()
    first_byte = None
    try:
        while True:
            data = sock.recv(1 << 20)
            if not data:
                raise ConnectionError("the daemon closed the connection")
            buffer += data
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                event = json.loads(line)
                kind = event.get("event")
                if kind == "render":
                    header = event
                elif kind == "audio":
                    if event["seq"] != seq:
                        raise RuntimeError(f"audio chunk {event['seq']} where {seq} was due")
                    seq += 1
                    chunk = base64.b64decode(event["data"])
                    if first_byte is None:
                        first_byte = time.monotonic() - t0
                    digest.update(chunk)
                    received += len(chunk)
                elif kind == "done":
                    if header is None or header["bytes"] != received or event.get("bytes") != received:
                        raise RuntimeError(f"sizes differ: header {header}, done {event}, received {received}")
                    return {"bytes": received, "sha256": digest.hexdigest(), "seconds": time.monotonic() - t0,
                            "first_byte_s": first_byte}
                else:
                    raise RuntimeError(f"render failed: {event}")
    finally:
        sock.close()


class RssSampler:
    def __init__(self, pid: int, interval: float = 0.01):
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, status_kib(self.pid, "VmRSS"))
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def measure(daemon: Daemon, texts: list[str], fmt: str) -> dict:
    """Renders `texts` at once (one thread each) and returns the daemon's memory and the files' digests."""
    pid = daemon.pid
    time.sleep(0.5)
    before = status_kib(pid, "VmRSS")
    reset_peak(pid)
    cpu_before = cpu_seconds(pid)
    results: list[dict | Exception] = [None] * len(texts)

    def one(i: int) -> None:
        try:
            results[i] = render(daemon.socket, texts[i], fmt, f"r{i}")
        except Exception as e:  # noqa: BLE001 - reported below
            results[i] = e

    t0 = time.monotonic()
    with RssSampler(pid) as sampler:
        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(texts))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    wall = time.monotonic() - t0
    failures = [r for r in results if isinstance(r, Exception)]
    if failures:
        raise RuntimeError(f"{len(failures)} renders failed: {failures[0]}")
    hwm = status_kib(pid, "VmHWM")
    cpu = cpu_seconds(pid) - cpu_before
    time.sleep(1.0)
    after = status_kib(pid, "VmRSS")
    return {"renders": len(texts), "format": fmt, "rss_before_mib": before / 1024, "peak_hwm_mib": hwm / 1024,
            "peak_sampled_mib": sampler.peak_kib / 1024, "extra_mib": (hwm - before) / 1024,
            "rss_after_mib": after / 1024, "wall_s": wall, "daemon_cpu_s": cpu, "bytes": [r["bytes"] for r in results],
            "sha256": [r["sha256"] for r in results],
            "first_byte_s": statistics.median(r["first_byte_s"] for r in results)}


def start_daemon(build: Path, workdir: Path) -> Daemon:
    daemon = Daemon(build / "daemon" / "alfabravod", workdir, {}, audio="none")
    daemon.start()
    return daemon


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=Path(os.environ.get("ALFABRAVO_BUILD_DIR", "build")))
    parser.add_argument("--format", default=WIDEST_FORMAT, choices=FORMATS)
    parser.add_argument("--chars", type=int, default=4096)
    parser.add_argument("--concurrent", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--digests", action="store_true", help="one 300-character render per format, digests")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="render-memory-") as tmp:
        daemon = start_daemon(args.build.resolve(), Path(tmp))
        try:
            with Client(daemon.socket) as c:  # warm-up: the clips are in memory after this
                c.request("render", text=text_of(200, 0), format=args.format)
            if args.digests:
                for fmt in FORMATS:
                    for chars in (1, 37, 300):
                        r = render(daemon.socket, text_of(chars, chars), fmt)
                        print(f"{fmt:7} {chars:4} chars {r['bytes']:10} bytes sha256 {r['sha256']}")
                return 0
            print(f"load average at start: {os.getloadavg()}; alfabravod pid {daemon.pid}")
            rows = {"one": [], "concurrent": []}
            for run in range(args.runs):
                one = measure(daemon, [text_of(args.chars, 1)], args.format)
                rows["one"].append(one)
                print(f"run {run}: one render    : extra {one['extra_mib']:7.1f} MiB (hwm {one['peak_hwm_mib']:.1f},"
                      f" sampled {one['peak_sampled_mib']:.1f}, before {one['rss_before_mib']:.1f}, after "
                      f"{one['rss_after_mib']:.1f}) {one['bytes'][0]} bytes in {one['wall_s']:.1f} s "
                      f"(daemon CPU {one['daemon_cpu_s']:.2f} s), "
                      f"first byte {one['first_byte_s'] * 1000:.0f} ms, sha256 {one['sha256'][0][:16]}")
                many = measure(daemon, [text_of(args.chars, 1 + i) for i in range(args.concurrent)], args.format)
                rows["concurrent"].append(many)
                print(f"run {run}: {args.concurrent} at once    : extra {many['extra_mib']:7.1f} MiB (hwm "
                      f"{many['peak_hwm_mib']:.1f}, sampled {many['peak_sampled_mib']:.1f}, before "
                      f"{many['rss_before_mib']:.1f}, after {many['rss_after_mib']:.1f}) in {many['wall_s']:.1f} s "
                      f"(daemon CPU {many['daemon_cpu_s']:.2f} s)")
            for key, label in (("one", "one render"), ("concurrent", f"{args.concurrent} at once")):
                extras = [r["extra_mib"] for r in rows[key]]
                print(f"median extra peak RSS, {label}, {args.chars} chars {args.format}: "
                      f"{statistics.median(extras):.1f} MiB (runs: {', '.join(f'{e:.1f}' for e in extras)})")
            print(f"load average at end: {os.getloadavg()}")
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1))
        finally:
            daemon.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
