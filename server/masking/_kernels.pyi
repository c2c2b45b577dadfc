from collections.abc import Callable
from re import Match

def match_starts(
    match: Callable[[str, int], Match[str] | None], text: str, starts: list[int]
) -> list[Match[str]]: ...
def token_around(text: str, start: int, end: int) -> tuple[int, int]: ...
