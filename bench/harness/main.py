"""bench/run's measurements (bench/README.md): starts the private sound server, the recorder, speech-dispatcher
and alfabravod, measures, and writes the results file, its JSON and the plot."""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time
import traceback
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

import client_start  # noqa: E402
import measure  # noqa: E402
from daemon import Client, Daemon  # noqa: E402
from first_sound import FirstSoundBench, System  # noqa: E402
from peers import SpeechDispatcher  # noqa: E402
from procs import dpkg_version, sample_process, tool_version  # noqa: E402
from sound import PrivatePulse, Recorder, make_private_dir, remove_dir, tone, write_wav  # noqa: E402
from stats import summary  # noqa: E402
import report  # noqa: E402

CHECK_OFFSET_S = 0.200      # the harness check: paplay of the floor tone after this much leading silence
IDLE_CLOSE_S = 3.0          # alfabravod's default idle close (PlayerSettings::idle_close)
RENDER_TEXT = "https://Example.com/x?k=Ab3-Zq9_Vt7#Pw4!Lm2%Ns8~Ry6@Hj5$Gk1&Bf0*Cd3+Ex7=Xu2/Wo9"
PBX_PASSWORD = "Tq8#wZ3!mK2p"  # a 12-character temporary password, as an IVR reads one to a caller


T_START = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - T_START:6.1f} s] {message}", flush=True)


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "os": tool_version(["sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"]),
            "memory": tool_version(["sh", "-c", "free -h | awk '/Mem:/{print $2}'"]),
            "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]}


