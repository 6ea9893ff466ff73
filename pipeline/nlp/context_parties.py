"""Parties of merger/partnership mentions completed from article context.

A typed deal word whose sentence names only one side of a merger or partnership (or
none) takes the missing side from evidence around it, surest first:

- an urged firm replaces its urger: 'Fund X urged Nissan's board to pursue a merger with
  Honda' is Nissan + Honda, not X (any deal type);
- a plural reference in the mention's frame ('their merger talks', 'combining their
  businesses', 'the two sides ... their merger') stands for the latest pair named together:
  coordinated ('X and Y'), hyphenated ('X-Y') or the two sides of an earlier talks mention;
- 'the merger talks' after 'the Honda-Nissan talks': the parties of the earlier typeless
  mention with the same head noun;
- executives as the clause subject ('Uchida ... the failed merger talks with Honda',
  'Uchida and Mibe met to discuss the merger talks'): their firms, from the KB affiliation
  or a firm named in the title ('Honda CEO Toshihiro Mibe').

A deal noun that is the subject of an adverbial clause ('before the merger talks began')
keeps only parties named inside that clause. `joiner_subject` finds who joins a deal when the
join verb hangs under a relative clause ('it needed time to decide whether to join ...').

Word lists live in models/context_rules.json.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from pipeline.errors import ModelAssetError
from pipeline.nlp.assets import read_json_asset
from pipeline.nlp.kb import KnowledgeBase
from pipeline.nlp.roles import DocContext, is_group_reference, names_at
from pipeline.nlp.triggers import SYMMETRIC, EventMention

CONTEXT_FILE = "context_rules.json"
LIST_KEYS = ("plural_pronouns", "shared_heads", "urge_verbs", "governed_nouns", "hypothetical_aux",
             "background_marks", "background_statuses", "joint_plan_modifiers", "revival_verbs")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
TITLE_DEPS = ("compound", "nmod", "appos", "poss")
HYPHENS = ("-", "–", "/")


@dataclass(frozen=True)
class ContextRules:
    plural_pronouns: frozenset[str] = frozenset()
    shared_heads: frozenset[str] = frozenset()
    urge_verbs: frozenset[str] = frozenset()
    governed_nouns: frozenset[str] = frozenset()
    hypothetical_aux: frozenset[str] = frozenset()
    background_marks: frozenset[str] = frozenset()
    background_statuses: frozenset[str] = frozenset()
    joint_plan_modifiers: frozenset[str] = frozenset()
    revival_verbs: frozenset[str] = frozenset()
    window_sentences: int = 3
    climb_limit: int = 8
    enabled: bool = False


def load_context_rules(models_dir: Path) -> ContextRules:
    """models/context_rules.json as `ContextRules`; an absent file turns the completion off."""
    path = models_dir / CONTEXT_FILE
    if not path.exists():
        return ContextRules()
    data = read_json_asset(path)
    lists: dict[str, frozenset[str]] = {}
    for key in LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ModelAssetError(f"E120 {path}: '{key}' must be a list of non-empty strings")
        lists[key] = frozenset(v.lower() for v in value)
    numbers = {}
    for key in ("window_sentences", "climb_limit"):
        value = data.get(key, getattr(ContextRules, key))
        if not isinstance(value, int) or value < 0:
            raise ModelAssetError(f"E120 {path}: '{key}' must be a non-negative integer")
        numbers[key] = value
    return ContextRules(**lists, **numbers, enabled=True)


def complete_from_context(doc: Doc, mentions: list[EventMention], ctx: DocContext, kb: KnowledgeBase,
                          rules: ContextRules) -> None:
    """Fill the missing sides of typed mentions (in place)."""
    if not rules.enabled:
        return
    for m in mentions:
        if m.type is None:
            continue
        replace_urger(doc[m.trigger_i], m, ctx, rules)
        if m.type not in SYMMETRIC:
            continue
        keep_clause_parties(doc[m.trigger_i], m, ctx)
        names = (pair_from_reference(doc, m, mentions, ctx, rules)
                 or shared_head_parties(doc, m, mentions, rules)
                 or executive_firms(doc[m.trigger_i], m, ctx, kb, rules))
        if names:
            m.roles = {n: m.roles.get(n, "partner") for n in names}
            m.named = list(m.roles)


def climb_path(tok: Token, limit: int) -> list[Token]:
    """The token and the words above it, nearest first."""
    path = [tok]
    while path[-1].head != path[-1] and len(path) <= limit:
        path.append(path[-1].head)
    return path


def replace_urger(trigger: Token, m: EventMention, ctx: DocContext, rules: ContextRules) -> None:
    """'X urged Nissan's board to pursue a merger with Honda': Nissan takes X's place."""
    path = climb_path(trigger, rules.climb_limit)
    for below, verb in zip(path, path[1:]):
        if below.dep_ != "xcomp" or verb.lemma_.lower() not in rules.urge_verbs:
            continue
        owners = [n for obj in verb.children if obj.dep_ == "dobj" for n in governed_owner(obj, ctx, rules)]
        urgers = [n for s in verb.children if s.dep_ in SUBJECT_DEPS for n in names_at(s, ctx)]
        if len(owners) != 1 or owners[0] in urgers or not any(u in m.roles for u in urgers):
            return
        role = next(m.roles[u] for u in urgers if u in m.roles)
        m.roles = {n: r for n, r in m.roles.items() if n not in urgers}
        m.roles.setdefault(owners[0], role)
        m.named = list(m.roles)
        return


def keep_clause_parties(trigger: Token, m: EventMention, ctx: DocContext) -> None:
    """'X, which had courted Y before the merger talks began': a deal noun that is the subject of an
    adverbial clause names its parties inside that clause; firms read from outside it are dropped."""
    frame = trigger.head if trigger.dep_ == "compound" else trigger
    if frame.dep_ not in SUBJECT_DEPS or frame.head.dep_ != "advcl" or not m.roles:
        return
    clause = list(frame.head.subtree)
    inside = {ctx.tok2name[t.i] for t in clause if t.i in ctx.tok2name}
    inside |= {n for t in clause if t.pos_ == "PRON" for n in names_at(t, ctx)}
    if set(m.roles) - inside:
        m.roles = {n: r for n, r in m.roles.items() if n in inside}
        m.named = list(m.roles)


def governed_owner(obj: Token, ctx: DocContext, rules: ContextRules) -> list[str]:
    """The firm whose board/management `obj` is: 'Nissan's board', 'the Nissan board'."""
    if obj.lemma_.lower() not in rules.governed_nouns and obj.lower_ not in rules.governed_nouns:
        return []
    return [ctx.tok2name[t.i] for c in obj.children if c.dep_ in ("poss", "compound")
            for t in c.subtree if t.i in ctx.tok2name][:1]


