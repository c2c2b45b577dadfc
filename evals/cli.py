"""``phigate evals``: run the leak and utility evals and write the report.

This module imports only click, so adding the command to ``phigate`` keeps ``phigate --help``
fast. The suite itself (the data generator, the MCP client, the leak detector) is imported
when the command runs.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

import click

from phigate.evals.postgres import POSTGRES_HOST, POSTGRES_PORT

__all__ = ["evals_command", "main", "register"]


@click.command("evals")
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("evals/reports"),
    show_default=True,
    help="Folder for report.json, report.md, transcript.jsonl and the server logs.",
)
@click.option(
    "--patients",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Patients in the synthetic data set.",
)
@click.option(
    "--notes",
    default=1500,
    show_default=True,
    type=click.IntRange(min=0),
    help="Clinical notes in the synthetic data set, besides the planted ones.",
)
@click.option(
    "--dialect",
    type=click.Choice(["sqlite", "postgres", "both"]),
    default=None,
    help="Databases to serve; default both when PostgreSQL accepts connections on "
    f"{POSTGRES_HOST}:{POSTGRES_PORT}, else sqlite. CI passes 'both' so that a missing "
    "server fails the run.",
)
@click.option(
    "--scenarios",
    "pattern",
    default=None,
    help="Run only scenarios whose id or kind/id matches this shell-style pattern, "
    "for example 'adversarial/*' or '*oracle*'; separate several patterns with commas.",
)
@click.option(
    "--policy",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Policy file under test; default the shipped demo policy.",
)
@click.option(
    "--expectations",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="What each group may see raw; default the shipped expectations.yaml.",
)
@click.option(
    "--scenario-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of scenario files (*.yaml) in place of the shipped ones.",
)
def evals_command(**arguments: Any) -> None:
    """Prove that PHI never reaches the model: run the scenarios and search for leaks.

    Exits 0 only when nothing leaked, every scenario's expectation held and every call was
    audited; 1 otherwise, and 2 when the evals could not run.
    """
    command = importlib.import_module("phigate.evals.command")
    raise SystemExit(command.run(**arguments))


def register(main: click.Group) -> None:
    """Add the ``evals`` command to the ``phigate`` command group."""
    main.add_command(evals_command)


def main() -> None:
    """Run ``evals`` as a program of its own, as ``python -m phigate.evals`` does."""
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    evals_command(prog_name="python -m phigate.evals")
