"""Run the scenarios through ``phigate serve`` over stdio and record the whole transcript.

One server process runs per principal and dialect, and each principal's scenarios run in
file order on its own MCP client session, so a scenario sees what earlier scenarios of the
same principal left behind (access requests, for example). Sessions of different principals
run at the same time.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

from phigate.audit import AuditStore
from phigate.evals.databases import Served
from phigate.evals.scenarios import LIST_TOOLS, FilledStep, Scenario, StepSpec, Templates

__all__ = [
    "CallRecord",
    "RunRecord",
    "SessionRecord",
    "check_step",
    "compare_pair",
    "run_sessions",
    "structured_leaves",
]

logger = logging.getLogger(__name__)

CALL_TIMEOUT_SECONDS = 60.0
_RULE = re.compile(r"Rejected \[([^\]]+)\]")


@dataclass
class CallRecord:
    """One tool call as the model would see it."""

    step: int
    tool: str
    arguments: dict[str, Any]
    is_error: bool = False
    text: str = ""
    structured: Any = None
    seconds: float = 0.0
    exception: str | None = None

    @property
    def rule(self) -> str | None:
        """The rule id of a rejection, such as ``column.not_found``."""
        match = _RULE.match(self.text) if self.is_error else None
        return match.group(1) if match else None

    @property
    def outcome(self) -> str:
        """``ok``, ``rejected:RULE``, ``error`` for a tool error without a rule, or ``failed``."""
        if self.exception is not None:
            return "failed"
        if not self.is_error:
            return "ok"
        rule = self.rule
        return f"rejected:{rule}" if rule else "error"


@dataclass
class SessionRecord:
    """One server session: its tool list and instructions, and how many tool calls it served."""

    principal: str
    dialect: str
    tools: list[dict[str, Any]] = field(default_factory=list)
    instructions: str | None = None
    calls: int = 0
    audit_records: int | None = None
    error: str | None = None
    log: Path | None = None


@dataclass
class RunRecord:
    """One scenario run on one dialect."""

    scenario: Scenario
    dialect: str
    steps: list[FilledStep] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    leaks: list[dict[str, Any]] = field(default_factory=list)
    echoes: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures and not self.leaks


def _server_parameters(config: Path, principal: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "phigate", "serve", "--config", str(config), "--principal", principal],
        env=dict(os.environ),
    )


async def _call(client: Client, step: FilledStep, number: int) -> CallRecord:
    record = CallRecord(number, step.spec.tool, step.arguments)
    started = time.perf_counter()
    try:
        if step.spec.tool == LIST_TOOLS:
            await _list_tools(client, record)
        else:
            result = await client.call_tool(
                step.spec.tool, step.arguments, read_timeout_seconds=CALL_TIMEOUT_SECONDS
            )
            record.is_error = bool(result.is_error)
            record.text = "\n".join(block.text for block in result.content if block.type == "text")
            record.structured = result.structured_content
    except Exception as error:  # noqa: BLE001 - any client failure fails the step, not the run
        record.exception = f"{type(error).__name__}: {error}"
    record.seconds = time.perf_counter() - started
    return record


async def _list_tools(client: Client, record: CallRecord) -> None:
    """Record what ``tools/list`` and the initialization send: everything but tool results."""
    tools = await client.list_tools()
    listed = [tool.model_dump(mode="json", by_alias=True) for tool in tools.tools]
    record.structured = {"instructions": client.instructions, "tools": listed}
    record.text = json.dumps(record.structured, indent=1, ensure_ascii=False)


async def _run_principal(
    served: Served,
    principal: str,
    scenarios: list[Scenario],
    templates: Templates,
    log_folder: Path,
) -> tuple[SessionRecord, list[RunRecord]]:
    session = SessionRecord(principal, served.dialect)
    runs = [RunRecord(scenario, served.dialect) for scenario in scenarios]
    for run in runs:
        try:
            run.steps = [templates.fill_step(step) for step in run.scenario.spec.steps]
        except (KeyError, IndexError) as error:
            # A record number past the data set's size, for example; the run fails, not the rest.
            run.failures.append(f"a placeholder could not be filled: {error}")
    session.log = log_folder / f"server-{served.dialect}-{principal}.log"
    with session.log.open("w", encoding="utf-8") as log:
        try:
            await _drive(served, principal, runs, session, log)
        except Exception as error:  # noqa: BLE001 - a dead session fails its scenarios only
            session.error = f"{_describe_failure(error)} (server log: {session.log})"
            logger.error(
                "session failed (dialect=%s principal=%s): %s",
                served.dialect,
                principal,
                session.error,
            )
    for run in runs:
        if session.error is not None and len(run.calls) < len(run.steps):
            run.failures.append(f"the server session ended early: {session.error}")
    return session, runs


def _describe_failure(error: BaseException) -> str:
    """Name the innermost exceptions, since the MCP client wraps them in exception groups."""
    if isinstance(error, BaseExceptionGroup):
        return "; ".join(_describe_failure(inner) for inner in error.exceptions)
    return f"{type(error).__name__}: {error}"


async def _drive(
    served: Served,
    principal: str,
    runs: list[RunRecord],
    session: SessionRecord,
    log: TextIO,
) -> None:
    transport = stdio_client(_server_parameters(served.config, principal), errlog=log)
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(Client(transport, cache=None))
        session.instructions = client.instructions
        tools = await client.list_tools()
        session.tools = [tool.model_dump(mode="json", by_alias=True) for tool in tools.tools]
        for run in runs:
            for number, step in enumerate(run.steps, start=1):
                run.calls.append(await _call(client, step, number))
                # tools/list is a protocol request, not a tool call, so it has no audit record.
                if step.spec.tool != LIST_TOOLS:
                    session.calls += 1
    logger.info(
        "session done (dialect=%s principal=%s calls=%d)", served.dialect, principal, session.calls
    )


async def _count_audit_records(audit: Path, principal: str) -> int:
    async with await AuditStore.open(audit) as store:
        return len(await store.tail(1_000_000, principal=principal))


async def run_sessions(
    served: Served, scenarios: list[Scenario], templates: Templates, log_folder: Path
) -> tuple[list[SessionRecord], list[RunRecord]]:
    """Run every scenario of ``served``'s dialect, one session per principal, all at once.

    After the sessions end, each session's calls are counted in the audit store, so the
    report can show that every call left a record.
    """
    await asyncio.to_thread(log_folder.mkdir, parents=True, exist_ok=True)
    by_principal: dict[str, list[Scenario]] = {}
    for scenario in scenarios:
        if served.dialect in scenario.spec.dialects:
            by_principal.setdefault(scenario.spec.principal, []).append(scenario)
    results = await asyncio.gather(
        *(
            _run_principal(served, principal, group, templates, log_folder)
            for principal, group in by_principal.items()
        )
    )
    sessions = [session for session, _ in results]
    runs = [run for _, group in results for run in group]
    if served.audit.exists():
        for session in sessions:
            session.audit_records = await _count_audit_records(served.audit, session.principal)
    order = {scenario.id: index for index, scenario in enumerate(scenarios)}
    runs.sort(key=lambda run: order[run.scenario.id])
    return sessions, runs


# --- expectations -----------------------------------------------------------------------------


def check_step(step: FilledStep, call: CallRecord) -> list[str]:
    """Return how ``call`` misses ``step``'s expectation; an empty list when it meets it.

    The messages name columns, counts and patterns from the scenario, never response text.
    """
    spec = step.spec
    prefix = f"step {call.step} ({call.tool})"
    if call.exception is not None:
        return [f"{prefix}: the call failed: {call.exception}"]
    failures = []
    if spec.expect == "ok" and call.is_error:
        failures.append(f"{prefix}: expected ok, got {call.outcome}")
    if spec.expect == "rejected" and not call.is_error:
        failures.append(f"{prefix}: expected a rejection, got ok")
    if call.is_error and spec.rule:
        rule = call.rule or ""
        if not any(fnmatch.fnmatchcase(rule, pattern) for pattern in spec.rule):
            failures.append(f"{prefix}: expected rule {' or '.join(spec.rule)}, got {call.outcome}")
    if spec.max_seconds is not None and call.seconds > spec.max_seconds:
        failures.append(
            f"{prefix}: took {call.seconds:.1f} s, more than the expected {spec.max_seconds} s"
        )
    for pattern in spec.text_matches:
        if re.search(pattern, call.text) is None:
            failures.append(f"{prefix}: the text does not match {pattern!r}")
    for pattern in spec.text_excludes:
        if re.search(pattern, call.text) is not None:
            failures.append(f"{prefix}: the text matches {pattern!r}")
    if not call.is_error and isinstance(call.structured, dict):
        failures += [f"{prefix}: {problem}" for problem in _check_result(spec, call.structured)]
    elif not call.is_error and _checks_result(spec):
        failures.append(f"{prefix}: the result has no structured content to check")
    return failures


def _checks_result(spec: StepSpec) -> bool:
    """Tell whether the step states anything about a successful call's structured result."""
    return any(
        value not in (None, [], {})
        for value in (
            spec.min_rows,
            spec.max_rows,
            spec.masked,
            spec.unmasked,
            spec.values,
            spec.tables,
            spec.tool_names,
            spec.columns,
            spec.status,
            spec.truncated,
        )
    )


