"""Name cues: titles before a name and credentials after it, for people the database does not hold.

Two cues are read: a title before a name ("Dr. Patel", "Mrs. Ann Lee", "Dr.\\nYoung") and
credentials after a name ("Sarah Jones, RN"). The name is one to three capitalized words.
Capture stops at the first word in ``CUE_STOPWORDS`` and at any all-capital word (unless a title
comes first, as in "DR. PATEL"), so "Dr. about it" and "ICU team RN" capture nothing. Relation
words ("daughter Hope") are read by the name scan in ``phigate.masking.names``.

Both patterns start with a literal (the title, the credential), so Python's ``re`` skips
quickly to the places they can match. The name words are then read around the match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Sequence

from phigate.masking.context import any_of, trie_pattern
from phigate.masking.lexicon import COUNTRIES, WordClass, classify_word
from phigate.masking.prefilter import Scan, gated
from phigate.masking.spans import Span
from phigate.masking.wordlists import (
    COMMON_WORDS,
    CUE_STOPWORDS,
    MONTHS,
    NAME_LIKE_WORDS,
    PROPER_WORDS,
)
from phigate.masking.words_clinical import CLINICAL_WORDS
from phigate.policy import PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._cues import credential_names as _native_credential_names
    from phigate.masking._cues import repeated_names as _native_repeated_names
    from phigate.masking._cues import title_names as _native_title_names
except ImportError:  # pragma: no cover
    _native_credential_names = None  # type: ignore[assignment]
    _native_repeated_names = None  # type: ignore[assignment]
    _native_title_names = None  # type: ignore[assignment]

__all__ = ["find_badges_after", "find_cue_names", "find_particle_names", "find_repeated_names"]

# A capitalized word ("Smith", "McDonald", "O'Brien", "Smith-Jones", "SMITH") or an initial
# ("J."). The bounded repeats keep matching linear on long runs such as "A-A-A-...".
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][A-Za-z]{0,30}(?:['’-][A-Za-z]{1,30}){0,3})(?![A-Za-z'’-])"
_NAME_WORDS = _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2}"

# Capital titles need their period, so "MS Contin" (morphine sulfate) is not "Ms. Contin".
# The alternatives are flat, each starting with a letter, so that ``re`` skips ahead to them.
_TITLE_BEFORE = gated(
    re.compile(
        r"(?:Dr\.?|Drs\.?|Mrs\.?|Mr\.?|Ms\.?|Mx\.?|Prof\.?|Miss|Doctor|DR\.|MRS\.|MR\.|MS\.|MX\.|PROF\.|"
        r"Rev\.|Fr\.|Sr\.|Capt\.|Sgt\.|Lt\.|Det\.|Officer|Chaplain|Pastor|Rabbi|Imam|"
        r"dr\.|mrs\.|mr\.|ms\.)"
        # "DR.OKAFOR": after a period the name may follow without a space.
        r"(?:[ \t]+|[ \t]*\n[ \t]*|(?<=\.)(?=[A-Z]))(" + _NAME_WORDS + ")"
    )
)
# Titles that are nothing else. The others ("MR." for mitral regurgitation, "ms." for
# milliseconds, "Lt." for left, "Fr." for French gauge, "Chaplain Services") count only
# before a word on no safe list.
_TITLES = frozenset(
    [
        "Dr",
        "Dr.",
        "Drs.",
        "Mrs",
        "Mrs.",
        "Mr",
        "Mr.",
        "Ms",
        "Ms.",
        "Mx",
        "Mx.",
        "Prof",
        "Prof.",
        "Miss",
        "Doctor",
        "DR.",
        "MRS.",
        "PROF.",
        "dr.",
        "mrs.",
        "mr.",
    ]
)
# "16 Fr.", "160 ms.": after a number the abbreviation is a unit.
_AFTER_NUMBER = re.compile(r"\d[ \t]*\Z")
# Case-sensitive, so the verb "do" and the state code "PA" are not read as credentials.
_CREDENTIALS = (
    r"RN|MD|NP|PA-C|LPN|LVN|CNA|PhD|DDS|DMD|PharmD|APRN|CNM|CRNA|DPM|LCSW|MSW|DNP|FNP-C|FNP|"
    r"MSN|BSN|RRT|CRNP|DO|M\.D\.|R\.N\.|D\.O\.|N\.P\.|P\.A\.|Ph\.D\.|L\.P\.N\.|"
    r"PT|DPT|OT|OTR|SLP|CCC-SLP|PsyD|RD|RDN|EMT|RPh|MBBS|LMFT|LPC|CNP|MA|CMA|"
    r"FNP-BC|PMHNP-BC|PMHNP|AGACNP-BC|ANP-BC|EMT-P|RDH|LMHC|IBCLC|CST|LPCC|LADC|CADC|BCBA|CCM|"
    r"CHPN|CWOCN|OD|AuD|LAc|CNS|CDCES|ATC"
)
_CREDENTIAL = gated(
    re.compile(
        r"(?:" + _CREDENTIALS + r")(?![\w-])"
        # "Baltimore, MD 21201" is a state code before a ZIP code.
        r"(?![ \t]+\d{5})"
    )
)
# The credentials in the order of the alternation, which ``_cues.credential_names`` tries.
_CREDENTIAL_ALTERNATIVES = tuple(re.sub(r"\\.", ".", _CREDENTIALS).split("|"))
_CREDENTIAL_WORDS = frozenset(_CREDENTIAL_ALTERNATIVES)
_INITIAL_BEFORE_BREAK = re.compile(r"(?<![\w.])[A-Z]\.[ \t]*\n[ \t]*\Z")
_INITIALS_BEFORE_CREDENTIAL = re.compile(r"(?<![\w.])([A-Z]{2,3}),?[ \t]+\(?\Z")
# "Sarah Jones, RN", "Sarah Jones (RN)". This is ``(?<![\w.])(_NAME_WORDS),?[ \t]+\(?\Z``
# with the first word's capital moved to the front and the look-behind after it. A pattern
# that starts with a character class lets ``re`` skip to the capitals of the window, where
# a look-behind first made it try every position.
_NAME_BEFORE_CREDENTIAL = re.compile(
    r"([A-Z](?<![\w.].)(?:\.|[A-Za-z]{0,30}(?:['’-][A-Za-z]{1,30}){0,3})(?![A-Za-z'’-])"
    r"(?:[ \t]+" + _NAME_WORD + r"){0,2}),?[ \t]+\(?\Z"
)
_CREDENTIAL_WINDOW = 110
# Credentials that are also common abbreviations ("Monday, MA" is a state, "Tuesday, PT" a
# therapy session): before them a month or weekday is not taken for a name.
_AMBIGUOUS_CREDENTIALS = frozenset({"MA", "PT", "OT", "RD", "DO"})
_LOWER_CASE = re.compile("[a-z]")
_RELATION_WORDS = (
    "daughter son wife husband spouse partner mother mom father dad sister brother friend "
    "neighbor caregiver granddaughter grandson niece nephew aunt uncle cousin boyfriend "
    "girlfriend fiance fiancee dtr dau sis bro"
)
# Listed given names that are also verbs after a relation word: "son will call", "wife may
# visit", "daughter can drive".
_LOWER_VERBS = frozenset({"will", "may", "can", "did", "does", "must", "shall"})
# A given name that is a country or a month right after a relation word: "Daughter India",
# "Mother Kenya Williams", "son April".
_RELATION_PROPER = gated(
    re.compile(
        "(?i:" + trie_pattern(_RELATION_WORDS.split()) + r")(?:['’]s)?[ \t]+([A-Z][a-z]{2,20})\b"
    )
)
_PROPER_GIVEN_NAMES = frozenset({"christian"})
_NEXT_CAPITALIZED = re.compile(r"[ \t]+([A-Z][a-z'’-]+)\b")
# Starts with the letters of the relation words as a trie, so ``re`` can skip ahead.
# The name may follow in brackets or on the next line: "wife (joan) called", "my daughter⏎bridget".
_LOWER_RELATION = gated(
    re.compile(
        "(?:"
        + trie_pattern(_RELATION_WORDS.split())
        + r")(?:['’]s)?(?:[ \t]+|[ \t]*\([ \t]*|[ \t]*\n[ \t]*)([a-z][a-z'’-]{2,30})\b"
        # A second lower-case word is the surname: "daughter maria lopez".
        r"(?:[ \t]+([a-z][a-z'’-]{2,30})\b)?"
    )
)
# A title before a name written in lower case ("dr smith", "Mrs. gonzalez") or in capitals
# without the title's period ("DR SMITH").
_TITLE_LOWER_NAME = gated(
    re.compile(
        r"(?:[Dd]r|[Mm]rs|[Mm]r|[Mm]s|DR|MRS|MR|MS)\.?[ \t]+([a-z][a-z'’-]{1,30}|[A-Z]{2,30})\b"
        # "this is doctor gonzales", "seen by nurse ellie": spelled-out titles in lower case.
        r"|(?:[Dd]octor|[Nn]urse)[ \t]+([a-z][a-z'’-]{1,30})\b"
    )
)
# A form label before a name written in lower case: "Patient Name: jane doe", "Pt: doe, jane",
# "name=jane doe", "Signed: j. doe". Names in capitals there are read by the name scan.
_LABEL_LOWER_NAME = gated(
    re.compile(
        r"(?i:patient[ \t]+name|pt[ \t]+name|name|patient|pt|signed(?:[ \t]+by)?)"
        r"[ \t]*[:=][ \t]*"
        r"((?:[a-z]\.|[a-z][a-z'’-]{1,30})(?:,?[ \t]+(?:[a-z]\.|[a-z][a-z'’-]{1,30})){0,2})\b"
    )
)
_LABEL_NAME_WORD = re.compile(r"[a-z]\.|[a-z][a-z'’-]*")
# Words that introduce the speaker or the patient of a dictation or a message: "its mary ellen
# again", "dictating on anthony brooks".
_INTRODUCED_LOWER_NAME = gated(
    re.compile(
        r"(?:it['’]?s|dictating[ \t]+on|dictation[ \t]+on|dictating[ \t]+for)[ \t]+"
        r"([a-z][a-z'’-]{1,30})(?:[ \t]+([a-z][a-z'’-]{1,30}))?\b"
    )
)
# A nickname given as one: "his name is \"Bear\"", "goes by Sunny". The word is a name even
# when it is an English word.
_NICKNAME = gated(
    re.compile(
        r"(?:goes[ \t]+by|name[ \t]+is|prefers[ \t]+to[ \t]+be[ \t]+called|"
        r"nicknamed?|preferred[ \t]+name:?)[ \t]+"
        r"(?:[\"“'‘]([A-Za-z][a-z'’-]{1,30})[\"”'’]|([A-Z][a-z'’-]{1,30})\b)"
    )
)
# Initials after a role on the team ("resident JK", "student A.M.") or before one in brackets
# ("w/ LMP (attending)").
_ROLES = "resident|student|intern|fellow|attending|scribe|preceptor"
_INITIALS_AFTER_ROLE = gated(
    re.compile(r"(?:" + _ROLES + r")[ \t]+([A-Z]{2,3}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)(?!\w)")
)
_INITIALS_BEFORE_ROLE = gated(re.compile(r"\b([A-Z]{2,3})[ \t]*\((?:" + _ROLES + r")\)"))
# Services that stand before a role in brackets: "GI (fellow)" is the GI fellow.
_SERVICES = frozenset({"GI", "ID", "ICU", "ED", "ER", "OR", "IR", "ENT", "OB", "PCP", "CCU"})
# A lower-case name before a credential that is nothing else: "report given to tasha RN". The
# pattern starts at the name's last letter, so that the one pass finds only lower-case words
# before a credential, and ``_LOWER_NAME_BEFORE_CREDENTIAL`` reads the word.
# NOTE: a comma before the credential ("tasha, RN") is not read: with it the pattern would
# start at most signatures ("Smith, MD"), which costs about a percent of detection time.
_CREDENTIAL_AFTER_LOWER = gated(
    re.compile(r"[a-z][ \t]+(?:RN|LPN|LVN|NP|MD|APRN|CNA|CRNA|LCSW|PA-C|FNP|DNP)(?![\w-])")
)
_LOWER_NAME_BEFORE_CREDENTIAL = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]{1,30})\Z")
# Matches wherever a nickname, an introduced name or initials beside a role may be, so that
# notes without any skip those loops.
_RARE_CUE_FORMS = gated(
    any_of(_INTRODUCED_LOWER_NAME, _NICKNAME, _INITIALS_AFTER_ROLE, _INITIALS_BEFORE_ROLE)
)
_POSSESSIVE_ENDINGS = ("'s", "’s")
# Lower-case particles of a compound surname ("van der Berg", "de la Cruz", "bin Said"). After
# a title or a name, particles before a capitalized word belong to the name. Elsewhere they do
# not, so "de novo" and "von Willebrand disease" stay.
_PARTICLES = "van von der den de la le del della dos das da di du bin bint ibn al el ten ter"
_PARTICLE_RUN = r"(?:(?:" + trie_pattern(_PARTICLES.split()) + r")[ \t]+){1,3}"
_SURNAME = r"[A-Z][A-Za-z]{0,30}(?:['’-][A-Za-z]{1,30}){0,3}(?![A-Za-z'’-])"
# Only titles that are nothing else: "Lt. de Quervain tenosynovitis" is the left wrist.
_TITLE_PARTICLES = gated(
    re.compile(
        r"(?:Dr\.?|Drs\.?|Mrs\.?|Mr\.?|Ms\.?|Mx\.?|Prof\.?|Miss|Doctor|DR\.|MRS\.|PROF\.|"
        r"Rev\.|Chaplain|Pastor|Rabbi|Imam|dr\.|mrs\.|mr\.)[ \t]+(" + _PARTICLE_RUN + _SURNAME + ")"
    )
)
# One blank before the particles, so that the one-pass scan can look for " van ", " bin ".
_PARTICLES_AFTER_WORD = gated(re.compile(r"[ \t]" + _PARTICLE_RUN + _SURNAME))
# Verbs of a person after a name at a sentence start: "Bob will bring", "Joy is HCP".
_PERSON_VERB_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:is|was|has|had|will|would|called|visited|asked|requested|agrees|"
    r"agreed|states|stated|reports|reported|said|says|wants|wanted|brought|left|came|arrived|"
    r"declined|signed|and|at|to[ \t]+bring|feels|understands)\b"
)
_MIN_CAPITALS_FORM = 4
# A number after "#" right after a name: "Officer Dan Riley #2291" is a badge or pager number.
_NUMBER_SIGN_AFTER = gated(re.compile(r"(?<![ \t])[ \t]+\#[ \t]?(\d{3,6})(?![\w/-]|\.\d)"))


def find_cue_names(scan: Scan) -> list[Span]:
    """Return the name spans that titles and credentials point to."""
    text = scan.text
    spans: list[Span] = []
    if _native_title_names is not None and text.isascii():
        _native_title_names(
            text,
            scan.finditer(_TITLE_BEFORE),
            spans,
            _TITLES,
            _begins_with_name,
            _cached_name_bounds,
            _NAME_BOUNDS,
            Span,
            PhiKind.NAME,
        )
    else:
        _python_title_names(scan, spans)
    if _native_credential_names is not None and text.isascii():
        _native_credential_names(
            text,
            spans,
            _CREDENTIAL_ALTERNATIVES,
            _are_initials,
            _cached_name_bounds,
            _NAME_BOUNDS,
            _AMBIGUOUS_CREDENTIALS,
            Span,
            PhiKind.NAME,
        )
    else:
        _python_credential_names(scan, spans)
    _add_lower_case_relatives(scan, spans)
    _add_proper_relatives(scan, spans)
    _add_lower_case_after_title(scan, spans)
    _add_particle_names_after_title(scan, spans)
    _add_lower_case_after_label(scan, spans)
    _add_lower_case_before_credential(scan, spans)
    if scan.search(_RARE_CUE_FORMS) is not None:
        _add_introduced_and_nicknames(scan, spans)
        _add_initials_by_role(scan, spans)
    return spans


def _python_title_names(scan: Scan, spans: list[Span]) -> None:
    """Append the names after the titles of ``scan`` ("Dr. Patel") to ``spans``.

    ``_cues.title_names`` runs the same loop in C for ASCII notes.
    """
    text = scan.text
    for match in scan.finditer(_TITLE_BEFORE):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        title = text[match.start() : match.start(1)].strip()
        if title not in _TITLES and (
            _AFTER_NUMBER.search(text, max(match.start() - 12, 0), match.start()) is not None
            or not _begins_with_name(text, match.start(1))
        ):
            # "Lt. Knee pain", "16 Fr. Foley", "mild MR. Moderate TR", "160 ms. QRS": the
            # abbreviation is no title when an English or clinical word follows it.
            continue
        # After a title an all-capital word is a name ("DR. PATEL"), not an abbreviation.
        name = _name_span(text, match.span(1), from_end=False, capitals_allowed=True)
        if name is not None:
            spans.append(name)


def _python_credential_names(scan: Scan, spans: list[Span]) -> None:
    """Append the names before the credentials of ``scan`` ("Sarah Jones, RN") to ``spans``.

    ``_cues.credential_names`` runs the same loop in C for ASCII notes.
    """
    text = scan.text
    line = _LineReader(text)
    for match in scan.finditer(_CREDENTIAL):
        start = match.start()
        if start == 0 or text[start - 1] not in " \t,(":
            continue
        line_start = line.start_before(start)
        # Neither pattern crosses a line break, so the search starts on the credential's line.
        window_start = max(start - _CREDENTIAL_WINDOW, line_start)
        name_end = _name_end_before(text, window_start, start)
        if name_end <= window_start:
            continue
        # No match starts before these bounds, so the searches find what a search of the whole
        # window finds, without trying each of its positions.
        found = _NAME_BEFORE_CREDENTIAL.search(
            text, _last_chunks_start(text, window_start, name_end), start
        )
        initials = None
        if text[max(name_end - 2, 0) : name_end].isupper():
            initials = _INITIALS_BEFORE_CREDENTIAL.search(
                text, max(window_start, name_end - 3), start
            )
        if initials is not None and _are_initials(initials.group(1)):
            # "Note written by JM, RN": a signature's initials.
            spans.append(Span(initials.start(1), initials.end(1), PhiKind.NAME, "cue"))
            continue
        if found is not None:
            # In a line written in capitals a name is in capitals too ("D. HUNTER, MD"). The
            # name is on the credential's line, because neither pattern crosses a line break.
            capitals = not line.has_lower_case_before(start)
            name = _name_span(
                text,
                found.span(1),
                from_end=True,
                capitals_allowed=capitals,
                proper_first=match.group() not in _AMBIGUOUS_CREDENTIALS,
            )
            if name is None:
                continue
            # "A.⏎Weaver, DO": an initial on the line before belongs to the name.
            reach = max(name.start - 8, 0)
            broken = None
            if text.find("\n", reach, name.start) >= 0:
                broken = _INITIAL_BEFORE_BREAK.search(text, reach, name.start)
            if broken is not None:
                name = Span(broken.start(), name.end, name.kind, name.source)
            spans.append(name)


class _LineReader:
    """The line of a position in a text that never decreases from one call to the next.

    It gives where the line starts and whether it has a lower-case letter before the position.
    Each search continues where the last one stopped, so every character is read at most
    twice however many credentials a line has, and a long line of "RN RN RN" costs linear time.
    ``_cues.credential_names`` keeps the same state in C.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_start = 0
        # Where the search for line breaks and lower-case letters continues.
        self._lines_read_to = 0
        self._lower_read_to = 0
        self._lower_found = False

    def start_before(self, position: int) -> int:
        """Return ``text.rfind("\\n", 0, position) + 1``, where the line of ``position`` starts."""
        if position > self._lines_read_to:
            newline = self._text.rfind("\n", self._lines_read_to, position)
            self._lines_read_to = position
            if newline >= 0:
                self._line_start = newline + 1
                self._lower_read_to = newline + 1
                self._lower_found = False
        return self._line_start

    def has_lower_case_before(self, position: int) -> bool:
        """Return whether ``text[line_start:position]`` has a lower-case ASCII letter.

        ``start_before(position)`` must have been called first.
        """
        if not self._lower_found and position > self._lower_read_to:
            found = _LOWER_CASE.search(self._text, self._lower_read_to, position)
            self._lower_read_to = position
            self._lower_found = found is not None
        return self._lower_found


