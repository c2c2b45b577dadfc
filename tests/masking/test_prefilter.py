"""The one-pass prefilter gives exactly the matches that Python's ``re`` gives.

Every pattern the detectors run over a whole note is checked against ``pattern.finditer``.
The texts are generated notes, mutations of them, and random text drawn from the characters
the patterns look for. A gate that misses a start shows up as a difference.
"""

from __future__ import annotations

import platform
import random
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.demo.data import generate
from phigate.masking import FreeTextMasker, Masker, Span, patterns
from phigate.masking.cues import find_cue_names
from phigate.masking.patterns import DEFAULT_MRN_PATTERNS, PatternDetector
from phigate.masking.prefilter import (
    DETECTOR_PATTERNS,
    Prefilter,
    Scan,
    default_prefilter,
    derive_gates,
)

KEY = b"prefilter-test-key-0123456789abcdef-xyz"
MRN_PATTERNS = [re.compile(source) for source in DEFAULT_MRN_PATTERNS]
ALL_PATTERNS = [*DETECTOR_PATTERNS, *MRN_PATTERNS]
PREFILTER = default_prefilter(MRN_PATTERNS)
HYPERSCAN_EXPECTED = sys.platform == "linux" and platform.machine() in {"x86_64", "aarch64"}


def spans(matches: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def assert_same(text: str, prefilter: Prefilter = PREFILTER) -> None:
    scan = prefilter.scan(text)
    # E-mail addresses and bare domains are found by walking back from their anchors.
    at_signs = sorted(
        index
        for needle in ("@", "[at]", "(at)", "{at}")
        for index in range(len(text))
        if text.startswith(needle, index)
    )
    emails = scan.finditer_before(
        patterns._EMAIL, at_signs, patterns._in_email, patterns._EMAIL_REACH
    )
    assert spans(emails) == spans(patterns._EMAIL.finditer(text))
    dots = [match.start() for match in patterns._DOMAIN_HINT.finditer(text)]
    domains = scan.finditer_before(
        patterns._DOMAIN, dots, patterns._in_domain, patterns._DOMAIN_REACH
    )
    assert spans(domains) == spans(patterns._DOMAIN.finditer(text))
    for pattern in ALL_PATTERNS:
        expected = spans(pattern.finditer(text))
        assert spans(scan.finditer(pattern)) == expected, (pattern.pattern, text)
        first = pattern.search(text)
        found = scan.search(pattern)
        assert (found is None) == (first is None)
        if first is not None:
            assert found.span() == first.span()


@pytest.fixture(scope="module")
def notes() -> list[str]:
    dataset = generate(patients=40, notes=400, seed=515)
    return [str(row[-1]) for row in dataset.clinical_notes]


@pytest.mark.skipif(not HYPERSCAN_EXPECTED, reason="hyperscan ships wheels for this platform only")
def test_hyperscan_gates_the_hot_patterns() -> None:
    from phigate.masking import dates, identifiers, patterns

    gated = PREFILTER.gated
    for pattern in (
        patterns._SSN,
        patterns._PHONE_PAREN,
        patterns._BARE_PHONE,
        dates._NUMERIC,
        dates._MONTH_FIRST,
        identifiers._ID_DIGITS,
        *MRN_PATTERNS,
    ):
        assert pattern in gated, pattern.pattern
    # A pattern that may start at any letter would fire everywhere, so re scans it instead.
    assert patterns._EMAIL not in gated


def test_generated_notes_match_re(notes: list[str]) -> None:
    for text in notes:
        assert_same(text)


def test_mutated_notes_match_re(notes: list[str]) -> None:
    chooser = random.Random(99)
    for text in notes[:150]:
        roll = chooser.random()
        if roll < 0.25:
            mutated = text.upper()
        elif roll < 0.5:
            mutated = text.replace("\n", " ")
        elif roll < 0.75:
            mutated = "".join(
                chooser.choice("0123456789-/. ()") if char.isdigit() else char for char in text
            )
        else:
            mutated = text.replace(" ", "\n", 15)
        assert_same(mutated)


ALPHABET = "0123456789-/.:()#+@ \n\tAaBCDEFJMNOPRSTWYZbdeghilmnorstuvxy,'"
WORDS = [
    "Dr.",
    "MRN",
    "SSN",
    "March",
    "Mar",
    "Sept",
    "14th",
    "of",
    "RN",
    "MD",
    "Hospital",
    "Medical Center",
    "Street",
    "Ave",
    "P.O. Box",
    "www.",
    ".com",
    "::",
    "fax",
    "age",
    "yo",
    "Christmas",
    "daughter",
    "acct",
    "1-",
    "(555)",
    "@",
    " [at] ",
    "(at)",
    ".org",
    "a.b-c",
    "mail.example",
    "19",
    "20",
]
TEXTS = st.lists(st.one_of(st.sampled_from(WORDS), st.text(ALPHABET, max_size=6)), max_size=40).map(
    "".join
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_random_text_matches_re(text: str) -> None:
    assert_same(text)


def test_non_ascii_text_takes_the_re_path() -> None:
    text = "Seen by Dr. Zoë Ng on 03/14/2024, phone (555) 201-3344, MRN 1234567."
    scan = PREFILTER.scan(text)
    assert_same(text)
    # No gate reads a non-ASCII note: every pattern is scanned by re.
    assert scan.finditer(MRN_PATTERNS[0]) is not None
    assert [m.group(1) for m in scan.finditer(MRN_PATTERNS[0])] == ["1234567"]


def test_patterns_without_gates_fall_back_to_re() -> None:
    # It may match the empty string, and a back reference ends a gate at its first class.
    empty = re.compile(r"x*")
    backreference = re.compile(r"(\w)\1")
    assert derive_gates(empty) is None
    prefilter = Prefilter([empty, backreference])
    for text in ("xx aa bcc", "", "no pairs here"):
        scan = prefilter.scan(text)
        assert spans(scan.finditer(empty)) == spans(empty.finditer(text))
        assert spans(scan.finditer(backreference)) == spans(backreference.finditer(text))


def test_unregistered_pattern_is_scanned_by_re() -> None:
    stranger = re.compile(r"\bpending\b")
    text = "MRN: pending, results pending"
    assert spans(PREFILTER.scan(text).finditer(stranger)) == spans(stranger.finditer(text))


def test_look_behind_becomes_prior_class() -> None:
    derived = derive_gates(re.compile(r"\d(?<![\w.]\d)\d\d-\d{4}"))
    assert derived is not None
    prior, gates = derived
    assert prior is not None
    assert ord(".") not in prior
    assert ord("a") not in prior
    assert ord("7") not in prior
    assert ord(" ") in prior
    assert ord("(") in prior
    assert all(len(gate) == len(gates[0]) for gate in gates)
    prefilter = Prefilter([re.compile(r"\d(?<![\w.]\d)\d\d-\d{4}")])
    pattern = prefilter._patterns[0]
    for text in ("555-1234", "x555-1234 (555-1234) 1.555-1234", "a555-1234"):
        assert spans(prefilter.scan(text).finditer(pattern)) == spans(pattern.finditer(text))


def test_prefilter_keeps_detector_spans(notes: list[str]) -> None:
    def key(span: Span) -> tuple[int, int, str]:
        return (span.start, span.end, span.kind)

    detector = PatternDetector()
    for text in notes[:200]:
        with_prefilter = sorted(map(key, detector.find(text)))
        assert with_prefilter == sorted(map(key, detector.find(text, Scan(text))))
        cues = find_cue_names(detector.prefilter.scan(text))
        assert sorted(map(key, cues)) == sorted(map(key, find_cue_names(Scan(text))))


def test_custom_mrn_pattern_is_gated_and_found() -> None:
    source = r"\bPT-(?P<id>\d{6})\b"
    detector = PatternDetector(mrn_patterns=[source])
    if HYPERSCAN_EXPECTED:
        assert re.compile(source) in detector.prefilter.gated
    text = "Seen PT-123456 reviewed."
    mrns = [span for span in detector.find(text) if span.kind == "mrn"]
    assert [(span.start, span.end) for span in mrns] == [(8, 14)]
    masked = FreeTextMasker(Masker(KEY), mrn_patterns=[source]).find(text)
    assert [(span.start, span.end, span.kind) for span in masked] == [(5, 14, "mrn")]
