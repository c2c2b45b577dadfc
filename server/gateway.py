"""The governed path of a tool call: identity, policy, analysis, execution and masking.

``Gateway`` owns the long-lived parts (database backends, schema catalogs, the analysis cache,
the maskers) and serves one tool's request at a time. It never writes to the model: the tool
layer renders what it returns and records the call in the audit store.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from phigate.analysis import Analysis, Analyzer, engine_functions
from phigate.audit import AuditStore
from phigate.catalog import Catalog
from phigate.config import Config, PostgresConnection
from phigate.errors import AccessDenied, ConfigError, QueryRejected
from phigate.execution import Backend, EngineAccess, open_backend
from phigate.identity import Principal
from phigate.masking import FreeTextMasker, IdentifierDictionary, Masker
from phigate.masking.freetext import DEFAULT_MRN_PATTERNS, Detector
from phigate.masking.ner import ModelUnavailable, open_spacy_detector
from phigate.policy import Grants, MaskSpec, Operator, PhiKind
from phigate.privileges import verify_connection_role
from phigate.results import MaskedResult, mask_rows

__all__ = ["DICTIONARY_KINDS", "Gateway", "QueryResponse"]

logger = logging.getLogger(__name__)

CATALOG_TTL_SECONDS = 30.0
# The identifier dictionary is rebuilt when the backend's data version of its columns changes,
# and at the latest after this many seconds.
DICTIONARY_TTL_SECONDS = 300.0

# Column kinds whose values the free-text masker looks for in notes.
DICTIONARY_KINDS = frozenset(
    {
        PhiKind.NAME,
        PhiKind.MRN,
        PhiKind.SSN,
        PhiKind.PHONE,
        PhiKind.FAX,
        PhiKind.EMAIL,
        PhiKind.ADDRESS,
        PhiKind.CITY,
        PhiKind.ACCOUNT,
        PhiKind.HEALTH_PLAN,
        PhiKind.LICENSE,
        PhiKind.OTHER_ID,
    }
)


@dataclass
class QueryResponse:
    """An allowed, executed and masked query."""

    connection: str
    analysis: Analysis
    result: MaskedResult
    truncated_by: list[str]
    duration_ms: float

    @property
    def truncated(self) -> bool:
        return bool(self.truncated_by)


@dataclass
class _ConnectionState:
    name: str
    backend: Backend
    catalog: Catalog | None = None
    catalog_loaded_at: float = 0.0
    free_text: FreeTextMasker | None = None
    dictionary_loaded_at: float = 0.0
    dictionary_version: str | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Gateway:
    """Serve tool requests for principals under the policy of the loaded config."""

    def __init__(self, config: Config, audit: AuditStore) -> None:
        self.config = config
        self.audit = audit
        self.masker = Masker(config.masking_key())
        self.analyzer = Analyzer()
        self._states: dict[str, _ConnectionState] = {}
        self._grants: dict[tuple[tuple[str, ...], str], Grants] = {}
        self._states_lock = asyncio.Lock()
        # Configured MRN formats are searched in addition to the built-in ones.
        extra = config.file.masking.mrn_patterns
        self._mrn_patterns = None if extra is None else (*DEFAULT_MRN_PATTERNS, *extra)
        self._extra_detectors = _extra_detectors(config)

    @classmethod
    async def open(cls, config: Config) -> Gateway:
        """Open the audit store and check the masking key; backends start on first use."""
        audit = await AuditStore.open(config.audit_path)
        try:
            return cls(config, audit)
        except BaseException:
            await audit.close()
            raise

    async def close(self) -> None:
        for state in self._states.values():
            await state.backend.close()
        self._states.clear()
        await self.audit.close()

    async def start_connections(self) -> None:
        """Start every backend now, so a bad DSN or missing file fails at start-up."""
        for name in self.config.file.connections:
            await self._state(name)

    # --- policy -------------------------------------------------------------------------

    def connections_for(self, principal: Principal) -> list[str]:
        """Return the connections that one of the principal's groups grants, in config order."""
        granted = set()
        for group in principal.groups:
            granted.update(self.config.policy.groups[group].connections)
        return [name for name in self.config.file.connections if name in granted]

    def resolve_connection(self, principal: Principal, requested: str | None) -> str:
        """Pick the connection for a call; a connection the principal lacks looks missing."""
        allowed = self.connections_for(principal)
        if requested is None:
            default = self.config.default_connection
            if default in allowed:
                return default
            if allowed:
                return allowed[0]
        elif requested in allowed:
            return requested
        shown = ", ".join(allowed) or "none"
        name = requested if requested is not None else self.config.default_connection
        raise AccessDenied(
            f"Connection {name!r} not found. Connections you may use: {shown}.",
            rule="connection.not_found",
        )

    def grants(self, principal: Principal, connection: str) -> Grants:
        # The policy is fixed for the life of the gateway, so merged grants can be reused.
        key = (principal.groups, connection)
        grants = self._grants.get(key)
        if grants is None:
            grants = self.config.policy.grants(principal.groups, connection)
            self._grants[key] = grants
        return grants

    # --- tools --------------------------------------------------------------------------

    async def list_tables(self, principal: Principal, connection: str | None) -> dict[str, Any]:
        name = self.resolve_connection(principal, connection)
        grants = self.grants(principal, name)
        catalog = await self.catalog(name)
        tables = []
        for table_name in sorted(grants.tables):
            live = catalog.tables.get(table_name)
            table = grants.tables[table_name]
            if live is None:
                continue
            visible = [column for column in live.columns if column.name in table.columns]
            if not visible:
                continue
            tables.append(
                {
                    "name": table_name,
                    "columns": len(visible),
                    "requires_approval": table.require_approval,
                }
            )

        return {
            "connection": name,
            "connections": self.connections_for(principal),
            "tables": tables,
        }

    async def describe_table(
        self, principal: Principal, table: str, connection: str | None
    ) -> dict[str, Any]:
        name = self.resolve_connection(principal, connection)
        grants = self.grants(principal, name)
        catalog = await self.catalog(name)
        key = _normalize_table_name(table, catalog)
        granted = grants.table(key) if key is not None else None
        live = catalog.tables.get(key) if key is not None else None
        columns = []
        if granted is not None and live is not None:
            for column in live.columns:
                resolved = granted.columns.get(column.name)
                if resolved is None:
                    continue
                treatment = (
                    resolved.rule.mask.value
                    if isinstance(resolved.rule, MaskSpec)
                    else resolved.rule.value
                )
                columns.append(
                    {
                        "name": column.name,
                        "type": column.data_type,
                        "nullable": column.nullable,
                        "phi_kind": resolved.kind.value,
                        "treatment": treatment,
                        "filterable": resolved.filterable,
                    }
                )
        if granted is None or live is None or not columns:
            # A hidden table gets the same error as a missing one.
            raise QueryRejected(
                "table.not_found",
                f"Table {table!r} not found.",
                hint="Call list_tables to see the tables you may read.",
            )

        return {
            "connection": name,
            "table": key,
            "requires_approval": granted.require_approval,
            "columns": columns,
        }

    async def query(self, principal: Principal, sql: str, connection: str | None) -> QueryResponse:
        started = time.perf_counter()
        name = self.resolve_connection(principal, connection)
        grants = self.grants(principal, name)
        state = await self._state(name)
        catalog = await self.catalog(name)
        analysis = self.analyzer.analyze(sql, grants=grants, catalog=catalog)
        if analysis.approval_tables:
            await self._require_approval(principal, name, analysis.approval_tables)

        access = EngineAccess(
            columns={table: frozenset(grant.columns) for table, grant in grants.tables.items()},
            functions=engine_functions(catalog.dialect),
        )
        raw = await state.backend.run(analysis.sql, max_rows=analysis.max_rows, access=access)
        # Checked after the query ran, so the dictionary covers every row the query could see.
        free_text = None
        if raw.rows and any(
            column.mask is not None and column.mask.spec.mask == Operator.FREE_TEXT
            for column in analysis.columns
        ):
            free_text = await self._free_text(state)
        # Masking notes is CPU work (about a quarter of a millisecond a note), so it runs in a
        # worker thread and a large result does not stall other calls on the event loop.
        masked = await asyncio.to_thread(
            mask_rows,
            analysis.columns,
            raw.rows,
            masker=self.masker,
            free_text=free_text,
            limits=self.config.file.limits,
        )
        truncated_by = (["max_rows"] if raw.truncated else []) + masked.truncated_by
        duration = (time.perf_counter() - started) * 1000

        return QueryResponse(name, analysis, masked, truncated_by, duration)

    async def request_access(
        self,
        principal: Principal,
        *,
        connection: str | None,
        tables: Sequence[str],
        columns: Sequence[str],
        purpose: str,
        duration_minutes: int,
    ) -> dict[str, Any]:
        name = self.resolve_connection(principal, connection)
        request = await self.audit.create_access_request(
            principal=principal.name,
            groups=principal.groups,
            connection=name,
            tables=tuple(tables),
            columns=tuple(columns),
            purpose=purpose,
            duration_minutes=duration_minutes,
        )
        return {
            "request_id": request.request_id,
            "status": request.status,
            "connection": name,
            "tables": list(request.tables),
            "columns": list(request.columns),
            "duration_minutes": request.duration_minutes,
        }

    # --- internals ----------------------------------------------------------------------

    async def _require_approval(
        self, principal: Principal, connection: str, tables: Sequence[str]
    ) -> None:
        missing = [
            table
            for table in tables
            if not await self.audit.has_approved_access(principal.name, connection, table)
        ]
        if missing:
            shown = ", ".join(missing)
            raise QueryRejected(
                "access.approval_required",
                f"Reading {shown} requires an approved access request.",
                hint=f"Call request_access with tables [{shown}] and your purpose, then retry "
                "once an approver has granted it.",
            )

    async def _state(self, name: str) -> _ConnectionState:
        async with self._states_lock:
            state = self._states.get(name)
            if state is None:
                connection = self.config.file.connections[name]
                try:
                    backend = open_backend(name, connection, base=self.config.base)
                except ConfigError as error:
                    raise self.config.in_file(error) from None
                await backend.start()
                if isinstance(connection, PostgresConnection):
                    try:
                        await verify_connection_role(self.config, name)
                    except BaseException:
                        await backend.close()
                        raise
                state = _ConnectionState(name, backend)
                self._states[name] = state
                logger.info("connection started (connection=%s dialect=%s)", name, backend.dialect)
            return state

    async def catalog(self, name: str) -> Catalog:
        """Return the connection's schema, reloaded when older than the TTL."""
        state = await self._state(name)
        async with state.lock:
            now = time.monotonic()
            if state.catalog is None or now - state.catalog_loaded_at > CATALOG_TTL_SECONDS:
                state.catalog = await state.backend.catalog()
                state.catalog_loaded_at = now
            return state.catalog

    async def _free_text(self, state: _ConnectionState) -> FreeTextMasker:
        """Return the connection's free-text masker, rebuilt when its dictionary is stale.

        The dictionary is rebuilt when the data version of its columns differs from the one
        read at the last build, so a patient committed a moment ago is in it. It is also
        rebuilt once it is older than ``DICTIONARY_TTL_SECONDS``.
        """
        async with state.lock:
            catalog = state.catalog or await state.backend.catalog()
            columns = self._dictionary_columns(catalog)
            # Read before the rebuild: a commit during the rebuild changes the next version.
            version = await state.backend.data_version(
                {table: [name for name, _ in found] for table, found in columns.items()}
            )
            now = time.monotonic()
            if (
                state.free_text is None
                or version != state.dictionary_version
                or now - state.dictionary_loaded_at > DICTIONARY_TTL_SECONDS
            ):
                dictionary = await self._dictionary(state, columns)
                state.free_text = FreeTextMasker(
                    self.masker,
                    dictionary,
                    mrn_patterns=self._mrn_patterns,
                    detectors=self._extra_detectors,
                )
                state.dictionary_loaded_at = now
                state.dictionary_version = version
            return state.free_text

    def _dictionary_columns(self, catalog: Catalog) -> dict[str, list[tuple[str, PhiKind]]]:
        """Return the live columns, per table, whose values go into the identifier dictionary."""
        found: dict[str, list[tuple[str, PhiKind]]] = {}
        for table, columns in self.config.policy.classification.items():
            live = catalog.tables.get(table)
            if live is None:
                continue
            for column, kind in columns.items():
                if kind in DICTIONARY_KINDS and live.column(column) is not None:
                    found.setdefault(table, []).append((column, kind))
        return found

    async def _dictionary(
        self, state: _ConnectionState, columns: dict[str, list[tuple[str, PhiKind]]]
    ) -> IdentifierDictionary:
        """Collect the identifiers the database holds, for detection in free text."""
        values: dict[PhiKind, list[str]] = {}
        for table, found in columns.items():
            for column, kind in found:
                found_values = await state.backend.distinct_values(table, column)
                values.setdefault(kind, []).extend(found_values)
        dictionary = IdentifierDictionary.build(values)
        logger.info(
            "identifier dictionary loaded (connection=%s entries=%d)", state.name, len(dictionary)
        )
        return dictionary


def _normalize_table_name(name: str, catalog: Catalog) -> str | None:
    """Map a table name as the agent wrote it to the catalog's name, or None."""
    text = name.strip()
    if "." in text:
        schema, _, text = text.rpartition(".")
        if schema.strip('"').lower() not in {catalog.schema.lower(), "main"}:
            return None
    if catalog.dialect == "sqlite":
        # SQLite compares identifiers case-insensitively, quoted or not.
        return text.strip('"').lower()
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return text[1:-1]
    return text.lower()


def _extra_detectors(config: Config) -> tuple[Detector, ...]:
    """Load the NER model that the config names, if any.

    Running without a model the config names would quietly lower recall, so a missing package
    or folder raises ConfigError and stops the start-up rather than logging a warning.
    """
    model = config.ner_model()
    if model is None:
        return ()
    try:
        detector = open_spacy_detector(model)
    except ModelUnavailable as error:
        raise ConfigError(
            f"{config.path}: masking.ner_model: {error}; or remove masking.ner_model to mask "
            "notes without a model"
        ) from None
    logger.info("free-text masking uses the spaCy model %s", model)
    return (detector,)
