"""Wire deal forms that decide whether a story reports a deal at all (bench/bench_doclevel.py):
a firm's board or holders approving a merger, a firm agreeing to become another's subsidiary,
a bid weighed by the firm it is made for. Sentences are our own, in the wire's patterns."""
from __future__ import annotations

from pipeline.records import ExtractInput


def events(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return {(e.type, frozenset((p.name, p.role) for p in e.participants)) for e in out.events}


def test_boards_approving_a_merger_name_their_firms(extractor):
    found = events(extractor, "Halvorsen Bancorp said that its board and the board of Quillan Financial Corp "
                              "have approved a definitive agreement to merge.")
    assert ("merger", frozenset({("Halvorsen Bancorp", "partner"), ("Quillan Financial", "partner")})) in found


def test_holders_approving_a_merger_name_their_firm(extractor):
    found = events(extractor, "Tamsin Lanes Inc said its shareholders approved the previously announced "
                              "merger with Orvell Inc.")
    assert ("merger", frozenset({("Tamsin Lanes", "partner"), ("Orvell", "partner")})) in found


def test_a_director_or_holders_of_unclear_side_stand_for_no_firm(extractor):
    found = events(extractor, "Corwen Systems Inc said its director Alan Pryce, who controls Pryce Capital "
                              "Inc, will buy 20 pct of the company's preferred stock.")
    assert not any(("Corwen Systems", "acquirer") in parts or ("Corwen Systems", "investor") in parts
                   for _, parts in found)
    found = events(extractor, "Dunmore Bancorp holders approve acquisitions.")
    assert not any(("Dunmore Bancorp", "acquirer") in parts for _, parts in found)


def test_agreeing_to_become_a_subsidiary_is_a_takeover(extractor):
    found = events(extractor, "Pelham Bancorp Inc said it agreed in principle to become a wholly owned "
                              "subsidiary of Stanwick Group Inc. The deal is worth 12 mln dlrs.")
    assert ("acquisition", frozenset({("Stanwick Group", "acquirer"), ("Pelham Bancorp", "target")})) in found


def test_a_firm_weighing_a_bid_is_its_target(extractor):
    found = events(extractor, "Corliss Motors Corp said its directors met on Tuesday to review the takeover "
                              "proposal which the company received on Monday from Brandt Corp.",
                   title="Corliss Motors weighs takeover proposal")
    assert ("acquisition", frozenset({("Brandt", "acquirer"), ("Corliss Motors", "target")})) in found
    assert not any(("Corliss Motors", "acquirer") in parts for _, parts in found)


def test_a_firm_receiving_bids_from_no_named_bidder_is_their_target(extractor):
    found = events(extractor, "Harlow Stores Inc said it has received three unsolicited takeover proposals "
                              "and that its board will study them.")
    assert ("acquisition", frozenset({("Harlow Stores", "target")})) in found


def test_the_sale_of_two_named_units_names_both(extractor):
    found = events(extractor, "Dellbrook Corp said it completed the sale of its Arnett Pump Co and "
                              "Selwyn Valve Co subsidiaries for about 20 mln dlrs in cash.")
    assert ("divestment", frozenset({("Dellbrook", "seller"), ("Arnett Pump", "target"),
                                     ("Selwyn Valve", "target")})) in found


def test_an_unnamed_unit_buying_stands_for_its_owner(extractor):
    found = events(extractor, "Halden Corp said its 80 pct-owned subsidiary agreed to acquire Marlow Oil Co "
                              "from Brent Holdings Inc for 40 mln dlrs.")
    assert ("acquisition", frozenset({("Halden", "acquirer"), ("Marlow Oil", "target")})) in found
    found = events(extractor, "Halden Corp said its subsidiary Dynmark Inc agreed to acquire Marlow Oil Co "
                              "from Brent Holdings Inc for 40 mln dlrs.")
    # the named unit keeps its own name (the parent may join it as co-buyer: tests/test_nlp_multiparty.py)
    assert any(kind == "acquisition" and {("Dynmark", "acquirer"), ("Marlow Oil", "target")} <= parts
               for kind, parts in found)


def test_debt_changing_hands_is_no_deal(extractor):
    for text in ("Seabright Network Inc said it bought debt of Orvell Communications Inc from Kestrel Bank.",
                 "The central bank bought 550 mln dlrs of bills from Treasury Holdings Corp."):
        assert events(extractor, text) == set()
    found = events(extractor, "Seabright Network Inc said it agreed to buy Orvell Communications Inc from "
                              "Kestrel Holdings Inc for 20 mln dlrs.")
    assert ("acquisition", frozenset({("Seabright Network", "acquirer"), ("Orvell Communications", "target")})) in found


def test_buying_a_minority_percentage_is_a_stake(extractor):
    found = events(extractor, "Kestrel Mining Corp said it will acquire 29 pct of Orvell Gold Corp for "
                              "12 mln dlrs.")
    assert ("investment", frozenset({("Kestrel Mining", "investor"), ("Orvell Gold", "target")})) in found
    found = events(extractor, "Kestrel Mining Corp said it will acquire the remaining 29 pct of Orvell Gold "
                              "Corp for 12 mln dlrs.")
    assert ("acquisition", frozenset({("Kestrel Mining", "acquirer"), ("Orvell Gold", "target")})) in found


def test_an_investor_group_telling_the_sec_it_bought_shares_names_the_target_alone(extractor):
    text = ("A group led by investor Harold Brandt told the Securities and Exchange Commission it has "
            "acquired 412,000 shares of Orvell Systems Inc, or 6.1 pct of the total outstanding.")
    found = events(extractor, text, title="Investor group has 6.1 pct of Orvell Systems")
    assert ("investment", frozenset({("Orvell Systems", "target")})) in found
    assert not any(("Orvell Systems", "investor") in parts for _, parts in found)


def test_buying_the_assets_of_a_firm_names_that_firm(extractor):
    found = events(extractor, "Ridley Instruments Inc said it completed its acquisition of the assets and "
                              "liabilities of Halvard, a division of Corliss Group, for 9 mln dlrs in cash.")
    assert ("acquisition", frozenset({("Ridley Instruments", "acquirer"), ("Halvard", "target")})) in found


def test_a_firm_word_inside_a_name_is_no_product_context(extractor):
    found = events(extractor, "Halvorsen Corp said it signed a letter of intent to merge with Quillan "
                              "Marketing Group Inc.")
    assert ("merger", frozenset({("Halvorsen", "partner"), ("Quillan Marketing Group", "partner")})) in found


def test_selling_its_unnamed_group_or_companies_to_a_named_buyer_is_the_buyers_acquisition(extractor):
    found = events(extractor, "Dellbrook Corp said it agreed to sell its industrial pumps group to Arnett "
                              "Holdings Inc for about 90 mln dlrs.")
    assert ("acquisition", frozenset({("Arnett Holdings", "acquirer"), ("Dellbrook", "target")})) in found
    found = events(extractor, "Selwyn Oil Plc said it reached agreement to sell its British retail companies "
                              "to Kestrel Petroleum Corp for 40 mln stg.")
    assert ("acquisition", frozenset({("Kestrel Petroleum", "acquirer"), ("Selwyn Oil", "target")})) in found


def test_a_headline_firm_bought_by_a_private_investor_is_the_target_alone(extractor):
    found = events(extractor, "Corwen Engine Inc, a maker of diesel engines, said it has been sold.",
                   title="Corwen Engine bought by private investor")
    assert ("acquisition", frozenset({("Corwen Engine", "target")})) in found


def test_a_proposal_from_a_firm_to_acquire_the_company_makes_that_firm_the_buyer(extractor):
    found = events(extractor, "Harlow Stores Inc said it received an unsolicited proposal from Dellbrook "
                              "Corp to acquire the company at 41.75 dlrs per share in cash.")
    assert ("acquisition", frozenset({("Dellbrook", "acquirer"), ("Harlow Stores", "target")})) in found
    assert not any(("Harlow Stores", "acquirer") in parts for _, parts in found)


def test_a_proposal_from_an_unnamed_party_to_acquire_the_company_names_its_target(extractor):
    found = events(extractor, "Harlow Stores Inc said it received an unsolicited proposal from a third "
                              "party to acquire the company at 41.75 dlrs per share in cash.")
    assert ("acquisition", frozenset({("Harlow Stores", "target")})) in found


def test_countries_blocs_and_central_banks_are_no_deal_parties(extractor):
    for text in ("Kestrel Chemie AG said it signed a cooperation agreement with West Germany.",
                 "Halden Pipeline Co said it has formed a partnership with OPEC to study new fields.",
                 "Orvell Securities Inc said it bought the notes from the Federal Reserve Bank of New York."):
        found = events(extractor, text)
        assert not any(name in ("West Germany", "OPEC", "Federal Reserve Bank of New York")
                       for _, parts in found for name, _role in parts), text
