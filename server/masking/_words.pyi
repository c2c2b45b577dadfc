"""The capitalized-word loop of the name scan, in C; see ``names._python_candidates``."""

from typing import Any

def candidates(text: str, seen: dict[str, Any], /) -> list[tuple[str, int, int]]:
    """Return ``(word, start, end)`` for each capitalized word the name scan must still read."""
