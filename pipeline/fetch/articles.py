"""One feed item -> an Article (page text, or the feed summary as a recorded fallback)."""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime

from pipeline.errors import FetchError, RobotsDisallowedError, TransientFetchError
from pipeline.fetch.client import FetchResponse, PoliteClient
from pipeline.fetch.dates import is_plausible
from pipeline.fetch.extract import PageContent, extract_page, is_html_response
from pipeline.fetch.robots import RobotsCache
from pipeline.fetch.text import detect_language, hash_content, make_article_id
from pipeline.fetch.urls import canonicalize_url, host_of
from pipeline.records import Article, ArticleFailure, FeedItem
from pipeline.textclean import TITLE_MAX_CHARS, clean_line, strip_controls

logger = logging.getLogger(__name__)

MIN_PAGE_TEXT_CHARS = 200  # shorter page text than the summary suggests a paywall/teaser stub


@dataclass(frozen=True)
class Fallback:
    """Why the page could not supply the text, and how to classify it if nothing can."""

    note: str
    error_kind: str


class ArticleBuilder:
    """Turns feed items into Articles using one client, one robots cache and one clock."""

    def __init__(self, client: PoliteClient, robots: RobotsCache | None, now: datetime,
                 executor: Executor | None = None):
        self.client = client
        self.robots = robots
        self.now = now
        self.executor = executor  # None: the loop's default thread pool

    async def build(self, item: FeedItem, target: str) -> tuple[Article | ArticleFailure, str]:
        """Fetch and extract `target`; return the outcome and the final canonical URL."""
        try:
            response = await self.fetch_page(target)
        except FetchError as exc:
            return self.fall_back(item, target, describe_fetch_error(exc)), canonicalize_url(target)
        if not is_html_response(response.headers.get("content-type")):
            note = f"page is not HTML ({response.headers.get('content-type', 'no type')})"
            return self.fall_back(item, response.final_url, Fallback(note, "parse")), \
                canonicalize_url(response.final_url)
        return await self.build_from_page(item, response)

    async def fetch_page(self, url: str) -> FetchResponse:
        hop_check = self.robots.check if self.robots is not None else None
        return await self.client.fetch(url, hop_check=hop_check)

    async def build_from_page(self, item: FeedItem,
                              response: FetchResponse) -> tuple[Article | ArticleFailure, str]:
        try:
            need_date = not is_plausible(item.published_at, self.now)
            page = await asyncio.get_running_loop().run_in_executor(
                self.executor, extract_page, response.body,
                response.headers.get("content-type"), response.final_url, need_date)
        except Exception as exc:  # extraction bugs on hostile HTML must not end the run
            logger.warning("extraction crashed on %s", response.final_url, exc_info=True)
            fallback = Fallback(f"extraction failed: {exc!r}", "parse")
            return self.fall_back(item, response.final_url, fallback), \
                canonicalize_url(response.final_url)
        canonical = canonicalize_url(response.final_url, page.html_canonical)
        text, source, note = choose_text(item, page)
        if not text:
            return ArticleFailure(item.feed_name, item.link, "no text on page or in feed",
                                  "parse"), canonical
        return self.make_article(item, canonical, text, source, note, page), canonical

    def fall_back(self, item: FeedItem, url: str, why: Fallback) -> Article | ArticleFailure:
        if not item.summary.strip():
            return ArticleFailure(item.feed_name, item.link, why.note, why.error_kind)
        canonical = canonicalize_url(url)
        return self.make_article(item, canonical, item.summary, "feed_summary", why.note, None)

    def make_article(self, item: FeedItem, canonical: str, text: str, text_source: str,
                     note: str | None, page: PageContent | None) -> Article:
        """The stored article; every text field without terminal escapes or control characters."""
        published, published_source = self.pick_published(item, page)
        text = strip_controls(text)
        return Article(
            article_id=make_article_id(canonical),
            url=item.link,
            canonical_url=canonical,
            title=clean_line(item.title or (page.title if page else None), TITLE_MAX_CHARS) or "",
            source=clean_line(page.sitename if page else None) or host_of(canonical),
            feed_name=item.feed_name,
            author=clean_line(item.author or (page.author if page else None)),
            published_at=published,
            published_source=published_source,
            fetched_at=self.now,
            lang=pick_language(text, text_source, page),
            text=text,
            text_source=text_source,
            text_note=note,
            content_hash=hash_content(text),
        )

    def pick_published(self, item: FeedItem, page: PageContent | None) -> tuple[datetime, str]:
        if is_plausible(item.published_at, self.now):
            return item.published_at, "feed"
        if page is not None and is_plausible(page.published_at, self.now):
            return page.published_at, "page"
        return self.now, "fetch"


def pick_language(text: str, text_source: str, page: PageContent | None) -> str | None:
    """The page text's language (detected in the extraction worker), else detect it here."""
    detected = page.text_lang if page is not None and text_source == "page" else None
    return detected or detect_language(text) or (page.html_lang if page else None)


def choose_text(item: FeedItem, page: PageContent) -> tuple[str, str, str | None]:
    """Pick page text, or the summary when the page gave nothing or only a stub."""
    summary = item.summary.strip()
    if not page.text:
        return summary, "feed_summary", "no main text found on page"
    if len(page.text) < MIN_PAGE_TEXT_CHARS and len(summary) > len(page.text):
        return summary, "feed_summary", "page text shorter than feed summary (paywall or stub?)"
    return page.text, "page", None


def describe_fetch_error(exc: FetchError) -> Fallback:
    if isinstance(exc, RobotsDisallowedError):
        return Fallback(f"page not fetched: {exc}", "robots")
    kind = "transient" if isinstance(exc, TransientFetchError) else "permanent"
    return Fallback(f"page fetch failed: {type(exc).__name__}: {exc}", kind)
