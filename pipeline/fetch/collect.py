"""One fetch pass: poll every feed, fetch every new article, return records (never raise).

Article fetching starts as soon as each feed's poll finishes, so one slow feed
does not hold up the others' articles. Items are de-duplicated by canonical URL
before fetching (the first feed to answer keeps the item) and again after
fetching by final canonical URL and content hash.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone

from pipeline.config import FetchSettings
from pipeline.fetch.articles import ArticleBuilder
from pipeline.fetch.client import PoliteClient
from pipeline.fetch.feeds import poll_feed
from pipeline.fetch.guard import Resolver
from pipeline.fetch.robots import RobotsCache
from pipeline.fetch.text import normalize_text
from pipeline.fetch.urls import canonicalize_url, unwrap_redirector
from pipeline.records import Article, ArticleFailure, CollectResult, FeedItem, FeedPoll, FeedSpec, FeedState

logger = logging.getLogger(__name__)

MIN_HASH_DEDUP_CHARS = 80  # below this, equal texts are boilerplate, not the same article
Outcome = Article | ArticleFailure | None


async def collect(settings: FetchSettings, feeds: Sequence[FeedSpec],
                  states: Mapping[str, FeedState], is_known: Callable[[str], bool],
                  now: datetime | None = None, *, allowed_networks: Iterable[str] = (),
                  resolver: Resolver | None = None,
                  executor: Executor | None = None) -> CollectResult:
    """Poll `feeds`, fetch and extract the articles `is_known` has not seen. Never raises
    for a bad feed or page. `allowed_networks`/`resolver` go to the SSRF guard (tests);
    `executor` runs text extraction (default: threads; a ProcessPoolExecutor uses all cores)."""
    now = now or datetime.now(timezone.utc)
    async with PoliteClient(settings, allowed_networks=allowed_networks,
                            resolver=resolver) as client:
        robots = RobotsCache(client, settings.user_agent) if settings.respect_robots else None
        builder = ArticleBuilder(client, robots, now, executor)
        run = CollectRun(settings, client, builder, is_known, now)
        return await run.execute(feeds, states)


def collect_sync(settings: FetchSettings, feeds: Sequence[FeedSpec],
                 states: Mapping[str, FeedState], is_known: Callable[[str], bool],
                 now: datetime | None = None, **kwargs) -> CollectResult:
    """`collect` for synchronous callers (CLI, Prefect tasks)."""
    return asyncio.run(collect(settings, feeds, states, is_known, now, **kwargs))


class CollectRun:
    """State of one pass: which canonical URLs are taken, and the article tasks."""

    def __init__(self, settings: FetchSettings, client: PoliteClient, builder: ArticleBuilder,
                 is_known: Callable[[str], bool], now: datetime):
        self.settings = settings
        self.client = client
        self.builder = builder
        self.is_known = is_known
        self.now = now
        self.claimed: set[str] = set()
        self.article_tasks: list[asyncio.Task[Outcome]] = []

    async def execute(self, feeds: Sequence[FeedSpec],
                      states: Mapping[str, FeedState]) -> CollectResult:
        poll_tasks = [asyncio.create_task(self.poll_and_dispatch(spec, states.get(spec.name)))
                      for spec in feeds]
        try:
            polls = await asyncio.gather(*poll_tasks)
            outcomes = await asyncio.gather(*self.article_tasks)
        except BaseException:  # is_known failed or we were cancelled: leave no task behind
            for task in [*poll_tasks, *self.article_tasks]:
                task.cancel()
            raise
        articles, failures = split_outcomes(outcomes)
        return CollectResult(polls=tuple(polls), articles=tuple(articles),
                             failures=tuple(failures))

    async def poll_and_dispatch(self, spec: FeedSpec, state: FeedState | None) -> FeedPoll:
        poll = await poll_feed(self.client, self.settings, spec, state, self.now)
        for item in poll.items:
            self.dispatch_item(item)
        return poll

    def dispatch_item(self, item: FeedItem) -> None:
        target = unwrap_redirector(item.link)
        canonical = canonicalize_url(target)
        if canonical in self.claimed or self.is_known(canonical):
            return
        self.claimed.add(canonical)
        self.article_tasks.append(asyncio.create_task(self.fetch_article(item, target, canonical)))

    async def fetch_article(self, item: FeedItem, target: str, canonical: str) -> Outcome:
        try:
            outcome, final_canonical = await self.builder.build(item, target)
        except Exception as exc:  # a bug on one article must not lose the others
            logger.exception("unexpected error building %s", item.link)
            return ArticleFailure(item.feed_name, item.link, f"internal error: {exc!r}",
                                  "permanent")
        if final_canonical != canonical and self.is_known(final_canonical):
            return None  # a redirect or rel=canonical led to a page we already store
        return outcome


def split_outcomes(outcomes: Sequence[Outcome]) -> tuple[list[Article], list[ArticleFailure]]:
    """Separate articles from failures, keeping the first of any exact duplicates."""
    articles: list[Article] = []
    failures: list[ArticleFailure] = []
    seen_urls: set[str] = set()
    seen_hashes: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, ArticleFailure):
            failures.append(outcome)
        elif isinstance(outcome, Article):
            if is_exact_duplicate(outcome, seen_urls, seen_hashes):
                logger.debug("dropping exact duplicate %s", outcome.canonical_url)
                continue
            articles.append(outcome)
    return articles, failures


def is_exact_duplicate(article: Article, seen_urls: set[str], seen_hashes: set[str]) -> bool:
    if article.canonical_url in seen_urls:
        return True
    hashable = len(normalize_text(article.text)) >= MIN_HASH_DEDUP_CHARS
    if hashable and article.content_hash in seen_hashes:
        return True
    seen_urls.add(article.canonical_url)
    if hashable:
        seen_hashes.add(article.content_hash)
    return False
