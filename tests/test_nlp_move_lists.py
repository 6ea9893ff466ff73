"""Share moves as markets reports list them: several firms after one verb, wire quotes ('off 3/8',
'one penny firmer', 'eight cents to 3.10'), a second verb sharing the first one's subject, and
'those of X'. Sentences are our own; the forms are the ones Reuters market paragraphs use."""
from __future__ import annotations

import pytest

from pipeline.records import ExtractInput


def moves(extractor, text):
    out = extractor.extract(ExtractInput(doc_id="m", text=text)).market_moves
    return {(m.entity, m.direction, m.pct) for m in out}


def test_a_list_after_one_verb_moves_every_listed_firm(extractor):
    found = moves(extractor, "In Tokyo, Toyota Motor shares rose 2%, Honda Motor 1.5% and Nissan Motor 3.1%.")
    assert {("Honda", "up", 1.5), ("Nissan", "up", 3.1)} <= {(e.split()[0], d, p) for e, d, p in found}
    assert len(found) == 3


def test_a_wire_list_of_price_quotes(extractor):
    found = moves(extractor, "Among oil issues, Acme Oil Corp climbed one to 41-3/8, Borealis Energy Co two "
                             "to 60-1/4 and Gannet Petroleum Inc 1-1/8 to 22-1/2.")
    assert {(e, d) for e, d, _ in found} == {("Acme Oil", "up"), ("Borealis Energy", "up"),
                                             ("Gannet Petroleum", "up")}


def test_a_listed_firm_with_its_own_direction_word(extractor):
    found = moves(extractor, "Kestrel Mining Corp shares closed up 4%, Harwood Metals Inc down 2%.")
    assert {(e, d) for e, d, _ in found} == {("Kestrel Mining", "up"), ("Harwood Metals", "down")}


def test_a_listed_firms_shares_with_a_trailing_direction(extractor):
    found = moves(extractor, "Honda Motor's shares closed 1.4% lower and Nissan Motor's 2.9% higher.")
    assert found == {("Honda", "down", 1.4), ("Nissan", "up", 2.9)}


@pytest.mark.parametrize("text, expected", [
    ("Kestrel Mines Ltd shares traded earlier at 12-1/2 dlrs, off 3/8 on the Toronto exchange.",
     {("Kestrel Mines", "down")}),
    ("Wexford Inc's stock closed off 1/2 to 20-3/4 after rising 4-1/4 points on Monday.",
     {("Wexford", "down"), ("Wexford", "up")}),
    ("Hartwell Plc shares were quoted four pence firmer at 210p while Tesco Plc was two pence easier at 480p.",
     {("Hartwell", "up"), ("Tesco", "down")}),
    ("Coral Ltd shares closed two cents up at 3.10 dlrs while Santos Ltd rose eight cents to 4.50 dlrs.",
     {("Coral", "up"), ("Santos", "up")}),
    ("Shares of Panasonic Holdings fell 4%, while those of Sony Group gained 2%.",
     {("Panasonic Holdings", "down"), ("Sony Group", "up")}),
])
def test_wire_and_elliptical_move_forms(extractor, text, expected):
    assert {(e, d) for e, d, _ in moves(extractor, text)} == expected


@pytest.mark.parametrize("text", [
    "Honda Motor's domestic sales rose 2%, Nissan Motor 1.5% and Mazda Motor 3%.",
    "Toyota Motor's operating profit fell 4%, while Honda Motor's declined 3%.",
])
def test_a_list_after_a_fundamentals_clause_is_no_move(extractor, text):
    assert moves(extractor, text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Orion Corp agreed to buy Telcom Group for 10.5 mln shares, which would give former Telcom owners "
     "an 84 pct interest in the combined company.", set()),
    ("Helix Corp shares gave up 3% on Friday.", {("Helix", "down", 3.0)}),
    ("Helix Corp said it would cut jobs. It fell 4% in Tokyo trading.", {("Helix", "down", 4.0)}),
    ("Polar Corp shares were among the most active issues. It was down over three points on Wednesday "
     "morning before closing down 7/8.", {("Polar", "down", None)}),
    ("Industrial output rose 0.3 pct in February, the Ministry of Economy, Trade and Industry said. The "
     "adjusted shipment index rose 0.7 pct to 118.5 from January, when it fell 0.7 pct from December.", set()),
])
def test_give_needs_its_particle_and_a_pronoun_near_an_index_is_the_index(extractor, text, expected):
    assert moves(extractor, text) == expected
