"""The faster forms of the shape detectors find exactly what the plain forms find.

Each rewritten regular expression is compared with the one it replaced, and each cheap test
that lets a detector skip a regex is checked never to skip a match.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.masking import context, patterns, places
from phigate.masking.context import label_before, trie_pattern
from phigate.masking.prefilter import Scan
from phigate.policy import PhiKind

_STATE_CODES = places._STATE_CODES.split()
_STATE_NAMES = places._STATE_NAMES.split("|")
# The state pattern as a flat list of alternatives, before it became a trie.
_FLAT_STATE_AFTER_COMMA = re.compile(
    r",[ \t]*(?:"
    + "|".join(code for code in _STATE_CODES if code not in ("MD", "PA"))
    + "|"
    + places._STATE_NAMES
    + r"|(?:MD|PA)(?=[ \t]+\d{5}))(?![\w-])([ \t]+\d{5})?"
)
# The lower-case street pattern with ordinary repeats and a flat list of street words.
_PLAIN_LOWER_STREET = re.compile(
    r"\d(?<![\w.,/-]\d)\d{0,5}[ \t]+(?:[a-z]{2,}[ \t]+){1,3}"
    r"(?:street|avenue|road|drive|lane|boulevard|court|place|terrace|parkway|highway|circle|"
    r"st|rd|ave|ln|blvd)"
    r"\b"
)

# The street address pattern with ordinary repeats in the house number and street words.
_PLAIN_ADDRESS = re.compile(
    r"\d(?<![\w.,/-]\d)\d{0,5}[A-Za-z]?" + places._GAP + r"(?:[NSEW]\.?" + places._GAP + r")?"
    r"(?:(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))" + places._GAP + r"){1,4}?"
    r"(?:" + trie_pattern(places._SUFFIX_FORMS) + r")\b\.?" + places._UNIT
)


def _words_and_gaps(
    words: st.SearchStrategy[str], gaps: st.SearchStrategy[str]
) -> st.SearchStrategy[str]:
    """Return texts of words each followed by a gap, so that most draws contain a match."""
    pairs = st.lists(st.tuples(words, gaps), max_size=8)
    return pairs.map(lambda pairs: "".join(word + gap for word, gap in pairs))


_STATE_TEXT = _words_and_gaps(
    st.sampled_from(
        [*_STATE_CODES, *_STATE_NAMES, "New", "West", "Virginian", "MDX", "Ohio-", "12345", "9"]
    ),
    st.sampled_from([",", ", ", ",\t", " ", "  ", "-", "a", "\n", ", MD ", ", PA\t"]),
)
_STREET_TEXT = _words_and_gaps(
    st.sampled_from(places._LOWER_STREET_TEXT.split())
    | st.sampled_from(["streets", "main", "oak", "a", "x1", "Main", "é", "12", "3", "450"]),
    st.sampled_from([" ", "  ", "\t", ",", ".", "-", "/", "\n"]),
)
_ADDRESS_TEXT = _words_and_gaps(
    st.sampled_from(["12", "4500", "221B", "1234567", "3rd", "21st", "1000th", "N.", "E", "Elm"])
    | st.sampled_from(["St", "St.", "Street", "AVE", "Ave", "Apt", "#4", "Suite", "O'Neil", "mg"]),
    st.sampled_from([" ", "  ", "\t", "\n", " \n ", ",", ", ", ".", "-", "/", "5", "x", "é"]),
)
_NOISE = st.text(alphabet="fFaAxX1+-. \t\n(),;/rdo0259_'’éİK", max_size=40)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in (pattern.match(text, i) for i in range(len(text))) if m]


@given(_STATE_TEXT)
def test_state_trie_matches_flat_list(text: str) -> None:
    """The state trie matches where and as far as the flat list of states matches."""
    assert _matches(places._STATE_AFTER_COMMA, text) == _matches(_FLAT_STATE_AFTER_COMMA, text)


def test_state_trie_reads_names_and_zip() -> None:
    """A state name with a space and a ZIP code after it are read whole."""
    match = places._STATE_AFTER_COMMA.match("Portland, New Hampshire 03101", 8)
    assert match is not None
    assert match.group() == ", New Hampshire 03101"
    assert match.group(1) == " 03101"


@given(_STREET_TEXT)
def test_lower_street_matches_plain_form(text: str) -> None:
    """Possessive repeats and the word trie change no match of the lower-case street."""
    assert _matches(places._LOWER_STREET, text) == _matches(_PLAIN_LOWER_STREET, text)


@given(_ADDRESS_TEXT)
def test_address_matches_plain_form(text: str) -> None:
    """Possessive repeats change no match of the street address pattern."""
    assert _matches(places._ADDRESS, text) == _matches(_PLAIN_ADDRESS, text)


def test_address_reads_unit_after_street() -> None:
    """A house number, street and unit are read whole."""
    match = places._ADDRESS.match("221B Baker St, Apt 4")
    assert match is not None
    assert match.group() == "221B Baker St, Apt 4"


@given(_NOISE, st.data())
def test_country_code_shortcut_skips_no_code(text: str, data: st.DataObject) -> None:
    """Where the shortcut rules a country code out, the country-code pattern finds none."""
    start = data.draw(st.integers(0, len(text)))
    if not patterns._may_end_country_code(text, start):
        assert patterns._COUNTRY_CODE.search(text, max(start - 3, 0), start) is None


@given(_NOISE, st.data())
def test_list_shortcut_skips_no_list(text: str, data: st.DataObject) -> None:
    """Where the shortcut rules a list out, the list-gap pattern finds none."""
    start = data.draw(st.integers(0, len(text)))
    text = "555-1234" + text
    start += 8
    if not patterns._may_follow_list(text, start):
        assert patterns._PHONE_LIST_GAP.search(text, max(start - 40, 0), start) is None


@given(
    st.lists(
        st.sampled_from([*patterns._PHONE_LABELS, "s/n", "555", "(555)", "x9", "ph2", "é", "İ"])
        | st.sampled_from([" ", ": ", ") ", "#", "'", "’", "_", "\n", "-", "."]),
        max_size=10,
    ).map("".join)
)
def test_label_shortcut_skips_no_label(text: str) -> None:
    """Where the shortcut rules a phone label out, ``label_before`` finds none."""
    found = label_before(text, len(text), patterns._PHONE_LABELS, patterns._PHONE_FILLERS)
    if not patterns._may_follow_label(text, len(text)):
        assert found is None


def test_label_shortcut_skips_a_number_before() -> None:
    """The second group of "(555) 201-3344" is no labeled number, so the shortcut rules it out."""
    assert not patterns._may_follow_label("Phone (555) 201-3344", 12)
    assert patterns._may_follow_label("Phone: 201-3344", 7)


@given(_NOISE)
def test_fax_hint_covers_every_fax(text: str) -> None:
    """Without the fax hint in a text, every number at its end is a phone number."""
    if patterns._FAX_HINT.search(text) is None:
        assert patterns._phone_kind(text, len(text)) == PhiKind.PHONE


_EMAIL_TEXT = _words_and_gaps(
    st.sampled_from(["jdoe", "j.doe", "x" * 70, "ab_c", "12", "é", "at", "AT", "gmail", "com"])
    | st.sampled_from(["dot", "example.org", "(at)", "[at]", "{dot}", "@", "x-y", "+1"]),
    st.sampled_from(["", " ", "  ", "\t", "@", " @ ", "@\n", ".", ",", ":", " at ", " dot "]),
)


@given(_EMAIL_TEXT)
def test_local_parts_match_scan_before(text: str) -> None:
    """One try per token finds what ``finditer_before`` finds by trying every place."""
    scan = Scan(text)
    anchors = [i for i, char in enumerate(text) if char in "@[({"]
    spoken_anchors = [i for i, char in enumerate(text) if char in "aA@"]
    cases = [
        (patterns._EMAIL, anchors, patterns._in_email, True),
        (patterns._LOOSE_EMAIL, anchors, patterns._in_local_part, False),
        (patterns._SPOKEN_EMAIL, spoken_anchors, patterns._in_email, True),
    ]
    for pattern, points, accepts, spaced in cases:
        expected = scan.finditer_before(pattern, points, accepts, patterns._EMAIL_REACH)
        found = patterns._match_local_parts(pattern, text, points, spaced=spaced)
        assert [m.span() for m in found] == [m.span() for m in expected]


def test_local_parts_find_an_address() -> None:
    """An address after a label is found from its "@"."""
    text = "Email: j.doe@example.org"
    found = patterns._match_local_parts(patterns._EMAIL, text, [text.index("@")], spaced=True)
    assert [m.group() for m in found] == ["j.doe@example.org"]


@given(
    st.lists(
        st.sampled_from([*patterns._SSN_LABELS, *patterns._SSN_FILLERS, "s/n", "İ", "ſ", "x"])
        | st.sampled_from([" ", ": ", "#", "\n", "SSN", "Soc.", "SEC"]),
        max_size=12,
    ).map("".join)
)
def test_ssn_label_hint_covers_labels(text: str) -> None:
    """Where the SSN label hint finds nothing, ``label_before`` finds no SSN label."""
    window = text[max(len(text) - patterns._LABEL_WINDOW, 0) :]
    found = label_before(text, len(text), patterns._SSN_LABELS, patterns._SSN_FILLERS, max_words=6)
    if patterns._SSN_LABEL_HINT.search(window) is None:
        assert found is None


def test_ssn_label_window_is_wide_enough() -> None:
    """The hint reads at least as far back as ``label_before`` does."""
    assert patterns._LABEL_WINDOW >= context._WINDOW


@given(_NOISE, st.data())
def test_phone_kind_near_matches_window(text: str, data: st.DataObject) -> None:
    """Reading the fax hints gives the kind that reading the window gives."""
    text = "fax: " + text
    start = data.draw(st.integers(0, len(text)))
    faxes = [match.start() for match in patterns._FAX_HINT.finditer(text)]
    expected = patterns._phone_kind(text, start)
    assert patterns._phone_kind_near(text, start, faxes) == expected


def test_phone_kind_near_reads_a_fax_label() -> None:
    """A number right after "fax" is a fax number."""
    text = "Phone 555-201-3344, fax 555-201-3355"
    faxes = [match.start() for match in patterns._FAX_HINT.finditer(text)]
    assert patterns._phone_kind_near(text, 24, faxes) == PhiKind.FAX
    assert patterns._phone_kind_near(text, 6, faxes) == PhiKind.PHONE


_PHONE_PIECES = ["(555)", "555", "201-3344", "0143", "-", " ", "\t", ")", "(", "1", "x", "\n"]
_PHONE_PIECES += [".", "_", "é", "+"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=12).map("".join))
def test_local_phone_skips_only_covered_numbers(text: str) -> None:
    """A local number skipped after an area code lies inside a phone that the shapes find."""
    scan = Scan(text)
    kept = {(span.start, span.end) for span in patterns._find_local_phones(scan)}
    phones = patterns._find_phones(scan)
    for match in patterns._LOCAL_PHONE.finditer(text):
        start, end = match.span()
        if (start, end) in kept or patterns._AREA_CODE_BEFORE.search(text, 0, start) is None:
            continue
        assert any(span.start < start and end <= span.end for span in phones), text
