"""Audit store for every MCP tool call phigate serves, kept in a SQLite file.

The server writes one `AuditRecord` per tool call before the response goes back to the agent.
If that write fails, the call fails, so an unaudited response never leaves the server. The
records let a security officer replay what the model saw and let a compliance officer find
out who accessed which data, when, and for what purpose.

The store also keeps the access requests that agents file through the `request_access` tool.

Records may contain PHI (tool arguments, SQL literals, response text). This module never logs
record contents, and its error messages name only the call id, the path and the database error.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import aiosqlite

from phigate.errors import PhigateError

__all__ = [
    "SCHEMA_VERSION",
    "AccessRequest",
    "AuditError",
    "AuditRecord",
    "AuditStore",
    "format_records",
]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Schema version stored in ``PRAGMA user_version``. Increase it with each migration."""

_DECISIONS = frozenset({"allowed", "rejected", "error"})

# Column names avoid ROWS and GROUPS because both are SQLite keywords (window frames).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id TEXT NOT NULL UNIQUE,
    started_at TEXT NOT NULL,
    principal TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments_json TEXT NOT NULL,
    connection TEXT,
    purpose TEXT,
    normalized_sql TEXT,
    decision TEXT NOT NULL,
    rule TEXT,
    reason TEXT,
    masked_columns_json TEXT NOT NULL,
    row_count INTEGER,
    byte_count INTEGER,
    truncated INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    response_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_started_at ON calls (started_at);
