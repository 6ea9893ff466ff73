"""An article event's status: the latest the article reports, read along the deal's lifecycle.

`choose_status` takes the most advanced status any of the event's mentions reports, with
background sentences (marked past: "previously", "had ...") counting only when no other
sentence gives one; `explicit_denial` tells a denial said in words from a negated verb. Split
from pipeline.nlp.deals, which folds mentions into the events these read.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from pipeline.nlp.rules import StatusRules
from pipeline.nlp.textcache import cached, lower_text

if TYPE_CHECKING:
    from pipeline.nlp.deals import ArticleEvent


def choose_status(ev: ArticleEvent, status_rules: StatusRules, doc: Doc | None = None) -> str:
    """The latest status the article reports, read along the deal's lifecycle.

    News puts the newest development first (headline, lede) and recounts the history
    after it, so text order says little about time. A deal moves forward through
    proposed -> talks -> agreed -> completed and ends collapsed or denied, so the most
    advanced status reported is the latest one. Background sentences marked as past
    ("previously", "earlier", "had ...") count only when no other sentence gives one.
    """
    if not ev.statuses:
        return "agreed" if ev.type == "partnership" else "proposed"
    if doc is None:
        return max(ev.statuses, key=lambda s: (status_rules.rank[s[1]], s[0]))[1]
    keyed = []
    for i, status in ev.statuses:
        sent = doc[i].sent
        keyed.append(((not is_background(sent, status_rules), status_rules.rank[status], sent.start), status))
    best = max(keyed)[1]
    if best == "agreed" and mou_talks(ev, doc, status_rules):
        return "talks"  # 'signed an MOU to explore a merger' under a headline 'X and Y announce merger plans'
    if best == "collapsed" and any(st == "completed" and fresh for (fresh, _r, _s), st in keyed):
        return "completed"  # 'completed the purchase ... for its tender offer that ended': the offer ended by closing
    if best == "denied" and any(st == "collapsed" for _i, st in ev.statuses):
        denials = [i for i, st in ev.statuses if st == "denied"]
        if not any(explicit_denial(doc[i].sent, status_rules) for i in denials):
            return "collapsed"  # 'walked away ... would not make an offer': a withdrawal, not a denial
    return best


def mou_talks(ev: ArticleEvent, doc: Doc, status_rules: StatusRules) -> bool:
    """The deal's talks reading comes from a memorandum of understanding (models: mou_lemmas), and
    no agreed reading rests on an agreement phrase ('agreed to', 'definitive agreement')."""
    def has_mou(sent) -> bool:
        return any(t.lemma_.lower() in status_rules.mou_lemmas for t in sent)
    if not any(st == "talks" and has_mou(doc[i].sent) for i, st in ev.statuses):
        return False
    agreed_phrases = [p for p, st in status_rules.phrases if st == "agreed"]
    return not any(st == "agreed" and any(p in lower_text(doc[i].sent) for p in agreed_phrases) for i, st in ev.statuses)


def explicit_denial(sent, status_rules: StatusRules) -> bool:
    """A denial said in words ('denied', 'no plans to', 'not true'), not just a negated verb."""
    text = lower_text(sent)
    if any(f"{phrase} {word}" in text for phrase in ("no intention of", "no plans to", "no plan to", "not to")
           for word in ("proceed", "proceeding", "continue", "continuing", "pursue", "pursuing", "go ahead")):
        return False  # 'no intention of proceeding any further with talks': talks under way end (a collapse)
    if any(phrase in text for phrase, st in status_rules.phrases if st == "denied"):
        return True
    return any(status_rules.lemmas.get(t.lemma_.lower()) == "denied" for t in sent)


def is_background(sent, status_rules: StatusRules) -> bool:
    return cached(sent, "background", lambda: _past_marked(lower_text(sent), status_rules))


def _past_marked(text: str, status_rules: StatusRules) -> bool:
    low = f" {text} "
    return any(f" {w} " in low for w in status_rules.past_words)
