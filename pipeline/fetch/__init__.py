"""Fetch + text stage: polite HTTP, feeds, article text. Public names are re-exported here."""
from pipeline.fetch.client import FetchResponse, PoliteClient
from pipeline.fetch.collect import collect, collect_sync
from pipeline.fetch.feeds import parse_feed, should_fetch_unconditionally
from pipeline.fetch.urls import canonicalize_url

__all__ = [
    "FetchResponse",
    "PoliteClient",
    "canonicalize_url",
    "collect",
    "collect_sync",
    "parse_feed",
    "should_fetch_unconditionally",
]
