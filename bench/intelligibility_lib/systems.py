"""The three systems under test, each turning a string into (audio, the words a perfect listener writes down):
alfabravo (rendered by a private alfabravod through its socket), plain espeak-ng speaking alfabravo's words
as one sentence, and plain espeak-ng spelling with letter names. All get the same words for digits, symbols
and case, so the systems differ only in how letters are named and how the words are delivered."""
from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HARNESS = Path(__file__).resolve().parent.parent / "harness"
sys.path.insert(0, str(HARNESS))
from daemon import Client, Daemon  # noqa: E402


def listener_words(text: str) -> list[str]:
    """A spoken word as the listener's dictionary spells it: lower case, "X-ray" as "xray"."""
    return [w.replace("-", "") for w in text.lower().split()]


class Alfabravo:
    name = "alfabravo"

    def __init__(self, daemon_binary: Path, workdir: Path, rate: int | None = None):
        self.daemon = Daemon(daemon_binary, workdir, {}, audio="none")
        self.rate = rate

    def __enter__(self):
        self.daemon.start()
        self.client = Client(self.daemon.socket, timeout=120)
        return self

    def __exit__(self, *exc):
        self.client.close()
        self.daemon.stop()

    def transcript(self, text: str) -> list[dict]:
        event = self.client.request("transcript", text=text)[-1]
        if event.get("event") != "transcript":
            raise RuntimeError(f"alfabravod refused a transcript: {event}")
        return event["words"]

    def render(self, text: str, target: Path) -> list[str]:
        fields = {"text": text, "format": "wav"}
        if self.rate:
            fields["rate"] = self.rate
        events = self.client.request("render", **fields)
        if events[-1].get("event") != "done":
            raise RuntimeError(f"alfabravod failed to render: {events[-1]}")
        chunks = sorted((e for e in events if e.get("event") == "audio"), key=lambda e: e["seq"])
        target.write_bytes(b"".join(base64.b64decode(e["data"]) for e in chunks))
        return [w for entry in self.transcript(text) for w in listener_words(entry["word"])]


class PlainNato:
    """espeak-ng's default voice saying the same words alfabravo says, as one sentence."""
    name = "espeak-ng NATO sentence"

    def __init__(self, alfabravo: Alfabravo):
        self.alfabravo = alfabravo

    def render(self, text: str, target: Path) -> list[str]:
        words = [entry["word"] for entry in self.alfabravo.transcript(text)]
        subprocess.run(["espeak-ng", "-w", str(target), " ".join(words)], check=True)
        return [w for word in words for w in listener_words(word)]


class LetterNames:
    """espeak-ng's default voice spelling with letter names ("capital tee queue seven hash"), each letter
    marked as a character in SSML (else a lone "a" is read as the article)."""
    name = "espeak-ng letter names"

    def __init__(self, alfabravo: Alfabravo):
        self.alfabravo = alfabravo

    def render(self, text: str, target: Path) -> list[str]:
        spoken, reference = [], []
        for entry in self.alfabravo.transcript(text):
            if entry["kind"] == "letter":
                letter = text[entry["index"]].lower()
                if not re.fullmatch("[a-z]", letter):
                    raise RuntimeError("letter names cover a-z only")
                spoken.append(f'<say-as interpret-as="characters">{letter}</say-as>')
                reference.append(letter)
            else:
                spoken.append(escape(entry["word"]))
                reference += listener_words(entry["word"])
        subprocess.run(["espeak-ng", "-m", "-w", str(target), "<speak>" + " ".join(spoken) + "</speak>"],
                       check=True)
        return reference
