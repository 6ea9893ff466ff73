"""Stakes: who trades shares in whom, and whether the trade is an investment, a sale or control.

'take/raise/cut/sell a stake in X', 'the sale of its 65 pct interest in X to Y', 'buy shares in X
from Y', stake filings by persons and unnamed investor groups (the target alone makes the event),
and a stake taken past half (control: an acquisition).
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.frames import counterpart_in_talks, stray_to_objects
from pipeline.nlp.roles import DocContext, Slots
from pipeline.nlp.slot_finders import approached_party, entity_modifiers, possessors, prep_objects, subject_of
from pipeline.nlp.rules import DealRules

HOLD_VERBS = {"own", "hold", "have", "retain", "keep", "control"}
PERCENT_SIGNS = {"pct", "%", "percent", "pc"}


def first_verb_above(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def sale_frame(noun: Token, rules: DealRules) -> Token | None:
    """A sale noun governing the stake noun below the first verb: 'the planned sale of its stake'."""
    cur = noun
    for _ in range(4):
        if cur.head == cur or cur.head.pos_ in ("VERB", "AUX"):
            return None
        cur = cur.head
        if cur.pos_ == "NOUN" and cur.lemma_.lower() in rules.sale_nouns:
            return cur
    return None


def stake_owner(noun: Token, ctx: DocContext) -> list[str]:
    """Whose shares: 'Nissan's holding', 'a block of Nissan shares', 'its stake'."""
    return possessors(noun, ctx) or entity_modifiers(noun, ctx)


