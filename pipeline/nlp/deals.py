"""Article-level deal events from trigger matches: read, filter, merge, date the status.

One event per (type, participant set) per article; a mention whose named parties
are a subset of a fuller event's parties is folded into it; a mention with a cue
but no parties ("the talks collapsed") updates the latest matching event.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from pipeline.nlp.amounts import MoneySpan
from pipeline.nlp.roles import DocContext, entity_modifiers, names_at, possessors, prep_objects, subject_of
from pipeline.nlp.rules import DealRules, StatusRules, Trigger
from pipeline.nlp.status import mention_status
from pipeline.nlp.triggers import SYMMETRIC, EventMention, read_trigger

PHRASAL_HEADS = {"take": "over", "buy": "out", "team": "up", "tie": "up", "link": "up"}


@dataclass
class ArticleEvent:
    type: str
    roles: dict[str, str]
    mentions: list[EventMention] = field(default_factory=list)
    statuses: list[tuple[int, str]] = field(default_factory=list)


def build_trigger_matcher(vocab: Vocab, rules: DealRules) -> Matcher:
    matcher = Matcher(vocab)
    verbs = sorted(set(rules.verbs) | set(PHRASAL_HEADS) | {"join"})
    matcher.add("VERB", [[{"LEMMA": {"IN": verbs}, "POS": {"IN": ["VERB", "AUX"]}}]])
    nouns = sorted(n for n in rules.nouns if "-" not in n)
    matcher.add("NOUN", [[{"LEMMA": {"IN": nouns}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
    matcher.add("TIEUP", [[{"LOWER": "tie"}, {"ORTH": "-"}, {"LOWER": "up"}]])
    typeless = sorted(rules.typeless_verbs | rules.typeless_nouns)
    matcher.add("TYPELESS", [[{"LEMMA": {"IN": typeless}}]])
    return matcher


def trigger_spec(tok: Token, label: str, rules: DealRules) -> Trigger | None:
    lemma = tok.lemma_.lower()
    if label == "TIEUP":
        return rules.nouns.get("tie-up")
    if label == "VERB":
        particle = PHRASAL_HEADS.get(lemma)
        if particle and any(c.dep_ == "prt" and c.lower_ == particle for c in tok.children):
            return rules.phrasal.get(f"{lemma} {particle}")
        if lemma == "join" and any(c.lower_ == "forces" for c in tok.children):
            return rules.phrasal.get("join forces")
        return rules.verbs.get(lemma)
    return rules.nouns.get(lemma) if label == "NOUN" else None


def read_typeless(tok: Token, ctx: DocContext, rules: DealRules) -> EventMention:
    """A deal word without a type ('approached', 'the talks', 'the deal'): who is involved."""
    names = list(subject_of(tok, ctx, rules)) if tok.pos_ in ("VERB", "AUX") else possessors(tok, ctx)
    names += [n for n in entity_modifiers(tok, ctx) if n not in names]
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass", "dative"):
            names += [n for n in names_at(child, ctx) if n not in names]
    names += [n for n in prep_objects(tok, ("with", "between", "to", "for", "of", "by", "among"), ctx) if n not in names]
    return EventMention(None, {n: "?" for n in names}, tok.i, tok.sent.start, named=names)


def is_false_friend(mention: EventMention, doc: Doc, rules: DealRules) -> bool:
    """Sports/product 'partnerships' and deals whose parties are not firms."""
    if mention.type not in SYMMETRIC:
        return False
    sent = doc[mention.trigger_i].sent
    lemmas = {t.lemma_.lower() for t in sent}
    return bool(lemmas & (rules.sports_context | rules.product_context))


def read_mentions(doc: Doc, matches: list[tuple[int, int, int]], ctx: DocContext, rules: DealRules,
                  status_rules: StatusRules) -> list[EventMention]:
    """Every typed or typeless deal mention in the document, in text order."""
    out: list[EventMention] = []
    seen: set[int] = set()
    for match_id, start, _end in matches:
        tok = doc[start]
        if tok.i in seen:
            continue
        seen.add(tok.i)
        label = doc.vocab.strings[match_id]
        spec = trigger_spec(tok, label, rules) if label != "TYPELESS" else None
        if spec is not None:
            mention = read_trigger(tok, spec, ctx, rules)
        elif label == "TYPELESS" or tok.lemma_.lower() in rules.typeless_verbs | rules.typeless_nouns:
            mention = read_typeless(tok, ctx, rules)
        else:
            mention = None
        if mention is None or is_false_friend(mention, doc, rules):
            continue
        mention.status = mention_status(tok, tok.sent, status_rules, typed=mention.type is not None)
        out.append(mention)
    return out


def unite_symmetric(mentions: list[EventMention]) -> list[EventMention]:
    """Mergers/partnerships of one type in one sentence are one deal: unite their parties."""
    out: list[EventMention] = []
    for m in mentions:
        same = next((o for o in out if o.type == m.type and o.type in SYMMETRIC
                     and o.sent_start == m.sent_start), None)
        if same is None:
            out.append(m)
            continue
        for name, role in m.roles.items():
            same.roles.setdefault(name, role)
        same.named = list(same.roles)
        if m.status and (same.status is None):
            same.status = m.status
    return out


def merge_mentions(mentions: list[EventMention], rules: DealRules) -> list[ArticleEvent]:
    """Fold mentions into article events: full ones first, then partial and typeless ones."""
    events: list[ArticleEvent] = []
    mentions = unite_symmetric(mentions)
    full = [m for m in mentions if m.type and len(m.roles) >= rules.min_participants.get(m.type, 2)]
    for m in full:
        key = frozenset(m.roles)
        same = next((e for e in events if e.type == m.type and frozenset(e.roles) == key), None)
        if same is None:
            same = ArticleEvent(m.type, dict(m.roles))
            events.append(same)
        same.mentions.append(m)
        if m.status:
            same.statuses.append((m.trigger_i, m.status))
    events = fold_subsets(events)
    for m in mentions:
        if m in full or not m.status:
            continue
        target = attach_target(m, events)
        if target is not None:
            target.statuses.append((m.trigger_i, m.status))
    return events


def fold_subsets(events: list[ArticleEvent]) -> list[ArticleEvent]:
    """A same-type event whose parties are a strict subset of another's is the same deal."""
    kept: list[ArticleEvent] = []
    for ev in sorted(events, key=lambda e: -len(e.roles)):
        parent = next((k for k in kept if k.type == ev.type and set(ev.roles) < set(k.roles)), None)
        if parent is None:
            kept.append(ev)
            continue
        parent.mentions.extend(ev.mentions)
        parent.statuses.extend(ev.statuses)
    return sorted(kept, key=lambda e: min(m.trigger_i for m in e.mentions))


