"""Compact text renderings of tool results, for clients that show the model text only."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["render_describe", "render_error", "render_query", "render_request", "render_tables"]


def render_error(rule: str, message: str, hint: str) -> str:
    text = f"Rejected [{rule}]: {message}"
    if hint:
        text += f"\nWhat to do: {hint}"
    return text


def render_tables(result: Mapping[str, Any]) -> str:
    lines = [f"Tables on connection {result['connection']}:"]
    for table in result["tables"]:
        note = " (requires an approved access request)" if table["requires_approval"] else ""
        lines.append(f"- {table['name']}: {table['columns']} columns{note}")
    if not result["tables"]:
        lines.append("(none)")
    others = [name for name in result["connections"] if name != result["connection"]]
    if others:
        lines.append(f"Other connections: {', '.join(others)}")
    return "\n".join(lines)


def render_describe(result: Mapping[str, Any]) -> str:
    approval = " (requires an approved access request)" if result["requires_approval"] else ""
    lines = [f"Table {result['table']} on {result['connection']}{approval}:"]
    for column in result["columns"]:
        flags = [column["type"], f"phi={column['phi_kind']}", f"treatment={column['treatment']}"]
        if column["filterable"]:
            flags.append("filterable")
        lines.append(f"- {column['name']}: {', '.join(flags)}")
    return "\n".join(lines)


def render_query(result: Mapping[str, Any]) -> str:
    columns: Sequence[Mapping[str, Any]] = result["columns"]
    header = " | ".join(column["name"] for column in columns)
    lines = [header, "-" * min(len(header), 100)]
    for row in result["rows"]:
        lines.append(" | ".join(_cell(value) for value in row))
    summary = f"{result['row_count']} row{'s' if result['row_count'] != 1 else ''}"
    if result["truncated"]:
        summary += f"; truncated by {', '.join(result['truncated_by'])}"
    masked = [f"{column['name']}={column['mask']}" for column in columns if column["mask"]]
    if masked:
        summary += f"; masked: {', '.join(masked)}"
    if result.get("min_group_size"):
        summary += f"; groups of fewer than {result['min_group_size']} rows left out"
    withheld = result.get("withheld_cells")
    if withheld:
        cells = f"{withheld} cell{'s' if withheld != 1 else ''}"
        summary += f"; {cells} withheld because masking failed or the text was too long to mask"
    lines.append(f"({summary})")
    return "\n".join(lines)


def render_request(result: Mapping[str, Any]) -> str:
    covered = [*result.get("tables", []), *result.get("columns", [])]
    return (
        f"Access request {result['request_id']} is {result['status']} for "
        f"{', '.join(covered) or 'nothing'} on {result['connection']} "
        f"({result['duration_minutes']} minutes once approved). An approver must grant it "
        "before the data can be read."
    )


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("\n", " ⏎ ")
