"""Tests for the column masking operators."""

from __future__ import annotations

import datetime
import decimal
import re
import subprocess
import sys
import uuid

import pytest

from phigate.errors import MaskingError
from phigate.masking.operators import RESTRICTED_ZIP3, Masker, canonical_form, placeholder
from phigate.policy import MaskSpec, Operator, PhiKind

KEY = b"unit-test-key-0123456789abcdef-0123456789"
OTHER_KEY = b"another-test-key-0123456789abcdef-01234567"
TODAY = datetime.date(2026, 7, 1)

REDACT = MaskSpec(mask=Operator.REDACT)
PLACEHOLDER = MaskSpec(mask=Operator.PLACEHOLDER)
PSEUDONYM = MaskSpec(mask=Operator.PSEUDONYM)
GENERALIZE = MaskSpec(mask=Operator.GENERALIZE)
PARTIAL = MaskSpec(mask=Operator.PARTIAL)
FREE_TEXT = MaskSpec(mask=Operator.FREE_TEXT)

ALL_SPECS = [REDACT, PLACEHOLDER, PSEUDONYM, GENERALIZE, PARTIAL]
MASKED_KINDS = [kind for kind in PhiKind if kind != PhiKind.FREE_TEXT]
TOKEN = re.compile(r"^[A-Z_]+_[0-9a-f]{16}$")


@pytest.fixture
def masker() -> Masker:
    """A masker with the test key and a fixed current date."""
    return Masker(KEY, today=lambda: TODAY)


class Unprintable:
    """A value whose text form cannot be computed; its error message quotes a fake SSN."""

    def __str__(self) -> str:
        raise RuntimeError("123-45-6789")


# --- construction ---


def test_masker_rejects_short_key() -> None:
    """A key shorter than 32 bytes is rejected."""
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Masker(b"x" * 31)


def test_masker_rejects_text_key() -> None:
    """A key given as str rather than bytes is rejected."""
    with pytest.raises(TypeError, match="bytes"):
        Masker("x" * 40)  # type: ignore[arg-type]


def test_masker_accepts_32_byte_key() -> None:
    """A key of exactly 32 bytes is accepted."""
    assert Masker(b"x" * 32).pseudonym("a", PhiKind.NAME).startswith("NAME_")


# --- None and the simple operators ---


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda spec: spec.mask.value)
@pytest.mark.parametrize("kind", MASKED_KINDS, ids=str)
def test_none_stays_none(masker: Masker, kind: PhiKind, spec: MaskSpec) -> None:
    """None passes through every operator on every kind."""
    assert masker.mask_value(None, kind, spec) is None


@pytest.mark.parametrize("kind", list(PhiKind), ids=str)
def test_redact_every_kind(masker: Masker, kind: PhiKind) -> None:
    """Redact turns any value of any kind into <REDACTED>."""
    assert masker.mask_value("Jane Doe 555-201-3344", kind, REDACT) == "<REDACTED>"
    assert masker.mask_value(12345, kind, REDACT) == "<REDACTED>"
    assert masker.mask_value(b"\x00\x01", kind, REDACT) == "<REDACTED>"


