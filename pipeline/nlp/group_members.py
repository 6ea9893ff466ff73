"""An unnamed group's stake or bid takes as its parties the firms the story later names as the group.

Filings reported on the wire open with the group alone ('A group of investment firms told the
SEC it bought 6.9 pct of X') and name its members in a later sentence: 'The group, A and B,
said ...', 'The firms, A, B and C, said ...', 'The investors include A and B', 'the group,
which includes A, ...', 'Group members are A, B and C'. The first reading makes an event with
its target alone (a `solo` mention, pipeline.nlp.stakes); `add_group_members` gives the acting
role of its type (`group_members.roles` in models/deal_rules.json) to the firms such a statement
names at or after the event's first sentence. Events that already name a firm on the acting
side are left as they are, and a group described in passing ('Dutch transport group X') names
nobody: the statement needs a definite group noun ('the group', 'its members') as its subject.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.nlp.canon import EntityFilters
from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.firm_filter import person_names
from pipeline.nlp.roles import SUBJ, DocContext, names_at
from pipeline.nlp.rules import DealRules

DEFINITE = {"the", "its", "their"}


def add_group_members(doc: Doc, events: list[ArticleEvent], ctx: DocContext,
                      rules: DealRules, filters: EntityFilters) -> list[ArticleEvent]:
    """Runs after persons are dropped from the roles (pipeline.nlp.firm_filter): a group 'led by
    investor X' has left its event with the target alone."""
    conf = rules.group_members
    acting = conf.get("roles", {}) if conf else {}
    open_events = [ev for ev in events if ev.type in acting and set(ev.roles.values()) == {"target"}]
    if not open_events:
        return events
    persons = person_names(doc, doc._.nm_mentions or [], filters)
    statements = [(start, [n for n in names if n not in persons]) for start, names in member_statements(doc, ctx, conf)]
    for ev in open_events:
        first = min(doc[m.trigger_i].sent.start for m in ev.mentions)
        for start, names in statements:
            if start < first:
                continue
            for name in names:
                ev.roles.setdefault(name, acting[ev.type])
    return events


def member_statements(doc: Doc, ctx: DocContext, conf: dict) -> list[tuple[int, list[str]]]:
    """(sentence start, member firms) for each sentence that says who a definite group is."""
    groups = frozenset(conf.get("group_nouns", []))
    members = frozenset(conf.get("member_nouns", []))
    verbs = frozenset(conf.get("include_verbs", []))
    out: list[tuple[int, list[str]]] = []
    for tok in doc:
        names: list[str] = []
        if tok.lower_ in groups and _definite(tok):
            names = _apposed(tok, ctx) or _included(tok, verbs, ctx)
        elif tok.lemma_.lower() in members and (_definite(tok) or _group_compound(tok, groups)):
            names = _included(tok, verbs | {"be"}, ctx)
        if names:
            out.append((tok.sent.start, names))
    return out


def _definite(tok: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)


def _group_compound(tok: Token, groups: frozenset[str]) -> bool:
    """'Group members are A and B'."""
    return any(c.dep_ == "compound" and c.lower_ in groups for c in tok.children)


def _apposed(tok: Token, ctx: DocContext) -> list[str]:
    """'The group, A and B, said': firms in apposition to the subject group noun."""
    if tok.dep_ not in SUBJ:
        return []
    out: list[str] = []
    for child in tok.children:
        if child.dep_ == "appos":
            out += [n for n in _named_in(child, ctx) if n not in out]
    return out


def _included(tok: Token, verbs: frozenset[str], ctx: DocContext) -> list[str]:
    """'The investors include A and B', 'the group, which includes A', 'members are A and B'."""
    if tok.dep_ in SUBJ and tok.head.lemma_ in verbs:
        clause = tok.head
    else:
        clause = next((c for c in tok.children if c.dep_ == "relcl" and c.lemma_ in verbs), None)
    if clause is None:
        return []
    out: list[str] = []
    for obj in clause.children:
        if obj.dep_ in ("dobj", "attr"):
            out += [n for n in _named_in(obj, ctx) if n not in out]
    return out


def _named_in(tok: Token, ctx: DocContext) -> list[str]:
    """Every firm named in a member list, with its descriptions between them ('A, an investment
    partnership, B, a Texas partnership, and C'): the parser hangs such lists in many shapes."""
    out: list[str] = []
    for t in tok.subtree:
        name = ctx.tok2name.get(t.i)
        if name is not None and name not in out:
            out.append(name)
    return out or names_at(tok, ctx)
