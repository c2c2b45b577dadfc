"""Detection of every Safe Harbor identifier kind in free text, with positive and negative cases.

Each kind gets text that must be found, with the span and kind expected, and text of the same
shape that must survive. The masker here has no dictionary, so everything must come from
patterns, cues and the name scan.
"""

from __future__ import annotations

import pytest

from phigate.masking import FreeTextMasker, Masker
from phigate.masking.identifiers import dea_check, luhn_check, vin_check
from phigate.masking.lexicon import WordClass, classify_word
from phigate.masking.names import NameScanner
from phigate.policy import MaskSpec, Operator, PhiKind

KEY = b"detection-test-key-0123456789abcdef-0123"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)


@pytest.fixture(scope="module")
def detector() -> FreeTextMasker:
    """A free-text masker without a dictionary."""
    return FreeTextMasker(Masker(KEY))


def spans(detector: FreeTextMasker, text: str) -> list[tuple[str, PhiKind]]:
    """Return the text and kind of every span found in ``text``."""
    return [(text[span.start : span.end], span.kind) for span in detector.find(text)]


def kinds(detector: FreeTextMasker, text: str) -> set[PhiKind]:
    """Return the kinds found in ``text``."""
    return {kind for _, kind in spans(detector, text)}


# --- names ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen with Teodora at bedside.", "Teodora"),
        ("Emergency contact: Oksana Petrenko.", "Oksana Petrenko"),
        ("Plan discussed with Kwabena Asante-Mensah today.", "Kwabena Asante-Mensah"),
        ("Patient: FLEMING, KAREN", "FLEMING"),
        ("Signed -- Diana\nHendricks, MD", "Diana\nHendricks"),
        ("Husband Michael Brown at bedside", "Michael Brown"),
        ("Sarah J. Lindgren will call back", "Sarah J. Lindgren"),
        ("Daughter Hope called about discharge.", "Hope"),
        ("Emergency contact Autumn Green (granddaughter).", "Autumn Green"),
        ("HPI: Green is a 69-year-old man", "Green"),
        ("PT IS A 91 YO M. WIFE DOLORES AT BEDSIDE.", "DOLORES"),
        ("Okafor's wound healed", "Okafor"),
        ("Seen by McAllister in clinic", "McAllister"),
        ("per Will Brown, no allergies", "Will Brown"),
    ],
)
def test_name_found(detector: FreeTextMasker, text: str, name: str) -> None:
    """Names the database does not hold are found by the scan and the cues."""
    assert (name, PhiKind.NAME) in spans(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Continue Lisinopril 20 mg daily.",
        "Tolerating diet. Ambulated in hallway with PT.",
        "Hope to discharge tomorrow.",
        "Will recheck BMP in AM.",
        "Brown sputum noted.",
        "HEENT: PERRL, EOMI. CV: RRR, no m/r/g. CTAB.",
        "Wells score 2, Foley catheter in place, Parkinson's disease.",
        "Follow up Monday or Tuesday.",
        "SpO2 95% RA, HbA1c 7.2, eGFR 55.",
        "DOE with one flight of stairs.",
        "Identity verified with DOB.",
    ],
)
def test_name_not_found(detector: FreeTextMasker, text: str) -> None:
    """Clinical words, name-like words at a sentence start and eponyms are not names."""
    assert PhiKind.NAME not in kinds(detector, text)


def test_name_title_case_abbreviation(detector: FreeTextMasker) -> None:
    """An abbreviation that is also a surname is safe only in capitals."""
    assert PhiKind.NAME not in kinds(detector, "DOE noted on exertion.")
    assert ("Jane Doe", PhiKind.NAME) in spans(detector, "Spoke with Jane Doe today.")


def test_name_last_first_split_at_comma(detector: FreeTextMasker) -> None:
    """A last-first name gives one span per part, as each part's column value does."""
    found = spans(detector, "Patient: OKONKWO, CHIDI seen")
    assert found == [("OKONKWO", PhiKind.NAME), ("CHIDI", PhiKind.NAME)]


