"""Long runs of blanks cost linear time, and the patterns rewritten for it match as before.

The name scan's join pattern once had five ``[ \t]*`` in a row, so a 412-character note with a
run of spaces took 13 seconds. These tests run inputs that take hours with such patterns, so a
return to them hangs the suite, and they compare each rewritten pattern with its old form.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking import FreeTextMasker, Masker, dates, dictionary, freetext, names
from phigate.policy import MaskSpec, Operator

OLD_FORMS = [
    (names._JOIN, re.compile(r"[ \t]*[\"“”]?[ \t]*,?[ \t]*(?:\n[ \t]*)?[\"“”]?[ \t]*")),
    (freetext._NAME_JOIN, re.compile(r"[ \t]*\n?[ \t]*")),
    (dictionary._NAME_GAP, re.compile(r"[ \t]*[,-]?[ \t]*\n?[ \t]*(?:[A-Z]\.?[ \t]+)?")),
]
GAPS = st.text(alphabet=' \t\n,-"“”AB.x', max_size=12)
SPEC = MaskSpec(mask=Operator.FREE_TEXT)


@pytest.mark.parametrize(("new", "old"), OLD_FORMS)
@given(gap=GAPS)
def test_rewritten_gap_patterns_match_as_before(
    new: re.Pattern[str], old: re.Pattern[str], gap: str
) -> None:
    assert (new.fullmatch(gap) is None) == (old.fullmatch(gap) is None)


@given(st.text(alphabet=" \tisw9501Rose.,", max_size=30))
def test_age_after_name_matches_old_form(text: str) -> None:
    old = re.compile(dates._AGE_AFTER_NAME.pattern.replace("(?<![ \\t])", "", 1))
    assert [m.span() for m in dates._AGE_AFTER_NAME.finditer(text)] == [
        m.span() for m in old.finditer(text)
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Smith" + " " * 20_000 + "x Jones",
        ("Name: Smith" + " " * 200 + "DOB: 3/14/1950\n") * 100,
        " " * 200_000,
        "\t" * 100_000 + "Mother Rose is 94",
        "Maria" + " " * 50_000 + "Lopez",
    ],
)
def test_long_blank_runs_are_masked(note: str) -> None:
    masked = FreeTextMasker(Masker(b"k" * 32)).mask(note, SPEC)
    assert "Smith" not in masked
    assert "3/14/1950" not in masked
    assert "Lopez" not in masked
    assert " 94" not in masked
