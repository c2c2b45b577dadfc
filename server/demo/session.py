"""``phigate demo``: a scripted agent session against the embedded SQLite demo database.

The demo builds the synthetic database if it is missing, writes a config next to it, starts
``phigate serve`` once per demo principal and drives it with a real MCP client over stdio. It
prints each call and what the model received, then the audit trail, then checks the whole
transcript for the raw identifiers of every demo patient. It exits non-zero when a step's
outcome differs from the script or when an identifier leaked.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import sys
import textwrap
from collections.abc import Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from phigate.audit import AuditStore, format_records
from phigate.demo.data import DEFAULT_NOTES, DEFAULT_PATIENTS, build_sqlite, generate

__all__ = [
    "DEMO_PRINCIPALS",
    "SCRIPT",
    "Step",
    "find_leaks",
    "prepare_demo",
    "run_demo",
    "write_demo_config",
]

DEMO_PRINCIPALS = {
    "ana": ("analyst", "Population health analyst"),
    "cara": ("clinician", "Hospitalist on the care team"),
    "rex": ("researcher", "Researcher on an approved protocol"),
}


@dataclass(frozen=True)
class Step:
    """One scripted tool call and the outcome the demo expects."""

    principal: str
    tool: str
    arguments: dict[str, Any]
    note: str
    expect: str = "ok"


SCRIPT: tuple[Step, ...] = (
    Step("ana", "list_tables", {}, "An analyst looks around."),
    Step("ana", "describe_table", {"table": "patients"}, "Contact columns are hidden."),
    Step(
        "ana",
        "query",
        {
            "sql": "SELECT patient_id, mrn, first_name, last_name, date_of_birth, zip "
            "FROM patients ORDER BY patient_id LIMIT 5",
            "purpose": "cohort sizing",
        },
        "Names and MRNs come back as keyed pseudonyms, birth dates as years, ZIPs as 3 digits.",
    ),
    Step(
        "ana",
        "query",
        {
            "sql": "SELECT p.state, count(DISTINCT p.patient_id) AS patients, "
            "round(avg(l.value), 2) AS mean_a1c FROM patients p JOIN lab_results l "
            "ON l.patient_id = p.patient_id WHERE l.test_name = 'Hemoglobin A1c' "
            "GROUP BY p.state ORDER BY patients DESC",
            "purpose": "diabetes quality measure",
        },
        "Aggregates over non-PHI columns work as usual.",
    ),
    Step(
        "ana",
        "query",
        {
            "sql": "WITH named AS (SELECT last_name AS surname FROM patients) "
            "SELECT upper(surname) || '!' AS shout FROM named LIMIT 3"
        },
        "Lineage follows the name through the CTE, and computing on it is rejected.",
        expect="column.computed",
    ),
    Step(
        "ana",
        "query",
        {
            "sql": "SELECT count(*) AS n FROM (SELECT last_name FROM patients "
            "WHERE patient_id = 1 INTERSECT SELECT 'Smith') guess"
        },
        "Comparing a masked name with a guess would reveal it, so INTERSECT is rejected.",
        expect="column.not_filterable",
    ),
    Step(
        "ana",
        "query",
        {"sql": "SELECT ssn FROM patients"},
        "A hidden column gets the same answer as a missing one.",
        expect="column.not_found",
    ),
    Step(
        "ana",
        "query",
        {"sql": "SELECT patient_id FROM patients WHERE last_name LIKE 'Sm%'"},
        "Filtering on a masked name would reveal it letter by letter.",
        expect="column.not_filterable",
    ),
    Step(
        "ana",
        "query",
        {"sql": "SELECT 1; DROP TABLE patients"},
        "Only one read-only statement per call.",
        expect="statement.multiple",
    ),
    Step(
        "ana",
        "query",
        {"sql": "SELECT body FROM clinical_notes"},
        "Analysts cannot see notes at all.",
        expect="table.not_found",
    ),
    Step(
        "cara",
        "query",
        {
            "sql": "SELECT patient_id, ssn, phone, email, zip FROM patients "
            "ORDER BY patient_id LIMIT 3",
            "purpose": "treatment",
        },
        "A clinician sees the last four digits of SSN and phone, and no e-mail.",
    ),
    Step(
        "cara",
        "query",
        {
            "sql": "SELECT n.note_id, n.note_type, n.body FROM clinical_notes n "
            "ORDER BY n.note_id LIMIT 2",
            "purpose": "treatment",
        },
        "Identifiers inside notes are replaced; the clinical content stays.",
    ),
    Step(
        "cara",
        "query",
        {"sql": "SELECT load_extension('evil.so')"},
        "Functions outside the allowlist are rejected before they reach SQLite.",
        expect="function.not_allowed",
    ),
    Step(
        "rex",
        "query",
        {"sql": "SELECT note_id, body FROM clinical_notes LIMIT 1"},
        "Notes need an approved access request for researchers.",
        expect="access.approval_required",
    ),
    Step(
        "rex",
        "request_access",
        {
            "tables": ["clinical_notes"],
            "purpose": "IRB-2024-117: discharge summary review",
            "duration_minutes": 120,
        },
        "The request is recorded as pending for a human approver.",
    ),
    Step(
        "rex",
        "query",
        {
            "sql": "SELECT sex, count(*) AS patients FROM patients GROUP BY sex ORDER BY sex",
            "purpose": "demographics table",
        },
        "De-identified aggregates need no approval.",
    ),
)


def write_demo_config(workdir: Path, database: Path) -> Path:
    """Write the demo config (and a random masking key, once) into ``workdir``."""
    key = workdir / "masking.key"
    if not key.exists():
        key.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        key.chmod(0o600)
    policy = resources.files("phigate.policies").joinpath("demo.yaml")
    config = {
        "connections": {"clinic": {"dialect": "sqlite", "path": str(database)}},
        "default_connection": "clinic",
        "policies": [str(policy)],
        "audit": {"path": "audit.db"},
        "masking": {"key": {"file": "masking.key"}},
        "principals": {
            name: {"groups": [group], "description": description}
            for name, (group, description) in DEMO_PRINCIPALS.items()
        },
        "default_principal": "ana",
    }
    path = workdir / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def _canaries(database: Path) -> dict[str, set[str]]:
    """Read every patient's direct identifiers straight from the database."""
    canaries: dict[str, set[str]] = {"name": set(), "ssn": set(), "mrn": set(), "phone": set()}
    canaries["email"] = set()
    canaries["address"] = set()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT first_name, last_name, ssn, mrn, phone, email, street_address FROM patients"
        ).fetchall()
        for first, last, ssn, mrn, phone, email, street in rows:
            canaries["name"].add(f"{first} {last}")
            canaries["ssn"].add(ssn)
            canaries["mrn"].add(mrn)
            canaries["phone"].add(_digits(phone))
            canaries["email"].add(email.lower())
            canaries["address"].add(street.lower())
    return canaries


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find_leaks(texts: Iterable[str], canaries: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Return (kind, value) for every canary found in ``texts``.

    Names and addresses are matched case-insensitively, phones on digits only (any
    formatting), the rest exactly.
    """
    corpus = "\n".join(texts)
    lowered = corpus.lower()
    digits = _digits(corpus)
    leaks = []
    for kind, values in canaries.items():
        for value in values:
            if not value:
                continue
            if kind == "phone":
                found = value in digits
            elif kind in {"name", "address", "email"}:
                found = value.lower() in lowered
            else:
                found = value in corpus
            if found:
                leaks.append((kind, value))
    return sorted(leaks)


def prepare_demo(
    workdir: Path, *, patients: int | None = None, notes: int | None = None, rebuild: bool = False
) -> tuple[Path, Path]:
    """Build the demo database if needed and write the config; return both paths."""
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "clinic.db"
    if rebuild or not database.exists():
        count_patients = patients or DEFAULT_PATIENTS
        count_notes = notes or DEFAULT_NOTES
        _say(f"Building the demo database ({count_patients} patients, {count_notes} notes)...")
        build_sqlite(database, generate(count_patients, count_notes))
    config = write_demo_config(workdir, database)
    _say(f"Demo database: {database}\nConfig: {config}\n")
    return database, config


async def run_demo(database: Path, config: Path) -> int:
    """Run the scripted session and return the process exit code."""
    transcript: list[str] = []
    failures = 0
    clients: dict[str, Client] = {}
    # The clients' cancel scopes nest, so they must close in the reverse order of opening.
    async with AsyncExitStack() as stack:
        for step_number, step in enumerate(SCRIPT, start=1):
            client = clients.get(step.principal)
            if client is None:
                client = await stack.enter_async_context(_client(config, step.principal))
                clients[step.principal] = client
                tools = await client.list_tools()
                transcript += [tool.model_dump_json() for tool in tools.tools]
            result = await client.call_tool(step.tool, step.arguments)
            text = "\n".join(block.text for block in result.content if block.type == "text")
            transcript.append(text)
            transcript.append(json.dumps(result.structured_content or {}))
            outcome = _outcome(result.is_error, text)
            passed = outcome == step.expect
            failures += 0 if passed else 1
            _print_step(step_number, step, text, outcome, passed)

    await _print_audit(config.parent / "audit.db")
    leaks = find_leaks(transcript, _canaries(database))
    _print_verdict(len(SCRIPT), failures, leaks)

    return 0 if failures == 0 and not leaks else 1


def _client(config: Path, principal: str) -> Client:
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "phigate", "serve", "--config", str(config), "--principal", principal],
        env=dict(os.environ),
    )
    return Client(parameters)


def _outcome(is_error: bool, text: str) -> str:
    if not is_error:
        return "ok"
    match = re.match(r"Rejected \[([^\]]+)\]", text)
    return match.group(1) if match else "error"


def _say(text: str) -> None:
    print(text, flush=True)


def _print_step(number: int, step: Step, text: str, outcome: str, passed: bool) -> None:
    group, _ = DEMO_PRINCIPALS[step.principal]
    mark = "ok" if passed else f"UNEXPECTED (expected {step.expect})"
    _say(f"── {number}. {step.principal} ({group}) → {step.tool} [{outcome}: {mark}]")
    _say(f"   {step.note}")
    for key, value in step.arguments.items():
        _say(f"   {key}: {value}")
    _say("   the model received:")
    _say(textwrap.indent(text, "   │ "))
    _say("")


async def _print_audit(path: Path) -> None:
    async with await AuditStore.open(path) as store:
        records = await store.tail(len(SCRIPT))
    _say("── Audit trail (newest first; `phigate audit tail --config CONFIG` shows it again)")
    _say(format_records(records))
    _say("")


def _print_verdict(steps: int, failures: int, leaks: list[tuple[str, str]]) -> None:
    _say(f"Steps as scripted: {steps - failures} of {steps}.")
    if leaks:
        kinds = sorted({kind for kind, _ in leaks})
        _say(f"LEAK: {len(leaks)} raw identifiers reached the model ({', '.join(kinds)}).")
    else:
        _say(
            "Leak check: no patient name, SSN, MRN, phone, e-mail or street address from the "
            "database appears anywhere in what the model received."
        )