def _name_end_before(text: str, window_start: int, start: int) -> int:
    """Return where a name before the credential at ``start`` must end, or -1 if none can.

    Both patterns for the name end in an optional comma, spaces or tabs and an optional
    bracket, which match only one way backward: the bracket, all the white space before it
    and a comma before that.
    """
    end = start - 1 if text.startswith("(", start - 1) else start
    words_end = window_start + len(text[window_start:end].rstrip(" \t"))
    if words_end == end:
        return -1
    if words_end > window_start and text[words_end - 1] == ",":
        words_end -= 1
    return words_end


_MAX_NAME_WORDS = 3


def _last_chunks_start(text: str, window_start: int, name_end: int) -> int:
    """Return where the third run of non-blank characters before ``name_end`` starts.

    The name before a credential is one to three words, separated by blanks, that end at
    ``name_end``, so its first word starts in one of the last three runs. The start returned
    is never before ``window_start``. ``_cues.credential_names`` reads the runs the same way.
    """
    # The window is at most _CREDENTIAL_WINDOW characters long, and a tab counts as a blank.
    window = text[window_start:name_end].replace("\t", " ")
    position = len(window)
    blank = -1
    for _ in range(_MAX_NAME_WORDS):
        blank = window.rfind(" ", 0, position)
        if blank < 0:
            return window_start
        position = len(window[:blank].rstrip(" "))
        if position == 0:
            return window_start
    return window_start + blank + 1


