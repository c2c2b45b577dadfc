"""The tool runner end to end in process: caps, database errors, masking failures, audit failure."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from phigate.config import load_config
from phigate.demo.data import Dataset
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.tools import ToolRunner
from phigate.tools.runner import AUDIT_FAILURE_TEXT
from tests.conftest import write_test_config


def _edit(path: Path, change: dict[str, Any]) -> None:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in change.items():
        config[key] = value
    path.write_text(yaml.safe_dump(config), encoding="utf-8")


@pytest.fixture
async def runner_for(tmp_path: Path, demo_sqlite: Path, demo_postgres: str) -> AsyncIterator[Any]:
    gateways: list[Gateway] = []

    async def make(principal: str, **change: Any) -> ToolRunner:
        folder = tmp_path / f"config{len(gateways)}"
        folder.mkdir()
        path = write_test_config(folder, demo_sqlite, demo_postgres)
        if change:
            _edit(path, change)
        gateway = await Gateway.open(load_config(path))
        gateways.append(gateway)
        return ToolRunner(gateway, resolve_stdio_principal(gateway.config, principal))

    yield make
    for gateway in gateways:
        await gateway.close()


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


async def test_byte_cap_truncates(runner_for: Any) -> None:
    """A result larger than max_bytes is cut and flagged."""
    runner = await runner_for("cara", limits={"max_bytes": 4096})
    result = await runner.call("query", {"sql": "SELECT note_id, body FROM clinical_notes"})
    structured = result.structured_content
    assert result.is_error is False
    assert structured["truncated"] is True
    assert "max_bytes" in structured["truncated_by"]
    assert 0 < structured["row_count"] < 50


async def test_row_cap_truncates(runner_for: Any) -> None:
    """A query without LIMIT returns the default row limit and says it was cut."""
    runner = await runner_for("ana")
    result = await runner.call("query", {"sql": "SELECT lab_result_id FROM lab_results"})
    structured = result.structured_content
    assert structured["row_count"] == 100
    assert structured["truncated_by"] == ["max_rows"]


async def test_explicit_limit_not_truncated(runner_for: Any) -> None:
    """A LIMIT within the maximum is honoured and not reported as truncation."""
    runner = await runner_for("ana")
    result = await runner.call("query", {"sql": "SELECT lab_result_id FROM lab_results LIMIT 7"})
    assert result.structured_content["row_count"] == 7
    assert result.structured_content["truncated"] is False


async def test_cell_cap_cuts_long_text(runner_for: Any) -> None:
    """Text cells longer than max_cell_chars are cut and flagged."""
    runner = await runner_for("cara", limits={"max_cell_chars": 40})
    result = await runner.call("query", {"sql": "SELECT body FROM clinical_notes LIMIT 3"})
    rows = result.structured_content["rows"]
    assert all(len(row[0]) <= 41 for row in rows)
    assert "max_cell_chars" in result.structured_content["truncated_by"]


@pytest.mark.parametrize("connection", ["clinic_pg"])
async def test_database_error_hides_value(
    runner_for: Any, demo_dataset: Dataset, connection: str
) -> None:
    """A cast error reaches the model as a SQLSTATE, never with the value it echoed."""
    runner = await runner_for("cara")
    result = await runner.call(
        "query",
        {"sql": "SELECT CAST(last_name AS INTEGER) FROM patients", "connection": connection},
    )
    text = _text(result)
    assert result.is_error is True
    assert "database.data" in text
    assert "22P02" in text
    for patient in demo_dataset.patient_phi().values():
        assert patient.last_name not in text


@pytest.mark.parametrize("connection", ["clinic", "clinic_pg"])
async def test_statement_timeout(runner_for: Any, demo_sqlite: Path, connection: str) -> None:
    """A slow query is cancelled at the statement timeout and reported as such."""
    tight = {
        "clinic": {"dialect": "sqlite", "path": str(demo_sqlite), "statement_timeout_ms": 100},
        "clinic_pg": {
            "dialect": "postgres",
            "dsn": {"file": "dsn.txt"},
            "statement_timeout_ms": 100,
        },
    }
    runner = await runner_for("ana", connections=tight)
    sql = (
        "SELECT count(*) AS n FROM lab_results a CROSS JOIN lab_results b CROSS JOIN lab_results c"
    )
    result = await runner.call("query", {"sql": sql, "connection": connection})
    assert result.is_error is True
    assert "database.timeout" in _text(result)


async def test_audit_failure_withholds_result(runner_for: Any) -> None:
    """When the audit write fails, the model gets an error instead of the data."""
    runner = await runner_for("ana")
    await runner.gateway.audit.close()
    result = await runner.call("query", {"sql": "SELECT patient_id FROM patients LIMIT 1"})
    assert result.is_error is True
    assert _text(result) == AUDIT_FAILURE_TEXT
    assert result.structured_content is None


async def test_masking_failure_withholds_cell(runner_for: Any) -> None:
    """A cell whose masker raises is withheld and counted, never passed through."""
    runner = await runner_for("cara")

    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("detector crashed")

    free_text = await runner.gateway._free_text(await runner.gateway._state("clinic"))
    free_text.mask = broken  # type: ignore[method-assign]
    result = await runner.call(
        "query", {"sql": "SELECT note_id, body FROM clinical_notes ORDER BY note_id LIMIT 3"}
    )
    structured = result.structured_content
    assert result.is_error is False
    assert structured["withheld_cells"] == 3
    assert all(row[1] is None for row in structured["rows"])
    assert "3 cells withheld" in _text(result)


async def test_unknown_connection_looks_missing(runner_for: Any) -> None:
    """A connection the principal lacks gets the same answer as one that does not exist."""
    runner = await runner_for("ana")
    missing = await runner.call("list_tables", {"connection": "nowhere"})
    assert missing.is_error is True
    assert "connection.not_found" in _text(missing)
