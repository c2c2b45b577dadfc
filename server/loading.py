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


def format_validation_error(path: Path, error: ValidationError) -> str:
    """Render each pydantic error as ``file: key.path: message (got value)``."""
    lines = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] not in {"missing", "extra_forbidden"} and "input" in item:
            shown = repr(item["input"])
            if len(shown) > 80:
                shown = shown[:77] + "..."
            message = f"{message} (got {shown})"
        if item["type"] == "extra_forbidden":
            message = "unknown key; check its spelling against the format in docs/configuration.md"
        lines.append(f"{path}: {location}: {message}")
    return "\n".join(lines)


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
        raise ConfigError(format_validation_error(path, error)) from None
