"""What a digest window holds and what a first digest may claim, on hand-built warehouses:
`--since` is publication time (storage time only for late arrivals), a first digest
flags no spike and no new name without history, undated stories do not rank by their
fetch time, `[digest] min_confidence` hides weak deal reports."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.config import WarehouseSettings, load_settings
from pipeline.digest.gather import EPOCH, gather_digest
from pipeline.digest.render import render_digest
from pipeline.errors import ConfigError
from pipeline.records import MarketMove
from pipeline.store.connection import warehouse_session
from tests.warehouse_builder import article, deal, extraction, write_stories

UTC = timezone.utc
NOW = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)


@pytest.fixture()
def wh(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "w.duckdb"))


def stored(aid, published, fetched, *, dated=True, names=None, events=(), moves=(), source="wire"):
    a = replace(article(aid, published, dated=dated, source=source), fetched_at=fetched)
    if not dated:
        a = replace(a, published_at=fetched)
    ex = extraction(aid, names or {"Honda": 1}, events)
    return a, replace(ex, market_moves=tuple(moves))


def digest(wh, since, until=NOW, **kw):
    with warehouse_session(wh) as con:
        return gather_digest(con, since, until, **kw)


def move(pct):
    return [MarketMove("Nissan", "up", pct, f"Nissan rose {pct}%.")]


def test_since_is_publication_time_not_storage_time(wh):
    backfill = NOW - timedelta(hours=2)          # everything was stored today
    write_stories(wh, [
        stored("dec", datetime(2024, 12, 18, 6, tzinfo=UTC), backfill, names={"Nissan": 1}, moves=move(23.7)),
        stored("feb", datetime(2025, 2, 12, 6, tzinfo=UTC), backfill, names={"Nissan": 1}, moves=move(4.0)),
    ])
    d = digest(wh, datetime(2025, 2, 10, tzinfo=UTC))
    assert d.articles == 1
    assert [(m.pct, m.published_at.date().isoformat()) for m in d.moves] == [(4.0, "2025-02-12")]


def test_a_late_arrival_lands_once_in_the_window_it_was_stored_in(wh):
    boundary = datetime(2026, 12, 3, 6, 45, tzinfo=UTC)
    write_stories(wh, [
        stored("ontime", boundary - timedelta(hours=3), boundary - timedelta(hours=2)),
        stored("late", boundary - timedelta(minutes=5), boundary + timedelta(minutes=30)),
        stored("old", boundary - timedelta(days=3), boundary + timedelta(minutes=30)),
    ])
    first = digest(wh, boundary - timedelta(days=1), boundary)
    second = digest(wh, boundary, boundary + timedelta(hours=1))
    assert (first.articles, second.articles) == (1, 1)
    assert [s.url.rsplit("/", 1)[1] for s in second.top_stories] == ["late"]
    # the three-day-old article is backfill, not news: a window from its day holds it
    assert digest(wh, boundary - timedelta(days=4), boundary + timedelta(hours=1)).articles == 3
    assert digest(wh, boundary, boundary + timedelta(hours=1), late_arrival_h=0).articles == 0


def _burst(day_n, n, first_day):
    when = first_day + timedelta(days=day_n)
    return [stored(f"s{day_n}-{i}", when + timedelta(minutes=i), when + timedelta(hours=1),
                   names={"Nissan": 3, "Honda": 1}) for i in range(n)]


def test_a_first_digest_flags_no_spike_and_no_new_name_without_history(wh):
    start = datetime(2025, 2, 1, 9, tzinfo=UTC)
    write_stories(wh, _burst(0, 1, start) + _burst(3, 4, start))
    d = digest(wh, EPOCH)
    assert d.rises and not any(r.spiked for r in d.rises)
    assert all(r.previous is None for r in d.rises)
    assert d.new_names == []
    md = render_digest(d, "md")
    assert "spike |" not in md and "New names" not in md
    assert "no history before this window" in d.summary[-1]


def test_a_burst_after_a_month_of_history_is_a_spike_and_its_names_are_new(wh):
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    quiet = [stored("q", start, start + timedelta(hours=1), names={"Toyota": 1})]
    write_stories(wh, quiet + _burst(40, 3, start))
    d = digest(wh, start + timedelta(days=39))
    nissan = next(r for r in d.rises if r.entity == "Nissan")
    assert nissan.spiked and nissan.previous == 0 and nissan.spike_mentions == 9
    assert {n.name for n in d.new_names} == {"Nissan", "Honda"}
    assert d.summary[-1].startswith("Spike: Nissan, 9 mentions on 2025-02-10")


def test_undated_stories_do_not_rank_by_fetch_time(wh):
    write_stories(wh, [
        stored("dated", datetime(2025, 2, 13, 6, tzinfo=UTC), NOW - timedelta(hours=1)),
        stored("backgrounder", NOW - timedelta(hours=1), NOW - timedelta(hours=1), dated=False),
    ])
    d = digest(wh, EPOCH)
    assert [(s.url.rsplit("/", 1)[1], s.published_at) for s in d.top_stories] == [
        ("dated", datetime(2025, 2, 13, 6)), ("backgrounder", None)]
    assert "· undated ·" in render_digest(d, "md")


def test_min_confidence_hides_weak_deal_reports_in_the_digest(wh):
    merger = (("Honda", "partner"), ("Nissan", "partner"))
    t0 = datetime(2025, 2, 1, 9, tzinfo=UTC)
    write_stories(wh, [
        stored("talks", t0, t0 + timedelta(hours=1), events=[deal("merger", "talks", *merger, confidence=0.9)]),
        stored("rumour", t0 + timedelta(days=2), t0 + timedelta(days=2, hours=1),
               events=[deal("merger", "collapsed", *merger, confidence=0.3)]),
    ])
    assert [c.change for c in digest(wh, EPOCH).deal_changes] == ["talks → collapsed"]
    assert [c.change for c in digest(wh, EPOCH, min_confidence=0.5).deal_changes] == ["talks"]


def test_min_confidence_and_late_arrival_load_from_toml_and_are_checked(tmp_path):
    path = tmp_path / "newsmon.toml"
    path.write_text("[digest]\nmin_confidence = 0.6\nlate_arrival_h = 6\n", encoding="utf-8")
    settings = load_settings(str(path), None)
    assert (settings.digest.min_confidence, settings.digest.late_arrival_h) == (0.6, 6.0)
    path.write_text("[digest]\nmin_confidence = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_confidence"):
        load_settings(str(path), None)
