"""From one trigger word to an `EventMention`: event type and participants by role.

Verb triggers read subject/object/passive/by-phrase; noun triggers read possessors,
compound names, prepositional complements and the verb that governs them; stake
nouns take their type (investment, divestment, acquisition) from that verb.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.nlp.frames import (  # noqa: F401  (SYMMETRIC and opposed are re-exported)
    PERCENT_WORDS, SYMMETRIC, asset_sale_slots, debt_trade, firm_sale_slots, complement_slots, is_joint,
    is_non_event, joint_slots, opposed, purpose_slots, unit_sale_slots,
)
from pipeline.nlp.roles import PASSIVE_SUBJ, DocContext, Slots, names_at, owner_names
from pipeline.nlp.slot_finders import (
    approached_member, approached_party, between_objects, entity_modifiers, possessors, prep_objects, subject_of,
)
from pipeline.nlp.merger_direction import directed_merger, merged_into_unit
from pipeline.nlp.offer_clauses import bid_receiver, offer_clause
from pipeline.nlp.passives import passive_patient, personal_by
from pipeline.nlp.rules import DealRules, Trigger
from pipeline.nlp.stakes import (
    first_verb_above, personal_agent, personal_bidder, property_interest_sellers, rules_stake_triggers, sale_in_slots,
    stake_sellers, stake_slots, stake_traded,
)
from pipeline.nlp.bid_shares import bid_for_shares, launched_by, minority_bid, minority_part

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
    solo: bool = False  # a stake trade by a person or an unnamed group: reported with its target only


def verb_slots(verb: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """Subject/object reading of a verb trigger, with passive voice and asset/stake objects."""
    if verb.lemma_ in rules.sell_verbs:
        return asset_sale_slots(verb, ctx, rules) or unit_sale_slots(verb, ctx, rules)
    needed = rules.frame_words.complement_triggers.get(spec.lemma)  # not 'take over' (a phrasal spec)
    if needed is not None:
        return complement_slots(verb, needed, ctx, rules)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    whole = whole_company(verb, objects, spec, ctx, rules)
    if whole is not None:
        return whole
    if any(o.lemma_ in rules.stake_nouns and o.lemma_ in rules_stake_triggers(rules) for o in objects) \
            or product_merger(spec, objects, ctx, rules) or debt_trade(spec, objects, rules):
        return None
    if spec.type == "partnership" and spec.lemma in rules.framed_cues:
        return purpose_slots(verb, ctx, rules)
    joint = joint_slots(verb, ctx, rules) if spec.type != "partnership" and is_joint(verb, rules) else None
    if joint is not None:
        return joint
    passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJ]
    slots, offer = Slots(), None
    if passive:
        slots.patient = [n for p in passive for n in names_at(p, ctx)]
        slots.agent = prep_objects(verb, ("by",), ctx)
    elif verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in verb.children):
        slots.patient = subject_of(verb.head, ctx, rules)  # 'X agreed to be acquired by Y': X is bought
        slots.agent = [n for n in prep_objects(verb, ("by",), ctx) if n not in slots.patient]
    elif (bought := passive_patient(verb, ctx, rules)) is not None:
        slots.patient, passive = bought, [verb]  # 'X in talks on being acquired', 'X bought by investor'
        slots.agent = [n for n in prep_objects(verb, ("by",), ctx) if n not in bought]
    else:
        offer = offer_clause(verb, ctx, rules)
        slots.agent = offer.bidders if offer is not None else subject_of(verb, ctx, rules)
        slots.agent += [n for n in together_with(verb, ctx) if n not in slots.agent]
        for obj in objects:
            if obj.lemma_ in rules.asset_nouns or obj.lemma_ in rules.stake_nouns:
                owned = possessors(obj, ctx) or prep_objects(obj, ("of", "in"), ctx)
                slots.patient.extend(owned)
            else:
                slots.patient.extend(names_at(obj, ctx) or owned_part(obj, ctx, rules))
    preps = spec.patient_preps
    if spec.type == "acquisition" and slots.patient:
        preps = tuple(p for p in preps if p != "from")  # 'bought X from Y': Y sold X, it is not bought
    slots.patient.extend(n for n in prep_objects(verb, preps, ctx) if n not in slots.patient)
    if not slots.patient:
        slots.patient = bid_receiver(offer, objects, ctx, rules) if offer else approached_party(verb, ctx, rules)
    # 'investor X has offered to acquire Y', 'an investor group he heads offered to buy Y': Y alone
    slots.solo = not slots.agent and spec.type == "acquisition" and (
        personal_by(verb, rules) if passive else offer is not None or personal_agent(verb, rules))
    kind = spec.type
    if kind == "merger" and slots.agent:
        parents = merged_into_unit(verb, ctx, rules)
        if parents:  # 'agreed to merge with an affiliate of First Boston': First Boston buys
            return "acquisition", Slots(agent=parents, patient=[n for n in slots.agent if n not in parents])
    into = prep_objects(verb, ("into",), ctx) if kind == "merger" else []
    if into and slots.agent:
        return "acquisition", Slots(agent=into, patient=[n for n in slots.agent if n not in into])
    sellers = property_interest_sellers(verb, objects, ctx, rules) if kind == "acquisition" and slots.agent else []
    if sellers:  # 'acquire a 47 pct working interest in the X gas field from Y': Y's assets are bought
        return kind, Slots(agent=[n for n in slots.agent if n not in sellers], patient=sellers)
    if kind == "acquisition" and any(o.lemma_ in ("share", "equity", "interest") or minority_part(o, verb)
                                     for o in objects):
        kind = "investment"  # 'acquire 29 pct of X': a minority stake, not control
        sellers = [n for o in objects for n in stake_sellers(verb, o, ctx) if n not in slots.agent + slots.patient]
        if sellers and slots.patient:  # 'buy a 28 pct interest in X from Y': Y sells its stake
            return "divestment", Slots(agent=sellers, patient=slots.patient, buyer=slots.agent)
    if kind == "acquisition" and not objects and prep_objects(verb, ("into",), ctx):
        kind = "investment"  # 'buy into X': a stake, not control
        slots.patient = prep_objects(verb, ("into",), ctx)
    return kind, slots


def owned_part(obj: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'acquired the construction activities of X', 'the customer account base of X', 'the X
    cinema chain': a part of a firm that names no firm itself is bought from its owner (the
    Reuters target)."""
    if obj.pos_ != "NOUN" or obj.lower_ in PERCENT_WORDS or obj.lemma_ in rules.frame_words.part_words:
        return []  # '80 pct of X', 'part of X': a stake, read by the stake rules
    if any(c.dep_ in ("nummod", "quantmod") for c in obj.subtree if c.i < obj.i) or obj.lemma_ in rules.security_nouns:
        return []  # '800,000 barrels of Iranian Heavy', 'debentures of X': goods or debt, not a part of a firm
    owners = possessors(obj, ctx) or prep_objects(obj, ("of",), ctx)
    if owners or obj.lemma_ == "stock":  # 'buy X stock' in the market is a stake, not X
        return owners
    return entity_modifiers(obj, ctx)[:1]


