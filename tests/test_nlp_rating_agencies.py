"""A rating agency that rates a firm's debt after its deal is no party to the deal
(models/entity_filters.json rating_agencies, pipeline/nlp/firm_filter.py). Sentences are our own,
in the form of 1987 wire rating notices."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


@pytest.mark.parametrize("text", [
    "Standard and Poor's Corp said it affirmed Halvard Industries Inc's 150 mln dlrs of subordinated debt "
    "following its purchase of Brixton Corp.",
    "Moody's Investors Service Inc said it is reviewing the ratings of Halvard Industries Inc after its "
    "agreement to merge with Brixton Corp.",
    "Duff and Phelps said it may lower its ratings on Halvard Industries Inc debt following its bid for "
    "Brixton Corp.",
])
def test_the_agency_is_never_a_party(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="t", text=text))
    agencies = {"Standard and Poor's", "Moody's Investors Service", "Duff and Phelps"}
    assert not any(p.name in agencies for e in out.events for p in e.participants), out.events
    # the deal is the rated firm's: 'its' in the agency's sentence is Halvard's
    assert any({p.name for p in e.participants} == {"Halvard Industries", "Brixton"} for e in out.events), out.events
