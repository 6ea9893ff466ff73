"""Event and participant rows built from extractions (pipeline.store.rows.extraction_tables).

Pins the rules the column-wise builder must keep: one event per article and deal
key (the first reported), one participant per event and entity (the first role),
a participant's label taken from the article's first hit of that name (ORG when
the article has no such hit), and ids derived from the article and the deal key."""
from __future__ import annotations

from pipeline.records import Amount, DealEvent, EntityHit, Extraction, MarketMove, Participant
from pipeline.store.rows import entity_id_for, event_id_for, extraction_tables


def _event(kind: str, status: str, *parties: tuple[str, str], amount: Amount | None = None,
           evidence: str = "") -> DealEvent:
    return DealEvent(kind, status, tuple(Participant(n, r) for n, r in parties), amount,
                     evidence or f"{kind} {status}", 0.8)


HITS_A1 = (EntityHit("Nissan", "ORG", 3), EntityHit("Honda", "ORG", 2), EntityHit("Nissan", "GPE", 1),
           EntityHit("Makoto Uchida", "PERSON", 1))
A1 = Extraction("a1", entities=HITS_A1, extractor_version="v1", events=(
    _event("merger", "talks", ("Honda", "partner"), ("Nissan", "partner"), ("Honda", "target"),
           evidence="Honda and Nissan are in merger talks."),
    _event("merger", "collapsed", ("Nissan", "partner"), ("Honda", "partner")),   # same deal key: dropped
    _event("investment", "proposed", ("Makoto Uchida", "investor"), ("Nissan", "target"),
           amount=Amount(1.5e9, "USD")),
))
A2 = Extraction("a2", entities=(EntityHit("Foxconn", "ORG", 1),), extractor_version="v1")   # no events
A3 = Extraction("a3", entities=(), extractor_version="v2", events=(   # events without any hit
    _event("partnership", "proposed", ("Foxconn", "partner"), ("Mitsubishi Motors", "partner")),
    _event("acquisition", "denied", ("Foxconn", "acquirer"), ("Nissan", "target")),
), market_moves=(MarketMove("Nissan", "up", 10.0, "Nissan shares jumped 10%."),))
A4 = Extraction("a4", entities=(EntityHit("Honda", "GPE", 1),), extractor_version="v1", events=(
    _event("merger", "agreed", ("Nissan", "partner"), ("Honda", "partner")),   # Honda's first hit here is a GPE
))


def _tables():
    return extraction_tables([("a1", A1), ("a2", A2), ("a3", A3), ("a4", A4)])


def test_one_event_per_article_and_deal_key_the_first_reported():
    events = _tables()["events"].to_pylist()
    merger, investment = "merger|Honda|Nissan", "investment|Makoto Uchida|Nissan"
    expected = [
        ("a1", merger, "merger", "talks", None, None, "Honda and Nissan are in merger talks.", "v1"),
        ("a1", investment, "investment", "proposed", 1.5e9, "USD", "investment proposed", "v1"),
        ("a3", "partnership|Foxconn|Mitsubishi Motors", "partnership", "proposed", None, None,
         "partnership proposed", "v2"),
        ("a3", "acquisition|Foxconn|Nissan", "acquisition", "denied", None, None, "acquisition denied", "v2"),
        ("a4", merger, "merger", "agreed", None, None, "merger agreed", "v1"),
    ]
    assert [(e["article_id"], e["deal_key"], e["type"], e["status"], e["amount_value"], e["amount_currency"],
             e["evidence"], e["extractor_version"]) for e in events] == expected
    assert [e["event_id"] for e in events] == [event_id_for(a, k) for a, k, *_ in expected]
    assert all(e["confidence"] == 0.8 for e in events)


def test_one_participant_per_event_and_entity_labelled_by_the_articles_first_hit():
    tables = _tables()
    ids = [e["event_id"] for e in tables["events"].to_pylist()]
    rows = [(r["event_id"], r["entity_id"], r["role"]) for r in tables["event_participants"].to_pylist()]
    org = lambda name: entity_id_for(name, "ORG")   # noqa: E731
    assert rows == [
        (ids[0], org("Honda"), "partner"), (ids[0], org("Nissan"), "partner"),   # Honda's second role dropped
        (ids[1], entity_id_for("Makoto Uchida", "PERSON"), "investor"), (ids[1], org("Nissan"), "target"),
        (ids[2], org("Foxconn"), "partner"), (ids[2], org("Mitsubishi Motors"), "partner"),
        (ids[3], org("Foxconn"), "acquirer"), (ids[3], org("Nissan"), "target"),
        (ids[4], org("Nissan"), "partner"), (ids[4], entity_id_for("Honda", "GPE"), "partner"),
    ]
    entities = {e["entity_id"]: (e["name"], e["label"]) for e in tables["entities"].to_pylist()}
    for _, entity_id, _ in rows:
        assert entity_id in entities
    assert entities[entity_id_for("Mitsubishi Motors", "ORG")] == ("Mitsubishi Motors", "ORG")


def test_market_moves_take_the_label_of_the_articles_hit():
    moves = _tables()["market_moves"].to_pylist()
    assert [(m["article_id"], m["entity_id"], m["direction"], m["pct"]) for m in moves] == [
        ("a3", entity_id_for("Nissan", "ORG"), "up", 10.0)]


def test_no_events_anywhere_gives_empty_tables_with_the_right_columns():
    tables = extraction_tables([("a2", A2)])
    assert tables["events"].num_rows == tables["event_participants"].num_rows == 0
    assert tables["events"].column_names[:3] == ["event_id", "article_id", "deal_key"]
    assert tables["event_participants"].column_names == ["event_id", "entity_id", "role"]
