"""Column masking operators: redact, placeholder, partial, pseudonym and generalize.

Every operator keeps ``None`` as ``None``, because a NULL reveals nothing about a person and
dropping it would change counts. Every operator fails closed: a value it cannot handle becomes
the kind's placeholder, and an unexpected error becomes ``MaskingError``, so the raw value is
never returned.

Presidio-anonymizer (2.2.366) is not used. Its ``redact`` operator returns an empty string, and
its ``replace`` operator only returns the string it is given. Its ``mask`` operator masks a
count of characters from one end, separators included, so it cannot turn ``123-45-6789`` into
``***-**-6789``. In a one-off ``timeit`` run (CPython 3.11, this project's container) its
``AnonymizerEngine`` took about 810 µs to replace 60 spans in a 1,000-character note, and
joining slices in plain Python took about 6 µs, so ``freetext`` joins slices.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import hmac
import math
import re
import uuid
from collections.abc import Callable

from phigate.errors import MaskingError
from phigate.policy import MaskSpec, Operator, PhiKind

__all__ = [
    "MAX_DATE_SHIFT_DAYS",
    "MIN_KEY_BYTES",
    "REDACTED",
    "RESTRICTED_ZIP3",
    "Masker",
    "placeholder",
]

REDACTED = "<REDACTED>"

MIN_KEY_BYTES = 32

_PLACEHOLDERS: dict[PhiKind, str] = {
    PhiKind.NONE: "<MASKED>",
    PhiKind.NAME: "<PERSON>",
    PhiKind.DATE: "<DATE>",
    PhiKind.BIRTH_DATE: "<DATE>",
    PhiKind.AGE: "<AGE>",
    PhiKind.SSN: "<SSN>",
    PhiKind.MRN: "<MRN>",
    PhiKind.PHONE: "<PHONE>",
    PhiKind.FAX: "<FAX>",
    PhiKind.EMAIL: "<EMAIL>",
    PhiKind.ADDRESS: "<ADDRESS>",
    PhiKind.CITY: "<CITY>",
    PhiKind.ZIP: "<ZIP>",
    PhiKind.ACCOUNT: "<ACCOUNT>",
    PhiKind.HEALTH_PLAN: "<HEALTH_PLAN>",
    PhiKind.LICENSE: "<LICENSE>",
    PhiKind.DEVICE: "<DEVICE>",
    PhiKind.VEHICLE: "<VEHICLE>",
    PhiKind.URL: "<URL>",
    PhiKind.IP_ADDRESS: "<IP_ADDRESS>",
    PhiKind.BIOMETRIC: "<BIOMETRIC>",
    PhiKind.PHOTO: "<PHOTO>",
    PhiKind.OTHER_ID: "<PHI>",
    PhiKind.FREE_TEXT: "<TEXT>",
}

# Three-digit ZIP prefixes whose combined ZIP Code Tabulation Areas held 20,000 or fewer people in
# the 2000 Census, which Safe Harbor requires to be reported as "000". HHS OCR lists them in
# "Guidance Regarding Methods for De-identification of Protected Health Information in Accordance
# with the HIPAA Privacy Rule" (2012), which adds that more current census data supersedes it.
# NOTE: the list was taken from quotations of that guidance, not from the HHS page itself.
RESTRICTED_ZIP3 = frozenset(
    {
        "036",
        "059",
        "063",
        "102",
        "203",
        "556",
        "692",
        "790",
        "821",
        "823",
        "830",
        "831",
        "878",
        "879",
        "884",
        "890",
        "893",
    }
)

# Safe Harbor aggregates ages over 89, and every date element that points to such an age, into
# one "90 or older" category.
_AGE_CAP = 90

# A pseudonym carries 64 bits of the HMAC (16 hex characters). Among n distinct values of one kind
# the expected number of colliding pairs is about n * n / 2**65: 3e-8 for a million values and
# 3e-6 for ten million. Ten hex characters (40 bits) would give about 0.45 colliding pairs at a
# million values, which is not negligible.
_PSEUDONYM_HEX_CHARS = 16

# Bumping this version changes every pseudonym, so change it only with a migration in mind.
_PSEUDONYM_DOMAIN = b"phigate.pseudonym.v1"
_DATE_SHIFT_DOMAIN = b"phigate.date-shift.v1"
# Shifted dates move by 1 to 365 days, earlier or later.
MAX_DATE_SHIFT_DAYS = 365

_CASE_FOLDED_KINDS = frozenset(
    {PhiKind.NAME, PhiKind.EMAIL, PhiKind.CITY, PhiKind.ADDRESS, PhiKind.MRN}
)
_DIGIT_KINDS = frozenset({PhiKind.PHONE, PhiKind.FAX, PhiKind.SSN})

# Types whose str() is their usual text form. Other values (bytes, lists, dicts, driver records)
# get the placeholder from the operators that read characters.
_SCALAR_TYPES = (
    str,
    int,
    float,
    decimal.Decimal,
    datetime.date,
    datetime.time,
    uuid.UUID,
)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![0-9])")
_ZIP_TEXT = re.compile(r"(\d{5})(?:[- ]?\d{4})?")
_NON_DIGITS = re.compile(r"\D+")
_WHITESPACE = re.compile(r"\s+")


def placeholder(kind: PhiKind) -> str:
    """Return the typed placeholder for ``kind``, such as ``<PERSON>`` for a name."""
    return _PLACEHOLDERS.get(kind, "<PHI>")


def canonical_form(value: object, kind: PhiKind) -> str:
    """Return the text that a pseudonym is computed from.

    Spellings of one identifier share a canonical form: names, e-mail addresses, cities,
    addresses and MRNs are case-folded with runs of whitespace collapsed, and phone, fax and SSN
    values keep only their digits, without a leading US country code 1.
    """
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace").strip()
    else:
        text = str(value).strip()
    if kind in _CASE_FOLDED_KINDS:
        return _WHITESPACE.sub(" ", text).casefold()
    if kind in _DIGIT_KINDS:
        digits = _NON_DIGITS.sub("", text)
        if not digits:
            return text.casefold()
        if kind != PhiKind.SSN and len(digits) == 11 and digits.startswith("1"):
            return digits[1:]
        return digits
    return text


class Masker:
    """Apply a column's ``MaskSpec`` to its values.

    Args:
        key: the configured secret for pseudonyms, at least 32 bytes.
        today: returns the current date; the birth-date bucket for people aged 90 or older
            depends on it.
    """

    def __init__(
        self,
        key: bytes,
        *,
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        if not isinstance(key, bytes):
            raise TypeError(f"masking key must be bytes, got {type(key).__name__}")
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(
                f"masking key must be at least {MIN_KEY_BYTES} bytes, got {len(key)}; "
                "generate one with: python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        self._key = key
        self._today = today

    def mask_value(self, value: object, kind: PhiKind, spec: MaskSpec) -> object:
        """Mask one column value with the operator that ``spec`` names.

        Returns ``None`` for ``None``. Every other value comes back as a string, except an age
        under 90 under ``generalize``, which keeps its original value.

        Raises:
            MaskingError: ``spec`` is ``free_text`` (use ``FreeTextMasker``), or the operator
                failed. The message names the kind and operator, never the value.
        """
        if spec.mask == Operator.FREE_TEXT:
            raise MaskingError(
                f"the free_text operator does not apply to single {kind.value} values; "
                "mask free text with FreeTextMasker"
            )
        if value is None:
            return None
        try:
            return self._apply(value, kind, spec)
        except Exception as exc:  # noqa: BLE001  (every failure must become MaskingError)
            # The original exception can quote the value, so it is not chained.
            raise MaskingError(
                f"could not mask a {kind.value} value with the {spec.mask.value} operator "
                f"({type(exc).__name__})"
            ) from None

    def pseudonym(self, value: object, kind: PhiKind) -> str:
        """Return a keyed pseudonym of ``value``, such as ``NAME_3f9a1c2b7d40e815``.

        The token is an HMAC-SHA256 of the kind and the value's canonical form (see
        ``canonical_form``), so one key maps one identifier to one token in every process, and
        tokens of different kinds never coincide.
        """
        message = b"\x00".join(
            (_PSEUDONYM_DOMAIN, kind.value.encode(), canonical_form(value, kind).encode())
        )
        digest = hmac.new(self._key, message, hashlib.sha256).hexdigest()
        return f"{kind.value.upper()}_{digest[:_PSEUDONYM_HEX_CHARS]}"

    def today(self) -> datetime.date:
        """Return the current date from the clock this masker was given."""
        return self._today()

    def date_offset(self, scope: str = "") -> int:
        """Return the keyed number of days by which dates in ``scope`` are shifted.

        The offset is derived from an HMAC of the key and ``scope``, between
        -``MAX_DATE_SHIFT_DAYS`` and ``MAX_DATE_SHIFT_DAYS`` and never 0, so every date in one
        scope moves by the same amount and intervals between them are kept.
        """
        message = b"\x00".join((_DATE_SHIFT_DOMAIN, scope.encode()))
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        magnitude = int.from_bytes(digest[:4], "big") % MAX_DATE_SHIFT_DAYS + 1
        return magnitude if digest[4] & 1 else -magnitude

    def _apply(self, value: object, kind: PhiKind, spec: MaskSpec) -> object:
        if spec.mask == Operator.REDACT:
            return REDACTED
        if spec.mask == Operator.PLACEHOLDER:
            return placeholder(kind)
        if spec.mask == Operator.PSEUDONYM:
            return self.pseudonym(value, kind)
        if spec.mask == Operator.PARTIAL:
            if not isinstance(value, _SCALAR_TYPES) or isinstance(value, bool):
                return placeholder(kind)
            return partial(str(value), spec.keep_first, spec.keep_last, spec.mask_char)
        if spec.mask == Operator.GENERALIZE:
            return self._generalize(value, kind)
        raise ValueError(f"unknown operator {spec.mask!r}")

    def _generalize(self, value: object, kind: PhiKind) -> object:
        generalized: object | None = None
        if kind == PhiKind.DATE:
            year = _year_of(value)
            generalized = None if year is None else str(year)
        elif kind == PhiKind.BIRTH_DATE:
            generalized = self._birth_year(value)
        elif kind == PhiKind.AGE:
            generalized = _generalize_age(value)
        elif kind == PhiKind.ZIP:
            generalized = _generalize_zip(value)
        return placeholder(kind) if generalized is None else generalized

    def _birth_year(self, value: object) -> str | None:
        year = _year_of(value)
        if year is None:
            return None
        # Anyone born in this year or earlier may be 90 or older today, so the year alone would
        # point to such an age. Aggregating the whole year also catches some people of 89.
        cutoff = self._today().year - _AGE_CAP
        if year <= cutoff:
            return f"{cutoff} or earlier"
        return str(year)


def partial(text: str, keep_first: int, keep_last: int, mask_char: str) -> str:
    """Replace the letters and digits of ``text`` with ``mask_char``, except the first and last.

    ``keep_first`` and ``keep_last`` count letters and digits, not separators, so
    ``123-45-6789`` with ``keep_last=4`` becomes ``***-**-6789``. Separators stay in place. A
    value with no more letters and digits than ``keep_first + keep_last`` is masked whole.
    """
    alnum_count = sum(1 for char in text if char.isalnum())
    if alnum_count <= keep_first + keep_last:
        keep_first = keep_last = 0
    masked: list[str] = []
    seen = 0
    for char in text:
        if not char.isalnum():
            masked.append(char)
            continue
        visible = seen < keep_first or seen >= alnum_count - keep_last
        masked.append(char if visible else mask_char)
        seen += 1
    return "".join(masked)


def _year_of(value: object) -> int | None:
    if isinstance(value, datetime.date):
        # datetime.datetime is a subclass of datetime.date.
        return value.year
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return year


def _generalize_age(value: object) -> object | None:
    if isinstance(value, bool):
        return None
    number: float
    if isinstance(value, int | float | decimal.Decimal):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    if math.isnan(number):
        return None
    return "90+" if number >= _AGE_CAP else value


def _generalize_zip(value: object) -> str | None:
    digits: str
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # An integer column drops leading zeros: 2139 is 02139 and 21394307 is 02139-4307.
        if not 0 <= value <= 999_999_999:
            return None
        digits = str(value).zfill(5 if value <= 99_999 else 9)
    elif isinstance(value, str):
        match = _ZIP_TEXT.fullmatch(value.strip())
        if match is None:
            return None
        digits = match.group(1)
    else:
        return None
    prefix = digits[:3]
    return "000" if prefix in RESTRICTED_ZIP3 else prefix
