"""Free-text masking: find the identifiers in a note and replace them.

Four detectors run on every note, and their spans are merged:

* the identifier dictionary (``IdentifierDictionary``), for the names, MRNs, phone numbers and
  other identifiers the database holds;
* patterns (``PatternDetector``), for identifiers with a recognizable shape, a label or a
  checksum;
* name cues (``phigate.masking.cues``), for names after a title, relation word or before
  credentials, including names that are also ordinary words ("daughter Hope");
* the name scan (``NameScanner``), which masks every capitalized word that is on no list of
  safe words, for people and places the database does not hold.

A detector is any object with ``find(text) -> list[Span]``; ``FreeTextMasker`` takes more of
them through ``detectors``, such as ``phigate.masking.ner.SpacyDetector``.

Each span becomes its kind's placeholder or a keyed pseudonym, as ``MaskSpec.replace_with``
selects. Dates follow ``MaskSpec.dates`` instead: ``placeholder``, ``year`` or ``shift``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from phigate.errors import MaskingError
from phigate.masking.characters import DetectionText, detection_text
from phigate.masking.cues import (
    find_badges_after,
    find_cue_names,
    find_particle_names,
    find_repeated_names,
)
from phigate.masking.dates import find_ages_after
from phigate.masking.dictionary import IdentifierDictionary
from phigate.masking.names import NameScanner
from phigate.masking.operators import Masker, placeholder
from phigate.masking.patterns import DEFAULT_MRN_PATTERNS, PatternDetector
from phigate.masking.places import find_zips_after
from phigate.masking.rewrite import shift_date, year_of_date
from phigate.masking.spans import Span, merge_spans
from phigate.policy import MaskSpec, PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._span import join_names as _native_join_names
except ImportError:  # pragma: no cover
    _native_join_names = None  # type: ignore[assignment]

__all__ = [
    "DEFAULT_MRN_PATTERNS",
    "Detector",
    "FreeTextMasker",
    "IdentifierDictionary",
    "Span",
]

_DATE_TREATMENTS = frozenset({"placeholder", "year", "shift"})
_DATE_KINDS = frozenset({PhiKind.DATE, PhiKind.BIRTH_DATE})
# Two name spans with only this between them are one name ("Maria" + "Lopez").
_NAME_JOIN = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n[ \t]*[^\W\d_]+")
# A number after a date that may be its year although the date span left it out: "Jan 5, 0001".
_YEAR_AFTER = re.compile(r",?[ \t]*'?\d{1,4}(?![\d/:-]|\.\d)")


class Detector(Protocol):
    """Something that finds identifier spans in text."""

    def find(self, text: str) -> list[Span]:
        """Return the spans found in ``text``, in any order, possibly overlapping."""
        ...


class FreeTextMasker:
    """Mask the identifiers in free-text values.

    Args:
        masker: computes pseudonyms for ``replace_with: pseudonym``, the date shift and the
            current date for ``dates: year``.
        dictionary: identifiers the database holds; without one the other detectors run.
        mrn_patterns: regular expressions for MRNs in place of ``DEFAULT_MRN_PATTERNS``; see
            ``PatternDetector``.
        detectors: further detectors, run after the built-in ones.
        name_scan: run the capitalized-word name scan. Turning it off keeps more capitalized
            words but misses names the database does not hold.

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
        name_scan: bool = True,
    ) -> None:
        self._masker = masker
        self._patterns = PatternDetector(mrn_patterns)
        self._dictionary = dictionary
        self._names = NameScanner() if name_scan else None
        self._detectors: tuple[Detector, ...] = tuple(detectors)

    def find(self, text: str) -> list[Span]:
        """Return the identifier spans in ``text``: merged, non-overlapping and sorted."""
        reading, spans = self._detect(text)
        if reading.aligned:
            return spans
        return [
            Span(*reading.original_span(span.start, span.end), span.kind, span.source)
            for span in spans
        ]

    def _detect(self, note: str) -> tuple[DetectionText, list[Span]]:
        """Return the text the detectors read and the spans they found in it."""
        reading = detection_text(note)
        text = reading.text
        # One pass finds where every pattern may start; the detectors read it.
        scan = self._patterns.prefilter.scan(text)
        spans: list[Span] = []
        if self._dictionary is not None:
            spans.extend(self._dictionary.find(text, scan))
        spans.extend(self._patterns.find(text, scan))
        cue_spans = find_cue_names(scan)
        spans.extend(cue_spans)
        scan_spans = self._names.find(text) if self._names is not None else []
        spans.extend(scan_spans)
        spans.extend(find_repeated_names(text, cue_spans, scan_spans))
        for detector in self._detectors:
            spans.extend(detector.find(text))
        merged = merge_spans(spans)
        following = [
            *find_zips_after(text, merged),
            *find_ages_after(scan, merged),
            *find_particle_names(scan, merged),
            *find_badges_after(scan, merged),
        ]
        if following:
            merged = merge_spans([*merged, *following])
        return reading, _join_names(text, merged)

    def mask(self, text: str, spec: MaskSpec, *, date_scope: str = "") -> str:
        """Replace every identifier in ``text`` in the way ``spec`` selects.

        Each span becomes its kind's placeholder (``<PERSON>``, ``<DATE>``) or, with
        ``replace_with: pseudonym``, the pseudonym of its text, so one name gets one token
        across notes and columns. Dates follow ``spec.dates``: the placeholder, the year alone
        (a bucket such as ``"1936 or earlier"`` where the year would show an age over 89), or
        the date moved by ``Masker.date_offset(date_scope)`` days in its written form.

        Raises:
            MaskingError: ``text`` is not a string, or detection failed. The caller withholds
                the value; the message never contains it.
        """
        if not isinstance(text, str):
            raise MaskingError(f"free_text masking expects a string, got {type(text).__name__}")
        try:
            dates = _date_treatment(spec)
            reading, spans = self._detect(text)
            pieces: list[str] = []
            position = 0
            for span in spans:
                start, end = reading.original_span(span.start, span.end)
                pieces.append(text[position:start])
                # Replacements are computed from the text the detectors read, so that a date
                # written with a no-break space is parsed and a name gets one pseudonym.
                found = reading.text[span.start : span.end]
                year_after = (
                    dates == "shift"
                    and span.kind in _DATE_KINDS
                    and _YEAR_AFTER.match(reading.text, span.end) is not None
                )
                pieces.append(
                    self._replacement(
                        found, span.kind, spec, dates, date_scope, year_after=year_after
                    )
                )
                position = end
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

    def _replacement(
        self,
        found: str,
        kind: PhiKind,
        spec: MaskSpec,
        dates: str,
        date_scope: str,
        *,
        year_after: bool,
    ) -> str:
        if kind in _DATE_KINDS:
            if dates == "year":
                return year_of_date(found, self._masker.today())
            if dates == "shift":
                offset = self._masker.date_offset(date_scope)
                return shift_date(found, offset, self._masker.today(), year_after=year_after)
            return placeholder(kind)
        if spec.replace_with == "pseudonym":
            return self._masker.pseudonym(found, kind)
        return placeholder(kind)


