"""Deal frames read around a word that is not itself a deal noun or stake verb.

- asset sales: 'X sells its plant to Y', 'in talks with Y about selling its factory', 'the sale
  of X's site to Y', 'the company's sale to Y' -> Y acquires X;
- purpose verbs (deal_rules.json verb triggers of type partnership that are also framed
  purpose cues: supply, develop, manufacture ...): a pact only when done 'jointly' or under
  'agree'/'sign'/'plan' or a deal noun, with two firms named;
- joint action: 'talks with Y about jointly investing in a plant' -> X and Y are partners;
- complement triggers: 'take X private';
- non-events: 'continue to cooperate', 'future cooperation', 'a high chance that X would tie up';
- debt trades: 'bought 550 mln dlrs of bills', 'buys debt from X' (security_nouns) are no acquisition.

The word lists are data: "frame_words" in models/deal_rules.json (rules.frame_words).
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.roles import DocContext, Slots, names_at, owner_names
from pipeline.nlp.slot_finders import entity_modifiers, possessors, prep_objects, subject_of
from pipeline.nlp.rules import DealRules, Trigger

SYMMETRIC = {"merger", "partnership"}  # the symmetric event types (every side a partner)


def counterpart_in_talks(tok: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'in talks with X to sell', 'negotiating with X over the sale': X is the other side."""
    talk_words = rules.frame_words.talk_words
    cur = tok
    for _ in range(6):
        if cur.head == cur:
            return []
        cur = cur.head
        if cur.lemma_ in talk_words:
            return prep_objects(cur, ("with",), ctx) or (
                prep_objects(cur.head, ("with",), ctx) if cur.dep_ == "pobj" else [])
        if cur.dep_ == "pobj" and cur.head.head.lemma_ in talk_words:
            return prep_objects(cur.head.head, ("with",), ctx)
        held = [c for c in cur.children if c.dep_ == "dobj" and c.lemma_ in talk_words]
        if held and cur.pos_ in ("VERB", "AUX"):  # 'held talks with X about selling ...'
            return prep_objects(held[0], ("with",), ctx)
    return []


def misparsed_to(obj: Token, ctx: DocContext) -> list[str]:
    """'sell 14 lending offices to Goldome FSB' with 'to' read as an infinitive marker, or 'to X'
    hung on a participle after the object: the first 'to' after the sold object, directly
    followed by a firm's name, names the buyer."""
    doc = obj.doc
    for tok in doc[obj.i + 1:obj.sent.end - 1]:
        if tok.lower_ == "to":
            name = ctx.tok2name.get(tok.i + 1)
            return [name] if name else []
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in INSERT_DEPS or tok.text in (";", ":"):
            return []
    return []


INSERT_DEPS = {"advcl", "acl", "prep"}  # 'representing 5,000 subscribers', 'excluding real estate': an aside


def stray_to_objects(noun: Token, ctx: DocContext) -> list[str]:
    """'a stake in its unit Renault do Brasil to Geely' with 'do' parsed as a verb: a 'to' phrase
    hung on a word inside a firm's name after the stake noun belongs to the sale."""
    for tok in noun.sent:
        in_name = tok.head.i in ctx.tok2name or tok.head.i in ctx.cand2name
        if tok.i > noun.i and tok.dep_ == "prep" and tok.lower_ == "to" and in_name and tok.head.i > noun.i:
            return prep_objects(tok.head, ("to",), ctx)
    return []


