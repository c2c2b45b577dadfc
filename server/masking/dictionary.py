"""The identifier dictionary: names, ids and contact details that the database already holds.

Words are matched over a case-folded copy of the text, and a match counts only on token
boundaries, so the name "Rose" does not match inside "Roseville". ASCII notes go through the
one-pass matcher of the ``_gates`` extension, and other notes, or every note where that
extension is missing, through an Aho-Corasick automaton (pyahocorasick), with the same results.
Phone, fax and SSN values are matched by their digits, so every formatting of a stored number
is found.
"""

from __future__ import annotations

import enum
import logging
import operator
import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type stubs

from phigate.masking.prefilter import Scan, gated
from phigate.masking.spans import Span, fold_case
from phigate.masking.variants import address_variants
from phigate.masking.wordlists import (
    COMMON_WORDS,
    EPONYM_HEADS,
    EPONYMS,
    NAME_AFFIXES,
    PROPER_WORDS,
    SENTENCE_ABBREVIATIONS,
)
from phigate.policy import PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking import _gates
except ImportError:  # pragma: no cover
    _gates = None  # type: ignore[assignment]
try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking import _dictscan
except ImportError:  # pragma: no cover
    _dictscan = None  # type: ignore[assignment]

__all__ = ["IdentifierDictionary"]

logger = logging.getLogger(__name__)

# Dates, ages and ZIP codes are short numbers that recur in every note for other reasons, so a
# stored value of these kinds is no evidence that a match is that identifier. The pattern
# detectors handle them.
_UNMATCHED_KINDS = frozenset(
    {
        PhiKind.NONE,
        PhiKind.FREE_TEXT,
        PhiKind.AGE,
        PhiKind.DATE,
        PhiKind.BIRTH_DATE,
        PhiKind.ZIP,
    }
)
_DIGIT_KINDS = frozenset({PhiKind.PHONE, PhiKind.FAX, PhiKind.SSN})

# Shorter stored ids would match doses, counts and room numbers.
_MIN_ID_LENGTH = 4
_MIN_NAME_PART_LENGTH = 2
_SSN_DIGITS = 9
_US_PHONE_DIGITS = 10
_LOCAL_PHONE_DIGITS = 7
_MAX_NUMBER_DIGITS = 15

_NAME_SEPARATORS = re.compile(r"[\s,]+")
_WHITESPACE = re.compile(r"\s+")
_ASCII_NON_ALNUM = str.maketrans(
    {char: " " for char in map(chr, range(128)) if not char.isalnum()}
    | dict.fromkeys("’‘“”–—•…", " ")
)
_NON_ALNUM = re.compile(r"[\W_]")


def _normalize(text: str) -> str:
    """Replace every character that is not a letter or digit with a space, keeping offsets."""
    normalized = text.translate(_ASCII_NON_ALNUM)
    if normalized.isascii():
        return normalized
    return _NON_ALNUM.sub(" ", normalized)


# ``_normalize(fold_case(text))`` for ASCII text, as one ``bytes.translate``: ASCII letters are
# lower-cased, digits kept, and every other ASCII character becomes a space.
_ASCII_FOLD_NORMALIZE = bytes(
    ord(char.lower()) if char.isalnum() else ord(" ") for char in map(chr, range(128))
) + bytes(range(128, 256))

# Pattern positions in the ASCII matcher: the starts of the keys' heads, of the heads with
# two or more spaces before the word, and of the eponym heads, then one position for each
# key that has no letter or digit.
_KEY_STARTS = 0
_SPACED_KEY_STARTS = 1
_EPONYM_HEAD_STARTS = 2
_FIRST_BLANK_KEY = 3
# The matcher's cache keeps at most this many automaton states, the most that ``_gates``
# allows. A trie of plain strings needs at most one state per node plus one, because each
# state is named by its deepest active node, so a trie with fewer nodes never fills it.
_MAX_MATCHER_STATES = 32767
_MAX_GATE_LENGTH = 255
_APOSTROPHES = ("'", "’")


