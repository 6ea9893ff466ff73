"""'No plans to seek control': beside a stake, a denied takeover of the stake's target."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.rules import DealRules
from pipeline.nlp.textcache import lower_text
from pipeline.nlp.triggers import EventMention


def denies_control(text: str, rules: DealRules) -> bool:
    return any(d in text for d in rules.control_denials) and any(w in text for w in rules.control_words)


def split_control_denials(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> list[ArticleEvent]:
    """'bought the stake for investment and has no plans to seek control of the company': the stake
    stands and the holder denies a takeover -- a separate acquisition event with status denied."""
    out = list(events)
    for ev in events:
        if ev.type != "investment":
            continue
        denials = [(i, st) for i, st in ev.statuses
                   if st == "denied" and any(w in lower_text(doc[i].sent) for w in rules.control_words)]
        first = min(m.trigger_i for m in ev.mentions)
        denials += [(sent.start, "denied") for sent in doc.sents if sent.start > first
                    and all(sent.start != i for i, _s in denials) and denies_control(lower_text(sent), rules)]
        if not denials:
            continue
        ev.statuses = [s for s in ev.statuses if s not in denials]
        roles = {n: ("acquirer" if r == "investor" else "target") for n, r in ev.roles.items()
                 if r in ("investor", "target")}
        twin = next((o for o in events if o.type == "acquisition" and set(o.roles) == set(roles)), None)
        if twin is not None:  # the stake purchase also read as a takeover: the holder denies that takeover
            twin.statuses = twin.statuses + [d for d in denials if d not in twin.statuses]
            continue
        i = denials[0][0]
        mention = EventMention("acquisition", roles, i, doc[i].sent.start, "denied", list(roles))
        out.append(ArticleEvent("acquisition", roles, [mention], denials))
    return out
