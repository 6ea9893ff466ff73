"""Article-level deal events from the deal-pair model's pair readings.

Every firm pair of a sentence is scored; a pair's reading is its most probable deal
label over all the sentences that name both. Readings become events:
- merger and partnership pairs that share a firm are one deal (a three-way merger);
- divestment pairs that share the target are one sale (seller, target, buyer);
- acquisition and investment pairs stay one event each (rival bidders are rival deals).

The status of each event comes from the status model over the sentences that name its
parties (their cue words, tense, negation and the rules' reading), and the event's
confidence is the pair model's probability.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.nlp.pair_features import PairCandidate, pair_candidates, pair_features
from pipeline.nlp.pair_model import NONE, PairModel, parse_label

SYMMETRIC = ("merger", "partnership")
STATUS_WINDOW = 3


@dataclass
class PairReading:
    a: str
    b: str
    type: str
    role_a: str
    role_b: str
    prob: float
    sent_starts: list[int] = field(default_factory=list)


@dataclass
class PairEvent:
    type: str
    roles: dict[str, str]
    prob: float
    sent_starts: list[int]


def read_pairs(doc: Doc, model: PairModel, rule_events: list[tuple[str, dict[str, str]]],
               headline_end: int) -> list[PairReading]:
    """The best non-'none' reading of every firm pair the model accepts."""
    best: dict[frozenset[str], PairReading] = {}
    for cand in pair_candidates(doc, headline_end):
        probs = model.predict(pair_features(doc, cand, rule_events))
        k = max(range(len(probs)), key=probs.__getitem__)
        parsed = parse_label(model.classes[k])
        key = frozenset((cand.a.name, cand.b.name))
        if parsed is None or probs[k] < model.threshold:
            continue
        etype, ra, rb = parsed
        prev = best.get(key)
        if prev is None or probs[k] > prev.prob:
            starts = prev.sent_starts if prev else []
            best[key] = PairReading(cand.a.name, cand.b.name, etype, ra, rb, probs[k], starts)
        best[key].sent_starts.append(cand.sent_start)
    return list(best.values())


def group_readings(readings: list[PairReading]) -> list[PairEvent]:
    """Pair readings -> events (see the module docstring for what is grouped)."""
    events: list[PairEvent] = []
    for r in sorted(readings, key=lambda r: -r.prob):
        roles = {r.a: r.role_a, r.b: r.role_b}
        host = next((e for e in events if _joins(e, r, roles)), None)
        if host is None:
            events.append(PairEvent(r.type, roles, r.prob, list(r.sent_starts)))
            continue
        for name, role in roles.items():
            host.roles.setdefault(name, role)
        host.sent_starts.extend(r.sent_starts)
    return events


def _joins(ev: PairEvent, r: PairReading, roles: dict[str, str]) -> bool:
    if ev.type != r.type:
        return False
    if r.type in SYMMETRIC:
        return bool(set(roles) & set(ev.roles))
    if r.type == "divestment":
        target = next((n for n, role in roles.items() if role == "target"), None)
        host_target = next((n for n, role in ev.roles.items() if role == "target"), None)
        if target and host_target:
            return target == host_target
        # a seller-buyer pair joins the sale whose seller or buyer it names, with the same role
        return any(ev.roles.get(n) == role for n, role in roles.items())
    return False


def status_features(doc: Doc, ev_roles: dict[str, str], sent_starts: list[int], etype: str,
                    rule_status: str | None) -> list[str]:
    """Cue words of the sentences that name the event's parties, with tense and negation marks."""
    names = set(ev_roles)
    sents: dict[int, Span] = {}
    for m in doc._.nm_mentions or []:
        if m.name in names:
            sent = doc[m.start].sent
            sents.setdefault(sent.start, sent)
    for s in sent_starts:
        sents.setdefault(s, doc[s].sent)
    feats = ["bias", f"type={etype}", f"rule={rule_status or 'none'}", f"rule={etype}:{rule_status or 'none'}"]
    both = set(sent_starts)
    first = min(sents) if sents else -1
    for start in sorted(sents)[:12]:
        sent = sents[start]
        tag = "B" if start in both else "O"
        for t in sent:
            if t.is_stop and t.dep_ not in ("neg", "aux") and t.lower_ not in ("no", "not", "will", "would", "may"):
                continue
            if t.pos_ in ("VERB", "NOUN", "ADJ", "ADV", "AUX", "PART", "ADP") or t.dep_ == "neg":
                lemma = t.lemma_.lower()
                feats.append(f"{tag}:{lemma}")
                feats.append(f"w:{lemma}")
                if t.pos_ == "VERB":
                    feats.append(f"{tag}:{lemma}/{t.tag_}")
                    if any(c.dep_ == "neg" for c in t.children):
                        feats.append(f"neg:{lemma}")
        if start == first:
            feats.append(f"first:{tag}")
    return feats


def pair_events(doc: Doc, model: PairModel, rule_events: list[tuple[str, dict[str, str], str]],
                headline_end: int) -> list[tuple[PairEvent, str]]:
    """Events with their statuses. `rule_events` are the rules' (type, roles, status)."""
    typed_roles = [(t, roles) for t, roles, _st in rule_events]
    events = group_readings(read_pairs(doc, model, typed_roles, headline_end))
    out = []
    for ev in events:
        rule_status = _rule_status(ev, rule_events)
        status = rule_status or "proposed"
        if model.status_weights:
            probs = model.predict_status(status_features(doc, ev.roles, ev.sent_starts, ev.type, rule_status))
            status = model.status_classes[max(range(len(probs)), key=probs.__getitem__)]
        out.append((ev, status))
    return out


def _rule_status(ev: PairEvent, rule_events: list[tuple[str, dict[str, str], str]]) -> str | None:
    """The rules' status for the same deal: same type and a shared party, the largest overlap first."""
    best, overlap = None, 0
    for etype, roles, status in rule_events:
        shared = len(set(roles) & set(ev.roles))
        if etype == ev.type and shared > overlap:
            best, overlap = status, shared
    return best


__all__ = ["NONE", "PairCandidate", "PairEvent", "group_readings", "pair_events", "read_pairs", "status_features"]
