"""One pass over a note that finds where each detector pattern can start.

Python's ``re`` scans a note once per pattern, at about 10 ns a character, and the detectors
have some thirty patterns that must each see the whole note. ``Prefilter`` replaces those scans
with one pass over the note, in C, that looks for all of them at once.

The pass cannot run the patterns themselves: they use look-behinds, look-aheads and groups.
Instead each pattern is turned into *gates*: short runs of character classes, derived from the
parsed pattern, such that every match of the pattern begins with one of its gates. Assertions
are dropped from a gate, because a gate may match more than the pattern but never less. A
bounded repeat is unrolled and an alternation becomes one gate per branch. A gate stops at
``_MAX_GATE`` characters or at the first construct it cannot follow. One assertion is kept
because it prunes the most: a negative look-behind on the character before the match ("a
digit not preceded by a letter") becomes a class for that character.

Every gate has a fixed width, so each place where a gate ends gives one place where the
pattern may start. ``Scan.finditer`` then runs the real pattern there with
``re.Pattern.match``, skipping places inside the previous match, which yields exactly what
``pattern.finditer(text)`` yields: the gates cover every start, and ``finditer`` tries the
places in the same order.

Three engines can find the gate ends, and ``Prefilter`` takes the first one available:

- ``native``: the ``phigate.masking._gates`` extension, built from ``_gates.c`` at install
  time when a C compiler is present. It merges the gates into a trie and runs it as a lazily
  built automaton, so a note costs about one table lookup per character and returns every
  pattern's starts in one call.
- ``hyperscan``: the Hyperscan multi-pattern engine (the ``hyperscan`` package), which
  reports each gate end to a Python callback.
- ``re``: no one-pass scan at all; every pattern runs ``finditer`` over the whole note.

Gates read characters as ASCII. A note with any other character, a pattern whose gates cannot
be derived, and the ``re`` engine all take the plain ``finditer`` path, which gives the same
matches more slowly.
"""

from __future__ import annotations

import functools
import importlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

__all__ = [
    "DETECTOR_PATTERNS",
    "ENGINES",
    "Engine",
    "Prefilter",
    "Scan",
    "default_prefilter",
    "gated",
]

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from phigate.masking._gates import Matcher

try:  # pragma: no cover - which branch runs depends on the machine
    from phigate.masking import _gates as _native
except ImportError:  # pragma: no cover
    _native = None  # type: ignore[assignment]

try:  # pragma: no cover - which branch runs depends on the machine
    import hyperscan as _hyperscan
except ImportError:  # pragma: no cover
    _hyperscan = None  # type: ignore[assignment]

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._kernels import ScanCore as _ScanCore
    from phigate.masking._kernels import match_starts as _match_starts
except ImportError:  # pragma: no cover
    _ScanCore = None  # type: ignore[assignment,misc]
    _match_starts = None  # type: ignore[assignment]

Engine = Literal["native", "hyperscan", "re"]
# The engines in the order ``Prefilter`` prefers them.
ENGINES: tuple[Engine, ...] = ("native", "hyperscan", "re")

_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")
_constants: Any = importlib.import_module("re._constants")

# Characters in one gate: long enough to tell "3/14" from "120", short enough to stay cheap.
_MAX_GATE = 8
# Gates for one pattern; past this the gates are made shorter until they fit.
_MAX_GATES = 400
# Steps of the derivation for one pattern, so that nested repeats cannot run away.
_MAX_STEPS = 200_000
_ASCII = 128
# A pattern whose gates would fire more often than this, per 1,000 characters of a typical
# note, is left to ``re``: confirming each place costs about as much as scanning the whole note.
_MAX_EXPECTED_STARTS = 8.0
# Put before every note so that a gate with a class for the preceding character can match at
# the start. It must not be in that class, which is checked when the gate is built.
_SENTINEL = 0

