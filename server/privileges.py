"""The PostgreSQL role behind a connection: least-privilege grants and a start-up check.

phigate's SQL analysis is the first wall between an agent and the data. The database role is the
second: a role that can only ``SELECT`` the columns phigate reads stops a statement that the
analysis let through by mistake from writing, or from reading a column outside the policy.

``plan_grants`` builds the SQL that creates such a role, and ``phigate db grants`` prints or
applies it. ``check_role`` lists what a role can do beyond reading. ``verify_connection_role``
runs that check when the gateway starts a PostgreSQL connection and rejects a privileged role
unless the connection sets ``allow_privileged_role: true``.

Every statement is built from fixed text, identifiers quoted with ``quote_identifier`` and
integers from the validated config. No other string is formatted into SQL.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from phigate.config import Config, PostgresConnection
from phigate.errors import ConfigError, PhigateError
from phigate.execution.base import quote_identifier
from phigate.execution.errors import postgres_error
from phigate.policy import PolicySet

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    Connection: TypeAlias = asyncpg.Connection[Any] | PoolConnectionProxy[Any]
    """A single connection, which planning and applying need for one transaction."""

    Queryable: TypeAlias = Connection | asyncpg.Pool[Any]
    """A connection or a pool, enough for the read-only catalog queries of the check."""

__all__ = [
    "DEFAULT_ROLE",
    "PUBLIC",
    "WRITE_PRIVILEGES",
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

# Privileges the statements need: CREATE ROLE and ALTER ROLE need CREATEROLE, and GRANT on a table
# needs its owner (or a grant option). Checked on PostgreSQL 15.
_ADMINISTRATOR = "a superuser, or as a role with CREATEROLE that owns the tables"

DEFAULT_ROLE = "phigate"
"""The role that ``phigate db grants`` creates when ``--role`` is not given."""

PUBLIC = "PUBLIC"
"""The ``holder`` of a privilege granted to PUBLIC, which every role has."""

# PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes), so a longer role name would
# create a role under another name than the one checked.
MAX_IDENTIFIER_BYTES = 63

# Error messages name at most this many columns, so one missing grant per column of a wide
# schema does not fill the terminal.
MAX_LISTED_COLUMNS = 10

WRITE_PRIVILEGES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
"""Table privileges that let a role change a table or act on it beyond reading."""

# These three can also be granted on single columns, which has_table_privilege does not report
# but has_any_column_privilege does.
_COLUMN_PRIVILEGES = ("INSERT", "UPDATE", "REFERENCES")

_DriverErrors = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)

# The attributes of a least-privilege role: (pg_roles column, wanted value, keyword).
_ROLE_ATTRIBUTES = (
    ("rolcanlogin", True, "LOGIN"),
    ("rolsuper", False, "NOSUPERUSER"),
    ("rolcreatedb", False, "NOCREATEDB"),
    ("rolcreaterole", False, "NOCREATEROLE"),
    ("rolinherit", False, "NOINHERIT"),
    ("rolreplication", False, "NOREPLICATION"),
    ("rolbypassrls", False, "NOBYPASSRLS"),
)

# The role and every role it is a member of. A superuser is a member of every role, so its
# memberships are not listed.
_ROLES_SQL = """
SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole
FROM pg_catalog.pg_roles AS login
JOIN pg_catalog.pg_roles AS r
    ON r.oid = login.oid
    OR (NOT login.rolsuper AND pg_catalog.pg_has_role(login.oid, r.oid, 'MEMBER'))
WHERE login.rolname = coalesce($1::text, session_user)
ORDER BY r.oid <> login.oid, r.rolname
"""

# The has_*_privilege functions read the holder name 'public' as the PUBLIC pseudo-role.
_SCHEMA_SQL = """
SELECT owner.rolname AS owner, holder.name AS holder,
    pg_catalog.has_schema_privilege(holder.name, n.oid, 'CREATE') AS can_create
