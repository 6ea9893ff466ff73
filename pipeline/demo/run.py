"""`newsmon demo`: serve the sample corpus on 127.0.0.1, ingest it, show the results.

The ingestion goes through exactly the code path of real feeds (httpx, feedparser,
trafilatura, spaCy, DuckDB); only the feed URLs point at the loopback server.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from pipeline.config import FetchSettings, Settings, load_settings
from pipeline.demo.server import CorpusServer
from pipeline.records import FeedSpec

TREND_QUERIES = {
    "Most-mentioned companies and people (stories, near-duplicates counted once)": """
        SELECT entity, label, sum(mentions) AS mentions, sum(articles) AS stories,
               min(day) AS first_day, max(day) AS last_day
        FROM daily_mentions WHERE label IN ('ORG', 'PERSON')
        GROUP BY entity, label ORDER BY mentions DESC, entity LIMIT 10""",
    "Deal tracker: each deal's status history (recaps of earlier stages left out)": """
        SELECT d.type, d.participants,
               string_agg(h.status || ' (' || coalesce(strftime(h.day, '%b %d'), 'undated') || ')'
                          || CASE WHEN h.change = 'reopens' THEN ' reopened' ELSE '' END, ' → '
                          ORDER BY h.published_at NULLS LAST, h.article_id) AS history,
               d.articles,
               coalesce(d.max_amount_currency || ' ' || format('{:,.0f}', d.max_amount)
                        || ' (' || d.amount_source || ')', '') AS amount
        FROM deals d JOIN deal_history h USING (deal_id)
        GROUP BY d.deal_id, d.type, d.participants, d.articles, d.last_seen, d.max_amount,
                 d.max_amount_currency, d.amount_source
        ORDER BY d.articles DESC, d.last_seen DESC NULLS LAST, d.participants, d.type LIMIT 10""",
}


def demo_settings(server: CorpusServer, db_path: str, workdir: Path) -> Settings:
    """Settings for the demo: the corpus feeds, loopback allowed, no politeness delay."""
    base = load_settings(None, db_path or None)
    feeds = tuple(FeedSpec(name, url) for name, url in server.feed_urls().items())
    fetch = replace(FetchSettings(), allow_private_networks=True, per_host_delay_s=0.0,
                    per_host_concurrency=8, timeout_s=10.0, retries=1)
    warehouse = replace(base.warehouse, lock_timeout_s=30.0)
    digest = replace(base.digest, to=(f"file:{workdir / 'digests'}/",))
    return replace(base, feeds=feeds, fetch=fetch, warehouse=warehouse, digest=digest)


def print_trend_queries(settings: Settings) -> None:
    from pipeline.output import format_table
    from pipeline.store import run_readonly_query

    for title, sql in TREND_QUERIES.items():
        print(f"\n## {title}\n")
        print(format_table(run_readonly_query(settings.warehouse, sql).table), end="")


def run_demo(db_path: str | None = None, workdir: str = "demo-run", keep_serving: bool = False) -> int:
    from pipeline.cli import print_ingest_report
    from pipeline.digest.run import run_digest
    from pipeline.ingest import run_ingest

    folder = Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    with CorpusServer() as server:
        settings = demo_settings(server, db_path or "", folder)
        print(f"newsmon demo: serving {len(server.articles)} articles in {len(server.feeds)} feeds "
              f"at {server.base_url}; warehouse {settings.warehouse.path}")
        started = time.monotonic()
        report = run_ingest(settings)
        print_ingest_report(report)
        print(f"(ingestion took {time.monotonic() - started:.1f} s)\n")
        outcome = run_digest(settings, since="all", fmt="md", force=True)
        print(next(iter(outcome.rendered.values()), ""))
        for line in outcome.lines:
            print(line)
        print_trend_queries(settings)
        if keep_serving:
            print(f"\nserving the corpus at {server.base_url} until Ctrl-C")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 1 if report.feeds_failed else 0