def test_scanner_city_kind() -> None:
    """A run after "in" or before a state code is labeled a city."""
    text = "Lives in Hughesmouth. Moved from Baltimore, MD last year."
    found = [(text[s.start : s.end], s.kind) for s in NameScanner().find(text)]
    assert ("Hughesmouth", PhiKind.CITY) in found
    assert ("Baltimore", PhiKind.CITY) in found


def test_scanner_place_word_joins(detector: FreeTextMasker) -> None:
    """A place word right before a masked town name joins it."""
    assert ("North Maryborough", PhiKind.CITY) in spans(detector, "lives in North Maryborough")
    assert ("West Greg", PhiKind.CITY) in spans(detector, "clinic in West Greg")


# --- the word lists ---


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("tolerating", WordClass.SAFE),
        ("ambulated", WordClass.SAFE),
        ("controlled", WordClass.SAFE),
        ("symptoms", WordClass.SAFE),
        ("pancreatitis", WordClass.SAFE),
        ("rosuvastatin", WordClass.SAFE),
        ("hope", WordClass.NAME_LIKE),
        ("brooks", WordClass.NAME_LIKE),
        ("days", WordClass.SAFE),
        ("boyd", WordClass.UNKNOWN),
        ("carly", WordClass.UNKNOWN),
        ("morales", WordClass.UNKNOWN),
        ("colon", WordClass.NAME_LIKE),
        ("okonkwo", WordClass.UNKNOWN),
        ("manning", WordClass.UNKNOWN),
        ("caroline", WordClass.UNKNOWN),
        ("turner", WordClass.UNKNOWN),
    ],
)
def test_word_classes(word: str, expected: WordClass) -> None:
    """Inflections and clinical endings are safe; names stay unknown or name-like."""
    assert classify_word(word) == expected


# --- dates ---


@pytest.mark.parametrize(
    "date",
    [
        "03/14/1962",
        "2024-01-05",
        "2024-01-05T10:30:00Z",
        "March 14",
        "March 30, 2023",
        "14 Mar 2024",
        "12-Mar-2024",
        "3/14",
        "03/2024",
        "August 2023",
        "january 5",
        "Christmas Eve",
    ],
)
def test_date_found(detector: FreeTextMasker, date: str) -> None:
    """Every common written form of a date more specific than a year is found whole."""
    assert (date, PhiKind.DATE) in spans(detector, f"seen {date} in clinic")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Labs March 12: Hct 41.5", "March 12"),
        ("Sx began Sunday (1/9). No fever.", "1/9"),
        ("admitted on 3/4 with pain", "3/4"),
        ("DOB 19620314 on file", "19620314"),
        ("w/ GAD admitted 6/27 for pneumonia", "6/27"),
        ("Sx began Wednesday (8\nJan 2025).", "8\nJan 2025"),
    ],
)
def test_date_in_context(detector: FreeTextMasker, text: str, date: str) -> None:
    """Dates next to colons, after weekdays, with a label, or split over lines are found."""
    assert (date, PhiKind.DATE) in spans(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "BP 120/80 sitting",
        "pain 8/10 today",
        "GAD-7 15, PHQ-9 18",
        "MoCA 17/30",
        "temp 98.6, K 3.7",
        "took 1/2 tablet",
        "vision 20/30 both eyes",
        "smoked since 1998",
        "2/6 SEM at RUSB",
    ],
)
def test_date_not_found(detector: FreeTextMasker, text: str) -> None:
    """Ratios, scores, decimals, fractions and bare years are not dates."""
    assert PhiKind.DATE not in kinds(detector, text)


# --- ages ---


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("a 96 yo woman", "96"),
        ("PT IS A 91 YO M", "91"),
        ("93F with CHF", "93"),
        ("aged 90.", "90"),
    ],
)
def test_age_found(detector: FreeTextMasker, text: str, age: str) -> None:
    """Ages over 89 are found as the number alone."""
    assert (age, PhiKind.AGE) in spans(detector, text)


