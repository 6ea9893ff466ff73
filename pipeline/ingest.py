"""One ingestion pass: poll feeds, fetch articles, drop duplicates, extract, store.

The warehouse file is opened three times, briefly: to read what is already known
(feed validators, stored URLs and content hashes, recent MinHash signatures), to
write each batch (one transaction per batch), and to record the run. Fetching
and NLP happen with the file closed, so `newsmon sql` gets in between.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from pipeline.config import Settings
from pipeline.errors import NewsmonError
from pipeline.redact import redact_text
from pipeline.records import Article, CollectResult, Extraction, ExtractInput, FeedPoll, FeedState
from pipeline.store.connection import warehouse_session
from pipeline.store.ingest_lock import feeds_key, hold_ingest_lock
from pipeline.store.known import (KnownContent, read_known_content, record_run_abort, record_run_finish,
                                  record_run_start)
from pipeline.store.deal_refresh import apply_min_confidence
from pipeline.store.migrations import init_warehouse
from pipeline.store.refresh import refresh_after_write
from pipeline.store.run_writer import write_run
from pipeline.store.writer import IngestBatch

log = logging.getLogger(__name__)

BATCH_SIZE = 250
ABORT_RECORD_TIMEOUT_S = 5.0
SIGNATURE_WINDOW_DAYS = 30


@dataclass
class IngestReport:
    """What one ingestion pass did; becomes a row of `ingest_runs`."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    feeds_ok: int = 0
    feeds_failed: int = 0
    items_seen: int = 0
    articles_new: int = 0
    duplicates: int = 0
    errors: int = 0
    failed_feeds: list[tuple[str, str]] = field(default_factory=list)
    article_errors: list[tuple[str, str]] = field(default_factory=list)
    polls: list[FeedPoll] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.feeds_failed and not self.feeds_ok:
            return "failed"
        return "partial" if self.feeds_failed or self.errors else "ok"

    def summary_line(self) -> str:
        return (f"ingest {self.run_id}: {self.feeds_ok} feeds ok, {self.feeds_failed} failed, "
                f"{self.items_seen} items seen, {self.articles_new} new articles, "
                f"{self.duplicates} duplicates, {self.errors} errors")


def needs_unconditional(state: FeedState | None, now: datetime, every_h: float) -> bool:
    """True when this poll must ignore stored validators (first poll, or too long since)."""
    if state is None or not (state.etag or state.last_modified):
        return True
    last = state.last_unconditional_at
    if last is None:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    return now - last >= timedelta(hours=every_h)


def assign_clusters(articles: Sequence[Article], known: KnownContent) -> tuple[list[Article], dict[str, bytes], int]:
    """Drop exact duplicates of stored content; mark near-duplicates with a shared cluster."""
    from pipeline.dedup import NearDuplicateIndex

    index = NearDuplicateIndex(known.signatures)
    kept, signatures, exact_dupes = [], {}, 0
    for article in articles:
        if article.content_hash in known.content_hashes:
            exact_dupes += 1
            continue
        known.content_hashes.add(article.content_hash)
        cluster_id, is_dup, signature = index.assign(article.article_id, article.text or article.title)
        kept.append(replace(article, cluster_id=cluster_id, is_duplicate=is_dup))
        signatures[article.article_id] = signature
    return kept, signatures, exact_dupes


def nlp_language(article: Article) -> str | None:
    """'en' or 'ja' when the NLP stage reads this article's language, else None.

    Undetected articles count as English (as before); a kana-bearing text that the language
    guesser took for Chinese is Japanese."""
    from pipeline.nlp.router import script_language

    lang = article.lang or "en"
    if lang in ("en", "ja"):
        return lang
    if lang.startswith("zh") and script_language(article.text or article.title) == "ja":
        return "ja"
    return None


def extract_articles(articles: Sequence[Article], extractor, settings: Settings) -> list[tuple[str, Extraction]]:
    """Run the NLP stage on English (or undetected) and Japanese articles, each with its pipeline."""
    todo = [(a, lang) for a in articles if a.text and (lang := nlp_language(a))]
    inputs = (ExtractInput(doc_id=a.article_id, text=a.text, title=a.title,
                           published=a.published_at.date().isoformat(), url=a.canonical_url, lang=lang)
              for a, lang in todo)
    results = extractor.extract_many(inputs, n_process=settings.nlp.n_process,
                                     batch_size=settings.nlp.batch_size)
    return [(ex.doc_id, ex) for ex in results if ex.error is None]


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def start_run(settings: Settings, started: datetime) -> tuple[IngestReport, KnownContent]:
    """Migrate, read what is already stored, and record the run as started."""
    report = IngestReport(run_id=started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6],
                          started_at=started)
    with warehouse_session(settings.warehouse) as con:
        init_warehouse(con)
        apply_min_confidence(con, settings.digest.min_confidence)
        known = read_known_content(con, started - timedelta(days=SIGNATURE_WINDOW_DAYS))
        record_run_start(con, report.run_id, started, feeds_key(settings.feeds))
    return report, known


def run_ingest(settings: Settings, extractor=None, now: datetime | None = None,
               collect: Callable[..., CollectResult] | None = None) -> IngestReport:
    """Run one ingestion pass over `settings.feeds` and return its report."""
    from pipeline.fetch import collect_sync

    collect = collect or collect_sync
    started = now or datetime.now(timezone.utc)
    with hold_ingest_lock(settings.warehouse, settings.feeds) as locked:
        if not locked:
            raise NewsmonError("another ingestion of this warehouse is running; this pass was skipped")
        return _run_locked(settings, extractor, started, collect)


