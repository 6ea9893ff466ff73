"""'X received a proposal from Y to acquire the company': the infinitive under a bid noun.

The buyer of 'to acquire' is the one the bid comes from (the noun's from- or by-phrase,
models/deal_rules.json from_agent_nouns), not the subject the clause hangs on (X received it).
When that phrase names no firm ('from a third party', 'from chairman John Smith'), the target alone
makes the event, as for any bid from a person or an unnamed party; 'the company' it would buy is the
firm that received or answered the bid.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.nlp.roles import DocContext, names_at
from pipeline.nlp.rules import DealRules
from pipeline.nlp.slot_finders import is_infinitive, subject_of

SELF_WORDS = {"company", "firm", "concern"}


@dataclass
class OfferClause:
    bidders: list[str]   # firms the bid comes from; empty: a person or an unnamed party
    bid: Token           # the bid noun the infinitive hangs on


def offer_clause(verb: Token, ctx: DocContext, rules: DealRules) -> OfferClause | None:
    """'a proposal from Y to acquire X', 'an offer by Y to buy X'; None for other verbs."""
    noun = verb.head
    if verb.dep_ != "acl" or not is_infinitive(verb) or noun.lemma_.lower() not in rules.from_agent_nouns:
        return None
    hosts = (noun, noun.head) if noun.dep_ == "dobj" else (noun,)  # 'received a bid from Y': on the verb
    objs = [o for h in hosts for p in h.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
            for o in p.children if o.dep_ == "pobj"]
    if not objs:
        return None
    return OfferClause([n for o in objs for n in names_at(o, ctx)], noun)


def bid_receiver(offer: OfferClause, objects: list[Token], ctx: DocContext, rules: DealRules) -> list[str]:
    """'... to acquire the company': the firm that received or answers the bid is bought."""
    if not any(o.lemma_.lower() in SELF_WORDS and not names_at(o, ctx) for o in objects):
        return []
    return [n for n in subject_of(offer.bid, ctx, rules) if n not in offer.bidders]
