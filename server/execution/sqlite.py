"""The SQLite backend: one read-only aiosqlite connection guarded by an authorizer.

SQLite has no roles, so the engine-side limit is an authorizer callback installed for each
agent statement. SQLite calls it while it prepares the statement, once per action, and the
callback allows only what ``EngineAccess`` lists (see ``_Authorizer``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import string
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar, cast

import aiosqlite

from phigate.catalog import Catalog, ColumnInfo, TableInfo
from phigate.errors import ExecutionError
from phigate.execution.base import EngineAccess, QueryResult, quote_identifier
from phigate.execution.errors import sqlite_error

__all__ = ["SqliteBackend"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

# SQLite calls the progress handler every this many virtual machine instructions. Each call
# checks the clock, so a statement overruns its timeout by up to this many instructions, and
# by more when one instruction is slow (a single call of an expensive function).
PROGRESS_INSTRUCTIONS = 1000

_SCHEMA = "main"
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# Errors sqlite3 raises (sqlite3.Warning is not a subclass of sqlite3.Error), and the
# ValueError aiosqlite raises once the connection is closed.
_DatabaseErrors = (sqlite3.Error, sqlite3.Warning, ValueError)


def _fold(name: str) -> str:
    """Lower-case ASCII letters only, as SQLite does when it compares identifiers."""
    return name.translate(_ASCII_LOWER)


# The authorizer action codes of SQLite 3.40, named for the log line of a denial.
_ACTIONS = (
    "ALTER_TABLE",
    "ANALYZE",
    "ATTACH",
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "CREATE_VTABLE",
    "DELETE",
    "DETACH",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "DROP_VTABLE",
    "FUNCTION",
    "INSERT",
    "PRAGMA",
    "READ",
    "RECURSIVE",
    "REINDEX",
    "SAVEPOINT",
    "SELECT",
    "TRANSACTION",
    "UPDATE",
)
_ACTION_NAMES: dict[int, str] = {
    getattr(sqlite3, f"SQLITE_{name}"): f"SQLITE_{name}"
    for name in _ACTIONS
    if hasattr(sqlite3, f"SQLITE_{name}")
}


class _Authorizer:
    """The authorizer callback for one statement: allow only what ``EngineAccess`` lists.

    The actions SQLite 3.40 requests while it prepares a SELECT:

    * ``SQLITE_SELECT`` once for each SELECT, subquery, view and CTE: allowed.
    * ``SQLITE_READ`` (table, column, ``"main"``) for every column the statement uses,
      including columns used only in WHERE, JOIN or ORDER BY: allowed when listed.
    * ``SQLITE_READ`` (table, ``""``, None) for a table from which no column is read, as in
      ``count(*)`` or ``SELECT 1 FROM t``: allowed when the table has any listed column. A
      recursive CTE that no column is read from arrives the same way under the CTE's name,
      which is allowed when no table or view of the database has that name.
    * ``SQLITE_FUNCTION`` (None, name) for every function, aggregates and the functions
      behind the ``LIKE``, ``GLOB`` and ``REGEXP`` operators included: allowed when listed.
    * ``SQLITE_RECURSIVE`` for a recursive CTE: allowed.

    Everything else is denied: PRAGMA, the table-valued functions (``pragma_*``,
    ``json_each``, which ask for ``SQLITE_UPDATE`` on ``sqlite_master``), ATTACH,
    transactions, every write and DDL, and reads of ``sqlite_master``, ``temp`` or attached
    schemas. SQLite loads the schema without consulting the authorizer, so ``sqlite_master``
    needs no exception.

    A view's reads of its base tables arrive as ``SQLITE_READ`` of the base table with the
    view's name as the last argument. A CTE of the same name produces the same calls, so that
    argument proves nothing, and base-table reads are checked like any other read.
    NOTE: so a policy that grants a view but not the base columns the view reads gets
    ``permission`` errors on SQLite.

    Attributes:
        denial: the first denied action as (action name, first argument, second argument),
            or None. Only READ and FUNCTION keep their arguments, because those are names from
            the schema or of functions, while other actions can carry literal text (the file
            name of ATTACH, the value of a PRAGMA).
    """

    def __init__(self, access: EngineAccess) -> None:
        self._columns = {
            _fold(table): frozenset(_fold(column) for column in columns)
            for table, columns in access.columns.items()
        }
        self._functions = frozenset(_fold(function) for function in access.functions)
        self._schema_names: frozenset[str] = frozenset()
        self.denial: tuple[str, str | None, str | None] | None = None

    def load_schema_names(self, database: sqlite3.Connection) -> None:
        """Read the names of the database's tables and views, before the authorizer is set."""
        rows = database.execute(
            "SELECT name FROM main.sqlite_master WHERE type IN ('table', 'view')"
        ).fetchall()
        self._schema_names = frozenset(_fold(name) for (name,) in rows)

    def __call__(
        self,
        action: int,
        first: str | None,
        second: str | None,
        database: str | None,
        source: str | None,
    ) -> int:
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ:
            if self._may_read(first, second, database):
                return sqlite3.SQLITE_OK
            return self._deny(action, first, second)
        if action == sqlite3.SQLITE_FUNCTION:
            if second is not None and _fold(second) in self._functions:
                return sqlite3.SQLITE_OK
            return self._deny(action, None, second)
        return self._deny(action, None, None)

    def _may_read(self, table: str | None, column: str | None, database: str | None) -> bool:
        if table is None or column is None:
            return False
        folded = _fold(table)
        columns = self._columns.get(folded)
        if column == "":
            # SQLite 3.40 passes no schema name for this call. ATTACH is disabled and the
            # temp schema stays empty, so the name is a main table, a view or a CTE.
            if database not in (None, _SCHEMA):
                return False
            if columns:
                return True
            return folded not in self._schema_names and not folded.startswith("sqlite_")
        if not columns:
            return False
        return database == _SCHEMA and _fold(column) in columns

    def _deny(self, action: int, first: str | None, second: str | None) -> int:
        if self.denial is None:
            self.denial = (_ACTION_NAMES.get(action, str(action)), first, second)
        return sqlite3.SQLITE_DENY


