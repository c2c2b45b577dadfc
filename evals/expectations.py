"""The expected visibility of PHI: which canary kinds each principal may see raw.

``expectations.yaml`` states it per group of the demo policy, apart from the policy under
test. `Visibility` merges a principal's groups (a principal sees what any of its groups may)
and decides, canary by canary, whether an occurrence in the transcript is a leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from phigate.evals.canaries import KINDS, Canary, name_parts

__all__ = [
    "DEFAULT_EXPECTATIONS",
    "Expectations",
    "GroupExpectation",
    "Visibility",
    "load_expectations",
]

DEFAULT_EXPECTATIONS = "expectations.yaml"


def _check_kinds(kinds: Iterable[str]) -> None:
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; expected some of {', '.join(KINDS)}")


class GroupExpectation(BaseModel):
    """The canary kinds that one group may see raw."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    raw: list[str] = Field(default_factory=list)
    raw_in_notes: list[str] = Field(default_factory=list)
    partial: dict[str, Annotated[int, Field(ge=0, le=16)]] = Field(default_factory=dict)

    @field_validator("raw", "raw_in_notes")
    @classmethod
    def _known_kinds(cls, value: list[str]) -> list[str]:
        _check_kinds(value)
        return value

    @field_validator("partial")
    @classmethod
    def _partial_kinds(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - {"ssn", "phone"})
        if unknown:
            raise ValueError(f"partial supports ssn and phone only, got {unknown}")
        return value


class Expectations(BaseModel):
    """The expectations file: principals with their groups, and each group's visibility."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = 1
    principals: dict[str, Annotated[list[str], Field(min_length=1)]]
    groups: dict[str, GroupExpectation]

    def visibility(self, principal: str) -> Visibility:
        """Return the merged visibility of ``principal``'s groups.

        Raises:
            KeyError: the principal or one of its groups is not in the file.
        """
        groups = self.principals[principal]
        raw: set[str] = set()
        raw_in_notes: set[str] = set()
        partial: dict[str, int] = {}
        for name in groups:
            group = self.groups[name]
            raw.update(group.raw)
            raw_in_notes.update(group.raw_in_notes)
            for kind, kept in group.partial.items():
                partial[kind] = max(partial.get(kind, 0), kept)
        return Visibility(tuple(groups), frozenset(raw), frozenset(raw_in_notes), partial)


@dataclass(frozen=True)
class Visibility:
    """The canary kinds that one principal may see raw, merged over its groups."""

    groups: tuple[str, ...]
    raw: frozenset[str]
    raw_in_notes: frozenset[str]
    partial: dict[str, int]

    @classmethod
    def nothing(cls) -> Visibility:
        """Return a visibility under which every canary is hidden, for redacting report contexts."""
        return cls((), frozenset(), frozenset(), {})

    def kind_hidden(self, canary: Canary) -> bool:
        """Tell whether the canary's kind, from its origin, must not reach this principal raw."""
        allowed = self.raw if canary.origin == "column" else self.raw_in_notes
        return canary.kind not in allowed

    def allowed_keys(self, canaries: Iterable[Canary]) -> frozenset[str]:
        """Return the folded values this principal may see raw somewhere.

        A value allowed in one place is allowed everywhere: the evals cannot tell which cell a
        string came from, and the principal has the value anyway.
        """
        return frozenset(canary.key for canary in canaries if not self.kind_hidden(canary))

    def allowed_name_parts(self, canaries: Iterable[Canary]) -> frozenset[str]:
        """Return the name parts of every name this principal may see raw."""
        parts: set[str] = set()
        for canary in canaries:
            if canary.kind == "name" and not self.kind_hidden(canary):
                parts.update(name_parts(canary.value))
        return frozenset(parts)

    def is_hidden(self, canary: Canary, allowed_keys: frozenset[str]) -> bool:
        """Tell whether an occurrence of ``canary`` is a leak for this principal."""
        return self.kind_hidden(canary) and canary.key not in allowed_keys


def load_expectations(path: Path | None = None) -> Expectations:
    """Read the expectations file, by default the one shipped with the evals.

    Raises:
        ValueError: the file is not valid YAML, does not match the format, or names a group
            that it does not define.
    """
    if path is None:
        text = resources.files("phigate.evals").joinpath(DEFAULT_EXPECTATIONS).read_text("utf-8")
        where = f"phigate.evals/{DEFAULT_EXPECTATIONS}"
    else:
        text = path.read_text(encoding="utf-8")
        where = str(path)
    try:
        expectations = Expectations.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{where}: invalid expectations file: {error}") from None
    for principal, groups in expectations.principals.items():
        missing = [group for group in groups if group not in expectations.groups]
        if missing:
            raise ValueError(
                f"{where}: principals.{principal}: groups {missing} are not defined under 'groups'"
            )
    return expectations
