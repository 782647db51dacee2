"""The private sound server the benchmark plays into, and a recorder of its null sink's monitor that maps every
recorded sample to a CLOCK_MONOTONIC time, so "first sound" can be found for a command started at a known time.

Timing method (bench/README.md explains it at length): parec records the monitor with a 2 ms fragment, so the
null sink renders in 2 ms blocks and parec hands over each block as soon as it is rendered. A reader thread
notes, for every block it reads, the monotonic time of the read and the index of the block's first sample. The
null sink renders a block when its own clock (CLOCK_MONOTONIC) reaches the block's start, so
    read_time - first_index / rate = recording origin + delivery delay (>= 0).
The smallest value over the blocks near an event is the origin (plus the smallest delivery delay, measured
~0.05-0.1 ms here); sample i then passed the sink at origin + i / rate.
"""
from __future__ import annotations

import bisect
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
PULSE_HARNESS = REPO / "tests" / "support" / "pulse-harness.sh"
SINK = "bench"
# The sink rate of the tests' harness (pulse-harness.sh creates every null sink at 22050 Hz mono).
RATE = 22050
SILENCE_THRESHOLD = 32  # |sample| above this is sound; the null sink's silence is exact zeros


class PrivatePulse:
    """pulseaudio -n on a private runtime dir with one null sink, via tests/support/pulse-harness.sh."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "pulse"
        self.env: dict[str, str] = {}

    def start(self) -> None:
        out = subprocess.run([str(PULSE_HARNESS), "start", str(self.dir), SINK], check=True,
                             capture_output=True, text=True, timeout=60).stdout
        for line in out.splitlines():
            # export NAME='value'
            if line.startswith("export "):
                name, _, value = line[len("export "):].partition("=")
                self.env[name] = value.strip("'")
        if "PULSE_SERVER" not in self.env:
            raise RuntimeError(f"pulse-harness.sh printed no environment: {out!r}")

    def pid(self) -> int:
        return int((self.dir / "server.pid").read_text())

    def stop(self) -> None:
        subprocess.run([str(PULSE_HARNESS), "stop", str(self.dir)], check=False, timeout=60)

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env={**os.environ, **self.env}, check=True,
                              capture_output=True, text=True, timeout=30).stdout

    def sink_input_names(self) -> list[str]:
        """The application name of every stream playing into the server now."""
        names = []
        for line in self.pactl("list", "sink-inputs").splitlines():
            line = line.strip()
            if line.startswith("application.name = "):
                names.append(line.split("=", 1)[1].strip().strip('"'))
        return names


class Recorder:
    """parec of the sink's monitor into memory, with a time for every sample (see the module docstring)."""

    FRAGMENT_MS = 2

    def __init__(self, pulse_env: dict[str, str]):
        self._env = {**os.environ, **pulse_env}
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._count = 0
        self._reads: list[tuple[float, int]] = []  # (monotonic time of read, index of the block's first sample)
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._proc = subprocess.Popen(
            ["parec", f"--device={SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
             f"--latency-msec={self.FRAGMENT_MS}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self._env)
        self._thread = threading.Thread(target=self._read_loop, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while self.sample_count() < RATE // 10:
            if time.monotonic() > deadline or self._proc.poll() is not None:
                raise RuntimeError("parec delivers no samples from the private sound server")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._proc:
            self._proc.terminate()
            self._proc.wait(timeout=10)
            self._proc = None
        if self._thread:
            self._thread.join(timeout=10)
            self._thread = None
        with self._lock:
            self._chunks, self._reads, self._count = [], [], 0

    def _read_loop(self) -> None:
        fd = self._proc.stdout.fileno()
        pending = b""
        while True:
            data = os.read(fd, 1 << 16)
            now = time.monotonic()
            if not data:
                return
            data = pending + data
            usable = len(data) - len(data) % 2
            pending = data[usable:]
            block = np.frombuffer(data[:usable], dtype="<i2").copy()
            with self._lock:
                self._reads.append((now, self._count))
                self._chunks.append(block)
                self._count += len(block)

    def sample_count(self) -> int:
        with self._lock:
            return self._count

    def _samples_from(self, index: int) -> tuple[int, np.ndarray]:
        """The recorded samples from about `index` on: (index of the first returned sample, samples)."""
        with self._lock:
            starts = [first for _, first in self._reads]
            k = max(0, bisect.bisect_right(starts, index) - 1)
            chunks = self._chunks[k:]
            first = starts[k] if starts else 0
        if not chunks:
            return index, np.zeros(0, dtype="<i2")
        return first, np.concatenate(chunks)

    # The sink's clock drifts against CLOCK_MONOTONIC (about 60 ppm here: 1.2 ms in 20 s), so the origin is
    # taken from the blocks of a short window around the event.
    ORIGIN_WINDOW = 2.0

    def origin_near(self, t: float, window: float = ORIGIN_WINDOW) -> float:
        """Monotonic time of sample 0, from the blocks read within `window` seconds of t."""
        with self._lock:
            reads = self._reads
            lo = bisect.bisect_left(reads, (t - window, -1))
            hi = bisect.bisect_right(reads, (t + window, 1 << 62))
            near = reads[lo:hi] or reads[-1000:]
            return min(rt - first / RATE for rt, first in near)

    def timing_noise(self) -> tuple[np.ndarray, float]:
        """(how late each block arrived after the envelope of its 2*ORIGIN_WINDOW bin, in s;
        the drift of the sink's clock against CLOCK_MONOTONIC, in ppm)."""
        with self._lock:
            reads = np.array(self._reads, dtype=float)
        if len(reads) < 2:
            return np.zeros(0), float("nan")
        t, offset = reads[:, 0], reads[:, 0] - reads[:, 1] / RATE
        bins = np.floor((t - t[0]) / (2 * self.ORIGIN_WINDOW)).astype(int)
        delays, envelope = [], []
        for b in np.unique(bins):
            seg = offset[bins == b]
            delays.append(seg - seg.min())
            envelope.append((t[bins == b].mean(), seg.min()))
        env = np.array(envelope)
        drift = (np.polyfit(env[:, 0], env[:, 1], 1)[0] * 1e6) if len(env) > 2 else float("nan")
        return np.concatenate(delays), drift

    def first_sound_after(self, t0: float, timeout: float) -> float | None:
        """Monotonic time of the first non-silent sample that passed the sink at or after t0, or None."""
        deadline = time.monotonic() + timeout
        start = max(0, int(np.floor((t0 - self.origin_near(t0)) * RATE)))
        while True:
            first, samples = self._samples_from(start)
            loud = np.flatnonzero(np.abs(samples[start - first:].astype(np.int32)) > SILENCE_THRESHOLD)
            if loud.size:
                # The origin is re-derived with the blocks read after the sound too (closer to the event).
                return self.origin_near(t0) + (start + int(loud[0])) / RATE
            start = max(start, first + len(samples))
            if time.monotonic() > deadline:
                return None
            time.sleep(0.002)

    def last_sound_time(self, lookback: float = 30.0) -> float | None:
        now = time.monotonic()
        origin = self.origin_near(now)
        start = max(0, int((now - lookback - origin) * RATE))
        first, samples = self._samples_from(start)
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > SILENCE_THRESHOLD)
        if not loud.size:
            return None
        return origin + (first + int(loud[-1])) / RATE

    def wait_quiet(self, quiet: float, timeout: float = 30.0) -> None:
        """Waits until the sink has been silent for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            last = self.last_sound_time()
            now = time.monotonic()
            if last is None or now - last >= quiet:
                return
            if now > deadline:
                raise RuntimeError(f"the sink did not fall silent within {timeout} s")
            time.sleep(min(0.05, quiet - (now - last) + 0.001))

    def trim(self, keep_seconds: float = 60.0) -> None:
        """Forgets samples older than keep_seconds (indices of the kept ones do not change)."""
        with self._lock:
            cutoff = time.monotonic() - keep_seconds
            k = bisect.bisect_left(self._reads, (cutoff, -1))
            del self._reads[:k]
            del self._chunks[:k]


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())


def tone(seconds: float, lead_silence: float = 0.0, rate: int = RATE) -> np.ndarray:
    """A 440 Hz tone starting at full phase (the first sample is loud), after lead_silence seconds of zeros."""
    n = int(seconds * rate)
    t = np.arange(n) / rate
    body = (12000 * np.cos(2 * np.pi * 440 * t)).astype(np.int16)
    return np.concatenate([np.zeros(int(round(lead_silence * rate)), dtype=np.int16), body])


def make_private_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def remove_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