class SqliteBackend:
    """One SQLite database file, opened read-only.

    The connection is opened with ``mode=ro``, runs with ``PRAGMA query_only = ON`` and
    ``trusted_schema = OFF``, cannot load extensions and cannot attach databases. Each agent
    statement runs with an authorizer built from its ``EngineAccess`` and a progress handler
    that interrupts it after ``statement_timeout_ms``.
    """

    dialect = "sqlite"

    def __init__(self, name: str, path: Path, *, statement_timeout_ms: int) -> None:
        """Configure the backend without opening the file.

        Args:
            name: the connection name from the config, for logs and messages.
            path: the absolute path of the database file.
            statement_timeout_ms: limit on one statement, in milliseconds.
        """
        self.name = name
        self.path = path
        self._timeout_s = statement_timeout_ms / 1000
        self._connection: aiosqlite.Connection | None = None
        # The authorizer and progress handler belong to the connection, so calls take turns.
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"SqliteBackend(name={self.name!r}, path={str(self.path)!r})"

    async def start(self) -> None:
        """Open the file read-only and lock the connection down.

        Raises:
            ExecutionError: the file does not exist or is not an SQLite database.
        """
        if self._connection is not None:
            return
        if not self.path.is_file():
            raise ExecutionError(
                "connection",
                None,
                f"Connection {self.name!r}: the SQLite database file {self.path} does not exist.",
            )
        failure: ExecutionError | None = None
        try:
            # cached_statements=0: no statement prepared under one authorizer is reused
            # under another.
            connection = await aiosqlite.connect(
                f"{self.path.as_uri()}?mode=ro",
                uri=True,
                isolation_level=None,
                cached_statements=0,
            )
        except _DatabaseErrors as error:
            failure = sqlite_error(error, connection=self.name, operation="start")
        else:
            self._connection = connection
            try:
                await self._guarded(_configure, operation="start")
            except ExecutionError as error:
                failure = error
        if failure is not None:
            await self.close()
            # Raised outside the except block, so the sqlite3 exception is not attached.
            raise failure
        logger.info("connection %s: opened SQLite file %s read-only", self.name, self.path)

    async def close(self) -> None:
        """Close the connection."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        await connection.close()
        logger.info("connection %s: closed SQLite file %s", self.name, self.path)

    async def run(self, sql: str, *, max_rows: int, access: EngineAccess) -> QueryResult:
        """Run one statement under an authorizer and fetch at most ``max_rows`` rows.

        Args:
            sql: one statement; sqlite3 rejects a string with more than one.
            max_rows: rows to return; one more is fetched to set ``truncated``.
            access: the tables, columns and functions the statement may use.

        Raises:
            ExecutionError: the authorizer denied an action (category ``permission``), the
                statement failed, or it ran longer than the timeout (category ``timeout``).
        """
        if max_rows < 0:
            raise ValueError(f"max_rows must be 0 or more, not {max_rows}")
        authorizer = _Authorizer(access)

        def run_statement(
            database: sqlite3.Connection,
        ) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
            authorizer.load_schema_names(database)
            database.set_authorizer(authorizer)
            try:
                return _fetch(database, sql, (), max_rows + 1, self._timeout_s)
            finally:
                database.set_authorizer(None)

        started = time.perf_counter()
        columns, rows = await self._guarded(run_statement, operation="query", authorizer=authorizer)
        duration_ms = (time.perf_counter() - started) * 1000
        return QueryResult(columns, rows[:max_rows], len(rows) > max_rows, duration_ms)

    async def catalog(self) -> Catalog:
        """Introspect the tables and views of the main schema, without ``sqlite_*`` tables."""

        def read_tables(database: sqlite3.Connection) -> list[TableInfo]:
            return _read_tables(database, self._timeout_s, connection=self.name)

        tables = await self._guarded(read_tables, operation="catalog")
        return Catalog.build(self.dialect, _SCHEMA, tables)

    async def distinct_values(self, table: str, column: str, limit: int = 100_000) -> list[str]:
        """Return up to ``limit`` distinct non-null values of a column as text, sorted.

        The table and column must be in the live catalog. The SQL is built from their quoted
        names, never from agent text, and runs without the authorizer.

        Raises:
            ExecutionError: the column is not in the catalog, or the query failed.
        """
        info = (await self.catalog()).tables.get(table)
        if info is None or info.column(column) is None:
            raise ExecutionError(
                "undefined_object",
                None,
                f"The column {table}.{column} is not in the catalog of connection {self.name!r}.",
            )
        name = quote_identifier(column)
        source = f"{quote_identifier(_SCHEMA)}.{quote_identifier(table)}"
        # Identifiers are checked against the catalog and quoted; the limit is a parameter.
        sql = (
            f"SELECT DISTINCT CAST({name} AS TEXT) FROM {source} "  # noqa: S608
            f"WHERE {name} IS NOT NULL ORDER BY 1 LIMIT ?"
        )

        def select_values(database: sqlite3.Connection) -> list[tuple[object, ...]]:
            return _fetch(database, sql, (limit,), None, self._timeout_s)[1]

        rows = await self._guarded(select_values, operation="distinct_values")
        return [str(row[0]) for row in rows]

    async def data_version(self, columns: Mapping[str, Sequence[str]]) -> str:
        """Return ``PRAGMA data_version`` of this backend's connection.

        SQLite changes the value whenever another connection commits to the file, and this
        connection never writes, so any committed change shows. It covers every table, not
        only ``columns``, so a write to any table counts as a change.
        """

        def read_version(database: sqlite3.Connection) -> list[tuple[object, ...]]:
            return _fetch(database, "PRAGMA data_version", (), None, self._timeout_s)[1]

        rows = await self._guarded(read_version, operation="data_version")
        return f"sqlite:{rows[0][0]}"

    async def _guarded(
        self,
        function: Callable[[sqlite3.Connection], _T],
        *,
        operation: str,
        authorizer: _Authorizer | None = None,
    ) -> _T:
        """Run ``function`` on the connection's thread, one call at a time, translating errors.

        Args:
            function: the work, given the sqlite3 connection.
            operation: what runs, for the log.
            authorizer: the authorizer ``function`` installs; any denial it recorded makes
                the error a ``permission`` one, whatever message SQLite chose for it.
        """

        def contained(database: sqlite3.Connection) -> tuple[_T | None, Exception | None]:
            try:
                return function(database), None
            except _DatabaseErrors as error:
                # Returned rather than raised: aiosqlite logs the message of an exception its
                # worker raises (at DEBUG), and a sqlite3 message can contain a cell value.
                return None, error

        error: Exception | None = None
        async with self._lock:
            try:
                value, error = await self._call(contained)
            except asyncio.CancelledError:
                # The worker thread would otherwise run the statement until its timeout.
                if self._connection is not None:
                    with contextlib.suppress(ValueError):
                        self._connection._conn.interrupt()
                raise
            except _DatabaseErrors as raised:
                error = raised
        if error is None:
            return cast(_T, value)

        denial = authorizer.denial if authorizer is not None else None
        if denial is not None:
            logger.warning("connection %s: the authorizer denied %s (%s, %s)", self.name, *denial)
        # Raised outside any except block, so the sqlite3 exception (whose message can
        # contain a value) is not attached as __context__.
        raise sqlite_error(
            error, connection=self.name, operation=operation, denied=denial is not None
        )

    async def _call(self, function: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``function`` with the sqlite3 connection on aiosqlite's worker thread.

        The whole function runs as one job on that thread, so the authorizer it installs is
        removed before any other job can use the connection.
        """
        connection = self._connection
        if connection is None:
            raise ExecutionError(
                "connection", None, f"The connection {self.name!r} is not started."
            )
        # aiosqlite has no public way to run a function on its thread; _execute is that way.
        result: _T = await connection._execute(  # type: ignore[no-untyped-call]
            function, connection._conn
        )
        return result