def _are_initials(word: str) -> bool:
    """Return whether capitals before a credential are initials, not a credential or a unit."""
    return word not in _CREDENTIAL_WORDS and classify_word(word.lower()) != WordClass.SAFE


def _add_proper_relatives(scan: Scan, spans: list[Span]) -> None:
    """Append a country, month or "Christian" right after a relation word: a given name there."""
    text = scan.text
    for match in scan.finditer(_RELATION_PROPER):
        if match.start() > 0 and text[match.start() - 1].isalpha():
            continue
        word = match.group(1).lower()
        # Languages and nationalities ("Mother Spanish-speaking") are clinical words.
        place = word in COUNTRIES and word not in CLINICAL_WORDS
        if place or word in MONTHS or word in _PROPER_GIVEN_NAMES:
            end = match.end(1)
            # The surname after it: "Wife June Carter", "Niece August Lee".
            surname = _NEXT_CAPITALIZED.match(text, end)
            if surname is not None and classify_word(surname.group(1).lower()) != WordClass.SAFE:
                end = surname.end(1)
            spans.append(Span(match.start(1), end, PhiKind.NAME, "cue"))


def _add_lower_case_relatives(scan: Scan, spans: list[Span]) -> None:
    """Append lower-case names after a relation word ("husband marisol"), as hurried notes write.

    Only a word on no safe list counts, so "son is" and "wife at bedside" stay. A listed
    given name that is also a word counts too ("son frank", "daughter rose lopez"), except a
    verb such as "will" or "may".
    """
    text = scan.text
    for match in scan.finditer(_LOWER_RELATION):
        if match.start() > 0 and text[match.start() - 1].isalpha():
            continue
        start, end = match.span(1)
        first_word = match.group(1)
        listed = first_word in NAME_LIKE_WORDS and first_word not in _LOWER_VERBS
        if not listed and classify_word(first_word) != WordClass.UNKNOWN:
            continue
        surname = match.group(2)
        if (
            surname is not None
            and (classify_word(surname) == WordClass.UNKNOWN or surname in NAME_LIKE_WORDS)
            and surname not in _LOWER_VERBS
        ):
            end = match.end(2)
        spans.append(Span(start, end, PhiKind.NAME, "cue"))


