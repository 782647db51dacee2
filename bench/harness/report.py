"""The results file (Markdown) and the plot of the time-to-first-sound distributions."""
from __future__ import annotations

import math

from stats import fmt, ratio

FLOOR = "paplay (floor)"
PEERS = ["espeak-ng", "spd-say -w -s (right after another)", "spd-say -w -s (after 4 s idle)"]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def _median(r: dict, *path) -> float:
    node = r
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return math.nan
        node = node[key]
    return node if isinstance(node, (int, float)) else math.nan


def targets(r: dict) -> list[list[str]]:
    """The issue's targets, each with the measured figure and whether it is met (rows of a table)."""
    rows = []

    def row(target: str, measured: str, ok) -> None:
        verdict = "–" if ok is None else ("met" if ok else "**missed**")
        rows.append([target, measured, verdict])

    fs = r.get("first_sound", {})
    med = {name: s["median"] for name, s in fs.items()}
    open_ = med.get("alfabravo (stream open)", math.nan)
    idle = med.get("alfabravo (after idle close)", math.nan)
    floor = med.get(FLOOR, math.nan)
    spd_open = med.get("spd-say -w -s (right after another)", math.nan)
    spd_idle = med.get("spd-say -w -s (after 4 s idle)", math.nan)
    espeak = med.get("espeak-ng", math.nan)
    known = lambda *v: all(not math.isnan(x) for x in v)  # noqa: E731
    if known(open_, spd_open, espeak):
        row("first sound (stream open) below spd-say's and espeak-ng's medians",
            f"{open_:.1f} ms vs spd-say {spd_open:.1f} ms, espeak-ng {espeak:.1f} ms",
            open_ < spd_open and open_ < espeak)
    if known(open_, floor):
        row("first sound (stream open) ≤ 2× the paplay floor", f"{open_:.1f} ms = {open_ / floor:.2f}× {floor:.1f} ms",
            open_ <= 2 * floor)
    if known(idle, spd_idle):
        row("first sound after the idle close no worse than a cold spd-say (after 4 s idle)",
            f"{idle:.1f} ms vs {spd_idle:.1f} ms", idle <= spd_idle)
    ready = _median(r, "startup", "cold", "ready", "median")
    if not math.isnan(ready):
        row("ready ≤ 300 ms cold (median)", f"{ready:.0f} ms (p90 {_median(r, 'startup', 'cold', 'ready', 'p90'):.0f})",
            ready <= 300)
    windows = r.get("idle", {}).get("windows", {})
    if windows:
        d = windows.get("speech-dispatcher stopped", {}).get("alfabravod") or \
            windows.get("all idle", {}).get("alfabravod")
        if d:
            row("idle: ≤ 1 context switch per second (all threads)", f"{d['switches_per_s']:.2f}/s",
                d["switches_per_s"] <= 1)
            row("idle: RSS ≤ 20 MB", f"{d['rss_kib'] / 1024:.1f} MiB ({d.get('rss_anon_kib', 0) / 1024:.1f} anon, "
                f"{d.get('rss_file_kib', 0) / 1024:.1f} mapped files)", d["rss_kib"] <= 20 * 1000)
        pa = windows.get("speech-dispatcher stopped", {}).get("pulseaudio")
        base = windows.get("alfabravod stopped too (baseline)", {}).get("pulseaudio")
        if pa and base:
            streams = r["idle"].get("streams_after_idle_close") or []
            row("idle: no sound-server wake-ups (pulseaudio with alfabravod idle vs without it)",
                f"{pa['switches_per_s']:.2f}/s vs {base['switches_per_s']:.2f}/s; streams open: {len(streams)}",
                pa["switches_per_s"] <= base["switches_per_s"] + 0.5 and not streams)
    load = r.get("load", {})
    if load:
        errors = sum(s["errors"] + s["connect_errors"] for s in load.values())
        row("load: zero errors", f"{errors}", errors == 0)
        for name, s in load.items():
            if name.startswith("transcript"):
                row(f"load: p99 transcript ≤ 10 ms — {name}", f"{s['p99_ms']:.2f} ms ({s['connections']} "
                    f"connections; {s['later_p99_ms']:.2f} ms without first requests)" if s.get("later_n") else
                    f"{s['p99_ms']:.2f} ms ({s['connections']} connections)", s["p99_ms"] <= 10)
    rd = r.get("render")
    if rd:
        row("render ≥ 1000× real time", f"{rd['realtime_factor']:.0f}×", rd["realtime_factor"] >= 1000)
    return rows


