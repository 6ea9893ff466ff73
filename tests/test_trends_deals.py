"""The deal tracker on hand-built warehouses: grouping across articles, current
status, status history order, contradictions, undated backfill, re-extraction."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pipeline.config import WarehouseSettings
from tests.warehouse_builder import article, deal, extraction, query, write_stories

DEC23 = datetime(2024, 12, 23, 6, 0, tzinfo=timezone.utc)
FEB13 = datetime(2025, 2, 13, 7, 0, tzinfo=timezone.utc)


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "deals.duckdb"))


def _report(aid, when, status, *, source="wire", roles=("partner", "partner"), amount=None, dated=True):
    event = deal("merger", status, ("Honda", roles[0]), ("Nissan", roles[1]), amount=amount,
                 evidence=f"Honda and Nissan merger {status} ({aid})")
    return article(aid, when, source=source, dated=dated), extraction(aid, {"Honda": 1, "Nissan": 1}, [event])


def test_three_articles_about_one_deal_form_one_deal(settings):
    write_stories(settings, [
        _report("a1", DEC23, "talks", source="nikkei", roles=("acquirer", "target"), amount=5e10),
        _report("a2", datetime(2025, 1, 10, tzinfo=timezone.utc), "talks", source="reuters", amount=6e10),
        _report("a3", FEB13, "collapsed", source="bloomberg", roles=("target", "acquirer")),
    ])
    rows = query(settings, "SELECT type, participants, status, first_seen, last_seen, articles, sources, max_amount "
                           "FROM deals")
    assert rows == [("merger", "Honda + Nissan", "collapsed", DEC23.replace(tzinfo=None),
                     FEB13.replace(tzinfo=None), 3, 3, 6e10)]


def test_history_lists_status_changes_in_publication_order(settings):
    write_stories(settings, [_report("late", FEB13, "collapsed")])          # stored first
    write_stories(settings, [_report("early", DEC23, "talks"),
                             _report("again", datetime(2025, 1, 5, tzinfo=timezone.utc), "talks")])
    rows = query(settings, "SELECT day, status, previous_status, article_id FROM deal_history ORDER BY published_at")
    assert rows == [(date(2024, 12, 23), "talks", None, "early"),
                    (date(2025, 2, 13), "collapsed", "talks", "late")]
    assert query(settings, "SELECT status FROM deals") == [("collapsed",)]


def test_contradicting_reports_on_one_day_are_all_visible(settings):
    """An agreement and a denial the same day: the denial of an agreed deal is shown as
    disputed (not applied), and both the change and the reports carry the flag."""
    write_stories(settings, [_report("yes", FEB13.replace(hour=9), "agreed", source="a"),
                             _report("no", FEB13.replace(hour=10), "denied", source="b")])
    rows = query(settings, "SELECT status, contradicted FROM deal_history ORDER BY published_at")
    assert rows == [("agreed", True)]
    assert query(settings, "SELECT article_id, reading, contradicted FROM deal_reports ORDER BY published_at") == [
        ("yes", "opens", True), ("no", "disputed", True)]
    assert query(settings, "SELECT status, statuses FROM deals") == [("agreed", 2)]


def test_undated_backfill_does_not_set_the_current_status(settings):
    write_stories(settings, [_report("dated", FEB13, "collapsed"),
                             _report("old", datetime(2025, 3, 1, tzinfo=timezone.utc), "talks", dated=False)])
    assert query(settings, "SELECT status, articles FROM deals") == [("collapsed", 2)]
    assert query(settings, "SELECT count(*) FROM deal_history") == [(1,)]


def test_a_deal_with_only_undated_reports_still_has_a_status(settings):
    write_stories(settings, [_report("old", DEC23, "talks", dated=False)])
    assert query(settings, "SELECT status FROM deals") == [("talks",)]


def test_re_extraction_moves_an_article_to_another_deal(settings):
    write_stories(settings, [_report("x", DEC23, "talks")])
    moved = extraction("x", {"Honda": 1, "Foxconn": 1},
                       [deal("acquisition", "proposed", ("Foxconn", "acquirer"), ("Honda", "target"))])
    write_stories(settings, [(article("x", DEC23), moved)])                  # same article, new extraction
    assert query(settings, "SELECT type, participants, status FROM deals") == [("acquisition", "Foxconn + Honda", "proposed")]
    assert query(settings, "SELECT count(*) FROM deal_reports WHERE type = 'merger'") == [(0,)]