def _add_lower_case_after_title(scan: Scan, spans: list[Span]) -> None:
    """Append a name after a title that the title pattern leaves: lower case, or capitals.

    Only a word on no safe or name-like list counts, so "dr visit" and "MS CONTIN" stay.
    """
    text = scan.text
    for match in scan.finditer(_TITLE_LOWER_NAME):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        group = 1 if match.group(1) is not None else 2
        word = match.group(group)
        if _AFTER_NUMBER.search(text, max(match.start() - 12, 0), match.start()) is not None:
            # "160 ms. QRS": milliseconds.
            continue
        if classify_word(word.lower()) == WordClass.UNKNOWN:
            spans.append(Span(match.start(group), match.end(group), PhiKind.NAME, "cue"))


def _is_lower_name(word: str) -> bool:
    """Return whether a lower-case word after a cue is a name: on no list, or a listed name."""
    if word in _LOWER_VERBS:
        return False
    return word in NAME_LIKE_WORDS or classify_word(word) == WordClass.UNKNOWN


def _add_lower_case_after_label(scan: Scan, spans: list[Span]) -> None:
    """Append lower-case names after a name label ("Pt: doe, jane"), up to the first non-name.

    An initial counts only before a name word ("Signed: j. doe rn"), and "Pt: alert" stays.
    """
    text = scan.text
    for match in scan.finditer(_LABEL_LOWER_NAME):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        end = -1
        for word in _LABEL_NAME_WORD.finditer(text, match.start(1), match.end(1)):
            if word.group().endswith("."):
                continue
            if not _is_lower_name(word.group()):
                break
            end = word.end()
        if end > 0:
            spans.append(Span(match.start(1), end, PhiKind.NAME, "cue"))


