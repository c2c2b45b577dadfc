"""Scoring detected spans against labeled ones.

The rules, with their reasons, are in ``docs/freetext.md``. In short:

* A gold span is **found** when every letter and digit in it lies inside some detected span.
  Partial cover is a miss, because the uncovered part of "Maria Lopez" still names her.
  Spaces, commas and line breaks inside a gold span need no cover: "<PERSON>, <PERSON>" hides
  "LOPEZ, MARIA" as well as one placeholder does.
* **Character precision** is the share of detected letters and digits that lie inside gold
  spans. It charges a detector for every character of clinical text it hides.
* **Span precision** is the share of detected spans that overlap at least one gold span. It
  charges a false positive once, however long it is.
* **Per-kind precision** groups detected spans by the kind the detector gave them
  (``Span.kind``). A detected span counts as true when it overlaps a gold span of any kind,
  because a name masked as a city is still hidden. So the per-kind counts add up to the
  overall ones. A wrong label is counted separately: a found gold span is **found as another
  kind** when no detected span of its own kind overlaps it. No detector emits some gold kinds,
  such as ``facility``, so every found span of those kinds counts there.
* A clinical term is **preserved** when no detected span overlaps it. Terms inside a gold span
  ("Cardiology" in "Annemouth Cardiology Associates") are left out of the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["UNHELD_NAME", "DetectedLike", "Scores", "SpanLike", "covered", "score_note"]


UNHELD_NAME = "name (not in database)"
"""The row that counts names the dictionary alone does not cover, a subset of ``name``."""


class SpanLike(Protocol):
    """Anything with a start and an end offset."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class DetectedLike(SpanLike, Protocol):
    """A detected span with the kind its detector gave it."""

    @property
    def kind(self) -> str: ...


class GoldLike(SpanLike, Protocol):
    """A labeled span with a kind and whether the database stores it."""

    @property
    def kind(self) -> str: ...

    @property
    def held(self) -> bool: ...


def _mask(length: int, spans: Iterable[SpanLike]) -> bytearray:
    flags = bytearray(length)
    for span in spans:
        flags[span.start : span.end] = b"\x01" * (span.end - span.start)
    return flags


def _kinds_by_character(length: int, spans: Sequence[DetectedLike]) -> list[str | None]:
    kinds: list[str | None] = [None] * length
    # Where spans overlap, the one earliest in ``spans`` is written last, so its kind wins.
    for span in reversed(spans):
        kinds[span.start : span.end] = [str(span.kind)] * (span.end - span.start)
    return kinds


def covered(text: str, start: int, end: int, spans: Iterable[SpanLike]) -> bool:
    """Return whether every letter and digit of ``text[start:end]`` lies inside ``spans``."""
    flags = _mask(len(text), spans)
    return all(flags[index] or not text[index].isalnum() for index in range(start, end))


