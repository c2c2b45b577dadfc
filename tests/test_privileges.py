"""The PostgreSQL role: generated grants, the privilege check and the start-up rejection.

Every test runs against the real server of ``tests.postgres``. Databases and roles get unique
names and are dropped at the end, failures included. Roles are cluster-wide, so each one is
dropped with ``DROP OWNED BY`` in the database where it got privileges, then ``DROP ROLE``.

``least_privilege_role`` is also meant for ``tests/conftest.py``, which is why this module does
not import the conftest module.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import asyncpg
import pytest
import yaml

from phigate.config import load_config
from phigate.demo.data import Dataset, load_postgres
from phigate.errors import ConfigError
from phigate.execution.base import quote_identifier
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.policy import PolicySet, load_policy
from phigate.privileges import (
    WRITE_PRIVILEGES,
    ProblemKind,
    RoleProblem,
    RoleSetupError,
    apply_grants,
    check_role,
    governed_tables,
    plan_grants,
    readable_columns,
    verify_connection_role,
)
from phigate.tools import ToolRunner
from tests.postgres import PostgresServer, create_database, drop_database, unique_database_name

DEMO_POLICY = Path(__file__).resolve().parent.parent / "policies" / "demo.yaml"
CONNECTION = "clinic_pg"
PATIENT_COLUMNS = (
    "patient_id",
    "mrn",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "ssn",
    "phone",
    "email",
    "street_address",
    "city",
    "state",
    "zip",
)


# --- helpers, also for tests/conftest.py ----------------------------------------------------


@dataclass(frozen=True)
class RoleLogin:
    """A role created for a test and the DSN that logs in as it (trust authentication)."""

    name: str
    dsn: str


def unique_role_name(prefix: str = "phigate_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def dsn_for_role(admin_dsn: str, role: str) -> str:
    """Return ``admin_dsn`` with ``role`` as the user and no password."""
    parts = urlsplit(admin_dsn)
    host = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"{quote(role, safe='')}@{host}{port}").geturl()


def load_policy_set(path: Path) -> PolicySet:
    return PolicySet.from_files([(path.resolve(), load_policy(path))])


async def create_least_privilege_role(
    admin_dsn: str,
    role: str,
    *,
    policy: Path = DEMO_POLICY,
    connection: str = CONNECTION,
    schema: str = "public",
    statement_timeout_ms: int = 5000,
) -> RoleLogin:
    """Create ``role`` with the grants of ``phigate db grants --apply`` and return its login."""
    database = await asyncpg.connect(admin_dsn)
    try:
        plan = await plan_grants(
            database,
            policy=load_policy_set(policy),
            connection_name=connection,
            schema=schema,
            role=role,
            statement_timeout_ms=statement_timeout_ms,
        )
        await apply_grants(database, plan)
    finally:
        await database.close()
    return RoleLogin(role, dsn_for_role(admin_dsn, role))


async def drop_role(admin_dsn: str, role: str) -> None:
    """Drop ``role`` and everything it owns or was granted in the database of ``admin_dsn``."""
    try:
        database = await asyncpg.connect(admin_dsn)
    except asyncpg.InvalidCatalogNameError:
        # The database is gone, and its objects and privileges with it.
        database = await asyncpg.connect(urlsplit(admin_dsn)._replace(path="/postgres").geturl())
    try:
        exists = await database.fetchval("SELECT count(*) FROM pg_roles WHERE rolname = $1", role)
        if exists:
            await database.execute(f"DROP OWNED BY {quote_identifier(role)}")
            await database.execute(f"DROP ROLE {quote_identifier(role)}")
    finally:
        await database.close()


@contextmanager
def least_privilege_role(admin_dsn: str, *, policy: Path = DEMO_POLICY) -> Iterator[RoleLogin]:
    """Create a uniquely named least-privilege role on a database and drop it afterwards.

    It is synchronous for session fixtures, which run outside the tests' event loops.
    """
    role = unique_role_name()
    try:
        yield asyncio.run(create_least_privilege_role(admin_dsn, role, policy=policy))
    finally:
        asyncio.run(drop_role(admin_dsn, role))


@dataclass
class Roles:
    """Roles created by one test, dropped when it ends."""

    created: list[tuple[str, str]] = field(default_factory=list)

    async def create(self, admin_dsn: str, attributes: str = "NOLOGIN") -> str:
        """Create a role with fixed-text ``attributes`` and return its name."""
        role = unique_role_name()
        self.created.append((admin_dsn, role))
        database = await asyncpg.connect(admin_dsn)
        try:
            await database.execute(f"CREATE ROLE {quote_identifier(role)} {attributes}")
        finally:
            await database.close()
        return role

    async def least_privilege(
        self, admin_dsn: str, *, policy: Path = DEMO_POLICY, role: str | None = None
    ) -> RoleLogin:
        name = role or unique_role_name()
        self.created.append((admin_dsn, name))
        return await create_least_privilege_role(admin_dsn, name, policy=policy)


@pytest.fixture
async def roles() -> AsyncIterator[Roles]:
    """A factory of test roles that drops every role it made, even when the test fails."""
    factory = Roles()
    try:
        yield factory
    finally:
        for admin_dsn, role in reversed(factory.created):
            await drop_role(admin_dsn, role)


async def admin_execute(dsn: str, *statements: str) -> None:
    database = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await database.execute(statement)
    finally:
        await database.close()


def write_config(
    folder: Path,
    dsn: str,
    *,
    policy: Path = DEMO_POLICY,
    allow_privileged_role: bool = False,
    sqlite: Path | None = None,
) -> Path:
    """Write a config with one PostgreSQL connection and principal ``ana`` (group analyst)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dsn.txt").write_text(dsn + "\n", encoding="utf-8")
    (folder / "masking.key").write_text("k" * 64 + "\n", encoding="utf-8")
    connections: dict[str, Any] = {
        CONNECTION: {
            "dialect": "postgres",
            "dsn": {"file": "dsn.txt"},
            "allow_privileged_role": allow_privileged_role,
        }
    }
    if sqlite is not None:
        connections["clinic"] = {"dialect": "sqlite", "path": str(sqlite)}
    config = {
        "connections": connections,
        "policies": [str(policy)],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "masking.key"}},
        "principals": {"ana": {"groups": ["analyst"]}},
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grants_database(pg_server: PostgresServer, demo_dataset: Dataset) -> Iterator[str]:
    """The admin DSN of a database with the demo data set, one unclassified column added
    (``patients.legacy_notes``) and one classified column dropped (``providers.email``)."""
    name = unique_database_name("phigate_privileges")
    dsn = create_database(pg_server, name)
    try:
        asyncio.run(load_postgres(dsn, demo_dataset))
        asyncio.run(
            admin_execute(
                dsn,
                "ALTER TABLE patients ADD COLUMN legacy_notes text DEFAULT 'unclassified'",
                "ALTER TABLE providers DROP COLUMN email",
            )
        )
        yield dsn
    finally:
        drop_database(pg_server, name)


