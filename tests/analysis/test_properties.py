"""Property-based tests and fuzzing of the SQL analysis.

Two properties:

- generated queries over the demo schema are either rejected or, when run on the real SQLite
  demo database, return no protected value that the principal's policy masks or hides;
- random and mutated SQL never crashes the analyzer, and whatever it allows is one read-only
  statement built from allowed parts.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlglot
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from phigate.analysis import analyze
from phigate.analysis.syntax import check_nodes
from phigate.catalog import Catalog
from phigate.config import load_config
from phigate.demo.data import TABLE_COLUMNS, Dataset
from phigate.errors import ExecutionError, QueryRejected
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal

CASES = yaml.safe_load(Path(__file__).with_name("cases.yaml").read_text(encoding="utf-8"))
PRINCIPALS = ("ana", "cara", "rex")
FORBIDDEN = {
    "ana": ("name", "mrn", "ssn", "phone", "email", "address"),
    "cara": ("ssn", "phone", "email", "address"),
    "rex": ("name", "mrn", "ssn", "phone", "email", "address"),
}
TABLES = {
    table: list(TABLE_COLUMNS[table])
    for table in ("patients", "encounters", "clinical_notes", "providers")
}
FUNCTIONS = ("upper", "lower", "length", "trim", "abs")
AGGREGATES = ("count", "min", "max", "sum", "avg")
LITERALS = ("1", "'x'", "NULL", "'Smith'", "'123-45-6789'", "0")
OPERATORS = ("=", "<>", "<", ">", "LIKE")


class _Session:
    """A gateway on its own event loop, shared by the examples of one test."""

    def __init__(self, config_path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.gateway = self.loop.run_until_complete(Gateway.open(load_config(config_path)))

    def query(self, principal: str, sql: str, connection: str = "clinic") -> list[list[Any]] | None:
        who = resolve_stdio_principal(self.gateway.config, principal)
        try:
            response = self.loop.run_until_complete(self.gateway.query(who, sql, connection))
        except (QueryRejected, ExecutionError):
            return None
        return response.result.rows

    def catalog(self) -> Catalog:
        return self.loop.run_until_complete(self.gateway.catalog("clinic"))

    def close(self) -> None:
        self.loop.run_until_complete(self.gateway.close())
        self.loop.close()


@pytest.fixture(scope="module")
def session(demo_config_path: Path) -> Iterator[_Session]:
    session = _Session(demo_config_path)
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def canaries(demo_dataset: Dataset) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {kind: set() for kind in FORBIDDEN["ana"]}
    for phi in demo_dataset.patient_phi().values():
        found["name"].add(phi.full_name)
        found["mrn"].add(phi.mrn)
        found["ssn"].add(phi.ssn)
        found["phone"].add(re.sub(r"\D", "", phi.phone))
        found["email"].add(phi.email)
        found["address"].add(phi.street_address)
    return found


@st.composite
def _expression(draw: st.DrawFn, table: str) -> str:
    column = draw(st.sampled_from(TABLES[table]))
    other = draw(st.sampled_from(TABLES[table]))
    literal = draw(st.sampled_from(LITERALS))
    shapes = [
        column,
        f"{draw(st.sampled_from(FUNCTIONS))}({column})",
        f"{draw(st.sampled_from(AGGREGATES))}({column})",
        f"count(DISTINCT {column})",
        f"{column} || {other}",
        f"CAST({column} AS TEXT)",
        f"coalesce({column}, {literal})",
        f"CASE WHEN {column} = {literal} THEN 1 ELSE 0 END",
        f"max({column}) OVER (PARTITION BY {other})",
        f"(SELECT max(i.{column}) FROM {table} AS i)",
        f"substr({column}, 1, 3)",
        literal,
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def _select(draw: st.DrawFn) -> str:
    table = draw(st.sampled_from(sorted(TABLES)))
    items = draw(st.lists(_expression(table), min_size=1, max_size=3))
    distinct = "DISTINCT " if draw(st.integers(0, 5)) == 0 else ""
    sql = f"SELECT {distinct}{', '.join(items)} FROM {table}"
    if table != "patients" and draw(st.booleans()):
        sql += " JOIN patients AS p ON p.patient_id = " + f"{table}.patient_id"
    if draw(st.booleans()):
        column = draw(st.sampled_from(TABLES[table]))
        operator = draw(st.sampled_from(OPERATORS))
        sql += f" WHERE {table}.{column} {operator} {draw(st.sampled_from(LITERALS))}"
    if draw(st.booleans()):
        sql += f" GROUP BY {table}.{draw(st.sampled_from(TABLES[table]))}"
    return sql


@st.composite
def _query(draw: st.DrawFn) -> str:
    sql = draw(_select())
    wrap = draw(st.integers(0, 6))
    if wrap == 1:
        sql = f"WITH q AS ({sql}) SELECT * FROM q"
    elif wrap == 2:
        sql = f"SELECT * FROM ({sql}) AS q"
    elif wrap in {3, 4, 5}:
        operation = {3: "UNION ALL", 4: "UNION", 5: "INTERSECT"}[wrap]
        sql = f"{sql} {operation} {draw(_select())}"
    elif wrap == 6:
        sql = f"WITH q AS ({sql}) SELECT count(*) FROM q"
    return sql


def _leaks(
    rows: list[list[Any]], canaries: dict[str, set[str]], kinds: tuple[str, ...]
) -> list[str]:
    text = repr(rows)
    digits = re.sub(r"\D", "", text)
    found = []
    for kind in kinds:
        haystack = digits if kind == "phone" else text
        found += [kind for value in canaries[kind] if value and value in haystack]
    return found


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(principal=st.sampled_from(PRINCIPALS), sql=_query())
def test_generated_queries_leak_nothing(
    session: _Session, canaries: dict[str, set[str]], principal: str, sql: str
) -> None:
    """A generated query is rejected, or its rows hold no value the policy protects."""
    rows = session.query(principal, sql)
    if rows is None:
        return
    assert _leaks(rows, canaries, FORBIDDEN[principal]) == [], sql


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(principal=st.sampled_from(PRINCIPALS), sql=_query())
def test_generated_queries_leak_nothing_postgres(
    session: _Session, canaries: dict[str, set[str]], principal: str, sql: str
) -> None:
    """The same property holds on the PostgreSQL copy of the demo data."""
    rows = session.query(principal, sql, "clinic_pg")
    if rows is None:
        return
    assert _leaks(rows, canaries, FORBIDDEN[principal]) == [], sql


_SEEDS = [case["sql"] for case in CASES]
_FRAGMENTS = (
    ";",
    " DROP TABLE patients",
    "--",
    "/*",
    "*/",
    "'",
    '"',
    "$$",
    "U&",
    "\\",
    " UNION SELECT ssn FROM patients",
    " INTO x",
    " FOR UPDATE",
    "(",
    ")",
    " COMMIT",
    "E'",
    "\x00",
    "pg_sleep(1)",
    " OR 1=1",
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    sql = draw(st.sampled_from(_SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(sql)))
        action = draw(st.integers(0, 2))
        if action == 0:
            sql = sql[:position] + draw(st.sampled_from(_FRAGMENTS)) + sql[position:]
        elif action == 1:
            end = min(len(sql), position + draw(st.integers(1, 8)))
            sql = sql[:position] + sql[end:]
        else:
            sql = sql[:position] + draw(st.text(max_size=6)) + sql[position:]
    return sql


def _check_allowed(sql: str, session: _Session, principal: str) -> None:
    catalog = session.catalog()
    grants = session.gateway.config.policy.grants(
        resolve_stdio_principal(session.gateway.config, principal).groups, "clinic"
    )
    try:
        analysis = analyze(sql, grants=grants, catalog=catalog)
    except QueryRejected:
        return
    statements = [tree for tree in sqlglot.parse(analysis.sql, read="sqlite") if tree is not None]
    assert len(statements) == 1, analysis.sql
    assert isinstance(statements[0], exp.Select | exp.SetOperation), analysis.sql
    check_nodes(statements[0], "sqlite")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(principal=st.sampled_from(PRINCIPALS), sql=_mutated())
def test_mutated_sql_never_crashes(session: _Session, principal: str, sql: str) -> None:
    """Mutated SQL is rejected cleanly, or allowed only as one read-only statement."""
    _check_allowed(sql, session, principal)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(principal=st.sampled_from(PRINCIPALS), sql=st.text(max_size=200))
def test_random_text_never_crashes(session: _Session, principal: str, sql: str) -> None:
    """Random text is rejected cleanly, or allowed only as one read-only statement."""
    _check_allowed(sql, session, principal)
