"""Tests for the SQLite audit store and the `phigate audit tail` table."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from phigate.audit import (
    SCHEMA_VERSION,
    AccessRequest,
    AuditError,
    AuditRecord,
    AuditStore,
    format_records,
)

START = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)


def make_record(**overrides: Any) -> AuditRecord:
    """Build a query record with a value in every field, replaced by ``overrides``."""
    record = AuditRecord(
        call_id=uuid.uuid4().hex,
        started_at=START,
        principal="alice@example.org",
        groups=("analysts", "oncology"),
        tool="query",
        arguments={"connection": "ehr", "sql": "select ssn from patients", "limit": 5},
        connection="ehr",
        purpose="treatment",
        normalized_sql="SELECT patients.ssn AS ssn FROM patients LIMIT 5",
        decision="allowed",
        rule="column.masked",
        reason="ssn is masked",
        masked_columns=("patients.ssn->ssn:partial",),
        rows=5,
        bytes=321,
        truncated=True,
        duration_ms=12.5,
        response={
            "content": [{"type": "text", "text": "ssn\n***-**-6789"}],
            "structured": {"rows": [{"ssn": "***-**-6789"}]},
            "is_error": False,
        },
    )
    return dataclasses.replace(record, **overrides)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[AuditStore]:
    """Open a store in a fresh file and close it after the test."""
    opened = await AuditStore.open(tmp_path / "audit.db")
    yield opened
    await opened.close()


async def test_write_round_trips_every_field(store: AuditStore) -> None:
    """A written record reads back with every field equal and with the declared types."""
    record = make_record(
        started_at=datetime(2025, 3, 14, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    )
    await store.write(record)

    [stored] = await store.tail()

    for field in dataclasses.fields(AuditRecord):
        assert getattr(stored, field.name) == getattr(record, field.name), field.name
    assert stored.started_at.tzinfo == UTC
    assert stored.started_at == datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
    assert isinstance(stored.groups, tuple)
    assert isinstance(stored.masked_columns, tuple)
    assert stored.truncated is True


async def test_write_round_trips_null_fields(store: AuditStore) -> None:
    """Optional fields stored as None and empty tuples read back unchanged."""
    record = make_record(
        tool="list_tables",
        groups=(),
        arguments={},
        connection=None,
        purpose=None,
        normalized_sql=None,
        decision="rejected",
        rule=None,
        reason=None,
        masked_columns=(),
        rows=None,
        bytes=None,
        truncated=False,
        response={"content": [], "structured": None, "is_error": True},
    )
    await store.write(record)

    [stored] = await store.tail()

    assert stored == record
    assert stored.truncated is False


async def test_write_accepts_read_only_mappings(store: AuditStore) -> None:
    """Arguments given as a MappingProxyType are stored as their JSON object."""
    record = make_record(arguments=MappingProxyType({"table": "patients"}))
    await store.write(record)

    [stored] = await store.tail()

    assert stored.arguments == {"table": "patients"}


async def test_write_commits_before_return(store: AuditStore) -> None:
    """A second connection reads the record as soon as write returns."""
    record = make_record()
    await store.write(record)

    with sqlite3.connect(store.path) as other:
        rows = other.execute("SELECT call_id FROM calls").fetchall()
    other.close()

    assert rows == [(record.call_id,)]


async def test_tail_returns_newest_first(store: AuditStore) -> None:
    """Records come back ordered by started_at descending, not by insertion order."""
    offsets = [3, 0, 4, 1, 2]
    for offset in offsets:
        await store.write(make_record(started_at=START + timedelta(seconds=offset)))

    records = await store.tail()

    assert [r.started_at for r in records] == [
        START + timedelta(seconds=offset) for offset in sorted(offsets, reverse=True)
    ]


async def test_tail_orders_mixed_offsets_by_instant(store: AuditStore) -> None:
    """Start times given in different UTC offsets are ordered by the instant they denote."""
    plus_two = timezone(timedelta(hours=2))
    earlier = make_record(started_at=datetime(2025, 3, 14, 10, 0, tzinfo=plus_two))
    later = make_record(started_at=datetime(2025, 3, 14, 9, 0, tzinfo=UTC))
    await store.write(later)
    await store.write(earlier)

    records = await store.tail()

    assert [r.call_id for r in records] == [later.call_id, earlier.call_id]


async def test_tail_equal_start_times_newest_insert_first(store: AuditStore) -> None:
    """Records with the same started_at come back in reverse insertion order."""
    first = make_record()
    second = make_record()
    await store.write(first)
    await store.write(second)

    records = await store.tail()

    assert [r.call_id for r in records] == [second.call_id, first.call_id]


async def test_tail_respects_limit(store: AuditStore) -> None:
    """Tail returns at most limit records, the newest ones."""
    for offset in range(30):
        await store.write(make_record(started_at=START + timedelta(seconds=offset)))

    default = await store.tail()
    three = await store.tail(limit=3)

    assert len(default) == 20
    assert [r.started_at for r in three] == [
        START + timedelta(seconds=29),
        START + timedelta(seconds=28),
        START + timedelta(seconds=27),
    ]


async def test_tail_filters_by_principal_and_tool(store: AuditStore) -> None:
    """Principal and tool filters each narrow the result and combine with AND."""
    cases = [
        ("alice", "query"),
        ("alice", "list_tables"),
        ("bob", "query"),
        ("bob", "describe_table"),
        ("alice", "query"),
    ]
    for offset, (principal, tool) in enumerate(cases):
        await store.write(
            make_record(
                principal=principal, tool=tool, started_at=START + timedelta(seconds=offset)
            )
        )

    alice = await store.tail(principal="alice")
    queries = await store.tail(tool="query")
    bob_queries = await store.tail(principal="bob", tool="query")
    nobody = await store.tail(principal="carol")

    assert len(alice) == 3
    assert {r.principal for r in alice} == {"alice"}
    assert len(queries) == 3
    assert {r.tool for r in queries} == {"query"}
    assert [(r.principal, r.tool) for r in bob_queries] == [("bob", "query")]
    assert nobody == []


async def test_tail_rejects_limit_below_one(store: AuditStore) -> None:
    """A limit of zero raises ValueError instead of returning nothing."""
    with pytest.raises(ValueError, match="limit"):
        await store.tail(limit=0)


async def test_access_request_create_and_get(store: AuditStore) -> None:
    """A created request is pending, committed, and returned unchanged by its id."""
    before = datetime.now(UTC)
    request = await store.create_access_request(
        principal="alice",
        groups=["analysts"],
        connection="ehr",
        tables=["patients"],
        columns=["patients.ssn", "patients.dob"],
        purpose="chart review for a quality audit",
        duration_minutes=60,
    )
    after = datetime.now(UTC)

    fetched = await store.get_access_request(request.request_id)

    assert isinstance(request, AccessRequest)
    assert request.status == "pending"
    assert request.groups == ("analysts",)
    assert request.tables == ("patients",)
    assert request.columns == ("patients.ssn", "patients.dob")
    assert before <= request.created_at <= after
    assert request.created_at.tzinfo == UTC
    assert fetched == request


async def test_access_request_ids_are_unique(store: AuditStore) -> None:
    """Two identical requests get different ids."""
    arguments: dict[str, Any] = {
        "principal": "alice",
        "groups": [],
        "connection": None,
        "tables": ["labs"],
        "columns": [],
        "purpose": "research",
        "duration_minutes": 15,
    }
    first = await store.create_access_request(**arguments)
    second = await store.create_access_request(**arguments)

    assert first.request_id != second.request_id
    assert first.connection is None
    assert await store.get_access_request(second.request_id) == second


async def test_access_request_unknown_id_returns_none(store: AuditStore) -> None:
    """Looking up an id that was never created returns None."""
    assert await store.get_access_request("0" * 32) is None


@pytest.mark.parametrize(
    ("purpose", "duration_minutes", "message"),
    [("  ", 60, "purpose"), ("treatment", 0, "duration_minutes")],
)
async def test_access_request_rejects_invalid_input(
    store: AuditStore, purpose: str, duration_minutes: int, message: str
) -> None:
    """A blank purpose or a non-positive duration raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=message):
        await store.create_access_request(
            principal="alice",
            groups=[],
            connection=None,
            tables=["patients"],
            columns=[],
            purpose=purpose,
            duration_minutes=duration_minutes,
        )