FROM pg_catalog.pg_namespace AS n
JOIN pg_catalog.pg_roles AS owner ON owner.oid = n.nspowner
CROSS JOIN unnest($2::text[]) AS holder(name)
WHERE n.nspname = $1
ORDER BY holder.name
"""

# pg_class.relkind: ordinary table, partitioned table, view, materialized view, foreign table.
_TABLE_OWNERS_SQL = """
SELECT c.relname, owner.rolname AS owner
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_roles AS owner ON owner.oid = c.relowner
WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY c.relname
"""

_TABLE_PRIVILEGES_SQL = """
SELECT c.relname, holder.name AS holder, privilege.name AS privilege
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN unnest($3::text[]) AS holder(name)
CROSS JOIN unnest($4::text[]) AS privilege(name)
WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND CASE
        WHEN privilege.name = ANY($5::text[])
            THEN pg_catalog.has_any_column_privilege(holder.name, c.oid, privilege.name)
        ELSE pg_catalog.has_table_privilege(holder.name, c.oid, privilege.name)
    END
ORDER BY c.relname, array_position($4::text[], privilege.name), holder.name
"""

_LIVE_COLUMNS_SQL = """
SELECT c.relname, a.attname
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY c.relname, a.attnum
"""

_TARGET_ROLE_SQL = """
SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication,
    rolbypassrls
FROM pg_catalog.pg_roles
WHERE rolname = $1
"""

# The planned column grants that the role lacks. GRANT without the right to grant succeeds with
# only a server WARNING ("no privileges were granted"), so success alone proves nothing.
_MISSING_GRANTS_SQL = """
SELECT planned.table_name, planned.column_name
FROM unnest($3::text[], $4::text[]) AS planned(table_name, column_name)
LEFT JOIN (
    pg_catalog.pg_class AS c
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace AND n.nspname = $2
) ON c.relname = planned.table_name
WHERE c.oid IS NULL
    OR NOT pg_catalog.has_column_privilege($1::text, c.oid, planned.column_name, 'SELECT')
ORDER BY 1, 2
"""

_MISSING_ACCESS_SQL = """
SELECT pg_catalog.has_database_privilege($1::text, current_database(), 'CONNECT') AS can_connect,
    pg_catalog.has_schema_privilege($1::text, $2::text, 'USAGE') AS can_use_schema
"""

_SESSION_SQL = """
SELECT current_database() AS database,
    EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $1) AS schema_exists
"""


class RoleSetupError(PhigateError):
    """The grants for a PostgreSQL role could not be planned or applied."""


# --- the privilege check -----------------------------------------------------------------


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
        holder: the role that has the attribute, ownership or privilege. It is ``role``
            itself, a role that ``role`` is a member of (and so can ``SET ROLE`` to), or
            ``PUBLIC``.
        schema: the governed schema.
        table: the table, for ``OWNS_TABLE`` and ``TABLE_PRIVILEGE``.
        privilege: the privilege keyword, such as ``INSERT``, for ``TABLE_PRIVILEGE`` and
            ``SCHEMA_CREATE``.
    """

    kind: ProblemKind
    role: str
    holder: str
    schema: str
    table: str | None = None
    privilege: str | None = None

    @property
    def inherited(self) -> bool:
        """True when another role or PUBLIC has it, so revoking from ``role`` is not enough."""
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
            return f"{subject} has CREATEROLE, so it can create roles and change memberships"
        if self.kind is ProblemKind.OWNS_SCHEMA:
            return f"{subject} owns schema {schema}"
        if self.kind is ProblemKind.OWNS_TABLE:
            return f"{subject} owns table {table}"
        if self.kind is ProblemKind.SCHEMA_CREATE:
            return f"{subject} has CREATE on schema {schema}"
        return f"{subject} has {self.privilege} on table {table}"


