"""Tests for free-text masking: dictionary, patterns, name cues and span merging."""

from __future__ import annotations

import itertools
import random
import re
import time

import pytest

from phigate.errors import MaskingError
from phigate.masking.freetext import FreeTextMasker, IdentifierDictionary, Span
from phigate.masking.operators import Masker
from phigate.masking.patterns import PatternDetector
from phigate.masking.spans import fold_case, merge_spans
from phigate.policy import MaskSpec, Operator, PhiKind

KEY = b"unit-test-key-0123456789abcdef-0123456789"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)
PSEUDONYMS = MaskSpec(mask=Operator.FREE_TEXT, replace_with="pseudonym")


@pytest.fixture
def masker() -> Masker:
    """A masker with the test key."""
    return Masker(KEY)


@pytest.fixture
def patterns_only(masker: Masker) -> FreeTextMasker:
    """A free-text masker without a dictionary."""
    return FreeTextMasker(masker)


@pytest.fixture
def dictionary() -> IdentifierDictionary:
    """A small dictionary of the identifiers a test database holds."""
    return IdentifierDictionary.build(
        {
            PhiKind.NAME: [
                "Rose Whitaker",
                "Ann Kowalski",
                "Will Brown",
                "Hope Castellanos",
                "Ignatius Wells",
                "May Lindqvist",
                "Dr. Priya Raman MD",
                "Mary-Jane O'Donnell",
            ],
            PhiKind.PHONE: ["(617) 555-0142", "+1 508 555 0199"],
            PhiKind.FAX: ["617-555-0150"],
            PhiKind.SSN: ["078-05-1120"],
            PhiKind.MRN: ["A7731904", "0042"],
            PhiKind.EMAIL: ["rose.whitaker@example.org"],
            PhiKind.ADDRESS: ["41 Juniper Street, Apt 3B"],
            PhiKind.CITY: ["Framingham", "Normal"],
            PhiKind.ZIP: ["01701"],
            PhiKind.AGE: ["45"],
        }
    )


@pytest.fixture
def full(masker: Masker, dictionary: IdentifierDictionary) -> FreeTextMasker:
    """A free-text masker with the test dictionary."""
    return FreeTextMasker(masker, dictionary)


def found(ftm: FreeTextMasker, text: str) -> list[tuple[str, PhiKind]]:
    """Return the text and kind of each span found in ``text``."""
    return [(text[span.start : span.end], span.kind) for span in ftm.find(text)]


def found_texts(ftm: FreeTextMasker, text: str) -> list[str]:
    """Return the text of each span found in ``text``."""
    return [text[span.start : span.end] for span in ftm.find(text)]


# --- spans and merging ---


def test_span_rejects_empty() -> None:
    """A span must cover at least one character."""
    with pytest.raises(ValueError, match="invalid span"):
        Span(3, 3, PhiKind.NAME, "pattern")


def test_span_has_only_its_fields() -> None:
    """A span has slots, so a misspelled field fails instead of adding an attribute."""
    span = Span(0, 2, PhiKind.NAME, "cue")
    with pytest.raises(AttributeError):
        span.stop = 1  # type: ignore[attr-defined]


def test_merge_joins_overlaps() -> None:
    """Overlapping spans become one span covering their union."""
    merged = merge_spans(
        [Span(5, 12, PhiKind.PHONE, "pattern"), Span(0, 8, PhiKind.NAME, "dictionary")]
    )
    assert [(span.start, span.end) for span in merged] == [(0, 12)]


def test_merge_kind_of_longest_part() -> None:
    """A merged span takes the kind and source of its longest part."""
    merged = merge_spans(
        [
            Span(0, 4, PhiKind.NAME, "dictionary"),
            Span(2, 14, PhiKind.ADDRESS, "pattern"),
            Span(10, 16, PhiKind.ZIP, "pattern"),
        ]
    )
    assert merged == [Span(0, 16, PhiKind.ADDRESS, "pattern")]


def test_merge_keeps_touching_spans_apart() -> None:
    """Spans that only touch are not joined."""
    merged = merge_spans([Span(4, 8, PhiKind.ZIP, "pattern"), Span(0, 4, PhiKind.CITY, "cue")])
    assert merged == [Span(0, 4, PhiKind.CITY, "cue"), Span(4, 8, PhiKind.ZIP, "pattern")]


def test_merge_contained_span() -> None:
    """A span inside another disappears into it."""
    merged = merge_spans(
        [Span(0, 20, PhiKind.ADDRESS, "pattern"), Span(3, 6, PhiKind.NAME, "dictionary")]
    )
    assert merged == [Span(0, 20, PhiKind.ADDRESS, "pattern")]


