"""An optional NER source for free-text masking: entities from an installed spaCy pipeline.

phigate works without it; the name scan covers people the database does not hold. Where a
spaCy model package is installed, ``load_spacy_detector`` wraps it as one more detector for
``FreeTextMasker(detectors=...)``. Nothing is downloaded: a model that is not installed gives
None, and spaCy itself is imported only when asked for.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import Any

from phigate.masking.spans import Span
from phigate.policy import PhiKind

__all__ = ["DEFAULT_ENTITY_KINDS", "SpacyDetector", "load_spacy_detector"]

logger = logging.getLogger(__name__)

# OntoNotes labels, as spaCy's English models use them. Organizations are left out: in notes
# they are mostly payers, drug makers and services, which are not identifiers.
DEFAULT_ENTITY_KINDS: Mapping[str, PhiKind] = {
    "PERSON": PhiKind.NAME,
    "GPE": PhiKind.CITY,
    "LOC": PhiKind.ADDRESS,
    "FAC": PhiKind.ADDRESS,
    "DATE": PhiKind.DATE,
}
# Components that add nothing to entity recognition and cost time.
_UNUSED_COMPONENTS = ("parser", "lemmatizer", "textcat", "attribute_ruler", "senter")


class SpacyDetector:
    """Turn a spaCy pipeline's entities into identifier spans.

    Args:
        nlp: a loaded ``spacy.Language`` whose pipeline sets ``doc.ents``.
        entity_kinds: which entity labels to keep, and the kind each becomes.
    """

    def __init__(
        self, nlp: Any, entity_kinds: Mapping[str, PhiKind] = DEFAULT_ENTITY_KINDS
    ) -> None:
        self._nlp = nlp
        self._entity_kinds = dict(entity_kinds)

    def find(self, text: str) -> list[Span]:
        """Return a span for every entity whose label is in ``entity_kinds``."""
        document = self._nlp(text)
        spans: list[Span] = []
        for entity in document.ents:
            kind = self._entity_kinds.get(entity.label_)
            if kind is not None and entity.end_char > entity.start_char:
                spans.append(Span(entity.start_char, entity.end_char, kind, "model"))
        return spans


def load_spacy_detector(model: str) -> SpacyDetector | None:
    """Load an installed spaCy model package as a detector, or return None.

    Returns None, with a log line, when spaCy or the model package is not installed; the
    caller then runs without the NER source.
    """
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        logger.info("spaCy is not installed; free-text masking runs without an NER model")
        return None
    if not spacy.util.is_package(model):
        logger.info("spaCy model package not installed (model=%s); running without it", model)
        return None
    nlp = spacy.load(model, exclude=list(_UNUSED_COMPONENTS))
    return SpacyDetector(nlp)
