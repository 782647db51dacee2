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
    """The targets (issue 16, and those of issue 6 it left in place), each with the measured figure and whether
    it is met (rows of a table)."""
    rows = []

    def row(target: str, measured: str, ok) -> None:
        verdict = "–" if ok is None else ("met" if ok else "**missed**")
        rows.append([target, measured, verdict])

    _first_sound_targets(r, row)
    _startup_and_idle_targets(r, row)
    _memory_targets(r, row)
    _load_targets(r, row)
    _render_targets(r, row)
    return rows


def _known(*values: float) -> bool:
    return all(not math.isnan(v) for v in values)


def _first_sound_targets(r: dict, row) -> None:
    med = {name: s["median"] for name, s in r.get("first_sound", {}).items()}
    open_, idle = med.get("alfabravo (stream open)", math.nan), med.get("alfabravo (after idle close)", math.nan)
    floor = med.get(FLOOR, math.nan)
    spd_open = med.get("spd-say -w -s (right after another)", math.nan)
    spd_idle = med.get("spd-say -w -s (after 4 s idle)", math.nan)
    if _known(open_, spd_open):
        row("first sound, stream open ≤ 0.8× spd-say's median", f"{open_:.1f} ms = {open_ / spd_open:.2f}× "
            f"{spd_open:.1f} ms", open_ <= 0.8 * spd_open)
    if _known(open_, floor):
        row("first sound, stream open ≤ 1.5× the paplay floor", f"{open_:.1f} ms = {open_ / floor:.2f}× "
            f"{floor:.1f} ms", open_ <= 1.5 * floor)
    if _known(idle, spd_idle):
        row("first sound after the idle close no worse than spd-say after 4 s idle",
            f"{idle:.1f} ms vs {spd_idle:.1f} ms", idle <= spd_idle)
    daemon = _median(r, "marks", "alfabravod over the socket (stream open)", "sound", "median")
    if _known(daemon):
        row("daemon: request → first sample at the sink ≤ 3 ms (median, stream open)", f"{daemon:.1f} ms",
            daemon <= 3)
    _client_start_target(r, row)


def _client_start_target(r: dict, row) -> None:
    from client_start import FLOOR as C_FLOOR, SPD_SAY

    cs = r.get("client_start", {})
    ours = next((s for name, s in cs.items() if name.startswith("alfabravo")), None)
    if not ours or C_FLOOR not in cs or SPD_SAY not in cs:
        return
    client, floor, spd = (s["request"]["median"] for s in (ours, cs[C_FLOOR], cs[SPD_SAY]))
    # 1.5 ms where this machine allows it; where a C program that only connects and writes takes longer than
    # 0.5 ms, the bound follows that floor (what no client here can go below).
    bound = max(1.5, floor + 1.0)
    row("client: exec → request sent ≤ 1.5 ms (≤ the C floor + 1 ms where that is higher), and ≤ 0.8× spd-say",
        f"{client:.2f} ms (C floor {floor:.2f} ms, spd-say {spd:.2f} ms: {client / spd:.2f}×)",
        client <= bound and client <= 0.8 * spd)


