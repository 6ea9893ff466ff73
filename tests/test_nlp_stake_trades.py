"""Traded shares as divestments, group references and status phrases (invented sentences)."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput



def events(extractor, text: str):
    ex = extractor.extract(ExtractInput(doc_id="t", text=text))
    return [(e.type, e.status, {(p.name, p.role) for p in e.participants}) for e in ex.events]


def test_selling_shares_in_a_firm_is_a_divestment(extractor):
    got = events(extractor, "Toyota has no intention of selling its shares in Subaru, its chief financial officer said.")
    assert got == [("divestment", "denied", {("Toyota", "seller"), ("Subaru", "target")})]


def test_buying_shares_from_a_holder_is_a_divestment_with_buyer(extractor):
    got = events(extractor, "Sony is considering buying more shares in Kadokawa from Toyota, people familiar with the matter said.")
    assert got == [("divestment", "proposed", {("Toyota", "seller"), ("Kadokawa", "target"), ("Sony", "buyer")})]


def test_share_price_moves_are_no_deal(extractor):
    assert events(extractor, "Shares of Subaru rose 4% while Toyota shares slipped 1% in Tokyo.") == []


def test_the_companies_talks_refer_to_the_named_pair(extractor):
    got = events(extractor, "Toyota shares rose while Subaru fell as investors weighed reports that the companies' "
                            "talks on a merger had stalled.")
    assert [(t, parts) for t, _s, parts in got] == [("merger", {("Toyota", "partner"), ("Subaru", "partner")})]


def test_not_interested_is_a_denial(extractor):
    got = events(extractor, "Sony said it was not interested in buying a stake in Kadokawa.")
    assert got and got[0][1] == "denied"


def test_a_wire_minority_in_pct_is_an_investment_not_a_takeover(extractor):
    # wire copy spells the percent sign 'pct': a 6.2 pct holding is a stake, however it was 'acquired'
    ex = extractor.extract(ExtractInput(doc_id="t", title="Dealer has Norvik stake", text=(
        "Halden Associates, a Newark, N.J. securities dealer, told the Securities and Exchange Commission it has "
        "acquired 412,300 shares of Norvik Freight Corp, or 6.2 pct of the total outstanding common stock. Halden "
        "said it bought the stock for 12.4 mln dlrs as an investment.")))
    got = {(e.type, e.status, frozenset((p.name, p.role) for p in e.participants)) for e in ex.events}
    assert ("investment", "completed", frozenset({("Halden Associates", "investor"), ("Norvik Freight", "target")})) in got
    assert not any(t == "acquisition" and st == "completed" for t, st, _ in got)


@pytest.mark.parametrize("text", [
    "Talbot vice chairman Dudley S. Talbot and Dunmore Capital Inc offered to acquire Talbot Broadcasting "
    "for 145 dlrs per share.",
    "Dunmore Capital said it intends to raise the amount per share paid in the merger of a Dunmore Capital "
    "subsidiary with Talbot Broadcasting Corp.",
])
def test_a_price_per_share_is_no_stake_trade(extractor, text):
    got = events(extractor, text)
    assert [(t, roles) for t, _st, roles in got] == [
        ("acquisition", {("Dunmore Capital", "acquirer"), ("Talbot Broadcasting", "target")})]


@pytest.mark.parametrize("text, buyer, seller", [
    ("Corwith Energy Inc said it has agreed to acquire a 40 pct working interest in the Kellan Ridge Gas Field "
     "from privately-held Tolland Oil Co for about 18 mln dlrs.", "Corwith Energy", "Tolland Oil"),
    ("Marsden Resources said it bought a 25 pct interest in two offshore oil fields from Brecon Petroleum Inc.",
     "Marsden Resources", "Brecon Petroleum"),
    ("Ashby Oil said it will acquire a half interest in a Texas refinery from Pellow Corp.", "Ashby Oil", "Pellow"),
])
def test_an_interest_in_property_bought_from_its_owner_is_an_acquisition_of_its_assets(extractor, text, buyer, seller):
    got = events(extractor, text)
    assert [(t, parts) for t, _s, parts in got] == [("acquisition", {(buyer, "acquirer"), (seller, "target")})]


def test_an_interest_in_a_firm_bought_from_a_holder_stays_a_stake_trade(extractor):
    got = events(extractor, "Marsden Resources said it bought a 25 pct interest in Kellan Gas Inc from Brecon Petroleum Inc.")
    assert [t for t, _s, _p in got] == ["divestment"]


@pytest.mark.parametrize("text, seller, target", [
    ("Dorval Telecom's stake sale in Pellis Networks drew strong demand from funds.", "Dorval Telecom", "Pellis Networks"),
    ("The share sale in Pellis Networks by Dorval Telecom was upsized on Tuesday.", "Dorval Telecom", "Pellis Networks"),
    ("Analysts pointed to Kestrel Holdings' 2,100 crore sale in Brantley Payments.", "Kestrel Holdings", "Brantley Payments"),
])
def test_a_sale_in_a_firm_is_a_stake_sale_by_its_owner(extractor, text, seller, target):
    got = events(extractor, text)
    assert [(t, parts) for t, _s, parts in got] == [("divestment", {(seller, "seller"), (target, "target")})]


@pytest.mark.parametrize("text", [
    "Orvell Pharma on Sunday announced the acquisition of a controlling stake in Kestrel Chemicals from Tamworth "
    "Partners for a purchase price of up to 19,480 crore rupees.",
    "Orvell Pharma said it agreed to buy a controlling stake in Kestrel Chemicals from Tamworth Partners.",
])
def test_a_controlling_stake_bought_from_a_holder_is_the_buyers_acquisition(extractor, text):
    got = events(extractor, text)
    assert [(t, parts) for t, _s, parts in got] == [("acquisition", {("Orvell Pharma", "acquirer"),
                                                                    ("Kestrel Chemicals", "target")})]
