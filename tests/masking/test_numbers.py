"""The C loops of the number and id finders give exactly what their Python versions give.

``phigate.masking._numbers`` is an optional extension. Where it is built, each finder runs
with it and with its Python version on the same scans, both the prefilter's and a plain
``Scan`` that covers no pattern, and the spans are compared. So are the matches of the
numbered-label pattern, and the e-mail loop over local parts at every kind of anchor. Each
pattern that C matches by hand is compared with ``re`` at every position of random text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set, handwritten_set
from phigate.masking import identifiers, patterns
from phigate.masking.patterns import PatternDetector
from phigate.masking.prefilter import Scan
from phigate.masking.spans import Span

try:
    from phigate.masking import _numbers
except ImportError:  # pragma: no cover - the extension is optional
    _numbers = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(_numbers is None, reason="phigate.masking._numbers is not built")

PREFILTER = PatternDetector().prefilter
NOTES = [note.text for note in generated_set(60, 300, 5150).notes] + [
    note.text for note in handwritten_set().notes
]
# Digits, the separators of phone numbers, dates and ids, the letters of labels, units and
# extensions, and one character outside ASCII.
ALPHABET = "0123456789" * 3 + "()-./_ \t\n#:'%+xXeEtTnNmgluAZ@é"
PIECES = [
    "(555) ",
    "555-201-3344",
    "201.3344",
    " ext. 12",
    "extension 7",
    "x9",
    " - ",
    "-\n",
    "Acct# ",
    "member ID ",
    "MRN ",
    "phone ",
    "fax: ",
    "call ",
    " or ",
    "pt's ",
    "s/n ",
    "HAR ",
    "AB1234563",
    "1HGCM82633A004352",
    "12-3-2024",
    "2024-03-12",
    "1200000 copies/mL",
    "50000IU",
    " units",
    " mg",
    "+1 ",
    "1-",
    "jdoe@gmail.com",
    "j.doe_2%x+y-z",
    " @ ",
    "[at]",
    " at ",
    " dot ",
    "gmail",
    ".org",
    "SSN ",
    "ss# ",
    "Social Security no. ",
    "last 4 of ",
    "123-45-6789",
    "123 456 789",
    "6789",
    "SSN-",
    "badge ",
    "Lic # ",
    "Tag ",
    "plate ",
    "Skype: ",
    "CashApp $",
    "Patient ID ",
    "member id: ",
    "chart ",
    "ABC 1234",
    "8XYZ12",
    "2019",
    "maria.lopez.92",
    "handle stress",
    "Policy number ",
    "Cert # ",
    "Auth #: ",
    "plannumber ",
    "case no. ",
    "19AB2233",
]
TEXTS = st.lists(
    st.one_of(st.text(alphabet=ALPHABET, max_size=8), st.sampled_from(PIECES)), max_size=14
).map("".join)
SHAPES = {
    "id_digits": identifiers._ID_DIGITS,
    "phone_paren": patterns._PHONE_PAREN,
    "bare_phone": patterns._BARE_PHONE,
}

Finder = Callable[[Scan], Iterable[Span]]


def python_find_ssns(scan: Scan) -> list[Span]:
    """Run ``patterns._find_ssns`` without its C loop."""
    native = patterns._native_ssn_numbers
    patterns._native_ssn_numbers = None  # type: ignore[assignment]
    try:
        return patterns._find_ssns(scan)
    finally:
        patterns._native_ssn_numbers = native


def python_find_labeled_ids(scan: Scan) -> list[Span]:
    """Run ``identifiers.find_labeled_ids`` without any of its C loops."""
    names = [name for name in vars(identifiers) if name.startswith("_native_")]
    saved = {name: getattr(identifiers, name) for name in names}
    for name in names:
        setattr(identifiers, name, None)
    try:
        return list(identifiers.find_labeled_ids(scan))
    finally:
        for name, native in saved.items():
            setattr(identifiers, name, native)


FINDERS: dict[str, tuple[Finder, Finder]] = {
    "labeled_ids": (identifiers.find_labeled_ids, python_find_labeled_ids),
    "token_ids": (identifiers._token_ids, identifiers._python_token_ids),
    "long_numbers": (identifiers.find_long_numbers, identifiers._python_long_numbers),
    "phones": (patterns._find_phones, patterns._python_find_phones),
    "ssns": (patterns._find_ssns, python_find_ssns),
    "short_ids": (identifiers._short_labeled_ids, identifiers._python_short_labeled_ids),
}


def bounds(spans: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, span.kind.value, span.source) for span in spans]


def assert_same_spans(text: str) -> None:
    for scan in (PREFILTER.scan(text), Scan(text)):
        for name, (native, python) in FINDERS.items():
            assert bounds(native(scan)) == bounds(python(scan)), (name, text)
        numbered = identifiers._numbered_label_ids(scan)
        expected = scan.finditer(identifiers._NUMBERED_LABEL_ID)
        assert [(*match.span(), *match.groups()) for match in numbered] == [
            (*match.span(), *match.groups()) for match in expected
        ]
    assert_same_local_parts(text)


def assert_same_local_parts(text: str) -> None:
    """Compare the e-mail loop in C and in Python at every kind of anchor, spaced or not."""
    anchor_lists = [
        [match.start() for match in re.finditer(r"@|\[at\]|\(at\)|\{at\}", text)],
        [match.start() + 1 for match in patterns._SPOKEN_AT.finditer(text)],
    ]
    for pattern in (patterns._EMAIL, patterns._LOOSE_EMAIL, patterns._SPOKEN_EMAIL):
        for anchors in anchor_lists:
            for spaced in (True, False):
                native = patterns._match_local_parts(pattern, text, anchors, spaced=spaced)
                python = patterns._python_match_local_parts(pattern, text, anchors, spaced=spaced)
                assert [match.span() for match in native] == [match.span() for match in python]


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_hand_matchers_match_patterns(shape: str, text: str) -> None:
    text = text.encode("ascii", "replace").decode("ascii")
    pattern = SHAPES[shape]
    for position in range(len(text)):
        match = pattern.match(text, position)
        expected = match.end() if match is not None else -1
        assert _numbers.match_at(shape, text, position) == expected, (text, position)


@pytest.mark.parametrize(
    ("shape", "text", "end"),
    [
        ("id_digits", "A-12345-B7", -1),
        ("id_digits", "-123x-9", 7),
        ("id_digits", "123-", 4),
        ("id_digits", "123-4", 5),
        ("id_digits", "1234", -1),
        ("phone_paren", "(555)\t\n 201 -\n3344 ext.12", 25),
        ("phone_paren", "(555) 201 - 3344x123456", 22),
        ("phone_paren", "(555) 201-3344.5", -1),
        ("bare_phone", "55520133440", 11),
        ("bare_phone", "555201334400", -1),
        ("bare_phone", "555 3344-", -1),
    ],
)
def test_hand_matchers_on_edge_cases(shape: str, text: str, end: int) -> None:
    match = SHAPES[shape].match(text)
    assert (match.end() if match is not None else -1) == end
    assert _numbers.match_at(shape, text, 0) == end


def test_match_at_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown shape"):
        _numbers.match_at("ssn", "123", 0)
    with pytest.raises(ValueError, match="outside the text"):
        _numbers.match_at("id_digits", "123", 3)
    with pytest.raises(ValueError, match="ASCII"):
        _numbers.match_at("id_digits", "1é", 0)


def test_finders_match_python_on_notes() -> None:
    for text in NOTES:
        assert_same_spans(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_finders_match_python_on_random_text(text: str) -> None:
    assert_same_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5",
        "(",
        "-1234",
        "Acct# 12345 and Acct: HAR 7730012451, pt's 123456, s/n 88123",
        "fax: (555) 201-3344 or 201-3355; phone 5552013344, fax 555 201 3344",
        "1 (555) 201-3344 +1 555-201-3344/555-201-3355 .555-201-3344",
        "x" * 5000 + "1" * 5000 + "-" * 5000,
        "member ID " + "9" * 40,
        "write to " + "a" * 200 + "@example.org or jdoe at gmail dot com, x [at] y.com",
        "a " * 60 + "at mail dot com",
        "SSN: 123 456 789, ss# 123.45.6789, SSN-123456789, soc sec 's 6789, x6789 SSN 1234",
        "badge 4471, Lic # 882, Tag 8XYZ12, plate ABC 1234, chart 2023, Patient ID 12345",
        "pt's ID 4471, s/n ID 9912, Skype: maria.lopez.92, on Twitter constantly, Tag 300 mg",
        "badge\n4471, Badge:\r\n 4471, chart\n2023, Tag\n300 mg, member\n\n4471, Skype:\nj.doe",
    ],
)
def test_finders_match_python_on_edge_cases(text: str) -> None:
    assert_same_spans(text)


def test_finders_decline_text_outside_ascii() -> None:
    scan = PREFILTER.scan("Acct# 12345 é")
    assert _numbers.token_ids(scan, identifiers._ID_DIGITS, {}, frozenset()) is None


def test_finders_decline_starts_outside_the_text() -> None:
    text = "Acct# 12345 phone 555-201-3344"
    pattern = identifiers._ID_DIGITS
    scan = Scan(text, [[len(text) + 5]], {id(pattern): 0})
    assert _numbers.token_ids(scan, pattern, {}, frozenset()) is None
    assert bounds(identifiers._token_ids(scan)) == bounds(identifiers._python_token_ids(scan))


def test_local_part_matches_decline_outside_ascii() -> None:
    assert _numbers.local_part_matches(patterns._EMAIL.match, "é a@b.com", [3], True) is None
    assert _numbers.local_part_matches(patterns._EMAIL.match, "a@b.com", [99], True) is None


def test_long_numbers_reads_amounts_and_units() -> None:
    text = "HIV RNA 1200000 copies/mL, dose 50000IU, id 50000AB, 1234567 tabs"
    spans = bounds(identifiers.find_long_numbers(PREFILTER.scan(text)))
    assert spans == bounds(identifiers._python_long_numbers(PREFILTER.scan(text)))
    assert [text[start:end] for start, end, _, _ in spans] == ["50000AB", "1234567"]


def test_phone_finder_calls_back_for_fax_windows() -> None:
    text = "Fax: 555-201-3344\nphone (555) 201-3355"
    spans = patterns._find_phones(PREFILTER.scan(text))
    assert [(text[span.start : span.end], span.kind.value) for span in spans] == [
        ("(555) 201-3355", "phone"),
        ("555-201-3344", "fax"),
    ]


def test_hand_matchers_follow_pattern_sources() -> None:
    """The C matchers were written from these sources; a change must update ``_numbers.c``."""
    assert identifiers._ID_DIGITS.pattern == (
        r"(?:[A-Za-z-]\d\d\d|\d(?<!\d\d)(?:\d\d\d\d|\d\d+(?:[A-Za-z]|-(?=[^\W_]))))"
        r"(?:[^\W_]|-(?=[^\W_]))*"
        r"|\d(?<!\d\d)\d\d+-(?![^\W_])"
    )
    assert identifiers._DIGIT_RUN.pattern == r"\d(?<!\d\d)\d{4,}"
    assert patterns._BARE_PHONE.pattern == r"\d(?<![\w.+-]\d)\d\d(?:\d{7,8}|[-. ]\d{4})(?![\d-])"
    assert patterns._PHONE_PAREN.pattern == (
        r"\(\d{3}\)(?:[ .-]?|[ \t]*\n[ \t]*)\d{3}"
        r"(?:[ \t]*[.-]?[ \t]*\n[ \t]*|[ \t]+-[ \t]+|[ \t.-])"
        r"\d{4}(?![\d-]|\.\d)(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5})?"
    )
    assert identifiers._UNIT_AFTER.pattern == (
        r"[ \t]*(?i:mg|mcg|ug|g|kg|lb|lbs|oz|ml|l|cc|units?|iu|kcal|cal|%|mm|cm|min|hrs?|days?|"
        r"weeks?|doses?|tabs?|tablets?|caps?|puffs?|drops?|bpm|mmhg)\b"
    )
    assert identifiers._AMOUNT_AFTER.pattern == (
        r"[ \t]*(?i:copies|iu|u|units?|cells|mg|mcg|ng|pg|g|ml|/ml|/ul|/mcl|/mm3|/l|k/ul|cfu)\b"
    )
    assert identifiers._DATE_SHAPE.pattern == r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}"
