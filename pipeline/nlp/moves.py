"""Share-price moves: "shares of Nissan surged nearly 10%", "Honda stock slid 3.2%", "Nissan closed 2% higher".

A move needs (a) a share subject -- share/stock/ADR/market-value noun owned by a named firm
("Nissan shares", "shares of Nissan", "Sony's American depositary receipts"), or "the stock" /
"its shares" referring to the firm the article just talked about -- or (b) a firm as the subject
of a price verb in a market context ("Nissan rose 5% in Tokyo trading"). The percentage is read
from the verb's own clause (never from a coordinated or subordinate clause), fundamentals nouns
(profit, sales, output, market share, ...) in the moving clause block the move, and cumulative
performance over a period ("had lost 40% this year") is background, not a move. Firms listed
after the verb with their own change, and a second verb sharing the subject, are read in
move_lists.py. All word lists live in models/moves_rules.json.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from pipeline.nlp.move_lists import WIRE_QUOTE, carried_subject_head, listed_moves
from pipeline.nlp.roles import DocContext, names_at, org_candidate_span, owner_names
from pipeline.nlp.tokenmatch import WordMatcher, WordRule

NEUTRAL_VERBS = {"be", "close", "end", "trade", "quote", "finish", "open", "stand", "move", "edge", "send", "push",
                 "lift", "drive", "drag", "knock"}
CAUSATIVE = {"send", "push", "lift", "drive", "drag", "knock"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "acl", "conj", "nsubj", "nsubjpass",
               "mark", "cc", "punct"}
DIRECTION_DEPS = ("advmod", "acomp", "prt", "npadvmod", "advcl", "oprd", "prep", "dobj", "xcomp")
PERCENT_WORDS = ("%", "percent", "pct", "per cent")


@dataclass(frozen=True)
class MoveHit:
    entity: str
    direction: str
    pct: float | None
    evidence: str
    token_i: int


def move_lemmas(rules: dict[str, frozenset[str]]) -> frozenset[str]:
    """Every verb lemma that can report a move (built once per rule set: asked for every move verb)."""
    return _move_lemmas(rules["up_verbs"], rules["down_verbs"])


@lru_cache(maxsize=8)
def _move_lemmas(up: frozenset[str], down: frozenset[str]) -> frozenset[str]:
    return frozenset(up | down | NEUTRAL_VERBS)


def move_word_rules(rules: dict[str, frozenset[str]]) -> list[WordRule]:
    return [WordRule("MOVE", "LEMMA", move_lemmas(rules), frozenset({"VERB", "AUX"}))]


def build_move_matcher(vocab: Vocab, rules: dict[str, frozenset[str]]) -> WordMatcher:
    return WordMatcher(vocab, move_word_rules(rules))


def direction_of(verb: Token, rules: dict[str, frozenset[str]]) -> str | None:
    lemma = verb.lemma_.lower()
    phrasal = rules.get("particle_verbs", frozenset())
    if any(p.startswith(lemma + " ") for p in phrasal):  # 'gave up 3%' is down, 'give owners 84 pct' no move
        particles = [c for c in verb.children if c.dep_ in ("prt", "advmod") and f"{lemma} {c.lower_}" in phrasal]
        return ("down" if lemma in rules["down_verbs"] else "up") if particles else None
    for child in verb.children:
        low = child.lower_
        if child.dep_ in DIRECTION_DEPS[:7] and low in rules["up_words"]:
            return "up"
        if child.dep_ in DIRECTION_DEPS[:7] and low in rules["down_words"]:
            return "down"
    if lemma in NEUTRAL_VERBS and _off_by(verb):
        return "down"
    if lemma in rules["up_verbs"] and lemma not in NEUTRAL_VERBS:
        return "up"
    if lemma in rules["down_verbs"] and lemma not in NEUTRAL_VERBS:
        return "down"
    return None


def _off_by(verb: Token) -> bool:
    """Wire copy's 'traded at 15 dlrs, off 1/4', 'closed off 3/4 to 33-1/2': 'off' then the change."""
    doc = verb.doc
    for child in verb.children:
        if child.lower_ == "off" and child.dep_ in ("advmod", "prt", "prep", "npadvmod", "conj") \
                and child.i + 1 < len(doc) and (doc[child.i + 1].like_num or "/" in doc[child.i + 1].text):
            return True
    return False


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's own clause: its subtree without subjects and coordinated or subordinate clauses."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and (tok is verb or child.pos_ in ("VERB", "AUX")):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def percent_in(tokens: list[Token]) -> float | None:
    """The first 'N%' / 'N percent' among the tokens."""
    for tok in tokens:
        per_cent = tok.lower_ == "cent" and tok.i > 1 and tok.doc[tok.i - 1].lower_ == "per"
        if per_cent:
            tok = tok.doc[tok.i - 1]  # 'rose 11 per cent': two tokens, the number before 'per'
        if (per_cent or tok.lower_ in PERCENT_WORDS) and tok.i > 0:
            prev = tok.doc[tok.i - 1]
            if prev.like_num:
                try:
                    return float(prev.text.replace(",", ""))
                except ValueError:
                    return None
        if tok.text.endswith("%") and len(tok.text) > 1:
            try:
                return float(tok.text[:-1])
            except ValueError:
                return None
    return None


