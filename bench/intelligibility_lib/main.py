"""Intelligibility over a simulated phone line: alfabravo beside plain espeak-ng (NATO words as one sentence,
and letter names), decoded by the same adapted PocketSphinx listener (bench/README.md, "Intelligibility")."""
from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import line
import listener
import scoring
import systems

HERE = Path(__file__).resolve().parent
# The listener's word insertion penalty when it is not tuned in the run (--quick): the value the full runs'
# tuning on strings_tuning.txt settles on.
DEFAULT_WIP = 3e-4
WIP_GRID = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 1e-2]


def read_strings(name: str) -> list[str]:
    return [s for s in (HERE / name).read_text().splitlines() if s and not s.startswith("#")]


def speech_seconds(wav: Path) -> float:
    samples, rate = listener.read_wav(wav)
    return len(listener.trimmed(samples)) / rate


class Run:
    def __init__(self, args, listen: listener.Listener, work: Path, names: list[str]):
        self.args = args
        self.listen = listen
        self.work = work
        self.systems = names

    def render(self, system, strings: list[str], tag: str) -> list[tuple[Path, list[str]]]:
        rendered = []
        folder = self.work / tag / system.name.replace(" ", "_")
        folder.mkdir(parents=True, exist_ok=True)
        for n, text in enumerate(strings):
            wav = folder / f"{n:02d}.wav"
            rendered.append((wav, system.render(text, wav)))
        return rendered

    def vocabulary(self, system, references: list[list[str]]) -> tuple[Path, Path]:
        letter_names = isinstance(system, systems.LetterNames)
        words = set(self.listen_words_for(letter_names)) | {w for ref in references for w in ref}
        return self.listen.vocabulary_files(system.name.replace(" ", "_"), words, letter_names)

    def listen_words_for(self, letter_names: bool) -> list[str]:
        return self.args.vocabulary_letters if letter_names else self.args.vocabulary_nato

    def decode_all(self, jobs: list[tuple[str, Path, list[str], tuple[Path, Path], int]], wip: float):
        """jobs: (system name, rendered wav, reference, (dict, grammar), repetition) -> {name: Score}."""
        decoder = listener.Listener(self.listen.model, self.listen.workdir, wip)

        def one(job):
            name, wav, reference, (dictionary, grammar), repetition = job
            heard = wav.with_name(f"{wav.stem}.line{repetition}.wav")
            line.through_line(wav, heard, repetition)
            return name, reference, decoder.decode(heard, dictionary, grammar)

        scores = {name: scoring.Score() for name in self.systems}
        examples: dict[str, list] = {name: [] for name in self.systems}
        with ThreadPoolExecutor(self.args.jobs) as pool:
            for name, reference, heard in pool.map(one, jobs):
                scores[name].add(reference, heard)
                if reference != heard:
                    examples[name].append({"said": " ".join(reference), "heard": " ".join(heard)})
        return scores, examples


def vocabularies(alfabravo: systems.Alfabravo) -> tuple[list[str], list[str]]:
    """Every word the voice says at the default options for a printable ASCII character: the grammar's loop,
    so the listener may mishear any of them as any other. (Not both digit styles: "too" and "two" sound
    alike, and a person writes down the same digit for either.)"""
    nato: set[str] = set()
    probe = "".join(chr(c) for c in range(33, 127)) + "aA"
    event = alfabravo.client.request("transcript", text=probe)[-1]
    for entry in event["words"]:
        nato.update(systems.listener_words(entry["word"]))
    letters = {w for w in nato} - {
        systems.listener_words(e["word"])[0]
        for e in alfabravo.client.request("transcript", text="abcdefghijklmnopqrstuvwxyz")[-1]["words"]}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    return sorted(nato), sorted(letters)


def table(scores, seconds, strings_count, reps) -> str:
    nato_seconds = seconds["espeak-ng NATO sentence"]
    rows = ["| system | exact strings | word error rate | speech seconds | × NATO time |", "|---|---|---|---|---|"]
    for name, score in scores.items():
        rows.append(f"| {name} | {score.exact}/{score.decodes} ({100 * score.exact_fraction:.0f} %) | "
                    f"{score.wer:.3f} | {seconds[name]:.1f} | {seconds[name] / nato_seconds:.2f} |")
    return "\n".join(rows) + f"\n\n{strings_count} strings × {reps} decodes each."


