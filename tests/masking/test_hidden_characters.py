"""Characters that hide an identifier's shape, inserted into it, never keep it visible.

One property test puts a character that renders as nothing or rides on the one before it
(format, control, combining, spacing and enclosing marks) inside an SSN, a phone number, an
e-mail address or a name. Another joins the groups of an SSN and a phone number with every
dash and space that Unicode defines.
"""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.masking import FreeTextMasker, Masker
from phigate.policy import MaskSpec, Operator

KEY = b"hidden-characters-key-0123456789abcdef-01"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)
MASKER = FreeTextMasker(Masker(KEY))
HIDDEN_CATEGORIES = ("Cf", "Cc", "Mn", "Mc", "Me")
# Tab, line feed and carriage return are layout, not hidden characters.
LAYOUT = "\t\n\r"
HIDDEN = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if unicodedata.category(chr(code)) in HIDDEN_CATEGORIES and chr(code) not in LAYOUT
]
CASES = (
    ("SSN 123-45-6789 on file.", "123-45-6789", "SSN <SSN> on file."),
    ("Call 555-201-3344 today.", "555-201-3344", "Call <PHONE> today."),
    ("Mail jdoe@gmail.com now.", "jdoe@gmail.com", "Mail <EMAIL> now."),
    ("Seen by Dr. Okafor today.", "Okafor", "Seen by Dr. <PERSON> today."),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=st.sampled_from(CASES),
    hidden=st.sampled_from(HIDDEN),
    position=st.integers(min_value=1),
)
def test_hidden_character_inside_identifier_is_masked(
    case: tuple[str, str, str], hidden: str, position: int
) -> None:
    note, identifier, masked = case
    offset = 1 + position % (len(identifier) - 1)
    start = note.index(identifier)
    text = note[: start + offset] + hidden + note[start + offset :]
    result = MASKER.mask(text, PLACEHOLDERS)
    assert identifier not in result
    assert result.replace(hidden, "") == masked


def test_hidden_characters_cover_every_category() -> None:
    categories = {unicodedata.category(char) for char in HIDDEN}
    assert categories == set(HIDDEN_CATEGORIES)


DASHES_AND_SPACES = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if unicodedata.category(chr(code)) in ("Pd", "Zs")
]


def test_any_dash_or_space_between_groups_is_masked() -> None:
    unmasked = [
        f"U+{ord(separator):04X} in {note!r}"
        for separator in DASHES_AND_SPACES
        for note, masked in (
            ("SSN 123-45-6789 on file.", "SSN <SSN> on file."),
            ("Call 555-201-3344 today.", "Call <PHONE> today."),
        )
        if MASKER.mask(note.replace("-", separator), PLACEHOLDERS) != masked
    ]
    assert unmasked == []
