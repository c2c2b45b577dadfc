"""Long runs of blanks cost linear time, and the patterns rewritten for it match as before.

The name scan's join pattern once had five ``[ \t]*`` in a row, so a 412-character note with a
run of spaces took 13 seconds. These tests run inputs that take hours with such patterns, so a
return to them hangs the suite, and they compare each rewritten pattern with its old form.

The label patterns had ``[ \t]*`` on both sides of an optional separator, two or three times in
a row, and the short labeled id had ``[A-Z0-9]*\\d[A-Z0-9]*\\d[A-Z0-9]*``. Where nothing matched
after a long run, re tried every way to split the run, in both the C and the Python path, so
the time grew with the cube of the run's length: "MRN", 20,000 spaces and a letter take hours.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.masking import (
    FreeTextMasker,
    Masker,
    dates,
    dictionary,
    freetext,
    identifiers,
    names,
    patterns,
    places,
)
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


# Each rewritten part of a label pattern and its old form.
LABEL_REWRITES = [
    (
        r"[ \t]*(?:(?:[:#]|is\b|of\b)[ \t]*)?(?:\#[ \t]*)?",
        r"[ \t]*(?:[:#]|is\b|of\b)?[ \t]*\#?[ \t]*",
    ),
    (
        r"(?:(?:\#|(?i:no\.?|number))[ \t]*)?(?:[:#][ \t]*)?",
        r"(?:\#|(?i:no\.?|number))?[ \t]*[:#]?[ \t]*",
    ),
    (r"(?=(?:[A-Z]*\d){2})[A-Z0-9]+", r"[A-Z0-9]*\d[A-Z0-9]*\d[A-Z0-9]*"),
    (r"[ \t]*\#[ \t]*(?::[ \t]*)?", r"[ \t]*\#[ \t]*:?[ \t]*"),
    (r"[ \t]*(?:[:#][ \t]*)?", r"[ \t]*[:#]?[ \t]*"),
    (r"[ \t]*(?:[/.-][ \t]*)?", r"[ \t]*[/.-]?[ \t]*"),
    (r"[ \t]*(?:[,./-][ \t]*)?", r"[ \t]*[,./-]?[ \t]*"),
    (r"[ \t]*(?:[:#=-][ \t]*)?", r"[ \t]*[:#=-]?[ \t]*"),
    (r"[ \t]*(?:-[ \t]*)?(?:yo", r"[ \t]*-?[ \t]*(?:yo"),
    (r"[ \t]*(?:-[ \t]*)?(?:old", r"[ \t]*-?[ \t]*(?:old"),
    (r"[ \t]*(?:[:=][ \t]*)?", r"[ \t]*[:=]?[ \t]*"),
    (r"[ \t]*(?:[,;/][ \t]*)?", r"[ \t]*[,;/]?[ \t]*"),
]
REWRITTEN_LABELS = [
    re.compile(patterns.DEFAULT_MRN_PATTERNS[0]),
    re.compile(patterns.DEFAULT_MRN_PATTERNS[1]),
    identifiers._SHORT_LABELED_ID,
    identifiers._NUMBERED_LABEL_ID,
    identifiers._DRIVER_LICENSE,
    identifiers._CREDENTIAL_LICENSE,
    dates._LABELED_DATE,
    dates._BIRTH_YEAR,
    dates._AGE_PHRASE,
    places._LABELED_COORDINATES,
]
LABEL_WORDS = st.lists(
    st.sampled_from(
        [
            *"MRN #:=-./,;\t\n9x",
            " ",
            "  ",
            "MR",
            "medical record",
            " is ",
            " of ",
            "number",
            "no.",
            "ID",
            "Lic",
            "Policy",
            "DL",
            "driver's license",
            "RN",
            "DOB",
            "born",
            "yo",
            "years old",
            "lat",
            "long",
            "Mar",
            "1st",
            "1962",
            "14",
            "123",
            "4567",
            "A1",
            "8XYZ12",
            "42.36",
            "-71.05",
        ]
    ),
    max_size=16,
).map("".join)


def old_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Return ``pattern`` with each rewritten part put back in its old form."""
    source = pattern.pattern
    for new, old in LABEL_REWRITES:
        source = source.replace(new, old)
    return re.compile(source, pattern.flags)


def found(pattern: re.Pattern[str], text: str) -> list[list[tuple[int, int]]]:
    return [
        [match.span(group) for group in range(pattern.groups + 1)]
        for match in pattern.finditer(text)
    ]


@pytest.mark.parametrize("new", REWRITTEN_LABELS, ids=lambda pattern: pattern.pattern[:30])
@given(text=LABEL_WORDS)
def test_rewritten_label_patterns_match_as_before(new: re.Pattern[str], text: str) -> None:
    old = old_form(new)
    assert old.pattern != new.pattern
    assert found(new, text) == found(old, text)
    assert found(new, text.upper()) == found(old, text.upper())


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("MRN" + " " * 20_000 + "x", " x"),
        ("medical record #:" + "\t" * 20_000 + "#" + " " * 20_000 + "-x", " -x"),
        ("NY DL" + " " * 20_000 + "x", " x"),
        ("Lic #" + "9" * 20_000 + "x", "<LICENSE>"),
        ("Policy number" + " " * 20_000 + "x", " x"),
        ("DOB" + " " * 20_000 + "x", " x"),
        ("latitude" + "\t" * 20_000 + "x", "\tx"),
    ],
)
def test_label_before_long_run_is_read(note: str, kept: str) -> None:
    masked = FreeTextMasker(Masker(b"k" * 32)).mask(note, SPEC)
    assert masked.endswith(kept)
