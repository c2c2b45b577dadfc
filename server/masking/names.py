"""The name scan: every capitalized word that is not known to be safe is taken for a name.

This is the approach of Philter (UCSF): rather than recognize names, rule out everything else.
A word's class comes from ``phigate.masking.lexicon``:

* an *unknown* capitalized word is masked;
* a *name-like* word ("Hope", "Brown"), an initial ("J.") and, in a mixed-case line, an
  all-capital word of unknown class ("GONZALEZ") are masked only next to a masked word, so
  "Maria Brown" and "Maria J. GONZALEZ" are masked whole while "Brown sputum" and "CTAB" stay;
* two unknown all-capital words around a comma ("FLEMING, KAREN") are masked as a
  last-first name;
* a place word ("North", "Port", "St.") directly before a masked word joins it, for town names;
* name-like words are also masked after a relation word or "spoke with" ("daughter Hope",
  "contact Autumn Green"), before a relation in brackets ("Autumn Green (granddaughter)") and
  before an age ("Green is a 69-year-old").

A line without lower-case letters is read as written in capitals: there every word counts as
capitalized, so the safe list alone decides. Words with digits or inner capitals ("SpO2",
"HbA1c", "eGFR") are codes, except for name prefixes such as "Mc" and "O'".

A masked run is labeled a city when "in", "from" or "near" comes before it or a state code
follows it ("Baltimore, MD"), and a name otherwise.
"""

from __future__ import annotations

import re
from typing import Final

from phigate.masking.context import trie_pattern, words_before
from phigate.masking.lexicon import SAFE_WORDS, WordClass, classify_word, is_english_word
from phigate.masking.spans import Span
from phigate.masking.wordlists import EPONYM_HEADS, EPONYMS
from phigate.policy import PhiKind

__all__ = ["NameScanner"]


def _letter_classes() -> tuple[str, str, str]:
    """Return regex class bodies for letters, capitals and small letters of cased scripts.

    They cover Latin with its extensions (Polish, Czech, Turkish, Vietnamese), Greek and
    Cyrillic, the scripts that write names with a capital. Scripts without case, such as
    Chinese, cannot be read this way.
    """
    blocks = ((0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1FFF))
    letters: list[str] = []
    capitals: list[str] = []
    small: list[str] = []
    for low, high in blocks:
        for code in range(low, high + 1):
            char = chr(code)
            if not char.isalpha():
                continue
            letters.append(char)
            if char.isupper() or char.istitle():
                capitals.append(char)
            elif char.islower():
                small.append(char)
    return (
        "".join(map(re.escape, letters)),
        "".join(map(re.escape, capitals)),
        "".join(map(re.escape, small)),
    )


