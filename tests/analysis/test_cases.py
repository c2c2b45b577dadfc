"""Run the table-driven SQL cases in cases.yaml through the gateway on both databases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from phigate.config import load_config
from phigate.demo.data import Dataset
from phigate.errors import QueryRejected
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal

CASES_FILE = Path(__file__).with_name("cases.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
CONNECTIONS = {"sqlite": "clinic", "postgres": "clinic_pg"}

# What each demo principal's policy forbids in output, by canary kind.
FORBIDDEN = {
    "ana": {"name", "mrn", "ssn", "phone", "email", "address"},
    "cara": {"ssn", "phone", "email", "address"},
    "rex": {"name", "mrn", "ssn", "phone", "email", "address"},
}


def _parameters() -> list[Any]:
    parameters = []
    for case in CASES:
        for dialect in case.get("dialects", ["sqlite", "postgres"]):
            parameters.append(pytest.param(case, dialect, id=f"{dialect}: {case['name']}"))
    return parameters


@pytest.fixture
async def gateway(demo_config_path: Path) -> AsyncIterator[Gateway]:
    gateway = await Gateway.open(load_config(demo_config_path))
    try:
        yield gateway
    finally:
        await gateway.close()


def _canaries(dataset: Dataset) -> dict[str, set[str]]:
    canaries: dict[str, set[str]] = {kind: set() for kind in FORBIDDEN["ana"]}
    for phi in dataset.patient_phi().values():
        canaries["name"].add(phi.full_name)
        canaries["mrn"].add(phi.mrn)
        canaries["ssn"].add(phi.ssn)
        canaries["phone"].add(re.sub(r"\D", "", phi.phone))
        canaries["email"].add(phi.email)
        canaries["address"].add(phi.street_address)
    return canaries


def _leaks(rows: list[list[Any]], canaries: dict[str, set[str]], kinds: set[str]) -> list[str]:
    text = repr(rows)
    digits = re.sub(r"\D", "", text)
    found = []
    for kind in kinds:
        for value in canaries[kind]:
            haystack = digits if kind == "phone" else text
            if value and value in haystack:
                found.append(f"{kind}")
    return found


@pytest.mark.parametrize(("case", "dialect"), _parameters())
async def test_sql_case(
    case: dict[str, Any], dialect: str, gateway: Gateway, demo_dataset: Dataset
) -> None:
    """Each SQL case gets the expected decision, masks and value shapes."""
    principal = resolve_stdio_principal(gateway.config, case["as"])
    connection = CONNECTIONS[dialect]

    if "rule" in case:
        with pytest.raises(QueryRejected) as caught:
            await gateway.query(principal, case["sql"], connection)
        assert caught.value.rule == case["rule"], caught.value.message
        return

    response = await gateway.query(principal, case["sql"], connection)
    columns = {column.name: column for column in response.analysis.columns}
    if "columns" in case:
        assert list(columns) == case["columns"]
    for name, expected in case.get("masks", {}).items():
        assert name in columns, f"no output column {name!r}"
        mask = columns[name].mask
        assert (mask.describe() if mask else None) == expected, name
    positions = list(columns)
    for name, pattern in case.get("values", {}).items():
        index = positions.index(name)
        values = [row[index] for row in response.result.rows if row[index] is not None]
        assert values, f"no non-null values in {name!r} to check"
        for value in values:
            assert re.fullmatch(pattern, str(value)), f"{name}: {value!r} !~ {pattern}"
    if "rows" in case:
        assert len(response.result.rows) == case["rows"]
    if "max_rows" in case:
        assert response.analysis.max_rows == case["max_rows"]
    leaks = _leaks(response.result.rows, _canaries(demo_dataset), FORBIDDEN[case["as"]])
    assert leaks == []