def frame_references(trigger: Token, ctx: DocContext, rules: ContextRules) -> list[Token]:
    """Plural pronouns and group nouns that fill the mention's frame: possessor, object's
    possessor ('combining their businesses'), or the subject of the clause above it."""
    frame = trigger.head if trigger.dep_ == "compound" else trigger
    slots = [c for t in {trigger, frame} for c in t.children if c.dep_ == "poss"]
    if trigger.pos_ in ("VERB", "AUX"):
        slots += [p for o in trigger.children if o.dep_ == "dobj" for p in o.children if p.dep_ == "poss"]
    subject = clause_subject(frame, rules)
    if subject is not None:
        slots.append(subject)
    return [t for t in slots if t.lower_ in rules.plural_pronouns or is_group_reference(t, ctx)]


def clause_subject(tok: Token, rules: ContextRules) -> Token | None:
    """The subject of the nearest clause above `tok` that has one (not `tok` itself)."""
    for cur in climb_path(tok, rules.climb_limit):
        subjects = [c for c in cur.children if c.dep_ in SUBJECT_DEPS and c.i != tok.i]
        if subjects:
            return subjects[0]
    return None


def pair_from_reference(doc: Doc, m: EventMention, mentions: list[EventMention], ctx: DocContext,
                        rules: ContextRules) -> list[str]:
    """The pair a plural reference in the frame stands for, when it completes or corrects `m`.

    A pair named together (strong) replaces parties read only from 'the two companies' as the
    two latest firms; without one, a same-sentence group subject ('the two automakers said
    they ...') resolves as the parse does elsewhere, but only to fill an empty side.
    """
    for ref in frame_references(doc[m.trigger_i], ctx, rules):
        strong = named_pair_before(doc, ref.i, mentions, ctx, rules)
        weak = weak_pair(ref, ctx, rules)
        current = set(m.roles)
        if strong and set(strong) >= current:
            return strong
        if strong and len(current) == 2 and current == set(ctx.pair_before(ref.i)):
            return strong
        if not strong and len(current) < 2 and len(weak) == 2 and set(weak) >= current:
            return weak
    return []


def weak_pair(ref: Token, ctx: DocContext, rules: ContextRules) -> list[str]:
    """'the two automakers' / 'they' after such a group subject in its sentence: the only two
    firms named in the window before it (more than two leaves the pair open)."""
    group = ref if is_group_reference(ref, ctx) else next(
        (t for t in reversed(ref.doc[ref.sent.start:ref.i]) if t.dep_ in SUBJECT_DEPS and is_group_reference(t, ctx)),
        None)
    if group is None:
        return []
    start = window_start(ref.doc, group.i, rules.window_sentences)
    firms = {name for i, name in ctx.tok2name.items() if start <= i < group.i}
    return sorted(firms) if len(firms) == 2 else []


