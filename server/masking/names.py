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

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from phigate.masking.context import words_before
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
_JOIN = re.compile(r"[ \t]*[\"“”]?[ \t]*,?[ \t]*(?:\n[ \t]*)?[\"“”]?[ \t]*")
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
_PLACE_PREPOSITIONS = frozenset({"in", "from", "near", "to", "of"})
# "MD" and "PA" are credentials too ("Hendricks, MD"), so they mark a city only before a ZIP.
_STATE_AFTER = re.compile(
    r",?[ \t]+(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MA|MI|MN|MS|"
    r"MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|"
    r"(?:MD|PA)(?=[ \t]+\d{5}))\b"
)
# A capitalized word before these is an eponym ("Foley catheter", "Parkinson's disease").
_EPONYM_AFTER = re.compile(
    r"(?:['’]s?)?[ \t]+(?i:" + "|".join(sorted(EPONYM_HEADS, key=len, reverse=True)) + r")\b"
)
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

_WordInfo = tuple[WordClass, bool, bool, bool, bool, int, bool]
# Capitalized words already classified as safe, so that the scan skips them at once.
_SAFE_SEEN: set[str] = set()
_SAFE_SEEN_LIMIT = 65_536


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    word_class: WordClass
    # Masked only next to a masked token: name-like words, initials, all-capital words.
    weak: bool
    all_capitals: bool
    place: bool
    # An all-capital word in a line with lower-case letters, read as an abbreviation.
    abbreviation: bool
    masked: bool = False


class NameScanner:
    """Find the capitalized words of a note that are on no safe list."""

    def find(self, text: str) -> list[Span]:
        """Return a name or city span for every run of masked words in ``text``."""
        spans: list[Span] = []
        tokens = list(self._tokens(text))
        group: list[_Token] = []
        for token in tokens:
            if group and not _JOIN.fullmatch(text, group[-1].end, token.start):
                spans.extend(self._masked_runs(text, group))
                group = []
            group.append(token)
        if group:
            spans.extend(self._masked_runs(text, group))
        return spans

    def _tokens(self, text: str) -> Iterator[_Token]:
        # Whether a line is written in capitals, by the position of its line break.
        capitals_lines: dict[int, bool] = {}
        for match in _CAPITALIZED.finditer(text):
            word = match.group()
            # Most capitalized words are safe, so a set lookup drops them before any other work.
            # A match never spans lines, so one scan of the note serves every line.
            if word in _SAFE_SEEN:
                continue
            start = match.start()
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
            capitals_line = capitals_lines.get(line_end)
            if capitals_line is None:
                line_start = text.rfind("\n", 0, start) + 1
                capitals_line = _LOWER_CASE.search(text, line_start, line_end) is None
                capitals_lines[line_end] = capitals_line
            info = _word_info(word, capitals_line)
            if info is None:
                # Safe whatever the line: the class of a safe word does not depend on it.
                if len(_SAFE_SEEN) < _SAFE_SEEN_LIMIT:
                    _SAFE_SEEN.add(word)
                continue
            if not _is_eponym(text, match):
                token = _token(text, match, info)
                if token is not None:
                    yield token

    def _masked_runs(self, text: str, group: list[_Token]) -> Iterator[Span]:
        for token in group:
            token.masked = token.word_class == WordClass.UNKNOWN and not token.weak
        _mark_last_first(text, group)
        changed = True
        while changed:
            changed = False
            for index, token in enumerate(group):
                if token.masked or not (token.weak or token.place):
                    continue
                after = group[index + 1].masked if index + 1 < len(group) else False
                before = group[index - 1].masked if index > 0 else False
                place_after = after and "," not in text[token.end : group[index + 1].start]
                if (token.weak and (before or after)) or (token.place and place_after):
                    token.masked = True
                    changed = True
        _mark_cued(text, group)
        # A comma ends a run, so "Kowalski, Ann" gives two names, each with the pseudonym
        # its own column value gets.
        run: list[_Token] = []
        for token in group:
            if token.masked:
                if run and "," in text[run[-1].end : token.start]:
                    yield _run_span(text, run)
                    run = []
                run.append(token)
                continue
            if run:
                yield _run_span(text, run)
                run = []
        if run:
            yield _run_span(text, run)


def _token(text: str, match: re.Match[str], info: _WordInfo) -> _Token | None:
    start, end = match.span()
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
        return None
    word = match.group()
    word_class, weak, all_capitals, place, abbreviation, trim, dotted = info
    end -= trim
    if dotted:
        if end >= len(text) or text[end] != ".":
            # An initial without its period ("J Smith") is too little to go on.
            if word_class != WordClass.NAME_LIKE or len(word) != 1:
                return _Token(start, end, word_class, weak, all_capitals, place, abbreviation)
            return None
        end += 1
    return _Token(start, end, word_class, weak, all_capitals, place, abbreviation)


