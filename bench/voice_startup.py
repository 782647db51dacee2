#!/usr/bin/env python3
"""Cold start-up per default voice, and how a second voice is prepared (bench/README.md, "Voices").

    bench/voice_startup.py BUILD_DIR [--runs N]

For each shipped voice as the configured default (interleaved, N rounds): exec -> READY=1 of
`alfabravod --audio none` with an empty XDG_CACHE_HOME (cold: every clip synthesized). Then, with English as
the default and a warm cache for it only, a render of "Ab3" in another voice: its latency (the words are
rendered on demand) and the time until the daemon logs that voice ready in the background, and the same render
again afterwards.
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOICES = ["en", "de", "fr", "it", "es", "nl", "sv", "pl", "pt"]


def start(build: Path, home: Path, voice: str):
    """Starts the daemon with `voice` as default; returns (process, ms to READY=1, socket path)."""
    config = home / "config" / "alfabravo"
    config.mkdir(parents=True, exist_ok=True)
    (config / "alfabravod.toml").write_text(f'voice = "{voice}"\n')
    sock = home / "socket"
    notify_path = home / "notify"
    notify_path.unlink(missing_ok=True)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(notify_path))
    notify.settimeout(60)
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
           "NOTIFY_SOCKET": str(notify_path), "LC_ALL": "C.UTF-8"}
    t0 = time.monotonic()
    proc = subprocess.Popen([str(build / "daemon" / "alfabravod"), "--socket", str(sock), "--audio", "none"],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=open(home / "daemon.log", "ab"))
    while True:
        if b"READY=1" in notify.recv(4096).split(b"\n"):
            break
    ready_ms = (time.monotonic() - t0) * 1000
    notify.close()
    return proc, ready_ms, sock


def render_ms(sock: Path, voice: str) -> float:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(str(sock))
        t0 = time.monotonic()
        s.sendall(json.dumps({"op": "render", "id": "r", "text": "Ab3", "voice": voice,
                              "format": "wav"}).encode() + b"\n")
        buffer = b""
        while True:
            buffer += s.recv(65536)
            lines = buffer.split(b"\n")
            buffer = lines.pop()
            for line in lines:
                event = json.loads(line).get("event")
                if event in ("done", "error"):
                    if event == "error":
                        raise RuntimeError(line)
                    return (time.monotonic() - t0) * 1000


def wait_for_log(path: Path, text: str, timeout: float = 60) -> float:
    t0 = time.monotonic()
    while text not in path.read_text(errors="replace"):
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"no '{text}' in the log")
        time.sleep(0.002)
    return (time.monotonic() - t0) * 1000


def stop(proc):
    proc.terminate()
    proc.wait(10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cold = {voice: [] for voice in VOICES}
    for _ in range(args.runs):
        for voice in VOICES:
            with tempfile.TemporaryDirectory() as home:
                proc, ready, _ = start(args.build, Path(home), voice)
                stop(proc)
                cold[voice].append(ready)
    print(f"cold start-up, exec -> READY=1, --audio none, median of {args.runs} (min-max):")
    base = statistics.median(cold["en"])
    for voice in VOICES:
        median = statistics.median(cold[voice])
        print(f"  {voice}: {median:6.1f} ms ({min(cold[voice]):.1f}-{max(cold[voice]):.1f}), "
              f"{median / base:.2f} x en")

    print("a second voice, default en (its cache warm), first render of 'Ab3' in it, median of runs:")
    for voice in VOICES[1:]:
        first, ready, again = [], [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as home:
                home = Path(home)
                proc, _, sock = start(args.build, home, "en")
                stop(proc)  # the second start finds en's clips in the cache, and none of the other voice's
                proc, _, sock = start(args.build, home, "en")
                t0 = time.monotonic()
                first.append(render_ms(sock, voice))
                ready.append(wait_for_log(home / "daemon.log", f"voice {voice} ready in the background")
                             + first[-1])
                again.append(render_ms(sock, voice))
                stop(proc)
        print(f"  {voice}: first render {statistics.median(first):6.1f} ms, background prepare done "
              f"{statistics.median(ready):6.1f} ms after the request, then a render {statistics.median(again):5.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
