"""The PostgreSQL backend: an asyncpg pool of read-only connections.

Agent SQL reaches the server only as a prepared statement (the extended query protocol). The
simple query protocol, which ``Connection.execute(sql)`` uses when given no arguments, runs
every statement in a string, so ``SELECT 1; COMMIT; DROP TABLE t`` would end the read-only
transaction and run the ``DROP``. A prepared statement contains exactly one statement.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence

import asyncpg

from phigate.catalog import Catalog, ColumnInfo, TableInfo
from phigate.errors import ExecutionError
from phigate.execution.base import EngineAccess, QueryResult, quote_identifier
from phigate.execution.errors import placeholder_error, postgres_error

__all__ = ["PostgresBackend"]

logger = logging.getLogger(__name__)

# The client waits this much longer than statement_timeout, so a server that is alive cancels
# the statement itself (and reports SQLSTATE 57014) before the client gives up on it.
CLIENT_TIMEOUT_MARGIN_S = 1.0

# A ROLLBACK of a read-only transaction does no work on the server, so a server that does not
# finish it within this many seconds is treated as hung.
ROLLBACK_TIMEOUT_S = 5.0

# pg_class.relkind: ordinary table, partitioned table, view, materialized view, foreign table.
_CATALOG_SQL = """
SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute AS a
    ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY c.relname, a.attnum
