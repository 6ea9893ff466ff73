"""The `ingest` flow: one ingestion pass as Prefect tasks over the library.

    prepare_run -> poll_one_feed (one task per feed, retried on TransientFetchError)
                -> fetch_articles -> deduplicate_articles -> extract_chunk (xN)
                -> write_results -> table artifact + final state

A feed whose task fails (permanently, or transiently after its retries) is
recorded like any failed poll; the other feeds go on. The run ends Completed,
or Failed/"PartiallyFailed" with a message naming the failed feeds.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.states import Cancelled, State
from prefect.utilities.annotations import allow_failure

from flows.fetch_adapter import failed_poll, fetch_items, poll_feed_strict
from flows.report import ingest_state, publish_ingest_artifact
from flows.resources import get_extractor, load_flow_settings
from flows.retry import feed_retry_options
from pipeline.config import FetchSettings, Settings
from pipeline.ingest import (IngestReport, assign_clusters, count_polls, extract_articles,
                             needs_unconditional, start_run, store_results)
from pipeline.records import Article, CollectResult, Extraction, FeedPoll, FeedSpec, FeedState
from pipeline.store.ingest_lock import hold_ingest_lock
from pipeline.store.known import KnownContent

EXTRACT_CHUNK = 100  # articles per extraction task (the unit a Dask worker receives)


@task(cache_policy=NO_CACHE)
def prepare_run(settings: Settings, started: datetime) -> tuple[IngestReport, KnownContent]:
    """Migrate, read what is already stored, and record the run as started."""
    return start_run(settings, started)


@task(cache_policy=NO_CACHE, task_run_name="poll-{spec.name}")
def poll_one_feed(fetch: FetchSettings, spec: FeedSpec, state: FeedState | None,
                  now: datetime, delay_s: float = 0.0) -> FeedPoll:
    """Poll one feed; raise its fetch error so that Prefect retries the transient ones."""
    time.sleep(delay_s)  # politeness between two feeds of one host
    return asyncio.run(poll_feed_strict(fetch, spec, state, now))


@task(cache_policy=NO_CACHE)
def fetch_articles(fetch: FetchSettings, polls: Sequence[FeedPoll], known_urls: set[str],
                   now: datetime) -> tuple[list[Article], list]:
    """Fetch and extract the text of every new article of the successful polls."""
    return fetch_items(fetch, [p for p in polls if p.ok], known_urls.__contains__, now)


@task(cache_policy=NO_CACHE)
def deduplicate_articles(articles: list[Article], known: KnownContent):
    """Drop exact duplicates of stored content; cluster near-duplicates."""
    return assign_clusters(articles, known)


@task(cache_policy=NO_CACHE)
def extract_chunk(articles: list[Article], settings: Settings) -> list[tuple[str, Extraction]]:
    """NLP on one chunk of articles (one extractor per process, loaded once)."""
    return extract_articles(articles, get_extractor(settings.entity_files), settings)


@task(cache_policy=NO_CACHE)
def write_results(settings: Settings, report: IngestReport, articles: list[Article],
                  signatures: dict[str, bytes], extractions: list[tuple[str, Extraction]],
                  result: CollectResult, unconditional: dict[str, bool]) -> IngestReport:
    """Store everything in batches (one transaction each), record the run, send alerts."""
    store_results(settings, report, articles, signatures, extractions, result, unconditional)
    return report


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def poll_all_feeds(settings: Settings, known: KnownContent, unconditional: dict[str, bool],
                   now: datetime, retries: int, retry_delay_s: float) -> list[FeedPoll]:
    """One task per feed, concurrent across hosts and one at a time per host."""
    poller = poll_one_feed.with_options(**feed_retry_options(retries, retry_delay_s))
    last_by_host: dict[str, PrefectFuture] = {}
    futures = []
    for spec in settings.feeds:
        state = None if unconditional[spec.name] else known.states.get(spec.name)
        previous = last_by_host.get(host_of(spec.url))
        wait = [allow_failure(previous)] if previous is not None else None
        future = poller.submit(settings.fetch, spec, state, now,
                               settings.fetch.per_host_delay_s if previous else 0.0, wait_for=wait)
        last_by_host[host_of(spec.url)] = future
        futures.append((spec, future))
    return [collect_poll(spec, future, now) for spec, future in futures]


def collect_poll(spec: FeedSpec, future: PrefectFuture, now: datetime) -> FeedPoll:
    """The poll of a finished task, or a failed-poll record naming its final error."""
    error = future.result(raise_on_failure=False)
    if isinstance(error, FeedPoll):
        return error
    if not isinstance(error, BaseException):
        error = RuntimeError(future.state.message or "feed task did not complete")
    get_run_logger().warning("feed %s failed: %s: %s", spec.name, type(error).__name__, error)
    return failed_poll(spec, error, now)


def extract_all(articles: list[Article], settings: Settings,
                chunk_size: int) -> list[tuple[str, Extraction]]:
    """Extraction tasks over chunks: a Dask/Ray task runner spreads them over processes."""
    chunks = [articles[i:i + chunk_size] for i in range(0, len(articles), chunk_size)]
    futures = [extract_chunk.submit(chunk, settings) for chunk in chunks]
    return [pair for future in futures for pair in future.result()]


@flow(name="ingest", description="Poll the configured feeds, fetch, extract and store new articles.")
def ingest_flow(config_path: str | None = None, db_path: str | None = None,
                feed_retries: int = 3, retry_delay_s: float = 10.0,
                extract_chunk_size: int = EXTRACT_CHUNK) -> State:
    """One ingestion pass; see the module docstring for the task graph."""
    settings = load_flow_settings(config_path, db_path)
    with hold_ingest_lock(settings.warehouse, settings.feeds) as locked:
        if not locked:
            return Cancelled(message="another ingestion of this warehouse is running; skipped")
        return run_ingest_tasks(settings, feed_retries, retry_delay_s, extract_chunk_size)


def run_ingest_tasks(settings: Settings, feed_retries: int, retry_delay_s: float,
                     chunk_size: int) -> State:
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    report, known = prepare_run(settings, started)
    unconditional = {f.name: needs_unconditional(known.states.get(f.name), started,
                                                 settings.fetch.unconditional_every_h)
                     for f in settings.feeds}
    polls = poll_all_feeds(settings, known, unconditional, started, feed_retries, retry_delay_s)
    fetched, failures = fetch_articles(settings.fetch, polls, known.canonical_urls, started)
    result = CollectResult(polls=tuple(polls), articles=tuple(fetched), failures=tuple(failures))
    count_polls(report, result)
    articles, signatures, exact_dupes = deduplicate_articles(fetched, known)
    report.duplicates = exact_dupes + sum(a.is_duplicate for a in articles)
    extractions = extract_all(articles, settings, chunk_size)
    report = write_results(settings, report, articles, signatures, extractions, result, unconditional)
    publish_ingest_artifact(report, articles, failures)
    logger.info(report.summary_line())
    return ingest_state(report)
