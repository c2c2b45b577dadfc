"""Forms that a new user's trial found kept, and clinical text of the same shapes that must stay.

Each positive case is a form from the trial's notes or probes. The negative cases next to it
have the same shape but hold no identifier.
"""

from __future__ import annotations

import pytest

from phigate.masking import FreeTextMasker, Masker
from phigate.policy import MaskSpec, Operator

KEY = b"trial-forms-key-0123456789abcdef-01234567"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)


@pytest.fixture(scope="module")
def masker() -> FreeTextMasker:
    """A free-text masker without a dictionary."""
    return FreeTextMasker(Masker(KEY))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("wife (joan) called x2.", "wife (<PERSON>) called x2."),
        ("also my daughter\nbridget can pick it up.", "also my daughter\n<PERSON> can pick it up."),
        ("report given to tasha RN at 1900.", "report given to <PERSON> RN at 1900."),
        ("this is doctor gonzales dictating", "this is doctor <PERSON> dictating"),
        ("seen by nurse ellie today.", "seen by nurse <PERSON> today."),
        ("hi dr x its mary ellen again.", "hi dr x its <PERSON> again."),
        ("dictating on anthony brooks medical", "dictating on <PERSON> medical"),
        ("Patient Name: jane qwerty", "Patient Name: <PERSON>"),
        ("Pt: qwerty, jane", "Pt: <PERSON>"),
        ("name=jane qwerty|dob", "name=<PERSON>|dob"),
        ("Signed: j. qwerty rn", "Signed: <PERSON> rn"),
        ('Pt states his name is "Bear".', 'Pt states his name is "<PERSON>".'),
        ("Pt goes by Sunny.", "Pt goes by <PERSON>."),
        ("Seen with resident JK.", "Seen with resident <PERSON>."),
        ("Seen with student A.M.. Pt well.", "Seen with student <PERSON>. Pt well."),
        ("Case discussed w/ LMP (attending).", "Case discussed w/ <PERSON> (attending)."),
    ],
)
def test_lower_case_names_after_cues(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "wife (at bedside) and daughter (pcp aware) called. son (hcp) updated.",
        "spoke with daughter\nregarding plan.",
        "son (will call back). daughter (may visit).",
        "nurse aware. nurse practitioner to see. doctor visit tomorrow.",
        "nurse navigator called. nurse educator. nurse liaison. nurse midwife.",
        "Pt: alert and oriented x3. Patient: pleasant, cooperative. Name: unknown.",
        "Signed: electronically. Pt: afebrile. pt: ambulating. Patient: same.",
        "it's unclear. its own. it's bilateral. dictating on behalf of dr.",
        "name is pending. Pt goes by wheelchair.",
        "discussed with attending MD and resident MD. fellow ICU. student nurse.",
        "ok per charge RN. primary RN aware. bedside RN notified. float RN. night RN.",
        "case discussed with GI (fellow) and ID (attending).",
        "LMP normal. Seen with resident. Intern MD aware.",
    ],
)
def test_clinical_text_after_cues_stays(masker: FreeTextMasker, text: str) -> None:
    assert masker.find(text) == []
