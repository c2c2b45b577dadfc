"""The backend interface that every database engine implements, and its value types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from phigate.catalog import Catalog

__all__ = ["Backend", "EngineAccess", "QueryResult", "quote_identifier"]


@dataclass(frozen=True)
class EngineAccess:
    """Limits on what the engine itself lets one statement read and call.

    SQLite enforces it with an authorizer on every statement. PostgreSQL relies on the
    privileges of the connection's role and does not consult it.

    Attributes:
        columns: table or view name -> names of the columns the statement may read.
        functions: lower-case names of the SQL functions the statement may call, including
            aggregates such as ``count``.
    """

    columns: Mapping[str, frozenset[str]]
    functions: frozenset[str]


@dataclass(frozen=True)
class QueryResult:
    """Rows of one statement, as plain Python values.

    Attributes:
        columns: result column names in select-list order (names may repeat).
        rows: at most ``max_rows`` rows. Values keep their driver types (``date``,
            ``datetime``, ``Decimal``, ``UUID``, ``bytes``...), and composite values become
            tuples.
        truncated: True when the statement had more than ``max_rows`` rows.
        duration_ms: wall-clock time of preparing, running and fetching, in milliseconds.
    """

    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]
    truncated: bool
    duration_ms: float


class Backend(Protocol):
    """A governed database connection that runs read-only statements."""

    dialect: str
    """The sqlglot dialect name: ``"postgres"`` or ``"sqlite"``."""

    async def start(self) -> None:
        """Open the connection or pool.

        Raises:
            ExecutionError: the database cannot be reached or opened.
        """
        ...

    async def close(self) -> None:
        """Close the connection or pool. Calling it twice is harmless."""
        ...

    async def catalog(self) -> Catalog:
        """Introspect the governed schema: its tables and views with their columns."""
        ...

    async def run(self, sql: str, *, max_rows: int, access: EngineAccess) -> QueryResult:
        """Run one read-only statement and fetch at most ``max_rows`` rows.

        Raises:
            ExecutionError: the database rejected or failed the statement, or it timed out.
        """
        ...

    async def distinct_values(self, table: str, column: str, limit: int = 100_000) -> list[str]:
        """Return up to ``limit`` distinct non-null values of a column, as text, sorted.

        For phigate's own use (the identifier dictionary of free-text masking), never for
        agent SQL. ``table`` and ``column`` must name a column of the catalog.

        Raises:
            ExecutionError: the column is not in the catalog (category ``undefined_object``),
                or the query failed.
        """
        ...

    async def data_version(self, columns: Mapping[str, Sequence[str]]) -> str:
        """Return a value that changes whenever the committed contents of ``columns`` change.

        ``columns`` maps table names to column names of the catalog. The value may also change
        when other data changes. It stays the same across a committed change to those columns
        only where a hash collides (PostgreSQL's fingerprint). phigate compares it to decide
        when to rebuild the identifier dictionary.

        Raises:
            ExecutionError: the query failed.
        """
        ...


def quote_identifier(name: str) -> str:
    """Quote an SQL identifier with double quotes, doubling any quote inside it.

    Both PostgreSQL and SQLite accept this form.
    """
    if "\0" in name:
        raise ValueError("an SQL identifier cannot contain a NUL character")
    return '"' + name.replace('"', '""') + '"'
