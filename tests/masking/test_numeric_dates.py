"""The C loop over numeric dates gives exactly what its pure-Python fallback gives.

``phigate.masking._dates`` is an optional extension. Where it is built, each test runs
``dates._numeric_dates`` with it and without it on the same scan and compares the spans.
Scans come from the prefilter, and also from every position of a text, which runs the C
matcher where the prefilter would never start it. The shortcut that skips ``_CUED_MONTH`` is
checked against the pattern itself.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import dates
from phigate.masking.prefilter import Scan, default_prefilter
from phigate.masking.spans import Span

try:
    from phigate.masking import _dates
except ImportError:  # pragma: no cover - the extension is optional
    _dates = None  # type: ignore[assignment]

needs_kernel = pytest.mark.skipif(_dates is None, reason="phigate.masking._dates is not built")

PREFILTER = default_prefilter()
NOTES = [
    note.text
    for patients, count, seed in ((120, 400, 4242), (200, 600, 77))
    for note in generated_set(patients, count, seed).notes
]
# Digits, every separator, the letters of list gaps, cue and count words, a time of day,
# blanks and characters outside ASCII.
PIECES = ["0", "1", "2", "3", "9", "12", "19", "20", "31", "2024", "10", "/", "-", ".", ":"]
PIECES += [" ", "\t", "\n", ",", "(", "T", "Z", "+", "and ", "or ", "to ", "thru ", "x"]
PIECES += ["Seen ", "on ", "Pain ", "BP ", "labs ", " days", " tab", " SEM", " mmHg", " 0800"]
PIECES += ["T08:30", " 9am", "->", "_", "a", "é", "٣", "𝟘"]


def numeric_text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def numeric_spans(scan: Scan, monkeypatch: pytest.MonkeyPatch, *, native: bool) -> list[Span]:
    spans: list[Span] = []
    with monkeypatch.context() as patch:
        if not native:
            patch.setattr(dates, "_native_numeric_dates", None)
        dates._numeric_dates(scan, spans)
    return spans


def every_position_scan(text: str) -> Scan:
    """Return a scan that offers ``_NUMERIC`` every position of ``text`` as a start."""
    return Scan(text, [list(range(len(text) + 2))], {id(dates._NUMERIC): 0})


def assert_same_spans(scan: Scan, monkeypatch: pytest.MonkeyPatch) -> None:
    native = numeric_spans(scan, monkeypatch, native=True)
    fallback = numeric_spans(scan, monkeypatch, native=False)
    assert native == fallback


@needs_kernel
def test_kernel_matches_fallback_on_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    """On generated notes the C loop and the Python loop find the same dates."""
    for text in NOTES:
        assert_same_spans(PREFILTER.scan(text), monkeypatch)


@needs_kernel
def test_find_dates_with_and_without_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole date finder returns the same spans in the same order either way."""
    for text in NOTES[:200]:
        scan = PREFILTER.scan(text)
        native = list(dates.find_dates(scan))
        with monkeypatch.context() as patch:
            patch.setattr(dates, "_native_numeric_dates", None)
            fallback = list(dates.find_dates(scan))
        assert native == fallback


@needs_kernel
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=numeric_text())
def test_kernel_matches_fallback_on_random_text(text: str) -> None:
    """On random digits and separators both loops agree, from the prefilter and anywhere."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_spans(PREFILTER.scan(text), monkeypatch)
        assert_same_spans(every_position_scan(text), monkeypatch)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seen 03/14/1962 and 3/20", [(5, 15), (20, 24)]),
        ("2024-01-05T08:30 labs", [(0, 16)]),
        ("14.03.1962", [(0, 10)]),
        ("1.2.33", []),
        ("BP 120/80", []),
        ("sats 88-92%", []),
        ("Pain 3/10", []),
        ("3/14-3/16", [(0, 9)]),
        ("12/34/2024", []),
        ("2024-13-05", []),
        ("03/14/1962x", []),
        ("03/14/19623", []),
        ("on 1/2 tab", []),
    ],
)
def test_numeric_cases(
    text: str, expected: list[tuple[int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hand-picked dates and near misses give the same spans with and without C."""
    scan = PREFILTER.scan(text)
    for native in (True, False):
        spans = numeric_spans(scan, monkeypatch, native=native)
        assert [(span.start, span.end) for span in spans] == expected


@needs_kernel
@pytest.mark.parametrize(
    "starts",
    [[-1], [0, -5], [2**63], [2**70], [True], [1.0], ["3"], [10**6]],
    ids=["negative", "negative later", "past ssize", "huge", "bool", "float", "str", "far"],
)
def test_kernel_declines_odd_starts(starts: list[object], monkeypatch: pytest.MonkeyPatch) -> None:
    """Starts that are not ints in range make C decline, or match nothing, as in Python."""
    text = "Seen 03/14/1962 today"
    found = _dates.numeric_dates(text, starts)  # type: ignore[arg-type]
    if starts == [10**6]:
        assert found == []
    else:
        assert found is None
    scan = Scan(text, [starts], {id(dates._NUMERIC): 0})  # type: ignore[list-item]
    if all(type(start) is int and abs(start) < 2**63 for start in starts):
        # Python clamps a negative start to 0, and declining gives the same result.
        assert_same_spans(scan, monkeypatch)


@needs_kernel
def test_kernel_declines_non_ascii_text() -> None:
    """Text with any character outside ASCII is left to Python."""
    assert _dates.numeric_dates("é 03/14/1962", [2]) is None
    assert _dates.numeric_dates("03/14/1962 \U0001f600", [0]) is None


@needs_kernel
def test_kernel_rejects_wrong_types() -> None:
    with pytest.raises(TypeError, match="text must be str"):
        _dates.numeric_dates(b"03/14/1962", [0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="starts must be list"):
        _dates.numeric_dates("03/14/1962", (0,))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes 2 arguments"):
        _dates.numeric_dates("03/14/1962")  # type: ignore[call-arg]


@needs_kernel
def test_kernel_on_long_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long runs of digits, separators and list gaps stay equal and finish."""
    for text in ["1" * 50_000, "1/" * 25_000, "3/4 and " * 5_000, " ," * 20_000 + "3/4", ""]:
        assert_same_spans(PREFILTER.scan(text), monkeypatch)
        assert_same_spans(every_position_scan(text[:4_000]), monkeypatch)


CUED_PIECES = ["in ", "In ", "since ", "mid-", "end of ", "within ", "May", "MARCH", "Sept"]
CUED_PIECES += ["Sep", "Dec", "reased", "Oct.", " ", "\n", "\t", "-", "'", "’", "x", "_", "9", "é"]


@settings(max_examples=800, deadline=None)
@given(text=st.lists(st.sampled_from(CUED_PIECES), max_size=10).map("".join))
def test_cued_month_shortcut_keeps_matches(text: str) -> None:
    """Where ``_CUED_MONTH`` matches, the shortcut lets it run, with the scan and without."""
    if dates._CUED_MONTH.search(text) is not None:
        assert dates._may_be_cued_month(PREFILTER.scan(text))
        assert dates._may_be_cued_month(Scan(text))
