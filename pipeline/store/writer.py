"""Batched, idempotent writes: one transaction per batch, Arrow in, no row loops.

Every insert is keyed on a stable id, so writing the same batch twice (a re-run
after a crash) changes nothing: articles and signatures are insert-if-absent on
article_id (and canonical_url); extraction rows for an article are replaced as a
whole, and an article skipped as a copy of a stored one (same canonical URL,
another id) gets none. The big tables carry no key constraint (migrations 0006, 0008): the writer
is what keeps those ids unique, on a DuckDB file and on DuckLake alike.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.redact import redact_text
from pipeline.records import Article, ArticleFailure, Extraction, FeedPoll
from pipeline.store.connection import is_lake
from pipeline.store.trends import note_pending, refresh_trends
from pipeline.store.rows import articles_table, extraction_tables

log = logging.getLogger(__name__)


@dataclass
class IngestBatch:
    """What one ingestion batch writes, all in one transaction."""

    run_id: str
    articles: Sequence[Article] = ()
    signatures: dict[str, bytes] = field(default_factory=dict)
    extractions: Sequence[tuple[str, Extraction]] = ()
    polls: Sequence[FeedPoll] = ()
    failures: Sequence[ArticleFailure] = ()
    feed_urls: dict[str, str] = field(default_factory=dict)


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, tail: str = "") -> None:
    if data.num_rows == 0:
        return
    con.register("_batch", data)
    try:
        cols = ", ".join(data.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch {tail}")
    finally:
        con.unregister("_batch")


def insert_if_absent_tail(con: duckdb.DuckDBPyConnection, table: str, key: str) -> str:
    """`_insert_arrow` tail skipping rows whose key is stored: ON CONFLICT on a keyed table
    of a DuckDB file, an anti-join on DuckLake (which has no keys to conflict on)."""
    if is_lake(con):
        return f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = _batch.{key})"
    return "ON CONFLICT DO NOTHING"


def _insert_unkeyed_if_absent(con: duckdb.DuckDBPyConnection, table: str, key: str, data: pa.Table) -> None:
    """Insert rows whose key is not stored yet, the first of each key only: the table has
    no key constraint (migration 0008), so the writer keeps it unique."""
    if data.num_rows == 0:
        return
    cols = ", ".join(data.column_names)
    con.register("_batch", data)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT DISTINCT ON ({key}) {cols} FROM _batch b "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = b.{key})")
    finally:
        con.unregister("_batch")


def insert_new_article_rows(con: duckdb.DuckDBPyConnection, data: pa.Table) -> set[str]:
    """Insert articles not stored yet (by id or canonical URL); return the ids inserted.
    `data` is unique on id and URL already (rows.articles_table).

    `articles` has no key constraint (migration 0008): the writer keeps article_id and
    canonical_url unique, on a DuckDB file and on DuckLake alike. It first asks which
    incoming rows are stored already (by id or by URL: two semi-joins, and the answer
    is usually empty), then inserts the others with a plain INSERT."""
    if data.num_rows == 0:
        return set()
    con.register("_incoming", data)
    try:
        stored = [r[0] for r in con.execute(STORED_ARTICLES_SQL).fetchall()]
    finally:
        con.unregister("_incoming")
    if stored:
        data = data.filter(pc.invert(pc.is_in(data["article_id"], pa.array(stored, pa.string()))))
    _insert_arrow(con, "articles", data)
    return set(data["article_id"].to_pylist())


# incoming articles already stored under their id or their canonical URL (a union of two
# semi-joins: DuckDB plans `... OR ...` over two subqueries as a nested loop)
STORED_ARTICLES_SQL = """
SELECT article_id FROM _incoming WHERE article_id IN (SELECT article_id FROM articles)
UNION
SELECT article_id FROM _incoming WHERE canonical_url IN (SELECT canonical_url FROM articles)
"""


def signatures_table(signatures: dict[str, bytes]) -> pa.Table:
    return pa.table({"article_id": pa.array(list(signatures), pa.string()),
                     "signature": pa.array(list(signatures.values()), pa.binary())})


def write_signatures(con: duckdb.DuckDBPyConnection, signatures: dict[str, bytes]) -> None:
    if signatures:
        _insert_unkeyed_if_absent(con, "article_signatures", "article_id", signatures_table(signatures))


def replace_extractions(con: duckdb.DuckDBPyConnection,
                        extractions: Sequence[tuple[str, Extraction]],
                        fresh_ids: set[str] | frozenset[str] = frozenset()) -> None:
    """Replace all extraction rows of these articles with the given results.

    `fresh_ids` are articles inserted in this same transaction: they cannot have
    extraction rows yet, so the deletes (a scan of the big tables) skip them."""
    if extractions:
        replace_extraction_rows(con, [a for a, _ in extractions], extraction_tables(extractions), fresh_ids)


def replace_extraction_rows(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str],
                            tables: dict[str, pa.Table],
                            fresh_ids: set[str] | frozenset[str] = frozenset()) -> None:
    """`replace_extractions` for rows already in Arrow (see rows.extraction_tables)."""
    stale = [a for a in article_ids if a not in fresh_ids]
    if stale:
        _delete_extractions(con, stale)
    _insert_arrow(con, "entities", tables["entities"], insert_if_absent_tail(con, "entities", "entity_id"))
    for name in ("mentions", "events", "event_participants", "market_moves"):
        _insert_arrow(con, name, tables[name])


def _stored_under_another_id(con: duckdb.DuckDBPyConnection, skipped: set[str]) -> set[str]:
    """Of articles the batch carried but did not insert, those not stored under their own id:
    copies of a stored article under another id and the same canonical URL. Their
    extraction rows must not be written, since no article row would ever join them."""
    if not skipped:
        return set()
    con.register("_skipped", pa.table({"article_id": pa.array(sorted(skipped), pa.string())}))
    try:
        stored = {r[0] for r in con.execute("SELECT article_id FROM _skipped "
                                            "WHERE article_id IN (SELECT article_id FROM articles)").fetchall()}
    finally:
        con.unregister("_skipped")
    return skipped - stored


def _without_articles(article_ids: list[str], tables: dict[str, pa.Table],
                      dropped: set[str]) -> tuple[list[str], dict[str, pa.Table]]:
    """Extraction ids and rows without those of the `dropped` articles."""
    if not dropped:
        return article_ids, tables
    drop = pa.array(sorted(dropped), pa.string())
    kept = {name: t.filter(pc.invert(pc.is_in(t["article_id"], drop)))
            for name, t in tables.items() if "article_id" in t.column_names}
    events = kept["events"]["event_id"]
    parts = tables["event_participants"]
    kept["event_participants"] = parts.filter(pc.is_in(parts["event_id"], events))
    kept["entities"] = tables["entities"]
    return [a for a in article_ids if a not in dropped], kept


def _delete_extractions(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> None:
    ids = pa.table({"article_id": list(article_ids)})
    con.register("_ids", ids)
    try:
        con.execute("DELETE FROM event_participants WHERE event_id IN "
                    "(SELECT event_id FROM events WHERE article_id IN (SELECT article_id FROM _ids))")
        for table in ("events", "mentions", "market_moves"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ids)")
    finally:
        con.unregister("_ids")


# feed_state upsert: ON CONFLICT on a DuckDB file, MERGE on DuckLake (no keys there).
FEED_STATE_COLUMNS = ("feed_name, url, title, etag, last_modified, last_unconditional_at, last_success_at, "
                      "last_error_at, last_error, consecutive_failures, items_seen, last_status_code, updated_at")
FEED_STATE_VALUES = "$name, $url, $title, $etag, $lm, $uncond, $ok_at, $err_at, $err, $fails, $items, $code, $at"
FEED_STATE_SET = """
            url = excluded.url,
            title = coalesce(excluded.title, feed_state.title),
            etag = CASE WHEN $ok THEN coalesce(excluded.etag, CASE WHEN $nm THEN feed_state.etag END) ELSE feed_state.etag END,
            last_modified = CASE WHEN $ok THEN coalesce(excluded.last_modified, CASE WHEN $nm THEN feed_state.last_modified END) ELSE feed_state.last_modified END,
            last_unconditional_at = coalesce(excluded.last_unconditional_at, feed_state.last_unconditional_at),
            last_success_at = coalesce(excluded.last_success_at, feed_state.last_success_at),
            last_error_at = coalesce(excluded.last_error_at, feed_state.last_error_at),
            last_error = CASE WHEN $ok THEN feed_state.last_error ELSE excluded.last_error END,
            consecutive_failures = CASE WHEN $ok THEN 0 ELSE feed_state.consecutive_failures + 1 END,
            items_seen = feed_state.items_seen + excluded.items_seen,
            last_status_code = excluded.last_status_code,
            updated_at = excluded.updated_at
