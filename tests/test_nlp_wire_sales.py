"""Wire forms of a unit sale that the document-level check on the Reuters training split
found unread (bench/bench_doclevel.py --misses). Sentences are our own, in the wire's patterns.
Reuters convention: a unit with no name of its own sold to a named buyer is the buyer's
acquisition of the seller's assets (seller as target)."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def events(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="t", text=text))
    return {(e.type, e.status, frozenset((p.name, p.role) for p in e.participants)) for e in out.events}


@pytest.mark.parametrize("text, status", [
    # 'to Y' hung on the verb over 'the sale', not on 'sale'
    ("Kestrel Optics Co said it completed the sale of its microfiche printing business to Arden Imaging Inc.",
     "completed"),
    # the buyer is the other side of the letter of intent the sale is 'for'
    ("Kestrel Optics Co said it signed a letter of intent with Arden Imaging Corp for the sale "
     "of its Dayton, Ohio, business.", "agreed"),
    ("Kestrel Optics Co said it is in talks with Arden Imaging Corp on the sale of its lens business.", "talks"),
])
def test_an_unnamed_unit_sold_to_a_named_buyer(extractor, text, status):
    assert events(extractor, text) == {
        ("acquisition", status, frozenset({("Arden Imaging", "acquirer"), ("Kestrel Optics", "target")}))}


def test_part_of_a_unit_sold_is_still_the_units_sale(extractor):
    text = "Kestrel Optics Co said it agreed in principle to sell part of its sensors division to Arden Imaging Corp."
    assert events(extractor, text) == {
        ("acquisition", "agreed", frozenset({("Arden Imaging", "acquirer"), ("Kestrel Optics", "target")}))}


def test_portions_of_a_firm_sold_to_buyers_is_no_unit_sale(extractor):
    text = ("Kestrel Bank and Arden Bank held 70 pct of Ferndale Shipping before selling portions of it "
            "to Osprey Group and Linden AG.")
    assert not any(t == "acquisition" for t, _, _ in events(extractor, text))


@pytest.mark.parametrize("text", [
    # the from-phrase hangs on the price, not on 'offer'
    "Kestrel Hotels Inc said its board is studying the unsolicited tender offer for all its common shares "
    "at 31 dlrs per share from Walter Brennan.",
    "Kestrel Hotels Inc said it received a takeover proposal from a third party.",
])
def test_a_bid_by_a_person_or_unnamed_party_names_its_target_alone(extractor, text):
    assert events(extractor, text) == {("acquisition", "proposed", frozenset({("Kestrel Hotels", "target")}))}


def test_a_firm_named_group_that_bids_is_no_unnamed_party(extractor):
    text = "Analysts cited the Osprey Group's bid for Kestrel Hotels Inc, which was later sweetened."
    assert events(extractor, text) == {
        ("acquisition", "proposed", frozenset({("Osprey Group", "acquirer"), ("Kestrel Hotels", "target")}))}


@pytest.mark.parametrize("text, target", [
    # a third firm in the sentence: the target must come from the object, not from the sentence's firms
    ("Kestrel Steel Corp, 40 pct owned by Osprey Holdings Inc, said it acquired the erection activities "
     "of Arden Vale Co.", "Arden Vale"),
    ("Kestrel Banks Inc said it has acquired the customer account base of brokerage firm Arden Securities Inc, "
     "a unit of Osprey Group Inc.", "Arden Securities"),
])
def test_a_part_of_a_firm_bought_names_the_firm_as_target(extractor, text, target):
    (kind, _status, parties), = events(extractor, text)
    assert kind == "acquisition" and (target, "target") in parties


def test_a_percentage_of_a_unit_bought_is_not_read_as_its_whole(extractor):
    text = "Osprey Ltd said it ended an agreement for Kestrel Ltd to buy 80 pct of its Arden Devices operations."
    assert not any(kind == "acquisition" for kind, _s, _p in events(extractor, text))


def test_a_quantity_of_goods_bought_is_no_deal(extractor):
    assert events(extractor, "Osprey Trading Co has bought 800,000 barrels of Kestrel Heavy at a discount.") == set()


def test_a_named_unit_sold_to_no_named_firm_is_the_sellers_divestment(extractor):
    # the unit's name parsed as a pair of modifiers; the buyer a group with no name of its own
    text = ("Osprey Brands Inc said it sold its Kestrel Home and Fireplace division to an investor group that "
            "includes some members of Kestrel's management for 1,600,000 dlrs in cash.")
    (kind, status, parties), = events(extractor, text)
    assert (kind, status) == ("divestment", "completed") and ("Osprey Brands", "seller") in parties
    assert {role for _n, role in parties} == {"seller", "target"}


@pytest.mark.parametrize("text, target", [
    ("Walter Brennan said an investor group he heads has offered to buy Kestrel Books Inc for 34 dlrs a share cash.",
     "Kestrel Books"),
    ("Casino owner Walter Brennan has offered to acquire Kestrel Resorts Inc, a spokesman for Brennan said.",
     "Kestrel Resorts"),
])
def test_an_offer_to_buy_by_a_person_or_group_names_its_target_alone(extractor, text, target):
    assert events(extractor, text) == {("acquisition", "proposed", frozenset({(target, "target")}))}


def test_a_buyer_after_a_misparsed_to_is_found(extractor):
    # the small parser hangs 'to <Osprey Cable>' on the participle after the sold object
    text = ("Ferndale Enterprises Inc said it signed a letter of intent to sell seven cable television offices, "
            "representing about 5,000 subscribers, to <Osprey Cable>.")
    assert events(extractor, text) == {
        ("acquisition", "agreed", frozenset({("Osprey Cable", "acquirer"), ("Ferndale Enterprises", "target")}))}


def test_a_named_chain_bought_names_its_firm(extractor):
    text = ("Osprey Cinemas Corp said it agreed in principle to acquire the Kestrel Theatres Inc New York cinema "
            "chain from Linden Co's Arden Holdings Inc unit for 32.5 mln dlrs.")
    assert ("acquisition", "agreed", frozenset({("Osprey Cinemas", "acquirer"), ("Kestrel Theatres", "target")})) \
        in events(extractor, text)


def test_stock_bought_in_the_market_is_no_takeover(extractor):
    text = "The group said it bought the shares for investment and intends to continue to buy Kestrel stock in the future."
    assert not any(kind == "acquisition" for kind, _s, _p in events(extractor, text))


def test_a_tender_offer_whose_for_phrase_hangs_on_the_verb(extractor):
    text = "Osprey Corp said it plans to begin a tender offer at 25 dlrs a share for all outstanding shares of Kestrel Corp."
    found = events(extractor, text)
    assert any(kind == "acquisition" and parties == {("Osprey", "acquirer"), ("Kestrel", "target")}
               for kind, _s, parties in found)


def test_a_firms_securities_bought_are_no_takeover(extractor):
    text = "Officials declined to say at what price Osprey Securities Co purchased the Kestrel floating rate notes."
    assert events(extractor, text) == set()


@pytest.mark.parametrize("text, status", [
    # 'to Y' hung on an aside between the assets and the buyer ('excluding ...'); the assets are
    # those of a unit with no name of its own, so their owner is the unit's owner
    ("Kestrel Optics Co said it completed the sale of the assets of its retail lens division, excluding "
     "its warehouses, to Arden Imaging Inc.", "completed"),
    # the assets of its stores: the owner of the stores sells
    ("Kestrel Optics Co said it completed the sale of the assets of its eyewear stores to privately-held "
     "Arden Imaging Corp for an undisclosed amount.", "completed"),
])
def test_assets_of_an_unnamed_part_sold_to_a_buyer(extractor, text, status):
    assert events(extractor, text) == {
        ("acquisition", status, frozenset({("Arden Imaging", "acquirer"), ("Kestrel Optics", "target")}))}


@pytest.mark.parametrize("text", [
    "Kestrel Lawn Corp said it had no comment on a sweetened offer from Arden Waste Inc.",
    "Kestrel Lawn Corp said it is studying the unsolicited bid from Arden Waste Inc.",
])
def test_a_bid_answered_by_a_firm_is_a_bid_for_it(extractor, text):
    # the bid names only its bidder; the firm that answers it (studies, comments on it) is bid for
    assert events(extractor, text) == {
        ("acquisition", "proposed", frozenset({("Arden Waste", "acquirer"), ("Kestrel Lawn", "target")}))}


def test_a_firm_commenting_on_its_own_offer_is_no_target(extractor):
    text = "Arden Waste Inc said it had no comment on its own offer, which expires on Friday."
    assert not any(("Arden Waste", "target") in parts for _, _, parts in events(extractor, text))


def test_a_firm_named_after_a_person_stays_a_firm_after_its_headline(extractor):
    # the tagger reads the headline's 'GORDON LUGGAGE' as a person; the body's 'Gordon Luggage Corp'
    # carries a company suffix, so the name is a firm and its sale is reported
    out = extractor.extract(ExtractInput(
        doc_id="t", title="GORDON LUGGAGE COMPLETES STORE SALE",
        text="Gordon Luggage Corp said it completed the sale of its Dallas luggage store to Arden Retail Inc."))
    assert {(e.name, e.label) for e in out.entities} >= {("Gordon Luggage", "ORG")}
    assert {(e.type, frozenset((p.name, p.role) for p in e.participants)) for e in out.events} == {
        ("acquisition", frozenset({("Arden Retail", "acquirer"), ("Gordon Luggage", "target")}))}


def test_a_unit_named_after_a_comma_is_the_unit_sold(extractor):
    # 'two subsidiaries, X and Y': the parser hangs the names off the main verb; they are the
    # units sold, so the buyer acquires a named unit, not the seller's assets
    text = ("Kestrel Shoe Corp said it agreed to sell two subsidiaries, Arden Sports Inc and Osprey Trading Inc, "
            "to Linden Capital Corp.")
    found = events(extractor, text)
    assert len(found) == 1
    kind, status, parts = found.pop()
    assert (kind, status) == ("acquisition", "agreed")
    assert ("Linden Capital", "acquirer") in parts and ("Kestrel Shoe", "target") not in parts
