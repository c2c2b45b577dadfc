"""Rewriting a date found in free text: cut to its year, or shifted by a keyed offset.

Both keep the date's written form where they can: ``03/14/1962`` shifted by ten days becomes
``03/24/1962`` and ``March 14`` becomes ``March 24``. A date that cannot be read as a calendar
date (a holiday, "March 2024" under ``shift``, "3/14" under ``year``) becomes the placeholder,
so a rewrite never returns the original text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = ["DATE_PLACEHOLDER", "ReadDate", "read_date", "shift_date", "year_of_date"]

DATE_PLACEHOLDER = "<DATE>"

_MONTH_TEXT = (
    "january february march april may june july august september october november december"
)
_MONTHS = _MONTH_TEXT.split()
_MONTH_INDEX = {name[:3]: index + 1 for index, name in enumerate(_MONTHS)}
_NUMERIC = re.compile(r"(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{2,4}))?(.*)", re.DOTALL)
_WRITTEN = re.compile(r"\d{4}|'\d{2}|\d{1,2}(?![\d])|[A-Za-z]+")
_FUTURE_YEARS = 10
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# A time of day after a date, which a shift copies as it is: "T10:30:00Z", " 14:02".
_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
# A date with no year is read in a leap year, so February 29 stays valid.
_NO_YEAR = 2000


@dataclass(frozen=True, slots=True)
class ReadDate:
    """A date read from text, with the template to write a shifted one in the same form."""

    date: datetime.date
    has_year: bool
    template: str


def read_date(text: str, today: datetime.date) -> ReadDate | None:
    """Read month, day and year from a date the detector found, or return None.

    Numeric dates are read month-first unless the first number is over 12. A two-digit year
    is taken as 20xx when that is at most ``_FUTURE_YEARS`` years after today, else as 19xx.
    """
    numeric = _NUMERIC.fullmatch(text.strip())
    if numeric is not None:
        return _read_numeric(numeric, today)
    return _read_written(text, today)


def _read_numeric(match: re.Match[str], today: datetime.date) -> ReadDate | None:
    first, separator, second, third, rest = match.groups()
    if any(char.isdigit() for char in rest) and _TIME.fullmatch(rest) is None:
        # A range ("3/14-3/16"): its second date would be copied unshifted.
        return None
    if len(first) == 4:
        year, month, day = int(first), int(second), int(third or 0)
        template = "{y4}" + separator + _number_slot("m", second) + separator
        template += _number_slot("d", third or "") + rest
        return _make(year, month, day, has_year=True, template=template)
    if third is None:
        return _make(
            _NO_YEAR,
            int(first),
            int(second),
            has_year=False,
            template=(_number_slot("m", first) + separator + _number_slot("d", second) + rest),
        )
    month, day = int(first), int(second)
    month_slot, day_slot = _number_slot("m", first), _number_slot("d", second)
    if month > 12:
        month, day = day, month
        month_slot, day_slot = _number_slot("m", second), _number_slot("d", first)
        template = day_slot + separator + month_slot
    else:
        template = month_slot + separator + day_slot
    year_slot = "{y4}" if len(third) == 4 else "{y2}"
    year = _full_year(third, today)
    return _make(year, month, day, has_year=True, template=template + separator + year_slot + rest)


def _read_written(text: str, today: datetime.date) -> ReadDate | None:
    month = day = year = None
    day_end = -1
    template_parts: list[str] = []
    position = 0
    for piece in _WRITTEN.finditer(text):
        template_parts.append(text[position : piece.start()].replace("{", "{{").replace("}", "}}"))
        value = piece.group()
        position = piece.end()
        if value.isalpha():
            index = _MONTH_INDEX.get(value[:3].lower())
            if index is not None and month is None:
                month = index
                template_parts.append(_month_slot(value))
                continue
            if value.lower() in _ORDINAL_SUFFIXES and piece.start() == day_end:
                # "21st" moved to the 12th must not read "12st".
                template_parts.append("{ord_upper}" if value.isupper() else "{ord}")
                continue
            template_parts.append(value)
            continue
        if value.startswith("'") or len(value) == 4:
            year = _full_year(value.lstrip("'"), today)
            template_parts.append("'{y2}" if value.startswith("'") else "{y4}")
        elif day is None:
            day = int(value)
            template_parts.append("{d2}" if value.startswith("0") else "{d}")
            day_end = piece.end()
        else:
            return None
    template_parts.append(text[position:].replace("{", "{{").replace("}", "}}"))
    if month is None or day is None:
        return None
    has_year = year is not None
    return _make(year or _NO_YEAR, month, day, has_year=has_year, template="".join(template_parts))


def _month_slot(word: str) -> str:
    if word.isupper():
        return "{month_upper}" if len(word) > 4 else "{mon_upper}"
    return "{month}" if len(word.rstrip(".")) > 4 or word.lower() == "may" else "{mon}"


def _number_slot(name: str, digits: str) -> str:
    # A field written with two digits keeps two, so "03/14" does not become "02/9".
    return "{" + name + "2}" if len(digits) == 2 else "{" + name + "}"


def _ordinal(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _full_year(digits: str, today: datetime.date) -> int:
    if len(digits) == 4:
        return int(digits)
    value = 2000 + int(digits)
    return value if value <= today.year + _FUTURE_YEARS else value - 100


def _make(year: int, month: int, day: int, *, has_year: bool, template: str) -> ReadDate | None:
    try:
        return ReadDate(datetime.date(year, month, day), has_year, template)
    except ValueError:
        return None


def shift_date(text: str, days: int, today: datetime.date, *, year_after: bool = False) -> str:
    """Return the date in ``text`` moved by ``days``, written in the same form.

    A date that cannot be read becomes ``DATE_PLACEHOLDER``, and so does one that the shift
    would move outside ``datetime.date``'s years 1 to 9999 ("01/05/0001" moved back).
    ``year_after`` says that a number that may be the date's year follows ``text`` in the note
    ("Jan 5, 0001", where only "Jan 5" was found). A date without a year that the shift moves
    into another year then becomes the placeholder too, because that number would stay.
    """
    read = read_date(text, today)
    if read is None:
        return DATE_PLACEHOLDER
    try:
        moved = read.date + datetime.timedelta(days=days)
    except OverflowError:
        return DATE_PLACEHOLDER
    if year_after and not read.has_year and moved.year != read.date.year:
        return DATE_PLACEHOLDER
    name = _MONTHS[moved.month - 1].capitalize()
    return read.template.format(
        y4=f"{moved.year:04d}",
        y2=f"{moved.year % 100:02d}",
        m=str(moved.month),
        m2=f"{moved.month:02d}",
        d=str(moved.day),
        d2=f"{moved.day:02d}",
        month=name,
        month_upper=name.upper(),
        mon=name[:3],
        mon_upper=name[:3].upper(),
        ord=_ordinal(moved.day),
        ord_upper=_ordinal(moved.day).upper(),
    )


def year_of_date(text: str, today: datetime.date, *, age_cap: int = 90) -> str:
    """Return the year of the date in ``text``, or ``DATE_PLACEHOLDER`` if it has none.

    A year that would show an age of ``age_cap`` or more, as a birth year would, becomes
    ``"<cutoff> or earlier"``, the bucket that ``generalize`` uses for birth dates.
    """
    year: int | None = None
    read = read_date(text, today)
    if read is not None and read.has_year:
        year = read.date.year
    else:
        found = re.search(r"(?<!\d)(?:1[89]|2[01])\d{2}(?!\d)", text)
        year = int(found.group()) if found else None
    if year is None:
        return DATE_PLACEHOLDER
    cutoff = today.year - age_cap
    if year <= cutoff:
        return f"{cutoff} or earlier"
    return str(year)