"""
FEED_STATE_UPSERT = (f"INSERT INTO feed_state ({FEED_STATE_COLUMNS}) VALUES ({FEED_STATE_VALUES}) "
                     f"ON CONFLICT (feed_name) DO UPDATE SET {FEED_STATE_SET}")
FEED_STATE_MERGE = (
    "MERGE INTO feed_state USING (SELECT "
    + ", ".join(f"{v} AS {c}" for v, c in zip(FEED_STATE_VALUES.split(", "), FEED_STATE_COLUMNS.split(", ")))
    + ") AS excluded ON feed_state.feed_name = excluded.feed_name "
    f"WHEN MATCHED THEN UPDATE SET {FEED_STATE_SET} "
    f"WHEN NOT MATCHED THEN INSERT ({FEED_STATE_COLUMNS}) VALUES "
    "(" + ", ".join(f"excluded.{c}" for c in FEED_STATE_COLUMNS.split(", ")) + ")"
)


def write_feed_states(con: duckdb.DuckDBPyConnection, polls: Sequence[FeedPoll],
                      feed_urls: dict[str, str], unconditional: dict[str, bool] | None = None) -> None:
    """Upsert per-feed health and conditional-GET validators from this run's polls."""
    unconditional = unconditional or {}
    upsert_sql = FEED_STATE_MERGE if is_lake(con) else FEED_STATE_UPSERT
    for poll in polls:
        at = poll.fetched_at.replace(tzinfo=None)
        con.execute(
            upsert_sql,
            {
                "name": poll.feed_name, "url": redact_text(feed_urls.get(poll.feed_name, poll.url)),
                "title": poll.feed_title, "etag": poll.etag, "lm": poll.last_modified,
                "uncond": at if (poll.ok and unconditional.get(poll.feed_name)) else None,
                "ok_at": at if poll.ok else None, "err_at": None if poll.ok else at,
                "err": redact_text(poll.error), "fails": 0 if poll.ok else 1, "items": len(poll.items),
                "code": poll.status_code, "at": at, "ok": poll.ok, "nm": poll.not_modified,
            },
        )


