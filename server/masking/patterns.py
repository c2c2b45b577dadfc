"""Regular-expression detectors for identifiers with a recognizable shape.

The detectors fail closed where a shape is unambiguous: ``123-45-6789`` is masked as an SSN even
though no valid SSN starts with 000 or 9. Where a shape is shared with clinical notation (a
blood pressure of ``120/80``, a pain score of ``8/10``, half a tablet) the detector checks the
numbers and the words around them.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Sequence

from phigate.masking.spans import Span
from phigate.policy import PhiKind

__all__ = ["DEFAULT_MRN_PATTERNS", "PatternDetector"]

# Group 1 is the id. Both accept "MRN 1234567", "MRN: A-12345", "MRN #0012345" and
# "medical record number 1234567". The second requires a digit in the id so that "MRN: pending"
# keeps its word.
DEFAULT_MRN_PATTERNS: tuple[str, ...] = (
    r"(?i:\bMRN)[ \t]*[:#]?[ \t]*(\d{7})(?!\d)",
    r"(?i:\b(?:MRN|MR[ \t]*\#|MR[ \t]+no\.?|medical[ \t]+record(?:[ \t]+(?:number|no\.?|\#))?)"
    r"[ \t]*(?:[:#]|is\b|of\b)?[ \t]*\#?[ \t]*)"
    r"([A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*)",
)

_SSN = re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])")
_SSN_IN_CONTEXT = re.compile(
    r"(?i:\b(?:ssn|ss\#|soc(?:ial)?\.?[ \t]*sec(?:urity)?\.?(?:[ \t]*(?:number|no\.?|\#))?))"
    r"[ \t]*[:#]?[ \t]*(\d{9}|\d{3}[ .-]?\d{2}[ .-]?\d{4})(?![\d-])"
)

_PHONE = re.compile(
    r"(?<![\d.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-]|\.\d)"
)
_PHONE_CONTEXT = (
    r"(?i:\b(?:phone|ph|tel|telephone|cell|mobile|mob|pager|fax|contact|"
    r"call(?:ed)?(?:[ \t]+(?:at|back))?)\b\.?[ \t]*(?:\#|no\.?|number)?[ \t]*[:#]?[ \t]*)"
)
_PHONE_IN_CONTEXT = re.compile(
    _PHONE_CONTEXT + r"(\+?1?\d{10}|\d{3}[-.]\d{4})(?![\d-])",
)
_FAX_BEFORE = re.compile(r"(?i:\bfax\b)[^\n]{0,12}$")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
_URL = re.compile(r"(?i:\b(?:https?://|ftp://|www\.))[^\s<>\"'()\[\]{}]+")
_URL_TRAILING = ".,;:!?"
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_MIN_IPV6_LENGTH = 6

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Month words are matched capitalized or in capitals, so "may 5" in a sentence stays.
_MONTH = (
    r"(?:(?:" + _MONTH_NAMES + "|" + _MONTH_NAMES.upper() + r")"
    r"|(?:" + _MONTH_ABBREVIATIONS + "|" + _MONTH_ABBREVIATIONS.upper() + r")\.?)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2[01])\d{2}"
_DATE_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"[ \t]+" + _DAY + r"(?:,?[ \t]+" + _YEAR + r")?(?![\d:]|\.\d)"
)
_DATE_DAY_MONTH = re.compile(
    r"(?<![\d.])" + _DAY + r"[ \t]+(?:of[ \t]+)?" + _MONTH + r"(?:,?[ \t]+" + _YEAR + r")?\b"
)
_DATE_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?[ \t]+" + _YEAR + r"\b")
_DATE_NUMERIC = re.compile(
    r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])"
    r"|(?<![\d/.-])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])"
)
_DATE_ISO = re.compile(
    r"(?<![\d/.-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d/-]|\.\d)"
)
_DATE_MONTH_SLASH_DAY = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")
# A month/day pair without a year shares its shape with ratios and scores. Words like these
# before or after it mean it is not a date.
_NOT_DATE_BEFORE = re.compile(
    r"(?i:\b(?:bp|b/p|pressure|pain|score|scale|rated?|rates|severity|strength|power|motor|"
    r"reflexes|ratio|murmur|grade|tab|tabs|tablets?|take|takes))\b[ \t:=]*(?:\w+[ \t]+)?$"
)
_NOT_DATE_AFTER = re.compile(
    r"(?i:[ \t]*(?:mm[ \t]*hg|pain|scale|strength|tab|tabs|tablets?|of[ \t]+(?:a|the)\b))"
)
# Before a month/day pair of single digits ("on 3/4"), which is otherwise read as a fraction.
_DATE_CUE_BEFORE = re.compile(
    r"(?i:\b(?:on|since|from|until|till|by|dated|date|dos|seen|admitted|discharged|visit|"
    r"last|next|due|starting|started|through))[ \t]+$"
)
_CONTEXT_WINDOW = 30

_AGE_OVER_89 = r"(9\d|1[0-4]\d)"
_AGE_PHRASE = re.compile(
    r"(?<![\d.])" + _AGE_OVER_89 + r"[ \t]*-?[ \t]*"
    r"(?i:yo\b|y/o|y\.o\.?|yrs?[ \t]*-?[ \t]*old\b|years?[ \t]*-?[ \t]*old\b)"
)
_AGE_CUE = re.compile(
    r"(?i:\bage[sd]?)[ \t]*(?:of[ \t]+|:[ \t]*|is[ \t]+|=[ \t]*)?" + _AGE_OVER_89 + r"(?!\d|\.\d)"
)

_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|Puerto Rico"
)
_ZIP = re.compile(
    r"(?:\b(?:" + "|".join(_STATE_CODES.split()) + "|" + _STATE_NAMES + r")\.?,?"
    r"|(?i:\bzip(?:[ \t]*code)?[ \t]*[:#]?))"
    r"[ \t]+(\d{5}(?:-\d{4})?)(?![\d-])"
)

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Court|Ct|Place|Pl|"
    r"Terrace|Ter|Way|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl)"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z][A-Za-z0-9'-]*\.?[ \t]+){1,4}"
    + _STREET_SUFFIX
    + r"\b\.?(?:,?[ \t]+(?:Apt|Apartment|Unit|Suite|Ste|\#)\.?[ \t]*\#?[ \t]*[A-Za-z0-9-]+)?"
)
_PO_BOX = re.compile(r"(?i:\bP\.?[ \t]*O\.?[ \t]*Box[ \t]+\d+)")

_Finder = Callable[[str], Iterator[Span]]


class PatternDetector:
    """Identifier detection by shape.

    It finds SSNs, phone numbers, e-mail addresses, MRNs, dates, ages over 89, URLs, IP
    addresses, ZIP codes and street addresses.

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
        self._finders: tuple[_Finder, ...] = (
            _find_ssns,
            _find_phones,
            _find_emails,
            self._find_mrns,
            _find_dates,
            _find_ages,
            _find_urls,
            _find_ip_addresses,
            _find_zips,
            _find_addresses,
        )

    def find(self, text: str) -> list[Span]:
        """Return every pattern match in ``text``; matches may overlap."""
        spans: list[Span] = []
        for finder in self._finders:
            spans.extend(finder(text))
        return spans

    def _find_mrns(self, text: str) -> Iterator[Span]:
        for pattern in self._mrn_patterns:
            group: int | str = 0
            if "id" in pattern.groupindex:
                group = "id"
            elif pattern.groups:
                group = 1
            for match in pattern.finditer(text):
                start, end = match.span(group)
                if start < end:
                    yield Span(start, end, PhiKind.MRN, "pattern")


