"""Column lineage over a qualified query: where each output value and each condition comes from.

The walker follows every output column through aliases, expressions, CTEs, subqueries and set
operations down to the base table columns it derives from. It also records every place a
column is used to decide something (WHERE, JOIN, GROUP BY, HAVING, ORDER BY, window clauses,
conditions anywhere), because such a use lets a value be inferred without being returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlglot import exp

from phigate.errors import QueryRejected

__all__ = ["Lineage", "LineageWalker", "SourceColumn", "Usage"]


@dataclass(frozen=True, order=True)
class SourceColumn:
    """A column of a base table."""

    table: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column}"


@dataclass(frozen=True)
class Lineage:
    """The origin of one value.

    ``identity`` is true when the value is one of the source values unchanged (a bare column,
    possibly through aliases, subqueries, set operations, ``min`` or ``max``). ``derivation``
    names a computation the analyzer may judge safe by the sources' kinds: ``year`` (the year of
    a date) or ``date_difference`` (one date minus another).
    """

    sources: frozenset[SourceColumn]
    identity: bool
    derivation: str | None = None

    @staticmethod
    def union(parts: list[Lineage], *, identity: bool) -> Lineage:
        sources: frozenset[SourceColumn] = frozenset()
        for part in parts:
            sources |= part.sources
        return Lineage(sources, identity and all(part.identity for part in parts))


EMPTY = Lineage(frozenset(), identity=False)


@dataclass(frozen=True)
class Usage:
    """A value used to decide or compute something rather than returned as it is.

    ``equality`` marks a use that only compares whole values for equality (a GROUP BY item,
    DISTINCT, a deduplicating set operation, a join condition ``a = b``). ``partner`` is the
    other side of a join equality.
    """

    clause: str
    lineage: Lineage
    equality: bool = False
    partner: Lineage | None = None


@dataclass
class _Derived:
    columns: dict[str, Lineage]


_Source = str | _Derived
"""A FROM item: a base table's name, or the output columns of a CTE or subquery."""

_CLAUSES: tuple[tuple[type[exp.Expr], str], ...] = (
    (exp.Where, "WHERE"),
    (exp.Having, "HAVING"),
    (exp.Group, "GROUP BY"),
    (exp.Order, "ORDER BY"),
)

_VALUE_PRESERVING = (exp.Min, exp.Max, exp.Coalesce)