def _date_treatment(spec: MaskSpec) -> str:
    # The policy model checks the field; a spec built in code without validation is checked here.
    treatment = spec.dates
    if treatment not in _DATE_TREATMENTS:
        raise MaskingError(f"unknown dates treatment {treatment!r}")
    return str(treatment)


def _join_names(text: str, spans: list[Span]) -> list[Span]:
    """Join name spans that only white space separates, so a full name gets one pseudonym.

    A name hyphenated over a line break ("Kowal-\\nski") takes its second half along.
    ``spans`` are merged and sorted. ``_span.join_names`` runs the loop in C where it was
    built.
    """
    if _native_join_names is not None:
        joined = _native_join_names(text, spans, PhiKind.NAME, _HYPHEN_BREAK.match)
        if joined is not None:
            return joined
    return _python_join_names(text, spans)


def _python_join_names(text: str, spans: list[Span]) -> list[Span]:
    """Run ``_join_names`` in Python."""
    joined: list[Span] = []
    name = PhiKind.NAME
    last_is_name = False
    for found in spans:
        span = found
        if span.kind != name:
            joined.append(span)
            last_is_name = False
            continue
        # A hyphen after a name is rare, so it is checked before the pattern runs.
        if text.startswith("-", span.end):
            broken = _HYPHEN_BREAK.match(text, span.end)
            if broken is not None:
                span = Span(span.start, broken.end(), span.kind, span.source)
        if last_is_name:
            last = joined[-1]
            if _NAME_JOIN.fullmatch(text, last.end, span.start):
                joined[-1] = Span(last.start, span.end, name, last.source)
                continue
        joined.append(span)
        last_is_name = True
    return joined
