"""The execution layer: running analyzed, read-only SQL on PostgreSQL or SQLite.

SQL reaches this layer after phigate's analyzer has checked it. The backends still enforce
read-only access on their own: PostgreSQL through read-only transactions and prepared
statements (one statement each), SQLite through a read-only file, ``query_only`` and an
authorizer.
"""

from __future__ import annotations

from pathlib import Path

from phigate.config import PostgresConnection, SqliteConnection
from phigate.errors import ConfigError
from phigate.execution.base import Backend, EngineAccess, QueryResult
from phigate.execution.postgres import PostgresBackend
from phigate.execution.sqlite import SqliteBackend

__all__ = [
    "Backend",
    "EngineAccess",
    "PostgresBackend",
    "QueryResult",
    "SqliteBackend",
    "open_backend",
]


def open_backend(
    name: str, connection: SqliteConnection | PostgresConnection, *, base: Path
) -> Backend:
    """Create the backend of one configured connection; ``start()`` then connects.

    Args:
        name: the connection name in the config.
        connection: its settings.
        base: the folder that a relative SQLite path or DSN file is resolved against.

    Raises:
        ConfigError: the DSN secret cannot be read, or the pool sizes contradict each other.
    """
    if isinstance(connection, SqliteConnection):
        path = connection.path if connection.path.is_absolute() else base / connection.path
        return SqliteBackend(
            name, path.resolve(), statement_timeout_ms=connection.statement_timeout_ms
        )
    if connection.pool_min_size > connection.pool_max_size:
        raise ConfigError(
            f"connections.{name}: pool_min_size ({connection.pool_min_size}) is greater than "
            f"pool_max_size ({connection.pool_max_size})"
        )
    dsn = connection.dsn.read(base, what=f"connections.{name}.dsn")
    return PostgresBackend(
        name,
        dsn,
        schema=connection.schema_name,
        statement_timeout_ms=connection.statement_timeout_ms,
        pool_min_size=connection.pool_min_size,
        pool_max_size=connection.pool_max_size,
    )
