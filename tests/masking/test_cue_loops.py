"""The C loops of the name cues give exactly what their pure-Python fallbacks give.

``phigate.masking._cues`` is an optional extension. Where it is built, each test runs the C
loop and the Python loop on the same ASCII text and compares the spans, in order. The texts
are generated notes, random text over an alphabet of name, blank and joiner characters, and
credential and title cases written to reach the edges of the window and the patterns.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phigate.evals.detection.corpus import generated_set, handwritten_set
from phigate.masking import cues
from phigate.masking.names import NameScanner
from phigate.masking.prefilter import default_prefilter
from phigate.masking.spans import Span
from phigate.policy import PhiKind

try:
    from phigate.masking import _cues
except ImportError:  # pragma: no cover - the extension is optional
    _cues = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(_cues is None, reason="phigate.masking._cues is not built")

NOTES = [
    note.text
    for note in [*generated_set(60, 200, 3113).notes, *handwritten_set().notes]
    if note.text.isascii()
]
# Capitals, letters, the joiners and initials of names, blanks, a line break, the characters
# before a credential and the words the loops read.
ALPHABET = "AaBbJjKkMmNnOoRrSsDd .\t\n,()'-_0"
WORDS = [
    "Dr.",
    "Dr",
    "MR.",
    "Lt.",
    "16",
    "Miss",
    "RN",
    "MD",
    "DO",
    "MA",
    "PA-C",
    "Dr.",
    "Sarah",
    "Jones",
    "O'Brien",
    "Smith-Jones",
    "J.",
    "A.",
    "JM",
    "KLM",
    "Care",
    "Wound",
    "May",
    "Hope",
    "Bob",
    "Lee",
    "LEE",
    "lee",
    "Ab-Cd-Ef-Gh-Ij",
    "x" * 31,
    "X" + "y" * 31,
    "Ann",
    "ANN",
    "Anna",
    "ANNA",
    "anna",
]
SEPARATORS = [" ", "  ", "\t", ", ", ",", " (", "\n", ".\n", ". ", "-", "'", "/", ""]


def bounds(spans: list[Span]) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, str(span.kind), span.source) for span in spans]


def credential_spans(text: str, native: bool) -> list[tuple[int, int, str, str]]:
    """Return the spans that the C or the Python credential loop appends for ``text``."""
    scan = default_prefilter().scan(text)
    spans: list[Span] = []
    if native:
        _cues.credential_names(
            text,
            spans,
            cues._CREDENTIAL_ALTERNATIVES,
            cues._are_initials,
            cues._cached_name_bounds,
            cues._NAME_BOUNDS,
            cues._AMBIGUOUS_CREDENTIALS,
            Span,
            PhiKind.NAME,
        )
    else:
        cues._python_credential_names(scan, spans)
    return bounds(spans)


def title_spans(text: str, native: bool) -> list[tuple[int, int, str, str]]:
    """Return the spans that the C or the Python title loop appends for ``text``."""
    scan = default_prefilter().scan(text)
    spans: list[Span] = []
    if native:
        _cues.title_names(
            text,
            scan.finditer(cues._TITLE_BEFORE),
            spans,
            cues._TITLES,
            cues._begins_with_name,
            cues._cached_name_bounds,
            cues._NAME_BOUNDS,
            Span,
            PhiKind.NAME,
        )
    else:
        cues._python_title_names(scan, spans)
    return bounds(spans)


def repeated_spans(text: str, native: bool) -> list[tuple[int, int, str, str]] | None:
    """Return the repeated-name spans of the C or the Python loop, or None where C declines."""
    cue_spans = cues.find_cue_names(default_prefilter().scan(text))
    scan_spans = NameScanner().find(text)
    if not native:
        return bounds(cues._python_find_repeated_names(text, cue_spans, scan_spans))
    found = _cues.repeated_names(
        text,
        cue_spans,
        scan_spans,
        cues._CUE_FORMS,
        cues._SCAN_FORMS,
        cues._search_forms,
        cues._PERSON_VERB_AFTER.match,
        Span,
        PhiKind.NAME,
    )
    return None if found is None else bounds(found)


def assert_loops_agree(text: str) -> None:
    assert title_spans(text, True) == title_spans(text, False)
    assert credential_spans(text, True) == credential_spans(text, False)
    native = repeated_spans(text, True)
    if native is not None:
        assert native == repeated_spans(text, False)


def test_loops_match_fallback_on_notes() -> None:
    """On generated and handwritten notes both loops return the same spans."""
    for text in NOTES:
        assert_loops_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sarah Jones, RN",
        "Seen by Sarah Jones (RN) today",
        "Note written by JM, RN",
        "Note by KLM, MD and AB, DO",
        "A.\nWeaver, DO",
        "A. \n  Weaver, DO",
        "D. HUNTER, MD",
        "Wound Care RN",
        "Monday, MA",
        "Mrs. May, RN",
        "x/Smith Jones, RN",
        "von-Smith, RN",
        "O'Brien Smith-Jones Lee, MD",
        "Ab-Cd-Ef-Gh-Ij, RN",
        "Smith ,  RN",
        "Smith,, RN",
        "Smith ((RN",
        "Baltimore, MD 21201",
        "Ann Lee, MD  1234 and Bo Ray, MD\t12345",
        "Ann Lee, FNP-BC, Bo Ray, FNP-C, Cy Day, FNP- and Di Fox, FNP",
        "Ann Lee, M.D., Bo Ray, Ph.D., Cy Day, PMHNP-BC",
        "Ann Lee, RN_ and Bo Ray, RN0 and Cy Day, RNs",
        "_Smith, RN",
        ".Smith, RN",
        "x" * 120 + " Ann Lee, RN",
        "Ann " + "b" * 105 + " Lee, RN",
        ", RN",
        "(RN",
        "RN",
        "",
        "Lt. Knee pain, 16 Fr. Foley, 160 ms. QRS, 2 \t Fr. Foley, mild MR. Moderate TR",
        "Dr.\nYoung, DR.OKAFOR, DR. PATEL, Mrs. Ann Lee, Dr. about it, xDr. Lee, 7Dr. Lee",
        "Chaplain Services, Officer Kim, Sgt. Pepper, Rabbi Cohen",
        "Dr. Okafor saw her. Okafor agrees. OKAFOR and okafor, okaforx.",
        "Husband Bob visited. Bob will bring clothes.\nBob. Bob is here: Bob",
        "Dr. Anna Lee-Ray met Anna. ANNA anna ANNAnna Lee-Ray-Lee-Ray Lee-Ray",
        "Dr. Ab-Ab saw Ab-Ab-Ab today",
    ],
)
def test_loops_match_fallback_on_edge_cases(text: str) -> None:
    """Windows, initials, line breaks and joiners give the same spans in both loops."""
    assert_loops_agree(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_loops_match_fallback_on_random_text(text: str) -> None:
    """On random text of name, blank and joiner characters both loops return the same spans."""
    assert_loops_agree(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=30))
def test_loops_match_fallback_on_word_sequences(parts: list[str]) -> None:
    """On runs of names, credentials, initials and separators both loops agree."""
    assert_loops_agree("".join(parts))


def test_loops_reject_text_that_is_not_ascii() -> None:
    """The C loops raise ValueError for text that is not ASCII, which the callers never pass."""
    with pytest.raises(ValueError, match="ASCII"):
        _cues.credential_names(
            "Zoë Lee, RN", [], ("RN",), bool, bool, {}, frozenset(), Span, PhiKind.NAME
        )
    with pytest.raises(ValueError, match="ASCII"):
        _cues.repeated_names("Zoë", [], [], {}, {}, bool, bool, Span, PhiKind.NAME)
    with pytest.raises(ValueError, match="ASCII"):
        _cues.title_names("Dr. Zoë", [], [], frozenset(), bool, bool, {}, Span, PhiKind.NAME)


def test_repeated_names_declines_bounds_outside_text() -> None:
    """A span that does not lie inside the text leaves the search to the Python loop."""
    span = Span(2, 40, PhiKind.NAME, "cue")
    found = _cues.repeated_names(
        "Dr. Lee",
        [span],
        [],
        cues._CUE_FORMS,
        cues._SCAN_FORMS,
        cues._search_forms,
        cues._PERSON_VERB_AFTER.match,
        Span,
        PhiKind.NAME,
    )
    assert found is None
    assert cues.find_repeated_names("Dr. Lee", [span]) == []


def test_find_repeated_names_is_sorted() -> None:
    """Both paths return the spans sorted by start, so the order does not depend on hashing."""
    text = "Dr. Lee Okafor. Okafor and Lee. LEE, OKAFOR."
    cue_spans = cues.find_cue_names(default_prefilter().scan(text))
    for found in (
        cues.find_repeated_names(text, cue_spans),
        cues._python_find_repeated_names(text, cue_spans),
    ):
        # "LEE" has three letters, too few for a form in capitals.
        assert [span.start for span in found] == [16, 27, 37]
