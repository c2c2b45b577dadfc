"""Translation of database errors into ``ExecutionError`` with a category and a generic message.

A database's own error text can contain values from the data or the query: PostgreSQL writes
``invalid input syntax for type integer: "123-45-6789"``, and Python's sqlite3 writes the
undecodable text of a cell into its message. So the message of an ``ExecutionError`` is built
only from fixed sentences, the SQLSTATE code, and the name of the driver's exception class. The
log gets the same fields and never the database's message, detail, hint or position.
"""

from __future__ import annotations

import logging
import re
import sqlite3

import asyncpg

from phigate.errors import ExecutionError

__all__ = [
    "CATEGORIES",
    "category_for_sqlstate",
    "placeholder_error",
    "postgres_error",
    "sqlite_error",
]

logger = logging.getLogger(__name__)

CATEGORIES = frozenset(
    {
        "timeout",
        "permission",
        "syntax",
        "data",
        "undefined_object",
        "read_only",
        "resource",
        "connection",
        "internal",
    }
)

_LEADS = {
    "timeout": "The query was cancelled because it ran longer than the time limit",
    "permission": "The database denied access to a table, column or function the query uses",
    "syntax": "The database rejected the query's syntax or structure",
    "data": "The database rejected a value the query produced or compared",
    "undefined_object": "The database has no table, column or function of a name the query uses",
    "read_only": "The database rejected the query because the connection is read-only",
    "resource": "The database ran out of a resource or hit a limit while running the query",
    "connection": "The connection to the database failed",
    "internal": "The database failed to run the query",
}

_SQLSTATE_CATEGORIES = {
    "57014": "timeout",  # query_canceled: statement_timeout or a cancel request
    "25P03": "timeout",  # idle_in_transaction_session_timeout
    "55P03": "timeout",  # lock_not_available: lock_timeout
    "25006": "read_only",  # read_only_sql_transaction
    "42501": "permission",  # insufficient_privilege
    "42P01": "undefined_object",  # undefined_table
    "42703": "undefined_object",  # undefined_column
    "42883": "undefined_object",  # undefined_function
    "42704": "undefined_object",  # undefined_object (a type, collation or other object)
    "3F000": "undefined_object",  # invalid_schema_name
    "57P01": "connection",  # admin_shutdown
    "57P02": "connection",  # crash_shutdown
    "57P03": "connection",  # cannot_connect_now
}

_SQLSTATE_CLASS_CATEGORIES = {
    "08": "connection",
    "0A": "syntax",  # feature_not_supported: the agent has to write the query differently
    "21": "data",  # cardinality_violation: a scalar subquery returned several rows
    "22": "data",
    "28": "permission",  # invalid authorization specification
    "3D": "connection",  # invalid_catalog_name: the DSN names a database that does not exist
    "42": "syntax",
    "53": "resource",
    "54": "resource",
}

_PLACEHOLDERS = "the query contains parameter placeholders, and phigate passes no parameters"

_SQLSTATE_PATTERN = re.compile(r"[0-9A-Z]{5}")
_CLASS_NAME_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def category_for_sqlstate(sqlstate: str | None) -> str:
    """Map a PostgreSQL SQLSTATE code to one of ``CATEGORIES``; unknown codes are ``internal``."""
    if sqlstate is None:
        return "internal"
    if sqlstate in _SQLSTATE_CATEGORIES:
        return _SQLSTATE_CATEGORIES[sqlstate]
    return _SQLSTATE_CLASS_CATEGORIES.get(sqlstate[:2], "internal")


def postgres_error(error: BaseException, *, connection: str, operation: str) -> ExecutionError:
    """Translate an asyncpg, socket or timeout error into an ``ExecutionError`` and log it.

    Args:
        error: the exception asyncpg or asyncio raised.
        connection: the connection name, for the log.
        operation: what failed, for the log, such as ``"query"`` or ``"catalog"``.
    """
    sqlstate: str | None = None
    condition: str | None = None
    if isinstance(error, asyncpg.PostgresError):
        raw = getattr(error, "sqlstate", None)
        # The code travels to the model, so only a well-formed code is kept.
        if isinstance(raw, str) and _SQLSTATE_PATTERN.fullmatch(raw):
            sqlstate = raw
        category = category_for_sqlstate(sqlstate)
        condition = _condition_from_class(type(error))
    elif isinstance(error, TimeoutError):
        # Checked before OSError, which TimeoutError subclasses.
        category = "timeout"
    elif isinstance(error, OSError | asyncpg.ClientConfigurationError):
        category = "connection"
    else:
        category = "internal"

    logger.warning(
        "connection %s: %s failed: category %s, SQLSTATE %s, %s",
        connection,
        operation,
        category,
        sqlstate,
        type(error).__name__,
    )
    message = _LEADS[category]
    if condition is not None:
        message += f": {condition}"
    if sqlstate is not None:
        message += f" (SQLSTATE {sqlstate})"
    return ExecutionError(category, sqlstate, message + ".")