@pytest.fixture(scope="module")
def analyst_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo policy with only the analyst group, which reads no clinical notes."""
    policy = yaml.safe_load(DEMO_POLICY.read_text(encoding="utf-8"))
    policy["groups"] = {"analyst": policy["groups"]["analyst"]}
    path = tmp_path_factory.mktemp("policy") / "analyst.yaml"
    path.write_text(yaml.safe_dump(policy, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
async def scratch_table(postgres_dsn: str) -> str:
    """The admin DSN of an empty database with one table, ``records``."""
    await admin_execute(postgres_dsn, "CREATE TABLE records (id integer, secret text)")
    return postgres_dsn


async def _plan(admin_dsn: str, role: str, policy: Path = DEMO_POLICY) -> Any:
    database = await asyncpg.connect(admin_dsn)
    try:
        return await plan_grants(
            database,
            policy=load_policy_set(policy),
            connection_name=CONNECTION,
            schema="public",
            role=role,
            statement_timeout_ms=4000,
        )
    finally:
        await database.close()


async def _check(admin_dsn: str, role: str, tables: tuple[str, ...] = ("records",)) -> Any:
    database = await asyncpg.connect(admin_dsn)
    try:
        return await check_role(database, schema="public", tables=tables, role=role)
    finally:
        await database.close()


def _kinds(problems: list[RoleProblem]) -> list[tuple[ProblemKind, str, str | None]]:
    return [(problem.kind, problem.holder, problem.privilege) for problem in problems]


# --- readable columns and the generated SQL -------------------------------------------------


def test_readable_columns_union_of_groups(analyst_policy: Path) -> None:
    """The columns are the union over the groups, plus the identifier dictionary's columns."""
    demo = readable_columns(load_policy_set(DEMO_POLICY), CONNECTION)
    analyst = readable_columns(load_policy_set(analyst_policy), CONNECTION)
    assert demo["patients"] == set(PATIENT_COLUMNS)
    assert "body" in demo["clinical_notes"]
    assert "clinical_notes" not in analyst
    # The analyst may not read SSNs, but the gateway reads them for free-text masking.
    assert "ssn" in analyst["patients"]
    # A connection that no group names still needs the dictionary's columns, and only those.
    other = readable_columns(load_policy_set(DEMO_POLICY), "other")
    assert "clinical_notes" not in other
    assert "ssn" in other["patients"]
    assert "sex" not in other["patients"]


