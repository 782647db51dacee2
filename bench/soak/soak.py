#!/usr/bin/env python3
"""Soak: alfabravod under mixed traffic for a while, playing into a private sound server, and every answer
checked. Clients speak (and wait, or cancel on a progress event, as Ctrl-C does, or hang up mid-utterance),
ask for transcripts, render every format and read the audio, ask for status; all at once, from several
threads. Any answer that is not what that request may get is an "unexpected" outcome; so is the daemon
exiting. The run fails if there is one.

  bench/soak/soak.py --seconds 900        # the full soak (15 minutes)
  bench/soak/soak.py --seconds 20         # the quick form the test command runs

Uses the programs of ALFABRAVO_BUILD_DIR (default: build/), and tests/support/pulse-harness.sh.
"""
from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PULSE_HARNESS = REPO / "tests" / "support" / "pulse-harness.sh"
FORMATS = ["wav8k", "wav16k", "wav22k", "wav48k", "wav", "ulaw", "alaw"]
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@"
READ_TIMEOUT = 180  # a speak may wait behind every other client's utterances


class Conn:
    def __init__(self, path: Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(READ_TIMEOUT)
        self.sock.connect(str(path))
        self.reader = self.sock.makefile("rb")

    def send(self, request: dict) -> None:
        self.sock.sendall(json.dumps(request).encode() + b"\n")

    def event(self) -> dict:
        line = self.reader.readline()
        if not line:
            raise ConnectionError("the daemon closed the connection")
        return json.loads(line)

    def until_final(self, rid: str, on_event=None) -> dict:
        while True:
            event = self.event()
            if on_event:
                on_event(event)
            if event.get("id") == rid and event["event"] in ("done", "cancelled", "error", "transcript"):
                return event

    def close(self) -> None:
        try:
            self.reader.close()
            self.sock.close()
        except OSError:
            pass


class Soak:
    def __init__(self, socket_path: Path, seconds: float, seed: int):
        self.path = socket_path
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.unexpected: list[str] = []
        self.seed = seed

    def note(self, op: str, outcome: str, expected: bool, detail: str = "") -> None:
        with self.lock:
            self.outcomes[f"{op}:{outcome}"] += 1
            if not expected:
                self.unexpected.append(f"{op}: {outcome} {detail}".strip())

    def text(self, rng: random.Random, longest: int) -> str:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, longest)))

    def speak(self, rng: random.Random, n: int, style: str) -> None:
        conn = Conn(self.path)
        rid = f"s{n}"
        request = {"op": "speak", "id": rid, "text": self.text(rng, 12)}
        if rng.random() < 0.5:
            request["rate"] = rng.choice([150, 250, 350, 450])
        if style == "cancel" and rng.random() < 0.5:
            # Ctrl-C during the last word: one fast word, cancelled on its first progress event.
            request.update(text=rng.choice(ALPHABET[:26]), rate=450)
        conn.send(request)
        try:
            if style == "hangup":
                # Hang up once it is heard (or queued, sometimes): the daemon cancels it.
                wanted = rng.choice(["queued", "progress"])
                while conn.event()["event"] not in (wanted, "done", "error", "cancelled"):
                    pass
                self.note("speak+hangup", "closed", True)
                return
            cancelled = False

            def on_event(event: dict) -> None:
                nonlocal cancelled
                if style == "cancel" and not cancelled and event["event"] == "progress":
                    conn.send({"op": "cancel", "id": rid})
                    cancelled = True

            final = conn.until_final(rid, on_event)
            name = final["event"]
            ok = name == "done" or (style == "cancel" and name == "cancelled")
            # A cancel that arrives after the last word has been heard finds nothing to cancel.
            if style == "cancel" and name == "error" and final.get("code") == "not_found":
                ok = True
            self.note(f"speak+{style}", name if name != "error" else "error:" + final.get("code", "?"), ok,
                      final.get("message", ""))
            if style == "cancel" and cancelled and name == "done":
                # The answer to the cancel (not_found, the utterance having ended) may follow.
                pass
        finally:
            conn.close()

    def transcript(self, rng: random.Random, n: int) -> None:
        conn = Conn(self.path)
        rid = f"t{n}"
        try:
            conn.send({"op": "transcript", "id": rid, "text": self.text(rng, 200), "mode": "password"})
            final = conn.until_final(rid)
            ok = final["event"] == "transcript" and len(final.get("words", [])) > 0
            self.note("transcript", final["event"], ok, final.get("message", ""))
        finally:
            conn.close()

    def render(self, rng: random.Random, n: int) -> None:
        conn = Conn(self.path)
        rid = f"r{n}"
        fmt = rng.choice(FORMATS)
        try:
            conn.send({"op": "render", "id": rid, "text": self.text(rng, 60), "format": fmt})
            expected_bytes, received = None, 0
            while True:
                event = conn.event()
                if event.get("id") != rid:
                    continue
                if event["event"] == "render":
                    expected_bytes = event["bytes"]
                elif event["event"] == "audio":
                    received += len(base64.b64decode(event["data"]))
                else:
                    break
            ok = event["event"] == "done" and expected_bytes == received == event.get("bytes")
            outcome = event["event"] if event["event"] != "error" else "error:" + event.get("code", "?")
            self.note(f"render:{fmt}", outcome, ok, f"{received}/{expected_bytes} {event.get('message', '')}")
        finally:
            conn.close()

    def status(self, rng: random.Random, n: int) -> None:
        conn = Conn(self.path)
        try:
            conn.send({"op": "status", "id": f"q{n}"})
            event = conn.event()
            # "unknown" until the first utterance has opened the output; never "unavailable" here.
            audio_fine = event.get("audio") in ("available", "unknown")
            self.note("status", event["event"], event["event"] == "status" and audio_fine, json.dumps(event))
        finally:
            conn.close()

    def worker(self, index: int) -> None:
        rng = random.Random(self.seed * 1000 + index)
        n = 0
        # Utterances take turns on the one sound output: two threads keep it busy, the others mostly ask
        # for what needs no sound (and sometimes speak too, so the queue is never empty for long).
        if index < 2:
            actions = [(self.speak, "wait", 45), (self.speak, "cancel", 40), (self.speak, "hangup", 15)]
        else:
            actions = [(self.transcript, None, 35), (self.render, None, 40), (self.status, None, 10),
                       (self.speak, "cancel", 10), (self.speak, "hangup", 5)]
        weights = [w for _, _, w in actions]
        while time.monotonic() < self.deadline:
            action, style, _ = rng.choices(actions, weights)[0]
            n += 1
            name = action.__name__ + (f"+{style}" if style else "")
            try:
                if style:
                    action(rng, index * 1_000_000 + n, style)
                else:
                    action(rng, index * 1_000_000 + n)
            except Exception as e:  # a broken connection, a timeout, unreadable JSON
                self.note(name, "exception", False, repr(e))


