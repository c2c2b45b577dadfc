"""Tests for the synthetic clinical data set, its note labels and its loaders."""

from __future__ import annotations

import dataclasses
import random
import re
import sqlite3
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg
import pytest

from phigate.demo.data import (
    REFERENCE_DATE,
    TABLE_COLUMNS,
    TABLE_NAMES,
    Dataset,
    Row,
    Value,
    build_sqlite,
    generate,
    load_postgres,
    postgres_ddl,
    sqlite_ddl,
)
from phigate.demo.notes import NOTE_TYPES, SPAN_KINDS, NoteWriter, Phi, age_in_years, format_date

PATIENTS = 50
NOTES = 300
SEED = 11
FOREIGN_KEY_INDEXES = {
    "encounters_patient_id_idx",
    "encounters_provider_id_idx",
    "clinical_notes_encounter_id_idx",
    "clinical_notes_patient_id_idx",
    "clinical_notes_author_id_idx",
    "medications_patient_id_idx",
    "medications_encounter_id_idx",
    "lab_results_patient_id_idx",
    "lab_results_encounter_id_idx",
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """A small data set shared by the tests that only read it."""
    return generate(PATIENTS, NOTES, SEED)


def _by_id(rows: list[Row]) -> dict[Value, Row]:
    return {row[0]: row for row in rows}


def _with_duplicate_mrn(dataset: Dataset) -> Dataset:
    """Return a copy whose second patient reuses the first patient's MRN."""
    patients = list(dataset.patients)
    patients[1] = (patients[1][0], patients[0][1], *patients[1][2:])
    return dataclasses.replace(dataset, patients=patients)


# Generation.


def test_generate_is_deterministic() -> None:
    """Two runs with the same arguments give identical rows and labels."""
    first = generate(PATIENTS, NOTES, SEED)
    second = generate(PATIENTS, NOTES, SEED)
    for table in TABLE_NAMES:
        assert first.rows(table) == second.rows(table), table
    assert first.note_spans == second.note_spans
    assert first.relatives == second.relatives


def test_generate_seed_changes_output() -> None:
    """A different seed gives different patients and notes."""
    first = generate(PATIENTS, NOTES, SEED)
    second = generate(PATIENTS, NOTES, SEED + 1)
    assert first.patients != second.patients
    assert first.clinical_notes != second.clinical_notes


@pytest.mark.parametrize(
    ("patients", "notes", "providers"),
    [(50, 300, 10), (1, 0, 10), (30, 5, 10), (400, 200, 20)],
)
def test_generate_honours_sizes(patients: int, notes: int, providers: int) -> None:
    """Patient, note and provider counts follow the arguments."""
    data = generate(patients, notes, SEED)
    assert len(data.patients) == patients
    assert len(data.clinical_notes) == notes
    assert len(data.providers) == providers
    assert len(data.encounters) == max(patients, notes * 2 // 5)
    assert len(data.note_spans) == notes
    patients_seen = {row[1] for row in data.encounters}
    assert patients_seen == {row[0] for row in data.patients}


@pytest.mark.parametrize(("patients", "notes"), [(0, 10), (-1, 0), (10, -1)])
def test_generate_rejects_invalid_sizes(patients: int, notes: int) -> None:
    """Sizes below the minimum raise ValueError."""
    with pytest.raises(ValueError, match="must be"):
        generate(patients, notes, SEED)


def test_rows_match_columns(dataset: Dataset) -> None:
    """Every row has one value per column, and ids count up from 1."""
    assert dataset.columns == TABLE_COLUMNS
    for table in TABLE_NAMES:
        rows = dataset.rows(table)
        assert rows, table
        for row in rows:
            assert len(row) == len(TABLE_COLUMNS[table]), table
        assert [row[0] for row in rows] == list(range(1, len(rows) + 1)), table


def test_rows_unknown_table_raises(dataset: Dataset) -> None:
    """Asking for a table that does not exist raises ValueError."""
    with pytest.raises(ValueError, match="unknown table 'visits'"):
        dataset.rows("visits")


def test_patient_identifier_formats(dataset: Dataset) -> None:
    """MRN, SSN, phone, ZIP and sex have the documented formats, and MRNs are unique."""
    for row in dataset.patients:
        _id, mrn, _first, _last, born, sex, ssn, phone, email, _street, _city, state, zip_code = row
        assert re.fullmatch(r"MRN\d{7}", str(mrn)), mrn
        assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", str(ssn)), ssn
        assert re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", str(phone)), phone
        assert re.fullmatch(r"\d{5}", str(zip_code)), zip_code
        assert re.fullmatch(r"[A-Z]{2}", str(state)), state
        assert re.fullmatch(r"[a-z0-9.]+@[a-z.]*example\.(com|net|org)", str(email)), email
        assert sex in ("F", "M")
        assert isinstance(born, date)
    mrns = [row[1] for row in dataset.patients]
    assert len(set(mrns)) == len(mrns)


def test_patient_ages_span_full_range() -> None:
    """Ages run from infants to 100, with some patients over 89."""
    data = generate(400, 0, SEED)
    ages = [age_in_years(row[4], REFERENCE_DATE) for row in data.patients]  # type: ignore[arg-type]
    assert min(ages) < 2
    assert max(ages) <= 100
    assert sum(age > 89 for age in ages) >= 10
    assert sum(age < 18 for age in ages) >= 30


def test_provider_npis_pass_luhn_check(dataset: Dataset) -> None:
    """Every NPI is 10 digits and passes the Luhn check with the 80840 prefix."""
    for row in dataset.providers:
        npi = str(row[1])
        assert re.fullmatch(r"[12]\d{9}", npi), npi
        digits = [int(d) for d in "80840" + npi]
        total = 0
        for position, digit in enumerate(reversed(digits)):
            doubled = digit * 2 if position % 2 == 1 else digit
            total += doubled - 9 if doubled > 9 else doubled
        assert total % 10 == 0, npi


def test_rows_are_consistent(dataset: Dataset) -> None:
    """Foreign keys resolve, and dates and types agree across tables."""
    patients = _by_id(dataset.patients)
    providers = _by_id(dataset.providers)
    encounters = _by_id(dataset.encounters)
    for (
        _id,
        patient_id,
        provider_id,
        started,
        discharged,
        kind,
        _dept,
        reason,
    ) in encounters.values():
        assert patient_id in patients
        assert provider_id in providers
        assert kind in ("outpatient", "inpatient", "emergency", "telehealth")
        assert isinstance(started, date)
        assert reason
        if kind in ("inpatient", "emergency"):
            assert isinstance(discharged, date)
            assert discharged >= started
        else:
            assert discharged is None
    for (
        note_id,
        encounter_id,
        patient_id,
        author_id,
        note_date,
        note_type,
        body,
    ) in dataset.clinical_notes:
        encounter = encounters[encounter_id]
        assert encounter[1] == patient_id, note_id
        assert author_id in providers
        assert note_type in NOTE_TYPES
        assert isinstance(note_date, date)
        assert encounter[3] <= note_date <= REFERENCE_DATE  # type: ignore[operator]
        assert isinstance(body, str)
    for row in dataset.medications:
        assert encounters[row[2]][1] == row[1]
        assert row[8] is None or row[8] >= row[7]  # type: ignore[operator]
    for row in dataset.lab_results:
        assert encounters[row[2]][1] == row[1]
        assert isinstance(row[5], float)
        assert isinstance(row[9], datetime)
        assert row[8] in (None, "H", "L")


def test_lab_flags_match_reference_ranges(dataset: Dataset) -> None:
    """A lab value is flagged H above its range, L below it and not at all inside it."""
    for row in dataset.lab_results:
        value, reference, flag = row[5], str(row[7]), row[8]
        assert isinstance(value, float)
        if reference.startswith("<"):
            low, high = None, float(reference[1:])
        elif reference.startswith(">="):
            low, high = float(reference[2:]), None
        else:
            low_text, high_text = reference.split("-")
            low, high = float(low_text), float(high_text)
        expected = None
        if high is not None and value > high:
            expected = "H"
        elif low is not None and value < low:
            expected = "L"
        assert flag == expected, row


def test_patient_phi_matches_rows(dataset: Dataset) -> None:
    """The canary helper returns each patient's own row values and relatives."""
    phi = dataset.patient_phi()
    assert set(phi) == {row[0] for row in dataset.patients}
    for row in dataset.patients:
        entry = phi[row[0]]  # type: ignore[index]
        assert entry.mrn == row[1]
        assert entry.full_name == f"{row[2]} {row[3]}"
        assert entry.date_of_birth == row[4].isoformat()  # type: ignore[union-attr]
        assert entry.ssn == row[6]
        assert entry.phone == row[7]
        assert entry.email == row[8]
        assert entry.street_address == row[9]
        assert entry.zip == row[12]
        relatives = dataset.relatives[row[0]]  # type: ignore[index]
        assert entry.relative_phones == tuple(r.phone for r in relatives)
        for value in (entry.mrn, entry.ssn, entry.email, *entry.relative_names):
            assert value in entry.values()


# Notes.


def test_every_span_matches_body(dataset: Dataset) -> None:
    """Each span's text is exactly the body slice it points at, in order and without overlap."""
    bodies = {row[0]: str(row[6]) for row in dataset.clinical_notes}
    assert set(dataset.note_spans) == set(bodies)
    for note_id, spans in dataset.note_spans.items():
        body = bodies[note_id]
        assert spans, note_id
        previous_end = 0
        for span in spans:
            assert body[span.start : span.end] == span.text, (note_id, span)
            assert span.start < span.end
            assert span.start >= previous_end, (note_id, span)
            assert span.kind in SPAN_KINDS
            previous_end = span.end


_DATE_SHAPES = (
    r"\d{1,2}/\d{1,2}(/\d{2}|/\d{4})?",
    r"\d{4}-\d{2}-\d{2}",
    r"[A-Z][a-z]+ \d{1,2}(, \d{4})?",
    r"\d{1,2} [A-Z][a-z]{2} \d{4}",
)
_SPAN_SHAPES = {
    "mrn": r"MRN\d{7}",
    "phone": r"\(\d{3}\) \d{3}-\d{4}",
    "ssn": r"\d{3}-\d{2}-\d{4}",
    "zip": r"\d{5}",
    "age": r"\d{2,3}",
    "email": r"[a-z0-9.]+@[a-z.]*example\.(com|net|org)",
    "url": r"https://portal\.example\.org/share/[A-Z0-9]{8}",
    "account": r"\d{10}|[A-Z]{3}\d{9}",
    "name": r"[A-Za-z][A-Za-z' .,-]*",
    "city": r"[A-Za-z][A-Za-z' .-]*",
    "facility": r"[A-Za-z][A-Za-z' .-]*",
    "address": r"\d+ [A-Za-z0-9' .-]+",
    "date": "|".join(f"({shape})" for shape in _DATE_SHAPES),
}


def test_span_texts_have_kind_shape(dataset: Dataset) -> None:
    """Each span's text, with line breaks read as spaces, has the shape of its kind."""
    assert set(_SPAN_SHAPES) == SPAN_KINDS
    for note_id, spans in dataset.note_spans.items():
        for span in spans:
            text = span.text.replace("\n", " ")
            pattern = _SPAN_SHAPES[span.kind]
            assert re.fullmatch(pattern, text, re.IGNORECASE), (note_id, span)


def test_spans_match_body_at_default_seed() -> None:
    """Spans stay exact and well shaped across a larger sample with the default seed."""
    data = generate(200, 2000)
    for row in data.clinical_notes:
        body = str(row[6])
        for span in data.note_spans[row[0]]:  # type: ignore[index]
            assert body[span.start : span.end] == span.text, (row[0], span)
            text = span.text.replace("\n", " ")
            assert re.fullmatch(_SPAN_SHAPES[span.kind], text, re.IGNORECASE), (row[0], span)


def test_notes_mention_patient_name_and_mrn(dataset: Dataset) -> None:
    """Many notes name their own patient, and the MRN spans carry that patient's MRN."""
    phi = dataset.patient_phi()
    with_name = 0
    with_mrn = 0
    for row in dataset.clinical_notes:
        patient = phi[row[2]]  # type: ignore[index]
        body = str(row[6]).replace("\n", " ").lower()
        with_name += patient.last_name.lower() in body or patient.first_name.lower() in body
        with_mrn += patient.mrn in str(row[6])
        for span in dataset.note_spans[row[0]]:  # type: ignore[index]
            if span.kind == "mrn":
                assert span.text == patient.mrn
    assert with_name >= 0.6 * NOTES
    assert with_mrn >= 0.2 * NOTES


def test_notes_use_name_forms(dataset: Dataset) -> None:
    """Notes refer to patients by full name, by last name after a title, and in capitals."""
    phi = dataset.patient_phi()
    full_names = 0
    titled = 0
    capitals = 0
    for row in dataset.clinical_notes:
        patient = phi[row[2]]  # type: ignore[index]
        body = str(row[6])
        full_names += f"{patient.first_name} {patient.last_name}" in body
        titled += bool(re.search(rf"\b(Mr|Ms)\. {re.escape(patient.last_name)}\b", body))
        capitals += patient.last_name.upper() in body
    assert full_names > 0
    assert titled > 0
    assert capitals > 0


def test_notes_use_varied_date_forms(dataset: Dataset) -> None:
    """Date spans appear as 03/14/2024, 2024-01-05, March 14, 14 Mar 2024 and 3/14."""
    texts = [s.text for spans in dataset.note_spans.values() for s in spans if s.kind == "date"]
    patterns = {
        "padded": r"\d{2}/\d{2}/\d{4}",
        "iso": r"\d{4}-\d{2}-\d{2}",
        "month day": r"[A-Z][a-z]+ \d{1,2}",
        "day month year": r"\d{1,2} [A-Z][a-z]{2} \d{4}",
        "month/day": r"\d{1,2}/\d{1,2}",
    }
    for label, pattern in patterns.items():
        assert any(re.fullmatch(pattern, text) for text in texts), label


def test_notes_mention_relatives_and_staff(dataset: Dataset) -> None:
    """Notes name relatives with their phone numbers and name staff the database lacks."""
    phi = dataset.patient_phi()
    provider_names = {f"{row[2]} {row[3]}" for row in dataset.providers}
    relative_with_phone = 0
    outside_names: set[str] = set()
    for row in dataset.clinical_notes:
        patient = phi[row[2]]  # type: ignore[index]
        body = str(row[6]).replace("\n", " ")
        for name, phone in zip(patient.relative_names, patient.relative_phones, strict=True):
            relative_with_phone += bool(
                re.search(re.escape(name) + r".{0,40}" + re.escape(phone), body)
            )
        for span in dataset.note_spans[row[0]]:  # type: ignore[index]
            known = span.text in provider_names or span.text in patient.values()
            if span.kind == "name" and " " in span.text and not known:
                outside_names.add(span.text)
    assert relative_with_phone > 0
    assert len(outside_names) >= 10


def test_notes_include_rare_identifiers() -> None:
    """Across enough notes every span kind occurs at least once."""
    data = generate(200, 2000)
    kinds = Counter(s.kind for spans in data.note_spans.values() for s in spans)
    for kind in SPAN_KINDS:
        assert kinds[kind] > 0, kind


def test_age_spans_cover_only_ages_over_89(dataset: Dataset) -> None:
    """Every age span is a number above 89, and patients that old get age spans."""
    ages = [int(s.text) for spans in dataset.note_spans.values() for s in spans if s.kind == "age"]
    assert ages
    assert min(ages) >= 90
    assert max(ages) <= 101


def test_notes_have_layout_variants(dataset: Dataset) -> None:
    """Some notes are all capitals and some identifiers are split across a line break."""
    bodies = [str(row[6]) for row in dataset.clinical_notes]
    assert any(body == body.upper() for body in bodies)
    split = [s for spans in dataset.note_spans.values() for s in spans if "\n" in s.text]
    assert split


def test_note_lengths_are_typical(dataset: Dataset) -> None:
    """At least nine notes in ten are between 400 and 1,500 characters long."""
    lengths = [len(str(row[6])) for row in dataset.clinical_notes]
    assert min(lengths) >= 400
    assert sum(400 <= length <= 1500 for length in lengths) >= 0.9 * len(lengths)


def test_notes_cover_every_type(dataset: Dataset) -> None:
    """Every note type occurs in a data set of a few hundred notes."""
    assert {row[5] for row in dataset.clinical_notes} == set(NOTE_TYPES)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("mdy_padded", "03/04/2024"),
        ("iso", "2024-03-04"),
        ("month_day", "March 4"),
        ("month_day_year", "March 4, 2024"),
        ("day_month_year", "4 Mar 2024"),
        ("month_slash_day", "3/4"),
        ("mdy_short", "3/4/24"),
        ("mdy", "3/4/2024"),
    ],
)
def test_format_date_styles(style: str, expected: str) -> None:
    """Each date style writes 4 March 2024 in its documented form."""
    assert format_date(date(2024, 3, 4), style) == expected


