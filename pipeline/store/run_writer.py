"""Write one run's batches: held write sessions, the next batch prepared while this one is written.

Turning a batch's records into Arrow tables is Python work that holds the GIL;
writing them is DuckDB work that releases it. A worker thread therefore prepares
batch i+1 while the main thread writes batch i, which hides most of the
conversion (on two cores the threads still compete for CPU: at 1M articles the
load fell from 78 s to about 35 s, not to DuckDB's 27 s alone). Batches are still written in order,
each in its own transaction; only the last recounts the trend aggregates (for the
whole run, see pipeline.store.trends.note_pending) and runs `after_last` on the
same connection.
"""
from __future__ import annotations

import contextlib
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError
from pipeline.store.connection import WRITE_HOLD_S, HeldWriteSession
from pipeline.store.writer import IngestBatch, PreparedBatch, prepare_batch, write_prepared

SWITCH_INTERVAL_S = 0.001   # see _quick_gil_handoff
PREPARE_AHEAD = 1           # batches prepared ahead of the one being written (3 was no faster, within noise)


@dataclass
class RunWriteResult:
    """What `write_run` did."""

    articles_new: int = 0
    batches: int = 0
    sessions: int = 0     # write sessions opened, so checkpoints taken


def write_run(settings: WarehouseSettings, batches: Iterable[IngestBatch], at: datetime,
              unconditional: dict[str, bool] | None = None,
              after_last: Callable[[duckdb.DuckDBPyConnection, IngestBatch], None] | None = None,
              hold_s: float = WRITE_HOLD_S, recount_last: bool = True) -> RunWriteResult:
    """Write `batches` in order and return how many articles were new and how many
    write sessions it took. A batch that fails to prepare (WarehouseError naming
    the batch) or to write stops the run; the batches before it stay committed
    (their ids wait in agg_pending for the next recount). With recount_last=False
    the last batch too only leaves its ids pending, for a caller that recounts on
    its own."""
    result = RunWriteResult()
    ahead = iter(batches)
    queued: deque[Future[PreparedBatch]] = deque()
    with _quick_gil_handoff(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsmon-prepare") as pool, \
            HeldWriteSession(settings, hold_s) as writer:
        try:
            _queue_up(pool, ahead, queued)
            while queued:
                prepared = _prepared(queued.popleft(), result.batches + 1)
                _queue_up(pool, ahead, queued)   # keep the worker converting while this one is written
                last = not queued
                con = writer.connection()
                result.articles_new += write_prepared(con, prepared, at, unconditional, refresh=last and recount_last)
                if last and after_last is not None:
                    after_last(con, prepared.batch)
                result.batches += 1
                writer.release_if_due()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        result.sessions = writer.sessions
    return result


@contextlib.contextmanager
def _quick_gil_handoff() -> Iterator[None]:
    """Shorten the interpreter's thread switch interval while the run's two threads work.

    The writing thread needs the GIL only briefly between DuckDB statements, but with
    the default 5 ms interval it waits that long behind the preparing thread each
    time: 300,000 articles in 20,000-article batches took 14.2 s, against 11.2 s
    with 1 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL_S))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _prepared(upcoming: Future[PreparedBatch], number: int) -> PreparedBatch:
    try:
        return upcoming.result()
    except Exception as exc:   # a record the rows cannot hold: say which batch, keep the cause
        raise WarehouseError(f"batch {number} of the run could not be turned into rows: "
                             f"{type(exc).__name__}: {exc}") from exc


def _queue_up(pool: ThreadPoolExecutor, batches: Iterator[IngestBatch],
              queued: deque[Future[PreparedBatch]]) -> None:
    """Hand the worker batches until PREPARE_AHEAD are queued or prepared (or none are left)."""
    while len(queued) < PREPARE_AHEAD:
        batch = next(batches, None)
        if batch is None:
            return
        queued.append(pool.submit(prepare_batch, batch))
