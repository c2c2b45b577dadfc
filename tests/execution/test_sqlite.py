"""The SQLite backend against real database files in a temporary folder."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from phigate.config import SqliteConnection
from phigate.errors import ExecutionError
from phigate.execution import EngineAccess, SqliteBackend, open_backend

SCHEMA_SQL = """
CREATE TABLE patients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    ssn TEXT,
    born DATE,
    initial TEXT GENERATED ALWAYS AS (substr(name, 1, 1)) VIRTUAL
);
INSERT INTO patients (id, name, ssn, born) VALUES
    (1, 'Ada', '123-45-6789', '1960-02-01'),
    (2, 'Ben', NULL, '1971-03-04'),
    (3, 'Cy', '987-65-4321', NULL),
    (4, 'Ada', NULL, NULL),
    (5, 'Dee', NULL, NULL);
CREATE TABLE visits (id INTEGER PRIMARY KEY AUTOINCREMENT, patient_id INTEGER, note TEXT);
INSERT INTO visits (patient_id, note) VALUES (1, 'flu');
CREATE VIEW patient_names AS SELECT id, name FROM patients;
CREATE TABLE blobs (data BLOB);
INSERT INTO blobs VALUES (x'ff36373839');
"""

ACCESS = EngineAccess(
    columns={"patients": frozenset({"id", "name"})},
    functions=frozenset({"count", "upper"}),
)


def make_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA_SQL)
    connection.close()
    return path


def read_names(path: Path) -> list[tuple[object, ...]]:
    """Read the patients table through a separate connection, to see the file's content."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, name FROM patients ORDER BY id").fetchall()
    connection.close()
    return rows


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A database file with the tables of SCHEMA_SQL."""
    return make_database(tmp_path / "clinic.db")


@pytest.fixture
async def backend(database: Path) -> AsyncIterator[SqliteBackend]:
    """A started backend on the database file."""
    backend = SqliteBackend("test", database, statement_timeout_ms=2000)
    await backend.start()
    try:
        yield backend
    finally:
        await backend.close()


async def denied(backend: SqliteBackend, sql: str, access: EngineAccess = ACCESS) -> ExecutionError:
    """Run ``sql`` and return the ExecutionError it must raise."""
    with pytest.raises(ExecutionError) as caught:
        await backend.run(sql, max_rows=10, access=access)
    return caught.value


async def test_run_returns_rows(backend: SqliteBackend) -> None:
    """Listed columns are readable and come back as tuples with their column names."""
    result = await backend.run(
        "SELECT id, name FROM patients WHERE id < 3 ORDER BY id", max_rows=10, access=ACCESS
    )
    assert result.columns == ("id", "name")
    assert result.rows == [(1, "Ada"), (2, "Ben")]
    assert result.truncated is False
    assert result.duration_ms > 0


async def test_run_truncation_flag(backend: SqliteBackend) -> None:
    """More rows than max_rows are cut to max_rows and flagged; exactly max_rows are not."""
    sql = "SELECT id FROM patients ORDER BY id"
    cut = await backend.run(sql, max_rows=3, access=ACCESS)
    assert cut.rows == [(1,), (2,), (3,)]
    assert cut.truncated is True

    exact = await backend.run(sql, max_rows=5, access=ACCESS)
    assert len(exact.rows) == 5
    assert exact.truncated is False

    none = await backend.run(sql, max_rows=0, access=ACCESS)
    assert none.rows == []
    assert none.truncated is True


async def test_run_empty_result_keeps_columns(backend: SqliteBackend) -> None:
    """A statement without rows still reports its column names."""
    result = await backend.run("SELECT id, name FROM patients WHERE 0", max_rows=5, access=ACCESS)
    assert result.columns == ("id", "name")
    assert result.rows == []


async def test_authorizer_allows_listed_functions(backend: SqliteBackend) -> None:
    """Listed functions and aggregates, count(*) included, are allowed."""
    result = await backend.run(
        "SELECT upper(name), count(*) FROM patients GROUP BY 1 ORDER BY 1",
        max_rows=10,
        access=ACCESS,
    )
    assert result.rows == [("ADA", 2), ("BEN", 1), ("CY", 1), ("DEE", 1)]


async def test_authorizer_ignores_ascii_case(backend: SqliteBackend) -> None:
    """Names match as SQLite compares them: ASCII letters in any case."""
    access = EngineAccess({"PATIENTS": frozenset({"Name"})}, frozenset({"COUNT"}))
    result = await backend.run("SELECT NAME, Count(*) FROM Patients", max_rows=1, access=access)
    assert result.rows[0][1] == 5


async def test_authorizer_table_without_column_reads(backend: SqliteBackend) -> None:
    """count(*) and SELECT 1 FROM t need the table listed, but no column of it."""
    result = await backend.run("SELECT count(*) FROM patients", max_rows=1, access=ACCESS)
    assert result.rows == [(5,)]
    constant = await backend.run("SELECT 1 FROM patients LIMIT 1", max_rows=1, access=ACCESS)
    assert constant.rows == [(1,)]

    error = await denied(backend, "SELECT count(*) FROM visits")
    assert error.category == "permission"


async def test_authorizer_recursive_cte_allowed(backend: SqliteBackend) -> None:
    """A recursive CTE over constants needs no listed table."""
    result = await backend.run(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) "
        "SELECT x FROM n",
        max_rows=10,
        access=ACCESS,
    )
    assert result.rows == [(1,), (2,), (3,)]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT ssn FROM patients",
        "SELECT * FROM patients",
        "SELECT id FROM patients WHERE ssn = '123-45-6789'",
        "SELECT id FROM patients ORDER BY ssn",
        "SELECT (SELECT max(ssn) FROM patients)",
        "SELECT initial FROM patients",
    ],
)
async def test_authorizer_denies_unlisted_column(backend: SqliteBackend, sql: str) -> None:
    """Any use of an unlisted column, also only in WHERE or ORDER BY, is denied."""
    error = await denied(backend, sql)
    assert error.category == "permission"
    assert error.sqlstate is None
    assert "123-45-6789" not in str(error)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT note FROM visits",
        "SELECT name FROM sqlite_master",
        "SELECT name FROM sqlite_schema",
        "SELECT name FROM temp.sqlite_master",
        "SELECT id, name FROM patient_names",
    ],
)
async def test_authorizer_denies_unlisted_table(backend: SqliteBackend, sql: str) -> None:
    """Tables, views and the schema tables that are not listed are denied."""
    error = await denied(backend, sql)
    assert error.category == "permission"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT lower(name) FROM patients",
        "SELECT id FROM patients WHERE name LIKE 'A%'",
        "SELECT id FROM patients WHERE name GLOB 'A*'",
        "SELECT load_extension('anything')",
        "SELECT sqlite_version()",
        "SELECT randomblob(10)",
    ],
)
async def test_authorizer_denies_unlisted_function(backend: SqliteBackend, sql: str) -> None:
    """Unlisted functions, also those behind LIKE and GLOB, are denied."""
    error = await denied(backend, sql)
    assert error.category == "permission"


async def test_authorizer_allows_like_when_listed(backend: SqliteBackend) -> None:
    """LIKE works once the like function is listed."""
    access = EngineAccess(ACCESS.columns, ACCESS.functions | {"like"})
    result = await backend.run(
        "SELECT id FROM patients WHERE name LIKE 'a%' ORDER BY id", max_rows=5, access=access
    )
    assert result.rows == [(1,), (4,)]


async def test_authorizer_view_needs_base_columns(backend: SqliteBackend) -> None:
    """A view is readable only when its own columns and the base columns it reads are listed."""
    view_only = EngineAccess({"patient_names": frozenset({"id", "name"})}, frozenset())
    error = await denied(backend, "SELECT name FROM patient_names", view_only)
    assert error.category == "permission"

    with_base = EngineAccess(
        {"patient_names": frozenset({"id", "name"}), "patients": frozenset({"id", "name"})},
        frozenset(),
    )
    result = await backend.run(
        "SELECT name FROM patient_names WHERE id = 2", max_rows=5, access=with_base
    )
    assert result.rows == [("Ben",)]


async def test_authorizer_cte_shadowing_view(backend: SqliteBackend) -> None:
    """A CTE that borrows a view's name gets no access to the base table's other columns."""
    access = EngineAccess(
        {"patient_names": frozenset({"id", "name"}), "patients": frozenset({"id", "name"})},
        frozenset(),
    )
    error = await denied(
        backend,
        "WITH patient_names AS (SELECT id, ssn AS name FROM patients) "
        "SELECT name FROM patient_names",
        access,
    )
    assert error.category == "permission"


@pytest.mark.parametrize(
    "sql",
    [
        "PRAGMA table_info(patients)",
        "PRAGMA query_only = OFF",
        "PRAGMA writable_schema = ON",
        "SELECT * FROM pragma_table_info('patients')",
        "ATTACH DATABASE 'attached.db' AS other",
        "BEGIN",
        "SAVEPOINT s",
        "ANALYZE",
        "VACUUM",
    ],
)
async def test_authorizer_denies_pragma_and_attach(
    backend: SqliteBackend, database: Path, sql: str
) -> None:
    """PRAGMA, pragma table functions, ATTACH and transaction control are denied."""
    error = await denied(backend, sql)
    assert error.category == "permission"
    assert not (database.parent / "attached.db").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO patients (id, name) VALUES (99, 'Eve')",
        "UPDATE patients SET name = 'Eve' WHERE id = 1",
        "DELETE FROM patients",
        "REPLACE INTO patients (id, name) VALUES (1, 'Eve')",
        "CREATE TABLE intruder (x)",
        "CREATE TEMP TABLE intruder (x)",
        "CREATE INDEX intruder ON patients (name)",
        "DROP TABLE patients",
        "ALTER TABLE patients ADD COLUMN x",
    ],
)
async def test_authorizer_denies_writes(backend: SqliteBackend, database: Path, sql: str) -> None:
    """Writes and DDL are denied by the authorizer, and the file stays as it was."""
    error = await denied(backend, sql)
    assert error.category == "permission"

    assert read_names(database) == [(1, "Ada"), (2, "Ben"), (3, "Cy"), (4, "Ada"), (5, "Dee")]
    catalog = await backend.catalog()
    assert "intruder" not in catalog.tables


async def test_connection_read_only_below_authorizer(
    backend: SqliteBackend, database: Path
) -> None:
    """Below the authorizer, the connection itself rejects writes (mode=ro, query_only)."""

    def insert(connection: sqlite3.Connection) -> None:
        connection.execute("INSERT INTO patients (id, name) VALUES (99, 'Eve')")

    def attach(connection: sqlite3.Connection) -> None:
        connection.execute("ATTACH DATABASE ? AS other", (str(database.parent / "other.db"),))

    def query_only(connection: sqlite3.Connection) -> object:
        return connection.execute("PRAGMA query_only").fetchone()

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await backend._call(insert)
    with pytest.raises(sqlite3.OperationalError, match="too many attached"):
        await backend._call(attach)
    assert await backend._call(query_only) == (1,)
    assert not (database.parent / "other.db").exists()
    assert len(read_names(database)) == 5


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM patients; DROP TABLE patients",
        "SELECT id FROM patients; SELECT ssn FROM patients",
    ],
)
async def test_run_multi_statement_rejected(
    backend: SqliteBackend, database: Path, sql: str
) -> None:
    """sqlite3 rejects a string with more than one statement, and none of it runs."""
    error = await denied(backend, sql)
    assert error.category == "syntax"
    assert "more than one statement" in str(error)
    assert len(read_names(database)) == 5


async def test_run_placeholders_rejected(backend: SqliteBackend) -> None:
    """A statement with a parameter placeholder fails, because no parameters are passed."""
    error = await denied(backend, "SELECT id FROM patients WHERE id = ?")
    assert error.category == "syntax"
    assert "placeholders" in str(error)


async def test_run_timeout(database: Path) -> None:
    """A statement running past the timeout is interrupted with category timeout."""
    backend = SqliteBackend("test", database, statement_timeout_ms=200)
    await backend.start()
    try:
        started = time.monotonic()
        error = await denied(
            backend,
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
            "SELECT count(*) FROM n",
        )
        elapsed = time.monotonic() - started
        assert error.category == "timeout"
        assert elapsed < 5

        after = await backend.run("SELECT count(*) FROM patients", max_rows=1, access=ACCESS)
        assert after.rows == [(5,)]
    finally:
        await backend.close()


async def test_run_cancel_interrupts_statement(database: Path) -> None:
    """Cancelling a call interrupts its statement, so the next call does not wait for it."""
    backend = SqliteBackend("test", database, statement_timeout_ms=60_000)
    await backend.start()
    try:
        endless = backend.run(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
            "SELECT count(*) FROM n",
            max_rows=1,
            access=ACCESS,
        )
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(endless, timeout=0.3)

        started = time.monotonic()
        after = await backend.run("SELECT count(*) FROM patients", max_rows=1, access=ACCESS)
        assert after.rows == [(5,)]
        assert time.monotonic() - started < 5
    finally:
        await backend.close()


async def test_authorizer_removed_after_call(backend: SqliteBackend) -> None:
    """Each call gets its own authorizer: a denial does not linger, nor does an allowance."""
    await denied(backend, "SELECT ssn FROM patients")

    wide = EngineAccess({"patients": frozenset({"id", "ssn"})}, frozenset())
    result = await backend.run("SELECT ssn FROM patients WHERE id = 1", max_rows=1, access=wide)
    assert result.rows == [("123-45-6789",)]

    # The same text again, under an access that does not list ssn.
    error = await denied(backend, "SELECT ssn FROM patients WHERE id = 1")
    assert error.category == "permission"

    catalog = await backend.catalog()
    assert "patients" in catalog.tables


async def test_error_text_not_echoed(
    backend: SqliteBackend, caplog: pytest.LogCaptureFixture
) -> None:
    """A value that cannot be decoded is neither in the error nor in the log."""
    caplog.set_level(logging.DEBUG)
    access = EngineAccess({"blobs": frozenset({"data"})}, frozenset())
    error = await denied(backend, "SELECT CAST(data AS TEXT) FROM blobs", access)
    assert error.category == "data"
    assert "6789" not in str(error)
    assert "decode" not in str(error)
    assert error.__context__ is None
    assert "6789" not in caplog.text
    assert "OperationalError" in caplog.text


@pytest.mark.parametrize(
    ("sql", "category"),
    [
        ("SELECT nope FROM patients", "undefined_object"),
        ("SELECT id FROM nope", "undefined_object"),
        ("SELECT nope(1)", "undefined_object"),
        ("SELEC 1", "syntax"),
        ("SELECT id FROM", "syntax"),
    ],
)
async def test_error_categories(backend: SqliteBackend, sql: str, category: str) -> None:
    """Unknown names and syntax errors get their own categories."""
    error = await denied(backend, sql)
    assert error.category == category
    assert error.sqlstate is None


async def test_catalog_content(backend: SqliteBackend) -> None:
    """The catalog lists tables and views with declared types, without sqlite_ tables."""
    catalog = await backend.catalog()
    assert catalog.dialect == "sqlite"
    assert catalog.schema == "main"
    assert sorted(catalog.tables) == ["blobs", "patient_names", "patients", "visits"]

    patients = catalog.tables["patients"]
    assert [column.name for column in patients.columns] == [
        "id",
        "name",
        "ssn",
        "born",
        "initial",
    ]
    assert [column.data_type for column in patients.columns] == [
        "INTEGER",
        "TEXT",
        "TEXT",
        "DATE",
        "TEXT",
    ]
    assert [column.nullable for column in patients.columns] == [True, False, True, True, True]
    assert [column.name for column in catalog.tables["patient_names"].columns] == ["id", "name"]


async def test_catalog_skips_broken_view(database: Path) -> None:
    """A view whose table is gone is left out, and the rest of the catalog still loads."""
    with sqlite3.connect(database) as connection:
        connection.executescript(
            "CREATE TABLE doomed (x); CREATE VIEW orphan AS SELECT x FROM doomed; "
            "PRAGMA legacy_alter_table = ON; DROP TABLE doomed;"
        )
    connection.close()
    backend = SqliteBackend("test", database, statement_timeout_ms=2000)
    await backend.start()
    try:
        catalog = await backend.catalog()
    finally:
        await backend.close()
    assert "orphan" not in catalog.tables
    assert "patients" in catalog.tables


async def test_distinct_values(backend: SqliteBackend) -> None:
    """distinct_values returns sorted distinct non-null text and honours the limit."""
    assert await backend.distinct_values("patients", "name") == ["Ada", "Ben", "Cy", "Dee"]
    assert await backend.distinct_values("patients", "name", limit=2) == ["Ada", "Ben"]
    assert await backend.distinct_values("patients", "ssn") == ["123-45-6789", "987-65-4321"]
    assert await backend.distinct_values("patients", "id", limit=3) == ["1", "2", "3"]


async def test_distinct_values_quotes_identifiers(tmp_path: Path) -> None:
    """Names that need quoting work, because the SQL quotes every identifier."""
    path = tmp_path / "odd.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(
            'CREATE TABLE "odd ""table""" ("Mixed Case" TEXT); '
            "INSERT INTO \"odd \"\"table\"\"\" VALUES ('x'), ('y'), ('x');"
        )
    connection.close()
    backend = SqliteBackend("test", path, statement_timeout_ms=2000)
    await backend.start()
    try:
        assert await backend.distinct_values('odd "table"', "Mixed Case") == ["x", "y"]
    finally:
        await backend.close()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("patients", "nope"),
        ("nope", "id"),
        ("sqlite_sequence", "name"),
        ("patients", 'name" FROM patients; --'),
    ],
)
async def test_distinct_values_unknown_column(
    backend: SqliteBackend, table: str, column: str
) -> None:
    """A table or column outside the catalog is rejected before any SQL is built."""
    with pytest.raises(ExecutionError) as caught:
        await backend.distinct_values(table, column)
    assert caught.value.category == "undefined_object"


