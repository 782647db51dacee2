"""Time to first sound: from just before exec of a command to the first non-silent sample at the null sink,
for every system, interleaved (round r runs every system once, in an order rotated by r), so slow phases of
the shared machine hit all of them alike."""
from __future__ import annotations

import signal
import tempfile
import time
from dataclasses import dataclass, field

from pathlib import Path

from procs import kill_group, spawn, wait
from sound import Recorder

QUIET_BEFORE = 0.25  # the sink must have been silent this long before a trial starts
SOUND_TIMEOUT = 15.0
EXIT_TIMEOUT = 30.0


@dataclass
class System:
    name: str
    argv: list[str]
    env: dict[str, str]
    family: str                       # systems of one family share state (a daemon, an open stream)
    state: str | None = None          # "open": right after another request of the family; "idle": after a pause
    idle_seconds: float = 0.0         # for "idle": how long the family must have been silent
    open_within: float = 1.5          # for "open": the previous request of the family ended at most this long ago
    interrupt: bool = False           # SIGINT once the sound is heard (as Ctrl-C would): shorter runs
    t0_from_output: bool = False      # the command prints "T0=<CLOCK_MONOTONIC s>": measure from there
    results_ms: list[float] = field(default_factory=list)
    marks: list[dict[str, float]] = field(default_factory=list)  # "name=seconds" lines it printed, per run
    rounds: list[int] = field(default_factory=list)     # the round of each result
    spawn_ms: list[float] = field(default_factory=list)  # how long posix_spawn took (exec included)
    failures: list[str] = field(default_factory=list)


DURATION_MARKS = {"output_latency"}  # printed marks that are durations (s), not times


def parse_marks(text: str) -> dict[str, float]:
    """name=seconds lines (CLOCK_MONOTONIC, like time.monotonic()) printed by a probe."""
    marks = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep:
            try:
                marks[name.strip()] = float(value)
            except ValueError:
                pass
    return marks


class FirstSoundBench:
    def __init__(self, recorder: Recorder, systems: list[System], log=print):
        self.rec = recorder
        self.systems = systems
        self.family_last_end: dict[str, float] = {}
        self.log = log

    def _run(self, system: System, measured: bool = True) -> tuple[float | None, str | None]:
        self.rec.wait_quiet(QUIET_BEFORE)
        with tempfile.NamedTemporaryFile(prefix="bench-out-") as output:
            t0, pid = spawn(system.argv, system.env, stdout=output.name)
            system.spawn_ms.append((time.monotonic() - t0) * 1000.0)
            if system.t0_from_output:
                code = wait(pid, EXIT_TIMEOUT)
                marks = parse_marks(Path(output.name).read_text(errors="replace"))
                if "T0" not in marks:
                    return None, "printed no T0"
                t0 = marks["T0"]
                first = self.rec.first_sound_after(t0, 1.0)
            else:
                first = self.rec.first_sound_after(t0, SOUND_TIMEOUT)
                if system.interrupt and first is not None:
                    kill_group(pid, signal.SIGINT)
                code = wait(pid, EXIT_TIMEOUT)
                if system.interrupt and code == 130:  # 128 + SIGINT: the documented exit of an interrupted run
                    code = 0
                marks = parse_marks(Path(output.name).read_text(errors="replace"))
        self.rec.wait_quiet(QUIET_BEFORE)
        self.family_last_end[system.family] = time.monotonic() - QUIET_BEFORE
        if code != 0:
            return None, f"exit status {code}" if code is not None else "timed out"
        if first is None:
            return None, "no sound at the sink"
        if marks and measured:  # a priming run's marks describe another state
            system.marks.append({k: (v * 1000.0 if k in DURATION_MARKS else (v - t0) * 1000.0)
                                 for k, v in marks.items()} | {"sound": (first - t0) * 1000})
        return (first - t0) * 1000.0, None

    def _prepare(self, system: System) -> None:
        last = self.family_last_end.get(system.family)
        if system.state == "open":
            if last is None or time.monotonic() - last > system.open_within:
                self._run(system, measured=False)  # primes the family (opens the daemon's stream)
        elif system.state == "idle" and last is not None:
            remaining = system.idle_seconds - (time.monotonic() - last)
            if remaining > 0:
                time.sleep(remaining)

    @staticmethod
    def paired_differences(a: System, b: System) -> list[float]:
        """b - a for every round in which both succeeded."""
        mine = dict(zip(a.rounds, a.results_ms))
        return [ms - mine[r] for r, ms in zip(b.rounds, b.results_ms) if r in mine]

    def run(self, rounds: int) -> None:
        for r in range(rounds):
            order = self.systems[r % len(self.systems):] + self.systems[:r % len(self.systems)]
            for system in order:
                self._prepare(system)
                ms, failure = self._run(system)
                if failure:
                    system.failures.append(failure)
                    self.log(f"  {system.name}: FAILED ({failure})")
                else:
                    system.results_ms.append(ms)
                    system.rounds.append(r)
            self.rec.trim()
            self.log(f"  round {r + 1}/{rounds}: " +
                     ", ".join(f"{s.name} {s.results_ms[-1]:.1f}" for s in self.systems if s.results_ms))
