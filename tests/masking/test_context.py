"""``words_before`` and ``label_before`` read words as a left-to-right ``findall`` does.

Both read ASCII text from its end, which is only right while no apostrophe or "s/n" joins two
runs of letters and digits into one word. Each test compares them with the plain definition,
written out here, on text full of such joiners, non-ASCII letters and windows that cut a word.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking.context import any_of, label_before, words_before

_FINDALL_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

# Pieces that make words, joiners and separators, and letters whose lower case differs in
# length ("İ") or that count as letters outside ASCII ("ı").
PIECES = st.sampled_from(
    [
        *("a", "b", "n", "s", "S", "N", "x", "0", "1", " ", "'", "’", "/", "_", "-", ".", "\t"),
        *("\u0130", "\u0131", "pt", "no", "id", "acct", "s/n", "S/N", "n't", "Acct#", "ID:"),
    ]
)
TEXT = st.lists(PIECES, max_size=40).map("".join)
LABELS = frozenset({"acct", "pt", "sn", "s", "n", "x", "ab", "1", "a1", "n't"})
FILLERS = frozenset({"no", "id", "b", "0", "xy"})


def reference_words_before(text: str, start: int, count: int, window: int = 40) -> list[str]:
    segment = text[max(start - window, 0) : start].lower().replace("s/n", "sn")
    return _FINDALL_WORD.findall(segment)[-count:]


def reference_label_before(text: str, start: int, max_words: int) -> str | None:
    for word in reversed(reference_words_before(text, start, max_words)):
        if word in LABELS:
            return word
        if word not in FILLERS:
            return None
    return None


@given(TEXT, st.data())
def test_words_before_matches_findall(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    count = data.draw(st.integers(-1, 5))
    window = data.draw(st.sampled_from([0, 1, 5, 12, 40]))
    expected = reference_words_before(text, start, count, window)
    assert words_before(text, start, count, window=window) == expected


@given(TEXT, st.data())
def test_label_before_matches_findall(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    max_words = data.draw(st.integers(-1, 6))
    expected = reference_label_before(text, start, max_words)
    assert label_before(text, start, LABELS, FILLERS, max_words=max_words) == expected


def test_words_before_joins_apostrophe_words() -> None:
    """An apostrophe between letters makes one word, as ``findall`` reads it."""
    assert words_before("seen by pt's own", 16, 2) == ["pt's", "own"]


def test_words_before_joins_serial_number_abbreviation() -> None:
    """ "S/N" becomes the one word "sn"."""
    assert words_before("pump S/N 12345", 9, 1) == ["sn"]


def test_words_before_cuts_word_at_window() -> None:
    """The window may start inside a word, which then counts from the window's start."""
    text = "x" * 50 + " ref 12345"
    assert words_before(text, text.index("1"), 2) == ["x" * 35, "ref"]


def test_label_before_skips_fillers() -> None:
    """Fillers between the label and the number are passed over."""
    assert label_before("Acct no id 123", 11, LABELS, FILLERS) == "acct"


def test_label_before_stops_at_other_word() -> None:
    """A word that is neither a label nor a filler ends the search."""
    assert label_before("acct was 123", 9, LABELS, FILLERS) is None


def test_label_before_reads_non_ascii_text() -> None:
    """Non-ASCII text takes the ``findall`` path and gives the same label."""
    assert label_before("Caf\u00e9 acct no 123", 13, LABELS, FILLERS) == "acct"


JOINED_PARTS = (re.compile(r"\d(?:st|nd)"), re.compile(r"(?<!\w)pt\b"), re.compile(r"a(b)?c"))


@given(text=TEXT)
def test_any_of_matches_where_a_part_matches(text: str) -> None:
    """The joined pattern matches at a position exactly when one of its parts does."""
    joined = any_of(*JOINED_PARTS)
    for position in range(len(text) + 1):
        expected = any(part.match(text, position) for part in JOINED_PARTS)
        assert (joined.match(text, position) is not None) == expected


def test_any_of_finds_each_part() -> None:
    """Text with only one part's match still gives the joined pattern a match."""
    joined = any_of(*JOINED_PARTS)
    for text in ("on the 1st", "pt seen", "xabcx"):
        assert joined.search(text) is not None
    assert joined.search("abd pts 3rd") is None


def test_any_of_rejects_back_reference() -> None:
    """A numbered back-reference would name another part's group once joined."""
    with pytest.raises(ValueError, match="back-reference"):
        any_of(re.compile(r"(a)b"), re.compile(r"(x)\1"))


def test_any_of_rejects_mixed_flags() -> None:
    """Parts compiled with different flags cannot share one pattern."""
    with pytest.raises(ValueError, match="different flags"):
        any_of(re.compile("a"), re.compile("b", re.IGNORECASE))
