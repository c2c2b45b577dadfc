"""Build the prefilter's optional C matcher; everything else is in pyproject.toml."""

from setuptools import Extension, setup

# optional=True: without a C compiler the package still installs, and the prefilter uses
# Hyperscan or re instead.
setup(ext_modules=[Extension("phigate.masking._gates", ["server/masking/_gates.c"], optional=True)])