def test_format_date_unknown_style_raises() -> None:
    """An unknown style raises ValueError naming the style."""
    with pytest.raises(ValueError, match="unknown date style 'roman'"):
        format_date(date(2024, 3, 4), "roman")


def test_note_writer_typos_spare_identifiers() -> None:
    """Typos change template words but never an identifier or its span."""
    writer = NoteWriter(random.Random(3), typo_rate=1.0)
    writer.say(
        "Patient received medications from daughter {name} yesterday.",
        name=Phi("name", "Margaret Holloway"),
    )
    body = writer.body()
    assert "Patient received medications" not in body
    assert [s.text for s in writer.spans] == ["Margaret Holloway"]
    span = writer.spans[0]
    assert body[span.start : span.end] == "Margaret Holloway"


def test_note_writer_capitals_update_spans() -> None:
    """In a capitals block both text and identifiers are upper case, and spans follow."""
    writer = NoteWriter(random.Random(3))
    writer.text("Seen with ")
    with writer.capitals():
        writer.say("wife {name} at {phone}.", name=Phi("name", "Ann Lee"), phone=Phi("phone", "x"))
    writer.text(" ok")
    body = writer.body()
    assert body == "Seen with WIFE ANN LEE AT X. ok"
    assert [body[s.start : s.end] for s in writer.spans] == ["ANN LEE", "X"]
    assert [s.text for s in writer.spans] == ["ANN LEE", "X"]