def _startup_and_idle_targets(r: dict, row) -> None:
    for kind, bound in (("cold", 150), ("warm", 50)):
        ready = _median(r, "startup", kind, "ready", "median")
        if _known(ready):
            row(f"start-up: READY ≤ {bound} ms {kind} (median)",
                f"{ready:.0f} ms (p90 {_median(r, 'startup', kind, 'ready', 'p90'):.0f})", ready <= bound)
    windows = r.get("idle", {}).get("windows", {})
    d = windows.get("speech-dispatcher stopped", {}).get("alfabravod") or windows.get("all idle", {}).get("alfabravod")
    if d:
        pss = f"; PSS {d['pss_kib'] / 1024:.1f} MiB" if d.get("pss_kib") else ""
        row("idle: RSS ≤ 20 MiB", f"{d['rss_kib'] / 1024:.1f} MiB ({d.get('rss_anon_kib', 0) / 1024:.1f} anon, "
            f"{d.get('rss_file_kib', 0) / 1024:.1f} mapped files{pss})", d["rss_kib"] <= 20 * 1024)
        if d.get("pss_kib"):
            # RSS counts in full every page of libc, libstdc++, ICU and libpulse the daemon shares with the
            # rest of the desktop. PSS shares them out, but by how many other processes map them at that
            # moment (10.2 to 16.9 MiB for the same binary in two runs): reported, not judged. The anonymous
            # part is the daemon's alone.
            row("idle: anonymous ≤ 6 MiB (what the daemon itself costs; PSS reported)",
                f"anonymous {d['rss_anon_kib'] / 1024:.1f} MiB, PSS {d['pss_kib'] / 1024:.1f} MiB",
                d["rss_anon_kib"] <= 6 * 1024)
        row("idle: ≤ 1 context switch per second (all threads)", f"{d['switches_per_s']:.2f}/s",
            d["switches_per_s"] <= 1)
    pa = windows.get("speech-dispatcher stopped", {}).get("pulseaudio")
    base = windows.get("alfabravod stopped too (baseline)", {}).get("pulseaudio")
    if pa and base:
        streams = r["idle"].get("streams_after_idle_close") or []
        row("idle: no sound-server wake-ups (pulseaudio with alfabravod idle vs without it)",
            f"{pa['switches_per_s']:.2f}/s vs {base['switches_per_s']:.2f}/s; streams open: {len(streams)}",
            pa["switches_per_s"] <= base["switches_per_s"] + 0.5 and not streams)


def _memory_targets(r: dict, row) -> None:
    rb = r.get("rss_across_bursts")
    if rb:
        growth = (rb["rss_after_each_kib"][-1] - rb["rss_before_kib"]) / 1024
        row(f"memory: RSS after {rb['bursts']} bursts of {rb['connections']} connections within 2 MiB of before "
            "the first", f"{rb['rss_before_kib'] / 1024:.1f} → {rb['rss_after_each_kib'][-1] / 1024:.1f} MiB "
            f"({growth:+.1f} MiB)", growth <= 2)
    rm = r.get("render_memory")
    if rm:
        one, many = rm["one"], rm["concurrent"]
        row(f"memory: one {rm['characters']}-character {rm['format']} render < 64 MiB extra",
            f"{one['extra_mib']:.1f} MiB ({one['bytes'][0] / 1e6:.0f} MB file)", one["extra_mib"] < 64)
        row(f"memory: {many['renders']} such renders at once < 256 MiB extra, every client the same bytes",
            f"{many['extra_mib']:.1f} MiB; {len(set(one['sha256'] + many['sha256']))} distinct file(s) of "
            f"{1 + many['renders']}", many["extra_mib"] < 256 and len(set(one["sha256"] + many["sha256"])) == 1)


def _load_targets(r: dict, row) -> None:
    load = r.get("load", {})
    if not load:
        return
    errors = sum(s["errors"] + s["connect_errors"] for s in load.values())
    row("load: zero errors", f"{errors}", errors == 0)
    bounds = {"burst": 20, "closed loop": 10, "paced": 10}
    for name, s in load.items():
        bound = next((b for key, b in bounds.items() if name.startswith(f"transcript, {key}")), None)
        if bound is None:
            continue
        later = f"; {s['later_p99_ms']:.2f} ms without first requests" if s.get("later_n") else ""
        floor = r.get("load_floor", {}).get(name)
        if floor:
            # Where a server doing nothing but the socket calls cannot meet the bound on this machine, the
            # bound is twice what it takes.
            bound = max(bound, 2 * floor["p99_ms"])
            later += f"; socket floor {floor['p99_ms']:.2f} ms"
        rounds = len(s.get("rounds", []))
        later += f"; median of {rounds} rounds" if rounds > 1 else ""
        row(f"load: p99 ≤ {bound:.0f} ms (≤ 2× the socket floor's where that is higher) — {name}",
            f"{s['p99_ms']:.2f} ms ({s['connections']} connections{later})", s["p99_ms"] <= bound)
        if name.startswith("transcript, closed loop"):
            _cpu_per_request_target(s, floor, row)