def stock_holder(noun: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'its stake in Bench Craft Inc common stock': the firm whose stock the stake is in."""
    out: list[str] = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in rules.stake_nouns | {"stock"}:
                    out += [n for n in possessors(obj, ctx) + entity_modifiers(obj, ctx)
                            + prep_objects(obj, ("of", "in"), ctx) if n not in out]
    return out


def stake_slots(noun: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'take/raise/cut/sell a stake in X': the type comes from the governing verb or sale noun.

    A sale ('sell', 'the sale of', 'buy ... from Y', 'buy Y's holding') is one divestment:
    seller, target (whose shares), buyer when named; never also an investment.
    """
    verb = first_verb_above(noun)
    sale = sale_frame(noun, rules)
    slots = Slots(patient=prep_objects(noun, ("in", "of"), ctx) or stock_holder(noun, ctx, rules))
    if verb is None and sale is None:
        return None
    if not slots.patient and verb is not None and noun.dep_ == "dobj" and noun.head.i == verb.i:
        slots.patient = prep_objects(verb, ("in",), ctx)  # 'buy shares in X' with the PP on the verb
    if sale is None and verb.lemma_ in HOLD_VERBS:
        return None
    if sale is not None or verb.lemma_ in rules.sell_verbs:
        owners = possessors(noun, ctx) or (possessors(sale, ctx) if sale is not None else [])
        slots.agent = owners or (subject_of(verb, ctx, rules) if verb is not None else [])
        slots.solo = not slots.agent and verb is not None and personal_agent(verb, rules)
        if not slots.patient:
            slots.patient = [n for n in entity_modifiers(noun, ctx) if n not in slots.agent]
        frames = [f for f in (noun, sale, verb) if f is not None]
        slots.buyer = [n for f in frames for n in prep_objects(f, ("to",), ctx)] or [
            n for p in noun.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"
            for n in prep_objects(o, ("to",), ctx)]
        if not slots.buyer:
            slots.buyer = [n for n in counterpart_in_talks(noun, ctx, rules) or stray_to_objects(noun, ctx)
                           if n not in slots.agent + slots.patient]
        if not slots.patient and slots.agent and slots.buyer \
                and any(held_in_assets(f, ctx) for f in (noun, sale) if f is not None):
            # 'the sale of interests in two oil fields to Y': Y buys the seller's assets
            return "acquisition", Slots(agent=slots.buyer, patient=slots.agent)
        return "divestment", slots
    held = holder_sale(verb, noun, slots.patient, ctx, rules)
    if held is not None:
        return "divestment", held
    slots.agent = subject_of(verb, ctx, rules) or possessors(noun, ctx) or prep_objects(noun, ("by",), ctx)
    slots.solo = not slots.agent and personal_agent(verb, rules)
    if not slots.patient:  # 'buying the French company's Nissan shares'
        slots.patient = [n for n in entity_modifiers(noun, ctx) if n not in slots.agent]
    if not slots.patient:
        slots.patient = approached_party(noun, ctx, rules)
    sellers = stake_sellers(verb, noun, ctx)
    if not sellers and slots.patient:
        sellers = [n for n in stake_owner(noun, ctx) if n not in slots.agent and n not in slots.patient]
    sellers = [n for n in sellers if n not in slots.agent and n not in slots.patient]
    said_control = any(c.lower_ in rules.control_mods for c in noun.lefts)
    control = said_control or majority_level(verb or noun)
    if sellers and slots.patient and not (said_control and slots.agent):
        return "divestment", Slots(agent=sellers, patient=slots.patient, buyer=slots.agent)
    # 'the acquisition of a controlling stake in X from KKR': the buyer takes control of X, an acquisition
    return ("acquisition" if control else "investment"), slots


def holder_sale(verb: Token | None, noun: Token, patient: list[str], ctx: DocContext,
                rules: DealRules) -> Slots | None:
    """'(X is) open to buying Renault's stake in Nissan': a named holder's stake in a named firm,
    bought: the holder sells, the firm's shares are the target and the subject, when named, buys."""
    if verb is None or verb.lemma_.lower() not in rules.holder_sale_verbs or not patient:
        return None
    buyer = subject_of(verb, ctx, rules) or open_to_subject(verb, ctx, rules)
    holders = [n for n in possessors(noun, ctx) if n not in buyer and n not in patient]
    if not holders:
        return None
    return Slots(agent=holders, patient=patient, buyer=buyer)


def open_to_subject(verb: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'X is open to / ready for buying ...': the buyer is the subject of the adjective's verb."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.head.dep_ != "acomp":
        return []
    return subject_of(prep.head.head, ctx, rules)


def stake_sellers(verb: Token | None, noun: Token, ctx: DocContext) -> list[str]:
    """Who the shares are bought from: 'from Y' on the verb, on the share noun, on its apposition
    ('2.3 mln X shares, about 9.9 pct, from Y') or on the firm the stake is in ('a 28 pct
    interest in the X venture from Y')."""
    holders = [noun] + [c for c in noun.children if c.dep_ == "appos"] + [
        o for p in noun.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children if o.dep_ == "pobj"]
    found = prep_objects(verb, ("from",), ctx) if verb is not None else []
    for holder in holders:
        found = found or prep_objects(holder, ("from",), ctx)
    return found


def held_in_assets(noun: Token, ctx: DocContext) -> bool:
    """'interests in two major oil and gas fields': a stake in things, not in a named firm."""
    return any(o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") and o.i not in ctx.tok2name
               for p in noun.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children)


def property_holdings(verb: Token, objects: list[Token], rules: DealRules,
                      ctx: DocContext) -> tuple[list[Token], list[Token]]:
    """The stake objects of `verb` that are interests in property, not in a firm, with the property
    words: 'a 47 pct working interest in the Broussard Gas Field', 'a half interest in a Texas
    refinery' (the 'in' phrase on the stake noun or on the verb names no firm); ([], []) otherwise."""
    stakes = [o for o in objects if o.lemma_ in rules.stake_nouns and o.lemma_ not in ("share", "shares", "equity")]
    held = [o for s in stakes for p in (*s.children, *verb.children) if p.dep_ == "prep" and p.lower_ == "in"
            for o in p.children if o.dep_ == "pobj"]
    if not held or any(o.i in ctx.tok2name or o.pos_ not in ("NOUN", "PROPN") for o in held):
        return [], []
    return stakes, held


def property_interest_sellers(verb: Token, objects: list[Token], ctx: DocContext, rules: DealRules) -> list[str]:
    """Who sells an interest in property ('... in the X gas field from Y'): Y, whose assets are bought."""
    stakes, held = property_holdings(verb, objects, rules, ctx)
    return [n for f in (verb, *stakes, *held) for n in prep_objects(f, ("from",), ctx)] if stakes else []


def sale_in_slots(noun: Token, ctx: DocContext) -> tuple[str, Slots] | None:
    """'Singtel's stake sale in Bharti Airtel', 'Antfin's 2,104 crore sale in Paytm', 'the share sale
    in X by Y': a firm is sold 'of', shares are sold 'in'. A sale noun with an 'in' firm and no 'of'
    phrase is a stake sale: the owner or 'by' firm sells, the 'in' firm is the target."""
    if any(p.dep_ == "prep" and p.lower_ == "of" for p in noun.children):
        return None
    targets = prep_objects(noun, ("in",), ctx)
    held = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children if o.dep_ == "pobj"]
    sellers = possessors(noun, ctx) or [n for t in (noun, *held) for n in prep_objects(t, ("by",), ctx)]
    sellers = [n for n in sellers if n not in targets]
    if not targets or not sellers:
        return None
    buyers = [n for n in prep_objects(noun, ("to",), ctx) if n not in targets + sellers]
    return "divestment", Slots(agent=sellers, patient=targets, buyer=buyers)


SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we"}


def personal_agent(verb: Token, rules: DealRules, depth: int = 0) -> bool:
    """Is the one who trades the stake a person or an unnamed group ('Investor X raised his stake',
    'a shareholder group said it cut its stake')? Then the target alone makes the event."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        head = verb.head
        return depth < 2 and head != verb and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp") \
            and head.pos_ in ("VERB", "AUX") and personal_agent(head, rules, depth + 1)
    subj = subjects[0]
    if subj.ent_type_ == "PERSON" or subj.lemma_.lower() in rules.group_agents:
        return True
    if subj.lower_ in SUBJECT_PRONOUNS and depth < 2:
        head = verb.head
        while head != head.head and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        return head != verb and head.pos_ in ("VERB", "AUX") and personal_agent(head, rules, depth + 1)
    return False


def majority_level(verb: Token) -> bool:
    """'boosting its holdings to about 83 pct': a stake past half is control (an acquisition)."""
    levels = []
    for tok in verb.subtree:
        if tok.like_num and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in PERCENT_SIGNS:
            try:
                levels.append(float(tok.text.replace(",", "")))
            except ValueError:
                continue
    return bool(levels) and max(levels) > 50 and max(levels) <= 100


def price_unit(noun: Token) -> bool:
    """'145 dlrs per share', '27 dlrs a share', 'for each share': the share prices a deal, it is not traded."""
    if noun.head.lower_ == "per" or noun.head.lower_ == "for" and any(c.lower_ == "each" for c in noun.children):
        return True
    det = [c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an", "each")]
    before = noun.doc[max(noun.sent.start, noun.i - 4):noun.i]
    return bool(det) and any(t.like_num or t.tag_ == "$" or t.ent_type_ == "MONEY" for t in before)


def stake_traded(noun: Token, rules: DealRules) -> bool:
    """'sell its shares in X', 'the sale of a block of X shares', 'buy shares in X from Y'."""
    if price_unit(noun):
        return False
    if sale_frame(noun, rules) is not None:
        return True
    verb = first_verb_above(noun)
    if verb is None:
        return False
    lemma = verb.lemma_.lower()
    return lemma in rules.sell_verbs or lemma in rules.buy_verbs or lemma in rules.verbs


def rules_stake_triggers(rules: DealRules) -> set[str]:
    return {n for n in rules.nouns if n in rules.stake_nouns}


BIDDER_PREPS = ("from", "by")


def personal_bidder(frame: Token, rules: DealRules) -> bool:
    """Is a bid or offer made by a person or an unnamed group ('an offer from investor X',
    'a proposal from a third party', 'the tender offer by an investor group', 'X's offer' with X a
    person)? Persons are never parties: the target alone makes the event."""
    verb = first_verb_above(frame)
    holders = [frame] + ([verb] if verb is not None and verb.lemma_ in rules.recipient_verbs else [])
    bidders = [o for h in holders for p in h.subtree if p.dep_ in ("prep", "agent") and p.lower_ in BIDDER_PREPS
               and same_clause(p, h) for o in p.children if o.dep_ == "pobj"]
    bidders += [c for c in frame.children if c.dep_ == "poss" and c.ent_type_ == "PERSON"]
    return any(b.ent_type_ == "PERSON" or (b.pos_ == "NOUN" and b.lemma_.lower() in rules.group_agents | {"party"})
               for b in bidders)


def same_clause(tok: Token, top: Token) -> bool:
    """Does `tok` hang on `top` without another verb between ('an offer at 28 dlrs from X')?"""
    cur = tok.head
    while cur.i != top.i and cur.head.i != cur.i:
        if cur.pos_ in ("VERB", "AUX"):
            return False
        cur = cur.head
    return cur.i == top.i
