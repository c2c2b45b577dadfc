"""The C span type behaves as the dataclass in ``spans.py`` does.

``phigate.masking._span`` is an optional extension. Where it is built, ``spans.Span`` is its
type, and each test here runs the same steps on it and on ``spans.PythonSpan`` and compares
what they give: fields, the bounds check and its message, equality, repr, pickling. Without
the extension only the dataclass runs.
"""

from __future__ import annotations

import copy
import pickle
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking import freetext, places, spans
from phigate.masking.spans import PythonSpan, merge_spans
from phigate.policy import PhiKind

try:
    from phigate.masking import _span
except ImportError:  # pragma: no cover - the extension is optional
    _span = None  # type: ignore[assignment]

TYPES: list[Any] = [PythonSpan] if _span is None else [PythonSpan, _span.Span]
needs_native = pytest.mark.skipif(_span is None, reason="phigate.masking._span is not built")


def outcome(make: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """Return the repr of what ``make(*args, **kwargs)`` gives, or the error it raises."""
    try:
        return ("ok", repr(make(*args, **kwargs)))
    except (ValueError, TypeError) as error:
        return (type(error).__name__, str(error))


@needs_native
def test_spans_module_uses_the_native_type() -> None:
    assert spans.Span is _span.Span


BOUNDS = st.one_of(
    st.integers(-3, 3),
    st.integers(-(2**70), 2**70),
    st.sampled_from([True, False, 0.5, 2.0, 2**63 - 1, 2**63, -(2**63)]),
)


@needs_native
@given(BOUNDS, BOUNDS)
def test_bounds_check_matches_the_dataclass(start: Any, end: Any) -> None:
    """Any pair of bounds is taken or refused alike, with the same message."""
    kind = PhiKind.NAME
    assert outcome(_span.Span, start, end, kind, "cue") == outcome(
        PythonSpan, start, end, kind, "cue"
    )


@pytest.mark.parametrize("make", TYPES)
def test_fields_and_repr(make: Any) -> None:
    span = make(3, 9, PhiKind.PHONE, "pattern")
    assert (span.start, span.end, span.kind, span.source) == (3, 9, PhiKind.PHONE, "pattern")
    assert repr(span) == "Span(start=3, end=9, kind=<PhiKind.PHONE: 'phone'>, source='pattern')"


@pytest.mark.parametrize("make", TYPES)
def test_keywords_build_the_same_span(make: Any) -> None:
    by_keyword = make(source="cue", kind=PhiKind.NAME, end=4, start=1)
    assert by_keyword == make(1, 4, PhiKind.NAME, "cue")
    mixed = make(1, 4, source="cue", kind=PhiKind.NAME)
    assert mixed == by_keyword


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, 4, PhiKind.NAME), {}),
        ((1, 4, PhiKind.NAME, "cue", "extra"), {}),
        ((1, 4, PhiKind.NAME), {"sources": "cue"}),
        ((1, 4, PhiKind.NAME, "cue"), {"start": 2}),
    ],
)
@pytest.mark.parametrize("make", TYPES)
def test_wrong_arguments_raise_type_error(
    make: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        make(*args, **kwargs)


@pytest.mark.parametrize("make", TYPES)
def test_equality_compares_every_field(make: Any) -> None:
    span = make(0, 5, PhiKind.NAME, "cue")
    assert span == make(0, 5, PhiKind.NAME, "cue")
    assert span != make(0, 5, PhiKind.NAME, "scan")
    assert span != make(0, 5, PhiKind.CITY, "cue")
    assert span != make(0, 6, PhiKind.NAME, "cue")
    assert span != make(1, 5, PhiKind.NAME, "cue")
    assert span != (0, 5, PhiKind.NAME, "cue")
    with pytest.raises(TypeError):
        span < span  # type: ignore[operator]  # noqa: B015


@needs_native
def test_native_span_never_equals_dataclass() -> None:
    """Two classes never compare equal, as two dataclasses do not."""
    assert _span.Span(0, 5, PhiKind.NAME, "cue") != PythonSpan(0, 5, PhiKind.NAME, "cue")


@pytest.mark.parametrize("make", TYPES)
def test_span_is_not_hashable(make: Any) -> None:
    with pytest.raises(TypeError):
        hash(make(0, 5, PhiKind.NAME, "cue"))


@pytest.mark.parametrize("make", TYPES)
def test_fields_can_be_set_but_no_new_attribute(make: Any) -> None:
    span = make(0, 5, PhiKind.NAME, "cue")
    span.end = 7
    assert span.end == 7
    with pytest.raises(AttributeError):
        span.stop = 1


@pytest.mark.parametrize("make", TYPES)
def test_deleted_field_raises_attribute_error(make: Any) -> None:
    span = make(0, 5, PhiKind.NAME, "cue")
    del span.source
    with pytest.raises(AttributeError):
        _ = span.source
    with pytest.raises(AttributeError):
        repr(span)


def test_pickle_keeps_the_fields() -> None:
    """The type in use pickles. The dataclass it replaces has no importable name then."""
    span = spans.Span(2, 8, PhiKind.DATE, "pattern")
    assert pickle.loads(pickle.dumps(span)) == span


@pytest.mark.parametrize("make", TYPES)
def test_copy_keeps_the_fields(make: Any) -> None:
    span = make(2, 8, PhiKind.DATE, "pattern")
    assert copy.copy(span) == span
    assert copy.deepcopy(span) == span


@pytest.mark.parametrize("make", TYPES)
def test_pattern_matching_reads_positional_fields(make: Any) -> None:
    own = SimpleNamespace(type=make)
    match make(2, 8, PhiKind.DATE, "pattern"):
        case own.type(start, end, kind, source):
            assert (start, end, kind, source) == (2, 8, PhiKind.DATE, "pattern")
        case _:
            pytest.fail("the span did not match its own class")


@needs_native
def test_native_repr_survives_a_field_that_refers_back() -> None:
    """A span whose kind contains the span itself prints "..." for the inner one."""
    span = _span.Span(0, 1, PhiKind.NAME, "cue")
    span.kind = [span]  # type: ignore[assignment]
    assert repr(span) == "Span(start=0, end=1, kind=[...], source='cue')"


@needs_native
def test_native_equality_survives_a_field_changed_while_comparing() -> None:
    """Comparing may run code that changes the spans, and the comparison still finishes."""

    class Changing:
        def __init__(self, target: list[Any]) -> None:
            self.target = target

        def __eq__(self, other: object) -> bool:
            for span in self.target:
                span.end = 99
                span.kind = None
            return True

        __hash__ = None  # type: ignore[assignment]

    holder: list[Any] = []
    left = _span.Span(0, 5, PhiKind.NAME, "cue")
    right = _span.Span(0, 5, PhiKind.NAME, "cue")
    left.start = Changing(holder)  # type: ignore[assignment]
    holder.extend([left, right])
    assert left == right


@pytest.mark.parametrize("make", TYPES)
def test_merge_takes_either_type(make: Any) -> None:
    merged = merge_spans([make(0, 4, PhiKind.NAME, "cue"), make(2, 9, PhiKind.OTHER_ID, "pattern")])
    assert [(s.start, s.end, s.kind, s.source) for s in merged] == [(0, 9, PhiKind.NAME, "cue")]


# --- the loops over merged spans ---

# With digits of other scripts, which the \d of the ZIP pattern matches too.
LOOP_ALPHABET = "aZ09 \t\n\r-,.MAé中٣０"
LOOP_KINDS = st.sampled_from([PhiKind.NAME, PhiKind.CITY, PhiKind.ADDRESS, PhiKind.DATE])


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[Any]]:
    """Return a text and merged spans over it, with names, places and dates."""
    text = draw(st.text(LOOP_ALPHABET, min_size=1, max_size=60))
    raw = draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, 8), LOOP_KINDS),
            max_size=8,
        )
    )
    found = [
        spans.Span(start, min(start + width, len(text)), kind, "scan") for start, width, kind in raw
    ]
    return text, merge_spans(found)