async def test_concurrent_writes_all_land(store: AuditStore) -> None:
    """Fifty writes started together are all stored exactly once."""
    records = [make_record(started_at=START + timedelta(milliseconds=i)) for i in range(50)]

    await asyncio.gather(*(store.write(record) for record in records))

    stored = await store.tail(limit=100)
    assert len(stored) == 50
    assert {r.call_id for r in stored} == {r.call_id for r in records}


async def test_records_survive_reopen(tmp_path: Path) -> None:
    """Records and access requests written before close are read back after reopening."""
    path = tmp_path / "audit.db"
    record = make_record()
    async with await AuditStore.open(path) as first:
        await first.write(record)
        request = await first.create_access_request(
            principal="alice",
            groups=[],
            connection="ehr",
            tables=["patients"],
            columns=[],
            purpose="treatment",
            duration_minutes=30,
        )

    async with await AuditStore.open(path) as second:
        records = await second.tail()
        fetched = await second.get_access_request(request.request_id)

    assert records == [record]
    assert fetched == request


async def test_open_creates_folders_and_schema(tmp_path: Path) -> None:
    """Opening a path in missing folders creates them and a WAL database at the schema version."""
    path = tmp_path / "missing" / "nested" / "audit.db"

    async with await AuditStore.open(path) as store:
        assert store.path == path

    assert path.is_file()
    with sqlite3.connect(path) as check:
        journal_mode = check.execute("PRAGMA journal_mode").fetchone()[0]
        user_version = check.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master")}
    check.close()
    assert journal_mode == "wal"
    assert user_version == SCHEMA_VERSION
    assert {"calls", "access_requests", "calls_started_at", "calls_principal"} <= tables