def test_merge_ignores_input_order() -> None:
    """Overlapping spans merge to the same span in every input order."""
    parts = [
        Span(0, 9, PhiKind.OTHER_ID, "pattern"),
        Span(0, 4, PhiKind.NAME, "cue"),
        Span(0, 6, PhiKind.PHONE, "pattern"),
        Span(2, 6, PhiKind.NAME, "scan"),
    ]
    for order in itertools.permutations(parts):
        assert merge_spans(order) == [Span(0, 9, PhiKind.PHONE, "pattern")]
    # Of two equally long parts the one that starts first gives the label.
    ties = [Span(2, 6, PhiKind.CITY, "scan"), Span(0, 4, PhiKind.NAME, "cue")]
    for order in itertools.permutations(ties):
        assert merge_spans(order) == [Span(0, 6, PhiKind.NAME, "cue")]


def test_find_returns_sorted_disjoint(full: FreeTextMasker) -> None:
    """find returns sorted spans that do not overlap."""
    text = (
        "Rose Whitaker (MRN A7731904) called from (617) 555-0142 on 03/14/2024; "
        "daughter Ann Kowalski, 41 Juniper Street, Framingham, MA 01701."
    )
    spans = full.find(text)
    assert len(spans) >= 7
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start


def test_overlap_merged_in_mask(full: FreeTextMasker) -> None:
    """A name inside an e-mail address is masked once, as the longer e-mail span."""
    assert full.mask("Write to rose.whitaker@example.org.", PLACEHOLDERS) == "Write to <EMAIL>."


def test_fold_case_keeps_length() -> None:
    """Case folding keeps offsets even for characters that lower-case to two code points."""
    text = "İstanbul ROSE"
    assert len(fold_case(text)) == len(text)
    assert fold_case(text).endswith("rose")


# --- SSN ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SSN 123-45-6789 on file", "123-45-6789"),
        ("id 000-00-0000 given", "000-00-0000"),
        ("ssn: 123456789.", "123456789"),
        ("Social Security number 123 45 6789", "123 45 6789"),
        ("SS# 987654321", "987654321"),
    ],
)
def test_ssn_found(patterns_only: FreeTextMasker, text: str, expected: str) -> None:
    """SSN shapes are found, including invalid numbers and bare digits after a cue."""
    assert (expected, PhiKind.SSN) in found(patterns_only, text)


@pytest.mark.parametrize("text", ["account 123456789 closed", "lot 12-345-6789", "1234-56-7890"])
def test_ssn_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Nine digits without an SSN cue, or other dash groupings, are not SSNs."""
    assert all(kind != PhiKind.SSN for _, kind in found(patterns_only, text))


# --- phone numbers ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call (555) 201-3344 today", "(555) 201-3344"),
        ("call 555-201-3344 today", "555-201-3344"),
        ("call 555.201.3344 today", "555.201.3344"),
        ("call +1 555 201 3344 today", "+1 555 201 3344"),
        ("call 1-555-201-3344 today", "1-555-201-3344"),
        ("phone: 5552013344", "5552013344"),
        ("cell # 5552013344", "5552013344"),
        ("call back 201-3344", "201-3344"),
    ],
)
def test_phone_found(patterns_only: FreeTextMasker, text: str, expected: str) -> None:
    """Common US phone formats are found."""
    assert (expected, PhiKind.PHONE) in found(patterns_only, text)


def test_fax_kind_after_fax_cue(patterns_only: FreeTextMasker) -> None:
    """A number after the word fax is a fax number."""
    assert found(patterns_only, "Fax: 555-201-3399") == [("555-201-3399", PhiKind.FAX)]


@pytest.mark.parametrize(
    "text", ["order 5552013344 shipped", "pH 7.35 today", "dose 1.555.20", "range 555-2013"]
)
def test_phone_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Ten bare digits without a phone cue and other numbers are not phone numbers."""
    assert all(kind != PhiKind.PHONE for _, kind in found(patterns_only, text))


# --- e-mail, URL, IP address ---


@pytest.mark.parametrize(
    "address", ["jane.doe@example.org", "j_doe+clinic@mail.example.co.uk", "X@Y.IO"]
)
def test_email_found(patterns_only: FreeTextMasker, address: str) -> None:
    """E-mail addresses are found whole."""
    assert found(patterns_only, f"mail {address}, please") == [(address, PhiKind.EMAIL)]


@pytest.mark.parametrize("text", ["ratio 3@5 noted", "@home today"])
def test_email_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Text with an @ but no domain is not an e-mail address."""
    assert all(kind != PhiKind.EMAIL for _, kind in found(patterns_only, text))


@pytest.mark.parametrize(
    "url", ["https://portal.example.org/p/123?x=1", "http://example.com", "www.example.org/a"]
)
def test_url_found(patterns_only: FreeTextMasker, url: str) -> None:
    """URLs are found without trailing punctuation."""
    assert found(patterns_only, f"See {url}.") == [(url, PhiKind.URL)]


@pytest.mark.parametrize("address", ["10.0.0.1", "192.168.1.254", "2001:db8::ff00:42:8329"])
def test_ip_found(patterns_only: FreeTextMasker, address: str) -> None:
    """IPv4 and IPv6 addresses are found."""
    assert found(patterns_only, f"from {address} logged") == [(address, PhiKind.IP_ADDRESS)]


@pytest.mark.parametrize("text", ["at 10:30:45 today", "value 999.1.1.1 odd", "version 1.2.3"])
def test_ip_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Times, out-of-range octets and version numbers are not IP addresses."""
    assert all(kind != PhiKind.IP_ADDRESS for _, kind in found(patterns_only, text))