_LETTER, _UPPER, _SMALL = _letter_classes()
_CAPITALIZED = re.compile(
    "[" + _UPPER + "][" + _LETTER + "0-9]*(?:['’][" + _LETTER + "]+|-[" + _LETTER + "0-9]+)*"
)
_LOWER_CASE = re.compile("[" + _SMALL + "]")
# Text allowed between two words of one name: spaces, one comma, one line break.
# A nickname in quotes sits inside a name too: 'Robert "Rock" Hill'.
# Each run of blanks can belong to one place only, so a long run costs linear time.
_JOIN = re.compile(r"[ \t]*(?:[\"“”][ \t]*)?(?:,[ \t]*)?(?:\n[ \t]*)?(?:[\"“”][ \t]*)?")
_INNER_CAPITAL = re.compile("[" + _UPPER + "]")
_NAME_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "Di", "Da", "La", "Le", "Van", "Von")
_POSSESSIVES = ("'s", "’s", "'S", "’S")
_PLACE_WORD_TEXT = (
    "north south east west new port lake mount mt fort ft saint st san santa los las el"
)
_PLACE_WORDS = frozenset(_PLACE_WORD_TEXT.split()) | {"glen", "north", "south", "east", "west"}
_DOTTED_PLACE_WORDS = frozenset({"st", "mt", "ft"})
# Abbreviations that are safe only in capitals: "DOE" is dyspnea on exertion, "Doe" a surname.
_CAPITALS_ONLY = frozenset({"doe", "ng", "ed", "le", "ra", "tia", "ana", "cam", "ace", "li", "lu"})
# "to" after a verb of telling ("phoned to Pat", "given to Joy") points to a person.
_CITY_BEFORE = re.compile(
    r"(?i:\b(?:in|from|near|(?<!phoned )(?<!called )(?<!given )(?<!reported )to)[ \t]+)$"
)
_CITY_WINDOW = 16
_PREPOSITION_ENDINGS = frozenset("nNmMrRoO")
_PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "to", "of"})
# "MD" and "PA" are credentials too ("Hendricks, MD"), so they mark a city only before a ZIP.
# _words.c lists these codes too.
_STATE_AFTER = re.compile(
    r",?[ \t]+(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MA|MI|MN|MS|"
    r"MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"
    r"(?:MD|PA)(?=[ \t]+\d{5}))\b"
)
# A capitalized word before these is an eponym ("Foley catheter", "Parkinson's disease").
_EPONYM_AFTER = re.compile(r"(?:['’]s?)?[ \t]+(?i:" + trie_pattern(EPONYM_HEADS) + r")\b")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
# A capitalized word right before another, on the same line.
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)[ \t]+\Z")
_WORD_BEFORE_REACH = 40
_RELATIONS = (
    "daughter son wife husband spouse partner mother mom father dad sister brother friend "
    "neighbor neighbour caregiver granddaughter grandson grandmother grandfather grandma "
    "grandpa niece nephew aunt uncle cousin guardian fiance fiancee fiancé fiancée boyfriend "
    "girlfriend roommate stepson stepdaughter stepmother stepfather sibling stepsister "
    "stepbrother godmother godfather dtr dau sis bro gf bf daughters sons sisters brothers "
    "grandchildren grandkids kids children mil sil fil bil hcpoa nok kin"
)
_RELATION_WORDS = frozenset(_RELATIONS.split())
# "pt" and "patient" before a name ("Spoke with pt Carol", "PT WALKER A&OX3") mark it too.
# Form and role labels ("Name: Rose White", "Surgeon: Grace Hill", "seen by Hope Young") point
# to a name too.
_LABEL_TEXT = (
    "name surgeon attending signed cosigned provider physician author resident fellow pcp "
    "referring witness nurse therapist pharmacist interpreter by rn np lpn cna aide tech "
    "chaplain midwife doula"
)
_LABEL_WORDS = frozenset(_LABEL_TEXT.split())
_CUE_WORDS = (
    _RELATION_WORDS | _LABEL_WORDS | {"contact", "hcp", "poa", "named", "per", "pt", "patient"}
)
_CUE_PAIRS = frozenset(
    {
        ("spoke", "with"),
        ("spoke", "to"),
        ("talked", "with"),
        ("talked", "to"),
        ("phoned", "to"),
        ("called", "to"),
        ("given", "to"),
        ("reported", "to"),
        ("discussed", "with"),
        ("name", "is"),
        # "son-in-law Frank Hill"
        ("in", "law"),
    }
)
# A single name-like word is cued by a word before it only where ``words_before`` ends with
# one of these, so the C scan calls ``_is_cued`` only after them or before ``_CUE_AFTER``.
_CUE_BEFORE_WORDS = _CUE_WORDS | frozenset(second for _, second in _CUE_PAIRS)
# "per" also introduces services and protocols ("per Cardiology"), so it needs two words.
_PER_MIN_WORDS = 2
# Cues that also come before services, teams and ordinary words ("per Cardiology", "by Day 4",
# "Pt Will follow up", "Resident Gold team"), so they need two name-like words.
_WEAK_CUES = frozenset({"per", "by", "pt", "patient", "resident", "fellow"})
# "pt" or "patient" right before the word, with no period between: "pt. LE edema" is a new
# sentence.
_PATIENT_BEFORE = re.compile(r"(?<![\w.])(?i:pt|patient)[ \t]+\Z")
_NAME_LIKE_VERBS = frozenset({"will", "may", "can", "must", "shall", "did", "does"})
_CUE_AFTER = re.compile(
    r"(?i:[ \t]*\([ \t]*(?:"
    + _RELATIONS.replace(" ", "|")
    + r")\b|,[ \t]+(?:(?:pt['’]s|patient['’]s|her|his|their|the)[ \t]+)?(?:"
    + _RELATIONS.replace(" ", "|")
    + r")\b|[ \t]+is[ \t]+an?[ \t]+\d"
    # "Turner's daughter": a possessive before a relation word.
    + r"|['’]s[ \t]+(?:"
    + _RELATIONS.replace(" ", "|")
    + r")\b)"
)