async def test_open_directory_raises(tmp_path: Path) -> None:
    """Opening a folder raises AuditError naming the path and suggesting a file inside it."""
    with pytest.raises(AuditError) as raised:
        await AuditStore.open(tmp_path)

    assert str(tmp_path) in str(raised.value)
    assert "audit.db" in str(raised.value)


async def test_open_under_regular_file_raises(tmp_path: Path) -> None:
    """A path whose parent is a regular file raises AuditError with the OSError chained."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")

    with pytest.raises(AuditError) as raised:
        await AuditStore.open(blocker / "audit.db")

    assert str(blocker) in str(raised.value)
    assert isinstance(raised.value.__cause__, OSError)


async def test_open_non_database_file_raises(tmp_path: Path) -> None:
    """A file that is not SQLite raises AuditError suggesting a new file."""
    path = tmp_path / "audit.db"
    path.write_text("this is a text file, not a SQLite database\n" * 100)

    with pytest.raises(AuditError) as raised:
        await AuditStore.open(path)

    assert str(path) in str(raised.value)
    assert "new file" in str(raised.value)
    assert isinstance(raised.value.__cause__, sqlite3.DatabaseError)


async def test_open_newer_schema_raises(tmp_path: Path) -> None:
    """A file with a schema version above the supported one raises AuditError."""
    path = tmp_path / "audit.db"
    with sqlite3.connect(path) as setup:
        setup.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    setup.close()

    with pytest.raises(AuditError, match="Upgrade phigate"):
        await AuditStore.open(path)


@pytest.mark.parametrize("path", ["", ":memory:"])
async def test_open_non_file_path_raises(path: str) -> None:
    """An empty path or SQLite's in-memory name raises AuditError, because it is not durable."""
    with pytest.raises(AuditError, match="file on disk"):
        await AuditStore.open(path)


