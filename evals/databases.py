"""The throwaway databases and configs the evals serve: SQLite always, PostgreSQL when local.

The SQLite file and the configs live in a temporary folder. The PostgreSQL database gets a
unique name on the server at 127.0.0.1:5432 (user ``postgres``, trust authentication) and is
dropped at the end, whatever happened. Planted notes are inserted before any server starts.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import yaml

from phigate.demo.data import Dataset, build_sqlite, load_postgres
from phigate.evals.postgres import POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER
from phigate.evals.scenarios import PlantSpec, Templates
from phigate.execution.base import quote_identifier
from phigate.policy import PolicySet, load_policy
from phigate.privileges import apply_grants, plan_grants

__all__ = [
    "CONNECTION_NAMES",
    "PlantedNote",
    "Served",
    "plan_planted_notes",
    "served_database",
]

logger = logging.getLogger(__name__)

CONNECTION_NAMES = {"sqlite": "clinic", "postgres": "clinic_pg"}
"""The connection each dialect is served as; the demo policy grants both names."""

# Short, so that the resource-abuse scenarios end quickly. phigate's default is 5000 ms.
STATEMENT_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class PlantedNote:
    """A clinical note the evals add to the database, attached to a real encounter."""

    key: str
    note_id: int
    encounter_id: int
    patient_id: int
    author_id: int
    note_date: date
    note_type: str
    body: str

    def row(self) -> tuple[int, int, int, int, date, str, str]:
        return (
            self.note_id,
            self.encounter_id,
            self.patient_id,
            self.author_id,
            self.note_date,
            self.note_type,
            self.body,
        )


@dataclass(frozen=True)
class Served:
    """One database ready to serve: its dialect, connection name and config file."""

    dialect: str
    connection: str
    config: Path
    audit: Path


def plan_planted_notes(dataset: Dataset, plants: Iterable[PlantSpec]) -> list[PlantedNote]:
    """Give each planted note an id after the last generated note and a real encounter.

    The note is attached to the patient's first encounter, written by that encounter's
    provider on its date. Placeholders in the text are filled from the data set.

    Raises:
        ValueError: a planted note names a patient the data set lacks, or two share a key.
    """
    next_id = max((int(str(row[0])) for row in dataset.clinical_notes), default=0) + 1
    first_encounter: dict[int, tuple[int, int, date]] = {}
    for row in dataset.encounters:
        encounter_id, patient_id, provider_id, when = row[0], row[1], row[2], row[3]
        assert isinstance(when, date)
        key = int(str(patient_id))
        if key not in first_encounter or when < first_encounter[key][2]:
            first_encounter[key] = (int(str(encounter_id)), int(str(provider_id)), when)
    templates = Templates(dataset)
    planted: list[PlantedNote] = []
    keys: set[str] = set()
    for plant in plants:
        if plant.key in keys:
            raise ValueError(f"planted note key {plant.key!r} is used twice")
        keys.add(plant.key)
        encounter = first_encounter.get(plant.patient)
        if encounter is None:
            raise ValueError(
                f"planted note {plant.key!r}: patient {plant.patient} is not in the data set "
                f"({len(dataset.patients)} patients); use a smaller patient number"
            )
        body = templates.fill(plant.text, [])
        encounter_id, provider_id, when = encounter
        planted.append(
            PlantedNote(
                plant.key,
                next_id,
                encounter_id,
                plant.patient,
                provider_id,
                when,
                plant.note_type,
                body,
            )
        )
        next_id += 1
    return planted


def _write_config(
    folder: Path,
    dialect: str,
    *,
    database: Path | None,
    dsn: str | None,
    policy: Path,
    principals: Mapping[str, list[str]],
) -> Served:
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "masking.key"
    key.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    key.chmod(0o600)
    name = CONNECTION_NAMES[dialect]
    connection: dict[str, object]
    if dialect == "sqlite":
        connection = {
            "dialect": "sqlite",
            "path": str(database),
            "statement_timeout_ms": STATEMENT_TIMEOUT_MS,
        }
    else:
        (folder / "dsn.txt").write_text(f"{dsn}\n", encoding="utf-8")
        connection = {
            "dialect": "postgres",
            "dsn": {"file": "dsn.txt"},
            "statement_timeout_ms": STATEMENT_TIMEOUT_MS,
        }
    config = {
        "connections": {name: connection},
        "default_connection": name,
        "policies": [str(policy.resolve())],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "masking.key"}},
        "principals": {
            principal: {"groups": list(groups)} for principal, groups in principals.items()
        },
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return Served(dialect, name, path, folder / "audit.db")


def _plant_sqlite(path: Path, planted: list[PlantedNote]) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executemany(
            "INSERT INTO clinical_notes (note_id, encounter_id, patient_id, author_id, "
            "note_date, note_type, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*note.row()[:4], note.note_date.isoformat(), *note.row()[5:]) for note in planted],
        )
        connection.commit()
    finally:
        connection.close()


async def _plant_postgres(dsn: str, planted: list[PlantedNote]) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.executemany(
            "INSERT INTO clinical_notes (note_id, encounter_id, patient_id, author_id, "
            "note_date, note_type, body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            [note.row() for note in planted],
        )
    finally:
        await connection.close()


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database="postgres"
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def served_database(
    dialect: str,
    workdir: Path,
    dataset: Dataset,
    planted: list[PlantedNote],
    *,
    policy: Path,
    principals: Mapping[str, list[str]],
) -> AsyncIterator[Served]:
    """Build the database of ``dialect`` with the planted notes and yield its config.

    Raises:
        OSError: PostgreSQL cannot be reached.
        asyncpg.PostgresError: the server rejected creating or loading the database.
    """
    folder = workdir / dialect
    folder.mkdir(parents=True, exist_ok=True)
    if dialect == "sqlite":
        database = folder / "clinic.db"
        await asyncio.to_thread(build_sqlite, database, dataset)
        if planted:
            _plant_sqlite(database, planted)
        yield _write_config(
            folder, dialect, database=database, dsn=None, policy=policy, principals=principals
        )
        return
    name = f"phigate_evals_{uuid.uuid4().hex[:12]}"
    role = name
    await _admin(f'CREATE DATABASE "{name}"')
    logger.info("created PostgreSQL database %s", name)
    try:
        dsn = f"postgresql://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
        await load_postgres(dsn, dataset)
        if planted:
            await _plant_postgres(dsn, planted)
        await _create_reader_role(dsn, role, policy)
        reader = f"postgresql://{role}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
        yield _write_config(
            folder, dialect, database=None, dsn=reader, policy=policy, principals=principals
        )
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await _admin(f"DROP ROLE IF EXISTS {quote_identifier(role)}")
        logger.info("dropped PostgreSQL database and role %s", name)


async def _create_reader_role(dsn: str, role: str, policy: Path) -> None:
    """Create ``role`` with the grants of ``phigate db grants --apply``.

    phigate does not start on a superuser connection, so the eval serves PostgreSQL as a
    least-privilege role, as a deployment would.
    """
    policies = PolicySet.from_files([(policy, await asyncio.to_thread(load_policy, policy))])
    connection = await asyncpg.connect(dsn)
    try:
        plan = await plan_grants(
            connection,
            policy=policies,
            connection_name=CONNECTION_NAMES["postgres"],
            schema="public",
            role=role,
            statement_timeout_ms=STATEMENT_TIMEOUT_MS,
        )
        await apply_grants(connection, plan)
    finally:
        await connection.close()
