"""The dictionary's number search compared with a plain search over every digit group."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.masking.dictionary import IdentifierDictionary
from phigate.masking.prefilter import Scan
from phigate.policy import PhiKind

_STORED = {
    PhiKind.PHONE: ["(555) 201-3344", "617.555.0101"],
    PhiKind.FAX: ["555-867-5309"],
    PhiKind.SSN: ["123-45-6789"],
}
_DICTIONARY = IdentifierDictionary.build(_STORED)
_CHAIN = re.compile(r"\d(?<!\d\d)[\d .()+-]{5,}\d")
_GAP = re.compile(r"[ .()+-]{1,3}")


def _reference_numbers(text: str) -> list[tuple[int, int, PhiKind]]:
    """Return the stored numbers in ``text`` by trying every group of every chain."""
    numbers = _DICTIONARY._numbers
    found: list[tuple[int, int, PhiKind]] = []
    for chain in _CHAIN.finditer(text):
        runs = list(re.finditer(r"\d+", text[: chain.end()]))
        runs = [run for run in runs if run.start() >= chain.start()]
        for first, run in enumerate(runs):
            digits = run.group()
            if len(digits) < 3 and digits != "1":
                continue
            best = (run.end(), numbers[digits]) if digits in numbers else None
            last = run
            for following in runs[first + 1 :]:
                if not _GAP.fullmatch(text, last.end(), following.start()):
                    break
                digits += following.group()
                if len(digits) > 15:
                    break
                if digits in numbers:
                    best = (following.end(), numbers[digits])
                last = following
            if best is not None:
                found.append((run.start(), best[0], best[1]))
    return found


def _numbers(text: str) -> list[tuple[int, int, PhiKind]]:
    return [(span.start, span.end, span.kind) for span in _DICTIONARY._find_numbers(Scan(text))]


def test_numbers_found_in_formats() -> None:
    """Each stored number is found whatever its formatting, and a near miss is not."""
    text = "call 555 201 3344 or 1-617-555-0101, fax (555)867-5309, ssn 123 45 6789, 555-201-3345"

    found = _numbers(text)

    assert found == _reference_numbers(text)
    assert (5, 17, PhiKind.PHONE) in found
    assert (text.index("(555)") + 1, text.index(", ssn"), PhiKind.FAX) in found
    assert (text.index("123 45"), text.index(", 555-201-3345"), PhiKind.SSN) in found
    assert all(start < text.index("555-201-3345") for start, _, _ in found)


_GROUPS = ["555", "201", "3344", "617", "0101", "867", "5309", "123", "45", "6789", "1", "2021"]
_PIECES = st.sampled_from(
    [*_GROUPS, " ", "-", ".", "(", ")", "+", "  ", " - ", "x", "\n", "٣", "12", "9"]
)


@settings(max_examples=400)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_numbers_match_reference(text: str) -> None:
    """The search that skips chains without a stored number's head finds what the plain one does."""
    assert _numbers(text) == _reference_numbers(text)
