"""Firms named as alternatives: 'Nissan could seek partnerships with Tesla or Apple' is two possible
deals (Nissan-Tesla, Nissan-Apple), not one three-firm partnership; 'a sale to A or B' is two bids.

A mention whose role holds two or more names coordinated by 'or' is split into one mention per
alternative, each keeping the other roles. The split mentions share their trigger, which tells
`deals.unite_symmetric` not to unite them again.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.nlp.roles import DocContext
from pipeline.nlp.textcache import cached, lower_text
from pipeline.nlp.triggers import EventMention


def or_groups(sent: Span, ctx: DocContext) -> list[set[str]]:
    """Sets of firm names the sentence coordinates with 'or' ('Tesla or Apple')."""
    groups: list[set[str]] = []
    for tok in sent:
        if tok.dep_ == "cc" and tok.lower_ == "or" and tok.head.i in ctx.tok2name:
            head = tok.head
            names = {ctx.tok2name[head.i]} | {ctx.tok2name[c.i] for c in head.conjuncts if c.i in ctx.tok2name}
            if len(names) > 1:
                groups.append(names)
    return groups


def split_alternatives(tok: Token, mention: EventMention, ctx: DocContext) -> list[EventMention]:
    """One mention per firm of an 'or' group that fills one role of `mention`; else `mention` itself."""
    sent = tok.sent
    if len(mention.roles) < 3 or " or " not in lower_text(sent):
        return [mention]  # the common case, decided on the sentence's cached text
    for group in cached(sent, "or_groups", lambda: or_groups(sent, ctx)):
        inside = [n for n in mention.roles if n in group]
        if len(inside) < 2 or len({mention.roles[n] for n in inside}) != 1:
            continue
        others = {n: r for n, r in mention.roles.items() if n not in group}
        if not others:
            continue
        out = []
        for name in inside:
            roles = {**others, name: mention.roles[name]}
            out.append(EventMention(mention.type, roles, mention.trigger_i, mention.sent_start, mention.status,
                                    named=[n for n in mention.named if n in roles], solo=mention.solo))
        return out
    return [mention]
