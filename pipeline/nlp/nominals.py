"""Definite descriptions that stand for a named firm: "the Taiwanese electronics maker" -> Foxconn.

A description resolves only when exactly one KB entity mentioned in the article
(before it, or else anywhere) fits its nationality and its type words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from pipeline.nlp.canon import Mention
from pipeline.nlp.kb import KnowledgeBase

MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss", "nummod", "advmod", "quantmod"}


@dataclass(frozen=True)
class NominalRules:
    nationalities: dict[str, str]
    heads: frozenset[str]
    generic_heads: frozenset[str]
    skip: frozenset[str]
    group_heads: frozenset[str] = frozenset()
    pair_nouns: frozenset[str] = frozenset()
    head_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    person_or_firm_heads: frozenset[str] = frozenset()

    @property
    def firm_heads(self) -> frozenset[str]:
        """Heads that describe only a firm ('conglomerate', 'maker'), not a person as well."""
        return self.heads - self.person_or_firm_heads


def make_nominal_rules(data: dict[str, Any]) -> NominalRules:
    return NominalRules(
        nationalities={k.lower(): v for k, v in data.get("nationalities", {}).items()},
        heads=frozenset(data.get("head_nouns", [])),
        generic_heads=frozenset(data.get("generic_heads", [])),
        skip=frozenset(data.get("skip_modifiers", [])),
        group_heads=frozenset(data.get("group_references", {}).get("plural_heads", [])),
        pair_nouns=frozenset(data.get("group_references", {}).get("pair_nouns", [])),
        head_synonyms={k: tuple(v) for k, v in data.get("head_synonyms", {}).items()},
        person_or_firm_heads=frozenset(data.get("person_or_firm_heads", [])),
    )


def describe_nominal(head: Token, rules: NominalRules) -> tuple[str | None, str] | None:
    """(nationality code, type phrase) of a definite singular description, or None."""
    if head.tag_ not in ("NN", "NNP") or head.ent_type_:
        return None
    mods = [t for t in head.lefts if t.dep_ in MODIFIER_DEPS or t.dep_ == "det"]
    if not any(t.lower_ in ("the", "its") for t in head.lefts) and not any(
            t.dep_ == "poss" and t.ent_type_ == "GPE" for t in mods):
        return None
    nationality = None
    words: list[str] = []
    for tok in head.doc[mods[0].i if mods else head.i: head.i]:
        low = tok.lower_
        code = rules.nationalities.get(low.removesuffix("'s"))
        if code:
            nationality = code
        elif low not in rules.skip and tok.dep_ != "det" and tok.pos_ not in ("DET", "PUNCT", "NUM"):
            words.append(low)
    return nationality, " ".join([*words, head.lower_])


def resolve_nominal(head: Token, mentions: list[Mention], kb: KnowledgeBase,
                    rules: NominalRules) -> str | None:
    """The one KB entity the description can mean, or None when zero or several fit."""
    described = describe_nominal(head, rules)
    if described is None:
        return None
    nationality, phrase = described
    generic = nationality is None and head.lower_ in rules.generic_heads
    if generic and not (head.dep_ == "poss" and phrase == head.lower_):
        return None  # a bare 'the company's' may mean the one firm named before it in its sentence
    sent = head.sent
    prev_start = head.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    pools = (
        [m for m in mentions if sent.start <= m.start < head.i],
        [m for m in mentions if prev_start <= m.start < sent.start],
        [m for m in mentions if m.start < head.i],
        mentions,
    )
    for pool in pools[:1] if generic else pools:
        fits = {m.key: m.name for m in pool if _fits(m, nationality, phrase, head.lower_, kb, rules)}
        if len(fits) == 1:
            return next(iter(fits.values()))
        if len(fits) > 1:
            return None
    return None


def _fits(m: Mention, nationality: str | None, phrase: str, head: str, kb: KnowledgeBase,
          rules: NominalRules) -> bool:
    """The entity's nationality and types fit the description. A description with words before
    its head fits only a type phrase that has those words ('the electric vehicle manufacturer'
    is no bare 'manufacturer'), with the head or one of its synonyms."""
    entry = kb.get(m.key)
    if entry is None or entry.label != "ORG":
        return False
    if nationality is not None and nationality not in entry.nationality:
        return False
    words = phrase.split()[:-1]
    for name in (head, *rules.head_synonyms.get(head, ())):
        if " ".join([*words, name]) in entry.types or (not words and name in entry.types):
            return True
    return bool(words) and head in entry.types and all(
        any(w in t.split() for t in entry.types) for w in words)


def find_nominals(doc: Doc, heads: list[Token], mentions: list[Mention], kb: KnowledgeBase,
                  rules: NominalRules) -> dict[int, str]:
    """Token index of each resolved description head -> canonical name."""
    out: dict[int, str] = {}
    for head in heads:
        name = resolve_nominal(head, mentions, kb, rules)
        if name is not None:
            out[head.i] = name
    return out
