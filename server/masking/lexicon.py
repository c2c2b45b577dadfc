"""Word classes for the capitalized-word name scan: safe, name-like or unknown.

The scan follows the approach of Philter (UCSF): a capitalized word that is not on a list of
known-safe words is taken for a name. The safe list here joins the hand-written English and
clinical lists, the month, weekday and cue lists, and two rules that need no list: regular
inflections of a listed word ("Ambulated", "Tolerating") and endings that only clinical words
have ("-itis", "-ectomy", "-statin").
"""

from __future__ import annotations

import enum
import functools

from phigate.masking.wordlists import (
    CUE_STOPWORDS,
    EPONYM_HEADS,
    MONTHS,
    NAME_AFFIXES,
    NAME_LIKE_WORDS,
    SENTENCE_ABBREVIATIONS,
    WEEKDAYS,
)
from phigate.masking.words_clinical import CLINICAL_WORDS
from phigate.masking.words_english import ENGLISH_WORDS

__all__ = ["COUNTRIES", "SAFE_WORDS", "WordClass", "classify_word", "is_english_word"]


class WordClass(enum.IntEnum):
    """The treatment of a capitalized word in the name scan."""

    # Never a name on its own evidence: English and clinical words, months and weekdays.
    SAFE = 0
    # A word that is also a common given name or surname ("Hope", "Brown"): a name only next to
    # another name or after a name cue.
    NAME_LIKE = 1
    # On no list: taken for a name.
    UNKNOWN = 2


# US state and territory codes. "al" stays out, because "Al" is also a given name.
_STATE_CODE_TEXT = (
    "ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj "
    "nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy pr vi gu"
)
_STATE_CODES = frozenset(_STATE_CODE_TEXT.split())

# Countries and nationalities are larger than a state, so Safe Harbor keeps them. Those that
# are also given names (Jordan, Chad, Georgia) are left out.
_COUNTRY_TEXT = (
    "america american usa us canada canadian mexico mexican brazil brazilian argentina colombia "
    "peru chile venezuela cuba cuban haiti haitian guatemala honduras salvador nicaragua "
    "jamaica england english britain british uk ireland irish scotland scottish wales welsh "
    "france french germany german spain spanish portugal portuguese italy italian greece greek "
    "netherlands dutch belgium switzerland swiss austria poland polish russia russian ukraine "
    "ukrainian sweden swedish norway norwegian denmark danish finland turkey turkish israel "
    "lebanon syria iraq iran egypt egyptian morocco nigeria nigerian ghana kenya ethiopia "
    "somalia africa african india indian pakistan bangladesh china chinese japan japanese "
    "korea korean vietnam vietnamese thailand philippines filipino indonesia australia "
    "australian zealand europe european asia asian latin hispanic latino latina"
)
_COUNTRIES = frozenset(_COUNTRY_TEXT.split())
COUNTRIES = _COUNTRIES

# Clinical words that are also surnames ("Colon", "Foley"): masked next to another name.
_CLINICAL_SURNAMES = frozenset(
    {"colon", "foley", "mayo", "mercy", "mass", "stroke", "charity", "kindred", "sinai"}
)

SAFE_WORDS: frozenset[str] = (
    ENGLISH_WORDS
    | _COUNTRIES
    | _STATE_CODES
    | CLINICAL_WORDS
    | CUE_STOPWORDS
    | EPONYM_HEADS
    | MONTHS
    | WEEKDAYS
    | NAME_AFFIXES
    | SENTENCE_ABBREVIATIONS
) - NAME_LIKE_WORDS

# Endings that no common given name or surname has, checked on words of at least the ending's
# length plus three letters. Names with endings such as "-ine" (Caroline), "-ence" (Florence),
# "-ary" (Mary) or "-er" (Turner) are why those endings are absent.
_CLINICAL_ENDINGS = (
    "itis",
    "osis",
    "lithiasis",
    "stasis",
    "ectasis",
    "metry",
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "emia",
    "pathy",
    "ology",
    "ologist",
    "scopy",
    "graphy",
    "algia",
    "penia",
    "megaly",
    "plegia",
    "uria",
    "rrhea",
    "gram",
    "pril",
    "sartan",
    "olol",
    "statin",
    "azole",
    "tidine",
    "dipine",
    "mycin",
    "cillin",
    "cycline",
    "floxacin",
    "mab",
    "tinib",
    "parin",
    "gliptin",
    "gliflozin",
    "glutide",
    "triptan",
    "setron",
    "lukast",
    "azepam",
    "zolam",
    "oxetine",
    "thiazide",
    "terol",
    "tion",
    "sion",
    "ment",
    "ness",
    "ous",
    "ful",
    "less",
    "ism",
    "ical",
    "ally",
    "ular",
    "ible",
    "able",
    "ize",
    "ized",
    "izing",
)
_MIN_STEM = 3

# Regular inflections, tried in order: the ending to strip and what to put back. A stem must
# keep four letters, because shorter stems turn surnames into words: "Boyd" is not "boy" plus
# "d", nor "Carly" "car" plus "ly".
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
)
_INFLECTION_ENDINGS = tuple(ending for ending, _ in _INFLECTIONS)
_MIN_INFLECTED_STEM = 4
# "-es" is a plural only after these ("boxes", "matches"); "Morales" is not "moral" plus "es".
_ES_STEM_ENDINGS = ("s", "x", "z", "ch", "sh")


@functools.lru_cache(maxsize=65_536)
def classify_word(word: str) -> WordClass:
    """Return the class of a lower-case word without its possessive ending."""
    if word in NAME_LIKE_WORDS or word in _CLINICAL_SURNAMES:
        return WordClass.NAME_LIKE
    if word in SAFE_WORDS:
        return WordClass.SAFE
    # One ``endswith`` with the whole tuple rules out most words before the loop.
    if word.endswith(_CLINICAL_ENDINGS):
        for ending in _CLINICAL_ENDINGS:
            if word.endswith(ending) and len(word) >= len(ending) + _MIN_STEM:
                return WordClass.SAFE
    for stem in _stems(word):
        # A country has no plural or verb forms: "Frances" is a name, not "France" + "s".
        if stem in SAFE_WORDS and stem not in _COUNTRIES:
            return WordClass.SAFE
        if stem in NAME_LIKE_WORDS:
            return WordClass.NAME_LIKE
    return WordClass.UNKNOWN


def is_english_word(word: str) -> bool:
    """Return whether a lower-case word is a general English word, inflected or not.

    Clinical words, place names, months and weekdays are not counted.
    """
    if word in NAME_LIKE_WORDS or word in CLINICAL_WORDS:
        return False
    if word in ENGLISH_WORDS:
        return True
    return any(stem in ENGLISH_WORDS and stem not in CLINICAL_WORDS for stem in _stems(word))


def _stems(word: str) -> list[str]:
    """Return the stems that regular inflections of ``word`` may come from.

    A doubled final consonant is undone too ("controlled" from "control"), but only where at
    least four letters remain, so "Manning" does not reduce to "man".
    """
    stems: list[str] = []
    if not word.endswith(_INFLECTION_ENDINGS):
        return stems
    for ending, replacement in _INFLECTIONS:
        if not word.endswith(ending):
            continue
        base = word[: len(word) - len(ending)]
        if ending == "es" and not base.endswith(_ES_STEM_ENDINGS):
            continue
        stem = base + replacement
        if len(stem) >= _MIN_INFLECTED_STEM:
            stems.append(stem)
        if not replacement and len(base) > _MIN_INFLECTED_STEM and base[-1] == base[-2]:
            stems.append(base[:-1])
    return stems
