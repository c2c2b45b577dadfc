"""Account, health plan, license, device and vehicle numbers, and long numbers of any kind.

Three rules find them:

* a label before the number ("Acct#", "member ID", "DEA", "serial no.", "VIN", "plate") gives
  the kind;
* a checksum identifies shapes that need no label: DEA registration numbers, 17-character
  vehicle identification numbers (the North American check digit) and card numbers (Luhn);
* anything else with seven or more digits in a row, or five or more digits mixed with letters,
  is masked as ``other_id``. Clinical values never run to seven digits, and an id of an unknown
  format should not pass because nobody wrote a pattern for it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator

from phigate.masking.context import label_before, trie_pattern, words_before
from phigate.masking.lexicon import WordClass, classify_word
from phigate.masking.prefilter import Scan, gated
from phigate.masking.spans import Span
from phigate.policy import PhiKind

__all__ = [
    "dea_check",
    "find_labeled_ids",
    "find_long_numbers",
    "find_spelled_and_coded_ids",
    "luhn_check",
    "vin_check",
]

_LABEL_KINDS: dict[str, PhiKind] = {}
for _kind, _labels in (
    (PhiKind.ACCOUNT, "acct account billing invoice claim encounter visit fin har csn"),
    (
        PhiKind.HEALTH_PLAN,
        "member subscriber policy group plan insurance medicaid medicare beneficiary mbi "
        "hicn payer payor",
    ),
    (
        PhiKind.LICENSE,
        "license licence lic dl dea npi certificate cert passport badge permit registration",
    ),
    (PhiKind.DEVICE, "serial sn device model udi lot imei implant pacemaker pump"),
    (PhiKind.VEHICLE, "vin plate tag vehicle tail reg"),
    (
        PhiKind.OTHER_ID,
        "ref reference confirmation case order requisition accession lab rx prescription "
        "script report incident ticket gate lockbox keypad",
    ),
    (PhiKind.MRN, "pt"),
):
    for _label in _labels.split():
        _LABEL_KINDS[_label] = _kind

# Words that may stand between a label and its id: "member ID #", "acct no.", "lic number".
_FILLERS = frozenset({"no", "num", "number", "id", "ids", "identifier", "is", "of", "nbr"})
# An id is a token of letters, digits and inner hyphens with at least three digits in a row.
# The pattern wants five digits, or three joined to a letter or hyphen, so a three- or
# four-digit number standing alone (a lab value, a dose) never reaches Python. Every part
# consumes what makes its run of digits count, so that the prefilter's gates test it:
#
# * a letter or hyphen, then three digits: the match starts one character before the run;
# * five digits, or three or more and then a letter or an inner hyphen;
# * three or more digits and a hyphen that ends the token ("123- ").
#
# The first two then take the rest of the token as ``_token_around`` widens it to the right,
# so a token gives one match however many runs of digits it has ("555-201-3344").
_ID_DIGITS = gated(
    re.compile(
        r"(?:[A-Za-z-]\d\d\d|\d(?<!\d\d)(?:\d\d\d\d|\d\d+(?:[A-Za-z]|-(?=[^\W_]))))"
        r"(?:[^\W_]|-(?=[^\W_]))*"
        r"|\d(?<!\d\d)\d\d+-(?![^\W_])"
    )
)
_MIN_ID_CHARACTERS = 5
# The window that ``label_before`` reads, and every ASCII character that ends a word in it.
_WINDOW = 40
_SEPARATORS = "".join(chr(code) for code in range(128) if not chr(code).isalnum())
_LETTERS = string.ascii_letters
# Characters that join the runs on either side into one word for ``label_before`` ("pt's",
# "s/n").
_JOINERS = frozenset({"'", "/"})
# Labels that only ever introduce an identifier, so that a short number after them is one too
# ("badge 4471", "Lic # 882"). Labels such as "visit", "plan" or "order" also come before counts
# and years, so they keep the five-character minimum.
_SHORT_ID_LABEL_TEXT = (
    "badge licence license lic npi dea serial vin plate tag acct account member subscriber "
    "employee student inmate confirmation chart record id insurance mrn pager skype "
    "twitter instagram facebook whatsapp telegram snapchat tiktok linkedin handle username "
    "venmo cashapp paypal zelle ig discord reddit signal tail reg gate lockbox keypad"
)
_SHORT_ID_LABELS = trie_pattern(_SHORT_ID_LABEL_TEXT.split())
# After such a label: three or four digits ("badge 4471"), a code in capitals with two digits
# or more ("Tag 8XYZ12"), digit groups in a row ("ABC 1234 5678"), or a user name after a
# social-media or payment label ("Skype: maria.lopez.92", "CashApp $jdoe22").
_SHORT_LABELED_ID = gated(
    re.compile(
        # Not inside a word: "aid", "said" and "Medicaid" end in "id".
        r"(?<![A-Za-z])(?i:("
        + _SHORT_ID_LABELS
        + r"))\b(?:[ \t]*(?i:number|num|no|id|code|\#)\b\.?)*"
        # One line break may come before the value, as in a form: "Badge:\n4471".
        r"[ \t]*(?:[:#][ \t]*)?(?:\r?\n[ \t]*)?"
        r"((?:[A-Z0-9]{1,6}[ -]){1,4}[A-Z0-9]{2,6}(?![\w-])|(?=(?:[A-Z]*\d){2})[A-Z0-9]+"
        r"(?![\w-]|\.\d)|\$?[\w.@-]+)"
    )
)
# Any id label followed by a word for a number ("Policy number 4567", "Cert # 1234",
# "Auth #: 12345"): then three or four digits are enough.
_NUMBERED_LABELS = frozenset({*_LABEL_KINDS, "auth", "authorization", "ref", "case"})
_NUMBERED_LABEL_ID = gated(
    re.compile(
        r"(?<![A-Za-z])(?i:("
        + trie_pattern(_NUMBERED_LABELS)
        + r"))[ \t]*(?i:number|num|no\.|nbr|\#)[ \t]*(?:[:#][ \t]*)?"
        # Three to twelve digits, or a code with three digits in it ("19AB2233").
        r"(\d{3,12}|(?=(?:[A-Z]*\d){3})[A-Z0-9]{4,16})(?![\w/.-]|\.\d)"
    )
)
# With "#", the words for a number that ``_NUMBERED_LABEL_ID`` needs ("number" starts with
# "num"), so that a note without any of them skips that pattern.
_NUMBER_WORD = gated(re.compile(r"(?i:n(?:um|o\.|br))"))
# A driver's license in digit groups after "DL" in capitals or the words ("NY DL 123 456 789");
# a run of digits alone is found as a long number.
_DRIVER_LICENSE = gated(
    re.compile(
        r"(?<![A-Za-z])(?:DL|D\.L\.|(?i:driver['’]?s?[ \t]+licen[cs]e))[ \t]*"
        r"(?:(?:\#|(?i:no\.?|number))[ \t]*)?(?:[:#][ \t]*)?"
        r"([A-Z]?\d{3}[ -]\d{3}[ -]\d{3}(?:[ -]\d{3})?)(?![\w-])"
    )
)
_CREDENTIAL_LICENSE = gated(
    re.compile(
        r"\b(?:LCSW|LPCC|LMFT|LMHC|LPC|LADC|CADC|RN|LPN|LVN|NP|PA|MD|DO|PharmD|RPh|DDS|DMD|PT|OT|"
        r"BCBA|PsyD|PhD)[ \t]*\#[ \t]*(?::[ \t]*)?([A-Z]{0,3}\d{3,10})\b"
    )
)
_SHORT_LABEL_KINDS = {
    "employee": PhiKind.OTHER_ID,
    "licence": PhiKind.LICENSE,
    "chart": PhiKind.MRN,
    "record": PhiKind.MRN,
    "mrn": PhiKind.MRN,
    "id": PhiKind.OTHER_ID,
    "patient": PhiKind.MRN,
    "ins": PhiKind.HEALTH_PLAN,
    "pager": PhiKind.PHONE,
}
_SOCIAL_LABEL_TEXT = (
    "skype twitter instagram facebook whatsapp telegram snapchat tiktok linkedin handle username "
    "venmo cashapp paypal zelle ig discord reddit signal"
)
_SOCIAL_LABELS = frozenset(_SOCIAL_LABEL_TEXT.split())
_ID_OWNERS = frozenset(
    {"patient", "pt", "chart", "medical", "member", "subscriber", "insurance", "ins", "policy"}
    | {"group", "plan", "employee", "student", "inmate", "lab", "visit", "encounter"}
)
# The kind of each label of ``_SHORT_LABELED_ID`` and of each owner word before "id", which
# ``_numbers.short_ids`` looks up in place of ``_short_labeled_span``.
_SHORT_KINDS = {
    label: _SHORT_LABEL_KINDS.get(label) or _LABEL_KINDS.get(label, PhiKind.OTHER_ID)
    for label in (*_SHORT_ID_LABEL_TEXT.split(), *_ID_OWNERS)
}
# A token ends before a character that is no letter or digit, so a unit can only follow it
# after a space, a tab or at once as "%".
_UNIT_STARTS = frozenset(" \t%")
_UNIT_AFTER = re.compile(
    r"[ \t]*(?i:mg|mcg|ug|g|kg|lb|lbs|oz|ml|l|cc|units?|iu|kcal|cal|%|mm|cm|min|hrs?|days?|"
    r"weeks?|doses?|tabs?|tablets?|caps?|puffs?|drops?|bpm|mmhg)\b"
)
# The characters that an amount after a token can start with, as for ``_UNIT_STARTS``.
_AMOUNT_STARTS = frozenset(" \t/")
_AMOUNT_AFTER = re.compile(
    r"[ \t]*(?i:copies|iu|u|units?|cells|mg|mcg|ng|pg|g|ml|/ml|/ul|/mcl|/mm3|/l|k/ul|cfu)\b"
)
_MIN_SHORT_ID_DIGITS = 3
_MAX_SHORT_ID_DIGITS = 4
_MIN_GROUPED_ID_DIGITS = 5
_MIN_PLATE_LETTERS = 2
_MIN_PLATE_DIGITS = 3
# A MAC address: six pairs of hexadecimal digits joined by ":" or "-".
_MAC = gated(
    re.compile(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])")
)
_MAC_SEPARATORS = 5
# A social-media handle: "@maria_lopez".
_HANDLE = gated(re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@.-])"))
_CODE_BEFORE = re.compile(r"(?<![\w])[A-Z]{2,4}[ \t]+\Z")
# Capitals before a number that are a label of their own ("Registration: SSN 354-94-8202"),
# not part of the id.
_NOT_ID_CODES = _FILLERS | {"ssn", "mrn", "dob", "ph", "tel", "fax", "cell", "npi", "dea"}

# Medicare Beneficiary Identifier: 11 characters in a fixed letter-digit order, often written
# with hyphens after the fourth and seventh ("1EG4-TE5-MK73"). Letters S, L, O, I, B and Z are
# never used.
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI = gated(
    re.compile(
        r"[1-9](?<![\w-][1-9])"
        + _MBI_LETTER
        + "[AC-HJKMNP-RT-Y0-9]"
        + r"\d-?"
        + _MBI_LETTER
        + "[AC-HJKMNP-RT-Y0-9]"
        + r"\d-?"
        + _MBI_LETTER
        + _MBI_LETTER
        + r"\d\d(?![\w-])"
    )
)
_DEA = re.compile(r"[A-Z][A-Z9]\d{7}(?!\w)")
_VIN = re.compile(r"[A-HJ-NPR-Z0-9][A-HJ-NPR-Z0-9]{16}(?![A-Za-z0-9])")
_CARD = gated(re.compile(r"\d\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?![\d-])"))
_DIGIT_RUN = gated(re.compile(r"\d(?<!\d\d)\d{4,}"))
_MIN_DIGIT_RUN = 7
# Letters after a number that make it a dose, not an id ("50000IU").
_UNIT_SUFFIXES = frozenset({"iu", "u", "units", "mg", "mcg", "ug", "g", "kg", "ml", "l", "k"})
_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{2,4}")
_DATE_HYPHENS = 2
_DEA_LENGTH = 9
_VIN_LENGTH = 17

_VIN_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_CHECK_POSITION = 8
_VIN_CHECK_TEN = 10


def find_labeled_ids(scan: Scan) -> Iterator[Span]:
    """Yield ids that follow a label, with the kind the label names, and checksum matches."""
    text = scan.text
    spans = _token_ids(scan)
    spans.extend(_short_labeled_ids(scan))
    for match in scan.finditer(_DRIVER_LICENSE):
        spans.append(Span(match.start(1), match.end(1), PhiKind.LICENSE, "pattern"))
    if "#" in text:
        for match in scan.finditer(_CREDENTIAL_LICENSE):
            # "Amy Chu, LCSW #12345": a license number after a credential.
            spans.append(Span(match.start(1), match.end(1), PhiKind.LICENSE, "pattern"))
    if "#" in text or scan.search(_NUMBER_WORD) is not None:
        for match in _numbered_label_ids(scan):
            label = match.group(1).lower()
            kind = _LABEL_KINDS.get(label, PhiKind.OTHER_ID)
            if _UNIT_AFTER.match(text, match.end()) is None:
                spans.append(Span(match.start(2), match.end(2), kind, "pattern"))
    # Without the one pass, ``re`` would scan the whole note for a MAC address.
    if (
        scan.covers(_MAC)
        or text.count(":") >= _MAC_SEPARATORS
        or text.count("-") >= _MAC_SEPARATORS
    ):
        for match in scan.finditer(_MAC):
            spans.append(Span(match.start(), match.end(), PhiKind.DEVICE, "pattern"))
    if "@" in text:
        for match in scan.finditer(_HANDLE):
            spans.append(Span(match.start(), match.end(), PhiKind.OTHER_ID, "pattern"))
    for match in scan.finditer(_MBI):
        spans.append(Span(match.start(), match.end(), PhiKind.HEALTH_PLAN, "pattern"))
    for match in scan.finditer(_CARD):
        digits = re.sub(r"\D", "", match.group())
        if _standalone(text, match.start()) and 13 <= len(digits) <= 19 and luhn_check(digits):
            spans.append(Span(match.start(), match.end(), PhiKind.ACCOUNT, "pattern"))

    return iter(spans)


def _numbered_label_ids(scan: Scan) -> Iterable[re.Match[str]]:
    """Return ``scan.finditer(_NUMBERED_LABEL_ID)``, in C for an ASCII note where it was built.

    C runs the pattern only where a label begins a word and a word for a number follows it.
    """
    if _native_numbered_matches is not None:
        matches = _native_numbered_matches(scan, _NUMBERED_LABEL_ID, _NUMBERED_LABELS)
        if matches is not None:
            return matches
    return scan.finditer(_NUMBERED_LABEL_ID)


def _token_ids(scan: Scan) -> list[Span]:
    """Return tokens of five or more characters after a label, and DEA numbers and VINs.

    ``_numbers.token_ids`` reads an ASCII note in C up to the labels, and
    ``_python_token_ids`` reads the rest.
    """
    if _native_token_ids is not None:
        text = scan.text
        tokens = _native_token_ids(scan, _ID_DIGITS, _LABEL_KINDS, _FILLERS)
        if tokens is not None:
            return _spans_of_tokens(text, tokens)
    return _python_token_ids(scan)


def _spans_of_tokens(text: str, tokens: list[tuple[int, int, str | bool | None]]) -> list[Span]:
    """Return the spans of the tokens that ``_numbers.token_ids`` kept.

    Each token's label is its label word, None for no label, or the ``coded`` argument of
    ``_label_of``, which then finds the label.
    """
    spans: list[Span] = []
    for start, end, found in tokens:
        label: tuple[int, str] | None
        if found is None:
            label = None
        elif isinstance(found, bool):
            label = _label_of(text, start, coded=found)
        else:
            label = (start, found)
        if label is not None:
            spans.append(Span(label[0], end, _LABEL_KINDS[label[1]], "pattern"))
        else:
            spans.extend(_checksum_token(text, start, end))
    return spans


def _checksum_token(text: str, start: int, end: int) -> list[Span]:
    """Return the span of an unlabeled token that is a DEA number or a VIN, if it is one."""
    value = text[start:end]
    if len(value) == _DEA_LENGTH:
        if _DEA.fullmatch(value) and dea_check(value):
            return [Span(start, end, PhiKind.LICENSE, "pattern")]
    elif len(value) == _VIN_LENGTH and _VIN.fullmatch(value) and vin_check(value):
        return [Span(start, end, PhiKind.VEHICLE, "pattern")]
    return []


def _python_token_ids(scan: Scan) -> list[Span]:
    """Run ``_token_ids`` in Python."""
    text = scan.text
    spans: list[Span] = []
    ascii_text = text.isascii()
    labeled = coded = True
    before = ""
    for run in scan.finditer(_ID_DIGITS):
        # Widen from the first digit: a hyphen before the run may be no part of the token.
        first = run.start()
        if text[first] == "-":
            first += 1
        start, end = _token_around(text, first, first + 1)
        if ascii_text:
            # In ASCII text a label word ends at the last letter or digit before the token,
            # so a digit there rules out every label without reading words. A code between
            # the label and the token ends in two capitals.
            before = text[start - _WINDOW if start > _WINDOW else 0 : start].rstrip(_SEPARATORS)
            labeled = before[-1:].isalpha()
            if not labeled and end - start != _DEA_LENGTH and end - start != _VIN_LENGTH:
                continue
            coded = labeled and before[-2:].isupper() and before[-2:].isalpha()
        value = text[start:end]
        # A token contains only letters, digits and inner hyphens.
        hyphens = value.count("-")
        if len(value) - hyphens < _MIN_ID_CHARACTERS:
            continue
        if hyphens == _DATE_HYPHENS and _DATE_SHAPE.fullmatch(value):
            continue
        if text[end : end + 1] in _UNIT_STARTS and _UNIT_AFTER.match(text, end) is not None:
            # "insulin pump 10000 units", "order 12345 units": a quantity.
            continue
        if not labeled:
            label = None
        elif ascii_text and not coded:
            label = _last_word_label(text, start, before)
        else:
            label = _label_of(text, start, coded=coded)
        if label is not None:
            spans.append(Span(label[0], end, _LABEL_KINDS[label[1]], "pattern"))
        elif len(value) == _DEA_LENGTH:
            if _DEA.fullmatch(value) and dea_check(value):
                spans.append(Span(start, end, PhiKind.LICENSE, "pattern"))
        elif len(value) == _VIN_LENGTH and _VIN.fullmatch(value) and vin_check(value):
            spans.append(Span(start, end, PhiKind.VEHICLE, "pattern"))

    return spans


def _last_word_label(text: str, start: int, before: str) -> tuple[int, str] | None:
    """Return ``_label_of(text, start, coded=False)`` from ``before``, the ASCII text before.

    ``before`` is the window of ``label_before`` without the separators at its end, and it
    ends in a letter. Its last word decides, unless it is a filler or a joiner comes before it.
    """
    cut = len(before.rstrip(_LETTERS))
    joiner = before[cut - 1 : cut] if cut else ""
    if joiner.isdigit():
        # The word has digits, which no label or filler has.
        return None
    word = before[cut:].lower()
    if joiner in _JOINERS or word in _FILLERS:
        return _label_of(text, start, coded=False)
    if word in _LABEL_KINDS:
        return start, word
    return None


def _label_of(text: str, start: int, *, coded: bool) -> tuple[int, str] | None:
    """Return where a labeled id starting at ``start`` begins, and its label, or None.

    "Acct: HAR 7730012451": a short code in capitals between a label and the id belongs to
    the id, which then begins at the code. ``coded`` is False where no such code can be.
    """
    if coded and start > 0 and text[start - 1] in " \t":
        prefix = _CODE_BEFORE.search(text, max(start - 8, 0), start)
        if prefix is not None and prefix.group().strip().lower() not in _NOT_ID_CODES:
            label = label_before(text, prefix.start(), _LABEL_KINDS, _FILLERS)
            if label is not None:
                return prefix.start(), label
    label = label_before(text, start, _LABEL_KINDS, _FILLERS)
    if label is None:
        return None

    return start, label


def _is_word(value: str) -> bool:
    """Return whether ``value`` is an English or clinical word, not a made-up handle."""
    return value.isalpha() and classify_word(value.lower()) == WordClass.SAFE


def _short_labeled_ids(scan: Scan) -> list[Span]:
    """Return ids after labels that only introduce ids: short numbers, codes, digit groups.

    A number with a unit after it ("Tag 300 mg", "Record 1200 mL intake") is a quantity.
    ``_numbers.short_ids`` runs the loop in C for an ASCII note, and calls
    ``_short_labeled_span`` for the matches it leaves to Python.
    """
    if _native_short_ids is not None:
        spans = _native_short_ids(
            scan,
            _SHORT_LABELED_ID,
            _SHORT_KINDS,
            _SOCIAL_LABELS,
            _ID_OWNERS,
            _short_labeled_span,
            Span,
            "pattern",
        )
        if spans is not None:
            return spans
    return _python_short_labeled_ids(scan)


def _python_short_labeled_ids(scan: Scan) -> list[Span]:
    """Run ``_short_labeled_ids`` in Python."""
    text = scan.text
    spans: list[Span] = []
    for match in scan.finditer(_SHORT_LABELED_ID):
        span = _short_labeled_span(text, match)
        if span is not None:
            spans.append(span)
    return spans


def _short_labeled_span(text: str, match: re.Match[str]) -> Span | None:
    """Return the id of one match of ``_SHORT_LABELED_ID``, or None where it is no id."""
    start = match.start()
    if start > 0 and text[start - 1].isalnum():
        return None
    # The value ends before a character that is no letter or digit, as a token does.
    end = match.end()
    if text[end : end + 1] in _UNIT_STARTS and _UNIT_AFTER.match(text, end) is not None:
        return None
    label = match.group(1).lower()
    if label == "id":
        # "Patient ID", "Insurance ID": the word before names whose id it is.
        before = words_before(text, start, 1)
        label = before[0] if before and before[0] in _ID_OWNERS else label
    value = match.group(2)
    kind = _SHORT_LABEL_KINDS.get(label) or _LABEL_KINDS.get(label, PhiKind.OTHER_ID)
    if label in _SOCIAL_LABELS:
        if label == "signal" and not value.startswith("@"):
            # "T2 signal 12 mm", "signal: 4/5": the messenger only before a handle with "@".
            return None
        # "handle stress", "on Twitter constantly": a handle has a digit, "_", "." or
        # "@" in it, or follows a colon and is no English word.
        between = text[match.end(1) : match.start(2)]
        marked = any(char.isdigit() or char in "_.@" for char in value.rstrip("."))
        if not marked and (":" not in between or _is_word(value)):
            return None
        kind = PhiKind.OTHER_ID
    elif value.isdigit():
        digits = len(value)
        short = _MIN_SHORT_ID_DIGITS <= digits <= _MAX_SHORT_ID_DIGITS
        if not short and digits < _MIN_ID_CHARACTERS:
            return None
        # "chart 2023 reviewed", "family member 2019": a year, not an id.
        if digits == _MAX_SHORT_ID_DIGITS and value[:2] in ("19", "20"):
            return None
    else:
        digits = sum(char.isdigit() for char in value)
        if not _is_coded_id(value, digits, plate=label in ("plate", "tag")):
            return None
    return Span(match.start(2), match.end(2), kind, "pattern")


def _is_coded_id(value: str, digits: int, *, plate: bool = False) -> bool:
    """Return whether a value after an id label is a code ("8XYZ12") or digit groups.

    After "plate" or "tag" letters and digits in groups are a plate ("ABC 1234", "XYZ 123").
    """
    joined = value.replace(" ", "").replace("-", "")
    if (" " in value or "-" in value) and digits < _MIN_GROUPED_ID_DIGITS:
        letters = sum(char.isalpha() for char in joined)
        if not (plate and letters >= _MIN_PLATE_LETTERS and digits >= _MIN_PLATE_DIGITS):
            return False
    return digits >= 2 and joined.isalnum()


def find_long_numbers(scan: Scan) -> Iterator[Span]:
    """Yield tokens with seven digits in a row, or five among letters, as ``other_id``.

    Phone numbers and dates never reach seven digits in a row with their separators in place;
    their own patterns find them. ``_numbers.long_numbers`` runs the loop for an ASCII note.
    """
    if _native_long_numbers is not None:
        spans = _native_long_numbers(
            scan, _DIGIT_RUN, _UNIT_SUFFIXES, Span, PhiKind.OTHER_ID, "pattern"
        )
        if spans is not None:
            return iter(spans)
    return _python_long_numbers(scan)


def _python_long_numbers(scan: Scan) -> Iterator[Span]:
    """Run ``find_long_numbers`` in Python."""
    text = scan.text
    spans: list[Span] = []
    # The token of the last run, and where the characters for which ``str.isdigit`` is true
    # at its start end. Every run inside a token widens to the same token, so a long token
    # with many runs ("2020-01-012020-01-01...") is widened and read once.
    start = end = digits_end = 0
    for run in scan.finditer(_DIGIT_RUN):
        run_start, run_end = run.span()
        if run_start >= end:
            start, end = _token_around(text, run_start, run_end)
            digits_end = start
            while digits_end < end and text[digits_end].isdigit():
                digits_end += 1
        token_digits = digits_end == end
        if run_end - run_start >= _MIN_DIGIT_RUN:
            # "HIV RNA 1200000 copies/mL", "Bicillin 2400000 units": an amount.
            if (
                text[end : end + 1] in _AMOUNT_STARTS
                and token_digits
                and _AMOUNT_AFTER.match(text, end) is not None
            ):
                continue
            spans.append(Span(start, end, PhiKind.OTHER_ID, "pattern"))
            continue
        if token_digits:
            continue
        if run_end <= digits_end and text[run_end:end].lower() in _UNIT_SUFFIXES:
            continue
        spans.append(Span(start, end, PhiKind.OTHER_ID, "pattern"))

    return iter(spans)


def _python_token_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a digit run to the letters, digits and inner hyphens joined to it ("A-1234567").

    ``_kernels.token_around`` does the same in C.
    """
    while start > 0 and (
        text[start - 1].isalnum()
        or (text[start - 1] == "-" and start > 1 and text[start - 2].isalnum())
    ):
        start -= 1
    length = len(text)
    while end < length and (
        text[end].isalnum() or (text[end] == "-" and end + 1 < length and text[end + 1].isalnum())
    ):
        end += 1
    return start, end