async def test_plan_demo_policy_grants(grants_database: str) -> None:
    """The demo policy's plan grants SELECT on the live policy columns and nothing else."""
    role = unique_role_name()
    plan = await _plan(grants_database, role)
    quoted = quote_identifier(role)
    patients = ", ".join(quote_identifier(column) for column in PATIENT_COLUMNS)
    sql = plan.sql()
    assert f'GRANT SELECT ({patients}) ON "public"."patients" TO {quoted};' in plan.statements
    providers = next(grant for grant in plan.grants if grant.table == "providers")
    assert "email" not in providers.columns
    assert "npi" in providers.columns
    assert [grant.table for grant in plan.grants] == sorted(
        governed_tables(load_policy_set(DEMO_POLICY))
    )
    assert "legacy_notes" not in sql
    assert any("providers" in note and "email" in note for note in plan.notes)
    assert plan.statements[0] == (
        f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT "
        "NOREPLICATION NOBYPASSRLS;"
    )
    assert f"ALTER ROLE {quoted} SET default_transaction_read_only = on;" in plan.statements
    assert f"ALTER ROLE {quoted} SET statement_timeout = 4000;" in plan.statements
    assert f'REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM {quoted};' in plan.statements
    assert f'GRANT USAGE ON SCHEMA "public" TO {quoted};' in plan.statements
    assert sql.startswith("--")
    assert "\nBEGIN;\n" in sql
    assert sql.endswith("COMMIT;\n")
    assert "\\password" in sql


async def test_plan_has_no_write_grant(grants_database: str) -> None:
    """No generated statement grants a write privilege, ownership or a password."""
    plan = await _plan(grants_database, unique_role_name())
    grants = [statement.split() for statement in plan.statements if statement.startswith("GRANT")]
    # Names are always quoted, so a bare keyword in a statement cannot be a column name.
    forbidden = {"PASSWORD", "OWNER", "SUPERUSER", "CREATEDB", "CREATEROLE", "BYPASSRLS"}
    assert len(grants) == len(plan.grants) + 2
    for words in grants:
        assert words[1] in {"SELECT", "USAGE", "CONNECT"}, words
        assert not set(words) & {*WRITE_PRIVILEGES, "ALL", "CREATE"}, words
    for statement in plan.statements:
        assert not set(statement.replace(";", "").split()) & forbidden, statement