# A capitalized word after a name; if it is an English word it is taken for a surname
# ("Flowers", "Baker"). Clinical words are not, because after a name they are more often a
# service or a finding ("Okafor Cardiology").
_SURNAME_AFTER = re.compile(r" ([A-Z][a-z]{2,})(?![\w'’-])")

# A word's class, whether it is name-like, whether it is all capitals, whether it is a place
# word, how many characters of possessive to trim from its end, and whether a period after it
# belongs to it (an initial, "St."). Whether a word is an abbreviation depends on its line, so
# it is left to the scan.
_WordInfo = tuple[WordClass, bool, bool, bool, int, bool]
# Capitalized words already classified, with their class, or None for a safe word or a code,
# so that the scan drops most words with one dictionary lookup. Entries are only added, or
# all removed with clear(), because the C scan keeps its own table of the words mapped to None.
_SEEN_WORDS: dict[str, _WordInfo | None] = {}
_SEEN_WORDS_LIMIT = 65_536
# Stands for a word that is not in the cache; compared by identity.
_UNSEEN: _WordInfo = (WordClass.UNKNOWN, False, False, False, 0, False)

# A token is a tuple, which is cheaper to build than a dataclass instance. Its fields are
# named by the index constants below. A weak token is masked only next to a masked token
# (name-like words, initials, all-capital words in mixed case). An abbreviation is an
# all-capital word in a line with lower-case letters. A token masked on its own is an unknown
# word that is not weak.
_Token = tuple[int, int, WordClass, bool, bool, bool, bool, bool]
_START: Final = 0
_END: Final = 1
_CLASS: Final = 2
_WEAK: Final = 3
_ALL_CAPITALS: Final = 4
_PLACE: Final = 5
_ABBREVIATION: Final = 6
_MASKED: Final = 7


class NameScanner:
    """Find the capitalized words of a note that are on no safe list."""

    def find(self, text: str) -> list[Span]:
        """Return a name or city span for every run of masked words in ``text``.

        ``phigate.masking._words.scan`` runs the scan in C where it was built. It calls back
        into this module for the rare steps and returns None, for ``_python_find`` to run,
        where a cached word's information is not a tuple that ``_word_info`` makes.
        """
        if _native_scan is not None:
            spans = _native_scan(text, _SEEN_WORDS)
            if spans is not None:
                return spans
        return _python_find(text)


def _python_find(text: str) -> list[Span]:
    """Run ``NameScanner.find`` in Python."""
    spans: list[Span] = []
    group: list[_Token] = []
    for token in _tokens(text):
        if group:
            previous_end = group[-1][_END]
            # One space, the most common join, needs no pattern.
            if (
                token[_START] != previous_end + 1 or text[previous_end] != " "
            ) and not _JOIN.fullmatch(text, previous_end, token[_START]):
                _add_masked_runs(text, group, spans)
                group = []
        group.append(token)
    if group:
        _add_masked_runs(text, group, spans)
    return spans


def _python_candidates(text: str, seen: dict[str, _WordInfo | None]) -> list[tuple[str, int, int]]:
    """Return ``(word, start, end)`` for each capitalized word the scan must still read.

    Left out are words that ``seen`` maps to None, words right after a letter, digit or
    apostrophe, and single letters without a period after them, which ``_word_info`` either
    rejects or makes an initial that needs its period. ``phigate.masking._words`` does the
    same in C.
    """
    found: list[tuple[str, int, int]] = []
    # A match never spans lines, so one scan of the note serves every line.
    for match in _CAPITALIZED.finditer(text):
        word = match.group()
        # Most capitalized words are safe, so one lookup drops them before any other work.
        if seen.get(word, _UNSEEN) is None:
            continue
        start, end = match.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
            continue
        if end - start == 1 and not text.startswith(".", end):
            continue
        found.append((word, start, end))
    return found


try:
    from phigate.masking._words import candidates as _candidates
except ImportError:  # pragma: no cover - the extension is optional
    _candidates = _python_candidates