def _cpu_per_request_target(s: dict, floor: dict | None, row) -> None:
    def per_request(run: dict, key: str = "daemon_cpu_s") -> float:
        return run.get(key, math.nan) * 1e6 / max(1, run["requests"])

    us = per_request(s)
    floor_us = f"; socket floor {per_request(floor):.1f} µs" if floor else ""
    # The kernel's part (stime) says how much of it is socket work no daemon code can avoid.
    kernel = per_request(s, "daemon_system_cpu_s")
    kernel_us = f", {kernel:.1f} µs of it in the kernel" if _known(kernel) else ""
    # CPU comes in clock ticks (10 ms): a short run (--quick) may have used none yet.
    rate = f"{1e6 / us:,.0f} requests/s per core" if us else "below one clock tick"
    rounds = [f"{x['cpu_us_per_request']:.1f}" for x in s.get("rounds", [])]
    spread = f"; median of {len(rounds)} rounds: {' '.join(rounds)}" if len(rounds) > 1 else ""
    row("load: daemon CPU per transcript request ≤ 10 µs", f"{us:.1f} µs = {rate}{kernel_us} ({s['requests']} "
        f"requests in the closed loop{floor_us}{spread})", us <= 10)


def _render_targets(r: dict, row) -> None:
    rd = r.get("render")
    if rd:
        row("render ≥ 5000× real time at wav8k", f"{rd['realtime_factor']:.0f}×", rd["realtime_factor"] >= 5000)
    rp = r.get("render_pbx")
    if rp:
        ms = 1000 / rp["renders_per_cpu_s"]
        row(f"render: a {rp['characters']}-character password to ulaw in ≤ 1 ms of CPU",
            f"{ms:.2f} ms ({rp['audio_seconds']:.1f} s of audio)", ms <= 1)