async def test_start_missing_file(tmp_path: Path) -> None:
    """A missing file fails at start with an error that names the path, and creates nothing."""
    path = tmp_path / "missing.db"
    backend = SqliteBackend("test", path, statement_timeout_ms=2000)
    with pytest.raises(ExecutionError) as caught:
        await backend.start()
    assert caught.value.category == "connection"
    assert str(path) in str(caught.value)
    assert not path.exists()


async def test_start_not_a_database(tmp_path: Path) -> None:
    """A file that is not an SQLite database fails at start."""
    path = tmp_path / "notes.db"
    path.write_text("this is not a database, it is a plain text file " * 20)
    backend = SqliteBackend("test", path, statement_timeout_ms=2000)
    with pytest.raises(ExecutionError) as caught:
        await backend.start()
    assert caught.value.category == "connection"
    assert "plain text" not in str(caught.value)


async def test_run_before_start(database: Path) -> None:
    """A backend that was never started raises a connection error."""
    backend = SqliteBackend("test", database, statement_timeout_ms=2000)
    error = await denied(backend, "SELECT 1")
    assert error.category == "connection"


async def test_open_backend_resolves_relative_path(database: Path) -> None:
    """open_backend resolves a relative path against the base folder."""
    connection = SqliteConnection(dialect="sqlite", path=Path("clinic.db"))
    backend = open_backend("main", connection, base=database.parent)
    assert isinstance(backend, SqliteBackend)
    assert backend.dialect == "sqlite"
    # tmp_path is already resolved, so the resolved path equals it.
    assert backend.path == database
    await backend.start()
    try:
        result = await backend.run("SELECT count(*) FROM patients", max_rows=1, access=ACCESS)
        assert result.rows == [(5,)]
    finally:
        await backend.close()


