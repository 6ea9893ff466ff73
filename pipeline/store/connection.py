"""Opening the warehouse: brief, retried, read-only for readers.

A DuckDB file open read-write in one process cannot be opened at all by another
(not even read-only). So writers hold the file only while a batch is written, and
both readers and writers retry with backoff for up to `lock_timeout_s` when they
find it locked; past that a `WarehouseLockedError` says who to blame.

With `[warehouse] backend = "ducklake"` the same calls attach a DuckLake catalog
(SQLite locally, Postgres for many machines) whose data lives in Parquet files;
DuckLake allows several concurrent writers.
"""
from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError, WarehouseLockedError
from pipeline.store.extensions import load_extension

log = logging.getLogger(__name__)

LAKE_ALIAS = "lake"
_LOCK_MARKERS = ("could not set lock", "conflicting lock", "database is locked", "lock on file")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MARKERS)


def _connect_file(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    elif not Path(path).exists():
        raise WarehouseError(f"warehouse {path} does not exist yet: run `newsmon init` or `newsmon ingest`")
    return duckdb.connect(path, read_only=read_only)


def _connect_lake(settings: WarehouseSettings, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_extension(con, "ducklake")
    catalog = settings.catalog
    if catalog.startswith("sqlite:"):
        load_extension(con, "sqlite")
        Path(catalog.removeprefix("sqlite:")).parent.mkdir(parents=True, exist_ok=True)
    data_path = settings.data_path or str(Path(settings.path).with_suffix("")) + "_lake_data"
    if "://" not in data_path:
        Path(data_path).mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH '{data_path}'" + (", READ_ONLY" if read_only else "")
    con.execute(f"ATTACH 'ducklake:{catalog}' AS {LAKE_ALIAS} ({options})")
    con.execute(f"USE {LAKE_ALIAS}")
    return con


def open_warehouse(settings: WarehouseSettings, read_only: bool = False,
                   timeout_s: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds the file."""
    deadline = time.monotonic() + (settings.lock_timeout_s if timeout_s is None else timeout_s)
    delay = 0.05
    while True:
        try:
            if settings.backend == "ducklake":
                return _connect_lake(settings, read_only)
            return _connect_file(settings.path, read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open warehouse {settings.path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(
                    f"warehouse {settings.path} stayed locked by another process: {exc}"
                ) from exc
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def warehouse_session(settings: WarehouseSettings, read_only: bool = False,
                      timeout_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for the duration of a `with` block, then release the file."""
    con = open_warehouse(settings, read_only=read_only, timeout_s=timeout_s)
    try:
        yield con
    finally:
        con.close()
