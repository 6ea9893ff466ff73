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
from lxml import etree
from w3lib.encoding import html_to_unicode

from pipeline.fetch.dates import parse_page_date

logger = logging.getLogger(__name__)

DATE_PARAMS = {"extensive_search": True, "original_date": True,
               "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
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


def is_html_response(content_type: str | None) -> bool:
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    return mime in HTML_TYPES


def decode_html(body: bytes, content_type: str | None) -> str:
    """Bytes -> str using the declared charset when valid, else detection."""
    _encoding, text = html_to_unicode(content_type, body)
    return text


def extract_page(body: bytes, content_type: str | None, url: str) -> PageContent:
    """Extract main text + metadata; empty text when nothing article-like was found."""
    html = decode_html(body, content_type)
    tree = parse_html_tree(html)
    if tree is None:
        return PageContent("", None, None, None, None, None, None)
    canonical = find_canonical_link(tree)
    html_lang = (tree.get("lang") or "").split("-", 1)[0].lower() or None
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False,
        date_extraction_params=DATE_PARAMS)
    if doc is None:
        return PageContent("", None, None, None, None, html_lang, canonical)
    return PageContent(
        text=(doc.text or "").strip(),
        title=doc.title or None,
        author=doc.author or None,
        published_at=parse_page_date(doc.date),
        sitename=doc.sitename or None,
        html_lang=html_lang,
        html_canonical=canonical,
    )


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
