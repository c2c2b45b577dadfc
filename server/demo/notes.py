"""Clinical note writer for the synthetic data set, with an exact label for every identifier.

Each note is written piece by piece. Literal template text may pick up typos or capitals,
while identifiers are appended through `NoteWriter.phi`, which records a `NoteSpan`. Line
breaks are added later only by turning a space into a newline, so offsets never move and
only the span texts are refreshed.

The labels follow the HIPAA Safe Harbor identifiers and add facility names. They cover
person names (patient, relatives, staff), full or partial dates, MRNs, phone and fax
numbers, e-mail addresses, SSNs, street addresses, cities, ZIP codes and ages over 89.
URLs and account numbers are labelled too. Years on their own, weekdays, clock times,
states and ages up to 89 are written but not labelled. A title such as "Mr." or "Dr." is
outside the name span, and an age span covers the number only ("92" in "92-year-old").
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

SPAN_KINDS = frozenset(
    {
        "name",
        "date",
        "mrn",
        "phone",
        "email",
        "ssn",
        "address",
        "city",
        "zip",
        "age",
        "url",
        "account",
        "facility",
    }
)

NOTE_TYPES = (
    "progress note",
    "history and physical",
    "discharge summary",
    "telephone encounter",
    "consult",
    "nursing note",
    "emergency department note",
)

_MONTHS = (
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
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class NoteSpan:
    """Character span of one identifier in a note body, so that ``body[start:end] == text``."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class Relative:
    """Family member whom notes mention by name and phone. The database does not store them."""

    first_name: str
    last_name: str
    relation: str
    phone: str

    @property
    def full_name(self) -> str:
        """First and last name separated by a space."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Facility:
    """Clinic or hospital outside the demo hospital, with its address and main phone."""

    name: str
    street_address: str
    city: str
    state: str
    zip: str
    phone: str


@dataclass(frozen=True)
class Clinician:
    """Provider or nurse whom a note names, either on staff or at an outside facility."""

    first_name: str
    last_name: str
    credential: str
    specialty: str
    facility: Facility | None = None

    @property
    def full_name(self) -> str:
        """First and last name separated by a space."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class MedicationOrder:
    """Drug with its dose, route and frequency, as the medications table stores them."""

    drug_name: str
    dose: str
    route: str
    frequency: str

    def describe(self) -> str:
        """Return the order as a clinician writes it, e.g. ``lisinopril 20 mg PO daily``."""
        return f"{self.drug_name} {self.dose} {self.route} {self.frequency}"


@dataclass(frozen=True)
class Condition:
    """Chronic problem on a patient's problem list, with typical orders and plan phrases."""

    name: str
    abbreviation: str
    min_age: int
    sex: str | None
    specialty: str
    lab_panels: tuple[str, ...]
    medications: tuple[MedicationOrder, ...]
    plans: tuple[str, ...]
    max_age: int = 120


@dataclass(frozen=True)
class Complaint:
    """Acute reason for an encounter, with the HPI wording, orders and lab panels it brings."""

    reason: str
    symptom: str
    encounter_types: tuple[str, ...]
    min_age: int
    max_age: int
    lab_panels: tuple[str, ...]
    medications: tuple[MedicationOrder, ...]
    plan: str


@dataclass(frozen=True)
class Problem:
    """Condition of one patient and the orders that patient takes for it."""

    condition: Condition
    medications: tuple[MedicationOrder, ...]


@dataclass(frozen=True)
class LabObservation:
    """Lab result as a note quotes it: short name, formatted value, unit and flag."""

    short_name: str
    value: str
    unit: str
    flag: str | None


@dataclass(frozen=True)
class NotePatient:
    """Everything about a patient that a note may quote."""

    first_name: str
    last_name: str
    sex: str
    date_of_birth: date
    mrn: str
    ssn: str
    phone: str
    email: str
    street_address: str
    city: str
    state: str
    zip: str
    relatives: tuple[Relative, ...]
    problems: tuple[Problem, ...]
    allergies: str
    account_number: str
    member_id: str


@dataclass(frozen=True)
class StaffPools:
    """People and places that notes mention besides the patient and the author."""

    nurses: tuple[Clinician, ...]
    outside_doctors: tuple[Clinician, ...]
    colleagues: tuple[Clinician, ...]


@dataclass(frozen=True)
class NoteRequest:
    """Inputs for one note: its type and date, the patient, the encounter and the author."""

    note_type: str
    note_date: date
    patient: NotePatient
    encounter_type: str
    encounter_date: date
    discharge_date: date | None
    reason: str
    complaint: Complaint | None
    department: str
    author: Clinician
    labs: tuple[LabObservation, ...]
    staff: StaffPools


