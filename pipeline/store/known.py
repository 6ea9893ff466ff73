"""What ingestion needs to know before fetching, and the ingest_runs bookkeeping."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from pipeline.records import FeedState


@dataclass
class KnownContent:
    """Stored URLs, content hashes, recent signatures and feed validators."""

    canonical_urls: set[str] = field(default_factory=set)
    content_hashes: set[str] = field(default_factory=set)
    signatures: list[tuple[str, str, bytes]] = field(default_factory=list)
    states: dict[str, FeedState] = field(default_factory=dict)


def read_known_content(con: duckdb.DuckDBPyConnection, signatures_since: datetime) -> KnownContent:
    known = KnownContent()
    known.canonical_urls = {r[0] for r in con.execute("SELECT canonical_url FROM articles").fetchall()}
    known.content_hashes = {r[0] for r in con.execute("SELECT content_hash FROM articles").fetchall()}
    known.signatures = [
        (r[0], r[1], bytes(r[2])) for r in con.execute(
            "SELECT a.article_id, coalesce(a.cluster_id, a.article_id), s.signature "
            "FROM article_signatures s JOIN articles a USING (article_id) "
            "WHERE a.fetched_at >= ? OR a.published_at >= ?",
            [signatures_since.replace(tzinfo=None), signatures_since.replace(tzinfo=None)],
        ).fetchall()
    ]
    for name, etag, lm, uncond in con.execute(
        "SELECT feed_name, etag, last_modified, last_unconditional_at FROM feed_state"
    ).fetchall():
        known.states[name] = FeedState(feed_name=name, etag=etag, last_modified=lm,
                                       last_unconditional_at=uncond)
    return known


# A run that stops early (killed, cancelled, Ctrl-C, an error) never reaches
# record_run_finish, but the batches it committed are stored: count those.
COMMITTED_COUNTS = """
    articles_new = (SELECT count(*) FROM articles a WHERE a.run_id = ingest_runs.run_id),
    duplicates = (SELECT count(*) FROM articles a WHERE a.run_id = ingest_runs.run_id AND a.is_duplicate),
    feeds_ok = (SELECT count(*) FROM fetch_log f WHERE f.run_id = ingest_runs.run_id AND f.kind = 'feed' AND f.ok),
    feeds_failed = (SELECT count(*) FROM fetch_log f
                    WHERE f.run_id = ingest_runs.run_id AND f.kind = 'feed' AND NOT f.ok),
    errors = (SELECT count(*) FROM fetch_log f WHERE f.run_id = ingest_runs.run_id AND NOT f.ok)
"""


def record_run_start(con: duckdb.DuckDBPyConnection, run_id: str, started: datetime,
                     feeds_key: str | None = None) -> None:
    """Record a run as started over the feed list `feeds_key`.

    Call it holding that feed list's ingest lock: no other run of the same feeds can
    then be alive, so a row of theirs still open belongs to a run that was killed or
    cancelled without closing it (a flow run cancelled under `serve` ends its process
    before Python can). It is closed here as 'interrupted' rather than showing as
    running for good in ingest_runs (and `newsmon query ingest_health`)."""
    at = started.replace(tzinfo=None)
    if feeds_key is not None:
        con.execute("UPDATE ingest_runs SET finished_at = ?, status = 'interrupted', message = ?, "
                    f"{COMMITTED_COUNTS} WHERE feeds_key = ? AND finished_at IS NULL",
                    [at, f"stopped without closing its row (killed or cancelled); closed by run {run_id}",
                     feeds_key])
    con.execute("INSERT INTO ingest_runs (run_id, started_at, status, feeds_key) VALUES (?, ?, 'running', ?)",
                [run_id, at, feeds_key])


def record_run_abort(con: duckdb.DuckDBPyConnection, run_id: str, finished: datetime,
                     status: str, message: str) -> None:
    """Close a run that stopped early ('interrupted' or 'error') with the counts of what it committed."""
    con.execute(f"UPDATE ingest_runs SET finished_at = ?, status = ?, message = ?, {COMMITTED_COUNTS} "
                "WHERE run_id = ? AND finished_at IS NULL",
                [finished.replace(tzinfo=None), status, message[:2000], run_id])


def record_run_finish(con: duckdb.DuckDBPyConnection, report) -> None:
    message = "; ".join(f"{name}: {err}" for name, err in report.failed_feeds)[:2000] or None
    con.execute(
        "UPDATE ingest_runs SET finished_at = ?, feeds_ok = ?, feeds_failed = ?, items_seen = ?, "
        "articles_new = ?, duplicates = ?, errors = ?, status = ?, message = ? WHERE run_id = ?",
        [report.finished_at.replace(tzinfo=None), report.feeds_ok, report.feeds_failed,
         report.items_seen, report.articles_new, report.duplicates, report.errors,
         report.status, message, report.run_id],
    )