async def test_plan_quotes_role_name(grants_database: str, roles: Roles) -> None:
    """A role name with a quote and a space is quoted in every statement and created as is."""
    role = f'phigate te"st {uuid.uuid4().hex[:8]}'
    plan = await _plan(grants_database, role)
    quoted = '"' + role.replace('"', '""') + '"'
    assert all(quoted in statement for statement in plan.statements)
    await roles.least_privilege(grants_database, role=role)
    database = await asyncpg.connect(grants_database)
    try:
        found = await database.fetchval("SELECT count(*) FROM pg_roles WHERE rolname = $1", role)
    finally:
        await database.close()
    assert found == 1


@pytest.mark.parametrize("role", ["pg_phigate", "public", "x" * 64, ""])
async def test_plan_rejects_invalid_role_name(grants_database: str, role: str) -> None:
    """A reserved, too long or empty role name is rejected before any statement is built."""
    with pytest.raises(RoleSetupError, match="role name"):
        await _plan(grants_database, role)


async def test_apply_rejects_connected_role(grants_database: str, roles: Roles) -> None:
    """The role the DSN logs in as may print its own grants but not apply them."""
    login = await roles.least_privilege(grants_database)
    plan = await _plan(login.dsn, login.name)
    assert plan.role_exists is True
    database = await asyncpg.connect(login.dsn)
    try:
        with pytest.raises(RoleSetupError, match="logs in as"):
            await apply_grants(database, plan)
    finally:
        await database.close()


async def test_plan_rejects_superuser_role(grants_database: str, roles: Roles) -> None:
    """An existing superuser role is rejected instead of demoted."""
    role = await roles.create(grants_database, "NOLOGIN SUPERUSER")
    with pytest.raises(RoleSetupError, match="is a superuser"):
        await _plan(grants_database, role)
    problems = await _check(grants_database, role)
    assert _kinds(problems) == [(ProblemKind.SUPERUSER, role, None)]


async def test_plan_rejects_table_owner(scratch_table: str, roles: Roles, tmp_path: Path) -> None:
    """An existing role that owns a governed table is rejected."""
    role = await roles.create(scratch_table)
    await admin_execute(scratch_table, f"ALTER TABLE records OWNER TO {quote_identifier(role)}")
    policy = {
        "classification": {"records": {"id": "none", "secret": "ssn"}},
        "groups": {
            "analyst": {"connections": [CONNECTION], "tables": {"records": {"columns": ["id"]}}}
        },
    }
    path = tmp_path / "records.yaml"
    path.write_text(yaml.safe_dump(policy), encoding="utf-8")
    with pytest.raises(RoleSetupError, match="owns table"):
        await _plan(scratch_table, role, path)


async def test_plan_existing_role_alters_only_attributes(
    grants_database: str, roles: Roles
) -> None:
    """An existing role is altered only in the attributes that differ from the wanted ones."""
    role = await roles.create(grants_database, "NOLOGIN CREATEDB INHERIT")
    plan = await _plan(grants_database, role)
    assert plan.role_exists is True
    assert plan.statements[0] == f"ALTER ROLE {quote_identifier(role)} LOGIN NOCREATEDB NOINHERIT;"
    assert not any(statement.startswith("CREATE ROLE") for statement in plan.statements)


# --- applying the grants --------------------------------------------------------------------


async def test_apply_role_reads_only_granted_columns(
    grants_database: str, analyst_policy: Path, roles: Roles, demo_dataset: Dataset
) -> None:
    """The applied role reads granted columns and gets permission denied for any other."""
    login = await roles.least_privilege(grants_database, policy=analyst_policy)
    database = await asyncpg.connect(login.dsn)
    try:
        patients = len(demo_dataset.patients)
        assert await database.fetchval("SELECT count(patient_id) FROM patients") == patients
        assert await database.fetchval("SELECT count(ssn) FROM patients") == patients
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await database.fetchval("SELECT count(body) FROM clinical_notes")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await database.fetchval("SELECT count(legacy_notes) FROM patients")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await database.fetch("SELECT * FROM patients LIMIT 1")
        assert await database.fetchval("SHOW default_transaction_read_only") == "on"
        assert await database.fetchval("SHOW statement_timeout") == "5s"
    finally:
        await database.close()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO lab_results (lab_result_id, patient_id) VALUES (999999, 1)",
        "UPDATE patients SET sex = sex",
        "DELETE FROM medications",
        "TRUNCATE encounters",
        "CREATE TABLE phigate_probe (id integer)",
        "CREATE INDEX phigate_probe ON patients (zip)",
    ],
)
async def test_apply_role_cannot_write(grants_database: str, roles: Roles, statement: str) -> None:
    """Writes fail as read-only by default and as permission denied in a read-write transaction."""
    login = await roles.least_privilege(grants_database)
    database = await asyncpg.connect(login.dsn)
    try:
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
            await database.execute(statement)
        # A role default is only a default, so the privileges must stop the write on their own.
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            async with database.transaction(readonly=False):
                await database.execute("SET TRANSACTION READ WRITE")
                await database.execute(statement)
    finally:
        await database.close()


