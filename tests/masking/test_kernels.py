"""The C loops in ``_kernels`` give what the Python code they replace gives.

Where the extension was built (CI builds it), each function is compared with its Python
version on generated and random text. Where it was not, the tests are skipped, because the
detectors then use the Python versions.
"""

from __future__ import annotations

import operator
import re
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking.characters import _python_has_control
from phigate.masking.identifiers import _python_token_around
from phigate.masking.prefilter import _python_match_starts
from phigate.masking.spans import Span, _python_merge_spans, merge_spans
from phigate.policy import PhiKind
from tests.masking.legacy_strings import legacy_string, needs_legacy_strings

kernels = pytest.importorskip("phigate.masking._kernels")

# Letters, digits and hyphens of several scripts, with separators that end a token.
TOKEN_TEXT = st.text(alphabet="aZ09-_ .,/\n\u00e9\u0416\u0663\u00bd\u2167-", max_size=40)
PATTERNS = [
    re.compile(r"\d+"),
    re.compile(r"\d*"),
    re.compile(r"(?<=a)b+|b"),
    re.compile(r"ab|a"),
    re.compile(r"(?=b)"),
]


@given(TOKEN_TEXT, st.data())
def test_token_around_widens_as_python_does(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert kernels.token_around(text, start, end) == _python_token_around(text, start, end)


def test_token_around_reads_inner_hyphens_only() -> None:
    text = "ID: A-12345-B7 -99 x--4"
    assert kernels.token_around(text, 6, 11) == (4, 14)
    assert kernels.token_around(text, 16, 18) == (16, 18)
    assert kernels.token_around(text, 22, 23) == (22, 23)


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)])
def test_token_around_rejects_a_span_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside the text"):
        kernels.token_around("abc", start, end)


@given(
    st.sampled_from(PATTERNS),
    st.text(alphabet="ab1 ", max_size=30),
    st.lists(st.integers(0, 30), max_size=12),
)
def test_match_starts_finds_what_python_finds(
    pattern: re.Pattern[str], text: str, chosen: list[int]
) -> None:
    starts = sorted({start for start in chosen if start <= len(text)})
    expected = _python_match_starts(pattern, text, starts)
    found = kernels.match_starts(pattern.match, text, starts)
    assert [match.span() for match in found] == [match.span() for match in expected]


def test_match_starts_skips_starts_inside_a_match() -> None:
    pattern = re.compile(r"\d+")
    found = kernels.match_starts(pattern.match, "12345 67", [0, 2, 4, 6, 7])
    assert [match.group() for match in found] == ["12345", "67"]


def test_match_starts_raises_callable_errors() -> None:
    def broken(text: str, start: int) -> None:
        raise RuntimeError("detector failed")

    with pytest.raises(RuntimeError, match="detector failed"):
        kernels.match_starts(broken, "abc", [0])


def test_match_starts_rejects_tuple_starts() -> None:
    with pytest.raises(TypeError, match="list of starts"):
        kernels.match_starts(re.compile("a").match, "abc", (0, 1))


@needs_legacy_strings
def test_token_around_readies_a_legacy_string() -> None:
    """A string whose length is not filled in yet is widened like any other str."""
    text = "ab 12-cd x"
    assert kernels.token_around(legacy_string(text), 3, 5) == (3, 8)
    assert kernels.token_around(legacy_string(text), 0, 0) == (0, 2)


def test_match_starts_keeps_start_alive() -> None:
    """A start that match removes from the list is not freed before match returns."""
    freed: list[int] = []
    alive_in_call: list[bool] = []

    class Start(int):
        def __del__(self) -> None:
            freed.append(int(self))

    starts: list[int] = [Start(2)]

    class Text:
        __hash__ = None  # type: ignore[assignment]

        def __eq__(self, other: object) -> None:  # type: ignore[override]
            # operator.eq hands the start on as a borrowed reference, so after this frame
            # drops its own, only match_starts can keep it alive.
            starts.clear()
            del other
            alive_in_call.append(not freed)

    assert kernels.match_starts(operator.eq, Text(), starts) == []
    assert alive_in_call == [True]
    assert freed == [2]