def _run_locked(settings: Settings, extractor, started: datetime,
                collect: Callable[..., CollectResult]) -> IngestReport:
    report, known = start_run(settings, started)
    try:
        return _run_started(settings, extractor, started, collect, report, known)
    except BaseException as exc:   # Ctrl-C, a cancelled flow run, a bug: the run row says so
        close_aborted_run(settings, report.run_id, exc)
        raise


def close_aborted_run(settings: Settings, run_id: str, exc: BaseException) -> None:
    """Mark a run that stopped early as 'interrupted' (Ctrl-C, cancel) or 'error'; batches it
    committed stay stored. Best effort: a failure here must not hide the original error."""
    # KeyboardInterrupt, SystemExit, asyncio.CancelledError and Prefect's termination
    # signals are BaseExceptions that are not Exceptions: someone stopped the run
    status = "error" if isinstance(exc, Exception) else "interrupted"
    try:   # a short wait: an interrupted process must not hang on a busy file while shutting down
        with warehouse_session(settings.warehouse, timeout_s=ABORT_RECORD_TIMEOUT_S) as con:
            record_run_abort(con, run_id, datetime.now(timezone.utc), status,
                             f"{type(exc).__name__}: {exc}".rstrip(": "))
    except Exception as record_exc:   # noqa: BLE001 - the original exception is re-raised
        log.warning("could not record run %s as %s: %s", run_id, status, record_exc)


def _run_started(settings: Settings, extractor, started: datetime, collect: Callable[..., CollectResult],
                 report: IngestReport, known: KnownContent) -> IngestReport:
    unconditional = {f.name: needs_unconditional(known.states.get(f.name), started,
                                                 settings.fetch.unconditional_every_h)
                     for f in settings.feeds}
    states = {name: (known.states.get(name) if not uncond else None)
              for name, uncond in unconditional.items()}
    states = {k: v for k, v in states.items() if v is not None}
    result = collect(settings.fetch, settings.feeds, states, known.canonical_urls.__contains__, started)
    count_polls(report, result)
    articles, signatures, exact_dupes = assign_clusters(result.articles, known)
    report.duplicates = exact_dupes + sum(a.is_duplicate for a in articles)
    if extractor is None:
        from pipeline.nlp import load_extractor
        extractor = load_extractor(entity_files=settings.entity_files)
    extractions = extract_articles(articles, extractor, settings)
    store_results(settings, report, articles, signatures, extractions, result, unconditional)
    return report


def count_polls(report: IngestReport, result: CollectResult) -> None:
    report.polls = list(result.polls)
    for poll in result.polls:
        if poll.ok:
            report.feeds_ok += 1
        else:
            report.feeds_failed += 1
            report.failed_feeds.append((poll.feed_name, redact_text(poll.error) or "unknown error"))
        report.items_seen += len(poll.items)
    report.errors = report.feeds_failed + len(result.failures)
    report.article_errors = [(redact_text(f.url), redact_text(f.error)) for f in result.failures]


def _run_batches(settings: Settings, report: IngestReport, articles: list[Article],
                 signatures: dict[str, bytes], extractions: list[tuple[str, Extraction]],
                 result: CollectResult) -> Iterator[IngestBatch]:
    by_article = dict(extractions)
    chunks = list(_batches(articles, BATCH_SIZE)) or [[]]
    feed_urls = {f.name: f.url for f in settings.feeds}
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        yield IngestBatch(
            run_id=report.run_id,
            articles=chunk,
            signatures={a.article_id: signatures[a.article_id] for a in chunk},
            extractions=[(a.article_id, by_article[a.article_id]) for a in chunk if a.article_id in by_article],
            polls=result.polls if last else (),   # validators advance only once all articles are stored
            failures=result.failures if last else (),
            feed_urls=feed_urls,
        )


def _index_for_search(con, batch: IngestBatch) -> None:
    """After the run's last batch: extend the search index with the run's new articles."""
    refresh_after_write(con, [a.article_id for a in batch.articles], rebuild_search=True, trends=False)


def store_results(settings: Settings, report: IngestReport, articles: list[Article],
               signatures: dict[str, bytes], extractions: list[tuple[str, Extraction]],
               result: CollectResult, unconditional: dict[str, bool]) -> None:
    """Write the run's articles in batches of BATCH_SIZE, each its own transaction.

    The batches share write sessions (a checkpoint per session, not per batch), the
    next is prepared while one is written (pipeline.store.run_writer), and only the last recounts the trend aggregates and extends the search index, for
    the whole run at once; the ones before leave their ids in agg_pending, so a run
    that dies half-way is counted by the next refresh."""
    written = write_run(settings.warehouse, _run_batches(settings, report, articles, signatures, extractions, result),
                        report.started_at.replace(tzinfo=None), unconditional, after_last=_index_for_search)
    report.articles_new += written.articles_new
    report.finished_at = datetime.now(timezone.utc)
    with warehouse_session(settings.warehouse) as con:
        record_run_finish(con, report)
    from pipeline.alerts import send_alerts   # instant alerts ([digest.alerts]); never raises
    send_alerts(settings, report.started_at)