async def test_apply_sets_no_password(grants_database: str, roles: Roles) -> None:
    """The applied role has no password, so the operator chooses how it authenticates."""
    login = await roles.least_privilege(grants_database)
    database = await asyncpg.connect(grants_database)
    try:
        row = await database.fetchrow(
            "SELECT rolpassword, rolsuper, rolinherit, rolcanlogin FROM pg_authid "
            "WHERE rolname = $1",
            login.name,
        )
    finally:
        await database.close()
    assert row is not None
    assert row["rolpassword"] is None
    assert row["rolsuper"] is False
    assert row["rolinherit"] is False
    assert row["rolcanlogin"] is True


async def test_apply_twice_is_idempotent(grants_database: str, roles: Roles) -> None:
    """Applying the grants to an existing least-privilege role changes no attribute."""
    login = await roles.least_privilege(grants_database)
    plan = await _plan(grants_database, login.name)
    attribute_changes = [
        statement
        for statement in plan.statements
        if statement.startswith(("CREATE ROLE", "ALTER ROLE")) and " SET " not in statement
    ]
    assert plan.role_exists is True
    assert attribute_changes == []
    assert any("has the attributes it needs" in note for note in plan.notes)
    database = await asyncpg.connect(grants_database)
    try:
        assert await apply_grants(database, plan) == []
    finally:
        await database.close()


async def test_apply_failure_changes_nothing(grants_database: str, roles: Roles) -> None:
    """A failing statement rolls back the whole transaction, the CREATE ROLE included."""
    plan = await _plan(grants_database, unique_role_name())
    failing = (
        f'GRANT SELECT ("no_such_column") ON "public"."patients" TO {quote_identifier(plan.role)};'
    )
    broken = dataclasses.replace(plan, statements=(*plan.statements, failing))
    roles.created.append((grants_database, plan.role))
    database = await asyncpg.connect(grants_database)
    try:
        with pytest.raises(RoleSetupError, match="Nothing was changed"):
            await apply_grants(database, broken)
        exists = await database.fetchval(
            "SELECT count(*) FROM pg_roles WHERE rolname = $1", plan.role
        )
    finally:
        await database.close()
    assert exists == 0


async def test_apply_without_grant_rights_changes_nothing(
    grants_database: str, roles: Roles
) -> None:
    """An administrator that may not grant SELECT gets an error, not a role without grants."""
    admin = await roles.create(grants_database, "LOGIN CREATEROLE")
    # SELECT without GRANT OPTION: PostgreSQL then only warns that nothing was granted.
    await admin_execute(
        grants_database, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quote_identifier(admin)}"
    )
    admin_dsn = dsn_for_role(grants_database, admin)
    plan = await _plan(admin_dsn, unique_role_name())
    roles.created.append((grants_database, plan.role))
    database = await asyncpg.connect(admin_dsn)
    try:
        with pytest.raises(RoleSetupError) as caught:
            await apply_grants(database, plan)
    finally:
        await database.close()
    assert "still lacks SELECT on clinical_notes.author_id, clinical_notes.body" in str(
        caught.value
    )
    assert "more columns" in str(caught.value)
    assert await _role_exists(grants_database, plan.role) is False


