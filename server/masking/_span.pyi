from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from phigate.masking import spans as _spans
from phigate.masking.spans import Source
from phigate.policy import PhiKind

class Span:
    """The C version of ``spans.Span``: the same fields, check, equality, repr and pickling."""

    start: int
    end: int
    kind: PhiKind
    source: Source
    def __init__(self, start: int, end: int, kind: PhiKind, source: Source) -> None: ...

def join_names(
    text: str, spans: list[_spans.Span], name_kind: PhiKind, hyphen_match: Callable[..., Any], /
) -> list[_spans.Span] | None: ...
def zips_after(
    text: str,
    spans: list[_spans.Span],
    anchor_kinds: AbstractSet[PhiKind],
    zip_match: Callable[..., Any],
    zip_kind: PhiKind,
    /,
) -> list[_spans.Span] | None: ...
