"""Seeded synthetic clinical data set and loaders for SQLite and PostgreSQL.

`generate` builds patients, providers, encounters, clinical notes, medications and lab
results. Every value is drawn from a seeded Faker instance and a seeded `random.Random`,
so the same arguments give the same rows with the same installed Faker version. Names,
numbers and addresses are random, and any match with a real person is coincidental.
E-mail addresses and URLs use the reserved ``example.*`` domains.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as datetime_time
from decimal import Decimal
from pathlib import Path

import asyncpg
from faker import Faker

from phigate.demo.notes import (
    COMPLAINTS,
    CONDITIONS,
    Clinician,
    Complaint,
    Facility,
    LabObservation,
    MedicationOrder,
    NotePatient,
    NoteRequest,
    NoteSpan,
    Problem,
    Relative,
    StaffPools,
    age_in_years,
    write_note,
)

__all__ = [
    "DEFAULT_NOTES",
    "DEFAULT_PATIENTS",
    "DEFAULT_SEED",
    "REFERENCE_DATE",
    "TABLE_COLUMNS",
    "TABLE_NAMES",
    "Dataset",
    "NoteSpan",
    "PatientPHI",
    "Relative",
    "Row",
    "Value",
    "build_sqlite",
    "generate",
    "load_postgres",
    "postgres_ddl",
    "sqlite_ddl",
]

logger = logging.getLogger(__name__)

DEFAULT_PATIENTS = 1000
DEFAULT_NOTES = 10000
DEFAULT_SEED = 1729

Value = int | float | str | date | None
"""One cell. `datetime` values (a subclass of `date`) are timestamps."""
Row = tuple[Value, ...]


@dataclass(frozen=True)
class _Column:
    name: str
    kind: str
    constraint: str = ""


_ENCOUNTER_TYPES = "'outpatient', 'inpatient', 'emergency', 'telehealth'"
_PATIENT_FK = "REFERENCES {prefix}patients (patient_id)"
_ENCOUNTER_FK = "REFERENCES {prefix}encounters (encounter_id)"
_PROVIDER_FK = "REFERENCES {prefix}providers (provider_id)"

# Parents come before children, which is the order for CREATE and COPY.
_TABLES: dict[str, tuple[_Column, ...]] = {
    "patients": (
        _Column("patient_id", "integer", "PRIMARY KEY"),
        _Column("mrn", "text", "NOT NULL UNIQUE"),
        _Column("first_name", "text"),
        _Column("last_name", "text"),
        _Column("date_of_birth", "date"),
        _Column("sex", "text"),
        _Column("ssn", "text"),
        _Column("phone", "text"),
        _Column("email", "text"),
        _Column("street_address", "text"),
        _Column("city", "text"),
        _Column("state", "text"),
        _Column("zip", "text"),
    ),
    "providers": (
        _Column("provider_id", "integer", "PRIMARY KEY"),
        _Column("npi", "text"),
        _Column("first_name", "text"),
        _Column("last_name", "text"),
        _Column("specialty", "text"),
        _Column("department", "text"),
        _Column("phone", "text"),
        _Column("email", "text"),
    ),
    "encounters": (
        _Column("encounter_id", "integer", "PRIMARY KEY"),
        _Column("patient_id", "integer", _PATIENT_FK),
        _Column("provider_id", "integer", _PROVIDER_FK),
        _Column("encounter_date", "date"),
        _Column("discharge_date", "date"),
        _Column("encounter_type", "text", f"CHECK (encounter_type IN ({_ENCOUNTER_TYPES}))"),
        _Column("department", "text"),
        _Column("reason", "text"),
    ),
    "clinical_notes": (
        _Column("note_id", "integer", "PRIMARY KEY"),
        _Column("encounter_id", "integer", _ENCOUNTER_FK),
        _Column("patient_id", "integer", _PATIENT_FK),
        _Column("author_id", "integer", _PROVIDER_FK),
        _Column("note_date", "date"),
        _Column("note_type", "text"),
        _Column("body", "text"),
    ),
    "medications": (
        _Column("medication_id", "integer", "PRIMARY KEY"),
        _Column("patient_id", "integer", _PATIENT_FK),
        _Column("encounter_id", "integer", _ENCOUNTER_FK),
        _Column("drug_name", "text"),
        _Column("dose", "text"),
        _Column("route", "text"),
        _Column("frequency", "text"),
        _Column("start_date", "date"),
        _Column("end_date", "date"),
    ),
    "lab_results": (
        _Column("lab_result_id", "integer", "PRIMARY KEY"),
        _Column("patient_id", "integer", _PATIENT_FK),
        _Column("encounter_id", "integer", _ENCOUNTER_FK),
        _Column("test_name", "text"),
        _Column("loinc_code", "text"),
        _Column("value", "numeric"),
        _Column("unit", "text"),
        _Column("reference_range", "text"),
        _Column("abnormal_flag", "text"),
        _Column("collected_at", "timestamp"),
    ),
}

TABLE_NAMES: tuple[str, ...] = tuple(_TABLES)
"""Table names, parents before children."""

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(column.name for column in columns) for table, columns in _TABLES.items()
}
"""Column names of each table, in the order of the row tuples and of the DDL."""

# SQLite stores dates as ISO 8601 text, because it has no date type of its own.
_SQLITE_TYPES = {
    "integer": "INTEGER",
    "text": "TEXT",
    "date": "TEXT",
    "timestamp": "TEXT",
    "numeric": "REAL",
}
_POSTGRES_TYPES = {
    "integer": "INTEGER",
    "text": "TEXT",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "numeric": "NUMERIC",
}


@dataclass(frozen=True)
class PatientPHI:
    """Identifiers of one patient, for use as canaries when checking for leaks.

    The relatives come from the notes only, because the database does not store them.
    """

    patient_id: int
    first_name: str
    last_name: str
    mrn: str
    ssn: str
    phone: str
    email: str
    street_address: str
    city: str
    zip: str
    date_of_birth: str
    relative_names: tuple[str, ...]
    relative_phones: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """First and last name separated by a space."""
        return f"{self.first_name} {self.last_name}"

    def values(self) -> tuple[str, ...]:
        """Return every identifier string, including the full name and the relatives.

        City and ZIP are shared by many patients, so a leak check that must point to one
        patient should use the other fields.
        """
        return (
            self.first_name,
            self.last_name,
            self.full_name,
            self.mrn,
            self.ssn,
            self.phone,
            self.email,
            self.street_address,
            self.city,
            self.zip,
            self.date_of_birth,
            *self.relative_names,
            *self.relative_phones,
        )


@dataclass
class Dataset:
    """Rows of every table, with the identifier labels of every note.

    Row tuples follow `TABLE_COLUMNS`. Dates are `date`, timestamps `datetime` and lab
    values `float`. ``note_spans`` maps each note_id to its identifier spans, in order.
    """

    seed: int
    patients: list[Row]
    providers: list[Row]
    encounters: list[Row]
    clinical_notes: list[Row]
    medications: list[Row]
    lab_results: list[Row]
    note_spans: dict[int, list[NoteSpan]]
    relatives: dict[int, tuple[Relative, ...]]
    columns: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(TABLE_COLUMNS))

    def rows(self, table: str) -> list[Row]:
        """Return the rows of one table.

        Raises:
            ValueError: if ``table`` is not one of `TABLE_NAMES`.
        """
        tables = {
            "patients": self.patients,
            "providers": self.providers,
            "encounters": self.encounters,
            "clinical_notes": self.clinical_notes,
            "medications": self.medications,
            "lab_results": self.lab_results,
        }
        try:
            return tables[table]
        except KeyError:
            expected = ", ".join(TABLE_NAMES)
            raise ValueError(f"unknown table {table!r}; expected one of {expected}") from None

    def patient_phi(self) -> dict[int, PatientPHI]:
        """Return the identifiers of every patient, keyed by patient_id."""
        result: dict[int, PatientPHI] = {}
        for row in self.patients:
            patient_id, mrn, first, last, born, _sex, ssn, phone, email, street, city = row[:11]
            assert isinstance(patient_id, int)
            assert isinstance(born, date)
            relatives = self.relatives.get(patient_id, ())
            result[patient_id] = PatientPHI(
                patient_id=patient_id,
                first_name=str(first),
                last_name=str(last),
                mrn=str(mrn),
                ssn=str(ssn),
                phone=str(phone),
                email=str(email),
                street_address=str(street),
                city=str(city),
                zip=str(row[12]),
                date_of_birth=born.isoformat(),
                relative_names=tuple(relative.full_name for relative in relatives),
                relative_phones=tuple(relative.phone for relative in relatives),
            )
        return result


REFERENCE_DATE = date(2025, 6, 30)
"""The data set's "today". Ages and the latest dates are computed from it, not from the clock."""