_NON_DIGITS = re.compile(r"\D+")
_DIGIT_RUN = re.compile(r"\d\d*")
# A stored number starts with a country code 1 or a group of three or more digits.
_MIN_FIRST_GROUP = 3
# Digit groups joined by the characters " .()+-", found in one pass before the groups are
# tried one by one. Chains shorter than the shortest stored number are skipped.
# A chain can only start where a run of digits starts, which the look-behind states for the
# prefilter.
_NUMBER_CHAIN = gated(re.compile(r"\d(?<!\d\d)[\d .()+-]{5,}\d"))
# The maximum number of characters between the digit groups of one formatted number, as in
# "(555) 201-3344".
_MAX_NUMBER_GAP = 3
_NUMBER_GAP_BYTES = b" .()+-"
_DROP_NUMBER_GAPS = str.maketrans("", "", _NUMBER_GAP_BYTES.decode("ascii"))
# Text allowed between two parts of one name: "Will Brown", "Brown, Will", "Will J. Brown",
# "Smith-Rose".
_NAME_GAP = re.compile(r"[ \t]*(?:[,-][ \t]*)?(?:\n[ \t]*)?(?:[A-Z]\.?[ \t]+)?")
_MAX_NAME_GAP = 6
_FOLLOWING_WORD = re.compile(r"(?:['’]s|s?['’])?[ \t]+(\w+)")
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")


class _Rule(enum.IntEnum):
    """How much context a dictionary match needs; a higher value needs less."""

    # A stored name part that is a capitalized word anyway ("May", "Christian"): masked only
    # next to another part of a name.
    PROPER_WORD = 0
    # A stored name part that is also an English or clinical word ("Rose", "Will"): masked only
    # when the text capitalizes it and either sets it next to another name part or uses it
    # mid-sentence outside an eponym. This keeps "rose", "Will follow up" and "Wells score".
    COMMON_WORD = 1
    # Any other single name part: masked everywhere except as an eponym ("Wilson disease").
    NAME_PART = 2
    # Full names, ids, contact details, addresses, and cities that are not common words:
    # masked everywhere.
    ALWAYS = 3


@dataclass(frozen=True, slots=True)
class _Entry:
    length: int
    kind: PhiKind
    rule: _Rule


# The rules as plain ints, which compare faster than enum members in the per-note loops.
_PROPER_WORD = int(_Rule.PROPER_WORD)
_COMMON_WORD = int(_Rule.COMMON_WORD)
_NAME_PART = int(_Rule.NAME_PART)
_ALWAYS = int(_Rule.ALWAYS)