def _configure(database: sqlite3.Connection) -> None:
    database.execute("PRAGMA query_only = ON")
    # Functions and virtual tables used inside views then must be marked innocuous.
    database.execute("PRAGMA trusted_schema = OFF")
    # Python builds without extension support lack the method, and then nothing can load one.
    if hasattr(database, "enable_load_extension"):
        database.enable_load_extension(False)
    database.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    # Reading the schema fails here, at start, when the file is not an SQLite database.
    database.execute("SELECT count(*) FROM sqlite_master").fetchall()


def _fetch(
    database: sqlite3.Connection,
    sql: str,
    parameters: tuple[object, ...],
    limit: int | None,
    timeout_s: float,
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """Run one statement with a deadline and return its column names and rows.

    Returns at most ``limit`` rows, or all of them when ``limit`` is None.
    """
    deadline = time.monotonic() + timeout_s

    def past_deadline() -> int:
        # A non-zero result makes SQLite interrupt the statement (SQLITE_INTERRUPT).
        return int(time.monotonic() > deadline)

    database.set_progress_handler(past_deadline, PROGRESS_INSTRUCTIONS)
    try:
        cursor = database.execute(sql, parameters)
        try:
            columns = tuple(entry[0] for entry in cursor.description or ())
            rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
        finally:
            cursor.close()
    finally:
        database.set_progress_handler(None, 0)
    return columns, rows


def _read_tables(
    database: sqlite3.Connection, timeout_s: float, *, connection: str
) -> list[TableInfo]:
    names = _fetch(
        database,
        "SELECT name FROM main.sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        (),
        None,
        timeout_s,
    )[1]
    tables = []
    for (name,) in names:
        assert isinstance(name, str)
        try:
            # hidden: 0 ordinary, 1 hidden column of a virtual table, 2 and 3 generated.
            rows = _fetch(
                database,
                'SELECT name, type, "notnull" FROM pragma_table_xinfo(?, ?) '
                "WHERE hidden <> 1 ORDER BY cid",
                (name, _SCHEMA),
                None,
                timeout_s,
            )[1]
        except sqlite3.Error as error:
            # A view whose tables are gone fails here; it cannot be queried either.
            logger.warning(
                "connection %s: catalog skipped %s, whose columns cannot be read (%s)",
                connection,
                name,
                type(error).__name__,
            )
            continue
        columns = tuple(
            ColumnInfo(str(column), str(data_type), nullable=not not_null)
            for column, data_type, not_null in rows
        )
        tables.append(TableInfo(name, columns))
    return tables
