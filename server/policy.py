"""Policy files: who may read which tables and columns, and how each PHI column is treated.

A policy file has two parts. ``classification`` gives every column of every governed table a PHI
kind (``none`` for a column that holds no PHI). ``groups`` grants each group connections, tables
and columns, and says per PHI kind (or per column) whether a value is allowed, denied or masked.

A column that the classification does not list is treated as hidden: a new column added to the
database stays invisible until someone classifies it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from phigate.errors import ConfigError
from phigate.loading import load_model

__all__ = [
    "FREE_TEXT_OPERATORS",
    "Access",
    "ColumnRule",
    "GroupPolicy",
    "MaskSpec",
    "Operator",
    "PhiKind",
    "PolicyFile",
    "PolicySet",
    "RowLimit",
    "TableGrant",
    "load_policy",
]


class PhiKind(enum.StrEnum):
    """The kind of protected value in a column, after the HIPAA Safe Harbor identifiers."""

    NONE = "none"
    NAME = "name"
    DATE = "date"
    BIRTH_DATE = "birth_date"
    AGE = "age"
    SSN = "ssn"
    MRN = "mrn"
    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"
    ADDRESS = "address"
    CITY = "city"
    ZIP = "zip"
    ACCOUNT = "account"
    HEALTH_PLAN = "health_plan"
    LICENSE = "license"
    DEVICE = "device"
    VEHICLE = "vehicle"
    URL = "url"
    IP_ADDRESS = "ip_address"
    BIOMETRIC = "biometric"
    PHOTO = "photo"
    OTHER_ID = "other_id"
    FREE_TEXT = "free_text"


class Operator(enum.StrEnum):
    """A masking operator."""

    REDACT = "redact"
    PLACEHOLDER = "placeholder"
    PARTIAL = "partial"
    PSEUDONYM = "pseudonym"
    GENERALIZE = "generalize"
    FREE_TEXT = "free_text"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MaskSpec(_Strict):
    """The rewrite applied to a masked column's values before they reach the model.

    ``partial`` keeps ``keep_last`` (and ``keep_first``) characters and replaces the other letters
    and digits with ``mask_char``. ``generalize`` depends on the column's kind: a date becomes its
    year, an age of 90 or more becomes ``90+``, a ZIP code its first three digits (``000`` for the
    low-population prefixes). ``free_text`` replaces each identifier found in a note with a typed
    placeholder (``<PERSON>``) or, with ``replace_with: pseudonym``, a keyed pseudonym of its text.
    ``dates`` chooses how dates in free text are replaced: the placeholder, the year alone, or a
    keyed shift that keeps the written form (a shift is not Safe Harbor de-identification).
    """

    mask: Operator
    keep_last: Annotated[int, Field(ge=0, le=16)] = 4
    keep_first: Annotated[int, Field(ge=0, le=16)] = 0
    mask_char: Annotated[str, Field(min_length=1, max_length=1)] = "*"
    replace_with: Literal["placeholder", "pseudonym"] = "placeholder"
    dates: Literal["placeholder", "year", "shift"] = "placeholder"

    @model_validator(mode="after")
    def _options_match_operator(self) -> MaskSpec:
        for option, operator in _OPERATOR_OPTIONS.items():
            if option in self.model_fields_set and self.mask != operator:
                raise ValueError(
                    f"'{option}' applies only to {{mask: {operator.value}}}, and "
                    f"{{mask: {self.mask.value}}} would ignore it; remove '{option}' or change "
                    f"the mask to {operator.value}"
                )
        return self


# Options that only one operator reads. Written with another operator they would be ignored
# without a word, so the policy is rejected instead.
_OPERATOR_OPTIONS = {
    "keep_last": Operator.PARTIAL,
    "keep_first": Operator.PARTIAL,
    "mask_char": Operator.PARTIAL,
    "replace_with": Operator.FREE_TEXT,
    "dates": Operator.FREE_TEXT,
}

FREE_TEXT_OPERATORS = frozenset(
    {Operator.FREE_TEXT, Operator.REDACT, Operator.PLACEHOLDER, Operator.PSEUDONYM}
)
"""The operators a ``free_text`` column may have: each returns the masked note or a token."""

_FREE_TEXT_REJECTED = {
    Operator.PARTIAL: "keeps the first or last characters of the note",
    Operator.GENERALIZE: "has no rule for notes",
}


class Access(enum.StrEnum):
    """A treatment that is not a mask."""

    ALLOW = "allow"
    DENY = "deny"


ColumnRule = Access | MaskSpec
"""A group's treatment of one column: its value, nothing, or a masked value."""


