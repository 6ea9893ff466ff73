"""Article-level clean-up of symmetric deals: late joiners and merger/partnership doubles.

- "Mitsubishi Motors also signed the memorandum", "Suzuki is considering joining the
  combination": the joiner becomes a partner of the latest merger/partnership of the
  article (or of the one whose parties the object names), not a separate two-party deal;
  a firm that decides not to join ('not to join', 'against joining') stays out.
- A merger and a partnership with the same parties read in one sentence are one deal;
  `type_precedence` (models/deal_rules.json) picks the type. A partnership read only from bare
  definite nouns ('go ahead with the tie-up') after a merger of the same firms is that merger.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.nlp.context_parties import joiner_subject
from pipeline.nlp.deals import ArticleEvent, fold_subsets
from pipeline.nlp.roles import DocContext
from pipeline.nlp.slot_finders import entity_modifiers, subject_of
from pipeline.nlp.rules import DealRules
from pipeline.nlp.textcache import headline_within
from pipeline.nlp.triggers import SYMMETRIC, EventMention


def joiner_tokens(doc: Doc, matches: list[tuple[int, int, int]], rules: DealRules) -> list[Token]:
    out = []
    for _mid, start, _end in matches:
        tok = doc[start]
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in rules.join_verbs:
            continue
        if any(c.lower_ == "forces" for c in tok.children):
            continue
        if lemma in rules.join_needs_also and not any(c.lower_ in ("also", "too") for c in tok.children):
            continue
        if declined(tok, rules):
            continue
        out.append(tok)
    return out


def declined(verb: Token, rules: DealRules) -> bool:
    """'decided not to join', 'against joining', 'refused to join': the firm stays out."""
    return any(c.dep_ == "neg" for c in verb.children) or verb.head.lemma_.lower() in rules.join_declined_heads


def _join_object(verb: Token, rules: DealRules) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "prt"):
            if child.dep_ == "prt":  # 'signed up to the venture'
                continue
            return child
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "into"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    for child in verb.children:
        if child.dep_ == "prt":
            for prep in child.head.children:
                if prep.dep_ == "prep":
                    return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def add_joiners(doc: Doc, joiners: list[Token], events: list[ArticleEvent], ctx: DocContext,
                rules: DealRules) -> list[ArticleEvent]:
    changed = False
    for verb in joiners:
        obj = _join_object(verb, rules)
        if obj is None or obj.lemma_.lower() not in rules.join_objects:
            continue
        who = subject_of(verb, ctx, rules) or joiner_subject(verb, ctx)
        if len(who) != 1:
            continue
        named = set(entity_modifiers(obj, ctx))
        fits = [e for e in events if e.type in SYMMETRIC and named <= set(e.roles)]
        before = [e for e in fits if _first(e) < verb.i]
        target = max(before, key=_first) if before else (min(fits, key=_first) if fits else None)
        if target is None or who[0] in target.roles or len(target.roles) < 2:
            continue
        target.roles[who[0]] = "partner"
        changed = True
    return fold_subsets(events) if changed else events


def _first(ev: ArticleEvent) -> int:
    return min(m.trigger_i for m in ev.mentions)


def unite_doubles(doc: Doc, events: list[ArticleEvent], rules: DealRules) -> list[ArticleEvent]:
    """A merger and a partnership of the same parties in one sentence: one event."""
    out: list[ArticleEvent] = []
    for ev in events:
        twin = next((o for o in out if o.type in SYMMETRIC and ev.type in SYMMETRIC and o.type != ev.type
                     and _nested(o, ev) and _share_sentence(o, ev) and not _opposite_fates(o, ev)), None)
        later = twin is None and ev.type == "partnership" and all(_anaphoric(doc[m.trigger_i]) for m in ev.mentions)
        if later:  # 'whether to go ahead with the tie-up' after 'a merger between X and Y': the merger
            twin = next((o for o in out if o.type == "merger" and set(o.roles) == set(ev.roles)), None)
        if twin is None:
            out.append(ev)
            continue
        for name, role in ev.roles.items():
            twin.roles.setdefault(name, role)
        twin.type = "merger" if later else _preferred_type(doc, twin.mentions + ev.mentions, rules)
        twin.mentions.extend(ev.mentions)
        twin.statuses.extend(ev.statuses)
    return out


def drop_headline_echoes(doc: Doc, events: list[ArticleEvent]) -> list[ArticleEvent]:
    """'Renault, Geely seal Brazil tie-up' over a body that reports only a stake sale between them:
    a partnership read from the headline alone names the body's deal, not a second one."""
    if not headline_within(doc, 400):
        return events
    headline = doc[0].sent.start

    def echo(ev: ArticleEvent) -> bool:
        if ev.type != "partnership" or any(m.sent_start != headline for m in ev.mentions):
            return False
        return any(o.type not in SYMMETRIC and set(o.roles) & set(ev.roles)
                   and any(m.sent_start != headline for m in o.mentions) for o in events)
    return [ev for ev in events if not echo(ev)]


