"""Conversion of database values into JSON values for the model, and masking of notes."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from phigate.analysis import ColumnMask, OutputColumn
from phigate.config import Limits
from phigate.masking import FreeTextMasker, Masker, Span
from phigate.policy import MaskSpec, Operator, PhiKind
from phigate.results import MAX_FREE_TEXT_CHARS, MaskedResult, mask_rows, to_json_value
from phigate.tools.render import render_query


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (7, 7),
        (1.5, 1.5),
        (float("nan"), "nan"),
        (Decimal("3"), 3),
        (Decimal("3.25"), 3.25),
        (Decimal("NaN"), "NaN"),
        (dt.date(2024, 1, 5), "2024-01-05"),
        (dt.datetime(2024, 1, 5, 10, 30), "2024-01-05T10:30:00"),
        (dt.timedelta(days=1), "P1D"),
        (dt.timedelta(hours=2, minutes=30), "PT2H30M"),
        (dt.timedelta(seconds=1.5), "PT1.5S"),
        (dt.timedelta(0), "PT0S"),
        (-dt.timedelta(days=2, seconds=5), "-P2DT5S"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (b"\x00\x01\x02", "<3 bytes>"),
        ((1, "a"), [1, "a"]),
        ([dt.date(2020, 2, 29)], ["2020-02-29"]),
    ],
)
def test_json_value(value: object, expected: object) -> None:
    """Each database type becomes the expected JSON value."""
    assert to_json_value(value) == expected


# --- free-text cells -------------------------------------------------------------------------

KEY = b"k" * 64
NOTE_MASK = ColumnMask(PhiKind.FREE_TEXT, MaskSpec(mask=Operator.FREE_TEXT), derived=False)
NOTES = [OutputColumn("body", (), identity=True, mask=NOTE_MASK)]


class RecordingDetector:
    """A detector that finds nothing and records each text it was given."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def find(self, text: str) -> list[Span]:
        self.texts.append(text)
        return []


def _mask(values: list[object], free_text: FreeTextMasker | None) -> MaskedResult:
    return mask_rows(
        NOTES,
        [(value,) for value in values],
        masker=Masker(KEY),
        free_text=free_text,
        limits=Limits(),
    )


def test_bytes_note_masked_as_text() -> None:
    """bytes, bytearray and memoryview notes are decoded as UTF-8 and masked."""
    note = "Call José Núñez at 617-555-0142.".encode()
    result = _mask([note, bytearray(note), memoryview(note)], FreeTextMasker(Masker(KEY)))
    assert result.withheld_cells == 0
    for (body,) in result.rows:
        assert body == "Call <PERSON> at <PHONE>."


def test_invalid_utf8_note_withheld() -> None:
    """A note in bytes that are not UTF-8 is withheld and counted."""
    result = _mask([b"Call Jos\xe9 N\xfa\xf1ez", "Seen today."], FreeTextMasker(Masker(KEY)))
    assert result.rows == [[None], ["Seen today."]]
    assert result.withheld_cells == 1


def test_note_array_masked_per_note() -> None:
    """An array of notes is masked note by note, so a line break stays a line break."""
    result = _mask([["Seen today.\nJosé Núñez called.", None]], FreeTextMasker(Masker(KEY)))
    assert result.rows == [[["Seen today.\n<PERSON> called.", None]]]


def test_oversize_note_never_detected() -> None:
    """A note over MAX_FREE_TEXT_CHARS is withheld before any detector reads it."""
    detector = RecordingDetector()
    free_text = FreeTextMasker(Masker(KEY), detectors=[detector], name_scan=False)
    oversize = "x" * (MAX_FREE_TEXT_CHARS + 1)
    result = _mask([oversize, [oversize[:-2], "yy"], "short note"], free_text)
    assert result.rows == [[None], [None], ["short note"]]
    assert result.withheld_cells == 2
    assert detector.texts == ["short note"]


