"""The ``phigate`` command line."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from phigate import __version__
from phigate.errors import ConfigError, PhigateError
from phigate.evals.cli import register as register_evals

__all__ = ["main"]

logger = logging.getLogger("phigate")

F = TypeVar("F", bound=Callable[..., Any])

_CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Path of the phigate config file (YAML).",
)


def _configure_logging(level: str) -> None:
    # stdout carries the stdio protocol, so every log line goes to stderr.
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # aiosqlite logs exception messages at DEBUG, and SQLite's messages can contain a value.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)


def _fail(error: PhigateError) -> None:
    click.echo(f"phigate: {error}", err=True)
    raise SystemExit(2)


@click.group()
@click.version_option(__version__, prog_name="phigate")
@click.option(
    "--log-level",
    default=lambda: os.environ.get("PHIGATE_LOG_LEVEL", "WARNING"),
    show_default="WARNING, or PHIGATE_LOG_LEVEL",
    help="Log level for messages on stderr (DEBUG, INFO, WARNING, ERROR).",
)
def main(log_level: str) -> None:
    """phigate: governed, masked and audited database access for AI agents over MCP."""
    _configure_logging(log_level)


@main.command()
@_CONFIG_OPTION
@click.option(
    "--principal",
    default=None,
    help="Principal to serve as; defaults to PHIGATE_PRINCIPAL, then the config's "
    "default_principal.",
)
def serve(config_path: Path, principal: str | None) -> None:
    """Serve the MCP tools over stdio."""
    from phigate.config import load_config
    from phigate.identity import resolve_stdio_principal
    from phigate.mcp_server import serve_stdio

    try:
        config = load_config(config_path)
        who = resolve_stdio_principal(config, principal)
        asyncio.run(serve_stdio(config, who))
    except PhigateError as error:
        _fail(error)
    except KeyboardInterrupt:
        pass


register_evals(main)


# --- policy -----------------------------------------------------------------------------


@main.group()
def policy() -> None:
    """Validate and explain policy files."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def policy_check(files: tuple[Path, ...]) -> None:
    """Validate policy files; exit non-zero on the first invalid one."""
    from phigate.policy import PolicySet, load_policy

    loaded = []
    try:
        for path in files:
            policy_file = load_policy(path)
            loaded.append((path, policy_file))
            groups = ", ".join(policy_file.groups) or "none"
            tables = len(policy_file.classification)
            click.echo(f"{path}: valid ({tables} classified tables; groups: {groups})")
        PolicySet.from_files(loaded)
    except ConfigError as error:
        _fail(error)


@policy.command("schema")
@click.option(
    "--kind",
    type=click.Choice(["policy", "config"]),
    default="policy",
    show_default=True,
    help="Which file format's JSON Schema to print.",
)
def policy_schema(kind: str) -> None:
    """Print the JSON Schema of the policy or config file format."""
    from phigate.config import ConfigFile
    from phigate.policy import PolicyFile

    model = PolicyFile if kind == "policy" else ConfigFile
    click.echo(json.dumps(model.model_json_schema(), indent=2))


@policy.command("explain")
@_CONFIG_OPTION
@click.option("--principal", required=True, help="Principal whose groups' policy applies.")
@click.option("--sql", required=True, help="The SQL to explain.")
@click.option("--connection", default=None, help="Connection name; defaults to the config's.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def policy_explain(
    config_path: Path, principal: str, sql: str, connection: str | None, as_json: bool
) -> None:
    """Print the decision for SQL without running it: the rule, lineage and masks."""
    from phigate.explain import explain

    try:
        decision = asyncio.run(explain(config_path, principal, sql, connection))
    except PhigateError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps(decision.as_dict(), indent=2))
    else:
        click.echo(decision.render())
    if not decision.allowed:
        raise SystemExit(1)


# --- audit ------------------------------------------------------------------------------


@main.group()
def audit() -> None:
    """Read the audit trail."""


@audit.command("tail")
@_CONFIG_OPTION
@click.option("-n", "--limit", default=20, show_default=True, help="How many calls to show.")
@click.option("--principal", default=None, help="Only this principal's calls.")
@click.option("--tool", default=None, help="Only calls of this tool.")
@click.option("--verbose", "-v", is_flag=True, help="Also show SQL, masks and the response.")
def audit_tail(
    config_path: Path, limit: int, principal: str | None, tool: str | None, verbose: bool
) -> None:
    """Show the latest tool calls, newest first."""
    from phigate.audit import AuditStore, format_records
    from phigate.config import load_config

    async def tail() -> str:
        config = load_config(config_path)
        async with await AuditStore.open(config.audit_path) as store:
            records = await store.tail(limit, principal=principal, tool=tool)
        return format_records(records, verbose=verbose)

    try:
        click.echo(asyncio.run(tail()))
    except PhigateError as error:
        _fail(error)


