#!/usr/bin/python3
"""The daemon's CPU per render, measured as bench/run does (sections 5 and 6 of bench/README.md), for one or
more builds side by side: the URL to wav8k (× real time per daemon CPU-second) and the 12-character password
to ulaw in password mode (daemon CPU ms per render). Each build runs its own `alfabravod --audio none` (own
socket, runtime and warm cache dir); the builds take turns, round by round, so that the shared machine's noise
falls on all alike. CPU is the daemon's utime + stime (all threads) from /proc, as the harness reads it.

  bench/render_cpu.py BUILD_OR_BINARY [BUILD_OR_BINARY ...] [--rounds 7] [--cpu 1.0]
"""
from __future__ import annotations

import argparse
import base64
import statistics
import sys
import tempfile
import time
import wave
import io
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
from daemon import Client, Daemon  # noqa: E402
from procs import sample_process  # noqa: E402

# The texts of bench/harness/main.py (RENDER_TEXT, PBX_PASSWORD).
URL = "https://Example.com/x?k=Ab3-Zq9_Vt7#Pw4!Lm2%Ns8~Ry6@Hj5$Gk1&Bf0*Cd3+Ex7=Xu2/Wo9"
PASSWORD = "Tq8#wZ3!mK2p"
URL_REQUEST = {"text": URL, "format": "wav8k"}
PASSWORD_REQUEST = {"text": PASSWORD, "format": "ulaw", "mode": "password"}


def binary_of(path: str) -> Path:
    p = Path(path)
    return p if p.is_file() else p / "daemon" / "alfabravod"


def render_bytes(client: Client, request: dict) -> bytes:
    data = b""
    for event in client.request("render", **request):
        if event.get("event") == "audio":
            data += base64.b64decode(event["data"])
        elif event.get("event") in ("error", "cancelled"):
            raise RuntimeError(f"render failed: {event}")
    return data


def cpu_per_render(daemon: Daemon, client: Client, request: dict, min_cpu: float) -> float:
    """Renders back to back until the daemon has used min_cpu seconds; its CPU seconds per render."""
    before = sample_process(daemon.pid).cpu_seconds
    renders = 0
    t0 = time.monotonic()
    while True:
        for event in client.request("render", **request):
            if event.get("event") in ("error", "cancelled"):
                raise RuntimeError(f"render failed: {event}")
        renders += 1
        cpu = sample_process(daemon.pid).cpu_seconds - before
        if cpu >= min_cpu or time.monotonic() - t0 > 60:
            return cpu / renders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("builds", nargs="+")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cpu", type=float, default=1.0, help="daemon CPU seconds per measurement")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="render-cpu-"))
    daemons, clients, audio_seconds, digests = [], [], [], []
    for i, build in enumerate(args.builds):
        d = Daemon(binary_of(build), work / f"d{i}", {}, audio="none")
        d.start()
        daemons.append(d)
        c = Client(d.socket)
        clients.append(c)
        wav = render_bytes(c, URL_REQUEST)  # warm: every clip in memory
        with wave.open(io.BytesIO(wav), "rb") as w:
            audio_seconds.append(w.getnframes() / w.getframerate())
        import hashlib
        digests.append((hashlib.sha256(wav).hexdigest()[:16],
                        hashlib.sha256(render_bytes(c, PASSWORD_REQUEST)).hexdigest()[:16]))
    realtime = [[] for _ in daemons]
    password_ms = [[] for _ in daemons]
    try:
        for r in range(args.rounds):
            order = list(range(len(daemons)))
            order = order[r % len(order):] + order[:r % len(order)]
            for i in order:
                realtime[i].append(audio_seconds[i] / cpu_per_render(daemons[i], clients[i], URL_REQUEST,
                                                                     args.cpu))
                password_ms[i].append(1000 * cpu_per_render(daemons[i], clients[i], PASSWORD_REQUEST, args.cpu))
            print(f"round {r + 1}/{args.rounds}: " + "; ".join(
                f"{args.builds[i]}: {realtime[i][-1]:.0f}x, {password_ms[i][-1]:.3f} ms" for i in range(len(daemons))),
                flush=True)
    finally:
        for c in clients:
            c.close()
        for d in daemons:
            d.stop()
    print()
    print("| build | URL wav8k × real time (median, min-max) | password ulaw CPU ms (median, min-max) | "
          "digests (URL wav8k, password ulaw) |")
    print("|---|---|---|---|")
    for i, build in enumerate(args.builds):
        rt, pw = realtime[i], password_ms[i]
        print(f"| {build} | {statistics.median(rt):.0f} ({min(rt):.0f}-{max(rt):.0f}) | "
              f"{statistics.median(pw):.3f} ({min(pw):.3f}-{max(pw):.3f}) | {digests[i][0]} {digests[i][1]} |")
    if len(daemons) > 1:
        base_rt, base_pw = statistics.median(realtime[0]), statistics.median(password_ms[0])
        for i in range(1, len(daemons)):
            print(f"{args.builds[i]} ÷ {args.builds[0]}: × real time {statistics.median(realtime[i]) / base_rt:.2f}, "
                  f"password CPU {statistics.median(password_ms[i]) / base_pw:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
