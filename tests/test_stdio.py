"""A real MCP client talking to ``phigate serve`` over stdio."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from mcp import Client
from mcp.client.stdio import StdioServerParameters

from phigate.audit import AuditStore
from phigate.config import load_config
from phigate.demo.data import Dataset
from tests.clinic import build_sqlite, write_config
from tests.conftest import write_test_config

TOOLS = {"list_tables", "describe_table", "query", "request_access"}


def _server(config: Path, principal: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "phigate", "serve", "--config", str(config), "--principal", principal],
        env=dict(os.environ),
    )


def _text(result: object) -> str:
    return "\n".join(block.text for block in result.content if block.type == "text")  # type: ignore[attr-defined]


async def test_lists_four_tools(demo_config_path: Path) -> None:
    """tools/list returns the four tools with schemas and read-only hints."""
    async with Client(_server(demo_config_path, "ana")) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    assert tools["query"].annotations is not None
    assert tools["query"].annotations.read_only_hint is True
    assert tools["request_access"].annotations is not None
    assert tools["request_access"].annotations.read_only_hint is False
    assert "sql" in tools["query"].input_schema["properties"]
    assert tools["query"].input_schema["required"] == ["sql"]
    assert tools["query"].output_schema is not None


async def test_query_is_masked_over_stdio(demo_config_path: Path, demo_dataset: Dataset) -> None:
    """An analyst's query returns pseudonyms, never the raw names or MRNs."""
    sql = "SELECT patient_id, mrn, first_name, last_name FROM patients ORDER BY patient_id"
    async with Client(_server(demo_config_path, "ana")) as client:
        result = await client.call_tool("query", {"sql": sql, "purpose": "test"})
    assert result.is_error is False
    structured = result.structured_content
    assert structured is not None
    assert structured["row_count"] == 60
    assert structured["truncated"] is False
    phi = demo_dataset.patient_phi()
    transcript = _text(result) + json.dumps(structured)
    for patient in phi.values():
        assert patient.mrn not in transcript
        assert patient.full_name not in transcript
    for row in structured["rows"]:
        assert re.fullmatch(r"MRN_[0-9a-f]{16}", row[1])
        assert re.fullmatch(r"NAME_[0-9a-f]{16}", row[2])


async def test_postgres_connection_over_stdio(demo_config_path: Path) -> None:
    """The same tools work against the PostgreSQL copy of the demo data."""
    async with Client(_server(demo_config_path, "cara")) as client:
        tables = await client.call_tool("list_tables", {"connection": "clinic_pg"})
        masked = await client.call_tool(
            "query", {"sql": "SELECT ssn FROM patients LIMIT 3", "connection": "clinic_pg"}
        )
        rejected = await client.call_tool(
            "query",
            {"sql": "SELECT 1; DROP TABLE patients", "connection": "clinic_pg"},
        )
    assert tables.is_error is False
    assert tables.structured_content is not None
    names = {table["name"] for table in tables.structured_content["tables"]}
    assert "clinical_notes" in names
    assert masked.is_error is False
    assert masked.structured_content is not None
    for (ssn,) in masked.structured_content["rows"]:
        assert re.fullmatch(r"\*\*\*-\*\*-\d{4}", ssn)
    assert rejected.is_error is True
    assert "statement.multiple" in _text(rejected)


async def test_rejection_names_rule_and_fix(demo_config_path: Path) -> None:
    """A rejected query is a tool error naming the rule and what to do instead."""
    async with Client(_server(demo_config_path, "ana")) as client:
        result = await client.call_tool(
            "query", {"sql": "SELECT patient_id FROM patients ORDER BY last_name"}
        )
    text = _text(result)
    assert result.is_error is True
    assert "column.not_filterable" in text
    assert "What to do:" in text


async def test_hidden_table_answer_matches_missing(demo_config_path: Path) -> None:
    """describe_table gives byte-identical answers for hidden and missing tables."""
    async with Client(_server(demo_config_path, "ana")) as client:
        hidden = await client.call_tool("describe_table", {"table": "clinical_notes"})
        missing = await client.call_tool("describe_table", {"table": "clinical_notez"})
    assert hidden.is_error is True
    assert _text(hidden).replace("clinical_notes", "X") == _text(missing).replace(
        "clinical_notez", "X"
    )