def _rule_tag(value: Any) -> str | None:
    # A string can only be an Access and a mapping only a MaskSpec, so pydantic reports the
    # errors of that one member instead of both members' errors.
    if isinstance(value, str):
        return "Access"
    if isinstance(value, Mapping | MaskSpec):
        return "MaskSpec"
    return None


_ColumnRuleField = Annotated[
    Annotated[Access, Tag("Access")] | Annotated[MaskSpec, Tag("MaskSpec")],
    Discriminator(
        _rule_tag,
        custom_error_type="rule_type",
        custom_error_message="expected allow, deny or a mask such as {mask: redact}",
    ),
]


class RowLimit(_Strict):
    """How many rows a query returns: ``default`` when the SQL has no LIMIT, never more than
    ``maximum``."""

    default: Annotated[int, Field(ge=1)] = 100
    maximum: Annotated[int, Field(ge=1)] = 1000

    @model_validator(mode="after")
    def _default_within_maximum(self) -> RowLimit:
        if self.default > self.maximum:
            raise ValueError(f"default ({self.default}) must not exceed maximum ({self.maximum})")
        return self


class TableGrant(_Strict):
    """Access to one table: every classified column, or the listed ones."""

    columns: Literal["all"] | list[str] = "all"
    require_approval: bool = False


class GroupPolicy(_Strict):
    """The tables, columns and treatments granted to the members of one group."""

    description: str = ""
    connections: list[str]
    tables: dict[str, TableGrant]
    treatment: dict[PhiKind, _ColumnRuleField] = Field(default_factory=dict)
    default_treatment: _ColumnRuleField = MaskSpec(mask=Operator.REDACT)
    columns: dict[str, _ColumnRuleField] = Field(default_factory=dict)
    filterable: list[str] = Field(default_factory=list)
    row_limit: RowLimit = RowLimit()
    min_group_size: Annotated[int, Field(ge=0, le=1000)] = 0

    @field_validator("tables", mode="before")
    @classmethod
    def _empty_grant(cls, value: Any) -> Any:
        # ``patients:`` with nothing after it reads as null in YAML: grant every column.
        if isinstance(value, Mapping):
            return {name: ({} if grant is None else grant) for name, grant in value.items()}
        return value

    @field_validator("columns", "filterable", mode="after")
    @classmethod
    def _qualified_names(cls, value: Any) -> Any:
        names = value.keys() if isinstance(value, dict) else value
        for name in names:
            if name.count(".") != 1 or not all(name.split(".")):
                raise ValueError(f"expected 'table.column', got {name!r}")
        return value


class PolicyFile(_Strict):
    """One policy file."""

    version: Literal[1] = 1
    description: str = ""
    classification: dict[str, dict[str, PhiKind]]
    groups: dict[str, GroupPolicy]

    @model_validator(mode="after")
    def _grants_name_classified_objects(self) -> PolicyFile:
        for group_name, group in self.groups.items():
            for table, grant in group.tables.items():
                if table not in self.classification:
                    raise ValueError(
                        f"groups.{group_name}.tables.{table}: table {table!r} has no entry under "
                        "'classification'; classify its columns first"
                    )
                if isinstance(grant.columns, list):
                    for column in grant.columns:
                        if column not in self.classification[table]:
                            raise ValueError(
                                f"groups.{group_name}.tables.{table}.columns: column {column!r} is "
                                f"not classified under classification.{table}"
                            )
            for qualified in [*group.columns, *group.filterable]:
                table, column = qualified.split(".")
                if column not in self.classification.get(table, {}):
                    raise ValueError(
                        f"groups.{group_name}: {qualified!r} is not a classified column"
                    )
        return self

    @model_validator(mode="after")
    def _rules_fit_kinds(self) -> PolicyFile:
        for group_name, group in self.groups.items():
            problem = rule_problem(group_name, group, self.classification)
            if problem is not None:
                raise ValueError(problem)
        return self


