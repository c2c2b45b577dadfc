"""The evals report: ``report.json`` for machines, ``report.md`` for people, and the transcript.

No file contains a canary in full: each leak shows the canary's first two characters and a
context in which every known identifier is masked the same way, and ``transcript.jsonl``
masks every identifier so.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from phigate.evals.detect import LeakDetector
from phigate.evals.expectations import Visibility
from phigate.evals.runner import RunRecord
from phigate.evals.scenarios import KIND_ORDER
from phigate.evals.suite import SuiteResult

__all__ = ["TRANSCRIPT_FILE", "report_data", "write_report", "write_transcript"]

# The Markdown report lists this many leaks per scenario; the JSON report lists them all.
MARKDOWN_LEAKS_PER_RUN = 8
TRANSCRIPT_FILE = "transcript.jsonl"


def _run_data(run: RunRecord, detector: LeakDetector | None) -> dict[str, Any]:
    return {
        "scenario": run.scenario.id,
        "kind": run.scenario.kind,
        "dialect": run.dialect,
        "principal": run.scenario.spec.principal,
        "description": run.scenario.spec.description,
        "passed": run.passed,
        "failures": run.failures,
        "leak_count": len(run.leaks),
        "leaks": run.leaks,
        "echoes_ignored": run.echoes,
        "calls": [
            {
                "step": call.step,
                "tool": call.tool,
                "arguments": _redacted(call.arguments, detector),
                "outcome": call.outcome,
                "seconds": round(call.seconds, 3),
                "rows": _row_count(call.structured),
            }
            for call in run.calls
        ],
    }


def _row_count(structured: Any) -> int | None:
    if isinstance(structured, dict) and isinstance(structured.get("rows"), list):
        return len(structured["rows"])
    return None


def _kinds(result: SuiteResult) -> dict[str, dict[str, int]]:
    kinds: dict[str, dict[str, int]] = {}
    present = {run.scenario.kind for run in result.runs}
    order = [kind for kind in KIND_ORDER if kind in present] + sorted(present - set(KIND_ORDER))
    for kind in order:
        runs = [run for run in result.runs if run.scenario.kind == kind]
        kinds[kind] = {
            "scenarios": len({run.scenario.id for run in runs}),
            "runs": len(runs),
            "passed": sum(1 for run in runs if run.passed),
            "leaking_runs": sum(1 for run in runs if run.leaks),
            "failed_expectations": sum(1 for run in runs if run.failures),
        }
    return kinds


def report_data(result: SuiteResult) -> dict[str, Any]:
    """Return the report as JSON-ready data."""
    good, benign = result.utility
    canaries = result.canaries
    leaks_by: Counter[str] = Counter()
    for run in result.runs:
        leaks_by.update(f"{leak['kind']}/{leak['layer']}" for leak in run.leaks)
    leaks_by.update(f"{leak['kind']}/{leak['layer']}" for leak in result.session_leaks)
    return {
        "verdict": "pass" if result.ok else "fail",
        "started_at": result.started_at.isoformat(),
        "seconds": round(result.seconds, 1),
        "policy": str(result.policy),
        "options": {
            "dialects": list(result.options.dialects),
            "patients": result.options.patients,
            "notes": result.options.notes,
            "seed": result.options.seed,
            "scenarios": result.options.pattern,
        },
        "canaries": {
            "total": len(canaries.canaries) if canaries else 0,
            "by_kind": canaries.by_kind() if canaries else {},
            "skipped_as_too_short": dict(canaries.skipped) if canaries else {},
        },
        "planted_notes": [
            {"key": note.key, "note_id": note.note_id, "patient_id": note.patient_id}
            for note in result.planted
        ],
        "totals": {
            "scenarios": len(result.scenarios),
            "runs": len(result.runs),
            "passed": sum(1 for run in result.runs if run.passed),
            "failed": sum(1 for run in result.runs if not run.passed),
            "leaks": result.leak_count,
            "leaking_runs": sum(1 for run in result.runs if run.leaks),
            "failed_expectations": sum(1 for run in result.runs if run.failures),
            "leaks_by_kind_and_layer": dict(sorted(leaks_by.items())),
        },
        "utility": {
            "benign_runs": benign,
            "benign_passed": good,
            "score": round(good / benign, 4) if benign else None,
        },
        "kinds": _kinds(result),
        "audit": [
            {
                "dialect": session.dialect,
                "principal": session.principal,
                "calls": session.calls,
                "audit_records": session.audit_records,
                "error": session.error,
                "log": str(session.log) if session.log else None,
            }
            for session in result.sessions
        ],
        "audit_problems": result.audit_problems,
        "session_errors": result.session_errors,
        "session_leaks": result.session_leaks,
        "runs": [_run_data(run, result.detector) for run in result.runs],
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(data: dict[str, Any]) -> str:
    totals = data["totals"]
    utility = data["utility"]
    score = utility["score"]
    lines = [
        "# phigate evals report",
        "",
        f"**Verdict: {data['verdict'].upper()}** — {totals['leaks']} leaks in "
        f"{totals['leaking_runs']} runs, {totals['failed_expectations']} runs with failed "
        f"expectations, utility {utility['benign_passed']}/{utility['benign_runs']}"
        + (f" ({score:.1%})" if score is not None else "")
        + ".",
        "",
        f"- Started {data['started_at']}, took {data['seconds']} s.",
        f"- Policy under test: `{data['policy']}`.",
        f"- Dialects: {', '.join(data['options']['dialects'])}; data set of "
        f"{data['options']['patients']} patients and {data['options']['notes']} notes "
        f"(seed {data['options']['seed']}), {len(data['planted_notes'])} planted notes.",
        f"- Canaries: {data['canaries']['total']} "
        f"({', '.join(f'{k} {v}' for k, v in data['canaries']['by_kind'].items())}); "
        f"skipped as too short: {data['canaries']['skipped_as_too_short'] or 'none'}.",
        f"- Scenarios: {totals['scenarios']}, runs: {totals['runs']}, passed: "
        f"{totals['passed']}, failed: {totals['failed']}.",
        "",
        "| kind | scenarios | runs | passed | leaking runs | failed expectations |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, counts in data["kinds"].items():
        lines.append(
            f"| {kind} | {counts['scenarios']} | {counts['runs']} | {counts['passed']} | "
            f"{counts['leaking_runs']} | {counts['failed_expectations']} |"
        )
    if totals["leaks_by_kind_and_layer"]:
        lines += ["", "Leaks by canary kind and layer:", ""]
        lines += [f"- {key}: {count}" for key, count in totals["leaks_by_kind_and_layer"].items()]
    problems = data["audit_problems"] + data["session_errors"]
    if problems:
        lines += ["", "## Sessions and audit", ""]
        lines += [f"- {problem}" for problem in problems]
    if data["session_leaks"]:
        lines += ["", "## Leaks in tool lists and instructions", ""]
        lines += _leak_table(data["session_leaks"], with_session=True)
    failed = [run for run in data["runs"] if not run["passed"]]
    lines += ["", "## Failed runs", ""]
    if not failed:
        lines.append("None.")
    for run in failed:
        lines += [
            "",
            f"### {run['kind']}/{run['scenario']} on {run['dialect']} as {run['principal']}",
            "",
            run["description"],
            "",
            *[_call_line(call) for call in run["calls"]],
        ]
        if run["failures"]:
            lines += ["", *[f"- {failure}" for failure in run["failures"]]]
        if run["leaks"]:
            kinds = Counter(f"{leak['kind']}/{leak['layer']}" for leak in run["leaks"])
            lines += [
                "",
                f"{run['leak_count']} leaks ("
                + ", ".join(f"{key} {count}" for key, count in sorted(kinds.items()))
                + "):",
                "",
            ]
            lines += _leak_table(run["leaks"][:MARKDOWN_LEAKS_PER_RUN])
            if run["leak_count"] > MARKDOWN_LEAKS_PER_RUN:
                lines.append(
                    f"\n…and {run['leak_count'] - MARKDOWN_LEAKS_PER_RUN} more in report.json."
                )
    lines += ["", "## All runs", "", "| scenario | kind | dialect | as | result |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for run in data["runs"]:
        result = "pass" if run["passed"] else "FAIL"
        lines.append(
            f"| {run['scenario']} | {run['kind']} | {run['dialect']} | {run['principal']} | "
            f"{result} |"
        )
    return "\n".join(lines) + "\n"


def _call_line(call: dict[str, Any]) -> str:
    arguments = call["arguments"]
    shown = arguments.get("sql") if isinstance(arguments.get("sql"), str) else None
    if shown is None:
        shown = json.dumps(arguments, ensure_ascii=False)
    return f"{call['step']}. {call['tool']} `{_cell(shown)}` → {call['outcome']}"


def _leak_table(leaks: list[dict[str, Any]], *, with_session: bool = False) -> list[str]:
    head = "| session " if with_session else ""
    lines = [
        f"{head}| kind | layer | step | where | canary | source | context |",
        "| --- " * (7 + (1 if with_session else 0)) + "|",
    ]
    for leak in leaks:
        where = (
            leak["part"] + (f" `{leak['path']}`" if leak["path"] else "") + f" @{leak['offset']}"
        )
        first = f"| {leak['session']} " if with_session else ""
        lines.append(
            f"{first}| {leak['kind']} | {leak['layer']} | {leak['step']} | {_cell(where)} | "
            f"`{_cell(leak['canary'])}` | {leak['source']} | `{_cell(leak['context'])}` |"
        )
    return lines


def write_report(result: SuiteResult, folder: Path) -> tuple[Path, Path]:
    """Write ``report.json``, ``report.md`` and ``transcript.jsonl`` into ``folder``.

    Returns the paths of the JSON and the Markdown report.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = report_data(result)
    json_path = folder / "report.json"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown_path = folder / "report.md"
    markdown_path.write_text(_markdown(data), encoding="utf-8")
    if result.detector is not None:
        write_transcript(result, result.detector, folder / TRANSCRIPT_FILE)
    return json_path, markdown_path