def _check_result(spec: StepSpec, result: dict[str, Any]) -> list[str]:
    problems = []
    rows = result.get("rows")
    if isinstance(rows, list):
        if spec.min_rows is not None and len(rows) < spec.min_rows:
            problems.append(f"expected at least {spec.min_rows} rows, got {len(rows)}")
        if spec.max_rows is not None and len(rows) > spec.max_rows:
            problems.append(f"expected at most {spec.max_rows} rows, got {len(rows)}")
    # A query or describe_table result lists columns as objects; request_access as names.
    described = [column for column in result.get("columns") or [] if isinstance(column, dict)]
    columns = [column.get("name") for column in described]
    masks = {column.get("name"): _mask_of(column) for column in described}
    if spec.columns is not None and columns != spec.columns:
        problems.append(f"expected columns {spec.columns}, got {columns}")
    for name in spec.masked:
        if name not in masks:
            problems.append(f"column {name} is missing")
        elif masks[name] is None:
            problems.append(f"column {name} is not masked")
    for name in spec.unmasked:
        if name not in masks:
            problems.append(f"column {name} is missing")
        elif masks[name] is not None:
            problems.append(f"column {name} is masked as {masks[name]}")
    if spec.values and isinstance(rows, list):
        for name, pattern in spec.values.items():
            if name not in columns:
                problems.append(f"column {name} is missing")
                continue
            index = columns.index(name)
            values = [row[index] for row in rows if row[index] is not None]
            wrong = sum(1 for value in values if re.search(pattern, str(value)) is None)
            if wrong:
                problems.append(f"column {name}: {wrong} of {len(values)} values miss {pattern!r}")
    if spec.tables is not None:
        names = sorted(table.get("name") for table in result.get("tables") or [])
        if names != sorted(spec.tables):
            problems.append(f"expected tables {sorted(spec.tables)}, got {names}")
    if spec.tool_names is not None:
        names = sorted(tool.get("name") for tool in result.get("tools") or [])
        if names != sorted(spec.tool_names):
            problems.append(f"expected tools {sorted(spec.tool_names)}, got {names}")
    if spec.status is not None and result.get("status") != spec.status:
        problems.append(f"expected status {spec.status}, got {result.get('status')}")
    if spec.truncated is not None and result.get("truncated") != spec.truncated:
        problems.append(f"expected truncated={spec.truncated}, got {result.get('truncated')}")
    return problems


