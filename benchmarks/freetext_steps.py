"""Timing of each step of ``FreeTextMasker._detect`` alone, to show where detection spends time.

Usage: python benchmarks/freetext_steps.py [--notes N] [--patients N] [--seed N] [--rounds N]

The script runs the steps of ``FreeTextMasker._detect`` one after another on the same generated
notes as ``benchmarks/freetext.py`` (seed 4242 by default), with a clock around each, and
prints milliseconds per 1,000 notes for every step and for each pattern finder. Every note's
result is compared with ``FreeTextMasker.find``; the script stops if the two differ, so the
steps cannot drift from what the detector does.

Times are CPU time of this process (``time.process_time``), the median of ``--rounds`` rounds,
with the collector off as in ``timeit``. The total of the steps runs a little above a plain
``find`` call, because of the clock calls.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from phigate.evals.detection.corpus import generated_set
from phigate.evals.detection.report import machine
from phigate.masking import FreeTextMasker, Masker, Span
from phigate.masking.characters import detection_text
from phigate.masking.cues import find_cue_names, find_repeated_names
from phigate.masking.dates import find_ages_after
from phigate.masking.freetext import _join_names
from phigate.masking.places import find_zips_after
from phigate.masking.prefilter import default_prefilter
from phigate.masking.spans import merge_spans

KEY = b"phigate-freetext-benchmark-key-0123456789"


def finder_name(finder: Callable[..., object]) -> str:
    return getattr(finder, "__name__", type(finder).__name__).lstrip("_")


def run_steps(masker: FreeTextMasker, note: str, totals: dict[str, float]) -> list[Span]:
    """Detect the identifiers in ``note`` step by step, adding each step's time to ``totals``."""
    clock = time.process_time
    started = clock()
    reading = detection_text(note)
    text = reading.text
    marks = [("read", clock())]
    scan = masker._patterns.prefilter.scan(text)
    marks.append(("prefilter", clock()))
    spans: list[Span] = []
    if masker._dictionary is not None:
        spans.extend(masker._dictionary.find(text, scan))
    marks.append(("dictionary", clock()))
    for finder in masker._patterns._finders:
        spans.extend(finder(scan))
        marks.append(("patterns: " + finder_name(finder), clock()))
    cue_spans = find_cue_names(scan)
    spans.extend(cue_spans)
    marks.append(("cues", clock()))
    scan_spans = masker._names.find(text) if masker._names is not None else []
    spans.extend(scan_spans)
    marks.append(("name scan", clock()))
    spans.extend(find_repeated_names(text, cue_spans, scan_spans))
    marks.append(("repeated names", clock()))
    merged = merge_spans(spans)
    marks.append(("merge", clock()))
    following = [*find_zips_after(text, merged), *find_ages_after(scan, merged)]
    if following:
        merged = merge_spans([*merged, *following])
    marks.append(("ZIPs and ages after spans", clock()))
    joined = _join_names(text, merged)
    marks.append(("join names", clock()))
    previous = started
    for step, mark in marks:
        totals[step] += mark - previous
        previous = mark
    if not reading.aligned:
        joined = [
            Span(*reading.original_span(span.start, span.end), span.kind, span.source)
            for span in joined
        ]
    return joined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=1000, help="notes to generate")
    parser.add_argument("--patients", type=int, default=300, help="patients to draw")
    parser.add_argument("--seed", type=int, default=4242, help="generator seed")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the median is shown")
    args = parser.parse_args()

    note_set = generated_set(args.patients, args.notes, args.seed)
    texts = [note.text for note in note_set.notes]
    masker = FreeTextMasker(Masker(KEY), note_set.dictionary)
    warm_up = [note.text for note in generated_set(args.patients, 200, args.seed + 1).notes]
    for text in warm_up:
        masker.find(text)
    for text in texts:
        if run_steps(masker, text, defaultdict(float)) != masker.find(text):
            sys.exit("the steps gave other spans than FreeTextMasker.find; update this script")

    rounds: list[dict[str, float]] = []
    whole: list[float] = []
    gc.collect()
    gc.freeze()
    for _ in range(args.rounds):
        totals: dict[str, float] = defaultdict(float)
        gc.disable()
        try:
            for text in texts:
                run_steps(masker, text, totals)
            started = time.process_time()
            for text in texts:
                masker.find(text)
            whole.append(time.process_time() - started)
        finally:
            gc.enable()
        rounds.append(totals)

    scale = 1000 / len(texts) * 1000
    print(f"machine: {machine()}")
    print(f"notes: {len(texts)} generated with seed {args.seed}")
    print(f"prefilter engine: {default_prefilter().engine}")
    print()
    print("| step | ms per 1,000 notes |")
    print("| --- | ---: |")
    steps = list(rounds[0])
    medians = {step: statistics.median(r[step] for r in rounds) * scale for step in steps}
    patterns = sum(value for step, value in medians.items() if step.startswith("patterns: "))
    for step in steps:
        if step == "cues":
            print(f"| patterns, all finders | {patterns:.1f} |")
        print(f"| {step} | {medians[step]:.1f} |")
    print(f"| **sum of the steps** | **{sum(medians.values()):.1f}** |")
    print(f"| FreeTextMasker.find, same notes | {statistics.median(whole) * scale:.1f} |")


if __name__ == "__main__":
    main()
