"""Article building through `collect`: text, metadata, dates, canonical URLs, dedup, politeness."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.fetch import collect_sync
from pipeline.fetch.text import warm_up
from pipeline.records import FeedSpec
from tests.loopback import (
    LOOPBACK_ONLY, ConcurrencyProbe, fast_fetch_settings, loopback_server, redirect_to,
)

assert loopback_server
DATA = Path(__file__).parent / "data" / "fetch"
NOW = datetime(2025, 2, 14, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module", autouse=True)
def warm_models():
    warm_up()


def rss_item(title: str, link: str, summary: str = "", date: str | None = None) -> str:
    pub = f"<pubDate>{date}</pubDate>" if date else ""
    return (f"<item><title>{title}</title><link>{link}</link>"
            f"<description>{summary}</description>{pub}</item>")


def serve_feed(server, *items: str, path: str = "/feed.xml") -> FeedSpec:
    body = f'<rss version="2.0"><channel><title>T</title>{"".join(items)}</channel></rss>'
    return FeedSpec(path.strip("/"), server.route(path, body, "application/rss+xml"))


def collect(feeds, settings=None, is_known=lambda url: False):
    return collect_sync(settings or fast_fetch_settings(), feeds, {}, is_known, NOW,
                        allowed_networks=LOOPBACK_ONLY)


def test_page_text_metadata_and_rel_canonical(loopback_server):
    link = loopback_server.route("/story?id=1&utm_medium=rss", (DATA / "article_en.html").read_bytes())
    result = collect([serve_feed(loopback_server, rss_item("Acme to buy Globex", link, "short"))])
    (article,) = result.articles
    assert article.text_source == "page" and article.text_note is None
    assert "cash-and-stock deal worth about $4 billion" in article.text
    assert "All rights reserved" not in article.text
    assert article.canonical_url == f"{loopback_server.base_url}/business/acme-globex-merger"
    assert article.article_id == hashlib.sha256(article.canonical_url.encode()).hexdigest()[:16]
    assert article.source == "Example Wire" and article.author == "Jane Reporter"
    assert article.lang == "en" and article.url == link
    assert (article.published_at, article.published_source) == \
        (datetime(2025, 2, 10, 8, 15, tzinfo=timezone.utc), "page")
    assert article.content_hash == hashlib.sha256(
        " ".join(article.text.casefold().split()).encode()).hexdigest()


def test_feed_date_wins_over_page_date(loopback_server):
    link = loopback_server.route("/story", (DATA / "article_en.html").read_bytes())
    feed = serve_feed(loopback_server, rss_item("t", link, "", "Tue, 11 Feb 2025 07:00:00 +0100"))
    (article,) = collect([feed]).articles
    assert (article.published_at, article.published_source) == \
        (datetime(2025, 2, 11, 6, 0, tzinfo=timezone.utc), "feed")


def test_japanese_shift_jis_page_with_japanese_date(loopback_server):
    link = loopback_server.route("/ja/1", (DATA / "article_ja.html").read_bytes(), "text/html")
    (article,) = collect([serve_feed(loopback_server, rss_item("トヨタ", link))]).articles
    assert "全固体電池" in article.text and article.lang == "ja"
    assert article.published_source == "page"
    assert article.published_at == datetime(2025, 2, 13, tzinfo=timezone.utc)


def test_undated_article_takes_fetch_time_and_says_so(loopback_server):
    link = loopback_server.route("/old", (DATA / "article_undated.html").read_bytes())
    (article,) = collect([serve_feed(loopback_server, rss_item("Old", link))]).articles
    assert (article.published_at, article.published_source) == (NOW, "fetch")
    assert article.fetched_at == NOW


def test_future_feed_date_is_not_trusted(loopback_server):
    link = loopback_server.route("/old", (DATA / "article_undated.html").read_bytes())
    feed = serve_feed(loopback_server, rss_item("Old", link, "", "Sat, 01 Jan 2039 00:00:00 GMT"))
    (article,) = collect([feed]).articles
    assert article.published_source == "fetch"


def test_paywall_stub_falls_back_to_longer_feed_summary(loopback_server):
    link = loopback_server.route("/paid", (DATA / "paywall_stub.html").read_bytes())
    summary = "Stocks rallied on Friday as investors cheered strong earnings. " * 4
    (article,) = collect([serve_feed(loopback_server, rss_item("Rally", link, summary))]).articles
    assert article.text_source == "feed_summary" and "paywall" in article.text_note
    assert article.text == summary.strip()


def test_redirector_link_resolves_to_publisher_canonical(loopback_server):
    publisher = loopback_server.route("/publisher/2025/story.html",
                                      (DATA / "article_undated.html").read_bytes())
    loopback_server.handle("/news/rss/articles/CBMiXYZ", redirect_to(publisher + "?utm_source=news"))
    link = loopback_server.url("/news/rss/articles/CBMiXYZ?oc=5")
    (article,) = collect([serve_feed(loopback_server, rss_item("Story", link))]).articles
    assert article.canonical_url == publisher and article.url == link
    assert article.article_id == hashlib.sha256(publisher.encode()).hexdigest()[:16]


def test_known_urls_are_not_fetched_and_redirects_to_known_pages_are_dropped(loopback_server):
    known_page = loopback_server.route("/known", (DATA / "article_undated.html").read_bytes())
    loopback_server.handle("/redirects-to-known", redirect_to("/known"))
    fresh = loopback_server.route("/fresh", (DATA / "article_en.html").read_bytes())
    feed = serve_feed(loopback_server, rss_item("Known", known_page + "?utm_source=x"),
                      rss_item("Via", loopback_server.url("/redirects-to-known")),
                      rss_item("Fresh", fresh))
    result = collect([feed], is_known=lambda url: url == known_page)
    assert [a.title for a in result.articles] == ["Fresh"]
    assert loopback_server.hits["/known"] == 1  # only through the redirect, not directly


def test_same_text_at_two_urls_is_kept_once(loopback_server):
    body = (DATA / "article_undated.html").read_bytes()
    first = loopback_server.route("/copy/a", body)
    second = loopback_server.route("/copy/b", body)
    feed = serve_feed(loopback_server, rss_item("A", first), rss_item("B", second))
    result = collect([feed])
    assert len(result.articles) == 1 and result.failures == ()


def test_max_items_per_feed_is_respected(loopback_server):
    items = [rss_item(f"S{i}", loopback_server.url(f"/missing/{i}"), "sum") for i in range(10)]
    result = collect([serve_feed(loopback_server, *items)], fast_fetch_settings(max_items_per_feed=4))
    assert len(result.polls[0].items) == 4 and len(result.articles) == 4


def test_robots_crawl_delay_spaces_page_requests(loopback_server):
    loopback_server.route("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
    probe = ConcurrencyProbe(hold_s=0.0, body=(DATA / "article_undated.html").read_bytes())
    loopback_server.handle("/slowly", probe)
    items = [rss_item(f"S{i}", loopback_server.url(f"/slowly?n={i}"), "s") for i in range(3)]
    collect([serve_feed(loopback_server, *items)])
    gaps = [b - a for a, b in zip(probe.starts, probe.starts[1:])]
    assert len(probe.starts) == 3 and min(gaps) >= 0.28


def test_user_agent_is_sent_on_feeds_pages_and_robots(loopback_server):
    link = loopback_server.route("/p", (DATA / "article_undated.html").read_bytes())
    collect([serve_feed(loopback_server, rss_item("P", link))])
    paths = {path for path, headers in loopback_server.request_headers
             if headers.get("User-Agent", "").startswith("newsmon-test/1.0")}
    assert paths == {"/feed.xml", "/robots.txt", "/p"}


def test_page_whose_http_charset_is_wrong_uses_its_meta_charset(loopback_server):
    link = loopback_server.route("/ja/wrong", (DATA / "article_ja.html").read_bytes(),
                                 "text/html; charset=utf-8")
    (article,) = collect([serve_feed(loopback_server, rss_item("トヨタ", link))]).articles
    assert "全固体電池" in article.text and "\ufffd" not in article.text
