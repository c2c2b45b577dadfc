"""The prefilter's one-pass gate matcher, in C (``_gates.c``)."""

from collections.abc import Sequence

class Matcher:
    """A one-pass matcher of gate expressions, with a bounded cache of automaton states.

    Each expression is a tuple ``(pattern, classes, prior)``. ``pattern`` is the position of
    the expression's pattern, below ``patterns``. ``classes`` are ints whose bit k is set when
    the class contains the ASCII character k. ``prior`` is true when the first class is for
    the character before the start.
    """

    def __init__(
        self,
        expressions: Sequence[tuple[int, Sequence[int], bool]],
        patterns: int,
        *,
        max_states: int = 10000,
        max_bytes: int = 33554432,
    ) -> None: ...
    def scan(self, text: str, /) -> list[list[int] | None]:
        """Return, per pattern position, None or the sorted distinct starts in ``text``.

        Raises:
            ValueError: ``text`` is not ASCII.
            MemoryError: the cache could not grow; the cache stays usable.
        """
    @property
    def states(self) -> int:
        """States in the cache now."""
    @property
    def flushes(self) -> int:
        """Times the cache was emptied."""
    @property
    def memory(self) -> int:
        """Bytes the matcher has allocated."""
    @property
    def nodes(self) -> int:
        """Nodes of the trie, the root included."""
    @property
    def byte_classes(self) -> int:
        """Classes of ASCII bytes that every gate class treats alike."""