def write_fetch_log(con: duckdb.DuckDBPyConnection, run_id: str, at: datetime,
                    polls: Sequence[FeedPoll], failures: Sequence[ArticleFailure]) -> None:
    """One row per feed poll and per failed article; logins and tokens in URLs masked."""
    rows = [(run_id, at, p.feed_name, "feed", redact_text(p.url), p.ok, p.status_code,
             None if p.ok else "feed", redact_text(p.error)) for p in polls]
    rows += [(run_id, at, f.feed_name, "article", redact_text(f.url), False, None, f.error_kind,
              redact_text(f.error)) for f in failures]
    if not rows:
        return
    names = ("run_id", "logged_at", "feed_name", "kind", "url", "ok", "status_code", "error_kind", "error")
    cols = list(zip(*rows))
    types = {"logged_at": pa.timestamp("us"), "ok": pa.bool_(), "status_code": pa.int32()}
    data = pa.table({n: pa.array([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in c]
                                 if n == "logged_at" else list(c), type=types.get(n, pa.string()))
                     for n, c in zip(names, cols)})
    _insert_arrow(con, "fetch_log", data)


@dataclass
class PreparedBatch:
    """An IngestBatch with its records turned into Arrow tables, ready to write.

    Preparing needs no connection, so a run prepares its next batch in a worker
    thread while this one is written (see pipeline.store.run_writer)."""

    batch: IngestBatch
    articles: pa.Table | None
    signatures: pa.Table | None
    extraction_ids: list[str]          # articles whose extraction rows are replaced
    extraction_rows: dict[str, pa.Table] | None
    written_ids: list[str]             # every article the batch touches, for the trend recount


def prepare_batch(batch: IngestBatch) -> PreparedBatch:
    """Turn a batch's records into Arrow tables (pure CPU work, no connection)."""
    return PreparedBatch(
        batch=batch,
        articles=articles_table(batch.articles, batch.run_id) if batch.articles else None,
        signatures=signatures_table(batch.signatures) if batch.signatures else None,
        extraction_ids=[aid for aid, _ in batch.extractions],
        extraction_rows=extraction_tables(batch.extractions) if batch.extractions else None,
        written_ids=[a.article_id for a in batch.articles] + [aid for aid, _ in batch.extractions],
    )


def write_batch(con: duckdb.DuckDBPyConnection, batch: IngestBatch, at: datetime,
                unconditional: dict[str, bool] | None = None, refresh: bool = True) -> int:
    """Write one ingestion batch atomically; return the number of new articles.

    With refresh=True the trend aggregates are recounted in the same transaction
    (together with any pending articles). A run of several batches passes
    refresh=False for all but its last: those batches only add their ids to
    agg_pending, and the last batch's recount covers the whole run once."""
    return write_prepared(con, prepare_batch(batch), at, unconditional, refresh)


def write_prepared(con: duckdb.DuckDBPyConnection, prepared: PreparedBatch, at: datetime,
                   unconditional: dict[str, bool] | None = None, refresh: bool = True) -> int:
    """`write_batch` for a batch already prepared: one transaction; the number of new articles."""
    batch = prepared.batch
    con.execute("BEGIN TRANSACTION")
    try:
        inserted = insert_new_article_rows(con, prepared.articles) if prepared.articles is not None else set()
        if prepared.signatures is not None:
            _insert_unkeyed_if_absent(con, "article_signatures", "article_id", prepared.signatures)
        if prepared.extraction_rows is not None:
            twins = _stored_under_another_id(con, {a.article_id for a in batch.articles} - inserted)
            ids, rows = _without_articles(prepared.extraction_ids, prepared.extraction_rows, twins)
            replace_extraction_rows(con, ids, rows, fresh_ids=inserted)
        write_feed_states(con, batch.polls, batch.feed_urls, unconditional)
        write_fetch_log(con, batch.run_id, at, batch.polls, batch.failures)
        if refresh:
            refresh_trends(con, prepared.written_ids)
        else:
            note_pending(con, prepared.written_ids)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(inserted)