@pytest.mark.parametrize("text", ["a 67 yo man", "T 99 F orally", "glucose 110 mg/dL"])
def test_age_not_found(detector: FreeTextMasker, text: str) -> None:
    """Ages up to 89, temperatures and lab values are not ages."""
    assert PhiKind.AGE not in kinds(detector, text)


# --- contact details ---


@pytest.mark.parametrize(
    ("text", "phone", "kind"),
    [
        ("call (312) 555-0147 today", "(312) 555-0147", PhiKind.PHONE),
        ("call 1-555-201-3344 today", "1-555-201-3344", PhiKind.PHONE),
        ("Contact (744)\n438-1723.", "(744)\n438-1723", PhiKind.PHONE),
        ("fax 410-555-0188", "410-555-0188", PhiKind.FAX),
        ("Contact in France: +33 6 12 34 56 78.", "+33 6 12 34 56 78", PhiKind.PHONE),
        ("line 860-555-0105 x2", "860-555-0105 x2", PhiKind.PHONE),
        ("callback 201-3344 please", "201-3344", PhiKind.PHONE),
    ],
)
def test_phone_found(detector: FreeTextMasker, text: str, phone: str, kind: PhiKind) -> None:
    """Phone and fax numbers in US, split and international forms are found."""
    assert (phone, kind) in spans(detector, text)


@pytest.mark.parametrize("text", ["BP 150/88 HR 72", "range 24-26 mg", "dose 1.555.20"])
def test_phone_not_found(detector: FreeTextMasker, text: str) -> None:
    """Vitals, ranges and decimals are not phone numbers."""
    assert not kinds(detector, text) & {PhiKind.PHONE, PhiKind.FAX}


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("portal message from jwhitlock.art@gmail.com.", "jwhitlock.art@gmail.com"),
        ("write to j.doe [at] example [dot] org", "j.doe [at] example [dot] org"),
    ],
)
def test_email_found(detector: FreeTextMasker, text: str, address: str) -> None:
    """E-mail addresses, also written with [at] and [dot], are found."""
    assert (address, PhiKind.EMAIL) in spans(detector, text)


def test_email_not_found(detector: FreeTextMasker) -> None:
    """An @ without a domain is not an e-mail address."""
    assert PhiKind.EMAIL not in kinds(detector, "rate 3 @ 5 mL/h")


@pytest.mark.parametrize(
    "url",
    ["https://derm.examplehealth.org/cases/88213", "www.example.org/a", "portal.example.com/x"],
)
def test_url_found(detector: FreeTextMasker, url: str) -> None:
    """URLs with and without a scheme are found."""
    assert (url, PhiKind.URL) in spans(detector, f"See {url}.")


def test_url_not_found(detector: FreeTextMasker) -> None:
    """Dotted clinical text is not a URL."""
    assert PhiKind.URL not in kinds(detector, "Pt a.m. dose, q.i.d. dosing, vs. prior")


@pytest.mark.parametrize("address", ["203.0.113.45", "2001:db8::ff00:42:8329"])
def test_ip_found(detector: FreeTextMasker, address: str) -> None:
    """IPv4 and IPv6 addresses are found."""
    assert (address, PhiKind.IP_ADDRESS) in spans(detector, f"from IP {address} logged")


def test_ip_not_found(detector: FreeTextMasker) -> None:
    """Times and versions are not IP addresses."""
    assert PhiKind.IP_ADDRESS not in kinds(detector, "at 10:30:45, version 1.2.3")


