"""The SSN shape compared with the plain one: a back reference and no look-behind."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.masking import patterns
from phigate.masking.prefilter import Scan

_PLAIN_SSN = re.compile(r"\d\d\d([- /_·\t])\d\d\1\d{4}(?![\d/_·-])")
_PIECES = st.sampled_from(
    ["123", "45", "6789", "9", "12", "2021", "-", " ", "/", "_", "·", "\t", "ssn-", "SSN ", "x"]
)


def _ssns(text: str) -> list[tuple[int, int]]:
    return [(span.start, span.end) for span in patterns._find_ssns(Scan(text))]


def _plain_ssns(text: str) -> list[tuple[int, int]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "_SSN", _PLAIN_SSN)
        return _ssns(text)


def test_ssn_after_digit_not_masked() -> None:
    """A number inside a longer run of digits is no SSN, and one after a label is."""
    assert _ssns("9123-45-6789") == []
    assert _ssns("2021-01-08 123-45-6789") == [(11, 22)]
    assert _ssns("SSN-123-45-6789") == [(4, 15)]


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_ssn_shape_matches_plain_shape(text: str) -> None:
    """Both shapes give the same SSN spans."""
    assert _ssns(text) == _plain_ssns(text)
