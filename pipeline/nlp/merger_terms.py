"""A merger whose terms pay one side's holders, or make one side a unit of the other, is a takeover.

Wire copy calls most takeovers mergers ("Berry Petroleum, Norris Oil to merge"), and the terms
then say who buys whom: "holders of Norris would receive 1.2 Berry shares", "Lifestyle
shareholders will get one Bombay share for each six", "Strata to become a wholly owned
subsidiary of Lomak", "High Plains will be merged into a unit of Adobe", "approved a merger into
First Union". The firm whose holders are paid, or which becomes the unit or is merged into the
other, is the target, and the other partner is the acquirer (the contract: a firm buys control of another).
A merger of equals states neither and stays a merger. Words are `merger_terms` in
models/deal_rules.json.

A two-firm merger whose firms are exactly the two sides of an acquisition read elsewhere in the
story is that takeover told as a merger ("a cash tender offer ... followed by a merger with X", "the
merger would follow the offer", "terminated merger talks with X, which was considering buying
it"): it joins the acquisition, whose mention says who buys whom. Not when the acquisition is only
a demand that one side become the other's subsidiary, and not when the story's merger forms a new
firm ("a merger ... to form a new company", "a merger under a joint holding company"): that merger
is a deal of its own beside a stake purchase or a takeover proposal. A two-firm partnership between the two
sides of such an acquisition ('a joint venture to pursue the acquisition of X', 'its agreements
with the buyer are binding') is a term of that takeover, and joins it the same way, unless the
takeover is denied ('open to cooperating ... our goal is not to acquire X').
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


def _merged_into(tok: Token, ctx: DocContext, terms: dict) -> list[str]:
    """'approved a merger into First Union', 'will be merged into a unit of Adobe', 'the merger of
    Cyclops into Dixons': the firm the other is merged into (or the owner of that unit) buys it."""
    if tok.lemma_.lower() not in terms.get("merger_words", []):
        return []
    units = terms.get("unit_nouns", [])
    preps = list(tok.children) + (list(tok.head.children) if tok.dep_ == "dobj" else [])  # 'approved a merger into X'
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ != "into":
            continue
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            if obj.lemma_.lower() in units:
                return [n for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in p.children if o.dep_ == "pobj" for n in names_at(o, ctx)]
            return names_at(obj, ctx)
    return []


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
        into = _merged_into(tok, ctx, terms)
        if len(into) == 1:
            out.append((set(), set(into)))
    return out


def mergers_as_takeovers(doc: Doc, events: list[ArticleEvent], ctx: DocContext | None,
                         rules: DealRules) -> list[ArticleEvent]:
    """Retype two-firm mergers whose terms name the bought side (see the module docstring); a
    merger or partnership that then repeats an acquisition read elsewhere in the story joins it."""
    mergers = [ev for ev in events if ev.type == "merger" and len(ev.roles) == 2]
    if ctx is None or not rules.merger_terms:
        return events
    stated = takeover_terms(doc, ctx, rules) if mergers else []   # the scan costs; most stories have no merger
    for ev in mergers:
        names = set(ev.roles)
        for targets, buyers in stated:
            target = targets & names if targets else names - buyers
            if len(target) == 1 and (not buyers or buyers & names == names - target):
                ev.type = "acquisition"
                ev.roles = {n: ("target" if n in target else "acquirer") for n in ev.roles}
                break
    units = set(rules.merger_terms.get("unit_nouns", []))
    foldable = any(ev.type == "merger" and len(ev.roles) == 2 for ev in events) \
        and any(ev.type == "acquisition" for ev in events)
    return _join_takeover_steps(doc, events, foldable and not _forms_new_firm(doc, rules), units)


def _forms_new_firm(doc: Doc, rules: DealRules) -> bool:
    """A sentence about a merger names a new firm it forms ('to form a new company', 'a merger
    under a joint holding company')."""
    terms, objects = rules.merger_terms, rules.framed_merger.get("objects", frozenset())
    words = set(terms.get("merger_words", []))
    marks = set(terms.get("new_firm_marks", [])) | set(rules.framed_merger.get("marks", frozenset()))
    for sent in doc.sents:
        if not any(t.lemma_.lower() in words for t in sent):
            continue
        if any(t.lemma_.lower() in objects and any(c.lower_ in marks for c in t.lefts) for t in sent):
            return True
    return False


def _bought_outright(doc: Doc, acq: ArticleEvent, units: set[str]) -> bool:
    """The takeover is read from a buying word, not from a unit noun ('become a subsidiary'): a
    merger and a demand that one side become the other's unit are two shapes a story tells apart."""
    return not any(doc[m.trigger_i].lemma_.lower() in units for m in acq.mentions)


def _refused(ev: ArticleEvent) -> bool:
    """A takeover a party denies: a pact beside it ('open to cooperating ... our goal is not to
    acquire X') is a deal of its own. (A rejected bid still has its venture to pursue it.)"""
    return any(status == "denied" for _i, status in ev.statuses)


def _join_takeover_steps(doc: Doc, events: list[ArticleEvent], steps: bool = True,
                         units: set[str] = frozenset()) -> list[ArticleEvent]:
    """Fold twins of one type, a two-firm partnership and (with `steps`) a two-firm merger into the
    acquisition between the same firms."""
    kept: list[ArticleEvent] = []
    for ev in events:
        twin = next((k for k in kept if k.type == ev.type and k.roles == ev.roles), None)
        if twin is None and ev.type == "partnership" and len(ev.roles) == 2:
            twin = next((k for k in events if k.type == "acquisition" and set(k.roles) == set(ev.roles)
                         and _bought_outright(doc, k, units) and not _refused(k)), None)
        if twin is None and steps and ev.type == "merger" and len(ev.roles) == 2:
            twin = next((k for k in events if k.type == "acquisition" and set(k.roles) == set(ev.roles)
                         and _bought_outright(doc, k, units)), None)
        if twin is None:
            kept.append(ev)
        else:
            twin.mentions.extend(ev.mentions)
            twin.statuses.extend(ev.statuses)
    return kept
