"""The identifier finders give the same spans on their fast paths as on the plain ones.

The label lists in two patterns are written as tries, and each is compared with the flat list it
replaces. ``find_labeled_ids`` skips reading words before a token when ASCII text rules a
label out, which is compared with the same text made non-ASCII after its end.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.masking import context, identifiers
from phigate.masking.identifiers import find_labeled_ids, find_long_numbers
from phigate.masking.patterns import PatternDetector
from phigate.masking.prefilter import Prefilter, Scan

FLAT_SHORT_LABELS = (
    "badge|licen[cs]e|lic|npi|dea|serial|vin|plate|tag|acct|account|member|subscriber|"
    "employee|student|inmate|confirmation|chart|record|id|insurance|mrn|pager|skype|"
    "twitter|instagram|facebook|whatsapp|telegram|snapchat|tiktok|linkedin|handle|username"
)
# The earlier digit-run pattern, which tested the characters around its run without consuming
# them, and the loop that turned its runs into tokens.
RUN_DIGITS = re.compile(r"\d(?<!\d\d)(?:(?<=[A-Za-z-]\d)\d\d+|\d\d\d\d+|\d\d+(?=[A-Za-z-]))")
FLAT_NUMBERED_LABELS = "|".join(sorted(identifiers._NUMBERED_LABELS, key=len, reverse=True))

# Labels, fillers, codes, numbers of every shape the finders treat apart, units, and
# separators, including a valid DEA number and a valid VIN.
PIECES = st.sampled_from(
    [
        *("Acct", "ACCT", "account", "member", "Policy", "lic", "License", "badge", "VIN"),
        *("plate", "Tag", "id", "Patient", "Skype", "handle", "case", "Auth", "RN", "aid"),
        *("no", "No.", "#", "number", "nbr", "ID", ":", "HAR ", "SSN ", "AB ", "pt's", "s/n"),
        *("12345", "4471", "882", "2019", "1234567", "19AB2233", "8XYZ12", "A-1234567"),
        *("2023-01-05", "1-2-2020", "AB1234563", "1M8GDM9AXKP042788", "4111111111111111"),
        *(" mg", " units", "%", " ", " ", "\t", "\n", "-", ".", ",", "'", "/", "@x_1"),
    ]
)
TEXT = st.lists(PIECES, max_size=30).map("".join)


@pytest.fixture(scope="module")
def prefilter() -> Prefilter:
    """The prefilter that the pattern detector builds."""
    return PatternDetector().prefilter


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Return the span of every group of every match of ``pattern`` in ``text``."""
    return [
        tuple(match.span(group) for group in range(pattern.groups + 1))
        for match in pattern.finditer(text)
    ]


def spans(found: object) -> list[tuple[int, int, str, str]]:
    """Return found spans as plain tuples."""
    return [(span.start, span.end, str(span.kind), span.source) for span in found]  # type: ignore[attr-defined]


def run_tokens(text: str) -> list[tuple[int, int]]:
    """Return each token that a run of ``RUN_DIGITS`` widens to, once."""
    tokens: list[tuple[int, int]] = []
    for run in RUN_DIGITS.finditer(text):
        token = identifiers._python_token_around(text, run.start(), run.end())
        if token not in tokens:
            tokens.append(token)
    return tokens


def id_tokens(text: str) -> list[tuple[int, int]]:
    """Return the token of each ``_ID_DIGITS`` match, widened as ``find_labeled_ids`` does."""
    tokens: list[tuple[int, int]] = []
    for match in identifiers._ID_DIGITS.finditer(text):
        first = match.start() + (text[match.start()] == "-")
        tokens.append(identifiers._python_token_around(text, first, first + 1))
    return tokens


@pytest.mark.parametrize(
    "text",
    [
        "123-_",
        "123--45678",
        "12345--678",
        "A123--456",
        "A-1234567",
        "12-345",
        "1234- x",
        "AB12CD345",
        "12345-67890",
        "-123",
    ],
)
def test_id_digits_tokens_at_hyphens(text: str) -> None:
    assert id_tokens(text) == run_tokens(text)


@settings(max_examples=1000)
@given(st.text(alphabet="0123456789-aZ \u0663\u00e9_.", max_size=40))
def test_id_digits_tokens_match_runs(text: str) -> None:
    assert id_tokens(text) == run_tokens(text)