async def test_invalid_arguments_are_rejected(demo_config_path: Path) -> None:
    """Unknown or missing arguments give a tool error, and the call is still audited."""
    async with Client(_server(demo_config_path, "ana")) as client:
        missing = await client.call_tool("query", {})
        extra = await client.call_tool("query", {"sql": "SELECT 1", "bogus": True})
        unknown = await client.call_tool("drop_everything", {})
    assert missing.is_error is True
    assert "arguments.invalid" in _text(missing)
    assert extra.is_error is True
    assert "bogus: unknown argument" in _text(extra)
    assert unknown.is_error is True
    assert "tool.unknown" in _text(unknown)


async def test_every_call_is_audited(demo_config_path: Path) -> None:
    """Each call over stdio leaves one audit record with the response the model saw."""
    config = load_config(demo_config_path)
    async with await AuditStore.open(config.audit_path) as store:
        before = len(await store.tail(10_000))
    async with Client(_server(demo_config_path, "rex")) as client:
        first = await client.call_tool("list_tables", {})
        second = await client.call_tool(
            "query", {"sql": "SELECT note_id FROM clinical_notes", "purpose": "study"}
        )
        third = await client.call_tool(
            "request_access",
            {"tables": ["clinical_notes"], "purpose": "IRB study", "duration_minutes": 30},
        )
    async with await AuditStore.open(config.audit_path) as store:
        records = await store.tail(10_000)
    new = records[: len(records) - before]
    assert [record.tool for record in reversed(new)] == [
        "list_tables",
        "query",
        "request_access",
    ]
    query = next(record for record in new if record.tool == "query")
    assert query.principal == "rex"
    assert query.groups == ("researcher",)
    assert query.decision == "rejected"
    assert query.rule == "access.approval_required"
    assert query.purpose == "study"
    assert query.response["content"] == [_text(second)]
    assert first.is_error is False
    assert third.is_error is False
    assert third.structured_content is not None
    request_id = third.structured_content["request_id"]
    async with await AuditStore.open(config.audit_path) as store:
        request = await store.get_access_request(request_id)
    assert request is not None
    assert request.status == "pending"
    assert request.tables == ("clinical_notes",)


async def test_configured_mrn_format_masked(tmp_path: Path) -> None:
    """An MRN format from masking.mrn_patterns is masked in a note read over stdio."""
    note = "Follow-up per QQ.7781 today; MRN 4401237 on file."
    database = build_sqlite(tmp_path / "clinic.db", [(1, note)])
    sql = "SELECT note_id, body FROM clinical_notes"
    plain_folder = tmp_path / "plain"
    plain_folder.mkdir()
    plain = write_config(plain_folder, sqlite_path=database)
    custom = write_config(
        tmp_path, sqlite_path=database, masking={"mrn_patterns": [r"\bQQ\.(?P<id>\d{4})\b"]}
    )

    async with Client(_server(plain, "cara")) as client:
        without = await client.call_tool("query", {"sql": sql})
    async with Client(_server(custom, "cara")) as client:
        configured = await client.call_tool("query", {"sql": sql})

    # Control: no built-in detector finds this format.
    assert without.structured_content is not None
    assert without.structured_content["rows"] == [
        [1, "Follow-up per QQ.7781 today; MRN <MRN> on file."]
    ]
    assert configured.is_error is False
    assert configured.structured_content is not None
    assert configured.structured_content["rows"] == [
        [1, "Follow-up per QQ.<MRN> today; MRN <MRN> on file."]
    ]
    assert "7781" not in _text(configured)


async def test_binary_masking_key_serves(
    tmp_path: Path, demo_sqlite: Path, demo_postgres: str
) -> None:
    """A key file of raw random bytes starts the server, and pseudonyms follow that key."""
    config = write_test_config(tmp_path, demo_sqlite, demo_postgres)
    sql = "SELECT mrn FROM patients ORDER BY patient_id LIMIT 1"
    async with Client(_server(config, "ana")) as client:
        text_key = await client.call_tool("query", {"sql": sql})
    (tmp_path / "masking.key").write_bytes(b"\xff" + os.urandom(47))
    async with Client(_server(config, "ana")) as client:
        binary_key = await client.call_tool("query", {"sql": sql})

    assert binary_key.is_error is False, _text(binary_key)
    assert binary_key.structured_content is not None
    assert text_key.structured_content is not None
    (token,) = binary_key.structured_content["rows"][0]
    assert re.fullmatch(r"MRN_[0-9a-f]{16}", token)
    assert token != text_key.structured_content["rows"][0][0]
