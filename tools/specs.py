"""The MCP tools phigate serves: their arguments, descriptions, output schemas and hints."""

from __future__ import annotations

from typing import Annotated, Any

import mcp_types as types
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "TOOL_ARGUMENTS",
    "DescribeTableArguments",
    "ListTablesArguments",
    "QueryArguments",
    "RequestAccessArguments",
    "tool_definitions",
]


class _Arguments(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Names an approver reads: plain SQL identifiers, so a request cannot carry other text.
_TABLE_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_COLUMN_NAME = r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$"

_Connection = Annotated[
    str | None, Field(max_length=200, description="Connection name; omit for the default.")
]


class ListTablesArguments(_Arguments):
    connection: Annotated[
        str | None,
        Field(description="Connection name; omit for the default. The result lists the others."),
    ] = None


class DescribeTableArguments(_Arguments):
    table: Annotated[str, Field(min_length=1, max_length=200, description="Table name.")]
    connection: _Connection = None


class QueryArguments(_Arguments):
    sql: Annotated[
        str,
        Field(
            min_length=1,
            max_length=20_000,
            description="One read-only SQL statement (SELECT, WITH ... SELECT, UNION, "
            "INTERSECT, EXCEPT) in the connection's dialect.",
        ),
    ]
    connection: _Connection = None
    purpose: Annotated[
        str | None,
        Field(
            max_length=500,
            description="Why the data is needed (recorded in the audit trail), for example "
            "'treatment: medication reconciliation'.",
        ),
    ] = None


class RequestAccessArguments(_Arguments):
    tables: Annotated[
        list[Annotated[str, Field(max_length=200, pattern=_TABLE_NAME)]],
        Field(max_length=50, description="Tables the request covers."),
    ] = []
    columns: Annotated[
        list[Annotated[str, Field(max_length=200, pattern=_COLUMN_NAME)]],
        Field(max_length=200, description="Columns the request covers, as table.column."),
    ] = []
    purpose: Annotated[
        str,
        Field(
            min_length=3, max_length=1000, description="Why access is needed; an approver reads it."
        ),
    ]
    duration_minutes: Annotated[
        int, Field(ge=1, le=7 * 24 * 60, description="How long the access should last, in minutes.")
    ] = 60
    connection: _Connection = None


TOOL_ARGUMENTS: dict[str, type[_Arguments]] = {
    "list_tables": ListTablesArguments,
    "describe_table": DescribeTableArguments,
    "query": QueryArguments,
    "request_access": RequestAccessArguments,
}

_OUTPUT_SCHEMAS: dict[str, dict[str, Any]] = {
    "list_tables": {
        "type": "object",
        "properties": {
            "connection": {"type": "string"},
            "connections": {"type": "array", "items": {"type": "string"}},
            "tables": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "columns": {"type": "integer"},
                        "requires_approval": {"type": "boolean"},
                    },
                    "required": ["name", "columns", "requires_approval"],
                },
            },
        },
        "required": ["connection", "connections", "tables"],
    },
    "describe_table": {
        "type": "object",
        "properties": {
            "connection": {"type": "string"},
            "table": {"type": "string"},
            "requires_approval": {"type": "boolean"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "type": {"type": "string"},
                        "nullable": {"type": "boolean"},
                        "phi_kind": {"type": "string"},
                        "treatment": {"type": "string"},
                        "filterable": {"type": "boolean"},
                    },
                    "required": ["name", "type", "phi_kind", "treatment", "filterable"],
                },
            },
        },
        "required": ["connection", "table", "requires_approval", "columns"],
    },
    "query": {
        "type": "object",
        "properties": {
            "connection": {"type": "string"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "mask": {"type": ["string", "null"]},
                    },
                    "required": ["name", "mask"],
                },
            },
            "rows": {"type": "array", "items": {"type": "array"}},
            "row_count": {"type": "integer"},
            "truncated": {"type": "boolean"},
            "truncated_by": {"type": "array", "items": {"type": "string"}},
            "withheld_cells": {"type": "integer"},
            "min_group_size": {"type": "integer"},
        },
        "required": ["connection", "columns", "rows", "row_count", "truncated"],
    },
    "request_access": {
        "type": "object",
        "properties": {
            "request_id": {"type": "string"},
            "status": {"type": "string"},
            "connection": {"type": "string"},
            "tables": {"type": "array", "items": {"type": "string"}},
            "columns": {"type": "array", "items": {"type": "string"}},
            "duration_minutes": {"type": "integer"},
        },
        "required": ["request_id", "status", "connection"],
    },
}

_DESCRIPTIONS = {
    "list_tables": (
        "List the tables you may read on a connection, with their column counts and whether "
        "reading them needs an approved access request. Start here."
    ),
    "describe_table": (
        "Show a table's columns as your policy sees them: type, PHI kind, treatment (allow, or "
        "the mask applied: partial, pseudonym, generalize, placeholder, redact, free_text) and "
        "whether the column may be used in WHERE, JOIN, GROUP BY and ORDER BY. Hidden columns "
        "are not listed. No sample values are shown."
    ),
    "query": (
        "Run one read-only SQL query. Results are masked by policy: a masked column's values "
        "come back masked wherever they flow (aliases, expressions, subqueries, unions), "
        "identifiers in clinical notes are replaced, and a LIMIT is added or clamped "
        "('truncated' says when a cap cut the result). Masked columns may not be used in "
        "conditions unless describe_table marks them filterable; join on id columns instead. "
        "A rejected query returns the rule and what to do instead. Every call is audited."
    ),
    "request_access": (
        "Ask a human approver for access to tables or columns your policy withholds or that "
        "require approval. Returns a request id; the request stays pending until approved."
    ),
}

_ANNOTATIONS = {
    "list_tables": types.ToolAnnotations(
        title="List tables", read_only_hint=True, idempotent_hint=True, open_world_hint=False
    ),
    "describe_table": types.ToolAnnotations(
        title="Describe a table", read_only_hint=True, idempotent_hint=True, open_world_hint=False
    ),
    "query": types.ToolAnnotations(
        title="Run a read-only SQL query",
        read_only_hint=True,
        idempotent_hint=True,
        open_world_hint=False,
    ),
    "request_access": types.ToolAnnotations(
        title="Request access",
        read_only_hint=False,
        destructive_hint=False,
        idempotent_hint=False,
        open_world_hint=False,
    ),
}


def tool_definitions() -> list[types.Tool]:
    """The four tools, as ``tools/list`` returns them."""
    tools = []
    for name, arguments in TOOL_ARGUMENTS.items():
        schema = arguments.model_json_schema()
        schema.pop("title", None)
        tools.append(
            types.Tool(
                name=name,
                description=_DESCRIPTIONS[name],
                input_schema=schema,
                output_schema=_OUTPUT_SCHEMAS[name],
                annotations=_ANNOTATIONS[name],
            )
        )
    return tools
