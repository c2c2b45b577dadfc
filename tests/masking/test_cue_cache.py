"""The cue finder's cache of name bounds gives what reading each capture afresh gives."""

from __future__ import annotations

import pytest

from phigate.evals.detection.corpus import generated_set, handwritten_set
from phigate.masking import cues
from phigate.masking.cues import find_cue_names
from phigate.masking.prefilter import default_prefilter
from phigate.masking.spans import Span

NOTES = [note.text for note in generated_set(40, 200, 5150).notes] + [
    note.text for note in handwritten_set().notes
]


def bounds(spans: list[Span]) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, str(span.kind), span.source) for span in spans]


def uncached_cue_names(text: str, monkeypatch: pytest.MonkeyPatch) -> list[Span]:
    """Return ``find_cue_names`` for ``text`` with a cache that keeps nothing."""
    with monkeypatch.context() as patch:
        patch.setattr(cues, "_NAME_BOUNDS", {})
        patch.setattr(cues, "_NAME_BOUNDS_LIMIT", 0)
        return find_cue_names(default_prefilter().scan(text))


def test_cached_bounds_match_fresh_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    scans = [default_prefilter().scan(text) for text in NOTES]
    # Twice, so that the second pass reads every capture from the cache.
    for _ in range(2):
        for text, scan in zip(NOTES, scans, strict=True):
            assert bounds(find_cue_names(scan)) == bounds(uncached_cue_names(text, monkeypatch))


def test_same_capture_with_other_options() -> None:
    # "May" right after the title is a name, but the cache must not return that result for a
    # capture read from the end with other options.
    text = "Seen by Mrs. May today."
    first = cues._name_span(text, (13, 16), from_end=False, capitals_allowed=True)
    second = cues._name_span(text, (13, 16), from_end=True, proper_first=False)
    assert first is not None
    assert (first.start, first.end) == (13, 16)
    assert second is None
