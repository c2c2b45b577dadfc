"""Free-text masking throughput and memory, against presidio-analyzer's pattern recognizers.

Usage: python benchmarks/freetext.py [--notes N] [--patients N] [--seed N] [--rounds N]

Both detectors run on the same generated notes in one process, one after the other, on one
core:

- phigate: ``FreeTextMasker.find`` (detection) and ``FreeTextMasker.mask`` (detection and
  replacement), with the identifier dictionary built from the data set the way the gateway
  builds it (dictionary, patterns, cues and the name scan);
- presidio: ``AnalyzerEngine.analyze`` (detection only, no anonymization) with every predefined
  ``PatternRecognizer`` for English, on an NLP engine that wraps ``spacy.blank("en")``, so no
  model is loaded or downloaded.

Both are built, and the notes generated, before anything is timed; then ``gc.freeze()`` moves
every object made so far out of the collector's reach, so that neither detector pays for
collections that walk the other's objects (spaCy's among them). While the clock runs the
collector is off, as ``timeit`` has it. Each detector is timed in three rounds (``--rounds``)
and the median is shown. Before each round phigate's caches of classified words are emptied
and both detectors first read 200 notes of another seed, so common words are known, as in a
running server, and the names of the timed notes are not.

It reports notes and characters per second for each, the ratio of the two detections, the time
for 1,000 notes, the peak memory each allocates (``tracemalloc``, in a separate pass, because
tracing slows Python down), recall on the same notes with the rules of
``phigate.evals.detection``, and which engine ran the one-pass prefilter (with the native
matcher's cached states and allocated bytes at the end).

tldextract, which presidio's e-mail recognizer calls, is pointed at its bundled suffix-list
snapshot, and every socket connection is rejected and counted; the report prints the count,
which must be 0.
"""

from __future__ import annotations

import argparse
import gc
import resource
import socket
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import spacy
import tldextract
import tldextract.tldextract
from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from phigate.demo.data import generate
from phigate.evals.detection.corpus import EvalNote, database_values, generated_set
from phigate.evals.detection.matching import Scores, score_note
from phigate.evals.detection.report import machine
from phigate.masking import FreeTextMasker, IdentifierDictionary, Masker, Span, lexicon, names
from phigate.masking.native import describe_extensions
from phigate.masking.patterns import PatternDetector
from phigate.policy import MaskSpec, Operator, PhiKind

SPEC = MaskSpec(mask=Operator.FREE_TEXT)
KEY = b"phigate-freetext-benchmark-key-0123456789"
_network_attempts = 0


def reject_network() -> None:
    """Make every socket connection fail, and count the attempts."""

    def reject(*args: object, **kwargs: object) -> None:
        global _network_attempts  # noqa: PLW0603 - a process-wide counter is the point
        _network_attempts += 1
        raise OSError("network access is disabled in this benchmark")

    socket.socket.connect = reject  # type: ignore[method-assign,assignment]
    socket.create_connection = reject  # type: ignore[assignment]


def presidio_engine() -> Any:
    """Build an AnalyzerEngine with only pattern recognizers, on a blank spaCy pipeline."""
    # The bundled snapshot of the public suffix list, with no URL to fetch and no disk cache.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class BlankSpacyEngine(SpacyNlpEngine):  # type: ignore[misc]
        def load(self) -> None:
            self.nlp = {"en": spacy.blank("en")}

    nlp_engine = BlankSpacyEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def prefilter_engine() -> str:
    """Describe the engine of the shared one-pass prefilter and, if native, its state cache."""
    prefilter = PatternDetector().prefilter
    matcher = prefilter.matcher
    if matcher is None:
        return prefilter.engine
    return (
        f"{prefilter.engine} ({matcher.states:,} cached states, {matcher.flushes:,} flushes,"
        f" {matcher.memory / 1_048_576:.1f} MiB)"
    )


def presidio_spans(engine: Any, text: str) -> list[Span]:
    """Return presidio's results as spans; the kind plays no part in the scoring."""
    return [
        Span(result.start, result.end, PhiKind.OTHER_ID, "pattern")
        for result in engine.analyze(text=text, language="en")
        if result.end > result.start
    ]


def forget_words() -> None:
    """Empty phigate's caches of classified words, so that timed notes are new to it."""
    lexicon.classify_word.cache_clear()
    names._SEEN_WORDS.clear()


