"""The PostgreSQL backend against a real server, one fresh database per test."""

from __future__ import annotations

import asyncio
import datetime
import logging
import time
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import asyncpg
import pytest

from phigate.config import PostgresConnection, SecretSource
from phigate.errors import ExecutionError
from phigate.execution import EngineAccess, PostgresBackend, open_backend
from tests.postgres import PostgresServer, unique_database_name

# PostgreSQL does not consult EngineAccess, so the tests pass an empty one.
NO_ACCESS = EngineAccess(columns={}, functions=frozenset())

SCHEMA_SQL = """
CREATE TABLE patients (
    id integer PRIMARY KEY,
    name varchar(40) NOT NULL,
    ssn text,
    born date,
    balance numeric(10, 2),
    token uuid
);
INSERT INTO patients VALUES
    (1, 'Ada', '123-45-6789', '1960-02-01', 10.50, '00000000-0000-0000-0000-000000000001'),
    (2, 'Ben', NULL, '1971-03-04', 0, NULL),
    (3, 'Cy', '987-65-4321', NULL, NULL, NULL),
    (4, 'Ada', NULL, NULL, NULL, NULL),
    (5, 'Dee', NULL, NULL, NULL, NULL);
CREATE VIEW patient_names AS SELECT id, name FROM patients;
CREATE SCHEMA other;
CREATE TABLE other.secrets (x int);
"""


