"""Forms that a new user's trial found kept, and clinical text of the same shapes that must stay.

Each positive case is a form from the trial's notes or probes. The negative cases next to it
have the same shape but hold no identifier.
"""

from __future__ import annotations

import pytest

from phigate.masking import FreeTextMasker, Masker
from phigate.policy import MaskSpec, Operator

KEY = b"trial-forms-key-0123456789abcdef-01234567"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)


@pytest.fixture(scope="module")
def masker() -> FreeTextMasker:
    """A free-text masker without a dictionary."""
    return FreeTextMasker(Masker(KEY))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("wife (joan) called x2.", "wife (<PERSON>) called x2."),
        ("also my daughter\nbridget can pick it up.", "also my daughter\n<PERSON> can pick it up."),
        ("report given to tasha RN at 1900.", "report given to <PERSON> RN at 1900."),
        ("this is doctor gonzales dictating", "this is doctor <PERSON> dictating"),
        ("seen by nurse ellie today.", "seen by nurse <PERSON> today."),
        ("hi dr x its mary ellen again.", "hi dr x its <PERSON> again."),
        ("dictating on anthony brooks medical", "dictating on <PERSON> medical"),
        ("Patient Name: jane qwerty", "Patient Name: <PERSON>"),
        ("Pt: qwerty, jane", "Pt: <PERSON>"),
        ("name=jane qwerty|dob", "name=<PERSON>|dob"),
        ("Signed: j. qwerty rn", "Signed: <PERSON> rn"),
        ('Pt states his name is "Bear".', 'Pt states his name is "<PERSON>".'),
        ("Pt goes by Sunny.", "Pt goes by <PERSON>."),
        ("Seen with resident JK.", "Seen with resident <PERSON>."),
        ("Seen with student A.M.. Pt well.", "Seen with student <PERSON>. Pt well."),
        ("Case discussed w/ LMP (attending).", "Case discussed w/ <PERSON> (attending)."),
    ],
)
def test_lower_case_names_after_cues(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "wife (at bedside) and daughter (pcp aware) called. son (hcp) updated.",
        "spoke with daughter\nregarding plan.",
        "son (will call back). daughter (may visit).",
        "nurse aware. nurse practitioner to see. doctor visit tomorrow.",
        "nurse navigator called. nurse educator. nurse liaison. nurse midwife.",
        "Pt: alert and oriented x3. Patient: pleasant, cooperative. Name: unknown.",
        "Signed: electronically. Pt: afebrile. pt: ambulating. Patient: same.",
        "it's unclear. its own. it's bilateral. dictating on behalf of dr.",
        "name is pending. Pt goes by wheelchair.",
        "discussed with attending MD and resident MD. fellow ICU. student nurse.",
        "ok per charge RN. primary RN aware. bedside RN notified. float RN. night RN.",
        "case discussed with GI (fellow) and ID (attending).",
        "LMP normal. Seen with resident. Intern MD aware.",
    ],
)
def test_clinical_text_after_cues_stays(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Grandmother lived to be 98.", "Grandmother lived to be <AGE>."),
        ("Mr. Young, 91, fell at home.", "Mr. <PERSON>, <AGE>, fell at home."),
        ("Walter Kowalczyk, 94, fell.", "<PERSON>, <AGE>, fell."),
        ("F, 92, with chest pain.", "F, <AGE>, with chest pain."),
        ("at 91 she still drives.", "at <AGE> she still drives."),
    ],
)
def test_ages_over_89_in_context(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Goal sat to be 92. needs to be 95 or more.",
        "HR at 92 bpm. SpO2 at 90, on RA.",
        "K, 94, rest. Na 138, 95, 96. BP, 94, HR 60. M, 95 kg.",
    ],
)
def test_numbers_near_age_words_stay(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail john dot smith at gmail dot com", "mail <EMAIL>"),
        ("mail mary dot k dot lee at yahoo dot com now", "mail <EMAIL> now"),
        ("ph#617|555|0123 today", "ph#<PHONE> today"),
        ("tel 617-555-O123 today", "tel <PHONE> today"),
        ("ph (617)5550123 today", "ph <PHONE> today"),
        ("Signal @lina.k.22 or text", "Signal <PHI> or text"),
        ("Flight: MedFlight tail N149BM.", "Flight: MedFlight tail <VEHICLE>."),
        ("tail number N149BM.", "tail number <VEHICLE>."),
        ("MA reg 8TR4K2 seen", "MA reg <VEHICLE> seen"),
        ("Gate code 4471#.", "Gate code <PHI>#."),
        ("lockbox 1234 on porch", "lockbox <PHI> on porch"),
        ("Officer Sgt. Dan Riley #2291.", "Officer Sgt. <PERSON> #<LICENSE>."),
    ],
)
def test_addresses_numbers_and_handles(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "BP 120|80|72 and scores 3|4|5.",
        "T2 signal 12 mm. signal: 4/5. increased signal 1234. signal abnormality.",
        "pancreatic tail 2.3 cm. tail of pancreas. tail 12 mm.",
        "reg insulin 10 units. NPH/reg 12 units. reg diet 1800 kcal.",
        "Gait steady. gate 12.",
        "Foley #16 placed. Room #1234. IPV #4 given. Fr #14.",
        "O2 2L NC, sat 98. lot 12-3.",
    ],
)
def test_number_shapes_without_ids_stay(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Vit D 22. Vit B12 low. Santyl to edges. Gleevec 400 mg. Integrilin gtt.",
        "Procedures: Whipple, Nissen fundoplication. essential tremor vs Parkinson.",
        "Yankauer suction. Mediport accessed. Glidescope used. Trilogy vent. Tandem pump.",
        "Takotsubo CM. Brugada pattern. Wenckebach noted. Roth spots. Wilms tumor.",
        "Barthel index 60. modified Rankin scale 2. Bristol stool type 6. Lawton IADL 5.",
        "Folstein MMSE 24. Dubowitz exam. Hamilton rating 12.",
        "Christmas disease. Hunt and Hess grade 3.",
        "Timeline: onset. Examiner: unknown. Funeral home called. Login attempts.",
        "Daycare: yes. Texts from mom. Maternal aunt. Grp 004471. Rec: PT.",
        "Device Clinic",
        "Insurance: Blue Health Plan.",
    ],
)
def test_clinical_terms_from_trial_stay(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Mr. Parkinson called.", "Mr. <PERSON> called."),
        ("Dr. Whipple operated.", "Dr. <PERSON> operated."),
        ("Son Tanner called.", "Son <PERSON> called."),
        ("Seen by Hamilton Okafor.", "Seen by <PERSON>."),
        ("Seen at Christmas.", "Seen at <DATE>."),
        ("Seen at Riverside Health.", "Seen at <ADDRESS>."),
    ],
)
def test_names_beside_trial_terms_masked(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Born '31 per family.", "Born <DATE> per family."),
        ("born in the spring of 1931.", "born in the spring of <DATE>."),
        ("dob 3 mar 31.", "dob <DATE>."),
        ("Lives alone at 88 Orchard Hill Rd today", "Lives alone at <ADDRESS> today"),
        ("Previous: Apt. 4, 310 Boylston today", "Previous: <ADDRESS> today"),
        ("Rural: HC 64 Box 22 today", "Rural: <ADDRESS> today"),
        ("RR 2 Box 15 today", "<ADDRESS> today"),
        ("works at the shop on pleasant st.", "works at the shop on <ADDRESS>"),
        ("vive en Calle Luna 14 ahora", "vive en <ADDRESS> ahora"),
        ("lives at 12 Rue de Rivoli now", "lives at <ADDRESS> now"),
        ("postcode GU1 4AA now", "postcode <ZIP> now"),
        ("pt from fall river, works", "pt from <CITY>, works"),
        ("he lives in new bedford.", "he lives in <CITY>."),
        ("Funeral home: Kaminski & Sons called", "Funeral home: <ADDRESS> called"),
        ("UDI (01)00889024181287(17)301231(10)64331882.", "UDI <DEVICE>."),
        ("filled at Walgreens #4471.", "filled at <ADDRESS>."),
        ("record number\n7 7 4 2 1 9 0 date", "record number\n<PHI> date"),
        ("call 6 1 7 5 5 5 0 1 2 3 now", "call <PHONE> now"),
        ("at five oh eight five five five zero one nine two.", "at <PHONE>."),
    ],
)
def test_dates_places_and_spoken_numbers(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Born '45. born in 1950. Seen in the spring of 2020.",
        "Unit 4, 310 Beds total. on ekg st. elevation. on tele st.",
        "CD4 5AB. T2 4AB. V1 2AV block.",
        "from home. from the ED. lives in a group home. from new onset afib.",
        "moved to assisted living. transferred from north campus. from bed to chair.",
        "pain from left hip. from fall risk. Christmas disease.",
        "Strength 5 5 5 5 5 5 5 5 bilaterally. reflexes 2 2 2 2. pills 1 2 3.",
        "one or two tabs. one two three four five six.",
        "Adm 12 units.",
    ],
)
def test_date_place_and_digit_shapes_stay(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []
