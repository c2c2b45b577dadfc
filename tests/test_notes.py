"""Notes through the gateway: bytes, the size limit and a dictionary that follows the data.

Each test builds its own clinic (``tests.clinic``) as a SQLite file and, for ``clinic_pg``, a
PostgreSQL database read through a least-privilege role, and writes to it through a second
connection, as another application would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from phigate.config import load_config
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.results import MAX_FREE_TEXT_CHARS
from phigate.tools import ToolRunner
from tests.clinic import POLICY, build_postgres, build_sqlite, write_config
from tests.postgres import PostgresServer, unique_database_name
from tests.test_privileges import create_least_privilege_role, drop_role, unique_role_name

CONNECTIONS = ["clinic", "clinic_pg"]

# Lower-case names escape the name scan and the name cues, so only the identifier dictionary,
# built from the patients table, can find them.
NEW_NAME = "quillfeather"
RENAMED = "brackenbury"
NOTES = [
    (1, f"Discussed plan with {NEW_NAME} at bedside."),
    (2, f"Discussed plan with {RENAMED} at bedside."),
]


@dataclass
class Clinic:
    """A running gateway over one clinic, and a way to write to its database."""

    runner: ToolRunner
    connection: str
    execute: Callable[[str, tuple[Any, ...]], Awaitable[None]]

    async def query(self, sql: str) -> Any:
        return await self.runner.call("query", {"sql": sql, "connection": self.connection})


async def _admin(server: PostgresServer, statement: str) -> None:
    database = await asyncpg.connect(server.dsn())
    try:
        await database.execute(statement)
    finally:
        await database.close()


@pytest.fixture
async def clinic_for(
    tmp_path: Path, pg_server: PostgresServer
) -> AsyncIterator[Callable[[str], Awaitable[Clinic]]]:
    cleanups: list[Callable[[], Awaitable[None]]] = []

    async def make(connection: str) -> Clinic:
        sqlite_path = build_sqlite(tmp_path / "clinic.db", NOTES)
        postgres_dsn = None
        admin_dsn = ""
        if connection == "clinic_pg":
            name = unique_database_name()
            await _admin(pg_server, f'CREATE DATABASE "{name}"')
            cleanups.append(
                lambda: _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )
            admin_dsn = pg_server.dsn(name)
            await build_postgres(admin_dsn, NOTES)
            policy = tmp_path / "role-policy.yaml"
            policy.write_text(POLICY, encoding="utf-8")
            role = await create_least_privilege_role(admin_dsn, unique_role_name(), policy=policy)
            cleanups.append(lambda: drop_role(admin_dsn, role.name))
            postgres_dsn = role.dsn
        path = write_config(tmp_path, sqlite_path=sqlite_path, postgres_dsn=postgres_dsn)
        gateway = await Gateway.open(load_config(path))
        cleanups.append(gateway.close)
        runner = ToolRunner(gateway, resolve_stdio_principal(gateway.config, "cara"))

        async def execute(sql: str, parameters: tuple[Any, ...]) -> None:
            if connection == "clinic":
                with sqlite3.connect(sqlite_path) as database:
                    database.execute(sql.replace("$1", "?").replace("$2", "?"), parameters)
                database.close()
                return
            database = await asyncpg.connect(admin_dsn)
            try:
                await database.execute(sql, *parameters)
            finally:
                await database.close()

        return Clinic(runner, connection, execute)

    yield make
    for cleanup in reversed(cleanups):
        await cleanup()


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


def _bodies(result: Any) -> list[Any]:
    assert result.is_error is False, _text(result)
    return [row[1] for row in result.structured_content["rows"]]


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_blob_note_decoded_and_masked(clinic_for: Any, connection: str) -> None:
    """A note stored as UTF-8 bytes is masked as text, not as Python's repr of the bytes."""
    clinic = await clinic_for(connection)
    note = "Seen José Álvarez-Núñez today, MRN 4401237, phone 617-555-0142."
    await clinic.execute("INSERT INTO scanned_notes VALUES ($1, $2)", (1, note.encode("utf-8")))
    result = await clinic.query("SELECT note_id, body FROM scanned_notes")
    (body,) = _bodies(result)
    assert isinstance(body, str)
    assert "Álvarez" not in body
    assert "Núñez" not in body
    assert "4401237" not in body
    assert "555-0142" not in body
    assert "\\x" not in body
    assert "b'" not in body
    assert body.startswith("Seen <PERSON>")
    assert result.structured_content["withheld_cells"] == 0


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_invalid_utf8_blob_withheld(clinic_for: Any, connection: str) -> None:
    """Bytes that are not UTF-8 are withheld and counted, with a singular message for one."""
    clinic = await clinic_for(connection)
    await clinic.execute(
        "INSERT INTO scanned_notes VALUES ($1, $2)", (1, b"\xffSeen Maria Lopez \xc3(")
    )
    result = await clinic.query("SELECT note_id, body FROM scanned_notes")
    assert _bodies(result) == [None]
    assert result.structured_content["withheld_cells"] == 1
    text = _text(result)
    assert "1 cell withheld" in text
    assert "1 cells" not in text
    assert "Lopez" not in text