def analysis(r: dict) -> list[str]:
    """Bullet points that set the measured pieces of the path side by side (medians)."""
    marks = r.get("marks", {})
    fs = r.get("first_sound", {})
    out = []

    def mark(system: str, key: str) -> float:
        return marks.get(system, {}).get(key, {}).get("median", math.nan)

    so, si = "alfabravod over the socket (stream open)", "alfabravod over the socket (after idle close)"
    for name, state in ((so, "Stream open"), (si, "After the idle close")):
        if name in marks:
            out.append(f"- **{state}**: over the socket the daemon answers `queued` {mark(name, 'queued'):.1f} ms "
                       f"and `started` {mark(name, 'started'):.1f} ms after the request, and the first sound "
                       f"reaches the sink {mark(name, 'sound'):.1f} ms after it "
                       f"({mark(name, 'sound') - mark(name, 'started'):.1f} ms inside PortAudio, ALSA's pulse "
                       "plugin and PulseAudio).")
    rp = "PortAudio probe: stream open, callback, restarted for the tone, 50 ms"
    if rp in marks:
        out.append(f"- For comparison, a PortAudio stream started with its tone ready for the first callback is "
                   f"heard {mark(rp, 'sound'):.1f} ms after the call (bench/pa_probe.c): what the sound path "
                   "below the daemon costs.")
    cp = "PortAudio probe: new process, callback, 50 ms"
    if cp in marks:
        out.append(f"- **A new PortAudio process** (the issue's 50-65 ms) spends {mark(cp, 'main'):.1f} ms to reach "
                   f"main(), {mark(cp, 'initialised') - mark(cp, 'main'):.1f} ms in Pa_Initialize (every ALSA PCM "
                   "probed, JACK and OSS tried, plugins loaded), "
                   f"{mark(cp, 'opened') - mark(cp, 'initialised'):.1f} ms in Pa_OpenStream and "
                   f"{mark(cp, 'started') - mark(cp, 'opened'):.1f} ms in Pa_StartStream. The daemon pays "
                   "Pa_Initialize at its first utterance (and for its device listing, after READY), not again "
                   "after an idle close.")
    ps = r.get("process_startup", {})
    if "alfabravo --version" in ps and "paplay --version" in ps:
        out.append(f"- **The client's own start-up**: `alfabravo --version` {ps['alfabravo --version']['median']:.1f} ms"
                   f" exec→exit, `paplay --version` {ps['paplay --version']['median']:.1f} ms: part of every "
                   "`alfabravo` figure, as paplay's is of the floor.")
    idle = r.get("idle", {})
    if idle.get("daemon_mappings"):
        top = ", ".join(f"{name} {kib / 1024:.1f}" for name, kib in idle["daemon_mappings"][:8])
        out.append(f"- **RSS** of the idle daemon by mapping (MiB): {top}. Mapped libraries are file-backed and "
                   "shared with every process that maps them (PSS divides them among those), unlike the "
                   "anonymous part.")
    load = r.get("load", {})
    for name, s in load.items():
        if s.get("later_n") and s["p99_ms"] > 2 * max(s["later_p99_ms"], 0.001):
            out.append(f"- **Load, {name}**: p99 {s['p99_ms']:.1f} ms over all requests but "
                       f"{s['later_p99_ms']:.1f} ms without each connection's first: first requests also wait "
                       "to be accepted.")
    return out


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
        out += ["## Targets", ""] + _table(["target", "measured", ""], rows)

    fs = r.get("first_sound")
    if fs:
        floor = fs.get(FLOOR, {}).get("median", math.nan)
        peers = [p for p in PEERS if p in fs]
        out += ["## 1. Time to first sound (ms)", "",
                f"From just before exec of the command to the first non-silent sample at the null sink; "
                f"{r['rounds']} interleaved rounds.", ""]
        rows, t0_rows = [], []
        for name, s in fs.items():
            if s.get("from") == "T0":
                t0_rows.append([name, str(s["n"]), fmt(s["median"]), fmt(s["p90"]), fmt(s["min"]), fmt(s["max"]),
                                str(len(s.get("failures", [])))])
                continue
            rows.append([name, str(s["n"]), fmt(s["median"]), fmt(s["p90"]), fmt(s["min"]), fmt(s["max"]),
                         str(len(s.get("failures", []))), ratio(s["median"], floor)] +
                        [ratio(s["median"], fs[p]["median"]) for p in peers])
        out += _table(["system", "n", "median", "p90", "min", "max", "failed", "÷ floor"] +
                      [f"÷ {p}" for p in peers], rows)
        if t0_rows:
            out += ["Timed from a T0 the program prints (when it hands the sound over on an already open "
                    "stream, or sends its request over the socket), not from exec:", ""]
            out += _table(["probe", "n", "median", "p90", "min", "max", "failed"], t0_rows)
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

    out += _client_start_section(r.get("client_start"))

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
        lines = {kind: su[kind].get("log_lines", {}) for kind in ("cold", "warm")}
        if any(lines.values()):
            keys = list(dict.fromkeys(k for kind in lines for k in lines[kind]))
            out += ["When the daemon's log lines arrived (median ms after exec): what the start-up spends its time "
                    "on.", ""]
            out += _table(["", *[f"`{k}…`" for k in keys]],
                          [[kind] + [fmt(lines[kind].get(k, {}).get("median", math.nan)) for k in keys]
                           for kind in ("cold", "warm")])

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
                             fmt(s["pss_kib"] / 1024, 1) if s.get("pss_kib") else "–", str(s["threads"])])
        out += _table(["window", "process", "CPU ms", "CPU %", "voluntary switches/s", "involuntary/s",
                       "switches/s", "RSS MiB", "of it anon", "of it files", "PSS MiB", "threads"], rows)
        out += [f"Streams at the sound server after the idle close: with speech-dispatcher running "
                f"{idle['streams_with_speechd'] or 'none'}; without it {idle['streams_after_idle_close'] or 'none'} "
                "(the recorder was stopped).", ""]

    ld = r.get("load")
    if ld:
        out += ["## 4. Load", "", "bench/loadgen.c (epoll, one request in flight per connection); latency from "
                "send to the final event (for speak: to `queued`). A connection's first request also waits for "
                "the daemon to accept() it, hence the column without them.", ""]
        rows = [_load_row(name, s) for name, s in ld.items()]
        rows += [_load_row(f"socket floor (bench/socket_floor.c): {name}", s)
                 for name, s in r.get("load_floor", {}).items()]
        out += _table(["run", "connections", "requests", "requests/s", "p50 ms", "p99 ms", "max ms",
                       "p99 ms without each connection's first request", "errors", "daemon CPU µs/request",
                       "daemon RSS MiB"], rows)
        rb = r.get("rss_across_bursts")
        if rb:
            out += [f"RSS of a fresh daemon (`--audio none`) across {rb['bursts']} bursts of {rb['connections']} "
                    f"transcript connections, {rb['settle_s']:.0f} s after each once every client had gone: "
                    f"{rb['rss_before_kib'] / 1024:.1f} MiB before the first (after one request), then "
                    + ", ".join(f"{k / 1024:.1f}" for k in rb["rss_after_each_kib"]) + " MiB.", ""]
        ra = r.get("rss_after_load")
        if ra:
            out += [f"RSS of that daemon 2 s after the last load run, every client gone: {ra['rss_kib'] / 1024:.1f} MiB "
                    f"({ra['rss_anon_kib'] / 1024:.1f} anon, {ra['rss_file_kib'] / 1024:.1f} mapped files). The load "
                    "and render runs use a second daemon, so that the idle figures are those of a daemon that has "
                    "only spoken.", ""]

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

    rp = r.get("render_pbx")
    if rp:
        out += ["## 6. PBX sizing: a password rendered to µ-law", "",
                f"`render` of a {rp['characters']}-character password (`mode` password) to `ulaw` "
                f"({rp['audio_seconds']:.1f} s of 8 kHz audio, {rp['ulaw_bytes']} bytes): {rp['renders']} renders "
                "one after another on one connection against the daemon's CPU time (renders per CPU-second = per "
                f"core), then {rp['clients']} connections rendering at once (one per core) against the wall clock.",
                ""]
        out += _table(["", "renders", "renders per CPU-second (per core)", "renders per second (wall)",
                       "daemon RSS MiB (peak)"],
                      [["one connection", str(rp["renders"]), fmt(rp["renders_per_cpu_s"], 0),
                        fmt(rp["sequential_renders_per_s"], 0), ""],
                       [f"{rp['clients']} connections at once", str(rp["parallel_renders"]),
                        fmt(rp["parallel_renders_per_cpu_s"], 0), fmt(rp["parallel_renders_per_s"], 0),
                        f"{rp['rss_kib'] / 1024:.1f} ({rp['peak_rss_kib'] / 1024:.1f})"]])

    out += _render_memory_section(r.get("render_memory"))

    notes = analysis(r)
    if notes:
        out += ["## Where the time and memory go (derived from the figures above)", ""] + notes + [""]

    if r.get("problems"):
        out += ["## Problems in this run", ""] + [f"- {p.splitlines()[0]}" for p in r["problems"]] + [""]
    return "\n".join(out)


