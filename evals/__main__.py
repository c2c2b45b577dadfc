"""``python -m phigate.evals``: the same as ``phigate evals``."""

from phigate.evals.cli import main

main()
