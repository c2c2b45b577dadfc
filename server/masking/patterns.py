"""Pattern detection for identifiers with a recognizable shape.

The detectors fail closed where a shape is unambiguous: ``123-45-6789`` is masked as an SSN even
though no valid SSN starts with 000 or 9. Where a shape is shared with clinical notation (a
blood pressure of ``120/80``, a pain score of ``8/10``, half a tablet) the detector checks the
numbers and the words around them. Dates and ages live in ``phigate.masking.dates``, labeled ids
and checksums in ``phigate.masking.identifiers``, and places in ``phigate.masking.places``.

Patterns start with a character class rather than a look-behind where they can, so that
Python's ``re`` skips quickly to the positions where a match may start; boundaries are checked
on each match instead.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Sequence

from phigate.masking.context import label_before
from phigate.masking.dates import find_ages, find_dates
from phigate.masking.identifiers import (
    find_labeled_ids,
    find_long_numbers,
    find_spelled_and_coded_ids,
)
from phigate.masking.places import (
    find_addresses,
    find_cities,
    find_facilities,
    find_other_addresses,
    find_towns_after_verbs,
    find_zips,
)
from phigate.masking.prefilter import Prefilter, Scan, default_prefilter, gated
from phigate.masking.spans import Span
from phigate.policy import PhiKind

__all__ = ["DEFAULT_MRN_PATTERNS", "PatternDetector"]

# Group 1 is the id. Both accept "MRN 1234567", "MRN: A-12345", "MRN #0012345" and
# "medical record number 1234567". The second requires a digit in the id so that "MRN: pending"
# keeps its word.
DEFAULT_MRN_PATTERNS: tuple[str, ...] = (
    r"[Mm](?<![A-Za-z][Mm])[Rr][Nn][ \t]*(?:[:#][ \t]*)?(\d{7})(?!\d)",
    r"[Mm](?<![A-Za-z][Mm])(?i:(?:RN|R[ \t]*\#|R[ \t]+no\.?|edical[ \t]+record(?:[ \t]+(?:number|"
    r"no\.?|\#))?)[ \t]*(?:(?:[:#]|is\b|of\b)[ \t]*)?(?:\#[ \t]*)?)"
    r"([A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*)",
)

# The groups may also be joined by "/", "_" or a middle dot, as forms and exports write them.
# Both separators are the same character. Each separator has its own branch, rather than a
# back reference, because the prefilter's gates stop at a back reference and would then fire
# on "708-5523" too. A match right after a digit is never masked (see ``_find_ssns``) and
# cannot hide a later match, so the look-behind drops it, and with it "021-01-08" inside a date.
_SSN = gated(
    re.compile(
        r"\d(?<!\d\d)\d\d(?:-\d\d-|[ ]\d\d[ ]|/\d\d/|_\d\d_|·\d\d·|\t\d\d\t)\d{4}(?![\d/_·-])"
    )
)
# "123 - 45 - 6789", and "123-45-" with the rest after a line break.
_SSN_LOOSE = gated(
    re.compile(
        r"\d\d\d(?:[ \t]+-[ \t]+\d\d[ \t]+-[ \t]+|-\d\d-[ \t]*\n[ \t]*|-[ \t]*\n[ \t]*\d\d-)"
        r"\d{4}(?![\d-])"
    )
)
# After an SSN label, nine digits in any grouping, or the last four that still point to a
# person ("last 4 of SSN 6789").
_SSN_DIGITS = gated(re.compile(r"\d(?<![\w.-]\d)\d\d(?:[ .-]?\d\d\d?[ .-]?\d\d\d\d?|\d)(?![\d-])"))
_SSN_LENGTHS = (4, 9)
# Each of ``_SSN_LABELS`` contains one of these, in any case, so ``label_before`` can find a
# label only in a window that matches. The window is the one ``label_before`` reads.
_SSN_LABEL_HINT = re.compile(r"(?i:ss|soc|sec)")
_LABEL_WINDOW = 40
# "xxx-xx-6789": the last four digits of a number written out.
_SSN_LAST_FOUR = gated(re.compile(r"[xX*#]{3}[ -]?[xX*#]{2}[ -]?(\d{4})(?![\d-])"))
# "SSN-123-45-6789": a label joined to the number by a hyphen.
_SSN_JOINED_LABEL = re.compile(r"(?i:ssn|ss#|social security)-\Z")
_SSN_HINT = gated(re.compile(r"SSN|ssn|Ssn|SS#|ss#|SS |Social|social|SOCIAL|Soc|soc\.|SOC"))
_SSN_LABELS = frozenset({"ssn", "ss", "social", "security", "sec", "soc", "ssns"})
_SSN_FILLERS = frozenset(
    {"number", "no", "num", "is", "of", "last", "4", "four", "digits", "ending", "in", "on", "file"}
    | {"with", "ends", "end", "xxxx"}
)

# One separator between digit groups: a space, dot or hyphen, a hyphen between spaces, or a
# line break, after which the number goes on ("555-201-\n3344").
_SEPARATOR = r"(?:[ \t]*[.-]?[ \t]*\n[ \t]*|[ \t]+-[ \t]+|[ \t.-])"
# Two patterns, each starting with one literal or class so that ``re`` can skip ahead: one for
# "(555) 201-3344", one for "555-201-3344". A "+1" or "1-" before either is added afterwards.
_PHONE_TAIL = (
    r"\d{3}" + _SEPARATOR + r"\d{4}(?![\d-]|\.\d)(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5})?"
)
_PHONE_PAREN = gated(re.compile(r"\(\d{3}\)(?:[ .-]?|[ \t]*\n[ \t]*)" + _PHONE_TAIL))
_PHONE_PLAIN = gated(re.compile(r"\d(?<!\w\d)\d\d(?:" + _SEPARATOR + "|/)" + _PHONE_TAIL))
# "555/201/3344", "555_201_3344", "555·201·3344": one of these between both pairs of groups.
_PHONE_ODD = gated(re.compile(r"\d(?<!\w\d)\d\d(?:/\d{3}/|_\d{3}_|·\d{3}·)\d{4}(?![\d/_·-]|\.\d)"))
_COUNTRY_CODE = re.compile(r"\+?1[ .-]?\Z")
# "+44 20 7946 0958", and "011 44 20 7946 0958" dialed from the US.
_INTERNATIONAL_PHONE = gated(
    re.compile(r"(?:\+|011[ .-]?)\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d-])")
)
_MIN_INTERNATIONAL_DIGITS = 8
# US numbers in shapes that typing and forms produce: "ph#617|555|0123", "(617)5550123", and
# the letter O for a zero, "617-555-O123" (that shape counts only with an O). The C phone
# loop calls ``_international_phones`` back, so these are found on both paths.
_MISTYPED_PHONE = gated(
    re.compile(
        r"\d{3}\|\d{3}\|\d{4}(?![\w|])"
        r"|\(\d{3}\)\d{7}(?!\w)"
        r"|\d[\dO]{2}[-. ][\dO]{3}[-. ][\dO]{4}(?![\w-])"
    )
)
_PHONE_LABEL_TEXT = (
    "phone ph tel telephone cell mobile mob pager fax contact home work call called at back "
    "reached reachable reach callback cb number"
)
_PHONE_LABELS = frozenset(_PHONE_LABEL_TEXT.split())
_PHONE_FILLERS = frozenset(
    {"no", "num", "is", "me", "him", "her", "s", "daughter's", "son's", "or", "on", "via", "pt"}
)
# Ten digits, or seven in the local 3-4 form, that only a phone label makes a phone number.
_BARE_PHONE = gated(re.compile(r"\d(?<![\w.+-]\d)\d\d(?:\d{7,8}|[-. ]\d{4})(?![\d-])"))
# A US local number alone, "555-0143": seven digits in the 3-4 form with a hyphen. A US
# exchange never starts with 0 or 1, which leaves out ranges such as "120-1300" and "100-1200".
_LOCAL_PHONE = gated(re.compile(r"[2-9](?<![\w.$/+-][2-9])\d\d-\d{4}(?![\d-]|[./:,]\d)"))
# An area code before the number, "(555) 201-3344" or "555 201-3344": the shaped phone
# patterns find the whole number, so the local one is skipped.
_AREA_CODE_BEFORE = re.compile(r"(?:(?<![^\W_])(?<![.-])\(\d{3}\) ?|(?<![\w.-])\d{3}[ \t])\Z")
# A unit after the number makes it a range of doses or readings: "250-1000 mg", "300-1500 mL".
_RANGE_UNIT_AFTER = re.compile(
    r"[ \t]?(?:%|/|(?i:mcg|mg|ug|µg|gm?|grams?|kg|lbs?|oz|ml|cc|dl|l|units?|u|iu|meq|mmol|"
    r"mosm|kcal|cals?|calories|msec|ms|secs?|mins?|minutes|hrs?|hours|days?|wks?|weeks|"
    r"months|yrs?|years|steps|ft|feet|cm|mm|km|mmhg|bpm|cells|copies|pg|ng|ng/ml))(?![A-Za-z])"
)
# Words before a number that make it a range: "range 555-2013", "goal 250-1000".
_RANGE_WORD_TEXT = (
    "range ranges ranging between from goal target ref reference normal nl approx approximately "
    "about around estimated limit limits titrate titrated"
)
_RANGE_WORDS = frozenset(_RANGE_WORD_TEXT.split())
_PHONE_LIST_GAP = re.compile(r"\d{3}[ .-]?\d{4}[ \t]*(?:or|and|,|/|;)[ \t]*\Z")
_FAX_BEFORE = re.compile(r"(?i:\bfax\b)[^\n]{0,12}$")
# Only F, A and X lower-case to "f", "a" and "x", so a note without this has no "fax" in any
# case and every number in it is a phone number.
_FAX_HINT = gated(re.compile(r"[Ff][Aa][Xx]"))
_CONTEXT_WINDOW = 30

# Lengths are bounded as RFC 5321 bounds them (64 characters before the "@", 63 in a domain
# label), so that a long token with an "@" costs linear time, not quadratic. The local part
# may hold any letter ("josé@..."); a line break may follow the "@".
_EMAIL = gated(
    re.compile(
        # The domain may hold any letter: an accented or look-alike letter ("gmàil.com",
        # "gm\u0430il.com") still makes an address.
        r"[\w.%+-]{1,64}[ \t]?@(?:[ \t]*\n[ \t]*|[ \t])?"
        r"[^\W_](?:[\w-]{0,62})(?:\.[\w-]{1,63}){0,8}"
        r"\.[^\W\d_]{2,24}(?![\w-])"
        r"|[\w.%+-]{1,64}[ \t]{0,3}(?:\[at\]|\(at\)|\{at\})[ \t]{0,3}[\w-]{1,63}"
        r"(?:[ \t]{0,3}(?:\.|\[dot\]|\(dot\)|\{dot\})[ \t]{0,3}[\w-]{1,63}){1,8}"
    )
)
# How far a match may start before its anchor: the local part and three spaces.
_EMAIL_REACH = 67
# The bound on the local part in the patterns here, from RFC 5321.
_MAX_LOCAL_PART = 64
_LOCAL_PART_TOKEN = re.compile(r"[\w.%+-]+")
# An address spelled out: "jdoe at gmail dot com", "jdoe @ gmail.com".
_SPOKEN_EMAIL = re.compile(
    r"[\w.%+-]{1,64}[ \t]{1,3}(?:at|AT|@)[ \t]{1,3}[A-Za-z0-9-]{1,63}"
    r"(?:[ \t]{1,3}(?:dot|DOT)[ \t]{1,3}|\.)"
    r"(?i:com|org|net|edu|gov|mil|io|us|info|biz|health)(?![\w-])"
)
# A word joined to another by "@" with no domain ending, or a typo in it: "jdoe@gmail",
# "jdoe@gmail com", "jdoe@ gmail, com". In a note such a token is an address or a handle.
# Both sides need a letter, so "3@5" stays.
_LOOSE_EMAIL = re.compile(
    r"(?=[\w.%+-]*[^\W\d_])[\w.%+-]{1,64}@[ \t]?[^\W\d_][\w-]{0,62}"
    r"(?:(?:[ \t]*[.,][ \t]*|[ \t]+)(?i:com|org|net|edu|gov|mil|io|us|info|biz)(?![\w-]))?"
)
# The "at" of a spelled-out address. Each address is searched for only before one of these:
# tried at every character, the pattern above costs more than all the other e-mail work.
_SPOKEN_AT = gated(re.compile(r"[ \t](?:at|AT|@)(?=[ \t])"))
# Cheap tests, in the one pass, that decide whether the slower e-mail steps run at all.
_BRACKETED_AT = gated(re.compile(r"\[at\]|\(at\)|\{at\}"))
_SPACED_AT = gated(re.compile(r" (?:at|AT|@) "))
_SPACED_DOT = gated(re.compile(r" (?:dot|DOT) "))
# A local part spelled out before a spoken address: "john dot smith at gmail dot com". The
# patterns' local part stops at the space, so the words before it are added afterwards.
_SPELLED_LOCAL_BEFORE = re.compile(
    r"(?:(?<![\w.%+-])[\w%+-]{1,30}[ \t]{1,3}(?:dot|DOT)[ \t]{1,3})+\Z"
)
_SPELLED_LOCAL_REACH = 70


def _in_email(char: str) -> bool:
    """Return whether ``char`` may stand in an address before its "@" or "[at]"."""
    return char.isalnum() or char in "._%+- \t"


def _in_local_part(char: str) -> bool:
    return char.isalnum() or char in "._%+-"


def _in_domain(char: str) -> bool:
    """Return whether ``char`` may stand in a domain name before its top-level domain."""
    return char.isascii() and (char.isalnum() or char in ".-")


# Nine labels of 63 characters and their dots.
_DOMAIN_REACH = 575
_URL = gated(re.compile(r"(?i:https?://|ftp://|www\.)[^\s<>\"'()\[\]{}]+"))
# Top-level domains a bare name may end in. Short ones that end English words or
# abbreviations ("in", "is", "it", "am") are left out.
_TOP_LEVEL_DOMAINS = (
    "com|org|net|edu|gov|mil|io|us|info|biz|health|co|uk|ca|me|app|ly|dev|ai|gl|tv|de|au|nz|ie|eu"
)
# A bare domain name ("portal.example.org/x") has no scheme; its top-level domain anchors it.
_DOMAIN = gated(
    re.compile(
        r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}"
        r"\.(?i:" + _TOP_LEVEL_DOMAINS + r")(?![\w-])(?:/[^\s<>\"'()\[\]{}]*)?"
    )
)
_DOMAIN_HINT = gated(re.compile(r"\.(?i:" + _TOP_LEVEL_DOMAINS + r")(?![\w-])"))
_URL_TRAILING = ".,;:!?"
_IPV4 = gated(re.compile(r"\d(?<![\w.]\d)\d?\d?\.\d\d?\d?\.\d\d?\d?\.\d\d?\d?(?!\.?\d)"))
_IPV6 = gated(re.compile(r"[0-9A-Fa-f]{0,4}:(?:[0-9A-Fa-f]{0,4}:){1,6}[0-9A-Fa-f]{0,4}(?![\w:])"))
# Starts with the literal colon, which ``re`` can skip ahead to.
_IPV6_HINT = gated(re.compile(r":[0-9A-Fa-f]{0,4}:"))
_MIN_IPV6_LENGTH = 6
_MAX_OCTET = 255


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """Return one pattern that matches somewhere in a text exactly when one of ``patterns`` does.

    A finder searches for it once where most notes contain none of the patterns, which costs
    one call to the scan instead of one per pattern. The patterns must use no back reference
    and no flags outside their own text, so that joining them as branches changes none of
    them. The tests check each joined pattern against its parts.
    """
    joined = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
    gated(joined)
    return joined


# The SSN, e-mail, URL and IP patterns that seldom match, for the searches that let
# a finder skip them all.
_RARE_SSN = _any_of(_SSN_LOOSE, _SSN_LAST_FOUR, _SSN_HINT)
_RARE_EMAIL = _any_of(_BRACKETED_AT, _SPACED_DOT, _DOMAIN_HINT)
_ANY_URL = _any_of(_URL, _DOMAIN_HINT)
_ANY_IP = _any_of(_IPV4, _IPV6_HINT)

_Finder = Callable[[Scan], Iterable[Span]]

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._numbers import find_phones as _native_find_phones
    from phigate.masking._numbers import local_part_matches as _native_local_parts
    from phigate.masking._numbers import ssn_numbers as _native_ssn_numbers
except ImportError:  # pragma: no cover
    _native_find_phones = None  # type: ignore[assignment]
    _native_local_parts = None  # type: ignore[assignment]
    _native_ssn_numbers = None  # type: ignore[assignment]
# The patterns of ``_python_find_phones`` in the order ``_numbers.find_phones`` reads them.
# C matches ``_PHONE_PAREN`` and ``_BARE_PHONE`` itself; ``match_at`` lets the tests compare
# them with the patterns.
_NATIVE_PHONE_PATTERNS = (_PHONE_PAREN, _PHONE_PLAIN, _PHONE_ODD, _BARE_PHONE, _FAX_HINT)


class PatternDetector:
    """Identifier detection by shape, labels and checksums.

    It finds SSNs, phone and fax numbers, e-mail addresses, URLs, IP addresses, MRNs, dates,
    ages over 89, ZIP codes, street addresses, facility names, account, health plan, license,
    device and vehicle numbers, and long numbers of any other kind.

    Args:
        mrn_patterns: regular expressions that find MRNs, replacing ``DEFAULT_MRN_PATTERNS``.
            The span is group ``id`` if the pattern names one, else group 1 if it has groups,
            else the whole match.

    Raises:
        ValueError: an MRN pattern is not a valid regular expression.
    """

    def __init__(self, mrn_patterns: Sequence[str] | None = None) -> None:
        sources = DEFAULT_MRN_PATTERNS if mrn_patterns is None else tuple(mrn_patterns)
        compiled: list[re.Pattern[str]] = []
        for index, source in enumerate(sources):
            try:
                compiled.append(re.compile(source))
            except re.error as exc:
                raise ValueError(f"mrn_patterns[{index}] is not a valid regex: {exc}") from exc
        self._mrn_patterns = tuple(compiled)
        # Each pattern with the group that contains its id, chosen once rather than per note,
        # and whether that group may be empty or lack a digit. Group 1 of each default
        # pattern is never empty and always contains a digit.
        self._mrn_groups = tuple(
            (pattern, _id_group(pattern), pattern.pattern not in DEFAULT_MRN_PATTERNS)
            for pattern in compiled
        )
        self._prefilter = default_prefilter(self._mrn_patterns)
        self._finders: tuple[_Finder, ...] = (
            _find_ssns,
            _find_phones,
            _find_emails,
            self._find_mrns,
            find_dates,
            find_ages,
            _find_urls,
            _find_ip_addresses,
            find_zips,
            find_addresses,
            find_cities,
            find_facilities,
            find_other_addresses,
            find_towns_after_verbs,
            find_labeled_ids,
            find_long_numbers,
            find_spelled_and_coded_ids,
            # Last, so that a labeled id of this shape ("Acct 555-0143") keeps its kind when
            # the spans are merged.
            _find_local_phones,
        )

    @property
    def prefilter(self) -> Prefilter:
        """The one-pass scan over this detector's patterns, the MRN patterns included."""
        return self._prefilter

    def find(self, text: str, scan: Scan | None = None) -> list[Span]:
        """Return every pattern match in ``text``; matches may overlap.

        ``scan`` is ``prefilter.scan(text)`` when the caller has made it already.
        """
        if scan is None:
            scan = self._prefilter.scan(text)
        spans: list[Span] = []
        for finder in self._finders:
            spans.extend(finder(scan))
        return spans

    def _find_mrns(self, scan: Scan) -> list[Span]:
        spans: list[Span] = []
        mrn = PhiKind.MRN
        for pattern, group, checked in self._mrn_groups:
            if not checked:
                for match in scan.finditer(pattern):
                    start, end = match.span(group)
                    spans.append(Span(start, end, mrn, "pattern"))
                continue
            for match in scan.finditer(pattern):
                start, end = match.span(group)
                if start >= end or not any(map(str.isdigit, match.group(group))):
                    # The id group is empty or contains no digit ("(PT|PAT)-\d{4}" captures only
                    # the prefix): the whole match is masked, so no digit of it stays.
                    start, end = match.span()
                if start < end:
                    spans.append(Span(start, end, mrn, "pattern"))
        return spans


