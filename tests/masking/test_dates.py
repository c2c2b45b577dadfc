"""Shortcuts in the date detector give the results of the slower forms they replace.

Two patterns gained a leading negative look-behind so that the prefilter can read a class for
the character before a match, and each is compared with its earlier source. The month/day cue
search that starts at the last word is compared with a search of the whole window. Rare patterns
skipped when their witness is missing are checked to contain it in every match, and find_dates
is run with and without the one-pass scan. Texts are generated notes, hand-picked cases and
random text drawn from the pieces the patterns look for.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import dates
from phigate.masking.prefilter import Scan, default_prefilter, derive_gates

# The sources of the two patterns before the look-behind was added.
EARLIER_LABELED_DATE = re.compile(
    dates._DATE_LABEL + r"[ \t]*[:#=-]?[ \t]*" + dates._LOOSE_DATE + r"(?![\w/])"
)
EARLIER_GLUED_DATE = re.compile(
    r"(?<=[^\W\d])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"
    r"|(?<=_)(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"
    r"|(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?=[^\W\d]|_)"
)
REWRITTEN = [
    (dates._LABELED_DATE, EARLIER_LABELED_DATE),
    (dates._GLUED_DATE, EARLIER_GLUED_DATE),
]
# Digits, separators, label letters in both cases, an underscore, a non-ASCII digit and
# letters, so that every branch and every look-behind is reached.
ALPHABET = "0123456789/.-_ \t\n:#=,abdeihlmnorstvyADBEOTHLMNRSXZ٣é"
LABELED_WORDS = ["DOB", "dob", "d.o.b", "Date", "date of birth", "born on", "DOS", "lmp"]
LABELED_WORDS += ["EDD", "updated", "birthdate", "March", "mar", "14th"]
DATE_PIECES = ["03/14/1962", "3/4/24", "12/5/2024", "14 3 1962", "1962.3.14", "031462"]


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(match.start(), match.end(), match.groups()) for match in pattern.finditer(text)]


def glued_or_labeled_text() -> st.SearchStrategy[str]:
    """Return random text with labels and dates among the noise, often side by side."""
    noise = st.text(ALPHABET, max_size=6)
    labeled = st.tuples(
        st.sampled_from(LABELED_WORDS),
        st.sampled_from(["", " ", ": ", "#", " - "]),
        st.sampled_from(["", *DATE_PIECES]),
    ).map("".join)
    pieces = st.one_of(noise, labeled, st.sampled_from(DATE_PIECES))
    return st.lists(pieces, max_size=12).map("".join)


@pytest.mark.parametrize(("rewritten", "earlier"), REWRITTEN)
def test_rewritten_pattern_on_notes(rewritten: re.Pattern[str], earlier: re.Pattern[str]) -> None:
    """A rewritten pattern finds the same matches and groups as its earlier form in notes."""
    for note in generated_set(100, 400, 11).notes:
        assert matches(rewritten, note.text) == matches(earlier, note.text)


@pytest.mark.parametrize(("rewritten", "earlier"), REWRITTEN)
@settings(max_examples=600, deadline=None)
@given(text=glued_or_labeled_text())
def test_rewritten_pattern_on_random_text(
    rewritten: re.Pattern[str], earlier: re.Pattern[str], text: str
) -> None:
    """A rewritten pattern finds the same matches and groups as its earlier form anywhere."""
    assert matches(rewritten, text) == matches(earlier, text)


@pytest.mark.parametrize(
    ("text", "labeled", "glued"),
    [
        ("DOB: 03/14/1962", 1, 0),
        ("updated 03/14/1962", 0, 0),
        ("on3/14/2024", 0, 1),
        ("DOB_03/14/1962", 0, 1),
        ("03/14/1962Z", 0, 1),
        ("x/3/14/2024y", 0, 0),
        ("13/14/2024a", 0, 1),
        ("7/3/14/2024a", 0, 0),
    ],
)
def test_rewritten_pattern_on_cases(text: str, labeled: int, glued: int) -> None:
    """A rewritten pattern agrees with its earlier form on hand-picked edge cases."""
    assert len(matches(EARLIER_LABELED_DATE, text)) == labeled
    assert len(matches(EARLIER_GLUED_DATE, text)) == glued
    assert matches(dates._LABELED_DATE, text) == matches(EARLIER_LABELED_DATE, text)
    assert matches(dates._GLUED_DATE, text) == matches(EARLIER_GLUED_DATE, text)


@pytest.mark.parametrize("pattern", [dates._LABELED_DATE, dates._GLUED_DATE])
def test_rewritten_pattern_has_prior_class(pattern: re.Pattern[str]) -> None:
    """The prefilter reads a class for the character before a match of a rewritten pattern."""
    derived = derive_gates(pattern)
    assert derived is not None
    prior, _ = derived
    assert prior is not None
    assert ord("7") not in prior


# Cue words, score words and the characters that may follow a cue, with noise around them.
CUE_PIECES = ["seen", "Seen", "DOS", "d/c", "dc", "surgery", "on", "upon", "pain", "ekg."]
CUE_PIECES += ["discontinued", "appointment", "Transmission", "follow", "up", "Follow up"]
CUE_PIECES += ["ſeen", "x", "1", "3/4", " ", "\t", "\n", ".", ":", "(", ",", ", ", "_"]


@settings(max_examples=800, deadline=None)
@given(window=st.lists(st.sampled_from(CUE_PIECES), max_size=10).map("".join))
def test_date_cue_matches_full_search(window: str) -> None:
    """The cue search from the last word returns the match that a full search returns."""
    fast = dates._date_cue(window)
    full = dates._DATE_CUE_BEFORE.search(window)
    assert (fast is None) == (full is None)
    if fast is not None and full is not None:
        assert fast.span() == full.span()


@pytest.mark.parametrize(
    ("window", "cue"),
    [
        ("Seen ", "Seen "),
        ("Pt was seen on\n (", "on\n ("),
        ("upon ", None),
        ("DOS:", "DOS:"),
        ("pt d/c ", "d/c "),
        ("discontinued, ", "discontinued, "),
        ("pain 3/4 ", None),
    ],
)
def test_date_cue_cases(window: str, cue: str | None) -> None:
    """The cue search finds the date word at the end of a window, or nothing."""
    found = dates._date_cue(window)
    assert (None if found is None else found.group()) == cue


# Each costly pattern and the witness that every one of its matches contains.
WITNESSED = [
    (dates._ORDINAL_DAY, dates._ORDINAL_SUFFIX),
    (dates._WEEKDAY_ORDINAL, dates._ORDINAL_SUFFIX),
    (dates._DAY_IN_WORDS, dates._ORDINAL_WORD_WITNESS),
    (dates._CUED_MONTH, dates._CUED_NAME),
    (dates._GLUED_DATE, dates._GLUED_WITNESS),
]
WITNESS_CASES = [
    "seen on the 9th",
    "Wednesday, the 14th",
    "Tues 3rd",
    "March fourteenth",
    "the twenty-first of March",
    "the Fourteenth of MARCH",
    "in May",
    "since Oct.",
    "mid-March",
    "on3/14/2024",
    "DOB_03/14/1962",
    "03/14/1962Z",
    "é on3/14/2024",
]
WITNESS_PIECES = [*WITNESS_CASES, "the ", "on ", "Wed ", "9", "th", "st", "first", "of ", "x"]
WITNESS_PIECES += ["March", "MAY", " ", "\n", "/", "2024", "-", "_", ".", ","]
PREFILTER = default_prefilter()


def witnessed_text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WITNESS_PIECES), max_size=10).map("".join)


@pytest.mark.parametrize(("pattern", "witness"), WITNESSED)
@settings(max_examples=400, deadline=None)
@given(text=witnessed_text())
def test_witness_in_every_match(
    pattern: re.Pattern[str], witness: re.Pattern[str], text: str
) -> None:
    """Every match of a costly pattern, with one character either side, contains its witness."""
    for match in pattern.finditer(text):
        around = text[max(match.start() - 1, 0) : match.end() + 1]
        assert witness.search(around) is not None


@pytest.mark.parametrize("text", WITNESS_CASES)
def test_witness_cases_are_dates(text: str) -> None:
    """A date found through a witness is found with the one-pass scan and without it."""
    with_scan = [(span.start, span.end) for span in dates.find_dates(PREFILTER.scan(text))]
    without_scan = [(span.start, span.end) for span in dates.find_dates(Scan(text))]
    assert with_scan
    assert with_scan == without_scan


@settings(max_examples=400, deadline=None)
@given(text=witnessed_text())
def test_witness_skip_keeps_dates(text: str) -> None:
    """Skipping a pattern whose witness is missing finds the dates a full scan finds."""
    with_scan = [(span.start, span.end) for span in dates.find_dates(PREFILTER.scan(text))]
    without_scan = [(span.start, span.end) for span in dates.find_dates(Scan(text))]
    assert with_scan == without_scan


RARE_FORM_CASES = [
    "DOB 19620314",
    "seen Christmas Eve",
    "14MAR24 visit",
    "Aged 94, lives alone",
    "Brother, 91, has CAD",
    "in her late 90s",
    "her 100th birthday",
    "ninety-two years old",
    "age: 97",
]


@pytest.mark.parametrize("pattern", [dates._RARE_DATE_FORMS, dates._RARE_AGE_FORMS])
def test_rare_forms_keep_long_gates(pattern: re.Pattern[str]) -> None:
    """The joined rare forms stay covered by the scan and keep gates of six characters."""
    derived = derive_gates(pattern)
    assert derived is not None
    assert max(len(gate) for gate in derived[1]) >= 6
    assert PREFILTER.scan("Seen 03/14/2024 for follow-up.").covers(pattern)


@pytest.mark.parametrize("text", RARE_FORM_CASES)
def test_rare_form_cases_found(text: str) -> None:
    """A rare date or age form is found with the one-pass scan and without it."""
    scan = PREFILTER.scan(text)
    found = [(span.start, span.end) for span in [*dates.find_dates(scan), *dates.find_ages(scan)]]
    plain = Scan(text)
    expected = [
        (span.start, span.end) for span in [*dates.find_dates(plain), *dates.find_ages(plain)]
    ]
    assert found
    assert found == expected
