"""Time the one-pass prefilter alone, with each one-pass engine this machine has.

Usage: python benchmarks/prefilter.py [--notes N] [--patients N] [--seed N] [--rounds N]

Each of the ``native`` and ``hyperscan`` engines that is installed gets a ``Prefilter`` over
the patterns of the default ``PatternDetector``, and scans
the notes of the free-text benchmark (``benchmarks/freetext.py``), read through
``detection_text`` as the masker reads them. Before the clock starts, each engine scans 200
notes of another seed, so the native matcher has built its common states, as in a running
server. Each engine is then timed over all notes in ``--rounds`` rounds with the collector off,
and the median is shown. The ``re`` engine is left out: its scan does nothing, and its cost
shows up later, in ``finditer``. The script also checks that each engine gives the same starts
as the first one, and prints the native matcher's cache at the end.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Sequence

from phigate.evals.detection.corpus import generated_set
from phigate.evals.detection.report import machine
from phigate.masking.characters import detection_text
from phigate.masking.native import describe_extensions
from phigate.masking.patterns import PatternDetector
from phigate.masking.prefilter import ENGINES, Engine, Prefilter


def installed_engines(patterns: Sequence[object]) -> list[Prefilter]:
    """Return a prefilter for each one-pass engine that this machine has, in ``ENGINES`` order."""
    prefilters: list[Prefilter] = []
    for name in ENGINES:
        if name == "re":
            continue
        try:
            prefilters.append(Prefilter(patterns, engine=name))
        except ValueError:
            continue
    return prefilters


def timed(prefilter: Prefilter, texts: Sequence[str], rounds: int) -> float:
    """Return the median seconds ``prefilter.scan`` takes over ``texts``."""
    results: list[float] = []
    for _ in range(rounds):
        gc.disable()
        try:
            started = time.perf_counter()
            for text in texts:
                prefilter.scan(text)
            results.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return statistics.median(results)


def same_starts(prefilter: Prefilter, reference: Prefilter, texts: Sequence[str]) -> bool:
    """Return whether both prefilters give the same candidate starts on every text."""
    return all(
        list(prefilter.scan(text)._starts) == list(reference.scan(text)._starts) for text in texts
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=1000, help="notes to generate")
    parser.add_argument("--patients", type=int, default=300, help="patients to draw")
    parser.add_argument("--seed", type=int, default=4242, help="generator seed")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; the median is shown")
    args = parser.parse_args()

    notes = generated_set(args.patients, args.notes, args.seed).notes
    texts = [detection_text(note.text).text for note in notes]
    warm_up = [
        detection_text(note.text).text
        for note in generated_set(args.patients, 200, args.seed + 1).notes
    ]
    characters = sum(map(len, texts))
    prefilters = installed_engines(PatternDetector().prefilter.patterns)
    if not prefilters:
        raise SystemExit("neither the native nor the hyperscan engine is installed")
    reference = prefilters[0]

    print(f"machine: {machine()}")
    print(f"notes: {len(texts)} generated with seed {args.seed}, {characters:,} characters")
    print(f"C extensions of the detectors: {describe_extensions()}")
    print()
    print("| engine | patterns covered | ms per 1,000 notes | ns per character | same starts |")
    print("| --- | ---: | ---: | ---: | --- |")
    for prefilter in prefilters:
        engine: Engine = prefilter.engine
        for text in warm_up:
            prefilter.scan(text)
        seconds = timed(prefilter, texts, args.rounds)
        if prefilter is reference:
            same = "reference"
        else:
            same = "yes" if same_starts(prefilter, reference, texts) else "NO"
        print(
            f"| {engine} | {len(prefilter.gated)} | {seconds / len(texts) * 1_000_000:,.1f} | "
            f"{seconds / characters * 1e9:.1f} | {same} |"
        )
    matcher = prefilters[0].matcher
    if matcher is not None:
        print()
        print(
            f"native matcher: {matcher.nodes:,} trie nodes, {matcher.byte_classes} byte classes,"
            f" {matcher.states:,} cached states, {matcher.flushes:,} flushes,"
            f" {matcher.memory:,} bytes allocated"
        )


if __name__ == "__main__":
    main()
