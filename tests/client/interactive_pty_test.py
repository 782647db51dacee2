#!/usr/bin/env python3
"""The interactive mode of `alfabravo` through a pseudo-terminal, against a real alfabravod (--audio none:
speech is timed as if heard): keys steer the readout, and whatever ends it — q, Ctrl-C, SIGTERM, a daemon that
goes away — the terminal is left as it was (termios attributes equal before and after, cursor shown).

Usage: interactive_pty_test.py ALFABRAVO ALFABRAVOD [unittest arguments]   (--list: the test ids, for CTest)
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import client_e2e_test as e2e  # noqa: E402  (the daemon harness and the client runner)

TIMEOUT = e2e.TIMEOUT
# 24 characters in groups of 3: 8 groups, long enough to be steered on a loaded machine.
SECRET = b"Xy7Kq2Mz9Pw4Hb6Tn3Rc8Jd4"
HIDE_CURSOR, SHOW_CURSOR = b"\x1b[?25l", b"\x1b[?25h"
RIGHT = b"\x1b[C"


class Terminal:
    """The client on a pseudo-terminal that is its controlling terminal (as in a terminal emulator)."""

    def __init__(self, *args):
        self.controller, self.terminal = os.openpty()
        fcntl.ioctl(self.terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
        self.before = termios.tcgetattr(self.terminal)
        terminal = self.terminal

        def take_terminal():
            os.setsid()
            fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen([e2e.CLIENT, *args], stdin=terminal, stdout=terminal, stderr=terminal,
                                        preexec_fn=take_terminal, env=dict(os.environ, TERM="xterm"))
        self.shown = b""

    def read_until(self, pattern, timeout=TIMEOUT):
        """Reads what the terminal shows until pattern (a regex on bytes) matches what came after `since`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.shown[self.mark:])
            if match:
                self.mark += match.end()
                return True
            if select.select([self.controller], [], [], 0.1)[0]:
                self.shown += os.read(self.controller, 65536)
            elif self.process.poll() is not None:
                break
        return False

    mark = 0

    def press(self, keys):
        os.write(self.controller, keys)

    def wait(self):
        """The exit code (negative: the signal), after reading the rest of what it shows."""
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the client did not end; the terminal showed {self.shown!r}")
        while select.select([self.controller], [], [], 0.1)[0]:
            self.shown += os.read(self.controller, 65536)
        return self.process.returncode

    def attributes(self):
        return termios.tcgetattr(self.terminal)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.controller)
        os.close(self.terminal)


