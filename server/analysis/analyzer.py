"""Decide whether a principal may run a query, and how each output column is masked.

The steps run in order. Parse one read-only statement built from allowed parts. Check every
table against the principal's grants, with correct CTE scoping. Qualify every column against the
caller's view of the schema, so hidden and missing columns fail alike. Follow each output
column's lineage to its base columns, and check every column used in a condition against the
policy. Choose each output column's mask, then add or clamp the LIMIT.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import OptimizeError, SqlglotError
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers
from sqlglot.optimizer.qualify import qualify

from phigate.analysis.lineage import Lineage, LineageWalker, SourceColumn, Usage
from phigate.analysis.syntax import (
    ANONYMOUS_AGGREGATES,
    check_nodes,
    function_name,
    parse_statement,
)
from phigate.catalog import Catalog
from phigate.errors import QueryRejected
from phigate.policy import Grants, MaskSpec, Operator, PhiKind, ResolvedColumn

__all__ = ["Analysis", "Analyzer", "ColumnMask", "OutputColumn", "analyze"]

_COLUMN_NAME = re.compile(r"Column '([^']+)'|Unknown column: (\S+)")

_REDACT = MaskSpec(mask=Operator.REDACT)

# Operators under which grouping or joining on equality reveals nothing the output does not:
# equal values already give equal tokens.
_EQUALITY_SAFE = frozenset({Operator.PSEUDONYM})


@dataclass(frozen=True)
class ColumnMask:
    """The mask applied to one output column and why."""

    kind: PhiKind
    spec: MaskSpec
    derived: bool

    def describe(self) -> str:
        how = "derived" if self.derived else "value"
        return f"{self.spec.mask.value}({self.kind.value}, {how})"


@dataclass(frozen=True)
class OutputColumn:
    """One column of the result, with the base columns it derives from."""

    name: str
    sources: tuple[SourceColumn, ...]
    identity: bool
    mask: ColumnMask | None


@dataclass(frozen=True)
class Analysis:
    """An allowed query, ready to run."""

    sql: str
    dialect: str
    tables: tuple[str, ...]
    columns: tuple[OutputColumn, ...]
    max_rows: int
    sql_limit: int
    approval_tables: tuple[str, ...]
    min_group_size: int = 0

    @property
    def masked_columns(self) -> tuple[str, ...]:
        return tuple(
            f"{column.name}<-{','.join(map(str, column.sources))}:{column.mask.describe()}"
            for column in self.columns
            if column.mask is not None
        )


def analyze(sql: str, *, grants: Grants, catalog: Catalog) -> Analysis:
    """Analyze ``sql`` for the principal whose merged grants are ``grants``.

    Raises:
        QueryRejected: the statement is not allowed; ``rule`` names the rule.
    """
    tree = parse_statement(sql, catalog.dialect)
    tree = normalize_identifiers(tree, dialect=catalog.dialect)
    visible = _visible_schema(grants, catalog)
    _check_tables(tree, frozenset(visible), catalog, frozenset())
    tree = _qualify(tree, visible, catalog)
    # Qualification can introduce nodes (a whole-row reference becomes TableColumn), so the
    # allowlist runs again on what will execute.
    check_nodes(tree, catalog.dialect)

    walker = LineageWalker(frozenset(visible))
    outputs = walker.query(tree, {}, {})
    _check_usages(walker.usages, grants)

    columns = tuple(_output_column(name, lineage, grants) for name, lineage in outputs)
    min_group_size = _suppress_small_groups(tree, grants)
    max_rows, sql_limit = _apply_limit(tree, grants)
    tables = tuple(sorted(walker.tables_read))
    approval = tuple(
        table for table in tables if (grant := grants.table(table)) and grant.require_approval
    )

    return Analysis(
        # Comments are dropped: nothing the agent wrote outside the parsed tree reaches the
        # database.
        sql=tree.sql(dialect=catalog.dialect, comments=False),
        dialect=catalog.dialect,
        tables=tables,
        columns=columns,
        max_rows=max_rows,
        sql_limit=sql_limit,
        approval_tables=approval,
        min_group_size=min_group_size,
    )


class Analyzer:
    """``analyze`` with a cache keyed by the SQL text, schema version, connection and groups.

    A cached analysis is only reused for the exact same inputs, so it is safe to share
    between principals of the same groups.
    """

    def __init__(self, max_entries: int = 2048) -> None:
        self._entries: OrderedDict[tuple[str, str, str, tuple[str, ...]], Analysis] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def analyze(self, sql: str, *, grants: Grants, catalog: Catalog) -> Analysis:
        key = (sql, catalog.version, grants.connection, tuple(sorted(grants.groups)))
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                return cached
        analysis = analyze(sql, grants=grants, catalog=catalog)
        with self._lock:
            self._entries[key] = analysis
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return analysis


def _visible_schema(grants: Grants, catalog: Catalog) -> dict[str, dict[str, str]]:
    """Build the caller's view: granted, classified columns that exist in the live schema."""
    schema: dict[str, dict[str, str]] = {}
    for name, table in grants.tables.items():
        live = catalog.tables.get(name)
        if live is None:
            continue
        columns = {
            column.name: column.data_type or "text"
            for column in live.columns
            if column.name in table.columns
        }
        if columns:
            schema[name] = columns
    return schema


