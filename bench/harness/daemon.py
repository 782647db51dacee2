"""alfabravod under the benchmark: started with a NOTIFY_SOCKET of ours (so READY=1 is timed), a private socket,
runtime and cache dir, and the private sound server's environment; plus a minimal JSON-lines client
(docs/protocol.md) for ping, transcript and render."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

from procs import kill_group

FINAL_EVENTS = {"done", "cancelled", "error", "ok", "pong", "version", "status", "voices", "devices",
                "transcript"}


class Client:
    """One connection; request() sends one JSON line and returns every event up to the final one."""

    def __init__(self, path: Path, timeout: float = 30.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(str(path))
        self.buffer = b""
        self.next_id = 0

    def close(self) -> None:
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _line(self) -> bytes:
        while b"\n" not in self.buffer:
            data = self.sock.recv(1 << 16)
            if not data:
                raise ConnectionError("the daemon closed the connection")
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def request(self, op: str, **fields) -> list[dict]:
        self.next_id += 1
        rid = f"b{self.next_id}"
        self.sock.sendall((json.dumps({"op": op, "id": rid, **fields}) + "\n").encode())
        events = []
        while True:
            event = json.loads(self._line())
            if event.get("id") not in (rid, None):
                continue
            events.append(event)
            if event.get("event") in FINAL_EVENTS:
                return events


class Daemon:
    def __init__(self, binary: Path, workdir: Path, pulse_env: dict[str, str], audio: str = "portaudio",
                 cache_dir: Path | None = None, extra_args: list[str] | None = None):
        self.binary = binary
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "runtime").mkdir(mode=0o700, exist_ok=True)
        self.socket = self.dir / "runtime" / "alfabravo" / "socket"
        self.cache_dir = cache_dir or (self.dir / "cache")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **pulse_env, "XDG_RUNTIME_DIR": str(self.dir / "runtime"),
                    "XDG_CACHE_HOME": str(self.cache_dir), "XDG_CONFIG_HOME": str(self.dir / "config")}
        self.argv = [str(binary), "--socket", str(self.socket), "--audio", audio, *(extra_args or [])]
        self.proc: subprocess.Popen | None = None
        self.ready_ms: float | None = None
        self.accept_ms: float | None = None
        self.log_times: dict[str, float] = {}  # ms after exec of the first log line starting with each key

    @property
    def pid(self) -> int:
        return self.proc.pid

    def start(self, timeout: float = 60.0) -> None:
        """Starts the daemon and times exec -> READY=1 and exec -> first answered ping."""
        notify_path = self.dir / "notify"
        notify_path.unlink(missing_ok=True)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(str(notify_path))
        notify.setblocking(False)
        self.socket.unlink(missing_ok=True)
        env = {**self.env, "NOTIFY_SOCKET": str(notify_path)}
        log = open(self.dir / "daemon.log", "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                     stderr=subprocess.PIPE, start_new_session=True)
        # The log lines, timed as they arrive: where the start-up goes (voice, audio devices, ready).
        threading.Thread(target=self._read_log, args=(self.proc.stderr, log, t0), daemon=True).start()
        deadline = t0 + timeout
        try:
            while self.ready_ms is None or self.accept_ms is None:
                now = time.monotonic()
                if self.proc.poll() is not None:
                    raise RuntimeError(f"alfabravod exited with {self.proc.returncode}: {self.log_tail()}")
                if now > deadline:
                    raise RuntimeError(f"alfabravod not ready within {timeout} s: {self.log_tail()}")
                if self.ready_ms is None:
                    try:
                        message = notify.recv(4096)
                        if b"READY=1" in message.split(b"\n"):
                            self.ready_ms = (time.monotonic() - t0) * 1000
                    except BlockingIOError:
                        pass
                if self.accept_ms is None and self.socket.exists():
                    try:
                        with Client(self.socket, timeout=5) as c:
                            if c.request("ping")[-1].get("event") == "pong":
                                self.accept_ms = (time.monotonic() - t0) * 1000
                    except OSError:
                        pass
                time.sleep(0.0005)
        finally:
            notify.close()
            notify_path.unlink(missing_ok=True)

    LOG_MARKS = ("listening on", "voice ", "audio output", "no audio output", "ready")

    def _read_log(self, stream, log, t0: float) -> None:
        for raw in stream:
            ms = (time.monotonic() - t0) * 1000
            log.write(f"[+{ms:8.1f} ms] ".encode() + raw)
            log.flush()
            text = raw.decode(errors="replace").strip()
            text = text[3:] if text.startswith("<") and text[2:3] == ">" else text  # sd-daemon priority
            for key in self.LOG_MARKS:
                if text.startswith(key):
                    self.log_times.setdefault(key.strip(), ms)
        log.close()

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join((self.dir / "daemon.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc:
            kill_group(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                kill_group(self.proc.pid)
                self.proc.wait()
            self.proc = None

    def version(self) -> str:
        with Client(self.socket) as c:
            event = c.request("version")[-1]
        return " ".join(f"{k}={v}" for k, v in event.items() if k not in ("id", "event"))
