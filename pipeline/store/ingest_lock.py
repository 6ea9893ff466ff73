"""A per-warehouse, per-feed-list ingest lock: one pass over the same feeds at a time.

The deployment's concurrency limit (one run, new runs cancelled) is the main
guard and works across workers and machines. This file lock is the second one:
it also stops a run that Prefect does not know about (a manual `newsmon ingest`
flow call, a second `newsmon serve`) from fetching the same feeds twice.
The lock is an OS advisory lock: a crashed process releases it automatically.
"""
from __future__ import annotations

import contextlib
import hashlib
import fcntl
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.config import WarehouseSettings
from pipeline.records import FeedSpec
from pipeline.safefiles import open_lock_file

log = logging.getLogger(__name__)


def lock_path_for(settings: WarehouseSettings, feeds: Sequence[FeedSpec] = ()) -> Path:
    """`<warehouse>.ingest.<feeds>.lock`, next to the DuckDB file (or the lake catalog).

    The lock is per warehouse *and feed list*: two passes over the same feeds must
    not overlap (they would fetch everything twice), while passes over different
    feed lists may, which is how several machines share a DuckLake warehouse."""
    if settings.backend == "ducklake" and settings.catalog.startswith("sqlite:"):
        base = Path(settings.catalog.removeprefix("sqlite:"))
    else:
        base = Path(settings.path)
    return base.with_name(f"{base.name}.ingest.{feeds_key(feeds)}.lock")


def feeds_key(feeds: Sequence[FeedSpec]) -> str:
    """A short stable key of a feed list (names and URLs, in any order): what one ingest
    lock guards, and what ingest_runs.feeds_key records for each run."""
    return hashlib.sha256("\n".join(sorted(f"{f.name} {f.url}" for f in feeds)).encode()).hexdigest()[:12]


@contextlib.contextmanager
def hold_ingest_lock(settings: WarehouseSettings, feeds: Sequence[FeedSpec] = ()) -> Iterator[bool]:
    """Yield True while holding the lock, False at once if another process holds it."""
    path = lock_path_for(settings, feeds)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = open_lock_file(path)
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