_FIRST_ENCOUNTER = date(2021, 1, 1)
# Two weeks before REFERENCE_DATE, so that stays and follow-up calls end by then.
_LAST_ENCOUNTER = REFERENCE_DATE - timedelta(days=14)
_MAX_AGE_DAYS = 36_889  # 101 years less a day, so the oldest patients are 100

_HOME_STATES = ("OH", "PA", "IL", "MI", "NC", "GA", "WI", "MN", "MO", "TN")
_EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")
_PROVIDER_EMAIL_DOMAIN = "hospital.example.org"
_ALLERGIES = (
    "NKDA",
    "NKDA",
    "NKDA",
    "NKDA",
    "PCN (rash)",
    "sulfa (hives)",
    "codeine (nausea)",
    "latex",
    "shellfish, iodine contrast",
)
_SAINTS = ("Joseph", "Mary", "Luke", "Francis", "Vincent", "Anne", "Elizabeth", "Jude", "Clare")
_PLACE_WORDS = ("Lakeside", "Riverside", "Valley View", "Cedar Ridge", "Pine Grove", "Oak Hill")

# The first providers cover every department that encounters and notes need.
_REQUIRED_SPECIALTIES = (
    "Family Medicine",
    "Internal Medicine",
    "Pediatrics",
    "Emergency Medicine",
    "Hospital Medicine",
    "Cardiology",
    "Registered Nurse",
    "Registered Nurse",
    "Pulmonology",
    "Psychiatry",
)
_SPECIALTY_WEIGHTS = {
    "Family Medicine": 3,
    "Internal Medicine": 3,
    "Pediatrics": 2,
    "Emergency Medicine": 2,
    "Hospital Medicine": 2,
    "Registered Nurse": 4,
    "Nurse Practitioner": 2,
    "Cardiology": 1,
    "Pulmonology": 1,
    "Endocrinology": 1,
    "Nephrology": 1,
    "Neurology": 1,
    "Psychiatry": 1,
    "Geriatrics": 1,
    "Orthopedics": 1,
}
_NURSE_DEPARTMENTS = ("Hospital Medicine", "Emergency Medicine")
_PRIMARY_CARE = ("Family Medicine", "Internal Medicine", "Nurse Practitioner")
_ENCOUNTER_TYPE_WEIGHTS = {"outpatient": 55, "telehealth": 15, "emergency": 17, "inpatient": 13}
_NOTE_WEIGHTS = {"inpatient": 4.0, "emergency": 1.5, "outpatient": 1.0, "telehealth": 0.6}
_EXTRA_NOTE_TYPES = {
    "inpatient": ("progress note", "progress note", "progress note", "nursing note", "consult"),
    "emergency": ("nursing note", "consult", "telephone encounter"),
    "outpatient": ("telephone encounter", "telephone encounter", "consult"),
    "telehealth": ("telephone encounter",),
}
_PRIMARY_NOTE_TYPES = {
    "inpatient": "history and physical",
    "emergency": "emergency department note",
    "outpatient": "progress note",
    "telehealth": "progress note",
}


@dataclass(frozen=True)
class _LabTest:
    test_name: str
    short_name: str
    loinc_code: str
    unit: str
    low: float | None
    high: float | None
    decimals: int
    extreme_low: float
    extreme_high: float

    def reference_range(self) -> str:
        if self.low is None:
            return f"<{self.high:.{self.decimals}f}"
        if self.high is None:
            return f">={self.low:.{self.decimals}f}"
        return f"{self.low:.{self.decimals}f}-{self.high:.{self.decimals}f}"


