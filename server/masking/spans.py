"""Identifier spans found in free text, and the merge that makes them non-overlapping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from phigate.policy import PhiKind

__all__ = ["Source", "Span", "fold_case", "merge_spans"]

Source = Literal["dictionary", "pattern", "cue", "scan", "model"]
"""The detector that found a span: the identifier dictionary, a pattern, a name cue, the
capitalized-word name scan or an optional NER model."""


# Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, which made
# building spans a tenth of the detection time. Nothing changes a span after it is made.
@dataclass(slots=True)
class Span:
    """An identifier at ``text[start:end]``."""

    start: int
    end: int
    kind: PhiKind
    source: Source

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span bounds {self.start}..{self.end}")


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Join overlapping spans and return them sorted by start.

    A merged span covers the union of its parts and takes the kind and source of its longest
    part (the earliest one when two are equally long), except that ``other_id``, the kind of
    the catch-all rule for long numbers, gives way to any other kind among the parts. Spans
    that only touch stay separate.
    """
    ordered = sorted(spans, key=_merge_order)
    merged: list[Span] = []
    if not ordered:
        return merged
    # Each group of overlapping spans is built in these locals and becomes one Span when the
    # next group starts, rather than one new Span per overlap.
    first = label = ordered[0]
    end = first.end
    joined = False
    for span in ordered[1:]:
        if span.start < end:
            if _labels_better(span, label):
                label = span
            end = max(end, span.end)
            joined = True
            continue
        merged.append(Span(first.start, end, label.kind, label.source) if joined else first)
        first = label = span
        end = span.end
        joined = False
    merged.append(Span(first.start, end, label.kind, label.source) if joined else first)
    return merged


def _merge_order(span: Span) -> tuple[int, int]:
    return (span.start, -span.end)


def _labels_better(candidate: Span, label: Span) -> bool:
    """Return whether ``candidate`` should give a merged span its kind instead of ``label``."""
    candidate_fallback = candidate.kind == PhiKind.OTHER_ID
    label_fallback = label.kind == PhiKind.OTHER_ID
    if candidate_fallback != label_fallback:
        return label_fallback
    return candidate.end - candidate.start > label.end - label.start


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets in the result fit ``text``.

    A few characters lower-case to two code points (``"İ"`` becomes ``"i̇"``); those stay as
    they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
