"""Parse walks: a walk up the dependency tree stops at the root.

spaCy makes a new Token object on every access, so `tok.head is tok` is never true; the walks
compare tokens with `==`. A walk that never saw the root repeated it until its step limit, and
one (the stake trader's person check) could loop for ever under a noun root.
"""
from __future__ import annotations

import threading

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.nlp.stakes import personal_agent
from pipeline.nlp.status import governing_chain


@pytest.fixture(scope="module")
def blank_doc():
    """'Statement: it raised the stake' parsed by hand: the noun 'Statement' is the root."""
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=["Statement", ":", "it", "raised", "the", "stake"],
               heads=[0, 0, 3, 0, 5, 3], deps=["ROOT", "punct", "nsubj", "acl", "det", "dobj"],
               pos=["NOUN", "PUNCT", "PRON", "VERB", "DET", "NOUN"], lemmas=["statement", ":", "it", "raise", "the", "stake"])


def test_the_governing_chain_ends_at_the_root(blank_doc):
    assert [t.i for t in governing_chain(blank_doc[5])] == [5, 3, 0]
    assert [t.i for t in governing_chain(blank_doc[0])] == [0]


def test_the_personal_agent_walk_stops_at_a_noun_root(blank_doc, tmp_path):
    from pipeline.nlp.resources import load_resources
    from pipeline.nlp.extractor import DEFAULT_MODELS_DIR
    rules = load_resources(DEFAULT_MODELS_DIR).deals
    result: list[bool] = []
    walk = threading.Thread(target=lambda: result.append(personal_agent(blank_doc[3], rules)), daemon=True)
    walk.start()
    walk.join(timeout=20)
    assert result == [False], "the walk up from a pronoun subject did not stop at the noun root"