# --- MRN ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN 1234567 admitted", "1234567"),
        # The long-number rule masks the whole token, which is how the database stores it.
        ("MRN1234567 admitted", "MRN1234567"),
        ("MRN: A-55321 admitted", "A-55321"),
        ("MRN # X12345Q admitted", "X12345Q"),
        ("mrn is 88812345", "88812345"),
        ("Medical record number 0012345", "0012345"),
    ],
)
def test_mrn_found(patterns_only: FreeTextMasker, text: str, expected: str) -> None:
    """MRNs after an MRN cue are found, and only the id is masked."""
    assert found(patterns_only, text) == [(expected, PhiKind.MRN)]


@pytest.mark.parametrize("text", ["MRN: pending", "MRNs reviewed", "1234567 units"])
def test_mrn_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """An MRN cue without an id, or an id without a cue, is not an MRN."""
    assert all(kind != PhiKind.MRN for _, kind in found(patterns_only, text))


def test_mrn_custom_pattern(masker: Masker) -> None:
    """Custom MRN patterns replace the default ones."""
    ftm = FreeTextMasker(masker, mrn_patterns=[r"\bPT-(?P<id>\d{6})\b"])
    assert found(ftm, "seen PT-123456 reviewed") == [("PT-123456", PhiKind.MRN)]
    assert ("123456", PhiKind.MRN) in [
        (text[s.start : s.end], s.kind)
        for text in ["seen PT-123456 reviewed"]
        for s in PatternDetector(mrn_patterns=[r"\bPT-(?P<id>\d{6})\b"]).find(text)
    ]
    # The default MRN patterns are gone; the rule for ids after a label still masks the id.
    assert found(ftm, "MRN: A-55321 reviewed") == [("A-55321", PhiKind.MRN)]
    assert found(ftm, "seen A-55321 reviewed") == [("A-55321", PhiKind.OTHER_ID)]


def test_mrn_custom_pattern_without_group(masker: Masker) -> None:
    """A custom pattern without groups masks its whole match."""
    ftm = FreeTextMasker(masker, mrn_patterns=[r"\bH\d{8}\b"])
    assert found(ftm, "chart H12345678 reviewed") == [("H12345678", PhiKind.MRN)]


def test_mrn_invalid_pattern(masker: Masker) -> None:
    """An invalid MRN pattern is rejected at construction."""
    with pytest.raises(ValueError, match=r"mrn_patterns\[1\]"):
        FreeTextMasker(masker, mrn_patterns=[r"\d+", r"(unclosed"])


# --- dates ---


@pytest.mark.parametrize(
    "date",
    [
        "03/14/1962",
        "3/14/62",
        "3/14",
        "12/31",
        "2024-01-05",
        "2024-01-05T10:30:00Z",
        "March 14",
        "March 14, 2024",
        "14 Mar 2024",
        "Mar 14th",
        "Sept. 3rd, 2021",
        "3rd of March",
        "March 2024",
        "MARCH 14",
        "03-14-1962",
        "14.03.1962",
    ],
)
def test_date_found(patterns_only: FreeTextMasker, date: str) -> None:
    """Numeric and written dates are found whole."""
    assert found(patterns_only, f"seen {date} in clinic") == [(date, PhiKind.DATE)]


def test_single_digit_month_day_after_cue(patterns_only: FreeTextMasker) -> None:
    """A single-digit month/day pair after a date cue is a date."""
    assert found(patterns_only, "admitted on 3/4 with pain") == [("3/4", PhiKind.DATE)]