# SQLite.


def test_build_sqlite_row_counts_and_columns(dataset: Dataset, tmp_path: Path) -> None:
    """The SQLite file contains every table with its columns, rows and valid foreign keys."""
    path = tmp_path / "demo.db"
    build_sqlite(path, dataset)
    connection = sqlite3.connect(path)
    try:
        for table in TABLE_NAMES:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            assert tuple(columns) == TABLE_COLUMNS[table]
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert count == len(dataset.rows(table)), table
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        assert indexes >= FOREIGN_KEY_INDEXES
    finally:
        connection.close()


def test_build_sqlite_stores_iso_dates(dataset: Dataset, tmp_path: Path) -> None:
    """Dates are YYYY-MM-DD text, timestamps YYYY-MM-DD HH:MM:SS, and values round-trip."""
    path = tmp_path / "demo.db"
    build_sqlite(path, dataset)
    connection = sqlite3.connect(path)
    try:
        born, kind = connection.execute(
            "SELECT date_of_birth, typeof(date_of_birth) FROM patients WHERE patient_id = 1"
        ).fetchone()
        assert kind == "text"
        assert born == dataset.patients[0][4].isoformat()  # type: ignore[union-attr]
        collected = connection.execute(
            "SELECT collected_at FROM lab_results WHERE lab_result_id = 1"
        ).fetchone()[0]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", collected)
        body = connection.execute("SELECT body FROM clinical_notes WHERE note_id = 7").fetchone()[0]
        assert body == dataset.clinical_notes[6][6]
        value = connection.execute(
            "SELECT value FROM lab_results WHERE lab_result_id = 2"
        ).fetchone()[0]
        assert value == dataset.lab_results[1][5]
    finally:
        connection.close()


