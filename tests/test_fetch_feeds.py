"""parse_feed and conditional polling: formats, charsets, broken documents, dates."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.errors import FeedParseError
from pipeline.fetch import PoliteClient, parse_feed, should_fetch_unconditionally
from pipeline.fetch.feeds import poll_feed
from pipeline.records import FeedSpec, FeedState
from tests.loopback import LOOPBACK_ONLY, conditional, fast_fetch_settings, loopback_server

assert loopback_server
CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "feeds"
BASE = "http://feeds.example/feed.xml"

RSS_JA = """<?xml version="1.0"{decl}?>
<rss version="2.0"><channel><title>経済ニュース</title>
<item><title>東京株式市場、日経平均が上昇</title><link>https://news.example.jp/a/1</link>
<description>&lt;p&gt;トヨタとホンダの&lt;b&gt;提携&lt;/b&gt;が発表された。&lt;/p&gt;</description>
<pubDate>Thu, 13 Feb 2025 10:30:00 +0900</pubDate></item>
</channel></rss>"""


RSS_ZH = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>{feed}</title>
<item><title>{title}</title><link>https://news.example.cn/a/1</link>
<description>{body}</description></item></channel></rss>"""
ZH_TRADITIONAL = dict(feed="經濟新聞", title="台北股市今日上漲", body="台灣半導體公司宣布與日本企業合作。")
ZH_SIMPLIFIED = dict(feed="经济新闻", title="上海股市今日上涨", body="中国银行宣布与日本企业合作。")


@pytest.mark.parametrize("encoding", ["shift_jis", "euc_jp", "iso2022_jp", "utf-8"])
def test_japanese_feed_without_declared_charset_decodes(encoding):
    body = RSS_JA.format(decl="").encode(encoding)
    title, items = parse_feed(body, {}, "ja", BASE)
    assert title == "経済ニュース" and items[0].title == "東京株式市場、日経平均が上昇"


@pytest.mark.parametrize("encoding,text", [("big5", ZH_TRADITIONAL), ("gb18030", ZH_SIMPLIFIED),
                                           ("gb2312", ZH_SIMPLIFIED)])
def test_chinese_feed_without_declared_charset_decodes(encoding, text):
    title, items = parse_feed(RSS_ZH.format(**text).encode(encoding), {}, "zh", BASE)
    assert title == text["feed"] and items[0].title == text["title"]
    assert items[0].summary == text["body"]


def test_feed_declaring_utf8_but_sending_shift_jis_decodes():
    body = RSS_JA.format(decl=' encoding="utf-8"').encode("shift_jis")
    _title, items = parse_feed(body, {"Content-Type": "application/rss+xml; charset=utf-8"}, "x", BASE)
    assert items[0].title == "東京株式市場、日経平均が上昇"
    assert "トヨタとホンダの提携が発表された。" == items[0].summary


def test_http_charset_overrides_xml_declaration():
    body = RSS_JA.format(decl=' encoding="iso-8859-1"').encode("euc_jp")
    _title, items = parse_feed(body, {"content-type": "text/xml; charset=EUC-JP"}, "x", BASE)
    assert items[0].title == "東京株式市場、日経平均が上昇"


def test_invalid_utf8_bytes_do_not_lose_the_feed():
    body = RSS_JA.format(decl=' encoding="utf-8"').encode("utf-8").replace(
        "日経平均".encode(), b"\xff\xfe\xfd")
    _title, items = parse_feed(body, {}, "x", BASE)
    assert items[0].title.startswith("東京株式市場") and "上昇" in items[0].title


def test_item_fields_summary_as_text_and_date_in_utc():
    _title, items = parse_feed(RSS_JA.format(decl="").encode(), {}, "x", BASE)
    item = items[0]
    assert item.link == "https://news.example.jp/a/1" and item.feed_name == "x"
    assert item.summary == "トヨタとホンダの提携が発表された。"
    assert item.published_at == datetime(2025, 2, 13, 1, 30, tzinfo=timezone.utc)


