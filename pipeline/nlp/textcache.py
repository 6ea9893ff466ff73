"""Per-document caches of text the rules read again and again.

`Span.text` and `Doc.text` build a new string on every call, and the deal and status
rules ask for the same sentence's lower-cased text for every trigger, cue and status
in it. The cache lives in `doc.user_data` while newsmon's components run and is
dropped by the last one (`drop_text_cache`), so it never travels with the Doc.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc, Span

CACHE_KEY = "nm_text_cache"
T = TypeVar("T")


def _cache(doc: Doc) -> dict:
    return doc.user_data.setdefault(CACHE_KEY, {})


def cached(sent: Span, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per (sentence, name) for this document."""
    store = _cache(sent.doc)
    key = (name, sent.start, sent.end)
    if key not in store:
        store[key] = compute()
    return store[key]


def lower_text(sent: Span) -> str:
    """The sentence's text in lower case."""
    return cached(sent, "lower", lambda: sent.text.lower())


def doc_lower_text(doc: Doc) -> str:
    """The document's text in lower case (Doc.text joins every token again on each call)."""
    store = _cache(doc)
    if "lower" not in store:
        store["lower"] = doc.text.lower()
    return store["lower"]


def headline_end(doc: Doc) -> int:
    """Token index where the body starts after a headline (compose_text joins them with a blank
    line, which the tokenizer keeps as a whitespace token); 0 when there is no blank line."""
    store = _cache(doc)
    if "headline_end" not in store:
        spaces = doc.to_array("IS_SPACE").nonzero()[0]   # whitespace tokens only, found in C
        store["headline_end"] = next((int(i) + 1 for i in spaces if "\n\n" in doc[int(i)].text), 0)
    return store["headline_end"]


def headline_within(doc: Doc, chars: int) -> bool:
    """True when the first blank line of the text starts within its first `chars` characters."""
    end = headline_end(doc)
    return end > 0 and doc[end - 1].idx < chars


def drop_text_cache(doc: Doc) -> None:
    doc.user_data.pop(CACHE_KEY, None)