def _order(drug: str, dose: str, route: str, frequency: str) -> MedicationOrder:
    return MedicationOrder(drug, dose, route, frequency)


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        name="hypertension",
        abbreviation="HTN",
        min_age=25,
        sex=None,
        specialty="Cardiology",
        lab_panels=("bmp",),
        medications=(
            _order("lisinopril", "20 mg", "PO", "daily"),
            _order("amlodipine", "5 mg", "PO", "daily"),
            _order("hydrochlorothiazide", "25 mg", "PO", "daily"),
            _order("losartan", "50 mg", "PO", "daily"),
        ),
        plans=(
            "BP above goal today, increase {med}. Low-Na diet reviewed.",
            "home BP log reviewed, mostly 120s-130s systolic. Continue {med}.",
            "well controlled on {med}, no changes.",
            "BP borderline, recheck at next visit, cont {med}.",
        ),
    ),
    Condition(
        name="type 2 diabetes mellitus",
        abbreviation="T2DM",
        min_age=30,
        sex=None,
        specialty="Endocrinology",
        lab_panels=("a1c", "bmp"),
        medications=(
            _order("metformin", "1000 mg", "PO", "BID"),
            _order("metformin", "500 mg", "PO", "BID"),
            _order("insulin glargine", "20 units", "SC", "qHS"),
            _order("empagliflozin", "10 mg", "PO", "daily"),
        ),
        plans=(
            "A1c trending up, titrate {med}. Diabetic foot exam done, monofilament intact.",
            "glucose log reviewed, fasting 110-160. Continue {med}. Ophtho referral placed.",
            "hypoglycemia x2 last month, reduce {med} and recheck in 2 wks.",
            "at goal, cont {med}, annual urine microalbumin ordered.",
        ),
    ),
    Condition(
        name="hyperlipidemia",
        abbreviation="HLD",
        min_age=30,
        sex=None,
        specialty="Cardiology",
        lab_panels=("lipid",),
        medications=(
            _order("atorvastatin", "40 mg", "PO", "qHS"),
            _order("rosuvastatin", "10 mg", "PO", "daily"),
        ),
        plans=(
            "LDL not at goal, increase {med}.",
            "tolerating {med} without myalgias, continue.",
            "lipid panel due, ordered. Continue {med}.",
        ),
    ),
    Condition(
        name="heart failure with reduced ejection fraction",
        abbreviation="HFrEF",
        min_age=45,
        sex=None,
        specialty="Cardiology",
        lab_panels=("bnp", "bmp"),
        medications=(
            _order("furosemide", "40 mg", "PO", "daily"),
            _order("carvedilol", "12.5 mg", "PO", "BID"),
            _order("sacubitril-valsartan", "24-26 mg", "PO", "BID"),
        ),
        plans=(
            "euvolemic on exam, daily wts stable. Continue {med}.",
            "wt up 3 lb this week, increase {med} x3 days then resume usual dose.",
            "EF 30% on last echo. Cont GDMT incl {med}; 2 g Na restriction, 1.5 L fluid limit.",
        ),
    ),
    Condition(
        name="chronic obstructive pulmonary disease",
        abbreviation="COPD",
        min_age=45,
        sex=None,
        specialty="Pulmonology",
        lab_panels=(),
        medications=(
            _order("tiotropium", "18 mcg", "INH", "daily"),
            _order("albuterol HFA", "2 puffs", "INH", "q4h PRN"),
        ),
        plans=(
            "stable, using rescue inhaler 1-2x/wk. Continue {med}.",
            "PFTs ordered, smoking cessation counseling >3 min.",
            "sats 92% RA at rest, no home O2 needed for now. Cont {med}.",
        ),
    ),
    Condition(
        name="asthma",
        abbreviation="asthma",
        min_age=3,
        sex=None,
        specialty="Pulmonology",
        lab_panels=(),
        medications=(
            _order("fluticasone HFA", "110 mcg 2 puffs", "INH", "BID"),
            _order("albuterol HFA", "2 puffs", "INH", "q4h PRN"),
        ),
        plans=(
            "mild persistent, well controlled on {med}. Asthma action plan updated.",
            "night sx 2x/mo, step up to {med}. Spacer technique reviewed.",
        ),
    ),
    Condition(
        name="atrial fibrillation",
        abbreviation="AFib",
        min_age=50,
        sex=None,
        specialty="Cardiology",
        lab_panels=("cbc",),
        medications=(
            _order("apixaban", "5 mg", "PO", "BID"),
            _order("metoprolol tartrate", "25 mg", "PO", "BID"),
            _order("diltiazem ER", "180 mg", "PO", "daily"),
        ),
        plans=(
            "rate controlled, in AF on ECG today. CHA2DS2-VASc 4, continue {med}.",
            "no bleeding on {med}. Rate 70s.",
            "paroxysmal, sx-free since last visit. Cont {med}.",
        ),
    ),
    Condition(
        name="chronic kidney disease stage 3",
        abbreviation="CKD 3",
        min_age=40,
        sex=None,
        specialty="Nephrology",
        lab_panels=("bmp",),
        medications=(_order("sodium bicarbonate", "650 mg", "PO", "BID"),),
        plans=(
            "Cr stable vs prior, avoid NSAIDs. Renally dose meds.",
            "eGFR 41, recheck BMP in 3 mo. Nephrology f/u scheduled.",
        ),
    ),
    Condition(
        name="hypothyroidism",
        abbreviation="hypothyroidism",
        min_age=18,
        sex=None,
        specialty="Endocrinology",
        lab_panels=("tsh",),
        medications=(
            _order("levothyroxine", "75 mcg", "PO", "daily"),
            _order("levothyroxine", "50 mcg", "PO", "daily"),
        ),
        plans=(
            "TSH in range, continue {med}.",
            "TSH elevated, increase {med}, recheck 6 wks.",
            "takes {med} with coffee, counseled to take on empty stomach.",
        ),
    ),
    Condition(
        name="major depressive disorder",
        abbreviation="MDD",
        min_age=12,
        sex=None,
        specialty="Psychiatry",
        lab_panels=(),
        medications=(
            _order("sertraline", "50 mg", "PO", "daily"),
            _order("escitalopram", "10 mg", "PO", "daily"),
            _order("bupropion XL", "150 mg", "PO", "qAM"),
        ),
        plans=(
            "PHQ-9 today 8, improved from 14. Continue {med}, therapy q2wk.",
            "denies SI/HI. Mood better on {med}.",
            "sleep still poor, continue {med} and add CBT-I referral.",
        ),
    ),
    Condition(
        name="gastroesophageal reflux disease",
        abbreviation="GERD",
        min_age=16,
        sex=None,
        specialty="Internal Medicine",
        lab_panels=(),
        medications=(
            _order("omeprazole", "20 mg", "PO", "daily"),
            _order("pantoprazole", "40 mg", "PO", "daily"),
        ),
        plans=(
            "sx controlled on {med}, discussed step-down trial.",
            "breakthrough heartburn at night, elevate HOB, continue {med}.",
        ),
    ),
    Condition(
        name="osteoarthritis of the knee",
        abbreviation="OA",
        min_age=45,
        sex=None,
        specialty="Orthopedics",
        lab_panels=(),
        medications=(
            _order("acetaminophen", "650 mg", "PO", "q6h PRN"),
            _order("meloxicam", "7.5 mg", "PO", "daily"),
            _order("diclofenac 1% gel", "4 g", "topical", "QID"),
        ),
        plans=(
            "R knee pain worse w/ stairs. Continue {med}, PT referral.",
            "declines steroid injection for now, cont {med}.",
        ),
    ),
    Condition(
        name="Alzheimer dementia",
        abbreviation="dementia",
        min_age=65,
        sex=None,
        specialty="Neurology",
        lab_panels=(),
        medications=(
            _order("donepezil", "10 mg", "PO", "qHS"),
            _order("memantine", "10 mg", "PO", "BID"),
        ),
        plans=(
            "MoCA 17/30, declined from 20. Cont {med}, home safety eval.",
            "family reports more sundowning, cont {med}, avoid benzos.",
        ),
    ),
    Condition(
        name="benign prostatic hyperplasia",
        abbreviation="BPH",
        min_age=50,
        sex="M",
        specialty="Internal Medicine",
        lab_panels=(),
        medications=(
            _order("tamsulosin", "0.4 mg", "PO", "qHS"),
            _order("finasteride", "5 mg", "PO", "daily"),
        ),
        plans=("nocturia x2, improved on {med}.", "PVR 90 mL, continue {med}."),
    ),
    Condition(
        name="attention-deficit/hyperactivity disorder",
        abbreviation="ADHD",
        min_age=6,
        max_age=21,
        sex=None,
        specialty="Psychiatry",
        lab_panels=(),
        medications=(_order("methylphenidate ER", "18 mg", "PO", "qAM"),),
        plans=(
            "school performance improved on {med}, appetite ok, wt stable.",
            "teacher Vanderbilt forms reviewed, continue {med}.",
        ),
    ),
    Condition(
        name="generalized anxiety disorder",
        abbreviation="GAD",
        min_age=12,
        sex=None,
        specialty="Psychiatry",
        lab_panels=(),
        medications=(
            _order("buspirone", "10 mg", "PO", "BID"),
            _order("sertraline", "25 mg", "PO", "daily"),
        ),
        plans=(
            "GAD-7 11, continue {med}, referred to behavioral health.",
            "panic episodes less frequent on {med}.",
        ),
    ),
    Condition(
        name="iron deficiency anemia",
        abbreviation="IDA",
        min_age=12,
        sex=None,
        specialty="Internal Medicine",
        lab_panels=("cbc",),
        medications=(_order("ferrous sulfate", "325 mg", "PO", "daily"),),
        plans=(
            "Hgb improving on {med}. Colonoscopy referral if no other source.",
            "GI upset with {med}, switch to every other day dosing.",
        ),
    ),
    Condition(
        name="atopic dermatitis",
        abbreviation="eczema",
        min_age=0,
        max_age=40,
        sex=None,
        specialty="Pediatrics",
        lab_panels=(),
        medications=(
            _order("triamcinolone 0.1% cream", "thin layer", "topical", "BID"),
            _order("hydrocortisone 2.5% ointment", "thin layer", "topical", "BID"),
        ),
        plans=(
            "flares in winter, emollients BID, {med} to affected areas x7 days.",
            "improved, skin care routine reviewed with family, {med} PRN.",
        ),
    ),
)


