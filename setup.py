"""Build the C extensions of the free-text detectors; the rest of the build is in pyproject.toml.

Each extension is optional: where it cannot be compiled, the install still succeeds and the
detectors run their pure-Python code, with the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("phigate.masking._kernels", ["server/masking/_kernels.c"], optional=True),
    ]
)
