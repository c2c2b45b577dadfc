"""The native gate matcher finds the same pattern starts as Hyperscan and as Python's ``re``.

Three oracles check ``phigate.masking._gates``. The Hyperscan engine runs where it is
installed. A reference runs every gate through ``re`` as a look-ahead at each place of the
note. The ``re`` engine runs every pattern's ``finditer`` over the whole note. Small state
caches force the matcher to empty its cache in the middle of a note.
"""

from __future__ import annotations

import importlib
import os
import random
import re
import shutil
import sys
import sysconfig
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set
from phigate.masking import patterns
from phigate.masking.characters import detection_text
from phigate.masking.native import EXTENSIONS, describe_extensions, loaded_extensions
from phigate.masking.patterns import DEFAULT_MRN_PATTERNS
from phigate.masking.prefilter import (
    DETECTOR_PATTERNS,
    ENGINES,
    Prefilter,
    _class_source,
    _native,
    _native_expressions,
)
from tests.masking.legacy_strings import legacy_string, needs_legacy_strings

try:
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None

PATTERNS = [*DETECTOR_PATTERNS, *(re.compile(source) for source in DEFAULT_MRN_PATTERNS)]
needs_native = pytest.mark.skipif(_native is None, reason="the _gates extension is not built")
needs_hyperscan = pytest.mark.skipif(hyperscan is None, reason="hyperscan is not installed")
Starts = list[list[int] | None]


@cache
def engine(name: str) -> Prefilter:
    return Prefilter(PATTERNS, engine=name)  # type: ignore[arg-type]


@cache
def expressions() -> list[tuple[int, list[int], bool]]:
    return _native_expressions(engine("re")._derive())


@cache
def reference_gates() -> list[tuple[int, int, re.Pattern[bytes]]]:
    """Return, per pattern and gate width, one look-ahead for all those gates, in ``re``."""
    grouped: dict[tuple[int, int], list[bytes]] = {}
    for position, prior, gate in engine("re")._derive():
        source = b"".join(_class_source(charset) for charset in gate)
        if prior is not None:
            source = _class_source(prior) + source
        # With the sentinel first, a gate matching at byte i of the scanned bytes gives the
        # start i - 1 without a prior class and i with one.
        shift = 0 if prior is not None else -1
        grouped.setdefault((position, shift), []).append(source)
    return [
        (position, shift, re.compile(b"(?=(?:" + b"|".join(sources) + b"))"))
        for (position, shift), sources in grouped.items()
    ]


def reference_starts(text: str) -> Starts:
    """Return the starts that the gates give in ``text``, found by ``re`` alone."""
    scanned = b"\x00" + text.encode("ascii")
    found: list[set[int]] = [set() for _ in PATTERNS]
    for position, shift, gates in reference_gates():
        found[position].update(
            match.start() + shift for match in gates.finditer(scanned) if match.start() + shift >= 0
        )
    return [sorted(starts) if starts else None for starts in found]


def native_starts(text: str, prefilter: Prefilter | None = None) -> Starts:
    scan = (prefilter or engine("native")).scan(text)
    return list(scan._starts)


def matcher(**limits: int) -> Any:
    return _native.Matcher(expressions(), len(PATTERNS), **limits)


def spans(matches: Any) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


def note_texts(patients: int, notes: int, seed: int) -> list[str]:
    return [detection_text(note.text).text for note in generated_set(patients, notes, seed).notes]


@cache
def corpus() -> list[str]:
    return note_texts(300, 1000, 4242) + note_texts(200, 500, 77)


@pytest.mark.parametrize("module", EXTENSIONS)
def test_extension_builds_where_a_compiler_exists(module: str) -> None:
    """A machine with a C compiler and Python's headers gets every C extension.

    The builds are optional, so without this check a broken build would pass unseen. CI must
    have them; elsewhere an install made without a compiler only skips this test.
    """
    compiler = (sysconfig.get_config_var("CC") or "").split()
    if not compiler or shutil.which(compiler[0]) is None:
        pytest.skip("no C compiler on this machine")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        pytest.skip("Python's C headers are not installed")
    try:
        importlib.import_module(f"phigate.masking.{module}")
    except ImportError:
        if not os.environ.get("CI"):
            pytest.skip(f"{module} was not built; reinstall with pip install -e . to build it")
        raise
    if module == "_gates":
        assert Prefilter(PATTERNS).engine == "native"


