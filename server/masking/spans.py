"""Identifier spans found in free text, and the merge that makes them non-overlapping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from phigate.policy import PhiKind

__all__ = ["Source", "Span", "fold_case", "merge_spans"]

Source = Literal["dictionary", "pattern", "cue"]
"""The detector that found a span: the identifier dictionary, a regular expression or a name
cue."""


@dataclass(frozen=True, slots=True)
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
    part (the earliest one when two are equally long). Spans that only touch stay separate.
    """
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    merged: list[Span] = []
    longest: Span | None = None
    for span in ordered:
        if merged and span.start < merged[-1].end:
            current = merged[-1]
            assert longest is not None
            if span.end - span.start > longest.end - longest.start:
                longest = span
            end = max(current.end, span.end)
            merged[-1] = Span(current.start, end, longest.kind, longest.source)
            continue
        merged.append(span)
        longest = span
    return merged


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets in the result fit ``text``.

    A few characters lower-case to two code points (``"İ"`` becomes ``"i̇"``); those stay as
    they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