def test_build_sqlite_replaces_existing_file(dataset: Dataset, tmp_path: Path) -> None:
    """Building over an existing file replaces it and leaves no temporary file."""
    path = tmp_path / "demo.db"
    path.write_text("not a database")
    build_sqlite(str(path), dataset)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM patients").fetchone()[0] == PATIENTS
    finally:
        connection.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]


def test_build_sqlite_failure_keeps_old_file(dataset: Dataset, tmp_path: Path) -> None:
    """A failed build leaves the previous file untouched and removes its temporary file."""
    path = tmp_path / "demo.db"
    build_sqlite(path, dataset)
    before = path.read_bytes()
    with pytest.raises(sqlite3.IntegrityError):
        build_sqlite(path, _with_duplicate_mrn(dataset))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]


def test_sqlite_ddl_creates_tables_and_indexes() -> None:
    """The published SQLite script runs on an empty database and creates every object."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(sqlite_ddl())
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert tables == set(TABLE_NAMES)
        indexes = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%_idx'"
            )
        }
        assert indexes == FOREIGN_KEY_INDEXES
    finally:
        connection.close()


# PostgreSQL.


async def test_load_postgres_row_counts_and_types(dataset: Dataset, postgres_dsn: str) -> None:
    """Loading creates typed tables with foreign-key indexes and every row."""
    await load_postgres(postgres_dsn, dataset)
    connection = await asyncpg.connect(postgres_dsn)
    try:
        for table in TABLE_NAMES:
            count = await connection.fetchval(f"SELECT count(*) FROM public.{table}")
            assert count == len(dataset.rows(table)), table
            columns = await connection.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
                table,
            )
            assert tuple(row["column_name"] for row in columns) == TABLE_COLUMNS[table]
        type_rows = await connection.fetch(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name IN ('patients', 'lab_results')"
        )
        types = {row["column_name"]: row["data_type"] for row in type_rows}
        assert types["date_of_birth"] == "date"
        assert types["collected_at"] == "timestamp without time zone"
        assert types["value"] == "numeric"
        indexes = {
            row["indexname"]
            for row in await connection.fetch(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
            )
        }
        assert indexes >= FOREIGN_KEY_INDEXES
        value = await connection.fetchval("SELECT value FROM lab_results WHERE lab_result_id = 1")
        assert value == Decimal(repr(dataset.lab_results[0][5]))
        body = await connection.fetchval("SELECT body FROM clinical_notes WHERE note_id = 3")
        assert body == dataset.clinical_notes[2][6]
    finally:
        await connection.close()


async def test_load_postgres_reloads_into_named_schema(dataset: Dataset, postgres_dsn: str) -> None:
    """Loading twice into a new schema replaces the tables and leaves public empty."""
    await load_postgres(postgres_dsn, dataset, schema="demo_h1")
    smaller = generate(10, 20, SEED)
    await load_postgres(postgres_dsn, smaller, schema="demo_h1")
    connection = await asyncpg.connect(postgres_dsn)
    try:
        assert await connection.fetchval("SELECT count(*) FROM demo_h1.patients") == 10
        assert await connection.fetchval("SELECT count(*) FROM demo_h1.clinical_notes") == 20
        public_tables = await connection.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert public_tables == 0
    finally:
        await connection.close()


async def test_load_postgres_failure_rolls_back(dataset: Dataset, postgres_dsn: str) -> None:
    """A load that fails halfway leaves the earlier tables and rows in place."""
    await load_postgres(postgres_dsn, dataset)
    with pytest.raises(asyncpg.UniqueViolationError):
        await load_postgres(postgres_dsn, _with_duplicate_mrn(generate(10, 20, SEED)))
    connection = await asyncpg.connect(postgres_dsn)
    try:
        count = await connection.fetchval("SELECT count(*) FROM clinical_notes")
        assert count == NOTES
    finally:
        await connection.close()


@pytest.mark.parametrize("schema", ["", "1demo", "demo; DROP TABLE x", 'demo"', "a" * 64])
async def test_load_postgres_rejects_invalid_schema(
    dataset: Dataset, postgres_dsn: str, schema: str
) -> None:
    """A schema name that is not a plain identifier raises ValueError before any SQL runs."""
    with pytest.raises(ValueError, match="invalid schema name"):
        await load_postgres(postgres_dsn, dataset, schema=schema)


def test_postgres_ddl_qualifies_schema() -> None:
    """The PostgreSQL script creates every table in the quoted schema with real date types."""
    ddl = postgres_ddl("Demo")
    for table in TABLE_NAMES:
        assert f'CREATE TABLE "Demo".{table} (' in ddl
    assert "date_of_birth DATE" in ddl
    assert "collected_at TIMESTAMP" in ddl
    assert "value NUMERIC" in ddl
    assert 'REFERENCES "Demo".patients (patient_id)' in ddl
