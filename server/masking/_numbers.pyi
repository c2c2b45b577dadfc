"""The per-match loops of the number and id finders, in C; each returns None to decline a note."""

from collections.abc import Callable, Collection, Mapping
from re import Match
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

def local_part_matches(
    match: Callable[[str, int], Match[str] | None], text: str, anchors: list[int], spaced: bool, /
) -> list[Match[str]] | None:
    """Return the e-mail matches that ``patterns._python_match_local_parts`` returns."""

def ssn_numbers(
    scan: Any,
    pattern: Any,
    labels: Collection[str],
    fillers: Collection[str],
    labeled: Callable[[str, int], bool],
    span_type: Callable[..., Any],
    kind: Any,
    source: str,
    /,
) -> list[Any] | None:
    """Return the spans of the loop of ``patterns._find_ssns`` over ``_SSN_DIGITS``."""

def short_ids(
    scan: Any,
    pattern: Any,
    kinds: Mapping[str, Any],
    social: Collection[str],
    owners: Collection[str],
    decide: Callable[[str, Match[str]], Any],
    span_type: Callable[..., Any],
    source: str,
    /,
) -> list[Any] | None:
    """Return the spans of ``identifiers._short_labeled_ids``."""

def numbered_matches(
    scan: Any, pattern: Any, labels: Collection[str], /
) -> list[Match[str]] | None:
    """Return what ``scan.finditer(pattern)`` returns for ``identifiers._NUMBERED_LABEL_ID``."""

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
