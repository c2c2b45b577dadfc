"""Labeled notes for the detection evaluation: generated notes and three hand-written sets.

A generated set comes from ``phigate.demo.data.generate``, whose note writer records the span
and kind of every identifier it writes. Its identifier dictionary is built the way the gateway
builds it: from every column of the demo policy whose kind is in ``DICTIONARY_KINDS``. A gold
name counts as held by the database when the dictionary alone covers it; relatives, nurses and
outside doctors are not stored, so most of their names are not held.

Clinical terms for the generated set are the generator's own vocabulary: drug names from the
medications table, condition names and abbreviations, lab short names, weekdays and units.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from phigate.demo.data import TABLE_COLUMNS, Dataset, generate
from phigate.demo.notes import CONDITIONS
from phigate.evals.detection.blind_notes import BLIND_NOTES
from phigate.evals.detection.handwritten import HANDWRITTEN_NOTES
from phigate.evals.detection.matching import covered
from phigate.evals.detection.trial_notes import TRIAL_NOTES
from phigate.gateway import DICTIONARY_KINDS
from phigate.masking import IdentifierDictionary
from phigate.policy import PhiKind, load_policy

__all__ = [
    "EvalNote",
    "GoldSpan",
    "NoteSet",
    "blind_set",
    "generated_set",
    "handwritten_set",
    "trial_set",
]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One labeled identifier: ``text[start:end]`` of kind ``kind``."""

    start: int
    end: int
    kind: str
    # Whether the identifier dictionary alone covers the span; only meaningful for names.
    held: bool


@dataclass(frozen=True, slots=True)
class EvalNote:
    """A note, its labeled identifiers and the clinical terms in it that must survive."""

    text: str
    gold: tuple[GoldSpan, ...]
    terms: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class NoteSet:
    """Notes to score, and the dictionary a masker for them should use (None: no database)."""

    name: str
    notes: tuple[EvalNote, ...]
    dictionary: IdentifierDictionary | None
    description: str


_LAB_SHORT_NAMES = [
    "Na",
    "K",
    "Cl",
    "CO2",
    "BUN",
    "Cr",
    "glucose",
    "Ca",
    "WBC",
    "Hgb",
    "Hct",
    "Plt",
    "TC",
    "LDL",
    "HDL",
    "TG",
    "A1c",
    "TSH",
    "BNP",
    "lactate",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_UNITS = ("mg", "mcg", "mL", "mmol/L", "mg/dL", "g/dL", "units", "kg", "puffs")


def generated_set(patients: int, notes: int, seed: int) -> NoteSet:
    """Generate notes with ``seed`` and label them from the generator's own spans."""
    dataset = generate(patients=patients, notes=notes, seed=seed)
    dictionary = IdentifierDictionary.build(database_values(dataset))
    term_pattern = _term_pattern(_generated_terms(dataset))
    eval_notes: list[EvalNote] = []
    for row in dataset.clinical_notes:
        note_id, body = row[0], row[6]
        assert isinstance(note_id, int)
        assert isinstance(body, str)
        held_spans = dictionary.find(body)
        gold = tuple(
            GoldSpan(
                span.start,
                span.end,
                span.kind,
                covered(body, span.start, span.end, held_spans),
            )
            for span in dataset.note_spans[note_id]
        )
        terms = tuple(match.span() for match in term_pattern.finditer(body))
        eval_notes.append(EvalNote(body, gold, terms))
    description = f"generated: seed {seed}, {patients} patients, {notes} notes"
    return NoteSet(f"generated-{seed}", tuple(eval_notes), dictionary, description)


def database_values(dataset: Dataset) -> dict[PhiKind, list[str]]:
    """Return the values of every demo-policy column the gateway's dictionary reads."""
    with resources.as_file(resources.files("phigate.policies") / "demo.yaml") as path:
        policy = load_policy(path)
    values: dict[PhiKind, list[str]] = defaultdict(list)
    for table, columns in policy.classification.items():
        if table not in TABLE_COLUMNS:
            continue
        names = TABLE_COLUMNS[table]
        for column, kind in columns.items():
            if kind not in DICTIONARY_KINDS or column not in names:
                continue
            index = names.index(column)
            for row in dataset.rows(table):
                value = row[index]
                if value is not None:
                    values[kind].append(str(value))
    return dict(values)


def _generated_terms(dataset: Dataset) -> set[str]:
    terms: set[str] = set(_LAB_SHORT_NAMES) | set(_WEEKDAYS) | set(_UNITS)
    drug_index = TABLE_COLUMNS["medications"].index("drug_name")
    terms.update(str(row[drug_index]) for row in dataset.medications)
    for condition in CONDITIONS:
        terms.add(condition.name)
        terms.add(condition.abbreviation)
    return terms


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(term) for term in ordered)
    return re.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])", re.IGNORECASE)


_MARKUP = re.compile(r"\[\[([a-z_]+):(.+?)\]\]|\{\{(.+?)\}\}", re.DOTALL)


def parse_markup(marked: str) -> EvalNote:
    """Turn a note with ``[[kind:text]]`` and ``{{term}}`` markup into text and spans."""
    pieces: list[str] = []
    gold: list[GoldSpan] = []
    terms: list[tuple[int, int]] = []
    length = 0
    position = 0
    for match in _MARKUP.finditer(marked):
        literal = marked[position : match.start()]
        pieces.append(literal)
        length += len(literal)
        if match.group(1) is not None:
            value = match.group(2)
            gold.append(GoldSpan(length, length + len(value), match.group(1), held=False))
        else:
            value = match.group(3)
            terms.append((length, length + len(value)))
        pieces.append(value)
        length += len(value)
        position = match.end()
    pieces.append(marked[position:])
    return EvalNote("".join(pieces), tuple(gold), tuple(terms))


def handwritten_set(notes: Sequence[str] = HANDWRITTEN_NOTES) -> NoteSet:
    """Return the hand-written notes, scored without a dictionary."""
    parsed = tuple(parse_markup(note) for note in notes)
    description = f"hand-written: {len(parsed)} notes, no identifier dictionary"
    return NoteSet("handwritten", parsed, None, description)


def trial_set(notes: Sequence[str] = TRIAL_NOTES) -> NoteSet:
    """Return the new-user trial's notes, scored without a dictionary."""
    parsed = tuple(parse_markup(note) for note in notes)
    description = f"trial: {len(parsed)} hand-written notes from a new-user trial, not held out"
    return NoteSet("trial", parsed, None, description)


def blind_set(notes: Sequence[str] = BLIND_NOTES) -> NoteSet:
    """Return the notes written blind, without the detector in view, scored without a dictionary."""
    parsed = tuple(parse_markup(note) for note in notes)
    description = f"blind: {len(parsed)} hand-written notes written without the detector in view"
    return NoteSet("blind", parsed, None, description)