def span_fields(found: list[Any]) -> list[tuple[int, int, PhiKind, str]]:
    return [(span.start, span.end, span.kind, span.source) for span in found]


N = PhiKind.NAME
# Text, its merged spans, and the spans after joining.
JOIN_CASES = [
    ("Maria\tLopez came", [(0, 5, N), (6, 11, N)], [(0, 11, N)]),
    (
        "Kowal-\nski and Ann\n  Lee",
        [(0, 5, N), (15, 18, N), (21, 24, N)],
        [(0, 10, N), (15, 24, N)],
    ),
    ("Ann, Lee", [(0, 3, N), (5, 8, N)], [(0, 3, N), (5, 8, N)]),
    ("Ann\n\nLee", [(0, 3, N), (5, 8, N)], [(0, 3, N), (5, 8, N)]),
    (
        "Ann 3/4 Lee",
        [(0, 3, N), (4, 7, PhiKind.DATE), (8, 11, N)],
        [(0, 3, N), (4, 7, PhiKind.DATE), (8, 11, N)],
    ),
]


@needs_native
@given(text_and_spans())
def test_join_names_matches_python(case: tuple[str, list[Any]]) -> None:
    text, merged = case
    native = _span.join_names(text, merged, PhiKind.NAME, freetext._HYPHEN_BREAK.match)
    assert native is not None
    assert span_fields(native) == span_fields(freetext._python_join_names(text, merged))