CREATE INDEX IF NOT EXISTS calls_principal ON calls (principal, started_at);
CREATE TABLE IF NOT EXISTS access_requests (
    request_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    principal TEXT NOT NULL,
    groups_json TEXT NOT NULL,
    connection TEXT,
    tables_json TEXT NOT NULL,
    columns_json TEXT NOT NULL,
    purpose TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    status TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT
);
CREATE INDEX IF NOT EXISTS access_requests_principal ON access_requests (principal, created_at);
"""

_CALL_COLUMNS = (
    "call_id, started_at, principal, groups_json, tool, arguments_json, connection, purpose,"
    " normalized_sql, decision, rule, reason, masked_columns_json, row_count, byte_count,"
    " truncated, duration_ms, response_json"
)
_REQUEST_COLUMNS = (
    "request_id, created_at, principal, groups_json, connection, tables_json, columns_json,"
    " purpose, duration_minutes, status"
)

# The statements interpolate only these fixed column lists, never a caller's value.
_CALL_PLACEHOLDERS = ", ".join("?" for _ in _CALL_COLUMNS.split(","))
_REQUEST_PLACEHOLDERS = ", ".join("?" for _ in _REQUEST_COLUMNS.split(","))
_INSERT_CALL = f"INSERT INTO calls ({_CALL_COLUMNS}) VALUES ({_CALL_PLACEHOLDERS})"  # noqa: S608
_INSERT_REQUEST = (
    f"INSERT INTO access_requests ({_REQUEST_COLUMNS})"  # noqa: S608
    f" VALUES ({_REQUEST_PLACEHOLDERS})"
)
_SELECT_APPROVED = (
    "SELECT tables_json, decided_at, duration_minutes FROM access_requests"
    " WHERE principal = ? AND connection = ? AND status = 'approved'"
)
_SELECT_REQUEST = (
    f"SELECT {_REQUEST_COLUMNS} FROM access_requests"  # noqa: S608
    " WHERE request_id = ?"
)

# Binding raises OverflowError for integers beyond 64 bits and UnicodeEncodeError for lone
# surrogates. Neither is a sqlite3.Error, but both must fail the call like one.
_WRITE_ERRORS = (sqlite3.Error, OverflowError, UnicodeEncodeError)

_OPEN_FIX = (
    "Check that the file and its folder are writable by the user running phigate and that"
    " the disk is not full, or set the audit path to another file."
)


class AuditError(PhigateError):
    """The audit store could not be opened, read or written, so the call must fail."""


@dataclass(frozen=True)
class AuditRecord:
    """One MCP tool call: who made it, what phigate decided and ran, and what it returned.

    Attributes:
        call_id: uuid4 hex made by the caller, unique in the store.
        started_at: Timezone-aware start time. The store keeps it in UTC.
        principal: Authenticated identity of the caller.
        groups: Groups of the principal at the time of the call.
        tool: MCP tool name, e.g. ``query`` or ``request_access``.
        arguments: JSON-serializable tool arguments as received.
        connection: Database connection name, if the tool used one.
        purpose: Purpose of use stated by the agent.
        normalized_sql: SQL as phigate rewrote and ran it.
        decision: ``allowed``, ``rejected`` or ``error``.
        rule: Id of the rule that decided, e.g. ``column.denied``.
        reason: Message sent to the agent about the decision.
        masked_columns: Masked output columns, e.g. ``patients.ssn->ssn:partial``.
        rows: Number of result rows returned.
        bytes: Size of the response text, as computed by the caller.
        truncated: Whether the result was cut to a row or size limit.
        duration_ms: Time from start to response in milliseconds.
        response: Response as the model received it, with the keys ``content``,
            ``structured`` and ``is_error``.
    """

    call_id: str
    started_at: datetime
    principal: str
    groups: tuple[str, ...]
    tool: str
    arguments: Mapping[str, Any]
    connection: str | None
    purpose: str | None
    normalized_sql: str | None
    decision: str
    rule: str | None
    reason: str | None
    masked_columns: tuple[str, ...]
    rows: int | None
    bytes: int | None
    truncated: bool
    duration_ms: float
    response: Mapping[str, Any]


@dataclass(frozen=True)
class AccessRequest:
    """A principal's request for time-limited access to tables or columns.

    Attributes:
        request_id: uuid4 hex made by the store.
        created_at: Creation time in UTC.
        duration_minutes: Requested length of the access.
        status: ``pending`` when created. This module never changes it.
    """

    request_id: str
    created_at: datetime
    principal: str
    groups: tuple[str, ...]
    connection: str | None
    tables: tuple[str, ...]
    columns: tuple[str, ...]
    purpose: str
    duration_minutes: int
    status: str


class AuditStore:
    """SQLite audit store that commits each write before returning.

    Create one with `AuditStore.open`. The store is safe to share between asyncio tasks of
    one event loop because an `asyncio.Lock` serializes every statement on its connection.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._lock = asyncio.Lock()
        self._closed = False

    @property
    def path(self) -> Path:
        """Path of the SQLite file."""
        return self._path

    @classmethod
    async def open(cls, path: str | Path, *, busy_timeout_seconds: float = 5.0) -> Self:
        """Open the audit store at ``path``, creating the folder, file and schema if missing.

        Args:
            path: SQLite file. A leading ``~`` is expanded.
            busy_timeout_seconds: Maximum time a statement waits for another process that
                holds the write lock before it fails with "database is locked".

        Raises:
            AuditError: The path is a folder, the file cannot be created or written, it is
                not a SQLite database, or a newer phigate wrote its schema. The message names
                the path and what to do.
        """
        if str(path) in ("", ":memory:"):
            raise AuditError(
                f"Invalid audit path {str(path)!r}: the audit store must be a file on disk. "
                "Set the audit path to a file such as .phigate/audit.db."
            )
        resolved = await asyncio.to_thread(_prepare_path, Path(path))

        try:
            connection = await aiosqlite.connect(
                resolved, timeout=busy_timeout_seconds, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise AuditError(f"Cannot open audit store at {resolved}: {exc}. {_OPEN_FIX}") from exc

        try:
            version = await _prepare(connection, resolved, busy_timeout_seconds)
        except BaseException:
            await connection.close()
            raise

        logger.info("opened audit store %s (schema version %d)", resolved, version)
        return cls(connection, resolved)

    async def close(self) -> None:
        """Close the connection. Later calls raise AuditError, but closing again is allowed."""
        async with self._lock:
            if self._closed:
                return
            self._closed = True
            await self._connection.close()
        logger.info("closed audit store %s", self._path)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def write(self, record: AuditRecord) -> None:
        """Insert one call record and commit it before returning.

        Raises:
            AuditError: The record is invalid (naive ``started_at``, unknown decision,
                arguments or response not JSON-serializable), the store is closed, or SQLite
                failed. The cause is chained.
        """
        try:
            parameters = _call_parameters(record)
        except (TypeError, ValueError) as exc:
            logger.error("audit write rejected for call %s: %s", record.call_id, exc)
            raise AuditError(f"Invalid audit record for call {record.call_id}: {exc}") from exc

        try:
            async with self._lock:
                self._check_open()
                # The connection is in autocommit mode, so the INSERT is committed (and, with
                # synchronous=FULL, synced to disk) when execute returns.
                await _execute(self._connection, _INSERT_CALL, parameters)
        except _WRITE_ERRORS as exc:
            logger.error(
                "audit write failed for call %s in %s: %s", record.call_id, self._path, exc
            )
            raise AuditError(
                f"Failed to write audit record for call {record.call_id} to {self._path}: "
                f"{exc}. {_OPEN_FIX}"
            ) from exc

    async def tail(
        self, limit: int = 20, principal: str | None = None, tool: str | None = None
    ) -> list[AuditRecord]:
        """Return up to ``limit`` call records, newest ``started_at`` first.

        Args:
            limit: Maximum number of records, at least 1.
            principal: If given, only records of this principal.
            tool: If given, only records of this tool.

        Raises:
            ValueError: ``limit`` is less than 1.
            AuditError: The store is closed or SQLite failed.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")

        conditions: list[str] = []
        parameters: list[Any] = []
        if principal is not None:
            conditions.append("principal = ?")
            parameters.append(principal)
        if tool is not None:
            conditions.append("tool = ?")
            parameters.append(tool)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        # Calls that started in the same microsecond come back in reverse insertion order.
        sql = (
            f"SELECT {_CALL_COLUMNS} FROM calls {where}"  # noqa: S608 - only fixed column names
            " ORDER BY started_at DESC, seq DESC LIMIT ?"
        )
        parameters.append(limit)

        rows = await self._fetch(sql, parameters)
        return [_call_from_row(row) for row in rows]

    async def create_access_request(
        self,
        *,
        principal: str,
        groups: Sequence[str],
        connection: str | None,
        tables: Sequence[str],
        columns: Sequence[str],
        purpose: str,
        duration_minutes: int,
    ) -> AccessRequest:
        """Insert a pending access request, commit it, and return it with its new id.

        Raises:
            ValueError: ``purpose`` is blank or ``duration_minutes`` is less than 1.
            AuditError: The store is closed or SQLite failed.
        """
        if not purpose.strip():
            raise ValueError("purpose must not be blank")
        if duration_minutes < 1:
            raise ValueError(f"duration_minutes must be at least 1, got {duration_minutes}")

        request = AccessRequest(
            request_id=uuid.uuid4().hex,
            created_at=datetime.now(UTC),
            principal=principal,
            groups=tuple(groups),
            connection=connection,
            tables=tuple(tables),
            columns=tuple(columns),
            purpose=purpose,
            duration_minutes=duration_minutes,
            status="pending",
        )
        parameters = (
            request.request_id,
            _format_time(request.created_at),
            request.principal,
            json.dumps(list(request.groups)),
            request.connection,
            json.dumps(list(request.tables)),
            json.dumps(list(request.columns)),
            request.purpose,
            request.duration_minutes,
            request.status,
        )
        try:
            async with self._lock:
                self._check_open()
                await _execute(self._connection, _INSERT_REQUEST, parameters)
        except _WRITE_ERRORS as exc:
            logger.error(
                "access request %s not stored in %s: %s", request.request_id, self._path, exc
            )
            raise AuditError(
                f"Failed to store access request in {self._path}: {exc}. {_OPEN_FIX}"
            ) from exc
        return request

    async def has_approved_access(self, principal: str, connection: str, table: str) -> bool:
        """Tell whether ``principal`` holds an approved, unexpired request covering ``table``.

        A request covers the table when it names it under ``tables``; it expires
        ``duration_minutes`` after the moment it was approved (``decided_at``).

        Raises:
            AuditError: The store is closed or SQLite failed.
        """
        rows = await self._fetch(_SELECT_APPROVED, (principal, connection))
        now = datetime.now(UTC)
        for tables_json, decided_at, duration_minutes in rows:
            if table not in json.loads(tables_json) or decided_at is None:
                continue
            if _parse_time(decided_at) + timedelta(minutes=duration_minutes) > now:
                return True
        return False

    async def get_access_request(self, request_id: str) -> AccessRequest | None:
        """Return the access request with ``request_id``, or None if there is none.

        Raises:
            AuditError: The store is closed or SQLite failed.
        """
        rows = await self._fetch(_SELECT_REQUEST, (request_id,))
        if not rows:
            return None
        return _request_from_row(rows[0])

    def _check_open(self) -> None:
        if self._closed:
            raise AuditError(
                f"Audit store {self._path} is closed. Open it again with AuditStore.open."
            )

    async def _fetch(self, sql: str, parameters: Sequence[Any]) -> list[sqlite3.Row]:
        try:
            async with self._lock:
                self._check_open()
                return list(await self._connection.execute_fetchall(sql, parameters))
        except sqlite3.Error as exc:
            raise AuditError(f"Failed to read audit store {self._path}: {exc}") from exc


def _prepare_path(path: Path) -> Path:
    """Expand ``~`` in ``path`` and create its parent folder.

    Raises:
        AuditError: ``path`` is a folder, or its parent folder cannot be created.
    """
    path = path.expanduser()
    if path.is_dir():
        raise AuditError(
            f"Cannot open audit store at {path}: it is a folder. "
            f"Set the audit path to a file, for example {path / 'audit.db'}."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(
            f"Cannot create the folder for audit store {path}: {exc}. "
            "Create the folder yourself or set the audit path to a writable location."
        ) from exc
    return path


async def _prepare(connection: aiosqlite.Connection, path: Path, timeout_seconds: float) -> int:
    """Configure the connection and migrate the schema, retrying while another process holds
    the file.

    Several servers that share one new audit file start at once. Switching to WAL needs the
    file to itself, and SQLite may report "database is locked" at once instead of waiting for
    the busy timeout, so the set-up is retried until the timeout has passed.
    """
    deadline = time.monotonic() + timeout_seconds
    delay = 0.01
    while True:
        try:
            await _configure(connection, path)
            return await _migrate(connection, path)
        except AuditError as error:
            locked = isinstance(error.__cause__, sqlite3.OperationalError) and (
                "locked" in str(error.__cause__) or "busy" in str(error.__cause__)
            )
            if not locked or time.monotonic() + delay > deadline:
                raise
            logger.info("audit store %s is locked by another process; retrying", path)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)


async def _configure(connection: aiosqlite.Connection, path: Path) -> None:
    """Set WAL journaling and full fsync on each commit."""
    try:
        rows = await connection.execute_fetchall("PRAGMA journal_mode = WAL")
        await _execute(connection, "PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise AuditError(f"Cannot open audit store at {path}: {exc}. {_fix_for(exc)}") from exc

    mode = next(iter(rows))[0]
    if mode != "wal":
        # SQLite keeps the old journal mode where WAL is unsupported, e.g. on some network
        # file systems. Commits stay durable, so this is only a warning.
        logger.warning("audit store %s uses journal mode %s because WAL is unavailable", path, mode)


async def _migrate(connection: aiosqlite.Connection, path: Path) -> int:
    """Create the schema in a new file and check the version of an existing one.

    Returns the schema version. The transaction always writes ``user_version``, which makes a
    read-only file fail here instead of at the first audited call.
    """
    try:
        await _execute(connection, "BEGIN IMMEDIATE")
        try:
            rows = await connection.execute_fetchall("PRAGMA user_version")
            version = int(next(iter(rows))[0])
            if version > SCHEMA_VERSION:
                raise AuditError(
                    f"Audit store {path} has schema version {version}, but this phigate "
                    f"supports up to {SCHEMA_VERSION}. Upgrade phigate or use another audit file."
                )
            if version == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        await _execute(connection, statement)
                version = SCHEMA_VERSION
            # PRAGMA statements take no bound parameters, and version is an int, so this is safe.
            await _execute(connection, f"PRAGMA user_version = {version:d}")
            await _execute(connection, "COMMIT")
        except BaseException:
            if connection.in_transaction:
                await _execute(connection, "ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise AuditError(f"Cannot open audit store at {path}: {exc}. {_fix_for(exc)}") from exc
    return version


def _fix_for(exc: sqlite3.Error) -> str:
    if exc.sqlite_errorname == "SQLITE_NOTADB":
        return "Move the file away or set the audit path to a new file."
    return _OPEN_FIX


async def _execute(
    connection: aiosqlite.Connection, sql: str, parameters: Sequence[Any] = ()
) -> None:
    cursor = await connection.execute(sql, parameters)
    await cursor.close()


def _call_parameters(record: AuditRecord) -> tuple[Any, ...]:
    """Convert a record to INSERT parameters, raising TypeError or ValueError if it is invalid."""
    if record.decision not in _DECISIONS:
        raise ValueError(f"decision must be one of {sorted(_DECISIONS)}, got {record.decision!r}")
    return (
        record.call_id,
        _format_time(record.started_at),
        record.principal,
        _dump_json(list(record.groups), "groups"),
        record.tool,
        _dump_json(record.arguments, "arguments"),
        record.connection,
        record.purpose,
        record.normalized_sql,
        record.decision,
        record.rule,
        record.reason,
        _dump_json(list(record.masked_columns), "masked_columns"),
        record.rows,
        record.bytes,
        int(record.truncated),
        float(record.duration_ms),
        _dump_json(record.response, "response"),
    )


def _dump_json(value: Any, field: str) -> str:
    # The messages name the field and at most the offending type, never a value, because
    # values may be PHI and the json module's ValueError text may include one.
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_mapping_to_dict)
    except TypeError as exc:
        raise TypeError(f"{field} is not JSON-serializable: {exc}") from exc
    except ValueError as exc:
        raise ValueError(
            f"{field} is not JSON-serializable: it contains NaN, an infinity or a reference cycle"
        ) from exc


def _mapping_to_dict(value: object) -> dict[str, Any]:
    # json.dumps accepts only dict subclasses, but the record fields are typed as Mapping.
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _format_time(moment: datetime) -> str:
    # Fixed-width UTC text, so ORDER BY on the column sorts by time.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("started_at must be a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _call_from_row(row: Sequence[Any]) -> AuditRecord:
    return AuditRecord(
        call_id=row[0],
        started_at=_parse_time(row[1]),
        principal=row[2],
        groups=tuple(json.loads(row[3])),
        tool=row[4],
        arguments=json.loads(row[5]),
        connection=row[6],
        purpose=row[7],
        normalized_sql=row[8],
        decision=row[9],
        rule=row[10],
        reason=row[11],
        masked_columns=tuple(json.loads(row[12])),
        rows=row[13],
        bytes=row[14],
        truncated=bool(row[15]),
        duration_ms=row[16],
        response=json.loads(row[17]),
    )


def _request_from_row(row: Sequence[Any]) -> AccessRequest:
    return AccessRequest(
        request_id=row[0],
        created_at=_parse_time(row[1]),
        principal=row[2],
        groups=tuple(json.loads(row[3])),
        connection=row[4],
        tables=tuple(json.loads(row[5])),
        columns=tuple(json.loads(row[6])),
        purpose=row[7],
        duration_minutes=row[8],
        status=row[9],
    )


_SQL_WIDTH = 60
_HEADERS = ("time (UTC)", "principal", "tool", "decision", "rule", "rows", "ms", "sql")


def format_records(records: Sequence[AuditRecord], *, verbose: bool = False) -> str:
    """Format call records as a plain-text table for ``phigate audit tail``.

    Each row shows time, principal, tool, decision, rule, rows, duration in ms and the SQL
    shortened to 60 characters. A ``+`` after the row count marks a truncated result.
    With ``verbose``, each row is followed by the call id, purpose, reason, masked columns,
    the full SQL and the response text. Control characters in stored text are escaped, so
    agent-supplied SQL or data cannot send escape sequences to the terminal.
    """
    if not records:
        return "No audit records."

    table = [list(_HEADERS)]
    for record in records:
        rows = "-" if record.rows is None else str(record.rows)
        if record.truncated:
            rows += "+"
        table.append(
            [
                record.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                _escape(record.principal),
                _escape(record.tool),
                _escape(record.decision),
                _escape(record.rule or "-"),
                rows,
                f"{record.duration_ms:.1f}",
                _shorten(record.normalized_sql),
            ]
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]

    lines: list[str] = []
    for index, cells in enumerate(table):
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
        if verbose and index > 0:
            lines.extend(_details(records[index - 1]))
    return "\n".join(lines)


def _details(record: AuditRecord) -> list[str]:
    indent = "    "
    lines = [
        f"{indent}call_id: {record.call_id}",
        f"{indent}purpose: {_escape(record.purpose or '-')}",
        f"{indent}reason: {_escape(record.reason or '-')}",
        f"{indent}masked: {_escape(', '.join(record.masked_columns) or '-')}",
        f"{indent}arguments: {_escape(json.dumps(dict(record.arguments), ensure_ascii=False))}",
    ]
    if record.normalized_sql:
        lines.append(f"{indent}sql: {_escape(record.normalized_sql, keep_newlines=True)}")
    lines.append(f"{indent}response:")
    for text in _response_texts(record.response):
        for line in _escape(text, keep_newlines=True).split("\n"):
            lines.append(f"{indent}  {line}")
    return lines


def _response_texts(response: Mapping[str, Any]) -> list[str]:
    """Return the text of each content item, which may be a string or an MCP content dict."""
    texts: list[str] = []
    for item in response.get("content") or []:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, Mapping) and isinstance(item.get("text"), str):
            texts.append(item["text"])
        else:
            texts.append(json.dumps(item, ensure_ascii=False, default=str))
    if response.get("is_error"):
        texts.append("(is_error: true)")
    return texts


def _shorten(sql: str | None) -> str:
    if not sql:
        return "-"
    flat = _escape(" ".join(sql.split()))
    if len(flat) <= _SQL_WIDTH:
        return flat
    return flat[: _SQL_WIDTH - 3] + "..."


def _escape(text: str, *, keep_newlines: bool = False) -> str:
    """Replace control and format characters (Unicode category C) with Python escapes."""
    parts: list[str] = []
    for char in text:
        if (char == "\n" and keep_newlines) or unicodedata.category(char)[0] != "C":
            parts.append(char)
        else:
            parts.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(parts)
