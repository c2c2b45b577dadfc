"""Errors raised by phigate.

The tree::

    PhigateError                 root; never raised itself
    ├── ConfigError              a config or policy file is invalid (start-up; exit non-zero)
    ├── AccessDenied             a principal is unknown or may not use a connection
    ├── QueryRejected            the SQL analysis rejected a statement (carries ``rule``)
    ├── ExecutionError           the database failed a statement (``category``, ``sqlstate``)
    ├── MaskingError             a value could not be masked, so it is withheld
    └── AuditError               the audit store failed (defined in ``phigate.audit``)

Every message of the errors the model may read (``AccessDenied``, ``QueryRejected``,
``ExecutionError``, ``MaskingError``) is written by phigate from fixed text and object names.
None of them carries database error text or a cell value.
"""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "ConfigError",
    "ExecutionError",
    "MaskingError",
    "PhigateError",
    "QueryRejected",
]


class PhigateError(Exception):
    """Root of phigate's errors."""


class ConfigError(PhigateError):
    """A config or policy file is missing or invalid.

    The message names the file, the key path and what is expected there.
    """


class AccessDenied(PhigateError):
    """The principal is unknown, or none of its groups grants the connection."""

    def __init__(self, message: str, *, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


class QueryRejected(PhigateError):
    """The SQL analysis rejected a statement before it reached the database.

    Attributes:
        rule: a stable rule id, such as ``statement.not_read`` or ``column.not_found``.
        hint: what the agent can do instead.
    """

    def __init__(self, rule: str, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.hint = hint


class ExecutionError(PhigateError):
    """The database failed a statement.

    The message is generic: the server's own text can echo a value, so it stays in the log
    (never the model's context) and only the category and SQLSTATE travel on.
    """

    def __init__(self, category: str, sqlstate: str | None, message: str) -> None:
        super().__init__(message)
        self.category = category
        self.sqlstate = sqlstate
        self.message = message


class MaskingError(PhigateError):
    """A value could not be masked; the value is withheld and the call says so."""