EXPECTED_PLACEHOLDERS = {
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


def test_placeholder_table_covers_every_kind() -> None:
    """The expected-placeholder table names every PhiKind."""
    assert set(EXPECTED_PLACEHOLDERS) == set(PhiKind)


@pytest.mark.parametrize("kind", list(PhiKind), ids=str)
def test_placeholder_every_kind(masker: Masker, kind: PhiKind) -> None:
    """Placeholder returns the typed placeholder of the kind."""
    assert masker.mask_value("value", kind, PLACEHOLDER) == EXPECTED_PLACEHOLDERS[kind]
    assert placeholder(kind) == EXPECTED_PLACEHOLDERS[kind]


@pytest.mark.parametrize("kind", list(PhiKind), ids=str)
def test_free_text_operator_raises(masker: Masker, kind: PhiKind) -> None:
    """mask_value rejects the free_text operator for every kind."""
    with pytest.raises(MaskingError, match="FreeTextMasker"):
        masker.mask_value("some note", kind, FREE_TEXT)


def test_free_text_operator_raises_for_none(masker: Masker) -> None:
    """The free_text operator is rejected even for a None value."""
    with pytest.raises(MaskingError):
        masker.mask_value(None, PhiKind.FREE_TEXT, FREE_TEXT)


# --- partial ---


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        ("123-45-6789", PARTIAL, "***-**-6789"),
        ("(555) 201-3344", PARTIAL, "(***) ***-3344"),
        ("A1234567", PARTIAL, "****4567"),
        ("A1234567", MaskSpec(mask=Operator.PARTIAL, keep_first=1, keep_last=2), "A*****67"),
        (
            "jane@example.org",
            MaskSpec(mask=Operator.PARTIAL, keep_first=2, keep_last=0),
            "ja**@*******.***",
        ),
        ("123-45-6789", MaskSpec(mask=Operator.PARTIAL, keep_last=0), "***-**-****"),
        ("123-45-6789", MaskSpec(mask=Operator.PARTIAL, mask_char="#"), "###-##-6789"),
        (5552013344, PARTIAL, "******3344"),
        (decimal.Decimal("12345678"), PARTIAL, "****5678"),
    ],
)
def test_partial_keeps_ends_and_separators(
    masker: Masker, value: object, spec: MaskSpec, expected: str
) -> None:
    """Partial keeps the configured leading and trailing characters and every separator."""
    assert masker.mask_value(value, PhiKind.SSN, spec) == expected


@pytest.mark.parametrize("value", ["1234", "12-34", "abc", "x", ""])
def test_partial_masks_short_values_whole(masker: Masker, value: str) -> None:
    """A value no longer than keep_first + keep_last is masked entirely."""
    masked = masker.mask_value(value, PhiKind.MRN, PARTIAL)
    assert isinstance(masked, str)
    assert not any(char.isalnum() for char in masked)
    assert len(masked) == len(value)


def test_partial_short_value_with_keep_first(masker: Masker) -> None:
    """keep_first counts toward the short-value limit."""
    spec = MaskSpec(mask=Operator.PARTIAL, keep_first=2, keep_last=2)
    assert masker.mask_value("ABCD", PhiKind.MRN, spec) == "****"
    assert masker.mask_value("ABCDE", PhiKind.MRN, spec) == "AB*DE"


@pytest.mark.parametrize("value", [b"123456789", [1, 2, 3], {"ssn": "123-45-6789"}, True])
def test_partial_odd_types_get_placeholder(masker: Masker, value: object) -> None:
    """Partial returns the placeholder for bytes, lists, dicts and booleans."""
    assert masker.mask_value(value, PhiKind.SSN, PARTIAL) == "<SSN>"


def test_partial_unicode_letters(masker: Masker) -> None:
    """Partial masks non-ASCII letters like ASCII ones."""
    assert masker.mask_value("Zoë Ångström", PhiKind.NAME, PARTIAL) == "*** ****tröm"


# --- pseudonym ---


def test_pseudonym_format(masker: Masker) -> None:
    """A pseudonym is the upper-case kind, an underscore and 16 hex characters."""
    token = masker.mask_value("Jane Doe", PhiKind.NAME, PSEUDONYM)
    assert isinstance(token, str)
    assert token.startswith("NAME_")
    assert TOKEN.match(token)


@pytest.mark.parametrize("kind", MASKED_KINDS, ids=str)
def test_pseudonym_every_kind(masker: Masker, kind: PhiKind) -> None:
    """Every kind gets a token with its own prefix that does not contain the value."""
    token = masker.mask_value("value-42", kind, PSEUDONYM)
    assert isinstance(token, str)
    assert token.startswith(kind.value.upper() + "_")
    assert "value" not in token.lower().removeprefix(kind.value)


