#!/usr/bin/env python3
"""The client `alfabravo` end to end, as a user runs it, against a real alfabravod (--audio none: speech is
timed as if heard, so progress, cancel and stop behave as with a sound card).

Usage: client_e2e_test.py ALFABRAVO ALFABRAVOD [unittest arguments]   (--list: print the test ids, for CTest)
"""
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time
import unittest

CLIENT = DAEMON = BUILD_HELPER = None

# Published vectors (issue 2): Asterisk SayPhonetic's "hello", and the project's own.
VECTORS = {
    "hello": "Hotel Echo Lima Lima Oscar",
    "Example123!": "capital Echo X-ray Alfa Mike Papa Lima Echo one two three exclamation mark",
}
# Long enough (about 25 s of speech) that a test can stop or interrupt it while it plays.
LONG_TEXT = "abcdefghijklmnopqrstuvwxyz0123456789"
TIMEOUT = 60  # seconds for anything that should take one: generous for a loaded 2-core machine


def run(args, *, input=None, env=None, timeout=TIMEOUT, cwd=None):
    return subprocess.run([CLIENT, *args], input=input, capture_output=True, env=env, timeout=timeout, cwd=cwd)


def print_transcript(*args):
    result = run(["--print", *args])
    assert result.returncode == 0, result.stderr
    return result.stdout.decode().rstrip("\n")


