"""A run of many batches: write sessions shared across batches, one trend recount per
run, and nothing lost when a run dies between its batches (agg_pending)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import pipeline.ingest
from pipeline.config import WarehouseSettings
from pipeline.errors import WarehouseError
from pipeline.store import init_warehouse, warehouse_session
from pipeline.store.connection import HeldWriteSession
from pipeline.store.refresh import ensure_derived
from pipeline.store.run_writer import write_run
from pipeline.store.trends import pending_count
from pipeline.store.writer import IngestBatch, write_batch
from tests.test_alerts import ingest_items
from tests.test_digest_support import day1_items, day2_items, make_settings
from tests.warehouse_builder import article, day, extraction

AT = datetime(2025, 6, 1)
STORIES = "SELECT count(*) FROM trend_articles"
VIEWS = ("trend_articles", "daily_mentions", "entity_trends", "co_mentions", "deals", "deal_history", "deal_reports")


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "batches.duckdb"))


def _batch(*ids: str, start: int = 1) -> IngestBatch:
    items = [(article(aid, day(start + i)), extraction(aid, {"Honda": 1, "Nissan": 1})) for i, aid in enumerate(ids)]
    return IngestBatch(run_id="r", articles=[a for a, _ in items], extractions=[(a.article_id, ex) for a, ex in items])


def _read(path: str, sql: str) -> int:
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_batches_before_the_last_wait_in_agg_pending_and_the_last_counts_them_all(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, _batch("a1", "a2"), AT, refresh=False)
        write_batch(con, _batch("a3", start=3), AT, refresh=False)
        assert pending_count(con) == 3
        assert con.execute(STORIES).fetchone()[0] == 0   # not counted yet
        write_batch(con, _batch("a4", start=4), AT)       # the run's last batch
        assert pending_count(con) == 0
        assert con.execute(STORIES).fetchone()[0] == 4


def test_a_run_that_died_between_batches_is_counted_by_the_next_init(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
        write_batch(con, _batch("a1"), AT)
        write_batch(con, _batch("a2", start=2), AT, refresh=False)   # then the process dies
    assert _read(settings.path, STORIES) == 1
    with warehouse_session(settings) as con:
        assert ensure_derived(con) is True          # what `newsmon init` runs
        assert ensure_derived(con) is False         # nothing left to do
    assert _read(settings.path, STORIES) == 2
    assert _read(settings.path, "SELECT count(*) FROM agg_pending") == 0


@pytest.mark.parametrize("hold_s, sessions", [(3600.0, 1), (0.0, 3)])
def test_held_session_is_shared_until_due_and_checkpoints_when_released(settings, hold_s, sessions):
    with warehouse_session(settings) as con:
        init_warehouse(con)
    with HeldWriteSession(settings, hold_s=hold_s) as writer:
        for i, aid in enumerate(("a1", "a2", "a3")):
            write_batch(writer.connection(), _batch(aid, start=i + 1), AT, refresh=i == 2)
            writer.release_if_due()
    assert writer.sessions == sessions
    assert not Path(settings.path + ".wal").exists()   # closing checkpointed everything
    assert _read(settings.path, STORIES) == 3


def test_a_reader_gets_the_file_between_held_sessions(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
    with HeldWriteSession(settings, hold_s=0.0) as writer:
        write_batch(writer.connection(), _batch("a1"), AT)
        writer.release_if_due()
        assert _read(settings.path, "SELECT count(*) FROM articles") == 1
        write_batch(writer.connection(), _batch("a2", start=2), AT)
    assert _read(settings.path, "SELECT count(*) FROM articles") == 2


def _views(path: str) -> dict[str, list[tuple]]:
    con = duckdb.connect(path, read_only=True)
    try:
        return {v: con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall() for v in VIEWS}
    finally:
        con.close()


def test_an_ingest_run_of_many_batches_gives_the_same_trends_as_one_batch(tmp_path, monkeypatch):
    items = day1_items() + day2_items()
    one = make_settings(tmp_path / "one")
    ingest_items(one, items)
    monkeypatch.setattr(pipeline.ingest, "BATCH_SIZE", 1)
    many = make_settings(tmp_path / "many")
    ingest_items(many, items)
    path = many.warehouse.path
    assert _read(path, "SELECT count(*) FROM articles") == len(items)
    assert _read(path, "SELECT count(*) FROM agg_pending") == 0
    assert _read(path, "SELECT count(*) FROM fts_main_articles.docs") == len(items)
    expected, got = _views(one.warehouse.path), _views(path)
    assert got == expected
    assert len(got["deal_history"]) >= 2 and got["trend_articles"]


def test_write_run_writes_every_batch_in_order_and_recounts_once_at_the_end(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
    seen = []
    batches = [_batch("a1", "a2"), _batch("a2", "a3", start=3), _batch("a4", start=5)]   # a2 repeats
    result = write_run(settings, batches, AT, after_last=lambda con, batch: seen.append(
        (con.execute("SELECT count(*) FROM agg_pending").fetchone()[0], [a.article_id for a in batch.articles])),
        hold_s=3600.0)
    assert (result.articles_new, result.batches, result.units, result.sessions) == (4, 3, 2, 1)
    assert seen == [(0, ["a2", "a3", "a4"])]   # after the last unit (a2 repeats, so it starts one), which counted the run
    assert _read(settings.path, STORIES) == 4
    assert _read(settings.path, "SELECT min(published_at)::DATE FROM articles WHERE article_id = 'a2'") == \
        day(2).date()                          # the first batch's copy won


def test_write_run_stops_at_a_batch_that_cannot_be_prepared_and_keeps_the_ones_before(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
    broken = _batch("b1", start=3)
    broken.articles = [replace(broken.articles[0], published_at="yesterday")]   # not a datetime
    with pytest.raises(WarehouseError, match="batch 3 of the run could not be turned into rows"):
        write_run(settings, [_batch("a1"), _batch("a2", start=2), broken, _batch("a4", start=4)], AT, hold_s=0.0)
    assert _read(settings.path, "SELECT string_agg(article_id, ',' ORDER BY article_id) FROM articles") == "a1,a2"
    assert _read(settings.path, "SELECT count(*) FROM agg_pending") == 2   # counted by the next run or init
    with warehouse_session(settings) as con:
        assert ensure_derived(con) is True
    assert _read(settings.path, STORIES) == 2