def start_pulse(work: Path) -> dict[str, str]:
    out = subprocess.run([str(PULSE_HARNESS), "start", str(work / "pulse"), "alfabravo_soak"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    env = {}
    for line in out.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            env[name] = value.strip("'")
    return env


def wait_ready(path: Path, daemon: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if daemon.poll() is not None:
            raise RuntimeError("alfabravod exited during start-up")
        try:
            conn = Conn(path)
            conn.send({"op": "ping", "id": "ready"})
            if conn.event()["event"] == "pong":
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("alfabravod did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=900)
    parser.add_argument("--clients", type=int, default=6, help="concurrent client threads")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    build = Path(os.environ.get("ALFABRAVO_BUILD_DIR", REPO / "build"))
    work = Path(tempfile.mkdtemp(prefix="alfabravo-soak-"))
    env_pulse = start_pulse(work)
    socket_path = work / "run" / "alfabravo" / "socket"
    (work / "run").mkdir(mode=0o700)
    (work / "config").mkdir(mode=0o700)
    cache = build / "tests" / "daemon" / "clip-cache"
    env = {**os.environ, **env_pulse, "XDG_RUNTIME_DIR": str(work / "run"), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_CACHE_HOME": str(cache), "NOTIFY_SOCKET": "", "LISTEN_FDS": "", "LISTEN_PID": ""}
    log_path = work / "daemon.log"
    with open(log_path, "wb") as log:
        daemon = subprocess.Popen([str(build / "daemon" / "alfabravod"), "--audio", "portaudio", "--device",
                                   "default", "--idle-close", "2", "--socket", str(socket_path)],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
    soak = None
    try:
        wait_ready(socket_path, daemon)
        soak = Soak(socket_path, args.seconds, args.seed)
        started = time.monotonic()
        threads = [threading.Thread(target=soak.worker, args=(i,), daemon=True) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + READ_TIMEOUT + 60)
        elapsed = time.monotonic() - started
        alive = daemon.poll() is None
        if not alive:
            soak.unexpected.append(f"alfabravod exited with status {daemon.returncode}")
    finally:
        if daemon.poll() is None:
            daemon.terminate()
            try:
                daemon.wait(timeout=20)
            except subprocess.TimeoutExpired:
                daemon.kill()
        subprocess.run([str(PULSE_HARNESS), "stop", str(work / "pulse")], check=False, timeout=60)
    log_text = log_path.read_text(errors="replace")
    total = sum(soak.outcomes.values()) if soak else 0
    figures = {"seconds": round(elapsed, 1), "clients": args.clients, "seed": args.seed, "requests": total,
               "outcomes": dict(sorted(soak.outcomes.items())), "unexpected": soak.unexpected,
               "daemon_warnings": [line for line in log_text.splitlines() if line.startswith(("<3>", "<4>"))][:50]}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    if soak.unexpected:
        print(f"soak: {len(soak.unexpected)} unexpected outcomes of {total} requests", file=sys.stderr)
        return 1
    print(f"soak: {total} requests in {elapsed:.0f} s, no unexpected outcome", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
