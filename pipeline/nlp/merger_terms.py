"""A merger whose terms pay one side's holders, or make one side a unit of the other, is a takeover.

Wire copy calls most takeovers mergers ("Berry Petroleum, Norris Oil to merge"), and the terms
then say who buys whom: "holders of Norris would receive 1.2 Berry shares", "Lifestyle
shareholders will get one Bombay share for each six", "Strata to become a wholly owned
subsidiary of Lomak". The firm whose holders are paid, or which becomes the unit, is the
target, and the other partner is the acquirer (the contract: a firm buys control of another).
A merger of equals states neither and stays a merger. Words are `merger_terms` in
models/deal_rules.json.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.roles import DocContext, names_at, owner_names
from pipeline.nlp.slot_finders import subject_of
from pipeline.nlp.rules import DealRules


def _paid_holders(tok: Token, ctx: DocContext, terms: dict) -> list[str]:
    """'holders of X (common) would receive ...', 'X shareholders will get ...': X."""
    if tok.lemma_.lower() not in terms.get("holder_nouns", []) or tok.dep_ not in ("nsubj", "nsubjpass"):
        return []
    if tok.head.lemma_.lower() not in terms.get("receive_verbs", []):
        return []
    owners = owner_names(tok, ctx)
    if owners:
        return owners
    for prep in tok.children:  # 'holders of USAir common': the firm owns the stock noun
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return [n for o in prep.children if o.dep_ == "pobj" for n in owner_names(o, ctx)]
    return []


def _becomes_unit(tok: Token, ctx: DocContext, rules: DealRules, terms: dict) -> tuple[list[str], list[str]]:
    """'X would become a wholly owned subsidiary of Y': (targets [X], acquirers [Y])."""
    if tok.lemma_.lower() not in terms.get("become_verbs", []):
        return [], []
    for attr in tok.children:
        if attr.dep_ in ("attr", "oprd") and attr.lemma_.lower() in terms.get("unit_nouns", []):
            owners = [n for p in attr.children if p.dep_ == "prep" and p.lower_ == "of"
                      for o in p.children if o.dep_ == "pobj" for n in names_at(o, ctx)]
            return subject_of(tok, ctx, rules), owners
    return [], []


def takeover_terms(doc: Doc, ctx: DocContext, rules: DealRules) -> list[tuple[set[str], set[str]]]:
    """(targets, acquirers) the article's merger terms state; acquirers may be empty."""
    terms = rules.merger_terms
    out = []
    for tok in doc:
        paid = _paid_holders(tok, ctx, terms)
        if paid:
            out.append((set(paid), set()))
        targets, buyers = _becomes_unit(tok, ctx, rules, terms)
        if targets and buyers:
            out.append((set(targets), set(buyers)))
    return out


def mergers_as_takeovers(doc: Doc, events: list[ArticleEvent], ctx: DocContext | None,
                         rules: DealRules) -> list[ArticleEvent]:
    """Retype two-firm mergers whose terms name the bought side (see the module docstring); one
    that then repeats an acquisition read elsewhere in the story joins it."""
    mergers = [ev for ev in events if ev.type == "merger" and len(ev.roles) == 2]
    if not mergers or ctx is None or not rules.merger_terms:
        return events
    stated = takeover_terms(doc, ctx, rules)
    for ev in mergers:
        names = set(ev.roles)
        for targets, buyers in stated:
            target = targets & names
            if len(target) == 1 and (not buyers or buyers & names == names - target):
                ev.type = "acquisition"
                ev.roles = {n: ("target" if n in target else "acquirer") for n in ev.roles}
                break
    kept: list[ArticleEvent] = []
    for ev in events:
        twin = next((k for k in kept if k.type == ev.type and k.roles == ev.roles), None)
        if twin is None:
            kept.append(ev)
        else:
            twin.mentions.extend(ev.mentions)
            twin.statuses.extend(ev.statuses)
    return kept