def _id_group(pattern: re.Pattern[str]) -> int | str:
    """Return the group of an MRN pattern that contains the id, as ``PatternDetector`` documents."""
    if "id" in pattern.groupindex:
        return "id"
    return 1 if pattern.groups else 0


def _free_before(text: str, start: int, forbidden: str) -> bool:
    """Return whether the character before ``start`` is neither alphanumeric nor forbidden."""
    if start == 0:
        return True
    previous = text[start - 1]
    return not previous.isalnum() and previous not in forbidden


def _find_ssns(scan: Scan) -> list[Span]:
    text = scan.text
    spans: list[Span] = []
    ssn = PhiKind.SSN
    for match in scan.finditer(_SSN):
        start = match.start()
        if (
            _free_before(text, start, "-")
            or _SSN_JOINED_LABEL.search(text, max(start - 16, 0), start) is not None
        ):
            spans.append(Span(start, match.end(), ssn, "pattern"))
    if scan.search(_RARE_SSN) is None:
        return spans
    for match in scan.finditer(_SSN_LOOSE):
        if _free_before(text, match.start(), "-"):
            spans.append(Span(match.start(), match.end(), ssn, "pattern"))
    for match in scan.finditer(_SSN_LAST_FOUR):
        spans.append(Span(match.start(1), match.end(1), ssn, "pattern"))
    if scan.search(_SSN_HINT) is None:
        return spans
    if _native_ssn_numbers is not None:
        # The loop below, in C for an ASCII note.
        found = _native_ssn_numbers(
            scan, _SSN_DIGITS, _SSN_LABELS, _SSN_FILLERS, _labeled_ssn, Span, ssn, "pattern"
        )
        if found is not None:
            spans.extend(found)
            return spans
    for match in scan.finditer(_SSN_DIGITS):
        # Nine digits in any grouping ("123 456 789"), or the last four. The match contains only
        # digits and the separators counted here.
        digits = match.group()
        count = len(digits) - digits.count(" ") - digits.count(".") - digits.count("-")
        if count not in _SSN_LENGTHS:
            continue
        start = match.start()
        if _labeled_ssn(text, start):
            spans.append(Span(start, match.end(), ssn, "pattern"))
    return spans


