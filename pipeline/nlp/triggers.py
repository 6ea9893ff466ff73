"""From one trigger word to an `EventMention`: event type and participants by role.

Verb triggers read subject/object/passive/by-phrase; noun triggers read possessors,
compound names, prepositional complements and the verb that governs them; stake
nouns take their type (investment, divestment, acquisition) from that verb.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.nlp.roles import (
    PASSIVE_SUBJ, DocContext, Slots, approached_party, between_objects, entity_modifiers, names_at,
    possessors, prep_objects, subject_of,
)
from pipeline.nlp.rules import DealRules, Trigger

SYMMETRIC = {"merger", "partnership"}
HOLD_VERBS = {"own", "hold", "have", "retain", "keep", "control"}
TALK_HEADS = {"talk", "deal", "agreement", "negotiation", "plan", "proposal", "discussion", "pact", "contract"}


@dataclass
class EventMention:
    """One mention of a deal in one sentence (before article-level merging)."""

    type: str | None
    roles: dict[str, str]
    trigger_i: int
    sent_start: int
    status: str | None = None
    named: list[str] = field(default_factory=list)


def first_verb_above(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.head is cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def stake_slots(noun: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'take/raise/cut/sell a stake in X': the type comes from the governing verb."""
    verb = first_verb_above(noun)
    slots = Slots(patient=prep_objects(noun, ("in", "of"), ctx))
    if verb is None or verb.lemma_ in HOLD_VERBS:
        return None
    if verb.lemma_ in rules.sell_verbs:
        slots.agent = subject_of(verb, ctx, rules) or possessors(noun, ctx)
        slots.buyer = prep_objects(verb, ("to",), ctx) or prep_objects(noun, ("to",), ctx) or [
            n for p in noun.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
            for n in prep_objects(o, ("to",), ctx)]
        return "divestment", slots
    slots.agent = subject_of(verb, ctx, rules) or possessors(noun, ctx) or prep_objects(noun, ("by",), ctx)
    if not slots.patient:
        slots.patient = approached_party(noun, ctx, rules)
    control = any(c.lower_ in rules.control_mods for c in noun.lefts)
    return ("acquisition" if control else "investment"), slots


def verb_slots(verb: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """Subject/object reading of a verb trigger, with passive voice and asset/stake objects."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(o.lemma_ in rules.stake_nouns and o.lemma_ in rules_stake_triggers(rules) for o in objects):
        return None
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJ]
    slots = Slots()
    if passive:
        slots.patient = [n for p in passive for n in names_at(p, ctx)]
        slots.agent = prep_objects(verb, ("by",), ctx)
    else:
        slots.agent = subject_of(verb, ctx, rules)
        for obj in objects:
            if obj.lemma_ in rules.asset_nouns or obj.lemma_ in rules.stake_nouns:
                owned = possessors(obj, ctx) or prep_objects(obj, ("of", "in"), ctx)
                slots.patient.extend(owned)
            else:
                slots.patient.extend(names_at(obj, ctx))
    slots.patient.extend(n for n in prep_objects(verb, spec.patient_preps, ctx) if n not in slots.patient)
    if not slots.patient:
        slots.patient = approached_party(verb, ctx, rules)
    kind = spec.type
    if kind == "acquisition" and any(o.lemma_ in ("share", "equity", "interest") for o in objects):
        kind = "investment"
    return kind, slots


def rules_stake_triggers(rules: DealRules) -> set[str]:
    return {n for n in rules.nouns if n in rules.stake_nouns}


def noun_slots(noun: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """Possessor / compound / by-phrase as agent, prepositional complements as patient.

    In "merger talks" the frame words (possessor, preps, governing verb) sit on "talks".
    """
    frame = noun
    if noun.dep_ == "compound":
        if noun.head.lemma_ not in (rules.frame_heads or TALK_HEADS):
            return None
        frame = noun.head
    if noun.tag_ in ("NNS", "NNPS") and noun.lemma_ in ("sale", "holding"):
        return None
    if noun.lemma_ in rules.stake_nouns:
        return stake_slots(noun, ctx, rules)
    if spec.requires_patient and not prep_objects(noun, spec.patient_preps, ctx):
        return None
    preps = (*spec.patient_preps, "with", "between") if frame is not noun else spec.patient_preps
    slots = Slots(patient=prep_objects(noun, spec.patient_preps, ctx))
    if frame is not noun:
        slots.patient += [n for n in prep_objects(frame, preps, ctx) if n not in slots.patient]
    by_agent = prep_objects(frame, ("by", "from"), ctx)
    owners = possessors(noun, ctx) or possessors(frame, ctx)
    if by_agent:
        slots.agent = by_agent
        slots.patient = owners + [n for n in slots.patient if n not in owners]
    else:
        slots.agent = owners
    mods = entity_modifiers(noun, ctx) + (entity_modifiers(frame, ctx) if frame is not noun else [])
    if spec.type in SYMMETRIC or slots.patient:
        slots.agent += [m for m in mods if m not in slots.agent]
    else:
        slots.patient += mods
    if not slots.agent:
        slots.agent = subject_of(frame, ctx, rules)
    if not slots.patient:
        slots.patient = approached_party(frame, ctx, rules)
    if by_agent and not slots.patient:
        verb = first_verb_above(frame)
        if verb is not None and verb.lemma_ in rules.recipient_verbs:
            slots.patient = [n for n in subject_of(verb, ctx, rules) if n not in slots.agent]
    slots.pair = between_objects(frame, ctx) or between_objects(frame.head, ctx)
    if noun.lemma_ == "sale":
        return None
    return spec.type, slots


def assign_roles(kind: str, slots: Slots) -> dict[str, str]:
    """Roles by event type from the two sides of the trigger."""
    roles: dict[str, str] = {}
    if kind in SYMMETRIC:
        for name in (*slots.agent, *slots.patient, *slots.pair):
            roles.setdefault(name, "partner")
        return roles
    agent_role, patient_role = {
        "acquisition": ("acquirer", "target"), "investment": ("investor", "target"),
        "divestment": ("seller", "target"),
    }[kind]
    for name in slots.patient:
        roles.setdefault(name, patient_role)
    for name in slots.agent:
        roles.setdefault(name, agent_role)
    for name in slots.buyer:
        roles.setdefault(name, "buyer")
    return roles


def read_trigger(tok: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> EventMention | None:
    """The event mention a typed trigger word carries, or None."""
    if tok.pos_ in ("VERB", "AUX"):
        read = verb_slots(tok, spec, ctx, rules)
    else:
        read = noun_slots(tok, spec, ctx, rules)
    if read is None:
        return None
    kind, slots = read
    roles = assign_roles(kind, slots)
    return EventMention(kind, roles, tok.i, tok.sent.start, named=list(roles))