def _add_lower_case_before_credential(scan: Scan, spans: list[Span]) -> None:
    """Append a lower-case name on no safe list before a nurse's or doctor's credential."""
    text = scan.text
    for match in scan.finditer(_CREDENTIAL_AFTER_LOWER):
        # A name in capitals ("Smith, RN") is the credential loop's: skip it before a search.
        word_start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start()))
        if not text[word_start + 1 : match.start() + 1].islower():
            continue
        found = _LOWER_NAME_BEFORE_CREDENTIAL.search(
            text, max(match.start() - 31, 0), match.start() + 1
        )
        if found is not None and _is_lower_name(found.group(1)):
            spans.append(Span(found.start(1), found.end(1), PhiKind.NAME, "cue"))


def _add_introduced_and_nicknames(scan: Scan, spans: list[Span]) -> None:
    """Append names that a speaker introduces ("its mary ellen") and nicknames ("goes by Sunny")."""
    text = scan.text
    for match in scan.finditer(_INTRODUCED_LOWER_NAME):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        # "its own", "it's likely": only a listed given name or a word on no list counts.
        if not _is_lower_name(match.group(1)):
            continue
        end = match.end(1)
        surname = match.group(2)
        if surname is not None and _is_lower_name(surname):
            end = match.end(2)
        elif text.startswith("it", match.start()):
            # After "it's" one word on no list is more often a typo or a rare term than a name.
            continue
        spans.append(Span(match.start(1), end, PhiKind.NAME, "cue"))
    for match in scan.finditer(_NICKNAME):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        group = 1 if match.group(1) is not None else 2
        spans.append(Span(match.start(group), match.end(group), PhiKind.NAME, "cue"))


def _add_initials_by_role(scan: Scan, spans: list[Span]) -> None:
    """Append initials next to a role on the team: "resident JK", "LMP (attending)"."""
    text = scan.text
    for match in scan.finditer(_INITIALS_AFTER_ROLE):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        initials = match.group(1)
        if _are_initials(initials.replace(".", "")) or "." in initials:
            spans.append(Span(match.start(1), match.end(1), PhiKind.NAME, "cue"))
    for match in scan.finditer(_INITIALS_BEFORE_ROLE):
        initials = match.group(1)
        # Beside the role the capitals are a person even when they spell a clinical term.
        if initials not in _CREDENTIAL_WORDS and initials not in _SERVICES:
            spans.append(Span(match.start(1), match.end(1), PhiKind.NAME, "cue"))