def placeholder_error() -> ExecutionError:
    """Return the error for a statement with parameter placeholders, which nothing fills."""
    return ExecutionError("syntax", None, f"{_LEADS['syntax']}: {_PLACEHOLDERS}.")


def _condition_from_class(cls: type[BaseException]) -> str | None:
    """Turn an asyncpg exception class name into words, such as ``division by zero``.

    ``DivisionByZeroError`` becomes ``division by zero``. The class name is fixed text in
    asyncpg, chosen by SQLSTATE, so it carries no value.
    """
    if not cls.__module__.startswith("asyncpg"):
        return None
    if cls in (asyncpg.PostgresError, asyncpg.exceptions.UnknownPostgresError):
        return None
    name = cls.__name__.removesuffix("Error").removeprefix("Postgres")
    words = [word if word.isupper() else word.lower() for word in _CLASS_NAME_WORDS.findall(name)]
    return " ".join(words) or None


# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_CATEGORIES = {
    3: "permission",  # SQLITE_PERM
    5: "resource",  # SQLITE_BUSY
    6: "resource",  # SQLITE_LOCKED
    7: "resource",  # SQLITE_NOMEM
    8: "read_only",  # SQLITE_READONLY
    9: "timeout",  # SQLITE_INTERRUPT: the progress handler aborted the statement
    13: "resource",  # SQLITE_FULL
    14: "connection",  # SQLITE_CANTOPEN
    18: "resource",  # SQLITE_TOOBIG
    19: "data",  # SQLITE_CONSTRAINT
    20: "data",  # SQLITE_MISMATCH
    23: "permission",  # SQLITE_AUTH: the authorizer denied an action
    25: "data",  # SQLITE_RANGE
    26: "connection",  # SQLITE_NOTADB
}
_SQLITE_ERROR = 1


def sqlite_error(
    error: BaseException, *, connection: str, operation: str, denied: bool = False
) -> ExecutionError:
    """Translate a sqlite3 or aiosqlite error into an ``ExecutionError`` and log it.

    The SQLite message is read here only to tell apart causes that share one result code,
    because ``SQLITE_ERROR`` covers syntax errors, unknown names and a denied function. The
    message is never copied.

    Args:
        error: the exception sqlite3 or aiosqlite raised.
        connection: the connection name, for the log.
        operation: what failed, for the log, such as ``"query"`` or ``"catalog"``.
        denied: the authorizer denied an action of the statement. SQLite reports a denied
            function as ``SQLITE_ERROR`` rather than ``SQLITE_AUTH``, so the code alone
            does not show it.
    """
    code = getattr(error, "sqlite_errorcode", None)
    name = getattr(error, "sqlite_errorname", None)
    if not (isinstance(name, str) and re.fullmatch(r"SQLITE_[A-Z_]+", name)):
        name = None
    text = str(error).lower()
    condition: str | None = None

    if denied:
        category = "permission"
    elif isinstance(code, int) and (code & 0xFF) in _SQLITE_CATEGORIES:
        category = _SQLITE_CATEGORIES[code & 0xFF]
    elif isinstance(code, int) and (code & 0xFF) == _SQLITE_ERROR:
        if text.startswith("not authorized"):
            category = "permission"
        elif text.startswith(("no such table", "no such column", "no such function")):
            category = "undefined_object"
        else:
            category = "syntax"
    elif isinstance(error, sqlite3.ProgrammingError) and "one statement at a time" in text:
        category = "syntax"
        condition = "the query contains more than one statement"
    elif isinstance(error, sqlite3.ProgrammingError) and "number of bindings" in text:
        category = "syntax"
        condition = _PLACEHOLDERS
    elif isinstance(error, sqlite3.OperationalError) and "decode" in text:
        category = "data"
        condition = "a text value is not valid UTF-8"
    elif isinstance(error, sqlite3.DataError | sqlite3.IntegrityError):
        category = "data"
    elif isinstance(error, ValueError) and "closed" in text:
        # aiosqlite raises ValueError("Connection closed") after close().
        category = "connection"
    else:
        category = "internal"

    logger.warning(
        "connection %s: %s failed: category %s, SQLite code %s (%s), %s",
        connection,
        operation,
        category,
        code,
        name,
        type(error).__name__,
    )
    message = _LEADS[category]
    if condition is not None:
        message += f": {condition}"
    if name is not None:
        message += f" (SQLite {name})"
    return ExecutionError(category, None, message + ".")
