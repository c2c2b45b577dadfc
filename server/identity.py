"""Caller identity: the principal a tool call runs as, and its groups."""

from __future__ import annotations

import os
from dataclasses import dataclass

from phigate.config import Config
from phigate.errors import ConfigError

__all__ = ["PRINCIPAL_ENV", "Principal", "resolve_stdio_principal"]

PRINCIPAL_ENV = "PHIGATE_PRINCIPAL"


@dataclass(frozen=True)
class Principal:
    """An authenticated caller and the groups whose policy applies to it."""

    name: str
    groups: tuple[str, ...]


def resolve_stdio_principal(config: Config, requested: str | None = None) -> Principal:
    """Choose the principal of a stdio session.

    The order is the ``--principal`` flag, then ``PHIGATE_PRINCIPAL``, then the config's
    ``default_principal``. No call runs without a principal that the config defines.

    Raises:
        ConfigError: no principal was named, or the name is not in the config.
    """
    name = requested or os.environ.get(PRINCIPAL_ENV) or config.file.default_principal
    if not name:
        raise ConfigError(
            f"{config.path}: no principal for this session; pass --principal NAME, set "
            f"{PRINCIPAL_ENV}, or set default_principal in the config"
        )
    principal = config.file.principals.get(name)
    if principal is None:
        known = ", ".join(sorted(config.file.principals))
        raise ConfigError(
            f"{config.path}: principal {name!r} is not defined under 'principals' "
            f"(defined: {known})"
        )
    return Principal(name, tuple(principal.groups))