def _labeled_ssn(text: str, start: int) -> bool:
    """Return whether an SSN label comes before the digits at ``start``, or a hyphen joins one."""
    if (
        not _free_before(text, start, "-.")
        and _SSN_JOINED_LABEL.search(text, max(start - 16, 0), start) is None
    ):
        return False
    return (
        _SSN_LABEL_HINT.search(text, max(start - _LABEL_WINDOW, 0), start) is not None
        and label_before(text, start, _SSN_LABELS, _SSN_FILLERS, max_words=6) is not None
    )


def _phone_kind(text: str, start: int) -> PhiKind:
    window = text[max(start - _CONTEXT_WINDOW, 0) : start]
    if "fax" not in window.lower():
        return PhiKind.PHONE
    return PhiKind.FAX if _FAX_BEFORE.search(window) else PhiKind.PHONE


def _phone_kind_near(text: str, start: int, faxes: list[int]) -> PhiKind:
    """Return ``_phone_kind(text, start)``, given where ``_FAX_HINT`` matches in ``text``.

    The window before ``start`` contains "fax" in any case only where a hint lies wholly in
    it, so the other numbers are phone numbers without a look at the window.
    """
    low = start - _CONTEXT_WINDOW
    high = start - len("fax")
    if any(low <= position <= high for position in faxes):
        return _phone_kind(text, start)
    return PhiKind.PHONE


