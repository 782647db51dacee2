"""The client program's own share of the time to first sound: from just before exec to the request arriving at
the server's socket, to the program's exit, and the program's CPU time (user + system). `alfabravo 'Ab3'` runs
against a stand-in daemon that answers `done` at once, `spd-say 'Ab3'` against a stand-in speech-dispatcher
speaking SSIP, and bench/client_floor.c (a C program that only connects, writes the request and reads the reply)
against the first: no sound server, no synthesis, the clients alone. The stand-ins are bench/standin_server.c.
Interleaved (round r runs each client once, in an order rotated by r)."""
from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from procs import spawn, wait_with_cpu
from stats import summary

BENCH_DIR = Path(__file__).resolve().parents[1]
FLOOR = "C floor (bench/client_floor.c)"
SPD_SAY = "spd-say 'Ab3'"


def compile_tool(name: str, out_dir: Path) -> Path:
    """bench/<name>.c compiled into out_dir (again only when the source is newer)."""
    source, binary = BENCH_DIR / f"{name}.c", out_dir / name
    if not binary.is_file() or source.stat().st_mtime > binary.stat().st_mtime:
        subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", str(binary), str(source)], check=True)
    return binary


class StandIn:
    """bench/standin_server on a socket; `arrivals` collects the monotonic times at which speak requests came."""

    def __init__(self, binary: Path, path: Path, protocol: str):
        self.path = path
        self.arrivals: list[float] = []
        self.process = subprocess.Popen([str(binary), str(path), protocol], stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"{binary} did not start on {path}")
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.arrivals.append(float(line))

    def arrival_after(self, count: int, timeout: float = 1.0) -> float | None:
        """The arrival noted after the first `count` ones (its line may still be on its way through the pipe)."""
        deadline = time.monotonic() + timeout
        while len(self.arrivals) <= count and time.monotonic() < deadline:
            time.sleep(0.0005)
        return self.arrivals[count] if len(self.arrivals) > count else None

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def run_once(argv: list[str], env: dict[str, str], server: StandIn) -> tuple[float, float, float] | None:
    before = len(server.arrivals)
    t0, pid = spawn(argv, env)
    status, cpu_ms = wait_with_cpu(pid, 10)
    t_exit = time.monotonic()
    arrival = server.arrival_after(before)
    if status != 0 or arrival is None:
        return None
    return (arrival - t0) * 1000, (t_exit - t0) * 1000, cpu_ms


def measure(clients: dict[str, Path], tools_dir: Path, workdir: Path, rounds: int) -> dict:
    """{system: {"request": summary ms, "exit": summary ms, "cpu": summary ms, "failures": n}} for each alfabravo
    client given (name → binary), spd-say and the C floor."""
    standin, floor = compile_tool("standin_server", tools_dir), compile_tool("client_floor", tools_dir)
    workdir.mkdir(mode=0o700, parents=True, exist_ok=True)  # the client refuses a socket in a shared directory
    ours = StandIn(standin, workdir / "alfabravo.sock", "json")
    speechd = StandIn(standin, workdir / "speechd.sock", "ssip")
    try:
        env = {**os.environ, "SPEECHD_ADDRESS": f"unix_socket:{speechd.path}", "LC_ALL": "C.UTF-8"}
        systems = {name: ([str(binary), "--socket", str(ours.path), "Ab3"], ours) for name, binary in clients.items()}
        systems[FLOOR] = ([str(floor), "--socket", str(ours.path), "Ab3"], ours)
        systems[SPD_SAY] = (["spd-say", "Ab3"], speechd)
        times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
        failures = dict.fromkeys(systems, 0)
        names = list(systems)
        for r in range(rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                argv, server = systems[name]
                measured = run_once(argv, env, server)
                if measured is None:
                    failures[name] += 1
                else:
                    times[name].append(measured)
    finally:
        ours.close()
        speechd.close()
    return {name: {"request": summary([t[0] for t in rows]), "exit": summary([t[1] for t in rows]),
                   "cpu": summary([t[2] for t in rows]), "failures": failures[name]}
            for name, rows in times.items()}