def test_pseudonym_stable_across_instances() -> None:
    """Two maskers with the same key give the same token."""
    first = Masker(KEY).pseudonym("Jane Doe", PhiKind.NAME)
    second = Masker(KEY).pseudonym("Jane Doe", PhiKind.NAME)
    assert first == second


def test_pseudonym_stable_across_processes() -> None:
    """A fresh interpreter with the same key computes the same token."""
    code = (
        "from phigate.masking.operators import Masker; from phigate.policy import PhiKind; "
        f"print(Masker({KEY!r}).pseudonym('Jane Doe', PhiKind.NAME))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == Masker(KEY).pseudonym("Jane Doe", PhiKind.NAME)


def test_pseudonym_differs_across_keys() -> None:
    """Different keys give different tokens for the same value."""
    assert Masker(KEY).pseudonym("Jane Doe", PhiKind.NAME) != Masker(OTHER_KEY).pseudonym(
        "Jane Doe", PhiKind.NAME
    )


def test_pseudonym_differs_across_values(masker: Masker) -> None:
    """Different values give different tokens."""
    assert masker.pseudonym("Jane Doe", PhiKind.NAME) != masker.pseudonym("John Doe", PhiKind.NAME)


def test_pseudonym_differs_across_kinds(masker: Masker) -> None:
    """The same text of two kinds gives tokens with different hashes."""
    as_mrn = masker.pseudonym("1234567", PhiKind.MRN).split("_")[-1]
    as_account = masker.pseudonym("1234567", PhiKind.ACCOUNT).split("_")[-1]
    assert as_mrn != as_account


@pytest.mark.parametrize(
    ("kind", "spellings"),
    [
        (PhiKind.NAME, ["Smith", "SMITH", " smith ", "sMiTh"]),
        (PhiKind.NAME, ["Jane  Doe", "jane doe", "JANE\tDOE"]),
        (PhiKind.EMAIL, ["Jane.Doe@Example.org", "jane.doe@example.org "]),
        (PhiKind.CITY, ["Springfield", "SPRINGFIELD"]),
        (PhiKind.ADDRESS, ["12 Oak Street", "12 OAK STREET"]),
        (PhiKind.PHONE, ["(555) 201-3344", "555-201-3344", "555.201.3344", "+1 555 201 3344"]),
        (PhiKind.PHONE, ["5552013344", 5552013344, "1-555-201-3344"]),
        (PhiKind.FAX, ["(555) 201-3399", "555 201 3399"]),
        (PhiKind.SSN, ["123-45-6789", "123456789", "123 45 6789", 123456789]),
    ],
)
def test_pseudonym_folds_case_and_format(
    masker: Masker, kind: PhiKind, spellings: list[object]
) -> None:
    """Spellings of one identifier share one token."""
    tokens = {masker.pseudonym(spelling, kind) for spelling in spellings}
    assert len(tokens) == 1


def test_pseudonym_keeps_case_for_other_kinds(masker: Masker) -> None:
    """Kinds without case folding keep case-distinct values apart."""
    assert masker.pseudonym("ab12", PhiKind.DEVICE) != masker.pseudonym("AB12", PhiKind.DEVICE)


def test_pseudonym_ssn_does_not_drop_leading_one(masker: Masker) -> None:
    """An SSN starting with 1 keeps that digit."""
    assert canonical_form("123-45-6789", PhiKind.SSN) == "123456789"
    assert canonical_form("1-555-201-3344", PhiKind.PHONE) == "5552013344"


def test_pseudonym_phone_without_digits(masker: Masker) -> None:
    """A phone value without digits still gets a token, not the raw text."""
    token = masker.mask_value("unknown", PhiKind.PHONE, PSEUDONYM)
    assert isinstance(token, str)
    assert token.startswith("PHONE_")
    assert token != masker.pseudonym("", PhiKind.PHONE)


@pytest.mark.parametrize(
    "value",
    [
        b"\xff\x00raw",
        [1, 2, 3],
        {"a": 1},
        datetime.date(1962, 3, 14),
        uuid.UUID(int=7),
        decimal.Decimal("1.50"),
    ],
)
def test_pseudonym_odd_types(masker: Masker, value: object) -> None:
    """Values of other types become tokens too."""
    token = masker.mask_value(value, PhiKind.OTHER_ID, PSEUDONYM)
    assert isinstance(token, str)
    assert TOKEN.match(token)


def test_pseudonym_date_matches_iso_text(masker: Masker) -> None:
    """A date object and its ISO text share a token."""
    assert masker.pseudonym(datetime.date(1962, 3, 14), PhiKind.DATE) == masker.pseudonym(
        "1962-03-14", PhiKind.DATE
    )


# --- generalize: dates ---


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1962, 3, 14),
        datetime.datetime(1962, 3, 14, 8, 30),
        "1962-03-14",
        " 1962-03-14 ",
        "1962-03-14T08:30:00Z",
        "1962-03-14 08:30:00+02:00",
    ],
)
def test_generalize_date_to_year(masker: Masker, value: object) -> None:
    """A date, datetime or ISO string becomes its year."""
    assert masker.mask_value(value, PhiKind.DATE, GENERALIZE) == "1962"


