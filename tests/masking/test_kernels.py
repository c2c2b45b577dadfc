"""The C loops in ``_kernels`` give what the Python code they replace gives.

Where the extension was built (CI builds it), each function is compared with its Python
version on generated and random text; where it was not, the tests are skipped and the
detectors use the Python versions.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking.identifiers import _python_token_around
from phigate.masking.prefilter import _python_match_starts

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


def test_match_starts_passes_on_an_error_from_the_callable() -> None:
    def broken(text: str, start: int) -> None:
        raise RuntimeError("detector failed")

    with pytest.raises(RuntimeError, match="detector failed"):
        kernels.match_starts(broken, "abc", [0])


def test_match_starts_rejects_starts_that_are_not_a_list() -> None:
    with pytest.raises(TypeError, match="list of starts"):
        kernels.match_starts(re.compile("a").match, "abc", (0, 1))
