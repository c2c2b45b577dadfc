"""Build a str in the legacy form that CPython 3.11 still has and 3.12 removed.

A legacy string from ``PyUnicode_FromUnicode(NULL, size)`` stores its characters as wchar_t
and is not "ready": its length and data fields stay empty until ``PyUnicode_READY`` fills
them in. Python code cannot observe that state, because every str operation readies the string
first, but C code that reads the fields directly does.
"""

from __future__ import annotations

import ctypes
import warnings

import pytest

_from_unicode = getattr(ctypes.pythonapi, "PyUnicode_FromUnicode", None)
needs_legacy_strings = pytest.mark.skipif(
    _from_unicode is None, reason="this Python has no legacy strings (removed in 3.12)"
)


def legacy_string(value: str) -> str:
    """Return a str equal to ``value`` that is not ready yet."""
    assert _from_unicode is not None
    _from_unicode.restype = ctypes.py_object
    _from_unicode.argtypes = [ctypes.c_wchar_p, ctypes.c_ssize_t]
    as_unicode = ctypes.pythonapi.PyUnicode_AsUnicode
    as_unicode.restype = ctypes.c_void_p
    as_unicode.argtypes = [ctypes.py_object]
    with warnings.catch_warnings():
        # PyUnicode_FromUnicode(NULL, size) warns that it is deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        text: str = _from_unicode(None, len(value))
    buffer = ctypes.create_unicode_buffer(value, len(value))
    ctypes.memmove(as_unicode(text), buffer, ctypes.sizeof(buffer))
    return text
