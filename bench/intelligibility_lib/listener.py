"""The machine listener: PocketSphinx's US English model, MAP-adapted to eSpeak NG over the phone line on
generic prose, decoding with a word-loop grammar over one system's vocabulary.

The adapted model is built once and cached (its key covers everything that shapes it: this file, the prose
and line code, eSpeak NG's and sox's versions); later runs only decode."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

import line
import prose

MODEL_ROOT = Path("/usr/share/pocketsphinx/model/en-us")
BASE_MODEL = MODEL_ROOT / "en-us"
CMUDICT = MODEL_ROOT / "cmudict-en-us.dict"
SPHINXTRAIN = Path("/usr/lib/sphinxtrain")

# Words of the spelling vocabularies that cmudict lacks, and the ICAO stress where cmudict has another.
EXTRA_PRONUNCIATIONS = {
    "juliett": ["JH UW L IY EH T"],
    "xray": ["EH K S R EY"],
    "wun": ["W AH N"],
    "fower": ["F AW ER"],
    "ait": ["EY T"],
    "lowercase": ["L OW ER K EY S", "L OW K EY S"],
    "uppercase": ["AH P ER K EY S"],
    "semicolon": ["S EH M IY K OW L AH N", "S EH M IH K OW L AH N"],
    "caret": ["K AE R AH T", "K EH R AH T"],
    "backtick": ["B AE K T IH K"],
    "quebec": ["K EH B EH K"],   # ICAO KEH-BECK, besides cmudict's K W AH B EH K
    "papa": ["P AH P AA"],       # ICAO pa-PAH, besides cmudict's PAA-pah
    "z": ["Z EH D"],             # "zed", as the en-gb voices say the letter
}
LETTER_NAME_ONLY = {"a": ["EY"]}  # the letter, never the article

# Adaptation corpus: half the sentences continuous, half word by word (each word its own synthesis, joined
# with short gaps), so the listener knows both eSpeak NG's connected speech and its citation forms.
ADAPT_SENTENCES = 240
ADAPT_VOICES = ["en-gb", "en-us", "en-gb-x-rp", "en-gb+m3", "en"]
ADAPT_RATES = [130, 150, 165, 180, 200]
ADAPT_GAPS_MS = (40, 220)
MAP_ITERATIONS = 4


def read_cmudict() -> dict[str, list[str]]:
    pronunciations: dict[str, list[str]] = {}
    for text in CMUDICT.read_text(errors="replace").splitlines():
        parts = text.split(None, 1)
        if len(parts) != 2:
            continue
        word = parts[0].split("(")[0]
        phones = parts[1].split("#")[0].strip()
        pronunciations.setdefault(word, []).append(phones)
    return pronunciations


def tool_versions() -> str:
    espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    sox = subprocess.run(["sox", "--version"], capture_output=True, text=True).stdout
    return espeak + sox


def model_key() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("listener.py", "prose.py", "line.py"):
        digest.update((here / name).read_bytes())
    digest.update(tool_versions().encode())
    digest.update((BASE_MODEL / "means").read_bytes()[:4096])
    return digest.hexdigest()[:16]


def espeak_wav(text: str, voice: str, rate: int, target: Path) -> None:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(target), text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"), w.getframerate()


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())


def trimmed(samples: np.ndarray, threshold: int = 64) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    return samples[loud[0]:loud[-1] + 1] if loud.size else samples[:0]


def render_adaptation_sentence(index: int, words: list[str], workdir: Path) -> Path:
    voice = ADAPT_VOICES[index % len(ADAPT_VOICES)]
    rate = ADAPT_RATES[(index // len(ADAPT_VOICES)) % len(ADAPT_RATES)]
    raw = workdir / f"s{index:03d}.raw.wav"
    if index % 2 == 0:
        espeak_wav(" ".join(words), voice, rate, raw)
    else:
        rng = random.Random(index)
        pieces = []
        sample_rate = 22050
        for n, word in enumerate(words):
            part = workdir / f"s{index:03d}w{n}.wav"
            espeak_wav(word, voice, rate, part)
            samples, sample_rate = read_wav(part)
            part.unlink()
            pieces.append(trimmed(samples))
            gap_ms = rng.randint(*ADAPT_GAPS_MS)
            pieces.append(np.zeros(sample_rate * gap_ms // 1000, dtype=np.int16))
        silence = np.zeros(sample_rate // 5, dtype=np.int16)
        write_wav(raw, np.concatenate([silence, *pieces, silence]), sample_rate)
    target = workdir / "wav" / f"s{index:03d}.wav"
    line.through_line(raw, target)
    raw.unlink()
    return target


def sendump_to_mixture_weights(sendump: Path, target: Path, senones: int, streams: int = 3,
                               densities: int = 128) -> None:
    """Debian's model ships only the quantised `sendump`; bw wants `mixture_weights`. The sendump ends with
    streams x densities x senones bytes, each a weight quantised as -log_1.0001(w) >> 10."""
    size = streams * densities * senones
    data = np.frombuffer(sendump.read_bytes()[-size:], dtype=np.uint8).reshape(streams, densities, senones)
    weights = np.power(1.0001, -(data.astype(np.float64) * 1024.0))
    weights = weights.transpose(2, 0, 1)  # senone, stream, density
    weights /= weights.sum(axis=2, keepdims=True)
    header = b"s3\nversion 1.0\n"
    pad = (len(header) + len(b"endhdr\n")) % 4
    header += (b" " * (4 - pad) if pad else b"") + b"endhdr\n"
    with open(target, "wb") as out:
        out.write(header)
        out.write(struct.pack("<i", 0x11223344))
        out.write(struct.pack("<IIII", senones, streams, densities, weights.size))
        out.write(weights.astype("<f4").tobytes())


def senone_count(text_mdef: Path) -> int:
    for text in text_mdef.read_text().splitlines():
        if text.endswith("n_tied_state"):
            return int(text.split()[0])
    raise RuntimeError("mdef without n_tied_state")


def read_mfc(path: Path) -> np.ndarray:
    data = path.read_bytes()
    for order in ("<", ">"):
        count = struct.unpack(order + "i", data[:4])[0]
        if count * 4 + 4 == len(data):
            return np.frombuffer(data[4:], dtype=order + "f4").reshape(-1, 13)
    raise RuntimeError(f"{path}: not a Sphinx feature file")


def run_quiet(argv: list[str], log: Path) -> None:
    with open(log, "ab") as out:
        result = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed (exit {result.returncode}); see {log}")


def build_model(target: Path, jobs: int) -> None:
    work = target.with_name(target.name + ".work")
    shutil.rmtree(work, ignore_errors=True)
    (work / "wav").mkdir(parents=True)
    log = work / "build.log"
    cmudict = read_cmudict()
    corpus = prose.sentences(set(cmudict), ADAPT_SENTENCES)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda item: render_adaptation_sentence(item[0], item[1], work),
                      enumerate(corpus)))
    ids = [f"s{i:03d}" for i in range(len(corpus))]
    (work / "fileids").write_text("".join(i + "\n" for i in ids))
    (work / "transcription").write_text(
        "".join(f"<s> {' '.join(words)} </s> ({i})\n" for i, words in zip(ids, corpus)))
    used = sorted({w for words in corpus for w in words})
    (work / "adapt.dict").write_text("".join(f"{w} {cmudict[w][0]}\n" for w in used))

    run_quiet(["sphinx_fe", "-argfile", str(BASE_MODEL / "feat.params"), "-samprate", "16000",
               "-c", str(work / "fileids"), "-di", str(work / "wav"), "-do", str(work / "mfc"),
               "-ei", "wav", "-eo", "mfc", "-mswav", "yes"], log)
    base = work / "base"
    shutil.copytree(BASE_MODEL, base)
    # Debian's mdef is binary; sphinxtrain reads the text form.
    run_quiet(["pocketsphinx_mdef_convert", "-text", str(BASE_MODEL / "mdef"), str(base / "mdef")], log)
    sendump_to_mixture_weights(BASE_MODEL / "sendump", base / "mixture_weights", senone_count(base / "mdef"))
    adapted = work / "model"
    for iteration in range(MAP_ITERATIONS):
        # Each pass re-aligns the audio with the model the previous pass adapted.
        acc = work / f"acc{iteration}"
        acc.mkdir()
        run_quiet([str(SPHINXTRAIN / "bw"), "-hmmdir", str(base), "-moddeffn", str(base / "mdef"),
                   "-ts2cbfn", ".ptm.", "-feat", "1s_c_d_dd", "-svspec", "0-12/13-25/26-38", "-cmn", "batch",
                   "-agc", "none", "-dictfn", str(work / "adapt.dict"), "-fdictfn", str(base / "noisedict"),
                   "-ctlfn", str(work / "fileids"), "-lsnfn", str(work / "transcription"),
                   "-cepdir", str(work / "mfc"), "-accumdir", str(acc)], log)
        shutil.rmtree(adapted, ignore_errors=True)
        shutil.copytree(base, adapted)
        run_quiet([str(SPHINXTRAIN / "map_adapt"), "-moddeffn", str(base / "mdef"), "-ts2cbfn", ".ptm.",
                   "-meanfn", str(base / "means"), "-varfn", str(base / "variances"),
                   "-mixwfn", str(base / "mixture_weights"), "-tmatfn", str(base / "transition_matrices"),
                   "-accumdir", str(acc), "-mapmeanfn", str(adapted / "means"),
                   "-mapvarfn", str(adapted / "variances"), "-mapmixwfn", str(adapted / "mixture_weights"),
                   "-maptmatfn", str(adapted / "transition_matrices")], log)
        shutil.rmtree(base)
        shutil.copytree(adapted, base)
    (adapted / "sendump").unlink()  # the adapted mixture weights replace it
    cepstra = np.concatenate([read_mfc(work / "mfc" / f"{i}.mfc") for i in ids])
    (adapted / "cmninit").write_text(",".join(f"{v:.2f}" for v in cepstra.mean(axis=0)))
    shutil.copy(log, adapted / "build.log")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(adapted, target)
    shutil.rmtree(work)


def adapted_model(cache_root: Path, jobs: int) -> Path:
    """The cached adapted model, building it first if this cache has none for the current key."""
    target = cache_root / f"listener-{model_key()}"
    if not (target / "cmninit").exists():
        print(f"intelligibility: adapting the listener (once; cached in {target})", file=sys.stderr)
        build_model(target, jobs)
    return target


class Listener:
    def __init__(self, model: Path, workdir: Path, wip: float):
        self.model = model
        self.workdir = workdir
        self.wip = wip
        self.cmninit = (model / "cmninit").read_text().strip()
        self.cmudict = read_cmudict()

    def vocabulary_files(self, name: str, words: set[str], letter_names: bool) -> tuple[Path, Path]:
        dictionary = self.workdir / f"{name}.dict"
        grammar = self.workdir / f"{name}.jsgf"
        entries = []
        for word in sorted(words):
            prons = (LETTER_NAME_ONLY.get(word) if letter_names else None) or \
                self.cmudict.get(word, []) + EXTRA_PRONUNCIATIONS.get(word, [])
            if not prons:
                raise RuntimeError(f"the listener's dictionary has no pronunciation for {word!r}")
            for n, phones in enumerate(dict.fromkeys(prons)):
                entries.append(f"{word}{'' if n == 0 else f'({n + 1})'} {phones}\n")
        dictionary.write_text("".join(entries))
        grammar.write_text("#JSGF V1.0;\ngrammar spelling;\npublic <spelling> = ( " +
                           " | ".join(sorted(words)) + " )* ;\n")
        return dictionary, grammar

    def decode(self, wav: Path, dictionary: Path, grammar: Path) -> list[str]:
        result = subprocess.run(
            ["pocketsphinx_continuous", "-infile", str(wav), "-hmm", str(self.model), "-dict", str(dictionary),
             "-jsgf", str(grammar), "-cmninit", self.cmninit, "-wip", str(self.wip), "-logfn", "/dev/null"],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"pocketsphinx_continuous failed on {wav}: {result.stderr[-500:]}")
        return result.stdout.split()
