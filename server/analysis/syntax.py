"""Parse agent SQL and accept only the node types and functions phigate understands.

The check is an allowlist: every node of the parsed tree must be of a listed type and every
function call must be on the dialect's list. Anything else (a write, a lock, ``SELECT INTO``,
an opaque ``Command`` that sqlglot could not parse, a table-valued function) is rejected,
because what is not understood cannot be governed.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, TokenError

from phigate.errors import QueryRejected

__all__ = [
    "ANONYMOUS_AGGREGATES",
    "MAX_SQL_CHARS",
    "check_nodes",
    "engine_functions",
    "function_name",
    "parse_statement",
]

MAX_SQL_CHARS = 20_000
MAX_NODES = 5_000

# Node types that carry structure, not behaviour. Functions are checked by name below.
_ALLOWED_NODES: tuple[type[exp.Expr], ...] = (
    exp.Select,
    exp.Union,
    exp.Intersect,
    exp.Except,
    exp.Subquery,
    exp.With,
    exp.CTE,
    exp.TableAlias,
    exp.Table,
    exp.Identifier,
    exp.Column,
    exp.Star,
    exp.Alias,
    exp.From,
    exp.Join,
    exp.Where,
    exp.Group,
    exp.Having,
    exp.Order,
    exp.Ordered,
    exp.Limit,
    exp.Offset,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Paren,
    exp.Tuple,
    exp.And,
    exp.Or,
    exp.Not,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Is,
    exp.In,
    exp.Between,
    exp.Like,
    exp.ILike,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Mod,
    exp.Neg,
    exp.DPipe,
    exp.Case,
    exp.If,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Distinct,
    exp.Window,
    exp.WindowSpec,
    exp.Var,
    exp.Interval,
    exp.Exists,
    exp.WithinGroup,
)

# Function names as ``function_name`` returns them. Each is deterministic, reads no catalog,
# has no side effect and cannot sleep.
_COMMON_FUNCTIONS = frozenset(
    {
        "ABS",
        "AVG",
        "CEIL",
        "COALESCE",
        "COUNT",
        "CURRENT_DATE",
        "FLOOR",
        "LENGTH",
        "LOWER",
        "MAX",
        "MIN",
        "ROUND",
        "SUBSTRING",
        "SUM",
        "TRIM",
        "UPPER",
    }
)

_DIALECT_FUNCTIONS = {
    "postgres": _COMMON_FUNCTIONS
    | frozenset(
        {
            "CONCAT",
            "CURRENT_TIMESTAMP",
            "DATE_TRUNC",
            "TIMESTAMP_TRUNC",
            "EXTRACT",
            "GREATEST",
            "LEAST",
            "STDDEV",
            "STDDEV_POP",
            "STDDEV_SAMP",
            "VARIANCE",
            "PERCENTILE_CONT",
            "PERCENTILE_DISC",
            "ROW_NUMBER",
            "RANK",
            "DENSE_RANK",
            "ANON:AGE",
        }
    ),
    "sqlite": _COMMON_FUNCTIONS
    | frozenset(
        {
            "DATE",
            "ANON:STRFTIME",
            "ANON:JULIANDAY",
            "ANON:TOTAL",
            "ANON:IFNULL",
            "TIME_TO_STR",
            # sqlglot's model of strftime's time argument; it is written back as that argument.
            "TS_OR_DS_TO_TIMESTAMP",
            "ROW_NUMBER",
            "RANK",
            "DENSE_RANK",
        }
    ),
}

# Allowlisted aggregates that sqlglot does not model, so exp.AggFunc does not find them.
ANONYMOUS_AGGREGATES = frozenset({"ANON:TOTAL"})

# The names SQLite's authorizer reports for the functions above, for the engine-level check.
_SQLITE_ENGINE_NAMES = frozenset(
    {
        "abs",
        "avg",
        "ceil",
        "ceiling",
        "coalesce",
        "count",
        "date",
        "floor",
        "iif",
        "ifnull",
        "julianday",
        "length",
        "like",
        "lower",
        "max",
        "min",
        "rank",
        "dense_rank",
        "round",
        "row_number",
        "strftime",
        "substr",
        "substring",
        "sum",
        "total",
        "trim",
        "upper",
    }
)

_POSITION = re.compile(r"Line (\d+), Col: (\d+)")

# Casts only to plain value types. PostgreSQL's object identifier types (regclass, regrole,
# oid, ...) look names up in the catalog, so a cast to them reveals hidden objects.
_ALLOWED_TYPES = frozenset(
    {
        exp.DataType.Type.TEXT,
        exp.DataType.Type.VARCHAR,
        exp.DataType.Type.CHAR,
        exp.DataType.Type.NCHAR,
        exp.DataType.Type.NVARCHAR,
        exp.DataType.Type.SMALLINT,
        exp.DataType.Type.INT,
        exp.DataType.Type.BIGINT,
        exp.DataType.Type.DECIMAL,
        exp.DataType.Type.FLOAT,
        exp.DataType.Type.DOUBLE,
        exp.DataType.Type.BOOLEAN,
        exp.DataType.Type.DATE,
        exp.DataType.Type.TIME,
        exp.DataType.Type.TIMESTAMP,
        exp.DataType.Type.TIMESTAMPTZ,
        exp.DataType.Type.INTERVAL,
    }
)


def function_name(node: exp.Func) -> str:
    """Name a function call as the allowlists do; ``ANON:`` marks one sqlglot does not model."""
    if isinstance(node, exp.Anonymous):
        return "ANON:" + str(node.name).upper()
    return node.sql_name()


def engine_functions(dialect: str) -> frozenset[str]:
    """Function names the database engine itself may run for this dialect (SQLite only)."""
    return _SQLITE_ENGINE_NAMES if dialect == "sqlite" else frozenset()


def parse_statement(sql: str, dialect: str) -> exp.Query:
    """Parse ``sql`` as exactly one read-only query built only from allowed parts.

    Raises:
        QueryRejected: the SQL is empty, too long, not parseable, more than one statement,
            not a read, or uses a construct or function outside the allowlist.
    """
    if not sql.strip():
        raise QueryRejected("sql.empty", "The SQL is empty.", hint="Send one SELECT statement.")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRejected(
            "sql.too_long",
            f"The SQL is {len(sql)} characters; the maximum is {MAX_SQL_CHARS}.",
            hint="Split the question into smaller queries.",
        )
    trees = _parse(sql, dialect)
    statements = [tree for tree in trees if tree is not None]
    if len(statements) != 1:
        raise QueryRejected(
            "statement.multiple",
            f"The SQL contains {len(statements)} statements; exactly one is allowed.",
            hint="Send one SELECT statement per call, without a trailing second statement.",
        )
    tree = statements[0]
    if not isinstance(tree, exp.Select | exp.SetOperation):
        raise QueryRejected(
            "statement.not_read",
            f"Only read queries are allowed, and {_describe(tree)} is not a read.",
            hint="Use SELECT, WITH ... SELECT, UNION, INTERSECT or EXCEPT.",
        )
    check_nodes(tree, dialect)

    return tree


def _parse(sql: str, dialect: str) -> list[exp.Expr | None]:
    try:
        return sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
    except (ParseError, TokenError) as error:
        where = ""
        match = _POSITION.search(str(error))
        if match:
            where = f" near line {match.group(1)}, column {match.group(2)}"
        raise QueryRejected(
            "sql.parse_error",
            f"The SQL could not be parsed{where}.",
            hint=f"Check the syntax; the SQL must be valid for {dialect}.",
        ) from None
    except Exception:  # noqa: BLE001 - a parser crash rejects the SQL; it never lets it through
        # sqlglot's compiled parser raises TypeError on some malformed input ("->" in SQLite)
        # instead of ParseError, and other types cannot be ruled out.
        raise QueryRejected(
            "sql.parse_error",
            "The SQL could not be parsed.",
            hint=f"Check the syntax; the SQL must be valid for {dialect}.",
        ) from None


def _written_name(node: exp.Func, dialect: str) -> str:
    """Name a function as the dialect writes it, not as sqlglot models it (string_agg, not
    group_concat)."""
    try:
        text = node.sql(dialect=dialect, comments=False)
    except Exception:  # noqa: BLE001 - the name is only for the message
        text = ""
    name = text.split("(", 1)[0].strip().lower()
    if not name or not name.replace("_", "").replace(".", "").isalnum():
        name = function_name(node).removeprefix("ANON:").lower()
    return name


def _describe(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper() or "command"
    return node.key.upper()


def check_nodes(tree: exp.Expr, dialect: str) -> None:
    """Reject any node or function outside the allowlists.

    Raises:
        QueryRejected: with the rule ``syntax.not_allowed``, ``function.not_allowed``,
            ``row.whole_row_reference`` or ``alias.column_list``.
    """
    allowed_functions = _DIALECT_FUNCTIONS[dialect]
    for count, node in enumerate(tree.walk()):
        if isinstance(node, exp.TableColumn):
            raise QueryRejected(
                "row.whole_row_reference",
                f"{node.name!r} refers to a whole row, which is not allowed.",
                hint="Name the columns you need, for example alias.column.",
            )
        if count > MAX_NODES:
            raise QueryRejected(
                "sql.too_complex",
                f"The query has more than {MAX_NODES} syntax nodes.",
                hint="Simplify the query.",
            )
        if isinstance(node, _ALLOWED_NODES):
            pass
        elif isinstance(node, exp.Func):
            name = function_name(node)
            if name not in allowed_functions:
                shown = _written_name(node, dialect)
                raise QueryRejected(
                    "function.not_allowed",
                    f"The function {shown}() is not on the allowlist for {dialect}.",
                    hint="Use plain columns, arithmetic, comparisons and the common aggregates "
                    "(count, sum, avg, min, max).",
                )
        else:
            raise QueryRejected(
                "syntax.not_allowed",
                f"The query uses {_describe(node)}, which is not allowed.",
                hint="Write a plain SELECT with joins, WHERE, GROUP BY, ORDER BY and LIMIT.",
            )
        if isinstance(node, exp.DataType) and node.this not in _ALLOWED_TYPES:
            raise QueryRejected(
                "cast.type_not_allowed",
                f"Casting to {node.sql(dialect=dialect)} is not allowed.",
                hint="Cast only to text, numeric, boolean, date and time types.",
            )
        if isinstance(node, exp.Join) and node.args.get("method"):
            # NATURAL JOIN compares every column with the same name, hidden ones included.
            raise QueryRejected(
                "join.natural",
                f"{node.args['method']} JOIN is not allowed.",
                hint="Join with ON and name the key columns, for example "
                "ON e.patient_id = p.patient_id.",
            )
        if isinstance(node, exp.With) and node.args.get("recursive"):
            raise QueryRejected(
                "cte.recursive",
                "Recursive CTEs are not allowed.",
                hint="Write the query without WITH RECURSIVE.",
            )
        if isinstance(node, exp.TableAlias) and node.columns:
            raise QueryRejected(
                "alias.column_list",
                "Column alias lists on a table or subquery, as in 'AS p(a, b)', are not allowed.",
                hint="Alias each column in the select list instead.",
            )
        if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
            raise QueryRejected(
                "table.not_a_table",
                "Only tables and views may appear in FROM and JOIN.",
                hint="Select from a table listed by list_tables.",
            )
