"""Mergers with a direction: who buys whom when the text says "merger".

A merger into a firm, with an unnamed unit of a firm, or offered by one firm to another is
that firm's acquisition ('its merger into Maxcom', 'the merger of a Dixons subsidiary with
Cyclops', 'agreed to merge with an affiliate of First Boston', 'X's merger proposal for Y').
Used by the trigger readers in pipeline/nlp/triggers.py.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.roles import DocContext, Slots, names_at
from pipeline.nlp.slot_finders import entity_modifiers, possessors, prep_objects, subject_of
from pipeline.nlp.rules import DealRules
from pipeline.nlp.stakes import first_verb_above


def merged_into_unit(word: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """The parent of an unnamed unit a firm merges with ('with an affiliate of X', 'with a unit of X')."""
    for prep in word.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_ in rules.unit_nouns and obj.i not in ctx.tok2name:
                    return prep_objects(obj, ("of",), ctx) or possessors(obj, ctx)
    return []


def unit_partner_owners(noun: Token, ctx: DocContext, rules: DealRules) -> tuple[list[str], list[str]]:
    """(owners, partners) of an unnamed unit merging: 'the merger of a Dixons subsidiary with X', 'a
    merger of X and a subsidiary of Banner' (parsed as a conjunct of the merger noun)."""
    partners = [o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "with", "between")
                for o in p.children if o.dep_ == "pobj"]
    partners += [c for c in noun.children if c.dep_ == "conj"]
    for part in [x for o in partners for x in (o, *o.conjuncts)]:
        if part.lemma_ not in rules.merger_terms.get("unit_nouns", []) or part.i in ctx.tok2name or any(
                c.dep_ == "appos" and names_at(c, ctx) for c in part.children):
            continue  # a named unit ('its affiliate, ICAS Corp') merges in its own name
        owners = prep_objects(part, ("of",), ctx) or possessors(part, ctx) or [
            ctx.tok2name[c.i] for c in part.children if c.dep_ == "compound" and c.i in ctx.tok2name]
        if owners:
            return owners, prep_objects(part, ("with",), ctx)
    return [], []


def directed_merger(noun: Token, frame: Token, by_agent: list[str], owners: list[str], ctx: DocContext,
                    rules: DealRules) -> Slots | None:
    """A merger with a direction is an acquisition: 'its merger into Maxcom' (Maxcom acquires),
    'a merger offer from X' / 'X's merger proposal for Y' (X bids for Y)."""
    into = prep_objects(noun, ("into",), ctx)
    if into and owners:
        return Slots(agent=into, patient=[n for n in owners if n not in into])
    parents, partners = unit_partner_owners(noun, ctx, rules)
    if parents:  # 'the merger of a Dixons subsidiary with Cyclops': Dixons buys Cyclops
        merged = [n for n in prep_objects(noun, ("of", "with", "between"), ctx) + partners + owners
                  if n not in parents]
        if merged:
            return Slots(agent=parents, patient=list(dict.fromkeys(merged)))
    if into and frame is noun and noun.dep_ == "dobj":  # 'Delta completed its merger into Alco Standard'
        merged = [n for n in subject_of(noun.head, ctx, rules) if n not in into]
        if merged:
            return Slots(agent=into, patient=merged)
    if frame is noun or frame.lemma_.lower() not in ("offer", "proposal", "bid", "tender"):
        return None
    verb = first_verb_above(frame)
    maker = subject_of(verb, ctx, rules) if verb is not None and frame.dep_ == "dobj" \
        and verb.lemma_ in ("make", "launch", "submit", "present", "send", "table") else []
    bidder = by_agent or owners or maker or entity_modifiers(noun, ctx)
    target = [n for n in prep_objects(frame, ("for", "to"), ctx) + prep_objects(verb, ("to",), ctx) if verb
              is not None and n not in bidder] if maker else [n for n in prep_objects(frame, ("for", "to"), ctx)
                                                            if n not in bidder]
    if not target and by_agent:
        target = [n for n in owners if n not in bidder]
    if not target:
        verb = first_verb_above(frame)
        if verb is not None and verb.lemma_ in rules.recipient_verbs:
            target = [n for n in subject_of(verb, ctx, rules) if n not in bidder]
    if bidder and target:
        return Slots(agent=bidder, patient=target)
    return None
