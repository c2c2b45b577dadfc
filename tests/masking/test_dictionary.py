"""The dictionary's one-pass ASCII path finds exactly what its Aho-Corasick path finds.

``IdentifierDictionary`` matches words in ASCII notes with the ``_gates`` matcher and in other
notes with pyahocorasick. The two paths are compared here on generated notes and on random text
made of the dictionary's own words, eponym heads, capitals and punctuation.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.demo.data import generate
from phigate.evals.detection.corpus import database_values
from phigate.masking import dictionary
from phigate.masking.dictionary import IdentifierDictionary, _normalize
from phigate.masking.spans import Span, fold_case
from phigate.policy import PhiKind

needs_gates = pytest.mark.skipif(
    dictionary._gates is None, reason="the _gates extension was not built"
)

_VALUES: dict[PhiKind, list[str]] = {
    PhiKind.NAME: [
        "Crystal Brown",
        "Will Rose",
        "May Christian",
        "Wilson",
        "Mary-Ann O'Brien",
        "Jo Al",
        "Anna Smith Jr.",
    ],
    PhiKind.MRN: ["#12345", "MRN-55421", "----", "A1 B2 C3"],
    PhiKind.CITY: ["Springfield", "Rose", "New York"],
    PhiKind.ADDRESS: ["12 Main St., Apt 4"],
    PhiKind.PHONE: ["(555) 201-3344", "1-555-201-9988"],
    PhiKind.SSN: ["123-45-6789", "6789"],
    PhiKind.FAX: ["555.201.7777"],
}

_PIECES = [
    "Crystal",
    "crystal",
    "Brown",
    "BROWN",
    "Will",
    "will",
    "Rose",
    "rose",
    "May",
    "MAY",
    "Christian",
    "Wilson",
    "wilson",
    "Mary",
    "Ann",
    "O'Brien",
    "Jo",
    "Al",
    "Anna",
    "Smith",
    "Jr.",
    "12345",
    "55421",
    "MRN",
    "A1",
    "B2",
    "C3",
    "Springfield",
    "New",
    "York",
    "12",
    "Main",
    "St.",
    "Apt",
    "4",
    "6789",
    "disease",
    "sign",
    "Score",
    "Dr.",
    "J.",
    "the",
]
_GLUE = [" ", "  ", "\t", "\n", ", ", ". ", "-", "--", "'s ", "' ", "#", "(", ")", ": ", ""]

TEXTS = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.sampled_from(_GLUE), st.text("aZ9 .-'#", max_size=3)),
    max_size=40,
).map("".join)


def _spans(found: list[Span]) -> list[tuple[int, int, PhiKind, str]]:
    return [(span.start, span.end, span.kind, span.source) for span in found]


def _pair(values: dict[PhiKind, list[str]]) -> tuple[IdentifierDictionary, IdentifierDictionary]:
    """Return a dictionary and a copy of it that finds every word with the automaton."""
    fast = IdentifierDictionary.build(values)
    slow = IdentifierDictionary.build(values)
    slow._ascii = None
    return fast, slow


@pytest.fixture(scope="module")
def pair() -> tuple[IdentifierDictionary, IdentifierDictionary]:
    """The test dictionary, with the one-pass matcher and without it."""
    return _pair(_VALUES)


@needs_gates
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_ascii_matcher_equals_automaton(
    pair: tuple[IdentifierDictionary, IdentifierDictionary], text: str
) -> None:
    """The one-pass matcher returns the automaton's spans, in the same order."""
    fast, slow = pair
    assert fast._ascii is not None
    assert _spans(fast.find(text)) == _spans(slow.find(text))


@needs_gates
def test_ascii_matcher_on_generated_notes() -> None:
    """On generated notes the two word paths agree note by note."""
    dataset = generate(patients=40, notes=150, seed=9)
    fast, slow = _pair(database_values(dataset))
    assert fast._ascii is not None
    found = 0
    for row in dataset.clinical_notes:
        body = str(row[6])
        expected = _spans(slow.find(body))
        assert _spans(fast.find(body)) == expected
        found += len(expected)
    assert found > 100


@needs_gates
def test_ascii_matcher_finds_odd_keys(
    pair: tuple[IdentifierDictionary, IdentifierDictionary],
) -> None:
    """Keys with leading punctuation, none at all, or several words are found."""
    fast, slow = pair
    assert fast._ascii is not None
    text = "MRN #12345 and MRN-55421, code ---- A1 B2 C3, seen at 12 Main St., Apt 4."
    expected = _spans(slow.find(text))
    assert _spans(fast.find(text)) == expected
    assert (text.index("#12345"), text.index("#12345") + 6) in {
        (start, end) for start, end, _, _ in expected
    }
    assert (text.index("----"), text.index("----") + 4) in {
        (start, end) for start, end, _, _ in expected
    }


@needs_gates
def test_eponym_heads_keep_name_parts() -> None:
    """A name part before an eponym head, or possessive, is left as the automaton leaves it."""
    fast, slow = _pair({PhiKind.NAME: ["Wilson", "Parkinson"]})
    assert fast._ascii is not None
    for text in (
        "Wilson disease",
        "Wilson  \t disease and Wilson",
        "Parkinson's disease",
        "Wilson's",
        "seen by Wilson.",
        "Wilson sign Parkinson",
    ):
        assert _spans(fast.find(text)) == _spans(slow.find(text)), text
    assert fast.find("Wilson disease") == []
    assert _spans(fast.find("seen by Wilson.")) == [(8, 14, PhiKind.NAME, "dictionary")]


def test_long_head_uses_automaton() -> None:
    """A key whose first word is longer than a gate makes every note use the automaton."""
    word = "x" * 300
    built = IdentifierDictionary.build({PhiKind.MRN: [word]})
    assert built._ascii is None
    assert _spans(built.find(f"id {word}.")) == [(3, 303, PhiKind.MRN, "dictionary")]


def test_non_ascii_note_uses_automaton(
    pair: tuple[IdentifierDictionary, IdentifierDictionary],
) -> None:
    """A note with a character beyond ASCII still finds the names around it."""
    fast, _ = pair
    found = _spans(fast.find("Crystal Brown \u2013 Will Rose"))
    assert (0, 13, PhiKind.NAME, "dictionary") in found
    assert (16, 25, PhiKind.NAME, "dictionary") in found


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_fold_normalize_table(text: str) -> None:
    """The bytes table folds and normalizes ASCII text as ``_normalize(fold_case())`` does."""
    table = dictionary._ASCII_FOLD_NORMALIZE
    assert text.encode("ascii").translate(table).decode() == _normalize(fold_case(text))
