"""Article-level deal events from trigger matches: read, filter, merge.

One event per (type, participant set) per article; a mention whose named parties
are a subset of a fuller event's parties is folded into it; a mention with a cue
but no parties ("the talks collapsed") updates the latest matching event. The event's
status is then read by pipeline.nlp.article_status.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from pipeline.nlp.article_status import explicit_denial
from pipeline.nlp.canon import EntityFilters, is_public_body
from pipeline.nlp.control import read_control
from pipeline.nlp.roles import DocContext, names_at
from pipeline.nlp.slot_finders import entity_modifiers, possessors, prep_objects, subject_of
from pipeline.nlp.alternatives import split_alternatives
from pipeline.nlp.rules import DealRules, StatusRules, Trigger
from pipeline.nlp.status import mention_status
from pipeline.nlp.tokenmatch import PhraseRule, WordMatcher, WordRule
from pipeline.nlp.triggers import SYMMETRIC, EventMention, opposed, read_trigger

COMMIT = ("agreed", "completed")
PHRASAL_HEADS = {"take": "over", "buy": "out", "team": "up", "tie": "up", "link": "up"}


@dataclass
class ArticleEvent:
    type: str
    roles: dict[str, str]
    mentions: list[EventMention] = field(default_factory=list)
    statuses: list[tuple[int, str]] = field(default_factory=list)


def trigger_word_rules(rules: DealRules) -> list[WordRule | PhraseRule]:
    """The deal reader's word lists as match rules; earlier rules win on a shared token."""
    verb_pos, noun_pos = frozenset({"VERB", "AUX"}), frozenset({"NOUN", "PROPN"})
    out: list[WordRule | PhraseRule] = [
        WordRule("VERB", "LEMMA", frozenset(rules.verbs) | frozenset(PHRASAL_HEADS) | {"join"}, verb_pos),
        WordRule("NOUN", "LEMMA", frozenset(n for n in rules.nouns if "-" not in n), noun_pos),
        PhraseRule("TIEUP", (("LOWER", "tie"), ("ORTH", "-"), ("LOWER", "up"))),
        WordRule("TYPELESS", "LEMMA", frozenset(rules.typeless_verbs | rules.typeless_nouns)),
    ]
    frames = rules.control_frames
    control = frozenset(frames.get("nouns", [])) | frozenset(frames.get("under_nouns", []))
    if control:
        out.append(WordRule("CONTROL", "LEMMA", control, noun_pos))
    if rules.join_verbs:
        out.append(WordRule("JOIN", "LEMMA", frozenset(rules.join_verbs), frozenset({"VERB"})))
    return out


def build_trigger_matcher(vocab: Vocab, rules: DealRules) -> WordMatcher:
    return WordMatcher(vocab, trigger_word_rules(rules))


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
    if tok.pos_ in ("VERB", "AUX"):
        names = list(subject_of(tok, ctx, rules))
    else:  # 'Nissan's talks', else the signer/holder: 'X signed a memorandum', 'X is in talks'
        names = possessors(tok, ctx) or (list(subject_of(tok, ctx, rules)) if tok.dep_ in ("dobj", "pobj")
                                         and not opposed(tok, rules) else [])
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
    return bool(context_lemmas([doc[mention.trigger_i].sent]) & (rules.sports_context | rules.product_context))


def context_lemmas(sents) -> set[str]:
    """The sentences' words outside firm names: 'Marketing Technologies Group' is no marketing cue."""
    return {t.lemma_.lower() for sent in sents for t in sent if t.ent_type_ != "ORG"}


