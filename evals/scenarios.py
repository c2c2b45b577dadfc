"""Scenario files: tool calls to run as a principal, each with the outcome it must have.

A scenario file is a YAML list under ``scenarios/``; its name (without ``.yaml``) is the
kind of every scenario in it. A scenario runs as one principal and has one or more steps.
A step is one tool call with its expectation:

.. code-block:: yaml

    - id: analyst-cohort-by-state
      as: ana
      description: Count patients per state.
      sql: SELECT state, count(*) AS n FROM patients GROUP BY state
      expect: ok
      min_rows: 2

``sql``, ``purpose``, ``table`` and ``connection`` are shorthands for the same keys under
``arguments``; ``tool`` defaults to ``query``. A scenario with ``pair`` runs two steps and
expects (``expect: indistinguishable``) that their responses are equal once the strings that
differ between the two calls are replaced by the same placeholder. Strings in arguments may
hold placeholders filled from the data set: ``{{patient.1.ssn}}``, ``{{provider.2.npi}}``,
a same-shaped value that belongs to nobody, ``{{wrong.patient.1.ssn}}``, one character of a
value, ``{{patient.1.ssn:0}}``, and the note id of a planted note, ``{{planted.KEY}}``. A
filter after ``|`` rewrites the value: ``{{patient.1.ssn|digits}}`` gives the digits alone, and
``upper`` and ``lower`` change the case. See ``docs/evals.md`` for every key.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from phigate.demo.data import TABLE_COLUMNS, Dataset

__all__ = [
    "DIALECTS",
    "KIND_ORDER",
    "LIST_TOOLS",
    "FilledStep",
    "PlantSpec",
    "Scenario",
    "ScenarioSpec",
    "StepSpec",
    "Templates",
    "check_placeholder",
    "default_scenario_folder",
    "load_scenarios",
    "placeholders",
]

DIALECTS: tuple[str, ...] = ("sqlite", "postgres")
KIND_ORDER: tuple[str, ...] = ("benign", "adversarial", "injection", "discovery", "access")
"""The scenario files shipped with the evals, in the order the report lists them."""

Dialect = Literal["sqlite", "postgres"]

_PLACEHOLDER = re.compile(
    r"\{\{\s*([a-z_]+(?:\.[A-Za-z0-9_]+)*(?::\d+)?)\s*(?:\|\s*([a-z]+)\s*)?\}\}"
)
_FILTERS: dict[str, Callable[[str], str]] = {
    "digits": lambda value: re.sub(r"\D", "", value),
    "upper": str.upper,
    "lower": str.lower,
}
LIST_TOOLS = "tools/list"
"""The pseudo-tool of a step that records the server's tool list and instructions."""
_SHORTHANDS = ("sql", "purpose", "table", "connection")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class StepSpec(_Strict):
    """One tool call and its expected outcome.

    ``expect`` is ``ok`` (the call succeeds), ``rejected`` (a tool error; ``rule`` lists the
    acceptable rule ids as shell-style patterns such as ``database.*``) or ``any`` (only the
    leak check applies). The other keys add checks on a successful result. ``tool`` is a tool
    name, or ``tools/list`` for the tool list and instructions the session starts with.
    """

    tool: str = "query"
    arguments: dict[str, Any] = Field(default_factory=dict)
    expect: Literal["ok", "rejected", "any"]
    rule: list[str] = Field(default_factory=list)
    min_rows: Annotated[int, Field(ge=0)] | None = None
    max_rows: Annotated[int, Field(ge=0)] | None = None
    masked: list[str] = Field(default_factory=list)
    unmasked: list[str] = Field(default_factory=list)
    values: dict[str, str] = Field(default_factory=dict)
    tables: list[str] | None = None
    tool_names: list[str] | None = None
    columns: list[str] | None = None
    text_matches: list[str] = Field(default_factory=list)
    text_excludes: list[str] = Field(default_factory=list)
    status: str | None = None
    truncated: bool | None = None
    max_seconds: Annotated[float, Field(gt=0)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthands(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        arguments = dict(data.get("arguments") or {})
        for key in _SHORTHANDS:
            if key in data:
                arguments[key] = data.pop(key)
        data["arguments"] = arguments
        if isinstance(data.get("rule"), str):
            data["rule"] = [data["rule"]]
        return data

    @model_validator(mode="after")
    def _rule_needs_rejection(self) -> StepSpec:
        if self.rule and self.expect == "ok":
            raise ValueError("'rule' applies to 'expect: rejected' or 'expect: any'")
        for pattern in [*self.text_matches, *self.text_excludes, *self.values.values()]:
            _compile(pattern)
        return self


def _all_dialects() -> list[Dialect]:
    return ["sqlite", "postgres"]


class PlantSpec(_Strict):
    """A note the evals insert into the database before serving it, for injection tests."""

    key: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    patient: Annotated[int, Field(ge=1)] = 1
    note_type: str = "progress note"
    text: Annotated[str, Field(min_length=1)]


_STEP_KEYS = frozenset(StepSpec.model_fields) | frozenset(_SHORTHANDS)


class ScenarioSpec(_Strict):
    """A scenario as written in a scenario file."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    principal: str = Field(alias="as")
    description: Annotated[str, Field(min_length=1)]
    dialects: list[Dialect] = Field(default_factory=_all_dialects)
    steps: Annotated[list[StepSpec], Field(min_length=1)]
    expect: Literal["indistinguishable"] | None = None
    neutralize: list[str] = Field(default_factory=list)
    neutralize_patterns: list[str] = Field(default_factory=list)
    plant: list[PlantSpec] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _gather_steps(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "pair" in data:
            if "steps" in data:
                raise ValueError("give either 'pair' or 'steps', not both")
            pair = data.pop("pair")
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("'pair' must list exactly two steps")
            # A pair step's own outcome is not checked unless it says so.
            data["steps"] = [{"expect": "any", **step} for step in pair]
            if data.get("expect") != "indistinguishable":
                raise ValueError("a scenario with 'pair' needs 'expect: indistinguishable'")
            return data
        if "steps" not in data:
            step = {key: data.pop(key) for key in list(data) if key in _STEP_KEYS}
            data["steps"] = [step]
        return data

    @model_validator(mode="after")
    def _check_pair_and_placeholders(self) -> ScenarioSpec:
        if self.expect == "indistinguishable" and len(self.steps) != 2:
            raise ValueError("'expect: indistinguishable' compares exactly two steps")
        for pattern in self.neutralize_patterns:
            _compile(pattern)
        for step in self.steps:
            for name in placeholders(step.arguments):
                check_placeholder(name)
        for plant in self.plant:
            for name in placeholders(plant.text):
                if name.startswith("planted."):
                    raise ValueError(f"planted note {plant.key!r}: a note cannot name {name!r}")
                check_placeholder(name)
        return self

    def planted_keys(self) -> set[str]:
        """Return the keys of the planted notes this scenario's arguments name."""
        keys = set()
        for step in self.steps:
            for name in placeholders(step.arguments):
                if name.startswith("planted."):
                    keys.add(name.split("|")[0].partition(":")[0].removeprefix("planted."))
        return keys


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(f"invalid regular expression {pattern!r}: {error}") from None


def placeholders(value: Any) -> list[str]:
    """Return the placeholders in strings nested in ``value``, as ``Templates.value`` takes them.

    A placeholder with a filter comes back as ``name|filter``.
    """
    if isinstance(value, str):
        return [
            f"{match.group(1)}|{match.group(2)}" if match.group(2) else match.group(1)
            for match in _PLACEHOLDER.finditer(value)
        ]
    if isinstance(value, dict):
        return [name for item in value.values() for name in placeholders(item)]
    if isinstance(value, list):
        return [name for item in value for name in placeholders(item)]
    return []


def check_placeholder(name: str) -> None:
    """Check that a placeholder is well formed; a record number is checked only when filled.

    Raises:
        ValueError: the placeholder names an unknown record type, field or filter.
    """
    name, _, filter_name = name.partition("|")
    if filter_name and filter_name not in _FILTERS:
        raise ValueError(
            f"placeholder {name}|{filter_name}: unknown filter; use one of {', '.join(_FILTERS)}"
        )
    name = name.partition(":")[0]
    parts = name.split(".")
    if parts[0] == "planted" and len(parts) == 2:
        return
    if parts[0] == "wrong":
        parts = parts[1:]
    fields = {"patient": _PATIENT_FIELDS, "provider": _PROVIDER_FIELDS}
    if (
        len(parts) != 3
        or parts[0] not in fields
        or not parts[1].isdigit()
        or parts[2] not in (*fields[parts[0]], "full_name")
    ):
        raise ValueError(
            f"placeholder {name!r} is invalid; expected patient.N.FIELD, provider.N.FIELD, "
            "wrong.patient.N.FIELD or planted.KEY"
        )


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario with its kind (the file it came from)."""

    kind: str
    spec: ScenarioSpec
    file: str

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class FilledStep:
    """A step with its placeholders filled, and the values that went in."""

    spec: StepSpec
    arguments: dict[str, Any]
    substituted: tuple[str, ...]


def default_scenario_folder() -> Path:
    """Return the folder of the scenario files shipped with the evals.

    The folder is found from this module's real path rather than through
    ``importlib.resources``: a strict editable install links the package's files one by one,
    so a scenario file added after the install would be missing from the linked folder.
    """
    return Path(__file__).resolve().parent / "scenarios"


def _scenario_files(folder: Path | None) -> list[tuple[str, Path]]:
    root = folder if folder is not None else default_scenario_folder()
    files = [(path.stem, path) for path in root.glob("*.yaml")]
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(files, key=lambda pair: (order.get(pair[0], len(order)), pair[0]))


def load_scenarios(
    folder: Path | None = None,
    *,
    pattern: str | None = None,
    principals: Iterable[str] = (),
) -> list[Scenario]:
    """Load the scenario files, by default the ones shipped with the evals.

    Args:
        folder: a folder of ``*.yaml`` scenario files in place of the shipped ones.
        pattern: keep only scenarios whose id or ``kind/id`` matches this shell-style
            pattern (``adversarial/*``, ``*oracle*``), or one of several separated by commas.
        principals: the principals the expectations define; a scenario naming another one
            is invalid.

    Raises:
        ValueError: a file is not valid YAML or not a list of scenarios, a scenario is
            invalid, or two scenarios share an id.
    """
    known = set(principals)
    scenarios: list[Scenario] = []
    seen: dict[str, str] = {}
    for kind, item in _scenario_files(folder):
        name = f"scenarios/{item.name}"
        try:
            data = yaml.safe_load(item.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ValueError(f"{name}: invalid YAML: {error}") from None
        if not isinstance(data, list):
            raise ValueError(f"{name}: expected a list of scenarios, got {type(data).__name__}")
        for index, entry in enumerate(data):
            try:
                spec = ScenarioSpec.model_validate(entry)
            except ValidationError as error:
                label = entry.get("id", index) if isinstance(entry, dict) else index
                raise ValueError(f"{name}: scenario {label}: {error}") from None
            if spec.id in seen:
                raise ValueError(f"{name}: scenario id {spec.id!r} is also used in {seen[spec.id]}")
            if known and spec.principal not in known:
                raise ValueError(
                    f"{name}: scenario {spec.id}: principal {spec.principal!r} is not defined "
                    f"in the expectations ({', '.join(sorted(known))})"
                )
            seen[spec.id] = name
            scenarios.append(Scenario(kind, spec, name))
    _check_planted_keys(scenarios)
    if pattern is not None:
        patterns = [part.strip() for part in pattern.split(",") if part.strip()]
        scenarios = [
            scenario
            for scenario in scenarios
            if any(
                fnmatch.fnmatchcase(scenario.id, part)
                or fnmatch.fnmatchcase(f"{scenario.kind}/{scenario.id}", part)
                for part in patterns
            )
        ]
    return scenarios


def _check_planted_keys(scenarios: list[Scenario]) -> None:
    # A scenario names only the notes it plants, so a run of some scenarios plants what they read.
    planted: dict[str, str] = {}
    for scenario in scenarios:
        for plant in scenario.spec.plant:
            if plant.key in planted:
                raise ValueError(
                    f"{scenario.file}: scenario {scenario.id}: planted note key {plant.key!r} "
                    f"is also used by {planted[plant.key]}"
                )
            planted[plant.key] = scenario.id
        own = {plant.key for plant in scenario.spec.plant}
        missing = sorted(scenario.spec.planted_keys() - own)
        if missing:
            raise ValueError(
                f"{scenario.file}: scenario {scenario.id}: names planted notes {missing} that "
                "it does not plant itself"
            )


# --- placeholders ---------------------------------------------------------------------------

# Row tuples follow the generator's column order, so placeholders name the same fields.
_PATIENT_FIELDS = TABLE_COLUMNS["patients"]
_PROVIDER_FIELDS = TABLE_COLUMNS["providers"]


@dataclass
class Templates:
    """Values for the placeholders of scenario arguments, taken from one data set.

    Args:
        dataset: the data set the databases hold.
        planted: the note id of each planted note, by key.
    """

    dataset: Dataset
    planted: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._records: dict[str, dict[int, dict[str, str]]] = {
            "patient": _records(self.dataset.patients, _PATIENT_FIELDS),
            "provider": _records(self.dataset.providers, _PROVIDER_FIELDS),
        }
        for records in self._records.values():
            for record in records.values():
                record["full_name"] = f"{record['first_name']} {record['last_name']}"

    def value(self, name: str) -> str:
        """Return the value of one placeholder, such as ``patient.1.ssn``.

        ``patient.1.ssn:0`` is the value's first character, and ``wrong.patient.1.ssn:0``
        another character of the same class (a digit for a digit).

        Raises:
            KeyError: the placeholder names no record or field, or an unknown filter.
        """
        name, _, filter_name = name.partition("|")
        if filter_name:
            return _FILTERS[filter_name](self.value(name))
        name, _, index = name.partition(":")
        if index:
            full = self.value(name.removeprefix("wrong."))
            char = full[int(index)]
            return _shift(char, 1, letters=True) if name.startswith("wrong.") else char
        parts = name.split(".")
        if parts[0] == "planted" and len(parts) == 2:
            return str(self.planted[parts[1]])
        wrong = parts[0] == "wrong"
        if wrong:
            parts = parts[1:]
        if len(parts) != 3 or parts[0] not in self._records:
            raise KeyError(name)
        records = self._records[parts[0]]
        record = records[int(parts[1])]
        value = record[parts[2]]
        if not wrong:
            return value
        taken = {other[parts[2]] for other in records.values()}
        return _wrong_value(value, taken)

    def fill(self, value: Any, substituted: list[str]) -> Any:
        """Fill every placeholder in strings nested in ``value``, recording what went in.

        Raises:
            KeyError: a placeholder names no record or field.
        """
        if isinstance(value, str):

            def replace(match: re.Match[str]) -> str:
                name = match.group(1)
                if match.group(2):
                    name = f"{name}|{match.group(2)}"
                filled = self.value(name)
                substituted.append(filled)
                return filled

            return _PLACEHOLDER.sub(replace, value)
        if isinstance(value, dict):
            return {key: self.fill(item, substituted) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item, substituted) for item in value]
        return value

    def fill_step(self, step: StepSpec) -> FilledStep:
        """Fill the placeholders of one step's arguments."""
        substituted: list[str] = []
        arguments = self.fill(step.arguments, substituted)
        return FilledStep(step, arguments, tuple(substituted))


def _records(rows: list[Any], fields: tuple[str, ...]) -> dict[int, dict[str, str]]:
    records = {}
    for row in rows:
        record = {name: _text(value) for name, value in zip(fields, row, strict=True)}
        records[int(row[0])] = record
    return records


def _text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _wrong_value(value: str, taken: set[str]) -> str:
    """Return a value shaped like ``value`` (same length and format) that nobody has."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None:
        # A shifted date stays a valid date, so the database treats both guesses alike.
        for offset in range(1, 400):
            candidate = (day + timedelta(days=offset)).isoformat()
            if candidate not in taken:
                return candidate
    # A value with digits keeps its letters ("MRN" stays), so only the number changes.
    letters = not any(char.isdigit() for char in value)
    for shift in range(1, 10):
        candidate = "".join(_shift(char, shift, letters=letters) for char in value)
        if candidate not in taken and candidate != value:
            return candidate
    raise ValueError("no wrong value of the same shape is free")


def _shift(char: str, shift: int, *, letters: bool) -> str:
    if char.isdigit():
        return str((int(char) + shift) % 10)
    if not letters:
        return char
    if "a" <= char <= "z":
        return chr((ord(char) - ord("a") + shift) % 26 + ord("a"))
    if "A" <= char <= "Z":
        return chr((ord(char) - ord("A") + shift) % 26 + ord("A"))
    return char