COMPLAINTS: tuple[Complaint, ...] = (
    Complaint(
        reason="chest pain",
        symptom="substernal chest pressure radiating to the L arm, worse w/ exertion",
        encounter_types=("emergency", "inpatient"),
        min_age=30,
        max_age=120,
        lab_panels=("bmp", "cbc", "troponin"),
        medications=(
            _order("aspirin", "325 mg", "PO", "once"),
            _order("nitroglycerin", "0.4 mg", "SL", "q5min PRN"),
        ),
        plan="serial troponins, ECG w/o acute ST changes, stress test if neg.",
    ),
    Complaint(
        reason="shortness of breath",
        symptom="progressive SOB and orthopnea, now 3 pillows, + LE swelling",
        encounter_types=("emergency", "inpatient"),
        min_age=40,
        max_age=120,
        lab_panels=("bmp", "cbc", "bnp"),
        medications=(_order("furosemide", "40 mg", "IV", "BID"),),
        plan="IV diuresis, strict I/Os, daily wts, echo.",
    ),
    Complaint(
        reason="community-acquired pneumonia",
        symptom="productive cough with green sputum, fevers to 101.8 and chills",
        encounter_types=("emergency", "inpatient"),
        min_age=18,
        max_age=120,
        lab_panels=("bmp", "cbc", "lactate"),
        medications=(
            _order("ceftriaxone", "1 g", "IV", "daily"),
            _order("azithromycin", "500 mg", "PO", "daily"),
        ),
        plan="CXR w/ RLL infiltrate. Ceftriaxone + azithro, blood cx pending.",
    ),
    Complaint(
        reason="urinary tract infection",
        symptom="dysuria, frequency and suprapubic pain x3 days",
        encounter_types=("outpatient", "emergency", "telehealth"),
        min_age=16,
        max_age=120,
        lab_panels=("ua",),
        medications=(_order("nitrofurantoin", "100 mg", "PO", "BID"),),
        plan="UA w/ + LE and nitrites, nitrofurantoin x5 days, cx sent.",
    ),
    Complaint(
        reason="cellulitis of left lower leg",
        symptom="spreading redness and warmth of the L shin, tender, no drainage",
        encounter_types=("outpatient", "emergency", "inpatient"),
        min_age=18,
        max_age=120,
        lab_panels=("cbc",),
        medications=(_order("cephalexin", "500 mg", "PO", "QID"),),
        plan="border marked w/ pen, cephalexin x7 days, elevate leg.",
    ),
    Complaint(
        reason="fall at home",
        symptom="mechanical fall getting out of bed, + head strike, no LOC",
        encounter_types=("emergency", "inpatient"),
        min_age=65,
        max_age=120,
        lab_panels=("bmp", "cbc"),
        medications=(_order("acetaminophen", "1000 mg", "PO", "q8h"),),
        plan="CT head neg. PT/OT eval, home safety assessment.",
    ),
    Complaint(
        reason="abdominal pain",
        symptom="crampy RLQ abd pain since last night with nausea, no emesis",
        encounter_types=("emergency", "outpatient"),
        min_age=8,
        max_age=120,
        lab_panels=("bmp", "cbc"),
        medications=(_order("ondansetron", "4 mg", "IV", "q6h PRN"),),
        plan="CT A/P ordered, NPO for now, surgery aware.",
    ),
    Complaint(
        reason="COPD exacerbation",
        symptom="increased wheezing and sputum, using albuterol q2h",
        encounter_types=("emergency", "inpatient"),
        min_age=45,
        max_age=120,
        lab_panels=("bmp", "cbc"),
        medications=(
            _order("prednisone", "40 mg", "PO", "daily"),
            _order("ipratropium-albuterol", "3 mL", "NEB", "q6h"),
        ),
        plan="prednisone 40 x5 days, duonebs, wean O2 to keep sats 88-92%.",
    ),
    Complaint(
        reason="sepsis due to urinary tract infection",
        symptom="fever, rigors and confusion per family, hypotensive in triage",
        encounter_types=("inpatient",),
        min_age=50,
        max_age=120,
        lab_panels=("bmp", "cbc", "lactate"),
        medications=(_order("piperacillin-tazobactam", "4.5 g", "IV", "q8h"),),
        plan="30 mL/kg fluid bolus, broad-spectrum abx, lactate repeat in 2h.",
    ),
    Complaint(
        reason="acute otitis media",
        symptom="ear pulling and fever, fussy overnight",
        encounter_types=("outpatient", "telehealth"),
        min_age=0,
        max_age=10,
        lab_panels=(),
        medications=(_order("amoxicillin", "400 mg/5 mL 5 mL", "PO", "BID"),),
        plan="amoxicillin x10 days, tylenol/motrin for fever, return if not better 48-72h.",
    ),
    Complaint(
        reason="fever",
        symptom="fever to 102 at home x2 days with cough and runny nose",
        encounter_types=("outpatient", "emergency", "telehealth"),
        min_age=0,
        max_age=120,
        lab_panels=("cbc",),
        medications=(_order("acetaminophen", "15 mg/kg", "PO", "q6h PRN"),),
        plan="likely viral URI, supportive care, push fluids.",
    ),
    Complaint(
        reason="low back pain",
        symptom="low back pain after lifting boxes, no saddle anesthesia, no bowel/bladder sx",
        encounter_types=("outpatient", "telehealth", "emergency"),
        min_age=18,
        max_age=120,
        lab_panels=(),
        medications=(_order("ibuprofen", "600 mg", "PO", "q8h PRN"),),
        plan="no red flags, NSAIDs, heat, PT if not improved in 4-6 wks.",
    ),
    Complaint(
        reason="headache",
        symptom="bifrontal HA, throbbing, photophobia, similar to prior migraines",
        encounter_types=("outpatient", "emergency", "telehealth"),
        min_age=10,
        max_age=120,
        lab_panels=(),
        medications=(_order("sumatriptan", "50 mg", "PO", "once PRN"),),
        plan="neuro exam nonfocal, sumatriptan PRN, HA diary.",
    ),
)


@dataclass(frozen=True)
class Phi:
    """Identifier value for a `NoteWriter.say` template field, with its span kind."""

    kind: str
    text: str


_Field = str | Phi


class NoteWriter:
    """Append text to a note body and record a `NoteSpan` for every identifier."""

    def __init__(self, rng: random.Random, *, capitals: bool = False, typo_rate: float = 0.0):
        self._rng = rng
        self._parts: list[str] = []
        self._length = 0
        self._capitals = capitals
        self._typo_rate = typo_rate
        self.spans: list[NoteSpan] = []

    @property
    def length(self) -> int:
        """Number of characters written so far."""
        return self._length

    def text(self, value: str) -> None:
        """Append template text, which may get typos or capitals."""
        if self._typo_rate > 0.0:
            value = _add_typos(value, self._rng, self._typo_rate)
        self._append(value.upper() if self._capitals else value)

    def phi(self, kind: str, value: str) -> None:
        """Append an identifier and record its span."""
        if self._capitals:
            value = value.upper()
        start = self._length
        self._append(value)
        self.spans.append(NoteSpan(start, self._length, kind, value))

    def say(self, template: str, **fields: _Field) -> None:
        """Append a ``str.format`` template, recording a span for each `Phi` field.

        Fields are inserted as given, so format specs and conversions are ignored.
        """
        for literal, field_name, _spec, _conversion in _FORMATTER.parse(template):
            if literal:
                self.text(literal)
            if field_name is None:
                continue
            value = fields[field_name]
            if isinstance(value, Phi):
                self.phi(value.kind, value.text)
            else:
                self._append(value.upper() if self._capitals else value)

    @contextmanager
    def capitals(self) -> Iterator[None]:
        """Write everything inside the block in capital letters."""
        previous = self._capitals
        self._capitals = True
        try:
            yield
        finally:
            self._capitals = previous

    def body(self) -> str:
        """Return the note text written so far."""
        return "".join(self._parts)

    def _append(self, value: str) -> None:
        self._parts.append(value)
        self._length += len(value)


