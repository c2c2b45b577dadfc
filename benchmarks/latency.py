"""Added latency of a phigate tool call, as a ratio to the same query sent directly through asyncpg.

Usage: python benchmarks/latency.py [--iterations N] [--dsn DSN]

The script creates a uniquely named PostgreSQL database on the local server (or the one in
--dsn), loads a small demo data set, and measures in one run:

- asyncpg: the analyzed SQL, prepared and fetched on one pooled connection (the baseline);
- phigate in-process: ``ToolRunner.call("query", ...)`` (policy, analysis, execution, masking,
  audit write), without the MCP transport;
- phigate over stdio: a real MCP client calling ``phigate serve`` (adds JSON-RPC and pipes).

It reports the median and 95th percentile per call, and each phigate path as a ratio to the
baseline. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import yaml
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from phigate.config import load_config
from phigate.demo.data import generate, load_postgres
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.policy import PolicySet, load_policy
from phigate.privileges import apply_grants, plan_grants
from phigate.tools import ToolRunner

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "policies" / "demo.yaml"
QUERIES = {
    "SELECT 1": "SELECT 1 AS one",
    "point lookup": "SELECT patient_id, sex, state FROM patients WHERE patient_id = 42",
    "join + aggregate": (
        "SELECT e.encounter_type, count(*) AS n FROM encounters e "
        "JOIN patients p ON p.patient_id = e.patient_id GROUP BY e.encounter_type"
    ),
}


async def _time(call: Callable[[], Awaitable[object]], iterations: int) -> list[float]:
    for _ in range(max(5, iterations // 10)):
        await call()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _write_config(folder: Path, dsn: str) -> Path:
    (folder / "dsn.txt").write_text(dsn, encoding="utf-8")
    (folder / "key.txt").write_text(uuid.uuid4().hex * 2, encoding="utf-8")
    config = {
        "connections": {"clinic_pg": {"dialect": "postgres", "dsn": {"file": "dsn.txt"}}},
        "policies": [str(POLICY)],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "key.txt"}},
        "principals": {"ana": {"groups": ["analyst"]}},
        "default_principal": "ana",
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


async def _measure(dsn: str, iterations: int) -> None:
    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as folder:
        config_path = _write_config(Path(folder), dsn)
        gateway = await Gateway.open(load_config(config_path))
        runner = ToolRunner(gateway, resolve_stdio_principal(gateway.config, "ana"))
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
        parameters = StdioServerParameters(
            command=sys.executable,
            args=["-m", "phigate", "serve", "--config", str(config_path)],
            env=dict(os.environ),
        )
        rows = []
        try:
            async with Client(parameters) as client:
                for label, sql in QUERIES.items():
                    analyzed = (await gateway.query(runner.principal, sql, None)).analysis.sql

                    async def direct(analyzed: str = analyzed) -> object:
                        async with pool.acquire() as connection:
                            statement = await connection.prepare(analyzed)
                            return await statement.fetch()

                    async def in_process(sql: str = sql) -> object:
                        return await runner.call("query", {"sql": sql})

                    async def over_stdio(sql: str = sql) -> object:
                        return await client.call_tool("query", {"sql": sql})

                    base = _summary(await _time(direct, iterations))
                    local = _summary(await _time(in_process, iterations))
                    stdio = _summary(await _time(over_stdio, iterations))
                    rows.append((label, base, local, stdio))
        finally:
            await pool.close()
            await gateway.close()
    _report(rows, iterations)


def _report(
    rows: list[tuple[str, tuple[float, float], tuple[float, float], tuple[float, float]]],
    iterations: int,
) -> None:
    print(f"phigate tool-call latency, {iterations} calls per path (median / p95, ms)")
    print(
        f"{'query':<18} {'asyncpg':>15} {'phigate in-proc':>17} {'ratio':>6} "
        f"{'phigate stdio':>15} {'ratio':>6} {'added (stdio)':>14}"
    )
    for label, base, local, stdio in rows:
        print(
            f"{label:<18} {base[0]:>7.2f} /{base[1]:>6.2f} {local[0]:>8.2f} /{local[1]:>6.2f} "
            f"{local[0] / base[0]:>6.1f} {stdio[0]:>7.2f} /{stdio[1]:>6.2f} "
            f"{stdio[0] / base[0]:>6.1f} {stdio[0] - base[0]:>11.2f} ms"
        )


async def _with_database(server_dsn: str, iterations: int) -> None:
    name = f"phigate_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(server_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base, _, _ = server_dsn.rpartition("/")
    dsn = f"{base}/{name}"
    try:
        await load_postgres(dsn, generate(200, 1000))
        # phigate refuses a superuser connection, so it runs as the role `db grants` makes.
        await _create_role(dsn, name)
        scheme, _, rest = base.partition("://")
        host = rest.rpartition("@")[2]
        await _measure(f"{scheme}://{name}@{host}/{name}", iterations)
    finally:
        admin = await asyncpg.connect(server_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        finally:
            await admin.close()


async def _create_role(dsn: str, role: str) -> None:
    policy = PolicySet.from_files([(POLICY, load_policy(POLICY))])
    connection = await asyncpg.connect(dsn)
    try:
        plan = await plan_grants(
            connection,
            policy=policy,
            connection_name="clinic_pg",
            schema="public",
            role=role,
            statement_timeout_ms=5000,
        )
        await apply_grants(connection, plan)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300, help="Timed calls per path.")
    parser.add_argument(
        "--dsn",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="DSN of a database on the server to create the benchmark database on.",
    )
    arguments = parser.parse_args()
    asyncio.run(_with_database(arguments.dsn, arguments.iterations))


if __name__ == "__main__":
    main()
