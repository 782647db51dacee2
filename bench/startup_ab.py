#!/usr/bin/python3
"""Start-up of two or more builds side by side, as bench/run measures it (bench/README.md section 2): exec ->
READY=1 of `alfabravod --audio portaudio` against a private PulseAudio (one null sink), cold (a fresh empty
XDG_CACHE_HOME) and warm (a cache left by an earlier start), rounds interleaved between the builds. Also the
first render right after READY (what a client that connects at once waits for, clips included). With
portaudio it starts a sound server: run it under the machine-wide audio lock (flock
/tmp/alfabravo-real-audio.lock ...); --audio none starts none.

  bench/startup_ab.py BUILD_OR_BINARY [BUILD_OR_BINARY ...] [--runs 15] [--audio portaudio|none]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
from daemon import Client, Daemon  # noqa: E402
from sound import PrivatePulse  # noqa: E402


def binary_of(path: str) -> Path:
    p = Path(path)
    return p if p.is_file() else p / "daemon" / "alfabravod"


def one_start(binary: Path, workdir: Path, pulse_env: dict, audio: str, cache: Path) -> tuple[float, float]:
    """(exec -> READY=1 ms, READY -> a 3-character render's done ms)."""
    d = Daemon(binary, workdir, pulse_env, audio=audio, cache_dir=cache)
    try:
        d.start()
        t0 = time.monotonic()
        with Client(d.socket) as c:
            last = c.request("render", text="Ab3", format="wav8k")[-1]
            if last.get("event") != "done":
                raise RuntimeError(f"render right after READY failed: {last}")
        render_ms = (time.monotonic() - t0) * 1000
    finally:
        d.stop()
    return d.ready_ms, render_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("builds", nargs="+")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--audio", default="portaudio", choices=("portaudio", "none"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="startup-ab-"))
    pulse = PrivatePulse(work) if args.audio == "portaudio" else None
    if pulse:
        pulse.start()
    env = pulse.env if pulse else {}
    try:
        binaries = [binary_of(b) for b in args.builds]
        warm = [work / f"warm-{i}" for i in range(len(binaries))]
        for i, binary in enumerate(binaries):
            one_start(binary, work / f"primer-{i}", env, args.audio, warm[i])
        results = [{"cold": [], "warm": [], "cold render": [], "warm render": []} for _ in binaries]
        for r in range(args.runs):
            kinds = ("cold", "warm") if r % 2 == 0 else ("warm", "cold")
            order = list(range(len(binaries)))
            order = order[r % len(order):] + order[:r % len(order)]
            for kind in kinds:
                for i in order:
                    cache = warm[i] if kind == "warm" else work / f"cold-{r}-{i}"
                    ready, render = one_start(binaries[i], work / f"run-{r}-{kind}-{i}", env, args.audio,
                                              cache)
                    results[i][kind].append(ready)
                    results[i][kind + " render"].append(render)
            print(f"round {r + 1}/{args.runs}: " + "; ".join(
                f"{args.builds[i]} cold {results[i]['cold'][-1]:.0f} warm {results[i]['warm'][-1]:.0f} ms"
                for i in range(len(binaries))), flush=True)
    finally:
        if pulse:
            pulse.stop()
    print()
    print("| build | READY cold | READY warm | first render after a cold READY | after a warm READY |")
    print("|---|---|---|---|---|")
    for i, build in enumerate(args.builds):
        cells = [f"{statistics.median(v):.1f} (p90 {sorted(v)[int(0.9 * (len(v) - 1))]:.1f})"
                 for v in results[i].values()]
        print(f"| {build} | " + " | ".join(cells) + " |")
    print("(ms, medians over the rounds; exec -> READY=1, then READY -> done of a 3-character wav8k render)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
