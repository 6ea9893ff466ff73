"""Many-sided deals as today's press reports them: a 'four-way tie-up' pitched to one firm with
others named after 'with' or 'including' counts the approached firm as a side, and sounding a
firm out is a proposal. Sentences are our own."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def events(extractor, text):
    ex = extractor.extract(ExtractInput(doc_id="w", text=text))
    return {(e.type, e.status, frozenset(p.name for p in e.participants)) for e in ex.events}


@pytest.mark.parametrize("text", [
    "Foxconn approached Honda about a four-way tie-up with Nissan and Mitsubishi Motors.",
    "Foxconn had sounded out Honda on a four-way alliance including Nissan and Mitsubishi Motors.",
])
def test_the_approached_firm_is_a_side_of_a_four_way_deal(extractor, text):
    assert events(extractor, text) == {
        ("partnership", "proposed", frozenset({"Foxconn", "Honda", "Nissan", "Mitsubishi Motors"}))}


def test_a_deal_that_names_all_its_sides_adds_no_approached_firm(extractor):
    found = events(extractor, "Foxconn approached Honda about a three-way tie-up with Nissan and Mitsubishi Motors.")
    assert found == {("partnership", "proposed", frozenset({"Foxconn", "Nissan", "Mitsubishi Motors"}))}


def test_firms_named_as_alternatives_are_separate_possible_deals(extractor):
    from pipeline.records import ExtractInput
    out = extractor.extract(ExtractInput(doc_id="alt", text="A newspaper has reported that Kestrel Motors could seek "
                                         "partnerships with Arden Labs or Brantley Systems as it plans its recovery."))
    found = sorted(sorted(p.name for p in e.participants) for e in out.events if e.type == "partnership")
    assert found == [["Arden Labs", "Kestrel Motors"], ["Brantley Systems", "Kestrel Motors"]]
