"""The config file: connections, policy files, the audit store, the masking key and principals.

Secrets never sit in the file. A PostgreSQL DSN and the masking key come from an environment
variable or a file that the config names. Relative paths are resolved against the folder of the
config file, so a config works from any working directory.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from phigate.errors import ConfigError
from phigate.loading import load_model
from phigate.policy import PolicySet, load_policy

__all__ = [
    "AuditConfig",
    "Config",
    "ConfigFile",
    "Limits",
    "MaskingConfig",
    "PostgresConnection",
    "PrincipalConfig",
    "SecretSource",
    "SqliteConnection",
    "load_config",
]

MIN_KEY_BYTES = 32

# re's own parser (CPython 3.11+) gives a pattern's minimum match length, which no public API
# does. phigate.masking.prefilter reads patterns with it too.
_re_parser: Any = importlib.import_module("re._parser")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SecretSource(_Strict):
    """The source of a secret: an environment variable or a file, never the config itself."""

    env: str | None = None
    file: Path | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> SecretSource:
        if (self.env is None) == (self.file is None):
            raise ValueError("set exactly one of 'env' (a variable name) or 'file' (a path)")
        return self

    def read(self, base: Path, *, what: str) -> str:
        """Return the secret's text, stripped of surrounding white space.

        Raises:
            ConfigError: the variable is unset or empty, or the file is missing, empty or not
                UTF-8 text.
        """
        secret = self.read_bytes(base, what=what)
        try:
            return secret.decode("utf-8")
        except UnicodeDecodeError:
            assert self.file is not None  # an environment variable is always text
            raise ConfigError(
                f"{what}: {self._path(base)} is not UTF-8 text; write the secret as text"
            ) from None

    def read_bytes(self, base: Path, *, what: str) -> bytes:
        """Return the secret's bytes.

        A variable, and a file of UTF-8 text, are stripped of surrounding white space and
        encoded as UTF-8. Any other file is binary and is returned as it is.
        """
        if self.env is not None:
            value = os.environ.get(self.env)
            if not value or not value.strip():
                raise ConfigError(f"{what}: environment variable {self.env} is not set or empty")
            return value.strip().encode("utf-8")
        path = self._path(base)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ConfigError(f"{what}: cannot read {path}: {error.strerror}") from None
        try:
            secret = data.decode("utf-8").strip().encode("utf-8")
        except UnicodeDecodeError:
            secret = data
        if not secret:
            raise ConfigError(f"{what}: {path} is empty")
        return secret

    def _path(self, base: Path) -> Path:
        assert self.file is not None
        return self.file if self.file.is_absolute() else base / self.file


class SqliteConnection(_Strict):
    """An embedded SQLite database file, opened read-only."""

    dialect: Literal["sqlite"]
    path: Path
    statement_timeout_ms: Annotated[int, Field(ge=10, le=600_000)] = 5000


class PostgresConnection(_Strict):
    """A PostgreSQL database reached through an asyncpg pool."""

    dialect: Literal["postgres"]
    dsn: SecretSource
    schema_name: str = Field(default="public", alias="schema")
    statement_timeout_ms: Annotated[int, Field(ge=10, le=600_000)] = 5000
    pool_min_size: Annotated[int, Field(ge=0, le=100)] = 1
    pool_max_size: Annotated[int, Field(ge=1, le=100)] = 5
    allow_privileged_role: bool = False

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Connection = Annotated[SqliteConnection | PostgresConnection, Field(discriminator="dialect")]


class AuditConfig(_Strict):
    """The SQLite audit store."""

    path: Path


def _check_mrn_pattern(source: str) -> str:
    try:
        pattern = re.compile(source)
    except re.error as error:
        where = "" if error.pos is None else f" at position {error.pos}"
        raise ValueError(
            f"invalid regular expression: {error.msg}{where}; fix the pattern (Python re "
            "syntax), and write it in single quotes in YAML so that backslashes stay as written"
        ) from None
    minimum, _ = _re_parser.parse(pattern.pattern, pattern.flags).getwidth()
    if minimum == 0:
        raise ValueError(
            "the pattern can match the empty string, so it would match at every position of "
            "every note; make it require at least one character (for example + instead of *)"
        )
    return source


MrnPattern = Annotated[str, AfterValidator(_check_mrn_pattern)]


class MaskingConfig(_Strict):
    """The key behind keyed pseudonyms (HMAC-SHA256, at least 32 bytes) and free-text settings.

    ``mrn_patterns`` are regular expressions for the site's MRN formats in notes, searched in
    addition to the built-in ``MRN 1234567`` forms. The MRN is group ``id`` if the pattern names
    one, else group 1 if it has groups, else the whole match.

    ``ner_model`` adds a spaCy pipeline as one more detector: the name of an installed model
    package, or the folder of a saved pipeline (a value with a slash, or starting with a dot or
    ``~``, relative to the config file's folder).
    """

    key: SecretSource
    mrn_patterns: Annotated[list[MrnPattern], Field(min_length=1)] | None = None
    ner_model: Annotated[str, Field(min_length=1)] | None = None


class PrincipalConfig(_Strict):
    """A local principal for stdio sessions."""

    groups: Annotated[list[str], Field(min_length=1)]
    description: str = ""


class Limits(_Strict):
    """Caps on one query result, applied after the policy's row limit."""

    max_bytes: Annotated[int, Field(ge=1024)] = 1_000_000
    max_cells: Annotated[int, Field(ge=1)] = 50_000
    max_cell_chars: Annotated[int, Field(ge=16)] = 20_000


class ConfigFile(_Strict):
    """The config file as written."""

    connections: Annotated[dict[str, Connection], Field(min_length=1)]
    default_connection: str | None = None
    policies: Annotated[list[Path], Field(min_length=1)]
    audit: AuditConfig
    masking: MaskingConfig
    principals: Annotated[dict[str, PrincipalConfig], Field(min_length=1)]
    default_principal: str | None = None
    limits: Limits = Limits()

    @model_validator(mode="after")
    def _references(self) -> ConfigFile:
        if self.default_connection is not None and self.default_connection not in self.connections:
            raise ValueError(
                f"default_connection: {self.default_connection!r} is not one of the connections "
                f"({', '.join(sorted(self.connections))})"
            )
        if self.default_principal is not None and self.default_principal not in self.principals:
            raise ValueError(
                f"default_principal: {self.default_principal!r} is not one of the principals "
                f"({', '.join(sorted(self.principals))})"
            )
        return self


@dataclass(frozen=True)
class Config:
    """A validated config with its policy files loaded and its paths made absolute."""

    path: Path
    file: ConfigFile
    policy: PolicySet

    @property
    def base(self) -> Path:
        return self.path.parent

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.base / path).resolve()

    @property
    def audit_path(self) -> Path:
        return self.resolve(self.file.audit.path)

    @property
    def default_connection(self) -> str:
        if self.file.default_connection is not None:
            return self.file.default_connection
        return next(iter(self.file.connections))

    def ner_model(self) -> str | Path | None:
        """Return ``masking.ner_model`` as a package name, or as an absolute folder path."""
        model = self.file.masking.ner_model
        if model is None:
            return None
        if "/" in model or "\\" in model or model.startswith((".", "~")):
            return self.resolve(Path(model).expanduser())
        return model

    def masking_key(self) -> bytes:
        """Read the masking key: text, or the bytes of a binary file; at least 32 bytes."""
        key = self.file.masking.key.read_bytes(self.base, what=f"{self.path}: masking.key")
        if len(key) < MIN_KEY_BYTES:
            raise ConfigError(
                f"{self.path}: masking.key: the key is {len(key)} bytes; use at least "
                f"{MIN_KEY_BYTES} random bytes, for example the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
        return key

    def sqlite_path(self, connection: SqliteConnection) -> Path:
        return self.resolve(connection.path)

    def in_file(self, error: ConfigError) -> ConfigError:
        """Return ``error`` with the config file's path in front, unless it names it already."""
        text = str(error)
        return error if text.startswith(str(self.path)) else ConfigError(f"{self.path}: {text}")


def load_config(path: Path) -> Config:
    """Read the config file and every policy file it names, and check their references.

    Raises:
        ConfigError: a file is missing or invalid, or a name refers to nothing.
    """
    path = path.resolve()
    file = load_model(path, ConfigFile, what="config file")
    policies = []
    for index, policy_path in enumerate(file.policies):
        absolute = policy_path if policy_path.is_absolute() else (path.parent / policy_path)
        if not absolute.exists():
            raise ConfigError(f"{path}: policies.{index}: policy file {absolute} not found")
        policies.append((absolute.resolve(), load_policy(absolute)))
    policy = PolicySet.from_files(policies)
    _check_references(path, file, policy)

    return Config(path, file, policy)


def _check_references(path: Path, file: ConfigFile, policy: PolicySet) -> None:
    for name, principal in file.principals.items():
        for group in principal.groups:
            if group not in policy.groups:
                raise ConfigError(
                    f"{path}: principals.{name}.groups: group {group!r} is not defined in any "
                    f"policy file (defined: {', '.join(sorted(policy.groups)) or 'none'})"
                )
    # A policy file may be shared by deployments with different connections, so a group that
    # names a connection this config lacks is not an error. A principal whose groups name none
    # of this config's connections is.
    for principal_name, principal in file.principals.items():
        usable = [
            connection
            for group in principal.groups
            for connection in policy.groups[group].connections
            if connection in file.connections
        ]
        if not usable:
            raise ConfigError(
                f"{path}: principals.{principal_name}: none of its groups "
                f"({', '.join(principal.groups)}) grants a connection defined in this config "
                f"({', '.join(sorted(file.connections))}); add one to the group's 'connections'"
            )