_MISSPELLINGS = {
    "patient": "pateint",
    "received": "recieved",
    "discussed": "dicussed",
    "tomorrow": "tommorow",
    "history": "hsitory",
    "medications": "medicaitons",
    "denies": "denys",
    "symptoms": "symtoms",
    "family": "famliy",
    "appointment": "appointmnet",
    "continue": "contineu",
    "weakness": "weakenss",
}
_WORD = re.compile(r"[A-Za-z]{5,}")


def _add_typos(text: str, rng: random.Random, rate: float) -> str:
    """Misspell some words of five letters or more, as hurried typing does."""

    def misspell(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= rate:
            return word
        known = _MISSPELLINGS.get(word.lower())
        if known is not None and word.islower():
            return known
        position = rng.randrange(1, len(word) - 2)
        if rng.random() < 0.5:
            return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        return word[:position] + word[position + 1 :]

    return _WORD.sub(misspell, text)


def format_date(value: date, style: str) -> str:
    """Write a date in one of `DATE_STYLES`, e.g. style ``"month_day"`` gives ``March 14``."""
    month = _MONTHS[value.month - 1]
    if style == "mdy_padded":
        return f"{value.month:02d}/{value.day:02d}/{value.year}"
    if style == "iso":
        return value.isoformat()
    if style == "month_day":
        return f"{month} {value.day}"
    if style == "month_day_year":
        return f"{month} {value.day}, {value.year}"
    if style == "day_month_year":
        return f"{value.day} {month[:3]} {value.year}"
    if style == "month_slash_day":
        return f"{value.month}/{value.day}"
    if style == "mdy_short":
        return f"{value.month}/{value.day}/{value.year % 100:02d}"
    if style == "mdy":
        return f"{value.month}/{value.day}/{value.year}"
    raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(DATE_STYLES)}")


DATE_STYLES = (
    "mdy_padded",
    "iso",
    "month_day",
    "month_day_year",
    "day_month_year",
    "month_slash_day",
    "mdy_short",
    "mdy",
)
_HEADER_DATE_STYLES = ("mdy_padded", "iso", "mdy")
_AGE_SUFFIXES = (" yo", " y/o", "-year-old", "yo", " year old", " yo")


def age_in_years(born: date, on: date) -> int:
    """Return the age in completed years on a given day."""
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - int(before_birthday)


