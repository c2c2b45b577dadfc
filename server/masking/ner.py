"""An optional NER source for free-text masking: entities from an installed spaCy pipeline.

phigate works without it, because the name scan covers people the database does not hold. The
config's ``masking.ner_model`` names an installed spaCy model package or the folder of a saved
pipeline, and ``open_spacy_detector`` wraps it as one more detector for
``FreeTextMasker(detectors=...)``.
Nothing is downloaded: a model that is not installed raises ``ModelUnavailable``, and spaCy
itself is imported only when asked for.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from phigate.masking.spans import Span
from phigate.policy import PhiKind

__all__ = [
    "DEFAULT_ENTITY_KINDS",
    "ModelUnavailable",
    "SpacyDetector",
    "load_spacy_detector",
    "open_spacy_detector",
]

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


class ModelUnavailable(Exception):
    """spaCy, or the model package or folder it is asked for, cannot be loaded here."""


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
        # Query results are masked in worker threads, and spaCy does not promise that one
        # pipeline may process two texts at once.
        self._lock = threading.Lock()

    def find(self, text: str) -> list[Span]:
        """Return a span for every entity whose label is in ``entity_kinds``."""
        with self._lock:
            document = self._nlp(text)
        spans: list[Span] = []
        for entity in document.ents:
            kind = self._entity_kinds.get(entity.label_)
            if kind is not None and entity.end_char > entity.start_char:
                spans.append(Span(entity.start_char, entity.end_char, kind, "model"))
        return spans


def open_spacy_detector(model: str | Path) -> SpacyDetector:
    """Load a spaCy pipeline as a detector: an installed package by name, or a saved folder.

    Raises:
        ModelUnavailable: spaCy is not installed, no package of that name is installed, the
            folder does not exist, or spaCy fails to load it. Nothing is downloaded.
    """
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        raise ModelUnavailable(
            "spaCy is not installed; install it with pip install spacy"
        ) from None
    if isinstance(model, Path):
        if not model.is_dir():
            raise ModelUnavailable(f"{model} is not a folder holding a saved spaCy pipeline")
    elif not spacy.util.is_package(model):
        raise ModelUnavailable(
            f"the spaCy model package {model!r} is not installed; install it with pip first"
        )
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED_COMPONENTS))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"spaCy could not load {model}: {error}") from None
    return SpacyDetector(nlp)


def load_spacy_detector(model: str | Path) -> SpacyDetector | None:
    """Load a spaCy pipeline as a detector, or return None where it cannot be loaded.

    The reason is logged; the caller then runs without the NER source.
    """
    try:
        return open_spacy_detector(model)
    except ModelUnavailable as error:
        logger.info("running without an NER model: %s", error)
        return None
