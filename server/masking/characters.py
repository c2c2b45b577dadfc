"""Spaces, dashes and invisible characters that hide an identifier's shape from the patterns.

Text pasted from word processors and web pages carries no-break spaces ("555 201 3344" with
U+00A0), typographic dashes ("123–45–6789"), full-width forms ("＠") and zero-width spaces or
soft hyphens inside a number. The detectors are written for ASCII spaces and hyphens, so the
masker reads a copy of each note in which those characters are replaced by their ASCII forms
and invisible ones are removed, and maps the spans it finds back onto the original text.
"""

from __future__ import annotations

import re

__all__ = ["DetectionText", "detection_text"]

# No-break, ogham, the en quad to hair spaces, narrow no-break, medium mathematical and
# ideographic spaces.
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = {"\u2018": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'}
# Zero-width space, non-joiner and joiner, word joiner, byte order mark and the soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_CHARACTER = re.compile("[" + _INVISIBLE + "]")

_TABLE: dict[int, str] = {ord(char): " " for char in _SPACES}
_TABLE.update({ord(char): "-" for char in _DASHES})
_TABLE.update({ord(char): ascii_form for char, ascii_form in _QUOTES.items()})
# Full-width ASCII ("＠", "０", "Ａ") occupies U+FF01 to U+FF5E, in ASCII order from "!".
_TABLE.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})


class DetectionText:
    """The copy of a note that the detectors read, and the way back to the note's offsets.

    Attributes:
        text: the note with spaces, dashes and full-width forms in ASCII and invisible
            characters removed.
        origins: for each character of ``text``, its offset in the note; None when no
            character was removed, so offsets are the same in both.
    """

    __slots__ = ("origins", "text")

    def __init__(self, text: str, origins: list[int] | None) -> None:
        self.text = text
        self.origins = origins

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the note's offsets for ``text[start:end]``, invisible characters inside."""
        if self.origins is None:
            return start, end
        return self.origins[start], self.origins[end - 1] + 1


def detection_text(note: str) -> DetectionText:
    """Return the copy of ``note`` that the detectors read."""
    if note.isascii():
        return DetectionText(note, None)
    translated = note.translate(_TABLE)
    if _INVISIBLE_CHARACTER.search(translated) is None:
        return DetectionText(translated, None)
    origins = [index for index, char in enumerate(translated) if char not in _INVISIBLE]
    return DetectionText("".join(translated[index] for index in origins), origins)
