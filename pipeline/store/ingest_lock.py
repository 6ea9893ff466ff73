"""A per-warehouse ingest lock: at most one ingestion pass per warehouse on a machine.

The deployment's concurrency limit (one run, new runs cancelled) is the main
guard and works across workers and machines. This file lock is the second one:
it also stops a run that Prefect does not know about (a manual `newsmon ingest`
flow call, a second `newsmon serve`) from fetching the same feeds twice.
The lock is an OS advisory lock: a crashed process releases it automatically.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import WarehouseSettings

log = logging.getLogger(__name__)


def lock_path_for(settings: WarehouseSettings) -> Path:
    """`<warehouse>.ingest.lock`, next to the DuckDB file (or the lake catalog)."""
    if settings.backend == "ducklake" and settings.catalog.startswith("sqlite:"):
        base = Path(settings.catalog.removeprefix("sqlite:"))
    else:
        base = Path(settings.path)
    return base.with_name(base.name + ".ingest.lock")


@contextlib.contextmanager
def hold_ingest_lock(settings: WarehouseSettings) -> Iterator[bool]:
    """Yield True while holding the lock, False at once if another process holds it."""
    path = lock_path_for(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
