"""The config's ``masking.ner_model``: a saved spaCy pipeline as one more note detector.

The pipeline is real spaCy, built from ``spacy.blank("en")`` with an entity ruler and saved to
a folder, so nothing is downloaded. Its entity ruler matches one lower-case name. The name
scan reads capitals and no cue comes before the name, so only the model can mask it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from phigate.config import load_config
from phigate.errors import ConfigError
from phigate.gateway import Gateway
from phigate.identity import resolve_stdio_principal
from phigate.masking.ner import ModelUnavailable, open_spacy_detector
from phigate.tools import ToolRunner
from tests.clinic import build_sqlite, write_config

spacy = pytest.importorskip("spacy")

MODEL_NAME = "zebulon quixote"
NOTES = [(1, f"Discussed the plan with {MODEL_NAME} at bedside; Lasix 40 mg given.")]


def _save_pipeline(folder: Path) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "PERSON", "pattern": MODEL_NAME}])
    nlp.to_disk(folder)
    return folder


async def _runner(config_path: Path) -> tuple[Gateway, ToolRunner]:
    gateway = await Gateway.open(load_config(config_path))
    return gateway, ToolRunner(gateway, resolve_stdio_principal(gateway.config, "cara"))


@pytest.fixture
async def query_notes(tmp_path: Path) -> AsyncIterator[Any]:
    gateways: list[Gateway] = []

    async def query(masking: dict[str, Any], *, pipeline: bool = False) -> str:
        folder = tmp_path / f"config{len(gateways)}"
        folder.mkdir()
        if pipeline:
            _save_pipeline(folder / "ner")
        sqlite_path = build_sqlite(folder / "clinic.db", NOTES)
        config_path = write_config(folder, sqlite_path=sqlite_path, masking=masking)
        gateway, runner = await _runner(config_path)
        gateways.append(gateway)
        result = await runner.call("query", {"sql": "SELECT body FROM clinical_notes"})
        assert result.is_error is False
        assert result.structured_content["withheld_cells"] == 0
        body: str = result.structured_content["rows"][0][0]
        return body

    yield query
    for gateway in gateways:
        await gateway.close()


async def test_ner_model_folder_masks_name(query_notes: Any) -> None:
    """A saved pipeline named by a relative folder finds a name no built-in detector finds."""
    body = await query_notes({"ner_model": "./ner"}, pipeline=True)
    assert MODEL_NAME not in body
    assert body.startswith("Discussed the plan with <PERSON> at bedside")
    assert "Lasix 40 mg" in body


async def test_without_ner_model_name_kept(query_notes: Any) -> None:
    """Without the model the same name passes, so the test above depends on the model."""
    body = await query_notes({})
    assert MODEL_NAME in body


async def test_missing_model_package_stops_start(tmp_path: Path) -> None:
    """A model package that is not installed is a config error naming the key, not a warning."""
    sqlite_path = build_sqlite(tmp_path / "clinic.db", NOTES)
    config_path = write_config(
        tmp_path, sqlite_path=sqlite_path, masking={"ner_model": "phigate_no_such_model"}
    )
    with pytest.raises(ConfigError) as raised:
        await Gateway.open(load_config(config_path))
    message = str(raised.value)
    assert "masking.ner_model" in message
    assert "'phigate_no_such_model' is not installed" in message
    assert "remove masking.ner_model" in message


async def test_missing_model_folder_stops_start(tmp_path: Path) -> None:
    """A folder path that does not exist is rejected with the resolved path."""
    sqlite_path = build_sqlite(tmp_path / "clinic.db", NOTES)
    config_path = write_config(tmp_path, sqlite_path=sqlite_path, masking={"ner_model": "./gone"})
    with pytest.raises(ConfigError) as raised:
        await Gateway.open(load_config(config_path))
    assert str(tmp_path / "gone") in str(raised.value)


def test_open_folder_without_pipeline(tmp_path: Path) -> None:
    """A folder without a saved pipeline raises ModelUnavailable, not spaCy's own error."""
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match="spaCy could not load"):
        open_spacy_detector(tmp_path / "empty")
