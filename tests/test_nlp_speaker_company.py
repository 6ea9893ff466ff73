"""'X's chief executive said the company was in talks with Y': a bare 'the company' in what a
firm's speaker said is that firm (as 'it' is). Sentences are our own."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


@pytest.mark.parametrize("text, speaker", [
    ("Yulon Motor vice president Chen said the company was in talks with Foxconn about a joint venture.",
     "Yulon Motor"),
    ("A Kestrel Motor executive said the company was in talks with Foxconn about a joint venture.",
     "Kestrel Motor"),
    ("Nissan's chief executive said the company was in talks with Foxconn about a joint venture.", "Nissan"),
])
def test_the_company_in_a_speakers_words_is_the_speakers_firm(extractor, text, speaker):
    ex = extractor.extract(ExtractInput(doc_id="s", text=text))
    assert {(e.type, e.status, frozenset(p.name for p in e.participants)) for e in ex.events} == {
        ("partnership", "talks", frozenset({speaker, "Foxconn"}))}