def whole_company(verb: Token, objects: list[Token], spec: Trigger, ctx: DocContext,
                  rules: DealRules) -> tuple[str, Slots] | None:
    """'Ecolab will buy all outstanding Chemlawn common stock', 'the X shares not owned by its
    owner', 'a controlling interest in X': every share of a firm, or control of it, is the firm."""
    if spec.type != "acquisition":
        return None
    for obj in objects:
        if obj.lemma_.lower() not in rules.stake_nouns | {"stock"} or not takes_control(obj, rules):
            continue
        targets = possessors(obj, ctx) + entity_modifiers(obj, ctx) + prep_objects(obj, ("of", "in"), ctx)
        agents = [n for n in subject_of(verb, ctx, rules) if n not in targets]
        if targets:
            return "acquisition", Slots(agent=agents, patient=targets[:1],
                                        solo=not agents and personal_agent(verb, rules))
    return None


def takes_control(obj: Token, rules: DealRules) -> bool:
    """A share noun that stands for the whole firm or control of it."""
    marks = rules.whole_company_marks | rules.control_mods
    if any(t.lower_ in marks for left in obj.lefts for t in left.subtree):
        return True
    return any(c.dep_ == "acl" and c.lemma_ in ("own", "hold") and any(g.dep_ == "neg" for g in c.children)
               for c in obj.children)  # 'the shares not owned by its owner': the rest of the firm


def product_merger(spec: Trigger, objects: list[Token], ctx: DocContext, rules: DealRules) -> bool:
    """'combining Waymo's software with Toyota vehicles': products or plants combined, not firms."""
    return spec.type == "merger" and any(o.lemma_ in rules.non_firm_patients and not names_at(o, ctx) for o in objects)


def together_with(verb: Token, ctx: DocContext) -> list[str]:
    """'X agreed to acquire Z together with Y': Y is a co-buyer, on the agent side."""
    out: list[str] = []
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with" and prep.i > 0 and (
                prep.doc[prep.i - 1].lower_ == "together" or any(c.lower_ == "together" for c in prep.children)):
            out.extend(n for o in prep.children if o.dep_ == "pobj" for n in names_at(o, ctx))
    return out