class IdentifierDictionary:
    """Identifiers the database holds, for finding them again in free text.

    Build one with ``IdentifierDictionary.build``. An instance does not change once built.
    """

    def __init__(self, entries: Mapping[str, _Entry], numbers: Mapping[str, PhiKind]) -> None:
        self._size = len(entries) + len(numbers)
        self._numbers = dict(numbers)
        # Every stored number has at least ``_head_width`` digits, and ``_number_heads``
        # contains the first ``_head_width`` digits of each.
        self._head_width = min(map(len, numbers), default=0)
        self._number_heads = frozenset(number[: self._head_width] for number in numbers)
        # The same heads as bytes, for chains of ASCII characters.
        self._ascii_number_heads = frozenset(
            head.encode("ascii") for head in self._number_heads if head.isascii()
        )
        self._native_numbers = _build_native_numbers(self._numbers, self._number_heads)
        self._automaton: Any = None
        self._ascii: _AsciiMatcher | None = None
        if entries:
            # Keys are searched padded with spaces in text whose every non-alphanumeric
            # character reads as a space, so a match always sits on token boundaries and
            # substrings such as "ann" in "annual" never reach the Python loop.
            padded: dict[str, _Entry] = {}
            for key, entry in entries.items():
                padded_key = " " + _normalize(key) + " "
                existing = padded.get(padded_key)
                if existing is None or entry.rule > existing.rule:
                    padded[padded_key] = entry
            automaton = ahocorasick.Automaton()
            for key, entry in padded.items():
                automaton.add_word(key, _key(key, entry))
            automaton.make_automaton()
            self._automaton = automaton
            self._ascii = _AsciiMatcher.build(padded)
            # Spellings that differ only in punctuation share one key.
            self._size = len(padded) + len(numbers)

    @classmethod
    def build(cls, values: Mapping[PhiKind, Iterable[str]]) -> IdentifierDictionary:
        """Build a dictionary from the identifiers of each kind that the database holds.

        Names may be full names or single parts; every part of two or more letters is indexed
        too. Values of the kinds date, birth_date, age, zip, none and free_text are ignored,
        and so are ids shorter than four characters.
        """
        entries: dict[str, _Entry] = {}
        numbers: dict[str, PhiKind] = {}
        for kind, kind_values in values.items():
            if kind in _UNMATCHED_KINDS:
                continue
            for raw in kind_values:
                if raw is None:
                    continue
                text = _WHITESPACE.sub(" ", str(raw)).strip()
                if not text:
                    continue
                if kind == PhiKind.NAME:
                    _add_name(entries, text)
                elif kind in _DIGIT_KINDS:
                    if not _add_number(numbers, text, kind) and len(text) >= _MIN_ID_LENGTH:
                        # Too few digits to index by number ("6789", the last four of an
                        # SSN), so the text itself is searched.
                        _add(entries, fold_case(text), kind, _Rule.ALWAYS)
                elif kind == PhiKind.ADDRESS:
                    for variant in address_variants(fold_case(text), _MIN_ID_LENGTH):
                        _add(entries, variant, kind, _Rule.ALWAYS)
                elif kind == PhiKind.CITY:
                    _add_word(entries, fold_case(text), kind)
                elif len(text) >= _MIN_ID_LENGTH:
                    _add(entries, fold_case(text), kind, _Rule.ALWAYS)
        return cls(entries, numbers)

    def __len__(self) -> int:
        """Return the number of distinct search keys (word keys plus digit strings)."""
        return self._size

    def find(self, text: str, scan: Scan | None = None) -> list[Span]:
        """Return the dictionary matches in ``text``, which may overlap.

        ``scan`` is the note's prefilter scan when the caller has made it already.
        """
        spans: list[Span] = []
        if self._ascii is not None and text.isascii():
            # ``_find_words`` would make this call, one Python call later.
            spans = self._ascii.find(text)
        elif self._automaton is not None:
            spans = self._find_words(text)
        if self._numbers:
            numbers = None
            if self._native_numbers is not None:
                numbers = self._native_numbers.find(text if scan is None else scan.text)
            if numbers is None:
                numbers = self._find_numbers(scan or Scan(text))
            spans.extend(numbers)
        return spans

    def _find_words(self, text: str) -> list[Span]:
        """Return the word matches in ``text``, ordered by end and then longest first."""
        if self._ascii is not None and text.isascii():
            return self._ascii.find(text)
        spans: list[Span] = []
        # Indices into ``spans`` of the matches that ``_name_in_context`` must confirm.
        unconfirmed: list[tuple[int, int]] = []
        # Line breaks and punctuation read as spaces, so "Crystal\nBrown" matches "crystal
        # brown". The leading pad shifts every index by one. The automaton reports matches
        # by end, the longest first.
        padded = " " + _normalize(fold_case(text)) + " "
        for last_index, found in self._automaton.iter(padded):
            start = last_index - 1 - found[1]
            _append_match(text, spans, unconfirmed, start, found, eponym_ends=None)

        return _drop_unconfirmed(text, spans, unconfirmed) if unconfirmed else spans

    def _find_numbers(self, scan: Scan) -> list[Span]:
        """Return the stored numbers in the note of ``scan``; ``_dictscan.Numbers`` in Python."""
        text = scan.text
        spans: list[Span] = []
        heads = self._number_heads
        ascii_heads = self._ascii_number_heads
        width = self._head_width
        for chain in scan.finditer(_NUMBER_CHAIN):
            # A stored number is the digits of consecutive groups of one chain, so its first
            # ``width`` digits occur in the chain's digits. Most chains (dates,
            # doses) contain no such head and skip the group-by-group search.
            group = chain.group()
            found: frozenset[str] | frozenset[bytes]
            if group.isascii():
                digits: str | bytes = group.encode("ascii").translate(None, _NUMBER_GAP_BYTES)
                found = ascii_heads
            else:
                digits = group.translate(_DROP_NUMBER_GAPS)
                found = heads
            for offset in range(len(digits) - width + 1):
                if digits[offset : offset + width] in found:
                    spans.extend(self._numbers_in(text, chain.start(), chain.end()))
                    break
        return spans

    def _numbers_in(self, text: str, chain_start: int, chain_end: int) -> list[Span]:
        """Return the stored numbers inside one chain of digit groups."""
        numbers = self._numbers
        runs = [run.span() for run in _DIGIT_RUN.finditer(text, chain_start, chain_end)]
        spans: list[Span] = []
        for first, (run_start, run_end) in enumerate(runs):
            digits = text[run_start:run_end]
            if len(digits) < _MIN_FIRST_GROUP and digits != "1":
                continue
            best: tuple[int, PhiKind] | None = None
            if digits in numbers:
                best = (run_end, numbers[digits])
            last_end = run_end
            for following_start, following_end in runs[first + 1 : first + _MAX_NUMBER_DIGITS]:
                # Inside a chain every gap between two groups consists of chain characters,
                # so only its length decides whether it joins one number.
                if following_start - last_end > _MAX_NUMBER_GAP:
                    break
                digits += text[following_start:following_end]
                if len(digits) > _MAX_NUMBER_DIGITS:
                    break
                kind = numbers.get(digits)
                if kind is not None:
                    best = (following_end, kind)
                last_end = following_end
            if best is not None:
                spans.append(Span(run_start, best[0], best[1], "dictionary"))
        return spans