async def admin_execute(dsn: str, sql: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def admin_fetch(dsn: str, sql: str, *args: object) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetch(sql, *args)
    finally:
        await connection.close()


async def table_exists(dsn: str, name: str) -> bool:
    rows = await admin_fetch(dsn, "SELECT to_regclass($1) IS NOT NULL", f"public.{name}")
    return bool(rows[0][0])


def make_backend(
    dsn: str,
    *,
    schema: str = "public",
    statement_timeout_ms: int = 5000,
    client_timeout_s: float | None = None,
) -> PostgresBackend:
    return PostgresBackend(
        "test",
        dsn,
        schema=schema,
        statement_timeout_ms=statement_timeout_ms,
        pool_min_size=1,
        pool_max_size=2,
        client_timeout_s=client_timeout_s,
    )


@pytest.fixture
async def database(postgres_dsn: str) -> str:
    """The DSN of a test database that contains the tables of SCHEMA_SQL."""
    await admin_execute(postgres_dsn, SCHEMA_SQL)
    return postgres_dsn


@pytest.fixture
async def backend(database: str) -> AsyncIterator[PostgresBackend]:
    """A started backend on the test database, governing schema public."""
    backend = make_backend(database)
    await backend.start()
    try:
        yield backend
    finally:
        await backend.close()


async def test_run_returns_plain_values(backend: PostgresBackend) -> None:
    """A SELECT returns its column names and tuples of driver values."""
    result = await backend.run(
        "SELECT id, name, born, balance, token FROM patients WHERE id = 1",
        max_rows=10,
        access=NO_ACCESS,
    )
    assert result.columns == ("id", "name", "born", "balance", "token")
    assert result.rows == [
        (
            1,
            "Ada",
            datetime.date(1960, 2, 1),
            Decimal("10.50"),
            uuid.UUID("00000000-0000-0000-0000-000000000001"),
        )
    ]
    assert type(result.rows[0]) is tuple
    assert result.truncated is False
    assert result.duration_ms > 0


async def test_run_composite_values_become_tuples(backend: PostgresBackend) -> None:
    """A row value, also inside an array, comes back as a tuple, not an asyncpg Record."""
    result = await backend.run(
        "SELECT ROW(1, 'a'), ARRAY[ROW(2, 'b')], ARRAY[1, 2]", max_rows=1, access=NO_ACCESS
    )
    row_value, array_of_rows, array_of_ints = result.rows[0]
    assert row_value == (1, "a")
    assert type(row_value) is tuple
    assert array_of_rows == [(2, "b")]
    assert type(array_of_rows[0]) is tuple  # type: ignore[index]
    assert array_of_ints == [1, 2]


async def test_run_empty_result_keeps_columns(backend: PostgresBackend) -> None:
    """A statement without rows still reports its column names."""
    result = await backend.run(
        "SELECT id, name FROM patients WHERE false", max_rows=10, access=NO_ACCESS
    )
    assert result.columns == ("id", "name")
    assert result.rows == []
    assert result.truncated is False


async def test_run_truncation_flag(backend: PostgresBackend) -> None:
    """More rows than max_rows are cut to max_rows and flagged; exactly max_rows are not."""
    sql = "SELECT id FROM patients ORDER BY id"
    cut = await backend.run(sql, max_rows=3, access=NO_ACCESS)
    assert cut.rows == [(1,), (2,), (3,)]
    assert cut.truncated is True

    exact = await backend.run(sql, max_rows=5, access=NO_ACCESS)
    assert len(exact.rows) == 5
    assert exact.truncated is False

    none = await backend.run(sql, max_rows=0, access=NO_ACCESS)
    assert none.rows == []
    assert none.truncated is True


async def test_run_negative_max_rows_rejected(backend: PostgresBackend) -> None:
    """A negative max_rows is a programming error."""
    with pytest.raises(ValueError, match="max_rows"):
        await backend.run("SELECT 1", max_rows=-1, access=NO_ACCESS)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO patients (id, name) VALUES (99, 'Eve')",
        "UPDATE patients SET name = 'Eve' WHERE id = 1",
        "DELETE FROM patients",
        "CREATE TABLE intruder (x int)",
        "DROP TABLE patients",
        "SELECT nextval('x')",
    ],
)
async def test_run_writes_rejected_read_only(
    backend: PostgresBackend, database: str, sql: str
) -> None:
    """Writes and DDL fail with category read_only, and the data stays as it was."""
    if sql.startswith("SELECT nextval"):
        await admin_execute(database, "CREATE SEQUENCE x")
    with pytest.raises(ExecutionError) as caught:
        await backend.run(sql, max_rows=10, access=NO_ACCESS)
    assert caught.value.category == "read_only"
    assert caught.value.sqlstate == "25006"

    rows = await admin_fetch(database, "SELECT count(*), min(name) FROM patients")
    assert rows[0][0] == 5
    assert rows[0][1] == "Ada"
    assert not await table_exists(database, "intruder")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1; DROP TABLE patients",
        "SELECT 1; COMMIT; DROP TABLE patients",
        "COMMIT; SET default_transaction_read_only = off; DROP TABLE patients",
    ],
)
async def test_run_multi_statement_rejected(
    backend: PostgresBackend, database: str, sql: str
) -> None:
    """A string with several statements is rejected as a whole, and nothing of it runs."""
    with pytest.raises(ExecutionError) as caught:
        await backend.run(sql, max_rows=10, access=NO_ACCESS)
    assert caught.value.category == "syntax"
    assert caught.value.sqlstate == "42601"
    assert await table_exists(database, "patients")


async def test_run_lone_commit(backend: PostgresBackend, database: str) -> None:
    """A lone COMMIT ends only its own transaction; the next statement is read-only again."""
    await backend.run("COMMIT", max_rows=1, access=NO_ACCESS)

    with pytest.raises(ExecutionError) as caught:
        await backend.run("DROP TABLE patients", max_rows=1, access=NO_ACCESS)
    assert caught.value.category == "read_only"
    assert await table_exists(database, "patients")


async def test_run_session_settings(backend: PostgresBackend) -> None:
    """Each statement runs read-only, repeatable read, with phigate's session settings."""
    result = await backend.run(
        "SELECT current_setting('transaction_read_only'), "
        "current_setting('transaction_isolation'), current_setting('search_path'), "
        "current_setting('application_name'), current_setting('statement_timeout'), "
        "current_setting('idle_in_transaction_session_timeout')",
        max_rows=1,
        access=NO_ACCESS,
    )
    assert result.rows == [("on", "repeatable read", '"public"', "phigate", "5s", "11s")]


