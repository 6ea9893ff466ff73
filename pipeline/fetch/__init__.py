"""Fetch + text stage: polite HTTP, feeds, article text. Public names are re-exported here.

    client.py     PoliteClient: per-host gate + global limit, total timeout, manual
                  redirects, capped body (body.py), retries; SSRF guard in the
                  connection layer (guard.py, transport.py); gates.py
    robots.py     robots.txt per origin (protego), Crawl-delay
    feeds.py      poll_feed (conditional GET) and parse_feed (feedparser from bytes;
                  charsets.py repairs wrong charsets, jsonfeed.py reads JSON Feed)
    extract.py    page text + metadata (trafilatura), dates.py, text.py (language, hashes)
    urls.py       canonicalize_url, news-search redirector unwrapping
    articles.py   one feed item -> Article (page text or feed-summary fallback)
    collect.py    collect / collect_sync: the whole pass, never raising per feed or page
"""
from pipeline.fetch.client import FetchResponse, PoliteClient
from pipeline.fetch.collect import collect, collect_sync
from pipeline.fetch.feeds import parse_feed, should_fetch_unconditionally
from pipeline.fetch.text import warm_up
from pipeline.fetch.urls import canonicalize_url

__all__ = [
    "FetchResponse",
    "PoliteClient",
    "canonicalize_url",
    "collect",
    "collect_sync",
    "parse_feed",
    "should_fetch_unconditionally",
    "warm_up",
]
