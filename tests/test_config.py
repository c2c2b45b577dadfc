"""Loading the config and policy files, and merging the grants of several groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from phigate.config import load_config
from phigate.errors import ConfigError
from phigate.policy import Access, MaskSpec, Operator, PhiKind, PolicySet, load_policy
from tests.conftest import DEMO_POLICY, write_test_config


def _demo_policy() -> PolicySet:
    return PolicySet.from_files([(DEMO_POLICY, load_policy(DEMO_POLICY))])


def test_demo_config_loads(tmp_path: Path) -> None:
    """A config with both connections, relative secret files and the demo policy loads."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    assert set(config.file.connections) == {"clinic", "clinic_pg"}
    assert config.default_connection == "clinic"
    assert config.audit_path == (tmp_path / "audit.db").resolve()
    assert config.masking_key() == b"k" * 64


def test_short_masking_key_rejected(tmp_path: Path) -> None:
    """A masking key under 32 bytes is rejected with the fix."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    (tmp_path / "masking.key").write_text("short", encoding="utf-8")
    with pytest.raises(ConfigError, match="at least 32"):
        config.masking_key()


def test_secret_needs_exactly_one_source(tmp_path: Path) -> None:
    """A secret with both env and file is invalid, naming the key path."""
    path = write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z")
    text = path.read_text(encoding="utf-8").replace(
        "file: masking.key", "file: masking.key\n    env: SOME_VARIABLE"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "masking.key" in str(caught.value)
    assert "exactly one" in str(caught.value)


def test_unknown_group_rejected(tmp_path: Path) -> None:
    """A principal in a group no policy defines is rejected at load."""
    path = write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z")
    text = path.read_text(encoding="utf-8").replace("- analyst", "- auditors", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="group 'auditors' is not defined"):
        load_config(path)


def test_unknown_key_rejected(tmp_path: Path) -> None:
    """A misspelled key is reported with its path, not ignored."""
    path = write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z")
    path.write_text(path.read_text(encoding="utf-8") + "limts: {max_bytes: 5}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "limts: unknown key" in str(caught.value)


def test_grant_of_unclassified_table_rejected(tmp_path: Path) -> None:
    """A group may not grant a table that the classification does not list."""
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "classification: {patients: {patient_id: none}}\n"
        "groups:\n  g:\n    connections: [c]\n    tables: {visits: {}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"groups\.g\.tables\.visits"):
        load_policy(policy)


def test_unclassified_column_is_hidden() -> None:
    """A column the classification does not list is not visible even with columns: all."""
    grants = _demo_policy().grants(["clinician"], "clinic")
    patients = grants.tables["patients"]
    assert "ssn" in patients.columns
    assert "favourite_colour" not in patients.columns


def test_denied_column_is_hidden(tmp_path: Path) -> None:
    """A column treated as deny is absent from the grants."""
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "classification: {patients: {patient_id: none, ssn: ssn}}\n"
        "groups:\n  g:\n    connections: [c]\n    tables: {patients: }\n"
        "    treatment: {ssn: deny}\n",
        encoding="utf-8",
    )
    sets = PolicySet.from_files([(policy, load_policy(policy))])
    assert set(sets.grants(["g"], "c").tables["patients"].columns) == {"patient_id"}


def test_groups_merge_most_permissive() -> None:
    """Analyst plus researcher sees the union of tables and the most permissive rule."""
    merged = _demo_policy().grants(["analyst", "researcher"], "clinic")
    assert "clinical_notes" in merged.tables
    assert "medications" in merged.tables
    notes = merged.tables["clinical_notes"]
    assert notes.require_approval is True
    birth = merged.tables["patients"].columns["date_of_birth"]
    assert isinstance(birth.rule, MaskSpec)
    assert birth.rule.mask == Operator.GENERALIZE
    assert merged.row_limit.maximum == 1000


def test_allow_beats_mask_across_groups() -> None:
    """A column allowed by one group and masked by another is allowed."""
    merged = _demo_policy().grants(["analyst", "clinician"], "clinic")
    first_name = merged.tables["patients"].columns["first_name"]
    assert first_name.rule == Access.ALLOW
    assert first_name.kind == PhiKind.NAME
    assert first_name.filterable is True


def test_connection_not_granted_gives_no_tables() -> None:
    """Grants on a connection no group names are empty."""
    assert _demo_policy().grants(["analyst"], "elsewhere").tables == {}


def test_conflicting_classification_rejected(tmp_path: Path) -> None:
    """Two policy files that classify one column differently are rejected."""
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text("classification: {t: {c: name}}\ngroups: {}\n", encoding="utf-8")
    second.write_text("classification: {t: {c: none}}\ngroups: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="classified as"):
        PolicySet.from_files([(first, load_policy(first)), (second, load_policy(second))])
