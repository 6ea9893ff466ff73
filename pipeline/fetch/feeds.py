"""Feeds: conditional polling through PoliteClient and parsing with feedparser from bytes."""
from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

import feedparser

from pipeline.config import FetchSettings
from pipeline.errors import BodyTooLargeError, FeedParseError, FetchError
from pipeline.fetch.charsets import repair_feed_document
from pipeline.fetch.client import PoliteClient
from pipeline.fetch.dates import datetime_from_struct, parse_free_date
from pipeline.fetch.feed_bounds import FeedLimits, parse_feed_bounded
from pipeline.fetch.jsonfeed import looks_like_json, parse_json_feed
from pipeline.fetch.text import html_to_text
from pipeline.textclean import TITLE_MAX_CHARS, clean_line
from pipeline.records import FeedItem, FeedPoll, FeedSpec, FeedState

logger = logging.getLogger(__name__)

DATE_FIELDS = ("published", "updated", "created")


def parse_feed(body: bytes, headers: Mapping[str, str], feed_name: str,
               base_url: str) -> tuple[str | None, list[FeedItem]]:
    """Parse feed bytes with the response headers (declared charset); raise FeedParseError."""
    if not body.strip():
        raise FeedParseError(f"feed {feed_name}: empty document")
    lowered = {k.lower(): v for k, v in headers.items()}
    if looks_like_json(body, lowered.get("content-type")):
        return parse_json_feed(body, feed_name, base_url)
    lowered.setdefault("content-location", base_url)
    lowered.setdefault("content-type", "application/xml")  # else feedparser flags the feed bozo
    body, lowered = repair_feed_document(body, lowered)
    try:
        # a file object, never raw bytes: feedparser would treat bytes as a local path
        parsed = feedparser.parse(io.BytesIO(body), response_headers=lowered)
    except Exception as exc:  # feedparser is defensive, but a crash must stay a per-feed error
        raise FeedParseError(f"feed {feed_name}: parser crashed: {exc!r}") from exc
    title = clean_line(html_to_text(parsed.feed.get("title", "")), TITLE_MAX_CHARS)
    items = [item for entry in parsed.entries
             if (item := build_feed_item(entry, feed_name)) is not None]
    check_parsed_feed(parsed, items, feed_name)
    return title, items


def check_parsed_feed(parsed: feedparser.FeedParserDict, items: list[FeedItem],
                      feed_name: str) -> None:
    """A document with no usable item is an error when broken or not a feed at all;
    a well-formed feed that is simply empty (or has only link-less items) is fine."""
    if items:
        return
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        raise FeedParseError(f"feed {feed_name}: not a usable feed: {reason}")
    if not parsed.get("version"):
        raise FeedParseError(f"feed {feed_name}: not a feed (no RSS, Atom or JSON Feed root)")


def build_feed_item(entry: Mapping, feed_name: str) -> FeedItem | None:
    link = pick_entry_link(entry)
    if not link:
        return None
    return FeedItem(
        feed_name=feed_name,
        link=link,
        guid=(entry.get("id") or None),
        title=clean_line(html_to_text(entry.get("title", "")), TITLE_MAX_CHARS) or "",
        summary=pick_entry_summary(entry),
        published_at=pick_entry_date(entry),
        author=clean_line(entry.get("author")),
    )


def pick_entry_link(entry: Mapping) -> str | None:
    link = (entry.get("link") or "").strip()
    if not link and entry.get("guidislink"):
        link = (entry.get("id") or "").strip()
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("href"):
                link = candidate["href"].strip()
                break
    return link if link.startswith(("http://", "https://")) else None


def pick_entry_summary(entry: Mapping) -> str:
    """The longer of the summary and the first content block, as plain text."""
    candidates = [entry.get("summary", "")]
    candidates += [c.get("value", "") for c in entry.get("content", [])[:1]]
    texts = [html_to_text(c) for c in candidates if c]
    return max(texts, key=len, default="")


def pick_entry_date(entry: Mapping) -> datetime | None:
    for name in DATE_FIELDS:  # dict.get: FeedParserDict.get maps keys with a deprecation warning
        value = datetime_from_struct(dict.get(entry, f"{name}_parsed"))
        if value is not None:
            return value
    for name in DATE_FIELDS:  # dates feedparser could not read, e.g. "Seg, 24 Set 2018"
        value = parse_free_date(dict.get(entry, name))
        if value is not None:
            return value
    return None


def feed_limits(settings: FetchSettings) -> FeedLimits:
    return FeedLimits(timeout_s=settings.feed_parse_timeout_s,
                      memory_bytes=settings.feed_parse_memory_mb << 20)


def should_fetch_unconditionally(state: FeedState | None, now: datetime, every_h: float) -> bool:
    """True when validators must be ignored this time (none yet, or the last full fetch is old)."""
    if state is None or not (state.etag or state.last_modified):
        return True
    if state.last_unconditional_at is None:
        return True
    return now - state.last_unconditional_at >= timedelta(hours=every_h)


async def poll_feed(client: PoliteClient, settings: FetchSettings, spec: FeedSpec,
                    state: FeedState | None, now: datetime) -> FeedPoll:
    """Fetch and parse one feed; every failure becomes FeedPoll(ok=False).

    A failed poll hands back the validators we had, so a bad run never erases them.
    """
    conditional = not should_fetch_unconditionally(state, now, settings.unconditional_every_h)
    old_etag = state.etag if state else None
    old_modified = state.last_modified if state else None
    base = dict(feed_name=spec.name, url=spec.url, fetched_at=now)
    cap = min(settings.max_feed_bytes, settings.max_body_bytes)
    try:
        response = await client.fetch(spec.url, etag=old_etag if conditional else None,
                                      last_modified=old_modified if conditional else None, max_bytes=cap)
    except FetchError as exc:
        hint = " (feeds: [fetch] max_feed_bytes)" if isinstance(exc, BodyTooLargeError) else ""
        return FeedPoll(ok=False, status_code=exc.status_code, not_modified=False, items=(),
                        error=f"{type(exc).__name__}: {exc}{hint}", etag=old_etag,
                        last_modified=old_modified, **base)
    common = dict(status_code=response.status_code, **base,
                  etag=response.headers.get("etag") or old_etag,
                  last_modified=response.headers.get("last-modified") or old_modified)
    if response.not_modified:
        return FeedPoll(ok=True, not_modified=True, items=(), error=None, **common)
    try:
        title, items = await asyncio.to_thread(
            parse_feed_bounded, response.body, response.headers, spec.name, response.final_url,
            feed_limits(settings))
    except FeedParseError as exc:
        # keep the old validators: a broken document must be fetched and judged again
        common.update(etag=old_etag, last_modified=old_modified)
        return FeedPoll(ok=False, not_modified=False, items=(), error=f"FeedParseError: {exc}",
                        **common)
    return FeedPoll(ok=True, not_modified=False, items=tuple(items[: settings.max_items_per_feed]),
                    error=None, feed_title=title, **common)