def _may_end_country_code(text: str, start: int) -> bool:
    """Return whether a "1", "1-" or "+1 " may end at ``start``; tested before the regex."""
    if start == 0:
        return False
    previous = text[start - 1]
    return previous == "1" or (start > 1 and previous in " .-" and text[start - 2] == "1")


def _may_follow_list(text: str, start: int) -> bool:
    """Return whether ``_PHONE_LIST_GAP`` may end at ``start``, judged by the sign before it."""
    position = start
    while position > 0 and text[position - 1] in " \t":
        position -= 1
    return position > 0 and text[position - 1] in "rd,/;"


def _may_follow_label(text: str, start: int) -> bool:
    """Return False when the word before ``start`` ends in a digit, so it is no phone label.

    The test is exact for ``label_before`` with ``_PHONE_LABELS`` and ``_PHONE_FILLERS``,
    which contain no digit. It reads back only over ASCII signs and white space, whose case
    does not change.
    """
    position = start
    while position > 0:
        previous = text[position - 1]
        if previous.isalnum() or not previous.isascii():
            return not ("0" <= previous <= "9")
        position -= 1
    return True


def _find_phones(scan: Scan) -> list[Span]:
    """Return phone and fax numbers: shaped ones, international ones, and bare ones after a label.

    ``_numbers`` runs the shaped and the bare loops in C for an ASCII note.
    """
    if _native_find_phones is not None:
        spans = _native_find_phones(
            scan,
            _NATIVE_PHONE_PATTERNS,
            _phone_kind,
            _international_phones,
            _PHONE_LABELS,
            _PHONE_FILLERS,
            _follows_list,
            _follows_label,
            Span,
            PhiKind.PHONE,
            "pattern",
        )
        if spans is not None:
            return spans
    return _python_find_phones(scan)


