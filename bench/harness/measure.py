"""The daemon-side measurements: start-up, idle cost, load and render speed."""
from __future__ import annotations

import base64
import json
import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time
import wave
from pathlib import Path

from daemon import Client, Daemon
from procs import compile_tool, sample_process
from stats import summary


def startup(binary: Path, workdir: Path, pulse_env: dict[str, str], runs: int, log=print) -> dict:
    """exec -> READY=1 and exec -> first answered ping, cold (fresh XDG_CACHE_HOME) and warm (a cache filled
    by an earlier start), interleaved."""
    warm_cache = workdir / "warm-cache"
    primer = Daemon(binary, workdir / "startup-primer", pulse_env, cache_dir=warm_cache)
    primer.start()
    primer.stop()
    results = {"cold": {"ready": [], "accept": []}, "warm": {"ready": [], "accept": []}}
    steps = {"cold": {}, "warm": {}}  # log line -> [ms after exec]
    for i in range(runs):
        for kind in ("cold", "warm") if i % 2 == 0 else ("warm", "cold"):
            cache = (workdir / f"startup-{i}-cold-cache") if kind == "cold" else warm_cache
            d = Daemon(binary, workdir / f"startup-{i}-{kind}", pulse_env, cache_dir=cache)
            try:
                d.start()
            finally:
                d.stop()
            results[kind]["ready"].append(d.ready_ms)
            results[kind]["accept"].append(d.accept_ms)
            for key, ms in d.log_times.items():
                steps[kind].setdefault(key, []).append(ms)
        log(f"  start-up {i + 1}/{runs}: cold ready {results['cold']['ready'][-1]:.0f} ms, "
            f"warm ready {results['warm']['ready'][-1]:.0f} ms")
    out = {kind: {what: summary(v) for what, v in r.items()} | {"raw": r} for kind, r in results.items()}
    for kind in out:
        out[kind]["log_lines"] = {key: summary(v) for key, v in steps[kind].items()}
    return out


