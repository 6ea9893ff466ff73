"""Per-feed entry points over pipeline.fetch internals, for Prefect tasks.

`pipeline.fetch.collect` polls every feed and fetches every article in one
call that never raises. Prefect retries a task when it raises, so the flow
needs two finer entry points: poll one feed and *raise* its fetch error (the
error class says whether a retry can help), and fetch the articles of polls
that already succeeded. Both reuse the library's own pieces (PoliteClient,
poll_feed, CollectRun, ArticleBuilder) and add no fetch logic of their own.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from pipeline.config import FetchSettings
from pipeline.errors import FeedParseError, FetchError
from pipeline.fetch.articles import ArticleBuilder
from pipeline.fetch.client import FetchResponse, PoliteClient
from pipeline.fetch.collect import CollectRun, split_outcomes
from pipeline.fetch.feeds import poll_feed
from pipeline.fetch.robots import RobotsCache
from pipeline.records import Article, ArticleFailure, FeedPoll, FeedSpec, FeedState


class ErrorKeepingClient:
    """Delegates `fetch` to a PoliteClient and keeps the last FetchError it raised."""

    def __init__(self, client: PoliteClient):
        self.client = client
        self.error: FetchError | None = None

    async def fetch(self, url: str, **kwargs) -> FetchResponse:
        try:
            return await self.client.fetch(url, **kwargs)
        except FetchError as exc:
            self.error = exc
            raise


async def poll_feed_strict(settings: FetchSettings, spec: FeedSpec, state: FeedState | None,
                           now: datetime) -> FeedPoll:
    """Poll one feed once (no client-side retries); raise its FetchError or FeedParseError."""
    once = replace(settings, retries=0)  # retries belong to Prefect here
    async with PoliteClient(once) as client:
        keeper = ErrorKeepingClient(client)
        poll = await poll_feed(keeper, once, spec, state, now)  # type: ignore[arg-type]
    if poll.ok:
        return poll
    if keeper.error is not None:
        raise keeper.error
    raise FeedParseError(poll.error or f"feed {spec.name}: unusable document")


def failed_poll(spec: FeedSpec, error: BaseException, now: datetime) -> FeedPoll:
    """The FeedPoll record of a feed whose task failed (for feed_state and fetch_log)."""
    return FeedPoll(feed_name=spec.name, url=spec.url, ok=False,
                    status_code=getattr(error, "status_code", None), not_modified=False,
                    items=(), error=f"{type(error).__name__}: {error}", etag=None,
                    last_modified=None, fetched_at=now)


async def fetch_items_async(settings: FetchSettings, polls: Sequence[FeedPoll],
                            is_known: Callable[[str], bool],
                            now: datetime) -> tuple[list[Article], list[ArticleFailure]]:
    """Fetch the article pages of successful polls, in feed order (the first feed keeps an item)."""
    async with PoliteClient(settings) as client:
        robots = RobotsCache(client, settings.user_agent) if settings.respect_robots else None
        run = CollectRun(settings, client, ArticleBuilder(client, robots, now), is_known, now)
        for poll in polls:
            for item in poll.items:
                run.dispatch_item(item)
        outcomes = await asyncio.gather(*run.article_tasks)
    return split_outcomes(outcomes)


def fetch_items(settings: FetchSettings, polls: Sequence[FeedPoll], is_known: Callable[[str], bool],
                now: datetime) -> tuple[list[Article], list[ArticleFailure]]:
    return asyncio.run(fetch_items_async(settings, polls, is_known, now))
