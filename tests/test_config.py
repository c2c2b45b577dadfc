"""Loading the config and policy files, and merging the grants of several groups."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


# --- the masking key --------------------------------------------------------------------------


def test_binary_masking_key_used_as_bytes(tmp_path: Path) -> None:
    """A key file of random bytes that are not UTF-8 is the key, byte for byte."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    key = b"\xff\xfe\n" + bytes(range(128, 173))
    (tmp_path / "masking.key").write_bytes(key)
    assert config.masking_key() == key


def test_text_masking_key_stripped(tmp_path: Path) -> None:
    """A text key file is stripped of white space, so a trailing newline is not part of the key."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    (tmp_path / "masking.key").write_text("  " + "é" * 20 + "\n", encoding="utf-8")
    assert config.masking_key() == ("é" * 20).encode("utf-8")


def test_binary_dsn_file_rejected(tmp_path: Path) -> None:
    """A DSN file that is not UTF-8 text is rejected with the file's path and the fix."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    (tmp_path / "dsn.txt").write_bytes(b"postgresql://\xff@127.0.0.1/x")
    dsn = config.file.connections["clinic_pg"].dsn  # type: ignore[union-attr]
    with pytest.raises(ConfigError) as caught:
        dsn.read(config.base, what="connections.clinic_pg.dsn")
    message = str(caught.value)
    assert str(tmp_path / "dsn.txt") in message
    assert "not UTF-8 text" in message
    assert "\\xff" not in message


# --- MRN patterns ------------------------------------------------------------------------------


def _with_mrn_patterns(tmp_path: Path, patterns: object) -> Path:
    path = write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["masking"]["mrn_patterns"] = patterns
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_mrn_patterns_load(tmp_path: Path) -> None:
    """Valid MRN patterns load as written."""
    patterns = [r"\bPT-(?P<id>\d{6})\b", r"QQ\.\d{4}"]
    config = load_config(_with_mrn_patterns(tmp_path, patterns))
    assert config.file.masking.mrn_patterns == patterns


def test_mrn_patterns_default_none(tmp_path: Path) -> None:
    """Without the key, only the built-in MRN patterns apply."""
    config = load_config(write_test_config(tmp_path, tmp_path / "x.db", "postgresql://x@y/z"))
    assert config.file.masking.mrn_patterns is None


def test_invalid_mrn_pattern_rejected(tmp_path: Path) -> None:
    """An invalid regular expression is rejected with its index, the reason and the fix."""
    path = _with_mrn_patterns(tmp_path, [r"QQ\.\d{4}", r"(PT-\d+"])
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "masking.mrn_patterns.1: invalid regular expression" in message
    assert "missing )" in message
    assert "fix the pattern" in message
    assert "mrn_patterns.0" not in message


@pytest.mark.parametrize("pattern", [r"\d*", r"\b", r"(?=MRN)", r"(?:MRN)?(\d{0,7})", ""])
def test_empty_matching_mrn_pattern_rejected(tmp_path: Path, pattern: str) -> None:
    """A pattern that can match the empty string is rejected."""
    with pytest.raises(ConfigError) as caught:
        load_config(_with_mrn_patterns(tmp_path, [pattern]))
    message = str(caught.value)
    assert "masking.mrn_patterns.0: the pattern can match the empty string" in message


def test_empty_mrn_pattern_list_rejected(tmp_path: Path) -> None:
    """An empty list is rejected rather than read as 'no MRN patterns'."""
    with pytest.raises(ConfigError, match=r"masking\.mrn_patterns"):
        load_config(_with_mrn_patterns(tmp_path, []))


# --- rules that do not fit a column's kind -------------------------------------------------------

NOTES_POLICY = """\
classification: {notes: {note_id: none, body: free_text, ssn: ssn}}
groups:
  g:
    connections: [c]
    tables: {notes: }
"""


