"""One deal read as two types: stake readings folded into the event they belong to.

- An investment whose investor is the seller or buyer of a divestment of the same target is that
  divestment read from its stake noun ('bringing its holding down', 'buying more shares ... from X').
- An acquisition and an investment by the same buyer in the same target are one deal (unless the
  acquisition only buys plants or assets of the target): a control cue
  (models/deal_rules.json control_modifiers, 'take control') or a stake above half keeps the
  acquisition; a minority percentage ('a 15% stake') makes it an investment.
- An acquisition that leaves its buyer holding half or less ('a tender offer ... leaving each
  holding 50%') is an investment.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.rules import DealRules
from pipeline.nlp.stakes import PERCENT_SIGNS, property_holdings

PCT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent|percent|pct\b)")
MAJORITY = 50.0


def _pair(ev: ArticleEvent, buyer_role: str, target_role: str = "target") -> tuple[set[str], set[str]]:
    return ({n for n, r in ev.roles.items() if r == buyer_role}, {n for n, r in ev.roles.items() if r == target_role})


def _absorb(into: ArticleEvent, ev: ArticleEvent) -> None:
    into.mentions.extend(ev.mentions)
    into.statuses.extend(ev.statuses)


def _sentences(doc: Doc, evs: list[ArticleEvent]):
    return [doc[s].sent for s in sorted({m.sent_start for e in evs for m in e.mentions})]


def _minority(doc: Doc, evs: list[ArticleEvent], rules: DealRules) -> bool:
    sents = _sentences(doc, evs)
    if any(t.lemma_.lower() in rules.control_mods for s in sents for t in s):
        return False
    pcts = [float(x) for s in sents for x in PCT.findall(s.text)]
    return bool(pcts) and max(pcts) < MAJORITY


HOLD_WORDS = {"hold", "own", "have", "retain", "keep", "control"}


def held_pcts(doc: Doc, ev: ArticleEvent, rules: DealRules) -> list[float]:
    """Percentages the deal leaves held ('leaving each holding 50%', 'a 49% stake'); not a holding
    the buyer already had ('X, which already owns 24% of Y, ...')."""
    out = []
    for sent in _sentences(doc, [ev]):
        for tok in sent:
            if tok.lower_ not in PERCENT_SIGNS or tok.i == 0 or not tok.nbor(-1).like_num:
                continue
            head = tok.head
            if head.lemma_.lower() not in HOLD_WORDS | rules.stake_nouns or _prior_holding(head):
                continue
            try:
                out.append(float(tok.nbor(-1).text))
            except ValueError:
                continue
    return out


def _prior_holding(word) -> bool:
    verb = word if word.pos_ in ("VERB", "AUX") else word.head
    return verb.dep_ == "relcl" or any(c.lower_ == "already" for c in verb.children)


def minority_acquisitions(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> None:
    """An acquisition that leaves its buyer holding half or less (no control cue) is an investment."""
    for ev in events:
        if ev.type != "acquisition":
            continue
        if property_purchase(doc, ev, rules):
            continue  # 'a 47 pct working interest in the X gas field': part of a property, not a minority stake
        sents = _sentences(doc, [ev])
        pcts = held_pcts(doc, ev, rules)
        if pcts and max(pcts) <= MAJORITY and not any(t.lemma_.lower() in rules.control_mods for s in sents for t in s):
            ev.type = "investment"
            ev.roles = {n: ("investor" if r == "acquirer" else r) for n, r in ev.roles.items()}


def property_purchase(doc: Doc, ev: ArticleEvent, rules: DealRules) -> bool:
    """Every mention buys an interest in property (a field, a refinery), not in a firm."""
    ctx = doc._.nm_ctx
    return all(bool(property_holdings(t, [c for c in t.children if c.dep_ == "dobj"], rules, ctx)[0])
               for t in (doc[m.trigger_i] for m in ev.mentions))


def asset_purchase(doc: Doc, ev: ArticleEvent, rules: DealRules) -> bool:
    """Every mention buys plants or assets of the target ('buying Nissan's factories'): a deal apart
    from a stake in the same firm."""
    def buys_assets(tok) -> bool:
        objs = [c for c in tok.children if c.dep_ == "dobj"] + [
            o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        return any(o.lemma_.lower() in rules.asset_nouns or o.lower_ in rules.asset_nouns for o in objs)
    return all(buys_assets(doc[m.trigger_i]) for m in ev.mentions)


def fold_stake_readings(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> list[ArticleEvent]:
    minority_acquisitions(doc, events, rules)
    drop: set[int] = set()
    for i, inv in enumerate(events):
        if inv.type != "investment":
            continue
        investors, targets = _pair(inv, "investor")
        if not investors or not targets:
            continue
        for j, other in enumerate(events):
            if j == i or j in drop:
                continue
            if other.type == "divestment":
                sellers, dtargets = _pair(other, "seller")
                buyers, _ = _pair(other, "buyer")
                if targets <= dtargets and investors <= (sellers | buyers):
                    _absorb(other, inv)
                    drop.add(i)
                    break
            elif other.type == "acquisition":
                acquirers, atargets = _pair(other, "acquirer")
                if investors == acquirers and targets == atargets and not asset_purchase(doc, other, rules):
                    if _minority(doc, [inv, other], rules):
                        _absorb(inv, other)
                        drop.add(j)
                    else:
                        _absorb(other, inv)
                        drop.add(i)
                    break
    return [e for k, e in enumerate(events) if k not in drop]