def wait_or_kill(pid, grace=10):
    """The exit status of a child that should be ending now; None (after SIGKILL) if it is still running."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        finished, status = os.waitpid(pid, os.WNOHANG)
        if finished:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def events_of(output):
    return [json.loads(line) for line in output.decode().splitlines() if line.strip()]


def spoken_words(events):
    return " ".join(e["words"] for e in events if e["event"] == "progress")


class Daemon:
    """alfabravod on a private socket in a temporary HOME; stopped and removed by stop()."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="alfabravo-client-test.")
        self.socket = os.path.join(self.dir, "socket")
        self.log = open(os.path.join(self.dir, "daemon.log"), "wb")
        env = dict(os.environ, HOME=self.dir, XDG_CONFIG_HOME=os.path.join(self.dir, "config"),
                   XDG_CACHE_HOME=os.path.join(self.dir, "cache"))
        self.process = subprocess.Popen([DAEMON, "--audio", "none", "--socket", self.socket], stdout=self.log,
                                        stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("alfabravod exited: " + self.log_text())
            if os.path.exists(self.socket) and run(["-s", self.socket, "--status"]).returncode == 0:
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("alfabravod did not become ready: " + self.log_text())

    def log_text(self):
        with open(os.path.join(self.dir, "daemon.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class WithDaemon(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="alfabravo-client-case.")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # Nothing a test started may keep speaking into the next one.
        self.addCleanup(lambda: run(["-s", self.daemon.socket, "--stop"]))

    def client(self, *args, **kwargs):
        return run(["-s", self.daemon.socket, *args], **kwargs)

    def start_long_readout(self, *extra):
        """A client speaking LONG_TEXT with --events, returned once the daemon has started speaking it."""
        process = subprocess.Popen([CLIENT, "-s", self.daemon.socket, "--events", *extra, LONG_TEXT],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        lines = []
        while True:
            line = process.stdout.readline()
            self.assertTrue(line, "the client ended before the readout started")
            lines.append(line)
            if json.loads(line)["event"] == "progress":
                return process, lines

    def assert_exit(self, result, code, stderr_contains=None):
        self.assertEqual(result.returncode, code, result.stderr.decode(errors="replace"))
        if stderr_contains is not None:
            self.assertIn(stderr_contains, result.stderr.decode(errors="replace"))


class PrintWithoutDaemon(unittest.TestCase):
    """--print spells locally: no daemon runs here (and the socket points nowhere)."""

    def setUp(self):
        self.env = dict(os.environ, ALFABRAVO_SOCKET="/nonexistent/alfabravo/socket")

    def test_published_vectors(self):
        for text, words in VECTORS.items():
            result = run(["--print", text], env=self.env)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.decode(), words + "\n")

    def test_options_select_the_engine_options(self):
        self.assertEqual(print_transcript("--digits", "icao", "39"), "tree niner")
        self.assertEqual(print_transcript("--case", "all", "aB"), "lowercase Alfa capital Bravo")
        self.assertEqual(print_transcript("--case", "none", "aB"), "Alfa Bravo")
        self.assertEqual(print_transcript("--mode", "url", "https://x.com"),
                         "https colon slash slash X-ray dot com")
        self.assertEqual(print_transcript("--voice", "en", "--group", "2", "abcd"), "Alfa Bravo Charlie Delta")

    def test_text_from_standard_input_loses_one_newline(self):
        result = run(["--print"], input=b"Ab3\n\n")
        self.assertEqual(result.stdout.decode(), "capital Alfa Bravo three new line\n")
        result = run(["--print", "-"], input=b"Ab3\n")
        self.assertEqual(result.stdout.decode(), "capital Alfa Bravo three\n")

    def test_bad_input_exits_non_zero_with_the_engines_message(self):
        result = run(["--print"], input=b"ab\xffcd")
        self.assertEqual(result.returncode, 1)
        self.assertIn("UTF-8", result.stderr.decode())
        self.assertIn("offset 2", result.stderr.decode())
        self.assertEqual(result.stdout, b"")
        result = run(["--print", ""])
        self.assertEqual(result.returncode, 1)
        self.assertIn("empty", result.stderr.decode())
        result = run(["--print"], input=b"a" * 5000)
        self.assertEqual(result.returncode, 1)
        self.assertIn("4096", result.stderr.decode())

    def test_unknown_voice(self):
        result = run(["--print", "--voice", "nosuch", "a"])
        self.assertEqual(result.returncode, 1)
        self.assertIn('voice "nosuch" not found', result.stderr.decode())


class PrintHelper(unittest.TestCase):
    """--print runs the local speller as a program of its own, <bindir>/../libexec/alfabravo/alfabravo-print
    (as in the build tree): the client copied into a tree of its own, with or without the helper beside it."""

    SECRET = "Pa55w0rd!"

    def setUp(self):
        self.tree = tempfile.mkdtemp(prefix="alfabravo-print-helper.")
        self.addCleanup(shutil.rmtree, self.tree)
        self.client = os.path.join(self.tree, "bin", "alfabravo")
        self.helper = os.path.join(self.tree, "libexec", "alfabravo", "alfabravo-print")
        os.makedirs(os.path.dirname(self.client))
        os.makedirs(os.path.dirname(self.helper))
        shutil.copy(CLIENT, self.client)
        # The voices the build tree links to, found beside the copied client, as beside an installed one.
        os.makedirs(os.path.join(self.tree, "share", "alfabravo"))
        os.symlink(os.path.realpath(os.path.join(os.path.dirname(CLIENT), "..", "share", "alfabravo", "voices")),
                   os.path.join(self.tree, "share", "alfabravo", "voices"))

    def run_copy(self, *args, input=None):
        env = dict(os.environ, ALFABRAVO_SOCKET="/nonexistent/alfabravo/socket", HOME=self.tree,
                   XDG_DATA_DIRS="/nonexistent")
        return subprocess.run([self.client, *args], input=input, capture_output=True, env=env, timeout=TIMEOUT)

    def test_the_helper_beside_the_moved_client_finds_the_voices_beside_it(self):
        shutil.copy(BUILD_HELPER, self.helper)
        result = self.run_copy("--print", "--voice", "de", "Ab3")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode(), "groß Aachen Berlin drei\n")

    def test_a_missing_helper_is_a_clear_error(self):
        result = self.run_copy("--print", self.SECRET)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"")
        error = result.stderr.decode()
        self.assertIn("--print needs " + self.helper, error)
        self.assertIn("No such file or directory", error)
        self.assertNotIn(self.SECRET, error)
        # Talking to the daemon needs no helper.
        self.assertEqual(self.run_copy("hello").returncode, 3)

    def test_the_text_goes_to_the_helper_on_standard_input_not_in_its_arguments(self):
        record = os.path.join(self.tree, "record")
        with open(self.helper, "w") as stand_in:
            stand_in.write(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {record}.args\ncat > {record}.stdin\n"
                           "echo spelled; echo complaint >&2; exit 4\n")
        os.chmod(self.helper, 0o755)
        result = self.run_copy("--print", "--mode", "password", "--voice", "de", self.SECRET)
        # What the helper prints and its exit code are the client's.
        self.assertEqual((result.returncode, result.stdout, result.stderr), (4, b"spelled\n", b"complaint\n"))
        with open(record + ".stdin") as stdin, open(record + ".args") as args:
            self.assertEqual(stdin.read(), self.SECRET)
            arguments = args.read().split("\n")
        self.assertNotIn(self.SECRET, " ".join(arguments))
        self.assertIn("password", arguments)
        self.assertIn("de", arguments)


class NoDaemon(unittest.TestCase):
    def test_exit_3_and_how_to_start_it(self):
        for args in (["hello"], ["--status"], ["--stop"], ["--render", "/tmp/never.wav", "x"]):
            result = run(["-s", "/nonexistent/alfabravo/socket", *args])
            self.assertEqual(result.returncode, 3, args)
            self.assertIn("systemctl --user start alfabravod.socket", result.stderr.decode())
            self.assertIn("alfabravod", result.stderr.decode())
        self.assertFalse(os.path.exists("/tmp/never.wav"))

    def test_default_socket_follows_the_environment(self):
        with tempfile.TemporaryDirectory() as runtime:
            env = dict(os.environ, XDG_RUNTIME_DIR=runtime)
            env.pop("ALFABRAVO_SOCKET", None)
            result = run(["hello"], env=env)
            self.assertEqual(result.returncode, 3)
            self.assertIn(runtime + "/alfabravo/socket", result.stderr.decode())
            env["ALFABRAVO_SOCKET"] = runtime + "/other"
            self.assertIn(runtime + "/other", run(["hello"], env=env).stderr.decode())


class Usage(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        for args in (["--bogus"], ["--mode", "loud", "x"], ["--rate", "10", "x"], ["--group", "65", "x"],
                     ["--format", "wav", "x"], ["--stop", "x"], ["--print", "--render", "f", "x"],
                     ["--clipboard", "x"], ["--render", "f", "--format", "mp3", "x"], ["--status", "--voices"]):
            result = run(args)
            self.assertEqual(result.returncode, 2, args)
            self.assertNotEqual(result.stderr, b"", args)

    def test_no_text_on_a_terminal_is_a_usage_error(self):
        controller, terminal = pty.openpty()
        try:
            result = subprocess.run([CLIENT, "-s", "/nonexistent"], stdin=terminal, capture_output=True,
                                    timeout=TIMEOUT)
        finally:
            os.close(controller)
            os.close(terminal)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no text", result.stderr.decode())

    def test_help_teaches_with_examples(self):
        result = run(["--help"])
        self.assertEqual(result.returncode, 0)
        out = result.stdout.decode()
        for expected in ("Examples:", "--clipboard", "--password", "--render", "Exit status", "130",
                         "systemctl --user start alfabravod.socket"):
            self.assertIn(expected, out)

    def test_version_lists_the_voice_search_path(self):
        result = run(["--version"], env=dict(os.environ, ALFABRAVO_VOICE_PATH="/opt/my-voices"))
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout.decode(), r"^alfabravo \d+\.\d+\.\d+\n")
        self.assertIn("  /opt/my-voices\n", result.stdout.decode())


class Speak(WithDaemon):
    def test_speaks_arguments_and_waits_until_done(self):
        result = self.client("--events", "Example123!")
        self.assert_exit(result, 0)
        events = events_of(result.stdout)
        self.assertEqual([e["event"] for e in events][:2], ["queued", "started"])
        self.assertEqual(events[-1]["event"], "done")
        self.assertEqual(spoken_words(events), VECTORS["Example123!"])
        self.assertEqual(len({json.dumps(e["id"]) for e in events}), 1)

    def test_arguments_are_joined_by_spaces(self):
        events = events_of(self.client("--events", "a", "b").stdout)
        self.assertEqual(spoken_words(events), "Alfa space Bravo")

    def test_quiet_when_not_a_terminal(self):
        result = self.client("hello")
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout, b"")
        self.assertEqual(result.stderr, b"")

    def test_standard_input_pipe_and_dash(self):
        for args in ([], ["-"]):
            result = self.client("--events", *args, input=b"Ab3\n")
            self.assert_exit(result, 0)
            self.assertEqual(spoken_words(events_of(result.stdout)), "capital Alfa Bravo three")

    def test_options_reach_the_daemon(self):
        result = self.client("--events", "--mode", "url", "--case", "all", "--digits", "icao", "--group", "2",
                             "--voice", "en", "--rate", "300", "--device", "default", "https://a.io/39")
        self.assert_exit(result, 0)
        self.assertEqual(spoken_words(events_of(result.stdout)),
                         print_transcript("--mode", "url", "--case", "all", "--digits", "icao", "https://a.io/39"))

    def test_rate_changes_the_speed(self):
        slow, fast = os.path.join(self.tmp, "slow.wav"), os.path.join(self.tmp, "fast.wav")
        self.assert_exit(self.client("--render", slow, "--rate", "80", "abc"), 0)
        self.assert_exit(self.client("--render", fast, "--rate", "450", "abc"), 0)
        self.assertGreater(os.path.getsize(slow), 1.5 * os.path.getsize(fast))

    def test_daemon_errors_exit_1_with_its_message(self):
        self.assert_exit(self.client("--voice", "nosuch", "a"), 1, "not_found")
        self.assert_exit(self.client(input=b"a" * 5000), 1, "too_long")
        self.assert_exit(self.client(input=b"\n"), 1, "empty")
        # Never "corrected" into something else: JSON could only carry a replacement character.
        self.assert_exit(self.client("--render", "-", input=b"ab\xffcd"), 1, "byte offset 2")
        self.assert_exit(self.client(input=b"ab\xffcd"), 1, "byte offset 2")

    def test_no_wait_returns_after_queued_and_cancel_by_id(self):
        start = time.monotonic()
        result = self.client("--no-wait", LONG_TEXT)
        self.assert_exit(result, 0)
        self.assertLess(time.monotonic() - start, 20, "--no-wait waited for the readout")
        request_id = result.stdout.decode().strip()
        self.assertTrue(request_id)
        # Queued is not yet playing: the player takes it up a moment later (later still on a loaded machine).
        deadline = time.monotonic() + TIMEOUT
        while True:
            status = self.client("--status")
            self.assert_exit(status, 0)
            if "playing: " + request_id in status.stdout.decode() or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertIn("playing: " + request_id, status.stdout.decode())
        self.assert_exit(self.client("--cancel", request_id), 0)
        self.assert_exit(self.client("--cancel", request_id), 1, "not_found")

    def check_on_a_terminal(self, read_back):
        """alfabravo --check with a pty as its controlling terminal; the read-back typed at the prompt."""
        controller, terminal = pty.openpty()

        def take_terminal():
            os.setsid()
            fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)

        try:
            process = subprocess.Popen([CLIENT, "-s", self.daemon.socket, "--check"], stdin=terminal,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=take_terminal)
            prompt = b""
            while b"(not shown)" not in prompt:
                prompt += os.read(controller, 1024)
            os.write(controller, read_back + b"\n")
            out, err = process.communicate(timeout=TIMEOUT)
        finally:
            os.close(controller)
            os.close(terminal)
        return process.returncode, out.decode(), err.decode()

    def test_the_call_loop_repeat_slower_check_forget(self):
        self.assert_exit(self.client("--mode", "password", "--group", "3", input=b"Ab3xY9"), 0)
        status = self.client("--status").stdout.decode()
        self.assertIn("held: true", status)
        self.assertNotIn("Yankee", status)
        again = self.client("--events", "--repeat", "--from-group", "2", "--slower")
        self.assert_exit(again, 0)
        events = events_of(again.stdout)
        self.assertEqual([e["index"] for e in events if e["event"] == "progress"], [3, 4, 5])
        self.assertEqual(events[-1]["event"], "done")
        code, out, _ = self.check_on_a_terminal(b"Ab3xZ9")
        self.assertEqual(code, 4, out)
        self.assertIn("group 2, character 2: capital Yankee expected, capital Zulu given", out)
        code, out, _ = self.check_on_a_terminal(b"Ab3xY9")
        self.assertEqual(code, 0, out)
        self.assertIn("matches", out)
        self.assert_exit(self.client("--forget"), 0)
        self.assertIn("held: false", self.client("--status").stdout.decode())
        self.assert_exit(self.client("--repeat"), 1, "not_found")
        self.assertNotIn("Ab3xY9", self.daemon.log_text())

    def test_back_and_skip_move_another_clients_readout_by_groups(self):
        process, _ = self.start_long_readout("--group", "4")  # groups of 4: group 3 starts at index 8
        self.assert_exit(self.client("--skip", "--groups", "2"), 0)
        self.assert_exit(self.client("--back", "--groups", "0"), 0)  # group 3 again, from its start
        self.assert_exit(self.client("--stop"), 0)
        out, _ = process.communicate(timeout=TIMEOUT)
        jumps = [(e["group"], e["index"]) for e in events_of(out) if e["event"] == "jumped"]
        self.assertEqual(jumps, [(3, 8), (3, 8)])
        self.assert_exit(self.client("--skip"), 1, "not_found")
        self.assert_exit(self.client("--skip", "--groups", "0"), 2, "at least 1")

    def test_toggle_pause_pauses_then_resumes(self):
        process, _ = self.start_long_readout()
        self.assert_exit(self.client("--toggle-pause"), 0)
        self.assertIn("paused: true", self.client("--status").stdout.decode())
        self.assert_exit(self.client("--toggle-pause"), 0)
        self.assertIn("paused: false", self.client("--status").stdout.decode())
        self.assert_exit(self.client("--stop"), 0)
        process.communicate(timeout=TIMEOUT)
        self.assert_exit(self.client("--toggle-pause"), 1, "not_found")  # nothing to pause or resume

    def test_stop_ends_another_clients_readout(self):
        process, _ = self.start_long_readout()
        self.assert_exit(self.client("--stop"), 0)
        out, err = process.communicate(timeout=TIMEOUT)
        self.assertEqual(process.returncode, 1)
        self.assertIn("cancelled", err.decode())
        self.assertEqual(events_of(out)[-1]["event"], "cancelled")

    def test_ctrl_c_stops_the_readout_and_exits_130(self):
        process, lines = self.start_long_readout()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=TIMEOUT)
        self.assertEqual(process.returncode, 130)
        events = events_of(b"".join(lines) + out)
        self.assertEqual(events[-1]["event"], "cancelled", "the daemon must report the readout cancelled")
        self.assertLess(len(spoken_words(events).split()), len(print_transcript(LONG_TEXT).split()))
        status = self.client("--status")
        self.assertIn("playing: null", status.stdout.decode())

    def test_status_voices_devices(self):
        status = self.client("--status")
        self.assert_exit(status, 0)
        self.assertIn("voice: en", status.stdout.decode())
        voices = self.client("--voices")
        self.assert_exit(voices, 0)
        lines = voices.stdout.decode().splitlines()
        # One line per voice: name, language, standard; the default marked.
        self.assertIn("en  English  ICAO Annex 10 / NATO (ACP 131)  (default)", lines)
        self.assertIn("de  Deutsch (German)  DIN 5009:2022", lines)
        self.assertGreaterEqual(len(lines), 9)
        devices = self.client("--devices")
        self.assert_exit(devices, 0)
        self.assertEqual(devices.stdout, b"", "--audio none: no devices")
        self.assertIn("audio: none", devices.stderr.decode())
        events = events_of(self.client("--devices", "--events").stdout)
        self.assertEqual(events[-1]["event"], "devices")


