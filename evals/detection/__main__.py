"""``python -m phigate.evals.detection``: score the free-text detector."""

from phigate.evals.detection.report import main

main()
