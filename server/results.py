"""Turn raw result rows into what the model may see: masked, JSON-safe and capped."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from phigate.analysis import OutputColumn
from phigate.config import Limits
from phigate.masking import FreeTextMasker, Masker
from phigate.policy import Operator

__all__ = ["MaskedResult", "mask_rows", "to_json_value"]

logger = logging.getLogger(__name__)

JsonValue = None | bool | int | float | str | list["JsonValue"]

_ELLIPSIS = "…"


@dataclass
class MaskedResult:
    """Rows ready for the model, and what was done to them."""

    rows: list[list[JsonValue]] = field(default_factory=list)
    truncated_by: list[str] = field(default_factory=list)
    withheld_cells: int = 0
    bytes: int = 0


def to_json_value(value: object) -> JsonValue:
    """Convert a database value to a JSON value; unknown types become their text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _iso_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    return str(value)


def _iso_duration(value: dt.timedelta) -> str:
    """Render an interval as an ISO 8601 duration, such as ``P1DT2H30M``."""
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    seconds_text = f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".")
    time = "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M")) if amount)
    if seconds or value.microseconds:
        time += f"{seconds_text}S"
    days = f"{value.days}D" if value.days else ""
    if not days and not time:
        return "PT0S"
    return f"{sign}P{days}" + (f"T{time}" if time else "")


def mask_rows(
    columns: Sequence[OutputColumn],
    rows: Sequence[Sequence[object]],
    *,
    masker: Masker,
    free_text: FreeTextMasker,
    limits: Limits,
) -> MaskedResult:
    """Mask every cell by its column's lineage mask, then apply the cell, cell-count and byte caps.

    A cell whose mask fails is withheld (set to null) and counted, never passed through.
    """
    result = MaskedResult()
    max_rows_by_cells = max(1, limits.max_cells // max(1, len(columns)))
    size = 2
    for index, row in enumerate(rows):
        if index >= max_rows_by_cells:
            result.truncated_by.append("max_cells")
            break
        converted = [
            _cell(column, value, masker=masker, free_text=free_text, limits=limits, result=result)
            for column, value in zip(columns, row, strict=True)
        ]
        row_size = len(json.dumps(converted, ensure_ascii=False)) + 1
        if size + row_size > limits.max_bytes:
            result.truncated_by.append("max_bytes")
            break
        size += row_size
        result.rows.append(converted)
    result.bytes = size

    return result


def _cell(
    column: OutputColumn,
    value: object,
    *,
    masker: Masker,
    free_text: FreeTextMasker,
    limits: Limits,
    result: MaskedResult,
) -> JsonValue:
    mask = column.mask
    if mask is not None and value is not None:
        try:
            if mask.spec.mask == Operator.FREE_TEXT:
                value = free_text.mask(str(value), mask.spec)
            else:
                value = masker.mask_value(value, mask.kind, mask.spec)
        except Exception:  # noqa: BLE001 - any failure withholds the cell (fail closed)
            logger.warning("masking failed; cell withheld (column=%s)", column.name)
            result.withheld_cells += 1
            return None
    converted = to_json_value(value)
    if isinstance(converted, str) and len(converted) > limits.max_cell_chars:
        if "max_cell_chars" not in result.truncated_by:
            result.truncated_by.append("max_cell_chars")
        return converted[: limits.max_cell_chars] + _ELLIPSIS
    return converted