def test_generalize_old_date_keeps_year(masker: Masker) -> None:
    """A date that is not a birth date keeps its year even when it is old."""
    assert masker.mask_value(datetime.date(1920, 1, 1), PhiKind.DATE, GENERALIZE) == "1920"


@pytest.mark.parametrize(
    "value",
    ["03/14/1962", "1962-13-01", "1962-02-30", "yesterday", "", "1962", "19620314", 1962, 3.5],
)
@pytest.mark.parametrize("kind", [PhiKind.DATE, PhiKind.BIRTH_DATE], ids=str)
def test_generalize_unparseable_date_placeholder(
    masker: Masker, kind: PhiKind, value: object
) -> None:
    """A value that is not an ISO date becomes <DATE>."""
    assert masker.mask_value(value, kind, GENERALIZE) == "<DATE>"


def test_generalize_birth_date_recent(masker: Masker) -> None:
    """A birth date of someone under 90 becomes its year."""
    assert masker.mask_value(datetime.date(1962, 3, 14), PhiKind.BIRTH_DATE, GENERALIZE) == "1962"
    assert masker.mask_value("1937-01-01", PhiKind.BIRTH_DATE, GENERALIZE) == "1937"


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1936, 12, 31),
        datetime.date(1936, 1, 1),
        "1930-05-05",
        datetime.datetime(1901, 2, 3, 4, 5),
    ],
)
def test_generalize_birth_date_over_89(masker: Masker, value: object) -> None:
    """A birth year that may mean an age of 90 or more becomes the shared bucket."""
    assert masker.mask_value(value, PhiKind.BIRTH_DATE, GENERALIZE) == "1936 or earlier"


def test_generalize_birth_date_bucket_follows_today() -> None:
    """The bucket year moves with the current date."""
    later = Masker(KEY, today=lambda: datetime.date(2030, 1, 2))
    assert later.mask_value("1940-06-01", PhiKind.BIRTH_DATE, GENERALIZE) == "1940 or earlier"
    assert later.mask_value("1941-06-01", PhiKind.BIRTH_DATE, GENERALIZE) == "1941"


def test_generalize_birth_date_uses_real_today() -> None:
    """Without a clock argument the bucket is computed from today's date."""
    cutoff = datetime.date.today().year - 90
    masked = Masker(KEY).mask_value(datetime.date(1900, 1, 1), PhiKind.BIRTH_DATE, GENERALIZE)
    assert masked == f"{cutoff} or earlier"


# --- generalize: ages ---


@pytest.mark.parametrize("value", [90, 91, 104, 90.0, 95.5, "92", " 90 ", decimal.Decimal("99")])
def test_generalize_age_90_plus(masker: Masker, value: object) -> None:
    """An age of 90 or more becomes 90+."""
    assert masker.mask_value(value, PhiKind.AGE, GENERALIZE) == "90+"


