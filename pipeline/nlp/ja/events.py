"""Article-level deal events from Japanese sentences (pipeline.nlp.ja.deals reads each sentence).

References are resolved first: 同社 is the firm named last before it, 両社/3社 the last two or
three firms named. Sentences without a deal word but with a deal noun (協議, 交渉, 覚書, 報道)
or a denial carry their status to the latest deal that shares a party with them.
"""
from __future__ import annotations

from pipeline.nlp.ja.amounts import JaMoney
from pipeline.nlp.ja.deals import MONEY_TYPES, JaDealReader, RawEvent, Trigger
from pipeline.nlp.ja.names import JaMention
from pipeline.nlp.ja.text import Sentence
from pipeline.records import Amount, DealEvent, Participant


def resolve_references(text: str, sent: Sentence, mentions: list[JaMention], reader: JaDealReader,
                       events: list[RawEvent]) -> list[JaMention]:
    """The sentence's party mentions plus stand-ins for 同社 (the firm named last before it) and
    両社 / 3社 (the parties of the latest deal with that many, else the first firms of the article)."""
    parties = [m for m in mentions if reader.party(m)]
    inside = [m for m in parties if sent.start <= m.start and m.end <= sent.end]
    groups = reader.roles.get("group_words", {})
    same = tuple(reader.roles.get("same_firm_words", ()))
    extra = []
    for word in (*groups, *same):
        start = sent.text.find(word)
        while start != -1:
            at = sent.start + start
            names = group_names(word, at, parties, groups, same, events)
            extra += [JaMention(name, "ORG", None, at, at + len(word), False) for name in names]
            start = sent.text.find(word, start + len(word))
    return sorted(inside + extra, key=lambda m: (m.start, m.end))


def group_names(word: str, at: int, parties: list[JaMention], groups: dict, same: tuple,
                events: list[RawEvent]) -> list[str]:
    if word in same:
        before = [m.name for m in parties if m.end <= at]
        return before[-1:]
    size = groups[word]
    for ev in reversed(events):
        if len(ev.parties) >= 2 and (not size or len(ev.parties) == size):
            return list(ev.parties)
    first = list(dict.fromkeys(m.name for m in parties))
    return first[:size] if size and len(first) >= size else []


def sentence_topic(text: str, sent: Sentence, parties: list[JaMention], reader: JaDealReader,
                   first: Trigger) -> str | None:
    """The sentence's agent: the first firm marked は/が/、 before its first deal word."""
    for m in parties:
        if m.end <= first.start and reader.classify(text, m, first) == "agent":
            return m.name
    return None


def read_sentence(text: str, sent: Sentence, mentions: list[JaMention], money: list[JaMoney],
                  reader: JaDealReader, events: list[RawEvent], joiners: list[str]) -> None:
    """Append this sentence's deal mentions to `events` (joiners extend the latest merger/partnership)."""
    triggers = reader.find_triggers(text, sent)
    parties = resolve_references(text, sent, mentions, reader, events)
    if not triggers:
        carry_status(text, sent, parties, reader, events)
        return
    blanked = reader.blank_neutral(text[:sent.end])
    topic = sentence_topic(text, sent, parties, reader, triggers[0])
    bound = sent.start
    for i, trig in enumerate(triggers):
        nxt = triggers[i + 1].start if i + 1 < len(triggers) else sent.end
        reads = [(m.name, reader.classify(text, m, trig)) for m in parties if bound <= m.start and m.end <= trig.start]
        after = blanked[trig.end:nxt]
        before = blanked[bound:trig.start]
        bound = trig.end
        status = reader.status_for(after, before, blanked[trig.end:sent.end])
        if trig.type == "joiner":
            if status not in ("collapsed", "denied"):
                joiners.extend(n for n, cls in reads if cls != "none")
            continue
        roles = reader.roles_for(trig, reads, after, topic)
        if not roles:
            continue
        amount = nearest_amount(trig, money, sent) if trig.type in MONEY_TYPES else None
        events.append(RawEvent(trig.type, roles, status, sent.text, sent.in_headline, amount,
                               [(status, sent.text)] if status else []))


def join_main(events: list[RawEvent], names: list[str]) -> None:
    """A firm that joins (三菱自動車も合流) is a partner of the article's first merger, else partnership."""
    for kind in ("merger", "partnership"):
        home = next((ev for ev in events if ev.type == kind and len(ev.parties) >= 2), None)
        if home is not None:
            for name in names:
                home.parties.setdefault(name, "partner")
            return


def carry_status(text: str, sent: Sentence, parties: list[JaMention], reader: JaDealReader,
                 events: list[RawEvent]) -> None:
    """A deal noun or a denial without a deal word updates the latest deal sharing a party."""
    if not events:
        return
    words = reader.blank_neutral(sent.text)
    at = min((words.find(w) for w in reader.rules.typeless if w in words), default=-1)
    if at >= 0:
        status = reader.status_in(words[at:])
    else:
        status = reader.status_in(words)
        status = status if status == "denied" and parties else None
    if status not in reader.rules.trigger_less_status:
        return
    names = {m.name for m in parties}
    target = next((ev for ev in reversed(events) if not names or names & set(ev.parties)), None)
    if target is not None:
        target.statuses.append((status, sent.text))


def nearest_amount(trig: Trigger, money: list[JaMoney], sent: Sentence) -> Amount | None:
    inside = [m for m in money if sent.start <= m.start and m.end <= sent.end]
    if not inside:
        return None
    best = min(inside, key=lambda m: min(abs(m.start - trig.end), abs(trig.start - m.end)))
    return Amount(best.value, best.currency)


def merge_events(raw: list[RawEvent], rank: tuple[str, ...]) -> list[RawEvent]:
    """One event per deal: same type, and one party set inside the other."""
    merged: list[RawEvent] = []
    for ev in raw:
        names = set(ev.parties)
        home = next((m for m in merged if m.type == ev.type and (names <= set(m.parties) or set(m.parties) <= names)),
                    None)
        if home is None:
            merged.append(RawEvent(ev.type, dict(ev.parties), ev.status, ev.evidence, ev.in_headline, ev.amount,
                                   list(ev.statuses)))
            continue
        for name, role in ev.parties.items():
            home.parties.setdefault(name, role)
        home.amount = home.amount or ev.amount
        home.in_headline = home.in_headline or ev.in_headline
        home.statuses.extend(ev.statuses)
    for ev in merged:
        if ev.statuses:
            ev.status, ev.evidence = max(ev.statuses, key=lambda s: rank.index(s[0]))
    return merged


def to_deal_event(ev: RawEvent, conf: dict[str, float]) -> DealEvent:
    score = conf.get("base", 0.55)
    score += conf.get("with_counterpart", 0.0) if len(ev.parties) > 1 else 0.0
    score += conf.get("with_status_cue", 0.0) if ev.statuses else 0.0
    score += conf.get("in_headline", 0.0) if ev.in_headline else 0.0
    parts = tuple(Participant(name, role) for name, role in ev.parties.items())
    return DealEvent(ev.type, ev.status or "proposed", parts, ev.amount, ev.evidence, round(min(score, 0.95), 3))


def read_events(text: str, sentences: list[Sentence], mentions: list[JaMention], money: list[JaMoney],
                reader: JaDealReader) -> tuple[DealEvent, ...]:
    raw: list[RawEvent] = []
    joiners: list[str] = []
    for sent in sentences:
        read_sentence(text, sent, mentions, money, reader, raw, joiners)
    merged = merge_events(raw, reader.rules.status_rank)
    join_main(merged, joiners)
    return tuple(to_deal_event(ev, reader.rules.confidence) for ev in merged)
