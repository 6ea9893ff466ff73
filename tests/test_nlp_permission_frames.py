"""Under talks or a pact, letting another firm build or produce at one's plant is a partnership
('negotiating with Foxconn to let the electronics maker build EVs at its plant'); a law or a deal
that 'allows X to build' is not. Sentences are our own."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def events(extractor, text):
    ex = extractor.extract(ExtractInput(doc_id="p", text=text))
    return {(e.type, e.status, frozenset(p.name for p in e.participants)) for e in ex.events}


@pytest.mark.parametrize("text", [
    "Nissan is negotiating with Foxconn to let the electronics manufacturer build electric vehicles at "
    "Nissan's Oppama plant.",
    "Nissan has been in discussions to allow Foxconn to use one of its domestic plants to build electric cars.",
])
def test_letting_a_firm_build_at_ones_plant_under_talks_is_a_partnership(extractor, text):
    assert events(extractor, text) == {("partnership", "talks", frozenset({"Nissan", "Foxconn"}))}


def test_a_law_that_allows_a_firm_to_build_is_no_partnership(extractor):
    assert events(extractor, "The new law allows Foxconn to build electric vehicles in Japan.") == set()
