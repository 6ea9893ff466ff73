"""Project defaults for Prefect, applied before Prefect is imported.

Prefect reads its settings from the environment when it is first imported, so
these are set (never overridden) by `flows/__init__.py` and by the CLI before
any Prefect import: no telemetry, library loggers shown in the UI, and a
generous startup bound for the temporary local server.
"""
from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",   # no heartbeat to prefect.io
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "pipeline",   # library logs reach the run logs / UI
}


def apply_prefect_defaults() -> None:
    """Set newsmon's Prefect defaults in `os.environ` where the user set nothing."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
