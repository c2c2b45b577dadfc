"""Build the optional C extensions of the free-text detectors; the rest is in pyproject.toml.

optional=True: where an extension cannot be compiled, the install still succeeds and the
detectors use their fallbacks (Hyperscan or re for the prefilter, Python loops for the
others), with the same results.
"""

from setuptools import Extension, setup

# The character classes that five of the extensions share; a change to it rebuilds them.
ASCII_HEADER = ["server/masking/_ascii.h"]

setup(
    ext_modules=[
        Extension(
            "phigate.masking._dates",
            ["server/masking/_dates.c"],
            depends=ASCII_HEADER,
            optional=True,
        ),
        Extension("phigate.masking._gates", ["server/masking/_gates.c"], optional=True),
        Extension("phigate.masking._kernels", ["server/masking/_kernels.c"], optional=True),
        Extension("phigate.masking._span", ["server/masking/_span.c"], optional=True),
        Extension(
            "phigate.masking._numbers",
            ["server/masking/_numbers.c"],
            depends=ASCII_HEADER,
            optional=True,
        ),
        Extension(
            "phigate.masking._words",
            ["server/masking/_words.c"],
            depends=ASCII_HEADER,
            optional=True,
        ),
        Extension(
            "phigate.masking._dictscan",
            ["server/masking/_dictscan.c"],
            depends=ASCII_HEADER,
            optional=True,
        ),
        Extension(
            "phigate.masking._cues",
            ["server/masking/_cues.c"],
            depends=ASCII_HEADER,
            optional=True,
        ),
    ]
)