class Render(WithDaemon):
    RATES = {"wav": 22050, "wav8k": 8000, "wav16k": 16000, "wav22k": 22050, "wav48k": 48000}

    def soxi(self, path, flag):
        return subprocess.run(["soxi", flag, path], capture_output=True, check=True).stdout.decode().strip()

    def test_every_wav_format(self):
        durations = []
        for fmt, rate in self.RATES.items():
            path = os.path.join(self.tmp, fmt + ".wav")
            self.assert_exit(self.client("--render", path, "--format", fmt, "Ab3"), 0)
            self.assertEqual(self.soxi(path, "-t"), "wav")
            self.assertEqual(int(self.soxi(path, "-r")), rate)
            self.assertEqual(int(self.soxi(path, "-c")), 1)
            self.assertEqual(int(self.soxi(path, "-b")), 16)
            durations.append(float(self.soxi(path, "-D")))
        self.assertGreater(min(durations), 1.0, "three words take more than a second")
        self.assertLess(max(durations) - min(durations), 0.05, "every format holds the same speech")
        self.assertEqual(len(os.listdir(self.tmp)), len(self.RATES), "no temporary files are left")

    def test_g711_formats(self):
        wav = os.path.join(self.tmp, "ref.wav")
        self.assert_exit(self.client("--render", wav, "--format", "wav8k", "Ab3"), 0)
        samples = int(self.soxi(wav, "-s"))
        for fmt, sox_type in (("ulaw", "ul"), ("alaw", "al")):
            path = os.path.join(self.tmp, "out." + fmt)
            self.assert_exit(self.client("--render", path, "--format", fmt, "Ab3"), 0)
            self.assertEqual(os.path.getsize(path), samples, "one byte per 8 kHz sample, no header")
            stat = subprocess.run(["sox", "-t", sox_type, "-r", "8000", "-c", "1", path, "-n", "stat"],
                                  capture_output=True, check=True).stderr.decode()
            rms = float(next(l for l in stat.splitlines() if l.startswith("RMS     amplitude")).split()[-1])
            self.assertGreater(rms, 0.01, fmt + " holds audible speech")

    def test_standard_output(self):
        result = self.client("--render", "-", "--format", "wav8k", "hello")
        self.assert_exit(result, 0)
        self.assertEqual(result.stdout[:4], b"RIFF")
        self.assertEqual(result.stdout[8:12], b"WAVE")

    def test_written_whole_or_not_at_all(self):
        path = os.path.join(self.tmp, "keep.wav")
        with open(path, "wb") as f:
            f.write(b"old")
        self.assert_exit(self.client("--render", path, input=b"a" * 5000), 1, "too_long")
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"old", "a failed render leaves the old file alone")
        self.assertEqual(os.listdir(self.tmp), ["keep.wav"], "and no temporary file behind")
        self.assert_exit(self.client("--render", os.path.join(self.tmp, "no", "dir.wav"), "x"), 2)


