"""The evals from start to end: data, databases, sessions, leak search, expectations, verdict."""

from __future__ import annotations

import ast
import importlib.util
import logging
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from phigate.demo.data import DEFAULT_SEED, Dataset, generate
from phigate.evals.canaries import CanarySet, background_words, collect_canaries
from phigate.evals.databases import PlantedNote, plan_planted_notes, served_database
from phigate.evals.detect import Exclusions, Hit, LeakDetector, mask_preview
from phigate.evals.expectations import Expectations, load_expectations
from phigate.evals.runner import (
    RunRecord,
    SessionRecord,
    check_step,
    compare_pair,
    run_sessions,
    structured_leaves,
)
from phigate.evals.scenarios import Scenario, Templates, load_scenarios

__all__ = ["DEFAULT_NOTES", "DEFAULT_PATIENTS", "Options", "SuiteResult", "run_suite"]

logger = logging.getLogger(__name__)

DEFAULT_PATIENTS = 200
DEFAULT_NOTES = 1500


@dataclass(frozen=True)
class Options:
    """What to run: data set size, dialects, scenarios, the policy under test, where to write.

    ``policy`` defaults to the shipped demo policy and ``expectations`` to the shipped
    expectations file; ``scenarios`` to the shipped scenario files.
    """

    dialects: tuple[str, ...]
    output: Path
    patients: int = DEFAULT_PATIENTS
    notes: int = DEFAULT_NOTES
    seed: int = DEFAULT_SEED
    pattern: str | None = None
    policy: Path | None = None
    expectations: Path | None = None
    scenarios: Path | None = None


@dataclass
class SuiteResult:
    """Everything the report shows, and the detector that redacts the transcript."""

    options: Options
    started_at: datetime
    seconds: float = 0.0
    policy: Path | None = None
    canaries: CanarySet | None = None
    planted: list[PlantedNote] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    sessions: list[SessionRecord] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)
    session_leaks: list[dict[str, Any]] = field(default_factory=list)
    detector: LeakDetector | None = None

    @property
    def leak_count(self) -> int:
        return len(self.session_leaks) + sum(len(run.leaks) for run in self.runs)

    @property
    def audit_problems(self) -> list[str]:
        problems = []
        for session in self.sessions:
            if session.audit_records is not None and session.audit_records != session.calls:
                problems.append(
                    f"{session.dialect}/{session.principal}: {session.calls} calls but "
                    f"{session.audit_records} audit records"
                )
        return problems

    @property
    def session_errors(self) -> list[str]:
        return [
            f"{session.dialect}/{session.principal}: {session.error}"
            for session in self.sessions
            if session.error is not None
        ]

    @property
    def utility(self) -> tuple[int, int]:
        """(benign runs whose expectations hold, benign runs)."""
        benign = [run for run in self.runs if run.scenario.kind == "benign"]
        return sum(1 for run in benign if not run.failures), len(benign)

    @property
    def ok(self) -> bool:
        """True when nothing leaked, every expectation held and every call was audited."""
        return (
            self.leak_count == 0
            and all(not run.failures for run in self.runs)
            and not self.audit_problems
            and not self.session_errors
        )


def _default_policy() -> Path:
    return Path(str(resources.files("phigate.policies").joinpath("demo.yaml")))


def _plants(scenarios: list[Scenario]) -> list[Any]:
    return [plant for scenario in scenarios for plant in scenario.spec.plant]


async def run_suite(options: Options) -> SuiteResult:
    """Run the evals and return the result; the caller writes the report.

    Raises:
        ValueError: the expectations or scenario files are invalid, or no scenario matches.
        OSError, asyncpg.PostgresError: the PostgreSQL database could not be set up.
    """
    started = time.perf_counter()
    result = SuiteResult(options, datetime.now(UTC))
    expectations = load_expectations(options.expectations)
    scenarios = load_scenarios(
        options.scenarios, pattern=options.pattern, principals=expectations.principals
    )
    if not scenarios:
        raise ValueError(f"no scenario matches {options.pattern!r}")
    result.scenarios = scenarios
    result.policy = (options.policy or _default_policy()).resolve()

    dataset = generate(options.patients, options.notes, options.seed)
    planted = plan_planted_notes(dataset, _plants(scenarios))
    result.planted = planted
    templates = Templates(dataset, {note.key: note.note_id for note in planted})
    result.canaries = collect_canaries(dataset)
    logger.info(
        "data set ready (patients=%d notes=%d planted=%d canaries=%d)",
        options.patients,
        options.notes,
        len(planted),
        len(result.canaries.canaries),
    )

    with tempfile.TemporaryDirectory(prefix="phigate-evals-") as folder:
        for dialect in options.dialects:
            async with served_database(
                dialect,
                Path(folder),
                dataset,
                planted,
                policy=result.policy,
                principals=expectations.principals,
            ) as served:
                logger.info("serving %s (config=%s)", dialect, served.config)
                sessions, runs = await run_sessions(
                    served, scenarios, templates, options.output / "logs"
                )
            result.sessions += sessions
            result.runs += runs

    _judge(result, dataset, expectations)
    result.seconds = time.perf_counter() - started
    return result


