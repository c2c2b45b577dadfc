"""Tests for per-kind precision in the detection evaluation and its report tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from phigate.evals.detection.corpus import (
    EvalNote,
    GoldSpan,
    NoteSet,
    blind_set,
    generated_set,
    handwritten_set,
    trial_set,
)
from phigate.evals.detection.matching import UNHELD_NAME, Scores, score_note
from phigate.evals.detection.report import (
    TABLE_COLUMNS,
    evaluate,
    main,
    render_table,
    summary,
)
from phigate.masking.spans import Span
from phigate.policy import PhiKind


def span(start: int, end: int, kind: PhiKind) -> Span:
    return Span(start, end, kind, "pattern")


def scored(text: str, gold: list[GoldSpan], detected: list[Span]) -> Scores:
    scores = Scores()
    score_note(text, gold, [], detected, scores)
    return scores


def assert_sums_match(scores: Scores) -> None:
    """Check that every per-kind counter adds up to its overall count."""
    assert sum(scores.detected_spans_by_kind.values()) == scores.detected_spans
    assert sum(scores.true_spans_by_kind.values()) == scores.true_spans
    assert sum(scores.detected_characters_by_kind.values()) == scores.detected_characters
    assert sum(scores.true_characters_by_kind.values()) == scores.true_characters


# --- per-kind counts ---------------------------------------------------------------------------


def test_false_positive_date_precision() -> None:
    """A true name and a false-positive date: name precision 100%, date precision 0%."""
    text = "Maria Lopez takes 40 mg"
    gold = [GoldSpan(0, 11, "name", held=True)]
    scores = scored(text, gold, [span(0, 11, PhiKind.NAME), span(18, 20, PhiKind.DATE)])

    assert scores.span_precision("name") == 1.0
    assert scores.span_precision("date") == 0.0
    assert scores.span_precision() == 0.5
    assert scores.character_precision("name") == 1.0
    assert scores.character_precision("date") == 0.0
    assert scores.detected_characters_by_kind["name"] == 10
    assert scores.detected_characters_by_kind["date"] == 2
    assert scores.true_characters_by_kind["date"] == 0
    assert scores.found_as_other_kind["name"] == 0
    assert_sums_match(scores)


def test_precision_counts_any_gold_kind() -> None:
    """A name detected as a city is a true city span and a name found as another kind."""
    text = "Seen by Ann Lee today"
    gold = [GoldSpan(8, 15, "name", held=False)]
    scores = scored(text, gold, [span(8, 15, PhiKind.CITY)])

    assert scores.recall("name") == 1.0
    assert scores.detected_spans_by_kind["city"] == 1
    assert scores.span_precision("city") == 1.0
    assert scores.character_precision("city") == 1.0
    assert scores.detected_spans_by_kind["name"] == 0
    assert scores.found_as_other_kind["name"] == 1
    assert scores.found_as_other_kind[UNHELD_NAME] == 1
    assert scores.detected_kinds() == {"city"}


def test_partial_character_precision() -> None:
    """A date span that runs past its gold span loses character precision, not span precision."""
    text = "on 3/4/2024 at clinic"
    gold = [GoldSpan(3, 11, "date", held=False)]
    # "3/4/2024 at" contains 8 letters and digits, 6 of them inside the gold date.
    scores = scored(text, gold, [span(3, 14, PhiKind.DATE)])

    assert scores.span_precision("date") == 1.0
    assert scores.detected_characters_by_kind["date"] == 8
    assert scores.true_characters_by_kind["date"] == 6
    assert scores.character_precision("date") == 6 / 8
    assert_sums_match(scores)


def test_same_kind_overlap_not_mismatch() -> None:
    """A found span is not 'other kind' when one of its detected parts has its kind."""
    text = "LOPEZ, MARIA"
    gold = [GoldSpan(0, 12, "name", held=True)]
    scores = scored(text, gold, [span(0, 5, PhiKind.CITY), span(7, 12, PhiKind.NAME)])

    assert scores.found["name"] == 1
    assert scores.found_as_other_kind["name"] == 0


def test_missed_span_not_mismatch() -> None:
    """A gold span that is not found is a miss, never 'found as another kind'."""
    text = "Maria Lopez called"
    gold = [GoldSpan(0, 11, "name", held=True)]
    scores = scored(text, gold, [span(0, 5, PhiKind.CITY)])

    assert scores.found["name"] == 0
    assert scores.found_as_other_kind["name"] == 0
    assert scores.span_precision("city") == 1.0


def test_overlapping_kinds_count_once() -> None:
    """A character inside two detected spans counts only under the first span's kind."""
    text = "Ann Lee 555-0100"
    gold = [GoldSpan(0, 7, "name", held=True)]
    detected = [span(0, 7, PhiKind.NAME), span(4, 16, PhiKind.PHONE)]
    scores = scored(text, gold, detected)

    # "Lee" goes to the name span. The phone span keeps the 7 digits, none in gold.
    assert scores.detected_characters_by_kind["name"] == 6
    assert scores.detected_characters_by_kind["phone"] == 7
    assert scores.true_characters_by_kind["phone"] == 0
    # The phone span overlaps the gold name, so as a span it counts as true.
    assert scores.span_precision("phone") == 1.0
    assert scores.detected_characters == 13
    assert_sums_match(scores)


def test_precision_without_detections() -> None:
    """A kind with no detected spans has the same empty-set rate as the overall figure."""
    scores = scored("Ann Lee", [GoldSpan(0, 7, "name", held=True)], [])

    assert scores.span_precision("name") == scores.span_precision() == 1.0
    assert scores.character_precision("name") == scores.character_precision() == 1.0