@pytest.mark.parametrize(
    "text",
    [
        "BP 120/80 sitting",
        "BP 12/8 odd",
        "pain 8/10 today",
        "rated 7/10",
        "8/10 pain",
        "take 1/2 tablet",
        "1/2 tab at night",
        "strength 5/5 bilaterally",
        "Follow up Monday",
        "May she improve soon",
        "March in place",
        "patient may 5 times",
        "ratio 13/40",
        "G2P1 and 24/7 care",
        "worked for 1962 days",
    ],
)
def test_date_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Ratios, scores, fractions, weekdays and the verbs "may" and "march" are not dates."""
    assert all(kind != PhiKind.DATE for _, kind in found(patterns_only, text))


def test_weekday_survives_next_to_date(patterns_only: FreeTextMasker) -> None:
    """The weekday before a date stays; only the date is masked."""
    assert patterns_only.mask("Monday, March 14 visit", PLACEHOLDERS) == "Monday, <DATE> visit"


# --- ages ---


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("92 yo female", "92"),
        ("a 92-year-old man", "92"),
        ("94 y/o", "94"),
        ("91 years old", "91"),
        ("age 93", "93"),
        ("aged 90.", "90"),
        ("Age: 104", "104"),
        ("a 100 year old", "100"),
    ],
)
def test_age_over_89_found(patterns_only: FreeTextMasker, text: str, age: str) -> None:
    """Ages of 90 and over are found as the number alone."""
    assert found(patterns_only, text) == [(age, PhiKind.AGE)]


def test_age_mask_keeps_phrase(patterns_only: FreeTextMasker) -> None:
    """Masking an age replaces the number and keeps the phrase readable."""
    assert patterns_only.mask("a 92-year-old man", PLACEHOLDERS) == "a <AGE>-year-old man"


@pytest.mark.parametrize(
    "text", ["89 yo female", "a 45-year-old man", "age 67", "92 mg daily", "temp 98.6", "195 yo"]
)
def test_age_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Ages under 90 and other numbers are not masked."""
    assert found(patterns_only, text) == []


# --- ZIP codes and addresses ---


@pytest.mark.parametrize(
    ("text", "zip_code"),
    [
        ("Boston, MA 02139", "02139"),
        ("Boston MA 02139-4307", "02139-4307"),
        ("Austin, Texas 78701", "78701"),
        ("zip code: 60614", "60614"),
    ],
)
def test_zip_found(patterns_only: FreeTextMasker, text: str, zip_code: str) -> None:
    """ZIP codes after a state or a ZIP cue are found."""
    assert (zip_code, PhiKind.ZIP) in found(patterns_only, text)


@pytest.mark.parametrize("text", ["WBC 12000 today", "platelets 15000", "ma 02139"])
def test_zip_not_found(patterns_only: FreeTextMasker, text: str) -> None:
    """Five-digit numbers without a state or cue are not ZIP codes."""
    assert all(kind != PhiKind.ZIP for _, kind in found(patterns_only, text))


@pytest.mark.parametrize(
    "address", ["41 Juniper Street", "1600 N. Oak Ave", "12 Elm St, Apt 4B", "PO Box 123"]
)
def test_address_found(patterns_only: FreeTextMasker, address: str) -> None:
    """Street address lines are found."""
    assert (address, PhiKind.ADDRESS) in found(patterns_only, f"lives at {address} alone")


def test_address_line_with_city_state_zip(patterns_only: FreeTextMasker) -> None:
    """An address line loses its street and ZIP code."""
    masked = patterns_only.mask("Lives at 12 Elm St, Springfield, IL 62704.", PLACEHOLDERS)
    assert masked == "Lives at <ADDRESS>, <CITY>, IL <ZIP>."


# --- clinical text that must survive ---


@pytest.mark.parametrize(
    "text",
    [
        "Tylenol 500 mg PO q6h PRN",
        "Start metformin 500 mg BID; recheck A1c in 3 months.",
        "Follow up Monday or Tuesday.",
        "BP 120/80, HR 72, SpO2 98% on RA.",
        "MS Contin 15 mg BID.",
        "Discussed with the Cardiology team per protocol.",
        "Son at bedside.",
        "Lives with her husband.",
        "Annual exam due.",
    ],
)
def test_clinical_text_survives(full: FreeTextMasker, text: str) -> None:
    """Notes without identifiers come back unchanged."""
    assert full.mask(text, PLACEHOLDERS) == text


# --- dictionary ---


def test_dictionary_len_counts_keys(dictionary: IdentifierDictionary) -> None:
    """The dictionary counts its search keys and ignores zip and age values."""
    assert len(dictionary) > 20
    empty = IdentifierDictionary.build({PhiKind.ZIP: ["01701"], PhiKind.AGE: ["45"]})
    assert len(empty) == 0


def test_dictionary_skips_blank_and_none() -> None:
    """Blank values and None are ignored."""
    built = IdentifierDictionary.build({PhiKind.NAME: ["", "  ", None]})  # type: ignore[list-item]
    assert len(built) == 0


def test_empty_dictionary_finds_nothing(masker: Masker) -> None:
    """An empty dictionary adds no spans."""
    assert IdentifierDictionary.build({}).find("Rose Whitaker visited") == []
    with_empty = FreeTextMasker(masker, IdentifierDictionary.build({}))
    without = FreeTextMasker(masker)
    assert with_empty.find("Rose Whitaker visited") == without.find("Rose Whitaker visited")


def test_dictionary_full_name_and_parts(full: FreeTextMasker) -> None:
    """A stored name is found whole, and its first and last names alone."""
    assert found(full, "Rose Whitaker arrived") == [("Rose Whitaker", PhiKind.NAME)]
    assert found(full, "Whitaker arrived") == [("Whitaker", PhiKind.NAME)]
    assert found(full, "Then Kowalski left") == [("Kowalski", PhiKind.NAME)]