async def test_path_with_uri_characters(tmp_path: Path) -> None:
    """A file name with ?, # and % opens as that file, not as URI parameters."""
    folder = tmp_path / "a?mode=rwc#x%41"
    folder.mkdir()
    path = make_database(folder / "clinic.db")
    backend = SqliteBackend("test", path, statement_timeout_ms=2000)
    await backend.start()
    try:
        result = await backend.run("SELECT count(*) FROM patients", max_rows=1, access=ACCESS)
        assert result.rows == [(5,)]
        error = await denied(backend, "CREATE TABLE intruder (x)")
        assert error.category == "permission"
    finally:
        await backend.close()


async def test_schema_change_by_other_writer(backend: SqliteBackend, database: Path) -> None:
    """A table another process adds shows in the catalog and is readable once listed."""
    await backend.run("SELECT id FROM patients", max_rows=1, access=ACCESS)
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE labs (code TEXT)")
        connection.execute("INSERT INTO labs VALUES ('A1C')")
    connection.close()

    catalog = await backend.catalog()
    assert "labs" in catalog.tables
    access = EngineAccess({"labs": frozenset({"code"})}, frozenset())
    result = await backend.run("SELECT code FROM labs", max_rows=1, access=access)
    assert result.rows == [("A1C",)]
    error = await denied(backend, "SELECT code FROM labs")
    assert error.category == "permission"