_CHAR_OPS = frozenset({_constants.LITERAL, _constants.NOT_LITERAL, _constants.IN, _constants.ANY})
_ZERO_WIDTH_OPS = frozenset({_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT})
_REPEAT_OPS = frozenset(
    {_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT}
)
_GROUP_OPS = frozenset({_constants.SUBPATTERN, _constants.ATOMIC_GROUP})

Charset = frozenset[int]
Gate = tuple[Charset, ...]
# One gate of one pattern: the pattern's position in the prefilter, the class of the
# character before the match (or None), and the gate.
_Expression = tuple[int, Charset | None, Gate]

# Every pattern that a detector runs over a whole note, registered by ``gated`` at import.
DETECTOR_PATTERNS: list[Any] = []


def gated(pattern: Any) -> Any:
    """Register a compiled pattern for the one-pass scan and return it unchanged."""
    if pattern not in DETECTOR_PATTERNS:
        DETECTOR_PATTERNS.append(pattern)
    return pattern


class _TooMany(Exception):
    """The derivation produced more gates or took more steps than allowed."""


class _Derivation:
    def __init__(self, state: Any, limit: int) -> None:
        self.state = state
        self.limit = limit
        self.gates: set[Gate] = set()
        self.steps = 0
        self.charsets: dict[tuple[Any, int], Charset] = {}

    def charset(self, node: Any, flags: int) -> Charset:
        """Return the ASCII characters that one character-level node matches, by asking ``re``."""
        key = (repr(node), flags)
        found = self.charsets.get(key)
        if found is None:
            single = _compiler.compile(_parser.SubPattern(self.state, [node]), flags)
            found = frozenset(code for code in range(_ASCII) if single.fullmatch(chr(code)))
            self.charsets[key] = found
        return found

    def expand(self, todo: tuple[tuple[Any, int], ...], gate: Gate) -> None:
        """Add to ``gates`` the gates that every match of ``todo`` after ``gate`` starts with."""
        self.steps += 1
        if self.steps > _MAX_STEPS or len(self.gates) > _MAX_GATES:
            raise _TooMany
        if len(gate) >= self.limit or not todo:
            self.gates.add(gate)
            return

        (op, argument), flags = todo[0]
        rest = todo[1:]
        if op in _CHAR_OPS:
            charset = self.charset((op, argument), flags)
            if charset:
                self.expand(rest, (*gate, charset))
            # An empty class cannot match an ASCII note, so no gate is needed past it.
            return
        if op in _ZERO_WIDTH_OPS:
            self.expand(rest, gate)
            return
        if op in _GROUP_OPS:
            if op == _constants.SUBPATTERN:
                _, added, removed, body = argument
                flags = (flags | added) & ~removed
            else:
                body = argument
            self.expand(tuple((node, flags) for node in body.data) + rest, gate)
            return
        if op == _constants.BRANCH:
            for branch in argument[1]:
                self.expand(tuple((node, flags) for node in branch.data) + rest, gate)
            return

        if op in _REPEAT_OPS:
            low, high, body = argument
            once = tuple((node, flags) for node in body.data)
            if high == 0:
                self.expand(rest, gate)
                return
            if body.getwidth()[0] == 0:
                # A body that may match nothing could repeat without progress.
                self.gates.add(gate)
                return
            unbounded = high == _constants.MAXREPEAT
            following = ((op, (max(low - 1, 0), high if unbounded else high - 1, body)), flags)
            if low == 0:
                self.expand(rest, gate)
            self.expand((*once, following, *rest), gate)
            return
        # A back reference or a conditional: the gate ends here.
        self.gates.add(gate)


