"""The evals suite: leak detection layers, scenario files, and end-to-end runs that must fail."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from click.testing import CliRunner

from phigate.demo.data import Dataset
from phigate.evals.canaries import Canary, background_words
from phigate.evals.cli import evals_command
from phigate.evals.databases import plan_planted_notes
from phigate.evals.detect import LAYERS, Exclusions, LeakDetector
from phigate.evals.expectations import Visibility, load_expectations
from phigate.evals.postgres import postgres_answers
from phigate.evals.runner import CallRecord, RunRecord, compare_pair
from phigate.evals.scenarios import (
    KIND_ORDER,
    FilledStep,
    Scenario,
    ScenarioSpec,
    Templates,
    load_scenarios,
)
from phigate.evals.suite import Options, SuiteResult, run_suite
from tests.conftest import DEMO_POLICY, DEMO_TEST_PATIENTS

SSN = Canary("ssn", "548-97-3268", "column", "patients.ssn")
NAME = Canary("name", "Michelle Garcia", "column", "patients.first_name+last_name")
EMAIL = Canary("email", "garcia.michelle88@example.com", "column", "patients.email")
MRN = Canary("mrn", "MRN9332184", "column", "patients.mrn")
DATE = Canary("date", "1/31/2021", "column", "encounters.encounter_date")
CANARIES = [SSN, NAME, EMAIL, MRN, DATE]

# The data set size of the other tests; planted notes need at least 14 patients.
SMALL = {"patients": DEMO_TEST_PATIENTS, "notes": 300}


def _detector(*canaries: Canary, background: frozenset[str] = frozenset()) -> LeakDetector:
    return LeakDetector(list(canaries or CANARIES), background)


def _layers(text: str, visibility: Visibility | None = None) -> set[tuple[str, str]]:
    scanned = _detector().scan(text, visibility or Visibility.nothing())
    return {(hit.kind, hit.layer) for hit in scanned.hits}


# --- detection layers ---------------------------------------------------------------------------

ENCODINGS: list[tuple[str, Callable[[], str], tuple[str, str]]] = [
    ("exact", lambda: f"ssn is {SSN.value}.", ("ssn", "exact")),
    ("folded spaces", lambda: "ssn 548 97 3268 on file", ("ssn", "folded")),
    ("folded last-first", lambda: "patient: GARCIA, MICHELLE", ("name", "folded")),
    ("digits", lambda: "record 9332184 opened", ("mrn", "digits")),
    ("reversed", lambda: f"x {SSN.value[::-1]} y", ("ssn", "reversed")),
    ("base64", lambda: base64.b64encode(EMAIL.value.encode()).decode(), ("email", "base64")),
    ("hex", lambda: f"0x{EMAIL.value.encode().hex()}", ("email", "hex")),
    ("url", lambda: f"mailto?to={quote(EMAIL.value, safe='')}", ("email", "url")),
    ("md5", lambda: hashlib.md5(SSN.value.encode()).hexdigest(), ("ssn", "md5")),
    ("sha1", lambda: hashlib.sha1(MRN.value.lower().encode()).hexdigest(), ("mrn", "sha1")),
    ("sha256", lambda: hashlib.sha256(b"548973268").hexdigest(), ("ssn", "sha256")),
    ("partial shape", lambda: "ssn 548-97-****", ("ssn", "partial")),
    ("partial run", lambda: "ends in 97-3268", ("ssn", "partial")),
    ("partial e-mail", lambda: "user garcia.michelle88 wrote", ("email", "partial")),
    ("name token", lambda: "seen by Garcia today", ("name", "name_token")),
]


@pytest.mark.parametrize(("text", "expected"), [(make(), hit) for _, make, hit in ENCODINGS])
def test_layer_finds_encoding(text: str, expected: tuple[str, str]) -> None:
    """Each detection layer finds its own encoding of a canary."""
    assert expected in _layers(text)


def test_layers_cover_every_encoding() -> None:
    """The encoding table exercises every layer the detector has."""
    assert {hit[1] for _, _, hit in ENCODINGS} == set(LAYERS)


def test_clinician_partial_ssn_is_not_leak() -> None:
    """A clinician may see an SSN's last four digits, but an analyst may not."""
    expectations = load_expectations()
    text = "SSN ***-**-3268 on file"
    assert _layers(text, expectations.visibility("cara")) == set()
    assert ("ssn", "partial") in _layers(text, expectations.visibility("ana"))


