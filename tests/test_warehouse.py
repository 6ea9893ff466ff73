"""Warehouse: migrations recorded and idempotent, views exist, read-only guard, batch writes."""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pytest

from pipeline.config import WarehouseSettings
from pipeline.errors import ReadOnlyViolation
from pipeline.records import Amount, Article, DealEvent, EntityHit, Extraction, Participant
from pipeline.store import init_warehouse, run_readonly_query, warehouse_session
from pipeline.store.migrations import list_migrations
from pipeline.store.readonly import check_readonly
from pipeline.store.writer import IngestBatch, write_batch

CONTRACT_RELATIONS = {
    "articles": {"article_id", "url", "canonical_url", "title", "source", "published_at", "fetched_at",
                 "lang", "text", "cluster_id", "is_duplicate"},
    "entities": {"entity_id", "name", "label", "kb_id"},
    "mentions": {"article_id", "entity_id", "count"},
    "events": {"event_id", "article_id", "type", "status", "amount_value", "amount_currency", "evidence", "confidence"},
    "event_participants": {"event_id", "entity_id", "role"},
    "market_moves": {"article_id", "entity_id", "direction", "pct", "evidence"},
    "ingest_runs": {"run_id", "started_at", "finished_at", "feeds_ok", "feeds_failed", "items_seen",
                    "articles_new", "duplicates", "errors"},
    "daily_mentions": {"day", "entity", "label", "mentions", "articles"},
    "entity_trends": {"day", "entity", "mentions", "avg_7d", "zscore", "is_spike"},
    "co_mentions": {"week", "entity_a", "entity_b", "articles"},
    "deals": {"deal_id", "type", "participants", "status", "first_seen", "last_seen", "articles"},
    "deal_history": {"deal_id", "day", "status", "article_id", "evidence"},
}


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "w.duckdb"))


def test_migrations_apply_once_and_are_recorded(settings):
    with warehouse_session(settings) as con:
        first = init_warehouse(con)
        second = init_warehouse(con)
        recorded = con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert len(first) == len(list_migrations()) and second == []
    assert recorded == len(list_migrations())


def test_contract_relations_have_their_columns(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
        for relation, columns in CONTRACT_RELATIONS.items():
            found = {r[0] for r in con.execute(f"DESCRIBE {relation}").fetchall()}
            assert columns <= found, (relation, columns - found)


@pytest.mark.parametrize("sql", [
    "DELETE FROM articles", "DROP TABLE articles", "INSERT INTO entities VALUES ('a','b','ORG',NULL)",
    "UPDATE articles SET title = 'x'", "CREATE TABLE t (a INT)", "COPY articles TO '/tmp/x.csv'",
    "ATTACH '/tmp/other.duckdb'", "SELECT 1; DELETE FROM articles",
])
def test_write_statements_are_refused(sql):
    with pytest.raises(ReadOnlyViolation):
        check_readonly(sql)


def test_readonly_query_runs_selects(settings):
    with warehouse_session(settings) as con:
        init_warehouse(con)
    result = run_readonly_query(settings, "SELECT 41 + 1 AS answer")
    assert result.columns == ["answer"] and result.rows == [(42,)]


def _article(article_id: str, text: str) -> Article:
    now = datetime(2025, 2, 13, 3, 0, tzinfo=timezone.utc)
    return Article(article_id=article_id, url=f"https://x.example/{article_id}",
                   canonical_url=f"https://x.example/{article_id}", title="t", source="x", feed_name="f",
                   author=None, published_at=now, published_source="feed", fetched_at=now, lang="en",
                   text=text, text_source="page", text_note=None, content_hash=article_id, cluster_id=article_id)


def test_batch_write_is_idempotent(settings):
    event = DealEvent("merger", "collapsed", (Participant("Honda", "partner"), Participant("Nissan", "partner")),
                      Amount(6e10, "USD", is_price=True), "Honda and Nissan ended their merger talks.", 0.9)
    ex = Extraction("a1", entities=(EntityHit("Honda", "ORG", 2, "Q9584"), EntityHit("Nissan", "ORG", 1)),
                    events=(event,), extractor_version="v1")
    batch = IngestBatch(run_id="r1", articles=[_article("a1", "Honda and Nissan ended their merger talks.")],
                        signatures={"a1": b"\x00"}, extractions=[("a1", ex)])
    with warehouse_session(settings) as con:
        init_warehouse(con)
        assert write_batch(con, batch, datetime(2025, 2, 13)) == 1
        assert write_batch(con, batch, datetime(2025, 2, 13)) == 0
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "events", "event_participants", "mentions", "entities")]
        deal = con.execute("SELECT participants, status FROM deals").fetchall()
    assert counts == [1, 1, 2, 2, 2]
    assert deal == [("Honda + Nissan", "collapsed")]


def test_writer_waits_for_a_locked_file_then_gives_up_loudly(settings, tmp_path):
    import subprocess
    import sys

    from pipeline.errors import WarehouseLockedError
    from pipeline.store import open_warehouse

    with warehouse_session(settings) as con:
        init_warehouse(con)
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)",
                               settings.path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseLockedError):
            open_warehouse(settings, timeout_s=1.0)
    finally:
        holder.kill()
        holder.wait()
    open_warehouse(settings, timeout_s=5.0).close()
