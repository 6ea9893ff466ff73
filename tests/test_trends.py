"""Trend views on hand-built warehouses with known answers: spikes, cluster dedup,
undated backfill, UTC days, and incremental refresh agreeing with a full rebuild."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline.config import WarehouseSettings
from pipeline.store import warehouse_session
from pipeline.store.trends import refresh_trends
from tests.warehouse_builder import article, day, extraction, query, write_stories


@pytest.fixture()
def settings(tmp_path):
    return WarehouseSettings(path=str(tmp_path / "trends.duckdb"))


def _steady_then_burst(settings, burst: int) -> None:
    """Foxconn named once a day for 28 days, then `burst` separate stories on day 28."""
    items = [(article(f"d{n}", day(n)), extraction(f"d{n}", {"Foxconn": 1, "Honda": 1})) for n in range(28)]
    items += [(article(f"b{k}", day(28)), extraction(f"b{k}", {"Foxconn": 1})) for k in range(burst)]
    write_stories(settings, items)


@pytest.fixture(scope="module")
def burst_of_six(tmp_path_factory):
    settings = WarehouseSettings(path=str(tmp_path_factory.mktemp("burst") / "burst.duckdb"))
    _steady_then_burst(settings, burst=6)
    return settings


def test_a_burst_against_a_flat_history_is_a_spike(burst_of_six):
    settings = burst_of_six
    rows = query(settings, "SELECT mentions, mean_28d, zscore, is_spike FROM entity_trends "
                           "WHERE entity = 'Foxconn' AND day = ?", [day(28).date()])
    assert rows == [(6, 1.0, 5.0, True)]
    flat = query(settings, "SELECT count(*) FROM entity_trends WHERE entity = 'Honda' AND is_spike")
    assert flat == [(0,)]


def test_an_ordinary_day_is_not_a_spike(settings):
    _steady_then_burst(settings, burst=2)
    rows = query(settings, "SELECT is_spike FROM entity_trends WHERE entity = 'Foxconn' AND day = ?",
                 [day(28).date()])
    assert rows == [(False,)]


def test_rolling_average_covers_seven_days(burst_of_six):
    rows = query(burst_of_six, "SELECT avg_7d FROM entity_trends WHERE entity = 'Foxconn' AND day = ?",
                 [day(28).date()])
    assert rows == [(round(12 / 7, 3),)]


def test_near_duplicate_copies_count_once(settings):
    items = [(article("s1", day(3), source="a"), extraction("s1", {"Nissan": 2, "Honda": 1}))]
    items += [(article(f"c{k}", day(3, 15), source=f"copy{k}", cluster="s1"),
               extraction(f"c{k}", {"Nissan": 2, "Honda": 1})) for k in range(4)]
    write_stories(settings, items)
    assert query(settings, "SELECT mentions, articles FROM daily_mentions WHERE entity = 'Nissan'") == [(2, 1)]
    assert query(settings, "SELECT articles FROM co_mentions WHERE entity_a = 'Honda' AND entity_b = 'Nissan'") == [(1,)]
    assert query(settings, "SELECT sum(syndicated_copies) FROM source_coverage") == [(4,)]


def test_story_counts_on_its_earliest_dated_copy(settings):
    first = article("u1", day(10), dated=False)       # undated first copy, fetched on day 10
    copy = article("u2", day(4), source="b", cluster="u1")
    write_stories(settings, [(first, extraction("u1", {"Tesla": 1})), (copy, extraction("u2", {"Tesla": 1}))])
    assert query(settings, "SELECT day, articles FROM daily_mentions WHERE entity = 'Tesla'") == [(day(4).date(), 1)]


def test_undated_backfill_does_not_spike_on_its_fetch_day(settings):
    _steady_then_burst(settings, burst=1)
    backfill = [(article(f"old{k}", day(28, 9), dated=False), extraction(f"old{k}", {"Foxconn": 3}))
                for k in range(30)]
    write_stories(settings, backfill)
    rows = query(settings, "SELECT mentions, is_spike FROM entity_trends WHERE entity = 'Foxconn' AND day = ?",
                 [day(28).date()])
    assert rows == [(1, False)]
    assert query(settings, "SELECT sum(undated) FROM source_coverage") == [(30,)]


def test_a_tokyo_morning_article_lands_on_its_utc_day(settings):
    from pipeline.fetch.dates import parse_page_date

    published = parse_page_date("2025-02-13T08:30:00+09:00")   # how the fetch layer reads page dates
    write_stories(settings, [(article("jp", published), extraction("jp", {"Nissan": 1}))])
    assert query(settings, "SELECT day FROM daily_mentions WHERE entity = 'Nissan'") == [(date(2025, 2, 12),)]
    assert query(settings, "SELECT published_at FROM articles") == [(datetime(2025, 2, 12, 23, 30),)]


def test_the_writer_converts_an_aware_tokyo_time_to_utc(settings):
    published = datetime(2025, 2, 13, 8, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    write_stories(settings, [(article("jp", published), extraction("jp", {"Nissan": 1}))])
    assert query(settings, "SELECT day FROM daily_mentions WHERE entity = 'Nissan'") == [(date(2025, 2, 12),)]


def test_share_of_voice_sums_to_one_per_week(settings):
    write_stories(settings, [(article("w1", day(6)), extraction("w1", {"Nissan": 3, "Honda": 1})),
                             (article("w2", day(7)), extraction("w2", {"Makoto Uchida": 1, "Tokyo": 5}))])
    rows = query(settings, "SELECT entity, share FROM share_of_voice WHERE week = ? ORDER BY entity",
                 [date(2025, 1, 6)])
    assert rows == [("Honda", 0.2), ("Makoto Uchida", 0.2), ("Nissan", 0.6)]


def _aggregates(settings) -> tuple[list, list]:
    with warehouse_session(settings, read_only=True) as con:
        return (con.execute("SELECT day, entity_id, mentions, articles, round(avg_7d, 6), round(mean_28d, 6), "
                            "round(std_28d, 6) FROM agg_entity_day ORDER BY ALL").fetchall(),
                con.execute("SELECT * FROM agg_pair_week ORDER BY ALL").fetchall())


def test_incremental_refresh_matches_a_full_rebuild(settings):
    names = ["Honda", "Nissan", "Foxconn", "Tesla", "Tokyo"]
    for batch in range(4):
        items = [(article(f"x{batch}-{n}", day((n * 7 + batch * 11) % 60), source=f"s{n % 3}",
                          cluster=f"x{batch}-{n - 1}" if n % 5 == 4 else None),
                  extraction(f"x{batch}-{n}", {names[(n + batch) % 5]: 1 + n % 3, names[(n * 3) % 5]: 1}))
                 for n in range(25)]
        write_stories(settings, items)
    incremental = _aggregates(settings)
    with warehouse_session(settings) as con:
        refresh_trends(con)
    assert _aggregates(settings) == incremental
    direct = query(settings, "SELECT t.day, m.entity_id, sum(m.count), count(*) FROM trend_articles t "
                             "JOIN mentions m USING (article_id) GROUP BY ALL ORDER BY ALL")
    assert direct == [r[:4] for r in incremental[0] if r[2] > 0]
