"""Turning internal results into the shared records (pipeline/records.py)."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.amounts import MoneySpan
from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.moves import MoveHit
from pipeline.records import Amount, DealEvent, MarketMove, Participant

ROLE_ORDER = {"acquirer": 0, "investor": 0, "seller": 0, "partner": 1, "target": 2, "buyer": 3}


def make_deal_event(doc: Doc, ev: ArticleEvent, status: str, amount: MoneySpan | None,
                    confidence: float) -> DealEvent:
    first = min(ev.mentions, key=lambda m: m.trigger_i)
    participants = tuple(
        Participant(name, role)
        for name, role in sorted(ev.roles.items(), key=lambda kv: ROLE_ORDER.get(kv[1], 9))
    )
    # pick_amount only returns an amount the text marks as this deal's price or size
    return DealEvent(
        type=ev.type, status=status, participants=participants,
        amount=Amount(amount.value, amount.currency, is_price=True) if amount else None,
        evidence=doc[first.trigger_i].sent.text.strip(), confidence=confidence,
    )


def make_move(hit: MoveHit) -> MarketMove:
    return MarketMove(entity=hit.entity, direction=hit.direction, pct=hit.pct, evidence=hit.evidence)
