"""Readings the tagger gets wrong in real copy and the mending in pipeline.nlp.respan undoes:
places, common nouns opening a sentence, a cut-off suffix, a description word before a name.
Sentences are our own, written in the patterns the wire and today's press use."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def names(extractor, text, title=None):
    out = extractor.extract(ExtractInput(doc_id="t", text=text, title=title))
    return {e.name for e in out.entities}, out


@pytest.mark.parametrize("text, place", [
    ("Kestrel Holdings Inc said a group of investors led by Ferndale Group of Houston agreed to buy it.", "Houston"),
    ("Ferndale Petroleum Corp said it sold its fields near Maracaibo to Kestrel Energy Inc.", "Maracaibo"),
])
def test_a_bare_place_is_not_a_firm(extractor, text, place):
    _, out = names(extractor, text)
    assert place not in {e.name for e in out.entities if e.label in ("ORG", "PERSON")}
    assert not any(place in {p.name for p in e.participants} for e in out.events)


def test_a_firm_named_after_a_city_keeps_its_short_form(extractor):
    found, out = names(extractor, "Wichita Industries Inc said it agreed to buy Ferndale Oil and Gas Inc. "
                                  "Wichita said it will issue 11 mln new shares.")
    assert "Wichita Industries" in found and "Wichita" not in found
    assert any({p.name for p in e.participants} == {"Wichita Industries", "Ferndale Oil and Gas"}
               for e in out.events)


@pytest.mark.parametrize("text, word", [
    ("Kestrel Mining Corp agreed to buy Ferndale Metals Inc for 40 mln dlrs. "
     "Price includes 14 mln dlrs of Kestrel common stock.", "Price"),
    ("Sight deposits at Kestrel Bank fell 2.9 billion francs in the week.", "Sight"),
])
def test_a_common_noun_opening_a_sentence_is_not_a_firm(extractor, text, word):
    found, _ = names(extractor, text)
    assert word not in found


def test_a_suffix_cut_off_its_name_is_not_a_firm(extractor):
    found, _ = names(extractor, "Ferndale de Venezuela, S.A. said it will buy half of Kestrel Refining Co.")
    assert not any(n.replace(".", "").replace(" ", "").casefold() == "sa" for n in found)


def test_a_description_word_before_a_name_is_dropped(extractor):
    found, _ = names(extractor, "Japanese drugmakers Kestrel Pharma and Ferndale Biologics agreed on Tuesday to merge.")
    assert "Kestrel Pharma" in found
    assert not any(n.casefold().startswith("drugmakers") for n in found)


def test_a_labour_union_fighting_a_deal_is_no_party_to_it(extractor):
    text = ("Steelworkers union says it will fight the Kestrel Steel deal.\n\n"
            "The United Steelworkers union said on Tuesday it opposed the sale of Arden Steel to Kestrel Steel.")
    events = extractor.extract(ExtractInput(doc_id="u", text=text)).events
    assert not any(e.type == "merger" for e in events)
    assert not any("Steelworkers" in p.name for e in events for p in e.participants)


def test_agreeing_to_be_acquired_makes_the_subject_the_target(extractor):
    text = ("Kestrel Courier agreed this past weekend to be acquired by managers of its U.S. courier business "
            "and Arden LBO Inc in a leveraged buyout valued at 265 mln dlrs.")
    (event,) = extractor.extract(ExtractInput(doc_id="p", text=text)).events
    assert {p.name: p.role for p in event.participants} == {"Arden LBO": "acquirer", "Kestrel Courier": "target"}


@pytest.mark.parametrize("text, buyer, seller, status", [
    ("Kestrel Glass Corp said it has completed the previously-announced sale of its three foam plants "
     "to Arden Roofing Corp for undisclosed terms.", "Arden Roofing", "Kestrel Glass", "completed"),
    ("Kestrel Stores Co said it sold three of its retail stores in Omaha to Arden Enterprises Inc.",
     "Arden Enterprises", "Kestrel Stores", "completed"),
    ("Kestrel Timber Corp said it plans to sell its sawmill and 18,000 acres of timberland to Arden "
     "Construction Co.", "Arden Construction", "Kestrel Timber", "proposed"),
])
def test_assets_sold_to_a_named_buyer_are_its_acquisition_of_the_seller(extractor, text, buyer, seller, status):
    (event,) = extractor.extract(ExtractInput(doc_id="a", text=text)).events
    assert (event.type, event.status) == ("acquisition", status)
    assert {p.name: p.role for p in event.participants} == {buyer: "acquirer", seller: "target"}


def test_a_merger_into_another_firm_is_that_firms_acquisition(extractor):
    text = "Kestrel Business Systems Inc said it has completed a previously-announced merger into Arden Standard Corp."
    (event,) = extractor.extract(ExtractInput(doc_id="m", text=text)).events
    assert (event.type, event.status) == ("acquisition", "completed")
    assert {p.name: p.role for p in event.participants} == {"Arden Standard": "acquirer",
                                                            "Kestrel Business Systems": "target"}


@pytest.mark.parametrize("text, kind", [
    ("Kestrel Corp said it has decided to proceed with its offer for all outstanding units of Arden Holdings "
     "at 31 dlrs per unit.", "acquisition"),
    ("Kestrel Dealer Holdings said it will appeal a ruling that blocked its bid for 49 pct of Arden Tire Corp Ltd "
     "common shares.", "investment"),
])
def test_a_bid_for_units_or_a_percentage_of_shares_names_their_issuer_as_target(extractor, text, kind):
    (event,) = extractor.extract(ExtractInput(doc_id="b", text=text)).events
    roles = {p.role: p.name for p in event.participants}
    assert event.type == kind and roles["target"].startswith("Arden")


def test_a_headline_shortening_folds_into_the_full_name(extractor):
    out = extractor.extract(ExtractInput(
        doc_id="h", title="Kestrel Systems buys Arden Bank",
        text="Kestrel Systems Inc and the Arden National Bank said they signed a definitive agreement for "
             "Arden to become a member of the Kestrel group of banks."))
    assert "Arden Bank" not in {e.name for e in out.entities}
    assert any({p.name for p in e.participants} == {"Kestrel Systems", "Arden National Bank"} for e in out.events)


def test_interests_in_fields_sold_to_a_named_buyer_are_its_acquisition_of_the_seller(extractor):
    text = ("Kestrel Oil and Gas Partnership said it completed the sale of interests in two major oil and gas "
            "fields to Arden Energy Corp for 21 mln dlrs.")
    (event,) = extractor.extract(ExtractInput(doc_id="f", text=text)).events
    assert (event.type, event.status) == ("acquisition", "completed")
    assert {p.name: p.role for p in event.participants} == {"Arden Energy": "acquirer",
                                                            "Kestrel Oil and Gas Partnership": "target"}


def test_a_participle_opening_the_sentence_is_not_part_of_the_name(extractor):
    text = "Concerning Kestrel Petroleum's plans, the spokesman declined comment."
    names = {e.name for e in extractor.extract(ExtractInput(doc_id="c", text=text)).entities}
    assert "Kestrel Petroleum" in names and not any(n.startswith("Concerning") for n in names)


@pytest.mark.parametrize("text, kind", [
    ("Kestrel Corp made a bid for 20 pct of Arden Inc.", "investment"),
    ("Kestrel Corp made a bid for 60 pct of Arden Inc.", "acquisition"),
    ("Kestrel Corp made a tender offer for the 45 pct of Arden Inc it does not already own.", "acquisition"),
])
def test_a_bid_for_a_minority_stake_is_an_investment_unless_it_buys_out_the_rest(extractor, text, kind):
    (event,) = extractor.extract(ExtractInput(doc_id="p", text=text)).events
    assert event.type == kind


def test_merging_with_an_affiliate_of_a_firm_is_that_firms_acquisition(extractor):
    text = ("Kestrel International Inc said it has entered into an agreement to merge with an affiliate of "
            "Arden Capital Corp in a transaction valued at about 500 mln dlrs.")
    (event,) = extractor.extract(ExtractInput(doc_id="a", text=text)).events
    assert event.type == "acquisition"
    assert {p.name: p.role for p in event.participants} == {"Arden Capital": "acquirer",
                                                            "Kestrel International": "target"}


def test_a_partnership_affiliated_with_two_firms_bids_through_them(extractor):
    text = ("Birch Ratings said it may downgrade Kestrel Industries Inc and Tamworth Corp because a partnership "
            "affiliated with Kestrel and Harlowe Partners made a 2.2 billion dlr tender offer to acquire Tamworth.")
    events = extractor.extract(ExtractInput(doc_id="p", text=text)).events
    assert any(e.type == "acquisition" and {p.name: p.role for p in e.participants} == {
        "Kestrel Industries": "acquirer", "Harlowe Partners": "acquirer", "Tamworth": "target"} for e in events)


def test_it_after_a_group_that_said_is_the_group_and_its_leader(extractor):
    text = ("Kestrel Industries Inc said a group of investors led by Arden Group said it has agreed to acquire "
            "Kestrel's ethylene products business, including its interest in a joint venture with Birch Co in "
            "Beaumont, Texas, for undisclosed terms.")
    (event,) = extractor.extract(ExtractInput(doc_id="g", text=text)).events
    assert {p.name: p.role for p in event.participants} == {"Arden Group": "acquirer",
                                                            "Kestrel Industries": "target"}


@pytest.mark.parametrize("text, firm", [
    ("Osprey Ltd said it sold its Arden Gas Ltd unit to Kestrel Coal (Canada) Ltd for 57 mln dlrs.",
     "Kestrel Coal (Canada)"),
    ("Osprey Ltd said Kestrel Bank (Asia) Ltd bought 5 pct of Arden Ltd.", "Kestrel Bank (Asia)"),
])
def test_a_bracket_a_corporate_suffix_closes_is_part_of_the_name(extractor, text, firm):
    found, _ = names(extractor, text)
    assert firm in found
