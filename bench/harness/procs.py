"""Starting commands with a timestamp taken just before exec, and reading a process's costs from /proc."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BENCH_DIR = Path(__file__).resolve().parents[1]


def compile_tool(name: str, out_dir: Path) -> Path:
    """bench/<name>.c compiled into out_dir (again only when the source is newer)."""
    source, binary = BENCH_DIR / f"{name}.c", out_dir / name
    if not binary.is_file() or source.stat().st_mtime > binary.stat().st_mtime:
        subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", str(binary), str(source)], check=True)
    return binary


def spawn(argv: list[str], env: dict[str, str], stdout=None) -> tuple[float, int]:
    """posix_spawn (vfork + exec: no copy of this process) -> (monotonic time just before the call, pid).
    stdout: a path to write the command's standard output to; standard error goes to /dev/null."""
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    actions.append((os.POSIX_SPAWN_OPEN, 1, str(stdout) if stdout else os.devnull,
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    t0 = time.monotonic()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions, setpgroup=0)
    return t0, pid


def wait(pid: int, timeout: float) -> int | None:
    """Waits for a child; on timeout kills its process group and returns None."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            kill_group(pid)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.005)


def wait_with_cpu(pid: int, timeout: float) -> tuple[int | None, float]:
    """(exit code or None after a timeout, the child's user + system CPU ms), polled finely enough to time a
    program that lasts a few milliseconds. The CPU time is what the program itself costs, steadier than
    wall-clock times on a machine that other work shares."""
    deadline = time.monotonic() + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), (usage.ru_utime + usage.ru_stime) * 1000
        if time.monotonic() > deadline:
            return wait(pid, 0), float("nan")
        time.sleep(0.0002)


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


@dataclass
class ProcessSample:
    cpu_seconds: float  # user + system, all threads
    voluntary: int      # context switches, summed over all threads
    involuntary: int
    rss_kib: int
    threads: int
    rss_anon_kib: int = 0  # heap, stacks: the process's own
    rss_file_kib: int = 0  # mapped files (libraries, data): shared with other processes using them
    pss_kib: int = 0       # RSS with each shared page divided among the processes that map it
    system_seconds: float = 0.0  # the part of cpu_seconds spent in the kernel


def sample_process(pid: int) -> ProcessSample:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime of the whole thread group
    system = int(fields[12]) / CLOCK_TICKS
    vol = invol = 0
    threads = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except FileNotFoundError:
            continue  # a thread that just ended
        threads += 1
        for line in status.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                vol += int(line.split()[1])
            elif line.startswith("nonvoluntary_ctxt_switches:"):
                invol += int(line.split()[1])
    mem = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "RssAnon:", "RssFile:")):
            mem[line.split(":")[0]] = int(line.split()[1])
    return ProcessSample(cpu, vol, invol, mem.get("VmRSS", 0), threads, mem.get("RssAnon", 0),
                         mem.get("RssFile", 0), _pss_kib(pid), system)


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, PermissionError):
        pass
    return 0


def tool_version(argv: list[str], pick=lambda s: s.splitlines()[0] if s else "?") -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
        return pick((out.stdout or out.stderr).strip())
    except (OSError, subprocess.TimeoutExpired):
        return "not available"


def dpkg_version(package: str) -> str:
    return tool_version(["dpkg-query", "-W", "-f=${Version}", package], pick=lambda s: s or "?")
