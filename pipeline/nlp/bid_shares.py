"""What a bid or share purchase is for: the shares it names and how much of them.

'a tender offer for Allegheny's common stock', 'an offer for all shares of X': whose shares; 'acquire
29 pct of X', 'its bid for 49 pct of ...': a minority part, not control; 'the tender offer launched
by Mark IV': the bidder on a participle. Split from pipeline.nlp.triggers, which reads the triggers.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.frames import PERCENT_WORDS
from pipeline.nlp.roles import DocContext
from pipeline.nlp.rules import DealRules, Trigger
from pipeline.nlp.slot_finders import entity_modifiers, possessors, prep_objects

BUYOUT_WORDS = {"remain", "remaining", "rest", "own", "outstanding"}


def bid_preps(noun: Token, preps: list[str] | tuple[str, ...]) -> list[Token]:
    """The bid's complements; the parser often hangs them on the verb over the bid ('plans to
    begin a tender offer at 25 dlrs a share for all outstanding shares of X'). From the verb, a
    count of shares ('for 500,000 X shares') is left alone: control or a stake, it does not say."""
    own = [p for p in noun.children if p.dep_ == "prep" and p.lower_ in preps]
    if own or noun.dep_ != "dobj":
        return own
    return [p for p in noun.head.children if p.dep_ == "prep" and p.lower_ in preps and p.i > noun.i
            and not any(c.dep_ in ("nummod", "quantmod") for o in p.children for c in o.subtree if c.i < o.i)]


def minority_part(obj: Token, verb: Token) -> bool:
    """'acquire 29 pct of X' (not 'the remaining 29 pct'): a percentage under half."""
    if obj.lower_ not in PERCENT_WORDS or any(t.lemma_.lower() in BUYOUT_WORDS for t in obj.sent if t.i > verb.i):
        return False
    numbers = [c for c in obj.children if c.dep_ == "nummod" and c.like_num]
    try:
        return bool(numbers) and float(numbers[0].text.replace(",", "")) < 50
    except ValueError:
        return False


def minority_bid(noun: Token, spec: Trigger) -> bool:
    """A bid or offer for less than half of a firm's shares ('its bid for 49 pct of ...')."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in spec.patient_preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lower_ in PERCENT_WORDS:
                    if any(t.lemma_.lower() in BUYOUT_WORDS for t in obj.sent if t.i > noun.i):
                        return False  # 'the 45 pct it does not already own', 'the remaining 20 pct'
                    numbers = [c for c in obj.children if c.dep_ == "nummod" and c.like_num]
                    try:
                        return bool(numbers) and float(numbers[0].text.replace(",", "")) < 50
                    except ValueError:
                        return False
    return False


def bid_for_shares(noun: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> list[str]:
    """'a tender offer for Allegheny's common stock', 'an offer for all shares of X': whose shares."""
    out: list[str] = []
    share_words = rules.stake_nouns | {"stock", "unit"}  # 'all outstanding units of Benequity Holdings'
    for prep in bid_preps(noun, spec.patient_preps):
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.lemma_.lower() in share_words or obj.lower_ in PERCENT_WORDS):
                out += [n for n in possessors(obj, ctx) + prep_objects(obj, ("of", "in"), ctx)
                        + entity_modifiers(obj, ctx) + shares_of(obj, share_words, ctx) if n not in out]
    return out


def shares_of(obj: Token, share_words: frozenset[str] | set[str], ctx: DocContext) -> list[str]:
    """'49 pct of Canadian Tire common shares': the firm named on the shares the stake is of."""
    out: list[str] = []
    for o in (o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj" and o.lemma_.lower() in share_words):
        names = [ctx.tok2name[t.i] for left in o.lefts for t in left.subtree if t.i in ctx.tok2name]
        out += [n for n in names if n not in out]
    return out


def launched_by(noun: Token, ctx: DocContext) -> list[str]:
    """'the tender offer ... launched by Mark IV': the by-phrase of a participle on the bid noun."""
    return [n for v in noun.children if v.dep_ == "acl" for n in prep_objects(v, ("by",), ctx)]
