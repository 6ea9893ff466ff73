"""Render the sample corpus as real feed documents (RSS 2.0, Atom, RSS 1.0) and pages."""
from __future__ import annotations

from email.utils import format_datetime
from html import escape as html_escape
from xml.sax.saxutils import escape

from pipeline.demo.corpus_files import CorpusArticle, CorpusFeed


def article_path(feed: CorpusFeed, article: CorpusArticle) -> str:
    """Dated articles carry year/month in the path like most news sites; undated ones
    (backfill) carry no date anywhere, so their only date is the fetch time."""
    if not article.dated:
        return f"/{feed.site}/archive/{article.slug}.html"
    return f"/{feed.site}/news/{article.published.strftime('%Y/%m')}/{article.slug}.html"


def feed_path(feed: CorpusFeed) -> str:
    ext = {"rss2": "rss.xml", "atom": "atom.xml", "rdf": "index.rdf"}[feed.format]
    return f"/{feed.site}/{ext}"


def _rss2(feed: CorpusFeed, items: list[CorpusArticle], base: str) -> str:
    parts = [f'<?xml version="1.0" encoding="{feed.encoding}"?>',
             '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
             f"<title>{escape(feed.title)}</title><link>{base}/{feed.site}/</link>",
             f"<description>{escape(feed.title)} news</description><language>{feed.lang}</language>"]
    for a in items:
        url = base + article_path(feed, a)
        parts.append("<item>")
        parts.append(f"<title>{escape(a.title)}</title><link>{url}?utm_source=rss&amp;utm_medium=feed</link>")
        parts.append(f'<guid isPermaLink="false">{feed.site}:{a.slug}</guid>')
        if a.dated:
            parts.append(f"<pubDate>{format_datetime(a.published)}</pubDate>")
        if a.author:
            parts.append(f"<dc:creator>{escape(a.author)}</dc:creator>")
        parts.append(f"<description>{escape(a.summary)}</description></item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def _atom(feed: CorpusFeed, items: list[CorpusArticle], base: str) -> str:
    newest = max((a.published for a in items), default=None)
    parts = [f'<?xml version="1.0" encoding="{feed.encoding}"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{escape(feed.title)}</title><id>urn:newsmon-demo:{feed.site}</id>",
             f'<link href="{base}/{feed.site}/"/>',
             f"<updated>{newest.isoformat() if newest else '2025-01-01T00:00:00Z'}</updated>"]
    for a in items:
        url = base + article_path(feed, a)
        parts.append(f'<entry><title>{escape(a.title)}</title><link rel="alternate" href="{url}"/>')
        parts.append(f"<id>urn:newsmon-demo:{feed.site}:{a.slug}</id>")
        if a.dated:
            parts.append(f"<published>{a.published.isoformat()}</published><updated>{a.published.isoformat()}</updated>")
        if a.author:
            parts.append(f"<author><name>{escape(a.author)}</name></author>")
        parts.append(f"<summary>{escape(a.summary)}</summary></entry>")
    parts.append("</feed>")
    return "\n".join(parts)


def _rdf(feed: CorpusFeed, items: list[CorpusArticle], base: str) -> str:
    urls = [base + article_path(feed, a) for a in items]
    parts = [f'<?xml version="1.0" encoding="{feed.encoding}"?>',
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f'<channel rdf:about="{base}/{feed.site}/"><title>{escape(feed.title)}</title>',
             f"<link>{base}/{feed.site}/</link><description>{escape(feed.title)}</description>",
             "<items><rdf:Seq>" + "".join(f'<rdf:li rdf:resource="{u}"/>' for u in urls) + "</rdf:Seq></items>",
             "</channel>"]
    for a, url in zip(items, urls):
        parts.append(f'<item rdf:about="{url}"><title>{escape(a.title)}</title><link>{url}</link>')
        parts.append(f"<description>{escape(a.summary)}</description>")
        if a.dated:
            parts.append(f"<dc:date>{a.published.isoformat()}</dc:date>")
        if a.author:
            parts.append(f"<dc:creator>{escape(a.author)}</dc:creator>")
        parts.append("</item>")
    parts.append("</rdf:RDF>")
    return "\n".join(parts)


def render_feed(feed: CorpusFeed, items: list[CorpusArticle], base: str) -> bytes:
    """The feed document, encoded in the feed's declared charset."""
    renderer = {"rss2": _rss2, "atom": _atom, "rdf": _rdf}[feed.format]
    return renderer(feed, items, base).encode(feed.encoding)


def render_page(feed: CorpusFeed, article: CorpusArticle, base: str) -> bytes:
    """A news page with navigation, related links and footer around the article body."""
    url = base + article_path(feed, article)
    e = html_escape
    meta = [f'<meta property="og:title" content="{e(article.title)}">',
            f'<meta property="og:site_name" content="{e(feed.title)}">',
            f'<link rel="canonical" href="{url}">']
    byline = f'<p class="byline">By {e(article.author)}</p>' if article.author else ""
    if article.dated:
        meta.append(f'<meta property="article:published_time" content="{article.published.isoformat()}">')
        byline += f'<time datetime="{article.published.isoformat()}">{article.published.strftime("%B %d, %Y %H:%M")}</time>'
    if article.author:
        meta.append(f'<meta name="author" content="{e(article.author)}">')
    body = "\n".join(f"<p>{e(p)}</p>" for p in article.body)
    html = f"""<!DOCTYPE html>
<html lang="{feed.lang}"><head><meta charset="utf-8"><title>{e(article.title)} | {e(feed.title)}</title>
{chr(10).join(meta)}</head>
<body>
<header><nav><a href="/{feed.site}/">{e(feed.title)}</a> | <a href="/{feed.site}/markets">Markets</a> | <a href="/{feed.site}/autos">Autos</a> | <a href="/{feed.site}/tech">Tech</a></nav>
<div class="ad">Advertisement</div></header>
<main><article>
<h1>{e(article.title)}</h1>
{byline}
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/{feed.site}/markets">Markets wrap</a></li><li><a href="/{feed.site}/autos">Autos briefing</a></li></ul></aside>
</main>
<footer><p>&copy; {e(feed.title)} (sample corpus for newsmon). All rights reserved.</p><p><a href="/{feed.site}/terms">Terms</a> | <a href="/{feed.site}/privacy">Privacy</a></p></footer>
</body></html>"""
    return html.encode("utf-8")