def _follows_list(text: str, start: int) -> bool:
    """Return whether a bare number at ``start`` follows a first number in a list."""
    return _PHONE_LIST_GAP.search(text, max(start - 40, 0), start) is not None


def _follows_label(text: str, start: int) -> bool:
    """Return whether a bare number at ``start`` follows a phone label."""
    return label_before(text, start, _PHONE_LABELS, _PHONE_FILLERS) is not None


def _international_phones(scan: Scan) -> list[Span]:
    text = scan.text
    spans: list[Span] = []
    if scan.covers(_INTERNATIONAL_PHONE) or "+" in text or "011" in text:
        for match in scan.finditer(_INTERNATIONAL_PHONE):
            digits = sum(char.isdigit() for char in match.group())
            if digits >= _MIN_INTERNATIONAL_DIGITS and _free_before(text, match.start(), ""):
                kind = _phone_kind(text, match.start())
                spans.append(Span(match.start(), match.end(), kind, "pattern"))
    for match in scan.finditer(_MISTYPED_PHONE):
        number = match.group()
        if number[:1].isdigit() and "O" not in number and number[3] in "-. ":
            # A plain number, which the shaped patterns read.
            continue
        if _free_before(text, match.start(), ".-"):
            spans.append(
                Span(match.start(), match.end(), _phone_kind(text, match.start()), "pattern")
            )
    return spans