def test_dictionary_case_insensitive(full: FreeTextMasker) -> None:
    """Stored names are found in any case."""
    assert found(full, "pt KOWALSKI, ann seen") == [
        ("KOWALSKI", PhiKind.NAME),
        ("ann", PhiKind.NAME),
    ]


def test_dictionary_reversed_name(full: FreeTextMasker) -> None:
    """A name written last-name-first is masked part by part."""
    assert full.mask("Kowalski, Ann called", PLACEHOLDERS) == "<PERSON>, <PERSON> called"


def test_dictionary_token_boundaries(dictionary: IdentifierDictionary) -> None:
    """A name part inside a longer word is not found by the dictionary.

    The name scan masks "Roseville", "Annette" and "Whitakers" as unknown capitalized words, so
    only the dictionary is asked here.
    """
    assert dictionary.find("Annual visit in Roseville; Annette and Whitakers came") == []


def test_dictionary_hyphenated_and_apostrophe_names(full: FreeTextMasker) -> None:
    """Hyphenated and apostrophe names are found whole and by their parts."""
    assert found_texts(full, "Mary-Jane O'Donnell called") == ["Mary-Jane O'Donnell"]
    assert found_texts(full, "Jane said O'Donnell's knee hurts") == ["Jane", "O'Donnell"]


def test_dictionary_titles_are_not_name_parts(full: FreeTextMasker) -> None:
    """Titles and credentials inside a stored name are not masked alone."""
    assert found_texts(full, "MD note: dr to follow up") == []
    assert found_texts(full, "Raman reviewed") == ["Raman"]


def test_common_word_lowercase_survives(full: FreeTextMasker) -> None:
    """A stored name part that is a word survives in lower case."""
    assert full.mask("Potassium rose; will recheck. Brown sputum.", PLACEHOLDERS) == (
        "Potassium rose; will recheck. Brown sputum."
    )


def test_common_word_at_sentence_start_survives(full: FreeTextMasker) -> None:
    """A capitalized common-word name part at a sentence start survives."""
    for text in ["Will continue lisinopril.", "Seen. Hope to discharge.", "- Rose in creatinine"]:
        assert full.find(text) == [], text


def test_common_word_mid_sentence_masked(full: FreeTextMasker) -> None:
    """A capitalized common-word name part mid-sentence is masked."""
    assert found(full, "Seen with Rose today") == [("Rose", PhiKind.NAME)]
    assert found(full, "Called Hope at home") == [("Hope", PhiKind.NAME)]


def test_common_word_next_to_name_masked(full: FreeTextMasker) -> None:
    """A common-word name part next to another name part is masked even at a sentence start."""
    assert found_texts(full, "Will Brown is here.") == ["Will Brown"]
    assert found_texts(full, "Brown, Will presented.") == ["Brown", "Will"]
    assert found_texts(full, "Hope Castellanos called.") == ["Hope Castellanos"]


def test_common_word_all_caps_alone_survives(full: FreeTextMasker) -> None:
    """An all-capital common word alone reads as an abbreviation and survives."""
    assert full.find("CXR: ROSE pattern noted") == []


def test_eponym_survives(full: FreeTextMasker) -> None:
    """A stored surname that names a score or disease survives in that use."""
    assert full.find("Wells score 2; Wells criteria met.") == []
    assert found(full, "Spoke to Ignatius Wells today") == [("Ignatius Wells", PhiKind.NAME)]


def test_month_name_part_needs_neighbor(full: FreeTextMasker) -> None:
    """A stored name that is a month is a name only next to another part of the name."""
    assert found(full, "Follow up in May.") == [("May", PhiKind.DATE)]
    assert found(full, "May we call back?") == []
    assert found_texts(full, "Seen with May Lindqvist.") == ["May Lindqvist"]


def test_dictionary_phone_any_format(full: FreeTextMasker) -> None:
    """A stored phone number is found in any formatting of its digits."""
    for text in ["617 5550142", "(617)555-0142", "6175550142", "1 617 555 0142", "555-0142"]:
        assert (text, PhiKind.PHONE) in found(full, f"reach {text} ok"), text


def test_dictionary_phone_stored_with_country_code(full: FreeTextMasker) -> None:
    """A phone stored with +1 matches without it."""
    assert ("508-555-0199", PhiKind.PHONE) in found(full, "reach 508-555-0199")


def test_dictionary_fax_kind(full: FreeTextMasker) -> None:
    """A stored fax number keeps the fax kind."""
    assert found(full, "send to 617 555 0150") == [("617 555 0150", PhiKind.FAX)]


def test_dictionary_ssn_digits(full: FreeTextMasker) -> None:
    """A stored SSN is found without separators."""
    assert found(full, "ref 078051120 filed") == [("078051120", PhiKind.SSN)]


