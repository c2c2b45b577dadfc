"""Rewritten cue patterns accept exactly what the patterns they replace accept."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import cues

# The name before a credential as first written, with the look-behind in front.
FLAT_NAME_BEFORE_CREDENTIAL = re.compile(r"(?<![\w.])(" + cues._NAME_WORDS + r"),?[ \t]+\(?\Z")
NOTES = [note.text for note in generated_set(40, 150, 3141).notes]
ALPHABET = "AaJjZz09 \t\n.,()'’-_Éé"
PIECES = ["Jo", "JO", "J.", "A.", "Mc", "O'Brien", "Smith-Jones", ", ", " (", " ", "\t", "x."]


def found(pattern: re.Pattern[str], text: str, start: int, end: int) -> object:
    match = pattern.search(text, start, end)
    return None if match is None else (match.span(), match.span(1))


@pytest.mark.parametrize("index", range(len(NOTES)))
def test_name_before_credential_on_notes(index: int) -> None:
    text = NOTES[index]
    for end in range(len(text) + 1):
        if text.startswith((" RN", " MD", ", ", " (", "\t"), end) or end == len(text):
            start = max(end - 110, 0)
            expected = found(FLAT_NAME_BEFORE_CREDENTIAL, text, start, end)
            assert found(cues._NAME_BEFORE_CREDENTIAL, text, start, end) == expected


@settings(max_examples=1500)
@given(
    pieces=st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=5))),
    data=st.data(),
)
def test_name_before_credential_on_random_text(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    expected = found(FLAT_NAME_BEFORE_CREDENTIAL, text, start, end)
    assert found(cues._NAME_BEFORE_CREDENTIAL, text, start, end) == expected
