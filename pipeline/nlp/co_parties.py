"""A parent firm and its named unit that act together in one deal are both its parties.

Wire copy names the unit that signs and the group that owns it in one breath, and the deal is
theirs together: 'X's Y unit agreed to buy Z', 'X said its wholly owned subsidiary, Y, ended its
offer', 'Y, a unit of X, said its offer expired', 'X subsidiary Y bid for Z', 'X, through its
subsidiaries A and B, will own half of the venture'. The reader fills one side of such a pair;
`add_co_parties` adds the other with the same role when the pair is named in a sentence the deal
was read from and the party holds a role in `co_parties.roles` (models/deal_rules.json).
The pair must act in its clause (subject, by-agent, 'through its unit'): a target's or a
counterparty's owner is not added ('buy X's Y unit' is a purchase of Y; 'sell it to X's Y unit'
names Y as the buyer, not X).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.nlp.deals import ArticleEvent
from pipeline.nlp.roles import DocContext, names_at
from pipeline.nlp.rules import DealRules

Link = tuple[str, str, bool]  # (unit, parent, bare possessive)
UNNAMED = ""  # 'the offer is made by a wholly owned subsidiary, Y': the parent is the deal's own party


def add_co_parties(doc: Doc, events: list[ArticleEvent], ctx: DocContext, rules: DealRules) -> list[ArticleEvent]:
    conf = rules.co_parties
    if not conf or not events:
        return events
    by_type = {k: frozenset(v) for k, v in conf.get("roles", {}).items()}
    bare_types = frozenset(conf.get("bare_possessive_types", []))
    cache: dict[int, list[Link]] = {}
    deal_starts = {doc[m.trigger_i].sent.start for ev in events for m in ev.mentions}
    for ev in events:
        for start in _nearby_sentences(doc, ev, deal_starts):
            if start not in cache:
                cache[start] = unit_links(doc[start].sent, ctx, conf)
            for unit, parent, bare in cache[start]:
                if bare and ev.type not in bare_types:
                    continue
                _spread(ev, unit, parent, by_type.get(ev.type, frozenset()))
    return _unite_same(events)


def _nearby_sentences(doc: Doc, ev: ArticleEvent, deal_starts: set[int]) -> list[int]:
    """Starts of the sentences the deal was read from and of a sentence on either side of one that
    tells a deal too: wire copy states the pair in one deal sentence and the deal's targets in the
    next ('X's Y unit said it signed a letter of intent to buy two units of Z.' + 'Y said it plans
    to acquire A and B.'). A neighbour about something else ('X's Y unit opened an office', 'the
    car will be developed by Y, a unit of X') links nothing."""
    own = {doc[m.trigger_i].sent.start for m in ev.mentions}
    starts = set(own)
    for start in own:
        sent = doc[start].sent
        for near in (doc[start - 1].sent if start > 0 else None, doc[sent.end].sent if sent.end < len(doc) else None):
            if near is not None and near.start in deal_starts:
                starts.add(near.start)
    return sorted(starts)


def _spread(ev: ArticleEvent, unit: str, parent: str, roles: frozenset[str]) -> None:
    if parent == UNNAMED:
        agents = [r for r in ev.roles.values() if r in roles]
        if unit not in ev.roles and len(agents) == 1:
            ev.roles[unit] = agents[0]
        return
    for have, other in ((unit, parent), (parent, unit)):
        role = ev.roles.get(have)
        if role in roles and other not in ev.roles:
            ev.roles[other] = role


def _unite_same(events: list[ArticleEvent]) -> list[ArticleEvent]:
    """Two readings that now name the same parties with the same type are one deal."""
    out: list[ArticleEvent] = []
    for ev in events:
        same = next((o for o in out if o.type == ev.type and o.roles == ev.roles), None)
        if same is None:
            out.append(ev)
            continue
        same.mentions.extend(ev.mentions)
        same.statuses.extend(ev.statuses)
    return out


def unit_links(sent: Span, ctx: DocContext, conf: dict) -> list[Link]:
    """(unit, parent, bare) triples the sentence states, in text order; `bare` marks a plain
    possessive with no unit noun ('X's Y')."""
    doc = sent.doc
    units = frozenset(conf.get("unit_nouns", []))
    fillers = frozenset(conf.get("fillers", []))
    markup = _markup(sent, ctx)
    links: list[Link] = []
    listed: tuple[str, bool] | None = None  # 'through its subsidiaries, A and B': parent, acting
    prev_end = -1
    for start, end, name in _name_spans(sent, ctx):
        gap = {t.lower_ for t in doc[prev_end:start]} if prev_end >= 0 else {"?"}
        if listed and gap <= {",", "and"}:
            parent, acts = listed
            bare = False
            listed = None if "and" in gap else listed  # 'A and B' closes the list
        else:
            listed, bare = None, False
            parent = _possessor(doc, start, ctx, markup)
            if parent:
                bare = doc[end].lemma_.lower() not in units if end < sent.end else True
            else:
                parent = (_unit_before(doc, start, ctx, markup, units, fillers) or _unit_after(doc, end, start, ctx, markup, units)
                          or _apposed_parent(doc, end, ctx, markup, units, fillers))
            noun = _unit_noun_before(doc, start, units)
            acts = acting(doc[start:end].root) or (noun is not None and acting(noun))
            if parent and noun is not None and noun.tag_ == "NNS":
                listed = (parent, acts)
        if parent and parent != name and acts:
            links.append((name, parent, bare))
        elif not parent and acting(doc[start:end].root):
            links.extend((name, owner, False) for owner in group_owners(doc, end, ctx, markup, conf) if owner != name)
            if owned_unnamed(doc, start, units, fillers):
                speaker = [n for n in _speaker(sent, ctx) if n != name]
                links.append((name, speaker[0] if len(speaker) == 1 else UNNAMED, False))
        prev_end = end
    return links


CLIMB = {"compound", "appos", "poss", "nmod", "amod", "punct", "conj", "cc"}


def acting(tok) -> bool:
    """The pair acts in its clause: it is (inside) a subject, a by-agent, or a 'through its unit'."""
    for _ in range(8):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ in ("by", "through"):
            return True
        if tok.dep_ not in CLIMB or tok.head is tok:
            return False
        tok = tok.head
    return False


def _name_spans(sent: Span, ctx: DocContext) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for i in range(sent.start, sent.end):
        name = ctx.tok2name.get(i)
        if name is None:
            continue
        if out and out[-1][1] == i and out[-1][2] == name:
            out[-1] = (out[-1][0], i + 1, name)
        else:
            out.append((i, i + 1, name))
    return out


def _markup(sent: Span, ctx: DocContext) -> set[int]:
    """Tokens of the wire's <TICKER> and <Name Inc> brackets that are not part of a firm name."""
    doc, out = sent.doc, set()
    for i in range(sent.start, sent.end):
        if doc[i].text != "<":
            continue
        close = next((k for k in range(i + 1, min(i + 9, sent.end)) if doc[k].text == ">"), None)
        if close is not None:
            out.update(k for k in range(i, close + 1) if k not in ctx.tok2name)
    return out


def _left(doc: Doc, j: int, markup: set[int], lo: int) -> int:
    while j >= lo and j in markup:
        j -= 1
    return j


def _owner_at(doc: Doc, j: int, ctx: DocContext, markup: set[int]) -> str | None:
    """The firm ending at token j: 'X's', 'its' (the firm it stands for) or a bare name."""
    lo = doc[j].sent.start if j >= 0 else 0
    j = _left(doc, j, markup, lo)
    if j < lo:
        return None
    tok = doc[j]
    if tok.lower_ in ("its", "their"):
        found = ctx.pronoun_referent(tok)
        return found[0] if len(found) == 1 else None
    if tok.tag_ == "POS":
        j = _left(doc, j - 1, markup, lo)
    return ctx.tok2name.get(j) if j >= lo else None


def _possessor(doc: Doc, start: int, ctx: DocContext, markup: set[int]) -> str | None:
    """'X's Y' and 'X Inc's Y': a firm owning the named firm."""
    j = _left(doc, start - 1, markup, doc[start].sent.start)
    if j < doc[start].sent.start or doc[j].tag_ != "POS":
        return None
    return _owner_at(doc, j, ctx, markup)


def _unit_before(doc: Doc, start: int, ctx: DocContext, markup: set[int], units: frozenset[str],
                 fillers: frozenset[str]) -> str | None:
    """'its subsidiary, Y', 'X's wholly owned unit Y', 'X subsidiary Y'."""
    j = start - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j < doc[start].sent.start or doc[j].lemma_.lower() not in units:
        return None
    j -= 1
    while j >= doc[start].sent.start and doc[j].lower_ in fillers:
        j -= 1
    return _owner_at(doc, j, ctx, markup) if j >= doc[start].sent.start else None


def _unit_noun_before(doc: Doc, start: int, units: frozenset[str]):
    """The unit noun right before a name ('its subsidiaries, A'), if any."""
    j = start - 1 - (start >= 1 and doc[start - 1].text == ",")
    return doc[j] if j >= doc[start].sent.start and doc[j].lemma_.lower() in units else None


def _unit_after(doc: Doc, end: int, start: int, ctx: DocContext, markup: set[int], units: frozenset[str]) -> str | None:
    """'its Y unit said': the unit noun after the name, the owner a pronoun before it."""
    sent = doc[start].sent
    k = end
    while k < sent.end and k in markup:
        k += 1
    if k >= sent.end or doc[k].lemma_.lower() not in units or start < 1 or doc[start - 1].lower_ not in ("its", "their"):
        return None
    return _owner_at(doc, start - 1, ctx, markup)


def _apposed_parent(doc: Doc, end: int, ctx: DocContext, markup: set[int], units: frozenset[str],
                    fillers: frozenset[str]) -> str | None:
    """'Y, a unit of X' and 'Y, an X subsidiary'."""
    sent = doc[end - 1].sent
    k = end
    while k < sent.end and k in markup:
        k += 1
    if k + 2 >= sent.end or doc[k].text != "," or doc[k + 1].lower_ not in ("a", "an", "the"):
        return None
    k += 2
    while k < sent.end and doc[k].lower_ in fillers:
        k += 1
    if k + 1 < sent.end and doc[k].lemma_.lower() in units and doc[k + 1].lower_ == "of":
        return ctx.tok2name.get(k + 2)
    name = ctx.tok2name.get(k)
    if name is None:
        return None
    while k < sent.end and (ctx.tok2name.get(k) == name or k in markup):
        k += 1
    return name if k < sent.end and doc[k].lemma_.lower() in units else None


def group_owners(doc: Doc, end: int, ctx: DocContext, markup: set[int], conf: dict) -> list[str]:
    """The firms behind a bidding vehicle or investor group named after it: 'V, owned by A and B',
    'V, an affiliate of A and B', 'V, an investor group led by A and B', 'V, comprising A, B and
    other investors', 'V, the group that includes A'."""
    sent = doc[end - 1].sent
    k = end
    while k < sent.end and k in markup:
        k += 1
    if k >= sent.end or doc[k].text != ",":
        return []
    k += 1
    links = [tuple(x.split()) for x in conf.get("owner_links", [])]
    named: list[str] = []
    if doc[k].lower_ in ("a", "an", "the"):  # 'an investor group led by': only group words before the noun
        k += 1
        words = frozenset(conf.get("group_words", []))
        while k < sent.end and (doc[k].lower_ in words or doc[k].pos_ == "PROPN" or k in ctx.tok2name or k in markup):
            if k in ctx.tok2name and ctx.tok2name[k] not in named:  # 'the Audio/Video investor group'
                named.append(ctx.tok2name[k])
            k += 1
        if k >= sent.end or doc[k].lemma_.lower() not in frozenset(conf.get("group_nouns", [])):
            return []
        k += 1
    link = next((w for w in links if tuple(t.lower_ for t in doc[k:k + len(w)]) == w), None)
    if link is None:
        return []
    return named + [n for n in _listed_names(doc, k + len(link), ctx, markup) if n not in named]


def _listed_names(doc: Doc, k: int, ctx: DocContext, markup: set[int]) -> list[str]:
    """'A, B and C' from token k: firm names joined by commas and 'and'."""
    sent, out = doc[k].sent, []
    while k < sent.end:
        name = ctx.tok2name.get(k)
        if name is not None:
            if name not in out:
                out.append(name)
            k += 1
        elif k in markup or (out and doc[k].lower_ in (",", "and")):
            k += 1
        else:
            break
    return out


OWNED = {"wholly", "owned", "wholly-owned", "majority-owned"}


def owned_unnamed(doc: Doc, start: int, units: frozenset[str], fillers: frozenset[str]) -> bool:
    """'a wholly owned subsidiary, Y' and 'said wholly owned Y': a unit whose owner is not named
    beside it (the firm that speaks or bids)."""
    lo = doc[start].sent.start
    j = start - 1
    if j >= lo and doc[j].text == ",":
        j -= 1
    if j >= lo and doc[j].lemma_.lower() in units:
        j -= 1
    seen = False
    while j >= lo and doc[j].lower_ in fillers:
        seen = seen or doc[j].lower_ in OWNED
        j -= 1
    return seen and (j < lo or doc[j].lower_ in ("a", "an") or doc[j].pos_ in ("VERB", "AUX"))


def _speaker(sent: Span, ctx: DocContext) -> list[str]:
    """The firm that reports the sentence ('Halvard Ltd said ...')."""
    root = sent.root
    if root.lemma_.lower() not in ctx.reporting_verbs:
        return []
    return [n for c in root.children if c.dep_ == "nsubj" for n in names_at(c, ctx)]
