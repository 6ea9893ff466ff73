"""Word-list patterns matched on token attribute arrays instead of with spaCy's Matcher.

The deal and move readers look for words by lemma (or lower-case form), optionally
restricted to parts of speech. spaCy's Matcher walks every pattern's predicates token by
token, which cost about as much as the rest of the deal reader; reading the attributes
once as arrays (`Doc.to_array`) and testing set membership with numpy finds the same
tokens at a fraction of the cost. Results have the Matcher's shape and order:
(label hash, start, end), sorted by start, then by the order the rules were added.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.symbols import IDS as SYMBOL_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab


@dataclass(frozen=True)
class WordRule:
    """Tokens whose `attr` ("LEMMA" or "LOWER") is in `words`, and whose POS is in `pos` if given."""
    label: str
    attr: str
    words: frozenset[str]
    pos: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PhraseRule:
    """A fixed run of tokens, each given as (attr, value): [("LOWER", "tie"), ("ORTH", "-"), ...]."""
    label: str
    tokens: tuple[tuple[str, str], ...]


class WordMatcher:
    def __init__(self, vocab: Vocab, rules: Iterable[WordRule | PhraseRule]):
        self.rules = list(rules)
        self.attrs = sorted({r.attr for r in self.rules if isinstance(r, WordRule)} | {"POS"}
                            | {a for r in self.rules if isinstance(r, PhraseRule) for a, _v in r.tokens})
        self.labels = [vocab.strings.add(r.label) for r in self.rules]
        self.keys = [self._keys(vocab, r) for r in self.rules]

    @staticmethod
    def _keys(vocab: Vocab, rule: WordRule | PhraseRule):
        if isinstance(rule, PhraseRule):
            return [(a, vocab.strings.add(v)) for a, v in rule.tokens]
        words = np.array(sorted(vocab.strings.add(w) for w in rule.words), dtype=np.uint64)
        pos = np.array(sorted(SYMBOL_IDS[p] for p in rule.pos), dtype=np.uint64)
        return words, pos

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        table = doc.to_array(self.attrs)
        column = {a: table[:, i] for i, a in enumerate(self.attrs)}
        found: list[tuple[int, int, int, int]] = []
        for order, (rule, keys, label) in enumerate(zip(self.rules, self.keys, self.labels)):
            if isinstance(rule, PhraseRule):
                starts = self._phrase_starts(column, keys, len(doc))
                found.extend((int(s), order, label, int(s) + len(keys)) for s in starts)
                continue
            words, pos = keys
            hit = np.isin(column[rule.attr], words)
            if len(pos):
                hit &= np.isin(column["POS"], pos)
            found.extend((int(i), order, label, int(i) + 1) for i in hit.nonzero()[0])
        found.sort()
        return [(label, start, end) for start, _order, label, end in found]

    @staticmethod
    def _phrase_starts(column: dict, keys: list[tuple[str, int]], n: int) -> np.ndarray:
        size = len(keys)
        if n < size:
            return np.array([], dtype=int)
        hit = np.ones(n - size + 1, dtype=bool)
        for k, (attr, value) in enumerate(keys):
            hit &= column[attr][k:n - size + 1 + k] == np.uint64(value)
        return hit.nonzero()[0]
