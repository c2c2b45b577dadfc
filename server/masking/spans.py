"""Identifier spans found in free text, and the merge that makes them non-overlapping."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from phigate.policy import PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._kernels import merge_spans as _native_merge
except ImportError:  # pragma: no cover
    _native_merge = None  # type: ignore[assignment]

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._span import Span as _NativeSpan
except ImportError:  # pragma: no cover
    _NativeSpan = None  # type: ignore[assignment,misc]

__all__ = ["Source", "Span", "fold_case", "merge_spans"]

Source = Literal["dictionary", "pattern", "cue", "scan", "model"]
"""The detector that found a span: the identifier dictionary, a pattern, a name cue, the
capitalized-word name scan or an optional NER model."""


# Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, which made
# building spans a tenth of the detection time. Nothing changes a span after it is made. The
# bounds check is in a written ``__init__`` rather than ``__post_init__``, which would cost a
# second Python call for every span.
@dataclass(slots=True, init=False)
class Span:
    """An identifier at ``text[start:end]``."""

    start: int
    end: int
    kind: PhiKind
    source: Source

    def __init__(self, start: int, end: int, kind: PhiKind, source: Source) -> None:
        if not 0 <= start < end:
            raise ValueError(f"invalid span bounds {start}..{end}")
        self.start = start
        self.end = end
        self.kind = kind
        self.source = source


# The dataclass stays the reference, which the tests compare with the C type.
PythonSpan = Span
# ``_span.Span`` is the same type in C, where it was built. Detectors make some thirty spans a
# note, and the dataclass's ``__init__`` runs as Python code, which made span building about
# a twentieth of the detection time. Type checkers read the dataclass.
if not TYPE_CHECKING and _NativeSpan is not None:  # pragma: no cover - depends on the build
    Span = _NativeSpan


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Join overlapping spans and return them sorted by start.

    A merged span covers the union of its parts and takes the kind and source of its longest
    part (the earliest one when two are equally long), except that ``other_id``, the kind of
    the catch-all rule for long numbers, gives way to any other kind among the parts. Spans
    that only touch stay separate.

    ``_kernels.merge_spans`` runs the same loop in C where it was built.
    """
    if _native_merge is None:
        return _python_merge_spans(spans)
    # A list, so that the Python version can read the spans again after C declined them.
    items = spans if isinstance(spans, list) else list(spans)
    merged = _native_merge(items, Span, PhiKind.OTHER_ID)
    if merged is None:
        # C takes only bounds that are ints with 0 <= start < end in a Py_ssize_t.
        return _python_merge_spans(items)
    return merged


def _python_merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Run ``merge_spans`` in Python."""
    # Sorted by start alone, with a C key function. The order of spans with one start does
    # not matter, because they all join one group, whose end is the largest of theirs. Two of
    # them that are equally long have the same bounds, and the stable sort keeps their order.
    ordered = sorted(spans, key=_START)
    merged: list[Span] = []
    if not ordered:
        return merged
    # Each group of overlapping spans is built in these locals and becomes one Span when the
    # next group starts, rather than one new Span per overlap. A group whose label covers it
    # whole (most often a name that several detectors found) keeps the label itself.
    first = label = ordered[0]
    end = first.end
    label_length = end - first.start
    other_id = PhiKind.OTHER_ID
    label_fallback = first.kind == other_id
    for span in ordered[1:]:
        start = span.start
        if start < end:
            span_end = span.end
            fallback = span.kind == other_id
            # The label rule of the docstring: another kind beats ``other_id``, then length.
            if (fallback != label_fallback and label_fallback) or (
                fallback == label_fallback and span_end - start > label_length
            ):
                label = span
                label_length = span_end - start
                label_fallback = fallback
            end = max(end, span_end)
            continue
        merged.append(_group_span(first, label, end))
        first = label = span
        end = span.end
        label_length = end - start
        label_fallback = span.kind == other_id
    merged.append(_group_span(first, label, end))
    return merged


_START = operator.attrgetter("start")


def _group_span(first: Span, label: Span, end: int) -> Span:
    """Return the span of a group from ``first.start`` to ``end`` with the kind of ``label``."""
    if label.start == first.start and label.end == end:
        return label
    return Span(first.start, end, label.kind, label.source)


def fold_case(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets in the result fit ``text``.

    A few characters lower-case to two code points (``"İ"`` becomes ``"i̇"``); those stay as
    they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