# One key for the ASCII matcher: the padded key, the length of the text it matches, whether
# the match counts only capitalized (the rules PROPER_WORD and COMMON_WORD), its rule as an
# int, and its kind.
_Key = tuple[str, int, bool, int, PhiKind]
# The keys that begin with one head: the key that is the head alone, if there is one, and the
# longer keys.
_HeadKeys = tuple[_Key | None, tuple[_Key, ...]]
_END_START = operator.attrgetter("end", "start")
# The ends and the starts of a note's name matches.
_Anchors = tuple[Set[int], Set[int]]


class _AsciiMatcher:
    """The padded keys, found in ASCII notes with the one-pass matcher of ``_gates``.

    The matcher looks for the head of each key, its first word with the padding around it,
    and reports where a head starts. Each key that begins with that head is then compared
    in full. The matcher also reports where an eponym head ("disease", "sign") starts.

    Where ``_dictscan`` was built, its ``Words`` finds the keys whose head has one space
    before the word, which are all keys but rare ones such as "#1234", without the matcher.
    The matcher then runs only for a dictionary that has such rare keys.
    """

    __slots__ = ("_blank_keys", "_heads", "_matcher", "_native", "_rare")

    def __init__(
        self, matcher: Any, heads: dict[str, _HeadKeys], blank_keys: tuple[_Key, ...]
    ) -> None:
        self._matcher = matcher
        self._heads = heads
        self._blank_keys = blank_keys
        self._native = _build_native_words(heads)
        # Keys that ``Words`` leaves to the matcher: heads with two or more spaces before the
        # word, and keys with no letter or digit.
        self._rare = bool(blank_keys) or any(head[1] == " " for head in heads)

    @classmethod
    def build(cls, padded: Mapping[str, _Entry]) -> _AsciiMatcher | None:
        """Build the matcher of ``padded``, or return None where it cannot be used.

        That is without the ``_gates`` extension, for a head longer than the matcher's
        longest gate, and for a trie too large for the matcher's cache.
        """
        if _gates is None:
            return None
        grouped: dict[str, list[_Key]] = {}
        blank_keys: list[_Key] = []
        for key, entry in padded.items():
            if not key.isascii():
                # The normalized copy of an ASCII note is ASCII, so this key cannot occur.
                continue
            found = _key(key, entry)
            word = key.lstrip(" ")
            if not word:
                blank_keys.append(found)
                continue
            head = key[: key.index(" ", len(key) - len(word))]
            grouped.setdefault(head, []).append(found)
        if any(len(head) >= _MAX_GATE_LENGTH for head in grouped) or any(
            len(found[0]) > _MAX_GATE_LENGTH for found in blank_keys
        ):
            return None
        expressions = [
            (_KEY_STARTS if head[1] != " " else _SPACED_KEY_STARTS, _classes(head + " "), False)
            for head in grouped
        ]
        expressions.extend(
            (_EPONYM_HEAD_STARTS, _classes(f" {word} "), False) for word in EPONYM_HEADS
        )
        expressions.extend(
            (_FIRST_BLANK_KEY + position, _classes(found[0]), False)
            for position, found in enumerate(blank_keys)
        )
        try:
            matcher = _gates.Matcher(
                expressions, _FIRST_BLANK_KEY + len(blank_keys), max_states=_MAX_MATCHER_STATES
            )
        except Exception:
            logger.warning("the dictionary's native matcher could not be built", exc_info=True)
            return None
        if matcher.nodes >= _MAX_MATCHER_STATES:
            logger.info(
                "the dictionary's trie has %d nodes, too many for its matcher", matcher.nodes
            )
            return None
        heads: dict[str, _HeadKeys] = {}
        for head, keys in grouped.items():
            alone = head + " "
            # The longer keys shortest first, so that matches at one start come out by end.
            heads[head] = (
                next((key for key in keys if key[0] == alone), None),
                tuple(sorted((key for key in keys if key[0] != alone), key=_key_length)),
            )

        return cls(matcher, heads, tuple(blank_keys))

    def find(self, text: str) -> list[Span]:
        """Return the word matches in ASCII ``text``, ordered by end and then longest first."""
        found = None if self._native is None else self._native.find(text)
        if found is None:
            return self._python_find(text)
        spans, unconfirmed, ordered, anchors = found
        if self._rare:
            padded = " " + text.encode("ascii").translate(_ASCII_FOLD_NORMALIZE).decode() + " "
            starts = self._matcher.scan(padded)
            eponym_ends = _ascii_eponym_ends(text, starts[_EPONYM_HEAD_STARTS])
            if self._append_rare(text, padded, starts, spans, unconfirmed, eponym_ends=eponym_ends):
                # The new matches may be anchors too.
                ordered = False
                anchors = None
        if not unconfirmed and ordered:
            return spans
        return _finish(text, spans, unconfirmed, ordered=ordered, anchors=anchors)

    def _python_find(self, text: str) -> list[Span]:
        """Run ``find`` in Python, as ``_dictscan.Words.find`` and ``_append_rare`` do."""
        # With the leading pad, ``padded[i + 1]`` is ``text[i]`` normalized, so a key found
        # at ``start`` in ``padded`` covers ``text[start : start + length]``.
        padded = " " + text.encode("ascii").translate(_ASCII_FOLD_NORMALIZE).decode() + " "
        found = self._matcher.scan(padded)
        eponym_ends = _ascii_eponym_ends(text, found[_EPONYM_HEAD_STARTS])
        spans: list[Span] = []
        append = spans.append
        # Indices into ``spans`` of the matches that ``_name_in_context`` must confirm.
        unconfirmed: list[tuple[int, int]] = []
        heads = self._heads
        last_end = 0
        ordered = True
        # ``_append_match`` written out for the keys that are a head alone, which are most
        # matches.
        for start in found[_KEY_STARTS] or ():
            alone, longer = heads[padded[start : padded.index(" ", start + 1)]]
            if alone is not None:
                _, length, capital, rule, kind = alone
                if not capital or text[start].isupper():
                    end = start + length
                    if rule != _ALWAYS and (rule != _NAME_PART or end in eponym_ends):
                        unconfirmed.append((len(spans), rule))
                    if end < last_end:
                        ordered = False
                    last_end = end
                    append(Span(start, end, kind, "dictionary"))
            for found_key in longer:
                if padded.startswith(found_key[0], start):
                    # A longer key ends after the other keys at this start, but it may end
                    # before a key at an earlier start.
                    if start + found_key[1] < last_end:
                        ordered = False
                    _append_match(
                        text, spans, unconfirmed, start, found_key, eponym_ends=eponym_ends
                    )
                    last_end = max(last_end, start + found_key[1])
        if self._append_rare(text, padded, found, spans, unconfirmed, eponym_ends=eponym_ends):
            ordered = False
        return _finish(text, spans, unconfirmed, ordered=ordered)

    def _append_rare(
        self,
        text: str,
        padded: str,
        found: list[list[int] | None],
        spans: list[Span],
        unconfirmed: list[tuple[int, int]],
        *,
        eponym_ends: set[int],
    ) -> bool:
        """Append the matches of the rare keys that ``_dictscan.Words`` leaves out.

        Returns whether it appended any, which leaves ``spans`` out of order.
        """
        heads = self._heads
        rare = len(spans)
        for start in found[_SPACED_KEY_STARTS] or ():
            word = start + 1
            while padded[word] == " ":
                word += 1
            alone, longer = heads[padded[start : padded.index(" ", word)]]
            for found_key in longer if alone is None else (alone, *longer):
                if padded.startswith(found_key[0], start):
                    _append_match(
                        text, spans, unconfirmed, start, found_key, eponym_ends=eponym_ends
                    )
        for position, found_key in enumerate(self._blank_keys, _FIRST_BLANK_KEY):
            for start in found[position] or ():
                if padded.startswith(found_key[0], start):
                    _append_match(
                        text, spans, unconfirmed, start, found_key, eponym_ends=eponym_ends
                    )
        return len(spans) > rare


