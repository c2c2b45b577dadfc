"""The per-match loops of the number and id finders, in C; each returns None to decline a note."""

from collections.abc import Callable, Collection, Mapping
from typing import Any

def match_at(shape: str, text: str, position: int, /) -> int:
    """Return the end of the match of a pattern that C matches by hand, or -1."""

def token_ids(
    scan: Any, pattern: Any, labels: Mapping[str, Any], fillers: Collection[str], /
) -> list[tuple[int, int, str | bool | None]] | None:
    """Return ``(start, end, label)`` for each token ``identifiers._token_ids`` must still read."""

def long_numbers(
    scan: Any,
    pattern: Any,
    unit_suffixes: Collection[str],
    span_type: Callable[..., Any],
    kind: Any,
    source: str,
    /,
) -> list[Any] | None:
    """Return the spans of ``identifiers.find_long_numbers``."""

def find_phones(
    scan: Any,
    patterns: tuple[Any, Any, Any, Any, Any],
    kind_of: Callable[[str, int], Any],
    international: Callable[[Any], list[Any]],
    labels: Collection[str],
    fillers: Collection[str],
    follows_list: Callable[[str, int], bool],
    follows_label: Callable[[str, int], bool],
    span_type: Callable[..., Any],
    phone: Any,
    source: str,
    /,
) -> list[Any] | None:
    """Return the spans of ``patterns._find_phones``."""