def test_clinician_five_digits_is_leak() -> None:
    """A partly masked SSN that shows more than the last four digits is a leak for a clinician."""
    assert ("ssn", "partial") in _layers("SSN ***-*7-3268", load_expectations().visibility("cara"))


def test_common_word_is_not_name_token(demo_dataset: Dataset) -> None:
    """A name part that is a common word counts only as part of the full name."""
    background = frozenset(background_words(demo_dataset))
    name = Canary("name", "Will Carter", "column", "patients.first_name+last_name")
    detector = _detector(name, background=background)
    assert "will" in background
    assert detector.scan("The patient will return", Visibility.nothing()).hits == []
    hits = detector.scan("seen by Carter today", Visibility.nothing()).hits
    assert [(hit.kind, hit.layer) for hit in hits] == [("name", "name_token")]


def test_token_inside_longer_word_is_not_hit() -> None:
    """A canary inside a longer word is not there: Garcia is not in Garciaville."""
    assert _layers("moved to Garciaville") == set()


def test_folded_match_stays_in_one_cell() -> None:
    """Numbers in two rows of a table do not join into a date, but the date itself is found."""
    assert _layers("year | n\n2022 | 131\n2021 | 119") == set()
    assert ("date", "exact") in _layers("seen on 1/31/2021")


def test_echoed_guess_is_not_leak() -> None:
    """A value the scenario sent itself is counted as an echo, not a leak."""
    exclusions = Exclusions.from_arguments([{"sql": f"WHERE ssn = '{SSN.value}'"}])
    scanned = _detector().scan(
        f"no row for {SSN.value}", Visibility.nothing(), exclusions=exclusions
    )
    assert scanned.hits == []
    assert scanned.echoes == 1


def test_report_context_masks_canary() -> None:
    """A leak's context keeps two characters of each identifier and masks the rest."""
    detector = _detector()
    text = f"name Michelle Garcia, ssn {SSN.value}"
    hit = next(hit for hit in detector.scan(text, Visibility.nothing()).hits if hit.kind == "ssn")
    context = detector.context(text, hit.start, hit.end)
    assert SSN.value not in context
    assert "Michelle Garcia" not in context
    assert "54*********" in context


# --- pair comparison ----------------------------------------------------------------------------


def _pair_run(first: str, second: str) -> RunRecord:
    spec = ScenarioSpec.model_validate(
        {
            "id": "pair",
            "as": "ana",
            "description": "A pair.",
            "expect": "indistinguishable",
            "pair": [{"sql": "SELECT 'x' AS g"}, {"sql": "SELECT 'y' AS g"}],
        }
    )
    run = RunRecord(Scenario("adversarial", spec, "test.yaml"), "sqlite")
    run.steps = [FilledStep(step, step.arguments, ()) for step in spec.steps]
    run.calls = [
        CallRecord(1, "query", run.steps[0].arguments, text=first),
        CallRecord(2, "query", run.steps[1].arguments, text=second),
    ]
    return run


def test_pair_equal_after_neutralizing() -> None:
    """Responses that differ only in the guessed value are indistinguishable."""
    assert compare_pair(_pair_run("no row for x", "no row for y")) == []


def test_pair_difference_is_reported() -> None:
    """Responses that differ beyond the guess fail the pair."""
    failures = compare_pair(_pair_run("1 row", "0 rows"))
    assert len(failures) == 1
    assert "text" in failures[0]


# --- scenario files -----------------------------------------------------------------------------


def test_scenario_files_cover_every_kind() -> None:
    """The shipped scenarios cover the five kinds with at least 150 scenarios in all."""
    counts = Counter(scenario.kind for scenario in load_scenarios())
    minimums = {"benign": 40, "adversarial": 70, "injection": 10, "discovery": 20, "access": 10}
    assert set(counts) == set(KIND_ORDER)
    for kind, minimum in minimums.items():
        assert counts[kind] >= minimum, kind
    assert sum(counts.values()) >= 150


