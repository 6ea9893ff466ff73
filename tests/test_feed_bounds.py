"""Feed parsing is bounded: nesting, time and size limits fail one feed, and the run goes on."""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from pipeline.errors import FeedParseError
from pipeline.fetch import collect_sync
from pipeline.fetch.feed_bounds import FeedLimits, parse_feed_bounded
from pipeline.records import FeedSpec
from tests.loopback import LOOPBACK_ONLY, fast_fetch_settings, loopback_server

assert loopback_server
NOW = datetime(2025, 2, 14, 12, 0, tzinfo=timezone.utc)
GOOD = ('<rss version="2.0"><channel><title>Good</title><item><title>One</title>'
        '<link>https://example.org/one</link><description>A summary long enough to keep.</description>'
        '</item></channel></rss>')


def many_items(count: int) -> bytes:
    items = "".join(f"<item><title>t{i}</title><link>https://example.org/{i}</link>"
                    f"<description>summary {i}</description></item>" for i in range(count))
    return f'<rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


def nested(depth: int) -> bytes:
    return b'<rss version="2.0"><channel>' + b"<x>" * depth + b"</x>" * depth + b"</channel></rss>"


def poll_all(settings, *specs):
    return {p.feed_name: p for p in collect_sync(settings, specs, {}, lambda url: True, NOW,
                                                   allowed_networks=LOOPBACK_ONLY).polls}


def test_deeply_nested_feed_fails_fast_and_other_feeds_still_run(loopback_server):
    deep = FeedSpec("deep", loopback_server.route("/deep.xml", nested(100_000), "application/rss+xml"))
    good = FeedSpec("good", loopback_server.route("/good.xml", GOOD, "application/rss+xml"))
    started = time.monotonic()
    polls = poll_all(fast_fetch_settings(), deep, good)
    assert time.monotonic() - started < 20
    assert not polls["deep"].ok and "nested deeper than 64" in polls["deep"].error
    assert polls["good"].ok and len(polls["good"].items) == 1


def test_a_feed_still_parsing_after_the_time_limit_is_stopped(loopback_server):
    slow = FeedSpec("slow", loopback_server.route("/slow.xml", many_items(50_000), "application/rss+xml"))
    good = FeedSpec("good2", loopback_server.route("/good2.xml", GOOD, "application/rss+xml"))
    settings = replace(fast_fetch_settings(), max_body_bytes=10_000_000, max_feed_bytes=10_000_000,
                       feed_parse_timeout_s=1.0)
    started = time.monotonic()
    polls = poll_all(settings, slow, good)
    assert time.monotonic() - started < 15
    assert not polls["slow"].ok and "longer than 1 s" in polls["slow"].error
    assert polls["good2"].ok


def test_a_feed_over_max_feed_bytes_is_refused(loopback_server):
    big = FeedSpec("big", loopback_server.route("/big.xml", many_items(3_000), "application/rss+xml"))
    settings = replace(fast_fetch_settings(), max_feed_bytes=50_000)
    polls = poll_all(settings, big)
    assert not polls["big"].ok and "BodyTooLargeError" in polls["big"].error
    assert "max_feed_bytes" in polls["big"].error


def test_memory_limit_fails_the_feed_and_parsing_goes_on():
    with pytest.raises(FeedParseError, match="more than|died"):
        parse_feed_bounded(many_items(20_000), {}, "hungry", "https://example.org/",
                           FeedLimits(memory_bytes=200 << 20))
    title, _items = parse_feed_bounded(GOOD.encode(), {}, "good", "https://example.org/")
    assert title == "Good"


def test_workers_are_reused_so_a_feed_costs_no_process_start():
    parse_feed_bounded(GOOD.encode(), {}, "warm", "https://example.org/")
    started = time.monotonic()
    for n in range(20):
        parse_feed_bounded(GOOD.encode(), {}, f"f{n}", "https://example.org/")
    assert time.monotonic() - started < 2.0


def test_an_ordinary_feed_parses_the_same_in_the_child():
    title, items = parse_feed_bounded(GOOD.encode(), {}, "good", "https://example.org/")
    assert title == "Good" and [i.link for i in items] == ["https://example.org/one"]