def find_badges_after(scan: Scan, spans: Sequence[Span]) -> list[Span]:
    """Return the numbers after "#" that directly follow a name in ``spans`` ("Riley #2291")."""
    matches = scan.finditer(_NUMBER_SIGN_AFTER)
    if not matches:
        return []
    name_ends = {span.end for span in spans if span.kind == PhiKind.NAME}
    return [
        Span(match.start(1), match.end(1), PhiKind.LICENSE, "cue")
        for match in matches
        if match.start() in name_ends
    ]


def _add_particle_names_after_title(scan: Scan, spans: list[Span]) -> None:
    """Append a surname with particles after a title ("Dr. van der Berg", "Dr. de la Cruz")."""
    text = scan.text
    for match in scan.finditer(_TITLE_PARTICLES):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        spans.append(Span(match.start(1), match.end(1), PhiKind.NAME, "cue"))


def find_particle_names(scan: Scan, spans: list[Span]) -> list[Span]:
    """Return name spans that take in particles and a surname after a name in ``spans``.

    "Abdul-Rahman bin Said": the name "Abdul-Rahman" is followed by the particle "bin" and a
    capitalized word, which is part of the name even when it is an English word. Each
    returned span starts where its name span starts, so merging joins them. ``spans`` are
    spans of ``scan.text``.
    """
    matches = scan.finditer(_PARTICLES_AFTER_WORD)
    if not matches:
        return []
    name = PhiKind.NAME
    names_by_end = {span.end: span for span in spans if span.kind == name}
    found: list[Span] = []
    for match in matches:
        span = names_by_end.get(match.start())
        if span is not None:
            found.append(Span(span.start, match.end(), name, span.source))
    return found


def find_repeated_names(
    text: str, cue_spans: list[Span], scan_spans: Sequence[Span] = ()
) -> list[Span]:
    """Return the other places in ``text`` where a word of a cue-found name appears, sorted.

    ``scan_spans`` are the name scan's spans: of those only the name-like words are searched,
    because the scan masks them only next to a name or after a cue ("Husband Bob visited. Bob
    will bring clothes").

    A note names "Dr. Okafor" once and then writes "Okafor agrees", "OKAFOR" or "okafor"; the
    later mentions have no cue. A name-like word ("King", "Lee") is searched only capitalized
    or in capitals, because it recurs as a word in lower case. Other words in
    ``COMMON_WORDS`` (particles, months, weekdays) are not searched. A form in capitals or in
    lower case needs four letters, so "Le" does not match "LE" (lower extremity) and "Dr. Ng"
    does not make "ng tube" a name.

    A place inside a cue span is left out: the cue span already covers it, so merging gives
    the same spans without it. ``_cues.repeated_names`` runs the search in C for ASCII notes.
    """
    if _native_repeated_names is not None and text.isascii():
        found = _native_repeated_names(
            text,
            cue_spans,
            scan_spans,
            _CUE_FORMS,
            _SCAN_FORMS,
            _search_forms,
            _PERSON_VERB_AFTER.match,
            Span,
            PhiKind.NAME,
        )
        if found is not None:
            return found
    return _python_find_repeated_names(text, cue_spans, scan_spans)


def _span_bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _python_find_repeated_names(
    text: str, cue_spans: list[Span], scan_spans: Sequence[Span] = ()
) -> list[Span]:
    """Return what ``find_repeated_names`` returns, in Python."""
    words: set[str] = set()
    # Words taken from the scan's spans alone: at a sentence start they must be followed by a
    # verb of a person ("Bob will bring"), since "Hope to discharge soon" uses the word.
    scan_words: set[str] = set()
    # A name is often found by several detectors, so each distinct text is read once.
    read: set[str] = set()
    cue_bounds: list[tuple[int, int]] = []
    for span in cue_spans:
        cue_bounds.append((span.start, span.end))
        name = text[span.start : span.end]
        if name not in read:
            read.add(name)
            words.update(_search_forms(name, False)[0])
    read.clear()
    for span in scan_spans:
        if span.kind == PhiKind.NAME:
            name = text[span.start : span.end]
            if name in read:
                continue
            read.add(name)
            forms, checked_forms = _search_forms(name, True)
            words.update(forms)
            scan_words.update(checked_forms)
    spans: list[Span] = []
    if not words:
        return spans
    cover = _CueCover(cue_bounds)
    if len(words) > _FORMS_SEARCHED_ALONE:
        # A note with many distinct names is read once for all of them, so it costs linear
        # time, not the number of forms times its length.
        word_forms = {word for word in words if word.isalnum()}
        _find_word_forms(text, word_forms, scan_words, cover, spans)
        _find_forms_together(text, words - word_forms, scan_words, cover, spans)
        spans.sort(key=_span_bounds)
        return spans
    if text.isascii():
        # In ASCII every form of a word lowers to the same text of the same length, so one
        # search of the lowered note finds the places of all of its forms.
        _find_forms_ascii(text, words, scan_words, cover, spans)
        spans.sort(key=_span_bounds)
        return spans
    for word in words:
        position = text.find(word)
        size = len(word)
        checked = word in scan_words
        while position >= 0:
            end = position + size
            if _is_repeated_name(text, position, end, checked, cover):
                spans.append(Span(position, end, PhiKind.NAME, "cue"))
            position = text.find(word, end)
    spans.sort(key=_span_bounds)
    return spans


# Up to this many forms, each form is searched for on its own; above it one pass over the note
# finds them all.
_FORMS_SEARCHED_ALONE = 16
# A run of the characters for which ``str.isalnum`` is true: ``\w`` is those and "_".
_ALNUM_RUN = re.compile(r"[^\W_]+")


