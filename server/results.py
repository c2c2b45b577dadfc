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
from phigate.errors import MaskingError
from phigate.masking import FreeTextMasker, Masker
from phigate.policy import MaskSpec, Operator

__all__ = ["MAX_FREE_TEXT_CHARS", "MaskedResult", "mask_rows", "to_json_value"]

logger = logging.getLogger(__name__)

JsonValue = None | bool | int | float | str | list["JsonValue"]

_ELLIPSIS = "…"

# A free-text cell longer than this is withheld without running detection, because detection
# time grows with the length of the note. That time is linear in the length. The slowest
# notes that benchmarks/worst_case.py builds are dense credentials in a note that is not ASCII,
# which the C loops leave to Python. With the C extensions, on a shared 2-core x86_64 machine,
# they took up to about 6 s per 1,000,000 characters, so this cap keeps one cell to about
# 1.5 s there. Without the C extensions it takes several times longer. Cutting a note before
# detection could split an identifier so that no detector finds its halves.
MAX_FREE_TEXT_CHARS = 250_000


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
    free_text: FreeTextMasker | None,
    limits: Limits,
) -> MaskedResult:
    """Mask every cell by its column's lineage mask, then apply the cell, cell-count and byte caps.

    A cell whose mask fails is withheld (set to null) and counted, never passed through. So is
    a free-text cell that is longer than ``MAX_FREE_TEXT_CHARS``, is bytes that are not valid
    UTF-8, or arrives without a ``free_text`` masker. Rows stop, flagged ``max_detection_chars``,
    before the free text sent to detection would pass ``limits.max_detection_chars``.
    """
    result = MaskedResult()
    max_rows_by_cells = max(1, limits.max_cells // max(1, len(columns)))
    free_text_columns = [
        position
        for position, column in enumerate(columns)
        if column.mask is not None and column.mask.spec.mask == Operator.FREE_TEXT
    ]
    size = 2
    detection_chars = 0
    for index, row in enumerate(rows):
        if index >= max_rows_by_cells:
            result.truncated_by.append("max_cells")
            break
        row_detection_chars = sum(_text_length(row[position]) for position in free_text_columns)
        # The first row always goes through: MAX_FREE_TEXT_CHARS already bounds each cell.
        if result.rows and detection_chars + row_detection_chars > limits.max_detection_chars:
            result.truncated_by.append("max_detection_chars")
            break
        detection_chars += row_detection_chars
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


def _text_length(value: object) -> int:
    """Return the characters detection would read in a free-text value, as it will read them."""
    try:
        length = sum(len(text) for text in _flatten(_free_text_parts(value)))
    except MaskingError:
        # Bytes that are not UTF-8: the cell is withheld without detection.
        return 0
    # A cell over the per-cell cap is withheld without detection too.
    return length if length <= MAX_FREE_TEXT_CHARS else 0


def _cell(
    column: OutputColumn,
    value: object,
    *,
    masker: Masker,
    free_text: FreeTextMasker | None,
    limits: Limits,
    result: MaskedResult,
) -> JsonValue:
    mask = column.mask
    converted: JsonValue
    if mask is not None and value is not None:
        try:
            if mask.spec.mask == Operator.FREE_TEXT:
                converted = _mask_free_text(value, mask.spec, free_text)
            else:
                converted = to_json_value(masker.mask_value(value, mask.kind, mask.spec))
        except Exception as error:  # noqa: BLE001 - any failure withholds the cell (fail closed)
            # The error's message never contains the value: phigate's own errors are written
            # that way, and only the class name of any other exception is logged.
            reason = str(error) if isinstance(error, MaskingError) else type(error).__name__
            logger.warning("cell withheld (column=%s): %s", column.name, reason)
            result.withheld_cells += 1
            return None
    else:
        converted = to_json_value(value)
    if isinstance(converted, str) and len(converted) > limits.max_cell_chars:
        if "max_cell_chars" not in result.truncated_by:
            result.truncated_by.append("max_cell_chars")
        return converted[: limits.max_cell_chars] + _ELLIPSIS
    return converted


def _mask_free_text(value: object, spec: MaskSpec, free_text: FreeTextMasker | None) -> JsonValue:
    """Mask a free-text cell as text; an array of notes is masked note by note.

    Raises:
        MaskingError: no masker was given, bytes are not valid UTF-8, or the cell's text is
            longer than ``MAX_FREE_TEXT_CHARS``.
    """
    if free_text is None:
        raise MaskingError("no free-text masker is available for this result")
    texts = _free_text_parts(value)
    length = sum(len(text) for text in _flatten(texts))
    if length > MAX_FREE_TEXT_CHARS:
        raise MaskingError(
            f"free text of {length} characters exceeds the limit of {MAX_FREE_TEXT_CHARS}"
        )
    return _mask_parts(texts, spec, free_text)


_TextParts = str | None | list["_TextParts"]


def _free_text_parts(value: object) -> _TextParts:
    """Return the text of a free-text cell, keeping the shape of an array.

    Bytes are decoded as UTF-8. Any other value that is not text is masked in its JSON text
    form, never as ``str()`` of it. The repr of bytes or a list writes a line break as a
    backslash and ``n``, which joins two words into one that no detector reads as a name.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise MaskingError("free text in bytes is not valid UTF-8") from None
    if isinstance(value, list | tuple):
        return [_free_text_parts(item) for item in value]
    converted = to_json_value(value)
    if converted is None or isinstance(converted, str):
        return converted
    return json.dumps(converted, ensure_ascii=False)


def _flatten(parts: _TextParts) -> list[str]:
    if parts is None:
        return []
    if isinstance(parts, str):
        return [parts]
    return [text for part in parts for text in _flatten(part)]


def _mask_parts(parts: _TextParts, spec: MaskSpec, free_text: FreeTextMasker) -> JsonValue:
    if parts is None:
        return None
    if isinstance(parts, str):
        return free_text.mask(parts, spec)
    return [_mask_parts(part, spec, free_text) for part in parts]