try:
    from phigate.masking._words import configure as _configure_scan
    from phigate.masking._words import scan as _native_scan
except ImportError:  # pragma: no cover - the extension is optional
    _native_scan = None  # type: ignore[assignment]


def _tokens(text: str) -> list[_Token]:
    """Return the capitalized words of ``text`` that may be part of a name, in order."""
    tokens: list[_Token] = []
    # The end of the line of the last word in capitals, and whether that line is in capitals.
    # The words come in order, so each line is read once, as ``_words.scan`` does in C.
    line_end = -1
    capitals_line = False
    seen = _SEEN_WORDS
    length = len(text)
    for word, start, end in _candidates(text, seen):
        info = seen.get(word, _UNSEEN)
        if info is _UNSEEN:
            info = _word_info(word)
            if len(seen) < _SEEN_WORDS_LIMIT:
                seen[word] = info
        if info is None:
            continue
        word_class, name_like, all_capitals, place, trim, dotted = info
        token_end = end - trim
        if dotted:
            if token_end < length and text[token_end] == ".":
                token_end += 1
            elif name_like and len(word) == 1:
                # An initial without its period ("J Smith") is too little to go on.
                continue
        abbreviation = False
        if all_capitals:
            if start > line_end:
                line_end = text.find("\n", start)
                if line_end < 0:
                    line_end = length
                line_start = text.rfind("\n", 0, start) + 1
                capitals_line = _LOWER_CASE.search(text, line_start, line_end) is None
            abbreviation = not capitals_line
        # Only a possessive or a word before an eponym head can be an eponym.
        if (trim or _EPONYM_AFTER.match(text, end) is not None) and _is_eponym(
            text, word, start, end
        ):
            continue
        weak = name_like or abbreviation
        tokens.append(
            (
                start,
                token_end,
                word_class,
                weak,
                all_capitals,
                place,
                abbreviation,
                word_class == WordClass.UNKNOWN and not weak,
            )
        )
    return tokens


def _add_masked_runs(text: str, group: list[_Token], spans: list[Span]) -> None:
    """Append to ``spans`` a span for each run of masked tokens in ``group``.

    The tokens of a group are separated only by text that ``_JOIN`` matches.
    """
    if len(group) == 1:
        # Most groups are one word, which no neighbor can mark.
        token = group[0]
        if token[_MASKED] or (_cue_candidate(token) and _is_cued(text, group)):
            spans.append(_run_span(text, token[_START], token))
        return
    if len(group) == 2 and group[0][_MASKED] and group[1][_MASKED]:
        # Most groups of two are a given name and a surname, both masked on their own.
        first, second = group
        if "," in text[first[_END] : second[_START]]:
            spans.append(_run_span(text, first[_START], first))
            spans.append(_run_span(text, second[_START], second))
        else:
            spans.append(_run_span(text, first[_START], second))
        return
    _add_runs(text, group, spans)


def _add_runs(text: str, group: list[_Token], spans: list[Span]) -> None:
    """Append the spans of ``_add_masked_runs`` for a group of any length, without shortcuts."""
    masked = [token[_MASKED] for token in group]
    if not all(masked):
        _mark_neighbors(text, group, masked)
    # A comma ends a run, so "Kowalski, Ann" gives two names, each with the pseudonym
    # its own column value gets.
    run_start = -1
    previous: _Token | None = None
    for index, token in enumerate(group):
        if masked[index]:
            if previous is not None and "," in text[previous[_END] : token[_START]]:
                spans.append(_run_span(text, run_start, previous))
                previous = None
            if previous is None:
                run_start = token[_START]
            previous = token
            continue
        if previous is not None:
            spans.append(_run_span(text, run_start, previous))
            previous = None
    if previous is not None:
        spans.append(_run_span(text, run_start, previous))


def _mark_neighbors(text: str, group: list[_Token], masked: list[bool]) -> None:
    """Mark the tokens of ``group`` that their neighbors or a cue make part of a name."""
    _mark_last_first(text, group, masked)
    last = len(group) - 1
    changed = True
    while changed:
        changed = False
        for index, token in enumerate(group):
            if masked[index] or not (token[_WEAK] or token[_PLACE]):
                continue
            after = masked[index + 1] if index < last else False
            before = masked[index - 1] if index > 0 else False
            place_after = after and "," not in text[token[_END] : group[index + 1][_START]]
            if (token[_WEAK] and (before or after)) or (token[_PLACE] and place_after):
                masked[index] = True
                changed = True
    _mark_cued(text, group, masked)