def test_dictionary_other_numbers_survive(dictionary: IdentifierDictionary) -> None:
    """Numbers that are not stored are not matched by the dictionary.

    The long-number rule still masks ten digits in a row as ``other_id``, failing closed.
    """
    assert dictionary.find("given 6175550143 units") == []


def test_dictionary_mrn_email_city(full: FreeTextMasker) -> None:
    """Stored MRNs, e-mail addresses and cities are found."""
    assert found(full, "chart a7731904 done") == [("a7731904", PhiKind.MRN)]
    assert found(full, "moved to Framingham") == [("Framingham", PhiKind.CITY)]
    assert found(full, "ROSE.WHITAKER@EXAMPLE.ORG") == [
        ("ROSE.WHITAKER@EXAMPLE.ORG", PhiKind.EMAIL)
    ]


def test_dictionary_short_ids_ignored(full: FreeTextMasker) -> None:
    """Stored ids shorter than four characters are not searched for."""
    dictionary = IdentifierDictionary.build({PhiKind.MRN: ["042"]})
    ftm = FreeTextMasker(Masker(KEY), dictionary)
    assert ftm.find("gave 042 units") == []


def test_dictionary_common_word_city(full: FreeTextMasker) -> None:
    """A stored city that is a common word follows the common-word rule."""
    assert full.find("Normal sinus rhythm; exam normal.") == []
    assert found(full, "moved to Normal last year") == [("Normal", PhiKind.CITY)]


def test_dictionary_address_variants(full: FreeTextMasker) -> None:
    """A stored address is found with its suffix abbreviated and without the unit."""
    for text in [
        "41 Juniper Street",
        "41 Juniper St",
        "41 juniper st.",
        "41 Juniper Street, Apt 3B",
    ]:
        assert found(full, f"at {text} now") == [(text, PhiKind.ADDRESS)], text


# --- name cues ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Spoke with daughter Maria Gonzalez today", "Maria Gonzalez"),
        ("His wife, Tamsin, agrees", "Tamsin"),
        ("husband Oleksandr at bedside", "Oleksandr"),
        ("Neighbor Dmitri Ivanov checks in", "Dmitri Ivanov"),
        ("caregiver (Lupe) present", "Lupe"),
        ("spoke with Teodora Vance about plan", "Teodora Vance"),
        ("per Jane Doe, no allergies", "Jane Doe"),
        ("her son is Kwame", "Kwame"),
        ("Daughter May visited", "May"),
    ],
)
def test_relative_cue_names(patterns_only: FreeTextMasker, text: str, name: str) -> None:
    """Names after relation words and reporting phrases are found."""
    assert found(patterns_only, text) == [(name, PhiKind.NAME)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen by Dr. Okonkwo today", "Okonkwo"),
        ("Dr Amara Eze reviewed", "Amara Eze"),
        ("Mrs. Ferreira called", "Ferreira"),
        ("Ms. J. Halvorsen signed", "J. Halvorsen"),
        ("DR. PATEL reviewed", "PATEL"),
        ("Dr. Okonkwo's note", "Okonkwo"),
        ("Given by Sarah Lindgren, RN", "Sarah Lindgren"),
        ("Electronically signed: Tomas Reyes MD", "Tomas Reyes"),
        ("Seen with Priyanka Shah, PA-C", "Priyanka Shah"),
        ("Covering Kofi Mensah NP", "Kofi Mensah"),
    ],
)
def test_staff_cue_names(patterns_only: FreeTextMasker, text: str, name: str) -> None:
    """Names after titles and before credentials are found."""
    assert found(patterns_only, text) == [(name, PhiKind.NAME)]


@pytest.mark.parametrize(
    "text",
    [
        "per Cardiology, continue",
        "per protocol",
        "spoke with ICU team",
        "daughter at bedside",
        "son is stable",
        "Baltimore, MD 21201",
        "MS Contin 15 mg",
        "Charge RN aware",
        "spoke with Dr. about it",
    ],
)
def test_cue_without_name(patterns_only: FreeTextMasker, text: str) -> None:
    """Cues followed by services, abbreviations or nothing capture no name."""
    assert all(kind != PhiKind.NAME for _, kind in found(patterns_only, text))


def test_cue_name_repeated_later(patterns_only: FreeTextMasker) -> None:
    """A name first seen after a cue is masked where it appears again without one."""
    masked = patterns_only.mask("Daughter Imelda called. Imelda agrees with plan.", PLACEHOLDERS)
    assert masked == "Daughter <PERSON> called. <PERSON> agrees with plan."


def test_cue_common_word_not_repeated(patterns_only: FreeTextMasker) -> None:
    """A cue-found name that is a common word is not searched for elsewhere."""
    masked = patterns_only.mask("Wife Hope called. Hope to discharge soon.", PLACEHOLDERS)
    assert masked == "Wife <PERSON> called. Hope to discharge soon."