@needs_native
@given(text_and_spans())
def test_zips_after_matches_python(case: tuple[str, list[Any]]) -> None:
    text, merged = case
    native = _span.zips_after(
        text, merged, places._ZIP_ANCHOR_KINDS, places._ZIP_AFTER.match, PhiKind.ZIP
    )
    assert native is not None
    assert span_fields(native) == span_fields(places._python_zips_after(text, merged))


@pytest.mark.parametrize(("text", "merged", "expected"), JOIN_CASES)
def test_join_names_joins_blank_separated_names(
    text: str, merged: list[tuple[int, int, PhiKind]], expected: list[tuple[int, int, PhiKind]]
) -> None:
    found = [spans.Span(start, end, kind, "scan") for start, end, kind in merged]
    wanted = [(start, end, kind, "scan") for start, end, kind in expected]
    assert span_fields(freetext._python_join_names(text, found)) == wanted
    assert span_fields(freetext._join_names(text, found)) == wanted


@needs_native
def test_zip_after_city_is_found() -> None:
    text = "Lives in Salem, MA. 01970 now"
    city = spans.Span(9, 14, PhiKind.CITY, "pattern")
    found = _span.zips_after(
        text, [city], places._ZIP_ANCHOR_KINDS, places._ZIP_AFTER.match, PhiKind.ZIP
    )
    assert found is not None
    assert span_fields(found) == [(20, 25, PhiKind.ZIP, "pattern")]


@needs_native
@pytest.mark.parametrize(
    "text", ["Salem, MA ٠١٩٧٠", "Salem ０１９７０-１２３４", "Salem 01٩70", "Salem\n 0197٠"]
)
def test_zip_of_other_digits_is_found(text: str) -> None:
    """The pattern's \\d matches any decimal digit, so C must not skip such ZIP codes."""
    city = spans.Span(0, 5, PhiKind.CITY, "pattern")
    found = _span.zips_after(
        text, [city], places._ZIP_ANCHOR_KINDS, places._ZIP_AFTER.match, PhiKind.ZIP
    )
    expected = places._python_zips_after(text, [city])
    assert found is not None
    assert len(expected) == 1
    assert span_fields(found) == span_fields(expected)


@needs_native
def test_span_loops_decline_other_spans() -> None:
    """Spans of another type, or with bounds that are not ints, are left to Python."""
    odd = SimpleNamespace(start=0, end=2, kind=PhiKind.NAME, source="cue")
    assert _span.join_names("Ann Lee", [odd], PhiKind.NAME, freetext._HYPHEN_BREAK.match) is None
    floating = _span.Span(0, 2, PhiKind.NAME, "cue")
    floating.end = 2.0  # type: ignore[assignment]
    anchors = places._ZIP_ANCHOR_KINDS
    assert (
        _span.zips_after("Ann 02139", [floating], anchors, places._ZIP_AFTER.match, PhiKind.ZIP)
        is None
    )
    assert freetext._join_names("Ann Lee", [odd]) == [odd]  # type: ignore[list-item]


@needs_native
def test_span_loops_reject_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        _span.join_names("text", (), PhiKind.NAME, freetext._HYPHEN_BREAK.match)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _span.zips_after("text", [], [], places._ZIP_AFTER.match, PhiKind.ZIP)  # type: ignore[arg-type]


@pytest.mark.parametrize("make", TYPES)
def test_subclass_builds_its_own_spans(make: Any) -> None:
    class Recorded(make):  # type: ignore[misc,valid-type]
        __slots__ = ()

    span = Recorded(1, 4, PhiKind.NAME, "cue")
    assert type(span) is Recorded
    assert repr(span).startswith(
        "test_subclass_builds_its_own_spans.<locals>.Recorded(start=1, end=4"
    )
    assert span != make(1, 4, PhiKind.NAME, "cue")
    assert span == Recorded(1, 4, PhiKind.NAME, "cue")
    with pytest.raises(ValueError, match=r"invalid span bounds 4\.\.1"):
        Recorded(4, 1, PhiKind.NAME, "cue")