async def test_open_read_only_file_raises(tmp_path: Path) -> None:
    """An existing store whose file was made read-only raises AuditError at open."""
    path = tmp_path / "audit.db"
    async with await AuditStore.open(path) as store:
        await store.write(make_record())
    path.chmod(0o444)

    try:
        if os.access(path, os.W_OK):
            pytest.skip("this user can write read-only files (root with CAP_DAC_OVERRIDE)")
        with pytest.raises(AuditError) as raised:
            await AuditStore.open(path)
    finally:
        path.chmod(0o644)

    assert str(path) in str(raised.value)
    assert "writable" in str(raised.value)


async def test_write_after_close_raises(tmp_path: Path) -> None:
    """Write, tail and get raise AuditError after close, and a second close is allowed."""
    store = await AuditStore.open(tmp_path / "audit.db")
    await store.close()
    await store.close()

    with pytest.raises(AuditError, match="closed"):
        await store.write(make_record())
    with pytest.raises(AuditError, match="closed"):
        await store.tail()
    with pytest.raises(AuditError, match="closed"):
        await store.get_access_request("x")


async def test_write_while_locked_raises(tmp_path: Path) -> None:
    """A write blocked by another connection's lock raises AuditError, then works again."""
    path = tmp_path / "audit.db"
    async with await AuditStore.open(path, busy_timeout_seconds=0.1) as store:
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(AuditError) as raised:
                await store.write(make_record())
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()

        recovered = make_record()
        await store.write(recovered)
        records = await store.tail()

    assert "locked" in str(raised.value)
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
    assert [r.call_id for r in records] == [recovered.call_id]


async def test_write_duplicate_call_id_raises(store: AuditStore) -> None:
    """A second record with the same call_id raises AuditError chaining the IntegrityError."""
    record = make_record()
    await store.write(record)

    with pytest.raises(AuditError) as raised:
        await store.write(dataclasses.replace(record, tool="describe_table"))

    assert record.call_id in str(raised.value)
    assert isinstance(raised.value.__cause__, sqlite3.IntegrityError)
    assert len(await store.tail()) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_at": datetime(2025, 3, 14, 9, 0)}, "timezone-aware"),
        ({"decision": "maybe"}, "decision"),
        ({"arguments": {"ssn": b"123-45-6789"}}, "arguments"),
        ({"arguments": {"glucose": float("nan")}}, "arguments"),
        ({"response": {"content": [object()]}}, "response"),
        ({"rows": 2**70}, "too large"),
        ({"principal": "bad \ud800 principal"}, "surrogates"),
    ],
)
async def test_write_invalid_record_raises(
    store: AuditStore, overrides: dict[str, Any], message: str
) -> None:
    """Each invalid field raises AuditError with a cause and stores nothing."""
    record = make_record(**overrides)

    with pytest.raises(AuditError, match=message) as raised:
        await store.write(record)

    assert record.call_id in str(raised.value)
    assert raised.value.__cause__ is not None
    assert "123-45-6789" not in str(raised.value)
    assert await store.tail() == []


async def test_write_failure_logs_no_record_contents(
    store: AuditStore, caplog: pytest.LogCaptureFixture
) -> None:
    """The error log for a failed write names the call id but no argument or response text."""
    record = make_record(
        principal="patient-lookup@example.org",
        arguments={"sql": "select * from patients where ssn = '123-45-6789'"},
        response={"content": ["Jane Doe 123-45-6789"], "structured": None, "is_error": False},
    )
    await store.write(record)
    caplog.set_level(logging.DEBUG, logger="phigate.audit")

    with pytest.raises(AuditError):
        await store.write(record)

    messages = [r.getMessage() for r in caplog.records if r.name == "phigate.audit"]
    assert len(messages) == 1
    assert record.call_id in messages[0]
    assert record.principal not in messages[0]
    assert "123-45-6789" not in messages[0]
    assert "Jane Doe" not in messages[0]