"""

_SNAPSHOT_SQL = "SELECT pg_catalog.pg_current_snapshot()::text"

_DatabaseErrors = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    OSError,
    TimeoutError,
)


class PostgresBackend:
    """A pool of connections to one PostgreSQL database, confined to one schema.

    Every connection starts with ``default_transaction_read_only=on``, a statement timeout, an
    idle-in-transaction timeout and a ``search_path`` of the governed schema alone. Every
    statement runs in its own ``READ ONLY`` ``REPEATABLE READ`` transaction that is always
    rolled back, so a session setting changed inside it (``SET``, ``set_config``) does not
    outlive the statement.

    ``run`` does not consult ``EngineAccess``: on PostgreSQL the privileges of the role in the
    DSN are the engine-side limit.
    """

    dialect = "postgres"

    def __init__(
        self,
        name: str,
        dsn: str,
        *,
        schema: str,
        statement_timeout_ms: int,
        pool_min_size: int,
        pool_max_size: int,
        client_timeout_s: float | None = None,
    ) -> None:
        """Configure the backend without connecting.

        Args:
            name: the connection name from the config, for logs.
            dsn: the libpq connection string or URI; it is a secret and never logged.
            schema: the governed schema.
            statement_timeout_ms: server-side limit on one statement, in milliseconds.
            pool_min_size: connections the pool keeps open.
            pool_max_size: connections the pool may open.
            client_timeout_s: how long the client waits for one statement, in seconds. The
                default is the statement timeout plus ``CLIENT_TIMEOUT_MARGIN_S``.
        """
        if pool_min_size > pool_max_size:
            raise ValueError(
                f"pool_min_size ({pool_min_size}) is greater than pool_max_size ({pool_max_size})"
            )
        self.name = name
        self.schema = schema
        self._dsn = dsn
        self._statement_timeout_ms = statement_timeout_ms
        self._pool_min_size = pool_min_size
        self._pool_max_size = pool_max_size
        if client_timeout_s is None:
            client_timeout_s = statement_timeout_ms / 1000 + CLIENT_TIMEOUT_MARGIN_S
        self._client_timeout_s = client_timeout_s
        self._pool: asyncpg.Pool | None = None
        # For each set of columns: the snapshot text and content fingerprint of the last scan.
        self._fingerprints: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, str]] = {}

    def __repr__(self) -> str:
        # Names only, because the DSN is a secret.
        return f"PostgresBackend(name={self.name!r}, schema={self.schema!r})"

    async def start(self) -> None:
        """Open the pool and its first connections.

        Raises:
            ExecutionError: the server cannot be reached or rejects the login.
        """
        if self._pool is not None:
            return
        settings = {
            "application_name": "phigate",
            "default_transaction_read_only": "on",
            "statement_timeout": str(self._statement_timeout_ms),
            # Inside one of these transactions the server is idle only between this client's
            # messages, which follow one another at once. A transaction idle for this long
            # belongs to a stalled client, so the server ends it. The bound is a choice.
            "idle_in_transaction_session_timeout": str(2 * self._statement_timeout_ms + 1000),
            "search_path": quote_identifier(self.schema),
        }
        failure: ExecutionError | None = None
        try:
            self._pool = await asyncpg.create_pool(
                self._dsn,
                min_size=self._pool_min_size,
                max_size=self._pool_max_size,
                server_settings=settings,
            )
        except _DatabaseErrors as error:
            failure = postgres_error(error, connection=self.name, operation="start")
        if failure is not None:
            # Raised outside the except block, so the driver's exception (and its message)
            # is not attached as __context__.
            raise failure
        logger.info(
            "connection %s: opened a PostgreSQL pool (min %d, max %d connections)",
            self.name,
            self._pool_min_size,
            self._pool_max_size,
        )

    async def close(self) -> None:
        """Close the pool, waiting a bounded time for connections in use to be released.

        Connections still in use after that time are closed without waiting.
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            async with asyncio.timeout(self._client_timeout_s + ROLLBACK_TIMEOUT_S):
                await pool.close()
        except TimeoutError:
            pool.terminate()
            logger.warning(
                "connection %s: closing the PostgreSQL pool timed out; connections terminated",
                self.name,
            )
            return
        logger.info("connection %s: closed the PostgreSQL pool", self.name)

    async def run(self, sql: str, *, max_rows: int, access: EngineAccess) -> QueryResult:
        """Run one statement as a prepared statement and fetch at most ``max_rows`` rows.

        Args:
            sql: one statement; a string with several statements is rejected by the server.
            max_rows: rows to return; one more is fetched to set ``truncated``.
            access: not enforced on PostgreSQL (see the class documentation).

        Raises:
            ExecutionError: the server rejected or failed the statement, or it timed out.
        """
        if max_rows < 0:
            raise ValueError(f"max_rows must be 0 or more, not {max_rows}")
        started = time.perf_counter()
        columns, records = await self._fetch(sql, (), max_rows + 1, operation="query")
        duration_ms = (time.perf_counter() - started) * 1000
        rows = [tuple(_plain(value) for value in record) for record in records[:max_rows]]
        return QueryResult(columns, rows, len(records) > max_rows, duration_ms)

    async def catalog(self) -> Catalog:
        """Introspect the governed schema's tables and views from ``pg_catalog``.

        ``information_schema`` is not used because it hides objects the role has no
        privilege on, and the catalog must show what exists.
        """
        _, records = await self._fetch(_CATALOG_SQL, (self.schema,), None, operation="catalog")
        columns: dict[str, list[ColumnInfo]] = {}
        for table, column, data_type, not_null in records:
            entries = columns.setdefault(table, [])
            # A table without columns yields one row of NULLs from the outer join.
            if column is not None:
                entries.append(ColumnInfo(column, data_type, nullable=not not_null))
        tables = [TableInfo(name, tuple(entries)) for name, entries in columns.items()]
        return Catalog.build(self.dialect, self.schema, tables)

    async def distinct_values(self, table: str, column: str, limit: int = 100_000) -> list[str]:
        """Return up to ``limit`` distinct non-null values of a column as text, sorted.

        The table and column must be in the live catalog. The SQL is built from their quoted
        names, never from agent text.

        Raises:
            ExecutionError: the column is not in the catalog, or the query failed.
        """
        _check_column(await self.catalog(), table, column)
        name = quote_identifier(column)
        source = f"{quote_identifier(self.schema)}.{quote_identifier(table)}"
        # Identifiers are checked against the catalog and quoted; the limit is a parameter.
        sql = (
            f"SELECT DISTINCT {name}::text FROM {source} "  # noqa: S608
            f"WHERE {name} IS NOT NULL ORDER BY 1 LIMIT $1"
        )
        _, records = await self._fetch(sql, (limit,), None, operation="distinct_values")
        return [record[0] for record in records]

    async def data_version(self, columns: Mapping[str, Sequence[str]]) -> str:
        """Return a fingerprint of the committed contents of ``columns``.

        The fingerprint is, per table, the row count and the sum of a 64-bit hash of each
        column's text, so an insert, a delete or an update of those columns changes it (an
        update to another column does not). Computing it scans the tables, so it is reused
        while ``pg_current_snapshot()`` stays the same. The snapshot text changes with every
        commit of a transaction that wrote anything in the cluster, and each fingerprint is
        stored with the snapshot of the statement that computed it.

        Cheaper signals were ruled out. ``xmin`` cannot be read by a role that has only column
        grants, which is how ``phigate db grants`` sets the role up. The counters of
        ``pg_stat_user_tables`` lag behind commits: in PostgreSQL 15 a session publishes them
        at most once a second, and up to 60 s late under lock contention (``pgstat.c``), and
        never with ``track_counts`` off. NOTE: on a cluster with frequent writes the tables
        are scanned on most calls, which costs one read of the dictionary columns, less than
        the rebuild it saves.
        """
        if not columns:
            return ""
        key = tuple(sorted((table, tuple(names)) for table, names in columns.items()))
        _, records = await self._fetch(_SNAPSHOT_SQL, (), None, operation="data_version")
        cached = self._fingerprints.get(key)
        if cached is not None and cached[0] == records[0][0]:
            return cached[1]
        sql = _fingerprint_sql(self.schema, key)
        _, records = await self._fetch(sql, (), None, operation="data_version")
        snapshot, *parts = records[0]
        fingerprint = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
        self._fingerprints[key] = (snapshot, fingerprint)
        return fingerprint

    async def _fetch(
        self,
        sql: str,
        args: Sequence[object],
        limit: int | None,
        *,
        operation: str,
    ) -> tuple[tuple[str, ...], list[asyncpg.Record]]:
        """Prepare and run one statement in a read-only transaction that is then rolled back.

        Returns the result column names and at most ``limit`` records (all when None).
        """
        if self._pool is None:
            raise ExecutionError(
                "connection", None, f"The connection {self.name!r} is not started."
            )
        failure: ExecutionError | None = None
        try:
            async with self._pool.acquire(timeout=self._client_timeout_s) as connection:
                return await self._fetch_on(connection, sql, args, limit)
        except _DatabaseErrors as error:
            failure = postgres_error(error, connection=self.name, operation=operation)
        # Raised outside the except block, so the driver's exception (and its message, which
        # can contain values) is not attached as __context__.
        assert failure is not None
        raise failure

    async def _fetch_on(
        self,
        connection: asyncpg.pool.PoolConnectionProxy[asyncpg.Record],
        sql: str,
        args: Sequence[object],
        limit: int | None,
    ) -> tuple[tuple[str, ...], list[asyncpg.Record]]:
        # On expiry, asyncio.timeout cancels the task. When the task of a running query is
        # cancelled, asyncpg sends a cancel request to the server.
        async with asyncio.timeout(self._client_timeout_s):
            transaction = connection.transaction(readonly=True, isolation="repeatable_read")
            await transaction.start()
            try:
                # SET LOCAL again in case something changed the session default.
                await connection.execute(
                    "SELECT pg_catalog.set_config('statement_timeout', $1, true)",
                    str(self._statement_timeout_ms),
                )
                statement = await connection.prepare(sql)
                if len(statement.get_parameters()) != len(args):
                    raise placeholder_error()
                columns = tuple(attribute.name for attribute in statement.get_attributes())
                if limit is None:
                    records = await statement.fetch(*args)
                else:
                    cursor = await statement.cursor(*args)
                    records = await cursor.fetch(limit)
            except BaseException:
                # The statement's own error is the one to report. When the rollback fails too,
                # the pool's reset on release rolls back or closes the connection.
                with contextlib.suppress(*_DatabaseErrors):
                    await _rollback(transaction)
                raise
            await _rollback(transaction)
        return columns, records


