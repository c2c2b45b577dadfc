"""SQL analysis: parse, resolve, lineage and the decision for one query."""

from phigate.analysis.analyzer import Analysis, Analyzer, ColumnMask, OutputColumn, analyze
from phigate.analysis.lineage import SourceColumn
from phigate.analysis.syntax import engine_functions

__all__ = [
    "Analysis",
    "Analyzer",
    "ColumnMask",
    "OutputColumn",
    "SourceColumn",
    "analyze",
    "engine_functions",
]
