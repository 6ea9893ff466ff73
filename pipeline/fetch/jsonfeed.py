"""JSON Feed 1.0/1.1 (https://jsonfeed.org), which the installed feedparser 6.0 does not read."""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urljoin

from pipeline.errors import FeedParseError
from pipeline.fetch.dates import parse_page_date
from pipeline.fetch.text import html_to_text
from pipeline.textclean import TITLE_MAX_CHARS, clean_line
from pipeline.records import FeedItem

logger = logging.getLogger(__name__)

JSON_FEED_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(body: bytes, content_type: str | None) -> bool:
    return "json" in (content_type or "").lower() or body.lstrip()[:1] == b"{"


def parse_json_feed(body: bytes, feed_name: str, base_url: str) -> tuple[str | None, list[FeedItem]]:
    """Parse a JSON Feed document; FeedParseError when it is not one."""
    try:
        document = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"feed {feed_name}: invalid JSON: {exc}") from exc
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
            JSON_FEED_PREFIX):
        raise FeedParseError(f"feed {feed_name}: JSON but not a JSON Feed")
    home = str(document.get("home_page_url") or base_url)
    raw_items = document.get("items")
    items = [item for raw in (raw_items if isinstance(raw_items, list) else [])
             if isinstance(raw, dict) and (item := build_json_item(raw, feed_name, home))]
    title = document.get("title")
    return (clean_line(html_to_text(title), TITLE_MAX_CHARS) if isinstance(title, str) else None), items


def build_json_item(raw: Mapping, feed_name: str, base: str) -> FeedItem | None:
    link = text_field(raw, "url") or text_field(raw, "external_url")
    if not link:
        return None
    link = urljoin(base, link)
    if not link.startswith(("http://", "https://")):
        return None
    summary = text_field(raw, "content_text") or html_to_text(text_field(raw, "content_html")) \
        or text_field(raw, "summary")
    return FeedItem(
        feed_name=feed_name,
        link=link,
        guid=text_field(raw, "id") or None,
        title=clean_line(html_to_text(text_field(raw, "title")), TITLE_MAX_CHARS) or "",
        summary=summary.strip(),
        published_at=pick_json_date(raw),
        author=clean_line(pick_json_author(raw)),
    )


def text_field(raw: Mapping, key: str) -> str:
    value = raw.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def pick_json_date(raw: Mapping) -> datetime | None:
    for key in ("date_published", "date_modified"):
        value = parse_page_date(text_field(raw, key))
        if value is not None:
            return value
    return None


def pick_json_author(raw: Mapping) -> str | None:
    authors = raw.get("authors")
    candidates = authors if isinstance(authors, list) else [raw.get("author")]
    for author in candidates:
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            return author["name"]
    return None