def _prior_class(data: list[Any], derivation: _Derivation, flags: int) -> Charset | None:
    """Return the characters that may stand before a match, if a leading look-behind limits them.

    Two shapes are read, inside any leading groups: ``(?<![...])`` before the first
    character, and ``X(?<![...]X)`` right after it, where the look-behind's second class
    contains everything ``X`` matches.
    """
    while data and data[0][0] == _constants.SUBPATTERN:
        _, added, removed, body = data[0][1]
        flags = (flags | added) & ~removed
        data = list(body.data)
    look_behind: list[Any]
    if data and data[0][0] == _constants.ASSERT_NOT and data[0][1][0] == -1:
        look_behind = list(data[0][1][1].data)
        if len(look_behind) != 1:
            return None
    elif (
        len(data) > 1
        and data[0][0] in _CHAR_OPS
        and data[1][0] == _constants.ASSERT_NOT
        and data[1][1][0] == -1
    ):
        look_behind = list(data[1][1][1].data)
        if len(look_behind) != 2 or look_behind[1][0] not in _CHAR_OPS:
            return None
        first = derivation.charset(data[0], flags)
        if not first <= derivation.charset(look_behind[1], flags):
            return None
    else:
        return None
    if look_behind[0][0] not in _CHAR_OPS:
        return None
    forbidden = derivation.charset(look_behind[0], flags)
    allowed = frozenset(range(_ASCII)) - forbidden
    if _SENTINEL not in allowed:
        return None
    return allowed


def _drop_covered(gates: set[Gate]) -> list[Gate]:
    """Drop every gate that a shorter gate already covers, so one start fires fewer times."""
    remaining: list[Gate] = []
    for gate in sorted(gates, key=len):
        covered = any(
            len(shorter) < len(gate)
            and all(wide >= narrow for wide, narrow in zip(shorter, gate, strict=False))
            for shorter in remaining
        )
        if not covered:
            remaining.append(gate)
    return remaining


def derive_gates(pattern: Any) -> tuple[Charset | None, list[Gate]] | None:
    """Return the class of the character before a match (or None) and the pattern's gates.

    Returns None when no gate can be derived: the pattern may match an empty string, or a
    match may start with something the derivation cannot follow.
    """
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    flags = parsed.state.flags
    limit = _MAX_GATE
    while limit > 0:
        derivation = _Derivation(parsed.state, limit)
        try:
            derivation.expand(tuple((node, flags) for node in parsed.data), ())
        except _TooMany:
            limit //= 2
            continue
        if () in derivation.gates:
            return None
        gates = _drop_covered(derivation.gates)
        return _prior_class(list(parsed.data), derivation, flags), gates
    return None


def _character_frequencies() -> tuple[float, ...]:
    """Return a rough share of each ASCII character in clinical notes, for ranking gates.

    The figures only need to tell a gate that fires on most words from one that fires on a
    few digits. Letters follow English frequencies, and the other characters are spread by
    kind.
    """
    shares = [0.0005] * _ASCII
    english = "etaoinshrdlcumwfgypbvkjxqz"
    for rank, letter in enumerate(english):
        shares[ord(letter)] = 0.62 * 0.16 * (0.86**rank)
    for code in range(ord("A"), ord("Z") + 1):
        shares[code] = 0.05 / 26
    for code in range(ord("0"), ord("9") + 1):
        shares[code] = 0.08 / 10
    shares[ord(" ")] = 0.16
    shares[ord("\n")] = 0.02
    for char in ".,:;-/()'":
        shares[ord(char)] = 0.006
    total = sum(shares)
    return tuple(share / total for share in shares)


_FREQUENCIES = _character_frequencies()


def expected_starts(prior: Charset | None, gates: Sequence[Gate]) -> float:
    """Return how often the gates would fire per 1,000 characters of a typical note."""
    lead = 1.0 if prior is None else sum(_FREQUENCIES[code] for code in prior)
    total = 0.0
    for gate in gates:
        chance = lead
        for charset in gate:
            chance *= sum(_FREQUENCIES[code] for code in charset)
        total += chance
    return total * 1000


_NO_POSITIONS: Mapping[int, int] = MappingProxyType({})