@given(TEXT)
def test_id_digits_tokens_match_runs_in_notes(text: str) -> None:
    assert id_tokens(text) == run_tokens(text)


@given(TEXT)
def test_short_label_trie_matches_flat(text: str) -> None:
    pattern = identifiers._SHORT_LABELED_ID
    flat = re.compile(pattern.pattern.replace(identifiers._SHORT_ID_LABELS, FLAT_SHORT_LABELS))
    assert flat.pattern != pattern.pattern
    assert matches(pattern, text) == matches(flat, text)


@given(TEXT)
def test_numbered_label_trie_matches_flat(text: str) -> None:
    pattern = identifiers._NUMBERED_LABEL_ID
    trie = identifiers.trie_pattern(identifiers._NUMBERED_LABELS)
    flat = re.compile(pattern.pattern.replace(trie, FLAT_NUMBERED_LABELS))
    assert flat.pattern != pattern.pattern
    assert matches(pattern, text) == matches(flat, text)


@given(TEXT)
def test_numbered_label_needs_number_word(text: str) -> None:
    """A note with neither "#" nor a word for a number may skip the numbered-label pattern."""
    if identifiers._NUMBERED_LABEL_ID.search(text) is not None:
        assert "#" in text or identifiers._NUMBER_WORD.search(text) is not None


@given(TEXT)
def test_labeled_ids_ascii_path_matches_full(prefilter: Prefilter, text: str) -> None:
    # The tail makes the text non-ASCII, so every token reads its words, and it adds no span.
    tail = "\n\u00e9"
    expected = spans(find_labeled_ids(Scan(text + tail)))
    assert spans(find_labeled_ids(prefilter.scan(text))) == expected
    assert spans(find_labeled_ids(Scan(text))) == expected


@given(TEXT)
def test_long_numbers_scan_matches_plain(prefilter: Prefilter, text: str) -> None:
    expected = spans(find_long_numbers(Scan(text)))
    assert spans(find_long_numbers(prefilter.scan(text))) == expected


def test_labeled_ids_window_is_label_window() -> None:
    """The ASCII path reads the same window before a token as ``label_before``."""
    assert identifiers._WINDOW == context._WINDOW


def test_labeled_ids_last_word_cases(prefilter: Prefilter) -> None:
    """A joiner, a filler or a digit before the last word sends it the long way or rules it out.

    The short-label pattern finds "Acct" ids a second time.
    """
    cases = {
        "acct no 12345": [(8, 13, "account", "pattern")] * 2,
        "x1acct 12345": [],
        "pt's 12345": [],
        "x'pt 12345": [],
        "s/n 12345": [(4, 9, "device", "pattern")],
        "Acct HAR 12345": [(5, 14, "account", "pattern")] * 2,
    }
    for text, expected in cases.items():
        assert spans(find_labeled_ids(prefilter.scan(text))) == expected, text


def test_labeled_ids_code_before_id(prefilter: Prefilter) -> None:
    """A code in capitals between the label and the number belongs to the id."""
    text = "Acct: HAR 7730012451"
    assert spans(find_labeled_ids(prefilter.scan(text))) == [(6, 20, "account", "pattern")]


def test_labeled_ids_checksums_without_label(prefilter: Prefilter) -> None:
    """A DEA number and a VIN after a number need no label."""
    text = "12 AB1234563, 7 1M8GDM9AXKP042788"
    found = spans(find_labeled_ids(prefilter.scan(text)))
    assert (3, 12, "license", "pattern") in found
    assert (16, 33, "vehicle", "pattern") in found


def test_labeled_ids_unit_after_number(prefilter: Prefilter) -> None:
    """A number with a unit after it is a quantity, even after a label."""
    assert spans(find_labeled_ids(prefilter.scan("order 12345 units"))) == []
    assert spans(find_labeled_ids(prefilter.scan("Acct 12345 mg"))) == []


def test_long_numbers_amount_after_run(prefilter: Prefilter) -> None:
    """Seven digits with an amount after them are a quantity, and without one they are an id."""
    assert spans(find_long_numbers(prefilter.scan("HIV RNA 1200000 copies/mL"))) == []
    assert spans(find_long_numbers(prefilter.scan("count 1200000/ul"))) == []
    assert spans(find_long_numbers(prefilter.scan("ref 1200000."))) == [
        (4, 11, "other_id", "pattern")
    ]
