"""Tests for date rewriting in free text (year and shift) and the optional NER source."""

from __future__ import annotations

import datetime

import pytest

from phigate.errors import MaskingError
from phigate.masking import FreeTextMasker, Masker
from phigate.masking.ner import SpacyDetector, load_spacy_detector
from phigate.masking.operators import MAX_DATE_SHIFT_DAYS
from phigate.masking.rewrite import DATE_PLACEHOLDER, read_date, shift_date, year_of_date
from phigate.masking.spans import Span
from phigate.policy import MaskSpec, Operator, PhiKind

KEY = b"rewrite-test-key-0123456789abcdef-012345"
TODAY = datetime.date(2025, 6, 30)


def spec(dates: str) -> MaskSpec:
    """Return a free-text spec whose ``dates`` attribute is ``dates``.

    ``MaskSpec`` gains the field in ``phigate.policy``; until then the test sets it on a copy.
    """
    base = MaskSpec(mask=Operator.FREE_TEXT)
    if "dates" in MaskSpec.model_fields:
        return MaskSpec(mask=Operator.FREE_TEXT, dates=dates)  # type: ignore[call-arg]
    copied = base.model_copy()
    object.__setattr__(copied, "dates", dates)
    return copied


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/14/1962", datetime.date(1962, 3, 14)),
        ("2024-01-05", datetime.date(2024, 1, 5)),
        ("3/14/62", datetime.date(1962, 3, 14)),
        ("1/5/26", datetime.date(2026, 1, 5)),
        ("14.03.1962", datetime.date(1962, 3, 14)),
        ("March 14, 2024", datetime.date(2024, 3, 14)),
        ("14 Mar 2024", datetime.date(2024, 3, 14)),
        ("Sept. 3rd, 2021", datetime.date(2021, 9, 3)),
        ("31/12/2024", datetime.date(2024, 12, 31)),
    ],
)
def test_read_date(text: str, expected: datetime.date) -> None:
    """Numeric and written dates are read month-first unless the month would exceed 12."""
    read = read_date(text, TODAY)
    assert read is not None
    assert read.date == expected
    assert read.has_year


def test_read_date_without_year() -> None:
    """A month and day without a year are read, and marked as having no year."""
    read = read_date("March 14", TODAY)
    assert read is not None
    assert (read.date.month, read.date.day) == (3, 14)
    assert not read.has_year


@pytest.mark.parametrize("text", ["Christmas", "March 2024", "13/45/2020", "Feb 30"])
def test_read_date_unreadable(text: str) -> None:
    """Holidays, month-year pairs and impossible dates are not read."""
    assert read_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "days", "expected"),
    [
        ("03/14/1962", 10, "03/24/1962"),
        ("3/14/62", -14, "2/28/62"),
        ("2024-01-05", 30, "2024-02-04"),
        ("2024-01-05T10:30:00Z", 1, "2024-01-06T10:30:00Z"),
        ("March 14", 10, "March 24"),
        ("MARCH 30, 2023", 5, "APRIL 4, 2023"),
        ("14 Mar 2024", -20, "23 Feb 2024"),
        ("12/31/2024", 1, "01/01/2025"),
        ("3/14/1962", -5, "3/09/1962"),
        ("March 21st", -10, "March 11th"),
        ("MARCH 1ST", 1, "MARCH 2ND"),
        ("05 Mar 2024", -1, "04 Mar 2024"),
    ],
)
def test_shift_date_keeps_form(text: str, days: int, expected: str) -> None:
    """A shifted date keeps its form: separators, field widths, capitals, month style, ordinal."""
    assert shift_date(text, days, TODAY) == expected


def test_shift_unreadable_is_placeholder() -> None:
    """A date that cannot be read becomes the placeholder, never the original text."""
    assert shift_date("Christmas Eve", 10, TODAY) == DATE_PLACEHOLDER


@pytest.mark.parametrize(
    "text", ["3/14/2024-3/18/2024", "03/14-16/2024", "3/14-3/16", "March 14-16, 2024"]
)
def test_shift_of_a_range_is_placeholder(text: str) -> None:
    """A range would keep its second date unshifted, which shows the offset."""
    assert shift_date(text, 10, TODAY) == DATE_PLACEHOLDER


@pytest.mark.parametrize(
    ("text", "days"),
    [("01/05/0001", -10), ("0001-01-05", -365), ("12/30/9999", 10), ("9999-12-30", 365)],
)
def test_shift_past_date_limits_is_placeholder(text: str, days: int) -> None:
    """A date that the shift would move before year 1 or after 9999 becomes the placeholder."""
    assert shift_date(text, days, TODAY) == DATE_PLACEHOLDER


@pytest.mark.parametrize(
    ("text", "days", "expected"),
    [
        ("01/05/0001", 10, "01/15/0001"),
        ("0001-01-05", 365, "0002-01-05"),
        ("12/30/9999", -10, "12/20/9999"),
        ("01/01/1000", -1, "12/31/0999"),
        ("3/14/0099", -365, "3/14/0098"),
    ],
)
def test_shift_near_date_limits_is_exact(text: str, days: int, expected: str) -> None:
    """Dates near year 1 and 9999 shift exactly and keep four-digit years."""
    assert shift_date(text, days, TODAY) == expected