# LOINC codes for the usual serum, plasma, blood or urine tests. The last two numbers bound
# the values drawn for abnormal results.
_LAB_TESTS = {
    test.short_name: test
    for test in (
        _LabTest("Sodium", "Na", "2951-2", "mmol/L", 135, 145, 0, 118, 162),
        _LabTest("Potassium", "K", "2823-3", "mmol/L", 3.5, 5.1, 1, 2.6, 6.8),
        _LabTest("Chloride", "Cl", "2075-0", "mmol/L", 98, 107, 0, 85, 120),
        _LabTest("Carbon dioxide", "CO2", "2028-9", "mmol/L", 22, 29, 0, 12, 38),
        _LabTest("Urea nitrogen", "BUN", "3094-0", "mg/dL", 7, 20, 0, 2, 90),
        _LabTest("Creatinine", "Cr", "2160-0", "mg/dL", 0.6, 1.3, 2, 0.3, 6.5),
        _LabTest("Glucose", "glucose", "2345-7", "mg/dL", 70, 99, 0, 40, 480),
        _LabTest("Calcium", "Ca", "17861-6", "mg/dL", 8.5, 10.5, 1, 6.5, 13.5),
        _LabTest("Leukocytes", "WBC", "6690-2", "10*3/uL", 4.5, 11.0, 1, 0.8, 28),
        _LabTest("Hemoglobin", "Hgb", "718-7", "g/dL", 12.0, 17.5, 1, 6.0, 19.5),
        _LabTest("Hematocrit", "Hct", "4544-3", "%", 36, 50, 1, 20, 58),
        _LabTest("Platelets", "Plt", "777-3", "10*3/uL", 150, 400, 0, 20, 800),
        _LabTest("Cholesterol", "TC", "2093-3", "mg/dL", None, 200, 0, 100, 320),
        _LabTest("LDL cholesterol (calculated)", "LDL", "13457-7", "mg/dL", None, 100, 0, 30, 220),
        _LabTest("HDL cholesterol", "HDL", "2085-9", "mg/dL", 40, None, 0, 18, 95),
        _LabTest("Triglyceride", "TG", "2571-8", "mg/dL", None, 150, 0, 40, 600),
        _LabTest("Hemoglobin A1c", "A1c", "4548-4", "%", 4.0, 5.6, 1, 3.8, 13.5),
        _LabTest("Thyrotropin", "TSH", "3016-3", "mIU/L", 0.4, 4.0, 2, 0.01, 25),
        _LabTest("Natriuretic peptide B", "BNP", "30934-4", "pg/mL", None, 100, 0, 5, 3000),
        _LabTest("Troponin I, cardiac", "trop I", "10839-9", "ng/mL", None, 0.04, 2, 0.0, 3.0),
        _LabTest("Lactate", "lactate", "2524-7", "mmol/L", 0.5, 2.2, 1, 0.3, 8.0),
        _LabTest("Specific gravity of urine", "UA SG", "5811-5", "", 1.005, 1.030, 3, 1.0, 1.04),
        _LabTest("pH of urine", "UA pH", "5803-2", "", 5.0, 8.0, 1, 4.5, 9.0),
    )
}
_LAB_PANELS = {
    "bmp": ("Na", "K", "Cl", "CO2", "BUN", "Cr", "glucose", "Ca"),
    "cbc": ("WBC", "Hgb", "Hct", "Plt"),
    "lipid": ("TC", "LDL", "HDL", "TG"),
    "a1c": ("A1c",),
    "tsh": ("TSH",),
    "bnp": ("BNP",),
    "troponin": ("trop I",),
    "lactate": ("lactate",),
    "ua": ("UA SG", "UA pH"),
}
# Value ranges that a condition pushes a test into, keyed by test and condition abbreviation.
_CONDITION_LAB_RANGES = {
    ("glucose", "T2DM"): (120.0, 320.0),
    ("A1c", "T2DM"): (6.4, 11.5),
    ("Cr", "CKD 3"): (1.4, 2.6),
    ("BUN", "CKD 3"): (22.0, 45.0),
    ("BNP", "HFrEF"): (250.0, 1800.0),
    ("Hgb", "IDA"): (8.2, 11.6),
    ("TSH", "hypothyroidism"): (0.6, 9.5),
    ("LDL", "HLD"): (95.0, 190.0),
}
_ABNORMAL_RATE = 0.12


@dataclass
class _PatientDraft:
    patient_id: int
    age: int
    note_patient: NotePatient
    primary_care: int


@dataclass
class _EncounterDraft:
    patient: _PatientDraft
    provider: int
    encounter_date: date
    discharge_date: date | None
    encounter_type: str
    reason: str
    complaint: Complaint | None
    encounter_id: int = 0


@dataclass(frozen=True)
class _NoteDraft:
    encounter: _EncounterDraft
    note_type: str
    note_date: date
    author: int
    sequence: int


