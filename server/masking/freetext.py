"""Free-text masking: find the identifiers in a note and replace them.

Each identifier becomes a typed placeholder or a keyed pseudonym. Three detectors run on every
note, and their spans are merged:

* the identifier dictionary (``IdentifierDictionary``), for the names, MRNs, phone numbers and
  other identifiers the database holds;
* patterns (``PatternDetector``), for identifiers with a recognizable shape;
* name cues (``phigate.masking.cues``), for people the database does not hold, such as a
  patient's daughter or a consulting doctor.

A detector is any object with ``find(text) -> list[Span]``; ``FreeTextMasker`` takes more of
them through ``detectors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from phigate.errors import MaskingError
from phigate.masking.cues import find_cue_names, find_repeated_names
from phigate.masking.dictionary import IdentifierDictionary
from phigate.masking.operators import Masker, placeholder
from phigate.masking.patterns import DEFAULT_MRN_PATTERNS, PatternDetector
from phigate.masking.spans import Span, merge_spans
from phigate.policy import MaskSpec, PhiKind

__all__ = [
    "DEFAULT_MRN_PATTERNS",
    "Detector",
    "FreeTextMasker",
    "IdentifierDictionary",
    "Span",
]


class Detector(Protocol):
    """Something that finds identifier spans in text."""

    def find(self, text: str) -> list[Span]:
        """Return the spans found in ``text``, in any order, possibly overlapping."""
        ...


class _CueDetector:
    def find(self, text: str) -> list[Span]:
        spans = find_cue_names(text)
        spans.extend(find_repeated_names(text, spans))
        return spans


class FreeTextMasker:
    """Mask the identifiers in free-text values.

    Args:
        masker: computes pseudonyms for ``replace_with: pseudonym``.
        dictionary: identifiers the database holds; without one only patterns and cues run.
        mrn_patterns: regular expressions for MRNs in place of ``DEFAULT_MRN_PATTERNS``; see
            ``PatternDetector``.
        detectors: further detectors, run after the built-in ones.

    Raises:
        ValueError: an MRN pattern is not a valid regular expression.
    """

    def __init__(
        self,
        masker: Masker,
        dictionary: IdentifierDictionary | None = None,
        *,
        mrn_patterns: Sequence[str] | None = None,
        detectors: Sequence[Detector] = (),
    ) -> None:
        self._masker = masker
        built_in: list[Detector] = [PatternDetector(mrn_patterns), _CueDetector()]
        if dictionary is not None:
            built_in.insert(0, dictionary)
        self._detectors: tuple[Detector, ...] = (*built_in, *detectors)

    def find(self, text: str) -> list[Span]:
        """Return the identifier spans in ``text``: merged, non-overlapping and sorted."""
        spans: list[Span] = []
        for detector in self._detectors:
            spans.extend(detector.find(text))
        return merge_spans(spans)

    def mask(self, text: str, spec: MaskSpec) -> str:
        """Replace every identifier in ``text`` in the way ``spec.replace_with`` selects.

        Each span becomes its kind's placeholder (``<PERSON>``, ``<DATE>``) or, with
        ``replace_with: pseudonym``, the pseudonym of its text, so one name gets one token
        across notes and columns.

        Raises:
            MaskingError: ``text`` is not a string, or detection failed. The caller withholds
                the value; the message never contains it.
        """
        if not isinstance(text, str):
            raise MaskingError(f"free_text masking expects a string, got {type(text).__name__}")
        try:
            spans = self.find(text)
            pieces: list[str] = []
            position = 0
            for span in spans:
                pieces.append(text[position : span.start])
                pieces.append(self._replacement(text[span.start : span.end], span.kind, spec))
                position = span.end
            pieces.append(text[position:])
        except MaskingError:
            raise
        except Exception as exc:  # noqa: BLE001  (every failure must become MaskingError)
            # The original exception can quote the text, so it is not chained.
            raise MaskingError(f"free-text detection failed ({type(exc).__name__})") from None
        return "".join(pieces)

    def mask_value(self, value: object, spec: MaskSpec) -> object:
        """Mask one free-text column value; ``None`` stays ``None``.

        Raises:
            MaskingError: as ``mask``; also for a value that is not text (bytes, a list).
        """
        if value is None:
            return None
        if not isinstance(value, str):
            raise MaskingError(f"free_text masking expects a string, got {type(value).__name__}")
        return self.mask(value, spec)

    def _replacement(self, found: str, kind: PhiKind, spec: MaskSpec) -> str:
        if spec.replace_with == "pseudonym":
            return self._masker.pseudonym(found, kind)
        return placeholder(kind)
