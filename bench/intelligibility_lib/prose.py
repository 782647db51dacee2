"""Generic English prose for adapting the listener: sentences from the licence texts Debian ships, never the
spelling vocabulary (a listener adapted on the words under test would flatter every system that says them
the way eSpeak NG said them during adaptation)."""
from __future__ import annotations

import re
from pathlib import Path

LICENCES = ["GPL-3", "Apache-2.0", "LGPL-2.1", "MPL-2.0", "Artistic", "GFDL-1.3", "GPL-2", "CC0-1.0"]


def sentences(dictionary: set[str], count: int, min_words: int = 6, max_words: int = 16) -> list[list[str]]:
    """`count` distinct sentences of lower-case words, each word in the listener's dictionary."""
    found: list[list[str]] = []
    seen: set[str] = set()
    for name in LICENCES:
        path = Path("/usr/share/common-licenses") / name
        if not path.exists():
            continue
        text = re.sub(r"\s+", " ", path.read_text(errors="replace"))
        for raw in re.split(r"(?<=[.;:!?,])\s+", text):
            words = re.findall(r"[A-Za-z']+", raw)
            if not min_words <= len(words) <= max_words or re.search(r"[0-9@/\\<>=_]", raw):
                continue
            words = [w.lower() for w in words]
            key = " ".join(words)
            if key in seen or not all(w in dictionary for w in words):
                continue
            seen.add(key)
            found.append(words)
            if len(found) == count:
                return found
    raise RuntimeError(f"only {len(found)} usable prose sentences found, {count} wanted")
