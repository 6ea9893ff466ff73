"""Frozen dataclasses passed between newsmon's stages.

Every boundary between two stages (fetch -> text -> nlp -> store -> digest) passes
one of these records, never a dict, so a field rename is caught at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedSpec:
    """One configured feed: `[[feeds]]` in newsmon.toml."""

    name: str
    url: str


@dataclass(frozen=True)
class FeedItem:
    """One entry of a parsed feed, before its article page is fetched."""

    feed_name: str
    link: str
    guid: str | None
    title: str
    summary: str
    published_at: datetime | None  # UTC, None when the feed gives no usable date
    author: str | None = None


@dataclass(frozen=True)
class FeedPoll:
    """The outcome of polling one feed once."""

    feed_name: str
    url: str
    ok: bool
    status_code: int | None
    not_modified: bool
    items: tuple[FeedItem, ...]
    error: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    feed_title: str | None = None


@dataclass(frozen=True)
class Article:
    """An article ready to store: main text plus metadata.

    `published_source` says where `published_at` came from: "feed", "page" or
    "fetch" (only the fetch time was known: undated backfill). `text_source` is
    "page" (extracted from the fetched HTML) or "feed_summary" (fallback), and
    `text_note` says why a fallback was used.
    """

    article_id: str
    url: str
    canonical_url: str
    title: str
    source: str
    feed_name: str
    author: str | None
    published_at: datetime
    published_source: str
    fetched_at: datetime
    lang: str | None
    text: str
    text_source: str
    text_note: str | None
    content_hash: str
    cluster_id: str | None = None
    is_duplicate: bool = False


@dataclass(frozen=True)
class ArticleFailure:
    """An article that could not be fetched or extracted, recorded and skipped."""

    feed_name: str
    url: str
    error: str
    error_kind: str  # "transient" | "permanent" | "robots" | "parse"


# --- NLP output (mirrors ../shared/contracts/extraction.md) -----------------


@dataclass(frozen=True)
class EntityHit:
    name: str
    label: str
    count: int
    kb_id: str | None = None


@dataclass(frozen=True)
class Participant:
    name: str
    role: str


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str
    # the extractor read it as the deal's own price or size (not a figure beside the deal);
    # kept in the warehouse (events.amount_is_price), not in `newsmon extract` JSON
    is_price: bool = False


@dataclass(frozen=True)
class DealEvent:
    type: str
    status: str
    participants: tuple[Participant, ...]
    amount: Amount | None
    evidence: str
    confidence: float


@dataclass(frozen=True)
class MarketMove:
    entity: str
    direction: str  # "up" | "down"
    pct: float | None
    evidence: str


@dataclass(frozen=True)
class Extraction:
    """Everything the NLP stage read from one article."""

    doc_id: str
    entities: tuple[EntityHit, ...] = ()
    events: tuple[DealEvent, ...] = ()
    market_moves: tuple[MarketMove, ...] = ()
    extractor_version: str = ""
    error: str | None = None


@dataclass(frozen=True)
class ExtractInput:
    """One article handed to the NLP stage (the contract's input line)."""

    doc_id: str
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str | None = None   # ISO 639-1 when known (the input's `lang`, the article's detected language)


@dataclass(frozen=True)
class FeedState:
    """What we remember about a feed between runs (conditional GET validators)."""

    feed_name: str
    etag: str | None = None
    last_modified: str | None = None
    last_unconditional_at: datetime | None = None


@dataclass(frozen=True)
class CollectResult:
    """Everything one fetch pass produced: feed polls, new articles, failures."""

    polls: tuple[FeedPoll, ...]
    articles: tuple[Article, ...]
    failures: tuple[ArticleFailure, ...]
