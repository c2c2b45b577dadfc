"""A small clinic for free-text tests: patients and notes on SQLite and PostgreSQL.

The demo data set is shared by the whole session, so tests that write rows, or need notes in
bytes, use this one: each test gets its own SQLite file and its own PostgreSQL database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import asyncpg
import yaml

POLICY = """\
version: 1
classification:
  patients: {patient_id: none, first_name: name, last_name: name, mrn: mrn}
  clinical_notes: {note_id: none, body: free_text}
  scanned_notes: {note_id: none, body: free_text}
groups:
  care:
    connections: [clinic, clinic_pg]
    tables: {patients: , clinical_notes: , scanned_notes: }
    treatment: {name: allow, mrn: allow, free_text: {mask: free_text}}
"""

PATIENTS = [(1, "Maria", "Lopez", "4401237"), (2, "Ahmed", "Karimi", "4401238")]

_SQLITE_DDL = """
CREATE TABLE patients (patient_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
    mrn TEXT);
CREATE TABLE clinical_notes (note_id INTEGER PRIMARY KEY, body TEXT);
CREATE TABLE scanned_notes (note_id INTEGER PRIMARY KEY, body BLOB);
"""

_POSTGRES_DDL = """
CREATE TABLE patients (patient_id integer PRIMARY KEY, first_name text, last_name text,
    mrn text);
CREATE TABLE clinical_notes (note_id integer PRIMARY KEY, body text);
CREATE TABLE scanned_notes (note_id integer PRIMARY KEY, body bytea);
"""


def build_sqlite(path: Path, notes: list[tuple[int, str]]) -> Path:
    """Create the clinic as a SQLite file with ``notes`` in clinical_notes."""
    with sqlite3.connect(path) as database:
        database.executescript(_SQLITE_DDL)
        database.executemany("INSERT INTO patients VALUES (?, ?, ?, ?)", PATIENTS)
        database.executemany("INSERT INTO clinical_notes VALUES (?, ?)", notes)
    database.close()
    return path


async def build_postgres(admin_dsn: str, notes: list[tuple[int, str]]) -> None:
    """Create the clinic's tables in the (empty) database of ``admin_dsn``."""
    database = await asyncpg.connect(admin_dsn)
    try:
        await database.execute(_POSTGRES_DDL)
        await database.executemany("INSERT INTO patients VALUES ($1, $2, $3, $4)", PATIENTS)
        await database.executemany("INSERT INTO clinical_notes VALUES ($1, $2)", notes)
    finally:
        await database.close()


def write_config(
    folder: Path,
    *,
    sqlite_path: Path,
    postgres_dsn: str | None = None,
    masking: dict[str, Any] | None = None,
) -> Path:
    """Write the clinic's policy and a config for principal ``cara`` into ``folder``."""
    policy = folder / "policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    (folder / "masking.key").write_text("k" * 64 + "\n", encoding="utf-8")
    connections: dict[str, Any] = {"clinic": {"dialect": "sqlite", "path": str(sqlite_path)}}
    if postgres_dsn is not None:
        (folder / "dsn.txt").write_text(postgres_dsn + "\n", encoding="utf-8")
        connections["clinic_pg"] = {"dialect": "postgres", "dsn": {"file": "dsn.txt"}}
    config = {
        "connections": connections,
        "policies": [str(policy)],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "masking.key"}, **(masking or {})},
        "principals": {"cara": {"groups": ["care"]}},
        "default_principal": "cara",
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
