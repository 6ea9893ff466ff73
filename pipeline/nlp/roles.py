"""Who plays which part in a deal mention, read from the dependency parse.

`Slots` holds the agent side (subject, possessor, by-phrase) and the patient side
(object, passive subject, prepositional complement) of one trigger; `deals.py`
turns them into roles by event type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token


SUBJ = {"nsubj", "csubj"}
PASSIVE_SUBJ = {"nsubjpass", "csubjpass"}
PRONOUNS = {"it", "its", "they", "their", "them", "itself"}
RELATIVE = {"which", "that", "who", "whom", "whose"}
PAIR_HEADS = {"company", "automaker", "carmaker", "firm", "group", "side", "party", "maker", "partner"}


@dataclass
class Slots:
    agent: list[str] = field(default_factory=list)
    patient: list[str] = field(default_factory=list)
    buyer: list[str] = field(default_factory=list)
    pair: list[str] = field(default_factory=list)
    solo: bool = False  # the agent is a person or an unnamed group: the target alone makes the event


@dataclass
class DocContext:
    """Per-document lookups: token index -> canonical firm name, and recent subjects for pronouns."""

    tok2name: dict[int, str]
    subjects: list[tuple[int, list[str]]] = field(default_factory=list)
    # org-like names the statistical NER mislabelled (PERSON/GPE/NORP/...) or missed: used
    # only when they fill a deal slot; `used` records (name, start, end) so they become ORG entities
    cand2name: dict[int, str] = field(default_factory=dict)
    reject: frozenset[str] = frozenset()
    used: dict[str, tuple[int, int]] = field(default_factory=dict)
    full_names: tuple[str, ...] = ()
    proxy_verbs: frozenset[str] = frozenset()
    unit_nouns: frozenset[str] = frozenset()
    # group references to the latest pair of firms (models/nominals.json "group_references")
    group_heads: frozenset[str] = frozenset(PAIR_HEADS)
    pair_nouns: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()   # models/entity_filters.json "reporting_lemmas"
    organ_nouns: frozenset[str] = frozenset()   # models/deal_rules.json "organ_nouns": 'its board', 'X shareholders'
    group_agents: frozenset[str] = frozenset()   # ... "group_agents": 'an investor group said it ...' names no firm; 'a group including X' names X
    organ_deal_words: frozenset[str] = frozenset()   # ... "organ_deal_words": what they approve ('merger')
    thing_heads: frozenset[str] = frozenset()   # entity_filters building_heads + not_name_heads: 'the X Hotel'

    def expand(self, name: str) -> str:
        """A short form of a longer firm name seen in the article ('Corvalis' -> 'Corvalis Therapeutics')."""
        longer = [n for n in self.full_names if n.startswith(name + " ")]
        return max(longer, key=len) if len(set(longer)) == 1 else name

    def pair_before(self, i: int, size: int = 2, coordinated: list[str] | None = None) -> list[str]:
        """'the two companies' ('the three automakers' with size 3): the latest coordinated subject
        of that many firms, else the latest firms named together ('between X and Y'), else that many
        latest firms."""
        for idx, names in reversed(self.subjects):
            if idx < i and len(names) == size:
                return list(names)
        if coordinated is not None and len(coordinated) == size:
            return coordinated
        latest: list[str] = []
        for idx in sorted((k for k in self.tok2name if k < i), reverse=True):
            name = self.tok2name[idx]
            if name not in latest:
                latest.append(name)
            if len(latest) == size:
                return latest[::-1]
        return []

    def pronoun_referent(self, tok: Token) -> list[str]:
        plural = tok.lower_ in ("they", "their", "them")
        if plural:
            group = clause_group(tok, self)
            if group:  # 'the three automakers will explore their cooperation': the clause's own group
                return group
        speaker = reporting_subject(tok, self.reporting_verbs)
        if speaker is not None and not plural:  # 'a group led by Sterling Group said it has agreed ...'
            found = _proxy_names(speaker, self, 0) if speaker.pos_ == "NOUN" else []
            if found:
                return found
            if speaker.lemma_.lower() in self.group_agents and speaker.i not in self.tok2name:
                return []  # 'an investor group led by John Smith said it bought ...': no firm speaks
        if not plural and in_background_adjunct(tok):
            # 'X to invest in Nissan following the collapse of its merger talks with Honda': the firm last named
            last = max((i for i in self.tok2name if tok.sent.start <= i < tok.i), default=None)
            if last is not None:
                return [self.tok2name[last]]
        for idx, names in reversed(self.subjects):
            if idx < tok.i and (len(names) > 1) == plural:
                return names
        earlier = [n for i, n in sorted(self.tok2name.items()) if i < tok.i]
        return earlier[-1:] if earlier and not plural else []


BACKGROUND_PREPS = {"following", "after", "amid", "since", "despite"}


def in_background_adjunct(pronoun: Token) -> bool:
    """A possessive 'its' inside a 'following / after / amid ...' phrase ('X to invest in Nissan following
    the collapse of its merger talks with Honda'): the phrase recounts the story of the firm last named,
    the verb's object, not of the subject."""
    if pronoun.dep_ != "poss":
        return False
    for anc in pronoun.ancestors:
        if anc.lower_ in BACKGROUND_PREPS and anc.dep_ in ("prep", "advcl", "pcomp"):  # 'following' parsed as a verb
            return True
        if anc.pos_ in ("VERB", "AUX"):
            return False
    return False


def clause_group(pronoun: Token, ctx: "DocContext") -> list[str]:
    """The firms of a group-reference subject ('the three automakers') of the pronoun's own clause."""
    verb = pronoun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return ctx.pair_before(subject.i, group_size(subject)) if is_group_reference(subject, ctx) else []
        if verb.dep_ not in ("xcomp", "conj") or verb.head == verb:
            return []
        verb = verb.head
    return []


def reporting_subject(pronoun: Token, reporting_verbs: frozenset[str]) -> Token | None:
    """The subject of the reporting verb whose clause the pronoun is the subject of ('X said it ...')."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj":
        return None
    while verb.dep_ in ("xcomp", "conj") and verb.head != verb:
        verb = verb.head
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in reporting_verbs:
        return None
    return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)


def names_at(tok: Token, ctx: DocContext, depth: int = 0) -> list[str]:
    """Firm names a token stands for: entity, coordinated entities, pronoun, pair or appositive."""
    out: list[str] = []
    for t in (tok, *own_conjuncts(tok)) if depth == 0 else (tok,):
        found = _names_single(t, ctx, depth)
        out.extend(n for n in found if n not in out)
    if depth == 0 and out and tok.conjuncts:
        out = [n for n in list_lead(tok, ctx) if n not in out] + out
    return out


def own_conjuncts(tok: Token) -> tuple[Token, ...]:
    """`tok`'s coordinated words, without those after an appositive of `tok`: in 'Kellanova, the maker of
    Pringles, Cheez-It, Pop-Tarts and ...' the parser hangs the brand list's tail on Kellanova."""
    # only an appositive with a list of its own ('the maker of A, B'): 'Caisse, the pension fund manager,
    # and Institut Merieux' keeps its second firm
    appos = [c.i for c in tok.children if c.dep_ == "appos" and any(t.dep_ == "conj" for t in c.subtree)]
    if not appos:
        return tok.conjuncts
    return tuple(c for c in tok.conjuncts if c.i < min(appos))


LISTED_DEPS = {"conj", "pobj", "dobj", "poss", "compound", "appos"}


def list_lead(tok: Token, ctx: DocContext) -> list[str]:
    """'MUFG, Mizuho and SMBC ...' parsed with MUFG outside the coordination: the firms before
    `tok` separated by commas from the start of the sentence."""
    doc, i, lead = tok.doc, tok.i, []
    while i - 2 >= tok.sent.start and doc[i - 1].text == "," and (i - 2) in ctx.tok2name:
        name, j = ctx.tok2name[i - 2], i - 2
        while j - 1 >= tok.sent.start and ctx.tok2name.get(j - 1) == name:
            j -= 1
        root = doc[j:i - 1].root
        if root.dep_ in LISTED_DEPS or name in lead:
            return []
        lead.insert(0, name)
        i = j
    return lead if i == tok.sent.start else []


def coordinated_before(tok: Token, ctx: DocContext) -> list[str]:
    """The latest firms named together ('Honda and Nissan') before `tok`, in text order."""
    for idx in sorted((k for k in ctx.tok2name if k < tok.i), reverse=True):
        first = tok.doc[idx]
        names = [ctx.tok2name[c.i] for c in first.conjuncts if c.i in ctx.tok2name and c.i < tok.i]
        if names:
            pair = sorted({ctx.tok2name[idx]: idx, **{ctx.tok2name[c.i]: c.i for c in first.conjuncts
                                                       if c.i in ctx.tok2name}}.items(), key=lambda kv: kv[1])
            return [n for n, _i in pair]
    return []


def _names_single(tok: Token, ctx: DocContext, depth: int) -> list[str]:
    name = ctx.tok2name.get(tok.i)
    if name is not None:
        return [name]
    cand = org_candidate(tok, ctx)
    if cand is not None:
        return [cand]
    low = tok.lower_
    if low in PRONOUNS or bare_definite_firm(tok, ctx):  # 'the company' reads like 'it'
        return ctx.pronoun_referent(tok)
    if low in RELATIVE and tok.head.dep_ == "relcl":
        return names_at(tok.head.head, ctx, depth + 1) if depth < 2 else []
    if is_group_reference(tok, ctx):
        return ctx.pair_before(tok.i, group_size(tok), coordinated_before(tok, ctx))
    order = next((c.lower_ for c in tok.children if c.lower_ in ("latter", "former")), None) \
        or (tok.lower_ if tok.lower_ in ("latter", "former") else None)
    if order is not None:  # 'approached Honda and Nissan about ... the latter company'
        pair = coordinated_before(tok, ctx)
        return pair[-1:] if order == "latter" else pair[:1]
    for child in tok.children:
        if child.dep_ == "appos" and child.i in ctx.tok2name:
            return [ctx.tok2name[child.i]]
    if tok.pos_ == "NOUN":
        return _proxy_names(tok, ctx, depth) or organ_owner(tok, ctx, depth) or named_after(tok, ctx)
    return []


def bare_definite_firm(tok: Token, ctx: DocContext) -> bool:
    """'X's chief executive said the company was in talks with Y': a bare 'the company' / 'the
    carmaker' in what a speaker said is the speaker's firm, like 'it'."""
    return (tok.tag_ == "NN" and tok.lemma_ in ctx.group_heads and [c.lower_ for c in tok.children] == ["the"]
            and tok.dep_ in SUBJ and reporting_subject(tok, ctx.reporting_verbs) is not None)


def organ_owner(noun: Token, ctx: DocContext, depth: int) -> list[str]:
    """'its board approved a definitive agreement to merge', 'the board of X and the board of Y',
    'X shareholders approved the merger': a firm's board or holders approving a merger act for the
    firm (models: organ_nouns, organ_deal_words). Elsewhere ('its director John Smith', 'holders
    approve acquisitions': which side?) they stand for no firm."""
    first = noun
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if noun.lower_ not in ctx.organ_nouns or first.dep_ not in SUBJ or depth >= 2 \
            or not organ_merger(first.head, ctx.organ_deal_words):
        return []
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.i in ctx.tok2name):
            return names_at(child, ctx, depth + 1)[:1]
    return [n for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj" for n in names_at(o, ctx, depth + 1)][:1]


def organ_merger(verb: Token, words: frozenset[str]) -> bool:
    """Does the verb an organ is subject of take a merger as its object ('approved the merger',
    'approved a definitive agreement to merge')?"""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in words or any(c.lemma_.lower() in words for c in obj.children
                                              if c.dep_ in ("acl", "compound", "amod")):
            return True
    return False


def named_after(noun: Token, ctx: DocContext) -> list[str]:
    """'vaccine maker Suzhou Vitamed' parsed apart: a singular firm word right before a name."""
    if noun.tag_ != "NN" or noun.lemma_ not in ctx.group_heads | ctx.unit_nouns or noun.i + 1 >= len(noun.doc):
        return []
    nxt = noun.doc[noun.i + 1]
    name = ctx.tok2name.get(nxt.i) or (org_candidate(nxt, ctx) if nxt.i in ctx.cand2name else None)
    return [name] if name else []


RESTRICTIVE_DEPS = {"prep", "relcl", "acl", "nummod"}


GROUP_COUNTS = {"three": 3, "four": 4}


def group_size(tok: Token) -> int:
    """How many firms a group reference names: 'the three automakers' 3, 'the two', 'both' 2."""
    return next((GROUP_COUNTS[c.lower_] for c in tok.children if c.dep_ == "nummod" and c.lower_ in GROUP_COUNTS), 2)


def is_group_reference(tok: Token, ctx: DocContext) -> bool:
    """'the two companies', 'the three carmakers', 'both carmakers', 'the automakers', 'the pair', 'the two', 'both'."""
    kids = list(tok.children)
    dets = {c.lower_ for c in kids if c.dep_ in ("det", "predet", "nummod", "quantmod", "poss")}
    if tok.lemma_ in ctx.group_heads and tok.tag_ in ("NNS", "NNPS"):
        if dets & {"two", "both", *GROUP_COUNTS}:
            return True
        # 'the companies' (definite, no restrictive complement: not 'the companies in the index')
        return "the" in dets and not any(c.dep_ in RESTRICTIVE_DEPS for c in kids)
    if tok.lemma_ in ctx.pair_nouns and tok.tag_ in ("NN", "NNP") and "the" in dets:
        return not any(c.dep_ in ("prep", "relcl", "acl") for c in kids)
    if tok.lower_ == "both" and tok.pos_ == "PRON":
        return True
    # 'the two' standing alone
    return tok.lower_ == "two" and "the" in dets and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")


def _proxy_names(noun: Token, ctx: DocContext, depth: int) -> list[str]:
    """'a consortium led by X' -> X; 'its Altera unit' -> Altera."""
    if noun.lemma_ in ctx.unit_nouns:
        for child in noun.children:
            if child.dep_ in ("compound", "appos"):
                name = ctx.tok2name.get(child.i) or org_candidate(child, ctx)
                if name:
                    return [name]
        if noun.dep_ == "nsubj" and depth == 0 and not named_after(noun, ctx):
            named = [ctx.tok2name[t.i] for c in noun.lefts if c.dep_ in ("compound", "nmod", "amod")
                     for t in c.subtree if t.i in ctx.tok2name and "poss" not in (t.dep_, t.head.dep_)]
            if named:  # 'its C-E Environmental Systems Inc unit' parsed apart: the unit's own name
                return named[-1:]
            # 'its 80 pct-owned subsidiary agreed to buy X': the speaker's unnamed unit stands for the speaker
            return [n for c in noun.children if c.dep_ == "poss" and c.lower_ in ("its", "their")
                    for n in names_at(c, ctx, depth + 1)][:1]
    if depth >= 2:
        return []
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_ in ctx.proxy_verbs:
            for agent in child.children:  # 'led by X'; 'affiliated with X and Y'
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "with"):
                    return [n for o in agent.children if o.dep_ == "pobj" for c in (o, *o.conjuncts)
                            for n in names_at(c, ctx, depth + 1)]
    if noun.lemma_ in ctx.group_agents:
        return _members(noun, ctx, depth)
    return []


MEMBER_HEADS = {"include", "comprise", "consist"}


def _members(noun: Token, ctx: DocContext, depth: int) -> list[str]:
    """'an investor group including X and Y', 'the group, which includes X', 'a group consisting
    of X, Y and Z': the named members stand for the group."""
    objects: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lemma_ in MEMBER_HEADS:
            objects += [o for o in child.children if o.dep_ == "pobj"]
        elif child.dep_ in ("acl", "relcl") and child.lemma_ in MEMBER_HEADS:
            objects += [o for o in child.children if o.dep_ == "dobj"]
            objects += [o for p in child.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in p.children if o.dep_ == "pobj"]
    out: list[str] = []
    for obj in objects:
        out += [n for c in (obj, *obj.conjuncts) for n in names_at(c, ctx, depth + 1) if n not in out]
    return out


def owner_names(tok: Token, ctx: DocContext) -> list[str]:
    """Firm owning a stake/asset noun: possessor, 'of X', or a compound name before it."""
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.i in ctx.tok2name):
            return names_at(child, ctx)
    compounds = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if compounds:
        name = org_candidate_span(compounds[-1], ctx)
        if name:
            return [name]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            return [n for p in prep.children if p.dep_ == "pobj" for n in names_at(p, ctx)]
    return []


