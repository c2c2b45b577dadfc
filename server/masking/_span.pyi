from phigate.masking.spans import Source
from phigate.policy import PhiKind

class Span:
    """The C version of ``spans.Span``: the same fields, check, equality, repr and pickling."""

    start: int
    end: int
    kind: PhiKind
    source: Source
    def __init__(self, start: int, end: int, kind: PhiKind, source: Source) -> None: ...
