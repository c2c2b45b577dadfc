"""The optional C extensions of the free-text detectors, and which of them this install has.

``setup.py`` builds each one where a C compiler and Python's headers are found. A missing one
costs speed, not results, because its Python fallback gives the same spans; the tests in
``tests/masking`` compare the two on every extension.
"""

from __future__ import annotations

import importlib

__all__ = ["EXTENSIONS", "describe_extensions", "loaded_extensions"]

EXTENSIONS = ("_cues", "_dates", "_dictscan", "_gates", "_kernels", "_numbers", "_span", "_words")


def loaded_extensions() -> dict[str, bool]:
    """Return, for each extension in ``EXTENSIONS``, whether it imports in this install."""
    loaded: dict[str, bool] = {}
    for name in EXTENSIONS:
        try:
            importlib.import_module(f"phigate.masking.{name}")
        except ImportError:
            loaded[name] = False
        else:
            loaded[name] = True
    return loaded


def describe_extensions() -> str:
    """Describe in one line how many extensions loaded, naming those that run in Python."""
    loaded = loaded_extensions()
    missing = [name for name, present in loaded.items() if not present]
    line = f"{len(loaded) - len(missing)} of {len(loaded)} loaded"
    if missing:
        line += f"; the Python fallbacks run for {', '.join(missing)}"
    return line