# --- the privilege check --------------------------------------------------------------------


async def test_check_passes_generated_role(grants_database: str, roles: Roles) -> None:
    """The generated role, logged in as itself, has no problem."""
    login = await roles.least_privilege(grants_database)
    database = await asyncpg.connect(login.dsn)
    try:
        problems = await check_role(
            database, schema="public", tables=governed_tables(load_policy_set(DEMO_POLICY))
        )
    finally:
        await database.close()
    assert problems == []


async def test_check_reports_superuser(scratch_table: str, roles: Roles) -> None:
    """A superuser is reported once, without the privileges that come with it."""
    role = await roles.create(scratch_table, "NOLOGIN SUPERUSER")
    assert _kinds(await _check(scratch_table, role)) == [(ProblemKind.SUPERUSER, role, None)]


async def test_check_reports_session_superuser(
    scratch_table: str, pg_server: PostgresServer
) -> None:
    """Without a role name the session user is checked, here the test server's superuser."""
    database = await asyncpg.connect(scratch_table)
    try:
        problems = await check_role(database, schema="public", tables=["records"])
    finally:
        await database.close()
    assert [problem.kind for problem in problems] == [ProblemKind.SUPERUSER]
    assert problems[0].describe() == f"role {quote_identifier(pg_server.user)} is a superuser"


async def test_check_reports_table_owner(scratch_table: str, roles: Roles) -> None:
    """The owner of a governed table is reported as owner, without its privileges."""
    role = await roles.create(scratch_table)
    await admin_execute(scratch_table, f"ALTER TABLE records OWNER TO {quote_identifier(role)}")
    problems = await _check(scratch_table, role)
    assert _kinds(problems) == [(ProblemKind.OWNS_TABLE, role, None)]
    assert problems[0].table == "records"


async def test_check_reports_schema_owner(scratch_table: str, roles: Roles) -> None:
    """The owner of the governed schema is reported."""
    role = await roles.create(scratch_table)
    await admin_execute(
        scratch_table,
        f"CREATE SCHEMA governed AUTHORIZATION {quote_identifier(role)}",
    )
    database = await asyncpg.connect(scratch_table)
    try:
        problems = await check_role(database, schema="governed", tables=[], role=role)
    finally:
        await database.close()
    assert _kinds(problems) == [(ProblemKind.OWNS_SCHEMA, role, None)]


async def test_check_reports_database_owner(scratch_table: str, roles: Roles) -> None:
    """The database owner owns schema public through pg_database_owner (PostgreSQL 15+)."""
    role = await roles.create(scratch_table)
    database = await asyncpg.connect(scratch_table)
    try:
        if database.get_server_version().major < 15:
            pytest.skip("schema public belongs to pg_database_owner from PostgreSQL 15 on")
        name = quote_identifier(await database.fetchval("SELECT current_database()"))
        await database.execute(f"ALTER DATABASE {name} OWNER TO {quote_identifier(role)}")
        try:
            problems = await check_role(database, schema="public", tables=["records"], role=role)
        finally:
            # A role that owns a database cannot be dropped.
            await database.execute(f"ALTER DATABASE {name} OWNER TO CURRENT_USER")
    finally:
        await database.close()
    assert _kinds(problems) == [(ProblemKind.OWNS_SCHEMA, "pg_database_owner", None)]


async def test_check_reports_write_privileges(scratch_table: str, roles: Roles) -> None:
    """Table-level and column-level write privileges are reported, SELECT is not."""
    role = await roles.create(scratch_table)
    quoted = quote_identifier(role)
    await admin_execute(
        scratch_table,
        f"GRANT SELECT, INSERT, TRIGGER ON records TO {quoted}",
        f"GRANT UPDATE (secret) ON records TO {quoted}",
        f"GRANT CREATE ON SCHEMA public TO {quoted}",
    )
    problems = await _check(scratch_table, role)
    assert _kinds(problems) == [
        (ProblemKind.SCHEMA_CREATE, role, "CREATE"),
        (ProblemKind.TABLE_PRIVILEGE, role, "INSERT"),
        (ProblemKind.TABLE_PRIVILEGE, role, "UPDATE"),
        (ProblemKind.TABLE_PRIVILEGE, role, "TRIGGER"),
    ]
    assert problems[1].describe() == f'role {quoted} has INSERT on table "public"."records"'