# --- db ---------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Set up the database side of PostgreSQL connections."""


@db.command("grants")
@_CONFIG_OPTION
@click.option(
    "--connection",
    default=None,
    help="PostgreSQL connection to set up; defaults to the config's only PostgreSQL connection.",
)
@click.option(
    "--role",
    default="phigate",
    show_default=True,
    help="Login role to create, or to change if it exists.",
)
@click.option(
    "--apply",
    is_flag=True,
    help="Also run the SQL in one transaction. The connection's DSN must then log in as a "
    "superuser, or as a role with CREATEROLE that owns the tables.",
)
def db_grants(config_path: Path, connection: str | None, role: str, apply: bool) -> None:
    """Print the SQL that creates a least-privilege PostgreSQL role for phigate.

    The role may log in and SELECT the columns that phigate reads under the policy, and
    nothing else. The SQL sets no password.
    """
    from phigate.config import load_config
    from phigate.privileges import run_grants

    try:
        config = load_config(config_path)
        plan, _ = asyncio.run(run_grants(config, connection, role=role, apply=apply))
    except PhigateError as error:
        _fail(error)
    click.echo(plan.sql(), nl=False)
    if apply:
        click.echo(
            f"phigate: applied the statements above to database {plan.database} in one transaction",
            err=True,
        )


# --- demo -------------------------------------------------------------------------------


@main.group(invoke_without_command=True)
@click.option(
    "--workdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(".phigate/demo"),
    show_default=True,
    help="Folder for the demo database, config, key and audit store.",
)
@click.option("--patients", default=None, type=int, help="Patients to generate (default 1000).")
@click.option("--notes", default=None, type=int, help="Clinical notes to generate (default 10000).")
@click.option("--rebuild", is_flag=True, help="Rebuild the demo database even if it exists.")
@click.pass_context
def demo(
    context: click.Context,
    workdir: Path,
    patients: int | None,
    notes: int | None,
    rebuild: bool,
) -> None:
    """Run a scripted agent session against the embedded SQLite demo database."""
    if context.invoked_subcommand is not None:
        return
    from phigate.demo.session import prepare_demo, run_demo

    try:
        database, config = prepare_demo(workdir, patients=patients, notes=notes, rebuild=rebuild)
        exit_code = asyncio.run(run_demo(database, config))
    except PhigateError as error:
        _fail(error)
    raise SystemExit(exit_code)


@demo.command("load")
@click.option(
    "--dsn",
    default=None,
    help="PostgreSQL DSN to load into; defaults to the PHIGATE_DEMO_DSN variable.",
)
@click.option("--schema", default="public", show_default=True, help="Schema to create tables in.")
@click.option("--patients", default=None, type=int, help="Patients to generate (default 1000).")
@click.option("--notes", default=None, type=int, help="Clinical notes to generate (default 10000).")
def demo_load(dsn: str | None, schema: str, patients: int | None, notes: int | None) -> None:
    """Load the synthetic clinical data set into PostgreSQL (drops and recreates its tables)."""
    import asyncpg

    from phigate.demo.data import (
        DEFAULT_NOTES,
        DEFAULT_PATIENTS,
        TABLE_NAMES,
        generate,
        load_postgres,
    )

    dsn = dsn or os.environ.get("PHIGATE_DEMO_DSN")
    if not dsn:
        click.echo("phigate: pass --dsn DSN or set PHIGATE_DEMO_DSN", err=True)
        raise SystemExit(2)
    dataset = generate(patients or DEFAULT_PATIENTS, notes or DEFAULT_NOTES)
    try:
        asyncio.run(load_postgres(dsn, dataset, schema=schema))
    except OSError as error:
        click.echo(f"phigate: cannot connect to PostgreSQL: {error.strerror or error}", err=True)
        raise SystemExit(2) from None
    except asyncpg.InvalidCatalogNameError:
        click.echo(
            "phigate: the database in --dsn does not exist; create it first, for example "
            "with `createdb -h HOST -U USER NAME`",
            err=True,
        )
        raise SystemExit(2) from None
    except asyncpg.PostgresError as error:
        # The server's message names objects, not data values: the data set is synthetic.
        click.echo(f"phigate: loading failed: {error.sqlstate} {error}", err=True)
        raise SystemExit(2) from None
    counts = ", ".join(f"{len(dataset.rows(table))} {table}" for table in TABLE_NAMES)
    click.echo(f"Loaded {counts} into schema {schema}.")
