"""WordMatcher finds exactly what spaCy's Matcher finds for the same word-list rules, in
the same order (the deal reader keeps the first label a token gets)."""
from __future__ import annotations

import json
from pathlib import Path

from spacy.matcher import Matcher

from pipeline.nlp.deals import trigger_word_rules
from pipeline.nlp.moves import move_word_rules
from pipeline.nlp.tokenmatch import PhraseRule, WordMatcher, WordRule

DATA = Path(__file__).parent / "data"


def spacy_matcher(vocab, rules) -> Matcher:
    matcher = Matcher(vocab)
    for rule in rules:
        if isinstance(rule, PhraseRule):
            matcher.add(rule.label, [[{attr: value} for attr, value in rule.tokens]])
            continue
        token = {rule.attr: {"IN": sorted(rule.words)}}
        if rule.pos:
            token["POS"] = {"IN": sorted(rule.pos)}
        matcher.add(rule.label, [[token]])
    return matcher


def test_word_matcher_agrees_with_spacys_matcher_on_the_dev_texts(extractor):
    nlp = extractor.nlp
    res = nlp.get_pipe("newsmon_deals").res
    rules = trigger_word_rules(res.deals) + move_word_rules(res.moves) + [
        WordRule("MAKER", "LOWER", frozenset({"maker", "automaker", "carmaker"}))]
    ours, theirs = WordMatcher(nlp.vocab, rules), spacy_matcher(nlp.vocab, rules)
    rows = [json.loads(line) for line in (DATA / "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [f"{r.get('title') or ''}\n\n{r['text']}" for r in rows] + ["", "tie - up", "a tie-up"]
    found = 0
    with nlp.select_pipes(disable=["newsmon_deals", "newsmon_moves"]):
        for doc in nlp.pipe(texts):
            assert ours(doc) == theirs(doc), doc.text[:80]
            found += len(ours(doc))
    assert found > 500