# --- numbers with a label or a checksum ---


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("SSN 123-45-6789", "123-45-6789"),
        ("id 000-00-0000 given", "000-00-0000"),
        ("Social Security number 123 45 6789", "123 45 6789"),
        ("last 4 of SSN 6789", "6789"),
    ],
)
def test_ssn_found(detector: FreeTextMasker, text: str, identifier: str) -> None:
    """SSNs, including invalid ranges and the last four after a label, are found."""
    assert (identifier, PhiKind.SSN) in spans(detector, text)


def test_ssn_not_found(detector: FreeTextMasker) -> None:
    """A four-digit number without an SSN label is not an SSN."""
    assert PhiKind.SSN not in kinds(detector, "Plt 1234 today")


@pytest.mark.parametrize(
    ("text", "identifier", "kind"),
    [
        ("Acct# 3963521619", "3963521619", PhiKind.ACCOUNT),
        ("Insurance member ID HMC301365076 on file", "HMC301365076", PhiKind.HEALTH_PLAN),
        ("Medicaid ID CA-99120384", "CA-99120384", PhiKind.HEALTH_PLAN),
        ("Lic # A1234567 verified", "A1234567", PhiKind.LICENSE),
        ("pacemaker serial PJN123456Q", "PJN123456Q", PhiKind.DEVICE),
        ("implant lot 4481239", "4481239", PhiKind.DEVICE),
        ("plate 7ABC123 noted", "7ABC123", PhiKind.VEHICLE),
        ("DEA BA6134251", "BA6134251", PhiKind.LICENSE),
        ("prescriber BA6134251 signed", "BA6134251", PhiKind.LICENSE),
        ("car 1HGCM82633A004352 towed", "1HGCM82633A004352", PhiKind.VEHICLE),
        ("card 4111 1111 1111 1111", "4111 1111 1111 1111", PhiKind.ACCOUNT),
    ],
)
def test_labeled_id_found(
    detector: FreeTextMasker, text: str, identifier: str, kind: PhiKind
) -> None:
    """Ids after a label get the label's kind; DEA, VIN and card numbers pass a checksum."""
    assert (identifier, kind) in spans(detector, text)


@pytest.mark.parametrize("text", ["plan 2 weeks", "group therapy x3", "lot of pain, 250 mg"])
def test_labeled_id_not_found(detector: FreeTextMasker, text: str) -> None:
    """Label words without an id of five or more characters find nothing."""
    assert detector.find(text) == []


def test_long_number_fails_closed(detector: FreeTextMasker) -> None:
    """Seven digits in a row, or five among letters, are masked even without a label."""
    assert ("4471239", PhiKind.OTHER_ID) in spans(detector, "ref 4471239 sent")
    assert ("XK-55321", PhiKind.OTHER_ID) in spans(detector, "code XK-55321 given")
    assert detector.find("vitamin D 50000IU weekly") == []


def test_checksums() -> None:
    """The checksum helpers accept valid numbers and reject altered ones."""
    assert luhn_check("4111111111111111")
    assert not luhn_check("4111111111111112")
    assert dea_check("BA6134251")
    assert not dea_check("BA6134259")
    assert vin_check("1HGCM82633A004352")
    assert not vin_check("1HGCM82634A004352")
    assert not vin_check("12345678901234567")


@pytest.mark.parametrize(
    ("text", "identifier"),
    [("MRN: A-55321", "A-55321"), ("MR# 00482913", "00482913"), ("mrn is 88812345", "88812345")],
)
def test_mrn_found(detector: FreeTextMasker, text: str, identifier: str) -> None:
    """MRNs after an MRN label are found."""
    assert (identifier, PhiKind.MRN) in spans(detector, text)


def test_mrn_not_found(detector: FreeTextMasker) -> None:
    """An MRN label without an id, or inside a word, finds nothing."""
    assert detector.find("MRN: pending") == []
    assert PhiKind.MRN not in kinds(detector, "AMRN 1234 noted")


# --- places ---


