"""The joined patterns that let a finder skip the patterns that seldom match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phigate.masking import patterns, places
from phigate.masking.patterns import PatternDetector

_JOINED: list[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]] = [
    (patterns._RARE_SSN, (patterns._SSN_LOOSE, patterns._SSN_LAST_FOUR, patterns._SSN_HINT)),
    (patterns._RARE_EMAIL, (patterns._BRACKETED_AT, patterns._SPACED_DOT, patterns._DOMAIN_HINT)),
    (patterns._ANY_URL, (patterns._URL, patterns._DOMAIN_HINT)),
    (patterns._ANY_IP, (patterns._IPV4, patterns._IPV6_HINT)),
    (places._RARE_ADDRESS, places._RARE_ADDRESS_PATTERNS),
]
_SAMPLES = [
    "SSN 123 - 45 - 6789",
    "xxx-xx-6789",
    "ss# on file",
    "jdoe [at] mail",
    "jdoe at mail dot com",
    "see portal.example.org",
    "https://x.test/a",
    "from 10.0.0.1",
    "fe80::1",
    "PO Box 12",
    "lives on cherry st",
    "corner of Main and 5th",
    "lives in 90210",
    "42.3601, -71.0589",
]
_PIECES = st.sampled_from(
    [*_SAMPLES, " ", "\n", "-", ".", "1", "123", "45", "at", "dot", "ss", "x", "Route 9", "é"]
)


@pytest.mark.parametrize("joined", [joined for joined, _ in _JOINED])
def test_joined_pattern_gated(joined: re.Pattern[str]) -> None:
    """Each joined pattern is covered by the one-pass scan, so searching for it is cheap."""
    assert joined in PatternDetector().prefilter.gated


@pytest.mark.parametrize("text", _SAMPLES)
def test_joined_patterns_find_samples(text: str) -> None:
    """Each sample matches one of the parts and the joined pattern of those parts."""
    hits = [joined for joined, parts in _JOINED if any(part.search(text) for part in parts)]

    assert hits
    assert all(joined.search(text) is not None for joined in hits)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_joined_patterns_match_parts(text: str) -> None:
    """A joined pattern matches somewhere exactly when one of its parts does."""
    for joined, parts in _JOINED:
        expected = any(part.search(text) is not None for part in parts)
        assert (joined.search(text) is not None) == expected, joined.pattern[:40]
