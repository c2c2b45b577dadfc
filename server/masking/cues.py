"""Name cues: the words around a name that mark it as one, for people the database does not hold.

Three cues are read: a title before a name ("Dr. Patel", "Mrs. Ann Lee"), credentials after a
name ("Sarah Jones, RN"), and a relation or reporting phrase before a name ("daughter Maria",
"spoke with Tom Reyes", "per Jane Doe"). The name is one to three capitalized words. Capture
stops at the first word in ``CUE_STOPWORDS`` and at any all-capital word, so "per Cardiology"
and "discussed with ICU team" capture nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.masking.spans import Span
from phigate.masking.wordlists import COMMON_WORDS, CUE_STOPWORDS, PROPER_WORDS
from phigate.policy import PhiKind

__all__ = ["find_cue_names", "find_repeated_names"]

# A capitalized word ("Smith", "McDonald", "O'Brien", "Smith-Jones", "SMITH") or an initial
# ("J."). The bounded repeats keep matching linear on long runs such as "A-A-A-...".
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][A-Za-z]{0,30}(?:['’-][A-Za-z]{1,30}){0,3})(?![A-Za-z'’-])"
_NAME_WORDS = _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2}"

# Capital titles need their period, so "MS Contin" (morphine sulfate) is not "Ms. Contin".
_TITLE_BEFORE = re.compile(
    r"\b(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?|Miss|Doctor|(?:DR|MR|MRS|MS|MX|PROF|dr|mr|mrs|ms)\.)"
    r"[ \t]+(" + _NAME_WORDS + ")"
)
# Case-sensitive, so the verb "do" and the state code "PA" are not read as credentials.
_CREDENTIALS = (
    "RN|MD|NP|PA-C|LPN|LVN|CNA|PhD|DDS|DMD|PharmD|APRN|CNM|CRNA|DPM|LCSW|MSW|DNP|FNP-C|FNP|"
    "MSN|BSN|RRT|CRNP|DO"
)
_CREDENTIALS_AFTER = re.compile(
    r"\b(" + _NAME_WORDS + r"),?[ \t]+(?:" + _CREDENTIALS + r")(?![\w-])"
    # "Baltimore, MD 21201" is a state code before a ZIP code.
    r"(?![ \t]+\d{5})"
)
_RELATIONS = (
    "daughter|son|wife|husband|spouse|partner|mother|mom|father|dad|sister|brother|friend|"
    "neighbou?r|caregiver|granddaughter|grandson|grandmother|grandfather|niece|nephew|aunt|"
    "uncle|cousin|guardian|fianc[eé]e?|boyfriend|girlfriend|roommate|"
    r"spoke[ \t]+(?:with|to)|talked[ \t]+(?:with|to)"
)
_RELATION_BEFORE = re.compile(
    r"(?i:\b(" + _RELATIONS + r"|per)\b)"
    r"(?:[ \t]*[,:(-][ \t]*|[ \t]+(?i:named|is|name[ \t]+is)[ \t]+|[ \t]+)"
    r"(" + _NAME_WORDS + ")"
)
# "per" also introduces protocols and services ("per Cardiology"), so it needs a first and last
# name.
_PER_MIN_WORDS = 2
_POSSESSIVE_ENDINGS = ("'s", "’s")
_WORD = re.compile(r"\S+")


def find_cue_names(text: str) -> list[Span]:
    """Return the name spans that titles, credentials and relation words point to."""
    spans: list[Span] = []
    for match in _TITLE_BEFORE.finditer(text):
        # After a title an all-capital word is a name ("DR. PATEL"), not an abbreviation.
        spans.extend(_name_span(text, match.span(1), from_end=False, capitals_allowed=True))
    for match in _CREDENTIALS_AFTER.finditer(text):
        spans.extend(_name_span(text, match.span(1), from_end=True))
    for match in _RELATION_BEFORE.finditer(text):
        min_words = _PER_MIN_WORDS if match.group(1).lower() == "per" else 1
        spans.extend(_name_span(text, match.span(2), from_end=False, min_words=min_words))
    return spans


def find_repeated_names(text: str, cue_spans: list[Span]) -> list[Span]:
    """Return the other places in ``text`` where a word of a cue-found name appears.

    A note names "daughter Maria" once and then writes "Maria agrees"; the second mention has no
    cue. Words in ``COMMON_WORDS`` are not searched, because "Will" or "May" recur as words.
    """
    words: set[str] = set()
    for span in cue_spans:
        for word in text[span.start : span.end].split():
            cleaned = word.rstrip(".")
            if len(cleaned) > 1 and cleaned.lower() not in COMMON_WORDS:
                words.add(cleaned)
    if not words:
        return []
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
    return [Span(m.start(), m.end(), PhiKind.NAME, "cue") for m in pattern.finditer(text)]


def _name_span(
    text: str,
    bounds: tuple[int, int],
    *,
    from_end: bool,
    min_words: int = 1,
    capitals_allowed: bool = False,
) -> Iterator[Span]:
    """Trim the captured words to the name and yield its span, if any words remain.

    With ``from_end`` the name ends where the capture ends (credentials follow it), so words
    are kept from the back up to the last stopword. Otherwise the name starts where the
    capture starts and ends before the first stopword.
    """
    start, end = bounds
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    name_words: list[tuple[int, int]] = []
    ordered = reversed(words) if from_end else iter(words)
    for word_start, word_end in ordered:
        word = text[word_start:word_end]
        # Right after the cue a month or weekday is a name ("daughter May"); later it is more
        # often a date ("Dr. Lee March 3").
        first = not name_words and not from_end
        if _is_stopword(word, capitals_allowed=capitals_allowed) and not (
            first and word.lower() in PROPER_WORDS
        ):
            break
        name_words.append((word_start, word_end))
    if from_end:
        name_words.reverse()
    # Initials alone ("J.") are too little to be sure of a name.
    if len(name_words) < min_words or all(len(text[s:e].rstrip(".")) == 1 for s, e in name_words):
        return
    name_start, name_end = name_words[0][0], name_words[-1][1]
    if text.endswith(_POSSESSIVE_ENDINGS, name_start, name_end):
        name_end -= 2
    yield Span(name_start, name_end, PhiKind.NAME, "cue")


def _is_stopword(word: str, *, capitals_allowed: bool) -> bool:
    bare = word.rstrip(".")
    if not capitals_allowed and len(bare) > 1 and bare.isupper():
        return True
    return bare.lower() in CUE_STOPWORDS