def org_candidate_span(tok: Token, ctx: DocContext) -> str | None:
    """A compound proper-noun name before a share noun ('Corvalis shares', 'Seven & i stock')."""
    name = ctx.cand2name.get(tok.i)
    if name is None:
        if tok.ent_type_ or not tok.is_title:
            return None
        start = tok.i
        while start - 1 >= tok.sent.start and tok.doc[start - 1].pos_ in ("PROPN", "CCONJ", "PRON") \
                and tok.doc[start - 1].text[:1].isupper() or (start - 1 >= tok.sent.start and tok.doc[start - 1].text == "&"):
            start -= 1
        name = tok.doc[start:tok.i + 1].text
        if name.casefold() in ctx.reject:
            return None
    full = ctx.expand(name)
    ctx.used.setdefault(full, (tok.i, tok.i + 1))
    return full


ORGLIKE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative", "poss"}


def org_candidate(tok: Token, ctx: DocContext) -> str | None:
    """An org-like name at a slot: a mislabelled entity, or a capitalised proper-noun phrase NER missed."""
    name = ctx.cand2name.get(tok.i)
    if name is None and tok.pos_ == "PROPN" and not tok.ent_type_ and tok.dep_ in ORGLIKE_DEPS \
            and tok.is_title and tok.lower_ not in ctx.thing_heads:
        start = tok.i
        while start - 1 >= tok.sent.start and tok.doc[start - 1].pos_ == "PROPN" and tok.doc[start - 1].is_title \
                and tok.doc[start - 1].dep_ == "compound" and not tok.doc[start - 1].ent_type_:
            start -= 1
        words = [t.text for t in tok.doc[start:tok.i + 1]]
        name = " ".join(words)
        if name.casefold() in ctx.reject or len(name) < 2:
            return None
        name = ctx.expand(name)  # 'Narragansett' after 'Narragansett Capital Inc'
        ctx.used.setdefault(name, (start, tok.i + 1))
        return name
    if name is not None:
        ctx.used.setdefault(name, (tok.i, tok.i + 1))
    return name
