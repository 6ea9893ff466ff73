"""Deal events, roles, statuses, amounts, market moves and canonical names on short texts."""
from __future__ import annotations

import pytest

from pipeline.records import Extraction
from tests.nlp_support import run, deals, only_event


@pytest.mark.parametrize("text, expected", [
    ("Foxconn agreed to acquire Sharp for about $3.5 billion.",
     ("acquisition", {("Foxconn", "acquirer"), ("Sharp", "target")})),
    ("Sharp was acquired by Hon Hai Precision Industry in 2016.",
     ("acquisition", {("Foxconn", "acquirer"), ("Sharp", "target")})),
    ("Foxconn's takeover of Sharp was completed in August.",
     ("acquisition", {("Foxconn", "acquirer"), ("Sharp", "target")})),
    ("Analysts welcomed a Tesla investment in Nissan as a lifeline.",
     ("investment", {("Tesla", "investor"), ("Nissan", "target")})),
    ("Honda, Nissan and Mitsubishi Motors signed a memorandum of understanding to explore a merger.",
     ("merger", {("Honda", "partner"), ("Nissan", "partner"), ("Mitsubishi Motors", "partner")})),
    ("Talks on a merger between Honda and Nissan began in December.",
     ("merger", {("Honda", "partner"), ("Nissan", "partner")})),
    ("The Honda-Nissan merger would create the third-largest carmaker.",
     ("merger", {("Honda", "partner"), ("Nissan", "partner")})),
    ("Renault said it would sell part of its stake in Nissan to Foxconn.",
     ("divestment", {("Renault", "seller"), ("Nissan", "target"), ("Foxconn", "buyer")})),
    ("Toyota, which already owns a stake in Mazda, agreed to take a 5% stake in Suzuki Motor.",
     ("investment", {("Toyota", "investor"), ("Suzuki Motor", "target")})),
    ("Nissan formed a joint venture with Dongfeng Motor in 2003.",
     ("partnership", {("Nissan", "partner"), ("Dongfeng Motor", "partner")})),
])
def test_roles_come_from_syntax(extractor, text, expected):
    kind, roles = expected
    assert (kind, frozenset(roles)) in deals(run(extractor, text))


def test_nominal_reference_resolves_to_the_only_matching_firm(extractor):
    ex = run(extractor, "Hon Hai shares rose 2%. The Taiwanese electronics maker is in talks to invest in Nissan.")
    assert ("investment", frozenset({("Foxconn", "investor"), ("Nissan", "target")})) in deals(ex)


@pytest.mark.parametrize("text, status", [
    ("Tesla could invest in Nissan, people familiar with the matter said.", "proposed"),
    ("Officials urged Tesla to invest in Nissan.", "proposed"),
    ("Nissan and Honda are in talks to merge.", "talks"),
    ("Nissan and Honda signed a memorandum of understanding to explore a merger.", "talks"),
    ("Nissan and Honda agreed to merge their businesses.", "agreed"),
    ("Foxconn completed its acquisition of Sharp on Monday.", "completed"),
    ("Honda and Nissan called off their merger talks on Thursday.", "collapsed"),
    ("Tesla denied that it planned to invest in Nissan.", "denied"),
    ("Tesla has no plans to invest in Nissan, Elon Musk said.", "denied"),
])
def test_status_reads_modality_negation_and_attribution(extractor, text, status):
    assert only_event(run(extractor, text)).status == status


def test_article_status_is_the_latest_reported(extractor):
    text = ("Honda and Nissan signed a memorandum of understanding in December to explore a merger. "
            "On Thursday the two companies called off the talks.")
    assert only_event(run(extractor, text)).status == "collapsed"


@pytest.mark.parametrize("text", [
    "Toyota will invest $1 billion in a new battery plant in North Carolina.",
    "Honda announced a sponsorship partnership with the football club for next season.",
    "The company completed the merger of its sales and marketing departments.",
    "Analysts said a merger could make sense for smaller carmakers in general.",
])
def test_false_friends_are_not_deals(extractor, text):
    assert run(extractor, text).events == ()


@pytest.mark.parametrize("text, value, currency", [
    ("Foxconn agreed to buy Sharp for ¥388.8 billion.", 388.8e9, "JPY"),
    ("Foxconn agreed to buy Sharp for NT$120 billion.", 120e9, "TWD"),
    ("Renault agreed to sell a stake in Nissan for €500 million.", 500e6, "EUR"),
    ("Tesla agreed to invest $1.5bn in Nissan.", 1.5e9, "USD"),
    ("BYD agreed to buy a stake in Nissan for 10 billion yuan.", 10e9, "CNY"),
])
def test_amounts_are_normalised(extractor, text, value, currency):
    amount = only_event(run(extractor, text)).amount
    assert amount is not None and amount.currency == currency and amount.value == pytest.approx(value)


@pytest.mark.parametrize("text, entity, direction, pct", [
    ("Shares of Nissan surged nearly 10% on Friday.", "Nissan", "up", 10.0),
    ("Honda stock slid 3.2% in Tokyo.", "Honda", "down", 3.2),
    ("Nissan's shares closed 4% higher.", "Nissan", "up", 4.0),
    ("Foxconn (2317.TW) fell 1.5% in Taipei trading.", "Foxconn", "down", 1.5),
])
def test_market_moves_have_direction_and_percent(extractor, text, entity, direction, pct):
    moves = run(extractor, text).market_moves
    assert [(m.entity, m.direction, m.pct) for m in moves] == [(entity, direction, pct)]


def test_profit_changes_are_not_market_moves(extractor):
    assert run(extractor, "Nissan's operating profit fell 90% in the quarter.").market_moves == ()


def names(ex: Extraction) -> dict[str, str]:
    return {e.name: e.label for e in ex.entities}


def test_aliases_and_suffixes_map_to_canonical_names(extractor):
    ex = run(extractor, "Hon Hai Precision Industry and Nissan Motor Co. met officials from Toyota Motor Corp. "
                        "Tesla Inc.'s chief Elon Musk was not there.")
    assert {"Foxconn", "Nissan", "Toyota", "Tesla", "Elon Musk"} <= set(names(ex))


def test_surname_resolves_to_full_name_seen_earlier(extractor):
    ex = run(extractor, "Nissan chief executive Makoto Uchida spoke on Monday. Uchida said talks would continue. "
                        "Sanjay Brar, an analyst, agreed. Brar said the stock was cheap.")
    got = names(ex)
    assert got.get("Makoto Uchida") == "PERSON" and "Uchida" not in got
    assert "Sanjay Brar" in got and "Brar" not in got


def test_bare_mitsubishi_is_resolved_by_context(extractor):
    car = run(extractor, "Nissan and Mitsubishi will share a pickup truck platform, the carmakers said.")
    trade = run(extractor, "Mitsubishi Corp, the trading house, said Mitsubishi would keep its LNG stakes.")
    assert "Mitsubishi Motors" in names(car)
    assert "Mitsubishi Corporation" in names(trade) and "Mitsubishi Motors" not in names(trade)


def test_free_entities_drop_suffix_and_possessive(extractor):
    ex = run(extractor, "Acme Robotics Inc. said Acme Robotics's new factory will open in Osaka.")
    assert "Acme Robotics" in names(ex)
