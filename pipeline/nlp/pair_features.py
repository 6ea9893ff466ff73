"""Features of a pair of firms named in one sentence, for the trained deal-pair model.

A candidate is two distinct firm names (ORG mentions) in one sentence, ordered as they
appear (`a` first). Its features are sparse strings: the words between and around the
two names, how each name attaches to the parse (its dependency, its head word, the
preposition that governs it), the lemmas on the dependency path between them, whether
the sentence is the headline, and what the hand-written deal rules read for the same pair.
The same function builds training and run-time features, so the two cannot drift apart.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.canon import Mention

WINDOW = 4
MAX_BETWEEN = 25
MAX_PATH = 8


@dataclass(frozen=True)
class PairCandidate:
    """Two firm mentions in one sentence; `a` comes first in the text."""

    a: Mention
    b: Mention
    sent_start: int
    in_headline: bool


def firm_mentions(doc: Doc) -> list[Mention]:
    return [m for m in (doc._.nm_mentions or []) if m.label == "ORG"]


def pair_candidates(doc: Doc, headline_end: int, max_per_sentence: int = 8) -> Iterator[PairCandidate]:
    """Every pair of distinct firm names sharing a sentence (the first mention of each name there)."""
    by_sent: dict[int, list[Mention]] = {}
    for m in firm_mentions(doc):
        sent = doc[m.start].sent
        names = by_sent.setdefault(sent.start, [])
        if all(x.name != m.name for x in names) and len(names) < max_per_sentence:
            names.append(m)
    for start, names in by_sent.items():
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                yield PairCandidate(a, b, start, start < headline_end)


def _word(tok: Token) -> str:
    if tok.like_num:
        return "<num>"
    return tok.lemma_.lower()


def _attach(tok: Token, tag: str) -> list[str]:
    """How a name's head token hangs in the parse: dep, head lemma, governing preposition."""
    out = [f"{tag}dep={tok.dep_}", f"{tag}head={tok.head.lemma_.lower()}"]
    head = tok
    for _ in range(3):  # climb compounds/appositions/conjuncts to the slot the name fills
        if head.dep_ in ("compound", "appos", "conj", "poss") and head.head is not head:
            head = head.head
        else:
            break
    out.append(f"{tag}slot={head.dep_}")
    if head.dep_ == "pobj":
        prep = head.head
        out.append(f"{tag}prep={prep.lower_}")
        out.append(f"{tag}prep={prep.lower_}|{prep.head.lemma_.lower()}")
    elif head.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
        out.append(f"{tag}{head.dep_}|{head.head.lemma_.lower()}")
    if tok.dep_ == "poss" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ == "POS"):
        out.append(f"{tag}possessive")
    return out


def _path(a: Token, b: Token) -> list[str]:
    """Lemmas on the dependency path from a up to the common ancestor and down to b."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    common = next((t for t in up_a if t.i in ids_b), None)
    if common is None:
        return ["path=none"]
    left = [t for t in up_a[1:] if t.i != common.i and t.i not in ids_b][:MAX_PATH]
    right = [t for t in up_b[1:] if t.i != common.i and t.i not in {x.i for x in up_a}][:MAX_PATH]
    words = [_word(t) for t in left] + [f"^{_word(common)}"] + [_word(t) for t in reversed(right)]
    feats = [f"pw={w}" for w in words]
    feats.append("path=" + " ".join(words[:6]))
    feats.append(f"top={_word(common)}|{common.pos_}")
    return feats


def pair_features(doc: Doc, cand: PairCandidate, rule_events: list[tuple[str, dict[str, str]]]) -> list[str]:
    """Sparse features of one candidate; `rule_events` are the (type, {name: role}) the rules read."""
    a, b = cand.a, cand.b
    sent: Span = doc[cand.sent_start].sent
    ta, tb = doc[a.start:a.end].root, doc[b.start:b.end].root
    feats = ["bias", "headline" if cand.in_headline else "body"]
    between = doc[a.end:b.start]
    if len(between) > MAX_BETWEEN:
        feats.append("far")
    feats += [f"btw={_word(t)}" for t in between if not t.is_punct or t.text in ",("][:MAX_BETWEEN]
    feats += [f"pre={_word(t)}" for t in doc[max(sent.start, a.start - WINDOW):a.start]]
    feats += [f"post={_word(t)}" for t in doc[b.end:min(sent.end, b.end + WINDOW)]]
    feats += [f"sw={_word(t)}" for t in sent if t.pos_ in ("VERB", "NOUN") and not t.is_stop]
    feats += _attach(ta, "A.") + _attach(tb, "B.")
    feats += _path(ta, tb)
    feats.append(f"nbtw={min(len(between), 12) // 3}")
    for etype, roles in rule_events:
        ra, rb = roles.get(a.name), roles.get(b.name)
        if ra and rb:
            feats.append(f"rule={etype}:{ra}-{rb}")
            feats.append(f"ruletype={etype}")
        elif ra or rb:
            feats.append(f"rule1={etype}:{'A' if ra else 'B'}={ra or rb}")
    return feats
