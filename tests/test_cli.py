"""The phigate command line: policy check and explain, serve start-up errors, audit tail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from phigate.config import load_config
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.tools import ToolRunner
from tests.conftest import DEMO_POLICY, write_test_config


def _phigate(
    *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "phigate", *arguments],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_policy_check_accepts_demo_policy() -> None:
    """The shipped demo policy is valid."""
    result = _phigate("policy", "check", str(DEMO_POLICY))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_policy_check_names_key_path(tmp_path: Path) -> None:
    """An invalid policy fails with the file, the key path and what is expected."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "classification:\n  patients:\n    ssn: social\n"
        "groups:\n  g:\n    connections: [c]\n    tables: {patients: {}}\n",
        encoding="utf-8",
    )
    result = _phigate("policy", "check", str(bad))
    assert result.returncode == 2
    assert str(bad) in result.stderr
    assert "classification.patients.ssn" in result.stderr
    assert "'ssn'" in result.stderr


def test_policy_check_reports_yaml_line(tmp_path: Path) -> None:
    """A YAML syntax error is reported with its line."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("groups:\n  a: [\n", encoding="utf-8")
    result = _phigate("policy", "check", str(bad))
    assert result.returncode == 2
    assert "line" in result.stderr


def test_policy_schema_is_json() -> None:
    """The policy JSON Schema export is valid JSON with the top-level keys."""
    result = _phigate("policy", "schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert {"classification", "groups"} <= set(schema["properties"])


def test_explain_shows_lineage_and_masks(demo_config_path: Path) -> None:
    """policy explain prints each output column's sources and mask, without running it."""
    result = _phigate(
        "policy",
        "explain",
        "--config",
        str(demo_config_path),
        "--principal",
        "ana",
        "--sql",
        "WITH p AS (SELECT last_name AS s, state, patient_id FROM patients) "
        "SELECT s, lower(state) AS u, patient_id FROM p",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["decision"] == "allowed"
    columns = {column["name"]: column for column in decision["columns"]}
    assert columns["s"]["sources"] == ["patients.last_name"]
    assert columns["s"]["mask"] == "pseudonym(name, value)"
    assert columns["u"]["sources"] == ["patients.state"]
    assert columns["u"]["identity"] is False
    assert columns["u"]["mask"] is None
    assert columns["patient_id"]["mask"] is None


def test_explain_rejection_exits_one(demo_config_path: Path) -> None:
    """A rejected statement prints the rule and exits 1."""
    result = _phigate(
        "policy",
        "explain",
        "--config",
        str(demo_config_path),
        "--principal",
        "ana",
        "--sql",
        "DELETE FROM patients",
    )
    assert result.returncode == 1
    assert "REJECTED by rule statement.not_read" in result.stdout


def test_serve_rejects_unknown_principal(demo_config_path: Path) -> None:
    """serve exits non-zero before serving when the principal is not in the config."""
    result = _phigate("serve", "--config", str(demo_config_path), "--principal", "mallory")
    assert result.returncode == 2
    assert "principal 'mallory' is not defined" in result.stderr


def test_serve_rejects_invalid_config(tmp_path: Path) -> None:
    """serve exits non-zero and names the key when the config is invalid."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "connections:\n  c: {dialect: mysql, path: x}\npolicies: []\n", encoding="utf-8"
    )
    result = _phigate("serve", "--config", str(config))
    assert result.returncode == 2
    assert "connections.c" in result.stderr
    assert str(config) in result.stderr


def test_serve_needs_masking_key(tmp_path: Path, demo_sqlite: Path) -> None:
    """A masking key from an unset environment variable stops the server at start."""
    config = tmp_path / "config.yaml"
    config.write_text(
        f"connections:\n  clinic: {{dialect: sqlite, path: {demo_sqlite}}}\n"
        f"policies: [{DEMO_POLICY}]\naudit: {{path: audit.db}}\n"
        "masking: {key: {env: PHIGATE_TEST_UNSET_KEY}}\n"
        "principals: {ana: {groups: [analyst]}}\n",
        encoding="utf-8",
    )
    result = _phigate("serve", "--config", str(config), "--principal", "ana")
    assert result.returncode == 2
    assert "PHIGATE_TEST_UNSET_KEY is not set" in result.stderr


async def test_audit_tail_lists_calls(
    tmp_path: Path, demo_sqlite: Path, demo_postgres: str
) -> None:
    """audit tail shows a call made through the tool runner, with its rule."""
    config_path = write_test_config(tmp_path, demo_sqlite, demo_postgres)
    gateway = await Gateway.open(load_config(config_path))
    try:
        runner = ToolRunner(gateway, resolve_stdio_principal(gateway.config, "rex"))
        await runner.call("query", {"sql": "SELECT note_id FROM clinical_notes"})
    finally:
        await gateway.close()
    result = _phigate("audit", "tail", "--config", str(config_path), "-n", "5")
    assert result.returncode == 0, result.stderr
    assert "rex" in result.stdout
    assert "access.approval_required" in result.stdout


def test_inline_dsn_not_echoed(tmp_path: Path) -> None:
    """A DSN written into the config is rejected without repeating it."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "connections:\n  pg: {dialect: postgres, dsn: 'postgresql://u:hunter2@127.0.0.1/x'}\n",
        encoding="utf-8",
    )
    result = _phigate("serve", "--config", str(config))
    assert result.returncode == 2
    assert "connections.pg.dsn" in result.stderr
    assert "hunter2" not in result.stderr