def test_note_at_limit_detected() -> None:
    """A note of exactly MAX_FREE_TEXT_CHARS is detected; one character more is withheld."""
    detector = RecordingDetector()
    free_text = FreeTextMasker(Masker(KEY), detectors=[detector], name_scan=False)
    at_limit = "x" * MAX_FREE_TEXT_CHARS
    result = _mask([at_limit, at_limit + "y"], free_text)
    assert result.rows == [[at_limit[: Limits().max_cell_chars] + "…"], [None]]
    assert result.withheld_cells == 1
    assert detector.texts == [at_limit]


def _mask_with_budget(
    columns: list[OutputColumn], rows: list[tuple[object, ...]], budget: int
) -> tuple[MaskedResult, RecordingDetector]:
    detector = RecordingDetector()
    free_text = FreeTextMasker(Masker(KEY), detectors=[detector], name_scan=False)
    result = mask_rows(
        columns,
        rows,
        masker=Masker(KEY),
        free_text=free_text,
        limits=Limits(max_detection_chars=budget),
    )
    return result, detector


def test_detection_budget_stops_rows() -> None:
    """Rows stop, flagged, before the free text sent to detection would pass the budget."""
    notes = [("a" * 400,), ("b" * 400,), ("c" * 400,), ("d" * 10,)]
    result, detector = _mask_with_budget(NOTES, notes, budget=1000)
    assert result.rows == [["a" * 400], ["b" * 400]]
    assert result.truncated_by == ["max_detection_chars"]
    assert detector.texts == ["a" * 400, "b" * 400]


def test_detection_budget_counts_exactly() -> None:
    """Free text that reaches the budget exactly is all detected and not flagged."""
    notes = [("a" * 600,), ("b" * 400,)]
    result, _ = _mask_with_budget(NOTES, notes, budget=1000)
    assert len(result.rows) == 2
    assert result.truncated_by == []


def test_detection_budget_first_row_passes() -> None:
    """The first row is masked even when it alone passes the budget."""
    notes = [("a" * 5000,), ("b" * 10,)]
    result, detector = _mask_with_budget(NOTES, notes, budget=1000)
    assert result.rows == [["a" * 5000]]
    assert result.truncated_by == ["max_detection_chars"]
    assert detector.texts == ["a" * 5000]


def test_detection_budget_ignores_other_columns() -> None:
    """Only free-text columns count: a long unmasked column does not use the budget."""
    columns = [OutputColumn("code", (), identity=True, mask=None), *NOTES]
    rows = [("x" * 5000, "a" * 10), ("y" * 5000, "b" * 10)]
    result, detector = _mask_with_budget(columns, rows, budget=1000)
    assert len(result.rows) == 2
    assert result.truncated_by == []
    assert detector.texts == ["a" * 10, "b" * 10]


def test_detection_budget_skips_withheld_cells() -> None:
    """A cell withheld for its size uses none of the budget, since no detector reads it."""
    oversize = "x" * (MAX_FREE_TEXT_CHARS + 1)
    result, detector = _mask_with_budget(NOTES, [("a" * 10,), (oversize,), ("b" * 10,)], 1000)
    assert result.rows == [["a" * 10], [None], ["b" * 10]]
    assert result.truncated_by == []
    assert detector.texts == ["a" * 10, "b" * 10]


def test_note_without_masker_withheld() -> None:
    """A free-text cell is withheld when the caller passes no free-text masker."""
    result = _mask(["Seen today."], None)
    assert result.rows == [[None]]
    assert result.withheld_cells == 1


@pytest.mark.parametrize(
    ("withheld", "expected"),
    [(1, "; 1 cell withheld because"), (2, "; 2 cells withheld because")],
)
def test_withheld_message_counts(withheld: int, expected: str) -> None:
    """The summary line reads 'cell' for one withheld cell and 'cells' for more."""
    result = {
        "columns": [{"name": "body", "mask": "free_text(free_text, value)"}],
        "rows": [[None]] * withheld,
        "row_count": withheld,
        "truncated": False,
        "truncated_by": [],
        "withheld_cells": withheld,
    }
    assert expected in render_query(result)