def _load_row(name: str, s: dict) -> list[str]:
    return [name, str(s["connections"]), str(s["requests"]), fmt(s["rps"], 0), fmt(s["p50_ms"], 2),
            fmt(s["p99_ms"], 2), fmt(s["max_ms"], 2), fmt(s["later_p99_ms"], 2) if s.get("later_n") else "–",
            str(s["errors"] + s["connect_errors"]), fmt(s["daemon_cpu_s"] * 1e6 / max(1, s["requests"]), 0),
            fmt(s["daemon_rss_kib"] / 1024, 1)]


def _client_start_section(cs: dict | None) -> list[str]:
    if not cs:
        return []
    from client_start import SPD_SAY

    spd = cs[SPD_SAY]
    out = ["### A piece of the path: the client alone (ms)", "",
           "Each client against a stand-in server (bench/standin_server.c: answers at once, notes when the speak "
           "request arrives), interleaved: exec → request at the server, exec → exit, and the program's CPU time.",
           ""]
    rows = [[name, str(s["request"]["n"]), fmt(s["request"]["median"], 2), fmt(s["request"]["p90"], 2),
             ratio(s["request"]["median"], spd["request"]["median"]), fmt(s["exit"]["median"], 2),
             fmt(s["cpu"]["median"], 2), ratio(s["cpu"]["median"], spd["cpu"]["median"]), str(s["failures"])]
            for name, s in cs.items()]
    return out + _table(["client", "n", "exec → request", "p90", "÷ spd-say", "exec → exit", "CPU",
                         "CPU ÷ spd-say", "failed"], rows)