def _python_find_phones(scan: Scan) -> list[Span]:
    """Run ``_find_phones`` in Python."""
    text = scan.text
    spans: list[Span] = []
    phone = PhiKind.PHONE
    # Where the note contains "fax" in any case, found when the first number is.
    faxes: list[int] | None = None
    for pattern in (_PHONE_PAREN, _PHONE_PLAIN, _PHONE_ODD):
        for match in scan.finditer(pattern):
            start = match.start()
            if _may_end_country_code(text, start):
                code = _COUNTRY_CODE.search(text, max(start - 3, 0), start)
                if code is not None:
                    start = code.start()
            # After a "/" only a second number can start ("555-201-3344/555-201-3355").
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-"):
                continue
            if faxes is None:
                faxes = [hint.start() for hint in scan.finditer(_FAX_HINT)]
            kind = _phone_kind_near(text, start, faxes) if faxes else phone
            spans.append(Span(start, match.end(), kind, "pattern"))
    spans.extend(_international_phones(scan))
    for match in scan.finditer(_BARE_PHONE):
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-.+"):
            continue
        # "(555) 201-3344 or 201-3355": a second number right after a first. Each test runs
        # only where a cheap look at the characters before ``start`` allows a match.
        listed = (
            _may_follow_list(text, start)
            and _PHONE_LIST_GAP.search(text, max(start - 40, 0), start) is not None
        )
        if listed or (
            _may_follow_label(text, start)
            and label_before(text, start, _PHONE_LABELS, _PHONE_FILLERS) is not None
        ):
            if faxes is None:
                faxes = [hint.start() for hint in scan.finditer(_FAX_HINT)]
            kind = _phone_kind_near(text, start, faxes) if faxes else phone
            spans.append(Span(start, match.end(), kind, "pattern"))
    return spans


