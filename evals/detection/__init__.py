"""Detection evaluation for free-text masking: recall, precision and clinical terms kept.

Four labeled sets are scored. The first is notes from the synthetic generator, which records
the span and kind of every identifier it writes, on a held-out seed. Then come twenty notes
written and labeled by hand in other styles (``handwritten.py``), forty notes a tester wrote in
a new-user trial to find gaps, which are not held out (``trial_notes.py``), and forty ordinary
notes written without the detector in view (``blind_notes.py``). Run it with
``python -m phigate.evals.detection``. The matching rules are in ``matching.py`` and
``docs/freetext.md``.
"""

from __future__ import annotations

__all__: list[str] = []