async def test_check_reports_membership(scratch_table: str, roles: Roles) -> None:
    """A privilege of a role it is a member of is reported for that role, even with NOINHERIT."""
    writer = await roles.create(scratch_table, "NOLOGIN")
    role = await roles.create(scratch_table, "NOLOGIN NOINHERIT")
    await admin_execute(
        scratch_table,
        f"GRANT DELETE ON records TO {quote_identifier(writer)}",
        f"GRANT {quote_identifier(writer)} TO {quote_identifier(role)}",
    )
    problems = await _check(scratch_table, role)
    assert _kinds(problems) == [(ProblemKind.TABLE_PRIVILEGE, writer, "DELETE")]
    assert problems[0].inherited is True
    assert problems[0].describe() == (
        f"role {quote_identifier(writer)}, which {quote_identifier(role)} is a member of, "
        'has DELETE on table "public"."records"'
    )


async def test_check_reports_public_privilege(scratch_table: str, roles: Roles) -> None:
    """A write privilege granted to PUBLIC is reported once, for PUBLIC."""
    role = await roles.create(scratch_table)
    await admin_execute(scratch_table, "GRANT TRUNCATE ON records TO PUBLIC")
    problems = await _check(scratch_table, role)
    assert _kinds(problems) == [(ProblemKind.TABLE_PRIVILEGE, "PUBLIC", "TRUNCATE")]


async def test_check_reports_role_attributes(scratch_table: str, roles: Roles) -> None:
    """BYPASSRLS and CREATEROLE are reported."""
    role = await roles.create(scratch_table, "NOLOGIN BYPASSRLS CREATEROLE")
    assert _kinds(await _check(scratch_table, role)) == [
        (ProblemKind.BYPASS_RLS, role, None),
        (ProblemKind.CREATE_ROLE, role, None),
    ]


async def test_check_ignores_missing_tables(scratch_table: str, roles: Roles) -> None:
    """A governed table that the schema lacks is skipped instead of failing the check."""
    role = await roles.create(scratch_table)
    assert await _check(scratch_table, role, ("records", "no_such_table")) == []


async def test_check_unknown_role(scratch_table: str) -> None:
    """A role name that does not exist is a ValueError."""
    with pytest.raises(ValueError, match="not found"):
        await _check(scratch_table, unique_role_name())


# --- the start-up check ---------------------------------------------------------------------


async def test_startup_rejects_superuser(
    grants_database: str, tmp_path: Path, pg_server: PostgresServer
) -> None:
    """A superuser connection without allow_privileged_role stops start-up with the fix."""
    path = write_config(tmp_path, grants_database)
    with pytest.raises(ConfigError) as caught:
        await verify_connection_role(load_config(path), CONNECTION)
    message = str(caught.value)
    assert message.startswith(f"{path}: connections.{CONNECTION}:")
    assert f"role {quote_identifier(pg_server.user)} is a superuser" in message
    assert f"phigate db grants --config {path} --connection {CONNECTION} --apply" in message
    assert f"allow_privileged_role: true on connections.{CONNECTION}" in message
    assert "postgresql://" not in message