def _class_source(charset: Charset) -> bytes:
    ranges: list[str] = []
    codes = sorted(charset)
    index = 0
    while index < len(codes):
        low = codes[index]
        while index + 1 < len(codes) and codes[index + 1] == codes[index] + 1:
            index += 1
        high = codes[index]
        ranges.append(f"\\x{low:02x}" if low == high else f"\\x{low:02x}-\\x{high:02x}")
        index += 1
    return ("[" + "".join(ranges) + "]").encode("ascii")


def _class_bits(charset: Charset) -> int:
    """Return ``charset`` as the int whose bit k is set when it contains the character k."""
    bits = 0
    for code in charset:
        bits |= 1 << code
    return bits


def _native_expressions(
    expressions: Iterable[_Expression],
) -> list[tuple[int, list[int], bool]]:
    """Return gate expressions in the form ``_gates.Matcher`` reads, the prior class first."""
    converted: list[tuple[int, list[int], bool]] = []
    for position, prior, gate in expressions:
        classes = [_class_bits(charset) for charset in gate]
        if prior is not None:
            classes.insert(0, _class_bits(prior))
        converted.append((position, classes, prior is not None))
    return converted


class _PythonScan:
    """The Python version of ``_kernels.ScanCore``: the methods of ``Scan`` that C can run."""

    __slots__ = ("_positions", "_starts", "text")

    def __init__(
        self,
        text: str,
        starts: Sequence[list[int] | None] = (),
        positions: Mapping[int, int] = _NO_POSITIONS,
    ) -> None:
        self.text = text
        self._starts = starts
        self._positions = positions

    def finditer(self, pattern: Any) -> Iterable[Any]:
        """Return what ``pattern.finditer(self.text)`` yields, as an iterable."""
        # Patterns are keyed by identity: hashing a compiled pattern hashes its source.
        position = self._positions.get(id(pattern))
        if position is None:
            return pattern.finditer(self.text)  # type: ignore[no-any-return]
        starts = self._starts[position]
        if not starts:
            return ()
        if _match_starts is not None:
            return _match_starts(pattern.match, self.text, starts)
        return _python_match_starts(pattern, self.text, starts)

    def covers(self, pattern: Any) -> bool:
        """Return whether the one pass covered ``pattern``, so that finding nothing is cheap.

        A detector that checks for a word before running a pattern can skip the check then.
        """
        return id(pattern) in self._positions

    def search(self, pattern: Any) -> Any:
        """Return what ``pattern.search(self.text)`` returns."""
        position = self._positions.get(id(pattern))
        if position is None:
            return pattern.search(self.text)
        starts = self._starts[position]
        if not starts:
            return None
        # The first start where the pattern matches is where ``search`` finds it.
        match_at = pattern.match
        text = self.text
        for start in starts:
            match = match_at(text, start)
            if match is not None:
                return match
        return None


# The same methods run in C where ``_kernels`` was built, which saves most of the cost of a
# call that finds nothing. Type checkers read the Python class, whose methods are the same.
if TYPE_CHECKING:
    _ScanBase = _PythonScan
elif _ScanCore is not None:  # pragma: no cover - built where a C compiler was found at install
    _ScanBase = _ScanCore
else:  # pragma: no cover
    _ScanBase = _PythonScan