def _find_local_phones(scan: Scan) -> list[Span]:
    """Return US local numbers without a label or area code ("call 867-5309 after 5").

    A unit after the number ("250-1000 mg"), a range word before it ("goal 250-1000"), round
    bounds ("200-1000") or two clock times ("930-1045") make it a range instead.

    NOTE: a real number of those shapes without a label ("860-7700", "930-1045") is kept.
    """
    text = scan.text
    spans: list[Span] = []
    for match in scan.finditer(_LOCAL_PHONE):
        start, end = match.span()
        if (
            start > 0
            and text[start - 1] in " \t)"
            and _AREA_CODE_BEFORE.search(text, max(start - 6, 0), start) is not None
        ):
            continue
        if _RANGE_UNIT_AFTER.match(text, end) is not None:
            continue
        exchange, line = text[start : start + 3], text[end - 4 : end]
        if (exchange.endswith("0") and line.endswith("00")) or _are_clock_times(exchange, line):
            continue
        if label_before(text, start, _RANGE_WORDS, max_words=1) is not None:
            continue
        spans.append(Span(start, end, _phone_kind(text, start), "pattern"))
    return spans


def _are_clock_times(exchange: str, line: str) -> bool:
    """Return whether groups such as "930" and "1045" are times of day on five-minute marks."""
    minutes, line_hours, line_minutes = int(exchange[1:]), int(line[:2]), int(line[2:])
    return (
        minutes < 60
        and minutes % 5 == 0
        and line_hours < 24
        and line_minutes < 60
        and line_minutes % 5 == 0
    )


def _find_emails(scan: Scan) -> list[Span]:
    text = scan.text
    anchors = _positions(text, "@") if "@" in text else []
    rare = scan.search(_RARE_EMAIL) is not None
    if rare and scan.search(_BRACKETED_AT) is not None:
        anchors = sorted(
            {
                *anchors,
                *_positions(text, "[at]"),
                *_positions(text, "(at)"),
                *_positions(text, "{at}"),
            }
        )
    matches: list[re.Match[str]] = []
    if anchors:
        matches = _match_local_parts(_EMAIL, text, anchors, spaced=True)
        at_signs = [anchor for anchor in anchors if text.startswith("@", anchor)]
        matches.extend(_match_local_parts(_LOOSE_EMAIL, text, at_signs, spaced=False))
    # The test that seldom passes comes first.
    if (
        rare
        and (scan.search(_SPACED_DOT) is not None or scan.search(_DOMAIN_HINT) is not None)
        and scan.search(_SPACED_AT) is not None
    ):
        anchors = [match.start() + 1 for match in scan.finditer(_SPOKEN_AT)]
        matches.extend(_match_local_parts(_SPOKEN_EMAIL, text, anchors, spaced=True))
    spans: list[Span] = []
    for match in matches:
        start = match.start()
        # A local part longer than the bound: the whole token before the "@" is masked.
        while start > 0 and _in_local_part(text[start - 1]):
            start -= 1
        if text.endswith(("dot ", "DOT "), 0, start):
            spelled = _SPELLED_LOCAL_BEFORE.search(
                text, max(start - _SPELLED_LOCAL_REACH, 0), start
            )
            if spelled is not None:
                start = spelled.start()
        spans.append(Span(start, match.end(), PhiKind.EMAIL, "pattern"))
    return spans


