"""Write one run's batches: merged into write units, held write sessions, the next batch prepared while units are written.

Turning a batch's records into Arrow tables is Python work that holds the GIL;
writing them is DuckDB work that releases it. A worker thread therefore prepares
the next batches while the main thread writes, which hides most of the
conversion (on two cores the threads still compete for CPU). Consecutive
batches are written together in units of about 60,000 articles, one transaction
and one INSERT per table each (pipeline.store.write_units): DuckDB pays per
statement, and at 1M articles in 20,000-article batches this took the load from
36.5-37.5 s to 30.4-35.3 s in one harness (the full bench, noisier, cannot tell
the two apart). Units are written in order; only the last
recounts the trend aggregates (for the whole run, see
pipeline.store.trends.note_pending) and runs `after_last` on the same connection.
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
from pipeline.store.write_units import UNIT_ARTICLES, WriteUnit, part_keys
from pipeline.store.writer import IngestBatch, PreparedBatch, prepare_batch, write_prepared

SWITCH_INTERVAL_S = 0.001   # see _quick_gil_handoff
PREPARE_AHEAD_MAX = 64      # batches queued for the worker at most, however small they are


@dataclass
class RunWriteResult:
    """What `write_run` did."""

    articles_new: int = 0
    batches: int = 0
    units: int = 0        # transactions: consecutive batches written together (pipeline.store.write_units)
    sessions: int = 0     # write sessions opened, so checkpoints taken


def write_run(settings: WarehouseSettings, batches: Iterable[IngestBatch | PreparedBatch], at: datetime,
              unconditional: dict[str, bool] | None = None,
              after_last: Callable[[duckdb.DuckDBPyConnection, IngestBatch], None] | None = None,
              hold_s: float = WRITE_HOLD_S, recount_last: bool = True,
              unit_articles: int = UNIT_ARTICLES) -> RunWriteResult:
    """Write `batches` in order; return how many articles were new, and how many
    write units (transactions) and write sessions it took.

    A batch may come already in Arrow (a PreparedBatch, e.g. from a stage that builds
    its rows itself); it is then written as it is, with no conversion.

    Consecutive batches are merged into write units of about `unit_articles`
    articles, each one transaction with one INSERT per table; what is stored is
    the same as batch by batch (pipeline.store.write_units). A batch that fails to
    prepare (WarehouseError naming the batch) stops the run after the batches
    before it are written; a unit that fails to write stops it too. Units written
    before stay committed, their ids waiting in agg_pending for the next recount.
    The last unit recounts the trend aggregates for the whole run, then
    `after_last` runs on the same connection with that unit's records. With
    recount_last=False the last unit too only leaves its ids pending, for a caller
    that recounts on its own."""
    result = RunWriteResult()
    ahead = iter(batches)
    queued: deque[tuple[Future[PreparedBatch], int]] = deque()
    with _quick_gil_handoff(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsmon-prepare") as pool, \
            HeldWriteSession(settings, hold_s) as writer:

        def write(unit: WriteUnit, last: bool) -> None:
            prepared = unit.merged()
            con = writer.connection()
            result.articles_new += write_prepared(con, prepared, at, unconditional, refresh=last and recount_last)
            if last and after_last is not None:
                after_last(con, prepared.batch)
            result.batches += len(unit.parts)
            result.units += 1
            writer.release_if_due()

        unit = WriteUnit()
        try:
            _queue_up(pool, ahead, queued, unit_articles)
            while queued:
                try:
                    part = _prepared(queued.popleft()[0], result.batches + len(unit.parts) + 1)
                except WarehouseError:
                    if unit:   # keep the batches before the broken one
                        write(unit, last=False)
                    raise
                _queue_up(pool, ahead, queued, unit_articles)   # the worker converts while units are written
                keys = part_keys(part)
                if not unit.takes(part, keys):
                    write(unit, last=False)
                    unit = WriteUnit()
                unit.add(part, keys)
                if not queued or unit.articles >= unit_articles:
                    write(unit, last=not queued)
                    unit = WriteUnit()
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


def _queue_up(pool: ThreadPoolExecutor, batches: Iterator[IngestBatch | PreparedBatch],
              queued: deque[tuple[Future[PreparedBatch], int]], unit_articles: int) -> None:
    """Hand the worker batches until a unit's worth of articles is queued or prepared
    (or PREPARE_AHEAD_MAX batches, or none are left): the next unit is then ready
    about when this one is written."""
    while len(queued) < PREPARE_AHEAD_MAX and sum(size for _, size in queued) < unit_articles:
        batch = next(batches, None)
        if batch is None:
            return
        queued.append((_submitted(pool, batch), _size(batch)))


def _submitted(pool: ThreadPoolExecutor, batch: IngestBatch | PreparedBatch) -> Future[PreparedBatch]:
    """The batch's conversion handed to the worker, or for one already in Arrow, a done future."""
    if isinstance(batch, IngestBatch):
        return pool.submit(prepare_batch, batch)
    done: Future[PreparedBatch] = Future()
    done.set_result(batch)
    return done


def _size(batch: IngestBatch | PreparedBatch) -> int:
    """Articles (or extractions, if more) the batch carries, at least 1: what a unit counts."""
    if isinstance(batch, IngestBatch):
        return max(len(batch.articles), len(batch.extractions), 1)
    return max(batch.articles.num_rows if batch.articles is not None else 0, len(batch.extraction_ids), 1)
