"""Passive deal verbs the parser leaves without a passive subject.

- 'Pantry Inc in talks on being acquired', 'X said talks on its being sold ...': a passive verb with
  no subject of its own is said of the firm the clause above is about; that firm is bought.
- 'White Engine bought by private investor': a headline's reduced passive (a past participle with
  a by-phrase, no auxiliary) parsed with an active subject; the subject is bought.
- 'bought by private investor', 'acquired by a group of investors': a by-phrase that names a person
  or an unnamed group (models/deal_rules.json group_agents) names no firm; the firm bought alone
  makes the event (the same convention as a bid from a person or an unnamed group).
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.roles import PASSIVE_SUBJ, SUBJ, DocContext, names_at
from pipeline.nlp.rules import DealRules
from pipeline.nlp.slot_finders import subject_of


def passive_patient(verb: Token, ctx: DocContext, rules: DealRules) -> list[str] | None:
    """The firm a subjectless or reduced passive verb says is bought or sold, or None when the
    verb is no such passive."""
    deps = {c.dep_ for c in verb.children}
    if deps & (SUBJ | PASSIVE_SUBJ) and not reduced_passive(verb):
        return None
    if "auxpass" in deps and verb.dep_ != "xcomp" and verb.head is not verb:
        head = verb.head
        if head.pos_ not in ("NOUN", "PROPN"):
            return subject_of(head, ctx, rules)
        # 'another unit being purchased by Y': the noun is bought; "its agreement to be acquired": its owner
        return names_at(head, ctx) or [n for c in head.children if c.dep_ == "poss" for n in names_at(c, ctx)]
    if reduced_passive(verb):
        return [n for c in verb.children if c.dep_ in SUBJ for n in names_at(c, ctx)]
    return None


def reduced_passive(verb: Token) -> bool:
    """'X bought by Y': a past participle with a by-agent and a subject but no auxiliary."""
    deps = {c.dep_ for c in verb.children}
    return verb.tag_ == "VBN" and "agent" in deps and bool(deps & SUBJ) and not deps & {"aux", "auxpass"}


def personal_by(verb: Token, rules: DealRules) -> bool:
    """'by private investor', 'by a group of investors', 'by Carl Icahn': the by-phrase names a
    person or an unnamed group, no firm."""
    objs = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
    return bool(objs) and all(o.ent_type_ == "PERSON" or (not o.ent_type_ and o.lemma_.lower() in rules.group_agents)
                              for o in objs)