@dataclass
class LineageWalker:
    """Compute the lineage of a qualified query's output columns and collect its usages.

    Args:
        tables: the base tables the caller may read (already checked to exist).
    """

    tables: frozenset[str]
    usages: list[Usage] = field(default_factory=list)
    tables_read: set[str] = field(default_factory=set)

    def query(
        self,
        node: exp.Expr,
        ctes: Mapping[str, _Derived],
        outer: Mapping[str, _Source],
    ) -> list[tuple[str, Lineage]]:
        """Return (name, lineage) for each output column of a SELECT or set operation."""
        if isinstance(node, exp.Subquery):
            return self.query(node.this, ctes, outer)
        ctes = self._with(node, ctes, outer)
        if isinstance(node, exp.SetOperation):
            left = self.query(node.left, ctes, outer)
            right = self.query(node.right, ctes, outer)
            if len(left) != len(right):
                raise QueryRejected(
                    "setop.arity",
                    "Each side of a set operation must return the same number of columns.",
                    hint="Select the same number of columns on both sides.",
                )
            outputs = [
                (name, Lineage.union([a, b], identity=True))
                for (name, a), (_, b) in zip(left, right, strict=True)
            ]
            # UNION (without ALL), INTERSECT and EXCEPT compare whole rows, so each column is
            # used for equality; UNION ALL only concatenates.
            if not isinstance(node, exp.Union) or node.args.get("distinct"):
                for _, lineage in outputs:
                    self.usages.append(Usage("set operation", lineage, equality=True))
            self._order_of_setop(node, outputs)
            return outputs
        if not isinstance(node, exp.Select):
            raise QueryRejected(
                "syntax.not_allowed",
                "Only SELECT queries may appear here.",
                hint="Use a SELECT in each subquery and CTE.",
            )
        return self._select(node, ctes, outer)

    def _with(
        self,
        node: exp.Expr,
        ctes: Mapping[str, _Derived],
        outer: Mapping[str, _Source],
    ) -> Mapping[str, _Derived]:
        with_ = node.args.get("with") or node.args.get("with_")
        if with_ is None:
            return ctes
        if with_.args.get("recursive"):
            raise QueryRejected(
                "cte.recursive",
                "Recursive CTEs are not allowed.",
                hint="Write the query without WITH RECURSIVE.",
            )
        scope = dict(ctes)
        for cte in with_.expressions:
            outputs = self.query(cte.this, scope, outer)
            scope[cte.alias_or_name] = _derived_source(cte.alias_or_name, outputs)
        return scope

    def _select(
        self,
        select: exp.Select,
        ctes: Mapping[str, _Derived],
        outer: Mapping[str, _Source],
    ) -> list[tuple[str, Lineage]]:
        if not select.expressions:
            raise QueryRejected(
                "select.empty",
                "The SELECT has no columns.",
                hint="Name at least one column or expression after SELECT.",
            )
        sources = dict(outer)
        from_ = select.args.get("from") or select.args.get("from_")
        items = [from_.this] if from_ is not None else []
        items += [join.this for join in select.args.get("joins") or []]
        for item in items:
            alias, source = self._source(item, ctes, outer)
            sources[alias] = source

        outputs = []
        for projection in select.expressions:
            lineage = self.value(projection, select, sources, ctes)
            outputs.append((projection.alias_or_name, lineage))
        distinct = select.args.get("distinct")
        if distinct is not None and not distinct.args.get("on"):
            for _, lineage in outputs:
                self.usages.append(Usage("DISTINCT", lineage, equality=True))
        self._record_usages(select, sources, ctes, dict(outputs))

        return outputs

    def _source(
        self,
        item: exp.Expr,
        ctes: Mapping[str, _Derived],
        outer: Mapping[str, _Source],
    ) -> tuple[str, _Source]:
        if isinstance(item, exp.Table):
            alias = item.alias_or_name
            if not item.args.get("db") and item.name in ctes:
                return alias, ctes[item.name]
            if item.name not in self.tables:
                raise _table_not_found(item.name)
            self.tables_read.add(item.name)
            return alias, item.name
        if isinstance(item, exp.Subquery):
            outputs = self.query(item.this, ctes, outer)
            return item.alias_or_name, _derived_source(item.alias_or_name, outputs)
        raise QueryRejected(
            "syntax.not_allowed",
            "Only tables, CTEs and subqueries may appear in FROM and JOIN.",
            hint="Select from a table listed by list_tables.",
        )

    def value(
        self,
        node: exp.Expr,
        select: exp.Select,
        sources: Mapping[str, _Source],
        ctes: Mapping[str, _Derived],
    ) -> Lineage:
        """Return the lineage of one expression evaluated in ``select``'s scope."""
        core = node
        while isinstance(core, exp.Alias | exp.Paren):
            core = core.this
        if isinstance(core, exp.Column):
            return self._column(core, sources)
        if isinstance(core, exp.Star):
            # qualify expands every star it can; one left over has no known columns.
            raise QueryRejected(
                "star.unresolved",
                "A * in this query could not be expanded to named columns.",
                hint="Name the columns you need instead of using *.",
            )
        if isinstance(core, exp.Count):
            # A count reveals no value, but its argument is still evaluated (and can fail),
            # so the argument is walked for its own uses.
            for argument in _arguments(core):
                self._count_argument(argument, select, sources, ctes)
            return EMPTY
        if isinstance(core, exp.Subquery):
            return Lineage.union(
                [lineage for _, lineage in self.query(core.this, ctes, sources)], identity=True
            )
        if isinstance(core, _VALUE_PRESERVING):
            parts = [self.value(arg, select, sources, ctes) for arg in _arguments(core)]
            lineage = Lineage.union(parts, identity=True)
            if isinstance(core, exp.Min | exp.Max) and lineage.sources:
                self.usages.append(Usage("min or max", lineage))
            return lineage
        derived = self._date_derivation(core, sources)
        if derived is not None:
            self.usages.append(Usage("computed", derived))
            return derived
        parts = []
        for child in core.iter_expressions():
            if isinstance(child, exp.Select | exp.SetOperation):
                parts += [lineage for _, lineage in self.query(child, ctes, sources)]
            else:
                parts.append(self.value(child, select, sources, ctes))
        lineage = _derived(parts)
        if lineage.sources:
            # Computing on a value can fail depending on it (a cast, a division), and the
            # failure or its timing is a side channel even when the result is redacted.
            self.usages.append(Usage("computed", lineage))
        return lineage

    def _date_derivation(self, core: exp.Expr, sources: Mapping[str, _Source]) -> Lineage | None:
        """Recognize the year of a column, or one column minus another."""
        year = _year_operand(core)
        if year is not None:
            column = self._column(year, sources)
            return Lineage(column.sources, identity=False, derivation="year")
        if isinstance(core, exp.Sub):
            left, right = _date_operand(core.this), _date_operand(core.expression)
            if left is not None and right is not None:
                parts = [self._column(left, sources), self._column(right, sources)]
                joined = Lineage.union(parts, identity=False)
                return Lineage(joined.sources, identity=False, derivation="date_difference")
        return None

    def _count_argument(
        self,
        argument: exp.Expr,
        select: exp.Select,
        sources: Mapping[str, _Source],
        ctes: Mapping[str, _Derived],
    ) -> None:
        if isinstance(argument, exp.Star):
            return
        if isinstance(argument, exp.Distinct):
            for expression in argument.expressions:
                lineage = self.value(expression, select, sources, ctes)
                self.usages.append(Usage("DISTINCT", lineage, equality=True))
            return
        self.value(argument, select, sources, ctes)

    def _column(self, column: exp.Column, sources: Mapping[str, _Source]) -> Lineage:
        qualifier = column.table
        if not qualifier or isinstance(column.this, exp.Star):
            raise _unresolved(column)
        source = sources.get(qualifier)
        if source is None:
            raise _unresolved(column)
        if isinstance(source, str):
            return Lineage(frozenset({SourceColumn(source, column.name)}), identity=True)
        lineage = source.columns.get(column.name)
        if lineage is None:
            raise _unresolved(column)
        return lineage

    def _record_usages(
        self,
        select: exp.Select,
        sources: Mapping[str, _Source],
        ctes: Mapping[str, _Derived],
        outputs: Mapping[str, Lineage],
    ) -> None:
        for column in _columns_in_scope(select):
            clause = _deciding_clause(column, select)
            if clause is None:
                continue
            if not column.table and clause == "ORDER BY" and column.name in outputs:
                lineage = outputs[column.name]
            else:
                lineage = self._column(column, sources)
            if clause == "GROUP BY" and isinstance(column.parent, exp.Group):
                self.usages.append(Usage(clause, lineage, equality=True))
                continue
            partner = _equality_partner(column) if clause == "JOIN" else None
            if partner is not None:
                other = self._column(partner, sources)
                self.usages.append(Usage(clause, lineage, equality=True, partner=other))
                continue
            self.usages.append(Usage(clause, lineage))
        for subquery in _subqueries_in_scope(select, include_projections=False):
            clause = _deciding_clause(subquery, select) or "subquery"
            for _, lineage in self.query(subquery, ctes, sources):
                self.usages.append(Usage(clause, lineage))

    def _order_of_setop(self, node: exp.SetOperation, outputs: list[tuple[str, Lineage]]) -> None:
        order = node.args.get("order")
        if order is None:
            return
        names = dict(outputs)
        for column in order.find_all(exp.Column):
            lineage = names.get(column.name)
            if lineage is None:
                raise _unresolved(column)
            self.usages.append(Usage("ORDER BY", lineage))


