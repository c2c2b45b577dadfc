"""A PostgreSQL server for the test suite: the local one, or a throwaway cluster.

The suite prefers a server that already answers on ``PHIGATE_TEST_PG_HOST``:``PHIGATE_TEST_PG_PORT``
(default 127.0.0.1:5432, user ``postgres``, trust authentication). Where none answers and
``pg_ctl`` is on the PATH, it starts a cluster in a temporary folder and removes it at the end.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg


@dataclass(frozen=True)
class PostgresServer:
    """Where the test server listens."""

    host: str
    port: int
    user: str

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _throwaway_cluster() -> Iterator[PostgresServer]:
    pg_ctl = shutil.which("pg_ctl")
    initdb = shutil.which("initdb")
    if pg_ctl is None or initdb is None:
        raise RuntimeError(
            "no PostgreSQL server answers on 127.0.0.1:5432 and pg_ctl/initdb are not on the PATH; "
            "start a server or set PHIGATE_TEST_PG_HOST and PHIGATE_TEST_PG_PORT"
        )
    folder = Path(tempfile.mkdtemp(prefix="phigate-pg-"))
    data = folder / "data"
    port = _free_port()
    user = "postgres"
    # initdb refuses to run as root, so as root the cluster belongs to the postgres OS user.
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-U", user, "--auth=trust", "--no-sync"],
            check=True,
            capture_output=True,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
        log = str(folder / "log")
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-o", options, "-w", "-l", log, "start"],
            check=True,
            capture_output=True,
        )
        yield PostgresServer("127.0.0.1", port, user)
    finally:
        stop = [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(stop, capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Yield a running server, starting a throwaway cluster only when none answers."""
    host = os.environ.get("PHIGATE_TEST_PG_HOST", "127.0.0.1")
    port = int(os.environ.get("PHIGATE_TEST_PG_PORT", "5432"))
    user = os.environ.get("PHIGATE_TEST_PG_USER", "postgres")
    if _answers(host, port):
        yield PostgresServer(host, port, user)
        return
    with _throwaway_cluster() as server:
        yield server


def unique_database_name(prefix: str = "phigate_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


async def _admin(server: PostgresServer, statement: str) -> None:
    connection = await asyncpg.connect(server.dsn())
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def create_database(server: PostgresServer, name: str) -> str:
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    return server.dsn(name)


def drop_database(server: PostgresServer, name: str) -> None:
    asyncio.run(_admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