def timed(
    run: Callable[[str], object], texts: Sequence[str], warm_up: Sequence[str], rounds: int
) -> float:
    """Return the median seconds ``run`` takes over ``texts``.

    Before each round phigate's word caches are emptied and ``run`` goes over ``warm_up``,
    notes from another seed: common words are then known, as in a running server, while the
    names in ``texts`` are not.
    """
    results: list[float] = []
    for _ in range(rounds):
        forget_words()
        for text in warm_up:
            run(text)
        # As timeit does, the collector is off while the clock runs.
        gc.disable()
        try:
            started = time.perf_counter()
            for text in texts:
                run(text)
            results.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return statistics.median(results)


def peak_memory(build: Callable[[], Callable[[str], object]], texts: Sequence[str]) -> int:
    """Return the peak bytes traced while building a detector and running it over ``texts``."""
    tracemalloc.start()
    try:
        run = build()
        for text in texts:
            run(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def recall(notes: Sequence[EvalNote], find: Callable[[str], Sequence[Span]]) -> Scores:
    """Score ``find`` on ``notes`` with the evaluation's matching rules."""
    scores = Scores()
    for note in notes:
        score_note(note.text, note.gold, note.terms, find(note.text), scores)
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=1000, help="notes to generate")
    parser.add_argument("--patients", type=int, default=300, help="patients to draw")
    parser.add_argument("--seed", type=int, default=4242, help="generator seed")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the median is shown")
    args = parser.parse_args()
    reject_network()

    dataset = generate(patients=args.patients, notes=args.notes, seed=args.seed)
    note_set = generated_set(args.patients, args.notes, args.seed)
    notes = note_set.notes
    texts = [note.text for note in notes]
    characters = sum(map(len, texts))
    dictionary = note_set.dictionary

    def build_phigate() -> Callable[[str], object]:
        # The dictionary is built inside the traced pass, as the gateway builds it.
        built = FreeTextMasker(Masker(KEY), IdentifierDictionary.build(database_values(dataset)))
        return lambda text: built.mask(text, SPEC)

    def build_presidio() -> Callable[[str], object]:
        built = presidio_engine()
        return lambda text: built.analyze(text=text, language="en")

    phigate = FreeTextMasker(Masker(KEY), dictionary)
    engine = presidio_engine()
    gc.collect()
    gc.freeze()

    warm_up = [note.text for note in generated_set(args.patients, 200, args.seed + 1).notes]
    find_seconds = timed(phigate.find, texts, warm_up, args.rounds)
    mask_seconds = timed(lambda text: phigate.mask(text, SPEC), texts, warm_up, args.rounds)
    presidio_seconds = timed(
        lambda text: engine.analyze(text=text, language="en"), texts, warm_up, args.rounds
    )
    phigate_peak = peak_memory(build_phigate, texts)
    presidio_peak = peak_memory(build_presidio, texts)
    phigate_scores = recall(notes, phigate.find)
    presidio_scores = recall(notes, lambda text: presidio_spans(engine, text))

    print(f"machine: {machine()}")
    print(
        f"notes: {len(texts)} generated with seed {args.seed}, mean {characters / len(texts):.0f}"
        " characters"
    )
    print()
    print(
        "| detector | notes/s | characters/s | ms per 1,000 notes | peak traced memory |"
        " span recall | character precision |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, seconds, peak, scores in (
        ("phigate FreeTextMasker.find", find_seconds, phigate_peak, phigate_scores),
        ("phigate FreeTextMasker.mask", mask_seconds, phigate_peak, phigate_scores),
        ("presidio pattern recognizers", presidio_seconds, presidio_peak, presidio_scores),
    ):
        print(
            f"| {name} | {len(texts) / seconds:,.0f} | {characters / seconds:,.0f} | "
            f"{seconds / len(texts) * 1_000_000:,.0f} | {peak / 1_048_576:.1f} MiB | "
            f"{scores.recall():.2%} | {scores.character_precision():.2%} |"
        )
    print()
    print(
        "throughput ratio, detection against detection (phigate find / presidio analyze): "
        f"{presidio_seconds / find_seconds:.1f}x"
    )
    print(
        f"throughput ratio with replacement (phigate mask / presidio analyze): "
        f"{presidio_seconds / mask_seconds:.1f}x"
    )
    print(f"prefilter engine: {prefilter_engine()}")
    print(f"C extensions: {describe_extensions()}")
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"network connection attempts: {_network_attempts}")


if __name__ == "__main__":
    main()
