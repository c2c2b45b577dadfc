"""The per-match loops of the name cues, in C, for ASCII notes; see ``phigate.masking.cues``."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from re import Match
from typing import Any

def credential_names(
    text: str,
    spans: list[Any],
    credentials: tuple[str, ...],
    are_initials: Callable[[str], bool],
    cached_bounds: Callable[[tuple[str, bool, int, bool, bool]], tuple[int, int] | None],
    bounds_cache: Mapping[tuple[str, bool, int, bool, bool], tuple[int, int] | None],
    ambiguous: frozenset[str],
    span_type: Callable[..., Any],
    name_kind: object,
    /,
) -> None:
    """Append to ``spans`` the names before the credentials of ASCII ``text``."""

def title_names(
    text: str,
    matches: Iterable[Match[str]],
    spans: list[Any],
    titles: frozenset[str],
    begins_with_name: Callable[[str, int], bool],
    cached_bounds: Callable[[tuple[str, bool, int, bool, bool]], tuple[int, int] | None],
    bounds_cache: Mapping[tuple[str, bool, int, bool, bool], tuple[int, int] | None],
    span_type: Callable[..., Any],
    name_kind: object,
    /,
) -> None:
    """Append to ``spans`` the names after the title ``matches`` of ASCII ``text``."""

def repeated_names(
    text: str,
    cue_spans: Sequence[Any],
    scan_spans: Sequence[Any],
    cue_forms: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    scan_forms: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]],
    search_forms: Callable[[str, bool], tuple[tuple[str, ...], tuple[str, ...]]],
    person_verb_match: Callable[[str, int], Match[str] | None],
    span_type: Callable[..., Any],
    name_kind: object,
    /,
) -> list[Any] | None:
    """Return the sorted repeated-name spans of ASCII ``text``, or None to run the Python loop."""
