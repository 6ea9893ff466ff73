"""Event types, participant sets and name spans that need more than a deal word's own slots."""
from __future__ import annotations

import pytest

from tests.nlp_support import run, deals


@pytest.mark.parametrize("text, name", [
    ("Honda agreed to sell a 30% stake in its local unit Honda do Brasil to Itochu.", "Honda do Brasil"),
    ("Nissan scrapped the planned sale of its 51% stake in Nissan Trading and Logistics Systems to Sojitz.",
     "Nissan Trading and Logistics Systems"),
])
def test_known_firm_name_is_extended_over_its_subsidiary_name(extractor, text, name):
    ex = run(extractor, text)
    assert name in {e.name for e in ex.entities}
    assert any(p.name == name and p.role == "target" for e in ex.events for p in e.participants)


@pytest.mark.parametrize("text, expected", [
    # 'for X to buy Y's shares in Z': X buys from the owner Y, a divestment by Y
    ("A plan for Toyota to buy Renault's shares in Nissan was dropped last year.",
     ("divestment", {("Renault", "seller"), ("Nissan", "target"), ("Toyota", "buyer")})),
    # selling a plant is an acquisition of the seller's assets by the buyer
    ("Panasonic is in talks with Tesla about selling its battery plant in Osaka.",
     ("acquisition", {("Tesla", "acquirer"), ("Panasonic", "target")})),
    ("Shareholders of Sharp voted to approve the company's sale to Foxconn.",
     ("acquisition", {("Foxconn", "acquirer"), ("Sharp", "target")})),
    ("Bain Capital agreed to take Toshiba private in a deal worth 2 trillion yen.",
     ("acquisition", {("Bain Capital", "acquirer"), ("Toshiba", "target")})),
    # a tender offer that leaves the bidder with half or less is a stake, not control
    ("Nippon Paint's tender offer for Denso closed, leaving it holding 34% of the parts maker.",
     ("investment", {("Nippon Paint", "investor"), ("Denso", "target")})),
    ("Honda agreed to supply hybrid engines to Renault from 2027.",
     ("partnership", {("Honda", "partner"), ("Renault", "partner")})),
    ("Toyota and Subaru will jointly develop three electric SUVs.",
     ("partnership", {("Toyota", "partner"), ("Subaru", "partner")})),
    ("Honda held talks with Nissan about jointly investing in a chip plant.",
     ("partnership", {("Honda", "partner"), ("Nissan", "partner")})),
    # 'bought X from Y': the firm bought is the target, its seller is no target of the purchase
    ("Halvard Publishing said it bought Editions Morel SA, a French science publisher, from Carver Media Inc.",
     ("acquisition", {("Halvard Publishing", "acquirer"), ("Editions Morel", "target")})),
    # 'bought three plants from Y': what is bought is Y's assets, so Y is the target
    ("Halvard Publishing said it bought three printing plants from Carver Media Inc.",
     ("acquisition", {("Halvard Publishing", "acquirer"), ("Carver Media", "target")})),
    # shares that carry control, or every share not yet owned, are the firm itself
    ("Trenton Partners will acquire a majority stock interest in Colby Energy Inc.",
     ("acquisition", {("Trenton Partners", "acquirer"), ("Colby Energy", "target")})),
    ("Halvard Holdings said it acquired a controlling interest in Marlin Data Inc.",
     ("acquisition", {("Halvard Holdings", "acquirer"), ("Marlin Data", "target")})),
    ("Dorset Acquisition Corp will need 900 mln dlrs to acquire the 31.7 mln Kestrel Resorts Inc shares not "
     "owned by its parent.", ("acquisition", {("Dorset Acquisition", "acquirer"), ("Kestrel Resorts", "target")})),
    # a merger whose terms pay one side's holders, or make it a unit, is the other side's takeover
    ("Berring Petroleum Co and Norcott Oil Co said they agreed to merge. Under the agreement, holders of "
     "Norcott common would receive 1.2 Berring shares for each share held.",
     ("acquisition", {("Berring Petroleum", "acquirer"), ("Norcott Oil", "target")})),
    ("Lomax Petroleum Inc and Strand Corp said they entered into a merger agreement for Strand to become a "
     "wholly owned subsidiary of Lomax.", ("acquisition", {("Lomax Petroleum", "acquirer"), ("Strand", "target")})),
    # merging a firm with an unnamed subsidiary of another is that other firm's takeover
    ("The company said a merger of Renfield Corp and a subsidiary of Banning Industries will be completed in May.",
     ("acquisition", {("Banning Industries", "acquirer"), ("Renfield", "target")})),
    # a named unit sold to a named buyer is the buyer's acquisition, wherever the parser hangs 'to Y'
    ("Norwood Distillers Corp said it completed the sale of Almeda Vineyards Inc to Hollein Inc for about "
     "128 mln dlrs.", ("acquisition", {("Hollein", "acquirer"), ("Almeda Vineyards", "target")})),
    ("Hallam Industries sold PCX Inc, a specialty chemicals unit, for 6.25 mln dlrs in cash to Chemical Partners.",
     ("acquisition", {("Chemical Partners", "acquirer"), ("PCX", "target")})),
    # a mis-parsed list opening the sentence still gives every seller
    ("MUFG, Mizuho and SMBC sold part of their Honda shares in a block trade.",
     ("divestment", {("MUFG", "seller"), ("Mizuho", "seller"), ("SMBC", "seller"), ("Honda", "target")})),
])
def test_deal_type_and_parties_from_the_frame(extractor, text, expected):
    kind, roles = expected
    assert deals(run(extractor, text)) == {(kind, frozenset(roles))}


@pytest.mark.parametrize("text", [
    "Honda said it would continue to cooperate with Nissan on software.",
    "Nissan said it was studying options for future cooperation with Honda.",
    "Traders see a strong chance that Nissan would tie up with Foxconn.",
    "Toyota agreed to take a new approach to pricing its cars.",
])
def test_ongoing_vague_or_speculative_cooperation_is_no_deal(extractor, text):
    assert run(extractor, text).events == ()