def _policy_error(tmp_path: Path, group_lines: str) -> str:
    policy = tmp_path / "p.yaml"
    policy.write_text(NOTES_POLICY + group_lines, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_policy(policy)
    return str(caught.value)


@pytest.mark.parametrize("operator", ["partial", "generalize"])
def test_free_text_treatment_rejected(tmp_path: Path, operator: str) -> None:
    """partial and generalize on the free_text kind are rejected with the fix."""
    message = _policy_error(tmp_path, f"    treatment: {{free_text: {{mask: {operator}}}}}\n")
    assert f"groups.g.treatment.free_text: {{mask: {operator}}} does not apply" in message
    assert "use {mask: free_text}" in message


def test_free_text_column_rule_rejected(tmp_path: Path) -> None:
    """A per-column partial mask on a free_text column is rejected, naming the column."""
    message = _policy_error(tmp_path, "    columns: {notes.body: {mask: partial, keep_last: 2}}\n")
    assert "groups.g.columns.notes.body: {mask: partial} does not apply" in message


def test_default_treatment_on_note_rejected(tmp_path: Path) -> None:
    """A default_treatment of partial that reaches a free_text column is rejected."""
    message = _policy_error(
        tmp_path,
        "    treatment: {ssn: {mask: partial}}\n    default_treatment: {mask: partial}\n",
    )
    assert "groups.g.default_treatment: {mask: partial} does not apply" in message
    assert "notes.body (free_text)" in message
    assert "add treatment.free_text" in message


def test_default_treatment_covered_by_kind(tmp_path: Path) -> None:
    """default_treatment partial is valid when every free_text column has its own rule."""
    policy = tmp_path / "p.yaml"
    policy.write_text(
        NOTES_POLICY
        + "    default_treatment: {mask: partial}\n"
        + "    treatment: {free_text: {mask: free_text, dates: year}}\n",
        encoding="utf-8",
    )
    loaded = load_policy(policy)
    assert loaded.groups["g"].default_treatment == MaskSpec(mask=Operator.PARTIAL)


def test_free_text_mask_on_ssn_rejected(tmp_path: Path) -> None:
    """{mask: free_text} is rejected on a kind that is not free_text."""
    message = _policy_error(tmp_path, "    treatment: {ssn: {mask: free_text}}\n")
    assert "groups.g.treatment.ssn: {mask: free_text} applies only to free_text columns" in message


@pytest.mark.parametrize(
    ("rule", "option", "owner"),
    [
        ("{mask: redact, dates: shift}", "dates", "free_text"),
        ("{mask: pseudonym, replace_with: pseudonym}", "replace_with", "free_text"),
        ("{mask: redact, keep_last: 2}", "keep_last", "partial"),
    ],
)
def test_option_of_other_mask_rejected(tmp_path: Path, rule: str, option: str, owner: str) -> None:
    """An option that the chosen mask ignores is rejected, not silently dropped."""
    message = _policy_error(tmp_path, f"    treatment: {{ssn: {rule}}}\n")
    assert f"groups.g.treatment.ssn: '{option}' applies only to {{mask: {owner}}}" in message
    assert "Value error" not in message


def test_wrong_mask_value_one_error(tmp_path: Path) -> None:
    """A misspelled mask reports the mask's error only, not the allow/deny alternative."""
    message = _policy_error(tmp_path, "    treatment: {free_text: {mask: free_txt}}\n")
    assert "groups.g.treatment.free_text.mask: Input should be" in message
    assert "'allow' or 'deny'" not in message
    assert len(message.splitlines()) == 1


def test_rule_of_wrong_type_rejected(tmp_path: Path) -> None:
    """A rule that is neither a word nor a mapping gets an error showing valid rules."""
    message = _policy_error(tmp_path, "    treatment: {ssn: 5}\n")
    assert "groups.g.treatment.ssn: expected allow, deny or a mask" in message


def test_rule_checked_against_merged_classification(tmp_path: Path) -> None:
    """A note column classified in another policy file is checked against the group's rules."""
    first = tmp_path / "a.yaml"
    second = tmp_path / "b.yaml"
    first.write_text(
        "classification: {notes: {note_id: none}}\n"
        "groups:\n  g:\n    connections: [c]\n    tables: {notes: }\n"
        "    default_treatment: {mask: partial}\n",
        encoding="utf-8",
    )
    second.write_text("classification: {notes: {body: free_text}}\ngroups: {}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        PolicySet.from_files([(first, load_policy(first)), (second, load_policy(second))])
    message = str(caught.value)
    assert message.startswith(f"{first}: groups.g.default_treatment")
    assert "notes.body (free_text)" in message
