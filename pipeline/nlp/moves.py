"""Share-price moves: "shares of Nissan surged nearly 10%", "Honda stock slid 3.2%", "Nissan closed 2% higher"."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from pipeline.nlp.roles import DocContext, names_at, org_candidate_span, owner_names

NEUTRAL_VERBS = {"be", "close", "end", "trade", "finish", "open", "stand", "move", "edge", "send", "push",
                 "lift", "drive", "drag", "knock"}
CAUSATIVE = {"send", "push", "lift", "drive", "drag", "knock"}
TRADING_WORDS = {"trading", "trade", "share", "stock", "market", "exchange", "percent", "%", "session"}


@dataclass(frozen=True)
class MoveHit:
    entity: str
    direction: str
    pct: float | None
    evidence: str
    token_i: int


def build_move_matcher(vocab: Vocab, rules: dict[str, frozenset[str]]) -> Matcher:
    matcher = Matcher(vocab)
    verbs = sorted(rules["up_verbs"] | rules["down_verbs"] | NEUTRAL_VERBS)
    matcher.add("MOVE", [[{"LEMMA": {"IN": verbs}, "POS": {"IN": ["VERB", "AUX"]}}]])
    return matcher


def direction_of(verb: Token, rules: dict[str, frozenset[str]]) -> str | None:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        low = child.lower_
        if child.dep_ in ("advmod", "acomp", "prt", "npadvmod", "advcl", "oprd", "prep") and low in rules["up_words"]:
            return "up"
        if child.dep_ in ("advmod", "acomp", "prt", "npadvmod", "advcl", "oprd", "prep") and low in rules["down_words"]:
            return "down"
    if lemma in rules["up_verbs"] and lemma not in NEUTRAL_VERBS:
        return "up"
    if lemma in rules["down_verbs"] and lemma not in NEUTRAL_VERBS:
        return "down"
    return None


def percent_of(verb: Token) -> float | None:
    """The first 'N%' / 'N percent' inside the verb's own phrase."""
    for tok in verb.subtree:
        if tok.lower_ in ("%", "percent", "pct") and tok.i > 0:
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


def moved_companies(verb: Token, ctx: DocContext, rules: dict[str, frozenset[str]]) -> list[str]:
    """Companies whose shares are the subject (or, for 'sent X shares up', the object) of the verb."""
    deps = ("dobj",) if verb.lemma_ in CAUSATIVE else ("nsubj", "nsubjpass")
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        if child.lower_ in ("which", "that") and verb.dep_ == "relcl":
            child = verb.head
        if child.lemma_.lower() in rules["share_nouns"]:
            owners = owner_names(child, ctx) or names_at(child, ctx)
            return owners or _compound_names(child, ctx)
        names = names_at(child, ctx)
        if names and _has_trading_context(verb):
            return names
    return []


def _compound_names(noun: Token, ctx: DocContext) -> list[str]:
    names = [ctx.tok2name[t.i] for t in noun.lefts if t.i in ctx.tok2name]
    if not names:
        props = [t for t in noun.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        name = org_candidate_span(props[-1], ctx) if props else None
        names = [name] if name else []
    return names


def _has_trading_context(verb: Token) -> bool:
    return any(t.lower_ in TRADING_WORDS or t.lemma_ in TRADING_WORDS for t in verb.subtree)


def find_moves(doc: Doc, matches: list[tuple[int, int, int]], ctx: DocContext,
               rules: dict[str, frozenset[str]]) -> list[MoveHit]:
    """One move per (company, direction) per article, the first report with a percent preferred."""
    found: dict[tuple[str, str], MoveHit] = {}
    for _mid, start, _end in matches:
        verb = doc[start]
        direction = direction_of(verb, rules)
        if direction is None:
            continue
        for name in moved_companies(verb, ctx, rules):
            hit = MoveHit(name, direction, percent_of(verb), verb.sent.text.strip(), verb.i)
            old = found.get((name, direction))
            if old is None or (old.pct is None and hit.pct is not None):
                found[(name, direction)] = hit
    return sorted(found.values(), key=lambda h: h.token_i)
