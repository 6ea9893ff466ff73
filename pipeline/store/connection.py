"""Opening the warehouse: brief, retried, read-only for readers.

A DuckDB file open read-write in one process cannot be opened at all by another
(not even read-only). So writers hold the file only while a batch is written, and
both readers and writers retry with backoff for up to `lock_timeout_s` when they
find it locked; past that a `WarehouseLockedError` says who to blame.

A write session checkpoints once, when it closes, not at every commit: DuckDB
would otherwise checkpoint after each batch whose log passed 16 MB, rewriting the
tables' unfilled row groups every time. `HeldWriteSession` lets a run's
consecutive batches share one session (and so one checkpoint) for up to
`WRITE_HOLD_S` seconds before it lets readers in.

With `[warehouse] backend = "ducklake"` the same calls attach a DuckLake catalog
(SQLite locally, Postgres for many machines) whose data lives in Parquet files;
DuckLake allows several concurrent writers.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseDamagedError, WarehouseError, WarehouseLockedError
from pipeline.safefiles import open_lock_file
from pipeline.store.extensions import load_extension

log = logging.getLogger(__name__)

LAKE_ALIAS = "lake"
_LOCK_MARKERS = ("could not set lock", "conflicting lock", "database is locked", "lock on file")
# What DuckDB says when the file's bytes are not what it wrote (checked per block on read).
_DAMAGE_MARKERS = ("corrupt database file", "not a valid duckdb database file", "could not read enough bytes",
                   "does not match stored checksum", "failed to deserialize", "serialization error")


def is_damage_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(marker in text for marker in _DAMAGE_MARKERS)


def damaged(settings: WarehouseSettings, exc: BaseException) -> WarehouseDamagedError:
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    return WarehouseDamagedError(
        f"warehouse {settings.path} is damaged ({first}); newsmon will not start it over: "
        "restore it from a backup, or move it aside and run `newsmon init` for a new one")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _LOCK_MARKERS)


# newsmon never downloads anything at run time: extensions come from pinned wheels
# (pipeline/store/extensions.py), so DuckDB may neither install nor auto-load one.
OFFLINE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

WRITE_HOLD_S = 10.0                 # longest a run keeps one write session across its batches
SESSION_CHECKPOINT_THRESHOLD = "1GB"  # log size that forces a checkpoint before the session closes


def _connect_file(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    elif not Path(path).exists():
        raise WarehouseError(f"warehouse {path} does not exist yet: run `newsmon init` or `newsmon ingest`")
    con = duckdb.connect(path, read_only=read_only, config=dict(OFFLINE_CONFIG))
    if not read_only:   # checkpoint when the session closes, not after every batch's commit
        con.execute(f"SET checkpoint_threshold = '{SESSION_CHECKPOINT_THRESHOLD}'")
    return con


def _connect_lake(settings: WarehouseSettings, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config=dict(OFFLINE_CONFIG))
    load_extension(con, "ducklake")
    catalog = settings.catalog
    if catalog.startswith("sqlite:"):
        load_extension(con, "sqlite")
        prepare_sqlite_catalog(Path(catalog.removeprefix("sqlite:")))
    data_path = settings.data_path or str(Path(settings.path).with_suffix("")) + "_lake_data"
    if "://" not in data_path:
        Path(data_path).mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH '{data_path}'" + (", READ_ONLY" if read_only else "")
    con.execute(f"ATTACH 'ducklake:{catalog}' AS {LAKE_ALIAS} ({options})")
    con.execute(f"USE {LAKE_ALIAS}")
    return con


def prepare_sqlite_catalog(path: Path) -> None:
    """Create a new SQLite catalog in WAL mode, so lake readers never block its writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()


def sqlite_catalog_path(settings: WarehouseSettings) -> Path | None:
    if settings.backend == "ducklake" and settings.catalog.startswith("sqlite:"):
        return Path(settings.catalog.removeprefix("sqlite:"))
    return None


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when `con`'s current database is a DuckLake (no keys, no indexes, no ON CONFLICT)."""
    row = con.execute("SELECT type FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


@contextlib.contextmanager
def hold_catalog_writer_lock(settings: WarehouseSettings) -> Iterator[None]:
    """Serialize the writers of a SQLite-catalog lake (SQLite takes one writer at a time;
    a second committer would fail with "database is locked"). No-op for other backends:
    a Postgres catalog arbitrates concurrent DuckLake commits itself."""
    catalog = sqlite_catalog_path(settings)
    if catalog is None:
        yield
        return
    catalog.parent.mkdir(parents=True, exist_ok=True)
    fd = open_lock_file(catalog.with_name(catalog.name + ".writer.lock"))
    try:
        wait_for_flock(fd, settings)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def wait_for_flock(fd: int, settings: WarehouseSettings) -> None:
    deadline = time.monotonic() + settings.lock_timeout_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WarehouseLockedError(
                    f"lake catalog {settings.catalog} stayed locked by another writer") from None
            time.sleep(0.05 + random.random() * 0.05)


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
            if is_damage_error(exc):
                raise damaged(settings, exc) from exc
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
    """Open the warehouse for the duration of a `with` block, then release the file.
    DuckDB's word that the file is damaged, met anywhere in the block, becomes a
    WarehouseDamagedError (a usage-level error: the CLI exits 2 with one line)."""
    with contextlib.ExitStack() as stack:
        if not read_only:
            stack.enter_context(hold_catalog_writer_lock(settings))
        con = open_warehouse(settings, read_only=read_only, timeout_s=timeout_s)
        try:
            yield con
        except duckdb.Error as exc:
            if is_damage_error(exc):
                raise damaged(settings, exc) from exc
            raise
        finally:
            con.close()


class HeldWriteSession:
    """One write session shared by consecutive batches, released every `hold_s` seconds.

        with HeldWriteSession(settings) as writer:
            for batch in batches:
                write_batch(writer.connection(), batch, at)
                writer.release_if_due()

    Each batch still commits on its own; sharing the session saves a checkpoint per
    batch. Closing the session (when due, or at the end) checkpoints and frees the
    file, so a reader waits at most about `hold_s` plus one batch."""

    def __init__(self, settings: WarehouseSettings, hold_s: float = WRITE_HOLD_S) -> None:
        self.settings, self.hold_s = settings, hold_s
        self._stack: contextlib.ExitStack | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened = 0.0
        self.sessions = 0

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._stack = contextlib.ExitStack()
            self._con = self._stack.enter_context(warehouse_session(self.settings))
            self._opened = time.monotonic()
            self.sessions += 1
        return self._con

    def release_if_due(self) -> None:
        if self._con is not None and time.monotonic() - self._opened >= self.hold_s:
            self.close()

    def close(self) -> None:
        stack, self._stack, self._con = self._stack, None, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> "HeldWriteSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