class _Generator:
    """Draw every table in a fixed order from one seed.

    Rows and note structure come from one `random.Random` and note wording from another, so
    that a change to the note templates does not shift any other value. Faker is used only
    for names, streets and cities, a few calls per person.
    """

    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        # Synthetic data needs reproducible draws, not secrecy, so the Mersenne Twister fits.
        # random.seed turns a str into an integer from its bytes and their SHA-512 digest,
        # so these seeds do not depend on PYTHONHASHSEED.
        self.rng = random.Random(f"phigate-demo:rows:{seed}")  # noqa: S311
        self.note_rng = random.Random(f"phigate-demo:notes:{seed}")  # noqa: S311
        self.used_phones: set[str] = set()
        self.used_ssns: set[str] = set()
        self.used_emails: set[str] = set()
        self.providers: list[Clinician] = []
        self.provider_departments: list[str] = []

    def phone(self) -> str:
        """Draw an unused NANP-shaped number: no N11 codes, area and exchange start at 2-9."""
        while True:
            area = self.rng.randint(200, 989)
            exchange = self.rng.randint(200, 999)
            if area % 100 == 11 or exchange % 100 == 11:
                continue
            number = f"({area}) {exchange}-{self.rng.randint(0, 9999):04d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def ssn(self) -> str:
        """Draw an unused SSN in the issued ranges (area 001-899 except 666)."""
        while True:
            area = self.rng.randint(1, 899)
            if area == 666:
                continue
            number = f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"
            if number not in self.used_ssns:
                self.used_ssns.add(number)
                return number

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        first_part = re.sub(r"[^a-z]", "", first.lower()) or "pt"
        last_part = re.sub(r"[^a-z]", "", last.lower()) or "user"
        style = self.rng.randrange(4)
        if domain is not None:
            local = f"{first_part[0]}{last_part}"
        elif style == 0:
            local = f"{first_part}.{last_part}"
        elif style == 1:
            local = f"{first_part}{last_part}{self.rng.randint(1, 99)}"
        elif style == 2:
            local = f"{first_part[0]}{last_part}"
        else:
            local = f"{last_part}.{first_part}{self.rng.randint(50, 99)}"
        chosen_domain = domain or self.rng.choice(_EMAIL_DOMAINS)
        address = f"{local}@{chosen_domain}"
        suffix = 2
        while address in self.used_emails:
            address = f"{local}{suffix}@{chosen_domain}"
            suffix += 1
        self.used_emails.add(address)
        return address

    def first_name(self, sex: str) -> str:
        return self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()

    # Providers and staff.

    def draw_providers(self, count: int) -> list[Row]:
        specialties = list(_REQUIRED_SPECIALTIES[:count])
        names, weights = list(_SPECIALTY_WEIGHTS), list(_SPECIALTY_WEIGHTS.values())
        specialties += self.rng.choices(names, weights=weights, k=count - len(specialties))
        rows: list[Row] = []
        nurse_count = 0
        for index, specialty in enumerate(specialties, start=1):
            sex = self.rng.choice("FM")
            first, last = self.first_name(sex), self.fake.last_name()
            if specialty == "Registered Nurse":
                credential = "RN"
                department = _NURSE_DEPARTMENTS[nurse_count % len(_NURSE_DEPARTMENTS)]
                nurse_count += 1
            elif specialty == "Nurse Practitioner":
                credential, department = "NP", "Family Medicine"
            else:
                credential = "MD" if self.rng.random() < 0.85 else "DO"
                department = specialty
            self.providers.append(Clinician(first, last, credential, specialty))
            self.provider_departments.append(department)
            email = self.email(first, last, _PROVIDER_EMAIL_DOMAIN)
            rows.append(
                (index, self.npi(), first, last, specialty, department, self.phone(), email)
            )
        return rows

    def npi(self) -> str:
        """Draw a 10-digit NPI whose last digit is the Luhn check over the 80840 prefix."""
        base = f"{self.rng.choice('12')}{self.rng.randint(0, 99_999_999):08d}"
        digits = [int(d) for d in "80840" + base]
        total = 0
        for position, digit in enumerate(reversed(digits)):
            doubled = digit * 2 if position % 2 == 0 else digit
            total += doubled - 9 if doubled > 9 else doubled
        return base + str((10 - total % 10) % 10)

    def providers_with(self, specialties: tuple[str, ...]) -> list[int]:
        return [i for i, p in enumerate(self.providers) if p.specialty in specialties]

    def draw_facility(self, home_cities: list[str], state: str) -> Facility:
        city = self.rng.choice(home_cities) if self.rng.random() < 0.6 else self.fake.city()
        form = self.rng.randrange(5)
        if form == 0:
            name = f"{self.fake.last_name()} Family Practice"
        elif form == 1:
            name = f"{city} Cardiology Associates"
        elif form == 2:
            name = f"St. {self.rng.choice(_SAINTS)} Medical Center"
        elif form == 3:
            name = f"{self.rng.choice(_PLACE_WORDS)} Urgent Care"
        else:
            name = f"{city} Community Hospital"
        return Facility(
            name=name,
            street_address=self.fake.street_address(),
            city=city,
            state=state,
            zip=self.fake.zipcode_in_state(state),
            phone=self.phone(),
        )

    def draw_staff(self, patients: int, home_cities: list[str], state: str) -> StaffPools:
        nurses = tuple(
            Clinician(self.first_name(sex), self.fake.last_name(), "RN", "Registered Nurse")
            for sex in self.rng.choices("FFFM", k=max(15, patients // 10))
        )
        facilities = [self.draw_facility(home_cities, state) for _ in range(max(8, patients // 40))]
        outside_specialties = ("Family Medicine", "Cardiology", "Internal Medicine", "Urology")
        outside_doctors = tuple(
            Clinician(
                self.first_name(self.rng.choice("FM")),
                self.fake.last_name(),
                "MD",
                self.rng.choice(outside_specialties),
                self.rng.choice(facilities),
            )
            for _ in range(max(15, patients // 10))
        )
        colleagues = tuple(p for p in self.providers if p.credential in ("MD", "DO"))
        return StaffPools(nurses, outside_doctors, colleagues)

    # Patients.

    def draw_patients(
        self, count: int, home_state: str, home_cities: list[str]
    ) -> list[_PatientDraft]:
        home_zips = {
            city: [self.fake.zipcode_in_state(home_state) for _ in range(2)] for city in home_cities
        }
        mrns = self.rng.sample(range(1_000_000, 10_000_000), count)
        drafts = []
        for index in range(count):
            sex = "F" if self.rng.random() < 0.52 else "M"
            first, last = self.first_name(sex), self.fake.last_name()
            born = REFERENCE_DATE - timedelta(days=self.rng.randint(30, _MAX_AGE_DAYS))
            age = age_in_years(born, REFERENCE_DATE)
            if self.rng.random() < 0.85:
                state = home_state
                city = self.rng.choice(home_cities)
                zip_code = self.rng.choice(home_zips[city])
            else:
                state = self.fake.state_abbr(
                    include_territories=False, include_freely_associated_states=False
                )
                city = self.fake.city()
                zip_code = self.fake.zipcode_in_state(state)
            note_patient = NotePatient(
                first_name=first,
                last_name=last,
                sex=sex,
                date_of_birth=born,
                mrn=f"MRN{mrns[index]:07d}",
                ssn=self.ssn(),
                phone=self.phone(),
                email=self.email(first, last),
                street_address=self.fake.street_address(),
                city=city,
                state=state,
                zip=zip_code,
                relatives=self.draw_relatives(age, sex, last),
                problems=self.draw_problems(age, sex),
                allergies=self.rng.choice(_ALLERGIES),
                account_number=f"{self.rng.randint(10**9, 10**10 - 1)}",
                member_id=self.member_id(),
            )
            drafts.append(_PatientDraft(index + 1, age, note_patient, self.primary_care(age)))
        return drafts

    def member_id(self) -> str:
        letters = "".join(self.rng.choices("ABCDEFGHJKLMNPRSTUVWXYZ", k=3))
        return f"{letters}{self.rng.randint(0, 999_999_999):09d}"

    def draw_relatives(self, age: int, sex: str, last_name: str) -> tuple[Relative, ...]:
        usual_spouse, other_spouse = ("husband", "wife") if sex == "F" else ("wife", "husband")
        spouse = usual_spouse if self.rng.random() < 0.9 else other_spouse
        if age < 18:
            relations = ["mother", "father", "grandmother"]
            count = self.rng.choice((1, 2, 2))
        elif age < 40:
            relations = [spouse, "partner", "mother", "sister", "brother"]
            count = self.rng.choice((0, 1, 1, 2))
        elif age < 70:
            relations = [spouse, "son", "daughter", "sister"]
            count = self.rng.choice((0, 1, 2, 2))
        else:
            relations = ["daughter", "son", spouse, "granddaughter", "niece"]
            count = self.rng.choice((1, 2, 2, 3))
        relatives = []
        for relation in self.rng.sample(relations, count):
            relative_sex = "M" if relation in ("father", "husband", "brother", "son") else "F"
            if relation == "partner":
                relative_sex = self.rng.choice("FM")
            same_family = self.rng.random() < (0.85 if age < 18 else 0.65)
            last = last_name if same_family else self.fake.last_name()
            first = self.first_name(relative_sex)
            relatives.append(Relative(first, last, relation, self.phone()))
        return tuple(relatives)

    def draw_problems(self, age: int, sex: str) -> tuple[Problem, ...]:
        eligible = [c for c in CONDITIONS if c.min_age <= age <= c.max_age and c.sex in (None, sex)]
        if age < 18:
            count = self.rng.choice((0, 0, 1, 1, 2))
        elif age < 40:
            count = self.rng.choice((0, 1, 1, 2))
        elif age < 65:
            count = self.rng.randint(1, 4)
        else:
            count = self.rng.randint(2, 5)
        conditions = self.rng.sample(eligible, min(count, len(eligible)))
        problems = []
        for condition in conditions:
            order_count = min(self.rng.choice((1, 1, 2)), len(condition.medications))
            orders = self.rng.sample(condition.medications, order_count)
            problems.append(Problem(condition, tuple(orders)))
        return tuple(problems)

    def primary_care(self, age: int) -> int:
        if age < 18:
            candidates = self.providers_with(("Pediatrics",))
        elif age >= 65:
            candidates = self.providers_with((*_PRIMARY_CARE, "Geriatrics"))
        else:
            candidates = self.providers_with(_PRIMARY_CARE)
        return self.rng.choice(candidates)

    # Encounters.

    def draw_encounters(self, patients: list[_PatientDraft], total: int) -> list[_EncounterDraft]:
        weights = [1 + len(p.note_patient.problems) + p.age / 30 for p in patients]
        owners = list(patients) + self.rng.choices(
            patients, weights=weights, k=total - len(patients)
        )
        drafts = [self.draw_encounter(patient) for patient in owners]
        drafts.sort(key=lambda e: (e.encounter_date, e.patient.patient_id))
        for encounter_id, draft in enumerate(drafts, start=1):
            draft.encounter_id = encounter_id
        return drafts

    def draw_encounter(self, patient: _PatientDraft) -> _EncounterDraft:
        types, weights = list(_ENCOUNTER_TYPE_WEIGHTS), list(_ENCOUNTER_TYPE_WEIGHTS.values())
        if patient.age >= 70:
            weights = [45, 10, 22, 23]
        encounter_type = self.rng.choices(types, weights=weights)[0]
        complaint = None
        acute = encounter_type in ("emergency", "inpatient") or self.rng.random() < 0.4
        if acute:
            eligible = [
                c
                for c in COMPLAINTS
                if encounter_type in c.encounter_types and c.min_age <= patient.age <= c.max_age
            ]
            complaint = self.rng.choice(eligible) if eligible else None
        reason = complaint.reason if complaint else self.routine_reason(patient, encounter_type)
        start = max(_FIRST_ENCOUNTER, patient.note_patient.date_of_birth)
        encounter_date = start + timedelta(days=self.rng.randint(0, (_LAST_ENCOUNTER - start).days))
        discharge_date = None
        if encounter_type == "inpatient":
            discharge_date = encounter_date + timedelta(days=self.rng.randint(1, 9))
        elif encounter_type == "emergency":
            discharge_date = encounter_date + timedelta(days=self.rng.choice((0, 0, 0, 1)))
        provider = self.encounter_provider(patient, encounter_type)
        return _EncounterDraft(
            patient, provider, encounter_date, discharge_date, encounter_type, reason, complaint
        )

    def routine_reason(self, patient: _PatientDraft, encounter_type: str) -> str:
        problems = patient.note_patient.problems
        if encounter_type == "telehealth" and self.rng.random() < 0.3:
            return "medication review"
        if problems and self.rng.random() < 0.8:
            return f"follow-up {self.rng.choice(problems).condition.name}"
        return "well-child check" if patient.age < 18 else "annual physical"

    def encounter_provider(self, patient: _PatientDraft, encounter_type: str) -> int:
        if encounter_type == "inpatient":
            return self.rng.choice(self.providers_with(("Hospital Medicine",)))
        if encounter_type == "emergency":
            return self.rng.choice(self.providers_with(("Emergency Medicine",)))
        problems = patient.note_patient.problems
        if encounter_type == "outpatient" and problems and self.rng.random() < 0.35:
            specialists = self.providers_with((self.rng.choice(problems).condition.specialty,))
            if specialists:
                return self.rng.choice(specialists)
        return patient.primary_care

    # Medications and labs.

    def draw_medications(self, encounters: list[_EncounterDraft]) -> list[Row]:
        by_patient: dict[int, list[_EncounterDraft]] = {}
        for encounter in encounters:
            by_patient.setdefault(encounter.patient.patient_id, []).append(encounter)
        orders: list[tuple[date, int, int, MedicationOrder, date | None]] = []
        for patient_encounters in by_patient.values():
            patient = patient_encounters[0].patient
            for problem in patient.note_patient.problems:
                for order in problem.medications:
                    prescribed = self.rng.choice(patient_encounters)
                    start = prescribed.encounter_date
                    end = None
                    if self.rng.random() < 0.2:
                        end = min(start + timedelta(days=self.rng.randint(30, 400)), REFERENCE_DATE)
                    orders.append((start, patient.patient_id, prescribed.encounter_id, order, end))
            for encounter in patient_encounters:
                if encounter.complaint is None:
                    continue
                for order in encounter.complaint.medications:
                    start = encounter.encounter_date
                    days = 0 if order.frequency.startswith("once") else self.rng.randint(3, 10)
                    end = start + timedelta(days=days)
                    orders.append((start, patient.patient_id, encounter.encounter_id, order, end))
        orders.sort(key=lambda item: (item[0], item[2], item[3].drug_name))
        return [
            (index, patient_id, encounter_id, o.drug_name, o.dose, o.route, o.frequency, start, end)
            for index, (start, patient_id, encounter_id, o, end) in enumerate(orders, start=1)
        ]

    def draw_labs(
        self, encounters: list[_EncounterDraft]
    ) -> tuple[list[Row], dict[int, tuple[LabObservation, ...]]]:
        rows: list[Row] = []
        observations: dict[int, tuple[LabObservation, ...]] = {}
        for encounter in encounters:
            panels = self.lab_panels(encounter)
            if not panels:
                continue
            collected = datetime.combine(
                encounter.encounter_date,
                datetime_time(self.rng.randint(4, 22), self.rng.randint(0, 59)),
            )
            abbreviations = {
                p.condition.abbreviation for p in encounter.patient.note_patient.problems
            }
            quoted = []
            for panel in panels:
                for short_name in _LAB_PANELS[panel]:
                    test = _LAB_TESTS[short_name]
                    value = self.lab_value(test, abbreviations)
                    flag = None
                    if test.high is not None and value > test.high:
                        flag = "H"
                    elif test.low is not None and value < test.low:
                        flag = "L"
                    rows.append(
                        (
                            len(rows) + 1,
                            encounter.patient.patient_id,
                            encounter.encounter_id,
                            test.test_name,
                            test.loinc_code,
                            value,
                            test.unit or None,
                            test.reference_range(),
                            flag,
                            collected,
                        )
                    )
                    formatted = f"{value:.{test.decimals}f}"
                    quoted.append(LabObservation(test.short_name, formatted, test.unit, flag))
            observations[encounter.encounter_id] = tuple(quoted)
        return rows, observations

    def lab_panels(self, encounter: _EncounterDraft) -> list[str]:
        panels: list[str] = []
        if encounter.complaint is not None:
            panels.extend(encounter.complaint.lab_panels)
        if encounter.encounter_type in ("inpatient", "emergency"):
            panels.extend(("bmp", "cbc"))
        elif encounter.encounter_type == "outpatient" and self.rng.random() < 0.5:
            for problem in encounter.patient.note_patient.problems:
                panels.extend(problem.condition.lab_panels)
            if encounter.reason == "annual physical":
                panels.extend(("cbc", "lipid"))
        return list(dict.fromkeys(panels))

    def lab_value(self, test: _LabTest, abbreviations: set[str]) -> float:
        shifted = [
            bounds
            for (short_name, abbreviation), bounds in _CONDITION_LAB_RANGES.items()
            if short_name == test.short_name and abbreviation in abbreviations
        ]
        if shifted:
            low, high = shifted[0]
        elif self.rng.random() < _ABNORMAL_RATE:
            low, high = self.abnormal_bounds(test)
        elif test.low is None:
            assert test.high is not None
            low, high = test.high * 0.4, test.high * 0.98
        elif test.high is None:
            low, high = test.low * 1.02, test.low * 1.9
        else:
            low, high = test.low, test.high
        return round(self.rng.uniform(low, high), test.decimals)

    def abnormal_bounds(self, test: _LabTest) -> tuple[float, float]:
        # Stay one rounding step away from the limit, so that every abnormal draw is flagged.
        step = 10.0**-test.decimals
        above = test.high is not None and (test.low is None or self.rng.random() < 0.6)
        if above:
            assert test.high is not None
            return test.high + step, test.extreme_high
        assert test.low is not None
        return test.extreme_low, test.low - step

    # Notes.

    def draft_notes(self, encounters: list[_EncounterDraft], total: int) -> list[_NoteDraft]:
        counts = [0] * len(encounters)
        if total >= len(encounters):
            counts = [1] * len(encounters)
            weights = [_NOTE_WEIGHTS[e.encounter_type] for e in encounters]
            extra = self.rng.choices(
                range(len(encounters)), weights=weights, k=total - len(encounters)
            )
            for index in extra:
                counts[index] += 1
        else:
            for index in self.rng.sample(range(len(encounters)), total):
                counts[index] = 1
        drafts = []
        for encounter, count in zip(encounters, counts, strict=True):
            drafts.extend(self.draft_encounter_notes(encounter, count))
        drafts.sort(key=lambda d: (d.note_date, d.encounter.encounter_id, d.sequence))
        return drafts

    def draft_encounter_notes(self, encounter: _EncounterDraft, count: int) -> list[_NoteDraft]:
        if count == 0:
            return []
        kind = encounter.encounter_type
        note_types = [_PRIMARY_NOTE_TYPES[kind]]
        if kind == "inpatient" and count >= 2:
            middle = self.rng.choices(_EXTRA_NOTE_TYPES[kind], k=count - 2)
            note_types += [*middle, "discharge summary"]
        else:
            note_types += self.rng.choices(_EXTRA_NOTE_TYPES[kind], k=count - 1)
        last_day = encounter.discharge_date or encounter.encounter_date
        drafts = []
        for sequence, note_type in enumerate(note_types):
            if note_type == "discharge summary":
                note_date = last_day
            elif note_type == "telephone encounter":
                note_date = last_day + timedelta(days=self.rng.randint(1, 10))
            elif sequence == 0:
                note_date = encounter.encounter_date
            else:
                span = (last_day - encounter.encounter_date).days
                note_date = encounter.encounter_date + timedelta(days=self.rng.randint(0, span))
            author = self.note_author(encounter, note_type)
            drafts.append(
                _NoteDraft(encounter, note_type, min(note_date, REFERENCE_DATE), author, sequence)
            )
        return drafts

    def note_author(self, encounter: _EncounterDraft, note_type: str) -> int:
        if note_type == "nursing note" or (
            note_type == "telephone encounter" and self.rng.random() < 0.5
        ):
            department = self.provider_departments[encounter.provider]
            nurses = self.providers_with(("Registered Nurse",))
            same_department = [n for n in nurses if self.provider_departments[n] == department]
            return self.rng.choice(same_department or nurses)
        if note_type == "consult":
            problems = encounter.patient.note_patient.problems
            specialties = tuple({p.condition.specialty for p in problems}) or ("Cardiology",)
            consultants = [p for p in self.providers_with(specialties) if p != encounter.provider]
            physicians = [
                i
                for i, p in enumerate(self.providers)
                if p.credential in ("MD", "DO") and i != encounter.provider
            ]
            return self.rng.choice(consultants or physicians)
        return encounter.provider

    def write_notes(
        self,
        drafts: list[_NoteDraft],
        labs: dict[int, tuple[LabObservation, ...]],
        staff: StaffPools,
    ) -> tuple[list[Row], dict[int, list[NoteSpan]]]:
        rows: list[Row] = []
        spans: dict[int, list[NoteSpan]] = {}
        for note_id, draft in enumerate(drafts, start=1):
            encounter = draft.encounter
            request = NoteRequest(
                note_type=draft.note_type,
                note_date=draft.note_date,
                patient=encounter.patient.note_patient,
                encounter_type=encounter.encounter_type,
                encounter_date=encounter.encounter_date,
                discharge_date=encounter.discharge_date,
                reason=encounter.reason,
                complaint=encounter.complaint,
                department=self.provider_departments[draft.author],
                author=self.providers[draft.author],
                labs=labs.get(encounter.encounter_id, ()),
                staff=staff,
            )
            body, note_spans = write_note(request, self.note_rng)
            rows.append(
                (
                    note_id,
                    encounter.encounter_id,
                    encounter.patient.patient_id,
                    draft.author + 1,
                    draft.note_date,
                    draft.note_type,
                    body,
                )
            )
            spans[note_id] = note_spans
        return rows, spans


def _generate_dataset(patients: int, notes: int, seed: int) -> Dataset:
    generator = _Generator(seed)
    provider_rows = generator.draw_providers(max(10, patients // 20))
    home_state = generator.rng.choice(_HOME_STATES)
    home_cities = [generator.fake.city() for _ in range(max(12, patients // 40))]
    patient_drafts = generator.draw_patients(patients, home_state, home_cities)
    staff = generator.draw_staff(patients, home_cities, home_state)
    encounters = generator.draw_encounters(patient_drafts, max(patients, notes * 2 // 5))
    medication_rows = generator.draw_medications(encounters)
    lab_rows, lab_observations = generator.draw_labs(encounters)
    note_rows, note_spans = generator.write_notes(
        generator.draft_notes(encounters, notes), lab_observations, staff
    )

    patient_rows: list[Row] = []
    for draft in patient_drafts:
        p = draft.note_patient
        patient_rows.append(
            (
                draft.patient_id,
                p.mrn,
                p.first_name,
                p.last_name,
                p.date_of_birth,
                p.sex,
                p.ssn,
                p.phone,
                p.email,
                p.street_address,
                p.city,
                p.state,
                p.zip,
            )
        )

    encounter_rows: list[Row] = [
        (
            e.encounter_id,
            e.patient.patient_id,
            e.provider + 1,
            e.encounter_date,
            e.discharge_date,
            e.encounter_type,
            generator.provider_departments[e.provider],
            e.reason,
        )
        for e in encounters
    ]

    return Dataset(
        seed=seed,
        patients=patient_rows,
        providers=provider_rows,
        encounters=encounter_rows,
        clinical_notes=note_rows,
        medications=medication_rows,
        lab_results=lab_rows,
        note_spans=note_spans,
        relatives={d.patient_id: d.note_patient.relatives for d in patient_drafts},
    )


def generate(
    patients: int = DEFAULT_PATIENTS,
    notes: int = DEFAULT_NOTES,
    seed: int = DEFAULT_SEED,
) -> Dataset:
    """Generate the synthetic data set.

    Providers number ``max(10, patients // 20)``. Encounters number
    ``max(patients, notes * 2 // 5)``, and every patient has at least one. Exactly
    ``notes`` notes are written.

    Raises:
        ValueError: if ``patients`` is below 1 or ``notes`` is negative.
    """
    if patients < 1:
        raise ValueError(f"patients must be at least 1, got {patients}")
    if notes < 0:
        raise ValueError(f"notes must be zero or more, got {notes}")
    started = time.perf_counter()
    dataset = _generate_dataset(patients, notes, seed)
    logger.debug(
        "Generated %d patients and %d notes with seed %d in %.2f s",
        patients,
        notes,
        seed,
        time.perf_counter() - started,
    )
    return dataset


def _foreign_key_columns(table: str) -> list[str]:
    return [column.name for column in _TABLES[table] if column.constraint.startswith("REFERENCES")]


def _table_statements(types: dict[str, str], prefix: str) -> list[str]:
    statements = []
    for table, columns in _TABLES.items():
        lines = []
        for column in columns:
            constraint = column.constraint.format(prefix=prefix)
            lines.append(f"    {column.name} {types[column.kind]} {constraint}".rstrip())
        body = ",\n".join(lines)
        statements.append(f"CREATE TABLE {prefix}{table} (\n{body}\n)")
    return statements


def _index_statements(prefix: str) -> list[str]:
    return [
        f"CREATE INDEX {table}_{column}_idx ON {prefix}{table} ({column})"
        for table in TABLE_NAMES
        for column in _foreign_key_columns(table)
    ]


def sqlite_ddl() -> str:
    """Return the SQLite script that creates every table and foreign-key index."""
    statements = _table_statements(_SQLITE_TYPES, "") + _index_statements("")
    return ";\n\n".join(statements) + ";\n"


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _quote_schema(schema: str) -> str:
    if not _IDENTIFIER.fullmatch(schema):
        raise ValueError(
            f"invalid schema name {schema!r}: use 1 to 63 letters, digits or underscores, "
            "not starting with a digit"
        )
    return f'"{schema}"'


def postgres_ddl(schema: str = "public") -> str:
    """Return the PostgreSQL script that creates every table and foreign-key index in a schema.

    The schema name is quoted, so it keeps its case.

    Raises:
        ValueError: if ``schema`` is not a plain identifier.
    """
    prefix = _quote_schema(schema) + "."
    statements = _table_statements(_POSTGRES_TYPES, prefix) + _index_statements(prefix)
    return ";\n\n".join(statements) + ";\n"


def _sqlite_value(value: Value) -> int | float | str | None:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def build_sqlite(path: str | Path, dataset: Dataset) -> None:
    """Write the data set to a new SQLite file at ``path``, replacing any file there.

    The file is built under a temporary name in the same folder, synced to disk and then
    renamed, so ``path`` never contains a partly built database. Dates are ``YYYY-MM-DD``
    text and timestamps ``YYYY-MM-DD HH:MM:SS`` text. The new file has mode 0600.
    """
    target = Path(path)
    started = time.perf_counter()
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        _write_sqlite(temporary, dataset)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)
    logger.info(
        "Built SQLite demo database %s with %d patients and %d notes in %.2f s",
        target,
        len(dataset.patients),
        len(dataset.clinical_notes),
        time.perf_counter() - started,
    )


def _write_sqlite(path: Path, dataset: Dataset) -> None:
    connection = sqlite3.connect(path)
    try:
        # The temporary file needs no journal or syncs, because a failed build deletes it.
        # build_sqlite syncs it once before the rename.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(";\n".join(_table_statements(_SQLITE_TYPES, "")))
        for table in TABLE_NAMES:
            columns = dataset.columns[table]
            placeholders = ", ".join("?" for _ in columns)
            # Table and column names come from _TABLES, never from input.
            insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            rows = dataset.rows(table)
            connection.executemany(insert, ([_sqlite_value(v) for v in row] for row in rows))
        connection.commit()
        connection.executescript(";\n".join([*_index_statements(""), "ANALYZE"]))
        connection.commit()
    finally:
        connection.close()


def _fsync_directory(folder: Path) -> None:
    """Sync a folder so that a rename inside it survives a crash, where the OS allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        # Windows cannot open a folder with os.open, so the folder is not synced there.
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _postgres_records(table: str, rows: list[Row]) -> Sequence[Sequence[object]]:
    """Return rows ready for COPY, with floats in NUMERIC columns turned into `Decimal`.

    asyncpg encodes a float for NUMERIC by its exact binary value, which stores 1.022 as
    1.02200000000000001953... The shortest repr keeps the value as generated.
    """
    numeric = [i for i, column in enumerate(_TABLES[table]) if column.kind == "numeric"]
    if not numeric:
        return rows
    records: list[list[object]] = []
    for row in rows:
        record: list[object] = list(row)
        for index in numeric:
            value = record[index]
            if isinstance(value, float):
                record[index] = Decimal(repr(value))
        records.append(record)
    return records


async def load_postgres(dsn: str, dataset: Dataset, schema: str = "public") -> None:
    """Create the tables in ``schema`` and load the data set into them with COPY.

    Existing tables of the same names are dropped first. Dropping, creating and loading
    happen in one transaction, so a failure leaves the schema as it was. The schema is
    created if it is missing. ``ANALYZE`` runs after the commit.

    Raises:
        ValueError: if ``schema`` is not a plain identifier.
        asyncpg.PostgresError: if the server rejects a statement, for example when a view
            depends on a table that must be dropped.
    """
    quoted_schema = _quote_schema(schema)
    prefix = quoted_schema + "."
    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted_schema}")
            for table in reversed(TABLE_NAMES):
                await connection.execute(f"DROP TABLE IF EXISTS {prefix}{table}")
            for statement in _table_statements(_POSTGRES_TYPES, prefix):
                await connection.execute(statement)
            for table in TABLE_NAMES:
                await connection.copy_records_to_table(
                    table,
                    records=_postgres_records(table, dataset.rows(table)),
                    columns=list(dataset.columns[table]),
                    schema_name=schema,
                )
            # Building each index once after COPY is faster than updating it row by row.
            for statement in _index_statements(prefix):
                await connection.execute(statement)
        for table in TABLE_NAMES:
            await connection.execute(f"ANALYZE {prefix}{table}")
    finally:
        await connection.close()
    logger.info(
        "Loaded demo data set into PostgreSQL schema %s: %d patients, %d notes in %.2f s",
        schema,
        len(dataset.patients),
        len(dataset.clinical_notes),
        time.perf_counter() - started,
    )
