"""Command line for the detection evaluation: score the free-text detector and write a report.

Usage: ``python -m phigate.evals.detection [--seed N] [--patients N] [--notes N] [--out DIR]
[--sets all|both|generated|handwritten|trial|blind]``

The defaults are the final held-out evaluation set: seed 28284271, 600 patients, 4,000 notes.
The seeds measured before it, and what was changed after each, are listed in docs/freetext.md;
no rule was changed after a look at this seed. The report goes to standard output as a table and
to ``DIR/detection.json`` and ``DIR/detection.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from phigate.evals.detection.corpus import (
    NoteSet,
    blind_set,
    generated_set,
    handwritten_set,
    trial_set,
)
from phigate.evals.detection.matching import Scores, score_note
from phigate.masking import FreeTextMasker, Masker

__all__ = [
    "EVAL_NOTES",
    "EVAL_PATIENTS",
    "EVAL_SEED",
    "TABLE_COLUMNS",
    "evaluate",
    "machine",
    "main",
    "render_table",
    "summary",
]

EVAL_SEED = 28284271
EVAL_PATIENTS = 600
EVAL_NOTES = 4000
# Pseudonyms play no part in detection, so a fixed key is enough.
_KEY = b"phigate-detection-eval-key-0123456789"
_TOP = 40


def machine() -> str:
    """Describe this machine for a report: architecture, processor model and Python."""
    processor = platform.processor() or "unknown processor"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    processor = line.partition(":")[2].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.machine()}, {processor}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def evaluate(note_set: NoteSet) -> tuple[Scores, float]:
    """Score the free-text detector on ``note_set``; also return seconds spent detecting."""
    masker = FreeTextMasker(Masker(_KEY), note_set.dictionary)
    scores = Scores()
    elapsed = 0.0
    for note in note_set.notes:
        started = time.perf_counter()
        detected = masker.find(note.text)
        elapsed += time.perf_counter() - started
        score_note(note.text, note.gold, note.terms, detected, scores)
    return scores, elapsed


def summary(note_set: NoteSet, scores: Scores, elapsed: float) -> dict[str, Any]:
    """Return the figures of one set as JSON-ready data.

    ``by_kind`` has a row for every gold kind, most spans first, then one for every kind that
    was only detected, so each false positive shows under the kind it was given. A rate whose
    denominator is zero is None, such as the recall of a kind with no gold spans.
    """
    return {
        "set": note_set.name,
        "description": note_set.description,
        "notes": len(note_set.notes),
        "recall": scores.recall(),
        "character_recall": scores.character_recall(),
        "character_precision": scores.character_precision(),
        "span_precision": scores.span_precision(),
        "detected_spans": scores.detected_spans,
        "true_spans": scores.true_spans,
        "clinical_terms": scores.terms,
        "clinical_terms_preserved": scores.term_preservation(),
        "ms_per_1000_notes": elapsed / max(len(note_set.notes), 1) * 1_000_000,
        "by_kind": {kind: _kind_row(scores, kind) for kind in _row_kinds(scores)},
        "missed": scores.missed[:200],
        "top_false_positives": scores.false_positives.most_common(50),
    }


def _row_kinds(scores: Scores) -> list[str]:
    gold_kinds = sorted(scores.gold, key=lambda kind: (-scores.gold[kind], kind))
    detected_only = scores.detected_kinds() - set(gold_kinds)
    counts = scores.detected_spans_by_kind
    return gold_kinds + sorted(detected_only, key=lambda kind: (-counts[kind], kind))


def _kind_row(scores: Scores, kind: str) -> dict[str, Any]:
    """Return one row of ``by_kind``: recall by gold kind and precision by detected kind."""
    spans = scores.gold[kind]
    detected_spans = scores.detected_spans_by_kind[kind]
    detected_characters = scores.detected_characters_by_kind[kind]
    return {
        "spans": spans,
        "found": scores.found[kind],
        "recall": scores.recall(kind) if spans else None,
        "found_as_other_kind": scores.found_as_other_kind[kind],
        "detected_spans": detected_spans,
        "true_spans": scores.true_spans_by_kind[kind],
        "span_precision": scores.span_precision(kind) if detected_spans else None,
        "detected_characters": detected_characters,
        "true_characters": scores.true_characters_by_kind[kind],
        "character_precision": (scores.character_precision(kind) if detected_characters else None),
    }


TABLE_COLUMNS = (
    "kind",
    "spans",
    "found",
    "recall",
    "found as other kind",
    "detected",
    "detected in gold",
    "span precision",
    "character precision",
)
"""The headers of the per-kind table, in order."""


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.2%}"


def render_table(result: dict[str, Any]) -> str:
    """Render one set's figures as a Markdown table with a short header.

    Recall and "found as other kind" are by gold kind. The detected columns and both
    precisions are by the kind the detector gave. "–" marks a rate with nothing to count.
    """
    lines = [
        f"### {result['description']}",
        "",
        "| " + " | ".join(TABLE_COLUMNS) + " |",
        "| --- |" + " ---: |" * (len(TABLE_COLUMNS) - 1),
    ]
    for kind, row in result["by_kind"].items():
        cells = [
            kind,
            str(row["spans"]),
            str(row["found"]),
            _percent(row["recall"]),
            str(row["found_as_other_kind"]),
            str(row["detected_spans"]),
            str(row["true_spans"]),
            _percent(row["span_precision"]),
            _percent(row["character_precision"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"- span recall (all kinds): {result['recall']:.2%}",
        f"- character recall: {result['character_recall']:.2%}",
        f"- character precision: {result['character_precision']:.2%}",
        f"- span precision: {result['span_precision']:.2%} "
        f"({result['true_spans']} of {result['detected_spans']} detected spans)",
        f"- clinical terms preserved: {result['clinical_terms_preserved']:.2%} "
        f"of {result['clinical_terms']}",
        f"- detection time: {result['ms_per_1000_notes']:.0f} ms per 1,000 notes",
    ]
    return "\n".join(lines)


def _details(result: dict[str, Any]) -> str:
    lines = ["", "Missed (first ones):"]
    lines += [f"  {kind}: {context}" for kind, context in result["missed"][:_TOP]]
    lines += ["", "Most frequent false positives:"]
    lines += [f"  {count} x {text!r}" for text, count in result["top_false_positives"][:_TOP]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the evaluation from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m phigate.evals.detection", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=EVAL_SEED, help="generator seed")
    parser.add_argument("--patients", type=int, default=EVAL_PATIENTS, help="patients to draw")
    parser.add_argument("--notes", type=int, default=EVAL_NOTES, help="notes to generate")
    parser.add_argument(
        "--out", type=Path, default=Path("detection-report"), help="folder for JSON and Markdown"
    )
    parser.add_argument("--details", action="store_true", help="print misses and false positives")
    parser.add_argument(
        "--sets",
        choices=("all", "both", "generated", "handwritten", "trial", "blind"),
        default="all",
        help="which labeled sets to score; both: generated and handwritten, all: every set",
    )
    args = parser.parse_args(argv)

    note_sets: list[NoteSet] = []
    if args.sets in ("all", "both", "generated"):
        note_sets.append(generated_set(args.patients, args.notes, args.seed))
    if args.sets in ("all", "both", "handwritten"):
        note_sets.append(handwritten_set())
    if args.sets in ("all", "trial"):
        note_sets.append(trial_set())
    if args.sets in ("all", "blind"):
        note_sets.append(blind_set())
    results = []
    for note_set in note_sets:
        scores, elapsed = evaluate(note_set)
        result = summary(note_set, scores, elapsed)
        results.append(result)
        print(render_table(result))
        if args.details:
            print(_details(result))
        print()

    described = machine()
    report = {"machine": described, "command": " ".join(sys.argv), "sets": results}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "detection.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    markdown = "\n\n".join(render_table(result) for result in results)
    (args.out / "detection.md").write_text(f"Machine: {described}\n\n{markdown}\n")
    print(f"Wrote {args.out / 'detection.json'} and {args.out / 'detection.md'}")
