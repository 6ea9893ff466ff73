"""A parent and its unit named in the sentence next to their deal are both its parties
(pipeline/nlp/co_parties.py, neighbouring sentences). Sentences are our own, in the form of 1987
wire copy: the lead names the unit with its owner, the next sentence names what it buys."""
from __future__ import annotations

from pipeline.records import ExtractInput


def party_sets(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return [(e.type, {p.name: p.role for p in e.participants}) for e in out.events]


def test_the_owner_named_in_the_lead_joins_the_deal_told_next(extractor):
    events = party_sets(extractor, "Hollister Industries Inc's Hollister Mortgage Services unit said it signed a "
                                   "letter of intent to buy two subsidiaries of privately held Brantley Group.\n\n"
                                   "Hollister Mortgage Services said it plans to acquire Corvin Realty Inc and "
                                   "Dunmore Relocation Inc from Brantley.")
    assert any(t == "acquisition" and roles == {"Hollister Mortgage Services": "acquirer",
                                                "Hollister Industries": "acquirer",
                                                "Corvin Realty": "target", "Dunmore Relocation": "target"}
               for t, roles in events), events


def test_a_unit_named_beside_some_other_news_does_not_join(extractor):
    events = party_sets(extractor, "Hollister Industries Inc said it agreed to buy Corvin Realty Inc for 40 mln "
                                   "dlrs.\n\nSeparately, Hollister's Hollister Mortgage Services unit said it "
                                   "opened an office in Denver.")
    assert any(t == "acquisition" and roles == {"Hollister Industries": "acquirer", "Corvin Realty": "target"}
               for t, roles in events), events
