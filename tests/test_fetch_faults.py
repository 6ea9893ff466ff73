"""The issue's fault list through `collect`: each run ends within its bound, the failure is
recorded on the feed or article, and the healthy feed's articles still come back."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.fetch import collect_sync
from pipeline.fetch.text import warm_up
from pipeline.records import FeedSpec, FeedState
from tests.loopback import (
    LOOPBACK_ONLY, LoopbackServer, conditional, fast_fetch_settings, fault_endless_body,
    fault_gzip_bomb, fault_huge_body, fault_reset, fault_retry_after, fault_slow_body,
    fault_status, fixed, loopback_server, redirect_to,
)

assert loopback_server
DATA = Path(__file__).parent / "data" / "fetch"
NOW = datetime(2025, 2, 14, 12, 0, tzinfo=timezone.utc)
SETTINGS = fast_fetch_settings(timeout_s=1.0, retries=1, backoff_max_s=0.3)


def rss(items: list[tuple[str, str, str]], title: str = "Feed", decl: str = "") -> str:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><description>{s}</description>"
                   f"<pubDate>Mon, 10 Feb 2025 09:00:00 GMT</pubDate></item>"
                   for t, link, s in items)
    return f'<?xml version="1.0"{decl}?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


def page(n: int, topic: str = "widgets") -> str:
    sentences = " ".join(f"Sentence {i} of story {n} about {topic} and markets." for i in range(30))
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f"<p>{sentences}</p></article></body></html>")


def add_good_feed(server: LoopbackServer, count: int = 3) -> FeedSpec:
    items = []
    for n in range(count):
        items.append((f"Good {n}", server.route(f"/good/{n}", page(n)), f"summary {n}"))
    return FeedSpec("good", server.route("/good.xml", rss(items), "application/rss+xml"))


@pytest.fixture(scope="module", autouse=True)
def warm_models():
    """Model loading happens once per process; the time bounds below are about the network."""
    warm_up()


def run(server: LoopbackServer, feeds: list[FeedSpec], settings=SETTINGS, states=None,
        is_known: Callable[[str], bool] = lambda url: False):
    started = time.monotonic()
    result = collect_sync(settings, feeds, states or {}, is_known, NOW,
                          allowed_networks=LOOPBACK_ONLY)
    return result, time.monotonic() - started


def poll_of(result, name):
    return next(p for p in result.polls if p.feed_name == name)


FEED_FAULTS = {
    "http_500": (lambda s: s.handle("/f", fault_status(500)), "HTTP 500", 3),
    "http_429_retry_after": (lambda s: s.handle("/f", fault_retry_after(1)), "HTTP 429", 3),
    "connection_reset": (lambda s: s.handle("/f", fault_reset()), "TransientFetchError", 3),
    "one_byte_per_second": (lambda s: s.handle("/f", fault_slow_body()), "timed out", 4),
    "endless_body": (lambda s: s.handle("/f", fault_endless_body()), "BodyTooLargeError", 3),
    "body_100_mb": (lambda s: s.handle("/f", fault_huge_body(100_000_000, False)),
                    "BodyTooLargeError", 3),
    "gzip_bomb": (lambda s: s.handle("/f", fault_gzip_bomb(50_000_000)), "BodyTooLargeError", 3),
    "redirect_loop": (lambda s: (s.handle("/g", redirect_to("/f")), s.handle("/f", redirect_to("/g")))[1],
                      "redirect loop", 3),
    "redirect_to_private": (lambda s: s.handle("/f", redirect_to("http://10.255.255.1/feed")),
                            "BlockedAddressError", 3),
    "html_as_feed": (lambda s: s.route("/f", page(99)), "FeedParseError", 3),
    "empty_200": (lambda s: s.route("/f", b"", "application/rss+xml"), "FeedParseError", 3),
}


@pytest.mark.parametrize("fault", sorted(FEED_FAULTS))
def test_feed_fault_is_recorded_and_other_feeds_survive(loopback_server, fault):
    install, expected, bound_s = FEED_FAULTS[fault]
    good = add_good_feed(loopback_server)
    bad = FeedSpec("bad", install(loopback_server))
    result, elapsed = run(loopback_server, [bad, good])
    assert elapsed < bound_s
    bad_poll = poll_of(result, "bad")
    assert not bad_poll.ok and expected in bad_poll.error
    assert poll_of(result, "good").ok
    assert sorted(a.title for a in result.articles) == ["Good 0", "Good 1", "Good 2"]
    assert all(a.text_source == "page" for a in result.articles)


def test_invalid_utf8_feed_still_yields_its_items(loopback_server):
    link = loopback_server.route("/p/1", page(1))
    body = rss([("Caf\u00e9 \u00fcber news \u2014 today", link, "s")], decl=' encoding="utf-8"').encode()
    body = body.replace("\u2014".encode(), b"\xff\xfe")
    feed = FeedSpec("broken-utf8", loopback_server.route("/f", body, "application/rss+xml"))
    result, _ = run(loopback_server, [feed])
    assert poll_of(result, "broken-utf8").ok
    assert result.articles[0].title.startswith("Caf\u00e9 \u00fcber news")


def test_feed_declaring_one_charset_and_sending_another_decodes(loopback_server):
    link = loopback_server.route("/p/ja", page(2))
    body = rss([("日経平均が反発", link, "東京株式市場の概況")], decl=' encoding="utf-8"')
    feed = FeedSpec("mismatch", loopback_server.route(
        "/f", body.encode("shift_jis"), "application/rss+xml; charset=utf-8"))
    result, _ = run(loopback_server, [feed])
    assert result.articles[0].title == "日経平均が反発"


def test_same_item_in_three_feeds_is_fetched_and_returned_once(loopback_server):
    link = loopback_server.route("/shared/story", page(7))
    feeds = [FeedSpec(f"f{i}", loopback_server.route(
        f"/f{i}.xml", rss([("Shared", link + f"?utm_source=feed{i}", "s")]), "application/rss+xml"))
        for i in range(3)]
    result, _ = run(loopback_server, feeds)
    assert len(result.articles) == 1 and loopback_server.hits["/shared/story"] == 1
    assert all(p.ok and len(p.items) == 1 for p in result.polls)


def test_robots_disallow_falls_back_to_feed_summary(loopback_server):
    loopback_server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    blocked = loopback_server.route("/private/story", page(3))
    open_page = loopback_server.route("/public/story", page(4))
    feed = FeedSpec("r", loopback_server.route("/f", rss(
        [("Blocked", blocked, "The summary of the blocked story."), ("Open", open_page, "s")]),
        "application/rss+xml"))
    result, _ = run(loopback_server, [feed])
    by_title = {a.title: a for a in result.articles}
    assert by_title["Blocked"].text_source == "feed_summary"
    assert by_title["Blocked"].text == "The summary of the blocked story."
    assert "robots.txt" in by_title["Blocked"].text_note
    assert by_title["Open"].text_source == "page"
    assert loopback_server.hits["/private/story"] == 0 and loopback_server.hits["/robots.txt"] == 1


def test_robots_disallow_without_summary_is_a_robots_failure(loopback_server):
    loopback_server.route("/robots.txt", "User-agent: newsmon-test\nDisallow: /\n", content_type="text/plain")
    feed = FeedSpec("r", loopback_server.route("/f", rss([("Blocked", loopback_server.url("/x"), "")]),
                                               "application/rss+xml"))
    result, _ = run(loopback_server, [feed])
    assert result.articles == () and result.failures[0].error_kind == "robots"


def test_304_with_etag_yields_no_items_and_keeps_validators(loopback_server):
    good = add_good_feed(loopback_server, 1)
    url = loopback_server.handle("/cond.xml", conditional(rss([]).encode(), '"abc"'))
    state = FeedState("cond", etag='"abc"', last_unconditional_at=NOW)
    result, _ = run(loopback_server, [FeedSpec("cond", url), good], states={"cond": state})
    poll = poll_of(result, "cond")
    assert poll.ok and poll.not_modified and poll.status_code == 304 and poll.etag == '"abc"'
    assert len(result.articles) == 1


ARTICLE_FAULTS = {
    "http_500": (lambda s: s.handle("/a", fault_status(500)), "HTTP 500", "transient"),
    "not_found": (lambda s: s.handle("/a", fault_status(404)), "HTTP 404", "permanent"),
    "reset": (lambda s: s.handle("/a", fault_reset()), "TransientFetchError", "transient"),
    "slow": (lambda s: s.handle("/a", fault_slow_body()), "timed out", "transient"),
    "gzip_bomb": (lambda s: s.handle("/a", fault_gzip_bomb(50_000_000)), "BodyTooLargeError",
                  "permanent"),
    "huge": (lambda s: s.handle("/a", fault_huge_body()), "BodyTooLargeError", "permanent"),
    "to_private": (lambda s: s.handle("/a", redirect_to("http://10.255.255.1/")),
                   "BlockedAddressError", "permanent"),
    "pdf": (lambda s: s.handle("/a", fixed(b"%PDF-1.4", content_type="application/pdf")),
            "not HTML", "parse"),
}


@pytest.mark.parametrize("fault", sorted(ARTICLE_FAULTS))
@pytest.mark.parametrize("with_summary", [True, False])
def test_article_fault_falls_back_or_is_recorded(loopback_server, fault, with_summary):
    install, expected, kind = ARTICLE_FAULTS[fault]
    link = install(loopback_server)
    ok_link = loopback_server.route("/ok", page(5))
    summary = "Feed summary text." if with_summary else ""
    feed = FeedSpec("f", loopback_server.route("/f", rss([("Faulty", link, summary),
                                                          ("Fine", ok_link, "s")]),
                                               "application/rss+xml"))
    result, elapsed = run(loopback_server, [feed])
    assert elapsed < 4
    by_title = {a.title: a for a in result.articles}
    assert by_title["Fine"].text_source == "page"
    if with_summary:
        faulty = by_title["Faulty"]
        assert faulty.text_source == "feed_summary" and faulty.text == summary
        assert expected in faulty.text_note
    else:
        assert "Faulty" not in by_title
        (failure,) = result.failures
        assert failure.error_kind == kind and expected in failure.error