def rule_problem(
    group_name: str, group: GroupPolicy, classification: Mapping[str, Mapping[str, PhiKind]]
) -> str | None:
    """Return why one of the group's rules does not fit the kind of a column it applies to.

    ``{mask: free_text}`` fits only ``free_text`` columns, and a ``free_text`` column takes
    only the ``FREE_TEXT_OPERATORS``. A rule under ``treatment`` or ``columns`` is checked
    against its kind, and ``default_treatment`` against each granted column it applies to.
    Returns None when every rule fits.
    """
    for kind, rule in group.treatment.items():
        problem = _kind_problem(rule, kind)
        if problem is not None:
            return f"groups.{group_name}.treatment.{kind.value}: {problem}"
    for qualified, rule in group.columns.items():
        table, column = qualified.split(".")
        column_kind = classification.get(table, {}).get(column)
        problem = None if column_kind is None else _kind_problem(rule, column_kind)
        if problem is not None:
            return f"groups.{group_name}.columns.{qualified}: {problem}"
    for table, grant in group.tables.items():
        classified = classification.get(table, {})
        names = list(classified) if grant.columns == "all" else grant.columns
        for column in names:
            granted_kind = classified.get(column)
            if (
                granted_kind is None
                or granted_kind == PhiKind.NONE
                or granted_kind in group.treatment
                or f"{table}.{column}" in group.columns
            ):
                continue
            problem = _kind_problem(group.default_treatment, granted_kind)
            if problem is not None:
                kind_name = granted_kind.value
                return (
                    f"groups.{group_name}.default_treatment: {problem}. It applies to "
                    f"{table}.{column} ({kind_name}) because 'treatment' has no entry for "
                    f"{kind_name}; add treatment.{kind_name} or change default_treatment"
                )
    return None


def _kind_problem(rule: ColumnRule, kind: PhiKind) -> str | None:
    if not isinstance(rule, MaskSpec):
        return None
    if kind == PhiKind.FREE_TEXT and rule.mask not in FREE_TEXT_OPERATORS:
        reason = _FREE_TEXT_REJECTED.get(rule.mask, "is not for notes")
        return (
            f"{{mask: {rule.mask.value}}} does not apply to free_text columns, because it "
            f"{reason}; use {{mask: free_text}} to mask the identifiers in the note, or "
            "{mask: redact} to hide it"
        )
    if kind != PhiKind.FREE_TEXT and rule.mask == Operator.FREE_TEXT:
        return (
            f"{{mask: free_text}} applies only to free_text columns, not to {kind.value} "
            "values; choose another mask, or classify the column as free_text"
        )
    return None


@dataclass(frozen=True)
class ResolvedColumn:
    """One column in a principal's view."""

    table: str
    name: str
    kind: PhiKind
    rule: ColumnRule
    filterable: bool

    @property
    def masked(self) -> bool:
        return isinstance(self.rule, MaskSpec)


@dataclass(frozen=True)
class ResolvedTable:
    """One table in a principal's view, with only the columns it may read."""

    name: str
    columns: dict[str, ResolvedColumn]
    require_approval: bool


@dataclass(frozen=True)
class Grants:
    """The merged permissions of a principal's groups on one connection."""

    groups: tuple[str, ...]
    connection: str
    tables: dict[str, ResolvedTable] = field(default_factory=dict)
    row_limit: RowLimit = field(default_factory=RowLimit)
    min_group_size: int = 0

    def table(self, name: str) -> ResolvedTable | None:
        return self.tables.get(name)


_PERMISSIVENESS = {Access.DENY: 0, Access.ALLOW: 2}


def _rank(rule: ColumnRule) -> int:
    return _PERMISSIVENESS[rule] if isinstance(rule, Access) else 1


