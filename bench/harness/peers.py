"""speech-dispatcher with a private configuration, socket and runtime dir, speaking through the private sound
server with its espeak-ng module: the peer a Linux user would reach for (spd-say)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

from procs import kill_group

SPEECHD_CONF = """\
LogLevel 2
LogDir "{log}"
DefaultVolume 100
AudioOutputMethod "pulse"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
DefaultLanguage "en"
SymbolsPreproc "char"
SymbolsPreprocFile "symbols.dic"
"""


class SpeechDispatcher:
    def __init__(self, workdir: Path, pulse_env: dict[str, str]):
        self.dir = workdir / "speechd"
        self.socket = self.dir / "socket"
        self.env = {**os.environ, **pulse_env, "HOME": str(self.dir / "home"),
                    "XDG_RUNTIME_DIR": str(self.dir / "runtime"), "XDG_CONFIG_HOME": str(self.dir / "config"),
                    "SPEECHD_ADDRESS": f"unix_socket:{self.dir / 'socket'}"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        conf = self.dir / "conf"
        (conf / "modules").mkdir(parents=True)
        for sub in ("home", "log", "config"):
            (self.dir / sub).mkdir()
        (self.dir / "runtime").mkdir(mode=0o700)
        (conf / "speechd.conf").write_text(SPEECHD_CONF.format(log=self.dir / "log"))
        (conf / "modules" / "espeak-ng.conf").write_text(Path("/etc/speech-dispatcher/modules/espeak-ng.conf")
                                                         .read_text())
        self.proc = subprocess.Popen(
            ["speech-dispatcher", "--run-single", "--timeout", "0", "--communication-method", "unix_socket",
             "--socket-path", str(self.socket), "--config-dir", str(conf), "--pid-file", str(self.dir / "pid")],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "log" / "stderr.log", "wb"), start_new_session=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.connect(str(self.socket))
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"speech-dispatcher did not start; see {self.dir / 'log'}")
                time.sleep(0.05)

    def pids(self) -> list[int]:
        """The server and its output modules (sd_espeak-ng): their costs are the peer's costs."""
        if not self.proc:
            return []
        result = [self.proc.pid]
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(l.split(":\t", 1) for l in status.read_text().splitlines() if ":\t" in l)
            except (OSError, ValueError):
                continue
            if fields.get("PPid", "").strip() == str(self.proc.pid):
                result.append(int(status.parent.name))
        return result

    def stop(self) -> None:
        if self.proc:
            kill_group(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                kill_group(self.proc.pid)
                self.proc.wait()
            self.proc = None