def _build_native_words(heads: Mapping[str, _HeadKeys]) -> _dictscan.Words | None:
    """Return the ``_dictscan.Words`` of the keys whose head has one space before the word."""
    if _dictscan is None:
        return None
    single = [
        (head[1:], alone, longer) for head, (alone, longer) in heads.items() if head[1] != " "
    ]
    try:
        return _dictscan.Words(single, sorted(EPONYM_HEADS), PhiKind.NAME, Span, "dictionary")
    except (TypeError, ValueError, MemoryError):
        logger.warning("the dictionary's native word loop could not be built", exc_info=True)
        return None


def _build_native_numbers(
    numbers: Mapping[str, PhiKind], heads: Iterable[str]
) -> _dictscan.Numbers | None:
    """Return the ``_dictscan.Numbers`` of ``numbers``, or None without numbers or ``_dictscan``.

    Numbers with digits other than 0-9 are left out, because no note that ``Numbers.find``
    reads, which are ASCII notes, can contain them.
    """
    if _dictscan is None or not numbers:
        return None
    try:
        return _dictscan.Numbers(
            [(digits, kind) for digits, kind in numbers.items() if digits.isascii()],
            sorted(head for head in heads if head.isascii()),
            min(map(len, numbers)),
            Span,
            "dictionary",
        )
    except (TypeError, ValueError, MemoryError):
        logger.warning("the dictionary's native number loop could not be built", exc_info=True)
        return None