class _Note:
    """State of one note being written: the request, the writer and per-note choices."""

    def __init__(self, request: NoteRequest, rng: random.Random, writer: NoteWriter) -> None:
        self.request = request
        self.patient = request.patient
        self.rng = rng
        self.writer = writer
        self.age = age_in_years(request.patient.date_of_birth, request.note_date)
        self.sex_word = "male" if request.patient.sex == "M" else "female"
        self.title = "Mr." if request.patient.sex == "M" else "Ms."

    def date_field(self, value: date, styles: Sequence[str] = DATE_STYLES) -> Phi:
        return Phi("date", format_date(value, self.rng.choice(styles)))

    def patient_name(self) -> Phi:
        """Pick one of the ways notes refer to the patient by name."""
        patient = self.patient
        form = self.rng.random()
        if form < 0.4:
            return Phi("name", f"{patient.first_name} {patient.last_name}")
        if form < 0.7:
            return Phi("name", patient.last_name)
        return Phi("name", patient.first_name)

    def age_phrase(self, suffixes: Sequence[str] = _AGE_SUFFIXES) -> tuple[_Field, str]:
        """Return the age number and its suffix, e.g. ``(Phi("age", "92"), "-year-old")``.

        Only ages over 89 are identifiers under HIPAA Safe Harbor, so only those get a span.
        """
        if self.age < 2:
            months = max(1, (self.request.note_date - self.patient.date_of_birth).days // 30)
            return str(months), "-month-old"
        number: _Field = Phi("age", str(self.age)) if self.age > 89 else str(self.age)
        return number, self.rng.choice(suffixes)

    def relative(self) -> Relative | None:
        relatives = self.patient.relatives
        return self.rng.choice(relatives) if relatives else None

    def problem_list(self) -> str:
        problems = self.patient.problems
        if not problems:
            return "no significant PMH"
        return ", ".join(problem.condition.abbreviation for problem in problems)

    def medication_list(self) -> list[str]:
        return [
            order.describe() for problem in self.patient.problems for order in problem.medications
        ]

    def nurse(self) -> Clinician:
        return self.rng.choice(self.request.staff.nurses)

    def outside_doctor(self) -> Clinician:
        return self.rng.choice(self.request.staff.outside_doctors)

    def colleague(self) -> Clinician:
        """Pick an in-house physician other than the author."""
        colleagues = [c for c in self.request.staff.colleagues if c != self.request.author]
        return self.rng.choice(colleagues or self.request.staff.colleagues)

    def earlier_date(self, low: int, high: int) -> date:
        return self.request.note_date - timedelta(days=self.rng.randint(low, high))

    def later_date(self, low: int, high: int) -> date:
        return self.request.note_date + timedelta(days=self.rng.randint(low, high))


# Section writers. Each appends whole lines to the note, possibly none.


def _header(note: _Note, title: str) -> None:
    w, patient, rng = note.writer, note.patient, note.rng
    form = rng.randrange(4)
    if form == 0:
        with w.capitals():
            w.text(f"{title}\n")
        w.say(
            "Patient: {name}    MRN: {mrn}\nDOB: {dob}    Date of service: {dos}\n\n",
            name=Phi("name", f"{patient.last_name.upper()}, {patient.first_name.upper()}"),
            mrn=Phi("mrn", patient.mrn),
            dob=note.date_field(patient.date_of_birth, _HEADER_DATE_STYLES),
            dos=note.date_field(note.request.note_date, _HEADER_DATE_STYLES),
        )
    elif form == 1:
        w.say(
            "{title} - {dos}\n{name} ({mrn})\n\n",
            title=title,
            dos=note.date_field(note.request.note_date, _HEADER_DATE_STYLES),
            name=Phi("name", f"{patient.first_name} {patient.last_name}"),
            mrn=Phi("mrn", patient.mrn),
        )
    elif form == 2:
        w.say(
            "Pt name: {name}  DOB {dob}  {mrn}\nAcct# {account}\n",
            name=Phi("name", f"{patient.first_name} {patient.last_name}"),
            dob=note.date_field(patient.date_of_birth, _HEADER_DATE_STYLES),
            mrn=Phi("mrn", patient.mrn),
            account=Phi("account", patient.account_number),
        )
    # form 3 has no header, as in notes typed straight into a free-text box.


def _intro(note: _Note, complaint_text: str) -> None:
    age, suffix = note.age_phrase()
    sex = note.rng.choice((note.sex_word, note.patient.sex))
    note.writer.say(
        "{age}{suffix} {sex} w/ PMH of {pmh} who presents c/o {complaint}.\n",
        age=age,
        suffix=suffix,
        sex=sex,
        pmh=note.problem_list(),
        complaint=complaint_text,
    )


def _complaint_text(note: _Note) -> str:
    complaint = note.request.complaint
    if complaint is not None:
        return complaint.symptom
    reason = note.request.reason
    if reason.startswith("follow-up "):
        return f"routine f/u of {reason.removeprefix('follow-up ')}"
    if note.patient.problems:
        problem = note.rng.choice(note.patient.problems)
        return f"routine f/u of {problem.condition.name}"
    return "well visit, no acute concerns"


def _hpi_details(note: _Note) -> None:
    w, rng = note.writer, note.rng
    onset = note.earlier_date(1, 6)
    w.say(
        "Sx began {weekday} ({onset}). ",
        weekday=_WEEKDAYS[onset.weekday()],
        onset=note.date_field(onset),
    )
    w.text(
        rng.choice(
            (
                "Denies fevers, chills, CP. ",
                "Reports poor sleep and decreased appetite. ",
                "No recent travel or sick contacts. ",
                "Took OTC ibuprofen w/ minimal relief. ",
                "Symptoms are intermittent, worse in the evening. ",
            )
        )
    )
    relative = note.relative()
    if relative is not None and rng.random() < 0.6:
        w.say(
            "Hx obtained from pt and {relation} {name}, who is at bedside. ",
            relation=relative.relation,
            name=Phi("name", rng.choice((relative.full_name, relative.first_name))),
        )
    if rng.random() < 0.45:
        doctor = note.outside_doctor()
        facility = doctor.facility
        if facility is not None:
            w.say(
                "Seen at {facility} in {city} on {visit} by Dr. {doctor}, started on {drug}. ",
                facility=Phi("facility", facility.name),
                city=Phi("city", facility.city),
                visit=note.date_field(note.earlier_date(7, 60)),
                doctor=Phi("name", doctor.last_name),
                drug=rng.choice(("prednisone", "amoxicillin", "an inhaler", "a new BP med")),
            )
    w.text("\n")


def _medications(note: _Note, heading: str = "Meds") -> None:
    medications = note.medication_list()
    if not medications:
        note.writer.text(f"{heading}: none\n")
        return
    if note.rng.random() < 0.5:
        note.writer.say("{heading}: {items}\n", heading=heading, items=", ".join(medications))
        return
    note.writer.text(f"{heading}:\n")
    for medication in medications:
        note.writer.say("- {item}\n", item=medication)


def _vitals(note: _Note) -> None:
    rng = note.rng
    child = note.age < 12
    systolic = rng.randint(90, 115) if child else rng.randint(100, 172)
    diastolic = rng.randint(50, 75) if child else rng.randint(58, 98)
    heart_rate = rng.randint(80, 135) if child else rng.randint(52, 112)
    respiratory_rate = rng.randint(18, 30) if child else rng.randint(12, 22)
    temperature = round(rng.uniform(97.2, 101.6), 1)
    saturation = rng.randint(89, 100)
    weight = (
        round(3.5 + note.age * 3.0 + rng.uniform(-1, 4), 1)
        if child
        else round(rng.uniform(48, 131), 1)
    )

    form = rng.randrange(3)
    if form == 0:
        text = (
            f"Vitals: BP {systolic}/{diastolic} | HR {heart_rate} | RR {respiratory_rate} | "
            f"T {temperature} F | SpO2 {saturation}% RA | Wt {weight} kg\n"
        )
    elif form == 1:
        celsius = round((temperature - 32) * 5 / 9, 1)
        text = (
            f"VS: T {celsius}C P {heart_rate} BP {systolic}/{diastolic} RR {respiratory_rate} "
            f"O2 sat {saturation}% on RA\n"
        )
    else:
        text = (
            f"BP {systolic}/{diastolic}, HR {heart_rate}, RR {respiratory_rate}, "
            f"temp {temperature}, sat {saturation}%, wt {weight} kg\n"
        )
    # A field, unlike template text, never gets typos, so the numbers stay readable.
    note.writer.say("{vitals}", vitals=text)


_EXAM_LINES = (
    (
        "Gen: NAD, A&Ox3",
        "Gen: pleasant, conversant, mildly uncomfortable",
        "Gen: elderly, frail appearing, in no acute distress",
    ),
    ("HEENT: MMM, OP clear", "HEENT: TMs clear bilat, no LAD", "HEENT: PERRL, EOMI"),
    ("CV: RRR, no m/r/g", "CV: irregularly irregular, no murmur", "CV: RRR, 2/6 SEM at RUSB"),
    ("Lungs: CTAB", "Lungs: bibasilar crackles", "Lungs: diffuse exp wheezes, no retractions"),
    ("Abd: soft, NT/ND, +BS", "Abd: soft, mild RLQ TTP, no rebound", "Abd: obese, soft, NT"),
    ("Ext: no edema", "Ext: 1+ pitting edema to mid-shin bilat", "Ext: WWP, cap refill <2s"),
    (
        "Neuro: CN II-XII grossly intact",
        "Neuro: no focal deficits",
        "Psych: normal mood and affect",
    ),
)


def _exam(note: _Note) -> None:
    w = note.writer
    w.text(note.rng.choice(("PE:\n", "Exam:\n", "Physical exam:\n")))
    for options in _EXAM_LINES:
        if note.rng.random() >= 0.8:
            continue
        fitting = [line for line in options if note.age >= 65 or "elderly" not in line]
        line = note.rng.choice(fitting)
        if note.age < 5:
            line = line.replace("A&Ox3", "alert, consolable")
        w.text(line + "\n")


def _labs(note: _Note) -> None:
    labs = note.request.labs
    if not labs:
        return
    chosen = labs if len(labs) <= 6 else note.rng.sample(labs, 6)
    values = []
    for lab in chosen:
        flag = f" ({lab.flag})" if lab.flag else ""
        unit = f" {lab.unit}" if note.rng.random() < 0.4 and lab.unit else ""
        values.append(f"{lab.short_name} {lab.value}{unit}{flag}")
    note.writer.say(
        "Labs {collected}: {values}\n",
        collected=note.date_field(note.request.encounter_date),
        values=", ".join(values),
    )


def _plan(note: _Note) -> None:
    w, rng = note.writer, note.rng
    heading = rng.choice(("A/P:", "Assessment/Plan:", "ASSESSMENT AND PLAN:", "A&P"))
    w.text(heading + "\n")
    complaint = note.request.complaint
    if complaint is not None:
        w.say("# {reason}: {plan}\n", reason=complaint.reason, plan=complaint.plan)
    problems = list(note.patient.problems)
    rng.shuffle(problems)
    for problem in problems[:3]:
        medication = problem.medications[0].drug_name if problem.medications else "current regimen"
        phrase = rng.choice(problem.condition.plans).replace("{med}", medication)
        w.say("# {name} - {phrase}\n", name=problem.condition.abbreviation, phrase=phrase)
    _follow_up(note)


def _follow_up(note: _Note) -> None:
    w, rng = note.writer, note.rng
    form = rng.randrange(4)
    if form == 0:
        w.say("f/u in {weeks} wks, sooner prn.\n", weeks=str(rng.randint(1, 6)))
    elif form == 1:
        w.say("RTC {months} mo.\n", months=str(rng.choice((1, 3, 6, 12))))
    elif form == 2:
        appointment = note.later_date(7, 45)
        # Clinics book on weekdays, so a Saturday or Sunday moves to the Monday after.
        if appointment.weekday() >= 5:
            appointment += timedelta(days=7 - appointment.weekday())
        w.say(
            "F/u appt {weekday} {when} w/ PCP.\n",
            weekday=_WEEKDAYS[appointment.weekday()],
            when=note.date_field(appointment),
        )
    else:
        w.text("Return precautions reviewed, pt verbalized understanding.\n")


def _family_contact(note: _Note) -> None:
    w, rng = note.writer, note.rng
    relative = note.relative()
    if relative is None:
        w.say("Pt can be reached at {phone}.\n", phone=Phi("phone", note.patient.phone))
        return
    form = rng.randrange(4)
    if form == 0:
        w.say(
            "Plan d/w pt's {relation} {name} at {phone}.\n",
            relation=relative.relation,
            name=Phi("name", relative.full_name),
            phone=Phi("phone", relative.phone),
        )
    elif form == 1:
        w.say(
            "HCP: {relation} {name}, cell {phone}.\n",
            relation=relative.relation,
            name=Phi("name", relative.full_name),
            phone=Phi("phone", relative.phone),
        )
    elif form == 2:
        w.say(
            "Emergency contact {name} ({relation}) {phone}; pt's own cell {own}.\n",
            name=Phi("name", relative.full_name),
            relation=relative.relation,
            phone=Phi("phone", relative.phone),
            own=Phi("phone", note.patient.phone),
        )
    else:
        w.say(
            "Called {relation} {name} to update, left VM at {phone}.\n",
            relation=relative.relation,
            name=Phi("name", relative.first_name),
            phone=Phi("phone", relative.phone),
        )


def _extra_identifier(note: _Note) -> None:
    """Add one of the rarer identifiers: e-mail, SSN, URL, member ID or home address."""
    w, rng, patient = note.writer, note.rng, note.patient
    choice = rng.random()
    if choice < 0.25:
        w.say(
            "Pt requests results sent to {email} via portal.\n",
            email=Phi("email", patient.email),
        )
    elif choice < 0.35:
        w.say(
            "Registration: SSN {ssn} verified w/ pt for insurance.\n",
            ssn=Phi("ssn", patient.ssn),
        )
    elif choice < 0.5:
        token = "".join(rng.choices(string.ascii_uppercase + string.digits, k=8))
        w.say(
            "Photos of rash uploaded to {url}\n",
            url=Phi("url", f"https://portal.example.org/share/{token}"),
        )
    elif choice < 0.7:
        w.say(
            "Insurance member ID {member} on file, prior auth submitted.\n",
            member=Phi("account", patient.member_id),
        )
    else:
        w.say(
            "Lives at {street}, {city}, {state} {zip}.\n",
            street=Phi("address", patient.street_address),
            city=Phi("city", patient.city),
            state=patient.state,
            zip=Phi("zip", patient.zip),
        )


def _social_history(note: _Note) -> None:
    w, rng = note.writer, note.rng
    relative = note.relative()
    if relative is not None and rng.random() < 0.7:
        w.say(
            "SH: lives w/ {relation} {name} in {city}. ",
            relation=relative.relation,
            name=Phi("name", relative.first_name),
            city=Phi("city", note.patient.city),
        )
    else:
        w.say("SH: lives alone in {city}. ", city=Phi("city", note.patient.city))
    if note.age >= 18:
        w.text(
            rng.choice(
                (
                    "Former smoker, quit 2009, 20 pk-yr hx. Occasional EtOH.",
                    "Never smoker. No EtOH or drug use.",
                    "Current smoker 1/2 ppd, counseled. Drinks 2-3 beers/wk.",
                    "Retired machinist. Walks daily.",
                )
            )
        )
    else:
        w.text(
            rng.choice(("In 3rd grade, doing well.", "Attends daycare.", "Up to date on vaccines."))
        )
    w.text("\n")


def _signature(note: _Note) -> None:
    author = note.request.author
    hour = note.rng.randint(7, 21)
    minute = note.rng.randint(0, 59)
    form = note.rng.randrange(3)
    if form == 0:
        note.writer.say(
            "\nElectronically signed by {name}, {credential} on {when} {time}\n",
            name=Phi("name", author.full_name),
            credential=author.credential,
            when=note.date_field(note.request.note_date, _HEADER_DATE_STYLES),
            time=f"{hour:02d}:{minute:02d}",
        )
    elif form == 1:
        note.writer.say(
            "\n-- {name}, {credential}\n",
            name=Phi("name", author.full_name),
            credential=author.credential,
        )
    else:
        note.writer.say(
            "\n{name}, {credential} ({department})\n",
            # The initial belongs to the name: "K. Harris" is one span, so that the letter
            # is not scored as the lab term "K".
            name=Phi("name", f"{author.first_name[0]}. {author.last_name}"),
            credential=author.credential,
            department=note.request.department,
        )


# Note types.


def _progress_note(note: _Note) -> None:
    w, rng = note.writer, note.rng
    _header(note, "PROGRESS NOTE")

    request = note.request
    if request.encounter_type == "inpatient":
        hospital_day = (request.note_date - request.encounter_date).days + 1
        w.say("Hospital day #{day}.\n", day=str(hospital_day))
        w.text("S: ")
        w.text(
            rng.choice(
                (
                    "No acute events overnight. Pt slept well, tolerating PO.",
                    "Overnight pt c/o nausea x1, resolved w/ zofran. Ambulated in hallway w/ PT.",
                    "Pt reports feeling 'a little better', still weak.",
                )
            )
        )
        w.text("\n")
    else:
        if request.encounter_type == "telehealth":
            w.say(
                "Telehealth visit via video. Pt at home in {city}, verbal consent obtained.\n",
                city=Phi("city", note.patient.city),
            )
        w.text(rng.choice(("S: ", "Subjective: ", "HPI: ")))
        _intro(note, _complaint_text(note))
        _hpi_details(note)

    if request.encounter_type != "telehealth":
        w.text("O: " if rng.random() < 0.5 else "")
        _vitals(note)
        if rng.random() < 0.6:
            _exam(note)

    _labs(note)
    _plan(note)
    if rng.random() < 0.5:
        _family_contact(note)
    if rng.random() < 0.25:
        _extra_identifier(note)
    _signature(note)


def _history_and_physical(note: _Note) -> None:
    w, rng = note.writer, note.rng
    _header(note, "HISTORY AND PHYSICAL")
    w.say("CC: {reason}\n", reason=note.request.reason)

    w.text("HPI: ")
    if rng.random() < 0.5:
        w.say("{title} ", title=note.title)
    age, suffix = note.age_phrase(("-year-old", "-yo", " year old"))
    age_text = age.text if isinstance(age, Phi) else age
    article = "an" if age_text.startswith("8") or age_text in ("11", "18") else "a"
    w.say(
        "{name} is {article} {age}{suffix} {sex} w/ {pmh} admitted w/ {complaint}. ",
        name=Phi("name", note.patient.last_name),
        article=article,
        age=age,
        suffix=suffix,
        sex=note.sex_word,
        pmh=note.problem_list(),
        complaint=_complaint_text(note),
    )
    _hpi_details(note)

    w.text(rng.choice(("PMH: ", "Past medical hx: ")) + note.problem_list() + "\n")
    w.text(rng.choice(("PSH: appendectomy 1998", "PSH: none", "PSH: R TKA 2016, CCY 2004")) + "\n")
    _medications(note, rng.choice(("Home meds", "Meds")))
    w.say("Allergies: {allergies}\n", allergies=note.patient.allergies)
    _social_history(note)

    w.text("ROS: neg for f/c, CP, SOB, N/V/D except as per HPI.\n")
    _vitals(note)
    _exam(note)
    _labs(note)

    _plan(note)
    _family_contact(note)
    if rng.random() < 0.3:
        _extra_identifier(note)
    _signature(note)


def _discharge_summary(note: _Note) -> None:
    w, rng, request = note.writer, note.rng, note.request
    _header(note, "DISCHARGE SUMMARY")
    discharged = request.discharge_date or request.note_date
    with w.capitals():
        w.say(
            "Admission date: {admitted}\nDischarge date: {discharged}\n",
            admitted=note.date_field(request.encounter_date, _HEADER_DATE_STYLES),
            discharged=note.date_field(discharged, _HEADER_DATE_STYLES),
        )
        w.say("Discharge diagnosis: {reason}\n", reason=request.reason)

    w.text("\nHOSPITAL COURSE:\n")
    age, suffix = note.age_phrase()
    w.say(
        "{age}{suffix} {sex} w/ {pmh} admitted {admitted} for {reason}. ",
        age=age,
        suffix=suffix,
        sex=note.sex_word,
        pmh=note.problem_list(),
        admitted=note.date_field(request.encounter_date),
        reason=request.reason,
    )
    complaint = request.complaint
    if complaint is not None:
        w.say("Presented w/ {symptom}. {plan} ", symptom=complaint.symptom, plan=complaint.plan)
    w.say(
        "{title} {last} improved steadily and was afebrile >24h prior to d/c. ",
        title=note.title,
        last=Phi("name", note.patient.last_name),
    )
    nurse = note.nurse()
    w.say(
        "Discharge teaching done by {nurse}, RN.\n",
        nurse=Phi("name", nurse.full_name),
    )

    _labs(note)
    _medications(note, "DISCHARGE MEDICATIONS")

    w.text("\nDISPOSITION: ")
    relative = note.relative()
    if relative is not None:
        w.say(
            "Home w/ {relation} {name} to {street}, {city}, {state} {zip}.\n",
            relation=relative.relation,
            name=Phi("name", relative.full_name),
            street=Phi("address", note.patient.street_address),
            city=Phi("city", note.patient.city),
            state=note.patient.state,
            zip=Phi("zip", note.patient.zip),
        )
    else:
        w.say(
            "Home, self-care, to {street}, {city} {zip}.\n",
            street=Phi("address", note.patient.street_address),
            city=Phi("city", note.patient.city),
            zip=Phi("zip", note.patient.zip),
        )

    doctor = note.outside_doctor()
    facility = doctor.facility
    if facility is not None:
        w.say(
            "FOLLOW-UP: Dr. {doctor} at {facility} on {when}, ph {phone}, fax {fax}.\n",
            doctor=Phi("name", doctor.full_name),
            facility=Phi("facility", facility.name),
            when=note.date_field(note.later_date(5, 14)),
            phone=Phi("phone", facility.phone),
            fax=Phi("phone", _fax_number(facility.phone, rng)),
        )

    if rng.random() < 0.3:
        _extra_identifier(note)
    _signature(note)


def _fax_number(phone: str, rng: random.Random) -> str:
    """Return a fax number with the same area code and exchange as ``phone``."""
    return f"{phone[:10]}{rng.randint(0, 9999):04d}"


def _telephone_encounter(note: _Note) -> None:
    w, rng, patient = note.writer, note.rng, note.patient
    _header(note, "TELEPHONE ENCOUNTER")
    relative = note.relative()
    when = note.request.note_date
    if relative is not None and rng.random() < 0.5:
        w.say(
            "{weekday} {when} - call from pt's {relation} {name} at {phone} re: {topic}. ",
            weekday=_WEEKDAYS[when.weekday()],
            when=note.date_field(when),
            relation=relative.relation,
            name=Phi("name", relative.full_name),
            phone=Phi("phone", relative.phone),
            topic=note.request.reason,
        )
    else:
        w.say(
            "Spoke with pt {name} at {phone} on {when} re: {topic}. ",
            name=note.patient_name(),
            phone=Phi("phone", patient.phone),
            when=note.date_field(when),
            topic=note.request.reason,
        )

    w.say(
        "Identity verified w/ name and DOB {dob}.\n",
        dob=note.date_field(patient.date_of_birth, ("mdy_padded", "mdy", "iso", "month_day_year")),
    )

    w.text(
        rng.choice(
            (
                "Pt reports sx improving since visit, tolerating meds w/o side effects. ",
                "Pt asking for refill, pharmacy on file. ",
                "Reports new mild rash on abx, no hives, no SOB, no lip swelling. ",
                "Asked about lab results, reviewed over the phone. ",
            )
        )
    )
    w.text(
        rng.choice(
            (
                "Denies fever, CP, SOB. Eating and drinking OK. ",
                "Some dizziness on standing, no falls. Checking BP at home. ",
                "Sleeping poorly, otherwise at baseline per caller. ",
                "Still c/o mild cough, no fever, using humidifier. ",
            )
        )
    )
    medications = note.medication_list()
    if medications:
        w.say("Confirmed taking {medication} as prescribed. ", medication=rng.choice(medications))
    w.text("\n")

    _labs(note)
    w.text(
        rng.choice(
            (
                "Advised to continue current plan and call back if worse.\n",
                "Refill sent. Reminded of upcoming appt.\n",
                "Advised to go to ED if fever >102 or difficulty breathing.\n",
                "Message routed to MD for review.\n",
            )
        )
    )

    nurse = note.nurse()
    callback = relative.phone if relative is not None and rng.random() < 0.5 else patient.phone
    w.say(
        "Callback # {phone}. Triage by {nurse} RN.\n",
        phone=Phi("phone", callback),
        nurse=Phi("name", rng.choice((nurse.full_name, nurse.first_name))),
    )
    if rng.random() < 0.3:
        _extra_identifier(note)
    _signature(note)


def _consult(note: _Note) -> None:
    w, rng = note.writer, note.rng
    _header(note, "CONSULT NOTE")
    colleague = note.colleague()
    w.say(
        "Reason for consult: {reason}, requested by Dr. {requester}.\n",
        reason=note.request.reason,
        requester=Phi("name", colleague.last_name),
    )
    w.say(
        "Thank you for asking us to see {title} {last}. ",
        title=note.title,
        last=Phi("name", note.patient.last_name),
    )

    w.text("HPI: ")
    _intro(note, _complaint_text(note))
    _hpi_details(note)
    _medications(note)
    w.say("Allergies: {allergies}\n", allergies=note.patient.allergies)
    _vitals(note)
    _exam(note)
    _labs(note)

    w.text(rng.choice(("IMPRESSION/RECOMMENDATIONS:\n", "Impression & recs:\n")))
    for problem in note.patient.problems[:2]:
        phrase = rng.choice(problem.condition.plans).replace(
            "{med}", problem.medications[0].drug_name if problem.medications else "current meds"
        )
        w.say("- {name}: {phrase}\n", name=problem.condition.name, phrase=phrase)
    w.text("- Will follow, please page w/ questions.\n")
    if rng.random() < 0.4:
        _family_contact(note)
    _signature(note)


_NURSING_ENTRIES = (
    "Fall precautions in place, bed alarm on, call light w/in reach.",
    "IV site L forearm clean/dry/intact. Voiding w/o difficulty.",
    "Tolerated diet, ambulated to bathroom w/ standby assist.",
    "Turned and repositioned, skin intact, no redness over sacrum or heels.",
    "IS to 1000 mL x10, encouraged to cough and deep breathe.",
    "Tele: NSR 70s-80s, no ectopy noted.",
    "Ambulated 100 ft in hallway w/ walker and 1 assist, tolerated well.",
    "Pt tearful about discharge plans, emotional support given, chaplain offered.",
    "Bladder scan 120 mL post void.",
    "Dressing to L shin changed, small amt serous drainage, no odor.",
)


def _nursing_note(note: _Note) -> None:
    w, rng = note.writer, note.rng
    _header(note, "NURSING NOTE")
    shift_start = rng.choice((7, 19))
    minutes = 0

    def stamp(advance: int) -> str:
        nonlocal minutes
        minutes += advance
        hour = (shift_start + minutes // 60) % 24
        return f"{hour:02d}{minutes % 60:02d}"

    status = "alert, consolable" if note.age < 5 else f"A&Ox{rng.choice((1, 2, 3, 3, 4))}"
    w.say(
        "{time} Received report from {nurse}, RN. Pt {name} {status}, resting in bed.\n",
        time=stamp(0),
        nurse=Phi("name", note.nurse().full_name),
        name=note.patient_name(),
        status=status,
    )
    w.say("{time} ", time=stamp(rng.randint(30, 75)))
    _vitals(note)
    w.say(
        "{time} Meds given per MAR. Pain {pain}/10, {action}.\n",
        time=stamp(rng.randint(30, 90)),
        pain=str(rng.randint(0, 8)),
        action=rng.choice(
            ("repositioned", "PRN tylenol given", "ice pack applied", "declined PRN")
        ),
    )

    entries = rng.sample(_NURSING_ENTRIES, rng.randint(2, 4))
    relative = note.relative()
    family_slot = rng.randrange(len(entries) + 1) if relative is not None else -1
    for index in range(len(entries) + 1):
        if index == family_slot and relative is not None:
            name = relative.first_name if rng.random() < 0.5 else relative.full_name
            w.say(
                "{time} {relation} {name} at bedside, updated on POC. Contact {phone}.\n",
                time=stamp(rng.randint(30, 90)),
                relation=relative.relation.capitalize(),
                name=Phi("name", name),
                phone=Phi("phone", relative.phone),
            )
        if index < len(entries):
            w.say("{time} ", time=stamp(rng.randint(30, 90)))
            w.text(entries[index] + "\n")

    if rng.random() < 0.5:
        w.say(
            "{time} Dr. {doctor} notified of {finding}, no new orders.\n",
            time=stamp(rng.randint(30, 90)),
            doctor=Phi("name", note.colleague().last_name),
            finding=rng.choice(("BP 168/94", "low UOP", "K 3.2", "temp 100.9")),
        )
    w.say("{time} ", time=stamp(rng.randint(20, 60)))
    w.text("Resting quietly, needs met, call light w/in reach.\n")
    _signature(note)


def _emergency_note(note: _Note) -> None:
    w, rng, request = note.writer, note.rng, note.request
    _header(note, "ED PROVIDER NOTE")
    w.say("CC: {reason}\n", reason=request.reason)

    w.text("HPI: ")
    age, suffix = note.age_phrase()
    arrival = rng.choice(("BIBA", "walk-in", "brought in by family"))
    w.say(
        "{age}{suffix} {sex} {arrival} c/o {complaint}. ",
        age=age,
        suffix=suffix,
        sex=note.patient.sex,
        arrival=arrival,
        complaint=_complaint_text(note),
    )
    _hpi_details(note)

    w.text("PMH: " + note.problem_list() + "\n")
    _vitals(note)
    _exam(note)
    _labs(note)

    w.text("ED course / MDM: ")
    complaint = request.complaint
    w.text((complaint.plan if complaint else "Sx treated, reassessed, improved.") + "\n")
    colleague = note.colleague()
    w.say(
        "D/w Dr. {doctor} ({specialty}).\n",
        doctor=Phi("name", colleague.full_name),
        specialty=colleague.specialty,
    )

    relative = note.relative()
    if relative is not None and request.discharge_date == request.encounter_date:
        w.say(
            "Dispo: home w/ {relation} {name}. Return precautions given.\n",
            relation=relative.relation,
            name=Phi("name", relative.full_name),
        )
    elif request.discharge_date == request.encounter_date:
        w.text("Dispo: home. Return precautions given.\n")
    else:
        w.text("Dispo: " + rng.choice(("admit to medicine", "obs overnight")) + "\n")
    _family_contact(note)
    _signature(note)


_WRITERS = {
    "progress note": _progress_note,
    "history and physical": _history_and_physical,
    "discharge summary": _discharge_summary,
    "telephone encounter": _telephone_encounter,
    "consult": _consult,
    "nursing note": _nursing_note,
    "emergency department note": _emergency_note,
}

_MIN_LENGTH = 400


def write_note(request: NoteRequest, rng: random.Random) -> tuple[str, list[NoteSpan]]:
    """Write one clinical note and return its body and the span of every identifier in it.

    About 5% of notes are all capitals, 12% carry typos, 15% are hard-wrapped at 60-78
    columns, and in another 12% one identifier that contains a space is broken across two
    lines at that space.

    Raises:
        ValueError: if ``request.note_type`` is not one of `NOTE_TYPES`.
    """
    write_sections = _WRITERS.get(request.note_type)
    if write_sections is None:
        raise ValueError(
            f"unknown note type {request.note_type!r}; expected one of {', '.join(NOTE_TYPES)}"
        )
    capitals = rng.random() < 0.05
    typo_rate = 0.06 if rng.random() < 0.12 else 0.0
    writer = NoteWriter(rng, capitals=capitals, typo_rate=typo_rate)
    note = _Note(request, rng, writer)
    write_sections(note)
    # A short note gets addenda with contact details until it reaches _MIN_LENGTH characters.
    while writer.length < _MIN_LENGTH:
        writer.text("\nAddendum: ")
        _family_contact(note)
        _extra_identifier(note)
    body = writer.body()
    layout = rng.random()
    if layout < 0.15:
        body = _hard_wrap(body, rng.randint(60, 78))
    elif layout < 0.27:
        body = _break_one_span(body, writer.spans, rng)
    spans = [
        NoteSpan(span.start, span.end, span.kind, body[span.start : span.end])
        for span in writer.spans
    ]
    return body, spans


def _hard_wrap(body: str, width: int) -> str:
    """Break lines longer than ``width`` at their last space, as fixed-width EHR exports do."""
    characters = list(body)
    column = 0
    last_space = -1
    for index, character in enumerate(characters):
        if character == "\n":
            column = 0
            last_space = -1
            continue
        column += 1
        if character == " ":
            last_space = index
        if column > width and last_space >= 0:
            characters[last_space] = "\n"
            column = index - last_space
            last_space = -1
    return "".join(characters)


def _break_one_span(body: str, spans: Sequence[NoteSpan], rng: random.Random) -> str:
    """Turn one inner space of a random multi-word identifier into a line break."""
    candidates = [span for span in spans if " " in span.text]
    if not candidates:
        return body
    span = rng.choice(candidates)
    spaces = [span.start + i for i, character in enumerate(span.text) if character == " "]
    position = rng.choice(spaces)
    return body[:position] + "\n" + body[position + 1 :]
