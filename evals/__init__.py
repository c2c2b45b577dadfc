"""The phigate evals: prove that PHI never reaches the model's context.

The suite builds the synthetic clinical database, plants prompt-injection notes in it, serves
it with ``phigate serve`` over stdio and drives the server with a real MCP client as several
principals. Every identifier in the data set is a canary. The whole transcript (tool list,
arguments, results, errors) is searched for each canary in raw and transformed forms, and each
scenario's stated outcome is checked. What a principal may see raw comes from
``expectations.yaml``, never from the policy under test, so a loosened policy shows up as leaks.

Run it with ``phigate evals`` or ``python -m phigate.evals``; see ``docs/evals.md``.
"""

from __future__ import annotations

__all__: list[str] = []
