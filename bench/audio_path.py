#!/usr/bin/python3
"""The daemon's sound path alone, for comparing builds side by side: request → first sound at the sink over the
socket (stream open, and after the idle close), spd-say after idle for reference, and the idle daemon's memory
(RSS, PSS, anonymous; the largest mappings). Every daemon given runs against one private PulseAudio, in
interleaved rounds (bench/harness/first_sound.py), so a noisy machine hits them alike.

    flock /tmp/alfabravo-real-audio.lock bench/audio_path.py [--rounds N] [--client ALFABRAVO] NAME=PATH/TO/alfabravod ...

Prints a table of medians (ms from the request sent) and the memory of each idle daemon; --json FILE keeps it all.
bench/run measures the same path among everything else (bench/README.md); this is its quick, focused form.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "harness"))

from daemon import Client, Daemon  # noqa: E402
from first_sound import FirstSoundBench, System  # noqa: E402
from measure import mappings  # noqa: E402
from peers import SpeechDispatcher  # noqa: E402
from sound import PrivatePulse, Recorder, make_private_dir, remove_dir  # noqa: E402

IDLE_CLOSE_S = 3.0  # alfabravod's default idle close
PATH_PROBE = Path(__file__).resolve().parent / "harness" / "path_probe.py"


def memory(pid: int) -> dict:
    """RSS, PSS and their anonymous and file-backed parts (KiB) from smaps_rollup, and the largest mappings."""
    rollup = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        rollup[key.strip()] = int(value.split()[0])
    return {"rss": rollup["Rss"], "pss": rollup["Pss"], "anonymous": rollup["Anonymous"],
            "pss_anon": rollup.get("Pss_Anon"), "pss_file": rollup.get("Pss_File"),
            "top": mappings(pid)[:12]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("daemons", nargs="+", help="NAME=PATH of an alfabravod")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-idle", action="store_true", help="only the stream-open case (faster)")
    parser.add_argument("--client", type=Path, help="an alfabravo client: also time it from exec after idle")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    workdir = make_private_dir("alfabravo-audio-path-")
    pulse = PrivatePulse(workdir)
    rec = None
    speechd = None
    daemons: dict[str, Daemon] = {}
    try:
        pulse.start()
        rec = Recorder(pulse.env)
        rec.start()
        systems = []
        if not args.no_idle:
            speechd = SpeechDispatcher(workdir, pulse.env)
            speechd.start()
            systems.append(System("spd-say -w -s (after 4 s idle), from exec", ["spd-say", "-w", "-s", "Ab3"],
                                  speechd.env, "spd", state="idle", idle_seconds=IDLE_CLOSE_S + 1))
        for spec in args.daemons:
            name, _, path = spec.partition("=")
            d = Daemon(Path(path), workdir / f"daemon-{name}", pulse.env)
            d.start()
            daemons[name] = d
            probe = ["/usr/bin/python3", str(PATH_PROBE), str(d.socket), "Ab3"]
            systems.append(System(f"{name}: stream open", probe, d.env, name, state="open", t0_from_output=True))
            if not args.no_idle:
                systems.append(System(f"{name}: after idle close", probe, d.env, name, state="idle",
                                      idle_seconds=IDLE_CLOSE_S + 1, t0_from_output=True))
            if args.client and not args.no_idle:  # as spd-say is timed: from exec of the client
                systems.append(System(f"{name}: client after idle close, from exec",
                                      [str(args.client), "--socket", str(d.socket), "Ab3"], d.env, name,
                                      state="idle", idle_seconds=IDLE_CLOSE_S + 1))
        bench = FirstSoundBench(rec, systems, lambda m: print(m, file=sys.stderr))
        bench.run(args.rounds)
        results = {"first_sound": {}, "memory": {}}
        print(f"| system | n | median ms | p10 | p90 | started (median) | failed |")
        print("|---|---|---|---|---|---|---|")
        for s in systems:
            r = sorted(s.results_ms)
            started = [m["started"] for m in s.marks if "started" in m]
            row = {"n": len(r), "median": statistics.median(r) if r else None, "raw": s.results_ms,
                   "started": statistics.median(started) if started else None, "failures": s.failures}
            results["first_sound"][s.name] = row
            if r:
                print(f"| {s.name} | {len(r)} | {row['median']:.2f} | {r[len(r) // 10]:.2f} | "
                      f"{r[(len(r) * 9) // 10 - (1 if len(r) % 10 == 0 else 0)]:.2f} | "
                      f"{row['started'] if row['started'] is not None else float('nan'):.2f} | {len(s.failures)} |")
        # Memory of each daemon once it has spoken and closed its output (idle).
        time.sleep(IDLE_CLOSE_S + 1.5)
        for name, d in daemons.items():
            results["memory"][name] = memory(d.pid)
            m = results["memory"][name]
            print(f"{name}: idle RSS {m['rss'] / 1024:.1f} MiB, PSS {m['pss'] / 1024:.1f} MiB, anonymous "
                  f"{m['anonymous'] / 1024:.1f} MiB; largest: " +
                  ", ".join(f"{k} {v / 1024:.1f}" for k, v in m["top"][:8]))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        return 0
    finally:
        for d in daemons.values():
            d.stop()
        if speechd:
            speechd.stop()
        if rec:
            rec.stop()
        pulse.stop()
        remove_dir(workdir)


if __name__ == "__main__":
    sys.exit(main())
