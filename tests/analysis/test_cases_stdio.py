"""The same SQL cases through a real MCP client talking to ``phigate serve`` over stdio."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from phigate.demo.data import Dataset
from tests.analysis.test_cases import CASES, CONNECTIONS, FORBIDDEN

PRINCIPALS = sorted({case["as"] for case in CASES})


def _text(result: Any) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_cases_over_stdio(
    demo_config_path: Path, demo_dataset: Dataset, dialect: str, principal: str
) -> None:
    """Every case gets its expected rule or masks when sent by an MCP client."""
    cases = [
        case
        for case in CASES
        if case["as"] == principal and dialect in case.get("dialects", ["sqlite", "postgres"])
    ]
    phi = demo_dataset.patient_phi().values()
    forbidden = FORBIDDEN[principal]
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "phigate", "serve", "--config", str(demo_config_path)],
        env={**os.environ, "PHIGATE_PRINCIPAL": principal},
    )
    failures = []
    async with Client(parameters) as client:
        for case in cases:
            arguments = {"sql": case["sql"], "connection": CONNECTIONS[dialect]}
            result = await client.call_tool("query", arguments)
            text = _text(result)
            if "rule" in case:
                if not (result.is_error and f"[{case['rule']}]" in text):
                    failures.append(f"{case['name']}: expected {case['rule']}, got {text[:120]}")
                continue
            if result.is_error:
                failures.append(f"{case['name']}: expected rows, got {text[:120]}")
                continue
            masks = {
                column["name"]: column["mask"] for column in result.structured_content["columns"]
            }
            for name, expected in case.get("masks", {}).items():
                if masks.get(name, "missing") != expected:
                    failures.append(f"{case['name']}: {name} mask {masks.get(name)} != {expected}")
            transcript = text + repr(result.structured_content)
            for patient in phi:
                found = {
                    "name": patient.full_name in transcript,
                    "mrn": patient.mrn in transcript,
                    "ssn": patient.ssn in transcript,
                    "phone": _digits(patient.phone) in _digits(transcript),
                    "email": patient.email in transcript,
                    "address": patient.street_address in transcript,
                }
                leaked = sorted(kind for kind in forbidden if found[kind])
                if leaked:
                    failures.append(f"{case['name']}: leaked {', '.join(leaked)}")
    assert failures == []
