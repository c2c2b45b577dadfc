"""The C loops of the number and id finders give exactly what their Python versions give.

``phigate.masking._numbers`` is an optional extension. Where it is built, each finder runs
with it and with its Python version on the same scans, both the prefilter's and a plain
``Scan`` that covers no pattern, and the spans are compared. Each pattern that C matches by
hand is compared with ``re`` at every position of random text.
"""

from __future__ import annotations

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
FINDERS: dict[str, tuple[Finder, Finder]] = {
    "token_ids": (identifiers._token_ids, identifiers._python_token_ids),
    "long_numbers": (identifiers.find_long_numbers, identifiers._python_long_numbers),
    "phones": (patterns._find_phones, patterns._python_find_phones),
}


def bounds(spans: Iterable[Span]) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, span.kind.value, span.source) for span in spans]


def assert_same_spans(text: str) -> None:
    for scan in (PREFILTER.scan(text), Scan(text)):
        for name, (native, python) in FINDERS.items():
            assert bounds(native(scan)) == bounds(python(scan)), (name, text)


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
