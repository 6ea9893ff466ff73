"""Who plays which part in a deal mention, read from the dependency parse.

`Slots` holds the agent side (subject, possessor, by-phrase) and the patient side
(object, passive subject, prepositional complement) of one trigger; `deals.py`
turns them into roles by event type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.nlp.rules import DealRules

SUBJ = {"nsubj", "csubj"}
PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
CLIMB_DEPS = {"xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "relcl", "ccomp", "attr", "appos", "oprd"}
PRONOUNS = {"it", "its", "they", "their", "them", "itself"}
RELATIVE = {"which", "that", "who", "whom", "whose"}
PAIR_HEADS = {"company", "automaker", "carmaker", "firm", "group", "side", "party", "maker", "partner"}


@dataclass
class Slots:
    agent: list[str] = field(default_factory=list)
    patient: list[str] = field(default_factory=list)
    buyer: list[str] = field(default_factory=list)
    pair: list[str] = field(default_factory=list)


@dataclass
class DocContext:
    """Per-document lookups: token index -> canonical firm name, and recent subjects for pronouns."""

    tok2name: dict[int, str]
    subjects: list[tuple[int, list[str]]] = field(default_factory=list)

    def pair_before(self, i: int) -> list[str]:
        """'the two companies': the latest coordinated subject pair, else the two latest firms."""
        for idx, names in reversed(self.subjects):
            if idx < i and len(names) == 2:
                return list(names)
        latest: list[str] = []
        for idx in sorted((k for k in self.tok2name if k < i), reverse=True):
            name = self.tok2name[idx]
            if name not in latest:
                latest.append(name)
            if len(latest) == 2:
                return latest[::-1]
        return []

    def pronoun_referent(self, tok: Token) -> list[str]:
        plural = tok.lower_ in ("they", "their", "them")
        for idx, names in reversed(self.subjects):
            if idx < tok.i and (len(names) > 1) == plural:
                return names
        earlier = [n for i, n in sorted(self.tok2name.items()) if i < tok.i]
        return earlier[-1:] if earlier and not plural else []


def names_at(tok: Token, ctx: DocContext, depth: int = 0) -> list[str]:
    """Firm names a token stands for: entity, coordinated entities, pronoun, pair or appositive."""
    out: list[str] = []
    for t in (tok, *tok.conjuncts) if depth == 0 else (tok,):
        found = _names_single(t, ctx, depth)
        out.extend(n for n in found if n not in out)
    return out


def _names_single(tok: Token, ctx: DocContext, depth: int) -> list[str]:
    name = ctx.tok2name.get(tok.i)
    if name is not None:
        return [name]
    low = tok.lower_
    if low in PRONOUNS:
        return ctx.pronoun_referent(tok)
    if low in RELATIVE and tok.head.dep_ == "relcl":
        return names_at(tok.head.head, ctx, depth + 1) if depth < 2 else []
    if tok.lemma_ in PAIR_HEADS and tok.tag_ in ("NNS", "NNPS") and any(c.lower_ in ("two", "both") for c in tok.children):
        return ctx.pair_before(tok.i)
    if low == "both" and tok.pos_ == "PRON":
        return ctx.pair_before(tok.i)
    for child in tok.children:
        if child.dep_ == "appos" and child.i in ctx.tok2name:
            return [ctx.tok2name[child.i]]
    return []


def owner_names(tok: Token, ctx: DocContext) -> list[str]:
    """Firm owning a stake/asset noun: possessor, 'of X', or a compound name before it."""
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.i in ctx.tok2name):
            return names_at(child, ctx)
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            return [n for p in prep.children if p.dep_ == "pobj" for n in names_at(p, ctx)]
    return []


def prep_objects(tok: Token, preps: tuple[str, ...] | set[str], ctx: DocContext) -> list[str]:
    out: list[str] = []
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    out.extend(n for n in names_at(obj, ctx) if n not in out)
    return out


def between_objects(tok: Token, ctx: DocContext) -> list[str]:
    return prep_objects(tok, ("between", "among"), ctx)


def subject_of(verb: Token, ctx: DocContext, rules: DealRules, depth: int = 0) -> list[str]:
    """The firm(s) doing what `verb` says, climbing through control and coordination."""
    for child in verb.children:
        if child.dep_ in SUBJ:
            return names_at(child, ctx)
        if child.dep_ == "agent":
            return prep_objects(verb, ("by",), ctx)
    if verb.dep_ == "relcl":
        return names_at(verb.head, ctx)
    head = verb.head
    if depth > 5 or head is verb or verb.dep_ not in CLIMB_DEPS:
        return []
    if verb.dep_ == "xcomp" and head.lemma_ in rules.agent_from_object:
        objects = [n for c in head.children if c.dep_ == "dobj" for n in names_at(c, ctx)]
        if objects:
            return objects
    if head.pos_ in ("NOUN", "PROPN"):
        owners = [n for c in head.children if c.dep_ == "poss" for n in names_at(c, ctx)]
        if owners:
            return owners
    return subject_of(head, ctx, rules, depth + 1)


def approached_party(trigger: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'X approached Y about buying a stake': Y is the patient of the deal under the approach."""
    tok = trigger
    for _ in range(5):
        if tok.head is tok:
            return []
        tok = tok.head
        if tok.lemma_ in rules.patient_from_object:
            passive = [n for c in tok.children if c.dep_ in PASSIVE_SUBJ for n in names_at(c, ctx)]
            objects = [n for c in tok.children if c.dep_ in ("dobj", "dative") for n in names_at(c, ctx)]
            return passive or objects
    return []


def entity_modifiers(noun: Token, ctx: DocContext) -> list[str]:
    """Names inside the noun's left modifiers: 'the Nissan-Honda merger', 'a Tesla investment'."""
    out: list[str] = []
    for child in noun.lefts:
        if child.dep_ in ("det", "poss") and child.i not in ctx.tok2name:
            continue
        if child.dep_ == "poss":
            continue
        for tok in child.subtree:
            name = ctx.tok2name.get(tok.i)
            if name and name not in out:
                out.append(name)
    return out


def possessors(noun: Token, ctx: DocContext) -> list[str]:
    return [n for c in noun.children if c.dep_ == "poss" for n in names_at(c, ctx)]