def _check_tables(
    node: exp.Expr, visible: frozenset[str], catalog: Catalog, ctes: frozenset[str]
) -> None:
    """Reject a reference to a table outside the caller's view, honouring CTE scope."""
    with_ = node.args.get("with") or node.args.get("with_")
    if isinstance(node, exp.Query) and with_ is not None:
        names = set(ctes)
        for cte in with_.expressions:
            _check_tables(cte.this, visible, catalog, frozenset(names))
            names.add(cte.alias_or_name)
        ctes = frozenset(names)
    for child in node.iter_expressions():
        if child is with_:
            continue
        if isinstance(child, exp.Table):
            _check_table(child, visible, catalog, ctes)
        _check_tables(child, visible, catalog, ctes)


def _check_table(
    table: exp.Table, visible: frozenset[str], catalog: Catalog, ctes: frozenset[str]
) -> None:
    db = table.args.get("db")
    qualified = db is not None or table.args.get("catalog") is not None
    if not qualified and table.name in ctes:
        return
    allowed_schemas = {catalog.schema, "main"} if catalog.dialect == "sqlite" else {catalog.schema}
    if table.args.get("catalog") is not None or (db is not None and db.name not in allowed_schemas):
        raise QueryRejected(
            "table.not_found",
            f"Table {table.sql(dialect=catalog.dialect)!r} not found.",
            hint="Call list_tables to see the tables you may read.",
        )
    if table.name not in visible:
        raise QueryRejected(
            "table.not_found",
            f"Table {table.name!r} not found.",
            hint="Call list_tables to see the tables you may read.",
        )


def _qualify(
    tree: exp.Query, visible: Mapping[str, Mapping[str, str]], catalog: Catalog
) -> exp.Query:
    if catalog.dialect == "postgres":
        schema: dict[str, object] = {catalog.schema: dict(visible)}
        db: str | None = catalog.schema
    else:
        schema = dict(visible)
        db = None
    try:
        qualified = qualify(
            tree,
            schema=schema,
            db=db,
            dialect=catalog.dialect,
            validate_qualify_columns=True,
            identify=True,
        )
    except OptimizeError as error:
        raise _column_error(str(error)) from None
    except SqlglotError:
        raise QueryRejected(
            "sql.not_understood",
            "phigate could not resolve the query's columns.",
            hint="Qualify each column with its table alias and avoid unusual syntax.",
        ) from None
    if not isinstance(qualified, exp.Query):
        raise QueryRejected("statement.not_read", "Only read queries are allowed.")
    return qualified