async def test_context_manager_closes_store(tmp_path: Path) -> None:
    """Leaving the ``async with`` block closes the store."""
    async with await AuditStore.open(tmp_path / "audit.db") as store:
        await store.write(make_record())

    with pytest.raises(AuditError, match="closed"):
        await store.write(make_record())


def test_format_records_shows_key_fields() -> None:
    """Each row has time, principal, tool, decision, rule, rows, ms and the shortened SQL."""
    long_sql = "SELECT " + ", ".join(f"patients.column_{i}" for i in range(20)) + " FROM patients"
    record = make_record(normalized_sql=long_sql, rows=7, truncated=True, duration_ms=3.26)
    rejected = make_record(
        principal="bob",
        tool="describe_table",
        decision="rejected",
        rule="table.denied",
        normalized_sql=None,
        rows=None,
        truncated=False,
        duration_ms=0.4,
    )

    output = format_records([record, rejected])
    # Cells are separated by at least two spaces, and no cell here contains two in a row.
    rows = [re.split(r" {2,}", line) for line in output.splitlines()]

    assert rows[0] == ["time (UTC)", "principal", "tool", "decision", "rule", "rows", "ms", "sql"]
    assert rows[1] == [
        "2025-03-14 09:26:53",
        "alice@example.org",
        "query",
        "allowed",
        "column.masked",
        "7+",
        "3.3",
        long_sql[:57] + "...",
    ]
    assert rows[2] == [
        "2025-03-14 09:26:53",
        "bob",
        "describe_table",
        "rejected",
        "table.denied",
        "-",
        "0.4",
        "-",
    ]
    assert len(rows) == 3
    assert "***-**-6789" not in output


def test_format_records_verbose_adds_response() -> None:
    """Verbose output adds the call id, reason, masked columns, full SQL and response text."""
    long_sql = "SELECT " + ", ".join(f"patients.column_{i}" for i in range(20)) + " FROM patients"
    record = make_record(normalized_sql=long_sql)

    output = format_records([record], verbose=True)

    assert record.call_id in output
    assert "purpose: treatment" in output
    assert "ssn is masked" in output
    assert "patients.ssn->ssn:partial" in output
    assert long_sql in output
    assert "***-**-6789" in output


def test_format_records_escapes_control_characters() -> None:
    """Terminal escape sequences in stored text are printed as escapes, not sent raw."""
    record = make_record(
        principal="mallory\x1b[2J",
        normalized_sql="SELECT 1 /* \x1b]0;owned\x07 */",
        response={"content": ["line one\nline two \x1b[31mred"], "structured": None},
    )

    output = format_records([record], verbose=True)

    assert "\x1b" not in output
    assert "\x07" not in output
    assert "mallory\\x1b[2J" in output
    assert "line one" in output
    assert "line two \\x1b[31mred" in output


def test_format_records_empty() -> None:
    """An empty sequence gives a one-line message instead of a bare header."""
    assert format_records([]) == "No audit records."


def test_concurrent_processes_open_new_store(tmp_path: Path) -> None:
    """Several processes that open one new audit file at once all succeed."""
    code = (
        "import asyncio, sys\n"
        "from phigate.audit import AuditStore\n"
        "async def main():\n"
        "    store = await AuditStore.open(sys.argv[1])\n"
        "    await store.close()\n"
        "asyncio.run(main())\n"
    )
    for round_number in range(5):
        path = tmp_path / f"round{round_number}" / "audit.db"
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(path)], stderr=subprocess.PIPE, text=True
            )
            for _ in range(6)
        ]
        errors = [process.communicate(timeout=60)[1] for process in processes]
        codes = [process.returncode for process in processes]
        assert codes == [0] * 6, errors
