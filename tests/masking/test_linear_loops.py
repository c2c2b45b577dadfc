"""The detector loops read a long note a bounded number of times, however many matches it has.

A loop that searched back to the start of the line, or through the whole note, once for each
match cost the line's length times the number of matches: a line of 200,000 characters of
"RN RN RN" took seconds. These tests count the characters that the loops' searches may read
(through a ``str`` subclass and wrapped patterns) and check that the count stays within a
small multiple of the note's length, without timing anything. They also check on long notes
that the C loops, where built, give what the Python loops give. ``benchmarks/worst_case.py``
measures the time of the whole detector on such notes, also for the C loops, which no test
can count.
"""

from __future__ import annotations

import random
import re
import string
from typing import Any

import pytest

from phigate.masking import cues, identifiers, names, places
from phigate.masking.names import NameScanner
from phigate.masking.prefilter import default_prefilter
from phigate.masking.spans import Span
from phigate.policy import PhiKind
from tests.masking.test_cue_loops import credential_spans, repeated_spans

try:
    from phigate.masking import _cues
except ImportError:  # pragma: no cover - the extension is optional
    _cues = None  # type: ignore[assignment]

try:
    from phigate.masking import _words
except ImportError:  # pragma: no cover - the extension is optional
    _words = None  # type: ignore[assignment]

SIZE = 60_000


class CountingText(str):
    """A ``str`` that adds up the characters that its ``find`` and ``rfind`` calls read.

    A call reads from where it starts up to the match, or its whole range if none is found.
    """

    read = 0

    def find(self, sub: Any, start: Any = None, end: Any = None) -> int:
        first, last, _ = slice(start, end).indices(len(self))
        found = str.find(self, sub, start, end)
        self.read += max((last if found < 0 else found + len(sub)) - first, 0)
        return found

    def rfind(self, sub: Any, start: Any = None, end: Any = None) -> int:
        first, last, _ = slice(start, end).indices(len(self))
        found = str.rfind(self, sub, start, end)
        self.read += max(last - (first if found < 0 else found), 0)
        return found


class CountingPattern:
    """A compiled pattern whose ``search`` adds up the characters it may read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.read += max(end - pos, 0)
        return self.pattern.search(text, pos, end)


def repeated(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def random_names(size: int, seed: int, hyphen: bool) -> str:
    """Return "Dr. Name" cues with random names, hyphenated if asked, up to ``size``."""
    generator = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        word = "".join(generator.choice(string.ascii_lowercase) for _ in range(6))
        name = word[:3].capitalize() + "-" + word[3:].capitalize() if hyphen else word.title()
        part = f"Dr. {name} saw {name.upper()} and {name}. "
        parts.append(part)
        length += len(part)
    return "".join(parts)


def bounds(spans: list[Span]) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, str(span.kind), span.source) for span in spans]


@pytest.mark.parametrize("unit", ["RN ", "A RN ", "RN, ", "JOHN SMITH RN, ", "Ann Lee, MD "])
def test_credential_loop_reads_line_once(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lower_case = CountingPattern(cues._LOWER_CASE)
    monkeypatch.setattr(cues, "_LOWER_CASE", lower_case)
    text = CountingText(repeated(unit))
    spans: list[Span] = []
    cues._python_credential_names(default_prefilter().scan(text), spans)
    assert text.read <= 2 * len(text)
    assert lower_case.read <= 2 * len(text)


def test_line_reader_matches_plain_search() -> None:
    generator = random.Random(5)
    text = "".join(generator.choice("aB \n") for _ in range(3_000))
    reader = cues._LineReader(text)
    for position in sorted(generator.sample(range(len(text) + 1), 400)):
        line_start = text.rfind("\n", 0, position) + 1
        assert reader.start_before(position) == line_start
        expected = cues._LOWER_CASE.search(text, line_start, position) is not None
        assert reader.has_lower_case_before(position) == expected


def test_cue_cover_matches_plain_loop() -> None:
    generator = random.Random(9)
    cue_bounds = []
    for _ in range(300):
        start = generator.randrange(2_000)
        cue_bounds.append((start, start + generator.randrange(1, 40)))
    cover = cues._CueCover(cue_bounds)
    for _ in range(3_000):
        start = generator.randrange(2_050)
        end = start + generator.randrange(1, 20)
        expected = any(low <= start and end <= high for low, high in cue_bounds)
        assert cover.covers(start, end) == expected


@pytest.mark.parametrize("hyphen", [False, True])
def test_many_names_skip_form_by_form_search(hyphen: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``_FORMS_SEARCHED_ALONE`` forms, no form is searched for through the note alone."""

    def fail_if_called(*arguments: object) -> None:
        raise AssertionError("a form was searched for alone")

    monkeypatch.setattr(cues, "_find_forms_ascii", fail_if_called)
    # "é" keeps the note off the ASCII path, where each form was searched with ``text.find``.
    text = CountingText(random_names(SIZE, 3, hyphen) + "é")
    cue_spans = cues.find_cue_names(default_prefilter().scan(text))
    found = cues._python_find_repeated_names(text, cue_spans, NameScanner().find(text))
    assert len(cue_spans) > cues._FORMS_SEARCHED_ALONE
    assert found
    assert text.read == 0


