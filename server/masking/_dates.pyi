"""The numeric date loop of the date detector, in C; see ``dates._numeric_dates``."""

def numeric_dates(text: str, starts: list[int], /) -> list[tuple[int, int, int]] | None:
    """Return ``(start, end, last_end)`` per ``_NUMERIC`` match kept, or None when declined.

    ``end`` is -1 for a match that ``dates._numeric_date`` must judge, and -2 for a month/day
    pair that only ``dates._is_listed_or_two_part_date`` must judge.
    """
