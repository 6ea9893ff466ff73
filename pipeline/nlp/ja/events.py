"""Article-level deal events from Japanese sentences (pipeline.nlp.ja.deals reads each sentence).

References are resolved first: 同社 is the firm named last before it, 両社/3社 the last two or
three firms named. Sentences without a deal word but with a deal noun (協議, 交渉, 覚書, 報道)
or a denial carry their status to the latest deal that shares a party with them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.nlp.ja.amounts import JaMoney
from pipeline.nlp.ja.deals import MONEY_TYPES, SYMMETRIC, JaDealReader, RawEvent, Trigger
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
                  reader: JaDealReader, events: list[RawEvent], joiners: list[str], carried: dict) -> None:
    """Append this sentence's deal mentions to `events` (joiners extend the latest merger/partnership)."""
    triggers = reader.find_triggers(text, sent)
    parties = resolve_references(text, sent, mentions, reader, events)
    if not triggers:
        carry_status(text, sent, parties, reader, events)
        update_topic(text, sent, parties, reader, triggers, carried)
        return
    blanked = reader.blank_neutral(text[:sent.end])
    topic = sentence_topic(text, sent, parties, reader, triggers[0]) or carried.get("topic")
    bound = sent.start
    for i, trig in enumerate(triggers):
        nxt = triggers[i + 1].start if i + 1 < len(triggers) else sent.end
        reads = coordinated_agents(text, [m for m in parties if bound <= m.start and m.end <= trig.start], reader, trig)
        after = blanked[trig.end:nxt]
        before = blanked[bound:trig.start]
        bound = trig.end
        status = reader.status_for(after, before, blanked[trig.end:sent.end])
        if trig.type == "joiner":
            if status not in ("collapsed", "denied") and not after.startswith(reader.rules.negations):
                joiners.extend(n for n, cls in reads if cls not in ("none", "owner"))
            continue
        kind = reader.effective_type(trig, reads, after, sent.text, before)
        if kind is None:
            continue
        trig = replace(trig, type=kind)
        reads += counterparts_after(text, trig, nxt, parties, reader)
        roles = reader.roles_for(trig, reads, after, topic)
        if not parties and kind in SYMMETRIC:
            roles = omitted_pair(events)
        if not roles:
            continue
        amount = nearest_amount(trig, money, sent) if kind in MONEY_TYPES else None
        strength = sum(cls in STRONG_READS for _n, cls in reads)
        events.append(RawEvent(kind, roles, status, sent.text, sent.in_headline, amount,
                               [(status, sent.text)] if status else [], strength, {trig.word}))
    update_topic(text, sent, parties, reader, triggers, carried)


def omitted_pair(events: list[RawEvent]) -> dict[str, str]:
    """同年12月には経営統合に向けた基本合意書を締結した: a merger or partnership sentence that names
    no firm at all continues the firms of the article's latest deal between two or more."""
    for ev in reversed(events):
        if len(ev.parties) >= 2:
            return {name: "partner" for name in ev.parties}
    return {}


def coordinated_agents(text: str, before: list[JaMention], reader: JaDealReader, trig: Trigger) -> list[tuple[str, str]]:
    """(name, class) of the firms before the deal word; in 日本航空と双日は… the first of two
    coordinated firms shares the second's class (both buy), not 'with'."""
    reads = [(m.name, reader.classify(text, m, trig)) for m in before]
    for i in range(len(reads) - 1, 0, -1):
        left, right = before[i - 1], before[i]
        if reads[i - 1][1] == "with" and text[left.end:right.start] == "と" and reads[i][1] == "agent":
            reads[i - 1] = (reads[i - 1][0], "agent")
    return reads


def fold_share_purchases(events: list[RawEvent]) -> list[RawEvent]:
    """株式を取得し子会社化する: the shares bought are the takeover's; a buyer-only acquisition
    takes the target of the share purchase told in the same sentence, which then goes."""
    out = list(events)
    for acq in events:
        if acq.type != "acquisition" or "target" in acq.parties.values():
            continue
        buyers = {n for n, r in acq.parties.items() if r == "acquirer"}
        for inv in events:
            investors = {n for n, r in inv.parties.items() if r == "investor"}
            targets = [n for n, r in inv.parties.items() if r == "target"]
            if inv.type == "investment" and inv.evidence == acq.evidence and investors == buyers and targets:
                acq.parties.update({t: "target" for t in targets})
                acq.strength = max(acq.strength, inv.strength)
                acq.amount = acq.amount or inv.amount
                out = [ev for ev in out if ev is not inv]
                break
    return out