async def test_startup_warns_when_allowed(
    grants_database: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With allow_privileged_role the check logs one warning per problem and lets it start."""
    caplog.set_level(logging.WARNING, logger="phigate.privileges")
    path = write_config(tmp_path, grants_database, allow_privileged_role=True)
    problems = await verify_connection_role(load_config(path), CONNECTION)
    warnings = [record for record in caplog.records if record.name == "phigate.privileges"]
    assert [problem.kind for problem in problems] == [ProblemKind.SUPERUSER]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "is a superuser" in warnings[0].getMessage()
    assert "postgresql://" not in caplog.text


async def test_startup_passes_generated_role(
    grants_database: str, tmp_path: Path, roles: Roles, caplog: pytest.LogCaptureFixture
) -> None:
    """A connection as the generated role starts without a warning."""
    caplog.set_level(logging.WARNING, logger="phigate.privileges")
    login = await roles.least_privilege(grants_database)
    path = write_config(tmp_path, login.dsn)
    assert await verify_connection_role(load_config(path), CONNECTION) == []
    assert [record for record in caplog.records if record.name == "phigate.privileges"] == []


async def test_gateway_start_rejects_superuser(grants_database: str, tmp_path: Path) -> None:
    """Gateway.start_connections rejects a superuser and closes the pool it opened."""
    gateway = await Gateway.open(load_config(write_config(tmp_path, grants_database)))
    try:
        with pytest.raises(ConfigError, match="is a superuser"):
            await gateway.start_connections()
    finally:
        await gateway.close()
    assert await _phigate_sessions(grants_database) == 0


async def _phigate_sessions(admin_dsn: str) -> int:
    """Count phigate's sessions on the database, waiting up to 5 s for closed ones to end."""
    database = await asyncpg.connect(admin_dsn)
    try:
        for _ in range(50):
            count: int = await database.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'phigate'"
            )
            if count == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        await database.close()
    return count


async def test_gateway_query_as_generated_role(
    grants_database: str, analyst_policy: Path, tmp_path: Path, roles: Roles
) -> None:
    """The gateway runs a query as the generated role, identifier dictionary included."""
    login = await roles.least_privilege(grants_database, policy=analyst_policy)
    path = write_config(tmp_path, login.dsn, policy=analyst_policy)
    gateway = await Gateway.open(load_config(path))
    try:
        await gateway.start_connections()
        runner = ToolRunner(gateway, resolve_stdio_principal(gateway.config, "ana"))
        result = await runner.call(
            "query", {"sql": "SELECT patient_id, last_name FROM patients LIMIT 3"}
        )
    finally:
        await gateway.close()
    assert result.is_error is False, result.content
    assert result.structured_content is not None
    assert result.structured_content["row_count"] == 3


# --- the command line -----------------------------------------------------------------------


def _phigate(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "phigate", *arguments],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PHIGATE_LOG_LEVEL": "WARNING"},
        timeout=120,
        check=False,
    )


async def _role_exists(admin_dsn: str, role: str) -> bool:
    database = await asyncpg.connect(admin_dsn)
    try:
        count = await database.fetchval("SELECT count(*) FROM pg_roles WHERE rolname = $1", role)
    finally:
        await database.close()
    return bool(count)


async def test_cli_prints_and_applies(grants_database: str, tmp_path: Path, roles: Roles) -> None:
    """db grants prints the SQL without changing anything, and --apply creates the role."""
    role = unique_role_name()
    roles.created.append((grants_database, role))
    path = write_config(tmp_path, grants_database)
    printed = _phigate("db", "grants", "--config", str(path), "--role", role)
    assert printed.returncode == 0, printed.stderr
    assert f"CREATE ROLE {quote_identifier(role)} LOGIN" in printed.stdout
    assert 'GRANT SELECT ("patient_id"' in printed.stdout
    assert "postgresql://" not in printed.stdout + printed.stderr
    assert await _role_exists(grants_database, role) is False
    applied = _phigate("db", "grants", "--config", str(path), "--role", role, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "GRANT SELECT" in applied.stdout
    assert "in one transaction" in applied.stderr
    assert await _role_exists(grants_database, role) is True


def test_cli_rejects_sqlite_connection(
    grants_database: str, tmp_path: Path, demo_sqlite: Path
) -> None:
    """db grants on a SQLite connection exits with status 2 and prints the reason."""
    path = write_config(tmp_path, grants_database, sqlite=demo_sqlite)
    result = _phigate("db", "grants", "--config", str(path), "--connection", "clinic")
    assert result.returncode == 2
    assert "PostgreSQL connections only" in result.stderr
    assert result.stdout == ""