def _render_memory_section(rm: dict | None) -> list[str]:
    if not rm:
        return []
    out = ["### Memory while rendering", "",
           f"A fresh daemon (`--audio none`) renders a {rm['characters']}-character text to {rm['format']}, then "
           f"{rm['concurrent']['renders']} clients render it at once, each reading to the end and keeping only a "
           "SHA-256 of the file (bench/render_memory.py). Extra = the kernel's peak RSS (VmHWM, reset before) − "
           "RSS before.", ""]
    rows = [[label, fmt(m["rss_before_mib"]), fmt(m["peak_hwm_mib"]), fmt(m["extra_mib"]), str(m["bytes"][0]),
             fmt(m["daemon_cpu_s"], 2), fmt(m["wall_s"], 1), m["sha256"][0][:16]]
            for label, m in (("one render", rm["one"]), (f"{rm['concurrent']['renders']} at once", rm["concurrent"]))]
    return out + _table(["", "RSS before MiB", "peak MiB", "extra MiB", "bytes per file", "daemon CPU s", "wall s",
                         "sha256 (first)"], rows)


README_BEGIN = "<!-- latest results: written by bench/run, do not edit by hand -->"
README_END = "<!-- end of latest results -->"


def readme_section(r: dict, md_name: str, plot_name: str | None) -> str:
    """The targets and the time-to-first-sound table of a run, for bench/README.md."""
    full = markdown(r, plot_name)
    keep = []
    for heading in ("## Targets", "## 1. Time to first sound"):
        if heading in full:
            section = full[full.index(heading):]
            end = section.find("\n## ", 4)
            section = section[:end] if end > 0 else section
            section = section.split("\n### ")[0]  # the table and the plot, not the probe details
            keep.append(section.replace("## ", "### ", 1).strip())
    lines = [README_BEGIN, "", f"From [`results/{md_name}`](results/{md_name}) ({r['date']}; machine: "
             f"{r['machine']['cpu']}, {r['machine']['cores']} cores, load average at start "
             f"{' '.join(r['machine']['loadavg_start'])}). The results file has the start-up, idle, load and "
             "render tables and where the time goes.", ""]
    keep = [k.replace(f"]({plot_name})", f"](results/{plot_name})") if plot_name else k for k in keep]
    return "\n".join(lines + ["\n\n".join(keep), "", README_END])


def update_readme(readme, section: str) -> None:
    text = readme.read_text()
    if README_BEGIN in text and README_END in text:
        head, rest = text.split(README_BEGIN, 1)
        tail = rest.split(README_END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    readme.write_text(text)


def plot(r: dict, path) -> None:
    """The distributions of the commands timed from exec (probes timed from a T0 of their own are left out)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fs = {k: v for k, v in r["first_sound"].items()
          if v["raw"] and not k.startswith(("PortAudio probe", "alfabravod over", "harness check"))}
    names = list(fs)[::-1]  # the floor on top
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(names) + 1.6))
    data = [fs[n]["raw"] for n in names]
    ax.boxplot(data, vert=False, labels=[f"{n} (n={len(fs[n]['raw'])})" for n in names], showfliers=False,
               widths=0.6)
    for i, values in enumerate(data, start=1):
        ax.scatter(values, [i + (j % 7 - 3) * 0.035 for j in range(len(values))], s=9, alpha=0.6)
    floor = r["first_sound"].get(FLOOR, {}).get("median")
    if floor:
        ax.axvline(2 * floor, color="grey", linestyle="--", linewidth=1)
        ax.text(2 * floor, 0.55, " 2× floor", color="grey", fontsize=8, va="center")
    ax.set_xscale("log")
    ax.set_xlabel("exec → first non-silent sample at the null sink, ms (log scale)")
    ax.set_title(f"Time to first sound, interleaved runs ({r['date']}, {r['machine']['cores']} cores)")
    ax.grid(True, axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
