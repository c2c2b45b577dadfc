"""The dictionary's C loops give exactly what their pure-Python fallbacks give.

``phigate.masking._dictscan`` is an optional extension. Where it is built, each test runs
``Words.find`` (through ``_AsciiMatcher.find``) and ``_AsciiMatcher._python_find`` on the same
note, and ``Numbers.find`` and ``IdentifierDictionary._find_numbers``, and compares the spans,
their order and their classes. The notes are generated notes, random text made of the test
dictionary's own words and numbers, and edge cases.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import dictionary
from phigate.masking.dictionary import IdentifierDictionary
from phigate.masking.prefilter import Scan
from phigate.masking.spans import Span
from phigate.policy import PhiKind

from .test_dictionary import _VALUES, TEXTS

needs_native = pytest.mark.skipif(
    dictionary._dictscan is None or dictionary._gates is None,
    reason="the _dictscan or _gates extension was not built",
)

_NUMBER_TEXTS = st.lists(
    st.one_of(
        st.sampled_from(["555", "201", "3344", "1", "12", "123", "45", "6789", "867", "5309"]),
        st.sampled_from([" ", "-", ".", "(", ")", "+", "  ", "   ", "    ", "x", "\n", "/"]),
        st.text("0123456789 .()+-a", max_size=8),
    ),
    max_size=40,
).map("".join)

_EDGE_CASES = [
    "",
    " ",
    "'",
    "Rose",
    "rose",
    "Rose's",
    "Wilson disease",
    "Wilson\t \tsign",
    "Crystal\nBrown",
    "#12345",
    "# 12345",
    "  #12345  ",
    "----",
    "-----",
    "A1 B2 C3",
    "5552013344",
    "1 555 201 3344",
    "(555) 201-3344 and 555.201.7777",
    "123-45-6789" * 50,
    "1" * 400,
    "1 " * 400,
    "5" + " " * 1000 + "5",
    "Crystal" * 300,
    "Crystal " * 300,
    "Jo. Al, Jo Al; JO AL",
]


def _described(found: list[Span]) -> list[tuple[type, int, int, PhiKind, str]]:
    return [(type(span), span.start, span.end, span.kind, span.source) for span in found]


@pytest.fixture(scope="module")
def test_dictionary() -> IdentifierDictionary:
    """The dictionary of ``test_dictionary``, with keys such as "#12345" that need the matcher."""
    return IdentifierDictionary.build(_VALUES)


def _assert_same(found: IdentifierDictionary, text: str) -> None:
    matcher: Any = found._ascii
    assert matcher is not None
    assert matcher._native is not None
    assert _described(matcher.find(text)) == _described(matcher._python_find(text))
    native_numbers: Any = found._native_numbers
    assert native_numbers is not None
    assert _described(native_numbers.find(text)) == _described(found._find_numbers(Scan(text)))


@needs_native
def test_native_loops_on_generated_notes() -> None:
    note_set = generated_set(80, 300, 5150)
    found = note_set.dictionary
    assert found._ascii is not None
    # Most of these notes have matches, so the comparison covers every rule.
    matched = 0
    for note in note_set.notes:
        if not note.text.isascii():
            continue
        _assert_same(found, note.text)
        matched += bool(found._ascii.find(note.text))
    assert matched > 100


@needs_native
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_native_words_on_dictionary_text(test_dictionary: IdentifierDictionary, text: str) -> None:
    _assert_same(test_dictionary, text)


@needs_native
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NUMBER_TEXTS)
def test_native_numbers_on_digit_text(test_dictionary: IdentifierDictionary, text: str) -> None:
    _assert_same(test_dictionary, text)


@needs_native
@pytest.mark.parametrize("text", _EDGE_CASES)
def test_native_loops_on_edge_cases(test_dictionary: IdentifierDictionary, text: str) -> None:
    _assert_same(test_dictionary, text)


@needs_native
def test_native_loops_on_random_ascii(test_dictionary: IdentifierDictionary) -> None:
    generator = random.Random(77)
    alphabet = "Rose will Wilson disease 555 201 3344 #12345 -.()+'\t\n"
    for _ in range(300):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randrange(200)))
        _assert_same(test_dictionary, text)


@needs_native
def test_native_loops_decline_non_ascii(test_dictionary: IdentifierDictionary) -> None:
    matcher: Any = test_dictionary._ascii
    native_numbers: Any = test_dictionary._native_numbers
    assert matcher._native.find("Rosé 555 201 3344") is None
    assert native_numbers.find("Rosé 555 201 3344") is None
    text = "Rosé Wilson, (555) 201-3344"
    expected = IdentifierDictionary.build(_VALUES)
    expected._native_numbers = None
    assert _described(test_dictionary.find(text)) == _described(expected.find(text))


@needs_native
def test_native_words_match_without_rare_keys() -> None:
    """A dictionary with no key like "#12345" never runs the matcher for ASCII notes."""
    found = IdentifierDictionary.build({PhiKind.NAME: ["Will Rose", "Wilson"]})
    matcher: Any = found._ascii
    assert matcher is not None
    assert not matcher._rare
    text = "Will Rose saw Wilson. Wilson disease, will rose."
    assert _described(matcher.find(text)) == _described(matcher._python_find(text))
    # "Wilson disease" is an eponym, and the full name counts in lower case too.
    expected = [(0, 4), (0, 9), (5, 9), (14, 20), (38, 47)]
    assert [(span.start, span.end) for span in matcher.find(text)] == expected


@needs_native
def test_native_spans_from_other_class(test_dictionary: IdentifierDictionary) -> None:
    """A span class that is not a plain slots class is called, as ``Span`` would be."""

    class Recorded(Span):
        __slots__ = ()

    native: Any = dictionary._dictscan
    numbers = native.Numbers([("5552013344", PhiKind.PHONE)], ["5552013"], 7, Recorded, "x")
    found = numbers.find("call 555 201 3344")
    assert [(type(span), span.start, span.end, span.source) for span in found] == [
        (Recorded, 5, 17, "x")
    ]


@needs_native
@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (([("5552013344", PhiKind.PHONE)], ["555"], 7, Span, "d"), ValueError),
        (([("5552013344", PhiKind.PHONE)], ["5552013"], 0, Span, "d"), ValueError),
        (([("5552013344", PhiKind.PHONE)], ["5552013"], 19, Span, "d"), ValueError),
        (([("1" * 16, PhiKind.PHONE)], ["1111111"], 7, Span, "d"), ValueError),
        (([("5552013344", PhiKind.PHONE)], ["5552013"], 7, "Span", "d"), TypeError),
        (([("5552013344",)], ["5552013"], 7, Span, "d"), TypeError),
    ],
)
def test_native_numbers_reject_invalid_tables(arguments: tuple[Any, ...], error: type) -> None:
    native: Any = dictionary._dictscan
    with pytest.raises(error):
        native.Numbers(*arguments)


@needs_native
@pytest.mark.parametrize(
    ("heads", "error"),
    [
        ([("rose", (" rose ", 5, True, 1, PhiKind.NAME), ())], ValueError),
        ([("rose", (" rose ", 0, True, 1, PhiKind.NAME), ())], ValueError),
        ([("rose", (" rosa ", 4, True, 1, PhiKind.NAME), ())], ValueError),
        ([("rose", (" rose ", 4, True, 7, PhiKind.NAME), ())], ValueError),
        ([("rosé", None, ())], ValueError),
        ([("rose", None, ()), ("rose", None, ())], ValueError),
        ([("rose", (" rose ",), ())], TypeError),
        ([("rose", None)], TypeError),
    ],
)
def test_native_words_reject_invalid_keys(heads: list[Any], error: type) -> None:
    native: Any = dictionary._dictscan
    with pytest.raises(error):
        native.Words(heads, [], PhiKind.NAME, Span, "dictionary")


@needs_native
def test_native_anchors_equal_name_bounds() -> None:
    """The anchors that ``Words.find`` returns are the bounds of its name spans."""
    note_set = generated_set(40, 120, 8080)
    matcher: Any = note_set.dictionary._ascii
    anchored = 0
    for note in note_set.notes:
        found = matcher._native.find(note.text)
        if found is None:
            continue
        spans, unconfirmed, _, anchors = found
        if not unconfirmed:
            assert anchors is None
            continue
        anchored += 1
        names = [span for span in spans if span.kind == PhiKind.NAME]
        assert anchors[0] == {span.end for span in names}
        assert anchors[1] == {span.start for span in names}
    assert anchored > 10