@pytest.mark.parametrize("hyphen", [False, True])
def test_many_names_match_reference(hyphen: bool) -> None:
    from tests.masking.test_repeated_names import reference

    text = random_names(8_000, 4, hyphen) + "Ab-Ab-Ab-Ab Cd'Cd'Cd KING King king "
    cue_spans = cues.find_cue_names(default_prefilter().scan(text))
    cue_spans.append(Span(len(text) - 35, len(text) - 24, PhiKind.NAME, "cue"))
    cue_spans.append(Span(len(text) - 23, len(text) - 15, PhiKind.NAME, "cue"))
    cue_spans.append(Span(len(text) - 14, len(text) - 10, PhiKind.NAME, "cue"))
    scan_spans = NameScanner().find(text)
    found = cues._python_find_repeated_names(text, cue_spans, scan_spans)
    inside = {
        (span.start, span.end)
        for span in found
        if any(cue.start <= span.start and span.end <= cue.end for cue in cue_spans)
    }
    assert not inside
    expected = {
        (start, end)
        for start, end in reference(text, cue_spans, scan_spans)
        if not any(cue.start <= start and end <= cue.end for cue in cue_spans)
    }
    assert {(span.start, span.end) for span in found} == expected


@pytest.mark.skipif(_cues is None, reason="phigate.masking._cues is not built")
@pytest.mark.parametrize(
    "text",
    [
        repeated("RN "),
        repeated("A RN "),
        repeated("JOHN SMITH RN, "),
        repeated("Ann Lee, MD ") + repeated("ANN LEE, MD "),
        random_names(SIZE, 6, False),
        random_names(SIZE, 7, True),
        repeated("Dr. Ab-Ab ") + repeated("Ab-Ab-Ab "),
    ],
    ids=["RN", "A RN", "roster", "mixed", "names", "hyphen names", "overlapping"],
)
def test_cue_loops_agree_on_long_notes(text: str) -> None:
    assert credential_spans(text, native=True) == credential_spans(text, native=False)
    repeated_native = repeated_spans(text, native=True)
    assert repeated_native is not None
    assert repeated_native == repeated_spans(text, native=False)