def _group_spans(pattern: re.Pattern[str], text: str, kind: PhiKind, group: int) -> Iterator[Span]:
    for match in pattern.finditer(text):
        start, end = match.span(group)
        if start < end:
            yield Span(start, end, kind, "pattern")


def _find_ssns(text: str) -> Iterator[Span]:
    yield from _group_spans(_SSN, text, PhiKind.SSN, 0)
    yield from _group_spans(_SSN_IN_CONTEXT, text, PhiKind.SSN, 1)


def _phone_kind(text: str, start: int) -> PhiKind:
    window = text[max(start - _CONTEXT_WINDOW, 0) : start]
    return PhiKind.FAX if _FAX_BEFORE.search(window) else PhiKind.PHONE


def _find_phones(text: str) -> Iterator[Span]:
    for match in _PHONE.finditer(text):
        yield Span(match.start(), match.end(), _phone_kind(text, match.start()), "pattern")
    for match in _PHONE_IN_CONTEXT.finditer(text):
        yield Span(match.start(1), match.end(1), _phone_kind(text, match.start(1)), "pattern")


def _find_emails(text: str) -> Iterator[Span]:
    yield from _group_spans(_EMAIL, text, PhiKind.EMAIL, 0)


def _find_urls(text: str) -> Iterator[Span]:
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        if end > match.start():
            yield Span(match.start(), end, PhiKind.URL, "pattern")


