"""Main text and metadata of an article page, via trafilatura.

The page is decoded once (w3lib: BOM, HTTP charset, <meta charset>, then
detection), parsed once with lxml, and that tree is handed to trafilatura.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from w3lib.encoding import html_to_unicode

from pipeline.fetch.dates import parse_cjk_date, parse_page_date
from pipeline.fetch.text import detect_language
from pipeline.textclean import clean_markup

logger = logging.getLogger(__name__)

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# trafilatura asks htmldate for structured dates only (meta tags, JSON-LD, <time>); the
# heuristic full-page search comes last, after the CJK pattern, because it mistakes
# numbers such as "2000億円" for years.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": DATE_FORMAT}
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(frozen=True)
class PageContent:
    """What we read from one article page."""

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None
    sitename: str | None
    html_lang: str | None
    html_canonical: str | None
    text_lang: str | None = None  # detected here, in the worker, not on the event loop


def is_html_response(content_type: str | None) -> bool:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return mime in HTML_TYPES


def decode_html(body: bytes, content_type: str | None) -> str:
    """Bytes -> str: BOM, HTTP charset, <meta charset>, detection (w3lib's order).

    When the HTTP charset is plainly wrong (many undecodable bytes), the header is
    ignored and the page's own declaration or detection decides instead.
    """
    _encoding, text = html_to_unicode(content_type, body)
    broken = text.count("\ufffd")
    if content_type and broken > 10 and broken > len(text) // 100:
        _encoding, retry = html_to_unicode(None, body)
        if retry.count("\ufffd") < broken:
            return retry
    return text


def extract_page(body: bytes, content_type: str | None, url: str,
                 need_date: bool = True) -> PageContent:
    """Extract main text + metadata; empty text when nothing article-like was found.

    `need_date=False` (the feed already dated the item) skips the costly heuristic date
    search; structured page dates are still read.
    """
    html = clean_markup(decode_html(body, content_type))
    tree = parse_html_tree(html)
    if tree is None:
        return PageContent("", None, None, None, None, None, None)
    canonical = find_canonical_link(tree)
    html_lang = (tree.get("lang") or "").split("-", 1)[0].lower() or None
    page_text = tree.text_content() if need_date else ""  # before trafilatura prunes the tree
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        date_extraction_params=DATE_PARAMS)
    structured_date = doc.date if doc is not None else None
    if need_date:
        published = find_page_date(structured_date, page_text, html, url)
    else:
        published = parse_page_date(structured_date)
    if doc is None:
        return PageContent("", None, None, published, None, html_lang, canonical)
    text = (doc.text or "").strip()
    return PageContent(
        text=text,
        title=doc.title or None,
        author=doc.author or None,
        published_at=published,
        sitename=doc.sitename or None,
        html_lang=html_lang,
        html_canonical=canonical,
        text_lang=detect_language(text),
    )


def find_page_date(structured: str | None, page_text: str, html: str,
                   url: str) -> datetime | None:
    """Structured metadata date, else a CJK date in the text, else htmldate's URL and
    markup patterns. htmldate's extensive free-text search is left off on purpose: it
    turns any year named in the body ("since 2022") into 1 January of that year, and a
    wrong date is worse than none (an undated article falls back to its fetch time,
    which the trend views know to leave out)."""
    found = parse_page_date(structured) or parse_cjk_date(page_text[:20_000])
    if found is not None:
        return found
    try:
        guessed = find_date(html, extensive_search=False, original_date=True,
                            outputformat=DATE_FORMAT, url=url)
    except Exception:  # htmldate is heuristic code; a crash there only loses the date
        logger.debug("htmldate failed on %s", url, exc_info=True)
        return None
    return parse_page_date(guessed)


def parse_html_tree(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        logger.debug("unparseable HTML", exc_info=True)
        return None


def find_canonical_link(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iterfind(".//link[@rel]"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and link.get("href"):
            return link.get("href").strip()
    return None