@pytest.mark.parametrize("value", [0, 45, 89, 89.9, "45", decimal.Decimal("17")])
def test_generalize_age_under_90_unchanged(masker: Masker, value: object) -> None:
    """An age under 90 is returned unchanged."""
    assert masker.mask_value(value, PhiKind.AGE, GENERALIZE) == value


@pytest.mark.parametrize("value", ["ninety", "92 years", "", float("nan"), True, [92], b"92"])
def test_generalize_age_non_numeric_placeholder(masker: Masker, value: object) -> None:
    """A value that is not a number becomes <AGE>."""
    assert masker.mask_value(value, PhiKind.AGE, GENERALIZE) == "<AGE>"


# --- generalize: ZIP codes ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02139", "021"),
        ("02139-4307", "021"),
        ("021394307", "021"),
        (" 90210 ", "902"),
        (2139, "021"),
        (501, "005"),
        (21394307, "021"),
    ],
)
def test_generalize_zip_prefix(masker: Masker, value: object, expected: str) -> None:
    """A ZIP code becomes its first three digits."""
    assert masker.mask_value(value, PhiKind.ZIP, GENERALIZE) == expected


@pytest.mark.parametrize("prefix", sorted(RESTRICTED_ZIP3))
def test_generalize_zip_low_population(masker: Masker, prefix: str) -> None:
    """A ZIP code in a low-population prefix becomes 000."""
    assert masker.mask_value(prefix + "42", PhiKind.ZIP, GENERALIZE) == "000"


def test_restricted_zip3_is_hhs_list() -> None:
    """The restricted prefixes are the 17 from the HHS list."""
    assert len(RESTRICTED_ZIP3) == 17
    assert {"036", "059", "063", "102", "203", "556", "692", "790", "821"} <= RESTRICTED_ZIP3
    assert {"823", "830", "831", "878", "879", "884", "890", "893"} <= RESTRICTED_ZIP3
    assert "021" not in RESTRICTED_ZIP3


def test_generalize_zip_low_population_integer(masker: Masker) -> None:
    """An integer ZIP code in a low-population prefix becomes 000."""
    assert masker.mask_value(3601, PhiKind.ZIP, GENERALIZE) == "000"


@pytest.mark.parametrize("value", ["0213", "ABCDE", "02139-43", "", -5, 10**10, 2.5, b"02139"])
def test_generalize_zip_invalid_placeholder(masker: Masker, value: object) -> None:
    """A value that is not a ZIP code becomes <ZIP>."""
    assert masker.mask_value(value, PhiKind.ZIP, GENERALIZE) == "<ZIP>"


# --- generalize: other kinds ---


@pytest.mark.parametrize(
    "kind",
    [
        kind
        for kind in MASKED_KINDS
        if kind not in {PhiKind.DATE, PhiKind.BIRTH_DATE, PhiKind.AGE, PhiKind.ZIP}
    ],
    ids=str,
)
def test_generalize_other_kinds_placeholder(masker: Masker, kind: PhiKind) -> None:
    """Kinds without a generalization get their placeholder."""
    assert masker.mask_value("Jane Doe", kind, GENERALIZE) == placeholder(kind)


# --- failures ---


def test_operator_error_becomes_masking_error(masker: Masker) -> None:
    """An exception inside an operator becomes MaskingError naming kind and operator."""
    with pytest.raises(MaskingError) as caught:
        masker.mask_value(Unprintable(), PhiKind.SSN, PSEUDONYM)
    message = str(caught.value)
    assert "ssn" in message
    assert "pseudonym" in message
    assert "123-45-6789" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


@pytest.mark.parametrize("spec", [PARTIAL, GENERALIZE, REDACT, PLACEHOLDER])
def test_unprintable_value_never_returned(masker: Masker, spec: MaskSpec) -> None:
    """Operators that do not read the text of an odd value still return no raw value."""
    value = Unprintable()
    masked = masker.mask_value(value, PhiKind.SSN, spec)
    assert masked is not value
    assert isinstance(masked, str)