async def test_run_setting_changes_do_not_persist(backend: PostgresBackend) -> None:
    """SET and set_config inside a statement are rolled back with its transaction."""
    await backend.run("SET search_path = other", max_rows=1, access=NO_ACCESS)
    await backend.run(
        "SELECT set_config('statement_timeout', '0', false)", max_rows=1, access=NO_ACCESS
    )
    await backend.run(
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        max_rows=1,
        access=NO_ACCESS,
    )

    # The pool has at most two connections, so two parallel statements see both.
    results = await asyncio.gather(
        *(
            backend.run(
                "SELECT current_setting('search_path'), current_setting('statement_timeout'), "
                "current_setting('default_transaction_read_only'), pg_sleep(0.2)::text",
                max_rows=1,
                access=NO_ACCESS,
            )
            for _ in range(2)
        )
    )
    for result in results:
        assert result.rows[0][:3] == ('"public"', "5s", "on")


async def test_run_server_timeout(database: str) -> None:
    """The server's statement_timeout cancels a slow statement with SQLSTATE 57014."""
    backend = make_backend(database, statement_timeout_ms=200)
    await backend.start()
    try:
        started = time.monotonic()
        with pytest.raises(ExecutionError) as caught:
            await backend.run("SELECT pg_sleep(10)", max_rows=1, access=NO_ACCESS)
        elapsed = time.monotonic() - started
        assert caught.value.category == "timeout"
        assert caught.value.sqlstate == "57014"
        assert elapsed < 5

        after = await backend.run("SELECT 1", max_rows=1, access=NO_ACCESS)
        assert after.rows == [(1,)]
    finally:
        await backend.close()


async def running_sleeps(dsn: str) -> list[asyncpg.Record]:
    """Return the phigate backends of this database that are running the test's pg_sleep."""
    return await admin_fetch(
        dsn,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name = 'phigate' AND state = 'active' "
        "AND query LIKE '%pg_sleep(30)%'",
    )


async def test_client_timeout_cancels_server(database: str) -> None:
    """When the client gives up first, the statement no longer runs on the server."""
    backend = make_backend(database, statement_timeout_ms=60_000, client_timeout_s=1.5)
    await backend.start()
    try:
        started = time.monotonic()
        task = asyncio.create_task(backend.run("SELECT pg_sleep(30)", max_rows=1, access=NO_ACCESS))
        # First see the statement running, so the check below is known to detect it.
        seen_running = False
        for _ in range(10):
            await asyncio.sleep(0.1)
            if await running_sleeps(database):
                seen_running = True
                break
        assert seen_running

        with pytest.raises(ExecutionError) as caught:
            await task
        elapsed = time.monotonic() - started
        assert caught.value.category == "timeout"
        assert caught.value.sqlstate is None
        assert elapsed < 10

        still_running = await running_sleeps(database)
        for _ in range(30):
            if not still_running:
                break
            await asyncio.sleep(0.1)
            still_running = await running_sleeps(database)
        assert still_running == []

        after = await backend.run("SELECT 1", max_rows=1, access=NO_ACCESS)
        assert after.rows == [(1,)]
    finally:
        await backend.close()