async def check_role(
    connection: Queryable,
    *,
    schema: str,
    tables: Iterable[str],
    role: str | None = None,
) -> list[RoleProblem]:
    """List what a role can do beyond reading the governed tables of ``schema``.

    The check covers the role itself, every role it is a member of (directly or through other
    roles, because a member can ``SET ROLE`` to it even with ``NOINHERIT``), and PUBLIC. A
    holder is a problem when it is a superuser, has ``BYPASSRLS`` or ``CREATEROLE``, owns the
    schema or a governed table, has ``CREATE`` on the schema, or has one of
    ``WRITE_PRIVILEGES`` on a governed table, column-level grants included. A superuser is
    reported once, without the privileges that come with it.

    Args:
        connection: a connection to the database, or a pool. The queries only read
            ``pg_catalog``.
        schema: the governed schema.
        tables: the governed tables. Names that the schema lacks are ignored.
        role: the role to check. When None, the session user (the DSN's login) is checked.

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
    if login not in holders:
        return problems
    return problems + await _object_problems(connection, login, holders, schema, tables)


async def _object_problems(
    connection: Queryable,
    login: str,
    holders: Sequence[str],
    schema: str,
    tables: Iterable[str],
) -> list[RoleProblem]:
    """List the ownership and privileges of ``holders`` and PUBLIC on the schema and tables."""
    names = ["public", *holders]
    table_names = sorted(set(tables))
    problems = _schema_problems(login, await connection.fetch(_SCHEMA_SQL, schema, names), schema)
    owners: dict[str, str] = {
        row["relname"]: row["owner"]
        for row in await connection.fetch(_TABLE_OWNERS_SQL, schema, table_names)
    }
    problems += [
        RoleProblem(ProblemKind.OWNS_TABLE, login, owner, schema, table)
        for table, owner in owners.items()
        if owner in holders
    ]
    rows = await connection.fetch(
        _TABLE_PRIVILEGES_SQL,
        schema,
        table_names,
        names,
        list(WRITE_PRIVILEGES),
        list(_COLUMN_PRIVILEGES),
    )
    holders_by_privilege: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        holders_by_privilege.setdefault((row["relname"], row["privilege"]), []).append(
            _holder(row["holder"])
        )
    for (table, privilege), table_holders in holders_by_privilege.items():
        for holder in table_holders:
            if owners.get(table) == holder:
                continue  # reported as ownership, which includes every privilege
            if holder == login and len(table_holders) > 1:
                continue  # inherited, so reported for the role or PUBLIC that has it
            problems.append(
                RoleProblem(ProblemKind.TABLE_PRIVILEGE, login, holder, schema, table, privilege)
            )
    return problems


def _schema_problems(
    login: str, rows: Sequence[Mapping[str, Any]], schema: str
) -> list[RoleProblem]:
    creators = {_holder(row["holder"]) for row in rows if row["can_create"]}
    problems = []
    for row in rows:
        holder = _holder(row["holder"])
        if row["owner"] == holder:
            problems.append(RoleProblem(ProblemKind.OWNS_SCHEMA, login, holder, schema))
        elif holder in creators and (holder != login or creators == {login}):
            # The login role also shows CREATE that it inherits, so it is reported only when
            # no other holder has it.
            problems.append(
                RoleProblem(ProblemKind.SCHEMA_CREATE, login, holder, schema, privilege="CREATE")
            )
    return problems


def _holder(name: str) -> str:
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
    """Raise ``ConfigError`` for a privileged role, or log one warning per problem if allowed.

    Args:
        problems: the result of ``check_role`` for the connection's role.
        config: the loaded config, whose path the message names.
        name: the connection name.
        connection: the connection's settings. ``allow_privileged_role`` turns the error
            into warnings.

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
            "That command changes only its own role. Revoke what PUBLIC or another role has "
            "from PUBLIC or that role, or revoke the membership."
        )
    lines.append(
        f"To start with this role anyway, set allow_privileged_role: true on connections.{name}."
    )
    raise ConfigError("\n".join(lines))