async def test_oversize_note_withheld(clinic_for: Any) -> None:
    """A note over MAX_FREE_TEXT_CHARS is withheld; a short note in the same result is masked."""
    clinic = await clinic_for("clinic")
    filler = "Vitals stable. "
    long_note = "Maria Lopez " + filler * (MAX_FREE_TEXT_CHARS // len(filler))
    assert len(long_note) > MAX_FREE_TEXT_CHARS
    await clinic.execute("UPDATE clinical_notes SET body = $1 WHERE note_id = 1", (long_note,))
    result = await clinic.query("SELECT note_id, body FROM clinical_notes ORDER BY note_id")
    long_body, short_body = _bodies(result)
    assert long_body is None
    assert short_body == f"Discussed plan with {RENAMED} at bedside."
    assert result.structured_content["withheld_cells"] == 1
    assert "Lopez" not in _text(result)


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_new_patient_masked_next_query(clinic_for: Any, connection: str) -> None:
    """A patient committed after the dictionary was built is masked in the very next query."""
    clinic = await clinic_for(connection)
    sql = "SELECT note_id, body FROM clinical_notes WHERE note_id = 1"

    before = _bodies(await clinic.query(sql))
    # Control: no detector other than the dictionary finds this name.
    assert before == [NOTES[0][1]]

    await clinic.execute(
        "INSERT INTO patients VALUES ($1, 'Ida', $2, '4409999')", (3, NEW_NAME.title())
    )
    after = _bodies(await clinic.query(sql))
    assert after == ["Discussed plan with <PERSON> at bedside."]


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_renamed_patient_masked_next_query(clinic_for: Any, connection: str) -> None:
    """An update of a stored name reaches the dictionary in the next query."""
    clinic = await clinic_for(connection)
    sql = "SELECT note_id, body FROM clinical_notes WHERE note_id = 2"

    assert _bodies(await clinic.query(sql)) == [NOTES[1][1]]

    await clinic.execute(
        "UPDATE patients SET last_name = $1 WHERE patient_id = $2", (RENAMED.title(), 2)
    )
    assert _bodies(await clinic.query(sql)) == ["Discussed plan with <PERSON> at bedside."]


@pytest.mark.parametrize("connection", CONNECTIONS)
async def test_dictionary_kept_while_unchanged(clinic_for: Any, connection: str) -> None:
    """Without a commit in between, the next query reuses the dictionary instead of rebuilding."""
    clinic = await clinic_for(connection)
    sql = "SELECT note_id, body FROM clinical_notes"
    await clinic.query(sql)
    state = await clinic.runner.gateway._state(connection)
    first = state.free_text
    assert first is not None

    await clinic.query(sql)
    assert state.free_text is first