async def test_error_text_not_echoed(
    backend: PostgresBackend, caplog: pytest.LogCaptureFixture
) -> None:
    """A data error carries its SQLSTATE but neither the value nor the server's message."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ExecutionError) as caught:
        await backend.run("SELECT ('123-45-' || '6789')::int", max_rows=1, access=NO_ACCESS)
    error = caught.value
    assert error.sqlstate == "22P02"
    assert error.category == "data"
    assert "123-45-6789" not in str(error)
    assert "6789" not in str(error)
    assert "invalid input syntax" not in str(error)
    assert str(error) == (
        "The database rejected a value the query produced or compared: "
        "invalid text representation (SQLSTATE 22P02)."
    )
    assert error.__cause__ is None
    assert error.__context__ is None
    assert "6789" not in caplog.text
    assert "22P02" in caplog.text
    assert "InvalidTextRepresentationError" in caplog.text


async def test_error_hides_stored_value(backend: PostgresBackend) -> None:
    """A cast that fails on a stored value does not reveal the value."""
    with pytest.raises(ExecutionError) as caught:
        await backend.run(
            "SELECT ssn::int FROM patients WHERE id = 1", max_rows=1, access=NO_ACCESS
        )
    assert caught.value.sqlstate == "22P02"
    assert "6789" not in str(caught.value)


@pytest.mark.parametrize(
    ("sql", "category", "sqlstate"),
    [
        ("SELECT nope FROM patients", "undefined_object", "42703"),
        ("SELECT * FROM nope", "undefined_object", "42P01"),
        ("SELECT nope(1)", "undefined_object", "42883"),
        ("SELECT * FROM other.secrets", "permission", "42501"),
        ("SELEC 1", "syntax", "42601"),
        ("SELECT 1 / 0", "data", "22012"),
        ("SELECT (SELECT id FROM patients)", "data", "21000"),
        ("SELECT $1::int", "syntax", None),
    ],
)
async def test_error_categories(
    backend: PostgresBackend, database: str, sql: str, category: str, sqlstate: str | None
) -> None:
    """Each failure maps to its category and keeps the server's SQLSTATE."""
    if category == "permission":
        # Roles belong to the whole server, so the name is unique to this test run.
        user = unique_database_name("phigate_reader")
        await admin_execute(
            database, f"CREATE ROLE {user} LOGIN; GRANT SELECT ON patients TO {user}"
        )
        dsn = database.replace("postgres@", f"{user}@", 1)
        restricted = make_backend(dsn)
        await restricted.start()
        try:
            with pytest.raises(ExecutionError) as caught:
                await restricted.run(sql, max_rows=1, access=NO_ACCESS)
        finally:
            await restricted.close()
            await admin_execute(database, f"DROP OWNED BY {user}; DROP ROLE {user}")
    else:
        with pytest.raises(ExecutionError) as caught:
            await backend.run(sql, max_rows=1, access=NO_ACCESS)
    assert caught.value.category == category
    assert caught.value.sqlstate == sqlstate


async def test_catalog_content(backend: PostgresBackend, database: str) -> None:
    """The catalog lists tables and views of the schema with typed, ordered columns."""
    await admin_execute(
        database,
        "ALTER TABLE patients DROP COLUMN token; "
        "ALTER TABLE patients ADD COLUMN notes varchar(200); "
        "CREATE TABLE empty_table (); "
        "CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n FROM patients",
    )
    catalog = await backend.catalog()
    assert catalog.dialect == "postgres"
    assert catalog.schema == "public"
    assert sorted(catalog.tables) == ["empty_table", "patient_names", "patients", "totals"]

    patients = catalog.tables["patients"]
    assert [column.name for column in patients.columns] == [
        "id",
        "name",
        "ssn",
        "born",
        "balance",
        "notes",
    ]
    assert [column.data_type for column in patients.columns] == [
        "integer",
        "character varying(40)",
        "text",
        "date",
        "numeric(10,2)",
        "character varying(200)",
    ]
    assert [column.nullable for column in patients.columns] == [
        False,
        False,
        True,
        True,
        True,
        True,
    ]
    assert [column.name for column in catalog.tables["patient_names"].columns] == ["id", "name"]
    assert catalog.tables["empty_table"].columns == ()
    assert catalog.tables["totals"].columns[0].data_type == "bigint"
    assert "secrets" not in catalog.tables


async def test_catalog_version_tracks_schema(backend: PostgresBackend, database: str) -> None:
    """Adding a column changes the catalog version."""
    before = await backend.catalog()
    await admin_execute(database, "ALTER TABLE patients ADD COLUMN extra int")
    after = await backend.catalog()
    assert before.version != after.version
    assert after.tables["patients"].column("extra") is not None


