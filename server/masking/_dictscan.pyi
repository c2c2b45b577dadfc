"""The per-note loops of the identifier dictionary, in C (``_dictscan.c``)."""

from collections.abc import Sequence
from typing import Any

# A dictionary key: the padded key, the length of the text it matches, whether it counts only
# capitalized, its rule and its kind.
_Key = tuple[str, int, bool, int, Any]

class Words:
    """The keys of ASCII notes grouped by their first word; see ``dictionary._AsciiMatcher``."""

    def __init__(
        self,
        heads: Sequence[tuple[str, _Key | None, Sequence[_Key]]],
        eponym_heads: Sequence[str],
        name_kind: Any,
        span_type: type,
        source: str,
    ) -> None: ...
    def find(
        self, text: str, /
    ) -> tuple[list[Any], list[tuple[int, int]], bool, tuple[set[int], set[int]] | None] | None:
        """Return the spans, the ``(index, rule)`` pairs to confirm, whether the spans are
        ordered by end, and the ends and starts of the name matches when a pair was found.

        Returns None when ``text`` is not ASCII.
        """

class Numbers:
    """The stored phone, fax and SSN numbers; see ``IdentifierDictionary._find_numbers``."""

    def __init__(
        self,
        numbers: Sequence[tuple[str, Any]],
        heads: Sequence[str],
        width: int,
        span_type: type,
        source: str,
    ) -> None: ...
    def find(self, text: str, /) -> list[Any] | None:
        """Return the spans of the stored numbers, or None when ``text`` is not ASCII."""