def _column_error(message: str) -> QueryRejected:
    # sqlglot reports "Column 'x' could not be resolved[ for table: 't']" or "Unknown column: x".
    # The names are the agent's own text, so repeating them discloses nothing.
    match = _COLUMN_NAME.search(message)
    name = (match.group(1) or match.group(2)) if match else None
    what = f"Column {name!r} not found" if name else "A column reference could not be resolved"
    return QueryRejected(
        "column.not_found",
        f"{what} in the tables of this query.",
        hint="Call describe_table to see the columns you may read.",
    )


_CLAUSE_NAMES = {
    "condition": "a condition",
    "window": "a window's PARTITION BY or ORDER BY",
    "subquery": "a subquery that filters",
    "DISTINCT": "DISTINCT, which compares values",
    "set operation": "UNION, INTERSECT or EXCEPT, which compare values",
    "min or max": "min() or max(), which reveal how the values sort",
}


def _check_usages(usages: list[Usage], grants: Grants) -> None:
    # Computations are checked last, so a masked column in WHERE or CASE is reported by the
    # clause it appears in.
    for usage in sorted(usages, key=lambda usage: usage.clause == "computed"):
        if _equality_on_pseudonyms(usage, grants):
            continue
        if usage.clause == "computed" and _safe_derivation(usage.lineage, grants):
            continue
        if usage.clause == "min or max" and _order_preserved(usage.lineage, grants):
            continue
        for source in sorted(usage.lineage.sources):
            column = _resolved(grants, source)
            if column.filterable:
                continue
            if usage.clause == "computed":
                raise QueryRejected(
                    "column.computed",
                    f"Column {source} is masked for your groups; it may be returned as it is "
                    "(masked) or counted, but not used in an expression.",
                    hint="Select the column itself, or compute on non-PHI columns and keys.",
                )
            raise QueryRejected(
                "column.not_filterable",
                f"Column {source} is masked for your groups and may not be used in "
                f"{_CLAUSE_NAMES.get(usage.clause, usage.clause)}.",
                hint="Filter, join and sort on non-PHI columns or keys; ask an administrator to "
                "list the column under 'filterable', or call request_access.",
            )


def _order_preserved(lineage: Lineage, grants: Grants) -> bool:
    """Tell whether min or max of a value reveals no order the output does not show.

    ``generalize`` keeps the order of dates and ages (a later date has a later or equal year),
    so the extreme of the generalized values is the generalized extreme. Pseudonyms, partial
    masks and placeholders hide an order that min and max would reveal.
    """
    for source in lineage.sources:
        rule = _resolved(grants, source).rule
        if isinstance(rule, MaskSpec) and rule.mask != Operator.GENERALIZE:
            return False
    return True


def _safe_derivation(lineage: Lineage, grants: Grants) -> bool:
    """Tell whether a recognized date computation reveals nothing the masks do not.

    The year of an event date is what ``generalize`` shows anyway, and the days between two
    event dates identify no one under HIPAA Safe Harbor. Birth dates are excluded, because
    their year and an age computed from them must be cut at 90.
    """
    if lineage.derivation is None or not lineage.sources:
        return False
    for source in lineage.sources:
        column = _resolved(grants, source)
        if column.kind != PhiKind.DATE:
            return False
        if isinstance(column.rule, MaskSpec) and column.rule.mask != Operator.GENERALIZE:
            return False
    return True


def _equality_on_pseudonyms(usage: Usage, grants: Grants) -> bool:
    """Tell whether a use only compares pseudonymized values with each other.

    Equal values already give equal tokens, so such a comparison reveals nothing the output
    does not. The value must be the column itself (not computed, not mixed with a literal), and
    for a join the other side must be a pseudonymized column too.
    """
    if not usage.equality:
        return False
    sides = [usage.lineage] if usage.partner is None else [usage.lineage, usage.partner]
    for side in sides:
        if not side.identity or not side.sources:
            return False
        for source in side.sources:
            rule = _resolved(grants, source).rule
            if not (isinstance(rule, MaskSpec) and rule.mask in _EQUALITY_SAFE):
                return False
    return True