def named_pair_before(doc: Doc, limit: int, mentions: list[EventMention], ctx: DocContext,
                      rules: ContextRules) -> list[str]:
    """The latest pair named together before token `limit`, within the sentence window."""
    start = window_start(doc, limit, rules.window_sentences)
    found: list[tuple[int, list[str]]] = []
    for m in mentions:
        if start <= m.trigger_i < limit and len(m.named) == 2 and talks_like(doc[m.trigger_i], m, rules):
            found.append((m.trigger_i, list(m.named)))
    for i in sorted(k for k in ctx.tok2name if start <= k < limit):
        pair = coordinated_pair(doc, i, ctx)
        if pair:
            found.append((i, pair))
    return max(found, key=lambda f: f[0])[1] if found else []


def talks_like(tok: Token, m: EventMention, rules: ContextRules) -> bool:
    """A merger/partnership mention, or a typeless talks noun ('is in talks with Nissan')."""
    return m.type in SYMMETRIC or (m.type is None and tok.lemma_.lower() in rules.shared_heads)


def coordinated_pair(doc: Doc, i: int, ctx: DocContext) -> list[str]:
    """'Honda and Nissan', 'the Honda-Nissan talks': two different firms named together at token `i`."""
    name = ctx.tok2name[i]
    tok = doc[i]
    for conj in tok.conjuncts:
        other = ctx.tok2name.get(conj.i)
        if other and other != name and conj.i > i:
            return [name, other]
    if i + 2 < len(doc) and doc[i + 1].text in HYPHENS and not doc[i + 1].whitespace_ and not tok.whitespace_:
        other = ctx.tok2name.get(i + 2)
        if other and other != name:
            return [name, other]
    return []


def window_start(doc: Doc, i: int, sentences: int) -> int:
    """Token index where the window of `sentences` sentences before token `i`'s sentence starts."""
    sent = doc[i].sent
    for _ in range(sentences):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return sent.start


def shared_head_parties(doc: Doc, m: EventMention, mentions: list[EventMention], rules: ContextRules) -> list[str]:
    """'the merger talks' after 'the Honda-Nissan talks': the earlier same-head typeless mention's firms."""
    trigger = doc[m.trigger_i]
    if trigger.dep_ != "compound" or len(m.roles) >= 2:
        return []
    head = trigger.head.lemma_.lower()
    if head not in rules.shared_heads:
        return []
    earlier = [x for x in mentions if x.type is None and x.trigger_i < m.trigger_i and len(x.named) >= 2
               and doc[x.trigger_i].lemma_.lower() == head and set(m.roles) <= set(x.named)]
    return list(max(earlier, key=lambda x: x.trigger_i).named) if earlier else []


def executive_firms(trigger: Token, m: EventMention, ctx: DocContext, kb: KnowledgeBase,
                    rules: ContextRules) -> list[str]:
    """People as the clause subject stand for their firms: the mention's side(s) they add."""
    if len(m.roles) >= 2:
        return []
    subject = clause_subject(trigger.head if trigger.dep_ == "compound" else trigger, rules)
    if subject is None or subject.ent_type_ != "PERSON":
        return []
    names = list(m.roles)
    for person in (subject, *subject.conjuncts):
        firm = person_firm(person, ctx, kb)
        if firm is None:
            return []
        if firm not in names:
            names.append(firm)
    return names if len(names) >= 2 else []


def person_firm(person: Token, ctx: DocContext, kb: KnowledgeBase) -> str | None:
    """The firm a named person speaks for: the KB affiliation (if the firm is in the article),
    else a firm in the person's title ('Honda CEO Toshihiro Mibe', 'Mibe, Honda's president')."""
    if person.ent_type_ != "PERSON":
        return None
    for t in person.doc[person.i].children:
        if t.dep_ in TITLE_DEPS:
            firms = [ctx.tok2name[s.i] for s in t.subtree if s.i in ctx.tok2name]
            if firms:
                return firms[0]
    for mention in person.doc._.nm_mentions or []:
        if mention.start <= person.i < mention.end and mention.label == "PERSON":
            entry = kb.get(mention.name)
            firm = entry.affiliation if entry is not None else None
            return firm if firm in set(ctx.tok2name.values()) else None
    return None


def joiner_subject(verb: Token, ctx: DocContext, limit: int = ContextRules.climb_limit) -> list[str]:
    """Who joins: the subject of the nearest clause above the join verb that names a firm
    ('it needed more time to decide whether to join the integration': 'it')."""
    for tok in climb_path(verb, limit)[1:]:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                return names_at(child, ctx)
    return []
