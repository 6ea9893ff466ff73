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