async def verify_connection_role(config: Config, name: str) -> list[RoleProblem]:
    """Check the role of connection ``name`` and raise ``ConfigError`` if it is privileged.

    The gateway calls this right after the connection's backend starts. It opens one more
    connection with the same DSN, so it checks the role that the pool logs in as. It runs
    ``check_role`` on the tables the policy classifies and closes the connection. A SQLite
    connection is not checked, because the SQLite backend opens its file read-only.

    Returns:
        The problems found. They were logged as warnings, because the connection sets
        ``allow_privileged_role: true``. The list is empty when the role passed.

    Raises:
        ConfigError: the role has problems and ``allow_privileged_role`` is false, or the DSN
            cannot be read.
        ExecutionError: the database cannot be reached, or a catalog query failed.
    """
    settings = config.file.connections[name]
    if not isinstance(settings, PostgresConnection):
        return []
    database = await _connect(config, name, settings, read_only=True)
    failure: PhigateError | None = None
    problems: list[RoleProblem] = []
    try:
        problems = await check_role(
            database, schema=settings.schema_name, tables=governed_tables(config.policy)
        )
    except _DriverErrors as error:
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
    except (*_DriverErrors, asyncpg.ClientConfigurationError) as error:
        # The driver's message can repeat parts of the DSN, so only the error class and the
        # SQLSTATE are kept.
        failure = postgres_error(error, connection=name, operation="connect")
    assert failure is not None
    raise failure


# --- the grants --------------------------------------------------------------------------