def members(noun: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> list[str]:
    """'a partnership bringing together X, Y and Z': the objects of a member verb on the noun."""
    if spec.type not in SYMMETRIC:
        return []
    verbs = [v for v in noun.children if (v.dep_ in ("acl", "relcl") and v.lemma_.lower() in rules.member_verbs)
             or (v.dep_ == "prep" and v.lower_ == "including")]   # 'an alliance including X and Y'
    objects = [o for v in verbs for o in v.children if o.dep_ in ("dobj", "pobj")]
    # 'a tie-up framework that also includes rival carmakers Nissan and Mitsubishi': the names in apposition
    named = [a for o in objects for a in o.children if a.dep_ == "appos" and a.i in ctx.tok2name]
    return list(dict.fromkeys(n for o in objects + named for n in names_at(o, ctx)))


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
    if noun.lemma_ in rules.traded_stake_nouns and not stake_traded(noun, rules):
        return None  # 'Nissan shares rose': no deal
    if noun.lemma_ in rules.stake_nouns:
        return stake_slots(noun, ctx, rules)
    if spec.requires_patient and not (prep_objects(noun, spec.patient_preps, ctx)
                                      or bid_for_shares(noun, spec, ctx, rules) or addressed_target(noun, ctx, rules)):
        return None
    preps = (*spec.patient_preps, "with", "between") if frame is not noun else spec.patient_preps
    slots = Slots(patient=prep_objects(noun, spec.patient_preps, ctx) or assets_of(noun, spec, ctx, rules))
    if frame is not noun:
        slots.patient += [n for n in prep_objects(frame, preps, ctx) if n not in slots.patient]
    if spec.type in SYMMETRIC and not slots.patient and frame.dep_ == "dobj":  # 'explore collaboration with X'
        slots.patient = prep_objects(frame.head, ("with",), ctx)
    from_agent = frame.lemma_.lower() in rules.from_agent_nouns
    by_agent = prep_objects(frame, ("by", "from") if from_agent else ("by",), ctx) or launched_by(frame, ctx)
    if not by_agent and from_agent:  # 'a possible bid for the latter from Y': the parser hangs 'from' on the target
        by_agent = [n for p in frame.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children
                    if o.dep_ == "pobj" for n in prep_objects(o, ("from",), ctx)]
    if not from_agent and spec.type == "acquisition" and prep_objects(frame, ("from",), ctx) \
            and not prep_objects(frame, spec.patient_preps, ctx):
        slots.patient = prep_objects(frame, ("from",), ctx)  # 'the purchase of 16 branches from Y': Y sells assets
    if spec.requires_patient and not slots.patient:
        slots.patient = bid_for_shares(noun, spec, ctx, rules) or addressed_target(noun, ctx, rules)
    if not by_agent:  # "X received a takeover proposal from Y": the from-phrase hangs on the verb
        verb = first_verb_above(frame)
        if verb is not None and verb.lemma_ in rules.recipient_verbs:
            by_agent = prep_objects(verb, ("from",), ctx)
    if not by_agent and from_agent:  # 'to review the proposal which it received from Y'
        by_agent = [n for v in frame.children if v.dep_ == "relcl" and v.lemma_ in rules.recipient_verbs
                    for n in prep_objects(v, ("from",), ctx)]
    # 'an offer from investor X', 'a proposal from a third party': no firm bids, the target alone is named
    personal = from_agent and not by_agent and personal_bidder(frame, rules)
    owners = possessors(noun, ctx) or possessors(frame, ctx)
    if by_agent or personal:
        slots.agent = by_agent
        slots.patient = owners + [n for n in slots.patient if n not in owners]
    else:
        slots.agent = owners
    mods = entity_modifiers(noun, ctx) + (entity_modifiers(frame, ctx) if frame is not noun else [])
    # 'a group seeking Tesla investment': with no firm as the seeker, the named backer invests
    # ('Toyota closes a Joby investment': the subject invests, the modifier is the target)
    backer = spec.type == "investment" and from_agent and not by_agent and not owners and unnamed_seeker(frame, ctx)
    if (spec.type in SYMMETRIC or slots.patient or backer) and not personal:
        slots.agent += [m for m in mods if m not in slots.agent]
    else:
        slots.patient += mods
    unnamed_bidder = False
    if not slots.agent and not opposed(frame, rules) and not personal:
        if answered(frame, from_agent, slots, rules):  # 'X weighs a takeover proposal': X is bid for
            slots.patient = subject_of(frame, ctx, rules)
            unnamed_bidder = True  # 'X received three takeover proposals': the target alone is named
        elif not (spec.type in SYMMETRIC and len(between_objects(frame, ctx) or between_objects(frame.head, ctx)) > 1):
            slots.agent = subject_of(frame, ctx, rules)  # 'X stays out of the merger between A and B': A and B merge
    if not slots.patient:
        slots.patient = approached_party(frame, ctx, rules)
    if (by_agent or personal) and not slots.patient:
        verb = first_verb_above(frame)
        if verb is not None and verb.lemma_ in rules.recipient_verbs:
            slots.patient = [n for n in subject_of(verb, ctx, rules) if n not in slots.agent]
    slots.pair = (between_objects(frame, ctx) or between_objects(frame.head, ctx)) + members(frame, spec, ctx, rules)
    if spec.type in SYMMETRIC:
        slots.patient += approached_member(noun, frame, slots.agent + slots.patient + slots.pair, ctx, rules)
    slots.solo = personal or unnamed_bidder
    if noun.lemma_ == "sale":
        stake = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                      if o.dep_ == "pobj" and o.lemma_ in rules.stake_nouns
                      and o.lemma_ not in rules_stake_triggers(rules)), None)
        if stake is not None:  # 'the sale of its 65 pct interest in X to Y': the stake's trade
            return stake_slots(stake, ctx, rules)
        return sale_in_slots(noun, ctx) or firm_sale_slots(noun, ctx, rules)
    if spec.type == "merger":
        directed = directed_merger(noun, frame, by_agent, owners, ctx, rules)
        if directed is not None:
            return "acquisition", directed
    if spec.type == "acquisition" and minority_bid(noun, spec):
        return "investment", slots  # 'a bid for 49 pct of X': a minority stake, not control
    return spec.type, slots