def _find_forms_together(
    text: str,
    forms: set[str],
    scan_words: set[str],
    cover: _CueCover,
    spans: list[Span],
) -> None:
    """Append to ``spans`` the places of ``forms`` that one pass over ``text`` finds.

    An Aho-Corasick automaton of the forms reads each character once and reports every place
    where a form ends. Each form's places count one after another without overlap, as the
    search of that form alone finds them. ``_cues.repeated_names`` builds the same automaton
    in C for the forms with a character other than a letter or a digit.
    """
    if not forms:
        return
    children: list[dict[str, int]] = [{}]
    # The form that ends at each node, or None.
    ends: list[str | None] = [None]
    for form in forms:
        node = 0
        for character in form:
            child = children[node].get(character)
            if child is None:
                child = len(children)
                children.append({})
                ends.append(None)
                children[node][character] = child
            node = child
        ends[node] = form
    # For each node, the node of its longest proper suffix in the trie, and the nearest node
    # on that chain, itself left out, where a form ends (-1 if none).
    fail = [0] * len(children)
    report = [-1] * len(children)
    queue = deque(children[0].values())
    while queue:
        node = queue.popleft()
        for character, child in children[node].items():
            suffix = fail[node]
            while suffix and character not in children[suffix]:
                suffix = fail[suffix]
            target = children[suffix].get(character, 0)
            fail[child] = target
            report[child] = target if ends[target] is not None else report[target]
            queue.append(child)
    last_ends: dict[str, int] = {}
    state = 0
    for index, character in enumerate(text):
        while state and character not in children[state]:
            state = fail[state]
        state = children[state].get(character, 0)
        hit = state if ends[state] is not None else report[state]
        while hit >= 0:
            ended = ends[hit]
            hit = report[hit]
            # Only nodes where a form ends are reported.
            assert ended is not None
            end = index + 1
            position = end - len(ended)
            if last_ends.get(ended, 0) > position:
                continue
            last_ends[ended] = end
            if _is_repeated_name(text, position, end, ended in scan_words, cover):
                spans.append(Span(position, end, PhiKind.NAME, "cue"))


def _find_word_forms(
    text: str,
    word_forms: set[str],
    scan_words: set[str],
    cover: _CueCover,
    spans: list[Span],
) -> None:
    """Append to ``spans`` the places of ``word_forms``, forms whose characters are all alnum.

    Such a place counts only between two characters that are not alnum, so it is a whole run
    of alnum characters. Two such places cannot overlap, so none hides another, and the places
    are those that the search of each form alone finds.
    """
    for match in _ALNUM_RUN.finditer(text):
        form = match.group()
        if form in word_forms:
            position, end = match.span()
            if _is_repeated_name(text, position, end, form in scan_words, cover):
                spans.append(Span(position, end, PhiKind.NAME, "cue"))


class _CueCover:
    """The bounds of the cue spans, to tell in logarithmic time whether one contains a place."""

    def __init__(self, cue_bounds: list[tuple[int, int]]) -> None:
        ordered = sorted(cue_bounds)
        self._starts = [start for start, _ in ordered]
        # The greatest end of the spans up to each one in start order.
        self._reach: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        """Return whether a cue span starts at or before ``start`` and ends at or after ``end``."""
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and self._reach[index] >= end


def _find_forms_ascii(
    text: str,
    words: set[str],
    scan_words: set[str],
    cover: _CueCover,
    spans: list[Span],
) -> None:
    """Append to ``spans`` what the search of each of ``words`` in ASCII ``text`` finds.

    Each form's places are those that searching for it alone finds, one after another without
    overlap: every place where the lowered form occurs is read, and a place of a form counts
    only if it starts at or after the end of that form's last place.
    """
    lowered_text = text.lower()
    # Where the last place of each form ends.
    last_ends: dict[str, int] = {}
    for lowered in {word.lower() for word in words}:
        position = lowered_text.find(lowered)
        size = len(lowered)
        while position >= 0:
            end = position + size
            form = text[position:end]
            if form in words and last_ends.get(form, 0) <= position:
                last_ends[form] = end
                if _is_repeated_name(text, position, end, form in scan_words, cover):
                    spans.append(Span(position, end, PhiKind.NAME, "cue"))
            position = lowered_text.find(lowered, position + 1)