def test_engine_order_prefers_native() -> None:
    assert ENGINES == ("native", "hyperscan", "re")
    if _native is not None:
        expected = "native"
    elif hyperscan is not None:
        expected = "hyperscan"
    else:
        expected = "re"
    assert Prefilter(PATTERNS).engine == expected


def test_unknown_engine_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown prefilter engine"):
        Prefilter(PATTERNS, engine="pcre")  # type: ignore[arg-type]


def test_re_engine_covers_nothing() -> None:
    prefilter = engine("re")
    assert prefilter.engine == "re"
    assert prefilter.gated == frozenset()
    text = "SSN 123-45-6789"
    assert spans(prefilter.scan(text).finditer(PATTERNS[0])) == spans(PATTERNS[0].finditer(text))


@needs_native
def test_failed_matcher_falls_back_to_re(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(_native, "Matcher", fail)
    prefilter = Prefilter(PATTERNS, engine="native")
    assert prefilter.engine == "re"
    assert prefilter.gated == frozenset()
    assert prefilter.matcher is None
    assert "native matcher could not be built" in caplog.text


@needs_native
@needs_hyperscan
def test_native_covers_what_hyperscan_covers() -> None:
    assert engine("native").gated == engine("hyperscan").gated
    assert len(engine("native").gated) > 0


@needs_native
@needs_hyperscan
def test_generated_notes_same_starts_as_hyperscan() -> None:
    for text in corpus():
        assert native_starts(text) == list(engine("hyperscan").scan(text)._starts), text


@needs_native
def test_generated_notes_same_matches_as_re() -> None:
    native = engine("native")
    plain = engine("re")
    for text in corpus():
        native_scan = native.scan(text)
        plain_scan = plain.scan(text)
        for pattern in PATTERNS:
            assert spans(native_scan.finditer(pattern)) == spans(plain_scan.finditer(pattern)), (
                pattern.pattern,
                text,
            )


@needs_native
def test_generated_notes_same_starts_as_reference() -> None:
    for text in corpus()[:150]:
        assert native_starts(text) == reference_starts(text), text


@cache
def fragments() -> list[str]:
    """Return runs of one to four words cut from generated notes."""
    chooser = random.Random(7)
    pieces: list[str] = []
    for text in note_texts(60, 80, 31):
        words = re.split(r"(\s+)", text)
        index = 0
        while index < len(words):
            size = chooser.randint(1, 7)
            pieces.append("".join(words[index : index + size]))
            index += size
    return sorted(set(pieces))


DIGITS_AND_PUNCTUATION = "0123456789-/.:()#+@,' \n\t"
TEXTS = st.lists(
    st.one_of(
        st.sampled_from(fragments()),
        st.text(DIGITS_AND_PUNCTUATION, max_size=8),
        st.text(st.characters(max_codepoint=127), max_size=4),
    ),
    max_size=30,
).map("".join)


@needs_native
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_random_text_same_starts(text: str) -> None:
    expected = reference_starts(text)
    assert native_starts(text) == expected
    if hyperscan is not None:
        assert list(engine("hyperscan").scan(text)._starts) == expected


EDGE_CASES = [
    "",
    "7",
    "a",
    " ",
    "\x00",
    "\x7f",
    "123-45-6789",
    "(555) 201-3344",
    "03/14/2024",
    "MRN 1234567",
    "x 123-45-6789",
    "DOB 03/14/1962 call (555) 201-3344 SSN 123-45-6789",
    "\x00123-45-6789\x00",
    "\n\n03/14\n\n",
]


@needs_native
@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_case_same_starts(text: str) -> None:
    assert native_starts(text) == reference_starts(text)


@needs_native
def test_empty_note_has_no_starts() -> None:
    assert native_starts("") == [None] * len(PATTERNS)


@needs_native
def test_starts_at_note_edges() -> None:
    ssn = PATTERNS.index(patterns._SSN)
    starts = native_starts("123-45-6789 and 987-65-4321")[ssn]
    assert starts is not None
    assert starts[0] == 0
    assert 16 in starts


@needs_native
def test_small_cache_flushes_mid_note() -> None:
    """A note that needs more states than the cache can keep is scanned in several cycles."""
    small = matcher(max_states=40)
    text = "\n".join(corpus()[:40])
    expected = matcher().scan(text)
    assert small.scan(text) == expected
    assert small.flushes > 0
    assert small.states <= 40


@needs_native
def test_smallest_cache_gives_same_starts() -> None:
    smallest = matcher(max_states=2)
    for text in corpus()[:20] + EDGE_CASES:
        assert smallest.scan(text) == reference_starts(text), text
    assert smallest.flushes > 0
    assert smallest.states <= 2


@needs_native
def test_byte_budget_flushes_cache() -> None:
    tight = matcher(max_bytes=0)
    text = corpus()[0]
    assert tight.scan(text) == reference_starts(text)
    assert tight.flushes > 0


@needs_native
def test_cache_stays_bounded_on_random_bytes() -> None:
    chooser = random.Random(5)
    text = "".join(chr(chooser.randrange(128)) for _ in range(200_000))
    bounded = matcher(max_states=300)
    assert bounded.scan(text) == matcher().scan(text)
    assert bounded.states <= 300
    assert bounded.flushes > 0


@needs_native
def test_cache_survives_between_notes() -> None:
    """States built for one note are reused, not rebuilt, for the next."""
    warm = matcher()
    text = corpus()[0]
    first = warm.scan(text)
    states = warm.states
    assert warm.scan(text) == first
    assert warm.states == states
    assert warm.flushes == 0


@needs_native
def test_matcher_reports_its_size() -> None:
    fresh = matcher()
    assert fresh.states == 1
    assert fresh.nodes > len(PATTERNS)
    assert 1 < fresh.byte_classes <= 128
    before = fresh.memory
    fresh.scan(corpus()[0])
    assert fresh.states > 1
    assert fresh.memory >= before


@needs_native
def test_memory_error_leaves_matcher_usable() -> None:
    """Each failed allocation raises MemoryError, and the next scan is complete and correct."""
    testcapi = pytest.importorskip("_testcapi")
    text = corpus()[0]
    expected = reference_starts(text)
    result = None
    failures = 0
    # set_nomemory(n, n + 1) makes only the nth allocation from now on fail. Nothing but the
    # scan may allocate while the hook is set, so pytest.raises is not used here.
    for failure in range(1000):
        failing = matcher(max_states=50)
        testcapi.set_nomemory(failure, failure + 1)
        try:
            result = failing.scan(text)
        except MemoryError:
            result = None
        finally:
            testcapi.remove_mem_hooks()
        if result is not None:
            # The scan makes fewer allocations than this, so none of them failed.
            break
        failures += 1
        assert failing.scan(text) == expected, failure
    assert result == expected
    assert failures > 10


@needs_native
def test_non_ascii_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        matcher().scan("Zoë 123-45-6789")


@needs_native
def test_non_str_text_is_rejected() -> None:
    with pytest.raises(TypeError, match="expects str"):
        matcher().scan(b"123-45-6789")


def bad_expressions() -> Sequence[tuple[object, type[Exception], str]]:
    return [
        ([(5, [1 << 49], False)], ValueError, "invalid pattern position 5"),
        ([(-1, [1 << 49], False)], ValueError, "invalid pattern position -1"),
        ([(0, [], False)], ValueError, "classes"),
        ([(0, [1 << 49], True)], ValueError, "prior"),
        ([(0, [1 << 128], False)], ValueError, "2\\*\\*128"),
        ([(0, [-1], False)], ValueError, "2\\*\\*128"),
        ([(0, ["a"], False)], TypeError, "int"),
        ([[0, [1], False]], TypeError, "tuple"),
        (5, TypeError, "not iterable"),
        ([(0, 7, False)], TypeError, "not iterable"),
    ]


@needs_native
@pytest.mark.parametrize(("argument", "error", "message"), bad_expressions())
def test_invalid_expression_is_rejected(
    argument: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _native.Matcher(argument, 1)


@needs_native
@pytest.mark.parametrize("limits", [{"max_states": 1}, {"max_states": 40_000}, {"max_bytes": -1}])
def test_invalid_limit_is_rejected(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="max_"):
        matcher(**limits)


@needs_native
def test_highest_ascii_class_bit_matches() -> None:
    """Bit 127 (DEL) and bit 0 (NUL) are ordinary class members."""
    gates = _native.Matcher([(0, [1 << 127, 1 << 0], False)], 1)
    assert gates.scan("a\x7f\x00b\x7f") == [[1]]


@needs_native
def test_prior_class_reads_the_sentinel_at_the_start() -> None:
    """A prior class that contains NUL lets a gate match at position 0."""
    digit = sum(1 << code for code in range(ord("0"), ord("9") + 1))
    gates = _native.Matcher([(0, [1 << 0 | 1 << ord(" "), digit, digit], True)], 1)
    assert gates.scan("12 34 x56") == [[0, 3]]


@needs_native
def test_gate_on_sentinel_gives_no_start() -> None:
    """A gate without a prior class whose first class contains NUL never starts at -1."""
    gates = _native.Matcher([(0, [1 << 0, 1 << ord("a")], False)], 1)
    assert gates.scan("a") == [None]
    assert gates.scan("\x00a") == [[0]]


@needs_native
def test_patterns_without_expressions_give_none() -> None:
    gates = _native.Matcher([(2, [1 << ord("x")], False)], 4)
    assert gates.scan("axbx") == [None, None, [1, 3], None]


# One gate that spells the printable ASCII characters, so that the trie needs many byte
# classes.
PRINTABLE = "".join(map(chr, range(32, 127)))
WIDE_EXPRESSIONS = [(0, [1 << ord(char) for char in PRINTABLE], False)]


@needs_native
def test_init_again_from_an_expression_is_rejected() -> None:
    """Code that an expression runs cannot initialize the matcher while it is being built."""
    gates = _native.Matcher.__new__(_native.Matcher)

    class Position:
        def __index__(self) -> int:
            _native.Matcher.__init__(gates, [(0, [1 << ord("a")], False)], 1)
            return 0

    with pytest.raises(RuntimeError, match="only once"):
        _native.Matcher.__init__(gates, [(Position(), *WIDE_EXPRESSIONS[0][1:])], 1)
    _native.Matcher.__init__(gates, WIDE_EXPRESSIONS, 1)
    assert gates.scan("x" + PRINTABLE) == [[1]]


@needs_native
def test_init_again_from_the_pattern_count_is_rejected() -> None:
    """A matcher that converting an argument initialized is not initialized a second time."""
    gates = _native.Matcher.__new__(_native.Matcher)

    class Count:
        def __index__(self) -> int:
            _native.Matcher.__init__(gates, [(0, [1 << ord("a")], False)], 1)
            return 1

    with pytest.raises(RuntimeError, match="only once"):
        _native.Matcher.__init__(gates, WIDE_EXPRESSIONS, Count())
    assert gates.scan("bab") == [[1]]


@needs_native
@needs_legacy_strings
def test_legacy_string_is_scanned() -> None:
    """An ASCII string that is not ready yet is scanned, not rejected as non-ASCII."""
    gates = _native.Matcher([(0, [1 << ord("a")], False)], 1)
    assert gates.scan(legacy_string("bab")) == [[1]]


def test_describe_extensions_names_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """An extension that fails to import is reported by name as running its Python fallback."""
    # A None entry in sys.modules makes the import raise ImportError, as a missing build does.
    monkeypatch.setitem(sys.modules, "phigate.masking._cues", None)
    loaded = loaded_extensions()
    assert loaded["_cues"] is False
    line = describe_extensions()
    assert line.startswith(f"{sum(loaded.values())} of {len(EXTENSIONS)} loaded")
    assert "the Python fallbacks run for _cues" in line