class Clipboard(WithDaemon):
    def stub(self, name, text, expected_args):
        """A clipboard program that checks its arguments and prints text."""
        bin_dir = os.path.join(self.tmp, "bin")
        os.makedirs(bin_dir, exist_ok=True)
        path = os.path.join(bin_dir, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n"
                    f'[ "$*" = "{expected_args}" ] || {{ echo "bad arguments: $*" >&2; exit 9; }}\n'
                    f"printf '%b' '{text}'\n")
        os.chmod(path, 0o755)
        return bin_dir

    def speak_clipboard(self, bin_dir, **env_overrides):
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env.update(PATH=bin_dir, **env_overrides)
        return self.client("--events", "--clipboard", env=env)

    def test_xclip(self):
        bin_dir = self.stub("xclip", "Clip9\\n", "-o -selection clipboard")
        result = self.speak_clipboard(bin_dir)
        self.assert_exit(result, 0)
        self.assertEqual(spoken_words(events_of(result.stdout)), "capital Charlie Lima India Papa nine")

    def test_xsel(self):
        result = self.speak_clipboard(self.stub("xsel", "x", "-ob"))
        self.assert_exit(result, 0)
        self.assertEqual(spoken_words(events_of(result.stdout)), "X-ray")

    def test_wl_paste_first_under_wayland(self):
        self.stub("xclip", "from xclip", "-o -selection clipboard")
        bin_dir = self.stub("wl-paste", "w", "--no-newline")
        result = self.speak_clipboard(bin_dir, WAYLAND_DISPLAY="wayland-0")
        self.assert_exit(result, 0)
        self.assertEqual(spoken_words(events_of(result.stdout)), "Whiskey")

    def test_no_clipboard_program(self):
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty)
        self.assert_exit(self.speak_clipboard(empty), 2, "xclip")

    def test_failing_clipboard_program(self):
        bin_dir = self.stub("xclip", "x", "something else")
        self.assert_exit(self.speak_clipboard(bin_dir), 2, "clipboard")


