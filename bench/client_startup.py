#!/usr/bin/python3
"""The client program's own share of the time to first sound: from just before exec to the request arriving
at the server's socket, and to the program's exit, and the program's CPU time (user + system), for
`alfabravo 'Ab3'` (against a stand-in daemon that answers done at once) and for `spd-say 'Ab3'` (against a
stand-in speech-dispatcher speaking SSIP); no sound server, no synthesis: the clients alone. Measured
interleaved (round r runs each client once, in an order rotated by r); medians and ratios within the run.

  bench/client_startup.py [--client build/client/alfabravo] [--client OTHER/alfabravo ...] [--rounds 50] [--floor]

--floor adds bench/client_floor.c (compiled with gcc -O2): a C client that only connects and writes, the least
any client can cost here.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
from procs import spawn, wait  # noqa: E402


class StandIn:
    """A Unix socket server that notes when each connection's first request arrives and answers it."""

    def __init__(self, path: Path, protocol: str):
        self.path = path
        self.protocol = protocol
        self.arrivals: list[float] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(16)
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            state = {"receiving": False}
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
                if self.protocol == "json":
                    while b"\n" in buffer:
                        line, _, buffer = buffer.partition(b"\n")
                        request = json.loads(line)
                        if request.get("op") == "speak":
                            self.arrivals.append(time.monotonic())
                        # Without an id the daemon assigns one (docs/protocol.md).
                        rid = request.get("id") or "d1"
                        conn.sendall((json.dumps({"event": "done", "id": rid}) + "\n").encode())
                else:
                    buffer = self._ssip(conn, buffer, state)

    def _ssip(self, conn: socket.socket, buffer: bytes, state: dict) -> bytes:
        # SSIP: commands are CRLF lines; SPEAK is followed by the text and a line with a lone dot.
        while b"\r\n" in buffer:
            if state["receiving"]:
                if b"\r\n.\r\n" not in buffer:
                    return buffer
                _, _, buffer = buffer.partition(b"\r\n.\r\n")
                state["receiving"] = False
                conn.sendall(b"225-1\r\n225 OK MESSAGE QUEUED\r\n")
                continue
            line, _, buffer = buffer.partition(b"\r\n")
            command = line.split(b" ")[0].upper()
            if command == b"SPEAK":
                self.arrivals.append(time.monotonic())
                state["receiving"] = True
                buffer = b"\r\n" + buffer  # the text's end marker starts with the CRLF of this line
                conn.sendall(b"230 OK RECEIVING DATA\r\n")
            elif command == b"QUIT":
                conn.sendall(b"231 HAPPY HACKING\r\n")
            else:
                conn.sendall(b"208 OK\r\n")
        return buffer


def wait_with_cpu(pid: int, timeout: float) -> tuple[int | None, float]:
    """(exit code or None after a timeout, the child's user + system CPU ms). The CPU time is what the program
    itself costs, steadier than the wall-clock times on a machine that other work shares."""
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), (usage.ru_utime + usage.ru_stime) * 1000
        if time.monotonic() > deadline:
            return wait(pid, 0), float("nan")
        time.sleep(0.001)


def run_once(argv: list[str], env: dict[str, str], server: StandIn) -> tuple[float, float, float] | None:
    before = len(server.arrivals)
    t0, pid = spawn(argv, env)
    status, cpu_ms = wait_with_cpu(pid, 10)
    t_exit = time.monotonic()
    if status != 0 or len(server.arrivals) <= before:
        return None
    return (server.arrivals[before] - t0) * 1000, (t_exit - t0) * 1000, cpu_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", action="append", type=Path, help="an alfabravo binary (repeatable)")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--floor", action="store_true", help="add the C floor, bench/client_floor.c")
    args = parser.parse_args()
    clients = args.client or [Path("build/client/alfabravo")]

    with tempfile.TemporaryDirectory(prefix="client-startup-") as tmp:
        if args.floor:
            floor = Path(tmp) / "client_floor"
            subprocess.run(["gcc", "-O2", "-o", str(floor), str(Path(__file__).resolve().parent / "client_floor.c")],
                           check=True)
            clients.append(floor)
        ours = StandIn(Path(tmp) / "alfabravo.sock", "json")
        speechd = StandIn(Path(tmp) / "speechd.sock", "ssip")
        env = {**os.environ, "SPEECHD_ADDRESS": f"unix_socket:{speechd.path}", "LC_ALL": "C.UTF-8"}
        systems = {f"alfabravo ({c})": ([str(c.resolve()), "--socket", str(ours.path), "Ab3"], ours)
                   for c in clients}
        systems["spd-say"] = (["spd-say", "Ab3"], speechd)
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
        failures = {name: 0 for name in systems}
        names = list(systems)
        print(f"load average at start: {os.getloadavg()}")
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                argv, server = systems[name]
                measured = run_once(argv, env, server)
                if measured is None:
                    failures[name] += 1
                else:
                    results[name].append(measured)
        print(f"load average at end: {os.getloadavg()}")
        spd = statistics.median(m[0] for m in results["spd-say"]) if results["spd-say"] else float("nan")
        spd_cpu = statistics.median(m[2] for m in results["spd-say"]) if results["spd-say"] else float("nan")
        print(f"{'client':60} {'n':>3} {'exec→request ms':>16} {'p90':>6} {'exec→exit ms':>13} {'÷ spd-say':>9}"
              f" {'CPU ms':>7} {'÷ spd-say':>9} failed")
        for name in names:
            rows = results[name]
            if not rows:
                print(f"{name:60} no successful run ({failures[name]} failed)")
                continue
            sent = sorted(m[0] for m in rows)
            ended = [m[1] for m in rows]
            p90 = sent[int(0.9 * (len(sent) - 1))]
            cpu = statistics.median(m[2] for m in rows)
            print(f"{name:60} {len(rows):3} {statistics.median(sent):16.2f} {p90:6.2f} "
                  f"{statistics.median(ended):13.2f} {statistics.median(sent) / spd:8.2f}× {cpu:7.2f} "
                  f"{cpu / spd_cpu:8.2f}× {failures[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