class Scan(_ScanBase):
    """The places in one note where each pattern of a ``Prefilter`` may start.

    ``starts`` contains, per pattern position, the sorted candidate starts, or None when there
    are none. ``positions`` maps ``id(pattern)`` to the position of each pattern that the pass
    covered. ``Scan(text)`` covers no pattern, so every one runs ``finditer`` over the text.
    ``finditer``, ``search`` and ``covers`` run in C where ``_kernels`` was built.
    """

    __slots__ = ()

    def finditer_before(
        self, pattern: Any, anchors: Iterable[int], accepts: Callable[[str], bool], reach: int
    ) -> list[Any]:
        """Return what ``pattern.finditer(self.text)`` yields, for a pattern tied to anchors.

        Every match must start at most ``reach`` characters before one of ``anchors`` (sorted
        positions), in a run of characters that ``accepts`` takes that reaches the anchor, as
        an e-mail address reaches its "@". Each anchor's run is tried from its start, so the
        first match found is the leftmost one, as with ``finditer``.
        """
        text = self.text
        match_at = pattern.match
        found: list[Any] = []
        position = 0
        for anchor in anchors:
            if anchor < position:
                continue
            start = anchor
            limit = max(position, anchor - reach)
            while start > limit and accepts(text[start - 1]):
                start -= 1
            for candidate in range(start, anchor + 1):
                match = match_at(text, candidate)
                if match is not None:
                    found.append(match)
                    position = max(match.end(), candidate + 1)
                    break
        return found


def _python_match_starts(pattern: Any, text: str, starts: list[int]) -> list[Any]:
    """Run ``pattern`` at each of ``starts`` that is not inside the previous match.

    ``_kernels.match_starts`` runs the same loop in C.
    """
    match_at = pattern.match
    found: list[Any] = []
    position = 0
    for start in starts:
        if start >= position:
            match = match_at(text, start)
            if match is not None:
                found.append(match)
                end = match.end()
                position = end if end > start else start + 1
    return found


