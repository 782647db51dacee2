"""The simulated phone line every system's audio goes through, and the listener's adaptation audio too:
peak-normalise to -3 dBFS, band-pass 300-3400 Hz, G.711 mu-law at 8 kHz, back to 16 kHz 16-bit mono.

sox dithers when it reduces the bit depth; `-R` fixes the dither's seed so a run is repeatable, and a
different seed per repetition makes each decode of the same audio a fresh draw of the line's noise."""
from __future__ import annotations

import subprocess
from pathlib import Path


def through_line(source: Path, target: Path, repetition: int = 0) -> None:
    """Writes `target` (16 kHz 16-bit mono WAV with a plain 44-byte header) from any WAV `source`."""
    ulaw = target.with_suffix(".ul.wav")
    seed = ["-R"] if repetition == 0 else []  # -R: sox's fixed seed; otherwise sox seeds from the clock
    subprocess.run(["sox", *seed, "-q", "--norm=-3", str(source), "-r", "8000", "-c", "1", "-e", "mu-law",
                    "-b", "8", str(ulaw), "sinc", "300-3400"], check=True)
    subprocess.run(["sox", *seed, "-q", str(ulaw), "-r", "16000", "-e", "signed-integer", "-b", "16",
                    "-t", "wav", str(target)], check=True)
    ulaw.unlink()
    if target.stat().st_size < 44 or target.read_bytes()[36:40] != b"data":
        # pocketsphinx_continuous -infile skips exactly 44 bytes: any other header would be heard as sound.
        raise RuntimeError(f"{target}: sox did not write a 44-byte WAV header")
