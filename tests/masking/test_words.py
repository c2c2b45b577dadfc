"""The C loop over capitalized words gives exactly what its pure-Python fallback gives.

``phigate.masking._words`` is an optional extension. Where it is built, each test runs it and
``names._python_candidates`` on the same text and compares, and the name scan is run with
each of them. Without the extension only the fallback's own case runs. The scan's shortcut
for two masked tokens is compared with its general run loop too.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import names
from phigate.masking.names import NameScanner
from phigate.masking.spans import Span

try:
    from phigate.masking import _words
except ImportError:  # pragma: no cover - the extension is optional
    _words = None  # type: ignore[assignment]

needs_kernel = pytest.mark.skipif(_words is None, reason="phigate.masking._words is not built")

NOTES = [note.text for note in generated_set(40, 120, 991).notes]
# Letters inside and outside the scanned blocks, title-case digraphs, digits of other scripts,
# the joiners the pattern allows and characters that end a word.
ALPHABET = "aAbBzZ09 '’-.\n\t,;()\"ÉéǅǄǆΣσЖжḀḁßİıKⅫ²٣中😀ʰԱա"


def safe_words() -> dict[str, names._WordInfo | None]:
    """Return the word cache after the scan has read the notes, with safe and unsafe words."""
    names._SEEN_WORDS.clear()
    for text in NOTES:
        NameScanner().find(text)
    return dict(names._SEEN_WORDS)


CANDIDATE_LOOPS = [
    pytest.param(names._python_candidates, id="python"),
    pytest.param(getattr(_words, "candidates", None), id="c", marks=needs_kernel),
]


@pytest.mark.parametrize("candidates", CANDIDATE_LOOPS)
def test_candidates_drop_safe_words_and_bare_letters(candidates: Any) -> None:
    """Both loops keep unseen words, initials with a period and words after a space."""
    text = "Ann met Bob-Smith, J. Lee, K and xZed O'Neil's son."
    found = candidates(text, {"Ann": None, "Lee": ("info",)})
    expected = [
        ("Bob-Smith", 8, 17),
        ("J", 19, 20),
        ("Lee", 22, 25),
        ("O'Neil's", 38, 46),
    ]
    assert found == expected


@needs_kernel
def test_kernel_matches_fallback_on_notes() -> None:
    """On generated notes both return the same words, with an empty and a filled cache."""
    seen = safe_words()
    for text in NOTES:
        assert _words.candidates(text, {}) == names._python_candidates(text, {})
        assert _words.candidates(text, seen) == names._python_candidates(text, seen)


@needs_kernel
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_kernel_matches_fallback_on_random_text(text: str) -> None:
    """On random text of word, joiner and foreign characters both return the same words."""
    seen = {"Ab": None, "AB": ("info",), "É": None, "Zz": None}
    assert _words.candidates(text, seen) == names._python_candidates(text, seen)  # type: ignore[arg-type]


@needs_kernel
def test_scan_same_with_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name scan finds the same spans whichever loop reads the words."""
    with_kernel = [NameScanner().find(text) for text in NOTES]
    monkeypatch.setattr(names, "_candidates", names._python_candidates)
    names._SEEN_WORDS.clear()
    with_fallback = [NameScanner().find(text) for text in NOTES]
    assert with_fallback == with_kernel
    assert any(with_kernel)


@needs_kernel
def test_kernel_rejects_wrong_types() -> None:
    """The kernel raises TypeError for text that is not str and a cache that is not a dict."""
    with pytest.raises(TypeError, match="text must be str"):
        _words.candidates(b"Ann", {})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="seen must be dict"):
        _words.candidates("Ann", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes 2 arguments"):
        _words.candidates("Ann")  # type: ignore[call-arg]


def test_two_token_shortcut_matches_run_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every group the scan reads is also given to the run loop that has no shortcuts.
    groups: list[tuple[str, list[names._Token]]] = []
    add_masked_runs = names._add_masked_runs

    def record(text: str, group: list[names._Token], spans: list[Span]) -> None:
        groups.append((text, list(group)))
        add_masked_runs(text, group, spans)

    monkeypatch.setattr(names, "_add_masked_runs", record)
    for text in NOTES:
        NameScanner().find(text)
    pairs = [group for _, group in groups if len(group) == 2]
    assert any(first[names._MASKED] and second[names._MASKED] for first, second in pairs)
    for text, group in groups:
        shortcut: list[Span] = []
        loop: list[Span] = []
        add_masked_runs(text, group, shortcut)
        names._add_runs(text, group, loop)
        assert shortcut == loop