def unnamed_seeker(frame: Token, ctx: DocContext) -> bool:
    """The verb governing the deal noun has a subject, and it names no firm ('a Japanese group seeking ...')."""
    verb = first_verb_above(frame)
    if verb is None:
        return False
    subjects = [verb.head] if verb.dep_ == "acl" else [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and not any(names_at(c, ctx) for c in subjects)


def assets_of(noun: Token, spec: Trigger, ctx: DocContext, rules: DealRules) -> list[str]:
    """'the acquisition of the assets and liabilities of Bogen', 'its purchase of certain assets of X':
    buying a firm's assets is buying from it, the Reuters target."""
    if spec.type != "acquisition":
        return []
    return [n for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
            if o.dep_ == "pobj" and o.lemma_ in rules.asset_nouns and o.lemma_ not in rules.unit_nouns
            for n in owner_names(o, ctx)][:1]


def answered(frame: Token, from_agent: bool, slots: Slots, rules: DealRules) -> bool:
    """A bid word with no bidder and no target named, under a verb of receiving or answering
    ('X weighs a takeover proposal', 'X rejected the offer'): its subject is the one bid for."""
    verb = first_verb_above(frame)
    return from_agent and not slots.patient and verb is not None and verb.lemma_ in rules.recipient_verbs


def addressed_target(noun: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'X rejected an offer from Y', 'X is studying Y's bid', 'X had no comment on an offer from Y':
    a bid by a named firm that names no target is made to the firm answering it."""
    bidders = prep_objects(noun, ("from", "by"), ctx) or possessors(noun, ctx)
    verb = first_verb_above(noun)
    if not bidders or verb is None:
        return []
    path = [t for t in noun.ancestors if t.i != verb.i and t in verb.subtree]
    if verb.lemma_ not in rules.recipient_verbs and not any(t.lemma_ in rules.response_nouns for t in path):
        return []
    return [n for n in subject_of(verb, ctx, rules) if n not in bidders][:1]


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
    if is_non_event(tok, spec, rules):
        return None
    if tok.pos_ in ("VERB", "AUX"):
        read = verb_slots(tok, spec, ctx, rules)
    else:
        read = noun_slots(tok, spec, ctx, rules)
    if read is None:
        return None
    kind, slots = read
    if kind == "partnership" and equity_alliance(tok, rules):
        if not prep_objects(tok, ("with", "between"), ctx):  # 'discussing a capital alliance': the stake said elsewhere
            names = list(assign_roles(kind, slots))
            return EventMention(None, {n: "?" for n in names}, tok.i, tok.sent.start, named=names)
        kind, slots = "investment", equity_slots(slots)
    roles = assign_roles(kind, slots)
    solo = slots.solo and len(roles) == 1 and kind in ("investment", "divestment", "acquisition")
    return EventMention(kind, roles, tok.i, tok.sent.start, named=list(roles), solo=solo)


def equity_slots(slots: Slots) -> Slots:
    """A capital alliance read as a stake: the first firm on the agent side invests in the others."""
    names = list(dict.fromkeys([*slots.agent, *slots.patient, *slots.pair]))
    agent = slots.agent[:1] or names[:1]
    return Slots(agent=agent, patient=[n for n in names if n not in agent])


def equity_alliance(noun: Token, rules: DealRules) -> bool:
    """'a capital alliance', 'a capital tie-up': an equity deal (investment), not a partnership; 'a capital and
    business alliance' (another partnership modifier) stays one (models: equity_alliance_modifiers)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    mods = {t.lemma_.lower() for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree}
    other_kinds = rules.partnership_mods | rules.equity_alliance_unless
    return bool(mods & rules.equity_alliance_mods) and not (mods & other_kinds)
