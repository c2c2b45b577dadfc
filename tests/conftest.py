"""Shared fixtures: a real PostgreSQL server and uniquely named databases on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import (
    PostgresServer,
    create_database,
    drop_database,
    postgres_server,
    unique_database_name,
)


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
