"""Read YAML files into pydantic models, with errors that name the file and the key path."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from phigate.errors import ConfigError

__all__ = ["format_validation_error", "load_model", "read_yaml"]

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_yaml(path: Path, *, what: str) -> Any:
    """Parse a YAML file, raising ``ConfigError`` with the file and line on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: {what} not found; check the path") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read {what}: {error.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: invalid YAML{where}: {problem}") from None


_SECRET_KEYS = frozenset({"dsn", "key"})


def _data_path(data: Any, location: tuple[int | str, ...]) -> tuple[list[str], bool]:
    """Keep the parts of a pydantic location that index the file's data.

    pydantic adds the names of union members and discriminator tags (``postgres``,
    ``MaskSpec``, ``str-enum[Access]``) to locations; they are not keys a user wrote.
    Also tell whether the path ends inside a secret's value.
    """
    parts: list[str] = []
    current = data
    for index, part in enumerate(location):
        in_mapping = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_mapping or in_list:
            parts.append(str(part))
            current = current[part]
        elif _is_written_key(part, last=index == len(location) - 1):
            parts.append(str(part))
    return parts, any(part in _SECRET_KEYS for part in parts)


def _is_written_key(part: int | str, *, last: bool) -> bool:
    # A missing or unknown key ends the location. A union member's name, such as 'MaskSpec'
    # or 'str-enum[Access]', is not a key a user writes.
    return last and isinstance(part, str) and part.isidentifier() and not part[0].isupper()


def format_validation_error(path: Path, error: ValidationError, data: Any = None) -> str:
    """Render each pydantic error as ``file: key.path: message (got value)``.

    A secret's value is never repeated, since a user who wrote it inline should not see it
    echoed into logs.
    """
    lines = []
    seen = set()
    for item in error.errors():
        parts, secret = _data_path(data, item["loc"])
        location = ".".join(parts) or "(top level)"
        message = item["msg"]
        if secret and item["type"] in {"model_type", "dict_type"}:
            message = (
                "expected {env: VARIABLE} or {file: PATH}; the secret itself does not belong "
                "in the config"
            )
        elif item["type"] == "extra_forbidden":
            message = "unknown key; check its spelling against the format in docs/configuration.md"
        elif item["type"] == "value_error":
            # A validator's own message, without pydantic's "Value error, " in front. It names
            # what is wrong, so the mapping it was given is not repeated.
            message = str(item.get("ctx", {}).get("error", message))
            if not isinstance(item.get("input"), dict) and "input" in item and not secret:
                message = f"{message} (got {_preview(item['input'])})"
        elif item["type"] != "missing" and "input" in item and not secret:
            message = f"{message} (got {_preview(item['input'])})"
        if parts or item["type"] != "value_error":
            line = f"{path}: {location}: {message}"
        else:
            # The checks on a whole file start their messages with the key path themselves.
            line = f"{path}: {message}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return "\n".join(lines)


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def load_model(path: Path, model: type[ModelT], *, what: str) -> ModelT:
    """Parse and validate a YAML file as ``model``."""
    data = read_yaml(path, what=what)
    if data is None:
        raise ConfigError(f"{path}: {what} is empty")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level of the {what}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ConfigError(format_validation_error(path, error, data)) from None