@pytest.mark.parametrize("note_set_name", ["handwritten", "trial", "blind", "generated"])
def test_real_counts_sum_to_overall(note_set_name: str) -> None:
    """On real notes and the real detector, per-kind counts add up to the overall ones."""
    if note_set_name == "handwritten":
        note_set = handwritten_set()
    elif note_set_name == "trial":
        note_set = trial_set()
    elif note_set_name == "blind":
        note_set = blind_set()
    else:
        note_set = generated_set(patients=20, notes=40, seed=5)
    scores, _ = evaluate(note_set)

    assert scores.detected_spans > 0
    assert_sums_match(scores)
    result = summary(note_set, scores, 0.0)
    rows = result["by_kind"].values()
    assert sum(row["detected_spans"] for row in rows) == result["detected_spans"]
    assert sum(row["true_spans"] for row in rows) == result["true_spans"]


# --- summary and tables ------------------------------------------------------------------------


def small_set() -> NoteSet:
    """Return one note with a true name, a false-positive date and an other_id that is no id."""
    text = "Maria Lopez takes 40 mg, lot 88812345"
    note = EvalNote(text, (GoldSpan(0, 11, "name", held=False),), ())
    return NoteSet("small", (note,), None, "small: 1 note")


def small_result() -> dict[str, Any]:
    note_set = small_set()
    scores = Scores()
    detected = [span(0, 11, PhiKind.NAME), span(18, 20, PhiKind.DATE)]
    detected.append(span(29, 37, PhiKind.OTHER_ID))
    note = note_set.notes[0]
    score_note(note.text, note.gold, note.terms, detected, scores)
    return summary(note_set, scores, 0.0)


def test_summary_rows_for_detected_kinds() -> None:
    """Kinds only detected get rows with 0 gold spans, after the gold kinds."""
    by_kind = small_result()["by_kind"]

    assert list(by_kind) == ["name", UNHELD_NAME, "date", "other_id"]
    other_id = by_kind["other_id"]
    assert other_id["spans"] == 0
    assert other_id["found"] == 0
    assert other_id["recall"] is None
    assert other_id["detected_spans"] == 1
    assert other_id["true_spans"] == 0
    assert other_id["span_precision"] == 0.0
    assert other_id["character_precision"] == 0.0
    assert by_kind["date"]["span_precision"] == 0.0
    assert by_kind["name"]["span_precision"] == 1.0
    assert by_kind["name"]["recall"] == 1.0
    assert by_kind[UNHELD_NAME]["detected_spans"] == 0
    assert by_kind[UNHELD_NAME]["span_precision"] is None


def test_summary_keeps_existing_keys() -> None:
    """The report keeps the keys it had before the precision columns and adds those beside them."""
    result = small_result()
    by_kind = result["by_kind"]

    for key in ("recall", "character_precision", "span_precision", "missed"):
        assert key in result
    assert result["detected_spans"] == 3
    assert result["true_spans"] == 1
    assert set(by_kind["name"]) == {
        "spans",
        "found",
        "recall",
        "found_as_other_kind",
        "detected_spans",
        "true_spans",
        "span_precision",
        "detected_characters",
        "true_characters",
        "character_precision",
    }


def test_table_has_precision_columns() -> None:
    """The Markdown table has a header cell per column and one row per kind."""
    table = render_table(small_result()).splitlines()

    header = "| kind | spans | found | recall | found as other kind | detected | detected in gold |"
    assert table[2].startswith(header)
    assert table[2].endswith("| span precision | character precision |")
    assert table[3] == "| --- |" + " ---: |" * (len(TABLE_COLUMNS) - 1)
    assert "| date | 0 | 0 | – | 0 | 1 | 0 | 0.00% | 0.00% |" in table
    assert "| other_id | 0 | 0 | – | 0 | 1 | 0 | 0.00% | 0.00% |" in table
    assert "| name | 1 | 1 | 100.00% | 0 | 1 | 1 | 100.00% | 100.00% |" in table
    assert "- span precision: 33.33% (1 of 3 detected spans)" in table


def test_main_writes_precision_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command writes the per-kind precision to both the JSON and the Markdown report."""
    main(["--sets", "handwritten", "--out", str(tmp_path)])
    capsys.readouterr()

    report = json.loads((tmp_path / "detection.json").read_text())
    name_row = report["sets"][0]["by_kind"]["name"]
    assert name_row["detected_spans"] > 0
    assert 0.0 < name_row["span_precision"] <= 1.0
    markdown = (tmp_path / "detection.md").read_text()
    assert "| span precision | character precision |" in markdown


@pytest.mark.parametrize(
    ("make_set", "name", "identifiers", "terms"),
    [(trial_set, "trial", 266, 158), (blind_set, "blind", 442, 214)],
)
def test_note_set_parses_every_note(
    make_set: Callable[[], NoteSet], name: str, identifiers: int, terms: int
) -> None:
    """Each 40-note hand-written set parses whole: labels and terms counted, no markup left."""
    note_set = make_set()

    assert note_set.name == name
    assert note_set.dictionary is None
    assert len(note_set.notes) == 40
    assert sum(len(note.gold) for note in note_set.notes) == identifiers
    assert sum(len(note.terms) for note in note_set.notes) == terms
    for note in note_set.notes:
        assert note.gold or note.terms
        assert "[[" not in note.text
        assert "{{" not in note.text


def test_main_reports_trial_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--sets trial`` scores the trial notes alone and names them in both reports."""
    main(["--sets", "trial", "--out", str(tmp_path)])
    printed = capsys.readouterr().out

    report = json.loads((tmp_path / "detection.json").read_text())
    assert [result["set"] for result in report["sets"]] == ["trial"]
    assert report["sets"][0]["notes"] == 40
    assert "### trial: 40 hand-written notes" in printed
    assert "### trial: 40 hand-written notes" in (tmp_path / "detection.md").read_text()
