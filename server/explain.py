"""``phigate policy explain``: the decision for one SQL statement, without running it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phigate.analysis import Analysis, analyze
from phigate.config import load_config
from phigate.errors import AccessDenied, ConfigError, QueryRejected
from phigate.execution import open_backend
from phigate.identity import resolve_stdio_principal

__all__ = ["Explanation", "explain"]


@dataclass
class Explanation:
    """The decision for one statement and, when allowed, each output column's lineage."""

    principal: str
    groups: tuple[str, ...]
    connection: str
    allowed: bool
    rule: str | None = None
    message: str | None = None
    hint: str | None = None
    analysis: Analysis | None = None
    columns: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "principal": self.principal,
            "groups": list(self.groups),
            "connection": self.connection,
            "decision": "allowed" if self.allowed else "rejected",
        }
        if not self.allowed:
            data.update(rule=self.rule, message=self.message, hint=self.hint)
            return data
        assert self.analysis is not None
        data.update(
            sql=self.analysis.sql,
            tables=list(self.analysis.tables),
            max_rows=self.analysis.max_rows,
            min_group_size=self.analysis.min_group_size,
            requires_approval=list(self.analysis.approval_tables),
            columns=self.columns,
        )
        return data

    def render(self) -> str:
        head = (
            f"principal {self.principal} (groups: {', '.join(self.groups)}) "
            f"on connection {self.connection}"
        )
        if not self.allowed:
            lines = [f"REJECTED by rule {self.rule}: {self.message}", f"  {head}"]
            if self.hint:
                lines.append(f"  what to do: {self.hint}")
            return "\n".join(lines)
        assert self.analysis is not None
        lines = [f"ALLOWED for {head}", f"  runs as: {self.analysis.sql}"]
        lines.append(f"  returns at most {self.analysis.max_rows} rows")
        if self.analysis.min_group_size:
            size = self.analysis.min_group_size
            lines.append(f"  leaves out aggregate groups of fewer than {size} rows")
        if self.analysis.approval_tables:
            tables = ", ".join(self.analysis.approval_tables)
            lines.append(f"  needs an approved access request for: {tables}")
        lines.append("  output columns:")
        for column in self.columns:
            sources = ", ".join(column["sources"]) or "(no table column)"
            mask = column["mask"] or "none"
            how = "value of" if column["identity"] else "derived from"
            lines.append(f"    {column['name']}: {how} {sources}; mask: {mask}")
        return "\n".join(lines)


async def explain(
    config_path: Path, principal_name: str, sql: str, connection: str | None
) -> Explanation:
    """Analyze ``sql`` as ``principal_name`` against the connection's live schema.

    Raises:
        ConfigError: the config is invalid or the principal is unknown.
        ExecutionError: the database could not be reached to read its schema.
    """
    config = load_config(config_path)
    principal = resolve_stdio_principal(config, principal_name)
    granted = [
        name
        for name in config.file.connections
        if any(name in config.policy.groups[group].connections for group in principal.groups)
    ]
    name = connection or (
        config.default_connection if config.default_connection in granted else granted[0]
    )
    explanation = Explanation(principal.name, principal.groups, name, allowed=False)
    if name not in granted:
        error = AccessDenied(f"Connection {name!r} not found.", rule="connection.not_found")
        explanation.rule, explanation.message = error.rule, str(error)
        return explanation

    try:
        backend = open_backend(name, config.file.connections[name], base=config.base)
    except ConfigError as error:
        raise config.in_file(error) from None
    await backend.start()
    try:
        catalog = await backend.catalog()
    finally:
        await backend.close()
    grants = config.policy.grants(principal.groups, name)
    try:
        analysis = analyze(sql, grants=grants, catalog=catalog)
    except QueryRejected as error:
        explanation.rule, explanation.message, explanation.hint = (
            error.rule,
            error.message,
            error.hint,
        )
        return explanation

    explanation.allowed = True
    explanation.analysis = analysis
    explanation.columns = [
        {
            "name": column.name,
            "sources": [str(source) for source in column.sources],
            "identity": column.identity,
            "mask": column.mask.describe() if column.mask is not None else None,
        }
        for column in analysis.columns
    ]
    return explanation