# --- replacement ---


def test_mask_placeholders(full: FreeTextMasker) -> None:
    """Each span becomes its kind's placeholder."""
    text = "Rose Whitaker, 92 yo, MRN 1234567, seen 03/14/2024, call 555-201-3344."
    assert full.mask(text, PLACEHOLDERS) == (
        "<PERSON>, <AGE> yo, MRN <MRN>, seen <DATE>, call <PHONE>."
    )


def test_mask_pseudonyms_stable(full: FreeTextMasker, masker: Masker) -> None:
    """With replace_with pseudonym one identifier gets one token in every note."""
    first = full.mask("Rose Whitaker seen. Call (617) 555-0142.", PSEUDONYMS)
    second = full.mask("ROSE WHITAKER called from 617.555.0142", PSEUDONYMS)
    name_token = masker.pseudonym("Rose Whitaker", PhiKind.NAME)
    phone_token = masker.pseudonym("6175550142", PhiKind.PHONE)
    assert first == f"{name_token} seen. Call {phone_token}."
    assert second == f"{name_token} called from {phone_token}"


def test_mask_pseudonym_matches_column_token(full: FreeTextMasker, masker: Masker) -> None:
    """A name in a note gets the token the name column gets."""
    column = masker.mask_value("Whitaker", PhiKind.NAME, MaskSpec(mask=Operator.PSEUDONYM))
    assert full.mask("Whitaker agrees", PSEUDONYMS) == f"{column} agrees"


def test_mask_pseudonyms_differ_by_key(dictionary: IdentifierDictionary) -> None:
    """Two keys give different tokens for the same note."""
    other_key = b"another-test-key-0123456789abcdef-01234567"
    first = FreeTextMasker(Masker(KEY), dictionary).mask("Ann Kowalski", PSEUDONYMS)
    second = FreeTextMasker(Masker(other_key), dictionary).mask("Ann Kowalski", PSEUDONYMS)
    assert first != second


def test_mask_empty_text(full: FreeTextMasker) -> None:
    """An empty note stays empty."""
    assert full.mask("", PLACEHOLDERS) == ""


def test_mask_rejects_non_string(full: FreeTextMasker) -> None:
    """A value that is not a string is rejected."""
    with pytest.raises(MaskingError, match="expects a string"):
        full.mask(b"Rose Whitaker", PLACEHOLDERS)  # type: ignore[arg-type]


def test_mask_value_none_and_text(full: FreeTextMasker) -> None:
    """mask_value keeps None and masks strings."""
    assert full.mask_value(None, PLACEHOLDERS) is None
    assert full.mask_value("Whitaker agrees", PLACEHOLDERS) == "<PERSON> agrees"
    with pytest.raises(MaskingError):
        full.mask_value(["Whitaker"], PLACEHOLDERS)


class FailingDetector:
    """A detector that raises with the note's text in its message."""

    def find(self, text: str) -> list[Span]:
        raise RuntimeError(text)


def test_detection_error_becomes_masking_error(masker: Masker) -> None:
    """A detector failure becomes MaskingError without the note's text."""
    ftm = FreeTextMasker(masker, detectors=[FailingDetector()])
    with pytest.raises(MaskingError) as caught:
        ftm.mask("Rose Whitaker 078-05-1120", PLACEHOLDERS)
    assert "078-05-1120" not in str(caught.value)
    assert "RuntimeError" in str(caught.value)
    assert caught.value.__cause__ is None


def test_extra_detector_spans_used(masker: Masker) -> None:
    """Spans from an added detector are masked."""

    class Device:
        def find(self, text: str) -> list[Span]:
            return [
                Span(m.start(), m.end(), PhiKind.DEVICE, "pattern")
                for m in re.finditer(r"SN\d+", text)
            ]

    ftm = FreeTextMasker(masker, detectors=[Device()])
    assert ftm.mask("pump SN4471 placed", PLACEHOLDERS) == "pump <DEVICE> placed"


# --- a realistic note and a large dictionary ---


def split_words(text: str) -> list[str]:
    """Split a block of words on whitespace."""
    return text.split()


FIRST_NAMES = split_words(
    """
    Aaliyah Abel Adaeze Agnieszka Aiko Alejandro Amara Anders Anika Ansel Arjun Astrid Beatriz
    Bogdan Callum Catalina Chidi Cosima Dagny Darius Delphine Desmond Eamon Elif Emeka Esme
    Farida Fintan Grant Hope Ingrid Isidore Jovan Kalani Kenji Lorcan Mark Marisol Mateo May
    Nadia Nikolai Oksana Orla Paloma Quentin Rafferty Rose Saoirse Soren Tamsin Thiago Ulla
    Valentina Will Xiomara Yusuf Zainab
    """
)
LAST_NAMES = split_words(
    """
    Abernathy Achterberg Adeyemi Bergstrom Brown Castellano Czerwinski Dalgaard Delacroix
    Eriksson Fairbanks Fitzgerald Gallagher Grimaldi Hill Hollander Iwasaki Jablonski Kavanagh
    Kowalczyk Lindqvist Lombardi Mbeki Montgomery Nakamura Novak Okafor Oyelaran Pellegrino
    Quintero Rasmussen Rosenthal Sandoval Szymanski Takahashi Thornbury Underwood Vasquez
    Wells White Whitfield Yamamoto Young Zielinski Zamora Halloran Mendelsohn Ostrowski Brandt
    """
)