def tune_wip(run: Run, trio, tuning: list[str]) -> tuple[float, dict]:
    rendered = {s.name: run.render(s, tuning, "tuning") for s in trio}
    results = {}
    for wip in WIP_GRID:
        jobs = []
        for s in trio:
            vocab = run.vocabulary(s, [ref for _, ref in rendered[s.name]])
            jobs += [(s.name, wav, ref, vocab, 0) for wav, ref in rendered[s.name]]
        scores, _ = run.decode_all(jobs, wip)
        results[wip] = sum(sc.wer for sc in scores.values())
        print(f"intelligibility: tuning -wip {wip:g}: summed WER {results[wip]:.3f}", file=sys.stderr)
    return min(results, key=lambda w: (results[w], -w)), results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True, help="where the adapted listener is kept")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reps", type=int)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--wip", type=float)
    parser.add_argument("--rate", type=int, help="alfabravo's rate (default: the voice's)")
    parser.add_argument("--floor", type=float, default=0.9,
                        help="--quick fails if alfabravo's exact fraction is below this")
    args = parser.parse_args()
    reps = args.reps or (1 if args.quick else 3)
    args.cache.mkdir(parents=True, exist_ok=True)
    model = listener.adapted_model(args.cache, args.jobs)

    with tempfile.TemporaryDirectory(prefix="alfabravo-intel-") as tmp:
        work = Path(tmp)
        with systems.Alfabravo(args.daemon, work / "daemon", args.rate) as alfabravo:
            trio = [alfabravo, systems.PlainNato(alfabravo), systems.LetterNames(alfabravo)]
            args.vocabulary_nato, args.vocabulary_letters = vocabularies(alfabravo)
            listen = listener.Listener(model, work, args.wip or DEFAULT_WIP)
            run = Run(args, listen, work, [s.name for s in trio])
            tuning = None
            if args.wip is None and not args.quick:
                args.wip, tuning = tune_wip(run, trio, read_strings("strings_tuning.txt"))
            wip = args.wip or DEFAULT_WIP
            strings = read_strings("strings_test.txt")
            if args.quick:
                strings = strings[:5] + strings[10:15]  # five URLs, five passwords
            rendered = {s.name: run.render(s, strings, "test") for s in trio}
            version = alfabravo.daemon.version()
        seconds = {name: sum(speech_seconds(wav) for wav, _ in items) for name, items in rendered.items()}
        jobs = []
        for s in trio:
            vocab = run.vocabulary(s, [ref for _, ref in rendered[s.name]])
            jobs += [(s.name, wav, ref, vocab, rep) for rep in range(reps) for wav, ref in rendered[s.name]]
        scores, examples = run.decode_all(jobs, wip)

    report = table(scores, seconds, len(strings), reps)
    errors = "\n".join(
        f"- {name}: " + (", ".join(f"{k} ({v})" for k, v in score.confusions.most_common(8)) or "none")
        for name, score in scores.items())
    print(report)
    print("Most frequent errors (said → heard, - = nothing):\n" + errors)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y-%m-%dT%H%M")
        data = {"alfabravod": version, "wip": wip, "wip_tuning": tuning, "reps": reps, "strings": len(strings),
                "systems": {name: {"exact": sc.exact, "decodes": sc.decodes, "wer": sc.wer,
                                   "errors": sc.errors, "reference_words": sc.reference_words,
                                   "speech_seconds": seconds[name],
                                   "confusions": dict(sc.confusions.most_common()),
                                   "misheard": examples[name]} for name, sc in scores.items()}}
        (args.out / f"{stamp}-intelligibility.json").write_text(json.dumps(data, indent=1) + "\n")
        (args.out / f"{stamp}-intelligibility.md").write_text(
            f"# Intelligibility over a simulated phone line ({stamp})\n\n{report}\n\nListener: -wip {wip:g}; "
            f"alfabravod {version}.\n\nMost frequent errors (said → heard, - = nothing):\n{errors}\n")
    if args.quick and scores["alfabravo"].exact_fraction < args.floor:
        print(f"intelligibility: alfabravo was exact on {scores['alfabravo'].exact_fraction:.0%} of the quick "
              f"strings, below the floor of {args.floor:.0%}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