def write_transcript(result: SuiteResult, detector: LeakDetector, path: Path) -> None:
    """Write every session's tool list and every call, one JSON object a line.

    This is what the model saw, with every canary (allowed or not) cut to its first two
    characters, so the file contains no identifier in full even when the run leaked one. Partial
    masks that show an SSN's or phone number's last four digits stay as they are.
    """
    with path.open("w", encoding="utf-8") as out:
        for session in result.sessions:
            line: dict[str, Any] = {
                "session": f"{session.dialect}/{session.principal}",
                "instructions": session.instructions,
                "tools": session.tools,
            }
            out.write(json.dumps(_redacted(line, detector), ensure_ascii=False) + "\n")
        for run in result.runs:
            for call in run.calls:
                line = {
                    "scenario": run.scenario.id,
                    "kind": run.scenario.kind,
                    "dialect": run.dialect,
                    "principal": run.scenario.spec.principal,
                    "step": call.step,
                    "tool": call.tool,
                    "arguments": call.arguments,
                    "outcome": call.outcome,
                    "text": call.text,
                    "structured": call.structured,
                    "exception": call.exception,
                }
                out.write(json.dumps(_redacted(line, detector), ensure_ascii=False) + "\n")


# Nothing is allowed raw, but a partial mask's last four digits may stay.
_TRANSCRIPT_VISIBILITY = Visibility((), frozenset(), frozenset(), {"ssn": 4, "phone": 4})


def _redacted(value: Any, detector: LeakDetector | None) -> Any:
    if detector is None:
        return value
    if isinstance(value, str):
        return detector.redact(value, _TRANSCRIPT_VISIBILITY)
    if isinstance(value, dict):
        return {key: _redacted(item, detector) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item, detector) for item in value]
    return value