@pytest.mark.parametrize(
    "address",
    [
        "1422 Larkspur Ln, Apt 5C",
        "139 Stevens\nPorts",
        "188 Michael Lock Apt.\n640",
        "2200 Pier Avenue, Suite 310",
        "PO Box 771",
        "6353 FOX RD",
    ],
)
def test_address_found(detector: FreeTextMasker, address: str) -> None:
    """Street lines with USPS suffixes, units, line breaks and PO boxes are found whole."""
    assert (address, PhiKind.ADDRESS) in spans(detector, f"lives at {address}, near town")


def test_street_without_number(detector: FreeTextMasker) -> None:
    """A street named without a house number after "on" is found."""
    assert ("Halsted Street", PhiKind.ADDRESS) in spans(detector, "pharmacy on Halsted Street")


@pytest.mark.parametrize("text", ["3 HEAD CT SCANS", "2/6 SEM AT RUSB\nEXT: WWP", "given 2 Tabs"])
def test_address_not_found(detector: FreeTextMasker, text: str) -> None:
    """Counts before clinical words are not street addresses."""
    assert PhiKind.ADDRESS not in kinds(detector, text)


@pytest.mark.parametrize(
    ("text", "zip_code"),
    [
        ("Towson, MD 21204", "21204"),
        ("Eureka CA\n95501", "95501"),
        ("Austin, Texas 78701", "78701"),
        ("zip 60614", "60614"),
        ("to 12 Elm St, Melissaville 43390.", "43390"),
    ],
)
def test_zip_found(detector: FreeTextMasker, text: str, zip_code: str) -> None:
    """ZIP codes after a state, the word ZIP or a found city are found."""
    assert (zip_code, PhiKind.ZIP) in spans(detector, text)


def test_zip_not_found(detector: FreeTextMasker) -> None:
    """Five-digit lab values are not ZIP codes."""
    assert PhiKind.ZIP not in kinds(detector, "WBC 12000, platelets 15000")


@pytest.mark.parametrize(
    "facility",
    [
        "Sharp Family Practice",
        "St. Elizabeth Medical\nCenter",
        "Annemouth Cardiology Associates",
        "ST. AGNES WOMEN'S HOSPITAL",
        "Lakeside Urgent Care",
    ],
)
def test_facility_found(detector: FreeTextMasker, facility: str) -> None:
    """Facility names ending in a head word are masked whole, as a place."""
    text = f"Seen at {facility} last week"
    assert any(
        found == facility and kind == PhiKind.ADDRESS for found, kind in spans(detector, text)
    )


@pytest.mark.parametrize(
    "text", ["Admitted to the hospital.", "General Hospital policy", "HOSPITAL COURSE: stable"]
)
def test_facility_not_found(detector: FreeTextMasker, text: str) -> None:
    """A head word with only safe words before it is not a facility name."""
    assert detector.find(text) == []


# --- a note with every kind ---


def test_note_masked_end_to_end(detector: FreeTextMasker) -> None:
    """A realistic note keeps its clinical content and loses every identifier."""
    note = (
        "Pt Okonkwo, 92 yo, seen 03/14/2024 at Riverbend Cardiology Associates. "
        "Daughter Ngozi (312) 555-0147, ngozi.o@example.net. Lives at 77 Wexford Road, "
        "Glastonbury, CT 06033. Continue metformin 500 mg BID; BP 132/84. Acct# 7730012451."
    )
    masked = detector.mask(note, PLACEHOLDERS)
    for identifier in ("Okonkwo", "92", "03/14", "Riverbend", "Ngozi", "555-0147", "example"):
        assert identifier not in masked
    for identifier in ("Wexford", "Glastonbury", "06033", "7730012451"):
        assert identifier not in masked
    for clinical in ("metformin 500 mg BID", "BP 132/84", "Continue", "Daughter"):
        assert clinical in masked


# --- forms found after the first held-out evaluation ---