def _resolved(grants: Grants, source: SourceColumn) -> ResolvedColumn:
    table = grants.table(source.table)
    column = table.columns.get(source.column) if table is not None else None
    if column is None:
        # The walker resolves only visible columns, so reaching here means the schema moved.
        raise QueryRejected(
            "column.not_found",
            f"Column {source} not found.",
            hint="Call describe_table to see the columns you may read.",
        )
    return column


def _output_column(name: str, lineage: Lineage, grants: Grants) -> OutputColumn:
    sources = tuple(sorted(lineage.sources))
    masked = [column for column in map(lambda s: _resolved(grants, s), sources) if column.masked]
    mask = None
    if masked and not lineage.identity and _safe_derivation(lineage, grants):
        masked = []
    if masked:
        rules = {(column.kind, column.rule) for column in masked}
        kind, rule = min(rules, key=lambda item: (item[0].value, str(item[1])))
        assert isinstance(rule, MaskSpec)
        if len(rules) == 1 and lineage.identity:
            mask = ColumnMask(kind, rule, derived=False)
        elif len(rules) == 1 and kind == PhiKind.FREE_TEXT and rule.mask == Operator.FREE_TEXT:
            # Text derived from a note (a substring, a case change) still goes through detection.
            mask = ColumnMask(kind, rule, derived=True)
        else:
            mask = ColumnMask(kind, _REDACT, derived=True)

    return OutputColumn(name, sources, lineage.identity, mask)


def _suppress_small_groups(tree: exp.Query, grants: Grants) -> int:
    """Add ``HAVING count(*) >= k`` to every aggregating SELECT; return k, or 0 if none.

    An aggregate over a handful of rows describes a handful of people, so the policy's minimum
    group size suppresses such groups (small-cell suppression). A SELECT aggregates when it has
    GROUP BY or an aggregate function in its select list.
    """
    size = grants.min_group_size
    if size <= 1:
        return 0
    if tree.find(exp.Window) is not None:
        # A window aggregate attaches each group's size to its rows, past any HAVING.
        raise QueryRejected(
            "group.window_not_allowed",
            f"Window functions are not allowed while groups must have at least {size} rows.",
            hint="Use GROUP BY; groups smaller than the minimum are left out.",
        )
    applied = False
    for select in list(tree.find_all(exp.Select)):
        if not _aggregates(select):
            continue
        count = exp.Count(this=exp.Star())
        select.having(exp.GTE(this=count, expression=exp.Literal.number(size)), copy=False)
        applied = True
    return size if applied else 0


def _aggregates(select: exp.Select) -> bool:
    if select.args.get("group") is not None or select.args.get("having") is not None:
        return True
    for projection in select.expressions:
        for function in projection.find_all(exp.AggFunc, exp.Anonymous):
            if isinstance(function, exp.Anonymous) and function_name(function) not in (
                ANONYMOUS_AGGREGATES
            ):
                continue
            if _owning_select(function) is select and function.find_ancestor(exp.Window) is None:
                return True
    return False


def _owning_select(node: exp.Expr) -> exp.Expr | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.Select):
        parent = parent.parent
    return parent


def _apply_limit(tree: exp.Query, grants: Grants) -> tuple[int, int]:
    """Add or clamp the outer LIMIT; return (rows to return, LIMIT written in the SQL).

    The SQL requests one row more than is returned when phigate chose the limit, so a result
    cut by the cap can be flagged as truncated.
    """
    maximum = grants.row_limit.maximum
    limit = tree.args.get("limit")
    if limit is None:
        rows = grants.row_limit.default
        tree.set("limit", exp.Limit(expression=exp.Literal.number(rows + 1)))
        return rows, rows + 1
    value = limit.expression
    if not (isinstance(value, exp.Literal) and value.is_int):
        raise QueryRejected(
            "limit.not_literal",
            "LIMIT must be a whole number.",
            hint=f"Write LIMIT n with n at most {maximum}.",
        )
    requested = int(value.this)
    if requested <= maximum:
        return requested, requested
    limit.set("expression", exp.Literal.number(maximum + 1))
    return maximum, maximum + 1
