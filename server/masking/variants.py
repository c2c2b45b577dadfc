"""Spellings of a stored street address to search notes for: suffixes abbreviated, units cut.

The identifier dictionary indexes every spelling, because a note writes "41 Juniper St" for a
stored "41 Juniper Street, Apt 3B".
"""

from __future__ import annotations

import itertools
import re

__all__ = ["address_variants"]

_STREET_SUFFIXES: dict[str, tuple[str, ...]] = {
    "street": ("st",),
    "avenue": ("ave", "av"),
    "road": ("rd",),
    "drive": ("dr",),
    "boulevard": ("blvd",),
    "lane": ("ln",),
    "court": ("ct",),
    "place": ("pl",),
    "terrace": ("ter",),
    "circle": ("cir",),
    "highway": ("hwy",),
    "parkway": ("pkwy",),
    "square": ("sq",),
    "trail": ("trl",),
}
_SUFFIX_FAMILIES: dict[str, tuple[str, ...]] = {}
for _full, _short in _STREET_SUFFIXES.items():
    _family = (_full, *_short, *(abbreviation + "." for abbreviation in _short))
    for _member in _family:
        _SUFFIX_FAMILIES[_member] = _family
_MAX_ADDRESS_VARIANTS = 16

_ADDRESS_UNIT = re.compile(r"[\s,]+(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[\w-]+$")


def address_variants(address: str, min_length: int) -> list[str]:
    """Return the spellings of a stored address to search for.

    The street line alone (before the first comma, without an apartment or suite) is searched
    too, and each street suffix in its full, abbreviated and dotted forms. Spellings shorter
    than ``min_length`` characters are dropped.
    """
    bases = {address, address.split(",", 1)[0].strip()}
    bases |= {_ADDRESS_UNIT.sub("", base) for base in bases}
    variants: list[str] = []
    for base in sorted(bases):
        tokens = base.split(" ")
        choices = [_SUFFIX_FAMILIES.get(token.rstrip(","), (token,)) for token in tokens]
        for combination in itertools.islice(itertools.product(*choices), _MAX_ADDRESS_VARIANTS):
            variant = " ".join(combination)
            if len(variant) >= min_length:
                variants.append(variant)
    return variants
