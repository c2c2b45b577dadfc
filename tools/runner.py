"""Run one MCP tool call: validate, decide, execute, mask, audit, and build the result.

Every call ends in exactly one audit record written before the result is returned. If that
write fails, the result is replaced by an error, so nothing reaches the model unrecorded.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import mcp_types as types
from pydantic import BaseModel, ValidationError

from phigate.audit import AuditError, AuditRecord
from phigate.errors import AccessDenied, ExecutionError, MaskingError, QueryRejected
from phigate.gateway import Gateway
from phigate.identity import Principal
from phigate.tools.render import (
    render_describe,
    render_error,
    render_query,
    render_request,
    render_tables,
)
from phigate.tools.specs import (
    TOOL_ARGUMENTS,
    DescribeTableArguments,
    ListTablesArguments,
    QueryArguments,
    RequestAccessArguments,
)

__all__ = ["AUDIT_FAILURE_TEXT", "ToolRunner"]

logger = logging.getLogger(__name__)

AUDIT_FAILURE_TEXT = (
    "The call could not be recorded in the audit log, so its result is withheld. "
    "Tell the operator that phigate's audit store is failing."
)


@dataclass
class _Outcome:
    text: str = ""
    structured: dict[str, Any] | None = None
    is_error: bool = False
    decision: str = "allowed"
    rule: str | None = None
    reason: str | None = None
    connection: str | None = None
    normalized_sql: str | None = None
    masked_columns: tuple[str, ...] = ()
    rows: int | None = None
    truncated: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def reject(
        self, rule: str, message: str, hint: str = "", *, decision: str = "rejected"
    ) -> None:
        self.text = render_error(rule, message, hint)
        self.structured = None
        self.is_error = True
        self.decision = decision
        self.rule = rule
        self.reason = message


class ToolRunner:
    """Serve tool calls for one principal through a gateway."""

    def __init__(self, gateway: Gateway, principal: Principal) -> None:
        self.gateway = gateway
        self.principal = principal

    async def call(self, name: str, arguments: dict[str, Any] | None) -> types.CallToolResult:
        call_id = uuid.uuid4().hex
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        arguments = arguments or {}
        outcome = _Outcome()
        await self._run(name, arguments, outcome)
        duration_ms = (time.perf_counter() - started) * 1000

        content = [types.TextContent(type="text", text=outcome.text)]
        result = types.CallToolResult(
            content=list(content),
            structured_content=outcome.structured,
            is_error=outcome.is_error,
        )
        response = {
            "content": [outcome.text],
            "structured": outcome.structured,
            "is_error": outcome.is_error,
        }
        size = len(outcome.text.encode()) + len(json.dumps(outcome.structured or {}).encode())
        record = AuditRecord(
            call_id=call_id,
            started_at=started_at,
            principal=self.principal.name,
            groups=self.principal.groups,
            tool=name,
            arguments=_jsonable(arguments),
            connection=outcome.connection,
            purpose=arguments.get("purpose") if isinstance(arguments.get("purpose"), str) else None,
            normalized_sql=outcome.normalized_sql,
            decision=outcome.decision,
            rule=outcome.rule,
            reason=outcome.reason,
            masked_columns=outcome.masked_columns,
            rows=outcome.rows,
            bytes=size,
            truncated=outcome.truncated,
            duration_ms=duration_ms,
            response=response,
        )
        try:
            await self.gateway.audit.write(record)
        except AuditError:
            logger.exception("audit write failed; result withheld (call_id=%s)", call_id)
            return types.CallToolResult(
                content=[types.TextContent(type="text", text=AUDIT_FAILURE_TEXT)], is_error=True
            )
        logger.info(
            "tool call (call_id=%s principal=%s tool=%s decision=%s rule=%s rows=%s ms=%.1f)",
            call_id,
            self.principal.name,
            name,
            outcome.decision,
            outcome.rule,
            outcome.rows,
            duration_ms,
        )

        return result

    async def _run(self, name: str, arguments: dict[str, Any], outcome: _Outcome) -> None:
        model = TOOL_ARGUMENTS.get(name)
        if model is None:
            known = ", ".join(TOOL_ARGUMENTS)
            outcome.reject("tool.unknown", f"Tool {name!r} not found.", f"Use one of: {known}.")
            return
        try:
            parsed = model.model_validate(arguments)
        except ValidationError as error:
            outcome.reject("arguments.invalid", *_argument_problem(error))
            return
        try:
            await self._dispatch(parsed, outcome)
        except QueryRejected as error:
            outcome.reject(error.rule, error.message, error.hint)
        except AccessDenied as error:
            outcome.reject(error.rule, str(error), "Call list_tables to see your connections.")
        except ExecutionError as error:
            outcome.reject(
                f"database.{error.category}",
                error.message,
                "Check the query; the database's own message is not shown because it can "
                "contain data values.",
                decision="error",
            )
        except MaskingError:
            outcome.reject(
                "masking.failed",
                "A value could not be masked, so the result is withheld.",
                "Retry; if it persists, select fewer columns or tell the operator.",
                decision="error",
            )
        except AuditError:
            logger.exception("audit store failed during %s", name)
            outcome.reject(
                "audit.failed", AUDIT_FAILURE_TEXT, "Tell the operator.", decision="error"
            )
        except Exception as error:  # the model must not see internal error text
            logger.exception("internal error in %s: %s", name, type(error).__name__)
            outcome.reject(
                "internal.error",
                "phigate failed to complete the call.",
                "Retry once; if it fails again, tell the operator.",
                decision="error",
            )

    async def _dispatch(self, arguments: BaseModel, outcome: _Outcome) -> None:
        gateway = self.gateway
        principal = self.principal
        if isinstance(arguments, ListTablesArguments):
            result = await gateway.list_tables(principal, arguments.connection)
            outcome.text = render_tables(result)
        elif isinstance(arguments, DescribeTableArguments):
            result = await gateway.describe_table(principal, arguments.table, arguments.connection)
            outcome.text = render_describe(result)
        elif isinstance(arguments, QueryArguments):
            result = await self._query(arguments, outcome)
            outcome.text = render_query(result)
        elif isinstance(arguments, RequestAccessArguments):
            if not arguments.tables and not arguments.columns:
                raise QueryRejected(
                    "arguments.invalid",
                    "The request names no tables and no columns.",
                    hint="Pass 'tables', 'columns' (as table.column), or both.",
                )
            result = await gateway.request_access(
                principal,
                connection=arguments.connection,
                tables=arguments.tables,
                columns=arguments.columns,
                purpose=arguments.purpose,
                duration_minutes=arguments.duration_minutes,
            )
            outcome.text = render_request(result)
        else:  # pragma: no cover - TOOL_ARGUMENTS and this dispatch list the same tools
            raise TypeError(type(arguments).__name__)
        outcome.structured = result
        outcome.connection = result.get("connection")

    async def _query(self, arguments: QueryArguments, outcome: _Outcome) -> dict[str, Any]:
        response = await self.gateway.query(self.principal, arguments.sql, arguments.connection)
        analysis = response.analysis
        outcome.connection = response.connection
        outcome.normalized_sql = analysis.sql
        outcome.masked_columns = analysis.masked_columns
        outcome.rows = len(response.result.rows)
        outcome.truncated = response.truncated

        return {
            "connection": response.connection,
            "columns": [
                {
                    "name": column.name,
                    "mask": column.mask.describe() if column.mask is not None else None,
                }
                for column in analysis.columns
            ],
            "rows": response.result.rows,
            "row_count": len(response.result.rows),
            "truncated": response.truncated,
            "truncated_by": response.truncated_by,
            "withheld_cells": response.result.withheld_cells,
            "min_group_size": analysis.min_group_size,
        }


def _argument_problem(error: ValidationError) -> tuple[str, str]:
    # Locations and messages only: the rejected input is not repeated.
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "arguments"
        message = "unknown argument" if item["type"] == "extra_forbidden" else item["msg"]
        problems.append(f"{location}: {message}")
    return (
        "The arguments are invalid: " + "; ".join(problems) + ".",
        "Check the tool's input schema and call again.",
    )


def _jsonable(arguments: dict[str, Any]) -> dict[str, Any]:
    try:
        json.dumps(arguments)
    except (TypeError, ValueError):
        return {"unserializable": repr(arguments)[:10_000]}
    return arguments