def _word_info(word: str) -> _WordInfo | None:
    """Classify one capitalized word, or return None if the word is safe or a code."""
    trim = 0
    if word.endswith(_POSSESSIVES):
        word = word[:-2]
        trim = 2
    if not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return None
    if len(word) == 1:
        if not word.isupper():
            return None
        return (WordClass.NAME_LIKE, True, False, False, trim, True)
    all_capitals = word.isupper()
    if not all_capitals and any(
        _INNER_CAPITAL.search(part, 1) and not part.startswith(_NAME_PREFIXES)
        for part in word.split("-")
    ):
        return None
    lowered = word.lower()
    word_class = _classify(lowered)
    if not all_capitals and lowered in _CAPITALS_ONLY:
        word_class = WordClass.UNKNOWN
    place = lowered in _PLACE_WORDS
    if word_class == WordClass.SAFE and not place:
        return None
    dotted = place and lowered in _DOTTED_PLACE_WORDS
    return (word_class, word_class == WordClass.NAME_LIKE, all_capitals, place, trim, dotted)


def _is_eponym(text: str, word: str, start: int, end: int) -> bool:
    """Return whether the capitalized word at ``text[start:end]`` names a disease, sign or device.

    After a given name the word is a surname whatever follows ("Maria Lopez negative",
    "Kevin Murphy's wife"), and so is a possessive before a relation word ("Turner's
    daughter").
    """
    possessive = word.endswith(_POSSESSIVES)
    if possessive:
        following = _NEXT_WORD.match(text, end)
        if following is not None and following.group(1).lower() in _RELATION_WORDS:
            return False
    if _EPONYM_AFTER.match(text, end) is None and (
        not possessive or word[:-2].lower() not in EPONYMS
    ):
        return False
    before = _WORD_BEFORE.search(text, max(start - _WORD_BEFORE_REACH, 0), start)
    return before is None or classify_word(before.group(1).lower()) == WordClass.SAFE


def _classify(word: str) -> WordClass:
    if "-" not in word:
        return classify_word(word)
    # A listed hyphenated term ("child-pugh", "swan-ganz") is safe as a whole.
    if word in SAFE_WORDS:
        return WordClass.SAFE
    classes = [classify_word(part) for part in word.split("-") if len(part) > 1]
    if not classes:
        return WordClass.SAFE
    return max(classes)


def _mark_last_first(text: str, group: list[_Token], masked: list[bool]) -> None:
    """Mark "FLEMING, KAREN" and "BROWN, TIMOTHY": two all-capital words around a comma.

    Both must be on no safe list, and at least one must be unknown rather than name-like, so
    that two name-like words ("GRACE, HOPE") still need another sign.
    """
    name_classes = (WordClass.UNKNOWN, WordClass.NAME_LIKE)
    for index in range(len(group) - 1):
        first, second = group[index], group[index + 1]
        if not (first[_ALL_CAPITALS] and second[_ALL_CAPITALS]):
            continue
        if first[_CLASS] not in name_classes or second[_CLASS] not in name_classes:
            continue
        if WordClass.UNKNOWN not in (first[_CLASS], second[_CLASS]):
            continue
        if "," in text[first[_END] : second[_START]]:
            masked[index] = masked[index + 1] = True


def _mark_cued(text: str, group: list[_Token], masked: list[bool]) -> None:
    """Mark runs of unmasked name-like words that a relation, "spoke with" or an age points to."""
    index = 0
    while index < len(group):
        if masked[index] or not _cue_candidate(group[index]):
            index += 1
            continue
        last = index
        while last + 1 < len(group) and not masked[last + 1] and _cue_candidate(group[last + 1]):
            last += 1
        run = group[index : last + 1]
        if _is_cued(text, run):
            masked[index : last + 1] = [True] * len(run)
        elif len(run) > 1 and _cue_word(text, run[0]):
            # "Nurse Dawn", "Mother Hope": a name-like cue word starts the run.
            masked[index + 1 : last + 1] = [True] * (len(run) - 1)
        index = last + 1