def _mask_of(column: dict[str, Any]) -> str | None:
    """Return a column's mask: ``mask`` in a query result, ``treatment`` in a description."""
    if "mask" in column:
        mask = column["mask"]
        return None if mask is None else str(mask)
    treatment = column.get("treatment")
    return None if treatment in {None, "allow"} else str(treatment)


def compare_pair(run: RunRecord) -> list[str]:
    """Check that the two responses of a pair scenario are indistinguishable.

    The strings that differ between the two calls' arguments (word by word), the values
    filled into placeholders and the scenario's ``neutralize`` strings are replaced by one
    placeholder first, and so are matches of ``neutralize_patterns``.
    """
    if len(run.calls) != 2 or any(call.exception for call in run.calls):
        return ["the pair did not complete, so its responses cannot be compared"]
    first, second = run.steps
    neutral = set(run.scenario.spec.neutralize)
    neutral.update(first.substituted)
    neutral.update(second.substituted)
    first_words = set(_argument_words(first.arguments))
    second_words = set(_argument_words(second.arguments))
    neutral.update(first_words ^ second_words)
    patterns = [re.compile(pattern) for pattern in run.scenario.spec.neutralize_patterns]
    views = [_neutral_view(call, neutral, patterns) for call in run.calls]
    failures = []
    for part, left, right in zip(("is_error", "text", "structured"), *views, strict=True):
        if left != right:
            offset = next(
                (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
                min(len(left), len(right)),
            )
            failures.append(
                f"the two responses differ in {part} (from character {offset}): the answer "
                "tells the right guess from the wrong one"
            )
    return failures


def _argument_words(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        for word in re.findall(r"[\w@.+-]+", value):
            yield word
            # A qualified name (p.email) is echoed by its parts (Column 'email' not found).
            if "." in word:
                yield from (part for part in word.split(".") if part)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _argument_words(item)
    elif isinstance(value, list):
        for item in value:
            yield from _argument_words(item)


def _neutral_view(
    call: CallRecord, neutral: set[str], patterns: list[re.Pattern[str]]
) -> tuple[str, str, str]:
    structured = json.dumps(call.structured, sort_keys=True, ensure_ascii=False)
    texts = [call.text, structured]
    for value in sorted((item for item in neutral if item), key=len, reverse=True):
        expression = re.compile(rf"(?<![\w]){re.escape(value)}(?![\w])")
        texts = [expression.sub("<X>", text) for text in texts]
    for pattern in patterns:
        texts = [pattern.sub("<X>", text) for text in texts]
    return str(call.is_error), texts[0], texts[1]


def structured_leaves(value: Any, path: str = "") -> Iterator[tuple[str, str, bool]]:
    """Yield (path, text, is_number) for every string and number in a JSON value."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, int | float):
        yield path, repr(value), True
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from structured_leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from structured_leaves(item, f"{path}[{index}]")