def test_match_starts_after_empty_match_at_max_start() -> None:
    """An empty match at sys.maxsize skips every later start, as the Python loop does."""

    def empty_match(text: str, start: int) -> SimpleNamespace:
        return SimpleNamespace(end=lambda: start)

    starts = [sys.maxsize, sys.maxsize]
    expected = _python_match_starts(SimpleNamespace(match=empty_match), "", starts)
    found = kernels.match_starts(empty_match, "", starts)
    assert len(expected) == 1
    assert len(found) == 1


SCAN_PATTERNS = [*PATTERNS, re.compile(r"a+"), re.compile(r"b")]


def python_scan(text: str, starts: list[list[int] | None]) -> object:
    from phigate.masking.prefilter import _PythonScan

    positions = {id(pattern): index for index, pattern in enumerate(SCAN_PATTERNS[:-1])}
    return _PythonScan(text, starts, positions)


def native_scan(text: str, starts: list[list[int] | None]) -> object:
    positions = {id(pattern): index for index, pattern in enumerate(SCAN_PATTERNS[:-1])}
    return kernels.ScanCore(text, starts, positions)


def match_spans(matches: object) -> list[tuple[int, int]] | None:
    if matches is None:
        return None
    if isinstance(matches, re.Match):
        return [matches.span()]
    return [match.span() for match in matches]  # type: ignore[attr-defined]


@given(
    st.text(alphabet="ab1 ", max_size=30),
    st.lists(
        st.one_of(st.none(), st.lists(st.integers(0, 30), max_size=8).map(sorted)),
        min_size=len(SCAN_PATTERNS) - 1,
        max_size=len(SCAN_PATTERNS) - 1,
    ),
)
def test_scan_core_matches_python_scan(text: str, starts: list[list[int] | None]) -> None:
    """ScanCore's finditer, search and covers give what _PythonScan's give."""
    native = native_scan(text, starts)
    python = python_scan(text, starts)
    for pattern in SCAN_PATTERNS:
        expected = match_spans(python.finditer(pattern))  # type: ignore[attr-defined]
        assert match_spans(native.finditer(pattern)) == expected  # type: ignore[attr-defined]
        expected = match_spans(python.search(pattern))  # type: ignore[attr-defined]
        assert match_spans(native.search(pattern)) == expected  # type: ignore[attr-defined]
        assert native.covers(pattern) == python.covers(pattern)  # type: ignore[attr-defined]


def test_scan_core_search_is_first_finditer_match() -> None:
    """search returns the first match finditer yields, skipping starts that fail."""
    pattern = re.compile(r"b+")
    scan = kernels.ScanCore("a bb b", [[0, 2, 5]], {id(pattern): 0})
    assert scan.search(pattern).span() == (2, 4)
    assert [match.span() for match in scan.finditer(pattern)] == [(2, 4), (5, 6)]


def test_scan_core_without_starts_runs_re() -> None:
    """A Scan built from the text alone covers no pattern and runs re over the text."""
    pattern = re.compile(r"\d+")
    scan = kernels.ScanCore("a 12 b 3")
    assert not scan.covers(pattern)
    assert [match.group() for match in scan.finditer(pattern)] == ["12", "3"]
    assert scan.search(pattern).group() == "12"
    assert scan._starts == ()


@pytest.mark.parametrize(
    ("starts", "error"),
    [([(0,)], TypeError), ([["0"]], TypeError), ([], IndexError), (None, TypeError)],
)
def test_scan_core_rejects_odd_starts(starts: object, error: type[Exception]) -> None:
    """Starts of the wrong type raise as the Python code does, with no crash."""
    pattern = re.compile("a")
    scan = kernels.ScanCore("aaa", starts, {id(pattern): 0})
    with pytest.raises(error):
        scan.finditer(pattern)
    with pytest.raises(error):
        scan.search(pattern)