def markdown(r: dict, plot_name: str | None) -> str:
    m = r["machine"]
    out = [f"# alfabravo benchmark, {r['date']}" + (" (--quick: a few runs, not a result)" if r["quick"] else ""),
           "", *(["**STAND-IN RUN: the 'alfabravo' rows measure bench/harness/standin.py, not alfabravo.**", ""]
                 if r.get("standin") else []),
           "Written by `bench/run` (bench/README.md says how each figure is measured).", "",
           "## Machine", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m.get('memory', '?')}; kernel {m['kernel']}; {m['os']}",
           f"- load average at start {' '.join(m['loadavg_start'])}, at end {' '.join(m.get('loadavg_end', []))}",
           ""]
    if r.get("versions"):
        out += ["## Versions", ""] + [f"- {k}: {v}" for k, v in r["versions"].items()] + [""]
    rows = targets(r)
    if rows:
        out += ["## Targets (issue 6)", ""] + _table(["target", "measured", ""], rows)

    fs = r.get("first_sound")
    if fs:
        floor = fs.get(FLOOR, {}).get("median", math.nan)
        peers = [p for p in PEERS if p in fs]
        out += ["## 1. Time to first sound (ms)", "",
                f"From just before exec of the command to the first non-silent sample at the null sink; "
                f"{r['rounds']} interleaved rounds.", ""]
        rows = []
        for name, s in fs.items():
            rows.append([name, str(s["n"]), fmt(s["median"]), fmt(s["p90"]), fmt(s["min"]), fmt(s["max"]),
                         str(len(s.get("failures", []))), ratio(s["median"], floor)] +
                        [ratio(s["median"], fs[p]["median"]) for p in peers])
        out += _table(["system", "n", "median", "p90", "min", "max", "failed", "÷ floor"] +
                      [f"÷ {p}" for p in peers], rows)
        h = r.get("harness", {})
        if h:
            d = h["delivery_delay_ms"]
            out += [f"Harness error: the recorder's clock is fixed by the earliest of its {h['fragment_ms']} ms "
                    f"blocks; blocks arrived a median {fmt(d['median'], 3)} ms (p99 {fmt(d['p99'], 3)} ms, "
                    f"max {fmt(d['max'], 2)} ms) after that envelope (taken over ±2 s, as the sink's clock drifts "
                    f"{fmt(h['clock_drift_ppm'], 0)} ppm against CLOCK_MONOTONIC). posix_spawn (to exec) took a median "
                    f"{fmt(h['spawn_ms']['median'], 2)} ms, included in every figure. Check: "
                    f"{h['check_offset_ms']:.0f} ms of leading silence before the floor's tone measured as "
                    f"{fmt(h['check_measured_ms'], 2)} ms (median of the per-round differences to the floor; "
                    f"p90 {fmt(h['check_differences_ms']['p90'], 2)}, min {fmt(h['check_differences_ms']['min'], 2)}"
                    f", max {fmt(h['check_differences_ms']['max'], 2)}).", ""]
        if plot_name:
            out += [f"![time to first sound]({plot_name})", ""]
        if r.get("marks"):
            out += ["### Where the milliseconds go (median ms after exec, or after T0 where there is one)", "",
                    "bench/pa_probe.c plays a tone through PortAudio's default device (ALSA → pulse plugin → the "
                    "private PulseAudio) and prints when each step ended (T0: when it hands the tone to an "
                    "already open stream); `output_latency` is what Pa_GetStreamInfo reports. "
                    "bench/harness/path_probe.py sends one speak request over alfabravod's socket (T0) and notes "
                    "when each event arrived. `sound`: the first sound at the sink.", ""]
            keys = ["main", "initialised", "opened", "started", "first_callback", "T0", "restarted", "tone_callback",
                    "written", "queued", "started", "first_progress", "sound", "done", "output_latency"]
            keys = list(dict.fromkeys(keys))
            rows = [[name] + [fmt(marks[k]["median"]) if k in marks else "" for k in keys]
                    for name, marks in r["marks"].items()]
            out += _table(["probe"] + keys, rows)

    ps = r.get("process_startup")
    if ps:
        out += ["### A piece of the path: program start-up (ms, exec → exit)", ""]
        out += _table(["command", "n", "median", "p90", "min"],
                      [[name, str(s["n"]), fmt(s["median"]), fmt(s["p90"]), fmt(s["min"])] for name, s in ps.items()])

    su = r.get("startup")
    if su:
        out += ["## 2. Start-up (ms)", "", "exec → READY=1 on our NOTIFY_SOCKET, and exec → first answered "
                "`ping`; cold: an empty XDG_CACHE_HOME, warm: the cache of an earlier start.", ""]
        rows = []
        for kind in ("cold", "warm"):
            for what, label in (("ready", "READY=1"), ("accept", "first answered ping")):
                s = su[kind][what]
                rows.append([f"{kind}: {label}", str(s["n"]), fmt(s["median"]), fmt(s["p90"]), fmt(s["min"]),
                             fmt(s["max"])])
        out += _table(["", "n", "median", "p90", "min", "max"], rows)

    idle = r.get("idle")
    if idle:
        first = next(iter(idle["windows"].values()))
        out += ["## 3. Idle cost", "", "After one utterance and the idle close, with the recorder stopped: a "
                f"window of {next(iter(first.values()))['seconds']:.0f} s with everything idle, then half as long "
                "with speech-dispatcher stopped (it keeps a stream open at the sound server), then half as long "
                "with alfabravod stopped too (the sound server's baseline). Context switches are summed over all "
                "threads (/proc/PID/task/*/status).", ""]
        rows = []
        for window, procs in idle["windows"].items():
            for name, s in procs.items():
                rows.append([window, name, fmt(s["cpu_ms"]), fmt(s["cpu_percent"], 3),
                             fmt(s["voluntary_per_s"], 2), fmt(s["involuntary_per_s"], 2),
                             fmt(s["switches_per_s"], 2), fmt(s["rss_kib"] / 1024, 1),
                             fmt(s.get("rss_anon_kib", 0) / 1024, 1), fmt(s.get("rss_file_kib", 0) / 1024, 1),
                             str(s["threads"])])
        out += _table(["window", "process", "CPU ms", "CPU %", "voluntary switches/s", "involuntary/s",
                       "switches/s", "RSS MiB", "of it anon", "of it files", "threads"], rows)
        out += [f"Streams at the sound server after the idle close: with speech-dispatcher running "
                f"{idle['streams_with_speechd'] or 'none'}; without it {idle['streams_after_idle_close'] or 'none'} "
                "(the recorder was stopped).", ""]

    ld = r.get("load")
    if ld:
        out += ["## 4. Load", "", "bench/loadgen.c (epoll, one request in flight per connection); latency from "
                "send to the final event (for speak: to `queued`). A connection's first request also waits for "
                "the daemon to accept() it, hence the column without them.", ""]
        rows = []
        for name, s in ld.items():
            rows.append([name, str(s["connections"]), str(s["requests"]), fmt(s["rps"], 0), fmt(s["p50_ms"], 2),
                         fmt(s["p99_ms"], 2), fmt(s["max_ms"], 2),
                         fmt(s["later_p99_ms"], 2) if s.get("later_n") else "–",
                         str(s["errors"] + s["connect_errors"]),
                         fmt(s["daemon_cpu_s"] * 1e6 / max(1, s["requests"]), 0),
                         fmt(s["daemon_rss_kib"] / 1024, 1)])
        out += _table(["run", "connections", "requests", "requests/s", "p50 ms", "p99 ms", "max ms",
                       "p99 ms without each connection's first request", "errors", "daemon CPU µs/request",
                       "daemon RSS MiB"], rows)

    rd = r.get("render")
    if rd:
        out += ["## 5. Render speed", "",
                f"`render` to wav8k of a {rd['characters']}-character URL ({rd['spoken_words']} spoken words, "
                f"{rd['audio_seconds_per_render']:.1f} s of audio), {rd['renders']} times, against the daemon's "
                f"CPU time; espeak-ng -w of the same words (22050 Hz, no resampling), {rd['espeak_runs']} runs, "
                "against its CPU time.", ""]
        out += _table(["", "characters per CPU-second", "× real time"],
                      [["alfabravod render wav8k", fmt(rd["chars_per_cpu_s"], 0), fmt(rd["realtime_factor"], 0)],
                       ["espeak-ng -w", fmt(rd["espeak_chars_per_cpu_s"], 0),
                        fmt(rd["espeak_realtime_factor"], 0)],
                       ["ratio", ratio(rd["chars_per_cpu_s"], rd["espeak_chars_per_cpu_s"]), ""]])

    if r.get("problems"):
        out += ["## Problems in this run", ""] + [f"- {p.splitlines()[0]}" for p in r["problems"]] + [""]
    return "\n".join(out)


def plot(r: dict, path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fs = {k: v for k, v in r["first_sound"].items() if v["raw"]}
    names = list(fs)
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(names) + 1.5))
    data = [fs[n]["raw"] for n in names]
    ax.boxplot(data, vert=False, labels=names, showfliers=False, widths=0.6)
    for i, values in enumerate(data, start=1):
        ax.scatter(values, [i + (j % 5 - 2) * 0.04 for j in range(len(values))], s=10, alpha=0.6)
    ax.set_xscale("log")
    ax.set_xlabel("time to first sound at the sink, ms (log scale)")
    ax.set_title(f"alfabravo vs peers, time to first sound ({r['date']}, {r['machine']['cores']} cores)")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
