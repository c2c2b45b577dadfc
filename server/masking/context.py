"""Helpers that keep the detectors fast: label checks and word-list patterns.

A pattern that starts with a case-insensitive list of labels is slow in Python's ``re``, which
then tries the whole list at every position. The detectors instead find the identifier by its
shape (digits are rare enough to skip to) and then read the few words before it with
``label_before``. Where a pattern must contain a long word list, ``trie_pattern`` writes it as
nested alternatives that branch one letter at a time.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

__all__ = ["any_of", "label_before", "trie_pattern", "words_before"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# One word read backwards: the separators after it, then its letters and digits in reverse.
_REVERSED_WORD = re.compile(r"[^0-9A-Za-z]*([0-9A-Za-z]+)")
# Characters that may join two runs of letters and digits into one word of ``_WORD`` ("pt's")
# or into one word after the "s/n" rewrite.
_JOINERS = frozenset({"'", "/"})
_WINDOW = 40
# A back-reference by number or by name, whose group would change in a joined pattern.
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def words_before(text: str, start: int, count: int, *, window: int = _WINDOW) -> list[str]:
    """Return up to ``count`` lower-case words before ``start``, nearest last.

    Words are read from at most ``window`` characters before ``start``.
    """
    segment = text[max(start - window, 0) : start]
    if count > 0 and segment.isascii():
        # Read from the end, because only the last few words are wanted. In ASCII text
        # without a joiner a word is a maximal run of letters and digits.
        reverse = segment[::-1]
        words: list[str] = []
        position = 0
        while len(words) < count:
            found = _REVERSED_WORD.match(reverse, position)
            if found is None:
                break
            position = found.end()
            if reverse[position : position + 1] in _JOINERS:
                return _read_words(segment, count)
            words.append(found.group(1)[::-1].lower())
        words.reverse()
        return words
    return _read_words(segment, count)


def _read_words(segment: str, count: int) -> list[str]:
    """Return the last ``count`` words of ``segment`` as ``words_before`` defines them."""
    return _WORD.findall(segment.lower().replace("s/n", "sn"))[-count:]


def label_before(
    text: str,
    start: int,
    labels: Collection[str],
    fillers: Collection[str] = (),
    *,
    max_words: int = 4,
) -> str | None:
    """Return the label among the words before ``start``, or None.

    Words in ``fillers`` ("number", "no", "id") may stand between the label and ``start``;
    any other word ends the search.
    """
    segment = text[max(start - _WINDOW, 0) : start]
    if max_words > 0 and segment.isascii():
        # Read the words of ``words_before`` one at a time from the end, because most calls
        # stop at the first word.
        reverse = segment[::-1]
        position = 0
        for _ in range(max_words):
            found = _REVERSED_WORD.match(reverse, position)
            if found is None:
                return None
            position = found.end()
            if reverse[position : position + 1] in _JOINERS:
                break
            word = found.group(1)[::-1].lower()
            if word in labels:
                return word
            if word not in fillers:
                return None
        else:
            return None
    for word in reversed(_read_words(segment, max_words)):
        if word in labels:
            return word
        if word not in fillers:
            return None
    return None


_TrieNode = dict[str, "_TrieNode"]


def trie_pattern(words: Iterable[str], space: str = r"\ ") -> str:
    """Return a regular expression for ``words`` that branches one letter at a time.

    ``re`` tries the alternatives of a flat list one by one at every position, so a list of
    60 month forms costs 60 comparisons per letter; the nested form costs a few. Each space in
    a word becomes the pattern ``space``.
    """
    tree: _TrieNode = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _TrieNode) -> str:
        branches: list[str] = []
        optional = "" in node
        for char in sorted(key for key in node if key):
            piece = space if char == " " else re.escape(char)
            branches.append(piece + render(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            # Longer forms are tried first, so "Sept" wins over "Sep" and "June" over "Jun".
            return "(?:" + body + ")?"
        return body

    return render(tree)


def any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """Join ``patterns`` into one pattern that matches wherever any of them matches.

    A detector runs a group of rare patterns only when this one finds something, which costs
    one ``Scan.finditer`` call per note in place of one per pattern. Its groups are those of
    all the parts in a row, so it is only for telling whether any part matches.

    Raises:
        ValueError: the patterns have different flags, or one has a back-reference, which
            would name another group once the patterns are joined.
    """
    flags = {pattern.flags for pattern in patterns}
    if len(flags) != 1:
        raise ValueError(f"patterns to join have different flags: {sorted(flags)}")
    for pattern in patterns:
        if _BACK_REFERENCE.search(pattern.pattern):
            raise ValueError(f"pattern to join has a back-reference: {pattern.pattern!r}")

    return re.compile("|".join("(?:" + pattern.pattern + ")" for pattern in patterns))
