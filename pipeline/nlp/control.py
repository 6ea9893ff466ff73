"""Acquisition frames without a deal verb: 'make Nissan a subsidiary', 'Honda's demand that it
become a subsidiary of the larger carmaker', 'bring X under its control'.

Words come from `control_frames` in models/deal_rules.json: `nouns` (subsidiary, unit) reached
from a `verbs` frame (make, turn, become), and `under_nouns` ('under its control') after a
`bring_verbs` verb. Acquirer: 'of X', else the possessor or subject above the frame; target:
the firm the frame turns into the subsidiary (a pronoun is the sentence's other firm).
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.roles import DocContext, names_at
from pipeline.nlp.triggers import EventMention

PRONOUNS = {"it", "its", "them", "their", "they"}


def _frame_verb(tok: Token, verbs: frozenset[str]) -> Token | None:
    cur = tok
    for _ in range(3):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in verbs:
            return cur
    return None


def _acquirer(noun: Token, verb: Token, ctx: DocContext) -> list[str]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                found = names_at(obj, ctx)
                if found:
                    return found
            # 'a subsidiary of Magna Group Inc.' with the name torn from 'of' by the parser
            after = ctx.tok2name.get(prep.i + 1) if prep.i + 1 < len(prep.doc) else None
            if after and not any(c.dep_ == "pobj" for c in prep.children):
                return [after]
    cur = verb
    for _ in range(4):
        if cur.head == cur:
            break
        cur = cur.head
        for child in cur.children:
            if child.dep_ == "poss" or (child.dep_ == "nsubj" and cur.pos_ in ("VERB", "AUX")):
                if child.lower_ in PRONOUNS:
                    continue
                found = names_at(child, ctx)
                if found:
                    return found
    for child in verb.children:  # 'Honda proposed making ...' parsed with Honda on the frame verb
        if child.dep_ == "nsubj" and verb.lemma_.lower() != "become" and child.lower_ not in PRONOUNS:
            found = names_at(child, ctx)
            if found:
                return found
    return []


def _target_token(noun: Token, verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb.lemma_.lower() == "become" else []
    if not subjects and verb.lemma_.lower() == "become" and verb.dep_ == "xcomp":
        # 'X agreed (in principle) to become a wholly owned subsidiary of Y': the subject of 'agreed'
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    between = [t for t in verb.subtree if verb.i < t.i < noun.i and t.dep_ in ("dobj", "nsubj", "pobj")
               and t.head.i != noun.i or (verb.i < t.i < noun.i and t.dep_ == "nsubj")]
    for t in subjects + between:
        return t
    return None


def read_control(noun: Token, ctx: DocContext, frames: dict) -> EventMention | None:
    verbs = frozenset(frames.get("verbs", []))
    if noun.lemma_.lower() in frames.get("under_nouns", []):
        return _read_under(noun, ctx, frames)
    verb = _frame_verb(noun, verbs)
    if verb is None:
        return None
    acquirer = _acquirer(noun, verb, ctx)
    target_tok = _target_token(noun, verb)
    if len(acquirer) != 1 or target_tok is None:
        return None
    referent = [n for n in names_at(target_tok, ctx) if n not in acquirer] if target_tok.lower_ in PRONOUNS else []
    if len(referent) == 1:  # 'X said it agreed to become a subsidiary of Y': 'it' is the speaker
        target = referent
    elif target_tok.lower_ in PRONOUNS or target_tok.i not in ctx.tok2name:
        sent = noun.sent
        others = {ctx.tok2name[i] for i in range(sent.start, sent.end) if i in ctx.tok2name} - set(acquirer)
        target = sorted(others) if len(others) == 1 else []
    else:
        target = [n for n in names_at(target_tok, ctx) if n not in acquirer]
    if len(target) != 1:
        return None
    roles = {acquirer[0]: "acquirer", target[0]: "target"}
    return EventMention("acquisition", roles, noun.i, noun.sent.start, named=list(roles))


def _read_under(noun: Token, ctx: DocContext, frames: dict) -> EventMention | None:
    """'bring Nissan under its control': the 'under' phrase on a bring/place verb."""
    prep = noun.head
    if prep.lower_ != "under" or prep.head.lemma_.lower() not in frames.get("bring_verbs", []):
        return None
    verb = prep.head
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    acquirer = [n for c in verb.children if c.dep_ == "nsubj" for n in names_at(c, ctx)]
    if not acquirer:
        acquirer = [n for c in noun.children if c.dep_ == "poss" and c.lower_ not in PRONOUNS for n in names_at(c, ctx)]
    target = [n for o in objects for n in names_at(o, ctx) if n not in acquirer]
    if len(acquirer) != 1 or len(target) != 1:
        return None
    roles = {acquirer[0]: "acquirer", target[0]: "target"}
    return EventMention("acquisition", roles, noun.i, noun.sent.start, named=list(roles))