QUOTES = ('"', "\u201c", "\u201d")


def drop_quoted_echoes(doc: Doc, events: list[ArticleEvent]) -> list[ArticleEvent]:
    """'"the partnership between X and Y has been realized," its chief said' beside X's takeover of Y:
    a partnership of exactly the takeover's two firms, read only from quoted words, is the takeover."""
    def echo(ev: ArticleEvent) -> bool:
        if ev.type != "partnership" or not all(_quoted(doc[m.trigger_i]) for m in ev.mentions):
            return False
        return any(o.type == "acquisition" and set(o.roles) == set(ev.roles) for o in events)
    return [ev for ev in events if not echo(ev)]


def _quoted(tok: Token) -> bool:
    """Inside quotation marks: an odd number of quote marks before it in its sentence."""
    return sum(t.text in QUOTES or t.text == "``" for t in tok.sent[:tok.i - tok.sent.start]) % 2 == 1


def _anaphoric(noun: Token) -> bool:
    """'the tie-up', 'the alliance': a definite deal noun naming no firm in its own phrase."""
    if noun.dep_ == "compound" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    return not any(c.dep_ in ("poss", "prep", "compound", "amod", "nmod") and c.pos_ != "PUNCT" and c.lower_ != "tie"
                   for c in noun.children)


def _nested(a: ArticleEvent, b: ArticleEvent) -> bool:
    """Same parties, or one side's parties all within the other's (a joiner added a third firm
    to one reading of the sentence: 'Honda, Nissan sign pact to explore merger' + 'Mitsubishi also signed')."""
    ra, rb = set(a.roles), set(b.roles)
    return len(ra & rb) >= 2 and (ra <= rb or rb <= ra)


ENDED = ("denied", "collapsed")


def _opposite_fates(a: ArticleEvent, b: ArticleEvent) -> bool:
    """'X and Y ruled out a merger but agreed to cooperate': in the sentence they share, one deal is
    denied or ended and the other is not; they are two deals, not one read twice."""
    shared = {m.sent_start for m in a.mentions} & {m.sent_start for m in b.mentions}
    fates = [{m.status in ENDED for m in ev.mentions if m.sent_start in shared and m.status} for ev in (a, b)]
    return len(fates[0]) == 1 and len(fates[1]) == 1 and fates[0] != fates[1]


def _share_sentence(a: ArticleEvent, b: ArticleEvent) -> bool:
    """A shared sentence; a headline naming two deals ('keep EV pact alive despite merger breakdown')
    does not count when both are also read, apart, in the body."""
    sa, sb = {m.sent_start for m in a.mentions}, {m.sent_start for m in b.mentions}
    shared = sa & sb
    if shared == {0} and sa - shared and sb - shared:
        return False
    return bool(shared)


def _preferred_type(doc: Doc, mentions: list[EventMention], rules: DealRules) -> str:
    sents = {m.sent_start for m in mentions}
    lemmas = {t.lemma_.lower() for s in sents for t in doc[s].sent}
    for lemma, kind in rules.type_precedence:
        if lemma in lemmas:
            return kind
    return "merger"