def _match_local_parts(
    pattern: re.Pattern[str], text: str, anchors: list[int], *, spaced: bool
) -> list[re.Match[str]]:
    """Return what ``Scan.finditer_before`` returns for an e-mail pattern and its anchors.

    ``_numbers.local_part_matches`` runs ``_python_match_local_parts`` in C for ASCII text.
    """
    if _native_local_parts is not None:
        found = _native_local_parts(pattern.match, text, anchors, spaced)
        if found is not None:
            return found
    return _python_match_local_parts(pattern, text, anchors, spaced=spaced)


def _python_match_local_parts(
    pattern: re.Pattern[str], text: str, anchors: list[int], *, spaced: bool
) -> list[re.Match[str]]:
    """Return what ``Scan.finditer_before`` returns for an e-mail pattern and its anchors.

    ``spaced`` selects ``_in_email`` as the run of characters before an anchor, else
    ``_in_local_part``. Each pattern starts with a local part, ``[\\w.%+-]{1,64}``, that
    must be followed by a character outside that class. A match from inside a token of
    local-part characters therefore ends its local part at the token's end, and the rest
    of the match does not depend on where it started. So one try per token suffices, at
    the earliest place no more than 64 characters before the token's end, where
    ``finditer_before`` tries every place in the run.
    """
    found: list[re.Match[str]] = []
    match_at = pattern.match
    token_at = _LOCAL_PART_TOKEN.match
    position = 0
    for anchor in anchors:
        if anchor < position:
            continue
        start = anchor
        limit = max(position, anchor - _EMAIL_REACH)
        while start > limit:
            char = text[start - 1]
            if not (char.isalnum() or char in "._%+-" or (spaced and char in " \t")):
                break
            start -= 1
        candidate = start
        while candidate <= anchor:
            token = token_at(text, candidate)
            if token is None:
                # A space or tab, where no local part starts.
                candidate += 1
                continue
            end = token.end()
            first = max(candidate, end - _MAX_LOCAL_PART)
            if first > anchor:
                break
            match = match_at(text, first)
            if match is not None:
                found.append(match)
                position = max(match.end(), first + 1)
                break
            candidate = end
    return found


def _find_urls(scan: Scan) -> list[Span]:
    text = scan.text
    if scan.search(_ANY_URL) is None:
        return []
    domains = scan.search(_DOMAIN_HINT) is not None
    matches: list[re.Match[str]] = []
    if not domains:
        if scan.covers(_URL):
            # Without a match of ``_URL`` nothing is found, whatever the substring test returns.
            matches = list(scan.finditer(_URL))
            if not matches:
                return []
        if "://" not in text and "www" not in text and "WWW" not in text:
            return []
    if not matches:
        matches = list(scan.finditer(_URL))
    if domains:
        anchors = [match.start() for match in scan.finditer(_DOMAIN_HINT)]
        matches.extend(scan.finditer_before(_DOMAIN, anchors, _in_domain, _DOMAIN_REACH))
    spans: list[Span] = []
    for match in matches:
        start, end = match.span()
        if not _free_before(text, start, ".@-"):
            continue
        while end > start and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end > start:
            spans.append(Span(start, end, PhiKind.URL, "pattern"))
    return spans


def _positions(text: str, needle: str) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position >= 0:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _find_ip_addresses(scan: Scan) -> list[Span]:
    text = scan.text
    spans: list[Span] = []
    if scan.search(_ANY_IP) is None:
        return spans
    for match in scan.finditer(_IPV4):
        if not _free_before(text, match.start(), "."):
            continue
        if all(int(octet) <= _MAX_OCTET for octet in match.group().split(".")):
            spans.append(Span(match.start(), match.end(), PhiKind.IP_ADDRESS, "pattern"))
    # Every "::" matches the hint too, so the hint alone decides.
    if scan.search(_IPV6_HINT) is None:
        return spans
    for match in scan.finditer(_IPV6):
        candidate = match.group()
        if len(candidate) < _MIN_IPV6_LENGTH or not _free_before(text, match.start(), ":"):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        spans.append(Span(match.start(), match.end(), PhiKind.IP_ADDRESS, "pattern"))
    return spans