@functools.lru_cache(maxsize=65_536)
def _word_info(word: str, capitals_line: bool) -> _WordInfo | None:
    """Classify one capitalized word; cached, because notes repeat their words.

    Returns the class, whether the word is weak, all capitals, a place word, an abbreviation,
    how many characters of possessive to trim from its end, and whether a period after it
    belongs to it (an initial, "St."). None means the word is safe or a code.
    """
    trim = 0
    if word.endswith(_POSSESSIVES):
        word = word[:-2]
        trim = 2
    if not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return None
    if len(word) == 1:
        if not word.isupper():
            return None
        return (WordClass.NAME_LIKE, True, False, False, False, trim, True)
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
    abbreviation = all_capitals and not capitals_line
    weak = word_class == WordClass.NAME_LIKE or abbreviation
    dotted = place and lowered in _DOTTED_PLACE_WORDS
    return (word_class, weak, all_capitals, place, abbreviation, trim, dotted)


def _is_eponym(text: str, match: re.Match[str]) -> bool:
    """Return whether a capitalized word names a disease, sign or device, not a person.

    After a given name the word is a surname whatever follows ("Maria Lopez negative",
    "Kevin Murphy's wife"), and so is a possessive before a relation word ("Turner's
    daughter").
    """
    word = match.group()
    if word.endswith(_POSSESSIVES):
        following = _NEXT_WORD.match(text, match.end())
        if following is not None and following.group(1).lower() in _RELATION_WORDS:
            return False
    if _EPONYM_AFTER.match(text, match.end()) is None:
        bare = word[:-2] if word.endswith(_POSSESSIVES) else word
        if bare == word or bare.lower() not in EPONYMS:
            return False
    before = _WORD_BEFORE.search(text, max(match.start() - _WORD_BEFORE_REACH, 0), match.start())
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


def _mark_last_first(text: str, group: list[_Token]) -> None:
    """Mark "FLEMING, KAREN" and "BROWN, TIMOTHY": two all-capital words around a comma.

    Both must be on no safe list, and at least one must be unknown rather than name-like, so
    that two name-like words ("GRACE, HOPE") still need another sign.
    """
    name_classes = (WordClass.UNKNOWN, WordClass.NAME_LIKE)
    for first, second in itertools.pairwise(group):
        if not (first.all_capitals and second.all_capitals):
            continue
        if first.word_class not in name_classes or second.word_class not in name_classes:
            continue
        if WordClass.UNKNOWN not in (first.word_class, second.word_class):
            continue
        if "," in text[first.end : second.start]:
            first.masked = second.masked = True


def _mark_cued(text: str, group: list[_Token]) -> None:
    """Mark runs of unmasked name-like words that a relation, "spoke with" or an age points to."""
    index = 0
    while index < len(group):
        if group[index].masked or not _cue_candidate(group[index]):
            index += 1
            continue
        last = index
        while (
            last + 1 < len(group) and not group[last + 1].masked and _cue_candidate(group[last + 1])
        ):
            last += 1
        run = group[index : last + 1]
        if _is_cued(text, run):
            for token in run:
                token.masked = True
        elif len(run) > 1 and _cue_word(text, run[0]):
            # "Nurse Dawn", "Mother Hope": a name-like cue word starts the run.
            for token in run[1:]:
                token.masked = True
        index = last + 1


def _cue_word(text: str, token: _Token) -> bool:
    word = text[token.start : token.end].lower()
    return word in _CUE_WORDS and word not in _WEAK_CUES


def _cue_candidate(token: _Token) -> bool:
    # After a cue, an all-capital word in a mixed-case line is a name ("wife MARY", "Patient:
    # JOHN SMITH"). Safe abbreviations never become tokens, so they cannot be taken.
    return token.word_class == WordClass.NAME_LIKE or token.place or token.abbreviation


def _is_cued(text: str, run: list[_Token]) -> bool:
    previous = words_before(text, run[0].start, 2)
    if run[0].place and len(run) > 1 and previous and previous[-1] in _PLACE_PREPOSITIONS:
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
            and _PATIENT_BEFORE.search(text, max(run[0].start - 12, 0), run[0].start) is not None
            and text[run[0].start : run[0].end].lower() not in _NAME_LIKE_VERBS
        ):
            return True
        if tuple(previous[-2:]) in _CUE_PAIRS:
            return True
    return _CUE_AFTER.match(text, run[-1].end) is not None


def _run_span(text: str, run: list[_Token]) -> Span:
    start, end = run[0].start, run[-1].end
    last = run[-1]
    if last.word_class == WordClass.UNKNOWN and not last.all_capitals:
        # "husband Shaun Flowers": a capitalized English word right after an unknown name,
        # in the middle of a sentence, is the surname.
        following = _SURNAME_AFTER.match(text, end)
        if following is not None and is_english_word(following.group(1).lower()):
            end = following.end()
    before = text[max(start - _CITY_WINDOW, 0) : start]
    city = _CITY_BEFORE.search(before) or _STATE_AFTER.match(text, end)
    return Span(start, end, PhiKind.CITY if city else PhiKind.NAME, "scan")