class Password(WithDaemon):
    SECRET = b"Pa55w0rd!"

    def run_on_terminal(self, *args, typed=SECRET + b"\n", interrupt=False):
        """Runs the client on a pseudo-terminal; types the secret once the prompt is up (checking that echo is
        off at that moment). Returns (exit code, everything the terminal showed, echo flag at the prompt)."""
        pid, controller = pty.fork()
        if pid == 0:
            os.execv(CLIENT, [CLIENT, "-s", self.daemon.socket, *args])
        shown = b""
        echo_at_prompt = None
        deadline = time.monotonic() + TIMEOUT
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([controller], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(controller, 4096)
                    except OSError:  # EIO: the client has exited and closed the terminal
                        break
                    if not chunk:
                        break
                    shown += chunk
                if echo_at_prompt is None and b"(not shown):" in shown:
                    echo_at_prompt = bool(termios.tcgetattr(controller)[3] & termios.ECHO)
                    if interrupt:
                        os.kill(pid, signal.SIGINT)
                    else:
                        os.write(controller, typed)
            status = wait_or_kill(pid)
            if status is None:  # still running after TIMEOUT: fail rather than hang the suite
                self.fail(f"the client did not finish within {TIMEOUT} s; the terminal showed {shown!r}")
            self.echo_after_exit = bool(termios.tcgetattr(controller)[3] & termios.ECHO)
        finally:
            os.close(controller)
        return os.waitstatus_to_exitcode(status), shown, echo_at_prompt

    def test_prompt_with_echo_off_shows_positions_only(self):
        code, shown, echo = self.run_on_terminal("--password")
        self.assertEqual(code, 0, shown)
        self.assertFalse(echo, "echo must be off while the secret is typed")
        self.assertNotIn(self.SECRET, shown)
        for word in ("Papa", "Alfa", "five", "Whiskey", "zero", "Romeo", "Delta", "exclamation"):
            self.assertNotIn(word.encode(), shown, "password mode shows positions, not words")
        self.assertIn(b"9/9", shown)
        self.assertIn(b"9 characters", shown)

    def test_what_is_spoken_is_the_typed_secret_in_password_mode(self):
        code, shown, echo = self.run_on_terminal("--password", "--events")
        self.assertEqual(code, 0, shown)
        self.assertFalse(echo)
        self.assertNotIn(self.SECRET, shown)
        events = [json.loads(l) for l in shown.decode().splitlines() if l.startswith("{")]
        self.assertEqual(spoken_words(events), print_transcript("--mode", "password", self.SECRET.decode()))

    def test_show_displays_the_words(self):
        code, shown, _ = self.run_on_terminal("--password", "--show")
        self.assertEqual(code, 0, shown)
        self.assertNotIn(self.SECRET, shown)
        self.assertIn(b"capital Papa Alfa five five Whiskey zero Romeo Delta exclamation mark", shown)

    def test_ctrl_c_at_the_prompt_exits_130_and_restores_echo(self):
        code, shown, echo = self.run_on_terminal("--password", interrupt=True)
        self.assertEqual(code, 130)
        self.assertFalse(echo)
        self.assertTrue(self.echo_after_exit, "the terminal's echo must be restored")
        self.assertIn(b"playing: null", self.client("--status").stdout)

    def test_terminal_shows_the_transcript_with_the_current_word_highlighted(self):
        pid, controller = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm"
            os.execv(CLIENT, [CLIENT, "-s", self.daemon.socket, "Ab3"])
        shown = b""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if not select.select([controller], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the client has exited
                break
            if not chunk:
                break
            shown += chunk
        status = wait_or_kill(pid)
        os.close(controller)
        self.assertIsNotNone(status, f"the client did not finish; the terminal showed {shown!r}")
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, shown)
        self.assertIn(b"\x1b[7mcapital Alfa\x1b[0m", shown)
        self.assertIn(b"capital Alfa \x1b[7mBravo\x1b[0m", shown)
        self.assertIn(b"capital Alfa Bravo \x1b[7mthree\x1b[0m", shown)
        self.assertTrue(shown.rstrip().endswith(b"capital Alfa Bravo three"), shown)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        loader = unittest.TestLoader()
        for suite in loader.loadTestsFromModule(sys.modules[__name__]):
            for test in suite:
                print(test.id().split(".", 1)[1])
        sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    CLIENT, DAEMON = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    # The build tree lays the client and its --print helper out as an installation does (bin/ is client/).
    BUILD_HELPER = os.path.join(os.path.dirname(CLIENT), "..", "libexec", "alfabravo", "alfabravo-print")
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)