STRONG_READS = ("agent", "obj", "dat", "by", "src", "shares", "direct")


def counterparts_after(text: str, trig: Trigger, stop: int, parties: list[JaMention],
                       reader: JaDealReader) -> list[tuple[str, str]]:
    """Firms named after a merger/partnership/divestment word with と/に (売却について鴻海と協議)."""
    if trig.type not in ("merger", "partnership", "divestment"):
        return []
    out = []
    for m in parties:
        if trig.end <= m.start and m.end <= stop:
            cls = reader.classify(text, m, trig)
            if cls in ("with", "dat"):
                out.append((m.name, "with" if trig.type == "divestment" else cls))
    return out


def update_topic(text: str, sent: Sentence, parties: list[JaMention], reader: JaDealReader,
                 triggers: list[Trigger], carried: dict) -> None:
    """The firm a sentence is about stays the topic of the next ones until another takes over."""
    probe = triggers[0] if triggers else Trigger("none", sent.end, sent.end, "")
    for m in parties:
        if m.end <= probe.start and reader.classify(text, m, probe) in ("agent", "gen", "shares"):
            carried["topic"] = m.name
            return


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


def fill_amounts_from_next(raw: list[RawEvent], sentences: list[Sentence], money: list[JaMoney],
                           words: tuple[str, ...]) -> None:
    """買収した。買収額は約800億円。: a money deal without an amount takes the next sentence's, when
    that sentence names the price (models/ja_deal_rules.json 'amount_words')."""
    following = {a.text: b for a, b in zip(sentences, sentences[1:])}
    for ev in raw:
        nxt = following.get(ev.evidence)
        if ev.amount is not None or ev.type not in MONEY_TYPES or nxt is None:
            continue
        if any(w in nxt.text for w in words):
            found = [m for m in money if nxt.start <= m.start and m.end <= nxt.end]
            if found:
                ev.amount = Amount(found[0].value, found[0].currency)


def nearest_amount(trig: Trigger, money: list[JaMoney], sent: Sentence) -> Amount | None:
    inside = [m for m in money if sent.start <= m.start and m.end <= sent.end
              and not re.search(r"1株(?:あたり|当たり)?[^、。]{0,4}$", sent.text[:m.start - sent.start])]
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
                                   list(ev.statuses), ev.strength, set(ev.words)))
            continue
        home.words |= ev.words
        for name, role in ev.parties.items():   # roles read from particles beat roles read from と
            if ev.strength > home.strength or name not in home.parties:
                home.parties[name] = role
        home.strength = max(home.strength, ev.strength)
        home.amount = home.amount or ev.amount
        home.in_headline = home.in_headline or ev.in_headline
        home.statuses.extend(ev.statuses)
    merged = [ev for ev in merged if not (ev.type in ("merger", "partnership") and len(ev.parties) == 1 and any(
        other.type == ev.type and len(other.parties) > 1 for other in merged))]   # a side of a deal told in full
    for ev in merged:
        if ev.statuses:
            ev.status, ev.evidence = max(ev.statuses, key=lambda s: rank.index(s[0]))
    return merged


def fold_control_stakes(events: list[RawEvent], control_words: tuple[str, ...]) -> list[RawEvent]:
    """A stake taken in a takeover (傘下に入る ... 株式の34%を取得) is the acquisition, not a second event."""
    takeovers = {(a, t) for ev in events if ev.type == "acquisition" and ev.words & set(control_words)
                 for a, ra in ev.parties.items() if ra == "acquirer"
                 for t, rt in ev.parties.items() if rt == "target"}
    def folded(ev: RawEvent) -> bool:
        investors = [n for n, r in ev.parties.items() if r == "investor"]
        targets = [n for n, r in ev.parties.items() if r == "target"]
        return ev.type == "investment" and any((a, t) in takeovers for a in investors for t in targets)
    return [ev for ev in events if not folded(ev)]


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
    carried: dict[str, str] = {}
    for sent in sentences:
        read_sentence(text, sent, mentions, money, reader, raw, joiners, carried)
    fill_amounts_from_next(raw, sentences, money, reader.rules.amount_words)
    raw = fold_share_purchases(raw)
    merged = fold_control_stakes(merge_events(raw, reader.rules.status_rank), reader.rules.control_triggers)
    join_main(merged, joiners)
    return tuple(to_deal_event(ev, reader.rules.confidence) for ev in merged)