def _finish(
    text: str,
    spans: list[Span],
    unconfirmed: list[tuple[int, int]],
    *,
    ordered: bool,
    anchors: _Anchors | None = None,
) -> list[Span]:
    """Drop the unconfirmed matches that fail their rule and sort the rest by end."""
    if unconfirmed:
        spans = _drop_unconfirmed(text, spans, unconfirmed, anchors)
    if not ordered:
        # Matches came by start; the automaton's order is by end, the longest first.
        spans.sort(key=_END_START)

    return spans


def _ascii_eponym_ends(text: str, head_starts: Iterable[int] | None) -> set[int]:
    """Return where a name part may end that ``_is_eponym`` could call an eponym.

    That is before an eponym head, and before an apostrophe, the only one an ASCII note can
    contain. ``_append_match`` reads this set as its ``eponym_ends``, where the apostrophe
    test it also makes changes nothing.
    """
    eponym_ends = _eponym_ends(text, head_starts)
    apostrophe = text.find("'")
    while apostrophe >= 0:
        eponym_ends.add(apostrophe)
        apostrophe = text.find("'", apostrophe + 1)
    return eponym_ends


def _eponym_ends(text: str, head_starts: Iterable[int] | None) -> set[int]:
    """Return where a name part would end that an eponym head follows after blanks.

    ``_is_eponym`` reads a head after the blanks that follow a word, and a word that a key
    matched ends where those blanks start.
    """
    ends: set[int] = set()
    for head_start in head_starts or ():
        blanks_start = head_start
        while blanks_start > 0 and text[blanks_start - 1] in " \t":
            blanks_start -= 1
        if blanks_start < head_start:
            ends.add(blanks_start)

    return ends


