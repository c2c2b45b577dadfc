"""Dates more specific than a year, and ages over 89, in free text.

Safe Harbor removes every element of a date except the year, so month and day, month and year,
and holidays that fix a day are all masked, while a year alone stays. Numeric dates are found
by one scan for digit groups joined by ``/``, ``-`` or ``.``. The groups are then checked as
month, day and year in both US and day-first order. A month and day without a year ("3/14")
shares its shape with ratios and scores, so the words around it decide.

Most patterns start with a digit or a letter rather than a look-behind, because Python's
``re`` can then skip ahead to the characters a match may start with; the boundary checks that
a look-behind would make are done on the match afterwards. ``_LABELED_DATE`` and
``_GLUED_DATE`` start with a negative look-behind that changes none of their matches, because
the one-pass scan in ``prefilter`` reads it as a class for the character before a match. A few
rare patterns run only where the scan finds a short witness that each of their matches
contains.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator

from phigate.masking.context import any_of, label_before, trie_pattern, words_before
from phigate.masking.prefilter import Scan, gated
from phigate.masking.spans import Span
from phigate.policy import PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._dates import numeric_dates as _native_numeric_dates
except ImportError:  # pragma: no cover
    _native_numeric_dates = None  # type: ignore[assignment]

__all__ = ["find_ages", "find_ages_after", "find_dates"]

_MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
)
_MONTH_ABBREVIATIONS += ("Nov", "Dec")
# "may" and "march" are verbs and "mar" and "dec" are common abbreviations in lower case, so
# those are matched only capitalized or in capitals. Other month names match in any case.
_LOWER_CASE_UNSAFE = frozenset({"may", "march"})


_LOWER_MONTH_NAMES = tuple(
    name.lower() for name in _MONTH_NAMES if name.lower() not in _LOWER_CASE_UNSAFE
)
_CAPITALIZED_MONTHS = [form for name in _MONTH_NAMES for form in (name, name.upper())]
_CAPITALIZED_MONTHS += [form for name in _MONTH_ABBREVIATIONS for form in (name, name.upper())]
_MONTH_CAPITALIZED = "(?:" + trie_pattern(_CAPITALIZED_MONTHS) + r")\.?"
_MONTH_LOWER = "(?:" + trie_pattern(_LOWER_MONTH_NAMES) + ")"
# Only an abbreviation takes a period, so "the 14th of March." leaves the full stop.
_ABBREVIATED_MONTHS = [form for name in _MONTH_ABBREVIATIONS for form in (name, name.upper())]
_MONTH = (
    "(?:"
    + trie_pattern(
        [
            *_CAPITALIZED_MONTHS,
            *_LOWER_MONTH_NAMES,
            *(form + "." for form in _ABBREVIATED_MONTHS),
        ]
    )
    + ")"
)
# White space with at most one line break: an identifier may be wrapped onto the next line.
_GAP = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
_ORDINAL = r"(?:st|nd|rd|th|ST|ND|RD|TH)?"
_YEAR = r"(?:(?:1[89]|2[01])\d{2}|'\d{2})"

# "March 14", "Mar. 14th, 2024", "March 2024", "MARCH 14 2024", "Mar-14-2024". Month names
# in lower case have a pattern of their own, run only when one occurs, because a pattern that
# may start with a lower-case letter is tried at most positions of a note.
# The second day of a range: "March 14-16", "March 14th and 16th", "14 to 16 March".
_DAY_RANGE = r"(?:[ \t]*(?:-|to|and|through|thru|&)[ \t]*\d{1,2}" + _ORDINAL + r"(?![\d:/]))?"
_MONTH_FIRST_TAIL = (
    r"(?:(?:"
    + _GAP
    + r"|-)(\d{1,2})"
    + _ORDINAL
    + r"(?!\d|:\d)"
    + _DAY_RANGE
    + r"(?:,?(?:"
    + _GAP
    + r"|-)("
    + _YEAR
    + r"))?|,?(?:"
    + _GAP
    + r"|-)(?:of"
    + _GAP
    + r")?("
    + _YEAR
    + r"))(?![\w'])"
)
_MONTH_FIRST = gated(re.compile(_MONTH_CAPITALIZED + _MONTH_FIRST_TAIL))
_MONTH_FIRST_LOWER = gated(re.compile(_MONTH_LOWER + _MONTH_FIRST_TAIL))
# "14 Mar 2024", "14th of March", "14-MAR-24", "3rd of March".
_DAY_FIRST = gated(
    re.compile(
        r"(\d(?<![\w.,/-]\d)\d?)"
        + _ORDINAL
        + _DAY_RANGE
        + r"(?:"
        + _GAP
        + r"of"
        + _GAP
        + r"|"
        + _GAP
        + r"|-)(?=[JFMASONDjfasond])"
        + _MONTH
        + r"(?:,?(?:"
        + _GAP
        + r"|-)("
        + _YEAR
        + r"|\d{2}))?(?![\w'])"
    )
)
# Digit groups joined by one separator kind: 03/14/1962, 2024-01-05, 14.03.1962, 3/14, 03/2024.
# The look-behind after the first digit rejects a digit inside a longer number in C, and the
# "." separator needs three parts, so decimals ("98.6") never reach Python.
_NUMERIC = gated(
    re.compile(
        r"(\d(?<![\w/.-]\d)(?:\d\d\d|\d)?)(?:([/-])(\d{1,4})(?:\2(\d{1,4}))?|(\.)(\d\d?)\.(\d{4}))"
    )
)
_ISO_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])")
# An eight-digit date is written without separators only in forms, after a date label.
_COMPACT = gated(re.compile(r"(?:19|20)\d{6}(?!\d)"))
_COMPACT_LABELS = frozenset({"dob", "born", "birth", "birthdate", "date", "dos", "b"})
_HOLIDAY_WORDS: tuple[str, ...] = (
    "Christmas",
    "Thanksgiving",
    "Easter",
    "Halloween",
    "Year",
    "Valentine",
)
_HOLIDAY_WORDS += ("Independence", "July", "Memorial", "Labor", "Veterans", "Mother", "Father")
_HOLIDAY = gated(
    re.compile(
        # "Christmas disease" is haemophilia B.
        r"(?:Christmas(?![ \t]+(?i:disease|factor))(?:[ \t]+(?:Eve|Day))?|"
        r"Thanksgiving(?:[ \t]+Day)?|Easter(?:[ \t]+Sunday)?|"
        r"Halloween|New[ \t]+Year['’]?s(?:[ \t]+(?:Eve|Day))?|Valentine['’]?s[ \t]+Day|"
        r"Independence[ \t]+Day|(?:Fourth|4th)[ \t]+of[ \t]+July|Memorial[ \t]+Day|Labor[ \t]+Day|"
        r"Veterans['’]?[ \t]+Day|Mother['’]?s[ \t]+Day|Father['’]?s[ \t]+Day)(?![\w])"
    )
)

# A month named alone ("seen in October") is still an element of a date. "May" and "March" are
# also a verb, so they count only after a word that introduces a time ("in May", "since March").
_BARE_MONTH_NAMES = [name for name in _MONTH_NAMES if name.lower() not in _LOWER_CASE_UNSAFE]
_BARE_MONTH = gated(
    re.compile(
        "(?:"
        + trie_pattern([form for name in _BARE_MONTH_NAMES for form in (name, name.upper())])
        + r")(?![\w'’-])"
    )
)
_TIME_WORDS = (
    r"(?:(?:in|In|IN|since|Since|SINCE|by|until|till|during|through|from|early|late|mid|"
    r"Early|Late|Mid|end[ \t]+of|End[ \t]+of)" + _GAP + r"|(?:mid|Mid|early|Early|late|Late)-)"
)
# "May", "March" and the abbreviations, which are also words, count only after such a word:
# "in May", "since Oct.", "mid-March".
_CUED_MONTH_NAMES = ["May", "March", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep"]
_CUED_MONTH_NAMES += ["Sept", "Oct", "Nov", "Dec"]
_CUED_MONTH = gated(
    re.compile(
        _TIME_WORDS
        + "("
        # In capitals only "MAY" and "MARCH": "in MAR" and "in OCT" are acronyms.
        + trie_pattern([*_CUED_MONTH_NAMES, "MAY", "MARCH"])
        + r")(?![\w'’-])\.?(?!"
        + _GAP
        + r"\d)"
    )
)
# A day of the month alone ("on the 9th"), unless a noun follows ("on the 5th floor").
_ORDINAL_DAY = gated(
    re.compile(
        r"(?:on|by|until|till|since|before|after|through|thru|On|By|Until|Since|Before|After)"
        + _GAP
        + r"(the"
        + _GAP
        + r"(\d{1,2})(?:st|nd|rd|th))\b"
        # "and" or "or" after it starts a list of ordinals ("the 1st and 2nd doses").
        + r"(?![ \t]+(?!(?:of|at|for|to|in|when|if|as|so|then|with|because)\b)[A-Za-z])"
    )
)
# A day of the month after a weekday: "Wednesday, the 14th", "Tues the 9th", "Thursday 14th".
_WEEKDAY_ORDINAL = gated(
    re.compile(
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu|Thurs?|"
        r"Fri|Sat|Sun)\.?,?"
        + _GAP
        + r"((?:the"
        + _GAP
        + r")?(\d{1,2})(?:st|nd|rd|th))\b"
        # Not before a noun: "Wed 2nd dose", "Sun 5th floor".
        + r"(?![ \t]+(?!(?:of|at|for|to|in|when|if|as|so|then|with|because)\b)[A-Za-z])"
    )
)

# A date right after a date label, in the looser forms that forms and registration systems
# use: "DOB: 14MAR1962", "DOB March14, 1962", "DOB 3 / 14 / 1962", "DOB 031462".
_DATE_LABEL = (
    r"(?i:\b(?:dob|d\.o\.b|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthday|born(?:[ \t]+on)?|"
    r"dos|date[ \t]+of[ \t]+service|date|lmp|edd)\b\.?)"
)
# After a date label a month is a month in any case: "dob 3 mar 31".
_LABELED_MONTH = (
    "(?:"
    + trie_pattern(
        [*_CAPITALIZED_MONTHS, *(name.lower() for name in (*_MONTH_NAMES, *_MONTH_ABBREVIATIONS))]
    )
    + r")\.?"
)
_LOOSE_DATE = (
    r"(\d{1,2}[ \t]*[./-][ \t]*\d{1,2}[ \t]*[./-][ \t]*\d{2,4}"
    r"|\d{1,2}[ \t]+\d{1,2}[ \t]+\d{4}"
    r"|\d{4}[./]\d{1,2}[./]\d{1,2}"
    r"|\d{1,2}[ \t]*(?:[/.-][ \t]*)?" + _LABELED_MONTH + r"[ \t]*(?:[/.-][ \t]*)?\d{2,4}"
    r"|" + _MONTH + r"[ \t]*\d{1,2}" + _ORDINAL + r"[ \t]*(?:[,./-][ \t]*)?\d{2,4}"
    r"|\d{6}|\d{8})"
)
# Every label starts with a letter, so the leading look-behind only restates the label's first
# ``\b``. It is written out because the one-pass scan turns a leading negative look-behind into
# a class for the character before the match, which skips "date" inside "updated".
_LABELED_DATE = gated(
    re.compile(r"(?<!\w)" + _DATE_LABEL + r"[ \t]*(?:[:#=-][ \t]*)?" + _LOOSE_DATE + r"(?![\w/])")
)
# A full date glued to a letter ("on3/14/2024", "DOB_03/14/1962", "03/14/1962Z").
# No branch matches after a digit or "/". The leading look-behind states this once for all
# three branches, because the one-pass scan reads only a look-behind before the whole pattern.
_GLUED_DATE = gated(
    re.compile(
        r"(?<![\d/])(?:"
        r"(?<=[^\W\d])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"
        r"|(?<=_)(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)"
        r"|(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?=[^\W\d]|_)"
        r")"
    )
)
# A day written as a word: "March fourteenth", "the fourteenth of March".
_ORDINAL_WORD_TEXT = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth "
    "thirtieth"
)
_ORDINAL_WORDS = _ORDINAL_WORD_TEXT.split()
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[ \t-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth)|" + trie_pattern(_ORDINAL_WORDS) + r")"
)
_DAY_IN_WORDS = gated(
    re.compile(
        _MONTH_CAPITALIZED + _GAP + r"(?:the" + _GAP + r")?(?i:" + _ORDINAL_WORD + r")\b"
        r"|(?:the"
        + _GAP
        + r")?(?i:"
        + _ORDINAL_WORD
        + r")"
        + _GAP
        + r"of"
        + _GAP
        + _MONTH_CAPITALIZED
        + r"(?![\w'])"
    )
)
# A year of birth that shows an age over 89 ("DOB: 1931", "born in 1930"), which Safe Harbor
# removes with the age.
_BIRTH_YEAR = gated(
    re.compile(
        r"(?i:\b(?:dob|d\.o\.b|born|birth[ \t]*year|year[ \t]+of[ \t]+birth|yob)\b\.?|"
        r"\bb\.)"
        # "born in the spring of 1931", "Born '31".
        r"[ \t]*(?:[:#=-][ \t]*)?(?:in[ \t]+(?:(?:the[ \t]+)?(?i:spring|summer|fall|autumn|"
        r"winter|early|late|mid)[ \t]+(?:of[ \t]+)?)?)?((?:18|19|20)\d\d|['’]\d\d)\b(?![/.-]\d)"
    )
)
_OLDEST_AGE_KEPT = 89

# The rest of a range after a date written with slashes.
_RANGE_END = re.compile(r"-\d{1,2}(?:/\d{1,4}){0,2}(?![\d/-])")

# A month/day pair without a year is not a date after these words or before these.
_NOT_DATE_WORDS = (
    "bp b/p pressure pain score scale rate rated rates severity strength power motor reflexes "
    "ratio murmur grade tab tabs tablet tablets take takes moca mmse gcs apgar sem ef gravida "
    "para fev1 fvc vision acuity anxiety depression nausea dyspnea sob mood craving cravings "
    "fatigue stress itch itching energy discomfort scored completed attended sleep urge urges"
)
_NOT_DATE_BEFORE = re.compile(
    r"(?i:\b(?:" + trie_pattern(_NOT_DATE_WORDS.split()) + r"|phq-?\d*|gad-?\d*))\b[ \t:=]*"
    r"(?:\w+[ \t]+)?$"
)
_NOT_DATE_AFTER = re.compile(
    r"(?i:[ \t]*(?:mm[ \t]*hg|pain|scale|strength|tab|tabs|tablets?|of[ \t]+(?:a|the)\b|"
    r"murmur|sem|systolic|diastolic|vision|\bdose|\bstrength))"
)
# A count or amount after the pair: "2-3 days ago", "1/2 tab", "10/12 sessions", "2-3 L".
_COUNT_AFTER = re.compile(
    r"[ \t]*(?i:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|minutes?|mins?|"
    r"times|x(?!-)|l(?=[ \t]*(?:nc|o2|nasal|via|per|/))|lpm|liters?|tabs?|tablets?|caps?|"
    r"pills?|puffs?|doses?|drinks?|cigarettes?|"
    r"packs?|ppd|sessions?|visits?|items?|questions?|points?|beers?|glasses?|cups?|ago)\b"
)
_MAX_SCORE = 10
# Date words that also come before scores: "from 7/10 to 3/10", "down to 3/10 by evening".
_SCORE_CUES = frozenset({"from", "to", "through", "thru", "until", "till", "of", "by", "last"})
# A clock time after a month/day pair: "8/2 0800", "8/2 21:00", "8/2 at 9am".
_CLOCK_AFTER = re.compile(
    r"[ \t]+(?:@[ \t]*|at[ \t]+)?"
    r"(?:(?:[01]\d|2[0-3])[0-5]\d|\d{1,2}:[0-5]\d|\d{1,2}[ \t]?(?i:am|pm))\b"
)
# A second score after the first: "Pain 8/10 -> 4/10".
_SCORE_BEFORE = re.compile(r"\d/10[ \t]*(?:->|→|=>|to|then|-|now)[ \t]*\Z")
# Between one date and the next in a list or range: "3/1, 3/8, and 3/15", "3/1 and 3/5".
_DATE_LIST_GAP = re.compile(
    r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|and|or|to|through|thru|-)[ \t]*\Z"
)
# Before a pair of single digits ("on 3/4"), which is otherwise read as a fraction.
# Searched in a window before every pair of numbers, so the words branch one letter at a time.
_DATE_CUE_WORDS = (
    "on since from until till by dated date dos seen admitted discharged visit last next due "
    "starting started through thru of doa dob born returned called labs monday tuesday "
    "wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun lmp "
    "edd surgery admit procedure d/c dc ct mri cxr echo ekg ecg drawn intubated extubated "
    "between fell delivered birthday hospitalized transferred injured injury onset biopsy scan "
    "imaging culture cultures vaccinated vaccine placed removed inserted recheck rechecked "
    "clinic given bm collected obtained stopped held resumed appt appointment reading readings "
    "performed changed discontinued transmission follow-up followup f/u fu return returns home"
)
# "follow up 4/1": the cues of two words, with one space or tab between them.
_DATE_CUE_PHRASES = ("follow up",)
_DATE_CUE_BEFORE = re.compile(
    r"(?i:\b(?:"
    + trie_pattern([*_DATE_CUE_WORDS.split(), *_DATE_CUE_PHRASES], space="[ \t]")
    + r"))"
    r"\.?[ \t]*:?[ \t]*\n?[ \t]*[(,]?[ \t]*$"
)
# The length of the longest cue in ``_DATE_CUE_WORDS`` and ``_DATE_CUE_PHRASES``, which bounds
# how far ``_date_cue`` searches back.
_MAX_CUE_LENGTH = max(len(word) for word in [*_DATE_CUE_WORDS.split(), *_DATE_CUE_PHRASES])
_CONTEXT_WINDOW = 30
_MAX_DAY = 31
_MAX_MONTH = 12


# A witness is a short pattern that every match of a rare, costly pattern contains. Where the
# one-pass scan finds no witness in a note, ``Scan.finditer`` returns an empty, falsy result,
# and the costly pattern is skipped. Where the scan does not cover the witness (a note with
# non-ASCII characters), it returns a lazy iterator, which is truthy, so the pattern runs.
# "the 9th", "Wednesday 14th": a digit right before an ordinal suffix.
_ORDINAL_SUFFIX = gated(re.compile(r"\d(?:st|nd|rd|th)"))
# "March fourteenth": the day in words, without the word boundaries.
_ORDINAL_WORD_WITNESS = gated(re.compile("(?i:" + _ORDINAL_WORD + ")"))
# "in May", "since Oct.": the month name alone.
_CUED_NAME = gated(re.compile(trie_pattern([*_CUED_MONTH_NAMES, "MAY", "MARCH"])))
# The month name as ``_CUED_MONTH`` reads it, run only where ``_CUED_NAME`` matched.
_CUED_NAME_ALONE = re.compile(
    r"(?<=[ \t\n-])(?:" + trie_pattern([*_CUED_MONTH_NAMES, "MAY", "MARCH"]) + r")(?![\w'’-])"
)
# "on3/14/2024", "DOB_3/14/24": a letter or "_" before the date. "03/14/1962Z": one after a
# four-digit year.
_GLUED_WITNESS = gated(re.compile(r"[^\W\d]\d\d?/\d\d?/\d\d|/\d{4}[^\W\d]"))

_DATE = PhiKind.DATE
_AGE = PhiKind.AGE


def find_dates(scan: Scan) -> Iterator[Span]:
    """Find the date spans in a note: numeric, written out, compact after a label, holidays.

    The spans are collected into one list, and an iterator over it is returned, because a
    generator that delegates to helper generators pays a resume at every level for each span.
    """
    text = scan.text
    spans: list[Span] = []
    append = spans.append
    patterns = [_MONTH_FIRST, _DAY_FIRST]
    if scan.covers(_MONTH_FIRST_LOWER) or any(name in text for name in _LOWER_MONTH_NAMES):
        patterns.append(_MONTH_FIRST_LOWER)
    for pattern in patterns:
        for match in scan.finditer(pattern):
            start = match.start()
            if start and text[start - 1].isalnum():
                continue
            day = match.group(1)
            if day is not None and not 1 <= int(day) <= _MAX_DAY:
                continue
            append(Span(start, match.end(), _DATE, "pattern"))
    if "/" in text or "-" in text or "." in text:
        _numeric_dates(scan, spans)
    # Falsy when the scan finds none of the rare forms in ``_RARE_DATE_FORMS``.
    rare = scan.finditer(_RARE_DATE_FORMS)
    for match in scan.finditer(_COMPACT) if rare else ():
        value = match.group()
        if not (1 <= int(value[4:6]) <= _MAX_MONTH and 1 <= int(value[6:]) <= _MAX_DAY):
            continue
        if _word_start(text, match.start()) and label_before(
            text, match.start(), _COMPACT_LABELS, ("of",), max_words=3
        ):
            append(Span(match.start(), match.end(), _DATE, "pattern"))
    _bare_months(scan, spans, rare=bool(rare))
    _loose_dates(scan, spans, rare=bool(rare))
    if rare and (scan.covers(_HOLIDAY) or any(word in text for word in _HOLIDAY_WORDS)):
        for match in scan.finditer(_HOLIDAY):
            if _word_start(text, match.start()):
                append(Span(match.start(), match.end(), _DATE, "pattern"))

    return iter(spans)


# A day, a month abbreviation and a year in one token: "14MAR24", "3Jan2024".
_DAY_MONTH_YEAR = gated(
    re.compile(
        r"(\d(?<![\w.]\d)\d?)(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)"
        r"(?:\d{4}|\d{2})(?!\w)"
    )
)
# Matches wherever one of these rare forms or witnesses does, so that most notes pay one
# ``Scan.finditer`` call for all of them. Only parts with few, long gates are joined, because
# past ``prefilter._MAX_GATES`` gates the scan shortens every gate of the joined pattern.
# Gates such as "/" and three digits would then fire at most dates.
_RARE_DATE_FORMS = gated(
    any_of(
        _ORDINAL_SUFFIX, _DAY_MONTH_YEAR, _GLUED_WITNESS, _ORDINAL_WORD_WITNESS, _HOLIDAY, _COMPACT
    )
)


def _loose_dates(scan: Scan, spans: list[Span], *, rare: bool) -> None:
    """Append dates after a label, glued to letters, with the day in words, and old birth years.

    Also a day, month and year written as one token ("14MAR24"). The forms of
    ``_RARE_DATE_FORMS`` are looked for only when ``rare`` is true.
    """
    append = spans.append
    for match in scan.finditer(_DAY_MONTH_YEAR) if rare else ():
        if 1 <= int(match.group(1)) <= _MAX_DAY:
            append(Span(match.start(), match.end(), _DATE, "pattern"))
    for match in scan.finditer(_LABELED_DATE):
        append(Span(match.start(1), match.end(1), _DATE, "pattern"))
    if rare:
        _glued_dates_and_days_in_words(scan, spans)
    # Today's date is read only when a birth year is found: most notes have none.
    oldest_kept: int | None = None
    for match in scan.finditer(_BIRTH_YEAR):
        if oldest_kept is None:
            oldest_kept = datetime.date.today().year - _OLDEST_AGE_KEPT
        year = match.group(1)
        if year[0] in "'’":
            # A two-digit year of birth is read in the last hundred years: "'31" is 1931.
            today = datetime.date.today().year
            number = today - (today - int(year[1:])) % 100
            if number > today:
                number -= 100
        else:
            number = int(year)
        if number < oldest_kept:
            append(Span(match.start(1), match.end(1), _DATE, "pattern"))


def _glued_dates_and_days_in_words(scan: Scan, spans: list[Span]) -> None:
    """Append dates glued to letters ("on3/14/2024") and with the day in words."""
    text = scan.text
    append = spans.append
    glued = scan.finditer(_GLUED_DATE) if scan.finditer(_GLUED_WITNESS) else ()
    for match in glued:
        groups = [group for group in match.groups() if group is not None]
        month, day = int(groups[0]), int(groups[1])
        if _is_month_day(month, day) or _is_month_day(day, month):
            append(Span(match.start(), match.end(), _DATE, "pattern"))
    in_words = scan.finditer(_DAY_IN_WORDS) if scan.finditer(_ORDINAL_WORD_WITNESS) else ()
    for match in in_words:
        if _word_start(text, match.start()):
            append(Span(match.start(), match.end(), _DATE, "pattern"))


def _bare_months(scan: Scan, spans: list[Span], *, rare: bool) -> None:
    """Append months named alone, cued "May" and "March", and days alone ("on the 9th").

    Days alone are looked for only when ``rare`` is true, because their witness is a rare form.
    """
    text = scan.text
    append = spans.append
    for match in scan.finditer(_BARE_MONTH):
        if _word_start(text, match.start()):
            append(Span(match.start(), match.end(), _DATE, "pattern"))
    if _may_be_cued_month(scan):
        for match in scan.finditer(_CUED_MONTH):
            if _word_start(text, match.start()):
                append(Span(match.start(1), match.end(1), _DATE, "pattern"))
    if not rare or not scan.finditer(_ORDINAL_SUFFIX):
        return
    for pattern in (_ORDINAL_DAY, _WEEKDAY_ORDINAL):
        for match in scan.finditer(pattern):
            if _word_start(text, match.start()) and 1 <= int(match.group(2)) <= _MAX_DAY:
                append(Span(match.start(1), match.end(1), _DATE, "pattern"))


def _may_be_cued_month(scan: Scan) -> bool:
    """Tell whether ``_CUED_MONTH`` may match, from the matches of its witness ``_CUED_NAME``.

    In a match of ``_CUED_MONTH`` the month name follows a blank, a line break or "-", and no
    word character, apostrophe or "-" follows it, as ``_CUED_NAME_ALONE`` requires. The
    witness is made of letters only, so no earlier witness match can cover the place where the
    name starts, and ``finditer`` tries that place. Many witness matches fail this test,
    being the start of another word ("Decreased", "Janet").
    """
    text = scan.text
    alone = _CUED_NAME_ALONE.match
    return any(alone(text, match.start()) for match in scan.finditer(_CUED_NAME))


# The end that ``_dates.numeric_dates`` gives a month/day pair that passed every test of
# ``_numeric_date`` but ``_is_listed_or_two_part_date``.
_PAIR_RULES_LEFT = -2


def _numeric_dates(scan: Scan, spans: list[Span]) -> None:
    """Append the dates among digit groups joined by "/", "-" or ".".

    Where the one-pass scan covered ``_NUMERIC``, ``_dates.numeric_dates`` runs the pattern at
    its starts and the cheap tests of ``_numeric_date`` in C, and hands back only the matches
    that need the rest of those tests. Elsewhere, or without the extension, ``_numeric_date``
    reads every match.
    """
    text = scan.text
    append = spans.append
    found = None
    if _native_numeric_dates is not None:
        position = scan._positions.get(id(_NUMERIC))
        if position is not None:
            found = _native_numeric_dates(text, scan._starts[position] or [])
    # Where the last date found ends: a month/day pair right after it in a list is a date too.
    last_end = -1
    if found is None:
        for match in scan.finditer(_NUMERIC):
            last_end = _numeric_date(text, match, last_end, append)
        return
    for start, end, native_last_end in found:
        if end >= 0:
            append(Span(start, end, _DATE, "pattern"))
            continue
        # The match that ``finditer`` found at this start.
        match = _NUMERIC.match(text, start)
        if match is None:  # pragma: no cover - C matched here
            continue
        # The ends of the dates that either side read only grow, so the later one is the last.
        last_end = max(last_end, native_last_end)
        if end == _PAIR_RULES_LEFT:
            pair_end = match.end()
            if _is_listed_or_two_part_date(text, match, last_end, pair_end):
                append(Span(start, pair_end, _DATE, "pattern"))
                last_end = pair_end
        else:
            last_end = _numeric_date(text, match, last_end, append)


def _numeric_date(
    text: str, match: re.Match[str], last_end: int, append: Callable[[Span], None]
) -> int:
    """Append the date that a ``_NUMERIC`` match is, if it is one, and return the new last end.

    The look-behind in ``_NUMERIC`` already rejects a match after a letter, a digit, "/", "."
    or "-", so only the character after a match is checked here. ``last_end`` is where the
    last date found ends, or -1.
    """
    length = len(text)
    start, end = match.span()
    first, separator, second, third, dot, dot_second, dot_third = match.groups()
    if dot is not None:
        separator, second, third = dot, dot_second, dot_third
    time = None
    # A time of day after an ISO date starts with "T" or a space: "2024-01-05T08:30".
    if len(first) == 4 and end < length and text[end] in "T ":
        time = _ISO_TIME.match(text, end)
    if end < length:
        after = text[end]
        if time is None and (after.isalnum() or after == "/"):
            return last_end
        if after in ".-" and end + 1 < length and text[end + 1].isdigit():
            # "3/14-3/16", "11/3/24-11/5/24", "03/14-16/2024": a range of dates written
            # with slashes. Any other date followed by "-" and a digit is part of a number.
            following = _RANGE_END.match(text, end) if separator == "/" else None
            if following is None:
                return last_end
            end = following.end()
    if third is None:
        if _is_listed_or_two_part_date(text, match, last_end, end):
            append(Span(start, end, _DATE, "pattern"))
            return end
        return last_end
    if len(first) == 4:
        if len(third) > 2:
            return end
        month, day = int(second), int(third)
        if 1 <= month <= _MAX_MONTH and 1 <= day <= _MAX_DAY:
            append(Span(start, time.end() if time else end, _DATE, "pattern"))
        return end
    if len(first) > 2 or len(second) > 2 or len(third) not in (2, 4):
        return end
    if separator == "." and len(third) != 4:
        # "1.2.33" is more often a version or a dose list than a date.
        return end
    first_number, second_number = int(first), int(second)
    # Either order of month and day: 03/14/1962 in US order, 14/03/1962 day first.
    if (1 <= first_number <= _MAX_MONTH and 1 <= second_number <= _MAX_DAY) or (
        1 <= second_number <= _MAX_MONTH and 1 <= first_number <= _MAX_DAY
    ):
        append(Span(start, end, _DATE, "pattern"))
    return end


def _is_listed_or_two_part_date(text: str, match: re.Match[str], last_end: int, end: int) -> bool:
    """Tell whether a pair of digit groups ending at ``end`` is a date.

    The pair is a date in a list of slash dates after ``last_end``, as the first half of a
    range of two month/day pairs, or when ``_is_two_part_date`` accepts it. The cheap tests
    run first, and every regex runs only where its result can still change the result.
    """
    start = match.start()
    first, separator, second = match.group(1, 2, 3)
    listed_shape = separator == "/" and 0 <= last_end <= start
    ranged_shape = "/" in text[match.end() : end]
    if len(first) > 2 and not listed_shape and not ranged_shape:
        # _is_two_part_date rejects a first group of more than two digits.
        return False
    if _COUNT_AFTER.match(text, end) is not None:
        return False
    if listed_shape and _DATE_LIST_GAP.fullmatch(text, last_end, start):
        return True
    # "(3/1-3/7)": a range of two month/day pairs, unless a score word comes before.
    if (
        ranged_shape
        and _is_month_day(int(first), int(second))
        and _NOT_DATE_BEFORE.search(text, max(start - _CONTEXT_WINDOW, 0), start) is None
    ):
        return True

    return _is_two_part_date(text, match, first, separator, second)


def _is_two_part_date(
    text: str, match: re.Match[str], first: str, separator: str, second: str
) -> bool:
    """Tell "3/14" and "03/2024" from a ratio, score, fraction or decimal.

    "3-14" counts only after a date word ("Surgery 3-14"), because a hyphen joins many pairs.
    """
    if separator not in "/-" or len(first) > 2:
        return False
    if separator == "-":
        before = text[max(match.start() - _CONTEXT_WINDOW, 0) : match.start()]
        cued = _date_cue(before) is not None
        return cued and len(second) <= 2 and _is_month_day(int(first), int(second))
    if len(second) == 4:
        return 1 <= int(first) <= _MAX_MONTH and second[:2] in ("19", "20")
    if len(second) > 2 or not _is_month_day(int(first), int(second)):
        return False
    before = text[max(match.start() - _CONTEXT_WINDOW, 0) : match.start()]
    if "/10" in before and _SCORE_BEFORE.search(before) is not None:
        return False
    cue = _date_cue(before)
    if second == "10" and int(first) <= _MAX_SCORE:
        # "relief to 3/10", "NRS 6/10", "from 7/10 to 3/10": a score out of ten, unless a
        # word that only dates follow comes right before it ("Seen 6/10", "DOS 6/10").
        word = "" if cue is None else cue.group().strip(" \t\n:(,.").lower()
        return cue is not None and word not in _SCORE_CUES
    if cue is not None:
        return True
    if _CLOCK_AFTER.match(text, match.end()) is not None:
        # "Lasix 40 mg 8/2 0800", "given 8/2 at 21:00": a date before a clock time.
        return True
    if len(first) == 1 and len(second) == 1:
        # A pair of single digits without a date word before it is more often a fraction.
        return False

    # The anchored match is cheaper than the search, so it runs first.
    return not (_NOT_DATE_AFTER.match(text, match.end()) or _NOT_DATE_BEFORE.search(before))


def _date_cue(before: str) -> re.Match[str] | None:
    r"""Return what ``_DATE_CUE_BEFORE.search(before)`` returns, trying only the last word.

    Every cue word ends with a letter, and only spaces, tabs, line breaks, ".", ":", "(" and
    "," may follow it, so a cue ends where ``rstrip`` of those characters stops. The search
    starts one cue length before that, and its ``\b`` still reads the character before.
    """
    word_end = len(before.rstrip(" \t\n.:(,"))

    return _DATE_CUE_BEFORE.search(before, max(word_end - _MAX_CUE_LENGTH, 0))


def _is_month_day(month: int, day: int) -> bool:
    return 1 <= month <= _MAX_MONTH and 1 <= day <= _MAX_DAY


def _word_start(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


# Ages from 90 to 129; a larger number before "year old" is more likely a typo or a weight.
_AGE_NUMBER = r"(9\d|1[0-2]\d)"
_AGE_PHRASE = gated(
    re.compile(
        _AGE_NUMBER
        # "92yoF": the sex may follow "yo" without a space.
        # "97yowm", "97 YOWF": race and sex may follow too.
        + r"(?:[ \t]*(?:-[ \t]*)?(?:yo(?=(?:[wbhaWBHA]?[FMfm])?\b)|y/o|y\.o\.?|yrs?\b|years?\b|"
        r"YO(?=(?:[WBHA]?[FM])?\b)|"
        r"Y/O|Y\.O\.?|YRS?\b|YEARS?\b|Yo\b|y\b|y(?=\d{1,2}m\b))"
        r"(?:[ \t]*(?:-[ \t]*)?(?:old|OLD|of[ \t]+age|OF[ \t]+AGE))?"
        # "93F", but not "92 F/u" (follow-up) or "99 F." (a temperature).
        r"|[ \t]?(?:F|M)\b(?![°.'’/-]))"
    )
)
# "T 99 F" is a temperature, not a 99-year-old woman.
_TEMPERATURE_BEFORE = re.compile(
    r"(?i:\b(?:t|temp|temperature|tmax|tm|fever|febrile)\b)[^\n]{0,6}$"
)
_AGE_CUE = gated(
    re.compile(
        r"[Aa](?<![A-Za-z][Aa])[Gg][Ee][SsDd]?[ \t]*"
        r"(?:(?i:of)[ \t]+|:[ \t]*|(?i:is)[ \t]+|=[ \t]*)?" + _AGE_NUMBER + r"(?!\d|\.\d)"
    )
)
# An age with no "years" after it, which the words around it make an age: "she is 97",
# "Pt turned 90", "died at 95", "alive at 93", "Brother, 91, has CAD", "her 100th birthday".
_AGE_AFTER_VERB = gated(
    re.compile(
        r"(?i:(is|was|turned|turns|turning|at|to|be))[ \t]+"
        r"(?:(?i:now|about|almost|nearly|age)[ \t]+)?" + _AGE_NUMBER + r"(?![\w/%°-]|[.,]\d)"
    )
)
_AGE_BETWEEN_COMMAS = gated(
    re.compile(
        r"[,(][ \t]*(?:(?i:now|about|almost|nearly|age)[ \t]+)?" + _AGE_NUMBER + r"[ \t]*[,)]"
    )
)
# "in her late 90s", "mid-90s", "in his nineties".
_AGE_DECADE = gated(
    re.compile(
        r"(?i:(?:early|mid|late)[ \t-]*|in[ \t]+(?:her|his|their)[ \t]+)"
        r"(9\d['’]?s|(?i:nineties))\b"
    )
)
_AGE_BIRTHDAY = gated(re.compile(_AGE_NUMBER + r"(?:st|nd|rd|th)[ \t]+(?i:birthday|bday|b-day)\b"))
# Units after a number that make it a measurement ("is 97 kg", "is 94 percent").
_MEASURE_AFTER = re.compile(
    r"[ \t]*(?i:kg|kgs|lb|lbs|pounds|bpm|mmhg|cm|mm|inches|percent|degrees|beats|breaths|"
    r"mg|mcg|ml|units|points|out|seconds|secs?|minutes|mins?|hours|hrs?|days|weeks|months|"
    r"times)\b"
)
_AGE_SUBJECTS = frozenset(
    {"he", "she", "pt", "patient", "who", "they", "mother", "father", "mom", "dad", "husband"}
    | {"wife", "spouse", "partner", "brother", "sister", "grandmother", "grandfather", "aunt"}
    | {"uncle", "friend", "neighbor", "resident", "grandma", "grandpa", "dtr", "son", "daughter"}
    | {"centenarian", "niece", "nephew", "cousin", "father", "mother"}
)
_RELATION_AGES = frozenset(
    {"grandson", "granddaughter", "stepmother", "stepfather", "niece", "nephew", "cousin"}
)
_AGE_TO_VERBS = frozenset({"lived", "live", "survived", "reached", "lives"})
# Sex and titles before an age between commas: "F, 92, with CP", "Mr. Young, 91, fell".
_AGE_COMMA_CONTEXT = frozenset({"f", "m", "male", "female", "man", "woman", "mr", "mrs", "ms"})
# A subject right after "at 91": "at 91 she still drives".
_SUBJECT_AFTER = re.compile(r"[ \t,]+(?i:she|he|they|pt|patient)\b")
_AGE_AT_VERBS = frozenset(
    {"died", "passed", "away", "alive", "deceased", "expired", "death", "still", "living"}
)
_NUMBER_CONTEXT_BEFORE = ".,/-+:#$<>≤≥~"
# An age over 89 in words: "ninety-two years old", "aged ninety-four".
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_AGE_IN_WORDS = gated(
    re.compile(
        r"(?i:(?:aged?[ \t]+|age[ \t]*:[ \t]*)?"
        r"(\b(?:ninety|one[ \t-]hundred(?:[ \t-]and)?(?:[ \t-](?:ten|twenty))?)"
        r"(?:[ \t-](?:" + _UNITS + r"))?\b)"
        r"(?:[ \t-]*(?:years?|yrs?|yo)\b(?:[ \t-]*old)?)?)"
    )
)

# Matches wherever one of the rare age forms does, as ``_RARE_DATE_FORMS`` does for dates.
_RARE_AGE_FORMS = gated(
    any_of(_AGE_CUE, _AGE_BETWEEN_COMMAS, _AGE_DECADE, _AGE_BIRTHDAY, _AGE_IN_WORDS)
)


# An age right after a name found by another detector: "Mother Rose is 94", "Aunt June is 96".
_AGE_AFTER_NAME = gated(
    re.compile(
        # Starting only at the first blank of a run keeps a long run of blanks linear.
        r"(?<![ \t])[ \t]+(?i:is|was|turned|turns|turning)[ \t]+"
        r"(?:(?i:now|about|almost|nearly|age)[ \t]+)?" + _AGE_NUMBER + r"(?![\w/%°-]|[.,]\d)"
    )
)


def find_ages_after(scan: Scan, spans: Iterable[Span]) -> Iterator[Span]:
    """Yield ages over 89 that directly follow a name in ``spans`` and "is", "was" or a comma.

    A one-word date counts as a name here: it is a month that names a person ("Aunt June").
    """
    matches = scan.finditer(_AGE_AFTER_NAME)
    between_commas = scan.finditer(_AGE_BETWEEN_COMMAS)
    if not matches and not between_commas:
        return
    text = scan.text
    name_ends = {
        span.end
        for span in spans
        if span.kind == PhiKind.NAME
        or (span.kind == PhiKind.DATE and text[span.start : span.end].isalpha())
    }
    for match in matches:
        if match.start() in name_ends and _MEASURE_AFTER.match(text, match.end()) is None:
            yield Span(match.start(1), match.end(1), PhiKind.AGE, "pattern")
    # "Walter Young, 91, fell": an age between commas right after the name.
    for match in between_commas:
        if match.start() in name_ends and text[match.start()] == ",":
            yield Span(match.start(1), match.end(1), PhiKind.AGE, "pattern")


def _ages_in_context(scan: Scan, spans: list[Span], *, rare: bool) -> None:
    """Append ages written as a bare number that a subject and verb, or commas, make an age.

    The forms of ``_RARE_AGE_FORMS`` are looked for only when ``rare`` is true.
    """
    text = scan.text
    append = spans.append
    for match in scan.finditer(_AGE_AFTER_VERB):
        if match.start() > 0 and text[match.start() - 1].isalnum():
            continue
        if _MEASURE_AFTER.match(text, match.end()) is not None:
            continue
        verb = match.group(1).lower()
        before = words_before(text, match.start(), 2)
        allowed = _AGE_AT_VERBS if verb == "at" else _AGE_SUBJECTS
        if verb in ("to", "be"):
            # "lived to 98", "will be 91".
            allowed = _AGE_TO_VERBS if verb == "to" else frozenset({"will"})
        if (
            (before and before[-1] in allowed)
            # "lived to be 98".
            or (
                verb == "be"
                and before[-2:-1]
                and before[-1] == "to"
                and before[-2] in _AGE_TO_VERBS
            )
            or (verb == "at" and _SUBJECT_AFTER.match(text, match.end()) is not None)
        ):
            append(Span(match.start(2), match.end(2), _AGE, "pattern"))
    if not rare:
        return
    for match in scan.finditer(_AGE_BETWEEN_COMMAS):
        before = words_before(text, match.start(), 2)
        # "Brother Walter, 94,": a relation word before the name counts too.
        if any(
            word in _AGE_SUBJECTS or word in _RELATION_AGES or word in _AGE_COMMA_CONTEXT
            for word in before
        ):
            append(Span(match.start(1), match.end(1), _AGE, "pattern"))
    for match in scan.finditer(_AGE_DECADE):
        append(Span(match.start(1), match.end(1), _AGE, "pattern"))
    for match in scan.finditer(_AGE_BIRTHDAY):
        append(Span(match.start(1), match.end(1), _AGE, "pattern"))


def find_ages(scan: Scan) -> Iterator[Span]:
    """Find the number of every age over 89: "92 yo", "a 94-year-old", "age 91", "93F".

    As in ``find_dates``, the spans are collected into a list and an iterator over it is
    returned.
    """
    text = scan.text
    spans: list[Span] = []
    append = spans.append
    for match in scan.finditer(_AGE_PHRASE):
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in _NUMBER_CONTEXT_BEFORE):
            continue
        if match.end() - match.end(1) <= 2 and _TEMPERATURE_BEFORE.search(
            text, max(start - 20, 0), start
        ):
            continue
        append(Span(start, match.end(1), _AGE, "pattern"))
    # Falsy when the scan finds none of the forms in ``_RARE_AGE_FORMS``.
    rare = bool(scan.finditer(_RARE_AGE_FORMS))
    if rare and (scan.covers(_AGE_CUE) or "ge" in text or "GE" in text):
        for match in scan.finditer(_AGE_CUE):
            append(Span(match.start(1), match.end(1), _AGE, "pattern"))
    _ages_in_context(scan, spans, rare=rare)
    for match in scan.finditer(_AGE_IN_WORDS) if rare else ():
        # Only with "aged" before it or "years" after it is a number in words an age.
        if match.start() < match.start(1) or match.end() > match.end(1):
            append(Span(match.start(1), match.end(1), _AGE, "pattern"))

    return iter(spans)