@dataclass
class Scores:
    """Counts accumulated over notes; the rates are computed from them."""

    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    detected_characters: int = 0
    true_characters: int = 0
    gold_characters: int = 0
    detected_spans: int = 0
    true_spans: int = 0
    terms: int = 0
    terms_kept: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    false_positives: Counter[str] = field(default_factory=Counter)
    # Keyed by gold kind: found spans that no detected span of the same kind overlaps.
    found_as_other_kind: Counter[str] = field(default_factory=Counter)
    # Keyed by detected kind. Each counter sums to the overall field without ``_by_kind``,
    # because a letter or digit inside detected spans of two kinds counts under the first one.
    detected_spans_by_kind: Counter[str] = field(default_factory=Counter)
    true_spans_by_kind: Counter[str] = field(default_factory=Counter)
    detected_characters_by_kind: Counter[str] = field(default_factory=Counter)
    true_characters_by_kind: Counter[str] = field(default_factory=Counter)

    def recall(self, kind: str | None = None) -> float:
        """Return the share of gold spans found, of one kind or of all.

        The overall figure counts each span once: ``UNHELD_NAME`` is a subset of ``name``.
        """
        if kind is None:
            total = sum(count for key, count in self.gold.items() if key != UNHELD_NAME)
            hits = sum(count for key, count in self.found.items() if key != UNHELD_NAME)
        else:
            total, hits = self.gold[kind], self.found[kind]
        return hits / total if total else 1.0

    def character_precision(self, kind: str | None = None) -> float:
        """Return the share of detected letters and digits inside gold spans.

        With ``kind``, only characters detected as that kind are counted.
        """
        if kind is None:
            total, hits = self.detected_characters, self.true_characters
        else:
            total = self.detected_characters_by_kind[kind]
            hits = self.true_characters_by_kind[kind]
        return hits / total if total else 1.0

    def character_recall(self) -> float:
        return self.true_characters / self.gold_characters if self.gold_characters else 1.0

    def span_precision(self, kind: str | None = None) -> float:
        """Return the share of detected spans that overlap a gold span of any kind.

        With ``kind``, only spans detected as that kind are counted.
        """
        if kind is None:
            total, hits = self.detected_spans, self.true_spans
        else:
            total, hits = self.detected_spans_by_kind[kind], self.true_spans_by_kind[kind]
        return hits / total if total else 1.0

    def detected_kinds(self) -> set[str]:
        """Return every kind the detector gave at least one span."""
        return {kind for kind, count in self.detected_spans_by_kind.items() if count}

    def term_preservation(self) -> float:
        return self.terms_kept / self.terms if self.terms else 1.0


def score_note(
    text: str,
    gold: Sequence[GoldLike],
    terms: Sequence[tuple[int, int]],
    detected: Sequence[DetectedLike],
    scores: Scores,
) -> None:
    """Add one note's counts to ``scores``."""
    detected_flags = _mask(len(text), detected)
    detected_kinds = _kinds_by_character(len(text), detected)
    gold_flags = _mask(len(text), gold)
    for span in gold:
        found = all(
            detected_flags[index] or not text[index].isalnum()
            for index in range(span.start, span.end)
        )
        other_kind = found and not _overlaps_kind(span, detected)
        kinds = [span.kind]
        if span.kind == "name" and not span.held:
            kinds.append(UNHELD_NAME)
        for kind in kinds:
            scores.gold[kind] += 1
            scores.found[kind] += found
            scores.found_as_other_kind[kind] += other_kind
        if not found:
            scores.missed.append((span.kind, _context(text, span.start, span.end)))
    for index, character in enumerate(text):
        if not character.isalnum():
            continue
        scores.detected_characters += detected_flags[index]
        scores.gold_characters += gold_flags[index]
        scores.true_characters += detected_flags[index] & gold_flags[index]
        character_kind = detected_kinds[index]
        if character_kind is not None:
            scores.detected_characters_by_kind[character_kind] += 1
            scores.true_characters_by_kind[character_kind] += gold_flags[index]
    for found_span in detected:
        found_kind = str(found_span.kind)
        scores.detected_spans += 1
        scores.detected_spans_by_kind[found_kind] += 1
        if any(gold_flags[found_span.start : found_span.end]):
            scores.true_spans += 1
            scores.true_spans_by_kind[found_kind] += 1
        else:
            false_positive = text[found_span.start : found_span.end].replace("\n", " ")
            scores.false_positives[false_positive] += 1
    for start, end in terms:
        if any(gold_flags[start:end]):
            continue
        scores.terms += 1
        scores.terms_kept += not any(detected_flags[start:end])


def _overlaps_kind(gold: GoldLike, detected: Sequence[DetectedLike]) -> bool:
    """Return whether a detected span of the gold span's kind overlaps it."""
    return any(
        str(span.kind) == gold.kind and span.start < gold.end and gold.start < span.end
        for span in detected
    )


def _context(text: str, start: int, end: int) -> str:
    before = text[max(start - 30, 0) : start]
    after = text[end : end + 15]
    return (before + "[" + text[start:end] + "]" + after).replace("\n", "⏎")