def _judge(result: SuiteResult, dataset: Dataset, expectations: Expectations) -> None:
    """Search every transcript for leaks and check every expectation."""
    assert result.canaries is not None
    extra = [session.instructions or "" for session in result.sessions]
    for session in result.sessions:
        extra += [str(tool.get("description") or "") for tool in session.tools]
    # The planted notes' own words are content the evals wrote, not PHI.
    extra += [_strip_placeholders(plant.text) for plant in _plants(result.scenarios)]
    extra += message_texts()
    started = time.perf_counter()
    detector = LeakDetector(result.canaries.canaries, background_words(dataset, extra))
    result.detector = detector
    logger.info("leak detector built in %.1f s", time.perf_counter() - started)

    for session in result.sessions:
        visibility = expectations.visibility(session.principal)
        texts = [("instructions", "", session.instructions or "")]
        for index, tool in enumerate(session.tools):
            for path, text, is_number in structured_leaves(tool, f"tools[{index}]"):
                texts.append(("tools", path, text) if not is_number else ("tools", path, ""))
        for part, path, text in texts:
            for hit in detector.scan(text, visibility).hits:
                leak = _leak(detector, hit, text, step=0, part=part, path=path)
                leak["session"] = f"{session.dialect}/{session.principal}"
                result.session_leaks.append(leak)

    for run in result.runs:
        visibility = expectations.visibility(run.scenario.spec.principal)
        exclusions = Exclusions.from_arguments(step.arguments for step in run.steps)
        for call in run.calls:
            # A result table renders numbers, so short numeric canaries are skipped there.
            numeric = call.tool == "query" and not call.is_error
            scanned = detector.scan(call.text, visibility, numeric=numeric, exclusions=exclusions)
            run.echoes += scanned.echoes
            run.leaks += [
                _leak(detector, hit, call.text, step=call.step, part="text", path="")
                for hit in scanned.hits
            ]
            for path, text, is_number in structured_leaves(call.structured):
                scanned = detector.scan(text, visibility, numeric=is_number, exclusions=exclusions)
                run.echoes += scanned.echoes
                run.leaks += [
                    _leak(detector, hit, text, step=call.step, part="structured", path=path)
                    for hit in scanned.hits
                ]
        for step, call in zip(run.steps, run.calls, strict=False):
            run.failures += check_step(step, call)
        if run.scenario.spec.expect == "indistinguishable":
            run.failures += compare_pair(run)


# The modules whose string constants make up phigate's own messages, rendered results and
# tool descriptions ("An approver must grant it", "Rejected [...]"), as paths in the package.
_MESSAGE_MODULES = (
    "phigate.tools.render",
    "phigate.tools.runner",
    "phigate.tools.specs",
    "phigate.mcp_server",
    "phigate.gateway",
    "phigate.results",
    "phigate.analysis.analyzer",
    "phigate.analysis.lineage",
    "phigate.analysis.syntax",
    "phigate.execution.errors",
)


def message_texts() -> list[str]:
    """Return the string constants of the modules that write what the model reads.

    Their words are phigate's fixed wording, so a name part such as "Grant" that is also a word
    of a message is not counted on its own. The files are parsed, not imported. A missing file
    is skipped with a warning.
    """
    texts: list[str] = []
    for name in _MESSAGE_MODULES:
        # The package maps phigate.tools to another folder than phigate, so each module is
        # found through the import system rather than by a path under phigate.
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        path = Path(origin) if origin else Path(name)
        if not path.is_file():
            logger.warning("phigate module %s not found; its words are not background", name)
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts += [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
    return texts


def _strip_placeholders(text: str) -> str:
    return re.sub(r"\{\{[^}]*\}\}", " ", text)


def _leak(
    detector: LeakDetector, hit: Hit, text: str, *, step: int, part: str, path: str
) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "layer": hit.layer,
        "step": step,
        "part": part,
        "path": path,
        "offset": hit.start,
        "canary": mask_preview(hit.canary.value),
        "origin": hit.canary.origin,
        "source": hit.canary.source,
        "context": detector.context(text, hit.start, hit.end),
    }


def leak_summary(leaks: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """Count leaks by (kind, layer)."""
    return Counter((leak["kind"], leak["layer"]) for leak in leaks)
