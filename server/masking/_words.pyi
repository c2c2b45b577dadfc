"""The name scan in C; see ``names._python_candidates`` and ``names.NameScanner.find``."""

from typing import Any

from phigate.masking.spans import Span

def candidates(text: str, seen: dict[str, Any], /) -> list[tuple[str, int, int]]:
    """Return ``(word, start, end)`` for each capitalized word the name scan must still read."""

def scan(text: str, seen: dict[str, Any], /) -> list[Span] | None:
    """Return the spans of ``NameScanner.find``, or None where the Python scan must run."""

def configure(*arguments: Any) -> None:
    """Store the span type, kinds, word classes and callbacks of ``names._SCAN_CONFIGURATION``."""