ATOM_RELATIVE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
<title>Atom</title><updated>2025-01-02T03:04:05Z</updated>
<entry><title type="html">A &lt;b&gt;bold&lt;/b&gt; title</title>
<link rel="alternate" href="2025/first.html"/><id>tag:blog.example,2025:1</id>
<updated>2025-01-02T03:04:05+02:00</updated>
<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Body text&lt;/p&gt;</content></entry>
</feed>"""


def test_atom_relative_links_resolve_and_html_is_stripped():
    _title, items = parse_feed(ATOM_RELATIVE, {"content-type": "application/atom+xml"}, "a", BASE)
    assert items[0].link == "https://blog.example/posts/2025/first.html"
    assert items[0].title == "A bold title"
    assert items[0].summary == "Body text"
    assert items[0].published_at == datetime(2025, 1, 2, 1, 4, 5, tzinfo=timezone.utc)


def test_rss1_rdf_and_json_feed_parse():
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>R</title></channel>
    <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link></item>
    </rdf:RDF>"""
    json_feed = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J",
      "items": [{"id": "1", "url": "https://j.example/1", "title": "Jay",
                 "content_text": "hello", "date_published": "2025-02-13T10:00:00Z"}]}"""
    assert parse_feed(rdf, {}, "r", BASE)[1][0].link == "https://r.example/1"
    items = parse_feed(json_feed, {"content-type": "application/feed+json"}, "j", BASE)[1]
    assert items[0].link == "https://j.example/1" and items[0].summary == "hello"


def test_localised_dates_feedparser_cannot_read_are_parsed():
    body = b"""<rss version="2.0"><channel><title>UOL</title><item><title>t</title>
    <link>https://uol.example/1</link><pubDate>Seg, 24 Set 2018 10:15:00 -0300</pubDate></item>
    </channel></rss>"""
    item = parse_feed(body, {}, "u", BASE)[1][0]
    assert item.published_at == datetime(2018, 9, 24, 13, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [b"", b"   \n", b"<html><body><h1>Not a feed</h1></body></html>",
                                  b"<?xml version='1.0'?><rss><channel><item><title>x",
                                  b"\x00\x01\x02 binary junk", b'{"not": "a feed"}'])
def test_unusable_documents_raise_feed_parse_error(body):
    with pytest.raises(FeedParseError):
        parse_feed(body, {"content-type": "text/html"}, "bad", BASE)


def test_bytes_that_look_like_a_path_are_never_opened():
    with pytest.raises(FeedParseError):
        parse_feed(b"/etc/passwd", {}, "bad", BASE)


def test_unconditional_fetch_rule():
    now = datetime(2025, 2, 13, tzinfo=timezone.utc)
    assert should_fetch_unconditionally(None, now, 24)
    state = FeedState("f", etag='"a"', last_unconditional_at=now - timedelta(hours=1))
    assert not should_fetch_unconditionally(state, now, 24)
    assert should_fetch_unconditionally(
        FeedState("f", etag='"a"', last_unconditional_at=now - timedelta(hours=25)), now, 24)
    assert should_fetch_unconditionally(FeedState("f", etag='"a"'), now, 24)


def poll(server_url: str, state: FeedState | None, now: datetime):
    async def run():
        async with PoliteClient(fast_fetch_settings(), allowed_networks=LOOPBACK_ONLY) as client:
            return await poll_feed(client, fast_fetch_settings(), FeedSpec("f", server_url), state, now)
    return asyncio.run(run())


def test_304_with_etag_costs_no_parsing_and_stale_validators_are_bypassed(loopback_server):
    url = loopback_server.handle("/feed", conditional(RSS_JA.format(decl="").encode(), '"v1"'))
    now = datetime(2025, 2, 13, tzinfo=timezone.utc)
    first = poll(url, None, now)
    assert first.ok and len(first.items) == 1 and first.etag == '"v1"'
    fresh = FeedState("f", etag='"v1"', last_unconditional_at=now - timedelta(hours=1))
    second = poll(url, fresh, now)
    assert second.ok and second.not_modified and second.items == () and second.etag == '"v1"'
    stale = FeedState("f", etag='"v1"', last_unconditional_at=now - timedelta(days=2))
    third = poll(url, stale, now)
    assert third.ok and not third.not_modified and len(third.items) == 1
    sent = [h.get("If-None-Match") for _path, h in loopback_server.request_headers]
    assert sent == [None, '"v1"', None]


@pytest.mark.skipif(not CORPORA.exists(), reason="shared corpora not present")
def test_real_publisher_feeds_give_items_with_links_and_dates():
    folder = CORPORA / "real-publishers"
    for path in sorted(folder.glob("*.*")):
        if path.suffix not in (".xml", ".rss", ".rdf", ".atom"):
            continue
        _title, items = parse_feed(path.read_bytes(), {}, path.stem, "https://publisher.example/")
        assert items, path.name
        assert all(i.link.startswith("http") for i in items)


@pytest.mark.skipif(not CORPORA.exists(), reason="shared corpora not present")
def test_undeclared_latin1_feed_decodes_portuguese():
    body = (CORPORA / "real-publishers" / "uol-noticias-undeclared-latin1.rss").read_bytes()
    _title, items = parse_feed(body, {}, "uol", "https://uol.example/")
    text = " ".join(i.title + i.summary for i in items)
    assert any(ch in text for ch in "ãçéõáí") and "\ufffd" not in text
    assert any(i.published_at is not None for i in items)


def test_entity_expansion_bomb_is_not_expanded():
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
            f'<title>&l9;</title><item><title>x</title><link>https://a.example/1</link></item>'
            f'</channel></rss>').encode()
    try:
        title, _items = parse_feed(body, {}, "bomb", BASE)
    except FeedParseError:
        return
    assert len(title or "") < 10_000
