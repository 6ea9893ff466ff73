"""One deal read as two types: stake readings folded into the event they belong to.

- An investment whose investor is the seller or buyer of a divestment of the same target is that
  divestment read from its stake noun ('bringing its holding down', 'buying more shares ... from X').
- An acquisition and an investment by the same buyer in the same target are one deal: a control cue
  (models/deal_rules.json control_modifiers, 'take control') or a stake above half keeps the
  acquisition; a minority percentage ('a 15% stake') makes it an investment.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.rules import DealRules

PCT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent|percent)")
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


def fold_stake_readings(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> list[ArticleEvent]:
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
                if investors == acquirers and targets == atargets:
                    if _minority(doc, [inv, other], rules):
                        _absorb(inv, other)
                        drop.add(j)
                    else:
                        _absorb(other, inv)
                        drop.add(i)
                    break
    return [e for k, e in enumerate(events) if k not in drop]