def _cue_word(text: str, token: _Token) -> bool:
    word = text[token[_START] : token[_END]].lower()
    return word in _CUE_WORDS and word not in _WEAK_CUES


def _cue_candidate(token: _Token) -> bool:
    # After a cue, an all-capital word in a mixed-case line is a name ("wife MARY", "Patient:
    # JOHN SMITH"). Safe abbreviations never become tokens, so they cannot be taken.
    return token[_CLASS] == WordClass.NAME_LIKE or token[_PLACE] or token[_ABBREVIATION]


def _is_cued(text: str, run: list[_Token]) -> bool:
    first = run[0]
    previous = words_before(text, first[_START], 2)
    if first[_PLACE] and len(run) > 1 and previous and previous[-1] in _PLACE_PREPOSITIONS:
        # "in New Heather", "from West Hope": a town named with name-like words.
        return True
    if previous:
        last = previous[-1]
        if last in _CUE_WORDS and (last not in _WEAK_CUES or len(run) >= _PER_MIN_WORDS):
            return True
        # "SPOKE WITH PT KING", "Pt Hope agrees": one name after "pt", unless it is a verb
        # that is also a name ("Pt Will follow up", "Pt May need").
        if (
            len(run) == 1
            and _PATIENT_BEFORE.search(text, max(first[_START] - 12, 0), first[_START]) is not None
            and text[first[_START] : first[_END]].lower() not in _NAME_LIKE_VERBS
        ):
            return True
        if tuple(previous[-2:]) in _CUE_PAIRS:
            return True
    return _CUE_AFTER.match(text, run[-1][_END]) is not None


def _run_span(text: str, start: int, last: _Token) -> Span:
    """Return the span of a run of masked tokens from ``start`` to the end of ``last``."""
    end = last[_END]
    if last[_CLASS] == WordClass.UNKNOWN and not last[_ALL_CAPITALS]:
        # "husband Shaun Flowers": a capitalized English word right after an unknown name,
        # in the middle of a sentence, is the surname.
        following = _SURNAME_AFTER.match(text, end)
        if following is not None and is_english_word(following.group(1).lower()):
            end = following.end()
    city = _follows_city_preposition(text, start) or _STATE_AFTER.match(text, end) is not None
    return Span(start, end, PhiKind.CITY if city else PhiKind.NAME, "scan")


def _follows_city_preposition(text: str, start: int) -> bool:
    """Return whether "in", "from", "near" or "to" and white space come right before ``start``."""
    before = text[max(start - _CITY_WINDOW, 0) : start]
    # ``_CITY_BEFORE`` ends in ``$``, which also matches before a final line break.
    body = before[:-1] if before.endswith("\n") else before
    word_part = body.rstrip(" \t")
    # Every preposition ends in one of these letters, and no other character matches them
    # case-insensitively, so the search runs only where it can succeed.
    if len(word_part) == len(body) or word_part[-1:] not in _PREPOSITION_ENDINGS:
        return False
    return _CITY_BEFORE.search(before) is not None


# The span type, kinds and word classes that the C scan builds tokens and spans with, and
# the functions it calls back, in the order of ``phigate.masking._words.configure``.
# NOTE: _words.c repeats ``_tokens``, the ``_JOIN`` test, the shortcuts of
# ``_add_masked_runs``, ``_mark_last_first``, the neighbor loop and ``_SURNAME_AFTER``, and it
# rules out ``_EPONYM_AFTER``, ``_STATE_AFTER``, ``_CITY_BEFORE`` and ``_CUE_AFTER`` by their
# shapes. A change to any of them needs the same change there. test_words.py compares both.
_SCAN_CONFIGURATION = (
    Span,
    PhiKind.NAME,
    PhiKind.CITY,
    "scan",
    WordClass.SAFE,
    WordClass.NAME_LIKE,
    WordClass.UNKNOWN,
    _word_info,
    _SEEN_WORDS_LIMIT,
    _is_eponym,
    EPONYM_HEADS,
    is_english_word,
    _follows_city_preposition,
    _STATE_AFTER.match,
    _add_masked_runs,
    _add_runs,
    _CUE_BEFORE_WORDS,
)
if _native_scan is not None:
    _configure_scan(*_SCAN_CONFIGURATION)
