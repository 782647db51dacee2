#!/usr/bin/python3
"""The client program's own share of the time to first sound (bench/harness/client_start.py says how it is
measured): `alfabravo 'Ab3'` against a stand-in daemon, `spd-say 'Ab3'` against a stand-in speech-dispatcher,
and the C floor (bench/client_floor.c: connect, write, read, nothing else), interleaved; medians and ratios
within the run. bench/run measures the same as one of its rows; this runs it alone, with more rounds or
several builds of the client side by side.

  bench/client_startup.py [--client build/client/alfabravo] [--client OTHER/alfabravo ...] [--rounds 100]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))
import client_start  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", action="append", type=Path, help="an alfabravo binary (repeatable)")
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    clients = {f"alfabravo ({c})": c.resolve() for c in args.client or [Path("build/client/alfabravo")]}
    with tempfile.TemporaryDirectory(prefix="client-startup-") as tmp:
        print(f"load average at start: {os.getloadavg()}")
        results = client_start.measure(clients, Path(tmp), Path(tmp) / "sockets", args.rounds)
        print(f"load average at end: {os.getloadavg()}")
    spd = results[client_start.SPD_SAY]
    print(f"{'client':60} {'n':>3} {'exec→request ms':>16} {'p90':>6} {'exec→exit ms':>13} {'÷ spd-say':>9}"
          f" {'CPU ms':>7} {'÷ spd-say':>9} failed")
    for name, r in results.items():
        request, cpu = r["request"], r["cpu"]
        print(f"{name:60} {request['n']:3} {request['median']:16.2f} {request['p90']:6.2f} "
              f"{r['exit']['median']:13.2f} {request['median'] / spd['request']['median']:8.2f}× "
              f"{cpu['median']:7.2f} {cpu['median'] / spd['cpu']['median']:8.2f}× {r['failures']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