@dataclass(frozen=True)
class PolicySet:
    """Every loaded policy file, merged; the source of each principal's grants."""

    classification: dict[str, dict[str, PhiKind]]
    groups: dict[str, GroupPolicy]
    sources: tuple[Path, ...] = ()

    @classmethod
    def from_files(cls, files: Iterable[tuple[Path, PolicyFile]]) -> PolicySet:
        classification: dict[str, dict[str, PhiKind]] = {}
        groups: dict[str, GroupPolicy] = {}
        group_sources: dict[str, Path] = {}
        sources: list[Path] = []
        for path, policy in files:
            sources.append(path)
            for table, columns in policy.classification.items():
                merged = classification.setdefault(table, {})
                for column, kind in columns.items():
                    if merged.get(column, kind) != kind:
                        raise ConfigError(
                            f"{path}: classification.{table}.{column}: classified as "
                            f"{kind.value!r} here and as {merged[column].value!r} in an earlier "
                            "policy file"
                        )
                    merged[column] = kind
            for name, group in policy.groups.items():
                if name in groups:
                    raise ConfigError(
                        f"{path}: groups.{name}: group {name!r} is defined in two policy files"
                    )
                groups[name] = group
                group_sources[name] = path
        # Each file checked its own classification. A column that another file classifies is
        # checked here, against the merged classification.
        for name, group in groups.items():
            problem = rule_problem(name, group, classification)
            if problem is not None:
                raise ConfigError(f"{group_sources[name]}: {problem}")
        return cls(classification, groups, tuple(sources))

    def grants(self, groups: Iterable[str], connection: str) -> Grants:
        """Merge the grants of ``groups`` on ``connection``.

        A table is visible when any group grants it. Where groups treat a column differently,
        the most permissive rule wins (allow, then a mask, then deny), because a principal in two
        groups may do what either group may do. For two different masks the first group listed
        wins. The largest minimum group size applies, so no group's suppression is lost.
        """
        names = tuple(groups)
        tables: dict[str, ResolvedTable] = {}
        row_default = 0
        row_maximum = 0
        min_group_size = 0
        for group_name in names:
            group = self.groups[group_name]
            if connection not in group.connections:
                continue
            row_default = max(row_default, group.row_limit.default)
            row_maximum = max(row_maximum, group.row_limit.maximum)
            min_group_size = max(min_group_size, group.min_group_size)
            for table_name, grant in group.tables.items():
                columns = self._granted_columns(group, table_name, grant)
                tables[table_name] = self._merge(tables.get(table_name), table_name, grant, columns)
        if not tables:
            return Grants(names, connection)
        limit = RowLimit(default=row_default, maximum=row_maximum)
        return Grants(names, connection, tables, limit, min_group_size)

    def _granted_columns(
        self, group: GroupPolicy, table: str, grant: TableGrant
    ) -> dict[str, ResolvedColumn]:
        classified = self.classification.get(table, {})
        names = list(classified) if grant.columns == "all" else grant.columns
        columns: dict[str, ResolvedColumn] = {}
        for name in names:
            kind = classified[name]
            rule = self._rule(group, table, name, kind)
            if rule == Access.DENY:
                continue
            filterable = rule == Access.ALLOW or f"{table}.{name}" in group.filterable
            columns[name] = ResolvedColumn(table, name, kind, rule, filterable)
        return columns

    @staticmethod
    def _rule(group: GroupPolicy, table: str, column: str, kind: PhiKind) -> ColumnRule:
        explicit = group.columns.get(f"{table}.{column}")
        if explicit is not None:
            return explicit
        if kind == PhiKind.NONE:
            return Access.ALLOW
        return group.treatment.get(kind, group.default_treatment)

    @staticmethod
    def _merge(
        existing: ResolvedTable | None,
        table: str,
        grant: TableGrant,
        columns: dict[str, ResolvedColumn],
    ) -> ResolvedTable:
        if existing is None:
            return ResolvedTable(table, columns, grant.require_approval)
        merged = dict(existing.columns)
        for name, column in columns.items():
            current = merged.get(name)
            if current is None or _rank(column.rule) > _rank(current.rule):
                merged[name] = column
            elif current.masked and column.filterable and not current.filterable:
                merged[name] = ResolvedColumn(
                    table, name, current.kind, current.rule, filterable=True
                )
        approval = existing.require_approval and grant.require_approval
        return ResolvedTable(table, merged, approval)


def load_policy(path: Path) -> PolicyFile:
    """Read and validate one policy file.

    Raises:
        ConfigError: the file is missing, is not YAML, or does not match the policy format.
    """
    return load_model(path, PolicyFile, what="policy file")
