"""The `newsmon_pairs` component: the trained deal-pair model over the rules' reading.

Runs after `newsmon_deals`, which leaves the rules' events in `doc._.nm_rule_events`.
With a model in models/deal_pairs/ it replaces `doc._.nm_events` by the model's events
(the rules' reading is one of the model's features, so it is used, not thrown away);
without one the rules' events stand.
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.amounts import MoneySpan
from pipeline.nlp.pair_events import PairEvent, pair_events
from pipeline.nlp.pair_model import PairModel, load_pair_model
from pipeline.nlp.records_build import ROLE_ORDER
from pipeline.nlp.textcache import headline_end
from pipeline.records import Amount, DealEvent, Participant

if not Doc.has_extension("nm_rule_events"):
    Doc.set_extension("nm_rule_events", default=None)

PER_UNIT = ("a share", "per share", "a unit", "per unit", "a ton", "per ton", "a tonne", "an ounce")


class PairReader:
    def __init__(self, model: PairModel | None):
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        rules = doc._.nm_rule_events
        if self.model is None or rules is None:
            return doc
        amounts = doc._.nm_amounts or []
        events = pair_events(doc, self.model, rules, headline_end(doc))
        doc._.nm_events = [to_deal_event(doc, ev, status, amounts) for ev, status in events]
        return doc


def to_deal_event(doc: Doc, ev: PairEvent, status: str, amounts: list[MoneySpan]) -> DealEvent:
    participants = tuple(Participant(n, r) for n, r in sorted(ev.roles.items(), key=lambda kv: ROLE_ORDER.get(kv[1], 9)))
    first = doc[min(ev.sent_starts)].sent
    amount = deal_amount(doc, ev, amounts)
    return DealEvent(type=ev.type, status=status, participants=participants,
                     amount=Amount(amount.value, amount.currency) if amount else None,
                     evidence=first.text.strip(), confidence=round(ev.prob, 3))


def deal_amount(doc: Doc, ev: PairEvent, amounts: list[MoneySpan]) -> MoneySpan | None:
    """The first total (not per-share) amount in a sentence that names both sides of the deal."""
    text = doc.text
    for start in sorted(set(ev.sent_starts)):
        sent = doc[start].sent
        for a in amounts:
            if sent.start_char <= a.start_char < sent.end_char:
                after = text[a.end_char:a.end_char + 12].lower()
                if not any(after.lstrip(" -").startswith(p) for p in PER_UNIT):
                    return a
    return None


@Language.factory("newsmon_pairs", default_config={"models_dir": ""})
def make_pair_reader(nlp: Language, name: str, models_dir: str) -> PairReader:
    return PairReader(load_pair_model(Path(models_dir)) if models_dir else None)