def readable_columns(policy: PolicySet, connection: str) -> dict[str, set[str]]:
    """Return, per table, the columns that phigate reads on ``connection``.

    These are the union, over every group that names the connection, of the columns the group
    may read. Masked columns are included, because phigate masks values after it reads them.
    So are the classified columns of the kinds in ``phigate.gateway.DICTIONARY_KINDS``, even
    where no group may read them, because the gateway reads their values on every connection
    to build the identifier dictionary of free-text masking.
    """
    # phigate.gateway imports this module for the start-up check, so this import must wait.
    from phigate.gateway import DICTIONARY_KINDS  # noqa: PLC0415

    groups = [name for name, group in policy.groups.items() if connection in group.connections]
    grants = policy.grants(groups, connection)
    columns = {table: set(resolved.columns) for table, resolved in grants.tables.items()}
    for table, classified in policy.classification.items():
        for column, kind in classified.items():
            if kind in DICTIONARY_KINDS:
                columns.setdefault(table, set()).add(column)
    return columns


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
        database: the database that the statements apply to.
        schema: the governed schema.
        tables: the governed tables, which the check after applying covers.
        role: the role that the statements create or change.
        role_exists: True when the role existed, so it is altered instead of created.
        grants: the column grants, one per table, in table name order.
        statements: the statements, to run in this order in one transaction.
        notes: what the statements leave out or cannot change, one sentence each.
    """

    connection: str
    database: str
    schema: str
    tables: tuple[str, ...]
    role: str
    role_exists: bool
    grants: tuple[ColumnGrant, ...]
    statements: tuple[str, ...]
    notes: tuple[str, ...]

    def sql(self) -> str:
        """Return the statements as a psql script that runs them in one transaction."""
        role = quote_identifier(self.role)
        header = [
            f"-- Least-privilege role {role} for phigate connection {self.connection}:",
            f"-- SELECT on the policy's columns in schema {quote_identifier(self.schema)} of "
            f"database {quote_identifier(self.database)}, and no other privilege.",
            f"-- Run it as {_ADMINISTRATOR}.",
            "-- No password is set. As an administrator, set one in psql with",
            f"--   \\password {role}",
            "-- or authenticate the role another way in pg_hba.conf, then use the role in the",
            "-- connection's DSN.",
        ]
        notes = [f"-- NOTE: {note}" for note in self.notes]
        return "\n".join([*header, *notes, "BEGIN;", *self.statements, "COMMIT;", ""])


async def plan_grants(
    connection: Connection,
    *,
    policy: PolicySet,
    connection_name: str,
    schema: str,
    role: str,
    statement_timeout_ms: int,
) -> GrantPlan:
    """Build the statements that make ``role`` a least-privilege reader for one connection.

    The role gets ``LOGIN`` and ``NOINHERIT`` and none of superuser, ``CREATEDB``,
    ``CREATEROLE``, replication or ``BYPASSRLS``. It loses every privilege on the schema and on
    its tables and sequences. Then it gets ``CONNECT`` on the database, ``USAGE`` on the schema
    and ``SELECT`` on the columns of ``readable_columns`` that exist in the live schema. Its
    sessions default to read-only transactions and to the connection's statement timeout. An
    existing role is altered only in the attributes that differ, because changing the
    superuser, replication or ``BYPASSRLS`` attribute at all needs a superuser.

    Args:
        connection: a connection to the connection's database. Planning only reads
            ``pg_catalog``.
        policy: the loaded policy files.
        connection_name: the connection's name, which the policy's groups refer to.
        schema: the governed schema.
        role: the role to create or change.
        statement_timeout_ms: the role's default statement timeout, in milliseconds.

    Raises:
        RoleSetupError: the role name is reserved or too long, or names a superuser or a role
            that owns the schema or a governed table (itself or through a membership), or the
            schema is missing.
    """
    _check_role_name(role)
    session = await connection.fetchrow(_SESSION_SQL, schema)
    assert session is not None
    database: str = session["database"]
    if not session["schema_exists"]:
        raise RoleSetupError(
            f"connections.{connection_name}: schema {schema!r} not found in database "
            f"{database!r}; set the connection's schema to an existing one"
        )
    tables = governed_tables(policy)
    quoted = quote_identifier(role)
    statements: list[str] = []
    notes: list[str] = []
    target = await connection.fetchrow(_TARGET_ROLE_SQL, role)
    if target is None:
        keywords = " ".join(keyword for _, _, keyword in _ROLE_ATTRIBUTES)
        statements.append(f"CREATE ROLE {quoted} {keywords};")
    else:
        notes += await _existing_role_notes(connection, role, schema, tables)
        changes = [
            keyword for column, wanted, keyword in _ROLE_ATTRIBUTES if target[column] != wanted
        ]
        if changes:
            statements.append(f"ALTER ROLE {quoted} {' '.join(changes)};")
        else:
            notes.append(f"role {quoted} exists and has the attributes it needs")

    live = await connection.fetch(_LIVE_COLUMNS_SQL, schema)
    grants, skipped = _column_grants(readable_columns(policy, connection_name), live)
    notes += skipped
    # PUBLIC's privileges reach every role, and revoking them from this role does nothing.
    public = await _object_problems(connection, role, [], schema, tables)
    notes += [f"{problem.describe()}; these statements do not change that" for problem in public]
    statements += _grant_statements(database, schema, quoted, grants)
    statements += [
        f"ALTER ROLE {quoted} SET default_transaction_read_only = on;",
        f"ALTER ROLE {quoted} SET statement_timeout = {int(statement_timeout_ms)};",
    ]
    return GrantPlan(
        connection=connection_name,
        database=database,
        schema=schema,
        tables=tuple(tables),
        role=role,
        role_exists=target is not None,
        grants=tuple(grants),
        statements=tuple(statements),
        notes=tuple(notes),
    )


def _check_role_name(role: str) -> None:
    if not role:
        raise RoleSetupError("the role name is empty; pass a name with --role")
    if "\0" in role:
        raise RoleSetupError("a role name cannot contain a NUL character")
    if len(role.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        raise RoleSetupError(
            f"role name {role!r} is longer than {MAX_IDENTIFIER_BYTES} bytes, which PostgreSQL "
            "would truncate; pass a shorter name with --role"
        )
    if role.startswith("pg_") or role.lower() in {"public", "none"}:
        raise RoleSetupError(
            f"role name {role!r} is reserved by PostgreSQL; pass another name with --role"
        )


async def _existing_role_notes(
    connection: Connection, role: str, schema: str, tables: Sequence[str]
) -> list[str]:
    """Reject an existing role the statements cannot make safe, and note what they leave."""
    notes = []
    for problem in await check_role(connection, schema=schema, tables=tables, role=role):
        if problem.kind in {ProblemKind.SUPERUSER, ProblemKind.OWNS_SCHEMA, ProblemKind.OWNS_TABLE}:
            # Revoking privileges does not limit a superuser or an owner, and phigate does not
            # demote a superuser or take objects from their owner.
            raise RoleSetupError(
                f"{problem.describe()}, so no grant can make it a least-privilege role; pass a "
                "new role name with --role"
            )
        if problem.holder not in {role, PUBLIC}:
            notes.append(
                f"{problem.describe()}; these statements do not change that. Revoke the "
                f"membership with REVOKE {quote_identifier(problem.holder)} FROM "
                f"{quote_identifier(role)};"
            )
    return notes


def _column_grants(
    readable: Mapping[str, set[str]], live_rows: Iterable[Mapping[str, Any]]
) -> tuple[list[ColumnGrant], list[str]]:
    """Match the columns phigate reads with the live schema's columns.

    Returns the grants, with columns in table order, and a note for each table or column that
    the policy names but the schema lacks.
    """
    live: dict[str, list[str]] = {}
    for row in live_rows:
        live.setdefault(row["relname"], []).append(row["attname"])
    grants: list[ColumnGrant] = []
    notes: list[str] = []
    for table in sorted(readable):
        present = live.get(table)
        if present is None:
            notes.append(f"table {table!r} is in the policy but not in the schema; no grant on it")
            continue
        missing = sorted(readable[table].difference(present))
        if missing:
            notes.append(
                f"table {table!r} lacks the policy's columns {', '.join(missing)}; no grant on them"
            )
        columns = tuple(column for column in present if column in readable[table])
        if columns:
            grants.append(ColumnGrant(table, columns))
    return grants, notes


def _grant_statements(
    database: str, schema: str, role: str, grants: Iterable[ColumnGrant]
) -> list[str]:
    """Return the REVOKE and GRANT statements. ``role`` is already quoted."""
    quoted_schema = quote_identifier(schema)
    statements = [
        # Databases grant CONNECT to PUBLIC by default, but an administrator may have revoked it.
        f"GRANT CONNECT ON DATABASE {quote_identifier(database)} TO {role};",
        f"REVOKE ALL ON SCHEMA {quoted_schema} FROM {role};",
        # Revoking a table privilege also revokes the column privileges of that kind.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {quoted_schema} FROM {role};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {quoted_schema} FROM {role};",
        f"GRANT USAGE ON SCHEMA {quoted_schema} TO {role};",
    ]
    for grant in grants:
        columns = ", ".join(quote_identifier(column) for column in grant.columns)
        table = f"{quoted_schema}.{quote_identifier(grant.table)}"
        statements.append(f"GRANT SELECT ({columns}) ON {table} TO {role};")
    return statements


async def apply_grants(connection: Connection, plan: GrantPlan) -> list[RoleProblem]:
    """Run the plan's statements in one transaction, then check the role.

    Returns:
        What the role can still do beyond reading, which the statements cannot change
        (privileges of PUBLIC or of a role it is a member of). Each is logged as a warning.

    Raises:
        RoleSetupError: ``connection`` is logged in as the plan's role, a statement failed, or
            the role lacks a planned column grant afterwards. The transaction was rolled
            back, so nothing changed.
    """
    session = await connection.fetchrow("SELECT session_user, current_user")
    if session is not None and plan.role in tuple(session):
        raise RoleSetupError(
            f"role {plan.role!r} is the role this connection logs in as. Connect as "
            f"{_ADMINISTRATOR} to apply its grants, or pass another --role."
        )
    current = ""
    failure: RoleSetupError | None = None
    try:
        async with connection.transaction():
            for statement in plan.statements:
                current = statement
                await connection.execute(statement)
            await _require_planned_grants(connection, plan)
    except asyncpg.PostgresError as error:
        # These statements touch no rows, so the server's text names only objects and
        # privileges. The operator needs it to tell "must be owner of table" from "permission
        # denied to create role".
        failure = RoleSetupError(
            f"connections.{plan.connection}: applying the grants failed at `{current}`: "
            f"{error} (SQLSTATE {error.sqlstate}). Nothing was changed. Run the command as "
            f"{_ADMINISTRATOR}."
        )
    if failure is not None:
        raise failure
    logger.info(
        "connection %s: applied %d statements for role %s",
        plan.connection,
        len(plan.statements),
        plan.role,
    )
    problems = await check_role(connection, schema=plan.schema, tables=plan.tables, role=plan.role)
    for problem in problems:
        logger.warning("connection %s: after the grants, %s", plan.connection, problem.describe())
    return problems


async def _require_planned_grants(connection: Connection, plan: GrantPlan) -> None:
    """Raise ``RoleSetupError`` inside the transaction if a planned grant did not apply."""
    tables = [grant.table for grant in plan.grants for _ in grant.columns]
    columns = [column for grant in plan.grants for column in grant.columns]
    rows = await connection.fetch(_MISSING_GRANTS_SQL, plan.role, plan.schema, tables, columns)
    access = await connection.fetchrow(_MISSING_ACCESS_SQL, plan.role, plan.schema)
    assert access is not None
    missing: list[str] = []
    if not access["can_connect"]:
        missing.append(f"CONNECT on database {plan.database}")
    if not access["can_use_schema"]:
        missing.append(f"USAGE on schema {plan.schema}")
    if rows:
        names = [f"{row['table_name']}.{row['column_name']}" for row in rows]
        listed = ", ".join(names[:MAX_LISTED_COLUMNS])
        if len(names) > MAX_LISTED_COLUMNS:
            listed += f" and {len(names) - MAX_LISTED_COLUMNS} more columns"
        missing.append(f"SELECT on {listed}")
    if missing:
        raise RoleSetupError(
            f"connections.{plan.connection}: after the statements, role {plan.role!r} still "
            f"lacks {' and '.join(missing)}, because the connected role may not grant them. "
            f"Nothing was changed. Run the command as {_ADMINISTRATOR}."
        )


async def run_grants(
    config: Config, connection_name: str | None, *, role: str = DEFAULT_ROLE, apply: bool = False
) -> tuple[GrantPlan, list[RoleProblem]]:
    """Plan the grants for a PostgreSQL connection of ``config`` and, with ``apply``, run them.

    This is ``phigate db grants``. It connects with the connection's own DSN, which must be an
    administrator's for ``apply``.

    Args:
        config: the loaded config.
        connection_name: the PostgreSQL connection. When None, the config must have exactly
            one PostgreSQL connection.
        role: the role to create or change.
        apply: run the statements in one transaction instead of only planning them.

    Returns:
        The plan, and what the role can still do beyond reading after ``apply`` (always
        empty without it).

    Raises:
        ConfigError: the connection is missing or not PostgreSQL, or the DSN cannot be read.
        RoleSetupError: see ``plan_grants`` and ``apply_grants``.
        ExecutionError: the database cannot be reached, or a catalog query failed.
    """
    name, settings = _postgres_connection(config, connection_name)
    database = await _connect(config, name, settings, read_only=not apply)
    failure: PhigateError | None = None
    try:
        plan = await plan_grants(
            database,
            policy=config.policy,
            connection_name=name,
            schema=settings.schema_name,
            role=role,
            statement_timeout_ms=settings.statement_timeout_ms,
        )
        problems = await apply_grants(database, plan) if apply else []
    except _DriverErrors as error:
        failure = postgres_error(error, connection=name, operation="db grants")
    finally:
        await database.close()
    if failure is not None:
        raise failure
    return plan, problems


def _postgres_connection(config: Config, name: str | None) -> tuple[str, PostgresConnection]:
    connections = config.file.connections
    postgres = [key for key, value in connections.items() if isinstance(value, PostgresConnection)]
    if name is None:
        if len(postgres) != 1:
            shown = ", ".join(postgres) or "none"
            raise ConfigError(
                f"{config.path}: pass --connection with one of the PostgreSQL connections ({shown})"
            )
        name = postgres[0]
    settings = connections.get(name)
    if settings is None:
        raise ConfigError(
            f"{config.path}: connection {name!r} not found (connections: {', '.join(connections)})"
        )
    if not isinstance(settings, PostgresConnection):
        raise ConfigError(
            f"{config.path}: connections.{name} is {settings.dialect}; database roles apply to "
            "PostgreSQL connections only"
        )
    return name, settings