def test_missing_dsn_variable_names_file(tmp_path: Path, demo_sqlite: Path) -> None:
    """An unset DSN variable stops the server with the config file and key named."""
    config = tmp_path / "config.yaml"
    config.write_text(
        f"connections:\n  pg: {{dialect: postgres, dsn: {{env: PHIGATE_TEST_UNSET_DSN}}}}\n"
        f"policies: [{DEMO_POLICY}]\naudit: {{path: audit.db}}\n"
        "masking: {key: {file: key.txt}}\n"
        "principals: {ana: {groups: [analyst]}}\n",
        encoding="utf-8",
    )
    (tmp_path / "key.txt").write_text("k" * 40, encoding="utf-8")
    policy = DEMO_POLICY.read_text(encoding="utf-8").replace("clinic_pg", "pg")
    (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    text = config.read_text(encoding="utf-8").replace(str(DEMO_POLICY), "policy.yaml")
    config.write_text(text, encoding="utf-8")
    result = _phigate("serve", "--config", str(config), "--principal", "ana")
    assert result.returncode == 2
    assert str(config) in result.stderr
    assert "connections.pg.dsn" in result.stderr
    assert "PHIGATE_TEST_UNSET_DSN is not set" in result.stderr


def test_exported_schemas_are_current() -> None:
    """The JSON Schemas in docs/schema match what the installed version prints."""
    root = DEMO_POLICY.parent.parent / "docs" / "schema"
    for kind, name in (("policy", "policy.schema.json"), ("config", "config.schema.json")):
        result = _phigate("policy", "schema", "--kind", kind)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == json.loads((root / name).read_text(encoding="utf-8"))


def test_policy_check_rejects_partial_note(tmp_path: Path) -> None:
    """policy check rejects a partial mask on free text, naming the kind and the fix."""
    bad = tmp_path / "notes.yaml"
    bad.write_text(
        "classification: {notes: {note_id: none, body: free_text}}\n"
        "groups:\n  g:\n    connections: [c]\n    tables: {notes: }\n"
        "    treatment: {free_text: {mask: partial, keep_last: 4}}\n",
        encoding="utf-8",
    )
    result = _phigate("policy", "check", str(bad))
    assert result.returncode == 2
    assert "valid" not in result.stdout
    assert f"{bad}: groups.g.treatment.free_text: {{mask: partial}} does not apply" in result.stderr
    assert "use {mask: free_text}" in result.stderr


def test_serve_rejects_binary_dsn_file(tmp_path: Path, demo_sqlite: Path) -> None:
    """A DSN file that is not UTF-8 stops serve with exit 2, the file named, no traceback."""
    config = write_test_config(tmp_path, demo_sqlite, "postgresql://x@127.0.0.1/x")
    dsn_file = tmp_path / "dsn.txt"
    dsn_file.write_bytes(b"\xff\xfe\x00binary")
    result = _phigate("serve", "--config", str(config), "--principal", "ana")
    assert result.returncode == 2
    assert f"connections.clinic_pg.dsn: {dsn_file} is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
