"""Tests for the detection evaluation's matching rules and its hand-labeled notes."""

from __future__ import annotations

from phigate.evals.detection.corpus import GoldSpan, handwritten_set, parse_markup
from phigate.evals.detection.matching import Scores, covered, score_note
from phigate.masking.spans import Span
from phigate.policy import PhiKind


def detected(*bounds: tuple[int, int]) -> list[Span]:
    """Return name spans at ``bounds``."""
    return [Span(start, end, PhiKind.NAME, "scan") for start, end in bounds]


def test_covered_ignores_separators() -> None:
    """A gold span is covered when its letters and digits are, whatever covers the comma."""
    text = "LOPEZ, MARIA"
    assert covered(text, 0, len(text), detected((0, 5), (7, 12)))
    assert not covered(text, 0, len(text), detected((0, 5)))


def test_partial_cover_is_a_miss() -> None:
    """Covering part of a name leaves it missed."""
    scores = Scores()
    text = "Maria Lopez called"
    score_note(text, [GoldSpan(0, 11, "name", held=False)], [], detected((0, 5)), scores)
    assert scores.recall() == 0.0
    assert scores.recall("name (not in database)") == 0.0


def test_precision_rates() -> None:
    """Character precision counts letters and digits; span precision counts spans."""
    scores = Scores()
    text = "Maria Lopez takes metformin"
    gold = [GoldSpan(0, 11, "name", held=True)]
    score_note(text, gold, [(18, 27)], detected((0, 11), (18, 27)), scores)
    assert scores.recall() == 1.0
    assert scores.character_precision() == 10 / 19
    assert scores.span_precision() == 0.5
    assert scores.term_preservation() == 0.0
    assert scores.false_positives["metformin"] == 1


def test_terms_inside_gold_spans_not_counted() -> None:
    """A clinical term inside an identifier is left out of the preservation count."""
    scores = Scores()
    text = "Annemouth Cardiology Associates"
    gold = [GoldSpan(0, len(text), "facility", held=False)]
    score_note(text, gold, [(10, 20)], detected((0, len(text))), scores)
    assert scores.terms == 0


def test_parse_markup() -> None:
    """Markup becomes plain text with gold spans and term spans at the right offsets."""
    note = parse_markup("Seen [[name:Ann Lee]] on [[date:3/4]] for {{asthma}}.")
    assert note.text == "Seen Ann Lee on 3/4 for asthma."
    assert [(note.text[g.start : g.end], g.kind) for g in note.gold] == [
        ("Ann Lee", "name"),
        ("3/4", "date"),
    ]
    assert [note.text[start:end] for start, end in note.terms] == ["asthma"]


def test_handwritten_set_is_labeled() -> None:
    """Every hand-written note parses and carries identifiers and clinical terms."""
    note_set = handwritten_set()
    assert len(note_set.notes) == 20
    assert note_set.dictionary is None
    for note in note_set.notes:
        assert note.gold
        assert "[[" not in note.text
        assert "{{" not in note.text


def test_overall_recall_counts_each_span_once() -> None:
    """A name the database does not hold counts once in the overall recall."""
    scores = Scores()
    text = "Maria Lopez seen 3/4"
    gold = [GoldSpan(0, 11, "name", held=False), GoldSpan(17, 20, "date", held=False)]
    score_note(text, gold, [], detected((0, 11)), scores)
    assert scores.recall() == 0.5
    assert scores.recall("name (not in database)") == 1.0
