"""Control characters from the web: stripped at ingestion, and never able to empty a page."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.fetch import collect_sync
from pipeline.fetch.extract import extract_page
from pipeline.fetch.text import warm_up
from pipeline.records import FeedSpec
from pipeline.textclean import TITLE_MAX_CHARS, clean_line, strip_controls
from tests.loopback import LOOPBACK_ONLY, fast_fetch_settings, loopback_server

assert loopback_server
DATA = Path(__file__).parent / "data" / "fetch"
NOW = datetime(2025, 2, 14, 12, 0, tzinfo=timezone.utc)
PAGE = (DATA / "article_en.html").read_bytes()
ESCAPES = "\x1b]0;pwned\x07\x1b[31m\x1b]8;;https://evil.example/\x1b\\"
ESCAPES_XML = ESCAPES.replace("\x1b", "&#27;").replace("\x07", "&#7;")


def is_clean(text: str) -> bool:
    return not any((ord(ch) < 32 and ch not in "\n\t") or 127 <= ord(ch) < 160 for ch in text)


@pytest.fixture(scope="module", autouse=True)
def warm_models():
    warm_up()


@pytest.fixture(scope="module")
def whole():
    return extract_page(PAGE, "text/html; charset=utf-8", "https://example.org/a")


@pytest.mark.parametrize("code", [c for c in range(32) if chr(c) not in "\t\n\r"] + [0x7f])
def test_one_control_character_does_not_empty_a_page(code, whole):
    spoiled = extract_page(PAGE.replace(b"<p>", b"<p>" + bytes([code]), 3),
                           "text/html; charset=utf-8", "https://example.org/a")
    assert len(spoiled.text) >= len(whole.text) - 3 and is_clean(spoiled.text)


def test_strip_controls_removes_whole_escape_sequences():
    text = f"a{ESCAPES}b\x1b[0m c\x00\x9b\x85d\r\ne\tf"
    assert strip_controls(text) == "ab c" + "d\ne\tf"
    assert clean_line(" x\n y " + "z" * 5000, 100).startswith("x y z") and len(clean_line("z" * 5000, 100)) == 100


def test_titles_authors_site_names_and_text_are_stored_clean(loopback_server):
    page = PAGE.replace(b"Example Wire", ("Example\x1b[31m Wire" + ESCAPES).encode())
    page = page.replace(b"<p>", ("<p>" + ESCAPES).encode(), 2)
    link = loopback_server.route("/ctl-story", page)
    item = (f"<item><title>Acme {ESCAPES_XML} buys Globex</title><link>{link}</link>"
            f"<author>j@example.org (Jane {ESCAPES_XML})</author><description>short</description></item>")
    feed = f'<rss version="2.0"><channel><title>T{ESCAPES_XML}</title>{item}</channel></rss>'
    spec = FeedSpec("ctl", loopback_server.route("/ctl-feed.xml", feed, "application/rss+xml"))
    result = collect_sync(fast_fetch_settings(), [spec], {}, lambda url: False, NOW,
                          allowed_networks=LOOPBACK_ONLY)
    (article,) = result.articles
    assert article.title == "Acme buys Globex"
    for value in (article.title, article.author, article.source, article.text):
        assert is_clean(value), repr(value)
    assert "pwned" not in article.text and "evil.example" not in article.title


def test_a_huge_feed_title_is_clipped_at_parse_time():
    from pipeline.fetch.feeds import parse_feed

    huge = "Headline " * 5_000
    body = (f'<rss version="2.0"><channel><title>T</title><item><title>{huge}</title>'
            f'<author>{"A" * 5_000}</author><link>https://example.org/a</link></item></channel></rss>')
    _title, (item,) = parse_feed(body.encode(), {"content-type": "application/rss+xml"}, "f", "https://example.org/")
    assert len(item.title) <= TITLE_MAX_CHARS and item.title.startswith("Headline Headline")
    assert len(item.author) <= 300