def percent_of(verb: Token) -> float | None:
    return percent_in(clause_tokens(verb))


def is_share_noun(tok: Token, rules: dict[str, frozenset[str]]) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in rules["share_nouns"] or tok.lower_ in rules["share_nouns"]:
        return True
    if lemma in rules["qualified_heads"]:
        return any(f"{lemma} {c.lower_}" in rules["qualified_share_nouns"]
                   for c in tok.lefts if c.dep_ in ("amod", "compound"))
    return False


def _subtree_words(tok: Token, skip: Token | None = None) -> set[str]:
    return {t.lower_ for t in tok.subtree if t is not skip}


def _blocked(verb: Token, subject: Token, rules: dict[str, frozenset[str]], share_subject: bool) -> bool:
    """Fundamentals in the moving clause, or a cumulative period ('lost 40% this year')."""
    fundamentals = rules.get("fundamentals_words", frozenset())
    words = {t.lower_ for t in subject.subtree if t is not subject or not share_subject}
    if not share_subject:
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") or (child.dep_ == "prep" and child.lower_ == "of"):
                words |= _subtree_words(child)
    if words & fundamentals:
        return True
    if not any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children):
        return False  # only past-perfect background ('had lost 40% this year') is cumulative history
    clause = " ".join(t.lower_ for t in clause_tokens(verb))
    return any(p in clause for p in rules.get("period_phrases", ()))


def wire_quote(verb: Token) -> bool:
    """'Exxon climbed one to 88-3/8', 'Williams rose 2p to 742': a price change then the new price."""
    doc = verb.doc
    return bool(WIRE_QUOTE.match(doc.text, verb.idx + len(verb.text)))


def _market_context(verb: Token, rules: dict[str, frozenset[str]]) -> bool:
    """A firm (not its shares) as subject: the sentence, or the one before, must be about trading."""
    if wire_quote(verb):
        return True
    trading = rules.get("trading_words", frozenset())
    sent = verb.sent
    if any(t.lower_ in trading for t in sent):
        return True
    if verb.lemma_.lower() in rules.get("trading_verbs", frozenset()):
        return True
    for _ in range(2):  # 'Shares of ... fell. Nissan dropped 3.7%, Honda lost 2.9%. Toyota fell 2.4%.'
        if sent.start == 0:
            return False
        sent = verb.doc[sent.start - 1].sent
        if any(t.lower_ in ("shares", "stocks", "stock") for t in sent):
            return True
    return False


def _pronoun_market(verb: Token, rules: dict[str, frozenset[str]]) -> bool:
    """'It fell 4% in Tokyo trading', 'it was down 7/8': a market word other than an index's name,
    or a wire price change in fractions or points, in the sentence."""
    words = rules.get("trading_words", frozenset()) - rules.get("index_words", frozenset())
    return wire_quote(verb) or any(t.lower_ in words or is_share_noun(t, rules) or t.lower_ == "points"
                                   or (t.like_num and "/" in t.text) for t in verb.sent)


def _firm_subject_ok(verb: Token, subject: Token, rules: dict[str, frozenset[str]]) -> bool:
    """'Nissan rose 5%' / 'Coherent edged higher': a percent or a direction word, no other object."""
    if any(c.dep_ == "case" for c in subject.children) and not any(
            is_share_noun(t, rules) for t in subject.sent if t.i < subject.i):
        return False  # elliptical "Nissan's fell 12.3%" after "Honda's domestic sales declined 4.9%"
    for child in verb.children:
        if child.dep_ == "dobj" and not (child.like_num or percent_in(list(child.subtree)) is not None
                                         or child.lower_ in ("ground", "points")):
            return False
    has_dir_word = any(c.lower_ in rules["up_words"] | rules["down_words"] for c in verb.children)
    return percent_of(verb) is not None or has_dir_word or wire_quote(verb)


def prior_firm(verb: Token, ctx: DocContext) -> list[str]:
    """'The stock closed 0.7% lower': the firm that was the subject of this or the previous sentence."""
    sent = verb.sent
    prev = verb.doc[sent.start - 1].sent if sent.start > 0 else None
    start = prev.start if prev is not None else sent.start
    for idx, names in reversed(ctx.subjects):
        if start <= idx < verb.i and names:
            return list(names[:1])
    if prev is not None:  # a mislabelled firm ('Uniqlo owner Fast Retailing said ...') as the subject
        for child in prev.root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                names = names_at(child, ctx)
                if names:
                    return names[:1]
    for idx in sorted((k for k in ctx.tok2name if start <= k < verb.i), reverse=True):
        return [ctx.tok2name[idx]]
    return []


