"""Spaces, dashes and invisible characters that hide an identifier's shape from the patterns.

Text pasted from word processors and web pages carries no-break spaces ("555 201 3344" with
U+00A0), typographic dashes ("123–45–6789") and full-width forms ("＠"). It also carries letters
with combining accents ("A" + U+0301 for "Á"), styled letters ("𝐌𝐚𝐫𝐢𝐚"), and zero-width
spaces or soft hyphens inside a number. The detectors are written for composed letters, ASCII
spaces and hyphens. So the masker reads a copy of each note in which those characters are
replaced by their ASCII or NFKC forms and invisible ones are removed, and it maps the spans it
finds back onto the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = ["DetectionText", "detection_text"]

# No-break, ogham, the en quad to hair spaces, narrow no-break, medium mathematical and
# ideographic spaces.
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# Hyphens, dashes and minus signs, their superscript, subscript, small and full-width forms,
# and characters that look like them: the katakana prolonged sound mark, the hyphen bullet,
# the hyphenation point, the modifier minus, the Armenian and Hebrew hyphens, the wave dash.
_DASHES = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u207b\u208b\ufe31\ufe32"
    "\uff70\u30fc\u2043\u2027\u02d7\u058a\u05be\u2e3a\u2e3b\u301c"
    # The rest of Unicode's dash punctuation (category Pd).
    "\u1400\u1806\u2e17\u2e1a\u2e40\u2e5d\u3030\u30a0\U00010ead"
)
# Ideographic and half-width full stops, which hide the dots of an e-mail address.
_STOPS = "\u3002\uff61\ufe52"
# Line and paragraph separators, removed like the controls: inside a number they would split
# it, and between words a removed separator costs less than a kept identifier.
_SEPARATORS = "\u2028\u2029"
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
}
# Unicode's default-ignorable code points, which display as nothing: the soft hyphen,
# zero-width spaces and joiners, direction marks and embeddings, invisible operators, the
# byte order mark, Hangul fillers, variation selectors and tag characters.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_INVISIBLE_CHARACTER = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _INVISIBLE_RANGES) + "]"
)
# ASCII control characters except tab, line feed and carriage return. Vertical tab and form
# feed count as controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _python_has_control(text: str) -> bool:
    """Return whether ``text`` contains a control character that ``_CONTROL`` matches.

    ``_kernels.has_control`` does the same in C.
    """
    return _CONTROL.search(text) is not None


_has_control: Callable[[str], bool]
try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._kernels import has_control as _has_control
except ImportError:  # pragma: no cover
    _has_control = _python_has_control

_TABLE: dict[int, str] = {ord(char): " " for char in _SPACES}
_TABLE.update({ord(char): "-" for char in _DASHES})
_TABLE.update({ord(char): "." for char in _STOPS})
_TABLE.update({ord(char): ascii_form for char, ascii_form in _QUOTES.items()})
# Full-width ASCII ("＠", "０", "Ａ") occupies U+FF01 to U+FF5E, in ASCII order from "!".
_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


class DetectionText:
    """The copy of a note that the detectors read, and the way back to the note's offsets.

    Attributes:
        text: the note with spaces, dashes and full-width forms in ASCII, letters in NFKC
            form and invisible characters removed.
        starts, ends: for each character of ``text``, where the characters it came from start
            and end in the note; None when ``text`` lines up with the note character for
            character.
    """

    __slots__ = ("ends", "starts", "text")

    def __init__(self, text: str, starts: list[int] | None, ends: list[int] | None) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends

    @property
    def aligned(self) -> bool:
        """Whether offsets in ``text`` are offsets in the note."""
        return self.starts is None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the note's offsets for ``text[start:end]``, invisible characters inside."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _hidden(char: str) -> bool:
    """Return whether ``char`` displays as nothing: default-ignorable, format or control."""
    if char in "\t\n\r":
        return False
    if _INVISIBLE_CHARACTER.match(char) is not None or char in _SEPARATORS:
        return True
    return unicodedata.category(char) in ("Cf", "Cc")


def _is_mark(char: str) -> bool:
    """Return whether ``char`` is a combining, spacing or enclosing mark."""
    return unicodedata.category(char).startswith("M")


def detection_text(note: str) -> DetectionText:
    """Return the copy of ``note`` that the detectors read."""
    if note.isascii() and not _has_control(note):
        return DetectionText(note, None, None)
    translated = note.translate(_TABLE)
    unusual = {char for char in set(translated) if not char.isascii() or _CONTROL.match(char)}
    if unicodedata.is_normalized("NFKC", translated) and not any(
        _hidden(char) or _is_mark(char) for char in unusual
    ):
        return DetectionText(translated, None, None)

    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(translated)
    while index < length:
        char = translated[index]
        if _hidden(char):
            index += 1
            continue

        # A letter and the marks after it (combining, spacing and enclosing) are normalized
        # together.
        end = index + 1
        while end < length and _is_mark(translated[end]):
            end += 1
        cluster = translated[index:end]
        normal = cluster if cluster.isascii() else unicodedata.normalize("NFKC", cluster)
        normal = normal.translate(_TABLE)
        if char.isascii() and len(normal) > 1:
            # A mark left on an ASCII letter or digit after composing ("S" and a strike-through
            # overlay, "1" and a keycap, "o" and two accents) only hides the character.
            normal = normal[0] + "".join(piece for piece in normal[1:] if not _is_mark(piece))
        for piece in normal:
            pieces.append(piece)
            starts.append(index)
            ends.append(end)
        index = end
    return DetectionText("".join(pieces), starts, ends)
