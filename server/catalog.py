"""The live schema of a governed database: its tables and their columns."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Catalog", "ColumnInfo", "TableInfo"]


@dataclass(frozen=True)
class ColumnInfo:
    """One column as the database reports it."""

    name: str
    data_type: str
    nullable: bool = True


@dataclass(frozen=True)
class TableInfo:
    """One table (or view) of the governed schema, with its columns in declaration order."""

    name: str
    columns: tuple[ColumnInfo, ...]

    def column(self, name: str) -> ColumnInfo | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None


@dataclass(frozen=True)
class Catalog:
    """The governed schema of one connection.

    ``version`` is a digest of every table and column, so caches keyed on it miss after a
    schema change.
    """

    dialect: str
    schema: str
    tables: dict[str, TableInfo]
    version: str = field(default="")

    @classmethod
    def build(cls, dialect: str, schema: str, tables: Iterable[TableInfo]) -> Catalog:
        ordered = {table.name: table for table in sorted(tables, key=lambda table: table.name)}
        digest = hashlib.sha256()
        for table in ordered.values():
            digest.update(table.name.encode())
            for column in table.columns:
                digest.update(f"\0{column.name}\0{column.data_type}\0{column.nullable}".encode())
            digest.update(b"\1")
        return cls(dialect, schema, ordered, digest.hexdigest()[:16])
