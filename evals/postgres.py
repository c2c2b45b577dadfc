"""The local PostgreSQL server the evals use, and a check that it accepts connections."""

from __future__ import annotations

import socket

__all__ = ["POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "postgres_answers"]

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_USER = "postgres"


def postgres_answers(host: str = POSTGRES_HOST, port: int = POSTGRES_PORT) -> bool:
    """Tell whether a server accepts TCP connections at ``host``:``port`` within a second."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False
