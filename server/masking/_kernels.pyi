from collections.abc import Callable, Iterable, Mapping, Sequence
from re import Match
from typing import Any

def match_starts(
    match: Callable[[str, int], Match[str] | None], text: str, starts: list[int]
) -> list[Match[str]]: ...
def token_around(text: str, start: int, end: int) -> tuple[int, int]: ...

class ScanCore:
    """The C base of ``prefilter.Scan``, whose methods return what ``_PythonScan``'s return."""

    text: str
    _starts: Sequence[list[int] | None]
    _positions: Mapping[int, int]
    def __init__(
        self,
        text: str,
        starts: Sequence[list[int] | None] = ...,
        positions: Mapping[int, int] = ...,
    ) -> None: ...
    def finditer(self, pattern: Any, /) -> Iterable[Any]: ...
    def search(self, pattern: Any, /) -> Any: ...
    def covers(self, pattern: Any, /) -> bool: ...

def merge_spans(
    spans: Iterable[Any], span_type: Callable[..., Any], other_id: object, /
) -> list[Any] | None: ...
def has_control(text: str, /) -> bool: ...