@pytest.mark.parametrize(
    "unit", ["OKAFOR HOSPITAL, ", "HOSPITAL ", "Valley Clinic, ", "SEEN AT HILL CLINIC\n"]
)
def test_facility_loop_reads_line_once(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    lower_case = CountingPattern(places._LOWER_CASE)
    monkeypatch.setattr(places, "_LOWER_CASE", lower_case)
    text = CountingText(repeated(unit))
    found = places.find_facilities(default_prefilter().scan(text))
    assert text.read <= 2 * len(text)
    assert lower_case.read <= 2 * len(text)
    if unit.startswith("OKAFOR"):
        assert found


def test_line_case_matches_plain_search() -> None:
    generator = random.Random(8)
    text = "".join(generator.choice("aB \n") for _ in range(3_000))
    lines = places._LineCase(text)
    ends = sorted(generator.sample(range(len(text) + 1), 400))
    for end in ends:
        position = max(end - generator.randrange(30), 0)
        line_start = text.rfind("\n", 0, position) + 1
        assert lines.line_start(position) == line_start
        expected = places._LOWER_CASE.search(text, line_start, end) is not None
        assert lines.has_lower_case(line_start, end) == expected


@pytest.mark.parametrize("unit", ["SMITH ", "JOHN SMITH, RN ", "Pt SMITH ", "SMITH\n"])
def test_name_tokens_read_line_once(unit: str) -> None:
    text = CountingText(repeated(unit))
    names._tokens(text)
    assert text.read <= 2 * len(text)


@pytest.mark.skipif(_words is None, reason="phigate.masking._words is not built")
@pytest.mark.parametrize("unit", ["SMITH ", "Pt SMITH ", "SMITH JONES\nMary SMITH\n"])
def test_name_scan_agrees_on_capitals_lines(unit: str) -> None:
    text = repeated(unit)
    assert bounds(NameScanner().find(text)) == bounds(names._python_find(text))


def test_narrowed_credential_searches_match_window() -> None:
    """Searching from the last three runs finds what a search of the whole window finds."""
    generator = random.Random(12)
    pieces = ["Ab", "AB", "A.", "J", "O'Brien", "x", "Ann-Lee", " ", "  ", "\t", ",", "(", ".", "é"]
    for _ in range(3_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randrange(1, 30))) + " RN"
        start = len(text) - 2
        window_start = max(start - cues._CREDENTIAL_WINDOW, 0)
        name_end = cues._name_end_before(text, window_start, start)
        if name_end <= window_start:
            continue
        low = cues._last_chunks_start(text, window_start, name_end)
        whole = cues._NAME_BEFORE_CREDENTIAL.search(text, window_start, start)
        narrowed = cues._NAME_BEFORE_CREDENTIAL.search(text, low, start)
        assert _group_span(whole) == _group_span(narrowed)
        whole = cues._INITIALS_BEFORE_CREDENTIAL.search(text, window_start, start)
        narrowed = cues._INITIALS_BEFORE_CREDENTIAL.search(
            text, max(window_start, name_end - 3), start
        )
        assert _group_span(whole) == _group_span(narrowed)


def _group_span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span(1)


@pytest.mark.parametrize(
    "unit", ["2020-01-01", "12345-", "1234567a", "a12345", "12345mg-", "\u00b212345mg "]
)
def test_long_numbers_widen_token_once(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each token is widened once, however many digit runs it holds."""
    widened: list[int] = []
    token_around = identifiers._token_around

    def counting_token_around(text: str, start: int, end: int) -> tuple[int, int]:
        found = token_around(text, start, end)
        widened.append(found[1] - found[0])
        return found

    monkeypatch.setattr(identifiers, "_token_around", counting_token_around)
    text = repeated(unit)
    spans = list(identifiers._python_long_numbers(default_prefilter().scan(text)))
    assert sum(widened) <= len(text)
    if identifiers._native_long_numbers is not None and text.isascii():
        native = identifiers._native_long_numbers(
            default_prefilter().scan(text),
            identifiers._DIGIT_RUN,
            identifiers._UNIT_SUFFIXES,
            Span,
            PhiKind.OTHER_ID,
            "pattern",
        )
        assert native is not None
        assert bounds(native) == bounds(spans)


def test_long_numbers_match_run_by_run_reading() -> None:
    """On short notes the loop gives what widening each run on its own gives."""
    generator = random.Random(14)
    pieces = ["12345", "1234567", "12", "-", " ", "mg", "a", "\u00b2", "/", "x"]
    for _ in range(2_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randrange(1, 12)))
        expected = []
        for run in identifiers._DIGIT_RUN.finditer(text):
            run_start, run_end = run.span()
            start, end = identifiers._python_token_around(text, run_start, run_end)
            token = text[start:end]
            if run_end - run_start >= identifiers._MIN_DIGIT_RUN:
                if (
                    text[end : end + 1] in identifiers._AMOUNT_STARTS
                    and token.isdigit()
                    and identifiers._AMOUNT_AFTER.match(text, end) is not None
                ):
                    continue
                expected.append((start, end))
                continue
            number_end = run_end - start
            if token.isdigit() or (
                token[:number_end].isdigit()
                and token[number_end:].lower() in identifiers._UNIT_SUFFIXES
            ):
                continue
            expected.append((start, end))
        found = identifiers._python_long_numbers(default_prefilter().scan(text))
        assert [(span.start, span.end) for span in found] == expected