def _derived_source(name: str, outputs: list[tuple[str, Lineage]]) -> _Derived:
    """Build a CTE's or subquery's columns; duplicate names would make references ambiguous."""
    columns: dict[str, Lineage] = {}
    for column, lineage in outputs:
        if column in columns:
            raise QueryRejected(
                "column.duplicate",
                f"{name!r} returns two columns named {column!r}.",
                hint="Give each column of a CTE or subquery its own alias.",
            )
        columns[column] = lineage
    return _Derived(columns)


def _derived(parts: list[Lineage]) -> Lineage:
    """Combine the parts of a computed value; a derivation survives only if every part has it."""
    joined = Lineage.union(parts, identity=False)
    derivations = {part.derivation for part in parts if part.sources}
    derivation = derivations.pop() if len(derivations) == 1 else None
    return Lineage(joined.sources, identity=False, derivation=derivation)


def _year_operand(node: exp.Expr) -> exp.Column | None:
    """Return the column of ``EXTRACT(YEAR FROM c)`` or ``strftime('%Y', c)``, else None."""
    if isinstance(node, exp.Cast):
        return _year_operand(node.this)
    if isinstance(node, exp.Extract):
        unit = node.this
        if isinstance(unit, exp.Var) and unit.name.upper() == "YEAR":
            return _date_operand(node.expression)
        return None
    if isinstance(node, exp.TimeToStr):
        pattern = node.args.get("format")
        if isinstance(pattern, exp.Literal) and pattern.this == "%Y":
            return _date_operand(node.this)
    return None


