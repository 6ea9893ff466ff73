"""Who fills a slot of one deal word: its subject (climbing through control, coordination and a
verbless headline), its prepositional objects, its possessors and the firms named in its modifiers.

The firm names a single token stands for come from `pipeline.nlp.roles.names_at`.
"""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.nlp.roles import PASSIVE_SUBJ, SUBJ, DocContext, names_at
from pipeline.nlp.rules import DealRules

CLIMB_DEPS = {"xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "relcl", "ccomp", "attr", "appos", "oprd"}
OF_HEADS = {"understanding", "intent", "intention"}


def prep_objects(tok: Token, preps: tuple[str, ...] | set[str], ctx: DocContext) -> list[str]:
    """Firms in `tok`'s prepositional complements; 'a memorandum of understanding with X' counts X."""
    out: list[str] = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in OF_HEADS:
                    out.extend(n for n in prep_objects(obj, preps, ctx) if n not in out)
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
    fronted = for_to_subject(verb, ctx) or gerund_subject(verb, ctx)
    if fronted:
        return fronted
    if verb.dep_ == "relcl":
        named = names_at(verb.head, ctx)
        if named or not is_infinitive(verb) or verb.head.lemma_.lower() not in rules.frame_heads:
            return named
        # 'X and Y are in talks to cooperate': the infinitive hangs on the unnamed talks; their holders act
    head = verb.head
    if verb.dep_ == "prep" and head.dep_ == "ROOT" and head.pos_ == "PROPN":
        return names_at(head, ctx)  # a verbless headline, 'X in talks with Y for ...': the firm it is about
    if depth > 5 or head == verb or verb.dep_ not in CLIMB_DEPS:
        return []
    if verb.dep_ == "xcomp" and head.lemma_ in rules.agent_from_object:
        objects = [n for c in head.children if c.dep_ == "dobj" for n in names_at(c, ctx)]
        if objects:
            return objects
    if verb.dep_ == "xcomp":  # 'Nissan will be required / is expected to invest'
        passive = [n for c in head.children if c.dep_ in PASSIVE_SUBJ for n in names_at(c, ctx)]
        if passive:
            return passive
    if head.pos_ in ("NOUN", "PROPN"):
        owners = [n for c in head.children if c.dep_ == "poss" for n in names_at(c, ctx)]
        if owners:
            return owners
    return subject_of(head, ctx, rules, depth + 1)


def is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def for_to_subject(verb: Token, ctx: DocContext) -> list[str]:
    """'talks for Tencent to invest in X', 'a plan for Foxconn to buy ...': the firm between 'for' and 'to'."""
    doc, i = verb.doc, verb.i - 2
    if i < 1 or doc[verb.i - 1].lower_ != "to" or doc[verb.i - 1].head.i != verb.i:
        return []
    name = ctx.tok2name.get(i)
    if name is None:
        return []
    while i > 0 and ctx.tok2name.get(i - 1) == name:
        i -= 1
    return [name] if i > 0 and doc[i - 1].lower_ == "for" else []


def gerund_subject(verb: Token, ctx: DocContext) -> list[str]:
    """'talks over the trading house buying a block of shares': the firm named just before a gerund."""
    if verb.tag_ != "VBG" or verb.i < 1:
        return []
    prev = verb.doc[verb.i - 1]
    if prev.dep_ != "pobj" or prev.head.lower_ not in ("over", "about", "on", "of"):
        return []
    return names_at(prev, ctx)


def approached_party(trigger: Token, ctx: DocContext, rules: DealRules) -> list[str]:
    """'X approached Y about buying a stake': Y is the patient of the deal under the approach."""
    tok = trigger
    for _ in range(5):
        if tok.head == tok:
            return []
        tok = tok.head
        if tok.lemma_ in rules.patient_from_object:
            passive = [n for c in tok.children if c.dep_ in PASSIVE_SUBJ for n in names_at(c, ctx)]
            objects = [n for c in tok.children if c.dep_ in ("dobj", "dative") for n in names_at(c, ctx)]
            return passive or objects
    return []


WAY_COUNTS = {"three": 3, "four": 4, "five": 5, "3": 3, "4": 4, "5": 5}


def way_size(noun: Token) -> int:
    """'a four-way tie-up' 4, 'a three-way merger' 3, else 0 (spaCy splits 'four-way' in three tokens)."""
    for left in noun.lefts:
        way = left if left.lower_ == "way" else None
        if way is None and left.lower_.endswith("-way"):
            return WAY_COUNTS.get(left.lower_[:-4], 0)
        if way is not None:
            return next((WAY_COUNTS[c.lower_] for c in way.children if c.lower_ in WAY_COUNTS), 0)
    return 0


def approached_member(noun: Token, frame: Token, named: list[str], ctx: DocContext, rules: DealRules) -> list[str]:
    """'X approached Honda about a four-way tie-up with Nissan and Mitsubishi Motors': a many-sided
    deal that names fewer sides than it has counts the firm approached about it as one of them."""
    size = way_size(noun)
    if not size or len(set(named)) >= size:
        return []
    return [n for n in approached_party(frame, ctx, rules) if n not in named]


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
