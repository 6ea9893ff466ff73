"""The deal tracker reads per-article reports as a lifecycle, on hand-built warehouses
with known answers: recaps, reopenings, same-day contradictions, the report behind
each change, amounts that are the deal's price, undated reports."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.config import WarehouseSettings
from pipeline.store.deal_lifecycle import DealReport, fold_reports
from tests.warehouse_builder import article, deal, extraction, query, write_stories

UTC = timezone.utc
DEC17 = datetime(2024, 12, 17, 23, 45, tzinfo=UTC)
DEC23 = datetime(2024, 12, 23, 6, 0, tzinfo=UTC)
FEB13 = datetime(2025, 2, 13, 7, 0, tzinfo=UTC)
MERGER = (("Honda", "partner"), ("Nissan", "partner"))


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "deals.duckdb"))


def report(aid, when, status, evidence="", *, amount=None, price=True, dated=True, confidence=0.9,
           source="wire"):
    event = deal("merger", status, *MERGER, amount=amount, price=price, confidence=confidence,
                 evidence=evidence or f"Honda and Nissan merger {status} ({aid})")
    return (article(aid, when, source=source, dated=dated),
            extraction(aid, {"Honda": 1, "Nissan": 1}, [event]))


def history(settings):
    return query(settings, "SELECT status, previous_status, change, article_id FROM deal_history "
                           "ORDER BY published_at, article_id")


def test_recap_articles_do_not_flip_a_collapsed_deal(settings):
    write_stories(settings, [
        report("open", DEC17, "talks", "Honda and Nissan are in talks to merge."),
        report("sign", DEC23, "agreed", "Honda and Nissan signed a memorandum to merge."),
        report("end", FEB13, "collapsed", "Honda and Nissan called off their merger talks."),
        report("recap1", FEB13 + timedelta(days=1), "talks",
               "The talks, which began in December, foundered over Honda's subsidiary plan."),
        report("recap2", FEB13 + timedelta(days=4), "agreed",
               "The two automakers had signed a memorandum in December to merge."),
        report("again", FEB13 + timedelta(days=5), "collapsed", "After talks collapsed last week, Nissan..."),
    ])
    assert history(settings) == [("talks", None, "opens", "open"), ("agreed", "talks", "advances", "sign"),
                                 ("collapsed", "agreed", "ends", "end")]
    assert query(settings, "SELECT status, status_article_id FROM deals") == [("collapsed", "end")]
    readings = dict(query(settings, "SELECT article_id, reading FROM deal_reports"))
    assert readings == {"open": "opens", "sign": "advances", "end": "ends", "recap1": "recap",
                        "recap2": "recap", "again": "confirms"}


def test_a_genuine_reopening_moves_the_status_and_is_shown_as_such(settings):
    write_stories(settings, [
        report("open", DEC17, "talks"),
        report("end", FEB13, "collapsed"),
        report("back", FEB13 + timedelta(days=30), "talks",
               "Honda and Nissan have resumed merger talks, people familiar said."),
    ])
    assert history(settings)[-1] == ("talks", "collapsed", "reopens", "back")
    assert query(settings, "SELECT status FROM deals") == [("talks",)]


def test_contradiction_is_flagged_between_fresh_reports_not_a_recap(settings):
    write_stories(settings, [
        report("open", DEC17, "talks"),
        report("end", FEB13, "collapsed"),
        report("recap", FEB13 + timedelta(hours=3), "talks", "The talks began in December."),
    ])
    assert query(settings, "SELECT bool_or(contradicted) FROM deal_history") == [(False,)]
    assert query(settings, "SELECT bool_or(contradicted) FROM deal_reports") == [(False,)]


def test_fresh_reports_of_one_day_that_disagree_are_flagged(settings):
    write_stories(settings, [
        report("open", DEC17, "talks"),
        report("yes", FEB13, "agreed", source="a"),
        report("no", FEB13 + timedelta(hours=2), "collapsed", source="b"),
    ])
    rows = query(settings, "SELECT article_id, contradicted FROM deal_history ORDER BY published_at")
    assert rows == [("open", False), ("yes", True), ("no", True)]


def test_each_status_change_carries_the_report_that_caused_it(settings):
    write_stories(settings, [report("open", DEC17, "talks", confidence=0.7),
                             report("end", FEB13, "collapsed", "They called it off.", confidence=0.95)])
    rows = query(settings, "SELECT h.article_id, h.evidence, h.confidence, h.url, r.status "
                           "FROM deal_history h JOIN deal_reports r USING (event_id) ORDER BY h.published_at")
    assert rows == [("open", "Honda and Nissan merger talks (open)", 0.7, "https://wire.example/open", "talks"),
                    ("end", "They called it off.", 0.95, "https://wire.example/end", "collapsed")]


def test_a_buyback_amount_beside_a_merger_is_not_the_mergers_amount(settings):
    write_stories(settings, [
        report("open", DEC17, "talks", "Honda and Nissan are in talks.", amount=6e10, source="nikkei"),
        # the extractor did not read the buyback as the merger's price
        report("buyback", DEC23, "talks", "Honda announced a buyback of up to 1.1 trillion yen.",
               amount=1.1e12, price=False),
        # a report denying the merger carries no price of it either
        report("denial", DEC23 + timedelta(days=1), "denied",
               "Honda stock jumps as buyback worth up to 1.1 trillion yen eases merger worries.", amount=1.1e12),
    ])
    rows = query(settings, "SELECT max_amount, max_amount_currency, amount_article_id, amount_source, amount_url "
                           "FROM deals")
    assert rows == [(6e10, "USD", "open", "nikkei", "https://nikkei.example/open")]
    counts = dict(query(settings, "SELECT article_id, amount_counts FROM deal_reports"))
    assert counts == {"open": True, "buyback": False, "denial": False}


def test_undated_reports_do_not_set_first_or_last_seen(settings):
    write_stories(settings, [report("dated", DEC23, "talks"),
                             report("background", datetime(2026, 12, 1, tzinfo=UTC), "agreed", dated=False)])
    assert query(settings, "SELECT first_seen, last_seen, dated, articles, status FROM deals") == [
        (DEC23.replace(tzinfo=None), DEC23.replace(tzinfo=None), True, 2, "talks")]


def test_a_deal_reported_only_undated_is_shown_undated(settings):
    write_stories(settings, [report("background", datetime(2026, 12, 1, tzinfo=UTC), "agreed", dated=False)])
    assert query(settings, "SELECT first_seen, last_seen, dated, status FROM deals") == [(None, None, False, "agreed")]
    assert query(settings, "SELECT day, published_at, status FROM deal_history") == [(None, None, "agreed")]


def _r(eid, day_n, status, evidence="", confidence=0.9):
    when = datetime(2025, 1, 1, 12) + timedelta(days=day_n)
    return DealReport(eid, eid, status, when, True, True, confidence, evidence)


def test_fold_hides_reports_under_the_confidence_threshold():
    reports = [_r("a", 0, "talks"), _r("b", 1, "collapsed", confidence=0.3)]
    assert [c.status for c in fold_reports(reports).changes] == ["talks", "collapsed"]
    low = fold_reports(reports, min_confidence=0.5)
    assert [c.status for c in low.changes] == ["talks"] and low.readings["b"] == "low_confidence"


def test_a_denial_ends_a_deal_in_talks_but_only_disputes_an_agreed_one():
    assert fold_reports([_r("a", 0, "talks"), _r("b", 1, "denied")]).status == "denied"
    disputed = fold_reports([_r("a", 0, "agreed"), _r("b", 1, "denied")])
    assert disputed.status == "agreed" and disputed.readings["b"] == "disputed"


def test_an_agreement_after_a_denial_overrides_it_but_talks_do_not():
    assert fold_reports([_r("a", 0, "denied"), _r("b", 9, "agreed")]).status == "agreed"
    assert fold_reports([_r("a", 0, "denied"), _r("b", 9, "talks")]).status == "denied"


def test_the_tracker_hides_reports_under_the_configured_confidence(settings):
    from pipeline.store.connection import warehouse_session
    from pipeline.store.deal_refresh import apply_min_confidence

    write_stories(settings, [report("open", DEC17, "talks", confidence=0.9),
                             report("rumour", FEB13, "collapsed", amount=5e9, confidence=0.3)])
    assert query(settings, "SELECT status FROM deals") == [("collapsed",)]
    with warehouse_session(settings) as con:
        assert apply_min_confidence(con, 0.5) and not apply_min_confidence(con, 0.5)
    assert query(settings, "SELECT status, max_amount FROM deals") == [("talks", None)]
    assert query(settings, "SELECT reading FROM deal_reports WHERE article_id = 'rumour'") == [("low_confidence",)]
    # a later ingest keeps the threshold
    write_stories(settings, [report("more", FEB13 + timedelta(days=1), "talks", confidence=0.95)])
    assert history(settings) == [("talks", None, "opens", "open")]
    with warehouse_session(settings) as con:
        apply_min_confidence(con, 0.0)
    assert query(settings, "SELECT status FROM deals") == [("collapsed",)]