def complement_slots(verb: Token, words: frozenset[str], ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'take X private': the word on the verb or after its object, or parsed as the object itself
    with the firm as its compound ('take [Denso private]'); passive 'X agreed to be taken private by Y'."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    near = list(verb.children) + [c for o in objects for c in o.rights]
    if not any(c.lower_ in words for c in near):
        return None
    targets = [n for o in objects for n in names_at(o, ctx)] or [
        n for o in objects if o.lower_ in words for n in entity_modifiers(o, ctx)]
    if not objects and any(c.dep_ == "auxpass" for c in verb.children):  # 'X was taken private by Y'
        passive = [n for c in verb.children if c.dep_ == "nsubjpass" for n in names_at(c, ctx)]
        targets = passive or ([] if verb.dep_ != "xcomp" else subject_of(verb.head, ctx, rules))
        agent = prep_objects(verb, ("by",), ctx)
        return ("acquisition", Slots(agent=agent, patient=[n for n in targets if n not in agent])) if targets else None
    agent = subject_of(verb, ctx, rules)
    targets = [n for n in targets if n not in agent]
    return ("acquisition", Slots(agent=agent, patient=targets)) if targets else None


def part_whole(obj: Token, rules: DealRules) -> Token:
    """'part of its controls division', 'three of its stores': the whole the part is of."""
    if obj.lemma_ in rules.frame_words.part_words or obj.like_num:
        return next((o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj"), obj)
    return obj


def asset_object(obj: Token, rules: DealRules) -> Token | None:
    """The physical asset an object names: 'its plant', 'part of its factory site'."""
    obj = part_whole(obj, rules)
    if obj.lemma_ in rules.asset_nouns and obj.lemma_ not in rules.unit_nouns:
        return obj
    return None


def asset_sale_slots(verb: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'X sells its plant to Y', 'X is in talks with Y about selling its factory': Y acquires X's asset."""
    assets = [a for c in verb.children if c.dep_ == "dobj" for a in [asset_object(c, rules)] if a is not None]
    if not assets:
        return None
    owners = owner_names(assets[0], ctx) or subject_of(verb, ctx, rules)
    buyers = prep_objects(verb, ("to",), ctx) or prep_objects(assets[0], ("to",), ctx) \
        or counterpart_in_talks(verb, ctx, rules) or misparsed_to(assets[0], ctx)
    buyers = [n for n in buyers if n not in owners]
    if not owners or not buyers:
        return None
    return "acquisition", Slots(agent=buyers, patient=owners)


UNIT_SALE_VERBS = {"sell", "divest"}


def appositive_names(noun: Token, ctx: DocContext) -> list[str]:
    """'two subsidiaries, Arden Sports Inc and Osprey Trading Inc': the units the noun names. The
    parser often hangs such a list elsewhere, so the names are read from the words after the comma."""
    found = [n for c in noun.children if c.dep_ == "appos" for n in names_at(c, ctx)]
    doc, i = noun.doc, noun.i + 1
    if found or i + 1 >= noun.sent.end or doc[i].text != "," or (i + 1) not in ctx.tok2name:
        return found
    i += 1
    while i < noun.sent.end:
        name = ctx.tok2name.get(i)
        if name is not None:
            if name not in found:
                found.append(name)
        elif doc[i].lower_ not in (",", "and", "<", ">"):
            break
        i += 1
    return found


def unit_sale_slots(verb: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'X sold its Promedico subsidiary (to Y)', 'X agreed to sell its controls division to Y'.

    A named firm or unit sold to a named buyer is the buyer's acquisition of it (the seller is
    no party: Reuters annotation convention); with no buyer named it is the seller's
    divestment. An unnamed unit or business sold to a named buyer is an acquisition of the
    seller's assets (seller as target), like a plant.
    """
    if verb.lemma_.lower() not in UNIT_SALE_VERBS:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_ not in rules.stake_nouns]
    if not objects:
        return None
    obj = objects[0]
    if part_whole(obj, rules).lemma_ in rules.unit_nouns:  # 'part of its controls division'
        obj = part_whole(obj, rules)
    sellers = subject_of(verb, ctx, rules)
    named = names_at(obj, ctx) or (entity_modifiers(obj, ctx) or appositive_names(obj, ctx)
                                   if obj.lemma_ in rules.unit_nouns else [])
    units = [n for n in named if n not in sellers]  # 'its Home and Garden division' (an nmod pair)
    buyers = [n for n in prep_objects(verb, ("to",), ctx) or prep_objects(obj, ("to",), ctx)
              or misparsed_to(obj, ctx) if n not in sellers and n not in units]
    if units and buyers:
        return "acquisition", Slots(agent=buyers, patient=units[:1])
    if units and sellers:  # no buyer, or one that is no firm ('to an investor group', 'to its managers')
        return "divestment", Slots(agent=sellers, patient=units[:1])
    if not units and buyers and sellers and not named and (obj.lemma_ in rules.unit_nouns or owned_unit(obj, rules)):
        return "acquisition", Slots(agent=buyers, patient=sellers)
    return None


def owned_unit(obj: Token, rules: DealRules) -> bool:
    """'its industrial products group', 'its U.K. marketing companies': a firm word the seller owns
    ('its') is one of its units (models/deal_rules.json owned_unit_nouns)."""
    return obj.lemma_.lower() in rules.owned_unit_nouns and any(
        c.dep_ == "poss" and c.lower_ == "its" for c in obj.children)


PURPOSE_DEPS = {"xcomp", "acl", "advcl", "ccomp", "relcl"}   # parser labels of a purpose clause


def in_deal_frame(verb: Token, rules: DealRules) -> bool:
    """'agreed to supply', 'a contract to manufacture', 'signed a memorandum ... to have X build'."""
    cur = verb
    for _ in range(2):
        if cur.dep_ not in PURPOSE_DEPS or cur.head == cur:
            return False
        cur = cur.head
        lemma = cur.lemma_.lower()
        if lemma in rules.frame_words.frame_verbs or (cur.pos_ == "NOUN" and lemma in rules.framed_nouns):
            return True
    return False


def is_joint(verb: Token, rules: DealRules) -> bool:
    return any(c.lower_ in rules.frame_words.joint_adverbs for c in verb.children if c.dep_ == "advmod")


def joint_slots(verb: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'talks with Y about jointly investing in a plant', 'X and Y will jointly acquire Z' (when
    the object names no firm): the firms acting together are partners."""
    objects = [n for c in verb.children if c.dep_ == "dobj" for n in names_at(c, ctx)]
    if objects:
        return None  # 'jointly acquire Z': a deal of Z, read as usual
    agent = subject_of(verb, ctx, rules)
    patient = [n for n in prep_objects(verb, ("with",), ctx) or counterpart_in_talks(verb, ctx, rules)
               if n not in agent]
    if len(set(agent) | set(patient)) < 2:
        return None
    return "partnership", Slots(agent=agent, patient=patient)


def purpose_slots(verb: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'X and Y will jointly develop', 'X agreed to supply vehicles to Y': a cooperation pact, two firms."""
    chooser = chosen_for(verb, ctx, rules) or permitted_for(verb, ctx, rules)
    if chooser is not None:  # 'Nissan has chosen Foxconn to build EVs': the chosen firm works for the chooser
        return "partnership", chooser
    joint = is_joint(verb, rules)
    if not joint and not in_deal_frame(verb, rules):
        return None
    agent = subject_of(verb, ctx, rules)
    patient = [n for n in prep_objects(verb, ("to", "for", "with", "from"), ctx) if n not in agent]
    if not patient and verb.dep_ in PURPOSE_DEPS and verb.head.lemma_.lower() in rules.frame_words.frame_verbs:
        patient = [n for n in prep_objects(verb.head, ("with",), ctx) if n not in agent]  # 'agreed with Y to build'
    if len(set(agent) | set(patient)) < 2 or (not joint and not patient and len(agent) < 2):
        return None
    return "partnership", Slots(agent=agent, patient=patient)


def chosen_for(verb: Token, ctx: DocContext, rules: DealRules) -> Slots | None:
    """'X picked Y to supply batteries': Y (the chooser's object) and X (its subject) are partners."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "advcl") or head == verb or head.lemma_.lower() not in rules.frame_words.chooser_verbs:
        return None
    chosen = [n for c in head.children if c.dep_ == "dobj" for n in names_at(c, ctx)]
    chooser = [n for n in subject_of(head, ctx, rules) if n not in chosen]
    return Slots(agent=chooser, patient=chosen) if chosen and chooser else None


def permitted_for(verb: Token, ctx: DocContext, rules: DealRules) -> Slots | None:
    """'negotiating with Foxconn to let the electronics maker build EVs at its plant', 'in discussions
    to allow Foxconn to use its plant to build cars': under talks or a pact, the firm let do the
    work and the firm that lets it are partners (a law or a deal that 'allows X to build' is not)."""
    cur = verb
    for _ in range(3):
        if cur.dep_ not in PURPOSE_DEPS or cur.head == cur:
            return None
        below, cur = cur, cur.head
        if cur.lemma_.lower() in rules.frame_words.permission_verbs:
            break
    else:
        return None
    frame = cur.head
    words = rules.frame_words
    if cur.dep_ not in PURPOSE_DEPS or not (frame.lemma_.lower() in words.talk_words | words.frame_verbs):
        return None
    let = [n for c in (*cur.children, *below.children) if c.dep_ in ("dobj", "nsubj") and c.i > cur.i
           for n in names_at(c, ctx)]
    grantor = [n for n in subject_of(frame if frame.pos_ in ("VERB", "AUX") else frame.head, ctx, rules)
               if n not in let]
    return Slots(agent=grantor, patient=let) if let and grantor else None


def opposed(frame: Token, rules: DealRules) -> bool:
    """'says it will fight the Nippon Steel deal', 'opposed the sale of X': the subject opposes
    the deal, it is no party to it."""
    return frame.dep_ == "dobj" and frame.head.lemma_.lower() in rules.opponent_verbs


def firm_sale_slots(noun: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'the company's sale to Y', 'the sale of X to Y', 'the sale of X's plant to Y': Y acquires."""
    of_objects = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                  if o.dep_ == "pobj"]
    if any(o.lemma_ in rules.stake_nouns for o in of_objects):
        return None
    share = next((o for o in of_objects if o.lower_ in PERCENT_WORDS), None)
    if share is not None:
        return percent_sale_slots(noun, share, ctx, rules)
    asset = next((a for o in of_objects for a in [asset_object(o, rules) or unnamed_unit(o, ctx, rules)]
                  if a is not None), None)
    named_units = [n for o in of_objects for n in names_at(o, ctx)]
    targets = asset_owner(asset, ctx, rules) if asset is not None else (named_units or possessors(noun, ctx))
    buyers = [n for n in prep_objects(noun, ("to",), ctx) if n not in targets]
    if not buyers and asset is not None:  # 'the sale of its three plants to Atlas Roofing' (to on the plants)
        buyers = [n for n in prep_objects(asset, ("to",), ctx) if n not in targets]
    if not buyers:
        buyers = [n for n in sale_counterpart(noun, ctx, rules) if n not in targets]
    if not buyers and asset is not None:  # 'the sale of assets of its division, excluding X, to Y'
        buyers = [n for n in misparsed_to(asset, ctx) if n not in targets]
    if not targets or (len(targets) > 1 and (asset is not None or not named_units)):
        return None  # several named units ('its X Co and Y Co subsidiaries') are one sale of them all
    if buyers:
        return "acquisition", Slots(agent=buyers, patient=targets)
    sellers = [] if opposed(noun, rules) else [n for n in sale_owner(noun, ctx, rules) if n not in targets]
    if named_units and sellers and not any(p.dep_ == "prep" and p.lower_ == "to" for p in noun.children):
        return "divestment", Slots(agent=sellers, patient=targets)  # 'completed the sale of its unit X'
    return None


SALE_FRAME_PREPS = {"for", "on", "over", "covering", "regarding"}


def sale_counterpart(noun: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """The buyer of a sale noun named outside its own phrase: 'completed the sale of its unit to Y'
    ('to' on the verb), 'signed a letter of intent with Y for the sale of its business',
    'in talks with Y over the sale of its division'."""
    if noun.dep_ == "dobj":
        return prep_objects(noun.head, ("to",), ctx)
    if noun.dep_ == "pobj" and noun.head.lower_ in SALE_FRAME_PREPS:
        frame = noun.head.head
        held = [c for c in frame.children if c.dep_ == "dobj" and c.lemma_ in rules.framed_nouns]
        return prep_objects(frame, ("with",), ctx) or [
            n for h in held for n in prep_objects(h, ("with",), ctx)] or counterpart_in_talks(noun, ctx, rules)
    return counterpart_in_talks(noun, ctx, rules)


def asset_owner(asset: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """Who owns a sold asset; 'the assets of its retail division', 'the assets of its stores': the
    owner of the unnamed unit or asset they belong to."""
    owners = owner_names(asset, ctx)
    if owners:
        return owners
    whole = next((o for p in asset.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                  if o.dep_ == "pobj" and not names_at(o, ctx)
                  and (o.lemma_ in rules.unit_nouns or o.lemma_ in rules.asset_nouns)), None)
    return owner_names(whole, ctx) if whole is not None else []


def unnamed_unit(obj: Token, ctx: DocContext, rules: DealRules) -> Token | None:
    """'its computer output microfilm business': a unit with no name of its own is the owner's asset."""
    if obj.lemma_ in rules.unit_nouns and not names_at(obj, ctx) and owner_names(obj, ctx):
        return obj
    return None


def sale_owner(noun: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """Who sells: the sale's possessor, else the subject of the verb over 'the sale'."""
    owners = possessors(noun, ctx)
    if owners:
        return owners
    verb = noun.head if noun.head.pos_ in ("VERB", "AUX") else None
    return subject_of(verb, ctx, rules) if verb is not None else []


PERCENT_WORDS = {"%", "percent", "per cent", "pct"}   # spellings of the percent sign, not rules


def percent_sale_slots(noun: Token, share: Token, ctx: DocContext, rules: DealRules) -> tuple[str, Slots] | None:
    """'X completed the sale of 5% of Y's share capital (to Z)': X divests part of Y."""
    targets = [n for o in share.children if o.dep_ == "prep" and o.lower_ == "of" for p in o.children
               if p.dep_ == "pobj" for n in (names_at(p, ctx) or owner_names(p, ctx))]
    verb = noun.head if noun.head.pos_ in ("VERB", "AUX") else None
    sellers = possessors(noun, ctx) or (subject_of(verb, ctx, rules) if verb is not None else [])
    sellers = [n for n in sellers if n not in targets]
    if len(targets) != 1 or not sellers:
        return None
    buyers = [n for n in prep_objects(noun, ("to",), ctx) if n not in targets + sellers]
    return "divestment", Slots(agent=sellers, patient=targets, buyer=buyers)


def reshaped(noun: Token, verbs: frozenset[str]) -> bool:
    """'rework their alliance', 'loosening one of the longest-running alliances': an existing deal reshaped."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        noun = noun.head.head
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in verbs


def is_non_event(tok: Token, spec: Trigger, rules: DealRules) -> bool:
    """Not a deal event: an ongoing, reshaped or vague cooperation ('continue to cooperate', 'rework
    their alliance', 'future cooperation'), or a deal said only to have odds of happening ('a high
    chance that X would tie up with Y': market odds, not a proposal)."""
    words = rules.frame_words
    if spec.type in SYMMETRIC and membership_description(tok, words.member_heads):
        return True
    if spec.type in SYMMETRIC:
        if tok.dep_ in ("xcomp", "dobj") and tok.head.lemma_.lower() in words.ongoing_verbs:
            return True
        if rules.existing_deal_verbs and reshaped(tok, rules.existing_deal_verbs):
            return True
        if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in words.vague_modifiers for c in tok.children):
            return True
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("acl", "ccomp", "relcl", "xcomp") or cur.head == cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in words.odds_nouns:
            return True
    return False


def membership_description(tok: Token, member_heads: frozenset[str]) -> bool:
    """'Mitsubishi Motors, a junior partner in the Nissan-Renault alliance, ...': the deal word sits in an
    appositive that says what a firm is a member of, a pact that exists, not a deal the sentence reports."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return False
        if anc.dep_ == "appos":
            return anc.lemma_.lower() in member_heads
    return False


def debt_trade(spec: Trigger, objects: list[Token], rules: DealRules) -> bool:
    """'X bought 550 mln dlrs of bills', 'X buys debt from Y', 'acquired its notes': debt or paper
    changing hands is no deal (models: security_nouns); 'buy X's shares' is read as a stake."""
    if spec.type != "acquisition":
        return False
    heads = [next((p for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj"), o) if o.like_num or o.lower_ in AMOUNT_WORDS else o for o in objects]
    return bool(heads) and all(h.lemma_.lower() in rules.security_nouns for h in heads)


AMOUNT_WORDS = {"dlrs", "dlr", "dollars", "stg", "yen", "francs", "marks", "mln", "billion"}  # '550 mln dlrs of bills'
