"""The body of ``phigate evals``: choose the dialects, run the suite, write the report."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import click

from phigate.evals.postgres import POSTGRES_HOST, POSTGRES_PORT, postgres_answers
from phigate.evals.report import TRANSCRIPT_FILE, write_report
from phigate.evals.suite import Options, SuiteResult, run_suite

__all__ = ["run", "summary"]


def run(
    *,
    output: Path,
    patients: int,
    notes: int,
    dialect: str | None,
    pattern: str | None,
    policy: Path | None,
    expectations: Path | None,
    scenario_dir: Path | None,
) -> int:
    """Run the evals, write the report and return the exit code (0 pass, 1 fail, 2 error)."""
    dialects = _dialects(dialect)
    if dialects is None:
        return 2
    options = Options(
        dialects=dialects,
        output=output,
        patients=patients,
        notes=notes,
        pattern=pattern,
        policy=policy,
        expectations=expectations,
        scenarios=scenario_dir,
    )
    try:
        result = asyncio.run(run_suite(options))
    except (ValueError, OSError, asyncpg.PostgresError) as error:
        click.echo(f"phigate evals: {error}", err=True)
        return 2
    json_path, markdown_path = write_report(result, output)
    click.echo(summary(result))
    click.echo(f"Report: {markdown_path} and {json_path}; transcript: {output / TRANSCRIPT_FILE}")
    return 0 if result.ok else 1


def summary(result: SuiteResult) -> str:
    """Return the one-line verdict the command prints."""
    good, benign = result.utility
    failed = sum(1 for run in result.runs if run.failures)
    return (
        f"{'PASS' if result.ok else 'FAIL'}: {len(result.runs)} runs of "
        f"{len(result.scenarios)} scenarios on {', '.join(result.options.dialects)} in "
        f"{result.seconds:.0f} s; {result.leak_count} leaks, {failed} runs with failed "
        f"expectations, utility {good}/{benign}."
    )


def _dialects(choice: str | None) -> tuple[str, ...] | None:
    """Return the dialects to serve, or None (after saying why) when the choice cannot run."""
    answers = postgres_answers()
    if choice is None:
        if answers:
            return ("sqlite", "postgres")
        click.echo(
            f"phigate evals: no PostgreSQL server answers on {POSTGRES_HOST}:{POSTGRES_PORT}; "
            "running on SQLite only.",
            err=True,
        )
        return ("sqlite",)
    if choice in {"postgres", "both"} and not answers:
        click.echo(
            f"phigate evals: no PostgreSQL server answers on {POSTGRES_HOST}:{POSTGRES_PORT}; "
            "start one (user postgres, trust authentication) or use --dialect sqlite.",
            err=True,
        )
        return None
    return ("sqlite", "postgres") if choice == "both" else (choice,)
