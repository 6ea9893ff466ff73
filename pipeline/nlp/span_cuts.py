"""Names the tagger runs across a preposition in running text.

- 'DCP Capital for HK$12.298 billion': the price after 'for' is not part of the buyer's name;
- 'the company FanDuel to Flutter Entertainment': a stake sold 'to' a buyer joins two names.

A lower-case 'for' followed by a sum, or a lower-case 'to' between two capitalised names, ends
the name ('Bank for International Settlements' keeps its 'for': no sum follows). A person's
title at the front of a person's name ('Chair Euisun Chung') is no part of it.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

SUM_START = re.compile(r"^(?:[A-Z]{0,3}[$€£¥]|\d)")


def cut_at_inner_preposition(ent: Span) -> list[Span]:
    """The name's parts on either side of a joining 'to', or the name before a 'for <sum>'."""
    if ent.label_ != "ORG" or len(ent) < 3:
        return [ent]
    doc = ent.doc
    for tok in ent[1:-1]:
        nxt = doc[tok.i + 1]
        if tok.text == "for" and SUM_START.match(nxt.text):
            return [Span(doc, ent.start, tok.i, label=ent.label_)]
        if tok.text == "to" and doc[tok.i - 1].text[:1].isupper() and nxt.text[:1].isupper():
            return [Span(doc, ent.start, tok.i, label=ent.label_), Span(doc, tok.i + 1, ent.end, label=ent.label_)]
    return [ent]


def drop_leading_title(ent: Span, titles: frozenset[str]) -> Span:
    """'Executive Chair Euisun Chung' -> 'Euisun Chung': a person's title the tagger took into the
    name (models/entity_filters.json person_titles); at least two words of name stay."""
    if ent.label_ != "PERSON":
        return ent
    start = ent.start
    while ent.end - start > 2 and ent.doc[start].lower_.rstrip(".") in titles:
        start += 1
    return ent if start == ent.start else Span(ent.doc, start, ent.end, label=ent.label_)