def _append_match(
    text: str,
    spans: list[Span],
    unconfirmed: list[tuple[int, int]],
    start: int,
    found: _Key,
    *,
    eponym_ends: Set[int] | None,
) -> None:
    """Append a match to ``spans`` unless it needs capitals that it lacks ("rose", "will").

    A match that ``_name_in_context`` must confirm is noted in ``unconfirmed``, by its index
    and rule. That is every name part, except where ``eponym_ends`` (None: not known) shows
    that it cannot be an eponym, because such a name part is kept whatever its neighbors.
    ``_is_eponym`` needs an apostrophe right after the word or an eponym head after it.
    """
    _, length, capital, rule, kind = found
    if capital and not text[start].isupper():
        return
    end = start + length
    if rule != _ALWAYS and (
        rule != _NAME_PART
        or eponym_ends is None
        or end in eponym_ends
        or text.startswith(_APOSTROPHES, end)
    ):
        unconfirmed.append((len(spans), rule))
    spans.append(Span(start, end, kind, "dictionary"))


def _drop_unconfirmed(
    text: str,
    spans: list[Span],
    unconfirmed: list[tuple[int, int]],
    anchors: _Anchors | None = None,
) -> list[Span]:
    """Return ``spans`` without the ``unconfirmed`` matches that ``_name_in_context`` drops.

    ``anchors`` contains the ends and the starts of the name matches in ``spans``, where the
    caller has them already.
    """
    if anchors is None:
        # Every match whose rule needs capitals is capitalized, so every name match can
        # vouch for a neighbor.
        name = PhiKind.NAME
        anchors = (
            {span.end for span in spans if span.kind == name},
            {span.start for span in spans if span.kind == name},
        )
    dropped = set()
    for index, rule in unconfirmed:
        span = spans[index]
        if not _name_in_context(text, span.start, span.end, rule, anchors):
            dropped.add(index)
    if not dropped:
        return spans

    return [span for index, span in enumerate(spans) if index not in dropped]


def _key(padded_key: str, entry: _Entry) -> _Key:
    return (padded_key, entry.length, entry.rule <= _COMMON_WORD, int(entry.rule), entry.kind)


def _key_length(found: _Key) -> int:
    return len(found[0])


def _classes(key: str) -> list[int]:
    """Return the classes that match exactly the characters of ``key``, for ``_gates``."""
    return [1 << ord(char) for char in key]


def _add(entries: dict[str, _Entry], key: str, kind: PhiKind, rule: _Rule) -> None:
    existing = entries.get(key)
    if existing is None or rule > existing.rule:
        entries[key] = _Entry(len(key), kind, rule)


def _add_word(entries: dict[str, _Entry], key: str, kind: PhiKind) -> None:
    """Add a city or a single name part, with the rule its wording calls for."""
    if " " in key:
        _add(entries, key, kind, _Rule.ALWAYS)
    elif key in PROPER_WORDS:
        _add(entries, key, kind, _Rule.PROPER_WORD)
    elif key in COMMON_WORDS or len(key) <= _MIN_NAME_PART_LENGTH:
        _add(entries, key, kind, _Rule.COMMON_WORD)
    elif kind == PhiKind.NAME:
        _add(entries, key, kind, _Rule.NAME_PART)
    else:
        _add(entries, key, kind, _Rule.ALWAYS)