def _is_repeated_name(
    text: str,
    position: int,
    end: int,
    checked: bool,
    cover: _CueCover,
) -> bool:
    """Return whether a form found at ``text[position:end]`` is a new place of the name."""
    if (position > 0 and text[position - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return False
    if cover.covers(position, end):
        return False
    return not (
        checked and _starts_sentence(text, position) and not _PERSON_VERB_AFTER.match(text, end)
    )


# The forms to search for each name already read, as ``_search_forms`` returns them, for
# names of cues and of the name scan. ``_cues.repeated_names`` reads them too.
_CUE_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_SCAN_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
_FORMS_LIMIT = 16_384


def _search_forms(name: str, from_scan: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the forms of the words of ``name`` that ``find_repeated_names`` searches for.

    The second tuple contains the forms that must pass the sentence-start test. With
    ``from_scan`` the name comes from the name scan and only its name-like words are taken,
    so their forms as written and capitalized are in both tuples. Most of the scan's names have
    no name-like word, which one set operation shows for ASCII text without periods, where
    lowering and splitting commute.
    """
    cache = _SCAN_FORMS if from_scan else _CUE_FORMS
    found = cache.get(name)
    if found is not None:
        return found
    forms: list[str] = []
    checked_forms: list[str] = []
    if not (
        from_scan
        and name.isascii()
        and "." not in name
        and NAME_LIKE_WORDS.isdisjoint(name.lower().split())
    ):
        for word in name.split():
            cleaned = word.rstrip(".")
            lowered = cleaned.lower()
            if from_scan and lowered not in NAME_LIKE_WORDS:
                continue
            if len(cleaned) <= 1:
                continue
            if lowered in COMMON_WORDS and lowered not in NAME_LIKE_WORDS:
                continue
            capitalized = cleaned[0].upper() + cleaned[1:].lower()
            forms.append(cleaned)
            forms.append(capitalized)
            if from_scan:
                checked_forms.append(cleaned)
                checked_forms.append(capitalized)
            if len(cleaned) >= _MIN_CAPITALS_FORM:
                forms.append(cleaned.upper())
                if lowered not in NAME_LIKE_WORDS:
                    forms.append(lowered)
    found = (tuple(forms), tuple(checked_forms))
    if len(cache) < _FORMS_LIMIT:
        cache[name] = found
    return found


def _starts_sentence(text: str, position: int) -> bool:
    """Return whether ``position`` starts a sentence or a line."""
    before = text[max(position - 3, 0) : position].rstrip(" \t")
    return not before or before[-1] in ".!?\n:"


# The bounds ``_name_bounds`` found in each capture already read, by the capture and the
# options. A capture's words alone decide them, and the same names recur in a database's notes.
_NAME_BOUNDS: dict[tuple[str, bool, int, bool, bool], tuple[int, int] | None] = {}
_NAME_BOUNDS_LIMIT = 16_384


def _name_span(
    text: str,
    bounds: tuple[int, int],
    *,
    from_end: bool,
    min_words: int = 1,
    capitals_allowed: bool = False,
    proper_first: bool = True,
) -> Span | None:
    """Trim the captured words to the name and return its span, or None if no words remain.

    With ``from_end`` the name ends where the capture ends (credentials follow it), so words
    are kept from the back up to the last stopword. Otherwise the name starts where the
    capture starts and ends before the first stopword. ``proper_first`` lets a month or
    weekday right next to the cue count as a name.
    """
    start, end = bounds
    found = _cached_name_bounds(
        (text[start:end], from_end, min_words, capitals_allowed, proper_first)
    )
    if found is None:
        return None
    return Span(start + found[0], start + found[1], PhiKind.NAME, "cue")


# Stands for a capture that is not in ``_NAME_BOUNDS``; compared by identity.
_UNREAD = (-1, -1)


def _cached_name_bounds(
    key: tuple[str, bool, int, bool, bool],
) -> tuple[int, int] | None:
    """Return ``_name_bounds(*key)``, from ``_NAME_BOUNDS`` where it was read before."""
    found = _NAME_BOUNDS.get(key, _UNREAD)
    if found is _UNREAD:
        found = _name_bounds(*key)
        if len(_NAME_BOUNDS) < _NAME_BOUNDS_LIMIT:
            _NAME_BOUNDS[key] = found
    return found


def _name_bounds(
    captured: str, from_end: bool, min_words: int, capitals_allowed: bool, proper_first: bool
) -> tuple[int, int] | None:
    """Return where the name in ``captured`` begins and ends, as ``_name_span`` describes."""
    words = captured.split()
    if from_end:
        words.reverse()
    kept = 0
    for word in words:
        # Right next to the cue a month or weekday is a name ("Mrs. May", "R. May, RN");
        # further away it is more often a date ("Dr. Lee March 3").
        if _is_stopword(word, capitals_allowed=capitals_allowed) and not (
            kept == 0 and proper_first and word.lower() in PROPER_WORDS
        ):
            break
        kept += 1
    name = words[:kept]
    if from_end:
        name.reverse()
        # Before a credential, English and clinical words are a service or a verb ("Wound
        # Care RN", "Notified On-call MD"), not a name, unless a name word follows them
        # ("Shaun Flowers, RN").
        while name and _is_service_word(name[0]):
            name.pop(0)
    # Initials alone ("J.") are too little to be sure of a name.
    if len(name) < min_words or not any(len(word.rstrip(".")) != 1 for word in name):
        return None
    name_start, name_end = _word_bounds(captured, name, from_end=from_end)
    if name[-1].endswith(_POSSESSIVE_ENDINGS):
        name_end -= 2
    return name_start, name_end


def _word_bounds(captured: str, name: list[str], *, from_end: bool) -> tuple[int, int]:
    """Return where the words of ``name``, a run of the words of ``captured``, begin and end.

    The words of a capture are separated by white space alone, so each one is the first
    occurrence after the word before it, or with ``from_end`` the last occurrence before the
    word after it.
    """
    if from_end:
        position = len(captured)
        name_end = position
        for index, word in enumerate(reversed(name)):
            position = captured.rindex(word, 0, position)
            if index == 0:
                name_end = position + len(word)
        return position, name_end
    position = 0
    name_start = 0
    for index, word in enumerate(name):
        found = captured.index(word, position)
        if index == 0:
            name_start = found
        position = found + len(word)
    return name_start, position


def _begins_with_name(text: str, start: int) -> bool:
    """Return whether the word at ``start`` is on no safe list (a name, or name-like)."""
    end = start
    while end < len(text) and (text[end].isalpha() or text[end] in "'’-"):
        end += 1
    return end > start and classify_word(_bare_word(text[start:end])) != WordClass.SAFE


def _is_service_word(word: str) -> bool:
    """Return whether a word before a credential is an English or clinical word.

    An initial ("A." in "A. Brown, RN") is part of the name, though "a" is a safe word.
    """
    if len(word.rstrip(".")) == 1:
        return False
    return classify_word(_bare_word(word)) == WordClass.SAFE


def _bare_word(word: str) -> str:
    """Return a word in lower case without its possessive ending and periods."""
    word = word.rstrip(".")
    if word.endswith(_POSSESSIVE_ENDINGS):
        word = word[:-2]
    return word.lower()


def _is_stopword(word: str, *, capitals_allowed: bool) -> bool:
    bare = word.rstrip(".")
    if len(bare) == 1 and bare.isupper() and word.endswith("."):
        # An initial: "A. Brown, RN", "I. Pope, MD".
        return False
    if not capitals_allowed and len(bare) > 1 and bare.isupper():
        return True
    return bare.lower() in CUE_STOPWORDS