@pytest.mark.parametrize(
    ("text", "identifier", "kind"),
    [
        ("pt's husband marisol called", "marisol", PhiKind.NAME),
        ("D. HUNTER, MD (INTERNAL MEDICINE)", "D. HUNTER", PhiKind.NAME),
        ("Seen at a clinic in New Heather on 3/3", "New Heather", PhiKind.CITY),
        ("Medicare ID 1EG4-TE5-MK73 on file", "1EG4-TE5-MK73", PhiKind.HEALTH_PLAN),
        ("Acct: HAR 7730012451", "HAR 7730012451", PhiKind.ACCOUNT),
        ("Walgreens on\nHalsted St, open late", "Halsted St", PhiKind.ADDRESS),
        ("S/P ERCP 5/28.", "5/28", PhiKind.DATE),
    ],
)
def test_generic_forms_found(
    detector: FreeTextMasker, text: str, identifier: str, kind: PhiKind
) -> None:
    """Lower-case relatives, names in capitals before credentials, towns named with
    name-like words, Medicare ids, coded account numbers and abbreviated streets are found."""
    assert (identifier, kind) in spans(detector, text)


@pytest.mark.parametrize(
    "text", ["her son is stable", "wife at bedside", "Visitor from France", "MBI pending"]
)
def test_generic_forms_not_found(detector: FreeTextMasker, text: str) -> None:
    """Ordinary words after relation words and country names are kept."""
    assert detector.find(text) == []


# --- rules added after the hand-written notes: lone months and days, short labeled ids ---


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Seen in October for follow-up.", ("October", PhiKind.DATE)),
        ("Moved here in May.", ("May", PhiKind.DATE)),
        ("SINCE MARCH THE COUGH IS WORSE", ("MARCH", PhiKind.DATE)),
        ("One fall without injury on the 9th.", ("the 9th", PhiKind.DATE)),
        ("Labs due by the 21st, then recheck.", ("the 21st", PhiKind.DATE)),
        ("Officer at bedside (badge 4471).", ("4471", PhiKind.LICENSE)),
        ("Member ID: 5521.", ("5521", PhiKind.HEALTH_PLAN)),
        ("Patient: BROWN, TIMOTHY", ("BROWN", PhiKind.NAME)),
        ("Patient: BROWN, TIMOTHY", ("TIMOTHY", PhiKind.NAME)),
        ("Frances visited on Sunday.", ("Frances", PhiKind.NAME)),
        ("Call light in reach.\n\nR. May, RN (Hospital", ("R. May", PhiKind.NAME)),
        ("Sx began Thursday\n(7/6). Reports", ("7/6", PhiKind.DATE)),
        ("HCP: husband Shaun Flowers, cell", ("Shaun Flowers", PhiKind.NAME)),
    ],
)
def test_added_rule_finds(detector: FreeTextMasker, text: str, found: tuple[str, PhiKind]) -> None:
    assert found in spans(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "May consider a statin next year.",
        "March in place for exercise.",
        "Room on the 5th floor.",
        "On the 3rd day of admission she improved.",
        "Visit 2 of 3; plan 2025 review; acct 12 open.",
        "Serial 12.5 mm nodules.",
        "GRACE, HOPE and FAITH are values on the poster.",
        "ECG, CXR and CBC normal.",
        "Travel to France last year.",
        "Take 1/2 tablet Thursday\nafter meals.",
    ],
)
def test_added_rule_keeps(detector: FreeTextMasker, text: str) -> None:
    assert spans(detector, text) == []


def test_english_word_after_name_joins(detector: FreeTextMasker) -> None:
    assert spans(detector, "Seen by Okafor Cardiology today") == [("Okafor", PhiKind.NAME)]
    assert spans(detector, "Called Teodora Monday to confirm.") == [("Teodora", PhiKind.NAME)]


def test_identifier_label_is_not_read_as_a_name(detector: FreeTextMasker) -> None:
    text = "Patient: Maria Lopez   MRN: 1234567"
    assert spans(detector, text) == [("Maria Lopez", PhiKind.NAME), ("1234567", PhiKind.MRN)]