def _date_operand(node: exp.Expr | None) -> exp.Column | None:
    """Return the column when ``node`` is a column, possibly wrapped as a date or a day number."""
    if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
        return node
    if isinstance(node, exp.Cast | exp.TsOrDsToTimestamp):
        return _date_operand(node.this)
    if isinstance(node, exp.Anonymous) and str(node.name).upper() == "JULIANDAY":
        arguments = node.expressions
        return _date_operand(arguments[0]) if len(arguments) == 1 else None
    return None


def _arguments(node: exp.Expr) -> list[exp.Expr]:
    return [child for child in node.iter_expressions() if not isinstance(child, exp.Order)]


def _nearest_query(node: exp.Expr) -> exp.Expr | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.Select | exp.SetOperation):
        parent = parent.parent
    return parent


def _columns_in_scope(node: exp.Expr) -> list[exp.Column]:
    """Columns under ``node`` that belong to its own query, not to a nested subquery or CTE."""
    owner = node if isinstance(node, exp.Select) else _nearest_query(node)
    columns = []
    for column in node.find_all(exp.Column):
        if _nearest_query(column) is owner and not _inside_with(column, owner):
            columns.append(column)
    return columns


def _inside_with(node: exp.Expr, owner: exp.Expr | None) -> bool:
    parent = node.parent
    while parent is not None and parent is not owner:
        if isinstance(parent, exp.With):
            return True
        parent = parent.parent
    return False


def _subqueries_in_scope(
    node: exp.Expr, *, include_projections: bool = True
) -> list[exp.Subquery | exp.Select]:
    """Subqueries nested directly in ``node``'s query (FROM items excluded)."""
    owner = node if isinstance(node, exp.Select) else _nearest_query(node)
    found: list[exp.Subquery | exp.Select] = []
    for candidate in node.find_all(exp.Select, exp.SetOperation):
        if candidate is node or _nearest_query(candidate) is not owner:
            continue
        parent = candidate.parent
        if isinstance(parent, exp.From | exp.Join | exp.CTE) or _inside_with(candidate, owner):
            continue
        if isinstance(parent, exp.Subquery) and isinstance(parent.parent, exp.From | exp.Join):
            continue
        if not include_projections and _in_projection(candidate, owner):
            continue
        wrapped = parent if isinstance(parent, exp.Subquery) else candidate
        if isinstance(wrapped, exp.Subquery | exp.Select):
            found.append(wrapped)
    return found


def _in_projection(node: exp.Expr, owner: exp.Expr | None) -> bool:
    if not isinstance(owner, exp.Select):
        return False
    current: exp.Expr | None = node
    while current is not None and current.parent is not owner:
        current = current.parent
    return (
        current is not None
        and current.arg_key == "expressions"
        and (_deciding_clause(node, owner) is None)
    )


def _deciding_clause(node: exp.Expr, owner: exp.Expr) -> str | None:
    """Name the clause in which ``node`` decides something, or None for a returned value."""
    clause = None
    current = node
    while current is not owner and current.parent is not None:
        parent = current.parent
        if isinstance(parent, exp.Predicate) or (
            isinstance(parent, exp.If) and current.arg_key == "this"
        ):
            clause = clause or "condition"
        if isinstance(parent, exp.Join) and current.arg_key in {"on", "using"}:
            return "JOIN"
        if isinstance(parent, exp.Window) and current.arg_key in {"partition_by", "order"}:
            return "window"
        if isinstance(parent, exp.Distinct) and current.arg_key == "on":
            return "DISTINCT ON"
        for kind, name in _CLAUSES:
            if isinstance(parent, kind):
                return name
        current = parent
    return clause


def _equality_partner(column: exp.Column) -> exp.Column | None:
    """Return the other column when ``column`` is one side of ``a = b`` between two columns."""
    parent = column.parent
    if not isinstance(parent, exp.EQ):
        return None
    left, right = parent.left, parent.right
    if not (isinstance(left, exp.Column) and isinstance(right, exp.Column)):
        return None
    return right if left is column else left


def _table_not_found(name: str) -> QueryRejected:
    return QueryRejected(
        "table.not_found",
        f"Table {name!r} not found.",
        hint="Call list_tables to see the tables you may read.",
    )


def _unresolved(column: exp.Column) -> QueryRejected:
    name = column.sql()
    return QueryRejected(
        "column.not_found",
        f"Column {name} not found in the tables of this query.",
        hint="Call describe_table to see the columns you may read; whole-row references "
        "such as a bare table alias are not allowed.",
    )