# Each field is an identifier; the notes put them where real notes do.
NOTE_TEMPLATES = (
    "{name} is a 67 yo with HTN and DM2 on metformin 500 mg BID. Seen {date} for follow-up. ",
    "BP 132/84, HR 78, pain 3/10. Daughter {first} at bedside; spoke with Dr. {last}. ",
    "Patient will call {phone} if symptoms worsen. MRN {mrn}. Prior note by {name}, RN. ",
    "Denies chest pain. Tylenol 650 mg q6h PRN. White count normal, rose slightly from prior. ",
    "Plan: continue regimen, recheck A1c in 3 months, RTC Monday. Reviewed with {last} today. ",
    "Discussed with {name} and husband {first} {last} by phone at {phone}. ",
)
FIELD = re.compile(r"\{(\w+)\}")


def build_large_case(seed: int) -> tuple[IdentifierDictionary, list[str], list[list[Span]]]:
    """Build a 3,000-name dictionary and notes of about 1,000 characters.

    Returns the dictionary, the notes and, per note, where each inserted identifier sits.
    """
    rng = random.Random(seed)
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES][:3000]
    phones = [f"{rng.randint(201, 989)}-555-{rng.randint(0, 9999):04d}" for _ in range(3000)]
    mrns = [f"{rng.randint(0, 99_999_999):08d}" for _ in range(3000)]
    dictionary = IdentifierDictionary.build(
        {PhiKind.NAME: names, PhiKind.PHONE: phones, PhiKind.MRN: mrns}
    )
    kinds = {
        "name": PhiKind.NAME,
        "first": PhiKind.NAME,
        "last": PhiKind.NAME,
        "date": PhiKind.DATE,
        "phone": PhiKind.PHONE,
        "mrn": PhiKind.MRN,
    }
    notes: list[str] = []
    placed: list[list[Span]] = []
    for _ in range(100):
        note = ""
        spans: list[Span] = []
        while len(note) < 900:
            month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.randint(1990, 2024)
            values = {
                "name": rng.choice(names),
                "first": rng.choice(FIRST_NAMES),
                "last": rng.choice(LAST_NAMES),
                "date": f"{month:02d}/{day:02d}/{year}",
                "phone": rng.choice(phones),
                "mrn": rng.choice(mrns),
            }
            template = rng.choice(NOTE_TEMPLATES)
            position = 0
            for field in FIELD.finditer(template):
                note += template[position : field.start()]
                value = values[field.group(1)]
                spans.append(Span(len(note), len(note) + len(value), kinds[field.group(1)], "cue"))
                note += value
                position = field.end()
            note += template[position:]
        notes.append(note)
        placed.append(spans)
    return dictionary, notes, placed


def test_no_dictionary_identifier_survives(masker: Masker) -> None:
    """In synthetic notes every inserted name, phone number, MRN and date is masked."""
    dictionary, notes, placed = build_large_case(seed=11)
    ftm = FreeTextMasker(masker, dictionary)
    started = time.perf_counter()
    found_spans = [ftm.find(note) for note in notes]
    elapsed = time.perf_counter() - started
    for note, spans, inserted in zip(notes, found_spans, placed, strict=True):
        for identifier in inserted:
            covered = any(s.start <= identifier.start and identifier.end <= s.end for s in spans)
            assert covered, note[identifier.start : identifier.end]
        masked = ftm.mask(note, PLACEHOLDERS)
        assert "Tylenol 650 mg" in masked or "metformin 500 mg" in masked or "BP 132/84" in masked
    mean_length = sum(map(len, notes)) / len(notes)
    # Shown with pytest -s and not asserted, because the time depends on the machine.
    print(
        f"\nfree-text find: {elapsed / len(notes) * 1000:.2f} ms per note of "
        f"{mean_length:.0f} characters, {len(dictionary)} dictionary keys"
    )


def test_large_case_keeps_clinical_words(masker: Masker) -> None:
    """With 3,000 names stored, the clinical words of the notes survive."""
    dictionary, _, _ = build_large_case(seed=11)
    ftm = FreeTextMasker(masker, dictionary)
    text = NOTE_TEMPLATES[3] + "Will recheck. Hope to discharge. Mark the site. Grant pending."
    assert ftm.mask(text, PLACEHOLDERS) == text