def test_scan_core_uninitialized_raises() -> None:
    """A ScanCore whose __init__ never ran raises instead of reading NULL fields."""
    scan = kernels.ScanCore.__new__(kernels.ScanCore)
    with pytest.raises(RuntimeError, match="not initialized"):
        scan.finditer(re.compile("a"))


SPAN_KINDS = st.sampled_from([PhiKind.NAME, PhiKind.DATE, PhiKind.OTHER_ID, PhiKind.ZIP])
SOURCES = st.sampled_from(["pattern", "cue", "scan"])
SPANS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 12), SPAN_KINDS, SOURCES).map(
        lambda fields: Span(fields[0], fields[0] + fields[1], fields[2], fields[3])
    ),
    max_size=25,
)


def span_fields(spans: list[Span]) -> list[tuple[int, int, PhiKind, str]]:
    return [(span.start, span.end, span.kind, span.source) for span in spans]


@given(SPANS)
def test_merge_spans_matches_python(spans: list[Span]) -> None:
    """The C merge gives the spans that the Python merge gives, the same objects reused."""
    native = kernels.merge_spans(spans, Span, PhiKind.OTHER_ID)
    expected = _python_merge_spans(spans)
    assert native is not None
    assert span_fields(native) == span_fields(expected)
    given_ids = {id(span) for span in spans}
    reused = [id(span) if id(span) in given_ids else None for span in native]
    assert reused == [id(span) if id(span) in given_ids else None for span in expected]


def test_merge_spans_declines_odd_bounds() -> None:
    """Bounds that are not small ints, or break start < end, are left to Python."""
    odd = SimpleNamespace(start=2**70, end=2**70 + 1, kind=PhiKind.NAME, source="cue")
    assert kernels.merge_spans([odd], Span, PhiKind.OTHER_ID) is None
    backwards = SimpleNamespace(start=5, end=2, kind=PhiKind.NAME, source="cue")
    assert kernels.merge_spans([backwards], Span, PhiKind.OTHER_ID) is None
    floating = SimpleNamespace(start=1.0, end=2, kind=PhiKind.NAME, source="cue")
    assert kernels.merge_spans([floating], Span, PhiKind.OTHER_ID) is None


def test_merge_spans_reads_a_generator_once() -> None:
    """merge_spans gives the same result for a generator as for a list."""
    spans = [Span(0, 4, PhiKind.NAME, "cue"), Span(2, 9, PhiKind.OTHER_ID, "pattern")]
    merged = merge_spans(span for span in spans)
    assert span_fields(merged) == [(0, 9, PhiKind.NAME, "cue")]


def test_merge_spans_rejects_a_span_without_bounds() -> None:
    """A span without a start raises AttributeError rather than crashing."""
    with pytest.raises(AttributeError):
        kernels.merge_spans([object()], Span, PhiKind.OTHER_ID)
    with pytest.raises(TypeError):
        kernels.merge_spans(None, Span, PhiKind.OTHER_ID)


@given(st.text(alphabet=st.characters(max_codepoint=0x250), max_size=30))
def test_has_control_matches_python(text: str) -> None:
    """has_control finds what the _CONTROL pattern finds, on text of every string kind."""
    assert kernels.has_control(text) == _python_has_control(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\tb\nc\rd", False),
        ("a\x00", True),
        ("\x0b", True),
        ("\x1f", True),
        ("\x7f", True),
        ("\x80\u00e9", False),
        ("\U0001f600\x01", True),
        ("", False),
    ],
)
def test_has_control_reads_each_control(text: str, expected: bool) -> None:
    """Tab, line feed and carriage return are not controls; the rest of C0 and DEL are."""
    assert kernels.has_control(text) is expected


def test_has_control_rejects_bytes() -> None:
    """A value that is not str raises TypeError."""
    with pytest.raises(TypeError):
        kernels.has_control(b"abc")