async def test_governed_schema_is_search_path(database: str) -> None:
    """With a governed schema other than public, bare names resolve in it and only it."""
    await admin_execute(
        database, "CREATE TABLE other.patients (id int); INSERT INTO other.patients VALUES (42)"
    )
    backend = make_backend(database, schema="other")
    await backend.start()
    try:
        result = await backend.run("SELECT id FROM patients", max_rows=5, access=NO_ACCESS)
        assert result.rows == [(42,)]
        catalog = await backend.catalog()
        assert sorted(catalog.tables) == ["patients", "secrets"]
        assert catalog.schema == "other"
    finally:
        await backend.close()


async def test_distinct_values(backend: PostgresBackend) -> None:
    """distinct_values returns sorted distinct non-null text and honours the limit."""
    assert await backend.distinct_values("patients", "name") == ["Ada", "Ben", "Cy", "Dee"]
    assert await backend.distinct_values("patients", "name", limit=2) == ["Ada", "Ben"]
    assert await backend.distinct_values("patients", "ssn") == ["123-45-6789", "987-65-4321"]
    assert await backend.distinct_values("patients", "born") == ["1960-02-01", "1971-03-04"]
    assert await backend.distinct_values("patient_names", "name", limit=1) == ["Ada"]


async def test_distinct_values_quotes_identifiers(backend: PostgresBackend, database: str) -> None:
    """Names that need quoting work, because the SQL quotes every identifier."""
    await admin_execute(
        database,
        'CREATE TABLE "odd ""table""" ("Mixed Case" text); '
        "INSERT INTO \"odd \"\"table\"\"\" VALUES ('x'), ('y'), ('x')",
    )
    assert await backend.distinct_values('odd "table"', "Mixed Case") == ["x", "y"]


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("patients", "nope"),
        ("nope", "id"),
        ("secrets", "x"),
        ("patients", 'name" FROM patients; --'),
    ],
)
async def test_distinct_values_unknown_column(
    backend: PostgresBackend, table: str, column: str
) -> None:
    """A table or column outside the catalog is rejected before any SQL is built."""
    with pytest.raises(ExecutionError) as caught:
        await backend.distinct_values(table, column)
    assert caught.value.category == "undefined_object"


async def test_run_before_start(database: str) -> None:
    """A backend that was never started raises a connection error."""
    backend = make_backend(database)
    with pytest.raises(ExecutionError) as caught:
        await backend.run("SELECT 1", max_rows=1, access=NO_ACCESS)
    assert caught.value.category == "connection"


async def test_start_missing_database(pg_server: PostgresServer) -> None:
    """A DSN naming a database that does not exist fails at start, without its name."""
    name = unique_database_name("phigate_missing")
    backend = make_backend(pg_server.dsn(name))
    with pytest.raises(ExecutionError) as caught:
        await backend.start()
    assert caught.value.category == "connection"
    assert caught.value.sqlstate == "3D000"
    assert name not in str(caught.value)


async def test_open_backend_dsn_from_env(
    database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """open_backend reads the DSN from the named environment variable."""
    monkeypatch.setenv("PHIGATE_TEST_EXECUTION_DSN", database)
    connection = PostgresConnection(
        dialect="postgres",
        dsn=SecretSource(env="PHIGATE_TEST_EXECUTION_DSN"),
        statement_timeout_ms=1234,
    )
    backend = open_backend("main", connection, base=tmp_path)
    assert isinstance(backend, PostgresBackend)
    assert backend.dialect == "postgres"
    assert database not in repr(backend)
    await backend.start()
    try:
        result = await backend.run(
            "SELECT current_setting('statement_timeout')", max_rows=1, access=NO_ACCESS
        )
        assert result.rows == [("1234ms",)]
    finally:
        await backend.close()


async def test_open_backend_pool_sizes(tmp_path: Path) -> None:
    """A minimum pool size above the maximum is a config error."""
    from phigate.errors import ConfigError

    connection = PostgresConnection(
        dialect="postgres",
        dsn=SecretSource(env="PHIGATE_TEST_UNUSED"),
        pool_min_size=6,
        pool_max_size=5,
    )
    with pytest.raises(ConfigError, match="pool_min_size"):
        open_backend("main", connection, base=tmp_path)
