"""The PostgreSQL role behind a connection: least-privilege grants and a start-up check.

phigate's SQL analysis is the first wall between an agent and the data. The database role is the
second: a role that can only ``SELECT`` the columns the policy grants stops a statement that the
analysis let through by mistake from writing, or from reading a column no group may see.

``plan_grants`` builds the SQL that creates such a role (``phigate db grants`` prints or applies
it). ``check_role`` lists what a role can do beyond reading, and ``verify_connection_role`` runs
that check when the gateway starts a PostgreSQL connection and rejects a privileged role unless the
connection sets ``allow_privileged_role: true``.

Every statement is built from fixed text, identifiers quoted with ``quote_identifier`` and
integers from the validated config. No other string is formatted into SQL.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from phigate.config import Config, PostgresConnection
from phigate.errors import ConfigError, PhigateError
from phigate.execution.base import quote_identifier
from phigate.execution.errors import postgres_error
from phigate.policy import PhiKind, PolicySet

__all__ = [
    "DEFAULT_ROLE",
    "PUBLIC",
    "ColumnGrant",
    "GrantPlan",
    "ProblemKind",
    "RoleProblem",
    "RoleSetupError",
    "apply_grants",
    "check_role",
    "enforce_role_problems",
    "governed_tables",
    "plan_grants",
    "readable_columns",
    "run_grants",
    "verify_connection_role",
]

logger = logging.getLogger(__name__)

DEFAULT_ROLE = "phigate"
"""The role ``phigate db grants`` creates when ``--role`` is not given."""

PUBLIC = "PUBLIC"
"""The ``holder`` of a privilege granted to PUBLIC, which every role has."""

# PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes), so a longer role name would
# create a role under another name than the one checked.
MAX_IDENTIFIER_BYTES = 63

# Privileges that let a role change a table or act on it beyond reading. INSERT, UPDATE and
# REFERENCES can also be granted per column, which has_table_privilege does not report.
WRITE_PRIVILEGES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
_COLUMN_PRIVILEGES = ("INSERT", "UPDATE", "REFERENCES")

# The role attributes a least-privilege role must have, as (pg_roles column, wanted value,
# keyword that sets it).
_ROLE_ATTRIBUTES = (
    ("rolcanlogin", True, "LOGIN"),
    ("rolsuper", False, "NOSUPERUSER"),
    ("rolcreatedb", False, "NOCREATEDB"),
    ("rolcreaterole", False, "NOCREATEROLE"),
    ("rolinherit", False, "NOINHERIT"),
    ("rolreplication", False, "NOREPLICATION"),
    ("rolbypassrls", False, "NOBYPASSRLS"),
)

# pg_class.relkind: ordinary table, partitioned table, view, materialized view, foreign table.
_RELKINDS = "('r', 'p', 'v', 'm', 'f')"

_ROLES_SQL = """
SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.oid = login.oid AS is_login
FROM pg_catalog.pg_roles AS login
JOIN pg_catalog.pg_roles AS r
    ON r.oid = login.oid
    OR (NOT login.rolsuper AND pg_catalog.pg_has_role(login.oid, r.oid, 'MEMBER'))
WHERE login.rolname = coalesce($1::text, session_user)
ORDER BY r.oid <> login.oid, r.rolname
"""

# A holder name of 'public' makes the has_*_privilege functions check the PUBLIC pseudo-role.
_SCHEMA_SQL = """
SELECT owner.rolname AS owner, holder.name AS holder,
    pg_catalog.has_schema_privilege(holder.name, n.oid, 'CREATE') AS can_create
FROM pg_catalog.pg_namespace AS n
JOIN pg_catalog.pg_roles AS owner ON owner.oid = n.nspowner
CROSS JOIN unnest($2::text[]) AS holder(name)
WHERE n.nspname = $1
"""

_TABLES_SQL = f"""
SELECT c.relname, owner.rolname AS owner
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_roles AS owner ON owner.oid = c.relowner
WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN {_RELKINDS}
ORDER BY c.relname
"""

_TABLE_PRIVILEGES_SQL = f"""
SELECT c.relname, holder.name AS holder, privilege.name AS privilege
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN unnest($3::text[]) AS holder(name)
CROSS JOIN unnest($4::text[]) AS privilege(name)
WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN {_RELKINDS}
    AND CASE
        WHEN privilege.name = ANY($5::text[])
            THEN pg_catalog.has_any_column_privilege(holder.name, c.oid, privilege.name)
        ELSE pg_catalog.has_table_privilege(holder.name, c.oid, privilege.name)
    END