def drop_false_friends(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> list[ArticleEvent]:
    """A partnership a sports sentence also reports ('its sponsorship agreement with FIFA', read into
    the headline's 'FIFA partnership') is no business deal."""
    def false_friend(ev: ArticleEvent) -> bool:
        if ev.type not in SYMMETRIC:
            return False
        sents = {doc[i].sent.start: doc[i].sent for i, _st in ev.statuses}
        return bool(context_lemmas(sents.values()) & rules.sports_context)
    return [ev for ev in events if not false_friend(ev)]


def read_mentions(doc: Doc, matches: list[tuple[int, int, int]], ctx: DocContext, rules: DealRules,
                  status_rules: StatusRules) -> list[EventMention]:
    """Every typed or typeless deal mention in the document, in text order."""
    out: list[EventMention] = []
    seen: set[int] = set()
    for match_id, start, end in matches:
        tok = doc[start]
        if doc.vocab.strings[match_id] == "TIEUP" and tok.head.i == end - 1:
            tok = doc[end - 1]  # 'a tie-up with X': the parser heads the phrase on 'up'
        if tok.i in seen or is_question(tok.sent):
            continue  # 'Will Honda buy Nissan?': a question headline reports no deal
        seen.add(tok.i)
        label = doc.vocab.strings[match_id]
        if label == "JOIN":
            seen.discard(tok.i)
            continue
        if label == "CONTROL":
            mention = read_control(tok, ctx, rules.control_frames)
            if mention is not None:
                mention.status = mention_status(tok, tok.sent, status_rules)
                out.append(mention)
            else:
                seen.discard(tok.i)
            continue
        spec = trigger_spec(tok, label, rules) if label != "TYPELESS" else None
        if spec is None and label == "TYPELESS" and tok.pos_ in ("NOUN", "PROPN"):
            spec = rules.nouns.get(tok.lemma_.lower())
        if spec is not None:
            mention = read_trigger(tok, spec, ctx, rules)
        elif label == "TYPELESS" or tok.lemma_.lower() in rules.typeless_verbs | rules.typeless_nouns:
            mention = read_typeless(tok, ctx, rules)
        else:
            mention = None
        if mention is None and spec is not None and spec.requires_patient:
            mention = read_typeless(tok, ctx, rules)
        if mention is None or is_false_friend(mention, doc, rules) or other_deal(tok, mention, ctx, status_rules):
            continue
        mention.status = mention_status(tok, tok.sent, status_rules, typed=mention.type is not None)
        out.extend(split_alternatives(tok, mention, ctx))
    return out


INDEFINITE = {"a", "an", "another"}


def other_deal(tok: Token, mention: EventMention, ctx: DocContext, status_rules: StatusRules) -> bool:
    """'It cancelled a previous pact with a Yugoslav firm': a deal word marked as another deal
    (previous, earlier, separate ...) or whose counterparty is an unnamed firm, naming at most
    one party itself, is not the article's deal and must not give it a status."""
    if len(mention.roles) > 1:
        return False
    if any(c.dep_ in ("amod", "det") and c.lower_ in status_rules.other_deal_modifiers for c in tok.children):
        return True
    for prep in (*tok.children, *(tok.head.children if tok.dep_ == "dobj" else ())):
        if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "from"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.i not in ctx.tok2name and obj.lemma_ in ctx.group_heads \
                        and any(d.dep_ == "det" and d.lower_ in INDEFINITE for d in obj.children):
                    return True
    return False


def is_question(sent) -> bool:
    return sent.text.rstrip(" \n\"'\u201d").endswith("?")


FRAME_DEPS = ("xcomp", "advcl", "acl", "prep", "relcl")


def frame_partnerships(doc: Doc, mentions: list[EventMention], rules: DealRules) -> None:
    """A typeless deal noun naming two or more firms with a cooperative purpose is a partnership.

    'X signed a memorandum of understanding with Y to supply EVs', 'X and Y held talks about
    jointly producing', 'a licensing agreement with Y' -- unless a typed deal word (merge,
    acquire, stake ...) inside that frame gives the type ('talks about a merger'; not 'months
    after their merger talks broke down' in another clause).
    """
    typed = [m.trigger_i for m in mentions if m.type is not None]
    for m in mentions:
        if m.type is not None or len(m.named) < 2:
            continue
        tok = doc[m.trigger_i]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in rules.framed_nouns:
            continue
        region = list(tok.subtree)
        verb = tok.head if tok.dep_ == "dobj" else (tok.head.head if tok.dep_ == "pobj" else None)
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            for child in verb.children:
                if child.dep_ in FRAME_DEPS and child.i > tok.i:
                    region.extend(child.subtree)
        inside = {t.i for t in region}
        if any(i in inside for i in typed):
            continue  # 'in talks about a merger': the typed deal word gives the type
        if creates_one_firm(region, rules):
            m.type = "merger"
            m.roles = {n: "partner" for n in m.named}
        elif {t.lemma_.lower() for t in region} & rules.framed_cues:
            m.type = "partnership"
            m.roles = {n: "partner" for n in m.named}


def creates_one_firm(region: list[Token], rules: DealRules) -> bool:
    """'talks to create the world's third-largest automaker', 'a memorandum to set up a joint holding
    company': the deal's purpose makes one firm of its parties (models: deal_rules.json framed_merger)."""
    frame = rules.framed_merger
    if not frame:
        return False
    for verb in region:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in frame["verbs"]:
            continue
        for obj in verb.children:
            if obj.dep_ != "dobj" or obj.lemma_.lower() not in frame["objects"]:
                continue
            words = {t.lower_ for t in obj.subtree}
            if words & frame["marks"] and not words & frame["not_marks"]:
                return True
    return False


def generic_patient(tok: Token, ctx: DocContext, rules: DealRules) -> bool:
    """'acquire other automakers', 'buy rivals', 'invest in startups': the object is a class of firms, not a named one."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"] + [  # 'has rarely bought into other automakers'
        o for p in tok.children if p.dep_ == "prep" and p.lower_ in ("into", "in") for o in p.children if o.dep_ == "pobj"]
    for obj in objects:
        if obj.pos_ != "NOUN" or obj.i in ctx.tok2name or names_at(obj, ctx):
            continue
        if obj.lemma_.lower() in rules.asset_nouns or obj.lemma_.lower() in rules.stake_nouns:
            continue
        if obj.tag_ == "NNS" or any(c.lower_ in rules.generic_object_mods for c in obj.lefts):
            return True
    return False


def sentence_firms(doc: Doc, sent_start: int, ctx: DocContext) -> list[str]:
    """Firm names in the sentence that starts at `sent_start`, in text order."""
    sent = doc[sent_start].sent
    out: list[str] = []
    for i in range(sent.start, sent.end):
        name = ctx.tok2name.get(i)
        if name is not None and name not in out:
            out.append(name)
    return out


def complete_mentions(doc: Doc, mentions: list[EventMention], ctx: DocContext, rules: DealRules,
                      filters: EntityFilters) -> None:
    """A typed mention with one named side borrows the other from its sentence, else from the
    latest earlier mention that names its party ("Nissan ... the merger", "the Japanese
    automaker's acquisition of Newcrest")."""
    for k, m in enumerate(mentions):
        if m.type is None or len(m.roles) != 1:
            continue
        (party, role), = m.roles.items()
        if generic_patient(doc[m.trigger_i], ctx, rules):
            continue
        trigger = doc[m.trigger_i]
        if opposed(trigger, rules) or opposed(trigger.head, rules):
            continue  # 'the union says it will fight the Nippon Steel deal': the fighter is no party
        others = [n for n in sentence_firms(doc, m.sent_start, ctx) if n != party]
        if m.solo:  # a person's or group's stake: only a firm that leads the group may join it
            others = [n for n in others if not is_public_body(n, filters)]
            if len(others) != 1:
                continue
        if any(c.lower_ == "such" for c in doc[m.trigger_i].lefts):
            others = []  # 'any such investment': the deal named before, not a firm of this sentence
        if len(others) != 1:
            others = _partners_before(mentions[:k], party) if not others else []
        if len(others) != 1:
            continue
        other = others[0]
        if m.type in SYMMETRIC:
            m.roles[other] = "partner"
        else:
            agent_role, patient_role = ROLE_PAIRS[m.type]
            m.roles[other] = patient_role if role == agent_role else agent_role
        m.named = list(m.roles)


ROLE_PAIRS = {"acquisition": ("acquirer", "target"), "investment": ("investor", "target"),
              "divestment": ("seller", "target")}


def _partners_before(earlier: list[EventMention], party: str) -> list[str]:
    for prev in reversed(earlier):
        if party in prev.roles and len(prev.roles) >= 2:
            return [n for n in prev.roles if n != party]
    return []


def unite_symmetric(mentions: list[EventMention]) -> list[EventMention]:
    """Mergers/partnerships of one type in one sentence are one deal: unite their parties."""
    out: list[EventMention] = []
    for m in mentions:
        same = next((o for o in out if o.type == m.type and o.type in SYMMETRIC
                     and o.sent_start == m.sent_start and o.trigger_i != m.trigger_i), None)
        if same is None:
            out.append(m)
            continue
        for name, role in m.roles.items():
            same.roles.setdefault(name, role)
        same.named = list(same.roles)
        if m.status and (same.status is None):
            same.status = m.status
    return out


def merge_mentions(mentions: list[EventMention], rules: DealRules, status_rules: StatusRules | None = None,
                   doc: Doc | None = None) -> list[ArticleEvent]:
    """Fold mentions into article events: full ones first, then partial and typeless ones."""
    events: list[ArticleEvent] = []
    mentions = unite_symmetric(mentions)
    full = [m for m in mentions if m.type and (len(m.roles) >= rules.min_participants.get(m.type, 2) or m.solo)]
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
        # a typeless deal word beside a deal read in full in its own sentence speaks of
        # that deal ('e& agreed to sell its stake in Khazna, part of a deal struck with G42'), not
        # of an earlier deal the story told
        own = [e for e in events if m.type is None and any(x.sent_start == m.sent_start for x in e.mentions)]
        if not own and m.type is None and not m.named and any(
                x.type and x not in full and x.sent_start == m.sent_start for x in mentions):
            continue  # '... is set to merge with a peer, in a deal that would create': that partial deal's word
        target = attach_target(m, own) or attach_target(m, events)
        if target is not None and partyless_counts(m, target, status_rules, doc):
            target.statuses.append((m.trigger_i, m.status))
    return events


def partyless_counts(m: EventMention, target: ArticleEvent, status_rules: StatusRules | None,
                     doc: Doc | None) -> bool:
    """Whether a deal word that names no party ('the talks', 'the proposal') may update `target`.

    Only the statuses in `partyless_statuses`; no agreed/completed in a sentence where a typed
    mention of the deal already gives the reading; a denial only when said in words.
    """
    if m.type is not None or m.named or status_rules is None:
        return True
    if m.status not in status_rules.partyless_statuses:
        return False
    if doc is not None and any(c.dep_ in ("neg", "det") and c.lower_ in status_rules.negation_dets | {"not"}
                               for c in doc[m.trigger_i].children):
        return False  # 'no talks had started'
    if m.status in COMMIT and any(x.sent_start == m.sent_start for x in target.mentions):
        return False  # 'in talks to combine ..., a deal that would create': the typed reading stands
    if m.status == "denied" and doc is not None:
        return explicit_denial(doc[m.trigger_i].sent, status_rules)
    return True


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
    fits = [e for e in events if _type_fits(m, e) and names <= set(e.roles)]
    if not fits:
        return None
    before = [e for e in fits if _first(e) <= m.trigger_i]
    if before:
        return max(before, key=_first)
    return min(fits, key=_first)


def _type_fits(m: EventMention, ev: ArticleEvent) -> bool:
    """Same type; a partyless merger/partnership word ('the tie-up', 'the alliance') may stand for either."""
    if m.type is None or ev.type == m.type:
        return True
    return not m.named and m.type in SYMMETRIC and ev.type in SYMMETRIC


def _first(ev: ArticleEvent) -> int:
    return min(x.trigger_i for x in ev.mentions)


def event_confidence(ev: ArticleEvent) -> float:
    base = 0.55 + 0.1 * min(len(ev.mentions) - 1, 2) + 0.1 * bool(ev.statuses)
    return round(min(base, 0.95), 2)
