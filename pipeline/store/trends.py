"""Keep the pre-aggregated trend and deal tables (migration 0004) in step with the articles.

`refresh_trends(con, article_ids)` recounts only what the given articles can
change: the ISO weeks of every dated copy in their near-duplicate clusters, plus
the rolling statistics of the 28 days after, and every deal they report (or
reported before a re-extraction). Call it after each write of
articles or extraction results, inside the writer's transaction if possible.
`refresh_trends(con)` with no ids rebuilds everything. A writer that defers the
recount (several batches in one run) calls `note_pending(con, article_ids)` in
each batch's transaction instead; the next `refresh_trends` also counts every
pending article and empties `agg_pending`. The SQL lives in
`warehouse/refresh/*.sql`; the views in `warehouse/views/` read these tables.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from pipeline.store.deal_refresh import refresh_deals
from pipeline.store.paths import WAREHOUSE_DIR

log = logging.getLogger(__name__)

REFRESH_DIR = WAREHOUSE_DIR / "refresh"
TREND_STEPS = ("story_reps", "rep_mentions", "entity_days", "pair_weeks")
_TEMP_TABLES = ("_refresh_articles", "_touched_days", "_story_reps", "_rep_mentions", "_day_counts",
                "_stat_range", "_window_counts", "_touched_deals")


def read_refresh_sql(name: str) -> str:
    return (REFRESH_DIR / f"{name}.sql").read_text(encoding="utf-8")


def record_refresh(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Note in agg_state when derived data `name` was last brought up to date."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("DELETE FROM agg_state WHERE name = ?", [name])   # no ON CONFLICT: DuckLake has no keys
    con.execute("INSERT INTO agg_state (name, refreshed_at, articles) SELECT ?, ?, count(*) FROM articles",
                [name, now])


def trends_were_built(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM agg_state WHERE name = 'trends'").fetchone()[0])


def _id_table(article_ids: Iterable[str]) -> pa.Table:
    return pa.table({"article_id": pa.array(list(article_ids), pa.string())})


def note_pending(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> None:
    """Record articles the next `refresh_trends` must count (call inside the write's transaction)."""
    ids = _id_table(article_ids)
    if ids.num_rows == 0:
        return
    con.register("_pending_ids", ids)
    try:
        con.execute("INSERT INTO agg_pending (article_id) SELECT DISTINCT article_id FROM _pending_ids")
    finally:
        con.unregister("_pending_ids")


def pending_count(con: duckdb.DuckDBPyConnection) -> int:
    """Articles written since the trend aggregates last counted them."""
    return con.execute("SELECT count(DISTINCT article_id) FROM agg_pending").fetchone()[0]


def _mark_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str] | None) -> None:
    if article_ids is None:
        con.execute("CREATE OR REPLACE TEMP TABLE _refresh_articles AS SELECT article_id FROM articles")
        con.execute(read_refresh_sql("touched_days_all"))
        return
    con.register("_refresh_ids", _id_table(article_ids))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _refresh_articles AS "
                    "SELECT article_id FROM _refresh_ids UNION SELECT article_id FROM agg_pending")
    finally:
        con.unregister("_refresh_ids")
    con.execute(read_refresh_sql("touched_days"))


def _drop_temp_tables(con: duckdb.DuckDBPyConnection) -> None:
    for name in _TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def refresh_trends(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str] | None = None) -> int:
    """Recount the trend aggregates touched by `article_ids` and the pending articles (all when
    None), then empty agg_pending; return days recounted."""
    if article_ids is not None and not trends_were_built(con):
        article_ids = None   # first refresh on an upgraded warehouse: build everything once
    try:
        _mark_articles(con, article_ids)
        days = con.execute("SELECT count(*) FROM _touched_days").fetchone()[0]
        if days:
            for step in TREND_STEPS:
                con.execute(read_refresh_sql(step))
        con.execute(read_refresh_sql("touched_deals"))
        refresh_deals(con, lambda step: con.execute(read_refresh_sql(step)))
        con.execute("DELETE FROM agg_pending")
        record_refresh(con, "trends")
    finally:
        _drop_temp_tables(con)
    log.info("trend aggregates refreshed for %d days", days)
    return days