def _add_name(entries: dict[str, _Entry], text: str) -> None:
    folded = fold_case(text)
    parts: list[str] = []
    for raw_token in _NAME_SEPARATORS.split(folded):
        token = raw_token.strip(".")
        if token in NAME_AFFIXES:
            continue
        parts.append(token)
        if "-" in token:
            parts.extend(token.split("-"))
    parts = [part for part in parts if len(part) >= _MIN_NAME_PART_LENGTH]
    if " " in folded:
        _add(entries, folded, PhiKind.NAME, _Rule.ALWAYS)
    for part in parts:
        _add_word(entries, part, PhiKind.NAME)


def _add_number(numbers: dict[str, PhiKind], text: str, kind: PhiKind) -> bool:
    """Index a phone, fax or SSN value by its digits.

    Returns False, indexing nothing, for a value with too few digits to tell it from other
    numbers.
    """
    digits = _NON_DIGITS.sub("", text)
    if kind == PhiKind.SSN:
        if len(digits) != _SSN_DIGITS:
            return False
        numbers[digits] = kind
        return True
    if len(digits) == _US_PHONE_DIGITS + 1 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == _US_PHONE_DIGITS:
        numbers.setdefault(digits, kind)
        numbers.setdefault("1" + digits, kind)
        # The local number alone ("201-3344") still points to the person.
        numbers.setdefault(digits[-_LOCAL_PHONE_DIGITS:], kind)
        return True
    if _LOCAL_PHONE_DIGITS <= len(digits) <= _MAX_NUMBER_DIGITS:
        numbers.setdefault(digits, kind)
        return True
    return False


def _name_in_context(
    text: str,
    start: int,
    end: int,
    rule: int,
    anchors: tuple[Set[int], Set[int]],
) -> bool:
    """Apply the ``PROPER_WORD``, ``COMMON_WORD`` and ``NAME_PART`` rules to one match.

    ``anchors`` contains the ends and the starts of the note's name matches that can vouch
    for a neighbor.
    """
    word = text[start:end]
    common = rule <= _COMMON_WORD
    if common and not word[0].isupper():
        return False
    if _next_to_name(text, start, end, *anchors):
        return True
    if rule == _PROPER_WORD:
        return False
    if _is_eponym(text, end, fold_case(word)):
        return False
    if not common:
        return True
    if len(word) > 1 and word.isupper():
        # An all-capital word is more often an abbreviation ("NG tube", "MAY") than a name.
        return False
    return not _at_sentence_start(text, start)


def _next_to_name(
    text: str, start: int, end: int, anchor_ends: Set[int], anchor_starts: Set[int]
) -> bool:
    """Return whether another name match sits right before or after ``text[start:end]``."""
    # A note has a few anchors, so each is tried rather than each position in the gap.
    lowest = start - _MAX_NAME_GAP
    for anchor_end in anchor_ends:
        if lowest <= anchor_end < start and _NAME_GAP.fullmatch(text, anchor_end, start):
            return True
    highest = end + _MAX_NAME_GAP
    for anchor_start in anchor_starts:
        if end < anchor_start <= highest and _NAME_GAP.fullmatch(text, end, anchor_start):
            return True
    return False


def _is_eponym(text: str, end: int, word: str) -> bool:
    """Return whether the name part ending at ``end`` names a disease, sign or device."""
    following = _FOLLOWING_WORD.match(text, end)
    if following is not None and fold_case(following.group(1)) in EPONYM_HEADS:
        return True
    return word in EPONYMS and _POSSESSIVE.match(text, end) is not None


def _at_sentence_start(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    if index < 0:
        return True
    previous = text[index]
    if previous in '\n\r!?:;•*-"“(':
        return True
    if previous != ".":
        return False
    word_start = index
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:index]
    # An initial ("J. Rose") or a title ("Dr. Rose") does not end a sentence.
    if len(word) == 1 and word.isupper():
        return False
    return fold_case(word) not in SENTENCE_ABBREVIATIONS
