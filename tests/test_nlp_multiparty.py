"""Deals with more than two parties, as wire copy writes them (pipeline.nlp.co_parties and kin).
Sentences are our own, written in the patterns of 1987 wire copy and today's press."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def party_sets(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return [(e.type, {p.name: p.role for p in e.participants}) for e in out.events]


@pytest.mark.parametrize("text, parent, unit", [
    ("Harrow Financial Corp's Harrow Savings Bank subsidiary said it signed a definitive agreement "
     "to buy Lindell Thrift Inc for 12 mln dlrs.", "Harrow Financial", "Harrow Savings Bank"),
    ("Corbel Industries Inc said its Pellway Plastics Inc unit has bought privately held "
     "Tamsin Molding Co for an undisclosed sum.", "Corbel Industries", "Pellway Plastics"),
    ("Norland Holdings Inc said its subsidiary, Norland Holdings of Texas, acquired a controlling "
     "interest in Quillon Software Inc.", "Norland Holdings", "Norland Holdings of Texas"),
])
def test_a_buying_unit_and_its_parent_are_both_acquirers(extractor, text, parent, unit):
    events = party_sets(extractor, text)
    assert any(t == "acquisition" and roles.get(parent) == "acquirer" and roles.get(unit) == "acquirer"
               for t, roles in events), events


def test_a_partner_through_its_named_subsidiaries_brings_them_into_the_venture(extractor):
    events = party_sets(extractor, "Okada Trading Co, through its subsidiaries, Okada Trading America Inc and "
                                   "Okada Metals Inc, formed a joint venture with Brantwood Steel Inc to process "
                                   "steel coil.")
    assert any(t == "partnership" and set(roles) == {"Brantwood Steel", "Okada Trading", "Okada Trading America",
                                                     "Okada Metals"} for t, roles in events), events


def test_the_owner_of_a_counterparty_unit_is_no_party(extractor):
    events = party_sets(extractor, "Dunmore Mills Inc said it agreed to sell its paper plant to "
                                   "Halvard Group's Teller Packaging Inc unit.")
    assert not any("Halvard Group" in roles for _t, roles in events), events


def test_a_bare_possessive_brand_in_an_alliance_stands_alone(extractor):
    events = party_sets(extractor, "Kanto Motor and Orbis's Veyra have agreed to form a partnership "
                                   "on self-driving software, the companies said.")
    assert not any("Orbis" in roles for _t, roles in events), events


@pytest.mark.parametrize("text, owners, vehicle", [
    ("Earlier today, Halden Partners, owned by Brisco and Lane and Vantor Industries Inc, launched a "
     "100 dlr per share tender offer for Kelcorp.", {"Brisco and Lane", "Vantor Industries"}, "Halden Partners"),
    ("Quarry Acquisition Corp, an investor group led by Marden Affiliates Inc and Ostrel Capital Corp, "
     "raised its offer for Pelham Steel Corp to 90 dlrs a share.", {"Marden Affiliates", "Ostrel Capital"},
     "Quarry Acquisition"),
])
def test_the_owners_of_a_bidding_vehicle_bid_with_it(extractor, text, owners, vehicle):
    events = party_sets(extractor, text)
    assert any(t == "acquisition" and roles.get(vehicle) == "acquirer"
               and all(roles.get(o) == "acquirer" for o in owners) for t, roles in events), events


def test_a_described_parent_is_no_co_party(extractor):
    events = party_sets(extractor, "Brannock Securities Inc, the brokerage subsidiary of Tallis Financial Corp, "
                                   "told the Securities and Exchange Commission it has acquired 243,000 shares of "
                                   "Kestrel Mills Inc, or 5.2 pct of the total outstanding.")
    assert events and not any("Tallis Financial" in roles for _t, roles in events), events


@pytest.mark.parametrize("text, seller, target, buyer", [
    ("Kestrel Group Inc said it has acquired 2,100,000 Ferndale Airlines Inc shares, about 9.9 pct of the "
     "total, from Halvard Corp.", "Halvard", "Ferndale Airlines", "Kestrel Group"),
    ("Kestrel Mining Co said it agreed to purchase a 28 pct interest in the Bowden Creek Joint Venture "
     "from Halvard Corp.", "Halvard", "Bowden Creek Joint Venture", "Kestrel Mining"),
])
def test_shares_bought_from_a_holder_are_its_sale(extractor, text, seller, target, buyer):
    events = party_sets(extractor, text)
    assert ("divestment", {seller: "seller", target: "target", buyer: "buyer"}) in events, events


def test_the_tail_of_a_firm_named_x_and_y_is_no_second_party(extractor):
    events = party_sets(extractor, "Halvard Corp said it expects a gain of about 40 mln dlrs on the previously "
                                   "announced sale of the group life and health operations of its Halvard Life "
                                   "Insurance Co subsidiary to Kestrel Life and Accident Co <KLA>.")
    assert events and all(n == "Kestrel Life and Accident" for _t, roles in events for n in roles if "Accident" in n), events
    assert any("Kestrel Life and Accident" in roles for _t, roles in events), events


def test_a_wholly_owned_unit_bids_with_the_firm_that_reports_it(extractor):
    events = party_sets(extractor, "Halvard Ltd said wholly owned Halvard Holdings Canada Inc extended its offer "
                                   "to acquire all outstanding shares of Ferndale Breweries Ltd.")
    assert ("acquisition", {"Halvard": "acquirer", "Halvard Holdings Canada": "acquirer",
                            "Ferndale Breweries": "target"}) in events, events


def test_the_named_members_of_an_investor_group_are_the_investors(extractor):
    events = party_sets(extractor, "An investor group including Ferndale Shares Corp and Ferndale Income Fund Inc "
                                   "told the Securities and Exchange Commission it raised its stake in Kestrel "
                                   "Mills Corp to 575,859 shares or 8.2 pct of the total outstanding.")
    assert ("investment", {"Ferndale Shares": "investor", "Ferndale Income Fund": "investor",
                           "Kestrel Mills": "target"}) in events, events
