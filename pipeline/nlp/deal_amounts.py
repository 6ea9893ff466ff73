"""A deal's amount: its price or size, read from the sentences that report the deal."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.amounts import MoneySpan
from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.rules import DealRules


def pick_amount(doc: Doc, ev: ArticleEvent, amounts: list[MoneySpan], rules: DealRules) -> MoneySpan | None:
    """The deal's price or size: the amount nearest a mention's trigger in its sentence that the
    text marks as a price ('for 70.5 mln dlrs', 'valued at', 'a 2.2 billion dlr tender offer').
    Sales, assets, gains and other sums beside the deal are not its amount."""
    best: tuple[int, MoneySpan] | None = None
    text = doc.text
    for m in ev.mentions:
        sent = doc[m.trigger_i].sent
        trig = doc[m.trigger_i].idx
        for a in amounts:
            if not sent.start_char <= a.start_char < sent.end_char:
                continue
            if not is_price(text, a, rules):
                continue
            dist = abs(a.start_char - trig)
            if best is None or dist < best[0]:
                best = (dist, a)
    return best[1] if best else None


def is_price(text: str, amount: MoneySpan, rules: DealRules) -> bool:
    """Words before the amount that make it a price, and none that make it another figure."""
    before = text[max(0, amount.start_char - 40):amount.start_char].lower()
    after = text[amount.end_char:amount.end_char + 30].lower()
    words = before.replace(",", " ").split()
    last = " ".join(words[-3:])
    if any(w in last for w in rules.amount_not_before):
        return False
    if any(last.endswith(w) or f" {w} " in f" {last} " for w in rules.amount_price_before):
        return True
    return any(after.lstrip(" -").startswith(w) or f" {w}" in after[:20] for w in rules.amount_deal_nouns)
