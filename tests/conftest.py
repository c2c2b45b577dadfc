"""Shared fixtures: a real PostgreSQL server and uniquely named databases on it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from phigate.demo.data import Dataset, build_sqlite, generate, load_postgres
from tests.postgres import (
    PostgresServer,
    create_database,
    drop_database,
    postgres_server,
    unique_database_name,
)
from tests.test_privileges import least_privilege_role

DEMO_POLICY = Path(__file__).resolve().parent.parent / "policies" / "demo.yaml"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A running PostgreSQL server for the whole session."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_dsn(pg_server: PostgresServer) -> Iterator[str]:
    """The DSN of a new, empty, uniquely named database, dropped after the test."""
    name = unique_database_name()
    dsn = create_database(pg_server, name)
    try:
        yield dsn
    finally:
        drop_database(pg_server, name)


# --- the demo data set, on SQLite and PostgreSQL ---------------------------------------------

DEMO_TEST_PATIENTS = 60
DEMO_TEST_NOTES = 300


@pytest.fixture(scope="session")
def demo_dataset() -> Dataset:
    """A small synthetic clinical data set, generated once per session."""
    return generate(DEMO_TEST_PATIENTS, DEMO_TEST_NOTES)


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory, demo_dataset: Dataset) -> Path:
    """The data set as a SQLite file."""
    path = tmp_path_factory.mktemp("demo") / "clinic.db"
    build_sqlite(path, demo_dataset)
    return path


@pytest.fixture(scope="session")
def demo_postgres_admin(pg_server: PostgresServer, demo_dataset: Dataset) -> Iterator[str]:
    """The superuser DSN of a uniquely named PostgreSQL database holding the data set."""
    name = unique_database_name("phigate_demo")
    dsn = create_database(pg_server, name)
    try:
        asyncio.run(load_postgres(dsn, demo_dataset))
        yield dsn
    finally:
        drop_database(pg_server, name)


@pytest.fixture(scope="session")
def demo_postgres(demo_postgres_admin: str) -> Iterator[str]:
    """The DSN of the demo database for a least-privilege role made by `phigate db grants`."""
    with least_privilege_role(demo_postgres_admin) as role:
        yield role.dsn


@pytest.fixture(scope="session")
def demo_config_path(
    tmp_path_factory: pytest.TempPathFactory, demo_sqlite: Path, demo_postgres: str
) -> Path:
    """A config with both connections (clinic on SQLite, clinic_pg on PostgreSQL)."""
    folder = tmp_path_factory.mktemp("config")
    return write_test_config(folder, demo_sqlite, demo_postgres)


def write_test_config(
    folder: Path, sqlite_path: Path, postgres_dsn: str, *, policy: Path | None = None
) -> Path:
    """Write a config for the demo principals into ``folder`` and return its path."""
    (folder / "dsn.txt").write_text(postgres_dsn + "\n", encoding="utf-8")
    (folder / "masking.key").write_text("k" * 64 + "\n", encoding="utf-8")
    config = {
        "connections": {
            "clinic": {"dialect": "sqlite", "path": str(sqlite_path)},
            "clinic_pg": {"dialect": "postgres", "dsn": {"file": "dsn.txt"}},
        },
        "default_connection": "clinic",
        "policies": [str(policy or DEMO_POLICY)],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "masking.key"}},
        "principals": {
            "ana": {"groups": ["analyst"]},
            "cara": {"groups": ["clinician"]},
            "rex": {"groups": ["researcher"]},
            "multi": {"groups": ["analyst", "researcher"]},
        },
        "default_principal": "ana",
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