class Interactive(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = e2e.Daemon()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.stop()

    def setUp(self):
        self.addCleanup(lambda: e2e.run(["-s", self.daemon.socket, "--stop"]))

    def status(self):
        return e2e.run(["-s", self.daemon.socket, "--status"]).stdout.decode()

    def speak_secret(self, daemon=None):
        """The client speaking SECRET in password mode, typed at its hidden prompt; returned once the first
        character is heard."""
        terminal = Terminal("-s", (daemon or self.daemon).socket, "--password", "--group", "3")
        self.addCleanup(terminal.close)
        self.assertTrue(terminal.read_until(rb"\(not shown\): "), terminal.shown)
        terminal.press(SECRET + b"\r")
        self.assertTrue(terminal.read_until(rb" 1/24"), terminal.shown)
        return terminal

    def assert_terminal_restored(self, terminal):
        self.assertEqual(terminal.attributes(), terminal.before, "the terminal's modes must be restored")
        self.assertIn(HIDE_CURSOR, terminal.shown, "the interactive mode hides the cursor")
        self.assertGreater(terminal.shown.rfind(SHOW_CURSOR), terminal.shown.rfind(HIDE_CURSOR),
                           "the cursor must be shown again at the end")
        self.assertNotIn(SECRET, terminal.shown)

    def test_space_pauses_right_skips_space_resumes_q_stops(self):
        terminal = self.speak_secret()
        self.assertNotEqual(terminal.attributes()[3] & termios.ICANON, termios.ICANON, "keys one at a time")
        self.assertTrue(terminal.read_until(rb"space pause"), "the key help is shown")

        terminal.press(b" ")
        self.assertTrue(terminal.read_until(rb"group \d  paused  175 wpm"), terminal.shown)
        paused_in = int(re.findall(rb"group (\d)  paused", terminal.shown)[-1])
        self.assertLess(paused_in, 7, "paused too late to test the next group")
        self.assertIn("paused: true", self.status())
        # The next group while paused: it stays paused, so only the key can have moved it there.
        terminal.press(RIGHT)
        self.assertTrue(terminal.read_until(b"group %d  paused  175 wpm" % (paused_in + 1)), terminal.shown)
        self.assertIn("paused: true", self.status())
        terminal.press(b" ")
        self.assertTrue(terminal.read_until(b"group %d  175 wpm" % (paused_in + 1)), terminal.shown)
        first = 3 * paused_in + 1  # the next group's first character, 1-based as shown
        self.assertTrue(terminal.read_until(b" %d/24" % first), "speaking goes on from the next group's start")
        self.assertIn("paused: false", self.status())

        terminal.press(b"q")
        self.assertEqual(terminal.wait(), 0, terminal.shown)
        self.assertIn(b"24 characters (stopped)", terminal.shown)
        self.assertIn("playing: null", self.status())
        self.assert_terminal_restored(terminal)

    def test_c_checks_a_read_back_typed_unseen(self):
        terminal = self.speak_secret()
        terminal.press(b"c")
        self.assertTrue(terminal.read_until(rb"Read-back \(not shown\): 0 typed"), terminal.shown)
        terminal.press(SECRET[:-1] + b"5")
        self.assertTrue(terminal.read_until(rb"24 typed"), terminal.shown)
        terminal.press(b"\r")
        self.assertTrue(terminal.read_until(rb"group 8, character 3: four expected, five given"), terminal.shown)
        self.assertNotIn(SECRET[:-1] + b"5", terminal.shown)
        terminal.press(b"q")
        self.assertEqual(terminal.wait(), 0, terminal.shown)
        self.assert_terminal_restored(terminal)

    def test_minus_says_the_group_again_slower(self):
        terminal = self.speak_secret()
        self.assertTrue(terminal.read_until(rb" 2/24"), terminal.shown)
        terminal.press(b"-")
        self.assertTrue(terminal.read_until(rb"140 wpm"), terminal.shown)
        self.assertTrue(terminal.read_until(rb" 1/24"), "the group being spoken starts again")
        terminal.press(b"\x1b")  # Esc stops, like q
        self.assertEqual(terminal.wait(), 0, terminal.shown)
        self.assertIn(b"(stopped)", terminal.shown)
        self.assert_terminal_restored(terminal)

    def test_ctrl_c_stops_and_restores_the_terminal(self):
        terminal = self.speak_secret()
        terminal.process.send_signal(signal.SIGINT)
        self.assertEqual(terminal.wait(), 130, terminal.shown)
        self.assertIn("playing: null", self.status())
        self.assert_terminal_restored(terminal)

    def test_sigterm_restores_the_terminal(self):
        terminal = self.speak_secret()
        terminal.process.send_signal(signal.SIGTERM)
        self.assertEqual(terminal.wait(), -signal.SIGTERM, terminal.shown)
        self.assert_terminal_restored(terminal)

    def test_a_daemon_that_goes_away_leaves_the_terminal_restored(self):
        daemon = e2e.Daemon()
        self.addCleanup(daemon.stop)
        terminal = self.speak_secret(daemon)
        daemon.process.kill()
        self.assertEqual(terminal.wait(), 1, terminal.shown)
        self.assert_terminal_restored(terminal)
        self.assertIn(b"the daemon closed the connection", terminal.shown)

    def test_the_end_of_the_readout_restores_the_terminal(self):
        terminal = Terminal("-s", self.daemon.socket, "Ab3")
        self.addCleanup(terminal.close)
        self.assertEqual(terminal.wait(), 0, terminal.shown)
        self.assertTrue(terminal.shown.rstrip().endswith(b"capital Alfa Bravo three"), terminal.shown)
        self.assert_terminal_restored(terminal)

    def test_a_refused_request_restores_the_terminal(self):
        terminal = Terminal("-s", self.daemon.socket, "--voice", "nosuch", "Ab3")
        self.addCleanup(terminal.close)
        self.assertEqual(terminal.wait(), 1, terminal.shown)
        self.assert_terminal_restored(terminal)
        self.assertIn(b"not_found", terminal.shown)

    def test_no_interactive_reads_no_keys(self):
        terminal = Terminal("-s", self.daemon.socket, "--no-interactive", "--password", "--group", "3")
        self.addCleanup(terminal.close)
        self.assertTrue(terminal.read_until(rb"\(not shown\): "), terminal.shown)
        terminal.press(SECRET + b"\r")
        self.assertTrue(terminal.read_until(rb" 1/24"), terminal.shown)
        self.assertEqual(terminal.attributes(), terminal.before, "no raw mode")
        terminal.process.send_signal(signal.SIGINT)
        self.assertEqual(terminal.wait(), 130)
        self.assertNotIn(b"space pause", terminal.shown)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        for suite in unittest.TestLoader().loadTestsFromModule(sys.modules[__name__]):
            for test in suite:
                print(test.id().split(".", 1)[1])
        sys.exit(0)
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    e2e.CLIENT, e2e.DAEMON = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], *sys.argv[3:]], verbosity=2)