ORDER BY c.relname, array_position($4::text[], privilege.name), holder.name
"""

_LIVE_COLUMNS_SQL = f"""
SELECT c.relname, a.attname
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relkind IN {_RELKINDS}
ORDER BY c.relname, a.attnum
"""

_TARGET_ROLE_SQL = """
SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication,
    rolbypassrls
FROM pg_catalog.pg_roles
WHERE rolname = $1
"""

_SESSION_SQL = """
SELECT current_database() AS database, session_user AS session_role, current_user AS role,
    EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $1) AS schema_exists
"""


class RoleSetupError(PhigateError):
    """The grants for a PostgreSQL role could not be planned or applied."""


# --- the start-up check ------------------------------------------------------------------


class ProblemKind(enum.StrEnum):
    """A way in which a role can do more than read the governed tables."""

    SUPERUSER = "superuser"
    BYPASS_RLS = "bypass_rls"
    CREATE_ROLE = "create_role"
    OWNS_SCHEMA = "owns_schema"
    OWNS_TABLE = "owns_table"
    SCHEMA_CREATE = "schema_create"
    TABLE_PRIVILEGE = "table_privilege"


@dataclass(frozen=True)
class RoleProblem:
    """One thing a role can do beyond reading the governed tables.

    Attributes:
        kind: what the role can do.
        role: the role that was checked.
        holder: the role that holds the attribute, ownership or privilege: ``role`` itself, a
            role that ``role`` is a member of (and so can ``SET ROLE`` to), or ``PUBLIC``.
        schema: the governed schema.
        table: the table, for ``OWNS_TABLE`` and ``TABLE_PRIVILEGE``.
        privilege: the privilege keyword, such as ``INSERT``, for ``TABLE_PRIVILEGE`` and
            ``SCHEMA_CREATE``.
    """

    kind: ProblemKind
    role: str
    holder: str
    schema: str = ""
    table: str | None = None
    privilege: str | None = None

    @property
    def inherited(self) -> bool:
        """True when another role or PUBLIC holds it, so revoking from ``role`` is not enough."""
        return self.holder != self.role

    def describe(self) -> str:
        """Return the problem as one sentence for an error message or a log line."""
        role = quote_identifier(self.role)
        if self.holder == PUBLIC:
            subject = f"PUBLIC (every role, {role} included)"
        elif self.holder == self.role:
            subject = f"role {role}"
        else:
            subject = f"role {quote_identifier(self.holder)}, which {role} is a member of,"
        schema = quote_identifier(self.schema)
        table = f"{schema}.{quote_identifier(self.table or '')}"
        if self.kind is ProblemKind.SUPERUSER:
            return f"{subject} is a superuser"
        if self.kind is ProblemKind.BYPASS_RLS:
            return f"{subject} has BYPASSRLS, so row-level security policies do not apply to it"
        if self.kind is ProblemKind.CREATE_ROLE:
            return f"{subject} has CREATEROLE, so it can create roles and change their membership"
        if self.kind is ProblemKind.OWNS_SCHEMA:
            return f"{subject} owns schema {schema}"
        if self.kind is ProblemKind.OWNS_TABLE:
            return f"{subject} owns table {table}"
        if self.kind is ProblemKind.SCHEMA_CREATE:
            return f"{subject} has CREATE on schema {schema}"
        return f"{subject} has {self.privilege} on table {table}"


async def check_role(
    connection: asyncpg.Connection[Any] | asyncpg.Pool[Any] | PoolConnectionProxy[Any],
    *,
    schema: str,
    tables: Iterable[str],
    role: str | None = None,
) -> list[RoleProblem]:
    """List what a role can do beyond reading the governed tables of ``schema``.

    The checks cover the role itself, every role it is a member of (directly or not, because a
    member can ``SET ROLE`` to it even with ``NOINHERIT``), and PUBLIC. A role is a problem when
    it is a superuser or has ``BYPASSRLS`` or ``CREATEROLE``, owns the schema or a governed
    table, has ``CREATE`` on the schema, or has one of ``WRITE_PRIVILEGES`` on a governed table,
    also through a column-level grant. A superuser is reported once, without its privileges.

    Args:
        connection: any connection to the database; the queries only read ``pg_catalog``.
        schema: the governed schema.
        tables: the governed tables. Names that the schema lacks are ignored.
        role: the role to check; the session user (the DSN's login) when None.

    Raises:
        ValueError: ``role`` names no existing role.
    """
    rows = await connection.fetch(_ROLES_SQL, role)
    if not rows:
        raise ValueError(f"role {role!r} not found")
    login: str = rows[0]["rolname"]
    problems: list[RoleProblem] = []
    holders: list[str] = []
    for row in rows:
        holder: str = row["rolname"]
        if row["rolsuper"]:
            problems.append(RoleProblem(ProblemKind.SUPERUSER, login, holder, schema))
            continue
        if row["rolbypassrls"]:
            problems.append(RoleProblem(ProblemKind.BYPASS_RLS, login, holder, schema))
        if row["rolcreaterole"]:
            problems.append(RoleProblem(ProblemKind.CREATE_ROLE, login, holder, schema))
        holders.append(holder)
    if not holders:
        return problems
    names = sorted(set(tables))
    problems += await _schema_problems(connection, login, holders, schema)
    problems += await _table_problems(connection, login, holders, schema, names)
    return problems


async def _schema_problems(
    connection: asyncpg.Connection[Any] | asyncpg.Pool[Any] | PoolConnectionProxy[Any],
    login: str,
    holders: list[str],
    schema: str,
) -> list[RoleProblem]:
    rows = await connection.fetch(_SCHEMA_SQL, schema, [*holders, "public"])
    creators = {_holder_name(row["holder"]) for row in rows if row["can_create"]}
    problems = []
    for row in rows:
        holder = _holder_name(row["holder"])
        if row["owner"] == holder:
            problems.append(RoleProblem(ProblemKind.OWNS_SCHEMA, login, holder, schema))
        elif holder in creators and (holder != login or creators == {login}):
            # The login role also shows a privilege that it inherits, so it is reported only
            # when no other holder explains it.
            problems.append(
                RoleProblem(ProblemKind.SCHEMA_CREATE, login, holder, schema, privilege="CREATE")
            )
    return problems


async def _table_problems(
    connection: asyncpg.Connection[Any] | asyncpg.Pool[Any] | PoolConnectionProxy[Any],
    login: str,
    holders: list[str],
    schema: str,
    tables: list[str],
) -> list[RoleProblem]:
    owners = {
        row["relname"]: row["owner"] for row in await connection.fetch(_TABLES_SQL, schema, tables)
    }
    problems = [
        RoleProblem(ProblemKind.OWNS_TABLE, login, owner, schema, table)
        for table, owner in owners.items()
        if owner in holders
    ]
    rows = await connection.fetch(
        _TABLE_PRIVILEGES_SQL,
        schema,
        tables,
        [*holders, "public"],
        list(WRITE_PRIVILEGES),
        list(_COLUMN_PRIVILEGES),
    )
    held: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        held.setdefault((row["relname"], row["privilege"]), []).append(_holder_name(row["holder"]))
    for (table, privilege), names in held.items():
        for holder in names:
            if owners.get(table) == holder:
                continue  # reported as ownership, which includes every privilege
            if holder == login and any(name != login for name in names):
                continue  # inherited, and reported for the role or PUBLIC that holds it
            problems.append(
                RoleProblem(ProblemKind.TABLE_PRIVILEGE, login, holder, schema, table, privilege)
            )
    return problems


def _holder_name(name: str) -> str:
    return PUBLIC if name == "public" else name


def governed_tables(policy: PolicySet) -> list[str]:
    """Return the tables the policy classifies, which are the tables phigate reads."""
    return sorted(policy.classification)


def enforce_role_problems(
    problems: Sequence[RoleProblem],
    *,
    config: Config,
    name: str,
    connection: PostgresConnection,
) -> None:
    """Raise ``ConfigError`` for a privileged role, or log a warning per problem when allowed.

    Args:
        problems: the result of ``check_role`` for the connection's role.
        config: the loaded config, whose path the message names.
        name: the connection name.
        connection: the connection's settings; ``allow_privileged_role`` turns the error into
            warnings.

    Raises:
        ConfigError: there are problems and ``allow_privileged_role`` is false.
    """
    if not problems:
        return
    if connection.allow_privileged_role:
        for problem in problems:
            logger.warning(
                "connection %s: allow_privileged_role is true, so phigate starts although %s",
                name,
                problem.describe(),
            )
        return
    role = quote_identifier(problems[0].role)
    lines = [
        f"{config.path}: connections.{name}: the database role {role} can do more than read the "
        "governed tables, so it is no second wall behind phigate's SQL analysis:",
        *(f"  - {problem.describe()}" for problem in problems),
        f"Fix: as an administrator, run `phigate db grants --config {config.path} --connection "
        f"{name} --apply`, then point connections.{name}.dsn at the role it creates "
        f"({DEFAULT_ROLE!r} unless you pass --role).",
    ]
    if any(problem.inherited for problem in problems):
        lines.append(
            "Privileges held by PUBLIC or by another role must be revoked from that role or "
            "PUBLIC (or the membership revoked), because the command changes only its own role."
        )
    lines.append(
        f"To start with this role anyway, set allow_privileged_role: true on connections.{name}."
    )
    raise ConfigError("\n".join(lines))


async def verify_connection_role(config: Config, name: str) -> list[RoleProblem]:
    """Check the role of PostgreSQL connection ``name`` and reject it if it is privileged.

    The gateway calls this right after the connection's backend starts. It opens one more
    connection with the same DSN, so it checks the role the pool logs in as, runs
    ``check_role`` on the tables the policy classifies, and closes the connection. A SQLite
    connection passes without a check, because the SQLite backend opens the file read-only.

    Returns:
        The problems found, which were logged as warnings because the connection sets
        ``allow_privileged_role: true``. Empty when the role passed.

    Raises:
        ConfigError: the role has problems and ``allow_privileged_role`` is false, or the DSN
            cannot be read.
        ExecutionError: the database cannot be reached or a catalog query failed.
    """
    settings = config.file.connections[name]
    if not isinstance(settings, PostgresConnection):
        return []
    database = await _connect(config, name, settings, read_only=True)
    failure: PhigateError | None = None
    try:
        problems = await check_role(
            database, schema=settings.schema_name, tables=governed_tables(config.policy)
        )
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as error:
        failure = postgres_error(error, connection=name, operation="privilege check")
    finally:
        await database.close()
    if failure is not None:
        # Raised outside the except block, so the driver's message is not attached.
        raise failure
    enforce_role_problems(problems, config=config, name=name, connection=settings)
    if not problems:
        logger.info("connection %s: the database role passed the privilege check", name)
    return problems


async def _connect(
    config: Config, name: str, settings: PostgresConnection, *, read_only: bool
) -> asyncpg.Connection[asyncpg.Record]:
    try:
        dsn = settings.dsn.read(config.base, what=f"connections.{name}.dsn")
    except ConfigError as error:
        raise config.in_file(error) from None
    server_settings = {
        "application_name": "phigate",
        "statement_timeout": str(settings.statement_timeout_ms),
    }
    if read_only:
        server_settings["default_transaction_read_only"] = "on"
    failure: PhigateError | None = None
    try:
        return await asyncpg.connect(dsn, server_settings=server_settings)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as error:
        # The driver's message can repeat parts of the DSN, so only its class and SQLSTATE
        # are kept.
        failure = postgres_error(error, connection=name, operation="connect")
    assert failure is not None
    raise failure


# --- the grants --------------------------------------------------------------------------


def readable_columns(policy: PolicySet, connection: str) -> dict[str, set[str]]:
    """Return, per table, the columns phigate reads on ``connection``.

    These are the union, over every group that names the connection, of the columns the
    group may read (masked columns included, because phigate masks values after reading
    them), plus the classified columns of the kinds in ``phigate.gateway.DICTIONARY_KINDS``.
    phigate reads those for the identifier dictionary of free-text masking on every
    connection, even where no group may read them.
    """
    # phigate.gateway imports this module for the start-up check, so the import waits.
    from phigate.gateway import DICTIONARY_KINDS  # noqa: PLC0415

    groups = [name for name, group in policy.groups.items() if connection in group.connections]
    grants = policy.grants(groups, connection)
    columns: dict[str, set[str]] = {
        table: set(resolved.columns) for table, resolved in grants.tables.items()
    }
    for table, classified in policy.classification.items():
        for column, kind in classified.items():
            if kind in DICTIONARY_KINDS:
                columns.setdefault(table, set()).add(column)
    return columns


def _dictionary_kinds() -> frozenset[PhiKind]:
    from phigate.gateway import DICTIONARY_KINDS  # noqa: PLC0415

    return DICTIONARY_KINDS


@dataclass(frozen=True)
class ColumnGrant:
    """The columns of one table that the role may ``SELECT``, in table order."""

    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class GrantPlan:
    """The statements that make ``role`` a least-privilege reader of one connection's schema.

    Attributes:
        connection: the connection name in the config.
        database: the database the statements apply to.
        schema: the governed schema.
        role: the role they create or change.
        role_exists: True when the role existed, so it is altered instead of created.
        grants: the column grants, per table in name order.
        statements: the statements, to run in this order in one transaction.
        notes: comment lines about what the statements leave out or cannot change.
    """

    connection: str
    database: str
    schema: str
    role: str
    role_exists: bool
    grants: tuple[ColumnGrant, ...]
    statements: tuple[str, ...]
    notes: tuple[str, ...]

    def sql(self) -> str:
        """Return the statements as a psql script that runs them in one transaction."""
        role = quote_identifier(self.role)
        header = [
            f"-- Least-privilege role {role} for phigate connection {self.connection!r}:",
            f"-- SELECT on the policy's columns in schema {quote_identifier(self.schema)} of "
            f"database {quote_identifier(self.database)}, and nothing else.",
            "-- Run it as the owner of the tables or as a superuser.",
            "-- No password is set. Set one in psql as an administrator with",
            f"--   \\password {role}",
            "-- or let the server authenticate the role another way (pg_hba.conf), then put",
            "-- the role in the connection's DSN.",
        ]
        notes = [f"-- NOTE: {note}" for note in self.notes]
        return "\n".join([*header, *notes, "BEGIN;", *self.statements, "COMMIT;", ""])


async def plan_grants(
    connection: asyncpg.Connection[Any] | PoolConnectionProxy[Any],
    *,
    policy: PolicySet,
    connection_name: str,
    schema: str,
    role: str,
    statement_timeout_ms: int,
) -> GrantPlan:
    """Build the statements that make ``role`` a least-privilege reader for one connection.

    The role gets ``LOGIN`` and no other attribute (``NOINHERIT``, no superuser,
    ``CREATEDB``, ``CREATEROLE``, replication or ``BYPASSRLS``), loses every privilege on the
    schema and its tables and sequences, and gets ``USAGE`` on the schema, ``CONNECT`` on the
    database and ``SELECT`` on the columns of ``readable_columns`` that exist in the live
    schema. Its sessions default to read-only transactions and the connection's statement
    timeout. An existing role is altered only in the attributes that differ.

    Args:
        connection: a connection to the connection's database. Planning only reads
            ``pg_catalog``.
        policy: the loaded policy files.
        connection_name: the connection's name, which the policy's groups refer to.
        schema: the governed schema.
        role: the role to create or change.
        statement_timeout_ms: the role's default statement timeout, in milliseconds.

    Raises:
        RoleSetupError: the role name is reserved or too long, the role is the one connected,
            a superuser, or the owner of the schema or a governed table, or the schema is
            missing.
    """
    _check_role_name(role)
    session = await connection.fetchrow(_SESSION_SQL, schema)
    assert session is not None
    if not session["schema_exists"]:
        raise RoleSetupError(
            f"connections.{connection_name}: schema {schema!r} not found in database "
            f"{session['database']!r}; set the connection's schema to an existing one"
        )
    if role in (session["session_role"], session["role"]):
        raise RoleSetupError(
            f"role {role!r} is the role this connection logs in as; connect as an "
            "administrator to change it, or pass another name with --role"
        )
    target = await connection.fetchrow(_TARGET_ROLE_SQL, role)
    notes: list[str] = []
    statements: list[str] = []
    quoted = quote_identifier(role)
    if target is None:
        keywords = " ".join(keyword for _, _, keyword in _ROLE_ATTRIBUTES)
        statements.append(f"CREATE ROLE {quoted} {keywords};")
    else:
        notes += await _existing_role_notes(connection, target, role, schema, policy)
        changes = [
            keyword for column, wanted, keyword in _ROLE_ATTRIBUTES if target[column] != wanted
        ]
        if changes:
            statements.append(f"ALTER ROLE {quoted} {' '.join(changes)};")
        else:
            notes.append(f"role {quoted} exists and already has the attributes it needs")
    grants, skipped = _column_grants(
        readable_columns(policy, connection_name), await connection.fetch(_LIVE_COLUMNS_SQL, schema)
    )
    notes += skipped
    public = await check_role(connection, schema=schema, tables=governed_tables(policy), role=None)
    notes += [problem.describe() for problem in public if problem.holder == PUBLIC]
    statements += _grant_statements(session["database"], schema, quoted, grants)
    statements += [
        f"ALTER ROLE {quoted} SET default_transaction_read_only = on;",
        f"ALTER ROLE {quoted} SET statement_timeout = {int(statement_timeout_ms)};",
    ]
    return GrantPlan(
        connection_name,
        session["database"],
        schema,
        role,
        target is not None,
        tuple(grants),
        tuple(statements),
        tuple(notes),
    )