def attach_target(m: EventMention, events: list[ArticleEvent]) -> ArticleEvent | None:
    """The event a partial or typeless mention updates: parties contained, type compatible.

    The latest event begun before the mention wins; failing that (a headline), the first after it.
    """
    names = set(m.named)
    fits = [e for e in events if (m.type is None or e.type == m.type) and names <= set(e.roles)]
    if not fits:
        return None
    before = [e for e in fits if _first(e) <= m.trigger_i]
    if before:
        return max(before, key=_first)
    return min(fits, key=_first)


def _first(ev: ArticleEvent) -> int:
    return min(x.trigger_i for x in ev.mentions)


def choose_status(ev: ArticleEvent, status_rules: StatusRules) -> str:
    """The latest status the article reports: the highest-ranked cue across mentions."""
    if not ev.statuses:
        return "agreed" if ev.type == "partnership" else "proposed"
    return max(ev.statuses, key=lambda s: (status_rules.rank[s[1]], s[0]))[1]


def pick_amount(doc: Doc, ev: ArticleEvent, amounts: list[MoneySpan]) -> MoneySpan | None:
    """The money amount in a mention's sentence nearest its trigger."""
    best: tuple[int, MoneySpan] | None = None
    for m in ev.mentions:
        sent = doc[m.trigger_i].sent
        trig = doc[m.trigger_i].idx
        for a in amounts:
            if sent.start_char <= a.start_char < sent.end_char:
                dist = abs(a.start_char - trig)
                if best is None or dist < best[0]:
                    best = (dist, a)
    return best[1] if best else None


def event_confidence(ev: ArticleEvent) -> float:
    base = 0.55 + 0.1 * min(len(ev.mentions) - 1, 2) + 0.1 * bool(ev.statuses)
    return round(min(base, 0.95), 2)