class Prefilter:
    """The gates of ``patterns``, compiled for one engine.

    Args:
        patterns: compiled patterns; each is later passed to ``Scan.finditer`` as is.
        engine: ``"native"``, ``"hyperscan"`` or ``"re"``; by default the first of
            ``ENGINES`` that this machine has. The one-pass engines fall back to ``re`` when
            no pattern has usable gates, and with a logged warning when the gates cannot be
            compiled.

    Raises:
        ValueError: ``engine`` is unknown, or its module is not installed.
    """

    def __init__(self, patterns: Iterable[Any], engine: Engine | None = None) -> None:
        self._patterns: tuple[Any, ...] = tuple(dict.fromkeys(patterns))
        # For each covered pattern: id(pattern) to its position in ``_patterns``.
        self._positions: Mapping[int, int] = _NO_POSITIONS
        self._matcher: Matcher | None = None
        self._database: Any = None
        # For each Hyperscan expression: its pattern's position, and how far its end lies
        # past the pattern's start.
        self._expression_positions: list[int] = []
        self._offsets: list[int] = []
        self._local = threading.local()
        self._engine: Engine = "re"
        chosen = _choose_engine(engine)
        if chosen == "re":
            return
        expressions = self._derive()
        if not expressions:
            return
        if chosen == "native":
            if not self._build_matcher(expressions):
                return
        elif not self._compile_hyperscan(expressions):
            return
        self._engine = chosen
        # A plain dict, which ``ScanCore`` reads without a method call; no one changes it.
        self._positions = {id(self._patterns[position]): position for position, _, _ in expressions}

    @property
    def engine(self) -> Engine:
        """The engine that finds the gate ends; ``"re"`` when none covers a pattern."""
        return self._engine

    @property
    def patterns(self) -> tuple[Any, ...]:
        """The patterns, each once, in the order they were given."""
        return self._patterns

    @property
    def matcher(self) -> Matcher | None:
        """The native engine's matcher, whose ``states`` and ``memory`` show its cache."""
        return self._matcher

    @property
    def gated(self) -> frozenset[Any]:
        """The patterns that the one pass covers; the rest are scanned by ``re``."""
        return frozenset(pattern for pattern in self._patterns if id(pattern) in self._positions)

    def _derive(self) -> list[_Expression]:
        """Return the gates of every pattern that is worth covering."""
        expressions: list[_Expression] = []
        for position, pattern in enumerate(self._patterns):
            try:
                derived = derive_gates(pattern)
            except Exception:
                logger.debug("no gates for %r", pattern.pattern, exc_info=True)
                continue
            if derived is None:
                continue
            prior, gates = derived
            if expected_starts(prior, gates) > _MAX_EXPECTED_STARTS:
                continue
            expressions.extend((position, prior, gate) for gate in gates)
        return expressions

    def _build_matcher(self, expressions: Sequence[_Expression]) -> bool:
        """Build the native matcher of ``expressions``; return whether that worked."""
        try:
            self._matcher = _native.Matcher(_native_expressions(expressions), len(self._patterns))
        except Exception:
            logger.warning("the native matcher could not be built from the gates", exc_info=True)
            return False
        return True

    def _compile_hyperscan(self, expressions: Sequence[_Expression]) -> bool:
        """Compile ``expressions`` into a Hyperscan database; return whether that worked."""
        sources: list[bytes] = []
        for _, prior, gate in expressions:
            prefix = b"" if prior is None else _class_source(prior)
            sources.append(prefix + b"".join(_class_source(cs) for cs in gate))
        database = _hyperscan.Database(mode=_hyperscan.HS_MODE_BLOCK)
        try:
            database.compile(
                expressions=sources,
                ids=list(range(len(sources))),
                elements=len(sources),
                flags=[0] * len(sources),
            )
        except Exception:
            logger.warning("Hyperscan could not compile the detector gates", exc_info=True)
            return False
        self._database = database
        self._expression_positions = [position for position, _, _ in expressions]
        # In the scanned bytes the sentinel comes first, so a gate that ends at byte ``end``
        # belongs to a match starting at ``end - len(gate) - 1`` in the note, whether or not
        # the gate also reads the character before it.
        self._offsets = [len(gate) + 1 for _, _, gate in expressions]
        return True

    def scan(self, text: str) -> Scan:
        """Return the places in ``text`` where each gated pattern may start."""
        if self._engine == "re" or not text.isascii():
            return Scan(text)
        if self._matcher is not None:
            # The C call holds the GIL throughout and starts no thread.
            return Scan(text, self._matcher.scan(text), self._positions)
        return Scan(text, self._scan_hyperscan(text), self._positions)

    def _scan_hyperscan(self, text: str) -> list[list[int] | None]:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = _hyperscan.Scratch(self._database)
            self._local.scratch = scratch
        positions = self._expression_positions
        offsets = self._offsets
        found: list[list[int] | None] = [None] * len(self._patterns)

        def on_match(expression: int, _start: int, end: int, _flags: int, _context: object) -> None:
            start = end - offsets[expression]
            # A gate whose first class contains the sentinel can match on it, which is no start.
            if start >= 0:
                position = positions[expression]
                starts = found[position]
                if starts is None:
                    found[position] = [start]
                else:
                    starts.append(start)

        self._database.scan(
            b"\x00" + text.encode("ascii"), match_event_handler=on_match, scratch=scratch
        )
        for position, starts in enumerate(found):
            if starts is not None and len(starts) > 1:
                # Gates of one pattern may end out of order or fire twice at one start.
                found[position] = sorted(set(starts))
        return found


def _choose_engine(engine: Engine | None) -> Engine:
    """Return ``engine``, or the first available one when it is None."""
    available = {"native": _native is not None, "hyperscan": _hyperscan is not None, "re": True}
    if engine is None:
        return next(name for name in ENGINES if available[name])
    if engine not in available:
        raise ValueError(f"unknown prefilter engine {engine!r}; expected one of {ENGINES}")
    if not available[engine]:
        raise ValueError(f"the prefilter engine {engine!r} is not installed on this machine")
    return engine


@functools.lru_cache(maxsize=16)
def _cached_prefilter(patterns: tuple[Any, ...]) -> Prefilter:
    return Prefilter(patterns)


def default_prefilter(extra: Sequence[Any] = ()) -> Prefilter:
    """Return the shared prefilter for ``DETECTOR_PATTERNS`` plus ``extra`` (MRN patterns)."""
    return _cached_prefilter((*DETECTOR_PATTERNS, *extra))