def test_shift_with_year_after_crossing_is_placeholder() -> None:
    """A date without a year, a number after it and a shift into another year: placeholder."""
    assert shift_date("Jan 5", -10, TODAY, year_after=True) == DATE_PLACEHOLDER
    assert shift_date("Dec 30", 10, TODAY, year_after=True) == DATE_PLACEHOLDER


def test_shift_with_year_after_within_year() -> None:
    """Within one year, or without a number after it, a date without a year still shifts."""
    assert shift_date("Jan 15", -10, TODAY, year_after=True) == "Jan 5"
    assert shift_date("Jan 5", -10, TODAY) == "Dec 26"
    assert shift_date("Jan 5, 1962", -10, TODAY, year_after=True) == "Dec 26, 1961"


def test_free_text_shift_past_year_one() -> None:
    """A note with a date that cannot move is masked, not withheld, and its other dates move."""
    masker = Masker(KEY, today=lambda: TODAY)
    ftm = FreeTextMasker(masker)
    assert masker.date_offset("patient-7") == -193
    masked = ftm.mask(
        "Seen 03/14/0001 and 2024-01-05. Seen 03/14/0002.", spec("shift"), date_scope="patient-7"
    )
    assert masked == "Seen <DATE> and 2023-06-26. Seen 09/02/0001."


def test_free_text_shift_keeps_year_after_date() -> None:
    """A year the date span leaves out ("Jan 5, 0001") makes a shift across it a placeholder."""
    masker = Masker(KEY, today=lambda: TODAY)
    ftm = FreeTextMasker(masker)
    assert masker.date_offset("patient-3") == -3
    assert ftm.mask("Seen Jan 5, 0001.", spec("shift"), date_scope="patient-3") == (
        "Seen Jan 2, 0001."
    )
    assert ftm.mask("Seen Jan 2, 0001.", spec("shift"), date_scope="patient-3") == (
        "Seen <DATE>, 0001."
    )
    assert ftm.mask("Seen Jan 2 at home.", spec("shift"), date_scope="patient-3") == (
        "Seen Dec 30 at home."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/14/1962", "1962"),
        ("March 2024", "2024"),
        ("3/14", DATE_PLACEHOLDER),
        ("07/02/1931", "1935 or earlier"),
    ],
)
def test_year_of_date(text: str, expected: str) -> None:
    """Year mode keeps the year, and buckets a year that shows an age over 89."""
    assert year_of_date(text, TODAY) == expected


def test_masker_date_offset_keyed() -> None:
    """The offset is stable for one key and scope, non-zero, and bounded."""
    masker = Masker(KEY)
    offsets = {masker.date_offset(f"patient-{index}") for index in range(50)}
    assert masker.date_offset("a") == Masker(KEY).date_offset("a")
    assert 0 not in offsets
    assert all(abs(offset) <= MAX_DATE_SHIFT_DAYS for offset in offsets)
    assert len(offsets) > 40


def test_free_text_dates_year() -> None:
    """With ``dates: year`` a date in a note becomes its year."""
    ftm = FreeTextMasker(Masker(KEY, today=lambda: TODAY))
    masked = ftm.mask("Seen 03/14/2024, next visit April 2", spec("year"))
    assert masked == "Seen 2024, next visit <DATE>"


def test_free_text_dates_shift_consistent() -> None:
    """With ``dates: shift`` every date in one scope moves by the same number of days."""
    masker = Masker(KEY, today=lambda: TODAY)
    ftm = FreeTextMasker(masker)
    offset = masker.date_offset("patient-7")
    masked = ftm.mask(
        "Admitted 2024-01-05, discharged 2024-01-09.", spec("shift"), date_scope="patient-7"
    )
    first = datetime.date(2024, 1, 5) + datetime.timedelta(days=offset)
    second = datetime.date(2024, 1, 9) + datetime.timedelta(days=offset)
    assert masked == f"Admitted {first.isoformat()}, discharged {second.isoformat()}."


def test_free_text_dates_default_placeholder() -> None:
    """Without a ``dates`` choice dates become the placeholder, as before."""
    ftm = FreeTextMasker(Masker(KEY))
    assert ftm.mask("Seen 03/14/2024", MaskSpec(mask=Operator.FREE_TEXT)) == "Seen <DATE>"


def test_free_text_dates_unknown_treatment() -> None:
    """An unknown ``dates`` value withholds the note.

    The policy's validation rejects such a value first; this is the masker's own check.
    """
    invalid = MaskSpec(mask=Operator.FREE_TEXT).model_copy()
    object.__setattr__(invalid, "dates", "month")
    ftm = FreeTextMasker(Masker(KEY))
    with pytest.raises(MaskingError, match="dates treatment"):
        ftm.mask("Seen 03/14/2024", invalid)


def test_spacy_detector_maps_entities() -> None:
    """The NER adapter turns a pipeline's entities into spans of the mapped kinds."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Zyxwv Qrst"},
            {"label": "ORG", "pattern": "Acme Pharma"},
        ]
    )
    detector = SpacyDetector(nlp)
    text = "Zyxwv Qrst works at Acme Pharma."
    assert detector.find(text) == [Span(0, 10, PhiKind.NAME, "model")]
    ftm = FreeTextMasker(Masker(KEY), detectors=[detector], name_scan=False)
    assert ftm.mask(text, MaskSpec(mask=Operator.FREE_TEXT)).startswith("<PERSON> works")


def test_load_spacy_detector_missing_model() -> None:
    """A model package that is not installed gives None; nothing is downloaded."""
    assert load_spacy_detector("phigate_no_such_model") is None