try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._kernels import token_around as _token_around
except ImportError:  # pragma: no cover
    _token_around = _python_token_around


try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._numbers import long_numbers as _native_long_numbers
    from phigate.masking._numbers import numbered_matches as _native_numbered_matches
    from phigate.masking._numbers import short_ids as _native_short_ids
    from phigate.masking._numbers import token_ids as _native_token_ids
except ImportError:  # pragma: no cover
    _native_long_numbers = None  # type: ignore[assignment]
    _native_numbered_matches = None  # type: ignore[assignment]
    _native_short_ids = None  # type: ignore[assignment]
    _native_token_ids = None  # type: ignore[assignment]


def _standalone(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def luhn_check(digits: str) -> bool:
    """Return whether a digit string passes the Luhn (mod 10) check of card and NPI numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def dea_check(value: str) -> bool:
    """Return whether a DEA registration number's last digit matches its check digit.

    The check digit is the last digit of: the sum of digits 1, 3 and 5, plus twice the sum of
    digits 2, 4 and 6.
    """
    digits = [int(char) for char in value[2:]]
    odd = digits[0] + digits[2] + digits[4]
    even = digits[1] + digits[3] + digits[5]
    return (odd + 2 * even) % 10 == digits[6]


def vin_check(value: str) -> bool:
    """Return whether a 17-character VIN carries a valid North American check digit.

    Each character's value (digits as themselves, letters by the standard table) is weighted
    and summed. The remainder modulo 11 is the ninth character, with 10 written as ``X``.
    Only strings with both letters and digits count, so 17 digits in a row is not a VIN.
    """
    if value.isdigit() or value.isalpha():
        return False
    total = sum(
        _VIN_VALUES[char] * weight for char, weight in zip(value, _VIN_WEIGHTS, strict=True)
    )
    remainder = total % 11
    expected = "X" if remainder == _VIN_CHECK_TEN else str(remainder)
    return value[_VIN_CHECK_POSITION] == expected


# A GS1 unique device identifier in its human-readable form, application identifiers in
# brackets before each field: "(01)00889024181287(17)301231(10)64331882".
_UDI = gated(re.compile(r"\(\d{2,4}\)[A-Za-z0-9]{1,20}(?:\(\d{2,4}\)[A-Za-z0-9]{1,20})+"))
# A pharmacy or store and its number: "Walgreens #4471", "CVS #1234".
_STORE_NUMBER = gated(
    re.compile(
        r"\b(?:Walgreens|CVS|Rite[ -]Aid|Walmart|Costco|Kroger|Safeway|Target|Publix|"
        r"Stop[ \t]*&[ \t]*Shop|Wegmans|Meijer|H-E-B)(?:[ \t]+(?i:pharmacy|store))?"
        r"[ \t]*(?:\#|(?i:no\.|store))[ \t]*\d{2,6}\b"
    )
)
# Digits that dictation software writes one at a time, after a label for a number: "medical
# record number⏎7 7 4 2 1 9 0", "call 6 1 7 5 5 5 0 1 2 3".
_SPACED_DIGITS = gated(
    re.compile(
        r"(?i:record[ \t]+number|mrn|number|phone|call|cell|reached[ \t]+at|tel|ph)"
        r"[ \t]*[:#]?(?:[ \t]*\n)?[ \t]*(\d(?:[ \t]\d){6,11})(?![ \t]?\d)"
    )
)
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
# Seven or more digits spoken as words: "five oh eight five five five zero one nine two".
_SPOKEN_DIGITS = gated(
    re.compile(r"(?i:\b" + _DIGIT_WORD + r"(?:[ \t-]+" + _DIGIT_WORD + r"){6,11}\b)")
)
_PHONE_DIGITS = 10


def find_spelled_and_coded_ids(scan: Scan) -> list[Span]:
    """Return device identifiers, store numbers and numbers spoken or spaced by dictation."""
    text = scan.text
    spans: list[Span] = []
    for match in scan.finditer(_UDI):
        if match.start() == 0 or not text[match.start() - 1].isalnum():
            spans.append(Span(match.start(), match.end(), PhiKind.DEVICE, "pattern"))
    for match in scan.finditer(_STORE_NUMBER):
        spans.append(Span(match.start(), match.end(), PhiKind.ADDRESS, "pattern"))
    for match in scan.finditer(_SPACED_DIGITS):
        if match.start() > 0 and text[match.start() - 1].isalpha():
            continue
        digits = match.group(1).count(" ") + match.group(1).count("\t") + 1
        kind = PhiKind.PHONE if digits == _PHONE_DIGITS else PhiKind.OTHER_ID
        spans.append(Span(match.start(1), match.end(1), kind, "pattern"))
    for match in scan.finditer(_SPOKEN_DIGITS):
        words = len(match.group().replace("-", " ").split())
        kind = PhiKind.PHONE if words == _PHONE_DIGITS else PhiKind.OTHER_ID
        spans.append(Span(match.start(), match.end(), kind, "pattern"))
    return spans