def moved_companies(verb: Token, ctx: DocContext, rules: dict[str, frozenset[str]]) -> list[str]:
    """Companies whose shares are the subject (or, for 'sent X shares up', the object) of the verb;
    a second move verb without a subject ('closed off 3/4 after rising 9-1/4') takes its head's."""
    carrier = carried_subject_head(verb, move_lemmas(rules))
    if carrier is not None:
        return moved_companies(carrier, ctx, rules)
    deps = ("dobj",) if verb.lemma_ in CAUSATIVE else ("nsubj", "nsubjpass")
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        if child.lower_ in ("which", "that") and verb.dep_ == "relcl":
            child = verb.head
        if child.lower_ in ("those", "that") and any(is_share_noun(t, rules) for t in verb.sent if t.i < child.i):
            owners = [n for c in child.children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if o.dep_ == "pobj" for n in names_at(o, ctx)]
            if owners:  # 'Hon Hai shares fell 2% while those of Sharp rose 5%'
                return owners
        if is_share_noun(child, rules):
            if _blocked(verb, child, rules, share_subject=True):
                return []
            owners = _compound_names(child, ctx) or owner_names(child, ctx) or names_at(child, ctx)
            if owners:
                return owners
            return prior_firm(verb, ctx) if _unowned(child, rules) else []
        if child.pos_ == "PRON" and not _pronoun_market(verb, rules):
            continue  # 'when it fell 0.7 pct' about an output index, not a firm's shares
        names = names_at(child, ctx)
        if names and _market_context(verb, rules) and _firm_subject_ok(verb, child, rules) \
                and not _blocked(verb, child, rules, share_subject=False):
            return names
    return []


def _unowned(noun: Token, rules: dict[str, frozenset[str]]) -> bool:
    """'The stock', 'its shares', 'the shares of the Yokohama-based carmaker': no named owner phrase."""
    dets = rules.get("prior_subject_dets", frozenset({"the"}))
    for child in noun.children:
        if child.i < noun.i:
            if child.dep_ in ("det", "poss") and child.lower_ in dets:
                continue
            if child.pos_ == "PROPN" or child.text[:1].isupper() or child.dep_ in ("poss", "compound", "nmod"):
                return False
        elif child.dep_ == "prep" and child.lower_ in ("of", "in"):
            objs = [o for o in child.children if o.dep_ == "pobj"]
            if not all(o.pos_ == "NOUN" and o.tag_ == "NN" and any(d.lower_ == "the" for d in o.children)
                       for o in objs):
                return False
    return True


def _compound_names(noun: Token, ctx: DocContext) -> list[str]:
    """'Helix shares' after 'Helix Therapeutics': a proper-name modifier, expanded to the firm seen."""
    names = [ctx.tok2name[t.i] for t in noun.lefts if t.i in ctx.tok2name]
    if names:
        return names
    words = []
    for t in reversed(list(noun.lefts)):
        if t.i != noun.i - 1 - len(words) or not (t.pos_ == "PROPN" or t.text[:1].isupper() or t.text == "&"):
            break
        words.insert(0, t)
    if not words or all(w.pos_ == "DET" for w in words):
        return []
    text = noun.doc[words[0].i:words[-1].i + 1].text
    longer = [n for n in ctx.full_names if n == text or n.startswith(text + " ")]
    if longer:
        return [min(longer, key=len) if text in longer else ctx.expand(text)]
    props = [t for t in noun.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    name = org_candidate_span(props[-1], ctx) if props else None
    return [name] if name else []


def find_moves(doc: Doc, matches: list[tuple[int, int, int]], ctx: DocContext,
               rules: dict[str, frozenset[str]], body_start: int = 0) -> list[MoveHit]:
    """One move per (company, direction) per article; a report with a percent is preferred, and
    the body's (usually exact) figure over the headline's rounded one."""
    found: dict[tuple[str, str], MoveHit] = {}
    for _mid, start, _end in matches:
        verb = doc[start]
        direction = direction_of(verb, rules)
        if direction is None:
            continue
        names = moved_companies(verb, ctx, rules)
        hits = [MoveHit(name, direction, percent_of(verb), verb.sent.text.strip(), verb.i) for name in names]
        if names:
            hits += [MoveHit(name, moved, pct, verb.sent.text.strip(), verb.i)
                     for name, moved, pct in listed_moves(verb, direction, ctx) if name not in names]
        for hit in hits:
            old = found.get((hit.entity, hit.direction))
            if old is None or _rank(hit, body_start) > _rank(old, body_start):
                found[(hit.entity, hit.direction)] = hit
    return sorted(found.values(), key=lambda h: h.token_i)


def _rank(hit: MoveHit, body_start: int) -> tuple[bool, bool]:
    return (hit.pct is not None, hit.token_i >= body_start)


__all__ = ["MoveHit", "build_move_matcher", "find_moves", "Span"]
