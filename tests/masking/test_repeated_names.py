"""``find_repeated_names`` finds what the plain search of each form finds.

The reference below is the search the function did before it searched the lowered note and
cached the forms of each name: one ``str.find`` loop per form. The function now also leaves
out places inside a cue span, which merging would drop, so the reference's spans minus those
are what it must return.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import cues
from phigate.masking.cues import find_cue_names, find_repeated_names
from phigate.masking.names import NameScanner
from phigate.masking.prefilter import default_prefilter
from phigate.masking.spans import Span
from phigate.masking.wordlists import COMMON_WORDS, NAME_LIKE_WORDS
from phigate.policy import PhiKind

NOTES = [note.text for note in generated_set(40, 150, 613).notes]
ALPHABET = "aAbBkKnNgGeE .\n\t,'’-:!?Éé"
NAME_PARTS = ["King", "KING", "king", "Anan", "anAN", "Ng", "Hope", "Lee.", "Ébé", "b", "Ka-Ne"]


def reference(text: str, cue_spans: list[Span], scan_spans: list[Span]) -> set[tuple[int, int]]:
    """Return the bounds that one ``str.find`` loop per search form finds."""
    words: set[str] = set()
    scan_words: set[str] = set()
    names = [(text[span.start : span.end], False) for span in cue_spans]
    names += [(text[span.start : span.end], True) for span in scan_spans if span.kind == "name"]
    for name, from_scan in names:
        for word in name.split():
            cleaned = word.rstrip(".")
            lowered = cleaned.lower()
            if from_scan and lowered not in NAME_LIKE_WORDS:
                continue
            if len(cleaned) <= 1 or (lowered in COMMON_WORDS and lowered not in NAME_LIKE_WORDS):
                continue
            capitalized = cleaned[0].upper() + cleaned[1:].lower()
            words |= {cleaned, capitalized}
            if from_scan:
                scan_words |= {cleaned, capitalized}
            if len(cleaned) >= 4:
                words.add(cleaned.upper())
                if lowered not in NAME_LIKE_WORDS:
                    words.add(lowered)
    found: set[tuple[int, int]] = set()
    for word in words:
        position = text.find(word)
        while position >= 0:
            end = position + len(word)
            if (
                (position == 0 or not text[position - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())
                and not (
                    word in scan_words
                    and cues._starts_sentence(text, position)
                    and not cues._PERSON_VERB_AFTER.match(text, end)
                )
            ):
                found.add((position, end))
            position = text.find(word, end)
    return found


def outside_cues(bounds: set[tuple[int, int]], cue_spans: list[Span]) -> set[tuple[int, int]]:
    return {
        (start, end)
        for start, end in bounds
        if not any(span.start <= start and end <= span.end for span in cue_spans)
    }


def check(text: str, cue_spans: list[Span], scan_spans: list[Span]) -> None:
    found = find_repeated_names(text, cue_spans, scan_spans)
    assert all(span.kind == PhiKind.NAME and span.source == "cue" for span in found)
    bounds = [(span.start, span.end) for span in found]
    assert len(bounds) == len(set(bounds))
    assert set(bounds) == outside_cues(reference(text, cue_spans, scan_spans), cue_spans)


@pytest.mark.parametrize("index", range(len(NOTES)))
def test_notes_match_reference(index: int) -> None:
    text = NOTES[index]
    cue_spans = find_cue_names(default_prefilter().scan(text))
    check(text, cue_spans, NameScanner().find(text))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_text_matches_reference(data: st.DataObject) -> None:
    pieces = data.draw(
        st.lists(st.one_of(st.sampled_from(NAME_PARTS), st.text(ALPHABET, max_size=6)))
    )
    text = "".join(pieces)
    spans: list[list[Span]] = [[], []]
    # Spans over the name parts in the text, given either as cue spans or as scan spans.
    position = 0
    for piece in pieces:
        end = position + len(piece)
        if piece in NAME_PARTS and piece.strip(" .") and data.draw(st.booleans()):
            kind = data.draw(st.sampled_from([PhiKind.NAME, PhiKind.CITY]))
            spans[data.draw(st.integers(0, 1))].append(Span(position, end, kind, "scan"))
        position = end
    cue_spans = [span for span in spans[0] if span.kind == PhiKind.NAME]
    check(text, cue_spans, spans[1])


def test_overlapping_places_of_one_form() -> None:
    # "anan" overlaps itself, so the lowered note has places that no single form's search
    # reaches.
    text = "anANAN ANANAN, Anan anan"
    cue_spans = [Span(15, 19, PhiKind.NAME, "cue")]
    found = {(span.start, span.end) for span in find_repeated_names(text, cue_spans)}
    assert found == outside_cues(reference(text, cue_spans, []), cue_spans) == {(20, 24)}
