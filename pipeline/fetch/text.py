"""Plain-text helpers: HTML fragments to text, text normalisation, hashes, language."""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

WHITESPACE_RE = re.compile(r"\s+")
LANG_SAMPLE_CHARS = 1500
def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (feed summaries, titles), whitespace collapsed."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return WHITESPACE_RE.sub(" ", fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return WHITESPACE_RE.sub(" ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return WHITESPACE_RE.sub(" ", root.text_content()).strip()


def normalize_text(text: str) -> str:
    """NFKC, lower-case, one space between words: the form used for hashing."""
    return WHITESPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def hash_content(text: str) -> str:
    """sha256 hex of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def make_article_id(canonical_url: str) -> str:
    """Stable 16-hex id of an article from its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code guessed by py3langid from the start of the text, None when too short."""
    sample = text[:LANG_SAMPLE_CHARS].strip()
    if len(sample) < 20:
        return None
    from py3langid.langid import classify

    lang, _score = classify(sample)
    return lang


def warm_up() -> None:
    """Load the language model now (~3 s once per process) rather than inside a timed run."""
    detect_language("warm up the language identification model please")