def _find_ip_addresses(text: str) -> Iterator[Span]:
    for match in _IPV4.finditer(text):
        if all(int(octet) <= 255 for octet in match.group().split(".")):
            yield Span(match.start(), match.end(), PhiKind.IP_ADDRESS, "pattern")
    for match in _IPV6.finditer(text):
        candidate = match.group()
        if len(candidate) < _MIN_IPV6_LENGTH:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield Span(match.start(), match.end(), PhiKind.IP_ADDRESS, "pattern")


def _find_dates(text: str) -> Iterator[Span]:
    for pattern in (_DATE_MONTH_DAY, _DATE_DAY_MONTH):
        for match in pattern.finditer(text):
            if 1 <= int(match.group(1)) <= 31:
                yield Span(match.start(), match.end(), PhiKind.DATE, "pattern")
    yield from _group_spans(_DATE_MONTH_YEAR, text, PhiKind.DATE, 0)
    for match in _DATE_NUMERIC.finditer(text):
        if match.group(1) is not None:
            first, second = int(match.group(1)), int(match.group(3))
        else:
            first, second = int(match.group(5)), int(match.group(6))
        # Either month/day or day/month order.
        if 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12:
            yield Span(match.start(), match.end(), PhiKind.DATE, "pattern")
    for match in _DATE_ISO.finditer(text):
        if 1 <= int(match.group(3)) <= 12 and 1 <= int(match.group(4)) <= 31:
            yield Span(match.start(), match.end(), PhiKind.DATE, "pattern")
    for match in _DATE_MONTH_SLASH_DAY.finditer(text):
        if _is_month_day(text, match):
            yield Span(match.start(), match.end(), PhiKind.DATE, "pattern")


def _is_month_day(text: str, match: re.Match[str]) -> bool:
    """Tell a month/day date ("3/14") from a ratio, score or fraction."""
    month_text, day_text = match.group(1), match.group(2)
    if not (1 <= int(month_text) <= 12 and 1 <= int(day_text) <= 31):
        return False
    before = text[max(match.start() - _CONTEXT_WINDOW, 0) : match.start()]
    if _NOT_DATE_BEFORE.search(before) or _NOT_DATE_AFTER.match(text, match.end()):
        return False
    if len(month_text) == 1 and len(day_text) == 1:
        return _DATE_CUE_BEFORE.search(before) is not None
    return True


def _find_ages(text: str) -> Iterator[Span]:
    yield from _group_spans(_AGE_PHRASE, text, PhiKind.AGE, 1)
    yield from _group_spans(_AGE_CUE, text, PhiKind.AGE, 1)


def _find_zips(text: str) -> Iterator[Span]:
    yield from _group_spans(_ZIP, text, PhiKind.ZIP, 1)


def _find_addresses(text: str) -> Iterator[Span]:
    yield from _group_spans(_ADDRESS, text, PhiKind.ADDRESS, 0)
    yield from _group_spans(_PO_BOX, text, PhiKind.ADDRESS, 0)
