"""``python -m phigate``: the same as the ``phigate`` command."""

from phigate.cli import main

main()