def versions(daemon: Daemon | None, client_bin: Path | None) -> dict:
    v = {
        "alfabravo": (tool_version([str(client_bin), "--version"]) if client_bin else "not built"),
        "eSpeak NG": tool_version(["espeak-ng", "--version"]),
        "PortAudio": "libportaudio2 " + dpkg_version("libportaudio2"),
        "ALSA pulse plugin": "libasound2-plugins " + dpkg_version("libasound2-plugins"),
        "PulseAudio": tool_version(["pulseaudio", "--version"]),
        "speech-dispatcher": tool_version(["speech-dispatcher", "--version"]),
        "Python": platform.python_version(),
    }
    if daemon:
        try:
            v["alfabravod"] = daemon.version()
        except Exception as e:  # noqa: BLE001 - the version is informative only
            v["alfabravod"] = f"? ({e})"
    return v


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few runs each (the test command runs this)")
    parser.add_argument("--out", type=Path, help="where the results go (default: bench/results, quick: a temp dir)")
    parser.add_argument("--daemon", type=Path, help="the alfabravod to measure")
    parser.add_argument("--client", type=Path, help="the alfabravo client to measure")
    parser.add_argument("--loadgen", type=Path, help="the compiled bench/loadgen.c")
    parser.add_argument("--pa-probe", type=Path, help="the compiled bench/pa_probe.c")
    parser.add_argument("--standin", action="store_true",
                        help="measure harness/standin.py instead of alfabravo (to test the harness itself)")
    parser.add_argument("--runs", type=int, help="time-to-first-sound rounds (default 25, quick 3)")
    args = parser.parse_args()

    quick = args.quick
    rounds = args.runs or (2 if quick else 25)
    out_dir = args.out or (make_private_dir("alfabravo-bench-out-") if quick else
                           Path(__file__).resolve().parents[1] / "results")
    out_dir.mkdir(parents=True, exist_ok=True)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    daemon_bin, client_bin = args.daemon, args.client
    standin_dir = None
    if args.standin:
        standin_dir = make_private_dir("alfabravo-bench-standin-")
        daemon_bin, client_bin = standin_dir / "alfabravod", standin_dir / "alfabravo"
        for path, role in ((daemon_bin, "daemon"), (client_bin, "client")):
            path.write_text(f'#!/bin/sh\nexec /usr/bin/python3 {Path(__file__).parent / "standin.py"} {role} "$@"\n')
            path.chmod(0o755)
    have_alfabravo = bool(daemon_bin and client_bin and daemon_bin.is_file() and client_bin.is_file())
    problems: list[str] = []  # failures of the harness (or of a system under test) - non-zero exit
    results: dict = {"date": stamp, "quick": quick, "machine": machine(), "rounds": rounds,
                     "standin": args.standin}

    workdir = make_private_dir("alfabravo-bench-")
    pulse = PrivatePulse(workdir)
    rec = Recorder({})
    speechd = None
    daemon = None
    try:
        log(f"bench: private sound server in {workdir}")
        pulse.start()
        rec = Recorder(pulse.env)
        rec.start()
        speechd = SpeechDispatcher(workdir, pulse.env)
        speechd.start()
        env = {**os.environ, **pulse.env}
        floor_wav, check_wav = workdir / "floor.wav", workdir / "floor-after-200ms.wav"
        write_wav(floor_wav, tone(0.15))
        write_wav(check_wav, tone(0.15, lead_silence=CHECK_OFFSET_S))

        if have_alfabravo:
            daemon = Daemon(daemon_bin, workdir / "daemon", pulse.env)
            daemon.start()
            log(f"bench: alfabravod ready in {daemon.ready_ms:.0f} ms (pid {daemon.pid})")
        else:
            log("bench: alfabravo is not built (no --bin-dir with alfabravod and alfabravo): peers only")
        results["versions"] = versions(daemon, client_bin if have_alfabravo else None)

        # 1. Time to first sound.
        spd_env = speechd.env
        systems = [
            System("paplay (floor)", ["paplay", str(floor_wav)], env, "paplay"),
            System("harness check: paplay after 200 ms silence", ["paplay", str(check_wav)], env, "paplay"),
            System("espeak-ng", ["espeak-ng", "Alfa Bravo three"], env, "espeak-ng"),
            System("spd-say -w -s (right after another)", ["spd-say", "-w", "-s", "Ab3"], spd_env, "spd",
                   state="open"),
        ]
        if not quick:  # --quick: one state of speech-dispatcher is enough to know the harness drives it
            systems.append(System("spd-say -w -s (after 4 s idle)", ["spd-say", "-w", "-s", "Ab3"], spd_env, "spd",
                                  state="idle", idle_seconds=IDLE_CLOSE_S + 1))
        if daemon:
            client = [str(client_bin), "--socket", str(daemon.socket), "Ab3"]
            systems += [
                System("alfabravo (stream open)", client, daemon.env, "alfabravo", state="open", interrupt=quick),
                System("alfabravo (after idle close)", client, daemon.env, "alfabravo", state="idle",
                       idle_seconds=IDLE_CLOSE_S + 1, interrupt=quick),
            ]
        probes = []
        if args.pa_probe and args.pa_probe.is_file():
            variants = [("open-callback", 50)] if quick else [
                ("cold-callback", 50), ("cold-callback", 10), ("open-callback", 50), ("open-callback", 10),
                ("restart-callback", 50), ("open-blocking", 50), ("underrun-blocking", 50)]
            describe = {"cold-callback": "new process, callback", "open-callback": "stream open, callback",
                        "restart-callback": "stream open, callback, restarted for the tone",
                        "open-blocking": "stream open, blocking, never written",
                        "underrun-blocking": "stream open, blocking, ran dry 1 s before"}
            for mode, latency in variants:
                probes.append(System(f"PortAudio probe: {describe[mode]}, {latency} ms",
                                     [str(args.pa_probe), mode, str(latency)], env, "probe",
                                     t0_from_output=not mode.startswith("cold")))
        else:
            problems.append("no PortAudio probe (bench/run compiles bench/pa_probe.c)")
        if daemon:
            # The daemon's share: one request straight over the socket, timed from its sending.
            path_probe = ["/usr/bin/python3", str(Path(__file__).parent / "path_probe.py"), str(daemon.socket),
                          "Ab3"]
            probes.append(System("alfabravod over the socket (stream open)", path_probe, daemon.env, "alfabravo",
                                 state="open", t0_from_output=True))
            if not quick:
                probes.append(System("alfabravod over the socket (after idle close)", path_probe, daemon.env,
                                     "alfabravo", state="idle", idle_seconds=IDLE_CLOSE_S + 1,
                                     t0_from_output=True))
        systems += probes
        log(f"bench: time to first sound, {rounds} interleaved rounds of {len(systems)} systems")
        # The schedule (rotated each round) puts other systems between a family's "open" and "idle" runs, so
        # that the idle wait of one family overlaps the runs of the others; the tables keep the order above.
        by_name = {s.name: s for s in systems}
        schedule = [by_name[n] for n in (
            "alfabravo (after idle close)", "spd-say -w -s (right after another)", "paplay (floor)", "espeak-ng",
            "alfabravo (stream open)", "spd-say -w -s (after 4 s idle)",
            "harness check: paplay after 200 ms silence") if n in by_name] + probes
        bench = FirstSoundBench(rec, schedule, log)
        bench.run(rounds)
        delays, drift_ppm = rec.timing_noise()
        delays *= 1000
        results["first_sound"] = {s.name: summary(s.results_ms) | {"raw": s.results_ms, "failures": s.failures,
                                                                   "from": "T0" if s.t0_from_output else "exec"}
                                  for s in systems}
        results["marks"] = {s.name: {k: summary([m[k] for m in s.marks if k in m]) for k in s.marks[0]}
                            for s in systems if s.marks}
        check = FirstSoundBench.paired_differences(systems[0], systems[1])
        results["harness"] = {
            "fragment_ms": rec.FRAGMENT_MS,
            "delivery_delay_ms": summary(list(delays)),
            "clock_drift_ppm": drift_ppm,
            "spawn_ms": summary([ms for s in systems for ms in s.spawn_ms]),
            "check_offset_ms": CHECK_OFFSET_S * 1000,
            "check_measured_ms": summary(check)["median"] if check else math.nan,
            "check_differences_ms": summary(check),
        }
        for s in systems:
            # Every failure of alfabravo counts; a peer or probe failing now and then is reported in the table.
            if s.failures and s.family == "alfabravo":
                problems.append(f"{s.name}: {len(s.failures)} failed runs ({s.failures[0]})")
            if not s.results_ms:
                problems.append(f"{s.name}: no successful run")
        err = results["harness"]["check_measured_ms"] - CHECK_OFFSET_S * 1000
        if not abs(err) <= 50.0:  # a gross error (a wrong rate, threshold or clock); the figure is reported
            problems.append(f"harness check: 200 ms of leading silence measured as {err + 200:.1f} ms")

        # A piece of the path: how long each program takes to start and exit doing (almost) nothing.
        starts = {"paplay --version": ["paplay", "--version"], "spd-say --version": ["spd-say", "--version"],
                  "espeak-ng --version": ["espeak-ng", "--version"]}
        if daemon:
            starts["alfabravo --version"] = [str(client_bin), "--version"]
            starts["alfabravo --print 'Ab3' (spelling, no daemon)"] = [str(client_bin), "--print", "Ab3"]
        if args.pa_probe and args.pa_probe.is_file():
            starts["pa_probe with no arguments (PortAudio linked, not initialised)"] = [str(args.pa_probe)]
        results["process_startup"] = measure.process_startup(starts, env, 3 if quick else 20)
        if daemon and args.loadgen:
            log("bench: the client alone, against stand-in servers")
            results["client_start"] = client_start.measure({"alfabravo 'Ab3'": client_bin}, args.loadgen.parent,
                                                           workdir / "client-start", 5 if quick else 200)

        if daemon:
            # 5 and 4 on a second daemon of their own, so that the first one's idle figures (3) show a daemon
            # that has spoken, not one that has also served a thousand clients and rendered minutes of audio.
            worker = Daemon(daemon_bin, workdir / "daemon-worker", pulse.env)
            worker.start()
            try:
                log("bench: render speed")
                results["render"] = measure.render(worker, RENDER_TEXT, 0.2 if quick else 3.0, workdir,
                                                   3 if quick else 20)
                log("bench: PBX sizing (ulaw renders of a password)")
                results["render_pbx"] = measure.render_pbx(worker, PBX_PASSWORD, 0.2 if quick else 3.0,
                                                           os.cpu_count() or 1)
                log("bench: load")
                loads = load_tests(args.loadgen, worker, daemon_bin, workdir, pulse.env, quick, problems)
                results["load"] = loads.get("runs", {})
                results["load_floor"] = loads.get("floor", {})
                if "bursts" in loads:
                    results["rss_across_bursts"] = loads["bursts"]
                time.sleep(2)
                after = sample_process(worker.pid)
                results["rss_after_load"] = {"rss_kib": after.rss_kib, "rss_anon_kib": after.rss_anon_kib,
                                             "rss_file_kib": after.rss_file_kib}
            finally:
                worker.stop()
            log("bench: memory while rendering")
            results["render_memory"] = render_memory(daemon_bin, workdir, pulse.env, quick)
            # 2. Start-up.
            log("bench: start-up")
            results["startup"] = measure.startup(daemon_bin, workdir, pulse.env, 1 if quick else 10,
                                                 log)
            # 3. Idle cost: one utterance, the idle close, then nothing. The recorder is stopped (parec keeps
            # the sound server busy), so that the sound server's own wake-ups can be seen.
            log("bench: idle cost")
            results["idle"] = idle_test(daemon, speechd, pulse, rec, client_bin, quick)

    except Exception:  # noqa: BLE001 - any failure of the harness is reported and fails the run
        problems.append("harness error:\n" + traceback.format_exc())
    finally:
        for closer in (daemon.stop if daemon else None, speechd.stop if speechd else None, rec.stop, pulse.stop):
            if closer:
                try:
                    closer()
                except Exception:  # noqa: BLE001
                    problems.append("cleanup: " + traceback.format_exc())
        remove_dir(workdir)
        if standin_dir:
            remove_dir(standin_dir)

    results["machine"]["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    results["problems"] = problems
    md = out_dir / (f"{date}.md")
    (out_dir / f"{date}.json").write_text(json.dumps(results, indent=1, default=str))
    plot = None
    if not quick and "first_sound" in results:
        plot = out_dir / f"{date}-first-sound.png"
        report.plot(results, plot)
    md.write_text(report.markdown(results, plot.name if plot else None))
    default_out = Path(__file__).resolve().parents[1] / "results"
    if not quick and out_dir.resolve() == default_out.resolve():
        report.update_readme(default_out.parent / "README.md",
                             report.readme_section(results, md.name, plot.name if plot else None))
    log(f"bench: wrote {md}" + (f" and {plot}" if plot else ""))
    for p in problems:
        log(f"bench: PROBLEM: {p}")
    if quick:
        remove_dir(out_dir) if not args.out else None
    return 1 if problems else 0


LOAD_ROUNDS = 5  # of the burst and the closed loop, each against the daemon and then the socket floor


def load_tests(loadgen: Path | None, daemon: Daemon, daemon_bin: Path, workdir: Path, pulse_env: dict,
               quick: bool, problems: list[str]) -> dict:
    if not loadgen or not loadgen.is_file():
        problems.append("load: no loadgen binary (bench/run compiles bench/loadgen.c)")
        return {}
    n = 100 if quick else 1000
    transcript = {"op": "transcript", "text": "https://Example.com/x?k=Ab3"}
    runs, floor_runs = {}, {}
    # Each run also against the socket floor, right after: what the same load costs this machine in a server
    # that does nothing but the socket calls. Rounds of both, interleaved; each figure the median of its rounds.
    floor = measure.SocketFloor(loadgen.parent, workdir)
    try:
        for name, requests in (("burst (all connections at once, 1 request each)", 1),
                               ("closed loop (each connection back to back)", 5 if quick else 20)):
            rounds, floor_rounds = [], []
            for _ in range(1 if quick else LOAD_ROUNDS):
                rounds.append(measure.load(loadgen, daemon, n, requests, 0, transcript))
                floor_rounds.append(measure.load(loadgen, floor, n, requests, 0, transcript))
            runs[f"transcript, {name}"] = measure.median_of_rounds(rounds)
            floor_runs[f"transcript, {name}"] = measure.median_of_rounds(floor_rounds)
    finally:
        floor.stop()
    runs["transcript, paced 2000 requests/s in total"] = measure.load(
        loadgen, daemon, n, 2 if quick else 10, 2000, transcript)
    # 100 clients queueing speak, against a daemon without audio (its null output plays in real time) whose
    # queue takes all 100 (the default limit, 32, would answer "busy" past it, by design); timed to "queued".
    config = workdir / "daemon-silent.toml"
    config.write_text("[limits]\nqueued = 128\n")
    silent = Daemon(daemon_bin, workdir / "daemon-silent", pulse_env, audio="none",
                    extra_args=["--config", str(config)])
    silent.start()
    try:
        runs["speak, 100 clients at once, until queued (--audio none, queue limit 128)"] = measure.load(
            loadgen, silent, 20 if quick else 100, 1, 0, {"op": "speak", "text": "Ab3"}, "queued,error,cancelled")
    finally:
        silent.stop()
    # Memory after crowds of clients: a fresh daemon of its own, so that nothing else it did counts.
    fresh = Daemon(daemon_bin, workdir / "daemon-bursts", pulse_env, audio="none")
    fresh.start()
    try:
        bursts = measure.rss_across_bursts(loadgen, fresh, n, 2 if quick else 5, transcript)
    finally:
        fresh.stop()
    log(f"  RSS across {bursts['bursts']} bursts of {n} connections: {bursts['rss_before_kib'] / 1024:.1f} MiB "
        f"before, {' '.join(f'{k / 1024:.1f}' for k in bursts['rss_after_each_kib'])} MiB after each")
    for name, r in runs.items():
        spread = ""
        if len(r.get("rounds", [])) > 1:
            p99s = " ".join(f"{x['p99_ms']:.1f}" for x in r["rounds"])
            cpus = " ".join(f"{x['cpu_us_per_request']:.1f}" for x in r["rounds"])
            spread = f" (rounds: p99 {p99s} ms; CPU {cpus} µs/request)"
        log(f"  {name}: {r['requests']} requests, {r['rps']:.0f}/s, p50 {r['p50_ms']:.2f} ms, "
            f"p99 {r['p99_ms']:.2f} ms, errors {r['errors']}{spread}")
        if r["errors"] or r["connect_errors"]:
            problems.append(f"load {name}: {r['errors']} errors, {r['connect_errors']} connect errors "
                            f"({r['first_error']})")
    return {"runs": runs, "floor": floor_runs, "bursts": bursts}


def render_memory(daemon_bin: Path, workdir: Path, pulse_env: dict, quick: bool) -> dict:
    """One long render, then eight at once (the most the daemon allows), on a fresh daemon of their own."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import render_memory as rm

    chars, concurrent = (300, 2) if quick else (4096, 8)
    text = rm.text_of(chars, 1)
    daemon = Daemon(daemon_bin, workdir / "daemon-render-memory", pulse_env, audio="none")
    daemon.start()
    try:
        with Client(daemon.socket) as c:  # warm-up: the clips are in memory after this
            c.request("render", text=rm.text_of(200, 0), format=rm.WIDEST_FORMAT)
        one = rm.measure(daemon, [text], rm.WIDEST_FORMAT)
        many = rm.measure(daemon, [text] * concurrent, rm.WIDEST_FORMAT)
    finally:
        daemon.stop()
    log(f"  one render +{one['extra_mib']:.1f} MiB, {concurrent} at once +{many['extra_mib']:.1f} MiB")
    return {"characters": chars, "format": rm.WIDEST_FORMAT, "one": one, "concurrent": many}


def idle_test(daemon: Daemon, speechd: SpeechDispatcher, pulse: PrivatePulse, rec: Recorder, client_bin: Path,
              quick: bool) -> dict:
    """One utterance, the idle close, then nothing, with the recorder stopped (parec keeps the sound server
    busy). Three windows: everything idle; speech-dispatcher stopped (it keeps a stream open at the sound
    server, which would hide the daemon's share of its wake-ups); the daemon stopped too (the baseline)."""
    import subprocess

    subprocess.run([str(client_bin), "--socket", str(daemon.socket), "Ab3"], env=daemon.env,
                   check=True, timeout=60, stdout=subprocess.DEVNULL)
    rec.stop()
    time.sleep(IDLE_CLOSE_S + 1.5)
    seconds = 3 if quick else 60
    result = {"windows": {}}
    result["windows"]["all idle"] = measure.idle(
        {"alfabravod": [daemon.pid], "speech-dispatcher + sd_espeak-ng": speechd.pids(),
         "pulseaudio": [pulse.pid()]}, seconds, log)
    result["streams_with_speechd"] = pulse.sink_input_names()
    result["daemon_mappings"] = measure.mappings(daemon.pid)
    speechd.stop()
    time.sleep(0.5)
    result["streams_after_idle_close"] = pulse.sink_input_names()
    result["windows"]["speech-dispatcher stopped"] = measure.idle(
        {"alfabravod": [daemon.pid], "pulseaudio": [pulse.pid()]}, seconds / 2, log)
    daemon.stop()
    time.sleep(0.5)
    result["windows"]["alfabravod stopped too (baseline)"] = measure.idle({"pulseaudio": [pulse.pid()]},
                                                                          seconds / 2, log)
    return result


if __name__ == "__main__":
    sys.exit(main())