async def _rollback(transaction: asyncpg.transaction.Transaction) -> None:
    # After a client-side timeout, the outer asyncio.timeout has already expired and no longer
    # bounds this call, so the rollback gets its own limit.
    async with asyncio.timeout(ROLLBACK_TIMEOUT_S):
        await transaction.rollback()


def _fingerprint_sql(schema: str, columns: Sequence[tuple[str, Sequence[str]]]) -> str:
    """Build the statement that returns the snapshot and one fingerprint text per table.

    Identifiers are quoted; no other text is formatted into the statement.
    """
    parts = [_SNAPSHOT_SQL.removeprefix("SELECT ")]
    for table, names in columns:
        sums = "".join(
            # coalesce keeps each sum in its place when a column holds only NULLs.
            f", coalesce(sum(pg_catalog.hashtextextended({quote_identifier(name)}::text, 0)), 0)"
            for name in names
        )
        source = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        parts.append(f"(SELECT pg_catalog.concat_ws(':', count(*){sums}) FROM {source})")  # noqa: S608
    return "SELECT " + ", ".join(parts)


def _check_column(catalog: Catalog, table: str, column: str) -> None:
    info = catalog.tables.get(table)
    if info is None or info.column(column) is None:
        raise ExecutionError(
            "undefined_object",
            None,
            f"The column {table}.{column} is not in the catalog of schema {catalog.schema!r}.",
        )


def _plain(value: object) -> object:
    """Convert asyncpg records (composite values) to tuples, also inside arrays."""
    if isinstance(value, asyncpg.Record):
        return tuple(_plain(item) for item in value.values())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
