"""Conversion of database values into JSON values for the model."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from phigate.results import to_json_value


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
