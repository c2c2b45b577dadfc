"""The C loop over capitalized words gives exactly what its pure-Python fallback gives.

``phigate.masking._words`` is an optional extension. Where it is built, each test runs it and
``names._python_candidates`` on the same text and compares, and the name scan is run with
each of them. Without the extension only the fallback's own case runs. The scan's shortcut
for two masked tokens is compared with its general run loop too.

``_words.scan``, the whole name scan in C, is compared with ``names._python_find`` on
generated notes, on random text of the words that reach each of its steps and on long or
unusual input.
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
    monkeypatch.setattr(names, "_native_scan", None)
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
    # The C scan takes the shortcuts itself, so the Python scan reads the groups here.
    monkeypatch.setattr(names, "_native_scan", None)
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


# Words and separators that reach every step of the scan: names and name-like words, cue and
# relation words, place words and prepositions, eponyms and their heads, state codes,
# possessives, initials, all-capital words and the joins of ``names._JOIN``.
SCAN_WORDS = [
    "Maria",
    "Lopez",
    "Hope",
    "Brown",
    "Grace",
    "FLEMING",
    "KAREN",
    "GONZALEZ",
    "CTAB",
    "DOE",
    "Doe",
    "J.",
    "J",
    "St.",
    "St",
    "North",
    "Port",
    "New",
    "Flowers",
    "Baker",
    "Cardiology",
    "Foley",
    "catheter",
    "Parkinson's",
    "Turner's",
    "Murphy",
    "sign",
    "disease",
    "MD",
    "PA",
    "CA",
    "12345",
    "in",
    "from",
    "near",
    "to",
    "phoned",
    "daughter",
    "wife",
    "pt",
    "Pt",
    "patient",
    "Patient:",
    "spoke",
    "with",
    "per",
    "by",
    "Nurse",
    "Will",
    "is",
    "a",
    "69-year-old",
    "(granddaughter)",
    "O'Neil",
    "McDonald",
    "Mary-Jane",
    "Kowalski,",
    "SpO2",
    "the",
    "Dr",
    "pt's",
    "s/n",
    "İ",
    "José",
    "Ⅻ",
]
SEPARATORS = [" ", " ", " ", "  ", ", ", "\n", " \n ", '"', " “", "” ", "\t", ". ", ",", "'", "’"]


def scan_texts() -> st.SearchStrategy[str]:
    """Return a strategy for note-like text made of ``SCAN_WORDS`` and ``SEPARATORS``."""
    pieces = st.lists(st.tuples(st.sampled_from(SCAN_WORDS), st.sampled_from(SEPARATORS)))
    return pieces.map(lambda parts: "".join(word + separator for word, separator in parts))


def compare_scan(text: str) -> None:
    """Assert that the C scan and the Python scan find the same spans in ``text``."""
    native = _words.scan(text, names._SEEN_WORDS)
    assert native is not None
    assert native == names._python_find(text)


@needs_kernel
def test_scan_matches_fallback_on_notes() -> None:
    """On generated notes the C scan finds the spans of the Python scan, cold and warm."""
    names._SEEN_WORDS.clear()
    for text in NOTES:
        assert _words.scan(text, {}) == names._python_find(text)
    for text in NOTES:
        compare_scan(text)


@needs_kernel
@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(scan_texts())
def test_scan_matches_fallback_on_word_text(text: str) -> None:
    """On text of name, cue, eponym and place words both scans find the same spans."""
    compare_scan(text)


@needs_kernel
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET + "MDCAPLJ:(", max_size=80))
def test_scan_matches_fallback_on_random_text(text: str) -> None:
    """On random text of word, joiner and foreign characters both scans find the same spans."""
    compare_scan(text)


ADVERSARIAL = [
    "",
    "A",
    "J.",
    "Ann",
    " " * 5000 + "Ann",
    "Maria " * 3000,
    "Hope " * 2000 + "Lopez",
    "Lopez " + "Hope " * 2000,
    "New " * 1000 + "Zyx",
    "MARIA LOPEZ " * 1000 + "\nsmall",
    "FLEMING, KAREN, " * 500,
    "Zyx" + "\t" * 4000 + "Qwv",
    "Zyx" + "a" * 4000,
    "in Zyx Qwv" + " Abcdefgh" * 300,
    "daughter Hope (son)" * 200,
    "Maria Lopez Flowers, MD 12345 and Zyx, CA",
    "Ann\ud800 Zyx\udfff Lopez",
    "Zyx\U0001f600 Qwv 中 Ἀθῆναι Ζωή",
    "Zyx’s  catheter, Parkinson’s disease, Foley\tcatheter",
    "Zyx " + "K" * 3 + " test",
    # The tests before a callback: state codes, prepositions and the word before a cue.
    "Zyx, MD 12345. Zyx PA \t12345. Zyx MD 1234. Zyx, CAx. Zyx CA_ Zyx, IN. Zyx OR٣",
    "Zyx, NY\u00e9 Zyx, RN. Zyx DE",
    "begin Zyx, 1in Zyx, _to Zyx, phoned to Zyx, given to Zyx, From\nZyx, NEAR \nZyx",
    "a" * 14 + "in Zyx, " + "b" * 13 + "to Zyx, éin Zyx, İn Zyx",
    "w/ Hope, c/o Hope, pt's Hope, é Hope, son Hope, x'son Hope, son/Hope, Hope, son",
    "spoke with Hope is a 40, Hope (son), Hope’s daughter, Hope Is an 8, Hope ıs a 9",
    "a" * 39 + " Hope, " + "é" * 41 + " Hope",
]


@needs_kernel
@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_scan_matches_fallback_on_adversarial_text(text: str) -> None:
    """Long runs, empty text, surrogates and other scripts give the same spans in both."""
    compare_scan(text)


@needs_kernel
def test_scan_declines_unexpected_word_info() -> None:
    """The C scan returns None for a cached entry that ``_word_info`` would not make."""
    unknown = names.WordClass.UNKNOWN
    assert _words.scan("met Zyx here", {"Zyx": (unknown, False, False, False, 0, False)})
    for info in [
        ("class", False, False, False, 0, False),
        (unknown, 0, False, False, 0, False),
        (unknown, False, False, False, 3, False),
        (unknown, False, False, False, -1, False),
        (unknown, False, False, False, 2**80, False),
        (unknown, False, False, False, 0),
        [unknown, False, False, False, 0, False],
    ]:
        assert _words.scan("met Zyx here", {"Zyx": info}) is None


@needs_kernel
def test_scanner_falls_back_where_scan_declines() -> None:
    """NameScanner.find runs the Python scan where the C scan returns None."""
    names._SEEN_WORDS.clear()
    names._SEEN_WORDS["Zyx"] = ("class",)  # type: ignore[assignment]
    try:
        with pytest.raises(ValueError):
            NameScanner().find("met Zyx here")
    finally:
        names._SEEN_WORDS.clear()
    assert NameScanner().find("met Zyx here") == names._python_find("met Zyx here")


@needs_kernel
def test_scan_rejects_wrong_arguments() -> None:
    """scan raises TypeError for wrong types and configure for invalid arguments."""
    with pytest.raises(TypeError, match="text must be str"):
        _words.scan(b"Ann", {})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="seen must be dict"):
        _words.scan("Ann", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes 2 arguments"):
        _words.scan("Ann")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes 17 arguments"):
        _words.configure()  # type: ignore[call-arg]


@needs_kernel
def test_configure_rejects_invalid_heads() -> None:
    """configure rejects eponym heads that are not small ASCII letters and keeps the old ones."""
    arguments = list(names._SCAN_CONFIGURATION)
    for heads in [["sign", "Sign"], ["tést"], [""], [1], ["a" * 40]]:
        arguments[10] = heads
        with pytest.raises(ValueError, match="invalid eponym head"):
            _words.configure(*arguments)
    compare_scan("Zyx sign and Zyx Sign, Zyx tést")


@needs_kernel
def test_scan_forgets_safe_words_of_another_cache() -> None:
    """The C table of safe words follows the cache it was filled from and its clear()."""
    unknown = (names.WordClass.UNKNOWN, False, False, False, 0, False)
    text = "met Zyx and Qwv"
    safe = {"Zyx": None, "Qwv": None}
    assert _words.scan(text, safe) == []
    assert _words.scan(text, safe) == []
    # After clear() "Zyx" is classified again, and "Qwv" is unknown now.
    safe.clear()
    safe["Qwv"] = unknown  # type: ignore[assignment]
    bounds = [(span.start, span.end) for span in _words.scan(text, safe) or []]
    assert bounds == [(4, 7), (12, 15)]
    other: dict[str, Any] = {"Zyx": unknown, "Qwv": None}
    assert [(span.start, span.end) for span in _words.scan(text, other) or []] == [(4, 7)]


class PlainSpan:
    """A span type without slots, which the C scan builds by calling it."""

    def __init__(self, start: int, end: int, kind: object, source: str) -> None:
        self.fields = (start, end, kind, source)


@needs_kernel
def test_scan_calls_span_type_without_slots() -> None:
    """Where the span type has no slots of the four fields, the C scan calls the type."""
    arguments = list(names._SCAN_CONFIGURATION)
    arguments[0] = PlainSpan
    _words.configure(*arguments)
    try:
        found = _words.scan("met Zyx here", {})
    finally:
        _words.configure(*names._SCAN_CONFIGURATION)
    assert found is not None
    assert [type(span) for span in found] == [PlainSpan]
    assert [span.fields for span in found] == [(4, 7, names.PhiKind.NAME, "scan")]  # type: ignore[attr-defined]
    compare_scan("met Zyx here")


@needs_kernel
def test_scan_ignores_safe_words_of_a_nested_scan() -> None:
    """A scan run by a callback fills the table from its own cache, which the outer scan skips."""
    unknown = (names.WordClass.UNKNOWN, False, False, False, 0, False)
    outer: dict[str, Any] = {"Zyx": unknown}
    inner: dict[str, Any] = {"Zyx": None}
    nested: list[object] = []

    def word_info(word: str) -> Any:
        if not nested:
            nested.append(_words.scan("Zyx", inner))
        return names._word_info(word)

    arguments = list(names._SCAN_CONFIGURATION)
    arguments[7] = word_info
    _words.configure(*arguments)
    try:
        found = _words.scan("met Qwv and Zyx", outer)
    finally:
        _words.configure(*names._SCAN_CONFIGURATION)
    assert nested == [[]]
    assert found is not None
    assert (12, 15) in [(span.start, span.end) for span in found]