def process_startup(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict:
    """exec -> exit of short commands (a program's own start-up cost), interleaved."""
    from procs import spawn, wait_with_cpu

    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            t0, pid = spawn(argv, env)
            if wait_with_cpu(pid, 30)[0] is not None:  # any exit status: the start-up is what is timed
                times[name].append((time.monotonic() - t0) * 1000)
    return {name: summary(v) for name, v in times.items()}


def mappings(pid: int) -> list[tuple[str, int]]:
    """Resident KiB of a process by mapping (file name, or [heap], [stack], [anon]), largest first."""
    totals: dict[str, int] = {}
    name = "[anon]"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and ":" in fields[3]:
            name = Path(fields[5]).name if len(fields) >= 6 else "[anon]"
        elif fields and fields[0] == "Rss:":
            totals[name] = totals.get(name, 0) + int(fields[1])
    return sorted(totals.items(), key=lambda kv: -kv[1])


def idle(processes: dict[str, list[int]], seconds: float, log=print) -> dict:
    """CPU time, context switches per second and RSS of each group of processes over `seconds`."""
    before = {name: [sample_process(p) for p in pids] for name, pids in processes.items()}
    t0 = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - t0
    after = {name: [sample_process(p) for p in pids] for name, pids in processes.items()}
    result = {}
    for name in processes:
        b, a = before[name], after[name]
        cpu = sum(x.cpu_seconds for x in a) - sum(x.cpu_seconds for x in b)
        vol = sum(x.voluntary for x in a) - sum(x.voluntary for x in b)
        invol = sum(x.involuntary for x in a) - sum(x.involuntary for x in b)
        result[name] = {"seconds": elapsed, "cpu_ms": cpu * 1000, "cpu_percent": cpu / elapsed * 100,
                        "voluntary_per_s": vol / elapsed, "involuntary_per_s": invol / elapsed,
                        "switches_per_s": (vol + invol) / elapsed, "rss_kib": sum(x.rss_kib for x in a),
                        "rss_anon_kib": sum(x.rss_anon_kib for x in a),
                        "rss_file_kib": sum(x.rss_file_kib for x in a),
                        "pss_kib": sum(x.pss_kib for x in a),
                        "threads": sum(x.threads for x in a)}
        log(f"  idle {name}: {result[name]['switches_per_s']:.2f} switches/s, cpu {cpu * 1000:.0f} ms, "
            f"rss {result[name]['rss_kib'] / 1024:.1f} MiB")
    return result


def load(loadgen: Path, daemon: Daemon, connections: int, requests: int, rate: float, request: dict,
         final_events: str | None = None, timeout: float = 120.0) -> dict:
    before = sample_process(daemon.pid)
    out = subprocess.run([str(loadgen), str(daemon.socket), str(connections), str(requests), str(rate),
                          json.dumps(request), *([final_events] if final_events else [])],
                         capture_output=True, text=True, timeout=timeout + 60,
                         env={**os.environ, "LOADGEN_TIMEOUT": str(timeout)})
    after = sample_process(daemon.pid)
    if out.returncode != 0:
        raise RuntimeError(f"loadgen failed: {out.stderr}")
    result = json.loads(out.stdout)
    result["daemon_cpu_s"] = after.cpu_seconds - before.cpu_seconds
    result["daemon_system_cpu_s"] = after.system_seconds - before.system_seconds
    result["daemon_rss_kib"] = after.rss_kib
    result["daemon_rss_anon_kib"] = after.rss_anon_kib
    result["daemon_threads"] = after.threads
    return result


# Figures of a load run that vary from run to run: each the median of its rounds in median_of_rounds().
_VARYING = ("rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "later_p50_ms", "later_p99_ms", "daemon_cpu_s",
            "daemon_system_cpu_s")


def median_of_rounds(rounds: list[dict]) -> dict:
    """One load result from several rounds of the same load: each varying figure the median of the rounds
    (a single run of a fraction of a second on a shared machine can land on a stall, and its CPU time is a
    few 10 ms clock ticks), errors summed, and every round's p99 and CPU kept in "rounds" for the report."""
    result = dict(rounds[0])
    for key in _VARYING:
        values = [r[key] for r in rounds if key in r]
        if values:
            result[key] = statistics.median(values)
    for key in ("errors", "connect_errors", "disconnects", "timeouts"):
        result[key] = sum(r.get(key, 0) for r in rounds)
    result["first_error"] = next((r["first_error"] for r in rounds if r.get("first_error")), "")
    result["rounds"] = [{"p99_ms": r["p99_ms"],
                         "cpu_us_per_request": r["daemon_cpu_s"] * 1e6 / max(1, r["requests"])} for r in rounds]
    return result


class SocketFloor:
    """bench/socket_floor.c on a socket of its own: a server that accepts, reads a request line and writes a
    reply of the daemon's size, and nothing else (load() measures it as it measures a daemon)."""

    def __init__(self, tools_dir: Path, workdir: Path):
        binary = compile_tool("socket_floor", tools_dir)
        self.socket = workdir / "socket-floor.sock"
        self.proc = subprocess.Popen([str(binary), str(self.socket)])
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("bench/socket_floor did not start")
            time.sleep(0.01)
        time.sleep(0.05)  # bound; listening a moment later

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def rss_across_bursts(loadgen: Path, daemon: Daemon, connections: int, bursts: int, request: dict,
                      settle_s: float = 2.0) -> dict:
    """RSS of a fresh daemon before a series of bursts (after one request, so that what the first request
    loads for good is not counted) and after each burst once every client has gone and the daemon has had
    settle_s to return what it freed. Whether memory comes back after a crowd of clients has left."""
    load(loadgen, daemon, 1, 1, 0, request)
    time.sleep(settle_s)
    before = sample_process(daemon.pid)
    after = []
    for _ in range(bursts):
        r = load(loadgen, daemon, connections, 1, 0, request)
        if r["errors"] or r["connect_errors"]:
            raise RuntimeError(f"burst: {r['errors']} errors, {r['connect_errors']} connect errors")
        time.sleep(settle_s)
        after.append(sample_process(daemon.pid).rss_kib)
    return {"connections": connections, "bursts": bursts, "settle_s": settle_s,
            "rss_before_kib": before.rss_kib, "rss_anon_before_kib": before.rss_anon_kib,
            "rss_after_each_kib": after, "rss_anon_after_last_kib": sample_process(daemon.pid).rss_anon_kib}


def _wav_seconds(data: bytes) -> float:
    with tempfile.NamedTemporaryFile(suffix=".wav") as f:
        f.write(data)
        f.flush()
        with wave.open(f.name, "rb") as w:
            return w.getnframes() / w.getframerate()


def render(daemon: Daemon, text: str, min_cpu_seconds: float, workdir: Path, espeak_runs: int) -> dict:
    """Characters rendered to 8 kHz WAV per daemon CPU-second, and the same for espeak-ng -w of the words."""
    with Client(daemon.socket) as c:
        words = c.request("transcript", text=text)[-1]
        audio = b""
        for event in c.request("render", text=text, format="wav8k"):
            if event.get("event") == "audio":
                audio += base64.b64decode(event["data"])
            elif event.get("event") == "error":
                raise RuntimeError(f"render failed: {event}")
        audio_seconds = _wav_seconds(audio)
        renders = 0
        before = sample_process(daemon.pid)
        t0 = time.monotonic()
        while True:
            for event in c.request("render", text=text, format="wav8k"):
                if event.get("event") == "error":
                    raise RuntimeError(f"render failed: {event}")
            renders += 1
            cpu = sample_process(daemon.pid).cpu_seconds - before.cpu_seconds
            if cpu >= min_cpu_seconds or time.monotonic() - t0 > 60:
                break
        wall = time.monotonic() - t0
    spoken = words_of(words)
    espeak_cpu = 0.0
    espeak_audio = 0.0
    out = workdir / "espeak-render.wav"
    for _ in range(espeak_runs):
        usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["espeak-ng", "-w", str(out), spoken], check=True, timeout=60)
        usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        espeak_cpu += (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
        with wave.open(str(out), "rb") as w:
            espeak_audio = w.getnframes() / w.getframerate()
    chars = len(text)
    return {
        "characters": chars, "renders": renders, "daemon_cpu_s": cpu, "wall_s": wall,
        "audio_seconds_per_render": audio_seconds, "wav_bytes": len(audio),
        "chars_per_cpu_s": chars * renders / cpu if cpu else float("inf"),
        "realtime_factor": audio_seconds * renders / cpu if cpu else float("inf"),
        "espeak_runs": espeak_runs, "espeak_cpu_s": espeak_cpu / espeak_runs,
        "espeak_chars_per_cpu_s": chars * espeak_runs / espeak_cpu if espeak_cpu else float("inf"),
        "espeak_realtime_factor": espeak_audio * espeak_runs / espeak_cpu if espeak_cpu else float("inf"),
        "espeak_audio_seconds": espeak_audio, "spoken_words": len(spoken.split()),
    }


def words_of(transcript_event: dict) -> str:
    """The spoken words of a transcript reply, as one string for espeak-ng."""
    if isinstance(transcript_event.get("transcript"), str):
        return transcript_event["transcript"]
    words = transcript_event.get("words")
    if isinstance(words, list):
        parts = []
        for w in words:
            parts.append(w if isinstance(w, str) else (w.get("words") or w.get("word") or w.get("text") or ""))
        return " ".join(p for p in parts if p)
    if isinstance(words, str):
        return words
    raise RuntimeError(f"unexpected transcript reply: {list(transcript_event)}")


def render_pbx(daemon: Daemon, password: str, min_cpu_seconds: float, clients: int) -> dict:
    """What a PBX operator sizes by: renders of a password to ulaw (password mode) per daemon CPU-second (= per
    core), renders per second of wall time with `clients` connections rendering at once, and the daemon's RSS.
    """
    request = {"text": password, "format": "ulaw", "mode": "password"}

    def render_once(c: Client) -> int:
        size = 0
        for event in c.request("render", **request):
            if event.get("event") == "audio":
                size += len(base64.b64decode(event["data"]))
            elif event.get("event") in ("error", "cancelled"):
                raise RuntimeError(f"render failed: {event}")
        return size

    with Client(daemon.socket) as c:
        ulaw_bytes = render_once(c)  # warm: the clips are in memory after this
        before = sample_process(daemon.pid)
        t0 = time.monotonic()
        sequential = 0
        while True:
            render_once(c)
            sequential += 1
            cpu = sample_process(daemon.pid).cpu_seconds - before.cpu_seconds
            if cpu >= min_cpu_seconds or time.monotonic() - t0 > 60:
                break
        sequential_wall = time.monotonic() - t0

    # The same with several connections at once (as a PBX node's calls would ask), for the wall-clock rate.
    counts = [0] * clients
    failures: list[str] = []
    deadline = time.monotonic() + max(1.0, sequential_wall)

    def worker(index: int) -> None:
        try:
            with Client(daemon.socket) as wc:
                while time.monotonic() < deadline:
                    render_once(wc)
                    counts[index] += 1
        except Exception as error:  # noqa: BLE001 - reported as a failure of the run
            failures.append(str(error))

    before_parallel = sample_process(daemon.pid)
    t1 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    peak_rss = 0
    while any(t.is_alive() for t in threads):
        peak_rss = max(peak_rss, sample_process(daemon.pid).rss_kib)
        time.sleep(0.05)
    parallel_wall = time.monotonic() - t1
    after = sample_process(daemon.pid)
    if failures:
        raise RuntimeError(f"parallel renders failed: {failures[0]}")
    parallel_cpu = after.cpu_seconds - before_parallel.cpu_seconds
    return {
        "characters": len(password), "format": "ulaw", "mode": "password", "ulaw_bytes": ulaw_bytes,
        "audio_seconds": ulaw_bytes / 8000, "renders": sequential, "daemon_cpu_s": cpu,
        "renders_per_cpu_s": sequential / cpu if cpu else float("inf"),
        "sequential_renders_per_s": sequential / sequential_wall,
        "clients": clients, "parallel_renders": sum(counts), "parallel_wall_s": parallel_wall,
        "parallel_renders_per_s": sum(counts) / parallel_wall,
        "parallel_daemon_cpu_s": parallel_cpu,
        "parallel_renders_per_cpu_s": sum(counts) / parallel_cpu if parallel_cpu else float("inf"),
        "rss_kib": after.rss_kib, "peak_rss_kib": peak_rss, "rss_anon_kib": after.rss_anon_kib,
        "cores": os.cpu_count(),
    }
