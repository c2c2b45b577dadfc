"""Masking of query results before they reach the model.

``Masker`` applies a column's ``MaskSpec`` to single values, and ``FreeTextMasker`` finds and
replaces the identifiers inside notes.
"""

from phigate.masking.dictionary import IdentifierDictionary
from phigate.masking.freetext import FreeTextMasker
from phigate.masking.operators import Masker, placeholder
from phigate.masking.spans import Span

__all__ = ["FreeTextMasker", "IdentifierDictionary", "Masker", "Span", "placeholder"]