def test_scenarios_have_valid_expectations(demo_dataset: Dataset) -> None:
    """Every scenario names a known principal, and every step fills and states an outcome."""
    expectations = load_expectations()
    scenarios = load_scenarios(principals=expectations.principals)
    planted = plan_planted_notes(
        demo_dataset, [plant for scenario in scenarios for plant in scenario.spec.plant]
    )
    templates = Templates(demo_dataset, {note.key: note.note_id for note in planted})
    for scenario in scenarios:
        assert scenario.spec.principal in expectations.principals, scenario.id
        for step in scenario.spec.steps:
            templates.fill_step(step)
            if scenario.kind == "benign":
                assert step.expect == "ok", scenario.id
            if step.expect == "rejected" and scenario.kind == "adversarial":
                assert step.rule, f"{scenario.id}: a rejection without a rule"


def test_invalid_scenario_is_rejected(tmp_path: Path) -> None:
    """A scenario with an unknown placeholder field fails to load, naming the scenario."""
    (tmp_path / "adversarial.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "id": "bad-placeholder",
                    "as": "ana",
                    "description": "Names a field patients lack.",
                    "sql": "SELECT '{{patient.1.password}}' AS p",
                    "expect": "ok",
                }
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="bad-placeholder"):
        load_scenarios(tmp_path)


# --- end to end ---------------------------------------------------------------------------------


def _dialects() -> tuple[str, ...]:
    return ("sqlite", "postgres") if postgres_answers() else ("sqlite",)


async def _run(tmp_path: Path, pattern: str, policy: Path | None = None) -> SuiteResult:
    options = Options(
        dialects=_dialects(), output=tmp_path / "out", pattern=pattern, policy=policy, **SMALL
    )
    return await run_suite(options)


SMOKE_SCENARIOS = (
    "benign/analyst-patients-by-state",
    "benign/clinician-chart-by-mrn",
    "adversarial/oracle-ssn-equality-clinician",
    "adversarial/launder-cast-mrn-text",
    "injection/inject-select-ssns",
    "discovery/discover-hidden-table-describe-analyst",
    "discovery/discover-tools-clinician",
    "access/access-request-stays-pending",
)


def test_smoke_run_passes(tmp_path: Path) -> None:
    """A handful of scenarios of every kind pass end to end through the command."""
    output = tmp_path / "out"
    result = CliRunner().invoke(
        evals_command,
        [
            "--output",
            str(output),
            "--patients",
            str(SMALL["patients"]),
            "--notes",
            str(SMALL["notes"]),
            "--dialect",
            "both" if len(_dialects()) == 2 else "sqlite",
            "--scenarios",
            ",".join(SMOKE_SCENARIOS),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "pass"
    assert report["totals"]["leaks"] == 0
    assert {run["kind"] for run in report["runs"]} == set(KIND_ORDER)
    assert report["totals"]["scenarios"] == len(SMOKE_SCENARIOS)
    assert "**Verdict: PASS**" in (output / "report.md").read_text(encoding="utf-8")


async def test_unmasked_column_is_reported(tmp_path: Path) -> None:
    """With the analyst's MRN mask turned off in a policy copy, the evals report MRN leaks."""
    policy = yaml.safe_load(DEMO_POLICY.read_text(encoding="utf-8"))
    policy["groups"]["analyst"]["treatment"]["mrn"] = "allow"
    loosened = tmp_path / "loosened.yaml"
    loosened.write_text(yaml.safe_dump(policy, sort_keys=False), encoding="utf-8")
    pattern = "analyst-pseudonymized-listing"

    control = await _run(tmp_path / "control", pattern)
    assert control.leak_count == 0
    assert control.ok

    result = await _run(tmp_path / "loosened", pattern, loosened)
    leaks = [leak for run in result.runs for leak in run.leaks]
    assert not result.ok
    assert {leak["kind"] for leak in leaks} == {"mrn"}
    assert {leak["layer"] for leak in leaks} == {"exact"}
    assert {leak["part"] for leak in leaks} == {"text", "structured"}
    assert all(leak["path"].startswith("rows[") for leak in leaks if leak["part"] == "structured")
    assert all(run.failures for run in result.runs)
