"""A run stopped by Ctrl-C, a cancelled flow run or a failure is closed in ingest_runs
as 'interrupted' or 'error' (not left 'running' forever), the error still reaches the
caller, and the next run goes ahead."""
from __future__ import annotations

import duckdb
import pytest

from pipeline.ingest import run_ingest
from tests.test_alerts import ingest_items
from tests.test_digest_support import day1_items, make_settings


def _stopping_collect(exc: BaseException):
    def collect(*args, **kwargs):
        raise exc
    return collect


def _runs(settings) -> list[tuple]:
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        return con.execute("SELECT status, finished_at IS NOT NULL, message FROM ingest_runs "
                           "ORDER BY started_at, run_id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("exc, status", [
    (KeyboardInterrupt(), "interrupted"),
    (RuntimeError("disk full"), "error"),
])
def test_a_run_that_stops_early_is_closed_with_why(tmp_path, exc, status):
    settings = make_settings(tmp_path)
    with pytest.raises(type(exc)):
        run_ingest(settings, extractor=object(), collect=_stopping_collect(exc))
    ((got, finished, message),) = _runs(settings)
    assert (got, finished) == (status, True)
    assert type(exc).__name__ in message


def test_the_next_run_goes_ahead_after_an_interrupted_one(tmp_path):
    settings = make_settings(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings, extractor=object(), collect=_stopping_collect(KeyboardInterrupt()))
    ingest_items(settings, day1_items())
    assert [r[0] for r in _runs(settings)] == ["interrupted", "ok"]


def test_a_run_killed_without_closing_its_row_is_closed_by_the_next_run_of_its_feeds(tmp_path):
    from datetime import datetime

    from pipeline.store import init_warehouse, warehouse_session
    from pipeline.store.ingest_lock import feeds_key
    from pipeline.store.known import record_run_start

    settings = make_settings(tmp_path)
    with warehouse_session(settings.warehouse) as con:   # as a killed process leaves them
        init_warehouse(con)
        record_run_start(con, "killed", datetime(2025, 1, 1), feeds_key(settings.feeds))
        record_run_start(con, "other-feeds", datetime(2025, 1, 1, 0, 1), "another-feed-list")
    ingest_items(settings, day1_items())
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        rows = dict((r[0], r[1:]) for r in con.execute(
            "SELECT run_id, status, finished_at IS NOT NULL, message FROM ingest_runs").fetchall())
    finally:
        con.close()
    assert rows["killed"][:2] == ("interrupted", True)
    assert "killed or cancelled" in rows["killed"][2]
    assert rows["other-feeds"] == ("running", False, None)   # another feed list's run may be alive
    assert sorted(s for s, *_ in rows.values()) == ["interrupted", "ok", "running"]


def _as_killed_after_commit(settings) -> tuple[str, int]:
    """Reopen the only run's row as a process killed after its last commit leaves it."""
    con = duckdb.connect(settings.warehouse.path)
    try:
        (run_id,) = con.execute("SELECT run_id FROM ingest_runs").fetchone()
        stored = con.execute("SELECT count(*) FROM articles WHERE run_id = ?", [run_id]).fetchone()[0]
        con.execute("UPDATE ingest_runs SET finished_at = NULL, status = 'running', articles_new = 0, "
                    "duplicates = 0, feeds_ok = 0, errors = 0 WHERE run_id = ?", [run_id])
    finally:
        con.close()
    return run_id, stored


def _counts(settings, run_id) -> tuple:
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        return con.execute("SELECT status, articles_new FROM ingest_runs WHERE run_id = ?", [run_id]).fetchone()
    finally:
        con.close()


def test_a_killed_run_closed_by_the_next_run_counts_the_articles_it_committed(tmp_path):
    settings = make_settings(tmp_path)
    ingest_items(settings, day1_items())
    run_id, stored = _as_killed_after_commit(settings)
    assert stored > 0
    ingest_items(settings, day1_items())   # the next run of the same feeds closes the stale row
    assert _counts(settings, run_id) == ("interrupted", stored)


def test_an_interrupted_run_counts_the_articles_it_committed(tmp_path):
    from pipeline.ingest import close_aborted_run

    settings = make_settings(tmp_path)
    ingest_items(settings, day1_items())
    run_id, stored = _as_killed_after_commit(settings)
    close_aborted_run(settings, run_id, KeyboardInterrupt())
    assert _counts(settings, run_id) == ("interrupted", stored)
